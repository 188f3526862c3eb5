"""Resolve one user-typed date phrase ("in February", "2019-02-27", "last week") to an interval.

Used by ``timeline add --date`` and ``timeline query --from/--to``.

INTERIM implementation on dateparser with its period setting; the temporal tagger replaces the
internals (same signature) so that the CLI and the article pipeline share one date semantics.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateparser.date import DateDataParser

from timeline.dates import DateInterval, month_interval, year_interval
from timeline.errors import InputError

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$")


def parse_date_phrase(phrase: str, ref: date) -> DateInterval:
    """Resolve ``phrase`` against the reference date ``ref``; raise InputError if it is no date."""
    text = phrase.strip()
    if not text:
        raise InputError("empty date")
    m = _ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day:
                d = date(int(year), int(month), int(day))
                return DateInterval(d, d, "day", text, d.isoformat(), "iso")
            if month:
                s, e = month_interval(int(year), int(month))
                return DateInterval(s, e, "month", text, f"{year}-{month}", "iso")
            s, e = year_interval(int(year))
            return DateInterval(s, e, "year", text, year, "iso")
        except ValueError:
            raise InputError(f"not a valid date: {phrase!r}") from None
    cleaned = re.sub(r"^(on|in|during|since)\s+", "", text, flags=re.I)
    base = datetime(ref.year, ref.month, ref.day)
    ddp = DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
    )
    data = ddp.get_date_data(cleaned)
    if data is None or data.date_obj is None:
        raise InputError(f"not a date: {phrase!r}")
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        s, e = month_interval(d.year, d.month)
        return DateInterval(s, e, "month", text, f"{d.year:04d}-{d.month:02d}", "dateparser")
    if period == "year":
        s, e = year_interval(d.year)
        return DateInterval(s, e, "year", text, f"{d.year:04d}", "dateparser")
    return DateInterval(d, d, "day", text, d.isoformat(), "dateparser")
