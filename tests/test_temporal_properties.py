"""Properties of ``timeline.temporal.tag`` that hold for every text and every DCT.

``tag`` never raises; every timex satisfies ``text[start:end] == timex.text``; spans are sorted
and do not overlap; type, interval and granularity are well-formed; the output is JSON-ready and
the same input always gives the same output. Example counts stay modest so the suite is fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterator
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.dates import GRANULARITIES
from timeline.temporal import Timex, tag
from timeline.temporal.anchor import _SENTENCE_END, SENTENCE_END_PLAIN, sentence_end_regex
from timeline.temporal.rules import RuleSet, load_rules

TYPES = {"DATE", "TIME", "DURATION", "SET"}

#: Date-like phrases, including malformed and extreme ones, mixed into noise below.
PHRASES = [
    "on Thursday",
    "said Wednesday",
    "will meet on Monday",
    "in February",
    "met in May",
    "May I",
    "the past week",
    "last week",
    "next year",
    "this quarter",
    "the last 18 months",
    "the next two years",
    "in five days",
    "three weeks ago",
    "10000 days ago",
    "in 9999 years",
    "the 99th century",
    "the 1990s",
    "mid-2019",
    "late last year",
    "early 2020",
    "last summer",
    "next winter",
    "Christmas",
    "Easter",
    "Friday night",
    "at 3 p.m. Friday",
    "25:61 p.m.",
    "0:00",
    "every week",
    "annually",
    "now",
    "recently",
    "in the future",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "A day later",
    "the following week",
    "that year",
    "the same day",
    "April 11, 2019",
    "11 April 2019",
    "Apr. 11",
    "4/11/2019",
    "31/31/2019",
    "February 30, 2019",
    "February 29, 2019",
    "2019-13-45",
    "2019-02-29",
    "0000-00-00",
    "9999-12-31",
    "the 11th of April",
    "March 2018",
    "2018",
    "99999",
    "Q4",
    "the 2004-05 season",
    "the 1999-00 budget",
    "2099-00",
    "1992-1995",
    "FY2020",
    "FY 99",
    "fiscal 2019",
    "the first half",
    "the second half of next year",
    "minutes later",
    "within days",
    "for years",
    "today's",
    "Yesterday's",
    "at the time,",
    "in the long term",
    "in our time",
    "two years from now",
    "a month earlier than usual",
    "a minute and a half later",
    "at midnight",
    "which open Tuesday",
    "the day before",
    "the last week",
    "the third quarter",
    "week 53",
    "2020-W53",
    "2019-W53",
    "999999999 years ago",
    "in 99999999999 days",
    "99999999999999999999 weeks later",
    "the 99999th century",
    "the year 0",
    "February 31",
    "April 0, 2019",
    "\u00a0on\u00a0Thursday",
    "Thursday\u2019s",
]

NOISE = st.text(max_size=12)
MIXED_SCRIPTS = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 .,;:-/'\"()\n\t")
        + list("\u0430\u0431\u0432\u0413\u0414")  # Cyrillic
        + list("\u5e74\u6708\u65e5\u661f\u671f")  # CJK
        + list("\u0627\u0644\u062c\u0645\u0639\u0629")  # Arabic
        + list("\u00e9\u00fc\u00df\u00a0\u2019\u201c\u201d\u200b\ufeff")
        + ["\U0001f600", "\u0301", "\u202e"]
    ),
    max_size=300,
)
DCTS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
UNITS = ["days", "weeks", "months", "years", "decades", "centuries", "hours", "quarters"]
MONTHS = ["January", "Feb.", "March", "Apr.", "May", "Sept.", "December"]
BIG = st.integers(min_value=0, max_value=10**15)
#: Structured date-like phrases with arbitrary numbers: date arithmetic must never overflow.
NUMERIC_PHRASES = st.one_of(
    st.builds(
        "{} {} {}".format,
        BIG,
        st.sampled_from(UNITS),
        st.sampled_from(["ago", "later", "earlier", "from now", "before", ""]),
    ),
    st.builds("in {} {}".format, BIG, st.sampled_from(UNITS)),
    st.builds("the past {} {}".format, BIG, st.sampled_from(UNITS)),
    st.builds(
        "{} {}, {}".format,
        st.sampled_from(MONTHS),
        st.integers(0, 99),
        st.integers(0, 99999),
    ),
    st.builds("{}/{}/{}".format, st.integers(0, 99), st.integers(0, 99), st.integers(0, 99999)),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.builds("the {}s".format, st.integers(0, 99999)),
    st.builds("the {}th century".format, st.integers(0, 99999)),
    st.builds("{}:{} p.m.".format, st.integers(0, 99), st.integers(0, 99)),
)
PHRASE_SOUP = st.lists(st.one_of(st.sampled_from(PHRASES), NOISE), max_size=60).map(" ".join)


def check(text: str, timexes: list[Timex]) -> None:
    """Every invariant of the tagger's output for ``text``."""
    assert isinstance(timexes, list)
    previous_end = -1
    for t in timexes:
        assert isinstance(t, Timex)
        assert 0 <= t.start < t.end <= len(text), (t.start, t.end, len(text))
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end, f"overlapping or unsorted spans at {t.start}"
        previous_end = t.end
        assert t.type in TYPES, t.type
        assert isinstance(t.value, str) and t.value, t
        assert (t.interval is None) == (t.granularity is None), t
        if t.interval is not None:
            start, end = t.interval
            assert isinstance(start, date) and isinstance(end, date), t
            assert start <= end, t
            assert t.granularity in GRANULARITIES, t
        json.dumps(t.to_dict())


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), dct=DCTS)
def test_any_unicode_text(text: str, dct: date) -> None:
    check(text, tag(text, dct))


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=400), dct=DCTS)
def test_binary_ish_text(data: bytes, dct: date) -> None:
    text = data.decode("utf-8", errors="replace")
    check(text, tag(text, dct))


