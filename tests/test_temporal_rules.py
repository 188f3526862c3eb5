"""Every rule of ``timeline/temporal/resources/en/rules.tsv`` with its inline examples.

Each example (``text|dct|value``) is tagged on its DCT; some expression of the text must have
been found by that very rule and carry the expected TIMEX3 value. Also: the rule table and word
lists are well-formed, the fast per-word scanner finds exactly what the plain alternation of
all rules finds, and the rule id and anchoring reason reach every timex (``tag --explain``).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.temporal import parse_date_phrase, regex_tree, tag
from timeline.temporal.anchor import FUNCTIONS, Anchor
from timeline.temporal.rules import (
    ANY,
    WORD_CHAR,
    CueScanner,
    ascii_safe,
    case_free,
    first_chars,
    first_words,
    fold,
    from_data,
    load_rules,
    lowered_twin,
    to_data,
    trie_regex,
    unicode_twin,
    with_first_chars,
    without_groups,
)
from timeline.temporal.tagger import scan
from timeline.temporal.values import fix_duration, value_interval

RULES = load_rules("en")
EXAMPLES = [
    pytest.param(rule.id, ex.text, ex.dct, ex.value, id=f"{rule.id}-{n}")
    for rule in RULES.rules
    for n, ex in enumerate(rule.examples)
]
TYPES = {"DATE", "TIME", "DURATION", "SET", "NONE"}  # NONE: a measure, never tagged


def test_every_rule_has_an_id_a_type_and_an_example() -> None:
    ids = [rule.id for rule in RULES.rules]
    assert len(ids) == len(set(ids))
    for rule in RULES.rules:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.id), rule.id
        assert rule.type in TYPES, rule.id
        assert rule.examples, f"rule {rule.id} has no example"
        assert ANY not in {w[0] for w in rule.first}, rule.id


def test_rule_values_call_known_functions_and_groups() -> None:
    for rule in RULES.rules:
        call = re.match(r"@(\w+)\(", rule.value)
        assert call is None or call.group(1) in FUNCTIONS, rule.id
        keys = {key for _, key, _ in rule.groups} | {"clock"}
        for name in re.findall(r"{(\w+)}", rule.value + rule.mod):
            assert name in keys, f"rule {rule.id}: no group {name!r}"


@pytest.mark.parametrize(("rule_id", "text", "dct", "value"), EXAMPLES)
def test_rule_example(rule_id: str, text: str, dct: date, value: str) -> None:
    rule = RULES.get(rule_id)
    assert rule is not None
    if rule.type == "NONE":  # a measure: matched by the rule, and no time expression in it
        assert value == "-", rule_id
        hits = [c for c in scan(text, dct) if c.rule.id == rule_id]
        assert hits and all(c.timex is None and c.error for c in hits), text
        spans = [(t.start, t.end) for t in tag(text, dct, convention="timeml")]
        assert not [s for s in spans for c in hits if s[0] < c.end and c.start < s[1]], spans
        return
    found = tag(text, dct, convention=rule.convention or "news")
    by_rule = [t for t in found if t.rule == rule_id]
    assert by_rule, f"rule {rule_id} found nothing in {text!r}; got {[t.to_dict() for t in found]}"
    assert value in [t.value for t in by_rule], [t.to_dict() for t in by_rule]


MIXED = (
    "On Wednesday, the leader spoke for five days over the past week. Last year's talks in "
    "February 2019 failed; the third-quarter results, a year earlier, and 10:35 a.m. Friday "
    "the 1990s, every week, annually, the day before yesterday, Christmas 1998, mid-1996, "
    "two years ago, the next two weeks, 4/11/2019, 2019-02-27, the 20th century, Q2 2019. "
    "May I ask? They may meet in May. We will march in March; a second summit now."
)


def test_fast_scanner_equals_the_plain_alternation() -> None:
    plain = [(m.start(), m.end(), m.lastgroup) for m in RULES.scanner().finditer(MIXED)]
    fast = [(m.start(), m.end(), m.lastgroup) for m in RULES.finditer(MIXED)]
    assert fast == plain
    assert len(fast) > 20


FIXTURES = Path(__file__).parent / "fixtures"


def _corpus_texts() -> list[str]:
    texts = [(FIXTURES / "tag_article.txt").read_text(encoding="utf-8"), MIXED]
    for name in (
        "timex_news_dev.jsonl",
        "timex_news_heldout.jsonl",
        "timex_news_heldout2.jsonl",
        "timex_news_heldout3.jsonl",
        "timex_news_heldout4.jsonl",
        "timex_news_heldout5.jsonl",
        "timex_news_heldout6.jsonl",
        "timex_news_heldout7.jsonl",
        "timex_news_heldout8.jsonl",
        "timex_news_heldout9.jsonl",
    ):
        with (FIXTURES / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def _with_groups(m: re.Match[str]) -> tuple[object, ...]:
    """A match with the values of its rule's groups (what the tagger reads of it)."""
    names = [g[0] for g in RULES.by_group[m.lastgroup or ""].groups]
    return (m.span(), m.lastgroup, tuple((n, m.group(n), m.span(n)) for n in names))


