"""Second stage of tagging: resolve underspecified rule values against the DCT or the narrative.

Rules emit values such as ``@wd(4)`` ("a Thursday") or ``@ref(Y,1)`` ("the year after the last
date mentioned"). ``Anchor`` resolves them in document order: it knows the document creation
time (DCT), the last date mentioned (the narrative reference time) and the tense of the sentence
around each expression (nearest tense cue of ``cues.json``). HeidelTime's two-stage idea.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from timeline.temporal.rules import ascii_safe, lowered_twin
from timeline.temporal.values import (
    SEASON_MONTH,
    UNIT_GRANULARITY,
    add_months,
    fix_duration,
    format_at,
    shift,
    unit_code,
    value_interval,
)

if TYPE_CHECKING:
    from timeline.temporal.rules import CueScanner

#: where a sentence ends: after ".", "!" or "?" (and closing quotes) and white space, before
#: a capital or a digit; or at a blank line. The reference form, for reading and tests:
SENTENCE_END_PLAIN = re.compile(
    r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|\n\s*\n"
)
# the same matches, led by one character set (the first character of either branch), which
# ``re`` skips to in C instead of trying the pattern at every character
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|(?<=\n)\s*\n)"
)

_LETTERS = re.compile(r"[a-z]+")
_WORDS = re.compile(r"[a-z]+(?:[-'][a-z]+)+")  # hyphenated words: "half-time"
_CUE_WINDOW = 30  # chars: a tense cue in another clause further away does not count
_ADJACENT = 12  # chars: a cue this close before an expression governs it directly
_CLAUSE_WINDOW = 60  # chars: the same for a tense cue in the expression's own clause
# a fronted adverbial that opens the sentence ("In November, the Egyptian affiliate of the
# Islamic State launched ..."): its comma is no clause boundary for the main clause's verb
_FRONTED_BEFORE = re.compile(r"\s*(?:[A-Za-z]+\s+){0,2}")
_FRONTED_AFTER = re.compile(r"\s*,")
_SENTENCE_ENDS: dict[int, tuple[object, re.Pattern[str]]] = {}


def sentence_end_regex(abbreviations: Iterable[str] | None) -> re.Pattern[str]:
    """``_SENTENCE_END`` without the ends after an abbreviation of ``abbreviations`` ("Nov.",
    "Gen.") or a one-letter initial ("U.S.", "J."): right after the period, a negative
    look-behind per word length (look-behinds are fixed-width). Built once per word list (the
    lists are shared read-only for the process)."""
    key = id(abbreviations)
    hit = _SENTENCE_ENDS.get(key)
    if hit is not None and hit[0] is abbreviations:
        return hit[1]
    by_len: dict[int, list[str]] = {1: ["[a-z]"]}
    for word in sorted(abbreviations or ()):
        by_len.setdefault(len(word), []).append(re.escape(word))
    behind = "".join(
        "(?<!(?<![A-Za-z0-9])(?i:" + "|".join(words) + r")\.)"
        for _, words in sorted(by_len.items())
    )
    regex = re.compile(
        r"[.!?\n](?:(?<=[.!?])" + behind + r"[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])"
        r"|(?<=\n)\s*\n)"
    )
    _SENTENCE_ENDS[key] = (abbreviations, regex)
    return regex


_CALL = re.compile(r"^@(\w+)\(([^)]*)\)(.*)$")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)
class Resolved:
    """A resolved value with its anchored interval and the reason shown by ``--explain``."""

    value: str
    reason: str = ""
    interval: tuple[date, date] | None = None
    granularity: str | None = None
    type: str | None = None  # overrides the rule's type when set
    sets_ref: bool = True  # False for values derived from the reference time itself
    # a duration that names the period in focus ("the nine months"): the year it lies in
    # becomes the reference (year granularity), as a date would
    ref_year: int | None = None


class ResolveError(ValueError):
    """An expression names an impossible date ("February 30, 2019")."""


class Anchor:
    """Resolution state for one document."""

    def __init__(
        self,
        text: str,
        dct: date,
        cue_regex: re.Pattern[str] | CueScanner,
        mode: str = "news",
        clause_regex: re.Pattern[str] | None = None,
    ):
        self.text = text
        self.dct = dct
        self.cues = cue_regex
        self.clauses = clause_regex  # clause boundaries (None: the sentence is one clause)
        # future cues that are no verb ("until", "by") and the past perfect ("had") that
        # wins over them (cues.json weak_future / past_perfect)
        self.weak: re.Pattern[str] | None = None
        self.perfect: re.Pattern[str] | None = None
        self.cue = ""  # the governing tense cue found by the last tense() call
        self.cue_tense: str | None = None
        self.cue_adjacent = False  # that cue overlaps the expression or ends just before it
        self.cue_before = False  # that cue overlaps the expression or lies before it
        self.mode = mode  # "news" (articles) or "phrase" (a user-typed date phrase)
        self.ref_date = dct
        self.ref_gran = "day"
        self.ref_explicit = False
        self.ref_night = False  # the last date mentioned is a night ("last night", "overnight")
        self.ref_end = -1  # where the last date mentioned ends in the text
        self.ref_value = ""  # its TIMEX3 value
        self.fiscal_quarters: set[str] = set()  # values of fiscal quarters named ("2000-Q4")
        # the last bare clock time resolved: (its end, its day, minutes after midnight)
        self.last_clock: tuple[int, date, int] | None = None
        self.focus: dict[str, tuple[int, date]] = {}  # granularity -> (end, start) last mentioned
        # the last span of several quarters of a year named as a period of account ("for the
        # nine months"): (end, year)
        self.ytd: tuple[int, int] | None = None
        self._bounds: list[int] | None = None
        self._marks: dict[int, tuple[list[int], list[int]]] = {}
        # the clause regex and the text it runs on (``_clause_scan``)
        self._clause_src: tuple[re.Pattern[str], str] | None = None
        self.start = 0
        self.end = 0
        self.fiscal_start = 1  # month a fiscal year starts in (1: the calendar year)
        self.words: dict[str, dict[str, str]] = {}  # word lists some functions consult

    # --- context -----------------------------------------------------------------------
    def sentence(self, pos: int) -> tuple[int, int]:
        if self._bounds is None:
            ends = sentence_end_regex(self.words.get("abbreviation_dot"))
            self._bounds = [m.end() for m in ends.finditer(self.text)]
        i = bisect.bisect_right(self._bounds, pos)
        start = self._bounds[i - 1] if i else 0
        end = self._bounds[i] if i < len(self._bounds) else len(self.text)
        return start, end

    def tense(self) -> str | None:
        """``"future"``, ``"past"`` or None from the tense cue that governs the expression.

        The governing cue is the one in the expression's own clause (fewest clause boundaries
        of ``cues.json`` in between), preferring a cue that overlaps it ("next week"), then
        the nearest before it ("said on Friday it would ..." -> past; "who will visit Moscow
        on Saturday, said ..." -> future) within ``_CUE_WINDOW`` characters, then the nearest
        after it ("On Friday, the ministry said ..."), then a more distant one before it. A cue
        in the same clause counts up to ``_CLAUSE_WINDOW`` characters away, one across a
        boundary only up to ``_CUE_WINDOW``.
        """
        start, end = self.start, self.end
        sent_start, sent_end = self.sentence(start)
        s, e = max(sent_start, start - _CLAUSE_WINDOW), min(sent_end, end + _CLAUSE_WINDOW)
        best: tuple[int, int, int, int, str, str] | None = None
        perfect: tuple[int, int, int, int, str, str] | None = None
        strong: tuple[int, int, int, int, str, str] | None = None  # a verb's future cue
        # every gap below lies inside this sentence ([s, e] is), so counting its clause
        # boundaries is ``boundaries()``'s in-sentence case: bisect the sentence's marks
        marks: tuple[list[int], list[int]] | None = None
        clauses = self.clauses
        fronted: bool | None = None  # opens the sentence in a fronted adverbial ("In May, ")
        for m in self.cues.finditer(self.text, s, e):
            m_start, m_end = m.span()
            if m_start < end and m_end > start:
                side, dist, g0, g1 = 0, 0, start, start  # "will arrive Friday"
            elif m_end <= start:
                side, dist, g0, g1 = 1, start - m_end, m_end, start
            else:
                side, dist, g0, g1 = 2, m_start - end, end, m_start
            if clauses is None or g0 >= g1:
                crossed = 0
            else:
                if marks is None:
                    marks = self.clause_marks(start)
                crossed = max(
                    0, bisect.bisect_right(marks[1], g1) - bisect.bisect_left(marks[0], g0)
                )
            if crossed == 1 and side == 2 and fronted is None:
                fronted = bool(
                    _FRONTED_AFTER.match(self.text, end)
                    and _FRONTED_BEFORE.fullmatch(self.text, sent_start, start)
                )
            if crossed == 1 and side == 2 and fronted:
                # "In November, the Egyptian affiliate ... launched": the one boundary is the
                # fronted adverbial's comma; the main clause's verb governs
                crossed = 0
            if dist > (_CLAUSE_WINDOW if crossed == 0 else _CUE_WINDOW):
                continue
            if side == 1 and dist > _CUE_WINDOW:
                # a distant cue before is often a modifier ("a service planned at the
                # university for Saturday was canceled"): it wins only if nothing follows
                side = 3
            elif side == 2 and m.group()[:3].lower() == "to ":
                # an infinitive after the expression is the complement of the clause's verb
                # ("urged Soviet leader Mikhail Gorbachev on Friday to open"): it governs only
                # when no cue before it in the clause does
                side = 4
            kind = "future" if m.group("future") else "past"
            key = (crossed, side, dist, 0 if kind == "future" else 1, kind, m.group())
            if kind == "past" and self.perfect is not None and self.perfect.fullmatch(m.group()):
                if perfect is None or key < perfect:
                    perfect = key
            elif kind == "future" and (strong is None or key < strong):
                if self.weak is None or not self.weak.fullmatch(m.group()):
                    strong = key
            if best is None or key < best:
                best = key
        self.cue_adjacent = False
        self.cue_before = False
        if best is None:
            self.cue, self.cue_tense = "", "past" if self.mode == "phrase" else None
        else:
            if (
                perfect is not None
                and best[4] == "future"
                and self.weak is not None
                and self.weak.fullmatch(best[5])
                and (strong is None or perfect < strong)
            ):
                # "had filed reports by Wednesday", "did not stop firing until Saturday": the
                # past governs, unless a verb's future cue is nearer ("had said the ban would
                # last until Friday")
                best = perfect
            self.cue, self.cue_tense = " ".join(best[5].split()), best[4]
            self.cue_adjacent = best[1] == 0 or (best[1] == 1 and best[2] <= _ADJACENT)
            self.cue_before = best[1] in (0, 1, 3)
        return self.cue_tense

    def tense_why(self) -> str:
        """The tense found by the last ``tense()`` call and its cue, for reasons:
        "future tense ('will visit Moscow')"."""
        if not self.cue_tense:
            return "no tense cue"
        if not self.cue:
            return f"{self.cue_tense} tense (default)"
        return f"{self.cue_tense} tense ('{self.cue}')"

    def boundaries(self, start: int, end: int) -> int:
        """How many clause boundaries lie between ``start`` and ``end``.

        The boundaries of a sentence are found once (``clause_marks``) and counted by
        bisection: ``tense()`` asks for several gaps of the same sentence."""
        if self.clauses is None or start >= end:
            return 0
        if end > self.sentence(start)[1]:  # across sentences: count them directly
            pattern, text = self._clause_scan()
            return sum(1 for _ in pattern.finditer(text, start, end))
        starts, ends = self.clause_marks(start)
        return max(0, bisect.bisect_right(ends, end) - bisect.bisect_left(starts, start))

    def clause_marks(self, pos: int) -> tuple[list[int], list[int]]:
        """Starts and ends of the clause boundaries in the sentence around ``pos`` (cached
        per sentence; they do not overlap, so both lists are sorted)."""
        s, e = self.sentence(pos)
        hit = self._marks.get(s)
        if hit is None:
            starts: list[int] = []
            ends: list[int] = []
            if self.clauses is not None:
                pattern, text = self._clause_scan()
                for m in pattern.finditer(text, s, e):
                    starts.append(m.start())
                    ends.append(m.end())
            hit = self._marks[s] = (starts, ends)
        return hit

    def _clause_scan(self) -> tuple[re.Pattern[str], str]:
        """The clause regex and the text to run it on: on ``ascii_safe`` text its
        ``lowered_twin`` on the lower-cased text (the same matches, faster), else itself."""
        assert self.clauses is not None
        if self._clause_src is None:
            twin = lowered_twin(self.clauses) if ascii_safe(self.text) else None
            self._clause_src = (
                (twin, self.text.lower()) if twin is not None else (self.clauses, self.text)
            )
        return self._clause_src

    def preceded_by(self, words: tuple[str, ...]) -> bool:
        before = self.text[max(0, self.start - 12) : self.start].lower().rstrip()
        return any(
            before.endswith(w) and (len(before) == len(w) or not before[-len(w) - 1].isalnum())
            for w in words
        )

    def set_ref(
        self, interval: tuple[date, date], granularity: str | None, value: str = ""
    ) -> None:
        self.ref_night = value.endswith("TNI")
        self.ref_end = self.end
        self.ref_value = value
        self.focus[granularity or "day"] = (self.end, interval[0])
        self.ref_date = interval[0]
        self.ref_gran = granularity or "day"
        self.ref_explicit = True

    # --- resolution ---------------------------------------------------------------------
    def resolve(self, template: str, start: int, end: int) -> Resolved:
        self.start, self.end = start, end
        call = _parse_call(template)
        if call is None:
            return _res(fix_duration(template), "explicit value")
        name, args, suffix = call
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise ResolveError(f"unknown anchoring function @{name}")
        try:
            res = fn(self, *args)
        except (OverflowError, ValueError) as exc:
            if isinstance(exc, ResolveError) or not (
                isinstance(exc, OverflowError)
                or _calendar_edge(self.dct)
                or _calendar_edge(self.ref_date)
            ):
                raise
            # off Python's calendar (years 1-9999): "20 centuries ago" in 2000, a DCT or a date
            # last mentioned in year 1 or 9999 ("9999-12-31 ... the following week"); date
            # arithmetic overflows (never clamped to the nearest date): no date, never a wrong one
            raise ResolveError("beyond the calendar (years 1-9999)") from None
        if suffix and res.value[:1].isdigit() and "T" not in res.value:
            res.value += suffix
            res.interval, res.granularity = _interval(res.value)
        if res.ref_year is not None:
            self.ytd = (end, res.ref_year)
            self.set_ref((date(res.ref_year, 1, 1), date(res.ref_year, 12, 31)), "year")
        return res


# --- helpers ------------------------------------------------------------------------------
def _calendar_edge(day: date) -> bool:
    """A DCT or reference date so near the ends of Python's calendar that anchoring may step
    off it."""
    return day.year <= 2 or day.year >= 9998


@lru_cache(maxsize=4096)
def _parse_call(template: str) -> tuple[str, tuple[str, ...], str] | None:
    """ "@wd(5)" -> ("wd", ("5",), ""); None for a plain value (memoised: few distinct)."""
    m = _CALL.match(template)
    if not m:
        return None
    args = m.group(2)
    return m.group(1), tuple(a.strip() for a in args.split(",")) if args.strip() else (), m.group(3)


def _interval(value: str) -> tuple[tuple[date, date] | None, str | None]:
    iv = value_interval(value)
    if iv is None:
        return None, None
    return (iv[0], iv[1]), iv[2]


def _res(value: str, reason: str, type_: str | None = None) -> Resolved:
    interval, gran = _interval(value)
    return Resolved(value, reason, interval, gran, type_)


def _around(dct: date, month: int, day: int = 1, years: tuple[int, ...] = (-1, 0, 1)) -> list[date]:
    """``month``/``day`` in the years around the DCT's (skipping years outside 1..9999)."""
    out = []
    for dy in years:
        try:
            out.append(date(dct.year + dy, month, day))
        except ValueError:
            continue
    return out


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _pick(ctx: Anchor, candidates: list[date], what: str, window: int = 150) -> tuple[date, str]:
    """Choose among candidate dates: the tense-preferred one (past -> latest on/before DCT,
    future -> next on/after DCT) if it lies within ``window`` days of the DCT, else the one
    nearest to the DCT (news mostly reports the recent past and the near future)."""
    dct = ctx.dct
    tense = ctx.tense()
    past = [c for c in candidates if c <= dct]
    future = [c for c in candidates if c >= dct]
    limit = None if ctx.mode == "phrase" else window
    if tense == "future" and future:
        best = min(future)
        if limit is None or (best - dct).days <= limit:
            return best, f"{ctx.tense_why()}, next {what} on/after DCT"
    if tense == "past" and past:
        best = max(past)
        if limit is None or (dct - best).days <= limit:
            return best, f"{ctx.tense_why()}, latest {what} on/before DCT"
    best = min(candidates, key=lambda c: (abs((c - dct).days), c > dct))
    return best, f"{what} nearest to DCT"


# --- functions called from rule values ----------------------------------------------------
def f_abs(ctx: Anchor, y: str, m: str = "", d: str = "") -> Resolved:
    year = int(y)
    if len(y) == 2:  # '98 -> the nearest such year not more than 10 years after the DCT
        century = ctx.dct.year // 100 * 100
        year = max(
            (c + year for c in (century - 100, century, century + 100)),
            key=lambda v: (v <= ctx.dct.year + 10, v),
        )
    try:
        if d:
            value = date(year, int(m), int(d)).isoformat()
        elif m:
            date(year, int(m), 1)
            value = f"{year:04d}-{int(m):02d}"
        else:
            value = f"{year:04d}"
    except ValueError:
        raise ResolveError("no such date") from None
    return _res(value, "explicit date")


def f_md(ctx: Anchor, m: str, d: str, y: str = "") -> Resolved:
    if y:
        return f_abs(ctx, y, m, d)
    month, day = int(m), int(d)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ResolveError("no such date")
    cands = []
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        try:
            cands.append(date(year, month, day))
        except ValueError:
            continue
    if not cands:
        raise ResolveError("no such date")
    chosen, why = _pick(ctx, cands, "such day", window=300)
    return _res(chosen.isoformat(), why)


def f_weekof(ctx: Anchor, m: str, d: str, y: str = "") -> Resolved:
    """ "the week of March 6": the ISO week containing that day."""
    res = f_md(ctx, m, d, y)
    day = date.fromisoformat(res.value)
    return _res(format_at(day, "week"), f"the week of {res.value} ({res.reason})")


def f_m(ctx: Anchor, m: str) -> Resolved:
    month = int(m)
    cands = _around(ctx.dct, month, 15)
    if month == ctx.dct.month:
        return _res(format_at(ctx.dct, "month"), "the month of the DCT")
    chosen, why = _pick(ctx, cands, "such month", window=366)
    return _res(format_at(chosen, "month"), why)


def f_my(ctx: Anchor, m: str, rel: str) -> Resolved:
    year = ctx.dct.year + int(rel or 0)
    return _res(f"{year:04d}-{int(m):02d}", f"month of the year DCT{int(rel or 0):+d}")


def f_mdrel(ctx: Anchor, m: str, d: str, rel: str) -> Resolved:
    """ "March 2 last year": that day of the year DCT+rel."""
    year = ctx.dct.year + int(rel or 0)
    try:
        value = date(year, int(m), int(d)).isoformat()
    except ValueError as exc:
        raise ResolveError("no such date") from exc
    return _res(value, f"day of the year DCT{int(rel or 0):+d}")


def f_mlast(ctx: Anchor, m: str) -> Resolved:
    month = int(m)
    year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    return _res(f"{year:04d}-{month:02d}", "'last': latest such month before the DCT month")


def f_mnext(ctx: Anchor, m: str) -> Resolved:
    month = int(m)
    year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    return _res(f"{year:04d}-{month:02d}", "next such month after DCT")


_POSSESSIVE = ("'s", "\u2019s")


# between a clock time and the weekday it is on: "4pm local time (1300 GMT) on Saturday"
_CLOCK_DAY_GAP = re.compile(r"(?:,?\s*local time)?\s*(?:\([^()]{0,20}\)|\))?,?\s*(?:on\s+)?")


def f_wd(ctx: Anchor, w: str) -> Resolved:
    target = int(w)
    dct = ctx.dct
    name = _WEEKDAY_NAMES[target - 1]
    if dct.isoweekday() == target:
        return _res(dct.isoformat(), f"DCT is a {name}: the {name} = DCT")
    if (
        ctx.ref_explicit
        and ctx.ref_gran in ("minute", "hour", "day")
        and 0 <= ctx.ref_end <= ctx.start
        and ctx.ref_date.isoweekday() == target
        and _CLOCK_DAY_GAP.fullmatch(ctx.text, ctx.ref_end, ctx.start)
    ):
        # "at 4pm local time (1300 GMT) on Saturday": the day the clock time was put on
        return _res(ctx.ref_date.isoformat(), f"the {name} of the clock time just before it")
    back = dct - timedelta(days=(dct.isoweekday() - target) % 7)
    fwd = dct + timedelta(days=(target - dct.isoweekday()) % 7)
    forward = ctx.words.get("possessive_forward")
    tense = ctx.tense()
    if (
        tense == "future"
        and not ctx.cue_adjacent
        and forward is not None
        and ctx.text.startswith(_POSSESSIVE, ctx.end)
        and not ctx.preceded_by(tuple(forward))
    ):
        # "get around Wednesday's ruling": an event named by its day, told after it; the
        # future verb governs it only as its direct object ("will attend Saturday's meeting")
        return _res(back.isoformat(), f"possessive ('{name}'s ...'): latest {name} before DCT")
    if tense == "future":
        return _res(fwd.isoformat(), f"{ctx.tense_why()}, next {name} after DCT")
    if tense != "future" and _future_past_relative(ctx):
        # "will meet West Germany, who beat France this afternoon, at the stadium on Sunday":
        # the relative clause's verb is no cue for what follows it
        return _res(fwd.isoformat(), f"future verb before a relative clause, next {name}")
    reported = _REPORTED_SUBJECT.search(ctx.text, max(0, ctx.start - 80), ctx.start)
    if tense == "past" and reported and _future_next(ctx):
        # "the mayor said the marathon on Sunday would go ahead": the day belongs to the
        # reported clause's subject; that clause's future verb governs it, not "said"
        return _res(fwd.isoformat(), f"reported clause's future verb, next {name} after DCT")
    if tense is None and _distant_future_verb(ctx):
        # "will start their qualifying campaign against Albania at Wembley on Friday": a
        # future verb further back in its own clause, with no other cue
        return _res(fwd.isoformat(), f"future verb further back in its clause, next {name}")
    if tense is None and _ahead_in_sentence(ctx):
        # "would be turned on it again tonight and on Thursday", "due to go into orbit on
        # Saturday afternoon and to land on Sunday": no cue of its own, listed after a day
        # still to come (or tonight) in its sentence
        return _res(fwd.isoformat(), f"listed after a day still to come, next {name} after DCT")
    why = ctx.tense_why() if tense == "past" else "no tense cue (news default)"
    return _res(back.isoformat(), f"{why}, latest {name} before DCT")


# what may lie between two days of one list: a coordination, no subordinating word
_LIST_GAP = re.compile(
    r"(?=[^.;]{0,40}$)(?=.*(?:,|\band\b|\bor\b))"
    r"(?!.*\b(?:after|before|since|following|than|when|while|until|but|ago)\b)[^.;]*",
    re.IGNORECASE | re.DOTALL,
)


# "said the marathon on " right before a weekday: the subject of a reported clause
_REPORTED_SUBJECT = re.compile(
    r"\b(?:said|says|announced|confirmed)\s+(?:that\s+)?(?:the|a|an|its|his|her|their)\s+"
    r"(?:[a-z-]+\s+){0,2}on\s+$",
    re.IGNORECASE,
)


def _future_next(ctx: Anchor) -> bool:
    """A future cue starts within 12 characters after the expression, in its clause."""
    for m in ctx.cues.finditer(ctx.text, ctx.end, min(len(ctx.text), ctx.end + 40)):
        near = m.start() - ctx.end <= 12 and ctx.boundaries(ctx.end, m.start()) == 0
        return near and bool(m.group("future"))
    return False


# a relative clause between commas, then the words before the expression
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)\b[^,;:.()]{1,80},(?P<tail>[^,;:.()]{0,40})$")


