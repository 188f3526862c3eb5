"""Source and target phrases of a sentence the model coded, around its event verb.

The model decides the type; this decides "who did it to whom" for sentences the rules missed:
the phrase before the event verb is the source and the phrase after it the target, swapped in
the passive ("was attacked by X"); an object noun of the verb's CAMEO pattern ("imposed
sanctions on X") is skipped to reach the target. Phrases stop at clause punctuation and at the
words in ``data/role_stops.tsv``. Returns character spans, so the caller can map them to the
lexicon's actor mentions.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from timeline.coder.features import VerbHit, merge_plover, token_spans
from timeline.resources import read_tsv

_TOK = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’\-.]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]"
)
_MAX_PHRASE = 8


@dataclass(frozen=True, slots=True)
class Roles:
    source: tuple[int, int] | None  # character span in the sentence
    target: tuple[int, int] | None
    anchor: tuple[int, int] | None  # the event verb
    passive: bool
    rule: str  # "roles.active", "roles.passive", "roles.no_verb"


@cache
def _stops() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in read_tsv("timeline.coder", "data/role_stops.tsv"):
        out.setdefault(row["kind"], set()).update(row["words"].split("|"))
    return {k: frozenset(v) for k, v in out.items()}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOK.finditer(text)]


def find_roles(text: str, hits: tuple[VerbHit, ...] | list[VerbHit], label: str) -> Roles:
    """Source/target spans in ``text`` for an event of class ``label`` with these verb hits.

    ``hits`` index the words of :func:`timeline.coder.features.tokens`; they are re-located in
    this module's own tokens by their character offset (the two tokenisers differ on "U.S.",
    "Korea''s").
    """
    toks = _tokens(text)
    hit = event_hit(hits, label)
    a = _anchor_index(toks, token_spans(text), hit)
    if hit is None or a is None:
        src = _phrase_right(toks, 0)
        return Roles(src, None, None, False, "roles.no_verb")
    stops = _stops()
    lower = [t.lower() for t, _, _ in toks]
    before = [lower[j] for j in range(max(0, a - 2), a)]
    passive = any(w in stops["be"] for w in before) and (
        lower[a].endswith(("ed", "en")) or lower[a] in stops["irregular_participle"]
    )
    left = _phrase_left(toks, a, stops)
    if passive:
        by = next((j for j in range(a + 1, min(len(toks), a + 6)) if lower[j] == "by"), None)
        src = _phrase_right(toks, by + 1) if by is not None else None
        return Roles(src, left, (toks[a][1], toks[a][2]), True, "roles.passive")
    k = a + 1
    while k < len(toks) and lower[k] in stops["particle"]:
        k += 1
    tgt_start = k
    if hit.row.startswith("p"):
        # skip the pattern's object noun phrase to its preposition: "imposed sanctions on X"
        for j in range(k, min(len(toks), k + 5)):
            if lower[j] in stops["target_prep"]:
                tgt_start = j + 1
                break
    tgt = _phrase_right(toks, tgt_start)
    if tgt is not None and not any(c.isupper() for c in text[tgt[0] : tgt[1]]):
        # a lower-case object ("fresh penalties", "talks") before a preposition: the target
        # is the phrase after it ("slapped fresh penalties on Russia")
        j = next((i for i, t in enumerate(toks) if t[1] >= tgt[1]), len(toks))
        if j < len(toks) and lower[j] in stops["target_prep"]:
            after = _phrase_right(toks, j + 1)
            if after is not None:
                tgt = after
    return Roles(left, tgt, (toks[a][1], toks[a][2]), False, "roles.active")


def event_hit(hits: tuple[VerbHit, ...] | list[VerbHit], label: str) -> VerbHit | None:
    """The verb hit an event of class ``label`` is anchored on: the first of that class, else
    the first hit (None without hits)."""
    return next((h for h in hits if merge_plover(h.plover) == label), hits[0] if hits else None)


def anchor_span(
    text: str,
    hit: VerbHit,
    toks: list[tuple[str, int, int]] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> tuple[int, int] | None:
    """The character span of ``hit``'s word as :func:`find_roles` reports it (``Roles.anchor``),
    without the phrases (``toks``, ``spans``: this module's tokens and the features' token
    spans of ``text``, when the caller asks for several hits of one sentence)."""
    toks = _tokens(text) if toks is None else toks
    a = _anchor_index(toks, token_spans(text) if spans is None else spans, hit)
    return None if a is None else (toks[a][1], toks[a][2])


def _anchor_index(
    toks: list[tuple[str, int, int]], spans: list[tuple[int, int]], hit: VerbHit | None
) -> int | None:
    if hit is None or hit.index >= len(spans):
        return None
    at = spans[hit.index][0]
    return next((i for i, (_, lo, hi) in enumerate(toks) if lo <= at < hi), None)


# characters a token of this module can carry on from one character to a letter ("U.S.A",
# "talks.Then", "re-"): before any other character a token starts at that letter
_JOINS = frozenset(string.ascii_letters + "'’-.")


def anchor_start(text: str, hit: VerbHit, spans: list[tuple[int, int]]) -> int | None:
    """Where :func:`find_roles`'s ``anchor`` starts when anchored on ``hit`` (None: no anchor)
    without the phrases and, mostly, without tokenising the sentence again (``spans``: the
    features' token spans of ``text``)."""
    if hit.index >= len(spans):
        return None
    at = spans[hit.index][0]
    if at == 0 or text[at - 1] not in _JOINS:
        return at  # a token of this module starts at the verb's first letter
    span = anchor_span(text, hit, None, spans)
    return None if span is None else span[0]


def _phrase_left(
    toks: list[tuple[str, int, int]], a: int, stops: dict[str, frozenset[str]]
) -> tuple[int, int] | None:
    j = a - 1
    while j >= 0 and toks[j][0].lower() in stops["aux"]:
        j -= 1
    end = j
    while j >= 0 and end - j < _MAX_PHRASE:
        t = toks[j][0]
        if t in (",", ";", ":", "-", "—", "–", "(", ")", '"', "“", "”"):
            break
        if t.lower() in stops["clause"]:
            break
        j -= 1
    if end < 0 or j + 1 > end:
        return None
    return (toks[j + 1][1], toks[end][2])


def _phrase_right(toks: list[tuple[str, int, int]], k: int) -> tuple[int, int] | None:
    stops = _stops()
    while k < len(toks) and toks[k][0].lower() in stops["particle"]:
        k += 1
    j = k
    while j < len(toks) and j - k < _MAX_PHRASE:
        t = toks[j][0]
        if not t[0].isalnum() and t not in ("'", "’", "&"):
            break
        if j > k and (t.lower() in stops["phrase_end"] or t.lower() in stops["clause"]):
            break
        j += 1
    if j <= k:
        return None
    return (toks[k][1], toks[j - 1][2])