@settings(max_examples=100, deadline=None)
@given(text=MIXED_SCRIPTS, dct=DCTS)
def test_mixed_scripts(text: str, dct: date) -> None:
    check(text, tag(text, dct))


@settings(max_examples=200, deadline=None)
@given(text=PHRASE_SOUP, dct=DCTS)
def test_date_phrases_in_noise(text: str, dct: date) -> None:
    check(text, tag(text, dct))


@settings(max_examples=300, deadline=None)
@given(
    phrases=st.lists(NUMERIC_PHRASES, min_size=1, max_size=5),
    verb=st.sampled_from(["They met ", "They will meet ", "It happened ", ""]),
    dct=DCTS,
)
def test_numeric_extremes(phrases: list[str], verb: str, dct: date) -> None:
    text = verb + ". ".join(phrases) + "."
    check(text, tag(text, dct))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(PHRASES), min_size=200, max_size=400),
    filler=st.sampled_from([" ", ". ", ", and then ", "\n\n", " the talks ", "\u00a0"]),
    dct=DCTS,
)
def test_long_documents(parts: list[str], filler: str, dct: date) -> None:
    text = filler.join(parts) * 3
    check(text, tag(text, dct))


@settings(max_examples=50, deadline=None)
@given(text=PHRASE_SOUP, dct=DCTS)
def test_deterministic(text: str, dct: date) -> None:
    """A pure function of (text, dct): no clock, no state carried between calls."""
    first = [t.to_dict() for t in tag(text, dct)]
    second = [t.to_dict() for t in tag(text, dct)]
    assert first == second


def test_empty_and_whitespace() -> None:
    for text in ["", " ", "\n\n\t", "\u00a0", "\ufeff"]:
        check(text, tag(text, date(2019, 4, 11)))


def test_every_phrase_at_the_dct_extremes() -> None:
    for dct in (date(1900, 1, 1), date(2100, 12, 31), date(2000, 2, 29)):
        for phrase in PHRASES:
            check(phrase, tag(phrase, dct))


@contextlib.contextmanager
def debug_mode() -> Iterator[None]:
    """``TIMELINE_DEBUG=1``: an internal error raises instead of being logged and skipped, so
    these properties also prove that no rule ever hits one."""
    old = os.environ.get("TIMELINE_DEBUG")
    os.environ["TIMELINE_DEBUG"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["TIMELINE_DEBUG"]
        else:
            os.environ["TIMELINE_DEBUG"] = old


@settings(max_examples=200, deadline=None)
@given(
    text=PHRASE_SOUP,
    dct=DCTS,
    fiscal_start=st.integers(1, 12),
    convention=st.sampled_from(["news", "timeml"]),
)
def test_no_internal_error_in_any_convention(
    text: str, dct: date, fiscal_start: int, convention: str
) -> None:
    with debug_mode():
        check(text, tag(text, dct, fiscal_start=fiscal_start, convention=convention))


@settings(max_examples=200, deadline=None)
@given(
    phrases=st.lists(NUMERIC_PHRASES, min_size=1, max_size=5),
    verb=st.sampled_from(["They met ", "They will meet ", "It happened ", ""]),
    dct=DCTS,
)
def test_numeric_extremes_raise_no_internal_error(phrases: list[str], verb: str, dct: date) -> None:
    text = verb + ". ".join(phrases) + "."
    with debug_mode():
        check(text, tag(text, dct, convention="timeml"))


# --- the fast scanner is only a faster way to find the same matches ------------------------
SOUP_WORDS = (
    "the a first last next past of in on more than week days years million cents share percent "
    "May Friday quarter half p.m. a.m. ago later earlier from now FY2020 Q3 1998 5 12.5 1,200 "
    "10:30 5th 1990s 2004-05 '98 $5 5% 5/12/98 3-1 10-year-old 2:05:30 2.5-year 12.12.2012 1/2"
).split()
SEPARATORS = [" ", " ", " ", "-", ", ", ". ", "'", "/", ".", ",", "  ", "\n", ":", ""]
#: white space to Unicode patterns only: the text is then matched with the Unicode twins
SEPARATORS += ["\x1c", " \x1f"]
TOKEN_SOUP = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(SOUP_WORDS), st.sampled_from(PHRASES), NOISE),
        st.sampled_from(SEPARATORS),
    ),
    max_size=30,
).map(lambda parts: "".join(a + b for a, b in parts))


