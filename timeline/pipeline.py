"""The pure article pipeline: text + publication date -> events. No I/O, never calls now()."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from timeline.events.extract import extract
from timeline.events.stages import STAGES, Stage
from timeline.events.types import ExtractedEvent
from timeline.temporal import Timex, tag


def pipeline_with_timexes(
    text: str, published: date, *, stages: Sequence[Stage] = STAGES
) -> tuple[list[ExtractedEvent], list[Timex]]:
    """Tag the time expressions of ``text`` once, then extract its events with them.

    Deterministic and pure: the result depends only on ``text`` and ``published`` (the
    document creation time every relative date is anchored to). ``stages``: the event stages
    (``timeline.events.stages``; a learned coder is one more).
    """
    timexes = tag(text, published)
    return extract(text, published, timexes, stages=stages), timexes


def pipeline(
    text: str, published: date, *, stages: Sequence[Stage] = STAGES
) -> list[ExtractedEvent]:
    """Events of one article published on ``published``."""
    return pipeline_with_timexes(text, published, stages=stages)[0]


__all__ = ["pipeline", "pipeline_with_timexes"]
