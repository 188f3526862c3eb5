"""Load the rule resources of a language and compile them into a fast scanner.

Resources live in ``timeline/temporal/resources/<lang>/`` (see ``temporal/README.md``):

- ``words.json``: named word lists; each maps a surface form to its normalised value.
- ``rules.tsv``: one rule per line: ``id``, TIMEX3 ``type``, ``pattern``, ``value`` template,
  ``mod`` and inline ``examples``. File order is priority order.
- ``cues.json``: tense cue words and clause boundaries used by the anchoring step.

Rules are compiled once per process. Scanning does not try every rule at every position: the
patterns are analysed (``first_words``) to know the first two words each rule can start with;
one regex finds the words where some rule can start (followed by a word it can go on with),
and there only the alternation of those rules, in file order, is tried (``RuleSet.finditer``).
The result is the same as one big alternation of all rules (``RuleSet.scanner``, tested).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from timeline.errors import TimelineError
from timeline.temporal import regex_tree as _rt

_WORD_GROUP = re.compile(r"(\w+)")
_ALPHA_DIGITS = re.compile(r"([^\W\d_]+)\d")
_NEXT = re.compile(r"[\s\-']*(\w+)")
_NEXT3 = re.compile(r"\W*(\w+)")  # the third word: after any run of non-word characters
# after a number ("1,200", "12.5", "5th"): the word after its run of word characters, "." and ","
_NUM_NEXT = re.compile(r"(?>[\w.,]*)\W*(\w+)")
_LIST_REF = re.compile(r"%([a-z_][a-z0-9_]*)")
_RAW_GROUP = re.compile(r"\(\?P<([a-z_][a-z0-9_]*)>")
_CASE_SENSITIVE = re.compile(r"^\(\?-i:(.*)\)$")
_SPACES = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D")
_FRACTION = re.compile(r"^(\d+)\s+(\d)/(\d)$")
ANY = "#ANY"  # a rule whose first word cannot be enumerated: tried at every token
DIGIT = "#DIGIT"  # a token starting with a digit
ALPHA_DIGIT = "#"  # suffix: "fy#" is a token of the letters "fy" followed by digits
_MAX_FIRST = 5000
# the characters outside ASCII that ``re.IGNORECASE`` matches with an ASCII letter although
# ``str.lower`` does not turn them into it (long s, dotless i, capital I with a dot; the
# Kelvin sign lowers to "k" already): a word of the text is looked up in the start-word index
# with these folded too, so the index keeps what the rule regexes match ("Thur\u017fday").
# ``tests/test_temporal_rules.py`` checks against ``re`` over every code point that this is all.
_RE_FOLDS = {"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"}
_FOLD = str.maketrans(_RE_FOLDS)


def fold(word: str) -> str:
    """``word`` lower-cased as ``re.IGNORECASE`` compares it with ASCII letters."""
    return word.translate(_FOLD).lower()


# The scanning regexes (the rules' alternations, the rules alone, the tense cues) are compiled
# with ``re.ASCII``: on ASCII text they match exactly as Unicode patterns do, except at the four
# information separators U+001C-U+001F, which Unicode ``\s`` matches (``str.isspace``) and
# ASCII ``\s`` does not (checked over all 128 characters in ``tests/test_temporal_rules.py``).
# ``re`` then compares case and word characters by table instead of calling the Unicode
# database per character, and a pattern's "s", "k", "i" need no set of their Unicode case
# forms ("\u017f", "\u212a", "\u0131", "\u0130"): ~10% less pattern code, ~8% fewer
# instructions per paragraph. Any other text is matched with each pattern's Unicode twin.
SCAN_FLAGS = re.IGNORECASE | re.ASCII


def ascii_safe(text: str) -> bool:
    """``re.ASCII`` patterns match ``text`` exactly as their Unicode twins do."""
    return (
        text.isascii()
        and "\x1c" not in text
        and "\x1d" not in text
        and "\x1e" not in text
        and "\x1f" not in text
    )


_TWINS: dict[re.Pattern[str], re.Pattern[str]] = {}


# what a regex must not hold to match lower-cased ASCII text without ``re.IGNORECASE`` as it
# matches the text with it: upper-case letters, a range in a set (it may hold upper-case
# letters only: "[0-_]"), inline flags, escapes of letters other than s, w, b, d ("\\S",
# "\\x41", "\\N{...}", "\\1"), a named group's reference ("(?P=name)": upper case)
_CASED = re.compile(r"[A-Z]|\(\?-?[aiLmsux]+(?:-[aiLmsux]+)?[:)]|\\[^swbd\W]")
_SET = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
_ESCAPE = re.compile(r"\\.")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_LOWERED: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def case_free(source: str) -> bool:
    """``source`` (a regex, named groups allowed) matches lower-cased ASCII text
    case-sensitively exactly as it matches the text under ``re.IGNORECASE``: it names no
    upper-case letter, range or inline flag (see ``_CASED``)."""
    source = _GROUP_NAME.sub("(", source)  # a group's name may hold capitals
    if _CASED.search(source):
        return False
    return not any("-" in _ESCAPE.sub("", m.group()[1:-1]) for m in _SET.finditer(source))


def lowered_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (``re.IGNORECASE``) compiled case-sensitively and ``re.ASCII``, to run on
    the lower-cased ``ascii_safe`` text with the same matches (the engine then compares
    characters directly and skips alternatives by their first character); None when the
    source is not ``case_free``. Once per pattern."""
    if pattern in _LOWERED:
        return _LOWERED[pattern]
    twin = None
    if pattern.flags & re.IGNORECASE and case_free(pattern.pattern):
        twin = re.compile(pattern.pattern, re.ASCII)
    _LOWERED[pattern] = twin
    return twin


def unicode_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled without ``re.ASCII`` (once per pattern), for text that is not
    ``ascii_safe``; a Unicode pattern is its own twin."""
    if not pattern.flags & re.ASCII:
        return pattern
    twin = _TWINS.get(pattern)
    if twin is None:
        twin = _TWINS[pattern] = re.compile(pattern.pattern, pattern.flags & ~re.ASCII)
    return twin


@dataclass(frozen=True, slots=True)
class Example:
    """One inline example of a rule: tagging ``text`` on ``dct`` yields ``value``."""

    text: str
    dct: date
    value: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of ``rules.tsv``."""

    id: str
    type: str
    pattern: str
    value: str
    mod: str
    examples: tuple[Example, ...]
    # (regex group name in the combined pattern, placeholder name, word list name or "")
    groups: tuple[tuple[str, str, str], ...] = ()
    regex: str = ""  # the expanded pattern, without the outer rule group
    first: frozenset[tuple[str, ...]] = frozenset()  # first two words (see first_words)
    # the first three words (a shorter tuple: then anything); narrows "the first ..." further
    first3: frozenset[tuple[str, ...]] = frozenset()
    convention: str = ""  # "" (every convention) or the only one it applies in ("timeml")


@dataclass(slots=True)
class WordList:
    """A named word list: surface form -> normalised value, plus raw regex alternatives."""

    name: str
    table: dict[str, str]
    literals: list[str]  # plain surface forms (lower case), compiled into a trie
    alternatives: list[str]  # case-sensitive forms, as regex
    patterns: list[str] = field(default_factory=list)
    norm: str = "text"

    def regex(self) -> str:
        return "|".join(
            a for a in [trie_regex(self.literals), *self.alternatives, *self.patterns] if a
        )

    def normalise(self, surface: str) -> str:
        hit = self.table.get(surface.lower())  # the usual case: a listed word, single spaces
        if hit is not None:
            return hit
        key = _SPACES.sub(" ", surface.strip().lower())
        if not key.isascii():
            key = _SPACES.sub(" ", fold(surface.strip()))
        hit = self.table.get(key)
        if hit is not None:
            return hit
        return NORMS[self.norm](key)


