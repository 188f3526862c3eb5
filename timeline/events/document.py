"""The document stage: an article cut into sentences with tokens, clauses, quotations, actor
mentions, time expressions and the trigger matches that become candidate events.

Triggers and cues are data (``lexicon/en/triggers.tsv``, ``cues.tsv``); the closed word lists
used here are in ``lexicon/en/words.tsv``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any

from timeline.events.actors import (
    Context,
    Mention,
    described_names,
    find_mentions,
    introduce_described,
)
from timeline.events.lexicon import lexicon, read_rows
from timeline.events.sentences import split_sentences
from timeline.events.tokens import Token, tokenize
from timeline.events.words import ordered
from timeline.events.words import words as word_list
from timeline.temporal.types import Timex

_CLAUSE_PUNCT = word_list("clause_punct")
_CLAUSE_WORDS = word_list("clause_words")
_NOUN_CONTEXT = word_list("noun_context")
_NOUN_AFTER_PREP = word_list("noun_after_prep")
_PARTICLES = word_list("particles")
_BASE_OK = word_list("base_ok")
# [trigger.floated_quantifier] "will each provide", "would then visit": a word between the
# modal and the base form leaves it a verb
_BASE_FLOATERS = word_list("base_ok_floaters")
_PARTICIPLE_DETERMINERS = word_list("participle_determiners")
_SUBJ_PRONOUNS = word_list("subject_pronouns")
_BE = word_list("be_forms")
_MIN_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    cameo: str  # "040" or "other"
    pos: str  # verb | noun
    forms: tuple[tuple[str, ...], ...]  # word tuples; verbs: base, 3sg, past, pp, -ing
    objects: tuple[tuple[str, ...], ...]
    roles: int  # 1 participants, 0 source/target, 2 source only
    confidence: float
    example: str


@dataclass(frozen=True, slots=True)
class Cues:
    #: kind -> first word -> (words, window, id)
    by_kind: dict[str, dict[str, tuple[tuple[tuple[str, ...], int, str], ...]]]
    windows: dict[str, int]  # kind -> longest window + cue length


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokenize(text))


ACTOR_SLOT = "@actor"


def _object_words(text: str) -> tuple[str, ...]:
    """An object's words; a leading "~" (not right after the verb) is kept on the first; the
    word ``@actor`` (a known actor mention, :func:`_actor_object`) is kept whole."""
    text = text.strip()
    if ACTOR_SLOT in text:
        return tuple(w for part in re.split(f"({ACTOR_SLOT})", text) for w in _actor_part(part))
    if text.startswith("~"):
        words = _words(text[1:])
        return (f"~{words[0]}", *words[1:])
    return _words(text)


def _actor_part(part: str) -> tuple[str, ...]:
    return (ACTOR_SLOT,) if part == ACTOR_SLOT else _words(part) if part.strip() else ()


@cache
def triggers() -> tuple[Trigger, ...]:
    """Every trigger row of ``triggers.tsv`` (rows with an object first)."""
    out = []
    for r in read_rows("triggers.tsv"):
        forms = tuple(_words(f) for f in r["forms"].split("|"))
        objects = tuple(_object_words(o) for o in r["object"].split("|") if o.strip())
        out.append(
            Trigger(
                r["id"],
                r["cameo"],
                r["pos"],
                forms,
                objects,
                int(r["roles"] or 0),
                float(r["confidence"]),
                r["example"],
            )  # fmt: skip
        )
    out.sort(key=lambda t: not t.objects)
    return tuple(out)


@cache
def _trigger_index() -> dict[str, list[tuple[Trigger, int]]]:
    index: dict[str, list[tuple[Trigger, int]]] = {}
    for trig in triggers():
        for idx, form in enumerate(trig.forms):
            if form == ("-",):
                continue  # a form the verb never takes as a trigger ("-": "state" is a noun)
            entry = (trig, idx)
            bucket = index.setdefault(form[0], [])
            if entry not in bucket:
                bucket.append(entry)
    return index


@cache
def cues() -> Cues:
    kinds: dict[str, dict[str, list[tuple[tuple[str, ...], int, str]]]] = {}
    windows: dict[str, int] = {}
    for r in read_rows("cues.tsv"):
        words = _words(r["cue"])
        window = int(r["window"])
        first = "n't" if words == ("n't",) else words[0]
        kinds.setdefault(r["kind"], {}).setdefault(first, []).append((words, window, r["id"]))
        windows[r["kind"]] = max(windows.get(r["kind"], 0), window + len(words))
    frozen = {k: {w: tuple(v) for w, v in d.items()} for k, d in kinds.items()}
    return Cues(frozen, windows)


_NT = ordered("negation_contractions")


def _first_word(tok: Token) -> str:
    low = tok.lower
    return "n't" if low.endswith(_NT) else low


def cue_before(tokens: list[Token], i: int, lo: int, kind: str) -> str | None:
    """Id of a ``kind`` cue ending before token ``i`` within its window (not before ``lo``)."""
    c = cues()
    index = c.by_kind.get(kind)
    if not index:
        return None
    get, nt = index.get, _NT
    for j in range(max(lo, i - c.windows[kind]), i):
        low = tokens[j].lower
        cands = get("n't" if low.endswith(nt) else low)
        if not cands:
            continue
        for words, window, cue_id in cands:
            n = len(words)
            if j + n > i or j < i - window - n + 1:
                continue
            if n == 1 or all(tokens[j + k].lower == w for k, w in enumerate(words)):
                return cue_id
    return None


def cue_in(tokens: list[Token], lo: int, hi: int, kind: str) -> str | None:
    index = cues().by_kind.get(kind)
    if not index:
        return None
    get, nt = index.get, _NT
    for j in range(lo, hi):
        low = tokens[j].lower  # (``_first_word``, inline: this loop visits every token)
        for words, _window, cue_id in get("n't" if low.endswith(nt) else low, ()):
            n = len(words)
            if j + n <= hi and all(tokens[j + k].lower == w for k, w in enumerate(words)):
                return cue_id
    return None


_OPEN_QUOTE = re.compile(r"[“\"]")
_CLOSE_QUOTE = re.compile(r"[”\"]|\n[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")  # as ``Discourse.paragraph_breaks``


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations of at least four words (an unclosed quotation runs to the
    end of its paragraph, the news convention for quotes spanning paragraphs)."""
    spans = []
    pos = 0
    while m := _OPEN_QUOTE.search(text, pos):
        close = _CLOSE_QUOTE.search(text, m.end())
        end = close.start() if close else len(text)
        if len(text[m.end() : end].split()) >= _MIN_QUOTE_WORDS:
            spans.append((m.start(), end + 1))
        pos = close.end() if close else len(text)
    return spans