def _future_past_relative(ctx: Anchor) -> bool:
    """The expression follows a relative clause between commas (", who beat France ... ,")
    with no cue after it, and the nearest cue before that clause (within ``_CLAUSE_WINDOW``
    characters, no boundary between) is a future one."""
    sent_start = ctx.sentence(ctx.start)[0]
    rel = _RELATIVE_BEFORE.search(ctx.text, max(sent_start, ctx.start - 130), ctx.start)
    if rel is None or any(True for _ in ctx.cues.finditer(ctx.text, rel.start("tail"), ctx.start)):
        return False
    lo = max(sent_start, rel.start() - _CLAUSE_WINDOW)
    nearest: re.Match[str] | None = None
    for m in ctx.cues.finditer(ctx.text, lo, rel.start()):
        nearest = m
    return (
        nearest is not None
        and bool(nearest.group("future"))
        and ctx.boundaries(nearest.end(), rel.start()) == 0
    )


def _distant_future_verb(ctx: Anchor) -> bool:
    """The nearest tense cue before the expression, up to ``_FAR_CLAUSE`` characters back
    with no clause boundary in between, is a future one."""
    lo = max(ctx.sentence(ctx.start)[0], ctx.start - _FAR_CLAUSE)
    nearest: re.Match[str] | None = None
    for m in ctx.cues.finditer(ctx.text, lo, ctx.start):
        if m.end() <= ctx.start:
            nearest = m
    if nearest is None or not nearest.group("future"):
        return False
    crossed = ctx.boundaries(nearest.end(), ctx.start)
    # "plans to campaign ... for the final 96 hours, starting in California on Friday": a
    # comma before a participle continues the clause (its one boundary)
    return crossed == 0 or (
        crossed == 1 and _PARTICIPLE_COMMA.fullmatch(ctx.text, nearest.end(), ctx.start) is not None
    )


