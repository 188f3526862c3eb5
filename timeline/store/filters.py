"""The event filter shared by ``query`` and ``export``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Orders of ``EventFilter.sort``.
SORTS: tuple[str, ...] = ("date", "-date", "id", "-id")


@dataclass(slots=True)
class EventFilter:
    actors: list[str] = field(default_factory=list)  # all must match (name or alias, folded)
    date_from: date | None = None  # event interval overlaps [date_from, date_to]
    date_to: date | None = None
    types: list[str] = field(default_factory=list)  # any of these root codes
    #: any of these CAMEO codes as prefixes of the event's finer code (or its root type):
    #: "16" matches 16, 161 and 163; "163" matches 163 and 1631
    cameo: list[str] = field(default_factory=list)
    plover: list[str] = field(default_factory=list)  # any of these PLOVER categories
    #: all of these countries (canonical names): each by the country itself or any actor of it
    countries: list[str] = field(default_factory=list)
    min_mentions: int | None = None  # reported by at least this many articles
    sort: str = "date"  # date (undated last), -date (latest first, undated last), id, -id
    location: str | None = None  # folded substring match
    search: str | None = None  # full-text search (FTS5 on SQLite)
    status: list[str] = field(default_factory=list)
    origin: str | None = None
    min_confidence: float | None = None  # events with confidence >= this
    include_undated: bool = True  # undated events match only when no date range is given
    limit: int | None = None
    #: When the query was asked from: dates role phrases in --actor ("the South Korean
    #: president") when no date range says more.
    ref: date | None = None

    def actor_date(self) -> date | None:
        """The date at which actor role phrases are resolved: the range's end, start, or ref."""
        return self.date_to or self.date_from or self.ref
