"""Date intervals with precision: the way every date is stored and compared.

A date in timeline is an inclusive interval ``start..end`` plus a ``granularity`` that says how
precise the source text was. "in February 2019" is 2019-02-01..2019-02-28 with granularity
``month``: no day is ever invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


def month_interval(year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def year_interval(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def iso_week_interval(year: int, week: int) -> tuple[date, date]:
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


# -- one entry point for dates typed by people and given to the library ------------------------

#: Orders a numeric date such as ``03/04/2025`` may be read in (``--date-order``).
DATE_ORDERS: tuple[str, ...] = ("DMY", "MDY")

_ISO_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_ISO_STAMP = re.compile(
    r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d(?::?\d\d)?)?$"
)
# TIMEX3 date values (the ones the tagger prints); matched case-insensitively after stripping.
_TIMEX_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIMEX_TIME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(?:(\d\d):(\d\d)(?::(\d\d))?|MO|AF|EV|NI|DT)$")
_TIMEX_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_TIMEX_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_TIMEX_QUARTER = re.compile(r"^(\d{4})-Q(\d)$")
_TIMEX_HALF = re.compile(r"^(\d{4})-H(\d)$")
_TIMEX_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_TIMEX_YEAR = re.compile(r"^(\d{4})$")
_TIMEX_DECADE = re.compile(r"^(\d{3})$")
_TIMEX_CENTURY = re.compile(r"^(\d{2})$")
#: Anything made only of digits, dashes and TIMEX3 letters is meant as a typed value: it is
#: either a valid one or refused, never handed to a fuzzier parser ("2019-13", "-2019-01-01").
_TIMEX_SHAPE = re.compile(
    r"^[-+]?\d[\d-]*(?:-?(?:W\d+(?:-WE)?|Q\d+|H\d+|SP|SU|FA|WI))?$|"
    r"^\d{4}-\d\d-\d\dT\S*$"
)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?![\d/.-])")
_NUMERIC_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_NUMERIC_NO_YEAR = re.compile(r"^\d{1,2}[/.]\d{1,2}$")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:!?]+$")
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_NAME = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PART_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}


def as_date(value: object, what: str = "date") -> date:
    """``value`` as a calendar date: a ``date``, a ``datetime`` (its date) or an ISO string.

    The library's dates (``tag``, ``pipeline``, ``parse_date_phrase``) go through this, so a
    string is never silently ignored: ``"2019-04-11"`` and ``"2019-04-11T08:30:00Z"`` are
    read, a malformed string raises InputError, anything else TypeError.

    >>> as_date("2019-04-11")
    datetime.date(2019, 4, 11)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value, what)
    raise TypeError(
        f"{what} must be a datetime.date, a datetime or an ISO date string "
        f"(YYYY-MM-DD), not {type(value).__name__}"
    )


def parse_iso_date(text: str, what: str = "date") -> date:
    """``YYYY-MM-DD`` or an ISO timestamp (its date), strictly; InputError naming the problem.

    The time part of a timestamp is checked too: ``2019-04-11T25:00`` is refused.
    """
    s = text.strip()
    try:
        if _ISO_DAY.match(s):
            return date.fromisoformat(s)
        if _ISO_STAMP.match(s):
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise InputError(f"not a valid {what}: {text!r} ({exc})") from None
    raise InputError(f"not a valid {what} (expected YYYY-MM-DD): {text!r}")