@functools.lru_cache(maxsize=1)
def _plain_scanner() -> re.Pattern[str]:
    return load_rules("en").scanner()


def _plain_finditer(self: object, text: str) -> Iterator[re.Match[str]]:
    return _plain_scanner().finditer(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TOKEN_SOUP, dct=DCTS)
def test_tag_equals_the_tagger_with_the_plain_alternation(text: str, dct: date) -> None:
    # the per-word index (first two words, third words, numbers read whole) only skips
    # rules that cannot match: tagging with one alternation of all rules gives the same
    fast = [(t.to_dict(), t.reason, t.mod) for t in tag(text, dct, convention="timeml")]
    original = RuleSet.finditer
    RuleSet.finditer = _plain_finditer  # type: ignore[method-assign,assignment]
    try:
        plain = [(t.to_dict(), t.reason, t.mod) for t in tag(text, dct, convention="timeml")]
    finally:
        RuleSet.finditer = original  # type: ignore[method-assign]
    assert fast == plain


#: ASCII token soup: the rule scanner finds its start words with one regex over the
#: lower-cased text only when the text is ASCII, so these soups take that path
CUE_WORDS = (
    "will would won't 'll shall said says was had been has is are be to plans expected "
    "ended unended reed Ed opens which that who open by until deadline met WILL Said swill "
    "unsaid into meet Into"
).split()
ASCII_SOUP = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(SOUP_WORDS + CUE_WORDS),
            st.sampled_from([p for p in PHRASES if p.isascii()]).map(str.upper),
            st.sampled_from([p for p in PHRASES if p.isascii()]),
            st.text(alphabet=st.sampled_from(list("abdeflnostwyFY019_")), max_size=8),
        ),
        st.sampled_from(SEPARATORS),
    ),
    max_size=30,
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ASCII_SOUP, dct=DCTS)
def test_ascii_text_tags_as_with_the_plain_alternation(text: str, dct: date) -> None:
    assert text.isascii()
    rules = load_rules("en")

    def seen(m: re.Match[str]) -> tuple[object, ...]:  # the match and its rule's groups
        names = [g[0] for g in rules.by_group[m.lastgroup or ""].groups]
        return (m.span(), m.lastgroup, tuple((n, m.span(n)) for n in names))

    fast = [seen(m) for m in rules.finditer(text)]
    assert fast == [seen(m) for m in _plain_scanner().finditer(text)]
    test_tag_equals_the_tagger_with_the_plain_alternation.hypothesis.inner_test(text, dct)  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(ASCII_SOUP, TOKEN_SOUP), data=st.data())
def test_tense_cue_scanner_equals_its_regex_in_any_window(text: str, data: st.DataObject) -> None:
    # the cues tried by first word (and those whose first word cannot be told, searched
    # ahead) find exactly what the one regex of all cues finds, in any window
    cues = load_rules("en").tense
    width = data.draw(st.integers(0, len(text)))
    for start in range(len(text) + 1):  # windows starting at every position, mid-word too
        for end in (min(len(text), start + width), len(text)):
            fast = [(m.span(), m.group("future") is None) for m in cues.finditer(text, start, end)]
            plain = [
                (m.span(), m.group("future") is None)
                for m in cues.pattern.finditer(text, start, end)
            ]
            assert fast == plain, (start, end)


#: characters ``re.IGNORECASE`` matches with an ASCII letter though ``str.lower`` does not
#: give that letter (long s, dotless i, I with a dot, the Kelvin sign), and look-alikes it
#: does not fold at all (the "fi" ligature, sharp s): the same words written with them
REFOLDS = {
    "s": ["\u017f"],
    "S": ["\u017f"],
    "i": ["\u0131", "\u0130"],
    "I": ["\u0130", "\u0131"],
    "k": ["\u212a"],
    "K": ["\u212a"],
    "f": ["\ufb01"],
    "e": ["\u00e9"],
}