_FAR_CLAUSE = 100  # chars
_PARTICIPLE_COMMA = re.compile(r"[^,;:.()]*,\s+[a-z]+ing\b[^,;:.()]*")


def _ahead_in_sentence(ctx: Anchor) -> bool:
    """The last date mentioned is in the expression's sentence, a day (or finer) after the
    DCT, or the DCT's coming night ("tonight")."""
    if not ctx.ref_explicit or ctx.ref_gran not in ("minute", "hour", "day"):
        return False
    if not ctx.sentence(ctx.start)[0] <= ctx.ref_end <= ctx.start:
        return False
    if not _LIST_GAP.fullmatch(ctx.text, ctx.ref_end, ctx.start):
        return False  # "will meet on Sunday, after beating them on Wednesday": no list
    return ctx.ref_date > ctx.dct or (ctx.ref_date == ctx.dct and ctx.ref_night)


def f_wdref(ctx: Anchor, w: str, sign: str) -> Resolved:
    """ "the previous Friday" / "the following Monday": the weekday before / after the last
    day mentioned (narrative), or the DCT when no day was mentioned."""
    target = int(w)
    base, src = ctx.ref_date, "the last day mentioned"
    if not ctx.ref_explicit or ctx.ref_gran != "day":
        base, src = ctx.dct, "the DCT"
    if sign.lower() == "following":
        d = base + timedelta(days=(target - base.isoweekday()) % 7 or 7)
    else:
        d = base - timedelta(days=(base.isoweekday() - target) % 7 or 7)
    word = "after" if sign.lower() == "following" else "before"
    return _res(d.isoformat(), f"the {_WEEKDAY_NAMES[target - 1]} {word} {src}")