def trie_regex(words: list[str], suffix: dict[str, str] | None = None) -> str:
    r"""One regex for a set of literal words, factored as a character trie (fast to reject).

    Longer words are preferred where they share a prefix (``jan(?:uary|\.)?``); a space in a
    word matches any run of blanks. ``suffix`` maps a word to a regex that must follow it.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items(), key=lambda kv: kv[0])
            if ch != ""
        ]
        end = (suffix.get(node[""], "") if suffix else "") if "" in node else None
        if end:
            branches.append(end)
        if not branches:
            return ""
        if len(branches) == 1 and end is None:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if end == "" else "")

    return emit(root)


# an alternation of at least this many rules is matched as a probe without the rules' inner
# groups (``RuleSet._for_key``): measured (warm, TBAQ and the own corpora), below it the
# second match of the winning rule costs more than the groups do
_PROBE_MIN = 8
_GROUP_REFS = re.compile(r"\(\?P=|\(\?\(|\\[1-9]|\\g<")


def without_groups(regex: str) -> str | None:
    """``regex`` with every capturing group made non-capturing (``(?P<x>a)``, ``(a)`` ->
    ``(?:a)``); the same matches, found faster in an alternation: ``re`` saves and restores
    the marks of every group it backtracks over. ``None`` if the regex refers to a group (a
    backreference or a conditional, which need it) or is not one this reads safely."""
    if _GROUP_REFS.search(regex):
        return None
    out: list[str] = []
    i, n, in_class = 0, len(regex), False
    while i < n:
        ch = regex[i]
        if ch == "\\":
            out.append(regex[i : i + 2])
            i += 2
        elif in_class:
            in_class = ch != "]"
            out.append(ch)
            i += 1
        elif ch == "[":
            in_class = True
            j = i + 1
            if regex.startswith("^", j):
                j += 1
            if regex.startswith("]", j):
                j += 1  # "[]..." / "[^]...": that "]" is a member, not the end
            out.append(regex[i:j])
            i = j
        elif regex.startswith("(?P<", i):
            out.append("(?:")
            i = regex.index(">", i) + 1
        elif ch == "(" and not regex.startswith("(?", i):
            out.append("(?:")
            i += 1
        else:
            out.append(ch)
            i += 1
    stripped = "".join(out)
    try:
        if re.compile(stripped, re.IGNORECASE).groups:
            return None
    except re.error:
        return None
    return stripped


def _second_word(seconds: frozenset[str]) -> str:
    """The regex of what ``RuleSet.finditer`` reads as the next word (``_NEXT``, on lower-case
    ASCII text) when that word is one of ``seconds``: a listed word, a number (``DIGIT``) or
    the letters of a "letters + digits" key followed by a digit."""
    plain = sorted(w for w in seconds if w != DIGIT and not w.endswith(ALPHA_DIGIT))
    alnum = sorted(
        w[: -len(ALPHA_DIGIT)] for w in seconds if w != DIGIT and w.endswith(ALPHA_DIGIT)
    )
    alternatives = [f"(?:{trie_regex(plain)})(?!\\w)"] if plain else []
    if DIGIT in seconds:
        alternatives.append(r"\d")
    if alnum:
        alternatives.append(f"(?:{'|'.join(re.escape(w) for w in alnum)})\\d")
    return r"[\s\-']*(?:" + "|".join(alternatives) + ")"


def _norm_number(text: str) -> str:
    text = text.replace(",", "")
    m = _FRACTION.match(text)
    if m:
        value = int(m.group(1)) + int(m.group(2)) / int(m.group(3))
        return f"{value:g}"
    try:
        value = float(text)
    except ValueError:
        return "X"
    return f"{value:g}"


def _norm_daynum(text: str) -> str:
    digits = _NON_DIGITS.sub("", text)
    return f"{int(digits):02d}" if digits else "XX"


NORMS = {"text": lambda s: s, "number": _norm_number, "daynum": _norm_daynum}


def _index_source(rules: list[Rule]) -> dict[str, frozenset[str] | None]:
    """The start-word index of ``rules``: each word a rule can start with (``DIGIT``: a
    number) -> the words it can go on with (``DIGIT`` among them: a number), ``None`` when
    it may be followed by anything."""
    follow: dict[str, set[str] | None] = {}
    for rule in rules:
        for words in rule.first:
            first = words[0]
            if first == ANY:
                raise TimelineError(f"rule {rule.id}: cannot tell which words it starts with")
            if len(words) == 1:
                follow[first] = None
            else:
                nxt = follow.setdefault(first, set())
                if nxt is not None:
                    nxt.add(words[1])
    return {k: (frozenset(v) if v is not None else None) for k, v in follow.items()}


@dataclass(slots=True)
class RuleSet:
    """All rules of a language compiled into one scanner."""

    rules: list[Rule]
    words: dict[str, WordList]
    cues: dict[str, re.Pattern[str]]
    by_group: dict[str, Rule]
    tense: CueScanner
    _by_key: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    _by_set: dict[tuple[int, ...], re.Pattern[str]] = field(default_factory=dict)
    _follow: dict[str, frozenset[str] | None] = field(default_factory=dict)
    _starters: dict[str, list[int]] = field(default_factory=dict)
    # start word -> the second words some rule of it needs (derived from ``first``)
    _seconds: dict[str, frozenset[str]] = field(default_factory=dict)
    # "start second" -> the third words some rule of that pair needs (from ``first3``)
    _thirds: dict[str, frozenset[str]] = field(default_factory=dict)
    _compiled: bool = False
    # rule id -> (group names, (placeholder, word list or None) per group): normalise_groups
    _plans: dict[str, tuple[tuple[str, ...], tuple[tuple[str, WordList | None], ...]]] = field(
        default_factory=dict
    )
    _anchor_words: dict[str, dict[str, str]] | None = None
    # one regex over the lower-cased text finding the words some rule starts with
    # (``_start_words``; False: cannot be built, the per-word loop is used)
    _starts: re.Pattern[str] | None | bool = None
    # rule index -> the rule alone, with its groups: re-matched where a probe found it
    # (``_for_key``); rule index -> its regex for a probe (``without_groups`` where possible)
    _single: dict[int, re.Pattern[str]] = field(default_factory=dict)
    _probe_src: dict[int, str] = field(default_factory=dict)
    # all rules as one alternation with their groups: the fallback of ``rematch``
    _reference: re.Pattern[str] | None = None

    def anchor_words(self) -> dict[str, dict[str, str]]:
        """The word lists some anchoring functions consult (built once, shared read-only)."""
        if self._anchor_words is None:
            self._anchor_words = {
                name: self.words[name].table
                for name in ("half_context", "half_sport", "possessive_forward", "abbreviation_dot")
            }
        return self._anchor_words

    def scanner(self) -> re.Pattern[str]:
        """All rules as one alternation (slow to scan with; the reference for ``finditer``)."""
        body = "|".join(f"(?P<R{i}>{rule.regex})" for i, rule in enumerate(self.rules))
        return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)

    def compile_all(self) -> None:
        """Build the index and compile every per-word alternation, and every rule alone that
        a probe may need matched again (``rematch``), now rather than on demand (``finditer``
        compiles the ones a text needs when it first needs them)."""
        if self._compiled:
            return
        self.tense.prepare()
        self._index()
        for key in self._follow:
            self._for_key(key)
            self._for_key(key, "")
            for second in self._seconds.get(key, ()):
                self._for_key(key, second)
                for third in self._thirds.get(f"{key} {second}", ()):
                    self._for_key(key, second, third)
                self._for_key(key, second, "")
        # and the rules alone that ``rematch`` matches again after a probe found them
        for idx in self._by_set:
            if len(idx) >= _PROBE_MIN:
                for index in idx:
                    if self.rules[index].groups and self._probe(index) != self.rules[index].regex:
                        self._single_for(index)
        self._compiled = True

    def _index(self) -> None:
        """Build the start-word index (once; a cached rule set brings it along)."""
        if not self._follow and self.rules:
            self._follow = _index_source(self.rules)
        if not self._seconds and self.rules:
            seconds: dict[str, set[str]] = {}
            for rule in self.rules:
                for words in rule.first:
                    if len(words) == 2:
                        seconds.setdefault(words[0], set()).add(words[1])
            self._seconds = {k: frozenset(v) for k, v in seconds.items()}
        if not self._thirds and self.rules:
            thirds: dict[str, set[str]] = {}
            for rule in self.rules:
                for words in rule.first3:
                    if len(words) == 3:
                        thirds.setdefault(f"{words[0]} {words[1]}", set()).add(words[2])
            self._thirds = {k: frozenset(v) for k, v in thirds.items()}

    def _for_key(
        self, key: str, second: str | None = None, third: str | None = None
    ) -> re.Pattern[str] | None:
        """The alternation of the rules (in priority order) that can start with ``key``; with
        ``second``, only those that can go on with that word (a rule whose ``first`` has
        ``(key, second)`` or ``(key,)``): "the new hall" tries no "the same day" rule; with
        ``third`` too, only those whose ``first3`` has ``(key,)``, ``(key, second)`` or
        ``(key, second, third)`` ("the first of" tries no "the first week" rule)."""
        if second is None:
            lookup = key
        elif third is None:
            lookup = f"{key} {second}"
        else:
            lookup = f"{key} {second} {third}"
        try:
            return self._by_key[lookup]
        except KeyError:
            pass
        if not self._starters:
            for i, rule in enumerate(self.rules):
                for first in {w[0] for w in rule.first}:
                    self._starters.setdefault(first, []).append(i)
        idx = tuple(self._starters.get(key, ()))
        if second is not None:
            idx = tuple(
                i
                for i in idx
                if (key,) in self.rules[i].first or (key, second) in self.rules[i].first
            )
            if third is not None:
                allowed = {(key,), (key, second), (key, second, third)}
                idx = tuple(i for i in idx if allowed & self.rules[i].first3)
        pattern: re.Pattern[str] | None = None
        if idx:
            pattern = self._by_set.get(idx)
            if pattern is None:
                if len(idx) >= _PROBE_MIN:
                    # a probe: the rules without their inner groups, each followed by an
                    # empty group R<i> that tells which one matched (at the end, not around
                    # the rule, so that ``re`` can still reject a rule by its first
                    # character); ``rematch`` gets the groups of the one that did
                    body = "|".join(f"(?:{self._probe(i)})(?P<R{i}>)" for i in idx)
                else:
                    body = "|".join(f"(?P<R{i}>{self.rules[i].regex})" for i in idx)
                pattern = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", SCAN_FLAGS)
                self._by_set[idx] = pattern
        self._by_key[lookup] = pattern
        return pattern

    def _probe(self, index: int) -> str:
        src = self._probe_src.get(index)
        if src is None:
            regex = self.rules[index].regex
            src = self._probe_src[index] = without_groups(regex) or regex
        return src

    def _single_for(self, index: int) -> re.Pattern[str]:
        """The rule ``index`` alone, with its groups (``rematch``; compiled once)."""
        single = self._single.get(index)
        if single is None:
            single = self._single[index] = re.compile(
                rf"(?<!\w)(?:(?P<R{index}>{self.rules[index].regex}))(?!\w)", SCAN_FLAGS
            )
        return single

    def rematch(self, probe: re.Match[str]) -> re.Match[str]:
        """The match of the rule a probe (``_for_key``'s pattern) found, with its groups: the
        probe itself if the rule has no named groups, else the rule alone matched again at
        the same place (the same match: the rules before it in the alternation failed there,
        and the rule alone backtracks as it did in it)."""
        name = probe.lastgroup or ""
        groups = self.by_group[name].groups
        if not groups or groups[0][0] in probe.re.groupindex:
            return probe  # no groups to read, or they are there (not a probe; ``iso_date``)
        index = int(name[1:])
        single = self._single.get(index)
        if single is None:
            single = self._single_for(index)
        if not probe.re.flags & re.ASCII:  # the probe was the Unicode twin: so is the rule
            single = unicode_twin(single)
        m = single.match(probe.string, probe.start())
        if m is None or m.end() != probe.end():
            # cannot happen (see above); should it, the reference alternation of all rules
            # decides at this place rather than a guess or an exception losing the document
            if self._reference is None:
                self._reference = self.scanner()
            m = self._reference.match(probe.string, probe.start())
            if m is None:
                raise LookupError(f"rule {self.rules[index].id}: probe and rules disagree")
        return m

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping rule matches, left to right; at each word the first rule wins.

        Equivalent to ``scanner().finditer(text)``, but a match is only attempted at words
        that some rule starts with, followed by a word that rule can continue with (an
        index computed from the patterns, looked up per word), and only with those rules:
        much faster, and only the alternations of the words a text has are ever compiled.
        The rules tried are those that can start with the word and go on with the next one
        (or with anything): "the new hall" tries no "the same day" rule, "5 percent" no
        "5 p.m." rule.
        """
        self._index()
        follow = self._follow
        seconds_of = self._seconds
        thirds_of = self._thirds
        by_key = self._by_key
        last_end = 0
        starts = self._starts if self._starts is not None else self._start_words()
        ascii_text = text.isascii()
        safe = ascii_safe(text)  # the ``re.ASCII`` alternations match as Unicode ones would
        if ascii_text and isinstance(starts, re.Pattern):
            # only the words some rule starts with, found in C ("the", "May", "12", "FY2020"),
            # each as group 1 of a match that starts with the character before it
            words = starts.finditer(" " + text.lower())
            shift = 1
        else:
            words = _WORD_GROUP.finditer(text)
            shift = 0
        for c in words:
            start = c.start(1) - shift
            if start < last_end:
                continue
            word = c.group(1)
            key = DIGIT if word[0].isdigit() else word.lower()
            if key not in follow:
                if not ascii_text and not key.isascii():
                    key = fold(word)  # "Thur\u017fday": as the rule regexes compare it
                if key not in follow:
                    if key.isalpha():
                        continue
                    alpha = _ALPHA_DIGITS.match(key)
                    if alpha is None:
                        continue
                    key = alpha.group(1) + ALPHA_DIGIT
                    if key not in follow:
                        continue
            seconds = seconds_of.get(key)
            if seconds:
                # only the rules that can go on with the next word ("": with anything)
                second = ""
                nxt = (
                    _NUM_NEXT.match(text, start)
                    if key == DIGIT
                    else _NEXT.match(text, start + len(word))
                )
                if nxt is not None:
                    word2 = nxt.group(1)
                    word2 = DIGIT if word2[0].isdigit() else word2.lower()
                    if word2 not in seconds and not ascii_text and not word2.isascii():
                        word2 = fold(nxt.group(1))
                    if word2 not in seconds and not word2.isalpha():
                        alpha2 = _ALPHA_DIGITS.match(word2)
                        if alpha2 is not None:
                            word2 = alpha2.group(1) + ALPHA_DIGIT
                    if word2 in seconds:
                        second = word2
                if not second and follow[key] is not None:
                    continue  # every rule of this word needs one of its second words
                lookup = f"{key} {second}"
                thirds = thirds_of.get(lookup) if second else None
                if thirds and nxt is not None:
                    # and only the rules that can go on with the third word
                    third = ""
                    nxt3 = _NEXT3.match(text, nxt.end())
                    if nxt3 is not None:
                        word3 = nxt3.group(1)
                        word3 = DIGIT if word3[0].isdigit() else word3.lower()
                        if word3 not in thirds and not ascii_text and not word3.isascii():
                            word3 = fold(nxt3.group(1))
                        if word3 not in thirds and not word3.isalpha():
                            alpha3 = _ALPHA_DIGITS.match(word3)
                            if alpha3 is not None:
                                word3 = alpha3.group(1) + ALPHA_DIGIT
                        if word3 in thirds:
                            third = word3
                    lookup = f"{lookup} {third}"
                    pattern = (
                        by_key[lookup] if lookup in by_key else self._for_key(key, second, third)
                    )
                else:
                    pattern = by_key[lookup] if lookup in by_key else self._for_key(key, second)
            else:
                pattern = by_key[key] if key in by_key else self._for_key(key)
            if pattern is None:
                continue
            if not safe:
                pattern = unicode_twin(pattern)
            m = pattern.match(text, start)
            if m is not None and m.end() > start:
                last_end = m.end()
                yield self.rematch(m)

    def _start_words(self) -> re.Pattern[str] | bool:
        """The regex of the whole words (ASCII, lower case) that are keys of the start-word
        index: a key word, a number, or the letters of a "letters + digits" key followed by
        a digit. On ASCII text it finds exactly the words ``finditer``'s loop would keep."""
        letters: list[str] = []
        alnum: list[str] = []
        for key in self._follow:
            if key == DIGIT:
                continue
            word = key[: -len(ALPHA_DIGIT)] if key.endswith(ALPHA_DIGIT) else key
            if not (word.isascii() and word.isalpha()):
                self._starts = False
                return False
            (alnum if key.endswith(ALPHA_DIGIT) else letters).append(word)
        branches = [r"\d\w*"]
        if letters:
            # a word all of whose rules need one of its second words ("the" + "first", "day",
            # ...) is only found followed by one of them: ``finditer`` would skip it otherwise
            ends = {}
            for word in letters:
                seconds = self._follow[word]
                ends[word] = r"(?!\w)" + (f"(?={_second_word(seconds)})" if seconds else "")
            branches.insert(0, trie_regex(sorted(letters), ends))
        if alnum:
            branches.append(f"(?:{'|'.join(sorted(alnum))})\\d\\w*")
        # led by the character before the word (ASCII, lower case: \W is [^a-z0-9_]), not
        # by "(?<!\w)": ``re`` then skips to the next candidate in C, instead of trying the
        # pattern at every character; ``finditer`` prefixes the text with a space so that a
        # word at its start has one too. Every match ends at the end of a word (the words
        # are letters, then ``(?!\w)``, or a number or "fy1" run to the end), so the next
        # word's character before it is never inside a match: the same words are found.
        self._starts = re.compile(r"[^a-z0-9_](" + "|".join(branches) + ")")
        return self._starts

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def normalise_groups(self, rule: Rule, m: re.Match[str]) -> dict[str, str]:
        """Placeholder values of a match: every list group normalised through its list."""
        out: dict[str, str] = {}
        if not rule.groups:
            return out
        plan = self._plans.get(rule.id)
        if plan is None:
            plan = self._plans[rule.id] = (
                tuple(g[0] for g in rule.groups),
                tuple((key, self.words[name] if name else None) for _, key, name in rule.groups),
            )
        names, steps = plan
        # one call for all the rule's groups (a combined pattern has many more)
        surfaces = m.group(*names) if len(names) > 1 else (m.group(names[0]),)
        for (key, wordlist), surface in zip(steps, surfaces, strict=True):
            if surface is None:
                continue
            if wordlist is not None:
                out[key] = wordlist.normalise(surface)
            else:
                out[key] = _SPACES.sub(" ", surface.strip())
        return out


def _load_words(raw: dict[str, Any]) -> dict[str, WordList]:
    words: dict[str, WordList] = {}
    for name, entries in raw.items():
        if name.startswith("_"):
            continue
        table: dict[str, str] = {}
        literals: list[str] = []
        alternatives: list[str] = []
        patterns = list(entries.get("patterns", []))
        norm = entries.get("norm", "text")
        for surface, value in entries.items():
            if surface in ("patterns", "norm"):
                continue
            cs = _CASE_SENSITIVE.match(surface)
            if cs:
                alternatives.append(surface)
                table[cs.group(1).lower()] = value
            else:
                literals.append(_SPACES.sub(" ", surface.lower()))
                table[_SPACES.sub(" ", surface.lower())] = value
        words[name] = WordList(name, table, literals, alternatives, patterns, norm)
    return words


CONVENTIONS = ("news", "timeml")


def _convention(rule_id: str, cell: str) -> str:
    cell = cell.strip()
    if cell and cell not in CONVENTIONS:
        raise TimelineError(f"rule {rule_id}: unknown convention {cell!r} (want {CONVENTIONS})")
    return cell


def _parse_examples(rule_id: str, cell: str) -> tuple[Example, ...]:
    out = []
    for part in cell.split(" ;; "):
        part = part.strip()
        if not part:
            continue
        bits = part.split("|")
        if len(bits) != 3:
            raise TimelineError(f"rule {rule_id}: bad example {part!r} (want text|dct|value)")
        out.append(Example(bits[0], date.fromisoformat(bits[1]), bits[2]))
    return tuple(out)


def _expand(
    index: int, pattern: str, words: dict[str, WordList], rule_id: str
) -> tuple[str, tuple]:
    """Expand %lists, raw named groups, spaces and ``~`` of one rule pattern."""
    groups: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    pieces: list[str] = []

    def key_for(name: str) -> str:
        seen[name] = seen.get(name, 0) + 1
        return name if seen[name] == 1 else f"{name}{seen[name]}"

    def list_ref(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise TimelineError(f"rule {rule_id}: unknown word list %{name}")
        key = key_for(name)
        gname = f"r{index}_{key}"
        groups.append((gname, key, name))
        pieces.append(f"(?P<{gname}>{words[name].regex()})")
        return f"\x00{len(pieces) - 1}\x00"

    def raw_group(m: re.Match[str]) -> str:
        key = key_for(m.group(1))
        gname = f"r{index}_{key}"
        groups.append((gname, key, ""))
        return f"(?P<{gname}>"

    out = _LIST_REF.sub(list_ref, pattern)
    out = _RAW_GROUP.sub(raw_group, out)
    out = re.sub(r"\(\?P=([a-z_][a-z0-9_]*)\)", lambda m: f"(?P=r{index}_{m.group(1)})", out)
    out = out.replace("~", r"(?:\s*-\s*|\s+)").replace(" ", r"\s+")
    out = re.sub("\x00(\\d+)\x00", lambda m: pieces[int(m.group(1))], out)
    return out, tuple(groups)


def _charset_kind(items: list[Any]) -> str:
    """'space', 'digit', 'word' or 'other' for an IN (character set) node."""
    kinds = set()
    for op, av in items:
        if op == _rt.CATEGORY:
            name = str(av)
            if "SPACE" in name:
                kinds.add("space")
            elif "DIGIT" in name and "NOT" not in name:
                kinds.add("digit")
            else:
                kinds.add("word")
        elif op == _rt.LITERAL:
            ch = chr(av)
            kinds.add("digit" if ch.isdigit() else "word" if ch.isalnum() or ch == "_" else "other")
        elif op == _rt.RANGE:
            lo, hi = chr(av[0]), chr(av[1])
            kinds.add("digit" if lo.isdigit() and hi.isdigit() else "word")
        else:
            kinds.add("word")
    if kinds == {"space"} or kinds <= {"space", "other"}:
        return "space"
    if kinds == {"digit"}:
        return "digit"
    return "word"


Prefix = tuple[str, ...]


def _key(word: str) -> str:
    return DIGIT if word[:1].isdigit() else word


def _char_numeric(ch: str) -> bool:
    """A character a number token of the text goes on with (``_NUM_NEXT``)."""
    return ch.isalnum() or ch in "_.,"


def _in_numeric(items: list[Any]) -> bool:
    """A character set all of whose characters continue a number ("[0-9]", "[.,]")."""
    for o, a in items:
        if o == _rt.LITERAL and _char_numeric(chr(a)):
            continue
        if o == _rt.RANGE and (
            (chr(a[0]).isdigit() and chr(a[1]).isdigit())
            or (chr(a[0]).islower() and chr(a[1]).islower())
            or (chr(a[0]).isupper() and chr(a[1]).isupper())
        ):
            continue
        if o == _rt.CATEGORY and str(a) in ("DIGIT", "WORD"):
            continue
        return False
    return bool(items)


def _in_digits(items: list[Any]) -> bool:
    """A character set of digits only ("[12]", "\\d")."""
    return bool(items) and all(
        (o == _rt.LITERAL and chr(a).isdigit())
        or (o == _rt.RANGE and chr(a[0]).isdigit() and chr(a[1]).isdigit())
        or (o == _rt.CATEGORY and str(a) == "DIGIT")
        for o, a in items
    )


def _in_separator(items: list[Any]) -> bool:
    """A character set of blanks, hyphens and apostrophes (what ``_NUM_NEXT`` skips)."""
    return bool(items) and all(
        (o == _rt.CATEGORY and str(a) == "SPACE")
        or (o == _rt.LITERAL and (chr(a).isspace() or chr(a) in "-'"))
        for o, a in items
    )


def _numeric_only(nodes: list[Any]) -> bool:
    """Every match of ``nodes`` is made of characters that continue a number (digits,
    letters, "." and ","), so a number token of the text takes it in whole."""
    for op, av in nodes:
        if op == _rt.LITERAL:
            if not _char_numeric(chr(av)):
                return False
        elif op == _rt.IN:
            if not _in_numeric(av):
                return False
        elif op == _rt.BRANCH:
            if not all(_numeric_only(list(alt)) for alt in av[1]):
                return False
        elif op == _rt.SUBPATTERN:
            if not _numeric_only(list(av[-1])):
                return False
        elif op in (_rt.MAX_REPEAT, _rt.MIN_REPEAT):
            if not _numeric_only(list(av[2])):
                return False
        elif op not in (_rt.ASSERT, _rt.ASSERT_NOT, _rt.AT):
            return False
    return True


def _digit_first(nodes: list[Any]) -> bool:
    """Every match of ``nodes`` starts with a digit (its first word is a number)."""
    probe: set[Prefix] = set()
    _firsts(((list(nodes), 0),), (), "", probe)
    return probe == {(DIGIT,)}


def _firsts(
    stack: tuple[tuple[list[Any], int], ...],
    done: Prefix,
    prefix: str,
    out: set[Prefix],
    depth: int = 2,
) -> None:
    """Collect in ``out`` the first ``depth`` words a match of the parsed ``stack`` can start with.

    A shorter tuple means "these words, then anything (or nothing)"; ``(ANY,)`` means unknown.
    """

    def word_end(more: bool) -> Prefix | None:
        # the current word ends; returns the words so far if the walk should stop here
        words = done + (_key(prefix),) if prefix else done
        if not words:
            return (ANY,)
        if len(words) >= depth or not more:
            return words[:depth]
        return None

    while stack:
        if len(out) > _MAX_FIRST:
            out.add((ANY,))
            return
        items, i = stack[-1]
        if i >= len(items):
            stack = stack[:-1]
            continue
        op, av = items[i]
        rest = stack[:-1] + ((items, i + 1),)
        # a number as the first word ("1,200", "12.5", "5th"): it goes on through word
        # characters, "." and ","; the text side reads it the same way (``_NUM_NEXT``)
        numeric = not done and prefix[:1].isdigit()
        if op == _rt.LITERAL:
            ch = chr(av)
            if numeric and ch in ".,":
                prefix += ch
                stack = rest
                continue
            if ch.isdigit() and prefix.isalpha():  # "FY2020": letters then digits
                out.add((done + (prefix + ALPHA_DIGIT,))[:depth])
                return
            if ch.isalnum() or ch == "_":
                prefix += ch.lower()
                stack = rest
                continue
            if ch in "-'" and (prefix or done):  # a separator between words
                stop = word_end(more=True)
                if stop is not None:
                    out.add(stop)
                    return
                done, prefix, stack = (done + (_key(prefix),) if prefix else done), "", rest
                continue
            words = done + (_key(prefix),) if prefix else done
            out.add(words[:depth] if words else (ANY,))
            return
        if op == _rt.IN:
            if numeric or (not done and not prefix and _in_digits(av)):
                if _in_numeric(av):  # the number goes on (or starts)
                    prefix = prefix or "0"
                    stack = rest
                    continue
                if not _in_separator(av):
                    out.add((DIGIT,))
                    return
            kind = _charset_kind(av)
            literals = all(o == _rt.LITERAL for o, _ in av)
            if literals and len(av) <= 30 and (kind == "word" or (prefix and not prefix.isdigit())):
                for _, code in av:  # a small set of letters: one branch per letter
                    _firsts(rest + (([(_rt.LITERAL, code)], 0),), done, prefix, out, depth)
                return
            if kind == "space" and (prefix or done):
                stop = word_end(more=True)
                if stop is not None:
                    out.add(stop)
                    return
                done, prefix, stack = (done + (_key(prefix),) if prefix else done), "", rest
                continue
            if kind == "digit" and (not prefix or prefix.isdigit()):
                out.add((done + (DIGIT,))[:depth])
            elif kind == "digit" and prefix.isalpha():  # "FY2020": letters then digits
                out.add((done + (prefix + ALPHA_DIGIT,))[:depth])
            elif done:
                out.add(done[:1])
            else:
                out.add((ANY,))
            return
        if op == _rt.BRANCH:
            for alt in av[1]:
                _firsts(rest + ((alt, 0),), done, prefix, out, depth)
            return
        if op == _rt.SUBPATTERN:
            stack = rest + ((av[-1], 0),)
            continue
        if op in (_rt.MAX_REPEAT, _rt.MIN_REPEAT):
            lo, hi, sub = av
            if numeric and _numeric_only(sub):
                stack = rest  # more of the number, or none: the same first word
                continue
            if not done and not prefix and lo >= 1 and _numeric_only(sub) and _digit_first(sub):
                prefix, stack = "0", rest  # a number starts ("\\d{1,3}")
                continue
            if hi != 1:
                probe: set[Prefix] = set()
                _firsts(((sub, 0),), (), "", probe)
                spaces = probe == {(ANY,)} and all(
                    o == _rt.IN and _charset_kind(a) == "space" for o, a in sub
                )
                digits = probe == {(DIGIT,)} and (not prefix or prefix.isdigit())
                if digits:
                    out.add((done + (DIGIT,))[:depth])
                    return
                if not spaces and not done and prefix and not numeric and _no_word_start(sub):
                    # "will(?: \\w+){0,2}": the first word ends where the repeat starts
                    out.add((_key(prefix),))
                    if lo == 0:
                        _firsts(rest, done, prefix, out, depth)
                    return
                if not spaces:
                    out.add(done[:1] if done else (DIGIT,) if numeric else (ANY,))
                    return
            if lo == 0:
                _firsts(rest, done, prefix, out, depth)
            stack = rest + ((sub, 0),)
            continue
        if op in (_rt.ASSERT, _rt.ASSERT_NOT, _rt.AT):
            stack = rest
            continue
        out.add(done[:1] if done else (DIGIT,) if numeric else (ANY,))
        return
    words = done + (_key(prefix),) if prefix else done
    out.add(words[:depth] if words else (ANY,))


def _no_word_start(nodes: list[Any]) -> bool:
    """Every match of ``nodes`` starts with a character that is no word character (white
    space, punctuation); False when that cannot be told or the match may be empty."""
    for op, av in nodes:
        if op in (_rt.ASSERT, _rt.ASSERT_NOT, _rt.AT):
            continue  # consumes nothing
        if op == _rt.LITERAL:
            ch = chr(av)
            return not (ch.isalnum() or ch == "_")
        if op == _rt.IN:
            return bool(av) and all(
                (o == _rt.LITERAL and not (chr(a).isalnum() or chr(a) == "_"))
                or (o == _rt.CATEGORY and str(a) == "SPACE")
                for o, a in av
            )
        if op == _rt.BRANCH:
            return all(_no_word_start(list(alt)) for alt in av[1])
        if op == _rt.SUBPATTERN:
            return _no_word_start(list(av[-1]))
        if op in (_rt.MAX_REPEAT, _rt.MIN_REPEAT):
            return av[0] > 0 and _no_word_start(list(av[2]))
        return False
    return False


def first_words(regex: str, depth: int = 2) -> frozenset[Prefix]:
    """The first ``depth`` words (lower case, DIGIT for a number) a match of ``regex`` can
    start with.

    ``(w,)`` means the match may be ``w`` followed by anything; ``{(ANY,)}`` means unknown.
    """
    try:
        parsed = _rt.parse(regex)
        out: set[Prefix] = set()
        _firsts(((parsed, 0),), (), "", out, depth)
    except (RecursionError, TypeError, ValueError):
        return frozenset({(ANY,)})
    if (ANY,) in out:
        return frozenset({(ANY,)})
    return frozenset(out)


def _first3(regex: str) -> frozenset[Prefix]:
    """``first_words(regex, 3)``; where three words cannot be told, the first two (a shorter
    tuple means "then anything", so these are never too narrow)."""
    three = first_words(regex, 3)
    return first_words(regex) if (ANY,) in three else three


WORD_CHAR = "\\w"  # in a first-character set: any word character
_PAST_GUARD = r"(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bbeing\s)(?<!\bbeen\s)"


def first_chars(nodes: list[Any]) -> frozenset[str] | None:
    """The characters (lower case; ``WORD_CHAR`` for any word character) a match of the
    parsed ``nodes`` can start with; ``None`` when that cannot be told (any character)."""
    for i, (op, av) in enumerate(nodes):
        rest = nodes[i + 1 :]
        if op in (_rt.ASSERT, _rt.ASSERT_NOT, _rt.AT):
            continue  # consumes nothing: the next node starts the match (a superset)
        if op == _rt.LITERAL:
            return frozenset({chr(av).lower()})
        if op == _rt.IN:
            out: set[str] = set()
            for o, a in av:
                if o == _rt.LITERAL:
                    out.add(chr(a).lower())
                elif o == _rt.RANGE and a[1] - a[0] < 128:
                    out.update(chr(c).lower() for c in range(a[0], a[1] + 1))
                elif o == _rt.CATEGORY and str(a) in ("WORD", "DIGIT"):
                    out.add(WORD_CHAR)
                else:
                    return None
            return frozenset(out)
        if op == _rt.BRANCH:
            out = set()
            for alt in av[1]:
                sub = first_chars(list(alt) + list(rest))
                if sub is None:
                    return None
                out |= sub
            return frozenset(out)
        if op == _rt.SUBPATTERN:
            return first_chars(list(av[-1]) + list(rest))
        if op in (_rt.MAX_REPEAT, _rt.MIN_REPEAT):
            lo, _, sub = av
            head = first_chars(list(sub) + list(rest))
            if lo > 0 or head is None:
                return head
            tail = first_chars(list(rest))
            return None if tail is None else head | tail
        return None
    return None  # may match the empty string


def _word_char(ch: str) -> bool:
    """``ch`` matches ``\\w`` (a str pattern's word characters)."""
    return ch.isalnum() or ch == "_"


def _can_start(chars: frozenset[str] | None, ch: str) -> bool:
    return chars is None or ch in chars or (WORD_CHAR in chars and (ch.isalnum() or ch == "_"))


_ASCII_WORD = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TOKEN = re.compile(r"\w+", re.ASCII)


class CueScanner:
    """The tense cues of ``cues.json``: future cues first, then past ones (not after "is",
    "are", "be", ...), longest first, whole words.

    ``pattern`` is all of them as one regex. ``finditer`` finds exactly its matches but
    tries, at each word start, only the cues that can begin with that word's first
    character (the others cannot match there): one alternation of 150 cues at every
    position was a quarter of the tagging time of a short paragraph.
    """

    def __init__(self, future: list[str], past: list[str]):
        self.future = sorted(future, key=len, reverse=True)
        self.past = sorted(past, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)" + self._body(self.future, self.past) + r"(?!\w)", re.IGNORECASE
        )
        self._ready = False
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._start = self.pattern
        # first-word dispatch (``prepare``): lower-case first word -> the cues that can start
        # with it plus those whose first word cannot be told, in priority order; the latter
        # alone (``_any``, searched ahead in C) where a word starts no cue of its own
        self._by_word: dict[str, re.Pattern[str]] = {}
        self._any: re.Pattern[str] | None = None
        self._tokens: re.Pattern[str] | None = None
        self._firsts: frozenset[str] = frozenset()
        # the places of ``_by_words``'s work, found in C on the lower-cased text (``_candidates``)
        self._cands: re.Pattern[str] | None = None
        self._low: tuple[str, str] = ("", "")  # the last text and its lower-case form
        self._cand0: re.Pattern[str] | None = None

    @staticmethod
    def _body(future: list[str], past: list[str]) -> str:
        # both groups always exist (one that cannot match stands for an empty list)
        fut = "|".join(f.replace(" ", r"\s+") for f in future) or "(?!)"
        pst = "|".join(f.replace(" ", r"\s+") for f in past) or "(?!)"
        return f"(?:(?P<future>{fut})|{_PAST_GUARD}(?P<past>{pst}))"

    def prepare(self) -> None:
        """Build the per-character alternations (once; ``finditer`` does it when needed)."""
        if self._ready:
            return

        def firsts(fragment: str) -> frozenset[str] | None:
            try:
                return first_chars(_rt.parse(fragment.replace(" ", r"\s+")))
            except (_rt.RegexSyntaxError, RecursionError, TypeError, ValueError):
                return None

        fut = [(f, firsts(f)) for f in self.future]
        pst = [(f, firsts(f)) for f in self.past]
        every = [c for _, c in fut + pst]
        self._firsts = frozenset(ch for c in every if c is not None for ch in c)
        compiled: dict[tuple[tuple[str, ...], tuple[str, ...]], re.Pattern[str] | None] = {}
        for code in range(128):
            ch = chr(code).lower()
            key = (
                tuple(f for f, c in fut if _can_start(c, ch)),
                tuple(f for f, c in pst if _can_start(c, ch)),
            )
            if key not in compiled:
                body = self._body(list(key[0]), list(key[1]))
                compiled[key] = (
                    re.compile(body + r"(?!\w)", SCAN_FLAGS) if key[0] or key[1] else None
                )
            self._by_char[chr(code)] = compiled[key]
        # where a match can start: a listed first character, a word character, or anything
        if any(c is None for c in every):
            start = r"[\s\S]"
        else:
            chars = {ch for c in every if c is not None for ch in c if ch != WORD_CHAR}
            word = "\\w" if any(c is not None and WORD_CHAR in c for c in every) else ""
            start = "[" + word + "".join(re.escape(ch) for ch in sorted(chars)) + "]"
            if start == "[]":
                start = "(?!)"
        self._start = re.compile(r"(?<!\w)" + start, SCAN_FLAGS)
        self._prepare_words()
        self._ready = True

    def _prepare_words(self) -> None:
        """The first-word dispatch of ``finditer``: each cue's first words (``first_words``)."""
        self._by_word, self._any, self._tokens = {}, None, None
        if self._start.pattern.endswith(r"[\s\S]"):
            return  # some cue can start with any character: per character only

        def heads(fragment: str) -> frozenset[Prefix]:
            try:
                return first_words(fragment.replace(" ", r"\s+"), 1)
            except (_rt.RegexSyntaxError, RecursionError, TypeError, ValueError):
                return frozenset({(ANY,)})

        cues = [(f, heads(f), True) for f in self.future] + [
            (f, heads(f), False) for f in self.past
        ]
        anywhere = [(f, fut) for f, h, fut in cues if (ANY,) in h]
        words = {w[0] for _, h, _ in cues for w in h if w[0] != ANY}
        if any(not (w.isascii() and w.isalpha()) for w in words):
            return  # a number or another kind of first word: per character only
        compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
        for word in words:
            chosen = [(f, fut) for f, h, fut in cues if (word,) in h or (ANY,) in h]
            key = tuple(f for f, _ in chosen)
            if key not in compiled:
                body = self._body(
                    [f for f, fut in chosen if fut], [f for f, fut in chosen if not fut]
                )
                compiled[key] = re.compile(body + r"(?!\w)", SCAN_FLAGS)
            self._by_word[word] = compiled[key]
        if anywhere:
            body = self._body(
                [f for f, fut in anywhere if fut], [f for f, fut in anywhere if not fut]
            )
            self._any = re.compile(r"(?<!\w)" + body + r"(?!\w)", SCAN_FLAGS)
        # words (group 1) and the other characters a cue starts with ("'ll"); a match right
        # after a word character is no start (``_by_words`` skips it)
        other = "".join(
            re.escape(ch) for ch in sorted(self._firsts - {WORD_CHAR}) if not _word_char(ch)
        )
        self._tokens = re.compile(r"(\w+)" + (f"|[{other}]" if other else ""), re.ASCII)
        self._cands = self._candidates(other)

    def _candidates(self, other: str) -> re.Pattern[str] | None:
        """One regex, matched on the lower-cased ASCII text without ``re.IGNORECASE``, that
        finds the token starts where ``_by_words``'s loop does any work: a word that is a key
        of ``_by_word`` (group 1), a word with a digit or "_" whose first character starts a
        cue, a word where the ``_any`` cues match, or an ``other`` character; not after a word
        character. The loop then visits ~3 places per window instead of every word. None
        (the per-token loop) when the ``_any`` cues are not ``case_free``."""
        keys = sorted(self._by_word)
        if any(not (k.isascii() and k.isalpha() and k == k.lower()) for k in keys):
            return None
        branches = [f"({trie_regex(keys)})(?![a-z0-9_])"] if keys else ["(?!)"]
        words = {ch.lower() for ch, p in self._by_char.items() if p is not None and _word_char(ch)}
        if words:
            lead = "" if words >= set(_ASCII_WORD) else f"(?=[{''.join(sorted(words))}])"
            branches.append(lead + "[a-z]*+[0-9_]")  # a word with a digit: ``by_char``
        if self._any is not None:
            body = _GROUP_NAME.sub("(?:", self._any.pattern)
            if not body.startswith(r"(?<!\w)") or not case_free(body):
                return None
            branches.append(body[len(r"(?<!\w)") :])
        if other:
            branches.append(f"[{other}]")
        # led by the character before the place (consumed; the place is the match's end), so
        # that ``re`` skips to candidates in C; the text's first place is ``_cand0``'s
        self._cand0 = re.compile("(?=" + "|".join(branches) + ")", re.ASCII)
        return re.compile(r"[^a-z0-9_](?=" + "|".join(branches) + ")", re.ASCII)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text, pos, endpos)`` (group ``future`` or
        ``past`` set in each)."""
        if not self._ready:
            self.prepare()
        end = len(text) if endpos is None else endpos
        by_char = self._by_char
        last = pos
        safe = ascii_safe(text)  # else the Unicode twins of the ``re.ASCII`` patterns
        if self._cands is not None and safe:
            yield from self._by_candidates(text, pos, end)
            return
        if self._tokens is not None:
            yield from self._by_words(text, pos, end, safe)
            return
        starts = self._start if safe else unicode_twin(self._start)
        for w in starts.finditer(text, pos, end):
            at = w.start()
            if at < last:
                continue
            ch = text[at]
            # a non-ASCII first character: the full pattern (case folding beyond ASCII)
            pattern = by_char[ch] if ch < "\x80" else self.pattern
            if pattern is None:
                continue
            if not safe:
                pattern = unicode_twin(pattern)
            m = pattern.match(text, at, end)
            if m is not None:
                last = m.end()
                yield m

    def _by_candidates(self, text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
        """``_by_words`` on ASCII-safe text, visiting only the places ``_cands`` finds: the
        same patterns are matched at the same places (``_any`` where a word of letters that
        is no key of ``_by_word`` starts, ``_by_char`` at a word with a digit or another
        character), so the matches are the same."""
        assert self._cands is not None and self._cand0 is not None
        low = self._low
        if low[0] is not text:
            low = self._low = (text, text.lower())
        by_word, by_char, anywhere = self._by_word, self._by_char, self._any
        last = pos
        places = self._cands.finditer(low[1], pos - 1, end) if pos else self._at_start(low[1], end)
        for c in places:
            at = c.end()
            if at < last or at >= end:  # (no token starts at the end)
                continue
            word = c.group(1)
            pattern: re.Pattern[str] | None
            if word is not None:
                pattern = by_word[word]
            else:
                token = _TOKEN.match(text, at, end)
                pattern = anywhere if token and token.group().isalpha() else by_char[text[at]]
                if pattern is None:
                    continue
            m = pattern.match(text, at, end)
            if m is not None:
                last = m.end()
                yield m

    def _at_start(self, low: str, end: int) -> Iterator[re.Match[str]]:
        """``_cands``'s places in ``low[:end]`` from its start, the first one too."""
        assert self._cands is not None and self._cand0 is not None
        first = self._cand0.match(low, 0, end)
        if first is not None:
            yield first
        yield from self._cands.finditer(low, 0, end)

    def _by_words(self, text: str, pos: int, end: int, safe: bool) -> Iterator[re.Match[str]]:
        """``finditer`` by first word: at an ASCII word only the cues that can start with it
        (and those whose first word cannot be told); a word that starts none of its own only
        checks where the latter match next (one search ahead, not a match per word)."""
        assert self._tokens is not None
        by_word, by_char, anywhere = self._by_word, self._by_char, self._any
        tokens = self._tokens
        if not safe:
            tokens = unicode_twin(tokens)
            anywhere = None if anywhere is None else unicode_twin(anywhere)
        ahead: re.Match[str] | None = None
        ahead_from = end + 1  # ``ahead`` is the first match of ``anywhere`` at or after this
        last = pos
        for w in tokens.finditer(text, pos, end):
            at = w.start()
            if at < last:
                continue
            word = w.group(1)
            if (word is None or at == pos) and at and _word_char(text[at - 1]):
                continue  # inside a word: no cue starts here
            if word is not None and word.isascii() and word.isalpha():
                pattern = by_word.get(word.lower())
                if pattern is None:
                    if anywhere is None:
                        continue
                    if ahead_from > at or (ahead is not None and ahead.start() < at):
                        ahead, ahead_from = anywhere.search(text, at, end), at
                    if ahead is not None and ahead.start() == at:
                        last = ahead.end()
                        yield ahead
                    continue
            else:
                ch = text[at]
                # a non-ASCII first character: the full pattern (case folding beyond ASCII)
                pattern = by_char[ch] if ch < "\x80" else self.pattern
                if pattern is None:
                    continue
            if not safe:
                pattern = unicode_twin(pattern)
            m = pattern.match(text, at, end)
            if m is not None:
                last = m.end()
                yield m


