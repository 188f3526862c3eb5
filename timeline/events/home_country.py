"""The state a story is about, for the unnamed domestic actors of its clauses.

A bare agent ("police", "the government", "protesters", "lawmakers") or a chamber ("the House
of Representatives") whose clause names no country is an organ or a group of some state; which
one is read from the story, never guessed (a wrong actor is worse than none). In order:

1. a place of its own sentence (``actors._agent_countries``), or the narrator's "here"
   ([actor.here_scene]: "demonstrated on The Mall here on Saturday", outside quotations, in a
   story with a dateline, is a place of the dateline's country);
2. a place of its own paragraph ("In Lima, police fired tear gas. Protesters ...");
3. [actor.story_home] the story's home state: the dateline's country when the headline or the
   dateline's own sentence names it (``actors._note_home``, rule actor.agent_home) or when it
   is the one state the story has named so far ("KHARTOUM - The two leaders signed ... The
   president said ..."); else the state the story has named most so far, when it is named at
   least ``DOMINANT_MIN`` times and ``DOMINANT_RATIO`` times as often as any other (every
   mention counts: the state, its cities, its demonym, its people and bodies; not quotations),
   unless the story's dateline is in another state ("ISLAMABAD - The Indian prime minister
   arrived ...": the visitor is named most, the story is told from the host's capital);
4. [actor.scene_carryover] no home state: the place of the paragraph just before, when it is
   in one of the two states the story has named most (a side thread's place, "Merkel flew to
   Washington", carries nothing);
5. else no actor: a story about two states named about as often has no home, and the place
   of an older paragraph says nothing of whose agent this is. An armed group ("rebels",
   "militants") is then the group as named, with no country ([actor.group_unplaced]).

[actor.chamber_scene] a chamber in a sentence that opens with its scene ("In Abuja, members of
the House of Representatives criticised ...") is the legislature of the scene's country, not the
lexicon's chamber of that name (the US House); the dominant state does not decide a chamber
("the Senate voted" in a story about Iran is still the US Senate). [actor.state_form] "the
Kingdom" after "the Kingdom of Saudi Arabia" is that state.

The evidence of each decision is recorded on the actor (``Mention.why``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from timeline.events.tokens import Token
from timeline.events.words import words as word_list

if TYPE_CHECKING:
    from timeline.events.actors import Context, Mention

#: a state is the story's home when named at least this often ...
DOMINANT_MIN = 3
#: ... and at least this many times as often as the next state
DOMINANT_RATIO = 2.0

_HERE = word_list("narrator_here_words")
_NOT_HERE_AFTER = word_list("narrator_here_not_after")
_SCENE_OPENERS = word_list("chamber_scene_openers")
_STATE_FORMS = word_list("state_form_nouns")
_UNPLACED_CODES = word_list("unplaced_group_codes")
_UNPLACED_NOT_AFTER = word_list("unplaced_group_not_after")
_MEETING_NOUNS = word_list("meeting_venue_nouns")
_MEETING_PREPOSITIONS = word_list("meeting_venue_prepositions")
_CLAUSE_WORDS = word_list("meeting_venue_clause_words")
#: how many words may stand between the meeting noun and the venue's preposition
MEETING_GAP = 4


def count_named(ctx: Context, country: str) -> None:
    """One more mention of ``country`` in the story (for ``story_home``)."""
    ctx.named_counts[country] = ctx.named_counts.get(country, 0) + 1


def dominant_state(counts: dict[str, int]) -> tuple[str | None, str]:
    """The state named most, when it is named ``DOMINANT_MIN`` times and ``DOMINANT_RATIO``
    times as often as the next one, and why; else (None, "")."""
    if not counts:
        return None, ""
    top = sorted(counts.values(), reverse=True)[:2]  # (cheap: the names only when it is one)
    if top[0] < DOMINANT_MIN or top[0] < DOMINANT_RATIO * (top[1] if len(top) > 1 else 0):
        return None, ""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    first, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n < DOMINANT_MIN or n < DOMINANT_RATIO * second:
        return None, ""
    nxt = f"{ranked[1][0]} {second}" if len(ranked) > 1 else "no other state"
    why = f"the home state: {first}, named {n} times so far ({nxt}) (actor.story_home)"
    return first, why


def story_home(ctx: Context) -> tuple[str | None, str]:
    """[actor.story_home] the story's home state and why: the dateline's (when the headline or
    its own sentence names it, or when it is the one state the story has named so far), else
    the dominant state named so far when the dateline (if any) is in it; else (None, "")."""
    if ctx.home_country is not None:
        return ctx.home_country, ctx.home_why
    dateline = ctx.dateline_country
    if dateline is not None and set(ctx.named_counts) <= {dateline}:
        why = f"the home state: the dateline's {dateline}, the one state named so far"
        return dateline, f"{why} (actor.story_home)"
    state, why = dominant_state(ctx.named_counts)
    if state is not None and dateline is not None and dateline != state:
        return None, ""  # told from another state's city: whose police? (no home)
    return state, why


def carried_scene(ctx: Context) -> str | None:
    """[actor.scene_carryover] with no home state and no place in its own paragraph, a bare
    agent takes the place of the paragraph just before when that place's state is one of the
    two the story has named most so far (the scene of its principal states carries over one
    paragraph); a side thread's place ("Merkel flew to Washington." then "Rebel forces kept up
    their assault ...") or an older paragraph's carries nothing. The evidence, else None."""
    country = ctx.last_place_country
    if country is None or ctx.last_place_paragraph != ctx.paragraph - 1:
        return None
    ranked = sorted(ctx.named_counts.values(), reverse=True)
    if len(ranked) > 2 and ctx.named_counts.get(country, 0) < ranked[1]:
        return None
    return (
        f"no place in its sentence or paragraph, no home state; the previous paragraph's place "
        f"is in {country}, a principal state of the story (actor.scene_carryover)"
    )