def f_wdthis(ctx: Anchor, w: str) -> Resolved:
    target = int(w)
    d = ctx.dct + timedelta(days=target - ctx.dct.isoweekday())
    return _res(d.isoformat(), f"'this': the {_WEEKDAY_NAMES[target - 1]} of the DCT week")


def f_wdp(ctx: Anchor, w: str) -> Resolved:
    target = int(w)
    days = (ctx.dct.isoweekday() - target) % 7 or 7
    d = ctx.dct - timedelta(days=days)
    return _res(d.isoformat(), f"'last': latest {_WEEKDAY_NAMES[target - 1]} before DCT")


def f_wdn(ctx: Anchor, w: str) -> Resolved:
    target = int(w)
    days = (target - ctx.dct.isoweekday()) % 7 or 7
    d = ctx.dct + timedelta(days=days)
    return _res(d.isoformat(), f"'next': first {_WEEKDAY_NAMES[target - 1]} after DCT")


def f_dct(ctx: Anchor, unit: str, off: str = "0") -> Resolved:
    code = unit_code(unit)
    gran = UNIT_GRANULARITY.get(code, "day")
    d = shift(ctx.dct, code, _num(off or "0") or 0)
    return _res(format_at(d, gran), f"DCT {gran} {int(_num(off or '0') or 0):+d}")


def _ref_gran_for(ctx: Anchor, code: str) -> str:
    return UNIT_GRANULARITY.get(code, "day")


def f_ref(ctx: Anchor, unit: str, off: str = "0") -> Resolved:
    code = unit_code(unit)
    gran = _ref_gran_for(ctx, code)
    base, src = ctx.ref_date, "last date mentioned"
    if not ctx.ref_explicit:
        src = "DCT (no earlier date)"
    elif _FINE.get(ctx.ref_gran, 0) > _FINE.get(gran, 0):
        base, src = ctx.dct, f"DCT (last date mentioned is only a {ctx.ref_gran})"
    d = shift(base, code, _num(off or "0") or 0)
    return _res(format_at(d, gran), f"narrative: {gran} {int(_num(off or '0') or 0):+d} from {src}")


def f_refdaypart(ctx: Anchor) -> Resolved:
    """The day of "through the afternoon", "throughout the day", "that evening": the last
    date mentioned if it is a day; if it is coarser ("erupted on Sunday ... watched it since
    late March ... ash fell through the afternoon") the last day mentioned, not the DCT."""
    day = ctx.focus.get("day")
    coarser = ctx.ref_explicit and ctx.ref_gran != "day" and day is not None
    last = day[1] if coarser and day is not None else ctx.ref_date
    if ctx.ref_explicit and last != ctx.dct and ctx.tense() == "past":
        if _PRESENT_PERFECT.fullmatch(ctx.cue):
            # "says it has been in contact ... throughout the day": up to now, the DCT's day
            return _res(ctx.dct.isoformat(), f"{ctx.tense_why()}: a present perfect, the DCT")
        if last > ctx.dct:
            # "closed mixed ahead of a holiday on Friday ... slipped in the afternoon": a past
            # event is not on a day still to come; the DCT's day
            return _res(ctx.dct.isoformat(), f"{ctx.tense_why()}: the last day mentioned is ahead")
    if coarser:
        return _res(last.isoformat(), "narrative: the last day mentioned")
    return f_ref(ctx, "D", "0")


_PRESENT_PERFECT = re.compile(r"(?:has|have) been", re.IGNORECASE)


_DAY_NAMED_AFTER = re.compile(
    r"(?:(?!\s+and\b)[^.;,\n]){0,30}?\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve|several|a few)\s+(?:days?|weeks?)\s+(?:before|after|earlier|later)\b",
    re.IGNORECASE,
)


def f_clockday(ctx: Anchor, clock: str = "") -> Resolved:
    """A bare clock time's day (``_clockday``), remembered for a range's end after it."""
    res = _clockday(ctx, clock)
    try:
        ctx.last_clock = (ctx.end, date.fromisoformat(res.value[:10]), _minutes(clock))
    except ValueError:  # no day ("XXXX-XX-XXT06:00")
        ctx.last_clock = None
    return res


