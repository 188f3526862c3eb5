"""Sentence features for the learned event coder (pure Python, no model needed).

A sentence becomes a set of string features:

- ``w:`` lower-cased words, with capitalised words inside the sentence (names: "Iran",
  "Kim Jong Un") folded to ``<cap>`` and numbers to ``<num>``, so the head learns verbs and
  their context rather than the actors of its training sentences;
- ``s:`` crude stems ("slapped" -> "slap", "penalties" -> "penalti") and ``b:`` bigrams;
- ``v:`` / ``vp:`` / ``vc:`` hits in the CAMEO verb table (``data/cameo_verbs.tsv``, derived from
  the MIT-licensed PETRARCH2 CAMEO dictionary): the verb's lemma, its PLOVER type and CAMEO root;
- ``pp:`` / ``pc:`` a verb pattern of that table (the verb followed within a few words by its
  object: "slapped fresh penalties" is not in it, "slap ... sanctions" is);
- ``m:`` modality cues (negation, modal, future) next to a verb hit;
- ``h:`` / ``hv:`` / ``hp:`` the main clause: the words from the main event verb (the first verb
  hit that is not a reporting verb) to the end of its clause, its lemma and its PLOVER type; a
  word found only after that clause (in "freed the journalist, who was arrested in May") is a
  background word ``x:``, not a ``s:`` stem of the sentence (``data/clause_words.tsv``).

The same function serves training (``scripts/train_coder.py``) and inference, so they cannot
drift apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from timeline.resources import read_tsv

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d+(?:[.,]\d+)*")
_CLAUSE_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d+(?:[.,]\d+)*|[,;:(]")
_CLAUSE_MARKS = ",;:("  # the marks of _CLAUSE_TOKEN (tested with ``in``, as a substring)
_OBJECT_WINDOW = 4  # words after a verb paired with it ("suspended humanitarian aid")
_PATTERN_WINDOW = 5  # object words must start within this many tokens after the verb
_MODAL = frozenset(
    {"not", "never", "no", "could", "would", "might", "may", "should", "if", "will", "won't",
     "didn't", "did", "to", "threatened", "planned", "plans", "expected", "set", "refused",
     "denied", "failed"}
)  # fmt: skip
# English function words: a sentence with none of these is not coded (non-English or a fragment)
ENGLISH_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "and", "with", "for", "by", "at", "from", "has",
     "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "its", "his",
     "her", "their", "it", "he", "she", "they", "that", "this", "as", "after", "over", "into",
     "against", "who", "which", "but", "not", "said", "says", "during", "about"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class VerbHit:
    """A verb of the CAMEO table found in a sentence."""

    index: int  # token index
    lemma: str
    cameo: str  # CAMEO code of the verb (or of the matched pattern)
    plover: str
    row: str  # id of the table row that matched ("v0496", "p1543")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each of :func:`tokens` in ``text`` (what a :class:`VerbHit` indexes)."""
    return [m.span() for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: len(word) - len(suf)] + rep
    return word


@cache
def common_words() -> frozenset[str]:
    rows = read_tsv("timeline.coder", "data/common_words.tsv")
    return frozenset(w for row in rows for w in row["words"].split("|"))


@cache
def clause_words() -> tuple[frozenset[str], frozenset[str]]:
    """(reporting verb lemmas, main-clause boundary tokens)."""
    rows = read_tsv("timeline.coder", "data/clause_words.tsv")
    by_kind = {k: frozenset(w for r in rows if r["kind"] == k for w in r["words"].split("|"))
               for k in ("report", "boundary")}  # fmt: skip
    return by_kind["report"], by_kind["boundary"]


def _main_clause(text: str, norm: list[str], hits: list[VerbHit], feats: set[str]) -> None:
    """Add the main-clause features to ``feats`` and turn background-only stems into ``x:``
    (``norm``: the sentence's normalised words, names folded to ``<cap>``)."""
    report, boundary = clause_words()
    main = next((h for h in hits if h.lemma not in report), None)
    if main is None:
        return
    toks: list[str]
    word_at: Sequence[int]
    if any(c in text for c in _CLAUSE_MARKS):
        toks = []
        k = 0
        for t in _CLAUSE_TOKEN.findall(text):  # the normalised words with the marks between
            if t in _CLAUSE_MARKS:
                toks.append(t)
            elif k < len(norm):
                toks.append(norm[k])
                k += 1
        word_at = [i for i, t in enumerate(toks) if t not in _CLAUSE_MARKS]
    else:  # no mark: the clause tokens are the words (``norm`` are ``text``'s :func:`tokens`)
        toks = norm
        word_at = range(len(norm))
    if main.index >= len(word_at):
        return
    start = word_at[main.index]
    n = len(toks)
    end = start + 1
    while end < n and toks[end] not in boundary:
        end += 1
    head = toks[:end]
    for t in toks[start:end]:
        feats.add("h:" + stem(t))
    feats.add("hv:" + us_spelling(main.lemma))
    if not main.row.endswith("g"):
        feats.add("hp:" + main.plover)
    before = set(map(stem, head))
    end_word = bisect_left(word_at, end)  # words before the clause's end
    own = {h.plover for h in hits if h.index < end_word and not h.row.endswith("g")}
    for h in hits:  # a verb type only named in the background clause
        if h.index >= end_word and h.plover not in own and "vp:" + h.plover in feats:
            feats.discard("vp:" + h.plover)
            feats.add("xp:" + h.plover)
    for t in toks[end:]:
        st = stem(t)
        if t not in boundary and st not in before and "s:" + st in feats:
            feats.discard("s:" + st)
            feats.add("x:" + st)