#: phrases whose third word narrows the rules tried (``RuleSet._thirds``)
THREE_WORDS = [
    "early next summer",
    "the next fiscal year",
    "the first Thursday of May",
    "late last spring",
    "the same season",
    "the first six months",
]


def _refold(word: str, mask: int) -> str:
    """``word`` with the characters picked by the bits of ``mask`` replaced by a look-alike."""
    out = []
    for n, ch in enumerate(word):
        alikes = REFOLDS.get(ch)
        bits = mask >> (2 * n % 60)
        if alikes and bits & 1:
            out.append(alikes[(bits >> 1) % len(alikes)])
        else:
            out.append(ch)
    return "".join(out).replace("\ufb01i", "\ufb01")


FOLD_SOUP = st.lists(
    st.tuples(
        st.builds(
            _refold,
            st.one_of(
                st.sampled_from(SOUP_WORDS + CUE_WORDS),
                st.sampled_from(PHRASES),
                st.sampled_from(PHRASES).map(str.upper),
                st.sampled_from(THREE_WORDS),
            ),
            st.integers(0, 2**60 - 1),
        ),
        st.sampled_from(SEPARATORS),
    ),
    max_size=30,
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=FOLD_SOUP, dct=DCTS)
def test_text_ignorecase_folds_onto_ascii_tags_as_with_the_plain_alternation(
    text: str, dct: date
) -> None:
    # "Thur\u017fday", "TH\u0130S WEEK", "la\u017ft wee\u212a": the rule regexes match them
    # (re.IGNORECASE), so the start-word index (first, second and third words) must not skip
    # them; the tense cues too. Never raises (``tag`` below).
    rules = load_rules("en")

    def seen(m: re.Match[str]) -> tuple[object, ...]:
        names = [g[0] for g in rules.by_group[m.lastgroup or ""].groups]
        return (m.span(), m.lastgroup, tuple((n, m.span(n)) for n in names))

    fast = [seen(m) for m in rules.finditer(text)]
    assert fast == [seen(m) for m in _plain_scanner().finditer(text)]
    cues = [(m.span(), m.group("future") is None) for m in rules.tense.finditer(text)]
    assert cues == [
        (m.span(), m.group("future") is None) for m in rules.tense.pattern.finditer(text)
    ]
    test_tag_equals_the_tagger_with_the_plain_alternation.hypothesis.inner_test(text, dct)  # type: ignore[attr-defined]


#: the characters the sentence-end regex looks at, and some it does not
SENTENCE_SOUP = st.text(
    alphabet=st.sampled_from(list(".!?\n \t\r\"')(\u201c\u201d\u2018\u2019Aa0Z9é\u2029\x0b")),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(SENTENCE_SOUP, TOKEN_SOUP))
def test_sentence_ends_led_by_their_first_character_are_the_plain_ones(text: str) -> None:
    # the anchor splits sentences with a regex led by one character set (fast to search);
    # it must find exactly the matches of the plain alternation
    led = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert led == [m.span() for m in SENTENCE_END_PLAIN.finditer(text)]


#: periods after abbreviations, initials, long words and numbers, before capitals and digits
ABBREVIATION_SOUP = st.lists(
    st.sampled_from(
        ["Nov", "nov", "Gen", "U", "S", "s", "Sept", "Washington", "No", "2", "1,200", "x3"]
        + [".", ". ", " ", "! ", '." ', "\n\n", "Then", "the", "A", "(", "é"]
    ),
    max_size=14,
).map("".join)


def _plain_sentence_ends(text: str, abbreviations: set[str]) -> list[tuple[int, int]]:
    """The reference: the plain sentence ends, minus those whose period closes a word of
    ``abbreviations`` or a one-letter initial (a word: ASCII letters after no letter or
    digit)."""
    out, pos = [], 0
    while (m := SENTENCE_END_PLAIN.search(text, pos)) is not None:
        if text[m.start()] == ".":
            word = re.search(r"(?<![A-Za-z0-9])[A-Za-z]+\Z", text[: m.start()])
            if word and (len(word.group()) == 1 or word.group().lower() in abbreviations):
                pos = m.start() + 1  # no end here; a blank line after it still is one
                continue
        out.append(m.span())
        pos = m.end()
    return out


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(ABBREVIATION_SOUP, SENTENCE_SOUP))
def test_sentence_ends_skip_abbreviations_as_the_reference_does(text: str) -> None:
    # "On Nov. 2, the minister called ...": the period of an abbreviation or an initial ends
    # no sentence (word list abbreviation_dot); the regex with its look-behinds must find
    # exactly the ends of the plain regex filtered in Python
    table = load_rules("en").anchor_words()["abbreviation_dot"]
    found = [m.span() for m in sentence_end_regex(table).finditer(text)]
    assert found == _plain_sentence_ends(text, set(table))
    assert {"nov", "gen", "sept"} <= set(table)