def _clockday(ctx: Anchor, clock: str = "") -> Resolved:
    """The day of a bare clock time ("at 4 a.m."): the day of the last date mentioned, or the
    next one for a time in the small hours (before 6 a.m.) after a night was mentioned
    ("counted through the night; the result came at 4 a.m." -> the morning after). The
    clock is appended by the rule's ``T{clock}`` suffix."""
    if _DAY_NAMED_AFTER.match(ctx.text, ctx.end):
        # "at 6 a.m. ten days before the shooting": the day is the one named after it,
        # counted from an event with no date here; no day rather than a guessed one
        res = Resolved(f"XXXX-XX-XXT{clock}", "its day is counted from an undated event")
        res.sets_ref = False
        return res
    res = f_ref(ctx, "D", "0")
    if ctx.ref_explicit and ctx.ref_date < ctx.dct and ctx.tense() == "future":
        # "the ultimatum, set on Friday, expires at 10 p.m.": a time still to come is not
        # on a day already past; the DCT's
        return _res(ctx.dct.isoformat(), f"{ctx.tense_why()}: on the DCT, not a day gone by")
    hour = clock.partition(":")[0]
    if ctx.ref_night and ctx.ref_explicit and hour.isdigit() and int(hour) < 12:
        day = ctx.ref_date + timedelta(days=1)
        return _res(day.isoformat(), "a morning time after the night last mentioned")
    prev = ctx.last_clock
    if (
        prev is not None
        and _CLOCK_RANGE_GAP.fullmatch(ctx.text, prev[0], ctx.start)
        and _minutes(clock) < prev[2]
        and res.value[:10] == prev[1].isoformat()
    ):
        # "a curfew from 7 p.m. until 7:30 a.m.": a range's end before its start is the
        # next day's
        day = prev[1] + timedelta(days=1)
        return _res(day.isoformat(), "the end of a range past midnight: the next day")
    return res


_CLOCK_RANGE_GAP = re.compile(r"\s*(?:until|till|to|through|-|–)\s*(?:about |around )?", re.I)


def _minutes(clock: str) -> int:
    """Minutes after midnight of an ``hh:mm`` clock (-1 when it is none)."""
    hh, _, mm = clock.partition(":")
    if not (hh.isdigit() and mm.isdigit()):
        return -1
    return int(hh) * 60 + int(mm)


def f_clockat(ctx: Anchor, weekday: str = "", reld: str = "", clock: str = "") -> Resolved:
    """The day of a clock time by what follows it ("9 a.m. local time tomorrow", "1300 GMT on
    Monday"): that weekday, that day relative to the DCT, else as a bare clock time."""
    if weekday:
        return f_wd(ctx, weekday)
    if reld:
        return f_dct(ctx, "D", reld)
    return f_clockday(ctx, clock)


def f_refday(ctx: Anchor, sign: str) -> Resolved:
    if (
        ctx.ref_explicit
        and ctx.ref_gran == "day"
        and 0 <= ctx.ref_end <= ctx.start
        and _APPOSITION.fullmatch(ctx.text, ctx.ref_end, ctx.start)
    ):
        # "after Oct. 12, the day before the plunge": an apposition restates that date
        return _res(ctx.ref_date.isoformat(), "apposition: the date just before it, restated")
    before = sign.lower().startswith("before")
    day = ctx.focus.get("day")
    if ctx.ref_explicit and ctx.ref_gran != "day" and day is not None:
        # "won on Saturday, its first title since the 1958-59 season ... the day before the
        # match": a year mentioned since is no day to count from; the last day mentioned is
        d = day[1] + timedelta(days=-1 if before else 1)
        word = "before" if before else "after"
        return _res(d.isoformat(), f"the day {word} the last day mentioned")
    return f_ref(ctx, "D", "-1" if before else "1")


_APPOSITION = re.compile(r"\s*,\s*")


_FINE = {
    "day": 0,
    "week": 1,
    "month": 2,
    "quarter": 3,
    "season": 3,
    "year": 4,
    "decade": 5,
    "century": 6,
}


_MONTH_VALUE = re.compile(r"\d{4}-\d{2}")


def f_shift(ctx: Anchor, unit: str, count: str, direction: str, base: str = "") -> Resolved:
    code = unit_code(unit)
    n = _num(count)
    later = direction.lower().startswith(("later", "after"))
    if n is None:
        return Resolved("FUTURE_REF" if later else "PAST_REF", "vague shift")
    unit_gran = UNIT_GRANULARITY.get(code, "day")
    start_pos = ctx.start
    if base == "dct" or not ctx.ref_explicit:
        start, gran, src = ctx.dct, unit_gran, "DCT"
    else:
        start, src = ctx.ref_date, "last date mentioned"
        gran = ctx.ref_gran
        quarter = ctx.focus.get("quarter")
        if (
            code == "Y"
            and gran == "day"
            and quarter is not None
            and quarter[0] >= ctx.sentence(ctx.ref_end)[0]
            and quarter[1] <= start < shift(quarter[1], "M", 3)
        ):
            # "lost $212 million in the fiscal second quarter, which ended April 28, against a
            # profit a year earlier": the day closes the quarter in focus; that quarter
            start, gran, src = quarter[1], "quarter", "the quarter the last day closes"
        elif (
            gran == "month"
            and code == "Y"
            and n == 1
            and _MONTH_VALUE.fullmatch(ctx.ref_value)
            and ctx.ref_end >= ctx.sentence(start_pos)[0]
        ):
            pass  # "sales in October rose 9% from a year earlier": that month (TBAQ wsj_0950)
        elif gran in ("day", "week", "month") and _FINE.get(gran, 0) < _FINE.get(unit_gran, 0):
            gran = unit_gran  # "a year earlier" than a day: that year
    d = shift(start, code, n if later else -n)
    res = _res(format_at(d, gran), f"{count} {unit} {'after' if later else 'before'} {src}")
    res.sets_ref = False
    return res


def f_ago(ctx: Anchor, unit: str, count: str) -> Resolved:
    code = unit_code(unit)
    n = _num(count)
    if n is None:
        return Resolved("PAST_REF", "vague 'ago'", sets_ref=False)
    if code == "Y" and n == 1 and ctx.ref_explicit and ctx.ref_gran == "quarter":
        d = shift(ctx.ref_date, "Y", -1)
        res = _res(format_at(d, "quarter"), "a year before the quarter last mentioned")
        res.sets_ref = False
        return res
    gran = UNIT_GRANULARITY.get(code, "day")
    d = shift(ctx.dct, code, -n)
    res = _res(format_at(d, gran), f"{count} {unit} before DCT")
    res.sets_ref = False
    return res


def f_span(ctx: Anchor, direction: str, count: str, unit: str, word: str = "") -> Resolved:
    code = unit_code(unit)
    if not count and word.lower().endswith("s"):
        count = "X"  # "the coming years", "past months"
    n = _num(count or "1")
    value = fix_duration(f"P{count or '1'}{code}")
    if n is None:
        return Resolved(value, "vague span", type="DURATION")
    gran = UNIT_GRANULARITY.get(code, "day")
    if direction == "+":
        interval = (ctx.dct, shift(ctx.dct, code, n))
        why = f"span of {value} starting at DCT"
    else:
        interval = (shift(ctx.dct, code, -n), ctx.dct)
        why = f"span of {value} ending at DCT"
    return Resolved(value, why, interval, gran, "DURATION")


def f_px(ctx: Anchor, unit: str) -> Resolved:
    return Resolved(fix_duration(f"PX{unit_code(unit)}"), "vague duration", type="DURATION")


def f_half(ctx: Anchor, count: str, unit: str) -> Resolved:
    n = _num(count)
    value = fix_duration(
        f"P{n + 0.5:g}{unit_code(unit)}" if n is not None else f"PX{unit_code(unit)}"
    )
    return Resolved(value, "duration and a half", type="DURATION")


_DUR_ORDER = ("CE", "DE", "Y", "Q", "M", "F", "W", "D", "H", "MIN", "S")


def f_dursum(ctx: Anchor, c1: str, u1: str, c2: str, u2: str) -> Resolved:
    """ "3 hours and 18 minutes", "two years and six months": one DURATION (``PT3H18M``,
    ``P2Y6M``). Whole counts only, the larger unit first, and neither a decade, century,
    quarter or fortnight (written as years / months / weeks, they would not add up)."""
    n1, n2 = _num(c1), _num(c2)
    a, b = unit_code(u1), unit_code(u2)
    if (
        n1 is None
        or n2 is None
        or n1 != int(n1)
        or n2 != int(n2)
        or {a, b} & {"CE", "DE", "Q", "F"}
        or _DUR_ORDER.index(a) >= _DUR_ORDER.index(b)
    ):
        raise ResolveError("not one duration")
    parts = {"Y": "", "M": "", "W": "", "D": "", "H": "", "MIN": "", "S": ""}
    parts[a] = f"{int(n1)}"
    parts[b] = f"{int(n2)}"
    date_part = "".join(f"{parts[u]}{u}" for u in ("Y", "M", "W", "D") if parts[u])
    time_part = "".join(
        f"{parts[u]}{'M' if u == 'MIN' else u}" for u in ("H", "MIN", "S") if parts[u]
    )
    value = f"P{date_part}{'T' + time_part if time_part else ''}"
    return Resolved(value, "a duration in two units", type="DURATION")


