"""TIMEX3 values <-> calendar intervals, and calendar arithmetic at a granularity.

A value such as ``2019-02`` denotes the whole month (2019-02-01..2019-02-28, granularity
``month``); ``2019-W14`` a Monday..Sunday week; ``199`` the decade 1990..1999; ``19`` the
century 1900..1999. ``value_interval`` is the one place that decides this.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

# unit codes used by rules (see words.json "unit") -> granularity names
UNIT_GRANULARITY = {
    "D": "day",
    "W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "decade",
    "CE": "century",
    "WE": "week",
    "F": "week",
    "H": "day",
    "MIN": "day",
    "S": "day",
}
UNIT_WORDS = {
    "day": "D",
    "days": "D",
    "morning": "D",
    "night": "D",
    "evening": "D",
    "afternoon": "D",
    "week": "W",
    "weeks": "W",
    "month": "M",
    "months": "M",
    "quarter": "Q",
    "quarters": "Q",
    "year": "Y",
    "years": "Y",
    "decade": "DE",
    "decades": "DE",
    "century": "CE",
    "centuries": "CE",
}
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_DURATION = re.compile(r"^P([\dX.]+)(MIN|S|H|DE|CE|F|WE|D|W|M|Q|Y)$")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d?)(-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def unit_code(unit: str) -> str:
    """``"year"`` / ``"Y"`` -> ``"Y"``."""
    return UNIT_WORDS.get(unit.lower(), unit.upper())


def add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:  # off Python's calendar: never clamped to a wrong month
        raise OverflowError("date value out of range")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def shift(d: date, unit: str, n: float) -> date:
    """``d`` moved by ``n`` units (D, W, M, Q, Y, DE, CE; hours and less count as days)."""
    code = unit_code(unit)
    try:
        if code in ("D", "H", "MIN", "S"):
            return d + timedelta(days=round(n)) if code == "D" else d
        if code in ("W", "WE"):
            return d + timedelta(days=round(7 * n))
        if code == "F":
            return d + timedelta(days=round(14 * n))
        months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(code, 0)
        return add_months(d, round(months * n))
    except (OverflowError, ValueError):
        # off the calendar (years 1-9999): never the unmoved date, which would be wrong
        raise OverflowError("date value out of range") from None


def format_at(d: date, granularity: str) -> str:
    """The TIMEX3 value of the ``granularity``-sized period containing ``d``."""
    if granularity == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if granularity == "season":
        return season_value(d)
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity == "century":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def season_value(d: date) -> str:
    if d.month == 12:
        return f"{d.year:04d}-WI"
    if d.month <= 2:
        return f"{d.year - 1:04d}-WI"
    return f"{d.year:04d}-" + {3: "SP", 6: "SU", 9: "FA"}[(d.month - 3) // 3 * 3 + 3]


@lru_cache(maxsize=4096)
def value_interval(value: str) -> tuple[date, date, str] | None:
    """Inclusive interval and granularity of a TIMEX3 date value, or None (a pure function of
    the string, memoised: the same values recur across the expressions of a day's news); None
    also for a period that runs past the calendar (9999-H2): see :func:`period_of_value`."""
    try:
        return _value_interval(value)
    except (OverflowError, ValueError):
        return None


def period_of_value(value: str) -> tuple[date, date, str]:
    """:func:`value_interval` that raises: ValueError for no such date, OverflowError for a
    period that runs past 9999-12-31 ("9999-H2", "9999-WI")."""
    got = _value_interval(value)
    if got is None:
        raise ValueError(f"not a TIMEX3 date value: {value!r}")
    return got


def _value_interval(value: str) -> tuple[date, date, str] | None:
    m = _DAY.match(value)
    if m:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d, d, "day"
    m = _MONTH.match(value)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    m = _WEEK.match(value)
    if m:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    m = _QUARTER.match(value)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        start = date(y, 3 * q - 2, 1)
        return start, add_months(start, 3) - timedelta(days=1), "quarter"
    m = _HALF.match(value)
    if m:
        y, h = int(m.group(1)), int(m.group(2))
        start = date(y, 6 * h - 5, 1)
        return start, add_months(start, 6) - timedelta(days=1), "month"
    m = _SEASON.match(value)
    if m:
        y, s = int(m.group(1)), m.group(2)
        start = date(y, SEASON_MONTH[s], 1)
        return start, add_months(start, 3) - timedelta(days=1), "season"
    m = _YEAR.match(value)
    if m:
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 31), "year"
    m = _DECADE.match(value)
    if m:
        y = int(m.group(1)) * 10
        if y < 1:
            return None
        return date(y, 1, 1), date(y + 9, 12, 31), "decade"
    m = _CENTURY.match(value)
    if m:
        y = int(m.group(1)) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31), "century"
    return None


_HALF_UNIT = {
    "Y": ("Y", "6", "M"),
    "M": ("M", "15", "D"),
    "D": ("D", "12", "H"),
    "MIN": ("M", "30", "S"),
    "H": ("H", "30", "M"),
}


def fix_duration(value: str) -> str:
    """Normalise a rule's ``P<n><unit>`` to TIMEX3: PT5H, P20Y for two decades, P2W, ..."""
    m = _DURATION.match(value)
    if not m:
        return value
    n, unit = m.group(1), m.group(2)
    if n.endswith(".0"):
        n = n[:-2]
    if n.endswith(".5") and unit in _HALF_UNIT:  # 2 1/2 years -> P2Y6M, 5 1/2 hours -> PT5H30M
        whole, (big, small, sub) = n[:-2], _HALF_UNIT[unit]
        t = "T" if unit in ("H", "MIN") else ""
        t_small = "T" if unit == "D" else ""  # P1DT12H: hours after the T
        if whole == "0":
            return f"P{t or t_small}{small}{sub}"
        return f"P{t}{whole}{big}{t_small}{small}{sub}"
    if unit == "Q" and n not in ("1", "X"):
        return f"P{float(n) * 3:g}M"
    if unit in ("MIN", "S", "H"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "F": (2, "W")}.get(unit)
    if scale and n != "X":
        num = float(n) * scale[0]
        return f"P{num:g}{scale[1]}"
    if unit == "WE":
        return f"P{n}WE"
    return f"P{n}{unit}"