def parse_published(value: object) -> date:
    """A publication date from a header, metadata or ``--published``; InputError naming it.

    Accepts ISO dates and timestamps (``2019-04-11``, ``2019-04-11T08:30:00Z``, the time
    checked), absolute dates with a month name ("11 April 2019", "April 11, 2019") and numeric
    dates with one possible reading (``14/03/2019``). Relative words ("yesterday"), ambiguous
    numeric dates (``03/04/2019``) and anything else are refused: they would be guesses.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"not a publication date: {value!r}")
    text = value.strip()
    if _ISO_DAY.match(text) or _ISO_STAMP.match(text):
        try:
            return parse_iso_date(text, "publication date")
        except InputError:
            raise InputError(_bad_published(text)) from None
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        try:
            return _numeric_date(numeric, None).start
        except InputError as exc:
            raise InputError(f"not a valid publication date: {exc}") from None
    if _LETTER.search(text) and re.search(r"\d", text):  # "April 11, 2019"
        import dateparser

        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "PARSERS": ["absolute-time"],
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
            },
        )
        if parsed is not None:
            return parsed.date()
    raise InputError(_bad_published(text))


def _bad_published(text: str) -> str:
    return f"not a valid publication date (expected YYYY-MM-DD): {text!r}"


def interval_value(start: date, end: date, granularity: str) -> str | None:
    """The TIMEX3 value of exactly ``start..end`` at ``granularity``, or None if it has none.

    The inverse of :func:`parse_timex_value`: ``(2019-04-08, 2019-04-14, "week")`` ->
    ``"2019-W15"``; a span of several units (two months) has no single value.
    """
    from timeline.temporal.values import format_at

    candidates = [format_at(start, granularity)]
    if granularity == "month":  # halves of a year are month-granular in TIMEX3 terms
        candidates.append(f"{start.year:04d}-H{1 if start.month <= 6 else 2}")
    if granularity == "week":
        iso = start.isocalendar()
        candidates.append(f"{iso[0]:04d}-W{iso[1]:02d}-WE")
    for value in candidates:
        got = _timex_interval(value)
        if got is not None and (got[0], got[1], got[2]) == (start, end, granularity):
            return value
    return None


def parse_timex_value(value: str) -> DateInterval | None:
    """A TIMEX3 date value (``2019-W15``, ``2019-Q2``, ``2019-SU``, ``199``, ``2019-H1``,
    ``2019-04-11TNI`` ...) as the interval and granularity the tagger gives it.

    None when ``value`` does not have the shape of a TIMEX3 date; InputError when it has the
    shape but names no real period (``2019-13``, ``2019-02-30``, ``2019-W54``, ``2019-Q5``).
    """
    text = value.strip().upper()
    got = _timex_interval(text)
    if got is None:
        return None
    start, end, gran, why = got
    return DateInterval(
        start, end, gran, value.strip(), _canonical(text, start, gran), "timex3-value", why
    )


def _canonical(text: str, start: date, gran: str) -> str:
    if gran == "day" and "T" not in text:
        return start.isoformat()
    if gran == "month" and _TIMEX_MONTH.match(text):
        return f"{start.year:04d}-{start.month:02d}"
    if gran == "week":
        m = _TIMEX_WEEK.match(text)
        if m:
            return f"{int(m.group(1)):04d}-W{int(m.group(2)):02d}{m.group(3) or ''}"
    return text


def _year(text: str) -> int:
    y = int(text)
    if not 1 <= y <= 9999:
        raise InputError(f"not a valid date: year {text} does not exist")
    return y


def _timex_interval(text: str) -> tuple[date, date, str, str] | None:
    """(start, end, granularity, reason) of a TIMEX3 date value; see parse_timex_value."""
    from timeline.temporal.values import period_of_value

    def check(canonical: str, why: str) -> tuple[date, date, str, str]:
        try:
            got = period_of_value(canonical)
        except OverflowError:  # a period running past 9999-12-31
            raise InputError(f"not a valid date: {text!r} (ends after the year 9999)") from None
        except ValueError:
            raise InputError(f"not a valid date: {text!r}") from None
        return got[0], got[1], got[2], f"TIMEX3 value {text}: {why}"

    m = _TIMEX_DAY.match(text)
    if m:
        y, mo, d = _year(m.group(1)), int(m.group(2)), int(m.group(3))
        _check_month(text, mo)
        try:
            day = date(y, mo, d)
        except ValueError:
            raise InputError(
                f"not a valid date: {text!r} ({calendar.month_name[mo]} {y} has "
                f"{calendar.monthrange(y, mo)[1]} days)"
            ) from None
        return day, day, "day", f"TIMEX3 value {text}: the day {day.isoformat()}"
    m = _TIMEX_TIME.match(text)
    if m:
        y, mo = _year(m.group(1)), int(m.group(2))
        _check_month(text, mo)
        if m.group(4) is not None:
            hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            if hh > 24 or mm > 59 or ss > 59 or (hh == 24 and (mm or ss)):
                raise InputError(f"not a valid date: {text!r} (no such time of day)")
            part = f"{m.group(4)}:{m.group(5)}"
        else:
            part = _PART_OF_DAY[text.rsplit("T", 1)[1]]
        start, end, gran, _ = _timex_interval(text[:10]) or (None, None, "", "")
        assert start is not None and end is not None
        return start, end, gran, f"TIMEX3 value {text}: the day {start.isoformat()} ({part})"
    m = _TIMEX_MONTH.match(text)
    if m:
        y, mo = _year(m.group(1)), int(m.group(2))
        _check_month(text, mo)
        return check(f"{y:04d}-{mo:02d}", f"the month {calendar.month_name[mo]} {y}")
    m = _TIMEX_WEEK.match(text)
    if m:
        y, w = _year(m.group(1)), int(m.group(2))
        weeks = date(y, 12, 28).isocalendar()[1]
        if not 1 <= w <= weeks:
            raise InputError(f"not a valid date: {text!r} ({y} has ISO weeks 1..{weeks})")
        what = "the weekend of ISO week" if m.group(3) else "ISO week"
        return check(
            f"{y:04d}-W{w:02d}{m.group(3) or ''}",
            f"{what} {w} of {y} (Monday..Sunday)"
            if not m.group(3)
            else f"{what} {w} of {y} (Saturday..Sunday)",
        )
    m = _TIMEX_QUARTER.match(text)
    if m:
        y, q = _year(m.group(1)), int(m.group(2))
        if not 1 <= q <= 4:
            raise InputError(f"not a valid date: {text!r} (quarters are Q1..Q4)")
        return check(f"{y:04d}-Q{q}", f"quarter {q} of {y}")
    m = _TIMEX_HALF.match(text)
    if m:
        y, h = _year(m.group(1)), int(m.group(2))
        if not 1 <= h <= 2:
            raise InputError(f"not a valid date: {text!r} (halves are H1 and H2)")
        return check(f"{y:04d}-H{h}", f"{'first' if h == 1 else 'second'} half of {y}")
    m = _TIMEX_SEASON.match(text)
    if m:
        y, s = _year(m.group(1)), m.group(2)
        return check(
            f"{y:04d}-{s}",
            f"{_SEASON_NAME[s]} {y} (meteorological, from {calendar.month_name[_SEASON_MONTH[s]]})",
        )
    m = _TIMEX_YEAR.match(text)
    if m:
        y = _year(m.group(1))
        return check(f"{y:04d}", f"the year {y}")
    m = _TIMEX_DECADE.match(text)
    if m:
        if int(m.group(1)) == 0:
            raise InputError(f"not a valid date: {text!r} (decade 0 does not exist)")
        return check(m.group(1), f"the decade {int(m.group(1)) * 10}s")
    m = _TIMEX_CENTURY.match(text)
    if m:
        c = int(m.group(1)) * 100
        return check(m.group(1), f"the century {c}..{c + 99}")
    if _TIMEX_SHAPE.match(text):
        raise InputError(f"not a valid date: {text!r}")
    return None


def _check_month(text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise InputError(f"not a valid date: {text!r} (there is no month {month})")


def _numeric_date(m: re.Match[str], order: str | None) -> DateInterval:
    """``03/04/2025``, ``14.03.2025``: one reading, the reading ``order`` says, or refused."""
    a, b, year_text = int(m.group(1)), int(m.group(3)), m.group(4)
    text = m.group(0)
    if len(year_text) == 2:
        raise InputError(f"{text!r}: write the year in full (e.g. 20{year_text} or 19{year_text})")
    year = _year(year_text)

    def valid(day: int, month: int) -> date | None:
        try:
            return date(year, month, day)
        except ValueError:
            return None

    readings = {"DMY": valid(a, b), "MDY": valid(b, a)}
    if order is not None:
        chosen = readings[order]
        if chosen is None:
            raise InputError(f"not a valid date in {order} order: {text!r}")
        why = f"numeric date read in {order} order (--date-order {order})"
        return DateInterval(chosen, chosen, "day", text, chosen.isoformat(), "numeric-date", why)
    possible = {k: v for k, v in readings.items() if v is not None}
    if not possible:
        raise InputError(f"not a valid date: {text!r}")
    if len(set(possible.values())) > 1:
        dmy, mdy = possible["DMY"], possible["MDY"]
        raise InputError(
            f"ambiguous date {text!r}: {dmy:%-d %B} or {mdy:%-d %B} {year}? "
            f"give --date-order DMY|MDY or write {dmy.isoformat()}"
        )
    order_, chosen = next(iter(possible.items()))
    why = (
        f"numeric date: the only valid reading is {order_} ({max(a, b)} cannot be a month)"
        if a != b
        else "numeric date: day and month are equal"
    )
    return DateInterval(chosen, chosen, "day", text, chosen.isoformat(), "numeric-date", why)


def _check_order(date_order: str | None) -> str | None:
    if date_order is None:
        return None
    order = date_order.strip().upper()
    if order not in DATE_ORDERS:
        raise InputError(f"unknown date order {date_order!r}: use DMY or MDY")
    return order


def parse_date(
    phrase: str,
    ref: date | datetime | str,
    *,
    date_order: str | None = None,
    prefer: str = "past",
) -> DateInterval:
    """Resolve a date typed by a person against the reference date ``ref``.

    The one entry point for ``--date``, ``--end``, ``--from`` and ``--to`` and for the library's
    :func:`parse_date_phrase`:

    1. TIMEX3 values, the ones the tool prints (``2019-04-11``, ``2019-02``, ``2019-W15``,
       ``2019-Q2``, ``2019-H1``, ``2019-SU``, ``2019``, ``199``, ``2019-04-11TNI``), keep their
       interval and granularity; one that names no real period (``2019-13``) is refused.
    2. Numeric dates (``14/03/2025``) with one reading; an ambiguous one (``03/04/2025``)
       only with ``date_order`` ``"DMY"`` or ``"MDY"``.
    3. Phrases ("on Thursday", "in February", "last week") through the temporal tagger as if
       written on ``ref``: a bare weekday or month is the latest one on or before ``ref``, or
       with ``prefer="future"`` (planned events) the next one on or after it.
    4. Absolute dates in other formats and languages through dateparser, only when they name
       a year ("27 février 2019").

    The returned interval records the rule and the reason (``--explain``).
    """
    if not isinstance(phrase, str):
        raise TypeError(f"a date phrase must be a string, not {type(phrase).__name__}")
    ref_ = as_date(ref, "reference date")
    order = _check_order(date_order)
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    text = _SPACES.sub(" ", _TRAILING.sub("", phrase.strip()))
    if not text:
        raise InputError("empty date")
    core = _strip_preposition(text)
    typed = parse_timex_value(core)
    if typed is not None:
        return typed
    ymd = _NUMERIC_YMD.match(core)
    if ymd:
        return parse_timex_value(f"{ymd.group(1)}-{ymd.group(2)}-{ymd.group(3)}") or _not_a_date(
            phrase
        )
    if _NUMERIC_NO_YEAR.match(core):
        raise InputError(f"ambiguous date {phrase!r}: give the year and write it as YYYY-MM-DD")
    whole = _NUMERIC.fullmatch(core)
    if whole:
        return _numeric_date(whole, order)
    inner = _NUMERIC.search(core)
    if inner:  # "03/04/2025 at noon": the numeric part decides, written as ISO for the tagger
        iso = _numeric_date(inner, order).start.isoformat()
        core = core[: inner.start()] + iso + core[inner.end() :]
    found = _by_tagger(core, ref_, prefer)
    if found is not None:
        start, end, gran, value, rule, reason = found
        return DateInterval(start, end, gran, phrase.strip(), value, rule, reason)
    if not _LETTER.search(core):
        _not_a_date(phrase)
    fallback = _absolute_by_dateparser(text, order)
    if fallback is not None:
        return fallback
    _not_a_date(phrase)
    raise AssertionError  # unreachable


def parse_date_phrase(
    phrase: str,
    ref: date | datetime | str,
    *,
    date_order: str | None = None,
    prefer: str = "past",
) -> DateInterval:
    """Public name of :func:`parse_date` (``timeline.parse_date_phrase``).

    >>> parse_date_phrase("in February", "2019-04-11").value
    '2019-02'
    >>> parse_date_phrase("2019-W15", date(2019, 4, 11)).start
    datetime.date(2019, 4, 8)
    """
    return parse_date(phrase, ref, date_order=date_order, prefer=prefer)


def _not_a_date(phrase: str) -> DateInterval:
    raise InputError(f"not a date: {phrase!r}")


def _strip_preposition(text: str) -> str:
    """ "on Thursday" -> "Thursday" (the prepositions are the tagger's word list
    ``phrase_preps``)."""
    from timeline.temporal.rules import load_rules

    preps = load_rules("en").words["phrase_preps"].table
    words = text.split(" ")
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]).lower() in preps:
            return " ".join(words[n:])
    return text


def _by_tagger(
    core: str, ref: date, prefer: str
) -> tuple[date, date, str, str | None, str | None, str] | None:
    """The tagger's reading of ``core`` as a whole phrase written on ``ref``, or None."""
    from timeline.temporal.tagger import scan

    # Tagged after a preposition: months and seasons are recognised in title case there, so
    # "may", "march" or "february" typed in lower case are dates. For planned events the
    # phrase is put in the future tense, so a bare weekday or month is the next one.
    title = core[:1].upper() + core[1:]
    carriers = ["will happen in ", "in "] if prefer == "future" else ["in "]
    cand = None
    for carrier in carriers:
        sentence = carrier + title
        covering = [
            c
            for c in scan(sentence, ref, mode="phrase")
            if c.start == len(carrier) and c.end == len(sentence)
        ]
        if covering:
            cand = covering[0]
            break
    if cand is None:
        covering = [
            c for c in scan(core.title(), ref, mode="phrase") if (c.start, c.end) == (0, len(core))
        ]
        if not covering:
            return None
        cand = covering[0]
    if cand.error or cand.timex is None:
        raise InputError(f"not a valid date: {core!r}")
    tx = cand.timex
    if tx.value == "PRESENT_REF":
        return ref, ref, "day", ref.isoformat(), tx.rule, "now = the reference date"
    if tx.interval is None or tx.type == "SET":
        what = {"DURATION": "a duration", "SET": "a repetition"}.get(tx.type, "too vague")
        raise InputError(f"not a date ({what}): {core!r}")
    start, end = tx.interval
    return start, end, tx.granularity or "day", tx.value, tx.rule, tx.reason


def _absolute_by_dateparser(text: str, order: str | None) -> DateInterval | None:
    """Absolute dates in formats and languages our English rules do not cover.

    dateparser is strong here ("27 février 2019", "27. Februar 2019", "1 de marzo de 2019",
    "27-Feb-2019"). Only phrases that name a year and a word go to it, so nothing relative
    and no bare numbers are ever guessed; its period ("day", "month", "year") keeps the
    precision.
    """
    if not re.search(r"(?<!\d)\d{4}(?!\d)", text):
        return None
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"}
    if order is not None:
        settings["DATE_ORDER"] = order
    data = DateDataParser(settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    reason = f"absolute date parsed by dateparser ({data.locale or 'en'}), period {data.period}"
    if data.period == "year":
        start, end = year_interval(d.year)
        return DateInterval(start, end, "year", text, f"{d.year:04d}", "dateparser", reason)
    if data.period == "month":
        start, end = month_interval(d.year, d.month)
        value = f"{d.year:04d}-{d.month:02d}"
        return DateInterval(start, end, "month", text, value, "dateparser", reason)
    if data.period in ("day", "time", None):
        return DateInterval(d, d, "day", text, d.isoformat(), "dateparser", reason)
    return None
