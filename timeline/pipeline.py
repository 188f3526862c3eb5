"""The pure article pipeline: text + publication date -> events. No I/O, never calls now()."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from timeline.coder.stage import code_events, coder_stages
from timeline.dates import as_date
from timeline.events.dateline_day import dateline_timexes, mark_events
from timeline.events.document import Sentence
from timeline.events.extract import extract
from timeline.events.stages import STAGES, Stage
from timeline.events.types import ExtractedEvent
from timeline.temporal import Timex, tag


def pipeline_with_timexes(
    text: str,
    published: date | datetime | str,
    coder: str = "rules",
    *,
    stages: Sequence[Stage] = STAGES,
) -> tuple[list[ExtractedEvent], list[Timex]]:
    """Tag the time expressions of ``text`` once, then extract its events with them.

    Deterministic and pure: the result depends only on ``text``, ``published`` (the
    document creation time every relative date is anchored to): a ``date``, a ``datetime``
    (its date) or an ISO string (``"2019-04-11"``), the coder and the stages. Anything else
    raises TypeError and a malformed string InputError; a date is never silently dropped.
    ``coder`` (rules | model | both) says who types the events: the learned coder
    (``timeline.coder.stage``) is one more stage after the rules' ``confidence`` stage, and
    adds the events of sentences the rules missed. ``stages``: the event stages
    (``timeline.events.stages``).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    dct = as_date(published, "publication date")
    # time.dateline_day: "WASHINGTON, Oct. 28." in the paper of the 29th is read from the 28th
    timexes, moved = dateline_timexes(text, dct, tag(text, dct))
    made: list[Sentence] = []
    events = extract(text, dct, timexes, stages=coder_stages(coder, stages), sentences_out=made)
    coded = code_events(text, dct, timexes, events, coder, sentences=made)
    mark_events(coded, moved)
    if made and made[0].disc is not None:
        made[0].disc.release()  # the article is done: free its sentences without the collector
    return coded, timexes


def pipeline(
    text: str,
    published: date | datetime | str,
    coder: str = "rules",
    *,
    stages: Sequence[Stage] = STAGES,
) -> list[ExtractedEvent]:
    """Events of one article published on ``published`` (a date, datetime or ISO string)."""
    return pipeline_with_timexes(text, published, coder, stages=stages)[0]


__all__ = ["pipeline", "pipeline_with_timexes"]