def test_fast_scanner_equals_the_plain_alternation_on_the_news_corpora() -> None:
    # the per-word index narrows the rules by the first two words: it must lose no match;
    # and a rule found by a probe without groups has the groups of the plain alternation
    scanner = RULES.scanner()
    probed = 0
    for text in _corpus_texts() + [NUMBERS]:
        plain = [_with_groups(m) for m in scanner.finditer(text)]
        fast = [_with_groups(m) for m in RULES.finditer(text)]
        assert fast == plain, text[:80]
        singles = set(RULES._single.values())
        probed += sum(1 for m in RULES.finditer(text) if m.re in singles)
    assert probed > 0  # some matches came from a single rule matched again after a probe


def test_fold_is_how_ignorecase_compares_with_ascii_letters() -> None:
    # every character outside ASCII that ``re.IGNORECASE`` matches with an ASCII letter or
    # digit (checked against the running Python's ``re`` over every code point) folds onto
    # that character, so the start-word index looks up what the rule regexes would match
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    found: dict[str, set[str]] = {}
    for ch in "abcdefghijklmnopqrstuvwxyz0123456789_":
        for m in re.finditer(re.escape(ch), every, re.IGNORECASE):
            found.setdefault(m.group(), set()).add(ch)
    assert found, "re.IGNORECASE folds nothing outside ASCII: the table would be unneeded"
    for other, letters in found.items():
        assert {fold(other)} == letters, (hex(ord(other)), letters, fold(other))
    # and nothing else is folded: a ligature "fi" or "\u00df" stays what ``re`` keeps it
    for ch in ("\ufb01", "\u00df", "\u00e9", "\u00c9"):
        assert fold(ch) == ch.lower()
    assert fold("THUR\u017fDAY") == "thursday"
    # the index keys are ASCII, so folding onto ASCII is all the lookup needs
    assert all(key.isascii() for key in RULES._follow)
    assert all(word.isascii() for words in RULES._seconds.values() for word in words)
    assert all(word.isascii() for words in RULES._thirds.values() for word in words)


def test_ascii_patterns_match_as_unicode_ones_on_ascii_safe_text() -> None:
    # the scanning regexes are compiled with re.ASCII and used on ``ascii_safe`` text only:
    # over all 128 ASCII characters, ASCII and Unicode patterns differ exactly at the ones
    # ``ascii_safe`` turns away (the information separators, white space to Unicode \s)
    probes = [r"\w", r"\W", r"\s", r"\S", r"\d", r"\D", r"\b", r"\B", r"[^\W\d_]", r"(?<!\w)x"]
    probes += [re.escape(chr(c)) for c in range(128)] + ["[a-z]", "[A-Z]", "[^a-z]"]
    differ = set()
    for ch in map(chr, range(128)):
        for probe in probes:
            for flags in (0, re.IGNORECASE):
                for text in (ch, ch + "x", "x" + ch):
                    uni = re.compile(probe, flags).search(text)
                    asc = re.compile(probe, flags | re.ASCII).search(text)
                    if (uni and uni.span()) != (asc and asc.span()):
                        differ.add(ch)
    assert differ == {ch for ch in map(chr, range(128)) if not ascii_safe(ch)}
    assert ascii_safe("On Thursday, 5 p.m.\n") and not ascii_safe("Thursday\u00a0")
    assert not ascii_safe("last\x1cweek")
    twin = unicode_twin(re.compile(r"last\s+week", re.IGNORECASE | re.ASCII))
    assert not twin.flags & re.ASCII and twin.match("LAST\x1cWEEK")
    assert unicode_twin(twin) is twin
    # an information separator is white space to the rules too: the Unicode twins are used
    assert [m.group() for m in RULES.finditer("It rose last\x1cweek.")] == ["last\x1cweek"]
    assert [m.group() for m in RULES.tense.finditer("He will\x1cmeet them.")] == [
        m.group() for m in RULES.tense.pattern.finditer("He will\x1cmeet them.")
    ]


FOLDED = (
    "We met on Thur\u017fday. It wa\u017f la\u017ft week, TH\u0130S WEEK, th\u0131s month, "
    "the pa\u017ft \u017fix weeks, the fir\u017ft quarter of 2019, a wee\u212a ago, "
    "\u212aalends, \u0130n 2019, the \ufb01rst week, \ufb01ve years, Ma\u017f, "
    "the la\u017ft \u017fix month\u017f, la\u017ft Thur\u017fday and T\u0130U\u0130S; early next "
    "\u017fummer, the next fi\u017fcal year, the fir\u017ft Thur\u017fday of May."
)


