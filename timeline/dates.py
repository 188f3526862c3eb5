"""Date intervals with precision: the way every date is stored and compared.

A date in timeline is an inclusive interval ``start..end`` plus a ``granularity`` that says how
precise the source text was. "in February 2019" is 2019-02-01..2019-02-28 with granularity
``month``: no day is ever invented.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.errors import InputError

GRANULARITIES: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
)


@dataclass(frozen=True, slots=True)
class DateInterval:
    """An inclusive date interval with its precision and provenance."""

    start: date
    end: date
    granularity: str = "day"
    text: str = ""  # the phrase it came from ("in February")
    value: str | None = None  # TIMEX3 value ("2019-02")
    rule: str | None = None  # the rule id that decided
    reason: str = ""  # why it was anchored this way (for --explain)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"date interval ends before it starts: {self.start} > {self.end}")
        if self.granularity not in GRANULARITIES:
            raise InputError(f"unknown granularity {self.granularity!r}")

    def overlaps(self, start: date | None, end: date | None) -> bool:
        return (start is None or self.end >= start) and (end is None or self.start <= end)


def parse_iso_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` strictly; raise InputError naming the problem."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"not a valid date (expected YYYY-MM-DD): {text!r}") from None


def month_interval(year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def year_interval(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def iso_week_interval(year: int, week: int) -> tuple[date, date]:
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)