def _in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def quoted_tokens(
    spans: list[tuple[int, int]], starts: list[int], tokens: list[Token]
) -> list[bool]:
    """Whether each token starts inside a quotation (``spans`` sorted, not overlapping)."""
    k = bisect.bisect_right(starts, tokens[-1].start) - 1
    if k < 0 or spans[k][1] <= tokens[0].start:
        return [False] * len(tokens)  # no quotation reaches into this sentence
    return [_in_spans(spans, starts, t.start) for t in tokens]


def clauses(tokens: list[Token]) -> list[int]:
    """Clause number of each token (punctuation and subordinators open a new clause)."""
    opens = [t.text in _CLAUSE_PUNCT or t.lower in _CLAUSE_WORDS for t in tokens]
    last = len(tokens) - 1
    commas = [k for k, t in enumerate(tokens) if t.text == "," and 0 < k < last]
    for k in commas:  # "2,000 prisoners": a thousands separator
        a, t, b = tokens[k - 1], tokens[k], tokens[k + 1]
        if (
            t.text == ","
            and a.text.isdigit()
            and b.text.isdigit()
            and a.end == t.start == b.start - 1
        ):
            opens[k] = False
    if opens and tokens[0].text not in _CLAUSE_PUNCT:
        opens[0] = False  # a subordinator opening the sentence opens no new clause
    _apposed_names(tokens, opens)
    _bracketed_acronyms(tokens, opens)
    return list(accumulate(opens, initial=0))[1:]


def _bracketed_acronyms(tokens: list[Token], opens: list[bool]) -> None:
    """ "struck a camp of the Revolutionary Armed Forces of Colombia (FARC) two kilometres
    inside Ecuador": an acronym in brackets right after a capitalised name (one upper-case
    token) opens no clause; the clause goes on after it (its place, its object)."""
    for k in range(1, len(tokens) - 2):
        if tokens[k].text != "(" or tokens[k + 2].text != ")" or not tokens[k - 1].is_cap:
            continue
        word = tokens[k + 1].text
        if len(word) >= 2 and word.isalpha() and word.isupper():
            opens[k] = opens[k + 2] = False


_APPOSITION_HEADS = word_list("apposition_role_words") | word_list("apposition_clause_heads")
_APPOSITION_ENDS = (".", ";")