def test_fast_scanner_finds_what_ignorecase_folds_onto_ascii() -> None:
    # "Thur\u017fday" (long s), "th\u0131s" (dotless i), "THI\u0130S", the Kelvin sign:
    # ``re.IGNORECASE`` matches them with the ASCII letters, so the index must let them through
    plain = [_with_groups(m) for m in RULES.scanner().finditer(FOLDED)]
    fast = [_with_groups(m) for m in RULES.finditer(FOLDED)]
    assert fast == plain
    assert len(fast) >= 8
    found = [t.text for t in tag(FOLDED, date(2019, 4, 12))]
    assert "Thur\u017fday" in found and "the pa\u017ft \u017fix weeks" in found
    assert "early next \u017fummer" in found  # a third word folded


def test_a_probe_the_rule_alone_does_not_confirm_falls_back_to_the_plain_alternation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # should a rule matched again after a probe ever disagree with the probe, the plain
    # alternation decides at that place: the same matches, no exception losing the document
    scanner = RULES.scanner()
    text = _corpus_texts()[1]
    list(RULES.finditer(text))  # fills ``_single`` with the rules a probe found here
    assert RULES._single
    never = re.compile(r"(?!)")
    monkeypatch.setattr(RULES, "_single", dict.fromkeys(RULES._single, never))
    fast = [_with_groups(m) for m in RULES.finditer(text)]
    assert fast == [_with_groups(m) for m in scanner.finditer(text)]
    assert any(m.re is RULES._reference for m in RULES.finditer(text))


def test_compile_all_leaves_nothing_to_compile_while_scanning() -> None:
    # ``bench_tag`` calls ``compile_all`` before timing: every alternation a text can need and
    # every rule a probe may have to match again with its groups must then be there already
    fresh = from_data(to_data(RULES))
    fresh.compile_all()
    alternations, singles = len(fresh._by_set), dict(fresh._single)
    assert singles
    for text in _corpus_texts() + [NUMBERS, MIXED]:
        list(fresh.finditer(text))
    assert len(fresh._by_set) == alternations
    assert fresh._single == singles


def test_without_groups_keeps_the_matches_and_drops_the_groups() -> None:
    cases = [
        (r"(?P<a>\d+)\s+(days|weeks)", r"(?:\d+)\s+(?:days|weeks)"),
        (r"[(]x(?P<b>[^)(])\(y\)", r"[(]x(?:[^)(])\(y\)"),
        (r"[]()](a)(?=(b))(?<=(?:c)d)", r"[]()](?:a)(?=(?:b))(?<=(?:c)d)"),
        (r"[^]()](a)[\]()](b)", r"[^]()](?:a)[\]()](?:b)"),
    ]
    for regex, expected in cases:
        assert without_groups(regex) == expected
        assert re.compile(expected).groups == 0
    # a group some part of the regex refers to is needed: left alone
    assert without_groups(r"(?P<s>[-/])\d\d(?P=s)") is None
    assert without_groups(r"(a)?(?(1)b|c)") is None
    assert without_groups(r"(a)\1") is None
    # every rule but those with a reference loses its groups, keeping its matches
    kept = [r.id for r in RULES.rules if without_groups(r.regex) is None]
    assert kept == ["iso_date"]


NUMBERS = (
    "It earned $1,200 million, or 12.5 cents a share, up 3.5% from 1998's 9.9 million; "
    "1,200 days, 12.5 hours, 5th of May, 5 1/2 years, 2004-05, the 1990's, 10:30 p.m., "
    "5.30pm, 1998. 12, 1999 and 2.5-year-old, 3-1, 5/12/98, 12.12.2012, 7 more days."
)


def test_a_number_first_word_is_read_like_the_text_reads_it() -> None:
    # a number goes on through digits, "." and ",": "1,200 days" starts with (number, days)
    assert first_words(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?\s+days") == {("#DIGIT", "days")}
    assert first_words(r"\d\d?(?:st|nd|rd|th)\s+of") == {("#DIGIT", "of")}
    # what cannot be followed stays "a number, then anything"
    assert first_words(r"\d+:\d\d") == {("#DIGIT",)}
    assert first_words(r"\d+[/.]\d+") == {("#DIGIT",)}
    assert first_words(r"(?:1[5-9]|20)\d\d") == {("#DIGIT",)}
    assert ("#DIGIT", "days") in first_words(r"\d+\s+days", 3)


def test_fast_scanner_equals_the_plain_alternation_on_numbers() -> None:
    # numbers are narrowed by the word after them ("5 million" tries no duration rule)
    plain = [(m.start(), m.end(), m.lastgroup) for m in RULES.scanner().finditer(NUMBERS)]
    fast = [(m.start(), m.end(), m.lastgroup) for m in RULES.finditer(NUMBERS)]
    assert fast == plain
    assert len(fast) > 12


def _cues(matches: object) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), "future" if m.group("future") else "past")  # type: ignore[attr-defined]
        for m in matches  # type: ignore[attr-defined]
    ]


