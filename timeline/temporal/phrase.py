"""Resolve one user-typed date phrase ("in February", "2019-02-27", "last week") to an interval.

Used by ``timeline add --date/--end`` and ``timeline query --from/--to``. The phrase is tagged
by the temporal tagger as if it were a sentence written on ``ref`` (so the CLI and the article
pipeline share one date semantics), with one difference: a bare weekday, month, season or
holiday means the most recent one on or before ``ref`` unless the phrase says otherwise
("next Friday", "this summer" in the future ...).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from timeline.dates import DateInterval, month_interval, year_interval
from timeline.errors import InputError
from timeline.temporal.rules import load_rules
from timeline.temporal.tagger import scan

_TRAILING = re.compile(r"[\s.,;:!?]+$")
_SPACES = re.compile(r"\s+")


def _strip_preposition(text: str) -> str:
    """ "on Thursday" -> "Thursday" (the prepositions are the word list ``phrase_preps``)."""
    preps = load_rules("en").words["phrase_preps"].table
    words = text.split(" ")
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]).lower() in preps:
            return " ".join(words[n:])
    return text


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _absolute_by_dateparser(text: str) -> DateInterval | None:
    """Absolute dates in formats and languages our English rules do not cover.

    dateparser is strong here ("27 février 2019", "27. Februar 2019", "1 de marzo de 2019",
    "27-Feb-2019"). Only phrases that name a year go to it, so nothing relative is ever
    guessed; its period ("day", "month", "year") keeps the precision.
    """
    if not _YEAR.search(text):
        return None
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    data = DateDataParser(
        settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"}
    ).get_date_data(text)
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


def parse_date_phrase(phrase: str, ref: date) -> DateInterval:
    """Resolve ``phrase`` against the reference date ``ref``; raise InputError if it is no date.

    >>> parse_date_phrase("in February", date(2019, 4, 11)).value
    '2019-02'
    >>> parse_date_phrase("last week", date(2019, 4, 11)).start
    datetime.date(2019, 4, 1)
    """
    if isinstance(ref, datetime):
        ref = ref.date()
    text = _SPACES.sub(" ", _TRAILING.sub("", phrase.strip()))
    if not text:
        raise InputError("empty date")
    core = _strip_preposition(text)
    # Tagged as "in <Core>": months and seasons are recognised in title case after a
    # preposition, so "may", "march" or "february" typed in lower case are dates here.
    sentence = "in " + core[:1].upper() + core[1:]
    offset = 3
    covering = [
        c
        for c in scan(sentence, ref, mode="phrase")
        if c.start == offset and c.end == len(sentence)
    ]
    if not covering:
        covering = [
            c for c in scan(core.title(), ref, mode="phrase") if (c.start, c.end) == (0, len(core))
        ]
    if not covering:
        fallback = _absolute_by_dateparser(text)
        if fallback is not None:
            return fallback
        raise InputError(f"not a date: {phrase!r}")
    cand = covering[0]
    if cand.error or cand.timex is None:
        raise InputError(f"not a valid date: {phrase!r}")
    tx = cand.timex
    if tx.value == "PRESENT_REF":
        return DateInterval(
            ref, ref, "day", phrase, ref.isoformat(), tx.rule, "now = the reference date"
        )
    if tx.interval is None or tx.type == "SET":
        what = {"DURATION": "a duration", "SET": "a repetition"}.get(tx.type, "too vague")
        raise InputError(f"not a date ({what}): {phrase!r}")
    start, end = tx.interval
    return DateInterval(start, end, tx.granularity or "day", phrase, tx.value, tx.rule, tx.reason)
