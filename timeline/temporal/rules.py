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

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.errors import TimelineError

try:  # Python >= 3.11
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_LIST_REF = re.compile(r"%([a-z_][a-z0-9_]*)")
_RAW_GROUP = re.compile(r"\(\?P<([a-z_][a-z0-9_]*)>")
_CASE_SENSITIVE = re.compile(r"^\(\?-i:(.*)\)$")
_SPACES = re.compile(r"\s+")
_FRACTION = re.compile(r"^(\d+)\s+(\d)/(\d)$")
ANY = "#ANY"  # a rule whose first word cannot be enumerated: tried at every token
DIGIT = "#DIGIT"  # a token starting with a digit
_MAX_FIRST = 5000


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
        key = _SPACES.sub(" ", surface.strip().lower())
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
    digits = re.sub(r"\D", "", text)
    return f"{int(digits):02d}" if digits else "XX"


NORMS = {"text": lambda s: s, "number": _norm_number, "daynum": _norm_daynum}


@dataclass(slots=True)
class RuleSet:
    """All rules of a language compiled into one scanner."""

    rules: list[Rule]
    words: dict[str, WordList]
    cues: dict[str, re.Pattern[str]]
    by_group: dict[str, Rule]
    _by_key: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    _by_set: dict[tuple[int, ...], re.Pattern[str]] = field(default_factory=dict)
    _follow: dict[str, frozenset[str] | None] = field(default_factory=dict)
    _starters: dict[str, list[int]] = field(default_factory=dict)
    _compiled: bool = False
    _starts: re.Pattern[str] | None = None

    def scanner(self) -> re.Pattern[str]:
        """All rules as one alternation (slow to scan with; the reference for ``finditer``)."""
        body = "|".join(f"(?P<R{i}>{rule.regex})" for i, rule in enumerate(self.rules))
        return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)

    def compile_all(self) -> None:
        """Build the index and compile every per-word alternation now rather than on demand
        (``tag`` does, once: an article needs most of them; one date phrase needs a few)."""
        if self._compiled:
            return
        self._index()
        for key in self._follow:
            self._for_key(key)
        self._compiled = True

    def _index(self) -> None:
        """Build the start-word prefilter and the second-word filters from the rules."""
        follow: dict[str, set[str] | None] = {}
        for rule in self.rules:
            for words in rule.first:
                first = words[0]
                if first == ANY:
                    raise TimelineError(f"rule {rule.id}: cannot tell which words it starts with")
                if len(words) == 1:
                    follow[first] = None
                elif follow.get(first, set()) is not None:
                    follow.setdefault(first, set()).add(words[1])  # type: ignore[union-attr]
        self._follow = {k: (frozenset(v) if v is not None else None) for k, v in follow.items()}
        suffix = {}
        for key, nxt in self._follow.items():
            if key == DIGIT:
                continue
            if nxt is None:
                suffix[key] = r"(?!\w)"
                continue
            words = sorted(w for w in nxt if w != DIGIT)
            alts = [f"(?:{trie_regex(words)})" + r"(?!\w)"] if words else []
            if DIGIT in nxt:
                alts.append(r"\d")
            suffix[key] = r"(?!\w)(?=[\s\-']*(?:" + "|".join(alts) + "))"
        # one regex finds the words where a rule can start, followed by a word it can go on with
        self._starts = re.compile(
            r"(?<!\w)(?:" + trie_regex(sorted(suffix), suffix) + r"|\d+)", re.IGNORECASE
        )

    def _for_key(self, key: str) -> re.Pattern[str] | None:
        """The alternation of the rules (in priority order) that can start with ``key``."""
        try:
            return self._by_key[key]
        except KeyError:
            pass
        if not self._starters:
            for i, rule in enumerate(self.rules):
                for first in {w[0] for w in rule.first}:
                    self._starters.setdefault(first, []).append(i)
        idx = tuple(self._starters.get(key, ()))
        pattern: re.Pattern[str] | None = None
        if idx:
            pattern = self._by_set.get(idx)
            if pattern is None:
                body = "|".join(f"(?P<R{i}>{self.rules[i].regex})" for i in idx)
                pattern = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)
                self._by_set[idx] = pattern
        self._by_key[key] = pattern
        return pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping rule matches, left to right; at each word the first rule wins.

        Equivalent to ``scanner().finditer(text)``, but a match is only attempted at words
        that some rule starts with, followed by a word that rule can continue with (an
        index computed from the patterns), and only with those rules: much faster.
        """
        if self._starts is None:
            self._index()
        starts = self._starts
        assert starts is not None
        by_key = self._by_key
        last_end = 0
        for c in starts.finditer(text):
            start = c.start()
            if start < last_end:
                continue
            word = c.group()
            key = DIGIT if word[0].isdigit() else word.lower()
            pattern = by_key[key] if key in by_key else self._for_key(key)
            if pattern is None:
                continue
            m = pattern.match(text, start)
            if m is not None and m.end() > start:
                last_end = m.end()
                yield m

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def normalise_groups(self, rule: Rule, m: re.Match[str]) -> dict[str, str]:
        """Placeholder values of a match: every list group normalised through its list."""
        out: dict[str, str] = {}
        for gname, key, list_name in rule.groups:
            surface = m.group(gname)
            if surface is None:
                continue
            if list_name:
                out[key] = self.words[list_name].normalise(surface)
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
        if op is _sre_c.CATEGORY:
            name = str(av)
            if "SPACE" in name:
                kinds.add("space")
            elif "DIGIT" in name and "NOT" not in name:
                kinds.add("digit")
            else:
                kinds.add("word")
        elif op is _sre_c.LITERAL:
            ch = chr(av)
            kinds.add("digit" if ch.isdigit() else "word" if ch.isalnum() or ch == "_" else "other")
        elif op is _sre_c.RANGE:
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


def _firsts(
    stack: tuple[tuple[list[Any], int], ...], done: Prefix, prefix: str, out: set[Prefix]
) -> None:
    """Collect in ``out`` the first two words a match of the parsed ``stack`` can start with.

    A 1-tuple means "this word, then anything (or nothing)"; ``(ANY,)`` means unknown.
    """

    def word_end(more: bool) -> Prefix | None:
        # the current word ends; returns the words so far if the walk should stop here
        words = done + (_key(prefix),) if prefix else done
        if not words:
            return (ANY,)
        if len(words) >= 2 or not more:
            return words[:2]
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
        if op is _sre_c.LITERAL:
            ch = chr(av)
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
            out.add(words[:2] if words else (ANY,))
            return
        if op is _sre_c.IN:
            kind = _charset_kind(av)
            literals = all(o is _sre_c.LITERAL for o, _ in av)
            if literals and len(av) <= 30 and (kind == "word" or (prefix and not prefix.isdigit())):
                for _, code in av:  # a small set of letters: one branch per letter
                    _firsts(rest + (([(_sre_c.LITERAL, code)], 0),), done, prefix, out)
                return
            if kind == "space" and (prefix or done):
                stop = word_end(more=True)
                if stop is not None:
                    out.add(stop)
                    return
                done, prefix, stack = (done + (_key(prefix),) if prefix else done), "", rest
                continue
            if kind == "digit" and (not prefix or prefix.isdigit()):
                out.add((done + (DIGIT,))[:2])
            elif done:
                out.add(done[:1])
            else:
                out.add((ANY,))
            return
        if op is _sre_c.BRANCH:
            for alt in av[1]:
                _firsts(rest + ((alt, 0),), done, prefix, out)
            return
        if op is _sre_c.SUBPATTERN:
            stack = rest + ((av[-1], 0),)
            continue
        if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
            lo, hi, sub = av
            if hi != 1:
                probe: set[Prefix] = set()
                _firsts(((sub, 0),), (), "", probe)
                spaces = probe == {(ANY,)} and all(
                    o is _sre_c.IN and _charset_kind(a) == "space" for o, a in sub
                )
                digits = probe == {(DIGIT,)} and (not prefix or prefix.isdigit())
                if digits:
                    out.add((done + (DIGIT,))[:2])
                    return
                if not spaces:
                    out.add(done[:1] if done else (ANY,))
                    return
            if lo == 0:
                _firsts(rest, done, prefix, out)
            stack = rest + ((sub, 0),)
            continue
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT, _sre_c.AT):
            stack = rest
            continue
        out.add(done[:1] if done else (ANY,))
        return
    words = done + (_key(prefix),) if prefix else done
    out.add(words[:2] if words else (ANY,))


def first_words(regex: str) -> frozenset[Prefix]:
    """The first two words (lower case, DIGIT for a number) a match of ``regex`` can start with.

    ``(w,)`` means the match may be ``w`` followed by anything; ``{(ANY,)}`` means unknown.
    """
    try:
        parsed = _sre_parse.parse(regex, re.IGNORECASE)
        out: set[Prefix] = set()
        _firsts(((list(parsed.data), 0),), (), "", out)
    except (re.error, RecursionError, TypeError, ValueError):
        return frozenset({(ANY,)})
    if (ANY,) in out:
        return frozenset({(ANY,)})
    return frozenset(out)


def _read(lang: str, name: str) -> str:
    return resources.files("timeline.temporal.resources").joinpath(lang, name).read_text("utf-8")


def _cue_regex(fragments: list[str]) -> str:
    return "|".join(sorted(fragments, key=len, reverse=True)).replace(" ", r"\s+")


@lru_cache(maxsize=4)
def load_rules(lang: str = "en") -> RuleSet:
    """Load and compile the rules of ``lang`` (cached: compiled once per process)."""
    words = _load_words(json.loads(_read(lang, "words.json")))
    rules: list[Rule] = []
    alternatives: list[str] = []
    by_group: dict[str, Rule] = {}
    lines = [ln for ln in _read(lang, "rules.tsv").splitlines() if ln and not ln.startswith("#")]
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
            _sre_parse.parse(regex, re.IGNORECASE)
        except re.error as exc:
            raise TimelineError(f"rule {rid}: bad pattern: {exc}") from None
        rule = Rule(
            id=rid,
            type=row["type"].strip(),
            pattern=row["pattern"],
            value=row["value"].strip(),
            mod=(row.get("mod") or "").strip(),
            examples=_parse_examples(rid, row.get("examples") or ""),
            groups=groups,
            regex=regex,
            first=first_words(regex),
        )
        rules.append(rule)
        by_group[f"R{index}"] = rule
        alternatives.append(f"(?P<R{index}>{regex})")
    raw_cues = json.loads(_read(lang, "cues.json"))
    cue = (
        r"(?<!\w)(?:(?P<future>"
        + _cue_regex(raw_cues["future"])
        + r")|(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bbeing\s)(?<!\bbeen\s)(?P<past>"
        + _cue_regex(raw_cues["past"])
        + r"))(?!\w)"
    )
    clause = list(raw_cues.get("clause_marks", []))
    if raw_cues.get("clause_words"):
        clause.append(r"(?<!\w)(?:" + _cue_regex(raw_cues["clause_words"]) + r")(?!\w)")
    cues = {
        "tense": re.compile(cue, re.IGNORECASE),
        # never matches when the language has no clause boundaries
        "clause": re.compile("|".join(clause) or r"(?!)", re.IGNORECASE),
    }
    return RuleSet(rules, words, cues, by_group)