def test_tense_cue_scanner_equals_its_one_regex() -> None:
    # the cues tried per first character find exactly what the whole alternation finds,
    # in every window (tense() scans a window around each expression)
    cues = RULES.tense
    assert RULES.cues["tense"] is cues.pattern
    found = 0
    for text in [*_corpus_texts(), "We'll see; l'avenir, \u00c9t\u00e9 said, 'll go Wednesday."]:
        for start in range(0, len(text), 23):
            for end in (start + 40, start + 130, len(text)):
                end = min(end, len(text))
                plain = _cues(cues.pattern.finditer(text, start, end))
                assert _cues(cues.finditer(text, start, end)) == plain, (text[start:end], plain)
                found += len(plain)
    assert found > 500


def test_clause_regex_led_by_its_first_characters_finds_the_same() -> None:
    # the lookahead of first characters only lets the engine skip ahead: the same matches
    # as the bare pattern, in every window, on the corpora and on case-folding edge cases
    raw = json.loads(
        (
            Path(__file__).resolve().parents[1] / "timeline/temporal/resources/en/cues.json"
        ).read_text(encoding="utf-8")
    )
    words = "|".join(sorted(raw["clause_words"], key=len, reverse=True)).replace(" ", r"\s+")
    source = "|".join([*raw["clause_marks"], r"(?<!\w)(?:" + words + r")(?!\w)"])
    plain = re.compile(source, re.IGNORECASE)
    led = RULES.cues["clause"]
    assert led.pattern.startswith("(?=[") and led.pattern.endswith(f"(?:{source})")
    found = 0
    edge = "\u0130f \u0131f \u017fo AND \u212aw, \u201cbut\u201d -- which (If) Or\u2014"
    for text in [*_corpus_texts(), edge]:
        for start in range(0, len(text), 17):
            for end in (start + 50, len(text)):
                spans = [m.span() for m in plain.finditer(text, start, end)]
                assert [m.span() for m in led.finditer(text, start, end)] == spans
                found += len(spans)
    assert found > 500
    # first characters that cannot be told: the bare pattern
    assert with_first_chars(r".and").pattern == r".and"
    assert with_first_chars(r"\band|,").pattern == r"(?=[,a])(?:\band|,)"
    assert with_first_chars(r"\w+ly|,").pattern == r"(?=[\w,])(?:\w+ly|,)"


def test_case_free_sources_match_lower_cased_text_case_sensitively() -> None:
    # a source with no capital, range, inline flag or letter escape but \s \w \b \d can run
    # on the lower-cased text without re.IGNORECASE (``lowered_twin``); others cannot
    for ok in (
        r"(?:until|by)\s+\w",
        r"[,;:](?=\s)|\(|\-",
        r"(?P<past>(?!un)\w{2,}ed)",
        r"[a\-z]",
        r"(?P<R1>may)",
    ):
        assert case_free(ok), ok
    for bad in (r"May", r"[0-_]", r"(?-i:may)", r"(?i)x", r"\S+", r"\x41", r"(a)\1", r"(?P=x)"):
        assert not case_free(bad), bad
    assert lowered_twin(re.compile("May", re.IGNORECASE)) is None
    assert lowered_twin(re.compile("may")) is None  # not case-insensitive: nothing to gain
    # the clause regex: its twin on the lower-cased text finds the same boundaries
    clause = RULES.cues["clause"]
    twin = lowered_twin(clause)
    assert twin is not None
    found = 0
    for text in _corpus_texts():
        if not ascii_safe(text):
            continue
        for variant in (text, text.upper()):
            for start in range(0, len(variant), 29):
                for end in (start + 50, len(variant)):
                    spans = [m.span() for m in clause.finditer(variant, start, end)]
                    low = variant.lower()
                    assert [m.span() for m in twin.finditer(low, start, end)] == spans
                    found += len(spans)
    assert found > 500


def test_tense_cues_are_found_at_candidate_places() -> None:
    # the shipped cues take the fast path (one regex finds the places to try on the
    # lower-cased text); the properties compare it with the one regex in every window
    cues = RULES.tense
    cues.prepare()
    assert cues._cands is not None
    text = "Officials SAID they would meet, and we'll see; it ended. It Reopened 2nd."
    for start in range(len(text)):
        for end in range(start, len(text) + 1, 7):
            plain = _cues(cues.pattern.finditer(text, start, end))
            assert _cues(cues.finditer(text, start, end)) == plain, (start, end)
    # a case-sensitive cue with a known first word is matched on the text itself; one whose
    # first word cannot be told and that is not ``case_free`` keeps the per-token loop
    for cues, fast in (
        (CueScanner(["will"], ["(?-i:Ed)"]), True),
        (CueScanner(["will"], [r"\w+(?-i:ED)"]), False),
    ):
        cues.prepare()
        assert (cues._cands is not None) is fast
        for text in ("he will go, Ed said", "ED WILL go, ed said, he JUMPED", "Will ed"):
            assert _cues(cues.finditer(text)) == _cues(cues.pattern.finditer(text)), text