def f_season(ctx: Anchor, s: str) -> Resolved:
    code = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}.get(
        s.lower(), s.upper()
    )
    month = SEASON_MONTH.get(code, 6)
    cands = _around(ctx.dct, month)
    tense = ctx.tense()
    ahead = [c for c in cands if add_months(c, 3) > ctx.dct]
    started = [c for c in cands if c <= ctx.dct]
    if tense == "future" and ahead:
        chosen = min(ahead)
        why = f"{ctx.tense_why()}, next such season"
    elif tense is None and cands:
        # no tense cue: the season nearest to the DCT, as for months ("elections ... not
        # before the spring" in November -> next spring; "into the summer" in October -> this
        # summer); the season under way if the DCT is in one, past wins ties
        def gap(c: date) -> tuple[int, bool]:
            end = add_months(c, 3)
            if c <= ctx.dct < end:
                return 0, False
            return min(abs((c - ctx.dct).days), abs((ctx.dct - end).days) + 1), c > ctx.dct

        chosen = min(cands, key=gap)
        why = "no tense cue, such season nearest to DCT"
    elif started:
        chosen = max(started)
        why = "latest such season started before DCT"
    else:  # only at the very start of the calendar (year 1)
        raise ResolveError("no such season within the calendar (years 1-9999)")
    return _res(f"{chosen.year:04d}-{code}", why)


def f_seasonrel(ctx: Anchor, s: str, rel: str) -> Resolved:
    month = SEASON_MONTH.get(s, 6)
    starts = _around(ctx.dct, month, 1, (-2, -1, 0, 1))
    spans = [(st, add_months(st, 3) - timedelta(days=1)) for st in starts]
    r = int(rel or 0)
    before = [st for st, end in spans if end < ctx.dct]
    after = [st for st, end in spans if st > ctx.dct]
    if r < 0 and before:
        start = max(before)
        why = "'last': latest such season ended before the DCT"
    elif r > 0 and after:
        start = min(after)
        why = "'next': first such season starting after the DCT"
    elif r == 0:
        current = [st for st, end in spans if st <= ctx.dct <= end]
        started = [st for st, end in spans if st <= ctx.dct]
        tense = ctx.tense()
        if current:
            start, why = current[0], "'this': the season containing the DCT"
        elif tense == "future" and after:
            start = min(after)
            why = "'this', future tense: next such season"
        elif tense is None and spans:
            # no tense cue: the nearer of the season just ended and the one to come
            # ("protests this summer" in March -> the coming summer), past wins ties
            start = min(
                spans,
                key=lambda p: (
                    (p[0] - ctx.dct).days if p[0] > ctx.dct else (ctx.dct - p[1]).days,
                    p[0] > ctx.dct,
                ),
            )[0]
            why = "'this', no tense cue: such season nearest to the DCT"
        elif started:
            start = max(started)
            why = "'this': latest such season before the DCT"
        else:
            raise ResolveError("no such season within the calendar (years 1-9999)")
    else:
        raise ResolveError("no such season within the calendar (years 1-9999)")
    return _res(f"{start.year:04d}-{s}", why)


def f_yearperiod(ctx: Anchor, year: str) -> Resolved:
    if ctx.ref_explicit and ctx.ref_gran == "quarter":
        q = (ctx.ref_date.month - 1) // 3 + 1
        res = _res(f"{int(year):04d}-Q{q}", "the quarter last mentioned, in the year given")
        res.sets_ref = False
        return res
    return _res(f"{int(year):04d}", "the year given")