def _apposed_names(tokens: list[Token], opens: list[bool]) -> None:
    """ "met his Swedish counterpart, Ulf Kristersson, in Budapest": a name of two or three
    capitalised words set off by commas after a lower-case role word (words lists
    ``apposition_role_words``, ``apposition_clause_heads``) opens no clause; the clause goes on
    after it (the name is the verb's object, the place its venue); a name that ends the
    sentence ("held with her Venezuelan counterpart, Delcy Rodriguez.") stays in its clause."""
    for k in range(1, len(tokens) - 3):
        if tokens[k].text != "," or tokens[k - 1].lower not in _APPOSITION_HEADS:
            continue
        prev = tokens[k - 1].text
        if not (prev.isalpha() and prev.islower()):
            continue
        e = k + 1
        while e < len(tokens) and e - k <= 4 and tokens[e].is_cap and tokens[e].text.isalpha():
            e += 1
        if not 2 <= e - (k + 1) <= 3:
            continue
        if e < len(tokens) and tokens[e].text == ",":
            opens[k] = opens[e] = False
        elif e == len(tokens) or tokens[e].text in _APPOSITION_ENDS:
            opens[k] = False  # "... with her Venezuelan counterpart, Delcy Rodriguez."


@dataclass(slots=True)
class Match:
    trigger: Trigger
    form: int
    start: int
    end: int  # token indices
    noun: bool
    obj_end: int  # end of the object phrase ("imposed new sanctions"), else ``end``


def match_triggers(tokens: list[Token], clause: list[int], mentions: list[Mention]) -> list[Match]:
    index = _trigger_index()
    starts = [j for j, t in enumerate(tokens) if t.lower in index]
    if not starts:
        return []
    inside = {k for m in mentions for k in range(m.start, m.end)}
    out: list[Match] = []
    i = 0
    n = len(tokens)
    for start in starts:
        if start < i or start in inside:
            continue
        i = start
        found = None
        for trig, idx in index[tokens[i].lower]:
            form = trig.forms[idx]
            end = i + len(form)
            if end > n or (
                end > i + 1 and any(tokens[i + k].lower != w for k, w in enumerate(form))
            ):
                continue
            obj_end = (
                _object_after(tokens, clause, end, trig.objects, mentions) if trig.objects else end
            )
            if obj_end is None and idx == 3 and _object_before(tokens, clause, i, trig.objects):
                obj_end = end  # passive: "three hostages were released by Hamas"
            if obj_end is None and idx == 2 and _relative_object(tokens, i, trig.objects):
                obj_end = end  # "a cease-fire that both sides signed in Brasilia"
            if obj_end is None:
                continue
            noun = trig.pos == "noun"
            if (
                not noun
                and not _verb_reading(tokens, i, idx)
                and not _participial(tokens, i, idx, trig, out, clause)
            ):
                # "the sanctions", "a visit": try the noun rows for this word instead
                continue
            if (
                idx == 0
                and not noun
                and trig.forms[2] == form
                and (i == 0 or tokens[i - 1].lower not in _BASE_OK)
            ):
                idx = 2  # "Russia cut off gas": a form that is base and past reads as past
            found = Match(trig, idx, i, end, noun, obj_end)
            break
        if found and _hedge(tokens, found):
            found = None  # "struck what it said were militant bases": no statement
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


_HEDGE = word_list("hedge_words")
_PARTICIPIAL = word_list("participial_adjunct_triggers")


def _participial(
    tokens: list[Token], i: int, form: int, trig: Trigger, out: list[Match], clause: list[int]
) -> bool:
    """[trigger.participial_adjunct] "met Xi in Beijing on Friday, urging China to stop ...":
    the -ing form of a request (words list ``participial_adjunct_triggers``) right after the
    comma that closes the sentence's one earlier verb event's clause (or the clause of the
    latest of several: "when Abiy ordered an offensive, accusing it of ...") is an event of
    that verb's subject (a bare -ing form is otherwise no finite event); so is a gerund after
    "by" (:func:`by_gerund`)."""
    verbs = [x for x in out if not x.noun]
    if verbs and trig.cameo[:2] == "11" and verbs[-1].trigger.cameo[:2] in _GROUNDS_ROOTS:
        return False  # "issued a warrant for Putin, accusing him of ...": the warrant's grounds
    return (
        form == 4
        and i > 0
        and (
            (
                tokens[i - 1].text == ","
                and trig.id in _PARTICIPIAL
                and (
                    len(verbs) == 1
                    or (len(verbs) > 1 and i >= 2 and clause[verbs[-1].start] == clause[i - 2])
                )
            )
            or by_gerund(tokens, i)
        )
    )


_GROUNDS_ROOTS = word_list("accusation_grounds_roots")
_IRREGULAR_PAST = word_list("irregular_past")
_BE_FORMS = word_list("be_forms")