def test_tense_cue_scanner_with_one_kind_of_cue() -> None:
    only_future = CueScanner(["will", "(?:is|are) to"], [])
    assert _cues(only_future.finditer("It is to open and will close.")) == [
        (3, 8, "future"),
        (18, 22, "future"),
    ]
    only_past = CueScanner([], ["said", "(?!un)\\w{2,}ed"])
    assert _cues(only_past.finditer("He said it ended; unended.")) == [
        (3, 7, "past"),
        (11, 16, "past"),
    ]


def test_first_characters_of_a_pattern() -> None:
    def chars(regex: str) -> frozenset[str] | None:
        return first_chars(regex_tree.parse(regex))

    assert chars("will(?: not)?") == {"w"}
    assert chars("(?:is|are) to") == {"i", "a"}
    assert chars("(?<!not\\s)(?:Meet|begin)") == {"m", "b"}
    assert chars("(?!un)\\w{2,}ed") == {WORD_CHAR}
    assert chars("(?:very )?late") == {"v", "l"}
    assert chars("[^a]x") is None
    assert chars("(?:x)?") is None  # may match nothing


def test_first_words_index() -> None:
    assert first_words(r"(?:early\s+)?jan(?:\.|uary)\s+\d") == {
        ("early", "jan"),
        ("early", "january"),
        ("jan",),
        ("january", "#DIGIT"),
    }
    assert first_words(r"\w+ed") == {(ANY,)}
    assert first_words(r"the\s+(?:past|last)\s+week") == {("the", "past"), ("the", "last")}
    # a first word followed by a repeat that starts with white space ends there (tense cues)
    assert first_words(r"will(?:\s+not)?(?:\s+\w+){0,2}", 1) == {("will",)}
    assert first_words(r"will(?:\s+\w+)*able", 1) == {("will",), ("willable",)}
    assert first_words(r"will(?:\w+){0,2}", 1) == {(ANY,)}  # the word may go on


def test_trie_regex_matches_exactly_its_words() -> None:
    words = ["jan", "jan.", "january", "june", "a few", "a"]
    pattern = re.compile(f"(?:{trie_regex(words)})$")
    for w in words:
        assert pattern.match(w), w
    assert pattern.match("a   few")
    for w in ["ja", "janu", "junes", "few"]:
        assert not pattern.match(w), w


def test_word_lists_normalise_surface_forms() -> None:
    assert RULES.words["month"].normalise("Sept.") == "09"
    assert RULES.words["count"].normalise("2 1/2") == "2.5"
    assert RULES.words["count"].normalise("a  couple of") == "2"
    assert RULES.words["daynum"].normalise("3rd") == "03"


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2019-02", "2019-02-01", "2019-02-28", "month"),
        ("2019-W14", "2019-04-01", "2019-04-07", "week"),
        ("2019-W15-WE", "2019-04-13", "2019-04-14", "week"),
        ("2019-Q2", "2019-04-01", "2019-06-30", "quarter"),
        ("2018-WI", "2018-12-01", "2019-02-28", "season"),
        ("199", "1990-01-01", "1999-12-31", "decade"),
        ("19", "1900-01-01", "1999-12-31", "century"),
        ("2019-04-12TNI", "2019-04-12", "2019-04-12", "day"),
    ],
)
def test_value_intervals(value: str, start: str, end: str, granularity: str) -> None:
    got = value_interval(value)
    assert got is not None
    assert (got[0].isoformat(), got[1].isoformat(), got[2]) == (start, end, granularity)


@pytest.mark.parametrize("value", ["P1W", "PRESENT_REF", "2019-13", "2019-02-30", "XXXX-SU", ""])
def test_values_without_an_interval(value: str) -> None:
    assert value_interval(value) is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [("P5H", "PT5H"), ("P2DE", "P20Y"), ("P2.5Y", "P2Y6M"), ("P5.5H", "PT5H30M"),
     ("P0.5H", "PT30M"), ("P3Q", "P9M"), ("PXDE", "PXDE"), ("P1F", "P2W")],
)  # fmt: skip
def test_duration_values(raw: str, value: str) -> None:
    assert fix_duration(raw) == value