def _last_quarter(ctx: Anchor) -> date:
    if (
        ctx.ref_explicit
        and ctx.ref_gran == "quarter"
        and (add_months(ctx.ref_date, 3) <= ctx.dct or ctx.ref_value in ctx.fiscal_quarters)
    ):
        return ctx.ref_date
    focus = ctx.focus.get("quarter")
    if focus is not None and format_at(focus[1], "quarter") in ctx.fiscal_quarters:
        return focus[1]  # "the fiscal fourth quarter, which ended on Saturday, ... the quarter"
    q_start = date(ctx.dct.year, (ctx.dct.month - 1) // 3 * 3 + 1, 1)
    return add_months(q_start, -3)


def f_q(ctx: Anchor, q: str) -> Resolved:
    quarter = int(q)
    year = ctx.dct.year
    start = date(year, 3 * quarter - 2, 1)
    why = "quarter of the DCT year"
    tense = ctx.tense()
    if start > ctx.dct and tense != "future" and "fiscal" in ctx.text[ctx.start : ctx.end].lower():
        # "the fiscal fourth quarter, which ended on Saturday" (July): a company's quarter,
        # labelled by the DCT's year although the calendar quarter is still to come
        ctx.fiscal_quarters.add(f"{year:04d}-Q{quarter}")
        return _res(f"{year:04d}-Q{quarter}", "a fiscal quarter: the DCT's year")
    if start > ctx.dct and tense == "past":
        year -= 1
        why = f"{ctx.tense_why()}, latest such quarter before DCT"
    elif add_months(start, 6) <= ctx.dct and tense == "future":
        # a quarter that ended before the current one began: the next year's. The quarter
        # just ended stays this year's even in the future tense: its results are reported
        # (and "will be", "is increasing its reserves for") in the quarter after it
        year += 1
        why = f"{ctx.tense_why()}, next such quarter after DCT"
    elif add_months(start, 3) <= ctx.dct and tense == "future":
        why = f"{ctx.tense_why()}, but the quarter just ended (reported after it ends)"
    return _res(f"{year:04d}-Q{quarter}", why)


def f_qrel(ctx: Anchor, q: str, rel: str) -> Resolved:
    year = ctx.dct.year + int(rel or 0)
    return _res(f"{year:04d}-Q{int(q)}", f"quarter of the year DCT{int(rel or 0):+d}")


def f_lastq(ctx: Anchor) -> Resolved:
    d = _last_quarter(ctx)
    why = (
        "quarter last mentioned"
        if ctx.ref_explicit and ctx.ref_gran == "quarter"
        else "last completed quarter before DCT"
    )
    return _res(format_at(d, "quarter"), why)


def f_fullyear(ctx: Anchor) -> Resolved:
    """ "the full year": the year whose quarter is in focus ("a fourth-quarter loss ... profit
    for the full year" in February: last year); the DCT's year when no quarter was named."""
    focus = ctx.focus.get("quarter")
    if focus is not None and focus[1] <= ctx.dct:
        res = _res(f"{focus[1].year:04d}", "the year of the quarter in focus")
    else:
        res = _res(f"{ctx.dct.year:04d}", "the DCT's year")
    res.sets_ref = False
    return res


def f_refq(ctx: Anchor, unit: str, off: str, q: str = "") -> Resolved:
    if q:
        base = date(ctx.dct.year, 3 * int(q) - 2, 1)
    else:
        base = _last_quarter(ctx)
    d = shift(base, unit_code(unit), _num(off) or 0)
    res = _res(format_at(d, "quarter"), "the same quarter a year before")
    res.sets_ref = False
    return res


def f_ytd(ctx: Anchor, count: str) -> Resolved:
    """ "for the nine months", "in the first six months": a DURATION (``P9M``), the period of
    account of an earnings report, which lies in the year of the quarter in focus (else of the
    last completed quarter). It becomes the period in focus: "a year earlier", "the 1988
    period", "year-ago results" after it are that period a year before, i.e. the year before
    (no ISO value names nine months of a year), not the quarter mentioned before it."""
    value = fix_duration(f"P{count}M")
    start, end = ctx.sentence(ctx.start)
    words = set(_LETTERS.findall(ctx.text[start:end].lower()))
    if not words & set(ctx.words.get("half_context", {})):
        return Resolved(value, "a duration (no figures around it: no period of account)")
    res = Resolved(value, "a period of account, now in focus", type="DURATION")
    res.ref_year = _last_quarter(ctx).year
    res.sets_ref = False
    return res


def f_refp(ctx: Anchor, unit: str, off: str) -> Resolved:
    """ "the year-earlier period", "year-ago results": the period in focus a year before: the
    year before that of a period of account named after the last quarter ("for the nine
    months ... year-ago results" -> ``1988``), else the quarter (``@refq``)."""
    quarter_end = ctx.focus.get("quarter", (-1, ctx.dct))[0]
    if ctx.ytd is not None and ctx.ytd[0] > quarter_end:
        year = ctx.ytd[1] + int(_num(off) or 0)
        res = _res(f"{year:04d}", "the period of account in focus, a year before: its year")
        res.sets_ref = False
        return res
    return f_refq(ctx, unit, off)


_PERIODS = ("week", "month", "quarter", "season")


def f_sameperiod(ctx: Anchor) -> Resolved:
    """ "the same / corresponding period last year": the period in focus (the last week,
    month, quarter or season mentioned) a year before; with none, only the year before the
    DCT (coarse, not guessed)."""
    periods = [(end, gran, d) for gran, (end, d) in ctx.focus.items() if gran in _PERIODS]
    if periods:
        _, gran, d = max(periods)
        res = _res(format_at(shift(d, "Y", -1), gran), f"the {gran} last mentioned, a year before")
    else:
        res = _res(f"{ctx.dct.year - 1:04d}", "no period in focus: the year before the DCT")
    res.sets_ref = False
    return res


def f_focusmonth(ctx: Anchor) -> Resolved:
    """ "a record for the month": the last month mentioned ("fell in late March, the third
    decline this year, ... for the month" -> March, not the year named since); the DCT's
    month when none was."""
    last = ctx.focus.get("month")
    if last is None:
        return _res(format_at(ctx.dct, "month"), "no month mentioned: the DCT's")
    return _res(format_at(last[1], "month"), "the month last mentioned")


def f_decade2(ctx: Anchor, digit: str) -> Resolved:
    century = ctx.dct.year // 100
    decade = int(digit)
    if decade * 10 > ctx.dct.year % 100 + 5:
        century -= 1
    return _res(f"{century:02d}{decade}", "decade of the DCT century")


def _holiday_date(code: str, year: int) -> date | None:
    try:
        if code.startswith("EASTER"):
            offset = int(code[6:] or 0)
            return _easter(year) + timedelta(days=offset)
        parts = code.split("-")
        month = int(parts[0])
        if len(parts) == 2 and parts[1] == "ED":  # first Tuesday after the first Monday
            d = date(year, month, 2)
            while d.isoweekday() != 2:
                d += timedelta(days=1)
            return d
        if len(parts) == 2:
            return date(year, month, int(parts[1]))
        weekday, nth = int(parts[1]), parts[2]
        nth, _, after = nth.partition("+")  # "11-4-4+1": the day after the 4th Thursday
        if after:
            base = _holiday_date(f"{parts[0]}-{parts[1]}-{nth}", year)
            return None if base is None else base + timedelta(days=int(after))
        if nth == "L":
            d = add_months(date(year, month, 1), 1) - timedelta(days=1)
            while d.isoweekday() != weekday:
                d -= timedelta(days=1)
            return d
        d = date(year, month, 1)
        while d.isoweekday() != weekday:
            d += timedelta(days=1)
        return d + timedelta(days=7 * (int(nth) - 1))
    except ValueError:
        return None


def _easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lx = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lx) // 451
    month = (h + lx - 7 * m + 114) // 31
    day = (h + lx - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def f_hol(ctx: Anchor, code: str, year: str = "", rel: str = "") -> Resolved:
    if year:
        d = _holiday_date(code, int(year))
        if d is None:
            raise ResolveError("no such date")
        return _res(d.isoformat(), "holiday in the year given")
    cands = [
        d
        for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
        if (d := _holiday_date(code, y)) is not None
    ]
    if not cands:
        raise ResolveError("no such date")
    if rel == "-1":
        past = [c for c in cands if c < ctx.dct]
        return _res(max(past).isoformat(), "'last': latest before DCT")
    if rel == "1":
        fut = [c for c in cands if c > ctx.dct]
        return _res(min(fut).isoformat(), "'next': first after DCT")
    if rel == "0":
        d = _holiday_date(code, ctx.dct.year)
        if d is None:
            raise ResolveError("no such date")
        return _res(d.isoformat(), "holiday of the DCT year")
    chosen, why = _pick(ctx, cands, "such holiday", window=366)
    return _res(chosen.isoformat(), why)


def f_holwe(ctx: Anchor, code: str) -> Resolved:
    """ "the Thanksgiving weekend", "the Labor Day weekend": the weekend next to the holiday
    (anchored as the holiday is); a Monday holiday's is the weekend before it."""
    day = date.fromisoformat(f_hol(ctx, code).value)
    if day.isoweekday() == 1:
        day -= timedelta(days=2)
    iso = day.isocalendar()
    return _res(f"{iso[0]:04d}-W{iso[1]:02d}-WE", f"the weekend of the holiday ({day.isoformat()})")


def f_holwk(ctx: Anchor, code: str) -> Resolved:
    """ "Easter week", "Christmas week", "Thanksgiving week": the (ISO, Monday-Sunday) week
    of the holiday, anchored as the holiday is; Easter's is the Holy Week that ends on it."""
    day = date.fromisoformat(f_hol(ctx, code).value)
    return _res(format_at(day, "week"), f"the week of the holiday ({day.isoformat()})")


def f_weekend(ctx: Anchor, rel: str = "") -> Resolved:
    dct = ctx.dct
    monday = dct - timedelta(days=dct.isoweekday() - 1)
    if rel and int(rel) == 0 and dct.isoweekday() < 6 and ctx.tense() == "past":
        # "returned this weekend" / "this past weekend" in a past clause, told on a weekday:
        # the weekend just gone, not the coming one of the DCT's week
        week = monday - timedelta(days=7)
        why = f"{ctx.tense_why()}, 'this weekend' told on a weekday: the latest weekend"
    elif rel:
        week = monday + timedelta(days=7 * int(rel))
        why = f"weekend of the DCT week {int(rel):+d}"
    elif ctx.preceded_by(("ahead of",)):
        # "ordered evacuations ahead of the weekend": the coming one, whatever the tense
        week = monday if dct.isoweekday() < 6 else monday + timedelta(days=7)
        why = "'ahead of the weekend': the coming weekend"
    elif ctx.tense() == "future" and not (
        ctx.preceded_by(("over", "during")) and not ctx.cue_before and _past_verb_before(ctx)
    ):
        week = monday if dct.isoweekday() < 6 else monday + timedelta(days=7)
        why = f"{ctx.tense_why()}, the coming weekend"
    else:
        week = monday if dct.isoweekday() >= 6 else monday - timedelta(days=7)
        why = "the latest weekend up to DCT"
    iso = week.isocalendar()
    return _res(f"{iso[0]:04d}-W{iso[1]:02d}-WE", why)


def _past_verb_before(ctx: Anchor) -> bool:
    """The nearest tense cue before the expression in its sentence (up to
    ``_CLAUSE_WINDOW`` characters) is a past one: "reported record sales over the weekend,
    and retailers expect ...", "a storm that dumped rain over the weekend will linger" (the
    future verb after it is another clause's or the subject's)."""
    sent_start = ctx.sentence(ctx.start)[0]
    nearest: re.Match[str] | None = None
    lo = max(sent_start, ctx.start - 2 * _CLAUSE_WINDOW)
    for m in ctx.cues.finditer(ctx.text, lo, ctx.start):
        if ctx.start - _CLAUSE_WINDOW <= m.end() <= ctx.start:
            nearest = m
    return nearest is not None and not nearest.group("future")


_MIDNIGHT_END = ("before", "until", "till", "by")


def f_midnight(ctx: Anchor) -> Resolved:
    """ "at midnight": the start of the reference day (TimeML ``T00:00``) unless the tense is
    future ("expires at midnight": the end of the day, ``T24:00``). The reference day is the
    last *day* mentioned when a coarser date came since ("said today that he would name him
    later this week ... conceded at midnight" -> today's)."""
    last = ctx.focus.get("day")
    coarser = ctx.ref_explicit and _FINE.get(ctx.ref_gran, 0) > _FINE["day"]
    day = (last[1] if coarser and last is not None else ctx.ref_date).isoformat()
    if ctx.preceded_by(_MIDNIGHT_END):
        # "could be decided before midnight", "worked until midnight": the midnight that
        # ends the day, whatever the tense
        return _res(f"{day}T24:00", "'before / until / by midnight': midnight ending the day")
    if ctx.tense() == "future":
        return _res(f"{day}T24:00", f"{ctx.tense_why()}, midnight ending the day")
    clock = ctx.last_clock
    if clock is not None and clock[1].isoformat() == day and clock[2] >= 12 * 60:
        # "polls closed at 7 p.m., the count could go on past midnight": after an evening
        # time of that day the midnight that follows it, the one ending the day
        return _res(f"{day}T24:00", "after a p.m. time of the day: midnight ending it")
    return _res(f"{day}T00:00", "midnight starting the reference day")


def f_overnight(ctx: Anchor) -> Resolved:
    """ "overnight", "through the night": the night just gone (the night of the day before
    the DCT), as news reports it; in the future tense the coming night (the DCT's)."""
    if ctx.tense() == "future":
        return _res(f"{ctx.dct.isoformat()}TNI", f"{ctx.tense_why()}, the coming night")
    why = ctx.tense_why() if ctx.cue_tense else "no tense cue (news default)"
    if ctx.ref_explicit and ctx.ref_night and ctx.ref_date < ctx.dct:
        # "gave way on Saturday night ... worked through the night": the night just told of
        return _res(f"{ctx.ref_date.isoformat()}TNI", f"{why}, the night last mentioned")
    if (
        ctx.ref_explicit
        and ctx.ref_gran == "day"
        and not ctx.ref_night
        and timedelta(days=2) <= ctx.dct - ctx.ref_date <= timedelta(days=3)
    ):
        # the story is told about a day before yesterday (a Monday report on Friday:
        # "closed lower Friday ... depressed by overnight losses in New York"): the night
        # before that day, not the night before the DCT (the night after yesterday's
        # events stays the default: "threatened on Tuesday ... on alert overnight")
        day = ctx.ref_date - timedelta(days=1)
        return _res(f"{day.isoformat()}TNI", f"{why}, the night before the day last mentioned")
    day = ctx.dct - timedelta(days=1)
    return _res(f"{day.isoformat()}TNI", f"{why}, the night before the DCT")


def f_yearto(ctx: Anchor, y1: str, yy: str) -> Resolved:
    """ "2004-05": the second year of a range written with its last two digits."""
    first = int(y1)
    second = first // 100 * 100 + int(yy)
    if second <= first:
        second += 100
    if second != first + 1:
        raise ResolveError(f"not a range of consecutive years ({y1}-{yy})")
    return _res(f"{second:04d}", f"second year of the range {y1}-{yy}")


def f_fy(ctx: Anchor, year: str) -> Resolved:
    """A fiscal year, labelled by its year as TimeML does ("fiscal 1989" -> ``1989``). With a
    fiscal start other than January, fiscal Y runs from that month of Y-1 to the month before
    it in Y (the US federal convention: FY2020 = October 2019 - September 2020)."""
    y = int(year)
    if len(year) == 2:
        y += ctx.dct.year // 100 * 100
        if y > ctx.dct.year + 20:
            y -= 100
    if not 1 <= y <= 9999:
        raise ResolveError(f"no such year {year}")
    fs = ctx.fiscal_start
    if fs == 1:
        return _res(f"{y:04d}", "fiscal year = calendar year")
    start = date(y - 1, fs, 1)
    end = date(y, fs, 1) - timedelta(days=1)
    why = f"fiscal year {y}: {start.isoformat()} to {end.isoformat()}"
    return Resolved(f"{y:04d}", why, (start, end), "year")


def f_fyrel(ctx: Anchor, rel: str) -> Resolved:
    """ "last fiscal year", "the latest fiscal year" (the last completed one), "next fiscal
    year": the fiscal year of the DCT (by ``fiscal_start``) moved by ``rel``, labelled as
    ``@fy`` labels it."""
    fs = ctx.fiscal_start
    current = ctx.dct.year + (1 if fs != 1 and ctx.dct.month >= fs else 0)
    return f_fy(ctx, str(current + int(rel)))


def f_yearpart(ctx: Anchor, pos: str, months: str, year: str = "", rel: str = "") -> Resolved:
    """ "the first six months of 1997" -> ``1997-H1``, "the first two quarters of 1990" ->
    ``1990-H1``, "the last three months of last year" -> ``1997-Q4``: a part of a named year
    that is a half or a quarter is that DATE (without "of <year>" it stays a duration)."""
    y = int(year) if year else ctx.dct.year + int(rel or 0)
    first = pos == "1"
    if months == "6":
        return _res(f"{y:04d}-H{1 if first else 2}", "a half of the year named")
    return _res(f"{y:04d}-Q{1 if first else 4}", "a quarter of the year named")


def f_andday(ctx: Anchor, day: str) -> Resolved:
    """The bare second day of "on April 24 and 25": the month (and year) of the day just
    before it; only right after a day date and "and" / "or", and only a later day."""
    last = ctx.focus.get("day")
    between = ctx.text[ctx.ref_end : ctx.start] if ctx.ref_end >= 0 else ""
    if last is None or last[0] != ctx.ref_end or not _AND_OR.fullmatch(between):
        raise ResolveError("a number after 'and', not the second day of a date")
    d = int(day)
    if not last[1].day < d <= 31:
        raise ResolveError("not a later day of the same month")
    try:
        value = last[1].replace(day=d)
    except ValueError:
        raise ResolveError("no such date") from None
    return _res(value.isoformat(), "the second day after 'and': the month of the day before it")


_AND_OR = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)


