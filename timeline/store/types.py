"""Records the store takes and returns (besides the event dicts of DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.dates import DateInterval
from timeline.events.types import ActorRef


@dataclass(slots=True)
class EventInput:
    """A manual event (``timeline add``). Actor names are resolved by the store."""

    summary: str
    type: str
    cameo: str | None = None
    interval: DateInterval | None = None  # None = undated
    status: str = "happened"
    origin: str = "manual"
    location: str | None = None
    source: str | None = None  # free text: where the user read it
    actors: list[ActorRef] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class EventUpdate:
    """A manual correction (``timeline edit``): ``None`` leaves a field unchanged.

    An empty string clears ``cameo``, ``location`` or ``source``; ``actors`` (when given)
    replaces the event's actors; ``undated=True`` removes the date.
    """

    summary: str | None = None
    type: str | None = None
    cameo: str | None = None
    interval: DateInterval | None = None
    undated: bool = False
    status: str | None = None
    location: str | None = None
    source: str | None = None
    actors: list[ActorRef] | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ``Store.ingest_article`` did with one article."""

    document_id: int
    new_events: int = 0
    merged_mentions: int = 0
    skipped: bool = False  # the same content was ingested before: nothing added
