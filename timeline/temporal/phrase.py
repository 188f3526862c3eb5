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

from timeline.dates import DateInterval
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