RESOURCE_FILES = ("words.json", "rules.tsv", "cues.json")
#: bump when the shape of the cached data changes
CACHE_FORMAT = 4


def _read(lang: str, name: str) -> str:
    return resources.files("timeline.temporal.resources").joinpath(lang, name).read_text("utf-8")


def _cue_regex(fragments: list[str]) -> str:
    return "|".join(sorted(fragments, key=len, reverse=True)).replace(" ", r"\s+")


def with_first_chars(source: str) -> re.Pattern[str]:
    """``source`` compiled case-insensitively, led by a lookahead of the characters its matches
    can start with (``first_chars``) when those can be told: the same matches, but the regex
    engine then skips to those characters in C instead of trying the whole pattern at every
    position (clause boundaries of a sentence: ~2x faster)."""
    try:
        firsts = first_chars(_rt.parse(source))
    except (_rt.RegexSyntaxError, RecursionError, TypeError, ValueError):
        firsts = None
    if not firsts or any(len(ch) != 1 for ch in firsts - {WORD_CHAR}):
        return re.compile(source, re.IGNORECASE)
    chars = "".join(re.escape(ch) for ch in sorted(firsts - {WORD_CHAR}))
    word = "\\w" if WORD_CHAR in firsts else ""
    return re.compile(f"(?=[{word}{chars}])(?:{source})", re.IGNORECASE)