def test_every_timex_says_which_rule_and_why() -> None:
    text = "He met Kim on Thursday. A day later he left. They will meet again in May."
    found = tag(text, date(2019, 4, 11))
    assert [t.text for t in found] == ["Thursday", "A day later", "May"]
    for t in found:
        assert RULES.get(t.rule) is not None
        assert t.reason
    assert "DCT" in found[0].reason
    assert found[1].value == "2019-04-12" and "mentioned" in found[1].reason
    assert found[2].value == "2019-05" and "future" in found[2].reason
    json.dumps([t.to_dict() for t in found])


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # tense: the same weekday word, three readings
        ("Kim met Trump on Monday.", date(2019, 4, 11), "2019-04-08"),
        ("Kim will meet Trump on Monday.", date(2019, 4, 11), "2019-04-15"),
        ("Kim meets Trump on Thursday.", date(2019, 4, 11), "2019-04-11"),
        # a month without a year: nearest / by tense
        ("The vote is set for Nov. 25.", date(1989, 11, 2), "1989-11-25"),
        ("The dividend is payable Dec. 7.", date(1989, 10, 30), "1989-12-07"),
        ("He was elected in November.", date(2019, 1, 3), "2018-11"),
        ("He will be elected in November.", date(2019, 1, 3), "2019-11"),
        # narrative anchoring follows the last date mentioned
        ("He was born in 1995 and the following year he moved.", date(2019, 4, 11), "1996"),
        ("Sales rose in the third quarter. A year earlier they fell.", date(1989, 11, 2),
         "1988-Q3"),
        # "in five days": a date only in the future tense
        ("The envoy will arrive in five days.", date(2019, 4, 11), "2019-04-16"),
        ("He visited four sites in five days.", date(2019, 4, 11), "P5D"),
        ("Kim made visits to four projects in five days.", date(2019, 4, 11), "P5D"),
    ],
)  # fmt: skip
def test_anchoring(text: str, dct: date, expected: str) -> None:
    assert expected in [t.value for t in tag(text, dct)]


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # the weekday's own clause governs: a relative clause, a reported clause
        ("Putin's envoy, who will visit Moscow on Saturday, said the talks were useful.",
         date(2018, 5, 25), ["2018-05-26"]),
        ("The ministry said on Friday it would not send aid.", date(2023, 6, 5),
         ["2023-06-02"]),
        ("The ministry said it would send aid on Friday.", date(2023, 6, 5), ["2023-06-09"]),
        # mixed tenses in one sentence
        ("The ministry announced on Monday that it will reopen the border on Friday.",
         date(2019, 4, 11), ["2019-04-08", "2019-04-12"]),
        ("The talks, which began on Tuesday, will end on Friday.", date(2019, 4, 11),
         ["2019-04-09", "2019-04-12"]),
        ("The envoy arrived on Monday and will meet the leader on Saturday.",
         date(2019, 4, 11), ["2019-04-08", "2019-04-13"]),
        ("The parliament, which was dissolved in November, will meet again in March.",
         date(2019, 1, 10), ["2018-11", "2019-03"]),
        # a fronted expression takes the verb of the clause after it
        ("On Friday, the ministry said it would send an envoy.", date(2019, 4, 11),
         ["2019-04-05"]),
    ],
)  # fmt: skip
def test_tense_of_the_governing_clause(text: str, dct: date, expected: list[str]) -> None:
    assert [t.value for t in tag(text, dct)] == expected


def test_the_reason_names_the_governing_cue() -> None:
    text = "The ministry announced on Monday that it will reopen the border on Friday."
    monday, friday = tag(text, date(2019, 4, 11))
    assert monday.reason == "past tense ('announced'), latest Monday before DCT"
    assert friday.reason == "future tense ('will reopen the'), next Friday after DCT"


def test_clause_boundaries_come_from_the_cue_data() -> None:
    clause = RULES.cues["clause"]
    found = [m.group() for m in clause.finditer("Seoul, which said that talks (held) -- and")]
    assert found == [",", "which", "that", "(", ")", "--", "and"]
    # not inside words, not in numbers
    assert clause.search("Thatcher sandwiched 1,700 whichever Andorra") is None


def test_without_clause_boundaries_the_sentence_is_one_clause() -> None:
    text = "Officials said that on Friday the talks would resume."
    start = text.index("Friday")
    dct = date(2019, 4, 11)
    clauses = Anchor(text, dct, RULES.cues["tense"], "news", RULES.cues["clause"])
    assert clauses.boundaries(0, start) == 1  # "that"
    assert clauses.resolve("@wd(5)", start, start + 6).value == "2019-04-12"  # would resume
    plain = Anchor(text, dct, RULES.cues["tense"])
    assert plain.boundaries(0, start) == 0
    assert plain.resolve("@wd(5)", start, start + 6).value == "2019-04-05"  # said, before it