def merge_plover(label: str) -> str:
    """The 15 evaluation classes: CONCEDE and RETREAT are one class (YIELD)."""
    return "CONCEDE|RETREAT" if label in ("CONCEDE", "RETREAT") else label


@cache
def verb_table() -> tuple[dict[str, tuple[str, str, str, str]], dict[str, dict[str, list[tuple]]]]:
    """(form -> (lemma, cameo, plover, row id), lemma -> first object stem -> patterns), where a
    pattern is (object stems, cameo, plover, row id), longest first."""
    forms: dict[str, tuple[str, str, str, str]] = {}
    patterns: dict[str, dict[str, list[tuple]]] = {}
    for row in read_tsv("timeline.coder", "data/cameo_verbs.tsv"):
        plover = merge_plover(row["plover"])
        if row["kind"] == "verb":
            for form in row["forms"].split("|"):
                if " " not in form and form not in forms:
                    rid = row["id"] + ("g" if row.get("generic") == "1" else "")
                    forms[form] = (row["lemma"], row["cameo"], plover, rid)
        else:
            obj = tuple(stem(o) for o in row["object"].split())
            by_first = patterns.setdefault(row["lemma"], {})
            by_first.setdefault(obj[0], []).append((obj, row["cameo"], plover, row["id"]))
    for by_first in patterns.values():
        for items in by_first.values():
            items.sort(key=lambda p: -len(p[0]))
    return forms, patterns


def verb_hits(words: list[str]) -> list[VerbHit]:
    """CAMEO verbs in the lower-cased ``words``; a matching pattern wins over the bare verb
    (the longest object match starting within ``_PATTERN_WINDOW`` words)."""
    forms, patterns = verb_table()
    hits = []
    stems: list[str] | None = None
    for i, w in enumerate(words):
        entry = forms.get(w)
        if entry is None:
            continue
        lemma, code, plover, rid = entry
        best = None
        by_first = patterns.get(lemma)
        if by_first:
            if stems is None:
                stems = [stem(x) for x in words]
            for k in range(i + 1, min(len(words), i + 1 + _PATTERN_WINDOW)):
                for obj, pcode, pplover, pid in by_first.get(stems[k], ()):
                    if tuple(stems[k : k + len(obj)]) == obj and (
                        best is None or len(obj) > len(best[0])
                    ):
                        best = (obj, pcode, pplover, pid)
                        break
        if best is not None:
            hits.append(VerbHit(i, lemma, best[1], best[2], best[3]))
        else:
            hits.append(VerbHit(i, lemma, code, plover, rid))
    return hits


Prepared = tuple[list[str], list[str], list[VerbHit]]  # (tokens, lower-cased words, verb hits)


def prepare(text: str) -> Prepared:
    """A sentence's tokens, lower-cased words and CAMEO verb hits: the first, cheap part of
    :func:`featurize` (a caller that checks the verbs first passes this on to it)."""
    raw = tokens(text)
    words = [t.lower().replace("’", "'") for t in raw]
    return raw, words, verb_hits(words)


@cache
def _verb_words() -> frozenset[str]:
    """The verb forms of the table and the first parts of its hyphenated ones ("re" of
    "re-arrested", which another tokeniser may split off: "RE-ARRESTED")."""
    forms = verb_table()[0]
    return frozenset(forms) | {f.split("-", 1)[0] for f in forms if "-" in f}


_NOT_VERB_START = "0123456789_"


def may_have_verbs(lower_tokens: Iterable[str]) -> bool:
    """False only if a sentence whose lower-cased tokens (of :mod:`timeline.events.tokens`, which
    split words at least where :func:`tokens` does) are these has no :func:`verb_hits`: a cheap
    test before :func:`prepare` (a verb form is letters and hyphens; such a word of
    :func:`tokens` is a token there too, after any digits or "_" glued before it)."""
    verbs = _verb_words()
    lows = lower_tokens if isinstance(lower_tokens, list) else list(lower_tokens)
    if not verbs.isdisjoint(lows):
        return True
    # only a token starting with a digit or "_" changes when they are stripped
    start = _NOT_VERB_START
    return any(t.lstrip(start) in verbs for t in lows if t and t[0] in start)