def _build(lang: str, sources: dict[str, str]) -> RuleSet:
    """Parse and analyse the resources of ``lang`` (the slow part that the cache saves)."""
    words = _load_words(json.loads(sources["words.json"]))
    rules: list[Rule] = []
    by_group: dict[str, Rule] = {}
    lines = [ln for ln in sources["rules.tsv"].splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ids: set[str] = set()
    for row in reader:
        rid = row["id"].strip()
        if rid in ids:
            raise TimelineError(f"duplicate rule id {rid!r}")
        ids.add(rid)
        index = len(rules)
        regex, groups = _expand(index, row["pattern"], words, rid)
        try:
            re.compile(regex, re.IGNORECASE)
        except re.error as exc:
            raise TimelineError(f"rule {rid}: bad pattern: {exc}") from None
        rule = Rule(
            id=rid,
            type=row["type"].strip(),
            pattern=row["pattern"],
            value=row["value"].strip(),
            mod=(row.get("mod") or "").strip(),
            examples=_parse_examples(rid, row.get("examples") or ""),
            convention=_convention(rid, row.get("convention") or ""),
            groups=groups,
            regex=regex,
            first=first_words(regex),
            first3=_first3(regex),
        )
        rules.append(rule)
        by_group[f"R{index}"] = rule
    raw_cues = json.loads(sources["cues.json"])
    tense = CueScanner(list(raw_cues["future"]), list(raw_cues["past"]))
    clause = list(raw_cues.get("clause_marks", []))
    if raw_cues.get("clause_words"):
        clause.append(r"(?<!\w)(?:" + _cue_regex(raw_cues["clause_words"]) + r")(?!\w)")
    cues = {
        "tense": tense.pattern,
        # never matches when the language has no clause boundaries
        "clause": with_first_chars("|".join(clause) or r"(?!)"),
    }
    if raw_cues.get("weak_future"):
        # prepositions/nouns among the future cues: they lose to any verb cue (anchor.tense)
        weak = "|".join(w.replace(" ", r"\s+") for w in raw_cues["weak_future"])
        cues["weak"] = re.compile(f"(?:{weak})", re.IGNORECASE)
    if raw_cues.get("past_perfect"):
        perfect = "|".join(w.replace(" ", r"\s+") for w in raw_cues["past_perfect"])
        cues["perfect"] = re.compile(f"(?:{perfect})", re.IGNORECASE)
    ruleset = RuleSet(rules, words, cues, by_group, tense)
    ruleset._follow = _index_source(rules)
    return ruleset


def to_data(ruleset: RuleSet) -> dict[str, Any]:
    """Everything ``_build`` computed, as plain JSON data (compiled regexes as sources)."""
    return {
        "rules": [
            {
                "id": r.id,
                "type": r.type,
                "pattern": r.pattern,
                "value": r.value,
                "mod": r.mod,
                "examples": [[e.text, e.dct.isoformat(), e.value] for e in r.examples],
                "groups": [list(g) for g in r.groups],
                "regex": r.regex,
                "first": sorted(list(w) for w in r.first),
                "first3": sorted(list(w) for w in r.first3),
                "convention": r.convention,
            }
            for r in ruleset.rules
        ],
        "words": {
            name: {
                "table": w.table,
                "literals": w.literals,
                "alternatives": w.alternatives,
                "patterns": w.patterns,
                "norm": w.norm,
            }
            for name, w in ruleset.words.items()
        },
        "cues": {name: pattern.pattern for name, pattern in ruleset.cues.items()},
        "tense_cues": {"future": ruleset.tense.future, "past": ruleset.tense.past},
        "follow": {k: (sorted(v) if v is not None else None) for k, v in ruleset._follow.items()},
    }


def from_data(data: dict[str, Any]) -> RuleSet:
    """The ``RuleSet`` of ``to_data``'s output (raises ``KeyError``/``TypeError``/... if the
    data does not have that shape)."""
    rules = [
        Rule(
            id=str(r["id"]),
            type=str(r["type"]),
            pattern=str(r["pattern"]),
            value=str(r["value"]),
            mod=str(r["mod"]),
            examples=tuple(
                Example(str(t), date.fromisoformat(d), str(v)) for t, d, v in r["examples"]
            ),
            groups=tuple((str(g), str(k), str(n)) for g, k, n in r["groups"]),
            regex=str(r["regex"]),
            first=frozenset(tuple(str(x) for x in w) for w in r["first"]),
            first3=frozenset(tuple(str(x) for x in w) for w in r["first3"]),
            convention=str(r["convention"]),
        )
        for r in data["rules"]
    ]
    words = {
        str(name): WordList(
            str(name),
            {str(k): str(v) for k, v in w["table"].items()},
            [str(x) for x in w["literals"]],
            [str(x) for x in w["alternatives"]],
            [str(x) for x in w["patterns"]],
            str(w["norm"]),
        )
        for name, w in data["words"].items()
    }
    tense = CueScanner(
        [str(x) for x in data["tense_cues"]["future"]], [str(x) for x in data["tense_cues"]["past"]]
    )
    cues = {str(k): re.compile(str(v), re.IGNORECASE) for k, v in data["cues"].items()}
    cues["tense"] = tense.pattern
    ruleset = RuleSet(rules, words, cues, {f"R{i}": rule for i, rule in enumerate(rules)}, tense)
    ruleset._follow = {
        str(k): (frozenset(str(x) for x in v) if v is not None else None)
        for k, v in data["follow"].items()
    }
    if not ruleset._follow or not rules or {"tense", "clause"} - set(cues):
        raise ValueError("incomplete rule data")
    return ruleset


def cache_dir() -> Path | None:
    """Where compiled rules are kept: ``$TIMELINE_CACHE_DIR`` (``off``: nowhere, always
    build in memory), else ``$XDG_CACHE_HOME/timeline`` or ``~/.cache/timeline``."""
    env = os.environ.get("TIMELINE_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "none", "0") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "timeline"


def cache_key(sources: dict[str, str]) -> str:
    """Hash of everything the built rules depend on: the resource files, the code that builds
    them (this module and ``regex_tree``), the package version and the Python version (whose
    ``re`` reads the patterns). Any change gives another key, hence another cache file."""
    import timeline

    digest = hashlib.sha256()
    parts = [f"format {CACHE_FORMAT}", f"timeline {timeline.__version__}", sys.version]
    for part in parts:
        digest.update(part.encode() + b"\0")
    for module in (__file__, _rt.__file__):
        digest.update(Path(module).read_bytes() + b"\0")
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].encode() + b"\0")
    return digest.hexdigest()