def by_gerund(tokens: list[Token], i: int) -> bool:
    """[trigger.by_gerund] "Washington responded by ordering a Soviet official to leave":
    the -ing form after "by" after an active past-tense verb tells the act that verb reports
    (never after a passive: "were confronted by striking workers")."""
    if i < 2 or tokens[i - 1].lower != "by":
        return False
    h = i - 2
    while h > 0 and i - 2 - h < 5 and _time_adjunct_word(tokens[h]):
        h -= 1  # "responded in January by opening": past a short time adjunct
    if h >= 1 and tokens[h - 1].lower in _BE_FORMS:
        return False
    head = tokens[h]
    return head.text.islower() and (
        (head.lower.endswith("ed") and len(head.lower) > 4) or head.lower in _IRREGULAR_PAST
    )


_BY_GERUND_ADJUNCT = word_list("by_gerund_adjunct_words")


def _time_adjunct_word(tok: Token) -> bool:
    """A word of a time adjunct between a verb and "by" (words list ``by_gerund_adjunct_words``,
    a number or a capitalised month or day name): "responded in January by opening"."""
    low, text = tok.lower, tok.text
    return low in _BY_GERUND_ADJUNCT or text.isdigit() or (tok.is_cap and text.isalpha())


def _hedge(tokens: list[Token], m: Match) -> bool:
    """ "what it said were militant bases", "what they called a provocation": a speech verb
    inside a "what"-clause only hedges a description (words list ``hedge_words``)."""
    i = m.start
    return (
        m.trigger.cameo.startswith("01")
        and i >= 2
        and tokens[i - 2].lower in _HEDGE
        and tokens[i - 1].lower in _SUBJ_PRONOUNS
    )


def _verb_reading(tokens: list[Token], i: int, form: int) -> bool:
    """False where a verb form is used as a noun ("the sanctions", "Kim's visits")."""
    prev = tokens[i - 1].lower if i > 0 else ""
    if form in (0, 1) and prev in _NOUN_CONTEXT:
        return False
    if form in (2, 3) and prev in _PARTICIPLE_DETERMINERS:
        return False  # "the disputed election", "its seized assets": an adjective
    if form in (0, 1) and i > 0 and tokens[i - 1].is_cap and _is_demonym(tokens[i - 1]):
        return False  # "Russian state energy giant": a noun after a demonym, not "X states"
    floated = form == 0 and i > 1 and prev in _BASE_FLOATERS and tokens[i - 2].lower in _BASE_OK
    if form == 1 or (form == 0 and prev not in _BASE_OK and not floated):
        # a present-tense verb follows its subject: "Kim says", "they meet", "he also visits"
        p = tokens[i - 1] if i > 0 else None
        if p is None or not (
            p.is_cap
            or p.lower in _SUBJ_PRONOUNS
            or p.lower.endswith("ly")
            or p.lower in cues().by_kind.get("subject_noun", {})
        ):
            return False
    finite = cues().by_kind.get("progressive", {})  # be-forms, "began", "continued" (cues.tsv)
    if form == 4 and not any(
        tokens[j].lower in ("is", "are", "was", "were", "been", "be", "am", "’s", "'s")
        or tokens[j].lower in finite
        for j in range(max(0, i - 2), i)
    ):
        return False  # a bare -ing form ("those imposing sanctions") is not a finite event
    return True


def _is_demonym(tok: Token) -> bool:
    """A capitalised country adjective ("Russian", "Chinese") from ``countries.tsv``."""
    return tok.key in lexicon().demonyms


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def _first_words(objects: tuple[tuple[str, ...], ...]) -> frozenset[str] | None:
    """The first word of each object phrase (an object can only start at one of them); None
    when an empty phrase matches anywhere. A leading "~" (not right after the verb) is not
    part of the word."""
    if not all(objects):
        return None
    return frozenset(obj[0].removeprefix("~") for obj in objects)


def _object_window(tokens: list[Token], end: int) -> list[int]:
    """The 6 token positions after ``end`` where an object may start; an apposition set off by
    commas after a name ("recognised Juan Guaido, the head of the assembly, as interim
    president") is skipped and does not count."""
    out: list[int] = []
    j = _past_adjunct(tokens, end)
    while j < len(tokens) and len(out) < 6:
        if tokens[j].text == "," and j > end and tokens[j - 1].is_cap and j + 1 < len(tokens):
            if tokens[j + 1].lower in ("the", "a", "an"):
                close = next(
                    (k for k in range(j + 2, min(j + 10, len(tokens))) if tokens[k].text == ","),
                    None,
                )
                if close is not None:
                    j = close + 1
                    continue
        if tokens[j].text == "," and j > end and (close := _name_apposition(tokens, j)):
            j = close + 1  # "handed an Indian pilot, Wing Commander Abhinandan, back to India"
            continue
        out.append(j)
        j += 1
    return out