@cache
def _unplaced_firsts() -> frozenset[str]:
    """The first words of the armed-group agent phrases (``unplaced_groups`` reads no other)."""
    from timeline.events.actors import _agents

    table = _agents()[0]
    return frozenset(p.split(" ", 1)[0] for p, c in table.items() if c[:3] in _UNPLACED_CODES)


def unplaced_groups(tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.group_unplaced] an armed group named by a bare agent phrase (kinds of words list
    ``unplaced_group_codes``: "militants killed 19 soldiers", "the rebels captured the
    airport") whose country nothing in the story tells is the group as named, with no country
    and no code: a country guessed from a place of another thread would be wrong, and the
    group did act. Only an acting group named in the plural: never after a preposition (words
    list ``unplaced_group_not_after``: "agreed to hold talks with the rebels", "air strikes
    against Islamist rebels"), never a singular word before a noun ("the militant group").
    State organs ("police", "the army") stay no actor: without its state an organ is nobody."""
    from timeline.events.actors import (
        _AGENT_ADJECTIVES,
        Mention,
        _agent_at,
        _agent_position,
        _group_name,
    )
    from timeline.events.lexicon import Entity

    firsts = _unplaced_firsts()
    if firsts.isdisjoint(t.lower for t in tokens):
        return out
    taken = {k for m in out for k in range(m.start, m.end)}
    starts = {m.start for m in out}
    placed = any(m.place is not None for m in out)
    added = []
    for i, tok in enumerate(tokens):
        if tok.lower not in firsts or i in taken or not tok.text.isalpha():
            continue  # (a phrase of those kinds starts with one of their first words)
        hit = _agent_at(tokens, i)
        if hit is None or hit[2][:3] not in _UNPLACED_CODES or hit[0] in starts:
            continue
        end, phrase, _ = hit
        if taken.intersection(range(i, end)) or not _agent_position(tokens, i, placed):
            continue
        if not phrase.endswith("s"):
            continue  # "the militant group": a singular agent word describes a noun
        k = i
        while k and (tokens[k - 1].lower == "the" or tokens[k - 1].lower in _AGENT_ADJECTIVES):
            k -= 1  # "against Islamist rebels", "with the armed rebels"
        if k and tokens[k - 1].lower in _UNPLACED_NOT_AFTER:
            continue  # "talks with the rebels": only an acting group, never a mere object
        ent = Entity(_group_name(phrase), "group", None)
        text = " ".join(t.text for t in tokens[i:end])
        ment = Mention(i, end, text, ent, None, "actor.group_unplaced")
        ment.why = "no country in its sentence, paragraph or story (actor.group_unplaced)"
        added.append(ment)
        taken.update(range(i, end))
    return sorted([*out, *added], key=lambda m: m.start) if added else out


def state_form_antecedent(ctx: Context, m: Mention) -> None:
    """[actor.state_form] a state named in a form with a state noun ("the Kingdom of Saudi
    Arabia", "the Islamic Republic of Iran"; words list ``state_form_nouns``) is the antecedent
    of a later bare "the Kingdom", "the Republic" (``actors._organ_antecedent``, kind GOV)."""
    ent = m.entity
    if ent is None or ent.kind != "country" or m.place is not None or m.quoted:
        return
    words = frozenset(m.text.lower().split())
    if not _STATE_FORMS.isdisjoint(words):
        ctx.organ_countries.append((frozenset({"GOV"}), words, ent.name))


def meeting_venue(tokens: list[Token], m: Mention) -> bool:
    """[actor.meeting_venue] a place named as the venue of a meeting ("the talks in Nairobi",
    "a conference on Libya in Geneva", "the signing in Lima": a preposition of words list
    ``meeting_venue_prepositions`` right before the place, and a noun of words list
    ``meeting_venue_nouns`` at most ``MEETING_GAP`` words before it with no comma or clause
    word between) says where delegations met, not whose organ a bare "the Government", "the
    opposition" or "police" of the sentence is: the host city of talks between other states
    names no party. "Police in Nairobi arrested ..." or "protested in Lima" keep their place."""
    p = m.start - 1
    if m.place is None or p < 1 or tokens[p].lower not in _MEETING_PREPOSITIONS:
        return False
    for k in range(p - 1, max(-1, p - 1 - MEETING_GAP), -1):
        tok = tokens[k]
        if tok.lower in _MEETING_NOUNS:
            return True
        if not (tok.text.isalnum() or tok.text == "-") or tok.lower in _CLAUSE_WORDS:
            return False  # "talks ended, and in Geneva ...": another clause's place
    return False


def meeting_topic(tokens: list[Token], out: list[Mention]) -> str | None:
    """[actor.meeting_topic] the state a meeting is about ("a conference on Libya", "the
    talks on Yemen": a noun of words list ``meeting_venue_nouns``, "on", the state) is whose
    organs the sentence's bare "the Government", "the opposition" are when the sentence has
    no place of its own (its venue is none: actor.meeting_venue); None without one. "the talks
    with Syria" or "a conference in Syria" are no topic."""
    for m in out:
        ent = m.entity
        if ent is None or ent.kind != "country" or m.place is not None or m.start < 2:
            continue
        if tokens[m.start - 1].lower == "on" and tokens[m.start - 2].lower in _MEETING_NOUNS:
            return ent.name
    return None


def unknown_scene(ctx: Context, out: list[Mention], country: str | None) -> bool:
    """[actor.unknown_scene] a bare agent ("police", "rebel forces") whose sentence has no
    known place but one the gazetteer lacks ("shelled positions near Zorgtown", "arrested 20
    people in Zorgtown") takes no country borrowed from an earlier sentence's place unless it
    is the story's dominant state (``dominant_state``) or that place was the state itself
    ("fought in northern Mali. Rebels seized Zorgtown"): the unknown place may be in any state,
    and "Obama met Merkel in Washington. Rebel forces shelled ... near Zorgtown" names no US
    rebels. An armed group then stays the group as named (actor.group_unplaced), an organ no
    actor. True when the borrowed ``country`` is such a guess."""
    if country is None or not any(m.rule == "loc.unknown_name" for m in out):
        return False
    if ctx.last_place_state and country == ctx.last_place_country:
        return False  # "air strikes in central Mali. The rebels had seized Konna": the state
    return dominant_state(ctx.named_counts)[0] != country


def home_evidence(ctx: Context) -> str:
    """Why the story has its home state (the evidence of actor.agent_home / story_home)."""
    return story_home(ctx)[1]


def narrator_here(tokens: list[Token], quoted: list[bool] | None) -> bool:
    """[actor.here_scene] the narrator's locative "here" in the sentence: outside quotations,
    not "here is" / "here are" (words list ``narrator_here_not_after``)."""
    for k, tok in enumerate(tokens):
        if tok.lower not in _HERE or (quoted is not None and k < len(quoted) and quoted[k]):
            continue
        nxt = tokens[k + 1].lower if k + 1 < len(tokens) else ""
        if nxt in _NOT_HERE_AFTER:
            continue
        return True
    return False


def chamber_scene(tokens: list[Token], out: list[Mention]) -> tuple[str, str] | None:
    """[actor.chamber_scene] the country of a place that opens the sentence as its scene ("In
    Abuja, ...": an opener of words list ``chamber_scene_openers``, the place, a comma) and
    the evidence; None without one."""
    if len(tokens) < 3 or tokens[0].lower not in _SCENE_OPENERS:
        return None
    for m in out:
        if m.start != 1 or m.place is None or not m.place.country:
            continue
        if m.end < len(tokens) and tokens[m.end].text == ",":
            return m.place.country, (
                f"the sentence's scene {m.text!r} is in {m.place.country} (actor.chamber_scene)"
            )
    return None


__all__ = [
    "DOMINANT_MIN",
    "DOMINANT_RATIO",
    "carried_scene",
    "chamber_scene",
    "count_named",
    "dominant_state",
    "home_evidence",
    "meeting_topic",
    "meeting_venue",
    "narrator_here",
    "state_form_antecedent",
    "story_home",
    "unknown_scene",
    "unplaced_groups",
]