def _cache_file(directory: Path, lang: str, key: str) -> Path:
    return directory / f"temporal-rules-{lang}-{key[:24]}.json"


def _read_cache(path: Path, key: str) -> RuleSet | None:
    """The cached rules at ``path`` if it is intact and for ``key``; else ``None`` (missing,
    unreadable, truncated, tampered with, another version: all mean "build again")."""
    try:
        raw = path.read_bytes()
        header_raw, _, body = raw.partition(b"\n")
        header = json.loads(header_raw)
        if (
            not isinstance(header, dict)
            or header.get("format") != CACHE_FORMAT
            or header.get("key") != key
            or header.get("sha256") != hashlib.sha256(body).hexdigest()
        ):
            return None
        return from_data(json.loads(body))
    except Exception:  # noqa: BLE001 - any defect of a cache file means: rebuild
        return None


def _write_cache(path: Path, key: str, ruleset: RuleSet) -> bool:
    """Write atomically (a temporary file renamed into place); ``False`` if not writable."""
    body = json.dumps(to_data(ruleset), ensure_ascii=False, separators=(",", ":")).encode()
    header = json.dumps(
        {"format": CACHE_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    ).encode()
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header + b"\n" + body)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_ruleset(lang: str, directory: Path | None) -> tuple[RuleSet, str]:
    """The rules of ``lang`` and where they came from: ``"cache"`` (read from
    ``directory``), ``"built"`` (built and written there) or ``"memory"`` (built; no cache
    directory, or it is not writable). Never fails because of the cache."""
    sources = {name: _read(lang, name) for name in RESOURCE_FILES}
    if directory is None:
        return _build(lang, sources), "memory"
    key = cache_key(sources)
    path = _cache_file(directory, lang, key)
    cached = _read_cache(path, key)
    if cached is not None:
        return cached, "cache"
    ruleset = _build(lang, sources)
    return ruleset, ("built" if _write_cache(path, key, ruleset) else "memory")


@lru_cache(maxsize=4)
def load_rules(lang: str = "en") -> RuleSet:
    """The rules of ``lang``, once per process: read from the rule cache (``cache_dir``) when
    it holds them for exactly these resources and this version, else built (and cached).
    Regexes are compiled lazily, per start word, as texts need them."""
    return load_ruleset(lang, cache_dir())[0]
