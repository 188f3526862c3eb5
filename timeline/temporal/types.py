"""The Timex record produced by the temporal tagger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(slots=True)
class Timex:
    """One time expression found in a text.

    ``text[start:end] == timex.text`` always holds. ``interval`` (inclusive dates) and
    ``granularity`` are set where the expression denotes a stretch of calendar time
    (DATE, and DURATIONs anchored like "the past week"); ``None`` otherwise.
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2019-02, 2019-W15, P1W, PRESENT_REF, ...
    interval: tuple[date, date] | None = None
    granularity: str | None = None
    rule: str = ""  # id of the rule that found / normalised it
    reason: str = ""  # human-readable anchoring reason (shown by --explain)
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, ...

    def to_dict(self) -> dict[str, Any]:
        """The scorer's / DESIGN.md JSON shape."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "interval": (
                [self.interval[0].isoformat(), self.interval[1].isoformat()]
                if self.interval
                else None
            ),
            "granularity": self.granularity,
            "rule": self.rule,
        }
