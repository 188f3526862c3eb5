"""First stage of tagging: find time expressions with the compiled rules, then anchor them.

``scan`` walks the rule matches of ``RuleSet.finditer`` (left to right; at each word the first
rule in file order that matches wins), drops latent readings ("four flights a week",
"Resolution 1718"), normalises each match through its word lists and resolves it in document
order with ``temporal/anchor.py``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from timeline.temporal.anchor import Anchor, Resolved, ResolveError
from timeline.temporal.rules import CONVENTIONS, Rule, RuleSet, WordList, load_rules
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


log = logging.getLogger("timeline.temporal")


def debugging() -> bool:
    """``TIMELINE_DEBUG=1`` (any value but empty / 0): internal errors raise instead of being
    logged and skipped."""
    return os.environ.get("TIMELINE_DEBUG", "") not in ("", "0")


def _excerpt(text: str) -> str:
    head = text[:80].replace("\n", " ")
    return f"{head!r}{'...' if len(text) > 80 else ''} ({len(text)} chars)"


def reference_date(dct: object) -> date:
    """The DCT as a ``date``: a ``date``, a ``datetime`` (its date) or an ISO 8601 string
    ("2019-04-11", "2019-04-11T09:30:00+09:00"). Raises ``TypeError`` for any other type and
    ``ValueError`` for a string that is no ISO date."""
    if isinstance(dct, datetime):
        return dct.date()
    if isinstance(dct, date):
        return dct
    if isinstance(dct, str):
        raw = dct.strip()
        try:
            if len(raw) == 10:
                return date.fromisoformat(raw)
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueError(f"not an ISO date for the reference date: {dct!r}") from None
    raise TypeError(
        f"the reference date must be a date, a datetime or an ISO string, not {type(dct).__name__}"
    )


def _clock(groups: dict[str, str]) -> str:
    if "noon" in groups:
        return groups["noon"]
    hour = int(groups.get("hour") or groups.get("hour24") or 0)
    minute = int(groups.get("minute") or 0)
    ampm = groups.get("ampm") or groups.get("oclockday", "")  # "8 o'clock tonight": PM
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
    if "{" not in template and "}" not in template:
        return template  # most values and mods have no placeholder: nothing to format
    values = _Values(groups)
    if "{clock}" in template:
        values["clock"] = _clock(groups)
    return template.format_map(values)


def scan(
    text: str,
    dct: date,
    mode: str = "news",
    fiscal_start: int = 1,
    convention: str = "news",
) -> list[Candidate]:
    """All candidates of ``text`` in order, anchored (``timex`` set) or rejected (``error``).

    ``convention`` is the annotation convention: ``"news"`` (the project's, the default) or
    ``"timeml"`` (TimeML/TempEval-3 guidelines); rules marked for one convention only are
    rejected in the other (see ``temporal/README.md``, "Annotation conventions").

    ``fiscal_start`` is the month fiscal years start in ("fiscal 2020", "FY2020"): 1 (the
    default) makes them calendar years; 10 the US federal year (October 2019 - September 2020).
    """
    dct = reference_date(dct)
    if not (isinstance(fiscal_start, int) and 1 <= fiscal_start <= 12):
        raise ValueError(f"fiscal_start must be a month number 1-12, not {fiscal_start!r}")
    ruleset = load_rules("en")
    anchor = Anchor(text, dct, ruleset.tense, mode, ruleset.cues.get("clause"))
    anchor.weak, anchor.perfect = ruleset.cues.get("weak"), ruleset.cues.get("perfect")
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(CONVENTIONS)}, not {convention!r}")
    anchor.fiscal_start = fiscal_start
    anchor.words = ruleset.anchor_words()
    out: list[Candidate] = []
    prev: Candidate | None = None  # the last candidate with a time expression
    for m in ruleset.finditer(text):
        if out and out[-1].timex is not None:
            prev = out[-1]
        rule = ruleset.by_group[m.lastgroup or ""]
        cand = Candidate(rule, m.start(), m.end(), m.group(), {})
        out.append(cand)
        if rule.convention and rule.convention != convention:
            cand.error = f"a time expression only by the {rule.convention} convention"
            continue
        if rule.type == "NONE":  # a measure such as a race time: no rule may tag a part of it
            cand.error = f"a measure, not a time expression ({rule.id}): {cand.text!r}"
            continue
        try:
            if convention == "timeml" and _later_as_duration(cand, m, ruleset):
                continue
            _resolve(text, cand, m, ruleset, anchor, prev)
        except ResolveError as exc:
            cand.error = f"{exc}: {cand.text!r}"
        except Exception as exc:
            # a defect in one rule must not lose the other expressions of the document, but
            # it is a bug: logged with the rule and the document, raised under TIMELINE_DEBUG
            if debugging():
                raise
            log.error(
                "temporal rule %s failed on %r at %d-%d of document %s: %s: %s",
                rule.id,
                cand.text,
                cand.start,
                cand.end,
                _excerpt(text),
                type(exc).__name__,
                exc,
            )
            cand.timex = None
            cand.error = f"cannot resolve {cand.text!r} ({rule.id}: internal error: {exc})"
    _day_next_to(text, out)
    return out


def _day_next_to(text: str, out: list[Candidate]) -> None:
    """ "the day before last Tuesday's hearing", "the day after Easter": a day before/after
    the date written right after it, not after the last date mentioned."""
    for cand, nxt in zip(out, out[1:], strict=False):
        t, n = cand.timex, nxt.timex
        if (
            t is None
            or n is None
            or t.rule != "ref_day_before"
            or n.type != "DATE"
            or n.granularity != "day"
            or n.interval is None
            or text[t.end : n.start].strip()
        ):
            continue
        after = cand.groups.get("sign", "").lower().startswith("after")
        day = n.interval[0] + timedelta(days=1 if after else -1)
        t.value, t.interval, t.granularity = day.isoformat(), (day, day), "day"
        t.reason = f"the day {'after' if after else 'before'} the date that follows ({n.text!r})"


def _later_as_duration(cand: Candidate, m: re.Match[str], ruleset: RuleSet) -> bool:
    """TimeML annotates "three days later", "an hour earlier" as the DURATION "three days",
    "an hour" (the direction word is a signal), for a day or less (word list
    ``later_duration_units``; "a year earlier" stays a DATE, as in TBAQ). Only by the
    ``timeml`` convention: the news one keeps the date, which a timeline needs."""
    rule = cand.rule
    if rule.value[:7] != "@shift(" or "{dir}" not in rule.value:
        return False
    groups = ruleset.normalise_groups(rule, m)
    if groups.get("unit", "").lower() not in ruleset.words["later_duration_units"].table:
        return False
    unit_group = next((g for g, key, _ in rule.groups if key == "unit"), "")
    end = m.end(unit_group) if unit_group else -1
    if end <= cand.start:
        return False
    count = groups.get("count", "X")
    value = fix_duration(f"P{count}{groups['unit']}")
    text = cand.text[: end - cand.start]
    cand.end, cand.text, cand.groups = end, text, groups
    cand.timex = Timex(
        start=cand.start,
        end=end,
        text=text,
        type="DURATION",
        value=value,
        interval=None,
        granularity=None,
        rule=rule.id,
        reason="TimeML: 'N units later/earlier' is the duration (the direction is a signal)",
        mod=_fill(rule.mod, groups) or None,
    )
    return True


# a month and day with no year of its own right after a SET and "on": its recurring date
# (not a month after "in": "every day in January" is one January)
_GENERIC_AFTER_SET = frozenset({"month_day", "day_month"})
_SET_GAP = frozenset({"on"})
_YEAR_MONTH_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# "in November and December": the second month follows the first
_MONTHS_FOLLOWING = frozenset({"month", "month_amb"})
_MONTH_GAP = frozenset({"and", "or", "to", "through", "until", "till", "-", "–"})


def _resolve(
    text: str,
    cand: Candidate,
    m: re.Match[str],
    ruleset: RuleSet,
    anchor: Anchor,
    prev: Candidate | None = None,
) -> None:
    """Normalise and anchor one match: sets ``cand.timex`` or ``cand.error``."""
    rule = cand.rule
    groups = cand.groups = ruleset.normalise_groups(rule, m)
    if prev is not None and prev.timex is not None and rule.id in _GENERIC_AFTER_SET:
        if _generic_after_set(text, cand, prev, ruleset, anchor):
            return
    if rule.id == "year" and _latent_year(text, cand, ruleset.words):
        cand.error = f"a number, not a year: {cand.text!r}"
        return
    if rule.type == "DURATION" and _latent_article_unit(text, cand, ruleset.words):
        cand.error = f"not a time expression here: {cand.text!r}"
        return
    if rule.id == "dur_and_units" and not _after_vague_duration(text, cand, prev):
        cand.error = f"a bare plural after 'and' with no vague duration before it: {cand.text!r}"
        return
    if rule.type == "DURATION" and _fraction_quarter(text, cand, ruleset.words):
        cand.error = f"a fraction, not a quarter of a year: {cand.text!r}"
        return
    res = anchor.resolve(_fill(rule.value, groups), cand.start, cand.end)
    type_ = res.type or rule.type
    if type_ == "DURATION" and res.interval is None and not _record_in(text, cand, ruleset.words):
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
    if (
        prev is not None
        and rule.id in _MONTHS_FOLLOWING
        and cand.timex.granularity == "month"
        and cand.timex.interval is not None
    ):
        _month_following(text, cand.timex, prev)
    if type_ in ("DATE", "TIME") and res.interval is not None and res.sets_ref:
        anchor.set_ref(cand.timex.interval or res.interval, res.granularity, cand.timex.value)


_CLAUSE_BREAK = re.compile(r"[.;:!?]")


def _after_vague_duration(text: str, cand: Candidate, prev: Candidate | None) -> bool:
    """ "could take weeks to pump the city dry and months to restore power": a bare plural
    after "and / or" is a vague duration when one came before it in the same clause (the verb
    that governs both is not repeated)."""
    p = prev.timex if prev is not None else None
    return (
        p is not None
        and p.type == "DURATION"
        and p.value.startswith(("PX", "PTX"))
        and cand.start - p.end <= 60
        and not _CLAUSE_BREAK.search(text, p.end, cand.start)
        # "within weeks or months": TBAQ annotates the pair as one span (2 of 2), which this
        # rule does not build; only a plural whose verb is elided ("and months to restore")
        and text[p.end : cand.start].strip().lower() not in ("and", "or")
    )


def _generic_after_set(
    text: str, cand: Candidate, prev: Candidate, ruleset: RuleSet, anchor: Anchor
) -> bool:
    """ "inaugurated every four years on Jan. 20", "held every year on May 1": the date of the
    recurrence, with no year (``XXXX-01-20``), not one anchored to the DCT. Sets the timex."""
    p = prev.timex
    if p is None or p.type != "SET" or text[p.end : cand.start].strip().lower() not in _SET_GAP:
        return False
    res = anchor.resolve(_fill(cand.rule.value, cand.groups), cand.start, cand.end)
    if not _YEAR_MONTH_DAY.fullmatch(res.value):
        return False
    cand.timex = Timex(
        start=cand.start,
        end=cand.end,
        text=cand.text,
        type="DATE",
        value="XXXX" + res.value[4:],
        interval=None,
        granularity=None,
        rule=cand.rule.id,
        reason=f"the date of the recurrence ({p.text!r}): no year",
        mod=_fill(cand.rule.mod, cand.groups) or None,
    )
    return True


def _month_following(text: str, t: Timex, prev: Candidate) -> None:
    """ "sales in November and December", "from November to February": a month with no year
    right after another month and "and / to / through" is the first one on or after it."""
    p = prev.timex
    if (
        p is None
        or p.type != "DATE"
        or p.granularity != "month"
        or p.interval is None
        or text[p.end : t.start].strip().lower() not in _MONTH_GAP
    ):
        return
    first = p.interval[0]
    month = int(t.value[5:7])
    year = first.year if month >= first.month else first.year + 1
    if year == int(t.value[:4]):
        return
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    t.value, t.interval = f"{year:04d}-{month:02d}", (start, end)
    t.reason = f"the month after {p.text!r} ({p.value})"


_PREV_WORD = re.compile(r"(\w+)\W*$")
_OF_NEXT = re.compile(r"\s+of\s+(\w+)", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(
    r"\s+(?:earlier|later|sooner|before|after|early|late|left|to go|remaining)\b", re.IGNORECASE
)


def _latent_article_unit(text: str, cand: Candidate, words: dict[str, WordList]) -> bool:
    """ "a week" is a duration after "for", "within", ... but not in "four flights a week"."""
    head = cand.text[:3].lower()
    if not (head.startswith("a ") or head.startswith("an ")) or cand.groups.get("count") != "1":
        return False
    if _RELATIVE_AFTER.match(text, cand.end):
        return False  # "a month earlier than usual", "a week before the vote", "a month left"
    of = _OF_NEXT.match(text, cand.end)
    if (
        of is not None
        and cand.groups.get("unit") != "Q"
        and of.group(1).lower() not in words["fraction_of_next"].table
    ):
        # "ending a month of talk", "a week of protests": the unit measures the noun; "four
        # flights a week of the fleet" (a determiner after "of") stays a rate
        return False
    prev = _PREV_WORD.search(text, max(0, cand.start - 30), cand.start)
    if prev is None:
        return False
    return prev.group(1).lower() not in words["dur_a_context"].table


def _fraction_quarter(text: str, cand: Candidate, words: dict[str, WordList]) -> bool:
    """ "fell by a quarter", "more than a quarter of the market", "three quarters of the
    vote": a fraction, not a duration of quarters (word lists ``quarter_fraction_prev`` and
    ``fraction_of_next``; "several quarters of losses" stays a duration)."""
    if cand.groups.get("unit") != "Q" or not cand.text.lower().endswith(("quarter", "quarters")):
        return False
    of = _OF_NEXT.match(text, cand.end)
    if of is not None and of.group(1).lower() in words["fraction_of_next"].table:
        return True
    prev = _PREV_WORD.search(text, max(0, cand.start - 30), cand.start)
    return (
        cand.groups.get("count") == "1"
        and prev is not None
        and prev.group(1).lower() in words["quarter_fraction_prev"].table
    )


_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w.]*)")
_STREET = re.compile(r"\s+[A-Z]\w+\s+(?:Avenue|Street|Road|Boulevard|Drive|Lane|Place)\b")


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
        and bool(_STREET.match(text, cand.end))
    )


_CLAUSE_END = re.compile(r"[.;:!?,()\"]")
_LOWER_WORDS = re.compile(r"[a-z]+")


def _record_in(text: str, cand: Candidate, words: dict[str, WordList]) -> bool:
    """ "its first new Ring cycle in a decade", "the lowest level in five years": after a
    first, a superlative or "record" (word list ``record_in``) in the same clause, "in" + a
    duration is the span the record holds over, not a date, whatever the tense."""
    before = text[max(0, cand.start - 60) : cand.start]
    if not before.rstrip().lower().endswith(" in"):
        return False
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    table = words["record_in"].table
    return any(w in table for w in _LOWER_WORDS.findall(before[cut:].lower()))


def _in_future(anchor: Anchor, res: Resolved, type_: str) -> tuple[Resolved, str]:
    """ "will arrive in five days" is a date; "visits in five days" stays a duration."""
    value = res.value
    if not anchor.preceded_by(("in",)):
        if res.reason == "explicit value":
            res.reason = "a duration, not anchored to a date"
        return res, type_
    if anchor.text[anchor.start : anchor.start + 4].lower() == "the ":
        # "expects income in the year ending June 30 to fall", "will rise in the first six
        # months": a period the text names, not a count of time from now
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
    try:
        d = shift(anchor.dct, unit_code(unit), float(count))
    except OverflowError:  # past year 9999: no date (never the DCT itself)
        res.reason = "'in' + duration beyond the calendar (years 1-9999): kept a duration"
        return res, type_
    new_value = format_at(d, gran)
    iv = value_interval(new_value)
    interval = (iv[0], iv[1]) if iv else None
    why = f"{anchor.tense_why()}, 'in' + duration: DCT + {fix_duration(value)}"
    return Resolved(new_value, why, interval, gran, "DATE"), "DATE"


def tag(
    text: str,
    dct: date | datetime | str,
    *,
    fiscal_start: int = 1,
    convention: str = "news",
) -> list[Timex]:
    """Find every time expression in ``text`` and anchor it to ``dct``.

    ``dct`` is a ``date``, a ``datetime`` or an ISO 8601 string; anything else raises
    ``TypeError`` (a string that is no ISO date: ``ValueError``). ``fiscal_start`` (month
    1-12, default 1) is when fiscal years start: it sets the interval of "fiscal 2020" /
    "FY2020" (the value stays ``2020``, as TimeML labels fiscal years). ``convention``:
    ``"news"`` (default) or ``"timeml"`` (also the vague "minutes later" -> ``PTXM`` that
    TimeML annotates; ``scripts/bench_tag.py`` scores TimeML corpora with it). Whatever the
    text, ``tag``
    does not raise: an internal error is logged (logger ``timeline.temporal``, with the rule
    and the document) and that expression is skipped; under ``TIMELINE_DEBUG=1`` it raises.
    Spans satisfy ``text[t.start:t.end] == t.text``; the list is sorted and non-overlapping.
    """
    ref = reference_date(dct)
    if not (isinstance(fiscal_start, int) and 1 <= fiscal_start <= 12):
        raise ValueError(f"fiscal_start must be a month number 1-12, not {fiscal_start!r}")
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(CONVENTIONS)}, not {convention!r}")
    if not isinstance(text, str) or not text:
        return []
    try:
        found = scan(text, ref, fiscal_start=fiscal_start, convention=convention)
        return [c.timex for c in found if c.timex is not None]
    except Exception as exc:
        # a tagging bug must not take down ingest; it is logged (and raised when debugging)
        if debugging():
            raise
        log.error(
            "temporal tagging failed on document %s (DCT %s): %s: %s",
            _excerpt(text),
            ref.isoformat(),
            type(exc).__name__,
            exc,
            exc_info=True,
        )
        return []
