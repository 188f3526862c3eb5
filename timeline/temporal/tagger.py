"""First stage of tagging: find time expressions with the compiled rules, then anchor them.

``scan`` walks the rule matches of ``RuleSet.finditer`` (left to right; at each word the first
rule in file order that matches wins), drops latent readings ("four flights a week",
"Resolution 1718"), normalises each match through its word lists and resolves it in document
order with ``temporal/anchor.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from timeline.temporal.anchor import Anchor, Resolved, ResolveError
from timeline.temporal.rules import Rule, WordList, load_rules
from timeline.temporal.types import Timex
from timeline.temporal.values import (
    UNIT_GRANULARITY,
    fix_duration,
    format_at,
    shift,
    unit_code,
    value_interval,
)


@dataclass(slots=True)
class Candidate:
    """A rule match before / after anchoring; ``error`` is set for impossible dates."""

    rule: Rule
    start: int
    end: int
    text: str
    groups: dict[str, str]
    timex: Timex | None = None
    error: str = ""


def _clock(groups: dict[str, str]) -> str:
    if "noon" in groups:
        return groups["noon"]
    hour = int(groups.get("hour") or groups.get("hour24") or 0)
    minute = int(groups.get("minute") or 0)
    ampm = groups.get("ampm", "")
    if ampm == "PM" and hour < 12:
        hour += 12
    elif ampm == "AM" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


class _Values(dict):
    """Placeholder values: missing groups are empty strings."""

    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, groups: dict[str, str]) -> str:
    values = _Values(groups)
    if "{clock}" in template:
        values["clock"] = _clock(groups)
    return template.format_map(values)


def scan(text: str, dct: date, mode: str = "news") -> list[Candidate]:
    """All candidates of ``text`` in order, anchored (``timex`` set) or rejected (``error``)."""
    if isinstance(dct, datetime):
        dct = dct.date()
    ruleset = load_rules("en")
    anchor = Anchor(text, dct, ruleset.cues["tense"], mode, ruleset.cues.get("clause"))
    out: list[Candidate] = []
    for m in ruleset.finditer(text):
        rule = ruleset.by_group[m.lastgroup or ""]
        groups = ruleset.normalise_groups(rule, m)
        cand = Candidate(rule, m.start(), m.end(), m.group(), groups)
        out.append(cand)
        if rule.id == "year" and _latent_year(text, cand, ruleset.words):
            cand.error = f"a number, not a year: {cand.text!r}"
            continue
        if rule.type == "DURATION" and _latent_article_unit(text, cand, ruleset.words):
            cand.error = f"not a time expression here: {cand.text!r}"
            continue
        try:
            res = anchor.resolve(_fill(rule.value, groups), cand.start, cand.end)
        except ResolveError as exc:
            cand.error = f"{exc}: {cand.text!r}"
            continue
        except (ValueError, OverflowError, ArithmeticError, IndexError, TypeError) as exc:
            # a defect in one rule must not lose the other expressions of the document
            cand.error = f"cannot resolve {cand.text!r} ({rule.id}: {exc})"
            continue
        type_ = res.type or rule.type
        if type_ == "DURATION" and res.interval is None:
            res, type_ = _in_future(anchor, res, type_)
        mod = _fill(rule.mod, groups) or None
        cand.timex = Timex(
            start=cand.start,
            end=cand.end,
            text=cand.text,
            type=type_,
            value=res.value,
            interval=res.interval if type_ in ("DATE", "TIME", "DURATION") else None,
            granularity=res.granularity if res.interval else None,
            rule=rule.id,
            reason=res.reason,
            mod=mod,
        )
        if type_ in ("DATE", "TIME") and res.interval is not None and res.sets_ref:
            anchor.set_ref(res.interval, res.granularity)
    return out


_PREV_WORD = re.compile(r"(\w+)\W*$")


def _latent_article_unit(text: str, cand: Candidate, words: dict[str, WordList]) -> bool:
    """ "a week" is a duration after "for", "within", ... but not in "four flights a week"."""
    head = cand.text[:3].lower()
    if not (head.startswith("a ") or head.startswith("an ")) or cand.groups.get("count") != "1":
        return False
    prev = _PREV_WORD.search(text, max(0, cand.start - 30), cand.start)
    if prev is None:
        return False
    return prev.group(1).lower() not in words["dur_a_context"].table


_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w.]*)")


def _latent_year(text: str, cand: Candidate, words: dict[str, WordList]) -> bool:
    """ "Resolution 1718", "Flight 1998", "1950 tanks": a bare number that is no year."""
    if not cand.text[:1].isdigit():
        return False  # "mid-1996", "the year 1990": a modifier makes it a year
    prev = _PREV_WORD.search(text, max(0, cand.start - 30), cand.start)
    prev_word = prev.group(1).lower() if prev else ""
    if prev_word in words["year_not_after"].table or prev_word.isdigit():
        return True  # "Resolution 1718", "555 2018"
    nxt = _NEXT_WORD.match(text, cand.end)
    if nxt is None or prev_word in words["year_preps"].table:
        return False
    follower = nxt.group(1)
    # a plural noun ("1950 tanks") or a capitalised street name ("1600 Pennsylvania Avenue")
    return (follower.islower() and follower.endswith("s") and len(follower) > 3) or (
        follower[:1].isupper()
        and prev is not None
        and not prev.group(1)[:1].isupper()
        and text[cand.end : cand.end + 1] == " "
        and bool(
            re.match(
                r"\s+[A-Z]\w+\s+(?:Avenue|Street|Road|Boulevard|Drive|Lane|Place)\b",
                text[cand.end :],
            )
        )
    )


def _in_future(anchor: Anchor, res: Resolved, type_: str) -> tuple[Resolved, str]:
    """ "will arrive in five days" is a date; "visits in five days" stays a duration."""
    value = res.value
    if not anchor.preceded_by(("in",)):
        if res.reason == "explicit value":
            res.reason = "a duration, not anchored to a date"
        return res, type_
    if anchor.tense() != "future":
        res.reason = "'in' + duration without future tense: a span of activity, not a date"
        return res, type_
    body = value[2:] if value.startswith("PT") else value[1:]
    unit = body.lstrip("0123456789.")
    count = body[: len(body) - len(unit)]
    if not count or unit not in ("D", "W", "M", "Y"):
        return res, type_
    gran = UNIT_GRANULARITY[unit]
    d = shift(anchor.dct, unit_code(unit), float(count))
    new_value = format_at(d, gran)
    iv = value_interval(new_value)
    interval = (iv[0], iv[1]) if iv else None
    why = f"{anchor.tense_why()}, 'in' + duration: DCT + {fix_duration(value)}"
    return Resolved(new_value, why, interval, gran, "DATE"), "DATE"


def tag(text: str, dct: date) -> list[Timex]:
    """Find every time expression in ``text`` and anchor it to ``dct``. Never raises.

    Spans satisfy ``text[t.start:t.end] == t.text``; the list is sorted and non-overlapping.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        load_rules("en").compile_all()
        return [c.timex for c in scan(text, dct) if c.timex is not None]
    except (ValueError, OverflowError, TypeError, AttributeError, IndexError, KeyError):
        return []  # defensive: a tagging bug must never take down ingest