def f_hy(ctx: Anchor, half: str) -> Resolved:
    """ "the first half" without a year: the half of the year in focus (a year written
    before it, else the DCT's), only where the sentence is about figures (word list
    ``half_context``) and not about a game (``half_sport``: "scored early in the second
    half"): "in the second half" of a match is no time of year."""
    start, end = ctx.sentence(ctx.start)
    low = ctx.text[start:end].lower()
    words = set(_LETTERS.findall(low)) | set(_WORDS.findall(low))
    if not words & set(ctx.words.get("half_context", {})):
        raise ResolveError("a half without figures around it (a match half?)")
    if words & set(ctx.words.get("half_sport", {})):
        raise ResolveError("a half of a match: a sentence about a game (word list half_sport)")
    h = int(half)
    if ctx.tense() == "future":  # "expects growth to slow in the second half"
        year = ctx.dct.year + (1 if ctx.dct.month > 6 * h else 0)
        return _res(f"{year:04d}-H{h}", f"{ctx.tense_why()}, the next such half")
    year = ctx.ref_date.year if ctx.ref_explicit else ctx.dct.year
    why = "half of the year mentioned before" if ctx.ref_explicit else "half of the DCT year"
    return _res(f"{year:04d}-H{h}", why)


FUNCTIONS: dict[str, Callable[..., Resolved]] = {
    "dursum": f_dursum,
    "refdaypart": f_refdaypart,
    "focusmonth": f_focusmonth,
    "abs": f_abs,
    "md": f_md,
    "sameperiod": f_sameperiod,
    "wdref": f_wdref,
    "weekof": f_weekof,
    "m": f_m,
    "my": f_my,
    "mdrel": f_mdrel,
    "mnext": f_mnext,
    "mlast": f_mlast,
    "wd": f_wd,
    "wdp": f_wdp,
    "wdthis": f_wdthis,
    "half": f_half,
    "wdn": f_wdn,
    "dct": f_dct,
    "ref": f_ref,
    "refday": f_refday,
    "clockday": f_clockday,
    "clockat": f_clockat,
    "shift": f_shift,
    "ago": f_ago,
    "span": f_span,
    "px": f_px,
    "season": f_season,
    "seasonrel": f_seasonrel,
    "yearperiod": f_yearperiod,
    "q": f_q,
    "qrel": f_qrel,
    "lastq": f_lastq,
    "fullyear": f_fullyear,
    "refq": f_refq,
    "refp": f_refp,
    "ytd": f_ytd,
    "decade2": f_decade2,
    "hol": f_hol,
    "holwe": f_holwe,
    "holwk": f_holwk,
    "weekend": f_weekend,
    "midnight": f_midnight,
    "yearto": f_yearto,
    "overnight": f_overnight,
    "fy": f_fy,
    "hy": f_hy,
    "fyrel": f_fyrel,
    "andday": f_andday,
    "yearpart": f_yearpart,
}
