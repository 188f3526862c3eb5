"""The pure article pipeline: text + publication date -> events. No I/O, never calls now()."""

from __future__ import annotations

from datetime import date

from timeline.events.types import ExtractedEvent


def pipeline(text: str, published: date) -> list[ExtractedEvent]:
    """STUB until the event extractor lands."""
    return []