def sentence_verb_hits(text: str) -> list[VerbHit]:
    """The CAMEO verbs of a sentence, as :func:`featurize` finds them (a cheap pre-check)."""
    return prepare(text)[2]


def english_share(words: list[str]) -> float:
    """Share of tokens that are English function words (0 for an empty sentence)."""
    if not words:
        return 0.0
    return sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) / len(words)


@cache
def _spelling() -> tuple[dict[str, str], tuple[tuple[str, str, int], ...]]:
    """(whole words, (suffix, replacement, letters that must stay) longest first) of
    ``data/spelling.tsv``: British spellings folded to American ones."""
    rows = read_tsv("timeline.coder", "data/spelling.tsv")
    words = {r["gb"]: r["us"] for r in rows if r["kind"] == "word"}
    suffixes = [(r["gb"], r["us"], int(r["min_stem"])) for r in rows if r["kind"] == "suffix"]
    suffixes.sort(key=lambda s: -len(s[0]))
    return words, tuple(suffixes)


@lru_cache(maxsize=1 << 16)
def us_spelling(word: str) -> str:
    """A lower-case word with a British spelling folded to the American one ("mobilised" ->
    "mobilized", "defence" -> "defense"); other words unchanged."""
    words, suffixes = _spelling()
    folded = words.get(word)
    if folded is not None:
        return folded
    for gb, us, keep in suffixes:
        if word.endswith(gb) and len(word) - len(gb) >= keep:
            return word[: len(word) - len(gb)] + us
    return word


@lru_cache(maxsize=1 << 16)
def _norm(token: str, first: bool) -> str:
    """A token as a feature word: ``<num>``, ``<cap>`` for a name, else lower case (with
    :func:`us_spelling`)."""
    if token[0].isdigit():
        return "<num>"
    w = token.lower().replace("’", "'")
    if (
        token[0].isupper()
        and w not in ENGLISH_FUNCTION_WORDS
        and (not first or (w not in common_words() and w not in verb_table()[0]))
    ):
        return "<cap>"
    return us_spelling(w)


@lru_cache(maxsize=1 << 16)
def _word_features(n: str) -> tuple[str, str, str]:
    """(``w:`` feature, ``s:`` feature, stem) of a normalised word."""
    st = stem(n)
    return "w:" + n, "s:" + st, st


@lru_cache(maxsize=1 << 16)
def _token_features(token: str, first: bool) -> tuple[str, str, str, str]:
    """(normalised word, ``w:`` feature, ``s:`` feature, stem) of a token: one cache look-up
    per token."""
    n = _norm(token, first)
    return (n, *_word_features(n))


def featurize(
    text: str, prepared: Prepared | None = None
) -> tuple[list[str], list[str], list[VerbHit]]:
    """(features, lower-cased words, verb hits) of one sentence (``prepared``: its
    :func:`prepare`, if the caller has it already)."""
    raw, words, hits = prepared or prepare(text)
    feats = {"bias"}
    add = feats.add
    norm = []
    stems = []
    for k, t in enumerate(raw):
        n, wf, sf, st = _token_features(t, k == 0)
        norm.append(n)
        add(wf)
        add(sf)
        stems.append(st)
    for i in range(len(norm) - 1):
        if norm[i] == "<cap>" and norm[i + 1] == "<cap>":
            continue
        add("b:" + stems[i] + "_" + stems[i + 1])
    for rank, h in enumerate(hits):
        generic = h.row.endswith("g")  # a loose synonym-set code: the lemma, not its type
        lemma = us_spelling(h.lemma)
        if rank == 0:
            add("v1:" + lemma)
            if not generic:
                add("vp1:" + h.plover)
        for j in range(h.index + 1, min(len(norm), h.index + 1 + _OBJECT_WINDOW)):
            if norm[j] not in ENGLISH_FUNCTION_WORDS:
                add(f"vo:{lemma}_{stems[j]}")
        add("v:" + lemma)
        if generic:
            continue
        add("vp:" + h.plover)
        add("vc:" + h.cameo[:2])
        if h.row.startswith("p"):
            add("pp:" + h.plover)
            add("pc:" + h.cameo[:2])
        for j in range(max(0, h.index - 3), h.index):
            if words[j] in _MODAL and not (j and raw[j][0].isupper()):  # "in May"
                add(f"m:{words[j]}_{h.plover}")
    if not hits:
        add("v:none")
    _main_clause(text, norm, hits, feats)
    return sorted(feats), words, hits