def _ies(word: str) -> str:
    """The singular of a plural in "-ies" ("treaties": "treaty"), else ""."""
    return word[:-3] + "y" if word.endswith("ies") and len(word) > 5 else ""


def _object_after(
    tokens: list[Token],
    clause: list[int],
    end: int,
    objects: tuple[tuple[str, ...], ...],
    mentions: list[Mention] | None = None,
) -> int | None:
    """End index of the first of ``objects`` within 5 tokens after ``end``, else None; an
    object holding ``@actor`` is tried only when no word object matches (:func:`_actor_object`)."""
    words, actor_objects = _split_objects(objects)
    found = _word_object_after(tokens, clause, end, words) if words else None
    if found is None and mentions and actor_objects:
        found = _actor_object(tokens, clause, end, actor_objects, mentions)
    return found


@lru_cache(maxsize=4096)
def _split_objects(
    objects: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """A row's word objects and its ``@actor`` objects (once per row, not per match)."""
    return (
        tuple(o for o in objects if ACTOR_SLOT not in o),
        tuple(o for o in objects if ACTOR_SLOT in o),
    )


_ACTOR_FILLERS = word_list("actor_object_fillers")
_ACTOR_STOPS = word_list("actor_object_stops")


def _actor_object(
    tokens: list[Token],
    clause: list[int],
    end: int,
    objects: tuple[tuple[str, ...], ...],
    mentions: list[Mention],
) -> int | None:
    """[trigger.actor_object] an object alternative written ``@actor`` in ``triggers.tsv``: a
    known actor mention (state, organisation, named person; a capital standing for its state)
    that is not a possessive ("recognised China's concerns"). An object opening with it takes
    the actor as the verb's object head: right after the verb or after determiners and
    modifiers only (words list ``actor_object_fillers``: "recognised the Palestine Liberation
    Organisation", never "recognised the need for Israel"), and not followed by a word of
    ``actor_object_stops`` ("recognised China as a systemic challenge": a characterisation,
    the row's own "as ..." objects are word objects); words before it ("took their plan
    to Kyiv": ``plan to @actor``) are matched as usual within the object window. Returns the
    start of the actor mention (the object phrase ends there; the roles find the actor after
    it), else None."""
    starts = {m.start: m for m in mentions if m.entity is not None and not m.venue}
    window = _object_window(tokens, end)
    if not window:
        return None
    home = clause[window[0]]
    for obj in objects:
        heads = window[:1] if obj[0] == ACTOR_SLOT else window
        for j in heads:
            if clause[j] != home or tokens[j].lower in ("no", "not", "never"):
                break
            at = _actor_phrase(tokens, j, obj, starts)
            if at is not None:
                return at
    return None


def _actor_phrase(
    tokens: list[Token], j: int, obj: tuple[str, ...], starts: dict[int, Mention]
) -> int | None:
    """The start of the first actor of ``obj`` matched at ``j`` (see :func:`_actor_object`)."""
    k, first = j, None
    for w in obj:
        if w != ACTOR_SLOT:
            if k >= len(tokens) or tokens[k].lower != w:
                return None
            k += 1
            continue
        while k < len(tokens) and tokens[k].lower in _ACTOR_FILLERS and k - j < 4:
            k += 1
        m = starts.get(k)
        if m is None or m.possessive or (m.end < len(tokens) and tokens[m.end].is_possessive):
            return None
        if obj == (ACTOR_SLOT,) and m.end < len(tokens) and tokens[m.end].lower in _ACTOR_STOPS:
            return None  # "recognised China as a challenge", "... Ukraine for its efforts"
        first = k if first is None else first
        k = m.end
    return first


def _word_object_after(
    tokens: list[Token], clause: list[int], end: int, objects: tuple[tuple[str, ...], ...]
) -> int | None:
    """End index of the first of the word ``objects`` within 5 tokens after ``end``."""
    firsts = _first_words(objects)
    skip = _past_adjunct(tokens, end)
    home = clause[end - 1] if skip == end or skip >= len(tokens) else clause[skip]
    prev = end - 1
    for j in _object_window(tokens, end):
        if j > prev + 1 and j > skip:
            home = clause[j]  # past an apposition set off by commas: the object's clause
        prev = j
        crosses = tokens[j].lower in ("on", "for", "as") or (
            tokens[j].lower in ("that", "whether") and all(t.text != "," for t in tokens[end:j])
        )  # "vowed that ...", "ruled on Tuesday that ...", "questioned whether ...": no comma
        if clause[j] != home and not crosses:  # "vowed that ...": the object itself
            break
        if tokens[j].lower in ("no", "not", "never"):
            break  # "held no talks": the object is denied, no event
        low = tokens[j].lower
        if firsts is not None and low not in firsts:
            if low[-1:] != "s" or (
                low[:-1] not in firsts and low[:-2] not in firsts and _ies(low) not in firsts
            ):
                continue  # no object starts here ("ambassadors", "treaties": plurals of one)
        for obj in objects:
            if len(obj) == 1 and obj[0] in _PARTICLES and j != end:
                continue  # "called for", "called on": the particle follows the verb
            if obj[0].startswith("~"):  # "called the move a land grab", not "called a meeting"
                if j == end or j + len(obj) > len(tokens):
                    continue
                obj = (obj[0][1:], *obj[1:])
            n = len(obj)
            if j + n > len(tokens):
                continue
            last, w = tokens[j + n - 1].lower, obj[-1]
            # "recalled its ambassadors": the plural of an object noun of four letters or more
            if last != w and (
                last[-1:] != "s"
                or (last[:-1] != w and (last[-2:] != "es" or last[:-2] != w) and _ies(last) != w)
                or len(w) < 4
            ):
                continue
            if n == 1 or all(tokens[j + k].lower == obj[k] for k in range(n - 1)):
                return j + n
    return None


_ADJUNCT_OPENERS = word_list("object_adjunct_openers")


def _past_adjunct(tokens: list[Token], end: int) -> int:
    """[trigger.object_past_adjunct] "conveyed, on behalf of Prime Minister Abe, an apology":
    an adjunct set off by commas right after the verb and opened by a preposition (words list
    ``object_adjunct_openers``) is skipped: the object follows it. Else ``end``."""
    if (
        end + 2 >= len(tokens)
        or tokens[end].text != ","
        or tokens[end + 1].lower not in _ADJUNCT_OPENERS
    ):
        return end
    stop = min(end + 12, len(tokens))
    close = next((k for k in range(end + 2, stop) if tokens[k].text == ","), None)
    return end if close is None else close + 1


def _name_apposition(tokens: list[Token], j: int) -> int | None:
    """The closing comma of a name set off by commas at ``j`` (", Wing Commander Abhinandan
    Varthaman,": capitalised words only, at most six), else None."""
    for k in range(j + 1, min(j + 8, len(tokens))):
        if tokens[k].text == ",":
            return k if k > j + 1 else None
        if not tokens[k].is_cap and tokens[k].text != ".":
            return None
    return None


_OBJECT_RELATIVES = word_list("object_relatives")


def _relative_object(tokens: list[Token], i: int, objects: tuple[tuple[str, ...], ...]) -> bool:
    """[trigger.relative_object] a past-tense verb at ``i`` in an object relative clause: one
    of the trigger's ``objects``, "that" or "which" (words list ``object_relatives``) and a
    subject of one to six words before it ("a cease-fire that both sides signed", "the
    treaty which the two presidents signed"): the object is the noun the clause describes."""
    for k in range(i - 2, max(0, i - 8), -1):
        if tokens[k].lower not in _OBJECT_RELATIVES or k == 0:
            continue
        head = tokens[k - 1].lower
        return any(
            len(obj) >= 1
            and not obj[0].startswith("~")
            and obj[0] not in _PARTICLES
            and (head == obj[-1] or (len(obj[-1]) >= 4 and head in (obj[-1] + "s", obj[-1] + "es")))
            for obj in objects
        )
    return False


def _object_before(
    tokens: list[Token], clause: list[int], i: int, objects: tuple[tuple[str, ...], ...]
) -> bool:
    """A passive participle at ``i`` ("were released", "had been signed") whose subject, within
    8 tokens before in its clause, holds one of the trigger's ``objects``: the object of the
    active verb is the passive subject ("Three hostages were released by Hamas")."""
    if i >= 1 and i + 1 < len(tokens) and tokens[i + 1].lower == "by":
        # "A humanitarian truce declared by the government": a reduced relative, the object
        # right before the participle (its date decides whether it is an event: stages)
        prev = tokens[i - 1].lower
        if any(obj[-1] == prev for obj in objects if not obj[0].startswith("~")):
            return True
    if i < 2 or tokens[i - 1].lower not in _BE:
        return False
    lo = max(0, i - 9)
    for j in range(i - 2, lo - 1, -1):
        if clause[j] != clause[i]:
            return False
        for obj in objects:
            if (len(obj) == 1 and obj[0] in _PARTICLES) or obj[0].startswith("~"):
                continue
            if j + len(obj) <= i - 1 and all(tokens[j + k].lower == w for k, w in enumerate(obj)):
                return j == 0 or tokens[j - 1].lower not in ("no", "not", "never")
    return False


_MAX_TOKENS = 160  # longer "sentences" (lists, unpunctuated text) are cut at clause breaks


# the last article's (text, sentence spans, units): the learned coder (timeline.coder.stage)
# reads the same sentences after the extractor, without splitting and tokenising them again
_LAST_UNITS: tuple[str, list[tuple[int, int]], list[tuple[int, int, list[Token]]]] = ("", [], [])


def units(text: str) -> list[tuple[int, int, list[Token]]]:
    """Sentences with their tokens; run-on sentences are cut into pieces of at most
    ``_MAX_TOKENS`` tokens (at a comma or semicolon where possible) to keep the work linear.
    The lists are shared with later callers for the same text: read them, never change them."""
    return split_units(text)[1]


def split_units(
    text: str,
) -> tuple[list[tuple[int, int]], list[tuple[int, int, list[Token]]]]:
    """(the sentence spans of :func:`split_sentences`, :func:`units`) of ``text``; the last
    text's are kept, so a second stage reading the same article does not redo them."""
    global _LAST_UNITS
    last = _LAST_UNITS
    if last[0] is text or (text and last[0] == text):
        return last[1], last[2]
    spans = split_sentences(text)
    out = _units(text, spans)
    _LAST_UNITS = (text, spans, out)
    return spans, out


def _units(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, list[Token]]]:
    out = []
    for s_start, s_end in spans:
        tokens = tokenize(text, s_start, s_end)
        while len(tokens) > _MAX_TOKENS:
            cut = next(
                (k for k in range(_MAX_TOKENS, _MAX_TOKENS // 2, -1) if tokens[k - 1].text in ",;"),
                _MAX_TOKENS,
            )
            head, tokens = tokens[:cut], tokens[cut:]
            out.append((head[0].start, head[-1].end, head))
        if tokens:
            out.append((tokens[0].start, tokens[-1].end, tokens))
    return out


def is_headline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:start].strip() and not text[end:line_end].strip()
    return whole_line and not text[start:end].rstrip().endswith((".", "!", "?", "”", '"'))


@cache
def scope_words(kind: str) -> frozenset[str]:
    """The words of ``kind`` in ``date_scope.tsv`` (which dates may date which events)."""
    return frozenset(r["word"].lower() for r in read_rows("date_scope.tsv") if r["kind"] == kind)


@cache
def _event_nouns() -> dict[str, tuple[str, ...]]:
    rows = read_rows("date_scope.tsv")
    return {(ws := r["word"].lower().split("|"))[0]: tuple(ws[1:]) for r in rows
            if r["kind"] == "event_noun"}  # fmt: skip


def event_noun_stems(noun: str) -> tuple[str, ...]:
    """The word stems of the acts an ``event_noun`` of ``date_scope.tsv`` may name ("the
    ceremony": a signing, a swearing-in, an inauguration)."""
    return _event_nouns().get(noun, ())


_YEAR = re.compile(r"^\d{4}$")


def noun_year(tokens: list[Token], t: Timex) -> bool:
    """[time.noun_year] a bare year between a ``noun_year_determiner`` and a word ("the 1942
    treaty", "a 2011 report", "Russia's 2014 annexation") modifies the noun: it dates no event
    of the sentence (another date of the clause does: "declared the 1942 treaty void in 1960")."""
    if not _YEAR.match(t.text):
        return False
    k = bisect.bisect_left(tokens, t.start, key=lambda x: x.start)
    if k == 0 or k + 1 >= len(tokens) or tokens[k].start != t.start:
        return False
    after = tokens[k + 1]
    return (
        tokens[k - 1].lower in scope_words("noun_year_determiner")
        and after.text.isalpha()
        and after.lower not in scope_words("noun_year_not_noun")
    )


def noun_date(tokens: list[Token], t: Timex) -> bool:
    """[time.noun_date] a date right after a ``noun_date_preposition`` ("of") that follows a
    noun ("the protests of January 23", "the elections of May 26") names that noun's time: it
    dates no event of the sentence; not after a time noun (``noun_date_not_noun``: "on the night
    of January 23" is the verb's night)."""
    k = bisect.bisect_left(tokens, t.start, key=lambda x: x.start)
    if k < 2 or k >= len(tokens) or tokens[k].start != t.start:
        return False
    noun = tokens[k - 2]
    return (
        tokens[k - 1].lower in scope_words("noun_date_preposition")
        and noun.text.isalpha()
        and noun.text.islower()
        and noun.lower not in scope_words("noun_date_not_noun")
    )


def role_date(stimex: list[Timex], published: date) -> date:
    """Office holders in a sentence are resolved on its first past date, else the DCT."""
    for t in stimex:
        if t.interval and t.type in ("DATE", "TIME") and t.interval[1] <= published:
            return t.interval[0]
    return published


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    tokens: list[Token]
    clause: list[int]
    mentions: list[Mention]
    timexes: list[Timex]
    quoted: list[bool]
    matches: list[Match]
    headline: bool = False  # a line of its own without a final stop (headline, caption)
    #: the people named before this sentence, latest last (for "congratulated him")
    earlier_people: tuple[Any, ...] = ()
    disc: Any = None  # the article's Discourse (timeline.events.discourse), set by extract()
    #: bare years that modify a noun ("the 1942 treaty"): no event's date (rule time.noun_year)
    noun_years: tuple[Timex, ...] = ()
    #: cues found only inside quotations, by kind (rule time.quoted_cue)
    quoted_cues: dict[str, str] = field(default_factory=dict)
    _cues: dict[str, str | None] | None = None

    def cue(self, kind: str) -> str | None:
        """A ``kind`` cue anywhere in the sentence (computed once per sentence); a
        ``quote_blind_cue`` kind (``date_scope.tsv``) is not read inside quotations: the
        quotation's "today" is the speaker's, never the reporting verb's (rule
        time.quoted_cue; events inside quotations are dropped by filter.quoted)."""
        if self._cues is None:
            self._cues = {}
        if kind not in self._cues:
            n = len(self.tokens)
            if kind in scope_words("quote_blind_cue") and any(self.quoted):
                runs = [k for k in range(n + 1)
                        if k in (0, n) or self.quoted[k] != self.quoted[k - 1]]  # fmt: skip
                self._cues[kind] = next(
                    (cue for lo, hi in zip(runs, runs[1:], strict=False)
                     if not self.quoted[lo] and (cue := cue_in(self.tokens, lo, hi, kind))),
                    None,
                )  # fmt: skip
                if self._cues[kind] is None and (q := cue_in(self.tokens, 0, n, kind)):
                    self.quoted_cues[kind] = q  # recorded as time.quoted_cue
            else:
                self._cues[kind] = cue_in(self.tokens, 0, n, kind)
        return self._cues[kind]

    def clause_of_char(self, pos: int) -> int:
        k = max(0, bisect.bisect_right(self.tokens, pos, key=lambda t: t.start) - 1)
        return self.clause[k]

    def clause_start(self, i: int) -> int:
        c = self.clause[i]
        j = i
        while j > 0 and self.clause[j - 1] == c:
            j -= 1
        return j


def sentences(text: str, published: date, timexes: list[Timex], disc: Any = None) -> list[Sentence]:
    """The document stage: every sentence (run-ons cut) with its tokens, clauses, quotation
    marks, actor and place mentions, time expressions and trigger matches."""
    ctx = Context(published)
    quotes = quote_spans(text)
    q_starts = [s for s, _ in quotes]
    tx_sorted = sorted(timexes, key=lambda t: t.start)
    tx_starts = [t.start for t in tx_sorted]
    out = []
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    made = list(units(text))
    if described_names(text):  # "Nouri, a former Iranian prison official": known from the start
        introduce_described(ctx.lex, ctx, [tokens for _, _, tokens in made])
    for s_start, s_end, tokens in made:
        ctx.paragraph = bisect.bisect_right(breaks, s_start)  # (actor.home_state)
        lo = bisect.bisect_left(tx_starts, s_start)
        hi = bisect.bisect_left(tx_starts, s_end)
        stimex = tx_sorted[lo:hi]
        noun_years = [t for t in stimex if noun_year(tokens, t) or noun_date(tokens, t)]
        if noun_years:  # time.noun_year, time.noun_date: "the 1942 treaty", "the protests of
            # January 23" name the noun's time
            stimex = [t for t in stimex if t not in noun_years]
        quoted = quoted_tokens(quotes, q_starts, tokens)
        when = role_date(stimex, published)
        earlier = tuple(ctx.seen_people)
        mentions = find_mentions(tokens, ctx, when, quoted)
        clause = clauses(tokens)
        matches = match_triggers(tokens, clause, mentions)
        sent = Sentence(text, s_start, s_end, tokens, clause, mentions, stimex, quoted, matches)
        sent.headline = is_headline(text, s_start, s_end)
        sent.noun_years = tuple(noun_years)
        sent.earlier_people = earlier
        sent.disc = disc
        out.append(sent)
    if disc is not None:
        disc.sents = out  # the story-day rule reads the lead paragraph and each one's dates
    return out