def test_impossible_dates_are_rejected_not_invented() -> None:
    cands = scan("It was dated February 30, 2019 and 2019-13-45.", date(2019, 4, 11))
    assert [c.text for c in cands] == ["February 30, 2019", "2019-13-45"]
    assert all(c.timex is None and c.error for c in cands)
    assert tag("It was dated February 30, 2019 and 2019-13-45.", date(2019, 4, 11)) == []


def test_never_raises_on_odd_input() -> None:
    for text in ["", "\ud800 Friday \udfff", "\x00\x01 1998", "2019" * 5000, "Montag 3. März",
                 "9" * 400, "The 99999th century", "in 99999 years", "0000-00-00"]:  # fmt: skip
        for t in tag(text, date(2019, 4, 11)):
            assert text[t.start : t.end] == t.text


def test_no_internal_error_at_the_ends_of_the_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DCT in year 1 or 9999: "last winter", "next summer", "the day before", "overnight"
    step off Python's calendar. They yield no date (never a wrong one), and no rule fails:
    under TIMELINE_DEBUG=1 an internal error would raise."""
    monkeypatch.setenv("TIMELINE_DEBUG", "1")
    text = (
        "Last winter and next summer, the spring, on Friday, overnight, the day before, "
        "last Christmas, next Easter, in five days it will rain; a day later; 9000 years ago."
    )
    for dct in (date(1, 1, 1), date(1, 1, 2), date(9999, 12, 31), date(9999, 12, 30)):
        for convention in ("news", "timeml"):
            found = tag(text, dct, convention=convention)
            assert found and all(text[t.start : t.end] == t.text for t in found)
    edge = [t.text for t in tag("It snowed last winter.", date(1, 1, 1))]
    assert edge == []  # the winter before year 1 is off the calendar: no date


@pytest.mark.parametrize(
    ("phrase", "start", "end", "granularity", "value"),
    [
        ("on Thursday", "2019-04-11", "2019-04-11", "day", "2019-04-11"),
        ("Tuesday", "2019-04-09", "2019-04-09", "day", "2019-04-09"),  # the latest, not the next
        ("next Friday", "2019-04-12", "2019-04-12", "day", "2019-04-12"),
        ("in February", "2019-02-01", "2019-02-28", "month", "2019-02"),
        ("december", "2018-12-01", "2018-12-31", "month", "2018-12"),
        ("may", "2018-05-01", "2018-05-31", "month", "2018-05"),
        ("last week", "2019-04-01", "2019-04-07", "week", "2019-W14"),
        ("the past week", "2019-04-04", "2019-04-11", "week", "P1W"),
        ("2019-02-27", "2019-02-27", "2019-02-27", "day", "2019-02-27"),
        ("2019-02", "2019-02-01", "2019-02-28", "month", "2019-02"),
        ("2019", "2019-01-01", "2019-12-31", "year", "2019"),
        ("February 27, 2019", "2019-02-27", "2019-02-27", "day", "2019-02-27"),
        ("Q2 2019", "2019-04-01", "2019-06-30", "quarter", "2019-Q2"),
        ("since early March", "2019-03-01", "2019-03-31", "month", "2019-03"),
        ("now", "2019-04-11", "2019-04-11", "day", "2019-04-11"),
        ("yesterday.", "2019-04-10", "2019-04-10", "day", "2019-04-10"),
    ],
)
def test_parse_date_phrase(phrase: str, start: str, end: str, granularity: str, value: str) -> None:
    got = parse_date_phrase(phrase, date(2019, 4, 11))
    assert (got.start.isoformat(), got.end.isoformat(), got.granularity) == (
        start,
        end,
        granularity,
    )
    assert (got.value, got.text) == (value, phrase)
    assert got.rule and got.reason


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("xyz", "not a date: 'xyz'"),
        ("2019-13-45", "not a valid date: '2019-13-45' (there is no month 13)"),
        ("February 30, 2019", "not a valid date: 'February 30, 2019'"),
        ("five days", "not a date (a duration): 'five days'"),
        ("every week", "not a date (a repetition): 'every week'"),
        ("recently", "not a date (too vague): 'recently'"),
        ("Thursday and Friday", "not a date: 'Thursday and Friday'"),
        ("   ", "empty date"),
    ],
)
def test_parse_date_phrase_refuses(phrase: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_date_phrase(phrase, date(2019, 4, 11))
    assert str(err.value) == message


def test_first_words_needs_no_private_re_parser() -> None:
    """The index parses the patterns itself (``regex_tree``): CPython's ``re._parser`` is
    private and changes between versions."""
    from pathlib import Path

    import timeline.temporal.rules as rules_module

    source = Path(rules_module.__file__).read_text(encoding="utf-8")
    assert "_parser" not in source and "sre_parse" not in source
    assert first_words(r"(?P<x>a") == {(ANY,)}  # malformed: unknown, never a crash
    assert first_words(r"[a-") == {(ANY,)}
    assert first_words(r"(?<=at\s)noon|mid(?:day|night)") == {("noon",), ("midday",), ("midnight",)}


def test_convention_only_rules_are_off_in_the_other_convention() -> None:
    """ "minutes later" is a vague DURATION by TimeML, no time expression by the project's
    news convention (the reference article's gold: "hours before" is not tagged)."""
    only = [rule for rule in RULES.rules if rule.convention]
    assert only and all(rule.convention == "timeml" for rule in only)
    for rule in only:
        for ex in rule.examples:
            assert not [t for t in tag(ex.text, ex.dct) if t.rule == rule.id], rule.id
    text = "The flag was lowered minutes later."
    assert [t.value for t in tag(text, date(1991, 12, 26), convention="timeml")] == ["PTXM"]
    assert tag(text, date(1991, 12, 26)) == []
    with pytest.raises(ValueError, match="convention"):
        tag(text, date(1991, 12, 26), convention="heideltime")


def test_counted_days_later_are_durations_by_timeml_only() -> None:
    """TimeML (and TBAQ) annotate "two days later" as the DURATION "two days"; the news
    convention keeps the date a timeline needs. A year earlier stays a date in both."""
    text = "He arrived on May 2, 1998. Two days later he left."
    dct = date(1998, 5, 10)

    def found(convention: str) -> list[tuple[str, str, str]]:
        return [(t.text, t.type, t.value) for t in tag(text, dct, convention=convention)]

    assert found("timeml")[1:] == [("Two days", "DURATION", "P2D")]
    assert found("news")[1:] == [("Two days later", "DATE", "1998-05-04")]
    late = "The results came about an hour later. Wages rose faster than a year earlier."
    timeml = [(t.text, t.value) for t in tag(late, dct, convention="timeml")]
    assert timeml == [("an hour", "PT1H"), ("a year earlier", "1997")]


class _Lookups(dict):  # type: ignore[type-arg]
    """The start-word index's alternations, recording which keys ``finditer`` looks up."""

    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        super().__init__(data)
        self.seen: list[str] = []

    def __contains__(self, key: object) -> bool:
        self.seen.append(str(key))
        return super().__contains__(key)


def test_the_next_word_is_read_right_after_the_start_word() -> None:
    # "the, same day": the word after "the" is not "same" (a comma comes first), so no rule
    # of "the same ..." is tried; the ASCII path reads the text with a space in front
    original = RULES._by_key
    for text in ("On the, same day.", "On the, same day \u2014 caf\u00e9."):
        lookups = _Lookups(original)
        RULES._by_key = lookups
        try:
            list(RULES.finditer(text))
        finally:
            RULES._by_key = original
        assert not any(key.startswith("the same") for key in lookups.seen), (text, lookups.seen)
    lookups = _Lookups(original)
    RULES._by_key = lookups
    try:
        assert [m.group() for m in RULES.finditer("On the same day.")] == ["the same day"]
    finally:
        RULES._by_key = original
    assert any(key.startswith("the same") for key in lookups.seen)


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # off the calendar: no value at all, never the unmoved or clamped date
        ("They met 20 centuries ago.", date(2000, 1, 1), []),
        ("9999-12-31 the following week", date(2000, 1, 1), [("9999-12-31", "9999-12-31")]),
        ("9999-12-31 the next day", date(2000, 1, 1), [("9999-12-31", "9999-12-31")]),
        ("0001-01-01 the previous week", date(2000, 1, 1), [("0001-01-01", "0001-01-01")]),
        ("It will rain in five days.", date(9999, 12, 31), [("five days", "P5D")]),
        # the same phrases on the calendar keep their dates
        ("They met 2 centuries ago.", date(2000, 1, 1), [("2 centuries ago", "18")]),
        ("It will rain in five days.", date(2019, 4, 11), [("five days", "2019-04-16")]),
    ],
)
def test_off_the_calendar_gives_no_date(
    monkeypatch: pytest.MonkeyPatch, text: str, dct: date, expected: list[tuple[str, str]]
) -> None:
    monkeypatch.setenv("TIMELINE_DEBUG", "1")  # an internal error would raise
    assert [(t.text, t.value) for t in tag(text, dct)] == expected


def test_start_words_need_a_second_word_of_their_rules() -> None:
    # a start word all of whose rules need one of its second words is found in C only when
    # one follows ("the" before "weekend", not before "budget"); numbers are always found
    starts = RULES._starts if isinstance(RULES._starts, re.Pattern) else RULES._start_words()
    assert isinstance(starts, re.Pattern)
    assert RULES._follow["the"] is not None
    found = [m.group(1) for m in starts.finditer(" the weekend after the budget, 40 days")]
    assert found == ["the", "40", "days"]
