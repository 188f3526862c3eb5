"""The roles stage's helpers: which mentions are an event's actors, and in which role
(source/target, or participants of a meeting)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from timeline.events.actors import CONTEXT_AGENT_RULES, Mention, _title_at
from timeline.events.document import Match, Sentence, role_date
from timeline.events.lexicon import Entity, actor_code_rule, lexicon, to_ref
from timeline.events.types import ActorRef, ExtractedEvent
from timeline.events.words import ordered, words

_CHAIN = words("chain")
_NOUN_AFTER_PREP = words("noun_after_prep")


def _chain_left(s: Sentence, actors: list[Mention], k: int) -> list[Mention]:
    """The mention ``actors[k]`` and those joined to it by "and" / "," / hyphen before it."""
    out = [actors[k]]
    while k > 0:
        prev = actors[k - 1]
        gap = s.tokens[prev.end : actors[k].start]
        same = prev.start == actors[k].start  # one phrase, two people: "the two leaders"
        # "Obasanjo and his Cameroonian counterpart, Paul Biya, signed": the apposed name
        same = same or _apposed_conjunct(gap, prev, actors[k]) or _dash_list_gap(gap)
        same = same or _possessive_conjunct(gap)
        if not same and (not gap or not all(t.lower in _CHAIN for t in gap)):
            break
        out.insert(0, prev)
        k -= 1
    return out


_CONJUNCT_POSSESSIVES = words("conjunct_possessives")


def _possessive_conjunct(gap: list) -> bool:
    """[actor.possessive_conjunct] "President Ruto and his Ugandan counterpart Yoweri Museveni
    signed", "Kenya and its ally Uganda condemned": "and" with a possessive pronoun (words list
    ``conjunct_possessives``) and at most two lower-case words between two names before the
    verb joins them as one subject ("Kenya, whose ally Uganda" does not)."""
    if len(gap) < 2 or len(gap) > 4 or gap[0].lower != "and":
        return False
    rest = gap[2:]
    return gap[1].lower in _CONJUNCT_POSSESSIVES and all(
        t.text.isalpha() and t.text.islower() for t in rest
    )


def _list_left(s: Sentence, usable: list[Mention], chain: list[Mention]) -> list[Mention]:
    """ "Russia, China and Iran criticised ...": a comma list ending in "and" crosses the
    clause break a comma makes; the items before the chain join it (rule of the chain)."""
    if len(chain) < 2:
        return chain
    joined = any(
        t.lower == "and"
        for a, b in zip(chain, chain[1:], strict=False)
        for t in s.tokens[a.end : b.start]
    )
    if not joined:
        return chain
    k = usable.index(chain[0]) if chain[0] in usable else -1
    while k > 0:
        prev = usable[k - 1]
        gap = [t.lower for t in s.tokens[prev.end : usable[k].start]]
        if gap not in ([","], [",", "the"]) or prev.possessive:
            break  # "Israel, the United Arab Emirates and Bahrain signed"
        chain = [prev, *chain]
        k -= 1
    if k > 0 and _dash_list_gap(s.tokens[usable[k - 1].end : usable[k].start]):
        chain = [usable[k - 1], *chain]  # "Iran and the P5+1 - that's A, B and C - concluded"
    return chain


def _chain_right(s: Sentence, actors: list[Mention], k: int) -> list[Mention]:
    out = [actors[k]]
    while k + 1 < len(actors):
        nxt = actors[k + 1]
        gap = s.tokens[actors[k].end : nxt.start]
        same = nxt.start == actors[k].start or _apposed_conjunct(gap, actors[k], nxt)
        same = same or _repeated_partner(s, out[0], gap)
        if not same and (not gap or not all(t.lower in _CHAIN for t in gap)):
            break
        if not same and nxt.possessive and _apposed_possessor(s, nxt):
            break  # "France, Chad's main ally, welcomed": Chad only describes France
        out.append(nxt)
        k += 1
    return out


_REPEATED_PREPS = words("repeated_partner_prepositions")


def _repeated_partner(s: Sentence, first: Mention, gap: list) -> bool:
    """[actor.repeated_partner] "met separately with the army council and with the opposition
    alliance": a partner preposition (words list ``repeated_partner_prepositions``) said again
    after "and" joins the next name to the list it opened."""
    k = first.start - 1
    if k > 0 and s.tokens[k].lower == "the":
        k -= 1
    if k < 0 or s.tokens[k].lower not in _REPEATED_PREPS:
        return False
    words_ = [t.lower for t in gap if t.lower not in (",", "the")]
    return words_ == ["and", s.tokens[k].lower]


def _dash_list_gap(gap: list) -> bool:
    """[actor.dash_list] "Iran and the P5+1 - that's the United States, ... and China -
    concluded": "and", a short group name the lexicon does not know, a dash and "that's" (words
    list ``dash_list_openers``) join the list inside the dashes, which spells that group out, to
    the actor before "and"."""
    if len(gap) < 3 or gap[0].lower != "and":
        return False
    dash = next((i for i, t in enumerate(gap) if t.text in _DASHES), None)
    if dash is None or not 1 < dash <= 6 or any(t.text == "," for t in gap[:dash]):
        return False
    return all(t.lower in _DASH_OPENERS for t in gap[dash + 1 :])


_DASHES = frozenset({"-", "–", "—", "--"})
_DASH_OPENERS = words("dash_list_openers")


def _apposed_conjunct(gap: list, prev: Mention, nxt: Mention) -> bool:
    """ "President Carter and Panama's leader, Gen. Omar Torrijos, signed": "and", the role
    phrase a name in apposition stands for (actor.apposition_name) and its comma join the
    name to the chain; so do a name's own apposition and ", and" ("by Redwan Hussien,
    national security adviser to Prime Minister Abiy Ahmed, and Getachew Reda")."""
    if not 3 <= len(gap) <= 12 or not any(t.text == "," for t in gap):
        return False
    if gap[0].lower == "and" and (
        nxt.rule == "actor.apposition_name"
        # "Washington and the UN Secretary-General, Antonio Guterres, welcomed"
        or (gap[-1].text == "," and nxt.entity is not None and nxt.entity.kind == "person")
    ):
        return True
    return (
        prev.rule in _APPOSED_RULES
        and gap[0].text == ","
        and [t.lower for t in gap[-2:]] == [",", "and"]
    )


_APPOSED_RULES = frozenset({"actor.apposition_affiliation", "actor.apposition"})


def _apposed_possessor(s: Sentence, x: Mention) -> bool:
    """A possessor opening a lower-case apposition closed by a comma ("France, Chad's main
    ally, welcomed ..."): it describes the actor before it and is no actor of the verb."""
    toks = s.tokens
    j = x.end
    if j < len(toks) and toks[j].is_possessive:
        j += 1
    k = j
    while k < len(toks) and toks[k].text.isalpha() and toks[k].text.islower():
        k += 1
    return k > j and k < len(toks) and toks[k].text == ","


_BY_DETERMINERS = words("passive_by_determiners")


def _after_by(s: Sentence, x: Mention) -> bool:
    """The passive agent: a mention right after "by", a determiner between allowed ("was
    suspended by the African Union", "was shot down by a US warship": words list
    ``passive_by_determiners``)."""
    k = x.start - 1
    if k > 0 and s.tokens[k].lower in _BY_DETERMINERS:
        k -= 1
    return k >= 0 and s.tokens[k].lower == "by"


def _before_verb(s: Sentence, m: Match) -> tuple[int, int]:
    """(the token right before the verb ``m`` with auxiliaries and -ly adverbs skipped, the
    start of the verb's clause); the token index is below the clause start when none is left."""
    from timeline.events.discourse import cue_set

    aux = cue_set("aux")
    lo = s.clause_start(m.start)
    j = m.start - 1
    if (
        j - 1 >= lo
        and s.tokens[j].lower == "to"
        and s.tokens[j - 1].lower in cue_set("infinitive_purpose")
    ):
        j -= 2  # "who had gathered to protest": the subject of the verb of gathering
    while j >= lo and (
        s.tokens[j].lower in aux
        or s.tokens[j].lower.endswith("ly")
        or s.tokens[j].lower in _EMPHATIC  # "he himself apologized"
    ):
        j -= 1
    return j, lo


_EMPHATIC = words("emphatic_reflexives")
_GOAL_TRIGGERS = words("place_goal_triggers")


def _goal_objects(s: Sentence, m: Match, after: list[Mention]) -> list[Mention]:
    """[actor.goal_place] "arrived at the Wagah border aboard the inaugural Delhi-Lahore bus":
    after a visit to a named place (triggers of ``place_goal_triggers``), a name joined by a
    hyphen to the next name is a route or pair modifier ("the Delhi-Lahore bus", "a
    Moscow-Beijing train"), no object: the target is the place's country."""
    if m.trigger.id not in _GOAL_TRIGGERS:
        return after
    goal = next((x for x in s.mentions if x.start >= m.end and x.place is not None), None)
    if goal is None:
        return after
    toks = s.tokens

    def hyphened(x: Mention) -> bool:
        k = x.end
        return (
            k + 1 < len(toks)
            and toks[k].text == "-"
            and toks[k].start == toks[k - 1].end
            and toks[k + 1].start == toks[k].end
            and toks[k + 1].is_cap
        )

    return [x for x in after if x.start <= goal.start or not hyphened(x)]


def _speech_verb_before(s: Sentence, j: int) -> int | None:
    """The last token of the verb of saying whose content the word at ``j`` opens ("said he",
    "said that he"), else None."""
    k = j - 2 if j >= 2 and s.tokens[j - 1].lower == "that" else j - 1
    said = any(x.end == k + 1 and not x.noun and x.trigger.cameo.startswith("01")
               for x in s.matches)  # fmt: skip
    return k if said else None


def _titled_speaker_unresolved(s: Sentence, j: int) -> bool:
    """[actor.titled_speaker] the pronoun at ``j`` opens what a speech verb says ("... said
    (that) he will"), and that verb's subject is a definite title no actor mention resolved
    ("the President", "the Prime Minister"): the pronoun is that person, so it names no one
    else (a wrong actor is worse than none)."""
    toks = s.tokens
    k = _speech_verb_before(s, j)
    if k is None or k < 1:
        return False
    lo = s.clause_start(k)
    if any(x.is_actor and lo <= x.start < k for x in s.mentions):
        return False
    titles = lexicon().titles
    return any(
        toks[i].lower == "the" and (toks[i + 1].key in titles
                                    or f"{toks[i + 1].key} {toks[i + 2].key}" in titles)
        for i in range(lo, max(lo, k - 2))
    )  # fmt: skip


def pronoun_subject(s: Sentence, m: Match, evidence: list[str]) -> Mention | None:
    """ "He said", "it imposed", "she later told": the pronoun before the verb (auxiliaries
    and adverbs skipped) resolved to the last compatible event subject of the article
    (rule actor.pronoun; see timeline.events.discourse)."""

    if s.disc is None:
        return None
    j, lo = _before_verb(s, m)
    if j < lo or j < 0:
        return None
    nominal = _definite_anaphor(s, j, lo, evidence) or _country_title(s, j, lo, evidence)
    if nominal is None:  # "Its observer mission said", "one of the observers told"
        nominal = _possessive_organ(s, j, lo, evidence) or _member_anaphor(s, j, lo, evidence)
    if nominal is not None:
        return nominal
    if _titled_speaker_unresolved(s, j):
        return None  # "And the President has said that he will veto": he is the President
    found = s.disc.resolve(s.tokens[j].lower, s, j)
    if found is None:
        return None
    evidence.append(f"actor.pronoun: '{s.tokens[j].text}' = {found[0].name} ({found[1]})")
    return Mention(j, j + 1, s.tokens[j].text, found[0], None, "actor.pronoun")


def _leading_pronoun(
    s: Sentence, earlier: list[Mention], shared: Match | None, evidence: list[str] | None
) -> Mention | None:
    """ "He addressed the Knesset on Sunday and called for peace", "Last week he called the junta
    illegitimate and said ...": a sentence that opens with a subject pronoun (after at most a
    short adjunct, no clause word: "After he left, the Knesset ..." is another clause) has it as
    the subject of its later verbs too, never the first verb's object (rule actor.pronoun);
    with no actor named before the verb only when it shares a first verb's subject ("he met
    Bazoum and praised Niger": ``shared``)."""
    if s.disc is None or not s.tokens or (earlier and earlier[0].start == 0):
        return None
    if not earlier and shared is None:
        return None
    toks = s.tokens
    first = min([*(x.start for x in earlier[:1]), *(x.start for x in s.matches)])
    p = next((k for k in range(min(first, 4)) if s.disc.is_pronoun(toks[k].lower)), None)
    if p is None or any(t.lower in _CLAUSE_WORDS or t.text in _QUOTES for t in toks[:p]):
        return None
    found = s.disc.resolve(toks[p].lower, s, p)
    if found is None:
        return None
    if evidence is not None:
        evidence.append(f"actor.pronoun: '{toks[p].text}' = {found[0].name} (the subject "
                        f"pronoun opening the sentence; {found[1]})")  # fmt: skip
    return Mention(p, p + 1, toks[p].text, found[0], None, "actor.pronoun")


_CLAUSE_WORDS = words("clause_words")
_QUOTES = frozenset({'"', "“", "”", "'"})


def _nearer_anaphor(
    s: Sentence, m: Match, before: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Trade Commissioner Malmstrom said the bloc would impose duties": a definite group noun
    right before the verb (auxiliaries skipped), after the clause's named actors, is the
    verb's own subject (rule actor.group_anaphor), not the speaker before it."""

    if s.disc is None:
        return None
    j, lo = _before_verb(s, m)
    if j >= 1 and s.tokens[j].lower in _COMPLEMENT_PRONOUNS and j - 1 >= before[-1].end:
        return _complement_pronoun(s, j, evidence)
    if j < 1 or s.tokens[j].lower not in _GROUP_NOUNS or j - 1 < before[-1].end:
        return None
    ev: list[str] = []
    found = _definite_anaphor(s, j, lo, ev)
    if found is None or found.start < before[-1].end:
        return None
    if evidence is not None:
        evidence.extend(ev)
    return found


_GROUP_NOUNS = words("group_anaphor_nouns")
_COMPLEMENT_PRONOUNS = words("complement_subject_pronouns")


def _complement_pronoun(s: Sentence, j: int, evidence: list[str] | None) -> Mention | None:
    """[actor.complement_pronoun] "he called the protesters gangs and said he had appealed to
    the alliance": "he"/"she" (words list ``complement_subject_pronouns``) right before the
    verb, after the clause's named actors and right after a verb of saying (or its "that"),
    is the verb's own subject, resolved as any subject pronoun, not a name told before it."""
    toks = s.tokens
    said = _speech_verb_before(s, j) is not None
    found = s.disc.resolve(toks[j].lower, s, j) if said and s.disc is not None else None
    if found is None:
        return None
    if evidence is not None:
        evidence.append(f"actor.complement_pronoun: '{toks[j].text}' = {found[0].name} "
                        f"({found[1]})")  # fmt: skip
    return Mention(j, j + 1, toks[j].text, found[0], None, "actor.pronoun")


_ORGAN_NOUNS = {
    item.partition("=")[0]: item.partition("=")[2] for item in words("organ_anaphor_nouns")
}


def _definite_anaphor(s: Sentence, j: int, lo: int, evidence: list[str]) -> Mention | None:
    """ "The group said", "the militant group", "the army said": a definite noun subject that
    names no one is the last group (``group_anaphor_nouns``) or the last state (its organ,
    ``organ_anaphor_nouns``: "army=MIL") that was the subject of an event in the article
    (rules actor.group_anaphor, actor.organ_anaphor); nothing when there is none."""
    toks = s.tokens
    word = toks[j].lower
    if word not in _GROUP_NOUNS and word not in _ORGAN_NOUNS:
        return None
    k = j - 1
    if k > lo and toks[k].text.islower() and toks[k].lower != "the":
        k -= 1  # one adjective: "the militant group"
    if k < lo or toks[k].lower != "the" or any(x.start <= j < x.end for x in s.mentions):
        return None
    assert s.disc is not None
    ent = s.disc.last_state
    why = "the last state that was the subject of an event in the article"
    if ent is None and word in _ORGAN_NOUNS:
        # no state was a subject yet: the one state its own sentence names, when it is a
        # named person's ("Mugabe resigned as Zimbabwe's president ... after the military
        # placed him under house arrest"); never a foreign state the sentence only mentions
        why = "no state was a subject yet; the one state its sentence names, a named person's"
        named = {x.entity.name: x.entity for x in s.mentions
                 if x.entity is not None and x.entity.kind == "country"}  # fmt: skip
        people = {x.entity.country for x in s.mentions
                  if x.entity is not None and x.entity.kind == "person"}  # fmt: skip
        ent = next(iter(named.values())) if len(named) == 1 else None
        ent = ent if ent is not None and ent.name in people else None
    if ent is None:
        return None
    text = " ".join(t.text for t in toks[k : j + 1])
    if word in _GROUP_NOUNS and ent.kind in ("group", "organization"):
        evidence.append(f"actor.group_anaphor: '{text}' = {ent.name} (the last group that was "
                        "the subject of an event in the article)")  # fmt: skip
        return Mention(k, j + 1, text, ent, None, "actor.group_anaphor")
    if word in _ORGAN_NOUNS and ent.kind == "country":
        from timeline.events.lexicon import lexicon

        iso = lexicon().country_iso3.get(ent.name, "")
        evidence.append(f"actor.organ_anaphor: '{text}' = {ent.name} ({why})")
        return Mention(k, j + 1, text, ent, None, "actor.organ_anaphor",
                       code=f"{iso}{_ORGAN_NOUNS[word]}" if iso else None)  # fmt: skip
    return None


_ORGAN_POSSESSIVES = words("organ_possessives")
_POSSESSIVE_ORGAN_NOUNS = words("possessive_organ_nouns")
_MEMBER_NOUNS = words("member_anaphor_nouns")
_PARTITIVES = words("partitive_words")
_BODY_KINDS = ("country", "organization", "group")


def _possessive_organ(s: Sentence, j: int, lo: int, evidence: list[str]) -> Mention | None:
    """[actor.possessive_organ] "The sharpest blow came from the OSCE. Its observer mission
    said ...": a subject opening its clause with a possessive pronoun (``organ_possessives``)
    and at most three lower-case words ending in a body's organ (``possessive_organ_nouns``:
    mission, delegation, spokesman ...) speaks for the state or organisation the pronoun
    names: the first actor named before it in its sentence (the earlier clause's subject: "The
    Arab League suspended Libya, and its secretariat said"), else the only one the previous
    sentence names; none (no guess) when there are several or none, or it is a person."""
    toks = s.tokens
    if toks[j].lower not in _POSSESSIVE_ORGAN_NOUNS or s.disc is None:
        return None
    while lo < j and (not toks[lo].key or toks[lo].lower in _COORD_CLAUSE):
        lo += 1  # the comma and quotation mark closing a quotation; ", and its mission said"
    k = next((k for k in range(max(lo, j - 3), j) if toks[k].lower in _ORGAN_POSSESSIVES), None)
    if k is not None and k > lo and _time_opening(s, lo, k):
        lo = k  # "The next morning its own jets struck": past the clause's time adjunct
    if k is None or k != lo or any(x.start <= j < x.end for x in s.mentions):
        return None
    if not all(t.text.isalpha() and t.text.islower() for t in toks[k + 1 : j + 1]):
        return None
    named = [x.entity for x in s.mentions if x.is_actor and not x.quoted and x.end <= k][:1]
    where = "the first actor of its sentence, the subject the pronoun refers to"
    if not named:
        sents = s.disc.sents
        at = next((i for i, x in enumerate(sents) if x is s), 0)
        prev = sents[at - 1].mentions if at > 0 else []
        found = {x.entity.name: x.entity for x in prev
                 if x.is_actor and not x.quoted and x.entity is not None}  # fmt: skip
        named = list(found.values())
        where = "the only state or organisation the previous sentence names"
        if len(named) != 1:
            return None
    ent = named[-1]
    if ent is None or ent.kind not in _BODY_KINDS:
        return None
    text = " ".join(t.text for t in toks[k : j + 1])
    evidence.append(f"actor.possessive_organ: '{text}' = {ent.name} ({where})")
    return Mention(k, j + 1, text, ent, None, "actor.possessive_organ")


def _time_opening(s: Sentence, lo: int, k: int) -> bool:
    """Whether tokens ``lo``..``k`` are a time expression of the sentence (its preposition,
    commas): "The next morning", "On Friday,"."""
    spans = [(t.start, t.end) for t in s.timexes]
    if not spans:
        return False
    return all(
        t.text == "," or t.lower in _TIME_PREPOSITIONS or any(a <= t.start < b for a, b in spans)
        for t in s.tokens[lo:k]
    )


_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "by", "early", "late", "later"})


def _member_anaphor(s: Sentence, j: int, lo: int, evidence: list[str]) -> Mention | None:
    """[actor.member_anaphor] "The OSCE's mission said ... One of the observers told
    reporters": a definite plural of people who act for a body (``member_anaphor_nouns``:
    observers, monitors, inspectors), alone or after a partitive ("one of the":
    ``partitive_words``), opening its clause, is the organisation that was the source of the
    article's latest event with one; none when no organisation was (never a state: "the
    observers" of an election are not the country holding it)."""
    toks = s.tokens
    if toks[j].lower not in _MEMBER_NOUNS or s.disc is None or j < 1:
        return None
    while lo < j and not toks[lo].key:
        lo += 1  # '"...," one of the observers told reporters'
    k = j - 1
    if k > lo and toks[k].text.isalpha() and toks[k].text.islower() and toks[k].lower != "the":
        k -= 1  # one adjective: "the international observers"
    if toks[k].lower != "the" or any(x.start <= j < x.end for x in s.mentions):
        return None
    if k - 2 >= lo and toks[k - 1].lower == "of" and toks[k - 2].lower in _PARTITIVES:
        k -= 2  # "one of the observers"
    if k != lo:
        return None
    lex = lexicon()
    for ev in reversed(s.disc.events):
        org = next((a for a in ev.actors if a.role in ("source", "participant")
                    and a.kind == "organization"), None)  # fmt: skip
        ent = lex.entity(org.name) if org is not None else None
        if ent is None:
            continue
        text = " ".join(t.text for t in toks[k : j + 1])
        evidence.append(f"actor.member_anaphor: '{text}' = {ent.name} (the organisation "
                        f"that was the latest event's source: {ev.trigger!r})")  # fmt: skip
        return Mention(k, j + 1, text, ent, None, "actor.member_anaphor")
    return None


_COUNTRY_NOUNS = words("country_anaphor_nouns")


def _country_title(s: Sentence, j: int, lo: int, evidence: list[str]) -> Mention | None:
    """ "The country's foreign minister said": "the country's" is the last state that was the
    subject of an event in the article; the title's holder on the sentence's date when the
    office holders know one, else that state (rule actor.country_anaphor); nothing when no
    state was a subject (never a guessed person)."""
    toks = s.tokens
    if (
        j < 3
        or not toks[j].text.isalpha()
        or not any(t.lower in _COUNTRY_NOUNS for t in toks[max(lo, j - 5) : j])
    ):
        return None
    k = next(
        (
            k for k in range(max(lo, j - 5), j - 1)
            if toks[k].lower == "the" and toks[k + 1].lower in _COUNTRY_NOUNS
            and toks[k + 2].is_possessive
        ),
        None,
    )  # fmt: skip
    if k is None or s.disc is None or any(x.start <= j < x.end for x in s.mentions):
        return None
    lex = lexicon()
    title = _title_at(lex, toks, k + 3)
    if title is None or title[0] != j + 1 or not lex.titles[title[1]].political:
        return None
    state = s.disc.last_state
    if state is None or state.kind != "country":
        return None
    text = " ".join(t.text for t in toks[k : j + 1])
    office = lex.titles[title[1]].office
    when = role_date(s.timexes, s.disc.published)
    term = lex.holder(state.name, office, when) if office else None
    if term is not None and term.name in lex.people:
        evidence.append(f"actor.country_anaphor: '{text}' = {term.name} ({office} of "
                        f"{state.name}, the last state subject, on {when})")  # fmt: skip
        return Mention(k, j + 1, text, lex.people[term.name], None, "actor.country_anaphor")
    iso = lex.country_iso3.get(state.name, "")
    evidence.append(f"actor.country_anaphor: '{text}' = {state.name} (the last state subject; "
                    "no known holder of the office)")  # fmt: skip
    return Mention(k, j + 1, text, state, None, "actor.country_anaphor",
                   code=f"{iso}GOV" if iso else None)  # fmt: skip


def _pair_anaphor(
    s: Sentence, m: Match, before: list[Mention], evidence: list[str] | None
) -> list[Mention]:
    """ "the sides had agreed", "both countries signed": the actors of the latest earlier
    event with two or more of them, when the phrase is nearer the verb than any named actor
    (rule actor.pair_anaphor; nouns: words list ``pair_anaphor_nouns``)."""
    if s.disc is None or m.start < 2:
        return []
    toks, clause = s.tokens, s.clause[m.start]
    lo = max((x.end for x in before), default=s.clause_start(m.start))
    aux = _AUX_BETWEEN
    j = m.start - 1
    while j > lo and toks[j].lower in aux:
        j -= 1
    b = m.start - 1
    while b > 0 and (toks[b].lower in aux or toks[b].lower in _MODALS):
        b -= 1
    if toks[b].lower in _BARE_PAIR_NOUNS and b == s.clause_start(m.start) and not before:
        # "Negotiators will meet again next week": the negotiators of the latest two sides
        return latest_pair(s, b, b + 1, evidence)
    if (
        toks[j].lower not in _PAIR_NOUNS
        and toks[b].lower in _PAIR_NOUNS
        and b > lo
        and m.trigger.roles == 1
    ):  # "Military commanders from both sides will meet": a joint act past the modal
        j = b
    bare = _bare_count(toks, j, lo)
    if bare is not None and s.clause[j] == clause and not before:
        # [actor.bare_pair] "Before Koizumi left, the two signed the declaration": "the two"
        # (or "the three" ...) with no noun right before the verb: that many doers of the
        # latest act (people or states)
        return latest_pair(s, j - 1, j + 1, evidence, None, bare)
    if toks[j].lower not in _PAIR_NOUNS or s.clause[j] != clause or j - 1 < lo:
        return [] if before else _opening_pair(s, m, evidence)
    det = toks[j - 1].lower
    n = group_size(det)  # "the two sides", "the three leaders" (rule actor.group_anaphor)
    if det not in ("the", "both") and (n is None or j < 2 or toks[j - 2].lower != "the"):
        return []
    start = j - 2 if n is not None else j - 1
    if start > 0 and toks[start - 1].lower in _PAIR_PLACE_PREPOSITIONS:
        return []  # "Television anchors in both countries declared": a place, not the subject
    return latest_pair(s, start, j + 1, evidence, _pair_kinds(toks[j].lower), n)


_PAIR_PLACE_PREPOSITIONS = words("pair_place_prepositions")


def _bare_count(toks: list, j: int, lo: int) -> int | None:
    """The number of "the two" / "the three" ending at token ``j`` (after the clause start
    ``lo``, not after "of"/"between": "one of the two"), else None."""
    n = group_size(toks[j].lower) if j - 1 >= lo else None
    if n is None or toks[j - 1].lower != "the":
        return None
    return n if j - 2 < 0 or toks[j - 2].lower not in ("of", "between", "to", "with") else None


def pair_subject_unresolved(s: Sentence, m: Match, before: list[Mention]) -> bool:
    """[actor.unresolved_pair] "The two sides resumed talks at a hotel on the basis of a
    joint Ethiopian-AU proposal": a pair phrase opening the clause as the verb's subject
    ("the two sides", "both delegations", "the two"; words list ``pair_anaphor_nouns``) that
    names no earlier pair leaves the event with no actors: the names after the verb are not
    the sides (a wrong party is worse than none). [actor.reported_pair] The same when the
    pair phrase is a reported clause's subject after the speaker ("the envoy said the two
    sides would meet again"): the speaker is not one of the sides; "Chile and Peru, the two
    sides, agreed" (an apposition after a comma) is no such subject."""
    if m.start < 2:
        return False
    toks = s.tokens
    lo = s.clause_start(m.start)
    speaker = max((x.end for x in before), default=-1)
    j = m.start - 1
    while j > lo and (toks[j].lower in _AUX_BETWEEN or toks[j].lower in _MODALS):
        j -= 1
    first = j - 1 if _bare_count(toks, j, lo) is not None else _pair_start(toks, j)
    if first is None:
        return False
    if before:  # only with a speech verb between the speaker and the pair, and no comma
        from timeline.events.stages import is_speech

        if any(t.text == "," for t in toks[speaker:first]):
            return False
        return any(is_speech(x) and speaker <= x.start and x.end <= first for x in s.matches)
    return True


def _pair_start(toks: list, j: int) -> int | None:
    """The first token of "both sides" / "the two sides" ending at ``j``, else None."""
    if toks[j].lower not in _PAIR_NOUNS or j < 1:
        return None
    det = toks[j - 1].lower
    if det == "both":
        return j - 1
    return j - 2 if j >= 2 and group_size(det) is not None and toks[j - 2].lower == "the" else None


_ADDED_DOER_RULES = words("added_doer_rules")


def _opening_pair(s: Sentence, m: Match, evidence: list[str] | None) -> list[Mention]:
    """[actor.pair_anaphor] "The two countries' congresses voted on Oct. 16 to accept a
    ruling": an infinitive whose clause opens with "the two"/"both" (or "the three" ...,
    exactly that many: actor.group_anaphor) and a pair noun (its possessive too) within twelve
    tokens has that pair as its subject."""
    toks = s.tokens
    lo = s.clause_start(m.start)
    if m.start < 2 or toks[m.start - 1].lower != "to" or m.start - lo > 12:
        return []
    k = lo + 1 if toks[lo].lower == "both" else lo + 2
    n = group_size(toks[lo + 1].lower) if toks[lo].lower == "the" else None
    if not (toks[lo].lower == "both" or n is not None):
        return []  # "The three countries' ministers agreed to ...": a counted group too
    if k >= m.start or toks[k].lower not in _PAIR_NOUNS:
        return []
    return latest_pair(s, lo, k + 1, evidence, _pair_kinds(toks[k].lower), n)


_SIDE_NOUNS = words("pair_side_nouns")


def _pair_kinds(noun: str) -> frozenset[str] | None:
    """What a pair noun names: two people ("the two leaders", ``pair_person_nouns``), two
    states ("the two countries", ``pair_state_nouns``), else any two actors ("the sides")."""
    if noun in _PAIR_PERSON_NOUNS:
        return frozenset({"person"})
    return frozenset({"country"}) if noun in _PAIR_STATE_NOUNS else None


def latest_pair(
    s: Sentence,
    start: int,
    end: int,
    evidence: list[str] | None,
    kinds: frozenset[str] | None = None,
    n: int | None = None,
) -> list[Mention]:
    """The actors of the latest earlier event with two or more of them, as mentions over
    tokens ``start``..``end`` (rule actor.pair_anaphor); ``kinds``: only an event whose
    actors are all of these kinds ("the two leaders": two people; a war: two states; people
    stand for their states when each has one: "Biden, Kishida and Yoon met ... the three
    countries"); ``n``: exactly that many ("the three leaders", rule actor.group_anaphor)."""
    if s.disc is None:
        return []
    toks = s.tokens
    j = end - 1
    events = list(reversed(s.disc.events))
    if toks[j].lower in _SIDE_NOUNS:
        # "both sides", "the two parties": the states or groups of the latest joint act (a
        # signing, talks), before any accusation or attack between others, or their envoys
        joint = [
            ev for ev in events
            if sum(a.role == "participant" and a.kind != "person" for a in ev.actors) >= 2
        ]  # fmt: skip
        events = joint + [ev for ev in events if ev not in joint]
    for ev in events:
        sides = [a for a in ev.actors if a.role in ("participant", "source")]
        if len(sides) < 2 and len(ev.actors) >= 2:
            sides = list(ev.actors)  # "X attacked Y ... both sides agreed": attacker and attacked
        if n is not None and len(sides) > n:
            # [actor.group_anaphor] "A, B and C welcomed it, as did D. The three countries
            # also ...": the named subject, without an actor added after it
            sides = [a for a in sides if a.rule not in _ADDED_DOER_RULES]
        mixed = group_size(toks[j].lower) is not None and len({a.kind for a in sides}) > 1
        if (kinds == _STATE_KIND and n is not None) or toks[j].lower in _SIDE_NOUNS or mixed:
            # "the three countries" after a meeting of three leaders; "the two sides agreed"
            # after the leaders' talks: their states; "hosted the leaders of Japan and Chile,
            # and the three agreed": a bare count over people and states, the states
            sides = _as_states(sides, role_date(s.timexes, s.disc.published))
        if kinds is not None and any(a.kind not in kinds for a in sides):
            continue  # "the two leaders": two people, not a country and its leader
        if len(sides) >= 2 and (n is None or len(sides) == n):
            text = _words(toks, start, j + 1)
            rule = "actor.pair_anaphor" if n in (None, 2) else "actor.group_anaphor"
            if evidence is not None:
                names = ", ".join(a.name for a in sides)
                evidence.append(
                    f"{rule}: '{text}' = {names} (the actors of the latest "
                    f"{ev.label!r}, {ev.trigger!r})"
                )
            return [
                Mention(
                    start,
                    j + 1,
                    text,
                    Entity(a.name, a.kind, a.country, a.aliases),
                    None,
                    rule,
                    code=a.code,
                )  # fmt: skip
                for a in sides
            ]
    return []


def _plural_pronoun(s: Sentence, m: Match, evidence: list[str] | None) -> list[Mention]:
    """[actor.plural_pronoun] "Ford and Brezhnev met on Wednesday, and they will meet again on
    Saturday": a plural subject pronoun (words list ``plural_subject_pronouns``) right before
    the verb is the doers of the latest event, when that event is in the same sentence or the
    sentence before (same paragraph) and has two or more doers (sources, participants) and no
    target; else nothing here (coref.they_group may still name a group): "X accused Y and Z.
    They denied it" could be either side."""
    if s.disc is None:
        return []
    j, _lo = _before_verb(s, m)
    if j < 0 or s.tokens[j].lower not in _PLURAL_PRONOUNS or s.quoted[j]:
        return []  # '"They will talk again," he said': the speaker's "they", not the narrator's
    ev = next((e for e in reversed(s.disc.events) if e.sentence_start <= s.start), None)
    if ev is None or not _next_door(s, ev):
        return []
    doers = [a for a in ev.actors if a.role in ("source", "participant")]
    if len(doers) < 2 or len(doers) != len(ev.actors):
        return []
    if evidence is not None:
        names = ", ".join(a.name for a in doers)
        evidence.append(f"actor.plural_pronoun: '{s.tokens[j].text}' = {names} (the doers of "
                        f"the latest {ev.label!r}, {ev.trigger!r})")  # fmt: skip
    text = s.tokens[j].text
    return [Mention(j, j + 1, text, Entity(a.name, a.kind, a.country, a.aliases), None,
                    "actor.plural_pronoun", code=a.code) for a in doers]  # fmt: skip


def _next_door(s: Sentence, ev: ExtractedEvent) -> bool:
    """Whether the event ``ev`` is told in sentence ``s`` or the sentence right before it, in
    the same paragraph."""
    disc = s.disc
    if disc is None or disc.paragraph(ev.sentence_start) != disc.paragraph(s.start):
        return False
    if ev.sentence_start == s.start:
        return True
    between = [x for x in disc.sents if ev.sentence_start < x.start < s.start]
    return not between


_PLURAL_PRONOUNS = words("plural_subject_pronouns")


def within_reach(s: Sentence, ev: ExtractedEvent) -> bool:
    """[actor.object_anaphor] An earlier event a reaction ("rejected the charge", "welcomed
    the outcome") may name: one told in the sentence's own paragraph or the one before, or in
    the story's lead paragraph (its main act); an act told further back, outside the lead,
    is no longer what "the charge" means. Always, for a text without paragraphs."""
    disc = s.disc
    if disc is None:
        return False
    here, there = disc.paragraph(s.start), disc.paragraph(ev.sentence_start)
    return here - there <= 1 or there == disc.lead_paragraph()


def named_act_first(
    events: list[ExtractedEvent], noun: str, reactors: list[ActorRef] | None = None
) -> list[ExtractedEvent]:
    """[actor.object_anaphor] The earlier acts a reaction noun may name, latest first, with
    the one it means moved to the front: the latest act aimed at the reacting actor (or at
    his state: "Britain accused Russia ... Iran accused Israel ... Russia rejected the
    charge": Britain's), else the latest act whose own object repeats the noun (within six
    words after its trigger: "signed the Lahore Declaration ... rejected the declaration");
    the order unchanged when none is."""
    mine = {x for a in reactors or [] if a.role == "source" for x in (a.name, a.state) if x}
    for i, ev in enumerate(events):
        if mine and any(a.role == "target" and {a.name, a.state} & mine for a in ev.actors):
            return [ev, *events[:i], *events[i + 1 :]]
    stem = noun[:-1] if noun.endswith("s") and len(noun) > 4 else noun
    for i, ev in enumerate(events):
        low = ev.sentence.lower()
        at = low.find(ev.trigger.lower()) if ev.trigger else -1
        if at < 0:
            continue
        after = low[at + len(ev.trigger) :].split()[:6]
        if any(w.strip(".,;:'\"()").startswith(stem) for w in after):
            return [ev, *events[:i], *events[i + 1 :]]
    return events


def act_doers(ev: ExtractedEvent) -> list[ActorRef]:
    """[actor.object_anaphor] The doers (sources, participants) of an earlier act a reaction
    names; a state beside a person who acts for it is that person's ("the American envoy,
    Khalilzad" read as both: the charge is the envoy's, not also his state's)."""
    doers = [a for a in ev.actors if a.role in ("source", "participant")]
    people = {a.country for a in doers if a.kind == "person" and a.country}
    return [a for a in doers if not (a.kind == "country" and a.name in people)]


_STATE_KIND = frozenset({"country"})
_GROUP_NUMBERS = ordered("group_numbers")


def group_size(word: str) -> int | None:
    """The number a group phrase counts ("the three leaders": 3; words list
    ``group_numbers``, two to twelve, or digits), else None."""
    if word.isdigit() and 2 <= int(word) <= 12:
        return int(word)
    return _GROUP_NUMBERS.index(word) + 2 if word in _GROUP_NUMBERS else None


def _as_states(sides: list[ActorRef], when: date | None = None) -> list[ActorRef]:
    """The states the actors act for, once each, in order (a person stands for his country:
    "Biden, Kishida and Yoon met ... the three countries"); the actors unchanged when one of
    them is neither a state nor a person of a state the lexicon knows as a country (a UN
    official, a rebel group, a party)."""
    lex = lexicon()
    out: list[ActorRef] = []
    for a in sides:
        state = a.state if a.kind in ("country", "person") else None
        e = lex.countries.get(state) if state else None
        if e is None:
            return sides
        if any(x.name == e.name for x in out):
            continue
        if a.kind == "country":
            out.append(a)  # a state keeps its code ("SSDMIL")
            continue
        # a person's state keeps the person's organ ("Rubio ... the two sides": USAGOV)
        iso = lex.country_iso3.get(e.name, "")
        code = a.code or actor_code_rule(a, when)[0]
        code = code if iso and code and code.startswith(iso) else None
        out.append(ActorRef(e.name, "country", e.country, a.role, e.aliases, code=code))
    return out


def _pair_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> list[Mention]:
    """ "accused the two countries", "urged both countries to ...": an object pair phrase right
    after the verb is the latest earlier event's two actors (states, for "countries") other
    than this verb's subject (rule actor.pair_anaphor)."""
    toks = s.tokens
    j = m.obj_end
    between = _between_pair(s, m)
    if between is not None:
        return _between_sides(s, between, source, evidence)
    words_ = [t.lower for t in toks[j : j + 3]]
    n = group_size(words_[1]) if len(words_) > 1 else None
    them = _them_pair_noun(s, m)
    if them is not None:  # "binding on both countries, and urged them to ...": that pair
        end = j + 1
    elif words_[:1] == ["both"] and len(words_) > 1 and words_[1] in _PAIR_NOUNS:
        end = j + 2
    elif words_[:1] == ["the"] and len(words_) > 2 and words_[2] in _PAIR_NOUNS and n:
        end = j + 3  # "the two countries", "the three leaders" (rule actor.group_anaphor)
    elif words_[:1] == ["the"] and len(words_) > 1 and words_[1] in _SIDE_NOUNS:
        end = j + 2  # "called on the parties to comply": the two sides (pair_side_nouns)
    else:
        return []
    if s.disc is None:
        return []
    from timeline.events.lexicon import Entity

    subjects = {x.entity.name for x in source if x.entity is not None}
    text = _words(toks, j, end)
    noun = toks[end - 1].lower if them is None else them
    states = noun in ("countries", "nations", "states", "governments")
    size = n or 2
    rule = "actor.pair_anaphor" if size == 2 else "actor.group_anaphor"
    when = role_date(s.timexes, s.disc.published)
    parallel, prule = _parallel_doers(s, subjects, size, states), "actor.parallel_doers"
    if not parallel:
        parallel, prule = _parallel_partners(s, subjects, size, states), "actor.parallel_partners"
    if parallel:
        if evidence is not None:
            names = ", ".join(a.name for a in parallel)
            evidence.append(f"{prule}: '{text}' = {names} (the other sides of the latest "
                            f"{size} acts of or aimed at the subject)")  # fmt: skip
        return [Mention(j, end, text, Entity(a.name, a.kind, a.country, a.aliases), None,
                        prule, code=None) for a in parallel]  # fmt: skip
    for ev in reversed(s.disc.events):
        sides = _counted_sides(ev.actors, subjects, noun, size, states, when)
        if len(sides) == size:
            if evidence is not None:
                names = ", ".join(a.name for a in sides)
                evidence.append(f"{rule}: '{text}' = {names} (the actors of the "
                                f"latest {ev.label!r}, {ev.trigger!r})")  # fmt: skip
            return [Mention(j, end, text, Entity(a.name, a.kind, a.country, a.aliases), None,
                            rule, code=None) for a in sides]  # fmt: skip
    return []


def _parallel_doers(s: Sentence, subjects: set[str], size: int, states: bool) -> list[ActorRef]:
    """[actor.parallel_doers] "Quito broke off relations with Bogota on Monday, and Caracas
    expelled Colombia's diplomats on Tuesday. Colombia accused both governments of ...": the
    latest ``size`` acts (told in this paragraph or the one before), each by one doer (a
    state, for a state noun) aimed at this verb's subject, by different doers, are the group
    an object "both governments" / "the three countries" names; nothing when any of them has
    another shape (the usual latest-event reading is tried next)."""
    disc = s.disc
    if disc is None or not subjects:
        return []
    here = disc.paragraph(s.start)
    recent = [e for e in reversed(disc.events) if e.sentence_start < s.start][:size]
    out: list[ActorRef] = []
    for ev in recent:
        if here - disc.paragraph(ev.sentence_start) > 1:
            return []
        doers = [a for a in ev.actors if a.role == "source" and a.name not in subjects]
        aimed = {a.name for a in ev.actors if a.role == "target"}
        if len(doers) != 1 or not subjects <= aimed or any(a.name == doers[0].name for a in out):
            return []
        if states and doers[0].kind != "country":
            return []
        out.insert(0, doers[0])
    return out if len(out) == size else []


_PAIR_OVER_RULES = words("pair_over_anaphor_rules")


def _parallel_partners(s: Sentence, subjects: set[str], size: int, states: bool) -> list[ActorRef]:
    """[actor.parallel_partners] "Blinken spoke by telephone with General Burhan. He held a
    separate call with General Dagalo, urging both men to ...": the latest ``size`` meetings
    (04) before the verb (in this paragraph or the one before), each of this verb's subject
    with exactly one other participant, all different, are the group an object "both men" /
    "the two leaders" names; nothing when any of them has another shape."""
    disc = s.disc
    if disc is None or not subjects:
        return []
    here = disc.paragraph(s.start)
    recent = [e for e in reversed(disc.events) if e.sentence_start <= s.start][:size]
    out: list[ActorRef] = []
    for ev in recent:
        if here - disc.paragraph(ev.sentence_start) > 1 or ev.type != "04":
            return []
        names = {a.name for a in ev.actors}
        others = [a for a in ev.actors if a.name not in subjects]
        if (
            not subjects <= names
            or len(others) != 1
            or any(a.role != "participant" for a in ev.actors)
        ):
            return []  # fmt: skip
        if any(a.name == others[0].name for a in out) or (states and others[0].kind != "country"):
            return []
        out.insert(0, others[0])
    return out if len(out) == size else []


def _counted_sides(
    actors: list[ActorRef],
    subjects: set[str],
    noun: str,
    size: int,
    states: bool,
    when: date | None = None,
) -> list[ActorRef]:
    """The actors of an earlier event an object "the two countries", "the three leaders"
    names (not this verb's subjects): states for state nouns, people for person nouns, else
    any. A pair may be any two actors of the event ("X attacked Y ... urged both countries");
    a larger group is its doers (sources, participants), and for a state noun the states of
    those doers ("Biden, Kishida and Yoon met ... accused the three countries")."""
    sides = [a for a in actors if a.name not in subjects]
    if size > 2:
        sides = [a for a in sides if a.role in ("source", "participant")]
    if states:
        found = [a for a in sides if a.kind == "country"]
        if size > 2 and len(found) != size:
            found = [a for a in _as_states(sides, when) if a.kind == "country"]
        return found
    if noun in _PAIR_PERSON_NOUNS:  # "praised both men": two people
        return [a for a in sides if a.kind == "person"]
    return sides


def _them_pair_noun(s: Sentence, m: Match) -> str | None:
    """The pair noun an object "them" right after the verb stands for: "both countries", "the
    two sides", "the parties" earlier in the same sentence, with no actor named between it and
    the verb ("legally binding on both countries, and urged them to avoid provocations")."""
    toks, j = s.tokens, m.end
    if j >= len(toks) or toks[j].lower != "them":
        return None
    for k in range(m.start - 1, 0, -1):
        w, prev = toks[k].lower, toks[k - 1].lower
        if any(x.is_actor and x.start == k for x in s.mentions):
            return None
        if w in _PAIR_NOUNS and (prev == "both" or (prev == "two" and toks[k - 2].lower == "the")):
            return w
        if w in _SIDE_NOUNS and prev == "the":
            return w
    return None


_BETWEEN = words("pair_between_prepositions")


def _between_pair(s: Sentence, m: Match) -> tuple[int, int] | None:
    """Tokens of "the two sides", "both countries", "the parties" right after "between" in
    the verb's object, within eight tokens of the verb, in its clause ("hosted five rounds of
    talks between the two sides"), else None."""
    toks, clause = s.tokens, s.clause[m.start]
    for k in range(m.end, min(len(toks) - 2, m.obj_end + 8)):
        if s.clause[k] != clause:
            return None
        if toks[k].lower not in _BETWEEN:
            continue
        w = [t.lower for t in toks[k + 1 : k + 4]]
        if w[0] == "both" and w[1] in _PAIR_NOUNS:
            return k + 1, k + 3
        if w[0] == "the" and len(w) > 2 and group_size(w[1]) and w[2] in _PAIR_NOUNS:
            return k + 1, k + 4
        if w[0] == "the" and w[1] in _SIDE_NOUNS:
            return k + 1, k + 3
        return None
    return None


def _between_sides(
    s: Sentence, span: tuple[int, int], source: list[Mention], evidence: list[str] | None
) -> list[Mention]:
    """[actor.between_pair] "Iraq and Oman hosted five rounds of talks between the two sides":
    the pair is the two doers (sources or participants, not this verb's subjects) of the
    latest earlier event that has two: two states for "countries", two people for "leaders",
    else two states or groups; never an act's target ("protesters stormed its embassy in
    Tehran" has one doer)."""
    if s.disc is None:
        return []
    from timeline.events.lexicon import Entity

    start, end = span
    noun = s.tokens[end - 1].lower
    kinds = _pair_kinds(noun)
    size = group_size(s.tokens[start + 1].lower) or 2  # "between the three countries"
    subjects = {x.entity.name for x in source if x.entity is not None}
    text = _words(s.tokens, start, end)
    for ev in reversed(s.disc.events):
        sides = [
            a for a in ev.actors
            if a.role in ("source", "participant") and a.name not in subjects
            and (a.kind in kinds if kinds is not None else a.kind != "person")
        ]  # fmt: skip
        if len(sides) != size:
            continue
        if evidence is not None:
            names = ", ".join(a.name for a in sides)
            evidence.append(f"actor.between_pair: '{text}' = {names} (the doers of the latest "
                            f"{ev.label!r}, {ev.trigger!r})")  # fmt: skip
        ents = [Entity(a.name, a.kind, a.country, a.aliases) for a in sides]
        return [Mention(start, end, text, e, None, "actor.between_pair") for e in ents]
    return []


_NAMED_OBJECT_TRIGGERS = words("named_object_triggers")


def _named_for(s: Sentence, m: Match, evidence: list[str] | None) -> list[Mention]:
    """ "issued a warrant for Maria Lvova-Belova": two to four capitalised words right after
    the object's "for", naming no actor the lexicon knows, are the person the act is aimed at
    (rule actor.named_for; words list ``named_object_triggers``; no country, so no code)."""
    toks = s.tokens
    j = m.obj_end
    if m.trigger.id not in _NAMED_OBJECT_TRIGGERS or j >= len(toks) or toks[j].lower != "for":
        return []
    k, n_words = j + 1, 0
    while k < len(toks) and n_words <= 4:
        if toks[k].is_cap and toks[k].key:
            n_words += 1
        elif not (toks[k].text == "-" and n_words and k + 1 < len(toks) and toks[k + 1].is_cap):
            break  # "Lvova-Belova": a hyphen inside a name
        k += 1
    if not 2 <= n_words <= 4 or any(j < x.end and x.start < k for x in s.mentions):
        return []
    if k < len(toks) and toks[k].is_possessive:
        return []  # "a warrant for Putin's aide": the aide, not a name
    name = s.text[toks[j + 1].start : toks[k - 1].end]
    if evidence is not None:
        evidence.append(f"actor.named_for: '{name}' after '{m.trigger.id}' ... 'for' names the "
                        "person it is aimed at (no lexicon entry, no code)")  # fmt: skip
    return [Mention(j + 1, k, name, Entity(name, "person", None), None, "actor.named_for")]


def _words(toks: list, i: int, j: int) -> str:
    return " ".join(t.text for t in toks[i:j])


_PAIR_NOUNS = words("pair_anaphor_nouns")
_PAIR_PERSON_NOUNS = words("pair_person_nouns")
_PAIR_STATE_NOUNS = words("pair_state_nouns")
_BARE_PAIR_NOUNS = words("bare_pair_nouns")
_MODALS = words("base_ok")
_AUX_BETWEEN = words("aux_between")


def _coordinated_verb(s: Sentence, m: Match) -> Match | None:
    """The earlier verb trigger of the same clause whose subject a verb after "and" shares
    ("X met Y in New York on Saturday and urged ..."), else None (rule actor.shared_subject)."""
    if m.noun or m.start == 0:
        return None
    k = m.start - 1  # "flies to Pakistan on Friday and will hold talks": a modal between
    while k > 0 and s.tokens[k].lower in _COORD_MODALS:
        k -= 1
    if s.tokens[k].lower not in _COORD:
        return None
    c = s.clause[m.start]
    earlier = [
        x for x in s.matches
        if not x.noun and x.end < m.start and s.clause[x.start] == c
        and not (x.form == 0 and x.start > 0 and s.tokens[x.start - 1].lower == "to")
    ]  # fmt: skip
    # "urged Iran to free the vessel and called for talks": the subject of "urged", not of
    # the infinitive "to free" (whose subject is the object of "urged")
    while len(earlier) > 1 and _unjoined_participle(s, earlier[-2], earlier[-1]):
        earlier.pop()
    return earlier[-1] if earlier else None


_LABEL_VERBS = words("label_triggers") | words("fixed_label_triggers")


def _shared_pronoun(
    s: Sentence, m: Match, shared: Match | None, evidence: list[str] | None
) -> Mention | None:
    """The subject pronoun of the verb (``pronoun_subject``), else of the earlier verb it is
    joined to by "and" ("In an address on Wednesday, he called the protesters gangs and said
    ...": he; rule actor.shared_pronoun)."""
    ev = [] if evidence is None else evidence
    found = pronoun_subject(s, m, ev)
    if found is None and shared is not None:
        found = pronoun_subject(s, shared, ev)
    return found


def _unjoined_participle(s: Sentence, head: Match, x: Match) -> bool:
    """[actor.unjoined_participle] "he called the protesters terrorist gangs trained abroad and
    said ...": a verb trigger after another, non-speech verb of its clause with no comma or
    coordinator between them is a participle describing that verb's object, not the verb a
    later "and" joins ("Police said rebels attacked the town and killed": after a verb of
    saying, its complement's verb, kept; a labelling verb, "called X Y", is no verb of
    saying here: words lists ``label_triggers``, ``fixed_label_triggers``)."""
    if head.trigger.cameo.startswith("01") and head.trigger.id not in _LABEL_VERBS:
        return False
    gap = s.tokens[head.end : x.start]
    return not any(t.lower in _COORD or t.text in (",", ";") for t in gap)


_COORD = words("coordinating_and")
_COORD_MODALS = words("coordinated_modals")
_PARTICIPIAL = words("participial_adjunct_triggers")


def participial_head(s: Sentence, m: Match) -> Match | None:
    """The verb event a participial adjunct belongs to ("met Xi on Friday, urging China to
    ...": "met"; see trigger.participial_adjunct), else None."""
    if m.noun or m.form != 4 or m.start == 0 or s.tokens[m.start - 1].text != ",":
        return None
    if m.trigger.id not in _PARTICIPIAL:
        return None
    earlier = [x for x in s.matches if not x.noun and x.end < m.start]
    if len(earlier) > 1 and s.clause[earlier[-1].start] == s.clause[m.start - 2]:
        return earlier[-1]  # "broke out ..., when Abiy ordered an offensive, accusing it of"
    return earlier[-1] if len(earlier) == 1 else None


_NOT_PARTICIPLES = words("not_participles")


def _outside_participles(s: Sentence, before: list[Mention]) -> list[Mention]:
    """[actor.participle_modifier] "militants holding the embassy threatened", "protesters
    demanding new elections marched": an actor inside an -ing phrase right after an earlier
    actor (at most five words between, no punctuation) describes that actor and is
    not the subject (words list ``not_participles``: "during", "including", "representing"
    ...)."""
    if len(before) < 2:
        return before
    toks = s.tokens
    drop: set[int] = set()
    for k in range(1, len(before)):
        y, x = before[k - 1], before[k]
        gap = toks[y.end : x.start]
        if not 1 <= len(gap) <= 5 or y.possessive:
            continue
        ing = gap[0]
        if not (ing.text.islower() and ing.text.isalpha() and ing.lower.endswith("ing")):
            continue
        if ing.lower in _NOT_PARTICIPLES or not all(t.text.isalpha() for t in gap):
            continue
        drop.add(k)
    return [x for k, x in enumerate(before) if k not in drop] if drop else before


_ALLEGIANCE = tuple(tuple(p.split()) for p in words("allegiance_phrases"))
_ALLEGIANCE_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "“", "”"})


def _outside_allegiance(s: Sentence, before: list[Mention]) -> list[Mention]:
    """[actor.allegiance] "rebels loyal to Riek Machar attacked", "militias backed by Iran
    fired", "Kurdish fighters allied with the United States captured": an actor named after
    an allegiance phrase (words list ``allegiance_phrases``) within six words before it, with
    no punctuation between, is whom the subject serves, not the subject (the group before it
    is, or no one)."""
    toks = s.tokens
    keep = []
    for x in before:
        lo = max(s.clause_start(x.start), x.start - 6)
        marks = [k for k in range(lo, x.start) if toks[k].text in _ALLEGIANCE_BREAKS]
        window = [t.lower for t in toks[(marks[-1] + 1 if marks else lo) : x.start]]
        if any(tuple(window[i : i + len(p)]) == p for p in _ALLEGIANCE for i in range(len(window))):
            continue
        keep.append(x)
    return keep


_DASHES = frozenset({"-", "–", "—", "--"})


def _after_dateline(s: Sentence, usable: list[Mention]) -> list[Mention]:
    """[actor.dateline_tag] "ADDIS ABABA, Feb 19 (AFP) - ...": nothing before a dateline's dash
    is an actor of the story (the agency that filed it, the city it was filed from)."""
    if not s.mentions or s.mentions[0].rule != "loc.dateline":
        return usable
    head = s.mentions[0].end
    dash = next((k for k in range(head, min(head + 8, len(s.tokens)))
                 if s.tokens[k].text in _DASHES), None)  # fmt: skip
    return usable if dash is None else [x for x in usable if x.start > dash]


def _subject_candidates(
    s: Sentence, m: Match, usable: list[Mention], rules: list[str]
) -> list[Mention]:
    """The actors before the verb in its clause that may be its subject: not inside an -ing
    phrase (actor.participle_modifier) nor after an allegiance phrase (actor.allegiance)."""
    c = s.clause[m.start]
    before = _outside_participles(
        s, [x for x in usable if s.clause[x.start] == c and x.end <= m.start]
    )
    served = _outside_allegiance(s, before)
    if len(served) < len(before):
        rules.append("actor.allegiance")
    return served


def _apposed_source(
    s: Sentence, m: Match, usable: list[Mention], source: list[Mention], rules: list[str]
) -> list[Mention]:
    """The subjects ``_apposed_subjects`` finds when no subject was found ("After talks
    hosted by China, Iran's top official, Ali Shamkhani, and ..., signed": not China) or the
    one found is the last of them ("Kenya's foreign minister, Alfred Mutua, and Somalia's
    defence minister, Abdulkadir Nur, signed"), else ``source``."""
    guessed = bool(rules) and rules[-1] == "actor.sentence_subject"  # the first actor
    if (
        source
        and not guessed
        and not (len(source) == 1 and source[0].rule == "actor.apposition_name")
    ):
        return source
    appos = _apposed_subjects(s, m, [x for x in usable if x.end <= m.start])
    if (appos and (guessed or not source)) or (len(appos) > 1 and source[0] in appos):
        if guessed:
            rules.pop()
        rules.append("actor.apposed_subjects")
        return appos
    return source


def _apposed_subjects(s: Sentence, m: Match, earlier: list[Mention]) -> list[Mention]:
    """[actor.apposed_subjects] "After talks hosted by China, Iran's top security official,
    Ali Shamkhani, and Saudi Arabia's national security adviser, Musaed al-Aiban, signed":
    names set off by commas after their role phrases (actor.apposition_name) whose last comma
    is right before the verb are its subjects, the earlier ones when ", and" follows them."""
    toks = s.tokens
    if m.noun or m.start < 2 or toks[m.start - 1].text != ",":
        return []
    named = [x for x in earlier if x.rule == "actor.apposition_name"]
    if not named or named[-1].end != m.start - 1:
        return []
    chain = [named[-1]]
    for x in reversed(named[:-1]):
        if x.end + 1 < len(toks) and toks[x.end].text == "," and toks[x.end + 1].lower in _COORD:
            chain.insert(0, x)
        else:
            break
    # "President Carter and Panama's leader, Gen. Omar Torrijos, signed": a name joined by
    # "and" to the first role phrase is a subject too
    j = chain[0].start - 1  # the comma before the first name (and its title: "Gen.")
    while j > 0 and chain[0].start - j <= 3 and toks[j].text != ",":
        j -= 1
    k = j - 1
    while k > 0 and j - k <= 8 and toks[k].text != "," and toks[k].lower not in _COORD:
        k -= 1
    first = [
        x for x in earlier
        if x.end == k or (x.end == k - 1 and toks[x.end].text == ",")
    ]  # fmt: skip
    # (not an earlier verb's object: "Shoigu signed one document with Turkey and the United
    # Nations, and Ukraine's minister, Oleksandr Kubrakov, signed")
    verb_before = first and any(not x.noun and x.start < first[0].start for x in s.matches)
    if k > 0 and toks[k].lower in _COORD and first and not verb_before:
        chain.insert(0, first[0])
    return chain


def _first_verb_before_and(s: Sentence, m: Match, before: list[Mention]) -> int | None:
    """A verb after "and" whose clause already has a past-tense verb after its first actor
    ("Israel responded with air strikes on Lebanon and imposed a blockade"): the index of that
    first verb (its subject is the shared one), else None."""
    if m.noun or m.start < 2 or s.tokens[m.start - 1].lower not in _COORD or not before:
        return None
    toks = s.tokens
    for j in range(before[0].end, m.start - 1):
        w = toks[j]
        inside = any(x.start <= j < x.end for x in s.mentions)
        if not inside and w.text.islower() and w.text.isalpha() and w.lower.endswith("ed"):
            return j
    return None


_DETERMINERS = words("subject_determiners")


def _own_subject(s: Sentence, m: Match) -> bool:
    """The verb's clause has a subject of its own that names no actor: "a day after its
    parliament declared independence", "a swap agreed at talks" (a determiner and at most one
    more word right before the verb, auxiliaries skipped): the sentence's first actor is not
    its subject."""
    from timeline.events.discourse import cue_set

    end = s.tokens[m.end].text if m.end < len(s.tokens) else "."
    if m.trigger.cameo.startswith("01") and end in (".", ",", ";", "!", "?"):
        return False  # "..., a monitoring group said.": an attribution (discourse decides)
    aux = cue_set("aux")
    toks = s.tokens
    r, r_lo = _before_verb(s, m)
    if r == r_lo and r_lo > 0 and toks[r_lo].lower in _RELATIVE_SUBJECT:
        return True  # "met students who had marched": the antecedent, no actor, is the subject
    j = m.start - 1
    while j >= 0 and toks[j].lower in aux:
        j -= 1
    if j < 1 or not toks[j].text.isalpha() or not toks[j].text.islower():
        return False
    if toks[j].lower in _COORD_CLAUSE and not m.trigger.cameo.startswith("01"):
        # [actor.but_shared] "welcomed the truce but demanded ...": no subject of its own
        # (a statement after "but" stays an attribution the discourse decides)
        return False
    lo = s.clause_start(m.start)
    k = lo + 1 if toks[lo].text in (",", ";") else lo
    if lo > 0 and toks[k].lower in _COORD_CLAUSE and k < j:
        # ", and air force planes bombed ...": a main clause with a subject of its own; ",
        # and Nato aircraft bombed": a capitalised word no actor names, too
        # (actor.unnamed_own_subject)
        between = toks[k + 1 : j + 1]
        if all(
            t.text.isalpha()
            and (t.text.islower() or t.is_cap)
            and t.lower not in _AUX_BETWEEN
            and not t.lower.endswith("ly")
            for t in between
        ):
            return True
    return toks[j - 1].lower in _DETERMINERS or (j >= 2 and toks[j - 2].lower in _DETERMINERS
                                                 and toks[j - 1].text.islower())  # fmt: skip


_COORD_CLAUSE = words("coordinated_clause_words")
_AUX_BETWEEN = words("aux_between")
_NOT_VERB_AFTER_TO = words("noun_context") | words("compass_adjectives") | words("nominal_after_to")


_ING_NOUNS = words("ing_nouns")
_REDUCED_RELATIVE_PREPS = words("reduced_relative_prepositions")


_CLAIM_RELATIVES = words("claim_relative_words")
_ANONYMOUS_SPEAKERS = words("anonymous_speaker_nouns")
_NAMING_RULES = frozenset({"actor.alias", "actor.metonym", "actor.surname", "actor.title_name"})


def standing_claim(s: Sentence, m: Match) -> str | None:
    """The rule by which a present-tense speech verb ("says", "say") tells a standing claim,
    no act of saying (else None): [filter.relative_claim] in a relative clause ("For Berisha,
    whose party says it won 120 seats", "components that Washington says help Russia": opened
    by a word of ``claim_relative_words``; "that" only after a lower-case noun);
    [filter.anonymous_claim] said by an unnamed plural group ("Swedish officials say the
    radiation was detected", "Diplomats in Khartoum say the test will come": a word of
    ``anonymous_speaker_nouns`` before the verb in its clause, no actor named by name)."""
    from timeline.events.discourse import tense
    from timeline.events.stages import is_speech

    if not is_speech(m) or m.form not in (0, 1) or tense(s, m) != "present":
        return None
    toks = s.tokens
    lo = s.clause_start(m.start)
    while lo < m.start and not toks[lo].key:
        lo += 1
    if lo >= m.start:
        return None
    if any(t.lower in _ANONYMOUS_SPEAKERS for t in toks[lo : m.start]) and not any(
        x.rule in _NAMING_RULES or (x.entity is not None and x.entity.kind == "person")
        for x in s.mentions
        if lo <= x.start < m.start and x.is_actor
    ):
        return "filter.anonymous_claim"
    if toks[lo].lower not in _CLAIM_RELATIVES or not _claim_subject(s, lo, m):
        return None
    if toks[lo].lower != "that":
        return "filter.relative_claim"
    prev = toks[lo - 1] if lo > 0 else None
    verbs = {k for y in s.matches if not y.noun for k in range(y.start, y.end)}
    if prev is not None and prev.text.isalpha() and prev.text.islower() and lo - 1 not in verbs:
        return "filter.relative_claim"
    return None


def _claim_subject(s: Sentence, lo: int, m: Match) -> bool:
    """Between the relative word at ``lo`` and the speech verb only its subject: a name or
    determiner ("which Russia says", "whose Democratic Party says"; lower-case nouns after
    "whose": "whose party says") or nothing ("who say"); never a verb of its own ("others who
    oppose the boy's return say": "say" is the main clause's verb)."""
    toks = s.tokens
    between = [k for k in range(lo + 1, m.start) if toks[k].key]
    if len(between) > 4:
        return False
    named = {k for x in s.mentions for k in range(x.start, x.end)}
    whose = toks[lo].lower == "whose"
    return all(
        k in named or toks[k].is_cap or toks[k].lower in _APPOSITION_DETERMINERS or whose
        for k in between
    )


_CONTACT_DETERMINERS = words("contact_relative_determiners")


def contact_relative(s: Sentence, m: Match) -> bool:
    """(for report.attribution) "said the vote had fallen short of the standards Albania had
    promised to meet": a verb whose named subject follows a definite noun phrase with no
    "that" or comma between (a determiner of ``contact_relative_determiners``, at most two
    lower-case words) is a relative clause about that noun, not what a speech verb before it
    reports; the phrase must not be a speech verb's addressee ("told the nation Iran had")."""
    if m.noun:
        return False
    j, lo = _before_verb(s, m)
    x = next((x for x in s.mentions if x.is_actor and x.end == j + 1 and x.start > lo), None)
    if x is None or x.start < 3:
        return False
    toks = s.tokens
    dated = {k for t in s.timexes for k in range(len(toks)) if t.start <= toks[k].start < t.end}
    noun = x.start - 1
    if not (toks[noun].text.isalpha() and toks[noun].text.islower()) or noun in dated:
        return False
    d = next((d for d in range(noun - 1, max(lo, noun - 3) - 1, -1)
              if toks[d].lower in _CONTACT_DETERMINERS), None)  # fmt: skip
    if d is None or d < 1 or not all(t.text.isalpha() and t.text.islower() for t in toks[d:noun]):
        return False
    before = toks[d - 1]
    verbs = {k for y in s.matches if not y.noun for k in range(y.start, y.end)}
    return before.text.isalpha() and before.text.islower() and d - 1 not in verbs


def participle_after(s: Sentence, start: int, reduced: bool = True) -> int:
    """Where a participle clause begins after ``start`` ("signed an agreement returning Hong
    Kong to China", "accused Washington of prolonging the war"): a lower-case -ing word (not a
    noun such as "meeting", words list ``ing_nouns``) right before a name or a determiner;
    with ``reduced``, also a lower-case -ed word after a lower-case noun and before "to"/"by"
    (``reduced_relative_prepositions``: "a cargo ship linked to an Israeli businessman"), which
    ends an object but not the clause's place ("... in the Red Sea")."""
    toks = s.tokens
    for j in range(start, len(toks) - 1):
        w, nxt = toks[j], toks[j + 1]
        if (
            w.text.islower()
            and w.text.endswith("ing")
            and w.lower not in _ING_NOUNS
            and (nxt.is_cap or nxt.lower in _DETERMINERS)
        ):
            return j
        if (
            reduced
            and nxt.lower in _REDUCED_RELATIVE_PREPS
            and j > start
            and w.text.endswith("ed")
            and w.text.islower()
            and toks[j - 1].text.isalpha()
            and toks[j - 1].text.islower()
        ):
            return j  # "a cargo ship linked to an Israeli businessman", "a tanker owned by"
    return 10**9


def _infinitive_after(s: Sentence, start: int) -> int:
    """Where a "to"-infinitive begins after ``start`` ("urged the world to speed up the
    deployment of UN troops"): what follows it is the infinitive's, not the verb's object."""
    toks = s.tokens
    for j in range(start, len(toks) - 1):
        nxt = toks[j + 1]
        if (
            toks[j].lower == "to"
            and nxt.text.isalpha()
            and nxt.text.islower()
            and nxt.lower not in _NOT_VERB_AFTER_TO
        ):
            return j
    return 10**9


def _object_pronoun(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "congratulated him": an object pronoun right after the verb is the latest person
    named before it (in this sentence or the article) who is not the verb's subject (rule
    actor.object_pronoun)."""
    j = m.end
    toks = s.tokens
    if j < len(toks) and toks[j].lower in _STATE_OBJECT_PRONOUNS:
        return _state_object_pronoun(s, m, source, evidence)
    if j < len(toks) and s.disc is not None and m.trigger.roles == 0 and not m.noun:
        # "Police arrested them": the latest group subject (coref.them_group); "detained more
        # than 1,000 of them": past a count and "of" (words list partitive_counts)
        k = _partitive_them(toks, j)
        names = frozenset(x.entity.name for x in source if x.entity is not None)
        group = _clause_group(s, m, k, names) or s.disc.resolve_object(toks[k].lower, s, k, names)
        if group is not None:
            j = k
            if evidence is not None:
                evidence.append(f"actor.object_pronoun: '{toks[j].text}' = {group[0].name} "
                                f"({group[1]})")  # fmt: skip
            return Mention(j, j + 1, toks[j].text, group[0], None, "actor.object_pronoun")
    if j >= len(toks) or toks[j].lower not in _OBJECT_PRONOUNS:
        return None
    if toks[j].lower == "her" and j + 1 < len(toks) and toks[j + 1].text.isalpha():
        if toks[j + 1].lower not in _AFTER_OBJECT:
            return None  # "her visit": a possessive, not an object
    subjects = {x.entity for x in source}
    here = [x.entity for x in s.mentions if x.is_actor and x.end <= m.start]
    people = [e for e in [*s.earlier_people, *here] if e is not None and e.kind == "person"]
    for ent in reversed(people):
        if ent not in subjects:
            if evidence is not None:
                evidence.append(
                    f"actor.object_pronoun: '{toks[j].text}' = {ent.name} (the latest person "
                    "named before it who is not the subject)"
                )
            return Mention(j, j + 1, toks[j].text, ent, None, "actor.object_pronoun")
    return None


_PARTITIVE_COUNTS = words("partitive_counts")


def _shared_them(
    s: Sentence,
    m: Match,
    shared: Match | None,
    source: list[Mention],
    evidence: list[str] | None,
) -> list[Mention]:
    """[actor.shared_them] "met the prime ministers of Greece and Turkey and urged them to
    resume talks", "Annan, who hosted the two leaders, praised them": "them" right after a
    verb is the two or more other actors of the latest earlier event of the same sentence
    whose doers include this verb's subject (the verb "and" joins it to, when there is one);
    nothing when it has fewer ("met Xi and urged them": no one)."""
    toks, j = s.tokens, m.end
    if s.disc is None or j >= len(toks) or toks[j].lower != "them" or not source:
        return []
    ev = next((e for e in reversed(s.disc.events) if e.sentence_start == s.start), None)
    if ev is None or (
        shared is not None and ev.trigger.lower().split()[:1] != [toks[shared.start].lower]
    ):
        return []
    subjects = {x.entity.name for x in source if x.entity is not None}
    if not subjects <= {a.name for a in ev.actors if a.role in ("source", "participant")}:
        return []  # another subject: not the same actor going on
    others = [a for a in ev.actors if a.role in ("target", "participant") and a.name not in
              subjects]  # fmt: skip
    if len(others) < 2 or len(others) == len(ev.actors):
        return []  # "X and Y met and urged them": no subject of the first verb left out
    if evidence is not None:
        names = ", ".join(a.name for a in others)
        evidence.append(f"actor.shared_them: '{toks[j].text}' = {names} (the others of "
                        f"{ev.trigger!r} in this sentence)")  # fmt: skip
    return [Mention(j, j + 1, toks[j].text, Entity(a.name, a.kind, a.country, a.aliases), None,
                    "actor.shared_them", code=a.code) for a in others]  # fmt: skip


def _clause_group(
    s: Sentence, m: Match, j: int, subjects: frozenset[str]
) -> tuple[Entity, str] | None:
    """[coref.them_group] "Navalny's supporters poured into Moscow, and police detained more
    than 1,000 of them": "them" is the group opening an earlier clause of its own sentence."""
    if _toks_lower(s, j) != "them":
        return None
    for x in reversed([x for x in s.mentions if x.is_actor and x.end <= m.start]):
        ent = x.entity
        if ent is None or ent.kind != "group" or ent.name in subjects:
            continue
        if x.start == s.clause_start(x.start) and s.clause[x.start] != s.clause[m.start]:
            return ent, "coref.them_group: the group opening an earlier clause of its sentence"
    return None


def _toks_lower(s: Sentence, j: int) -> str:
    return s.tokens[j].lower if j < len(s.tokens) else ""


def _partitive_them(toks: list, j: int) -> int:
    """The "them" of "more than 1,000 of them", "hundreds of them" at ``j``, else ``j``."""
    k = j
    while k < min(len(toks), j + 7) and (
        toks[k].lower in _PARTITIVE_COUNTS
        or toks[k].text.replace(",", "").isdigit()
        or (toks[k].text == "," and k > j and toks[k - 1].text.isdigit())  # "1,000"
    ):
        k += 1
    if k > j and k + 1 < len(toks) and toks[k].lower == "of" and toks[k + 1].lower == "them":
        return k + 1
    return j


_STATE_OBJECT_PRONOUNS = words("state_object_pronouns")
_LABEL_OPENERS = frozenset({"a", "an", "the"})


def _state_object_pronoun(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.object_pronoun_state] "after Washington accused it of running a secret
    programme": "it" right after the verb is the last state or organisation that was the
    subject of an event in the article, when that is not the verb's subject; "called it a
    step" (a label follows: the pronoun names an act) and a trigger with no object role are
    left alone."""
    toks, j = s.tokens, m.end
    if s.disc is None or m.trigger.roles != 0 or m.noun:
        return None
    if j + 1 < len(toks) and toks[j + 1].lower in _LABEL_OPENERS:
        return None
    head = participial_head(s, m)
    if head is not None:
        # [actor.participial_object] "ordered an offensive against the TPLF, accusing it of
        # ...": "it" is the target of the act the adjunct belongs to (none: no target)
        objs = find_actors(s, head, False)[3]
        if not objs:
            return None
        x = objs[-1]
        if evidence is not None:
            evidence.append(f"actor.participial_object: '{toks[j].text}' = {x.text}")
        return Mention(j, j + 1, toks[j].text, x.entity, None, "actor.participial_object")
    ent = s.disc.last_state
    if ent is None or any(
        x.entity is ent or (x.entity and x.entity.name == ent.name) for x in source
    ):
        return None
    if evidence is not None:
        evidence.append(
            f"actor.object_pronoun_state: '{toks[j].text}' = {ent.name} (the last state or "
            "organisation that was the subject of an event, not the subject here)"
        )
    return Mention(j, j + 1, toks[j].text, ent, None, "actor.object_pronoun_state")


def _organ_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Japan urged the army to release her": "the army/military/police" right after the verb,
    naming no one, is the state whose organ of that kind (``organ_anaphor_nouns``: "army=MIL")
    was the latest actor of an earlier event of the article, when that state is not the verb's
    subject (rule actor.organ_object); nothing when there is none."""
    toks = s.tokens
    j = m.end
    if j + 1 >= len(toks) or toks[j].lower != "the" or s.disc is None:
        return None
    suffix = _ORGAN_NOUNS.get(toks[j + 1].lower)
    if not suffix or any(x.start <= j + 1 < x.end for x in s.mentions):
        return None
    if j + 2 < len(toks) and toks[j + 2].text.isalpha() and toks[j + 2].lower not in _AFTER_OBJECT:
        return None  # "the army chief", "the military junta": a longer phrase
    from timeline.events.lexicon import lexicon

    lex = lexicon()
    subjects = {x.entity.name for x in source if x.entity is not None}
    for ev in reversed(s.disc.events):
        for a in ev.actors:
            if a.kind != "country" or not a.code or a.name in subjects:
                continue
            iso = lex.country_iso3.get(a.name, "")
            ent = lex.countries.get(a.name)
            if ent is None or not iso or a.code != f"{iso}{suffix}":
                continue
            text = f"{toks[j].text} {toks[j + 1].text}"
            if evidence is not None:
                evidence.append(f"actor.organ_object: '{text}' = {a.name} (the latest state "
                                f"whose {toks[j + 1].lower} acted in the article)")  # fmt: skip
            return Mention(j, j + 2, text, ent, None, "actor.organ_object", code=a.code)
    return None


def _on_behalf(s: Sentence, x: Mention) -> bool:
    """ "brought the case on behalf of the Organisation of Islamic Cooperation": the principal
    an act is done for is not its target."""
    if x.start < 3 or s.tokens[x.start - 1].lower not in ("of", "the"):
        return False
    words_ = [t.lower for t in s.tokens[max(0, x.start - 4) : x.start]]
    if words_ and words_[-1] == "the":
        words_ = words_[:-1]
    return words_[-3:] == ["on", "behalf", "of"]


_PARTNER_WORDS = words("partner_prepositions")


def _partner(s: Sentence, m: Match, x: Mention) -> bool:
    """[actor.partner_not_target] "would go ahead with the sanctions alongside Western Europe
    and Japan": an actor after a word of ``partner_prepositions`` ("alongside", "together
    with"), within six tokens before it and after the trigger's object, acts with the source;
    it is not the target."""
    lo = max(m.obj_end, x.start - 6)
    toks = s.tokens
    for j in range(lo, x.start):
        low = toks[j].lower
        if low in _PARTNER_WORDS or (
            low == "with" and j > 0 and f"{toks[j - 1].lower} with" in _PARTNER_WORDS
        ):
            return True
    return False


_CROWD_NOUNS = words("crowd_anaphor_nouns")


def _crowd_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Riot police fired tear gas at the crowd": "the crowd" (``crowd_anaphor_nouns``) within
    four tokens after the verb or its object, in its clause, naming no one, is the source of
    the article's latest protest (CAMEO 14) that is not the verb's subject (rule
    actor.crowd_object); nothing when the article reported no protest."""
    toks = s.tokens
    if s.disc is None or _CROWD_NOUNS.isdisjoint(t.lower for t in toks[m.end :]):
        return None
    clause = s.clause[m.start]
    start = max(m.end, m.obj_end)
    for j in range(start, min(len(toks) - 1, start + 4)):
        if s.clause[j] != clause:
            return None
        if toks[j].lower != "the" or toks[j + 1].lower not in _CROWD_NOUNS:
            continue
        if any(x.start <= j + 1 < x.end for x in s.mentions):
            return None
        subjects = {x.entity.name for x in source if x.entity is not None}
        for ev in reversed(s.disc.events):
            if ev.type != "14":
                continue
            a = next((a for a in ev.actors if a.role == "source"), None)
            if a is None or a.kind == "person" or a.name in subjects:
                return None
            text = f"{toks[j].text} {toks[j + 1].text}"
            if evidence is not None:
                evidence.append(f"actor.crowd_object: '{text}' = {a.name} (the source of the "
                                "article's latest protest)")  # fmt: skip
            ent = Entity(a.name, a.kind, a.country)
            return Mention(j, j + 2, text, ent, None, "actor.crowd_object", code=a.code)
        return None
    return None


_MISSION_NOUNS = words("mission_nouns")


def _mission_owner(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.mission_owner] "Riyadh broke off relations after protesters stormed its embassy
    in Tehran": "its" + a diplomatic mission noun (``mission_nouns``) right after the verb is the
    mission of the last state that was the subject of an event (not this verb's subject)."""
    toks, j = s.tokens, m.end
    if s.disc is None or j + 1 >= len(toks) or toks[j].lower != "its":
        return None
    if toks[j + 1].lower not in _MISSION_NOUNS:
        return None
    ent = s.disc.last_state
    if (
        ent is None
        or ent.kind != "country"
        or any(x.entity is not None and x.entity.name == ent.name for x in source)
    ):
        return None
    if evidence is not None:
        evidence.append(f"actor.mission_owner: 'its {toks[j + 1].text}' = the {toks[j + 1].text} "
                        f"of {ent.name} (the last state subject)")  # fmt: skip
    return Mention(j, j + 2, f"its {toks[j + 1].text}", ent, None, "actor.mission_owner")


_PURPOSE_ROOTS = words("purpose_object_roots")
_PURPOSE_VERBS = words("purpose_verbs")
_PURPOSE_SKIP = words("purpose_skip_words")


def _purpose_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.purpose_object] "riot police used pepper spray and water cannon to clear
    protesters from the entrance": a coercive or violent act (roots ``purpose_object_roots``)
    with no object of its own is aimed at the object of its purpose infinitive ("to" and a
    verb of ``purpose_verbs``, in its clause): an actor named there, else a non-state agent
    phrase ("protesters", "opposition supporters") of the subject's own state."""
    from timeline.events.actors import _agent_at, _agent_entity

    toks, clause = s.tokens, s.clause[m.start]
    if m.trigger.cameo[:2] not in _PURPOSE_ROOTS or not source or source[0].entity is None:
        return None
    j = next(
        (j for j in range(m.obj_end, min(len(toks) - 2, m.obj_end + 6))
         if toks[j].lower == "to" and toks[j + 1].lower in _PURPOSE_VERBS),
        None,
    )  # fmt: skip
    if j is None or s.clause[j] != clause:
        return None
    k = j + 2
    while k < len(toks) and k < j + 6 and toks[k].lower in _PURPOSE_SKIP:
        k += 1  # "to break up the crowds", "to disperse hundreds of protesters"
    if k >= len(toks) or s.clause[k] != clause:
        return None
    x = next((x for x in s.mentions if x.start == k and x.is_actor and not x.possessive), None)
    own = source[0].entity.state
    if x is None and own is not None and own in (lex := lexicon()).countries:
        hit = _agent_at(toks, k)
        if hit is not None and hit[2][:3] not in _STATE_ORGANS:
            ent, code = _agent_entity(lex, hit[1], hit[2], own)
            x = Mention(k, hit[0], _words(toks, k, hit[0]), ent, None, "actor.purpose_object",
                        code=code)  # fmt: skip
    if x is None or x.entity is None or x.entity.name == source[0].entity.name:
        return None
    if evidence is not None:
        evidence.append(f"actor.purpose_object: {x.text!r} = {x.entity.name}, the object of "
                        f"'to {toks[j + 1].text}', the act's purpose")  # fmt: skip
    return x


_STATE_ORGANS = words("purpose_state_organs")
_BODY_NOUNS = words("body_anaphor_nouns")


def _body_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Myanmar rejected the court's findings": "the court('s)" right after the verb, naming
    no one, is the latest actor of an earlier event of the article whose name holds that word
    ("International Court of Justice"; words list ``body_anaphor_nouns``), when it is not the
    verb's subject (rule actor.body_object); none, no target."""
    toks = s.tokens
    j = m.end
    if j + 1 >= len(toks) or toks[j].lower != "the" or s.disc is None:
        return None
    word = toks[j + 1].lower
    if word not in _BODY_NOUNS or any(
        x.start <= j + 1 < x.end and x.rule not in CONTEXT_AGENT_RULES for x in s.mentions
    ):  # a bare "court" of the place's state is only a guess: the named court wins
        return None
    subjects = {x.entity.name for x in source if x.entity is not None}
    lex = lexicon()
    for ev in reversed(s.disc.events):
        for a in ev.actors:
            if a.name in subjects or word not in a.name.lower().split():
                continue
            ent = lex.entity(a.name)
            if ent is None or ent.kind not in ("organization", "group"):
                continue
            end = j + 3 if j + 2 < len(toks) and toks[j + 2].is_possessive else j + 2
            text = " ".join(t.text for t in toks[j:end])
            if evidence is not None:
                evidence.append(f"actor.body_object: '{text}' = {a.name} (the latest actor "
                                f"named '{word}' in the article)")  # fmt: skip
            return Mention(j, end, text, ent, None, "actor.body_object")
    return None


def _implicit_object(
    s: Sentence,
    m: Match,
    source: list[Mention],
    usable: list[Mention],
    stop: int,
    evidence: list[str] | None,
) -> tuple[list[Mention], list[Mention]]:
    """The object of an active verb with two roles that names none in its clause, from the
    article or the sentence (organs, "the court", crowds, a possessor, a "that" subject, a
    pair, a name after "for"), in that order; and ``usable`` with it where it is new."""
    organ = _mission_owner(s, m, source, evidence)
    organ = organ or _organ_object(s, m, source, evidence)
    organ = organ or _government_object(s, m, source, evidence)
    organ = organ or _body_object(s, m, source, evidence)
    organ = organ or _crowd_object(s, m, source, evidence)
    organ = organ or _purpose_object(s, m, source, evidence)
    if organ is not None:
        return [organ], [*usable, organ]
    owner = _possessor_object(s, m, usable, stop, bool(source))
    if owner is not None:
        return [owner], usable
    if m.trigger.cameo[:2] in _ASKING or m.trigger.id in _THAT_ACCUSED:
        # "demanded that the Soviet Union explain"; "charged that Washington was using the
        # crisis": the one asked, or the one accused, is the target
        that = _that_subject(s, m, usable, evidence)
        if that is not None:
            return [that], usable
    after = _pair_object(s, m, source, evidence) or _named_for(s, m, evidence)
    if not after:
        nation = _nation_object(s, m, source, stop, evidence)
        nation = nation or _unlisted_name_object(s, m, stop, evidence)
        nation = nation or _counted_object(s, m, source, stop, evidence)
        after = [nation] if nation is not None else []
    if not after and m.trigger.id in _DYAD_TRIGGERS:
        dyad = _dyad_object(s, m, source, evidence)
        after = [dyad] if dyad is not None else []
    return after, [*usable, *after]


_COUNT_WORDS = words("counted_object_counts")
_COUNTED_NOUNS = words("counted_object_nouns")
_COUNT_NUMBERS = words("counted_object_numbers")
_COUNTED_SKIP_ROOTS = words("counted_object_skip_roots")
_PARTITIVE_DETERMINERS = words("partitive_determiners")
_AGENT_QUANTIFIERS = words("agent_quantifiers")


def _counted_object(
    s: Sentence, m: Match, source: list[Mention], stop: int, evidence: list[str] | None
) -> Mention | None:
    """[actor.counted_object] "police detained 23 people in Cairo", "expelled 15 aid
    workers", "freed some 70 political prisoners": a counted group of people (a number, words
    list ``counted_object_numbers``, with the words around it, ``counted_object_counts``,
    then at most three modifiers and a person noun, ``counted_object_nouns``) right after the
    verb or its own object words is the verb's target: the group of the sentence's place's
    country, else of the subject's; not for violence (words list
    ``counted_object_skip_roots``)."""
    from timeline.events.actors import _COUNTED_PEOPLE, _agent_entity, _agents

    toks = s.tokens
    if m.trigger.cameo[:2] in _COUNTED_SKIP_ROOTS:
        return None  # "killed three people in Gaza": the place's state (stages), as before
    j = max(m.end, m.obj_end)
    hi = min(stop, len(toks), j + 7)
    if j >= hi or not _is_count_word(toks[j].lower) or s.clause[j] != s.clause[m.start]:
        return None
    k = j
    while k < hi and (
        _is_count_word(toks[k].lower)
        or (toks[k].text == "," and k + 1 < hi and toks[k + 1].text.isdigit() and k > j)
    ):  # "50,000" is three tokens
        k += 1
    if not any(_is_number(t.lower) for t in toks[j:k]):
        return None  # "agreed to restore staff": no count
    head = next((h for h in range(k, min(hi, k + 4)) if toks[h].lower in _COUNTED_NOUNS), None)
    if head is None or any(not toks[h].text.replace("-", "").isalpha() for h in range(k, head)):
        return None
    if any(toks[h].lower in _PARTITIVE_DETERMINERS for h in range(k, head)):
        return None  # "detained several of their leaders": a group named before, no new one
    if toks[head].lower in _COUNTED_PEOPLE and all(
        toks[h].lower in _AGENT_QUANTIFIERS for h in range(j, k)
    ):
        return None  # "detained several people": a bare quantifier makes agent groups only
    if any(x.start <= head and j < x.end for x in s.mentions) or (
        head + 1 < len(toks) and toks[head + 1].is_possessive
    ):
        return None  # "detained two Chinese nationals": the demonym's own group, found before
    country = next(
        (x.place.country for x in s.mentions if x.place is not None and x.place.country), None
    ) or next((st for x in source if x.entity is not None and (st := x.entity.state)), None)
    lex = lexicon()
    if country is None or country not in lex.countries:
        return None
    noun = toks[head].lower
    iso = lex.country_iso3.get(country, "")
    table = _agents()[0]
    phrase = next(
        (p for p in (" ".join(t.lower for t in toks[h : head + 1]) for h in (head - 1, head))
         if p in table),
        None,
    )  # fmt: skip
    if noun in _COUNTED_PEOPLE:
        ent = Entity(f"{_COUNTED_PEOPLE[noun]} ({country})", "group", country)
        full: str | None = f"{iso}CVL" if iso else None
    elif phrase is not None:  # "political prisoners" (OPP), "officers" (the state's MIL)
        ent, full = _agent_entity(lex, phrase, table[phrase], country)
    else:
        ent, full = Entity(f"{noun} ({country})", "group", country), None
    j += toks[j].lower == "to"  # "opened its borders to some 50,000 refugees"
    text = " ".join(t.text for t in toks[j : head + 1])
    if evidence is not None:
        evidence.append(f"actor.counted_object: '{text}' = {ent.name} (a counted group, the "
                        "verb's object)")  # fmt: skip
    return Mention(j, head + 1, text, ent, None, "actor.counted_object", code=full)


def _is_number(word: str) -> bool:
    return word.replace(",", "").isdigit() or word in _COUNT_NUMBERS


def _is_count_word(word: str) -> bool:
    return _is_number(word) or word in _COUNT_WORDS


_UNLISTED_OBJECT_PREPS = words("unlisted_object_prepositions")
_UNLISTED_NAME_FOLLOWERS = words("unlisted_name_followers")


def _unlisted_name_object(
    s: Sentence, m: Match, stop: int, evidence: list[str] | None
) -> Mention | None:
    """[actor.unlisted_object] "convicted Parmalat", "found Rinaldi guilty", "freed Tsikhan
    Harbunou", "opened an investigation into Hanjin": a run of capitalised words (a name the
    lexicon lacks, no place) right after the verb and its own object words, or after "into" /
    "against" there (words list ``unlisted_object_prepositions``), is the verb's object; the
    actor is the name as written, with no country and no code."""
    from timeline.events.actors import _NAME_STOP, _name_run, _time_name

    toks = s.tokens
    q = m.end  # "found Rinaldi guilty": inside the trigger's object slot
    if q >= len(toks) or not toks[q].is_cap:
        q = max(m.end, m.obj_end)
        if q < len(toks) and toks[q].lower in _UNLISTED_OBJECT_PREPS:
            q += 1
    if not 0 < q < min(stop, len(toks)) or s.clause[q] != s.clause[m.start]:
        return None
    if not toks[q].is_cap or toks[q].key in _NAME_STOP or _time_name(toks, q):
        return None
    end = min(_name_run(toks, q), stop)
    if end <= q or any(x.start < end and q < x.end for x in s.mentions):
        return None  # a known actor or place, a venue: not an unlisted name
    if end < len(toks) and (toks[end].is_possessive or toks[end].is_cap):
        return None  # "convicted Parmalat's chief", a longer name the run cut
    if _described_no_actor(s, end):
        return None
    if "-" in toks[end - 1].text and toks[end - 1].text.rsplit("-", 1)[1].islower():
        return None  # "joined NATO-led patrols": an adjective, no name
    if end < min(len(toks), m.obj_end) or end >= len(toks) or not toks[end].text.isalpha():
        pass  # "found Rinaldi guilty" (the trigger's slot), "freed Tsikhan Harbunou,"
    elif toks[end].lower not in _UNLISTED_NAME_FOLLOWERS:
        return None  # "appealed to Western leaders": a word describing a noun, no name
    text = " ".join(t.text for t in toks[q:end])
    lex = lexicon()
    known = lex.surnames.get(toks[q].key, []) if end - q == 1 else [text]
    ent = lex.people.get(known[0]) if len(known) == 1 else None  # "congratulated Trump"
    ent = ent or Entity(text, "person" if end - q >= 2 else "organization", None)
    if _exchanged_for(s, m, Mention(q, end, text, ent)):
        return None
    if evidence is not None:
        evidence.append(f"actor.unlisted_object: '{text}' (a name the lexicon lacks, the "
                        "verb's object)")  # fmt: skip
    return Mention(q, end, text, ent, None, "actor.unlisted_object")


_DYAD_TRIGGERS = words("dyad_object_triggers")


def _dyad_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.dyad_object] "Riyadh broke off relations in January 2016" with no partner named
    (words list ``dyad_object_triggers``): the other state of the latest earlier event of the
    article between the subject's state and exactly one other state ("Saudi Arabia and Iran
    announced that they would restore relations": Iran)."""
    if s.disc is None or not source or source[0].entity is None:
        return None
    own = source[0].entity.state
    if own is None:
        return None
    for ev in reversed(s.disc.events):
        states = {st for a in ev.actors if (st := a.state) is not None}
        if own not in states or len(states) != 2:
            continue
        (other,) = states - {own}
        ent = lexicon().entity(other)
        if ent is None or ent.kind != "country":
            return None
        k = m.obj_end - 1
        if evidence is not None:
            evidence.append(f"actor.dyad_object: no partner named; {other} is the other state "
                            f"of the latest {ev.label!r} ({ev.trigger!r}) with {own}")  # fmt: skip
        return Mention(k, k + 1, s.tokens[k].text, ent, None, "actor.dyad_object")
    return None


def _nation_object(
    s: Sentence, m: Match, source: list[Mention], stop: int, evidence: list[str] | None
) -> Mention | None:
    """[actor.nation_object] "sent police to Haiti, days after the Council approved a mission
    for the Caribbean nation": "the (<adjective>) nation/country" in the verb's object is the
    last country named before it in the sentence that is not the verb's subject."""
    toks, clause = s.tokens, s.clause[m.start]
    hi = min(stop, len(toks) - 1, m.obj_end + 6)
    k = next(
        (k for k in range(m.end, hi)
         if toks[k].lower == "the" and s.clause[k] == clause
         and (toks[k + 1].lower in _COUNTRY_NOUNS
              or (k + 2 < len(toks) and toks[k + 2].lower in _COUNTRY_NOUNS
                  and toks[k + 1].text.isalpha()))),
        None,
    )  # fmt: skip
    if k is None:
        return None
    end = k + 2 if toks[k + 1].lower in _COUNTRY_NOUNS else k + 3
    if end < len(toks) and (toks[end].is_possessive or toks[end].lower == "of"):
        return None  # "the country's foreign minister", "the nation of Haiti"
    subjects = {x.entity.name for x in source if x.entity is not None}
    earlier = [
        x for x in s.mentions
        if x.is_actor and x.end <= m.start and x.entity is not None
        and x.entity.kind == "country" and x.entity.name not in subjects
    ]  # fmt: skip
    if not earlier:
        return None
    ent = earlier[-1].entity
    assert ent is not None
    text = " ".join(t.text for t in toks[k:end])
    if evidence is not None:
        evidence.append(f"actor.nation_object: '{text}' = {ent.name} (the last country named "
                        "before it in the sentence)")  # fmt: skip
    return Mention(k, end, text, ent, None, "actor.nation_object")


def _bodies(
    s: Sentence,
    usable: list[Mention],
    source: list[Mention],
    after: list[Mention],
    evidence: list[str] | None,
) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """``usable``, ``source`` and ``after`` with "the court" replaced by the court the article
    named (``_body_anaphor``), on either side of the verb."""
    bodies = {id(x): _body_anaphor(s, x, evidence) for x in usable}
    if not any(bodies.values()):
        return usable, source, after
    usable = [bodies.get(id(x)) or x for x in usable]
    return usable, [bodies.get(id(x)) or x for x in source], [bodies.get(id(x)) or x for x in after]


def _body_anaphor(s: Sentence, x: Mention, evidence: list[str] | None) -> Mention | None:
    """ "The International Criminal Court issued a warrant ... The court also issued ...",
    "Beijing urged the court": "the court" (words list ``body_anaphor_nouns``) that only the
    place's or the article's state gave an actor (actor.agent_context, actor.article_organ), as
    subject or object, is the latest organisation of an earlier event of the article whose name
    holds that word (rule actor.body_anaphor); else None."""
    toks = s.tokens
    first = x.start if toks[x.start].lower == "the" else x.start - 1  # "the" outside or in it
    if (
        x.rule not in CONTEXT_AGENT_RULES
        or first < 0
        or x.end - first != 2
        or toks[first].lower != "the"
        or toks[x.end - 1].lower not in _BODY_NOUNS
        or s.disc is None
    ):
        return None
    word = toks[x.end - 1].lower
    lex = lexicon()
    for ev in reversed(s.disc.events):
        for a in ev.actors:
            if word not in a.name.lower().split():
                continue
            ent = lex.entity(a.name)
            if ent is None or ent.kind not in ("organization", "group"):
                continue
            if evidence is not None:
                evidence.append(f"actor.body_anaphor: '{x.text}' = {a.name} (the latest actor "
                                f"named '{word}' in the article)")  # fmt: skip
            return Mention(x.start, x.end, x.text, ent, None, "actor.body_anaphor")
    return None


_GOVERNMENT_ADJECTIVES = words("government_adjectives")
_CRITICS = words("government_critics")


def _government_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Opposition leader Kim Young-sam accused the government", "urged the new government":
    "the (new|interim ...) government" right after the verb, naming no one, is the government
    of the subject's own country when every subject is a non-state group or named by a word of
    ``government_critics`` ("opposition leader"), of one country (rule actor.government_object);
    a state or an official as subject ("Blinken urged the government") gets none."""
    toks = s.tokens
    j = m.end
    if j + 1 >= len(toks) or toks[j].lower != "the" or not source:
        return None
    k = j + 1
    while k < len(toks) and toks[k].lower in _GOVERNMENT_ADJECTIVES:
        k += 1
    if k >= len(toks) or toks[k].lower != "government":
        return None
    if any(x.start <= k < x.end for x in s.mentions):
        return None
    nxt = toks[k + 1].lower if k + 1 < len(toks) else "."
    of_ing = nxt == "of" and k + 2 < len(toks) and toks[k + 2].lower.endswith("ing")
    if nxt.isalpha() and nxt not in _AFTER_OBJECT and not of_ing:
        return None  # "the government forces", "the government of Syria" ("of using": kept)
    countries = {
        x.entity.country
        if x.entity is not None
        and (x.entity.kind == "group" or _CRITICS.intersection(x.text.lower().split()))
        else None
        for x in source
    }
    if len(countries) != 1 or None in countries:
        return None
    lex = lexicon()
    name = countries.pop()
    ent = lex.countries.get(name or "")
    iso = lex.country_iso3.get(name or "", "")
    if ent is None or not iso:
        return None
    text = " ".join(t.text for t in toks[j : k + 1])
    if evidence is not None:
        evidence.append(f"actor.government_object: '{text}' = {ent.name} (the subject's own "
                        f"country)")  # fmt: skip
    return Mention(j, k + 1, text, ent, None, "actor.government_object", code=f"{iso}GOV")


_ASKING = words("asking_roots")
_THAT_ACCUSED = words("that_accused_triggers")
_THAT_OWNER = words("that_owner_triggers")


def _possessor_object(
    s: Sentence, m: Match, usable: list[Mention], stop: int, persons: bool = False
) -> Mention | None:
    """ "voted to ratify Sweden's bid", "condemned Russia's invasion": a state or
    organisation owning the verb's object right after it (a determiner may come first) is the
    target when nothing else is (rule actor.possessor_object); with ``persons`` (the verb has
    a subject) a person too (:func:`_owned_act`)."""
    j = m.end + (m.end < len(s.tokens) and s.tokens[m.end].lower in ("the", "a", "an"))
    x = next((x for x in usable if x.start == j and x.possessive and x.start < stop), None)
    if x is None or x.entity is None or x.entity.kind not in ("country", "organization", "person"):
        return None
    if x.entity.kind == "person" and not (persons and _owned_act(s, x)):
        return None
    return x


_OWNER_PERSON_NOUNS = words("owner_not_doer_nouns")


def _owned_act(s: Sentence, x: Mention) -> bool:
    """[actor.possessor_person] "condemned Putin's decision", "rejected President Obama's
    budget": a person owns the verb's object (his act, his plan), unless the object
    is a person of his (a title, "Trump's lawyer") or what was done to him ("Floderus's
    release"): words list ``owner_not_doer_nouns``."""
    toks = s.tokens
    k = x.end + 1  # past "'s"
    for j in range(k, min(k + 3, len(toks))):
        if toks[j].lower in _OWNER_PERSON_NOUNS or _title_at(lexicon(), toks, j) is not None:
            return False
        if not toks[j].text.isalpha() or not toks[j].text.islower():
            break
    return k < len(toks) and toks[k].text.isalpha()


def _that_subject(
    s: Sentence, m: Match, usable: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """ "Sweden today demanded that the Soviet Union explain ...": the subject of the "that"
    clause after a demand or an appeal (roots of ``asking_roots``; at most three words between,
    no actor among them) is the one asked, its target (rule actor.that_subject)."""
    toks = s.tokens
    j = m.end
    while j < len(toks) and j - m.end < 3 and toks[j].lower != "that" and toks[j].key:
        j += 1
    if j >= len(toks) or toks[j].lower != "that":
        return None
    if any(m.end <= x.start < j for x in usable):
        return None
    k = j + 1 + (j + 1 < len(toks) and toks[j + 1].lower == "the")
    owner = m.trigger.id in _THAT_OWNER  # "ruled that Beijing's claim had no basis": Beijing
    x = next((x for x in usable if x.start == k and (owner or not x.possessive)), None)
    if x is not None and evidence is not None:
        evidence.append(f"actor.that_subject: '{x.text}' is asked or accused by '{m.trigger.id}'")
    return x


_OBJECT_PRONOUNS = words("object_pronouns")
_AFTER_OBJECT = words("after_object_pronoun")


def find_actors(
    s: Sentence, m: Match, passive: bool, evidence: list[str] | None = None
) -> tuple[list[ActorRef], list[str], list[Mention], list[Mention]]:
    trig = m.trigger
    usable = _after_dateline(s, [x for x in s.mentions if x.is_actor and not x.quoted])
    rules: list[str] = []
    source: list[Mention] = []
    target: list[Mention] = []
    if m.noun:
        source, target = _noun_actors(s, m, usable)
        if not source and not target:
            return [], [], [], []
        rules.append("actor.attached_to_noun")
    else:
        before = _subject_candidates(s, m, usable, rules)
        shared = _coordinated_verb(s, m)
        head = _participial_subject(s, m, usable, rules)
        if head is not None:  # "met Xi on Friday, urging China to ...": the subject of "met"
            before = head
        elif shared is not None:  # "met Bush in New York and urged ...": the first verb's subject
            before = [x for x in before if x.end <= shared.start]
        else:
            first = _first_verb_before_and(s, m, before)
            if first is not None:  # "responded with strikes on Lebanon and imposed ...": the
                before = [x for x in before if x.end <= first]  # subject of the first verb
        stop, inf = _object_stop(s, m)
        after = _after_verb(s, m, usable, stop, inf)
        after = _goal_objects(s, m, after)  # "arrived in Lahore aboard the Delhi-Lahore bus"
        # "Wang Yi, who warned", "diplomats it accused": the subject of a relative clause
        before, after, relative = _relative_subject(s, m, usable, before, after, evidence, rules)
        pair = _pair_subject(s, m, before, relative, evidence)
        if pair is None:
            return _unresolved_pair_objects(s, m, after, evidence)
        before = pair or before
        pronoun = None if before else _shared_pronoun(s, m, shared, evidence)
        nearer = _nearer_anaphor(s, m, before, evidence) if before and not relative else None
        if nearer is not None:  # "Malmstrom said the bloc would impose": the bloc imposes
            before, pronoun = [], nearer
        if before and relative:
            source = before
        elif before:
            source = _list_left(s, usable, _chain_left(s, before, len(before) - 1))
            source = _possessive_state(s, source, usable, evidence)
            rules.append("actor.shared_subject" if shared else "actor.clause_subject")
        elif pronoun is not None:
            source = [pronoun]
            rules.append("actor.pronoun")
        source = _apposed_source(s, m, usable, source, rules)
        co = _coordinated_pronoun(s, source, usable, evidence) if source else None
        if co is not None:  # "where he and Marape hosted a summit": he, too
            source = [co, *source]
            rules.append("actor.coordinated_pronoun")
        if not source:
            earlier = _outside_allegiance(s, [x for x in usable if x.end <= m.start])
            lead = _leading_pronoun(s, earlier, shared, evidence)
            if lead is not None:  # "He addressed the Knesset and called for ...": he, not it
                source = [lead]
                rules.append("actor.pronoun")
            elif (opening := opening_apposed_speaker(s, m, evidence)) is not None:
                source = [opening]  # "Vida Mehrannia, the wife of a jailed doctor, said"
                rules.append("actor.apposed_speaker")
            elif passive and (opening := _opening_unlisted(s, m, evidence)) is not None:
                source = [opening]  # "The activist Lena Petrova was detained"
                rules.append("actor.unlisted_subject")
            elif earlier and not _own_subject(s, m):
                source = _chain_right(s, earlier, 0)
                rules.append("actor.sentence_subject")
            elif after and after_quotation(s, m):
                source = [after.pop(0)]  # '..., said Hong Min'
                rules.append("actor.inverted_subject")
            elif after_quotation(s, m):
                apposed = _inverted_apposition(s, m, usable, evidence)
                if apposed is not None:  # '"...," said John R. Bolton, the American envoy'
                    source = [apposed]  # the speaker with no actor: actor.apposed_speaker
                    rules.append(_INVERTED_RULES.get(apposed.rule, "actor.inverted_apposition"))
        usable, source, after = _bodies(s, usable, source, after, evidence)
        if not passive:
            after, usable = _pronoun_or_pair_object(s, m, shared, source, after, usable, evidence)
        if after and trig.roles == 0 and not passive:
            owner, why = _first_object(s, m, usable, source, stop, evidence)
            if owner is not None and owner.start < after[0].start:
                after, usable = [owner], usable if owner in usable else [*usable, owner]
                rules.append(why)
        if not after and trig.roles == 0 and not passive:
            after, usable = _implicit_object(s, m, source, usable, stop, evidence)
        if after and trig.roles != 2:
            k = usable.index(after[0])
            target = _chain_right(s, usable, k)
            if passive:
                by = [x for x in target if _after_by(s, x)]
                target = [x for x in target if x not in by]
                source, target = by, source + target
            rules.append("actor.clause_object")
        elif passive:
            source, target = [], source
    src_rule = next((r for r in rules if r in _SOURCE_RULES), "actor.source")
    tgt_rule = "actor.clause_object" if "actor.clause_object" in rules else "actor.object"
    if passive:
        src_rule, tgt_rule = "voice.passive_by", "voice.passive_subject"
    if m.noun:
        src_rule = tgt_rule = "actor.attached_to_noun"
    source, target = _own_state_groups(source, target), _court_venue(trig.id, target)
    picked = [(x, "source", src_rule) for x in source] + [(x, "target", tgt_rule) for x in target]
    if trig.roles == 1 or ((target or len(source) > 1) and trig.id in _JOINT_TRIGGERS):
        # "Biden hosted Marape at a summit", "he and Marape hosted a summit": host and guests,
        # or co-hosts, meet (words list joint_host_triggers)
        picked = [(x, "participant", r) for x, _, r in picked]
    out = _unique_refs([_ref(x, role, why, evidence) for x, role, why in picked])
    rules.extend(dict.fromkeys(x.rule for x in source + target))
    return out, rules, source, target


_JOINT_TRIGGERS = words("joint_host_triggers")
_GROUP_RULES = ("actor.legislature_group", "actor.party_members")
#: [actor.court_venue] "would ask the Supreme Court to annul the vote", "went to the
#: Constitutional Court": the court a party turns to is where the case goes, not the party it
#: is brought against (CAMEO 115): no target rather than the court
_COURT_TRIGGERS = words("court_venue_triggers")
_COURT_NOUNS = words("court_venue_nouns")


def _unique_refs(refs: list[ActorRef]) -> list[ActorRef]:
    """The references with the first of each name only."""
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.name not in seen:
            seen.add(r.name)
            out.append(r)
    return out


def _court_venue(trigger: str, target: list[Mention]) -> list[Mention]:
    """[actor.court_venue] the targets of an ask_court / go_to_court act without the court."""
    if trigger not in _COURT_TRIGGERS:
        return target
    return [x for x in target if x.text.lower().rsplit(" ", 1)[-1] not in _COURT_NOUNS]


def _own_state_groups(source: list[Mention], target: list[Mention]) -> list[Mention]:
    """[actor.legislature_group_own_state] a party group of a legislature that acts on its
    own state ("Senate Republicans criticised the Administration", "Tory MPs criticised the
    government") is the group as written, "Senate Republicans (United States)" (its code
    stays USALEG), not the state, which is the target; against another state ("Senate
    Republicans accused Iran") it stays the state acting through its legislature."""
    states = {x.entity.name for x in target if x.entity is not None}
    if not states:
        return source
    out = []
    for x in source:
        ent = x.entity
        if x.rule in _GROUP_RULES and ent is not None and ent.name in states:
            x = replace(x, entity=Entity(f"{x.text} ({ent.name})", "group", ent.name))
        out.append(x)
    return out


def _unresolved_pair_objects(
    s: Sentence, m: Match, after: list[Mention], evidence: list[str] | None
) -> tuple[list[ActorRef], list[str], list[Mention], list[Mention]]:
    """[actor.unresolved_pair] the actors of a verb whose pair subject names no earlier pair:
    only its object named right after it ("the two delegations met UN officials": the UN, a
    participant of a meeting, a target otherwise), never a name further on ("resumed talks at
    a hotel on the basis of a joint Kenyan-AU plan": no one)."""
    first = after[0] if after else None
    if first is None or first.start not in (m.end, m.obj_end) or m.trigger.roles == 2:
        return [], ["actor.unresolved_pair"], [], []
    objs = _chain_right(s, after, 0)
    role = "participant" if m.trigger.roles == 1 else "target"
    refs = [_ref(x, role, "actor.unresolved_pair", evidence) for x in objs]
    return refs, ["actor.unresolved_pair", "actor.clause_object"], [], objs


def _pair_subject(
    s: Sentence, m: Match, before: list[Mention], relative: bool, evidence: list[str] | None
) -> list[Mention] | None:
    """The subject a pair phrase or a plural pronoun names ("the two sides agreed", "X and Y
    met ..., and they will meet"); [] when there is none; None when a pair phrase is the
    subject but names no earlier pair (actor.unresolved_pair: no actors at all)."""
    if relative:
        return []
    pair = _pair_anaphor(s, m, before, evidence)
    if not pair and not before:
        pair = _plural_pronoun(s, m, evidence)
    if not pair and pair_subject_unresolved(s, m, before):
        return None
    return pair


_STATE_POSSESSIVES = words("possessive_state_pronouns")
_STATE_NOUNS = words("possessive_state_nouns")


def _possessive_state(
    s: Sentence, source: list[Mention], usable: list[Mention], evidence: list[str] | None
) -> list[Mention]:
    """[actor.possessive_state] "Lavrov recalled that his country and the United States had
    agreed": "his country" / "her government" (words lists ``possessive_state_pronouns``,
    ``possessive_state_nouns``) joined by "and" before the subject is the state of the person
    named last before it in the sentence (a person the lexicon gives a country); the
    subject unchanged when there is none."""
    toks = s.tokens
    k = source[0].start - 1
    if k >= 0 and toks[k].lower == "the":
        k -= 1
    if k < 2 or toks[k].lower != "and" or toks[k - 1].lower not in _STATE_NOUNS:
        return source
    if toks[k - 2].lower not in _STATE_POSSESSIVES:
        return source
    person = next((x.entity for x in reversed(usable) if x.end <= k - 2 and x.entity is not None
                   and x.entity.kind == "person"), None)  # fmt: skip
    state = lexicon().countries.get(person.country) if person and person.country else None
    if person is None or state is None or any(x.entity == state for x in source):
        return source
    text = f"{toks[k - 2].text} {toks[k - 1].text}"
    if evidence is not None:
        evidence.append(f"actor.possessive_state: '{text}' = {state.name} ({person.name}'s)")
    return [Mention(k - 2, k, text, state, None, "actor.possessive_state"), *source]


def _pronoun_or_pair_object(
    s: Sentence,
    m: Match,
    shared: Match | None,
    source: list[Mention],
    after: list[Mention],
    usable: list[Mention],
    evidence: list[str] | None,
) -> tuple[list[Mention], list[Mention]]:
    """The object of an active verb when it is a pronoun ("urged them", "arrested them":
    actor.shared_them, actor.object_pronoun) or a pair phrase before the first actor named
    after the verb ("accused both governments of ties to the FARC": the pair, not the FARC);
    and ``usable`` with it; else both unchanged."""
    trig = m.trigger
    if not after and trig.roles != 2:
        them = _shared_them(s, m, shared, source, evidence)
        if them:  # "met the premiers of Greece and Turkey and urged them to ...": both
            return them, [*usable, *them]
        obj = _object_pronoun(s, m, source, evidence)
        if obj is None and trig.roles == 1 and source:
            pair = _joint_pair_object(s, m, source, evidence)
            return (pair, [*usable, *pair]) if pair else (after, usable)
        return ([obj], [*usable, obj]) if obj is not None else (after, usable)
    if after and trig.roles == 0:
        pair_ev: list[str] = []
        first_pair = _pair_object(s, m, source, pair_ev)
        if first_pair and (
            first_pair[0].start < after[0].start
            or (first_pair[0].start == after[0].start and after[0].rule in _PAIR_OVER_RULES)
        ):  # "urging both men": the pair, not one man an anaphor named (actor.anaphor)
            if evidence is not None:
                evidence.extend(pair_ev)
            return first_pair, [*usable, *first_pair]
    return after, usable


_EACH_NOUNS = words("each_partner_nouns")


def _each_partner(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str]
) -> list[Mention]:
    """[actor.each_partner] "hosted the leaders of Japan and South Korea ... held separate
    talks with each leader": "with each <noun>" (words list ``each_partner_nouns``) after a
    joint verb names the other participants of the latest meeting (04) of three or more that
    the verb's subject took part in (one meeting per partner then: actor.one_per_partner)."""
    toks, disc = s.tokens, s.disc
    j = m.obj_end
    if disc is None or j + 2 >= len(toks) or [t.lower for t in toks[j : j + 2]] != ["with", "each"]:
        return []
    if toks[j + 2].lower not in _EACH_NOUNS:
        return []
    mine = {x.entity.name for x in source if x.entity is not None}
    for e in reversed(disc.events):
        names = {a.name for a in e.actors}
        if e.type != "04" or len(e.actors) < 3 or not mine <= names:
            continue
        others = [a for a in e.actors if a.name not in mine]
        names_ = ", ".join(a.name for a in others)
        evidence.append(f"actor.each_partner: 'each {toks[j + 2].text}' = {names_} (the "
                        f"others of {e.trigger!r})")  # fmt: skip
        return [Mention(j + 1, j + 3, f"each {toks[j + 2].text}",
                        Entity(a.name, a.kind, a.country, a.aliases), None, "actor.each_partner")
                for a in others]  # fmt: skip
    return []


def _joint_pair_object(
    s: Sentence, m: Match, source: list[Mention], evidence: list[str] | None
) -> list[Mention]:
    """[actor.joint_pair_object] "received the two delegations", "met both sides": a pair
    phrase after a joint verb (or inside its own object words) names the latest pair, as
    after any other verb (``_pair_object``); not two people for a noun that names no people
    ("received the two delegations" after two telephone calls: no one)."""
    ev: list[str] = []
    each = _each_partner(s, m, source, ev)
    if each:
        if evidence is not None:
            evidence.extend(ev)
        return each
    pair = _pair_object(s, m, source, ev)
    if not pair and m.obj_end > m.end:  # "received the two delegations": the trigger's words
        pair = _pair_object(s, replace(m, obj_end=m.end), source, ev)
    noun = s.tokens[pair[0].end - 1].lower if pair else ""
    if any(x.entity and x.entity.kind == "person" for x in pair) and noun not in _PAIR_PERSON_NOUNS:
        return []
    if evidence is not None:
        evidence.extend(ev)
    return pair


def _first_object(
    s: Sentence,
    m: Match,
    usable: list[Mention],
    source: list[Mention],
    stop: int,
    evidence: list[str] | None,
) -> tuple[Mention | None, str]:
    """The object right after the verb that comes before the first actor after it, and its
    rule: "condemn Russia's annexation of four Ukrainian regions": the owner of the object,
    not a name inside it (actor.possessor_first); "detained several suspects in the bombing of
    the Indian embassy": the counted group (actor.counted_first)."""
    owner = _possessor_object(s, m, usable, stop, bool(source))
    if owner is not None:
        return owner, "actor.possessor_first"
    return _counted_object(s, m, source, stop, evidence), "actor.counted_first"


def _coordinated_pronoun(
    s: Sentence, source: list[Mention], usable: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.coordinated_pronoun] "Modi was in Port Moresby, where he and Marape hosted a
    summit": a person pronoun joined by "and" to the subject is a subject too: the first
    person named earlier in the sentence, else the article's last person subject."""
    from timeline.events.discourse import cue_set

    k = source[0].start
    if k < 2 or s.tokens[k - 1].lower != "and":
        return None
    word = s.tokens[k - 2].lower
    if word not in cue_set("pronoun_person") or s.clause[k - 2] != s.clause[k]:
        return None
    ent = next(
        (x.entity for x in usable
         if x.end <= k - 2 and x.entity is not None and x.entity.kind == "person"),
        None,
    )  # fmt: skip
    if ent is None and s.disc is not None:
        ent = s.disc.antecedent(word)
    if ent is None or ent == source[0].entity:
        return None
    if evidence is not None:
        evidence.append(
            f"actor.coordinated_pronoun: '{s.tokens[k - 2].text} and {source[0].text}': "
            f"'{s.tokens[k - 2].text}' = {ent.name}"
        )
    return Mention(k - 2, k - 1, s.tokens[k - 2].text, ent, None, "actor.coordinated_pronoun")


def object_clauses(s: Sentence, m: Match) -> set[int]:
    """The trigger's clause, and its object's when the object was found past commas
    ("conveyed, on behalf of Abe, an apology to ...", "handed an Indian pilot, Wing Commander
    Abhinandan, back to India at Wagah": trigger.object_past_adjunct)."""
    clauses = {s.clause[m.start]}
    if m.end < m.obj_end <= len(s.tokens) and any(
        t.text == "," for t in s.tokens[m.end : m.obj_end]
    ):
        clauses.add(s.clause[m.obj_end - 1])
    return clauses


def _object_stop(s: Sentence, m: Match) -> tuple[int, int]:
    """Where the verb's object ends, and where a "to"-infinitive right after the verb begins
    (else a large number). The object ends where the next verb starts ("arrived in Moscow and
    held talks with X"), at an infinitive after the object ("urged X to speed up ... UN
    troops") or a participle ("an agreement returning Hong Kong"). An infinitive right after
    the verb ("pledged to work with Argentina", "agreed to allow access for UN experts") is no end
    (actor.infinitive_object): its named object is the verb's, not a group found from the
    context ("agreed to restore staff")."""
    stop = min((x.start for x in s.matches if x.start >= m.end and not x.noun), default=10**9)
    inf = _infinitive_after(s, m.obj_end)
    if inf > m.obj_end or m.obj_end == m.start:
        stop, inf = min(stop, inf), 10**9
    part = participle_after(s, m.end)
    if m.end <= part < m.obj_end:  # a participle inside the trigger's object phrase ("signed
        part = participle_after(s, m.obj_end)  # a letter recognising the PLO") opens its object
    return min(stop, part), inf


def _after_verb(
    s: Sentence, m: Match, usable: list[Mention], stop: int, inf: int = 10**9
) -> list[Mention]:
    """The actors after a verb trigger in its clause, before ``stop``: no possessor, no
    principal ("on behalf of"), no partner ("alongside Japan", :func:`_partner`). An object
    found past an adjunct set off by commas ("conveyed, on behalf of Abe, an apology to the
    women": trigger.object_past_adjunct) brings its clause in."""
    clauses = object_clauses(s, m)
    out = [
        x
        for x in usable
        if (s.clause[x.start] in clauses or _apposed_object(s, m, x, usable))
        and m.end <= x.start < stop
        and not x.possessive
        and not _on_behalf(s, x)
        and not _partner(s, m, x)
        and not _exchanged_for(s, m, x)
        and not _demonym_of_person(x, usable)
        and not _mission_venue(s, x)
        and not _visit_origin(s, m, x)
        and not _chamber_venue(s, x)
        and not _city_venue(s, x)
        and (x.start < inf or x.rule not in CONTEXT_AGENT_RULES)
    ]
    return _against_over_venue(s, out) if m.trigger.cameo[:2] in _AGAINST_ROOTS else out


def _mission_venue(s: Sentence, x: Mention) -> bool:
    """[actor.mission_venue] "they will meet again at the Soviet Embassy", "talks at the
    American embassy": a state named by its embassy (words list ``mission_nouns``) after a
    place preposition (words list ``mission_venue_prepositions``) is where the act happens,
    not a party to it ("stormed the embassy" keeps its object)."""
    toks = s.tokens
    k = x.start - 1
    if k >= 0 and toks[k].lower == "the":
        k -= 1
    if k < 0 or toks[k].lower not in _MISSION_VENUE_PREPS:
        return False
    last = toks[x.end - 1].lower
    nxt = toks[x.end].lower if x.end < len(toks) else ""
    return last in _MISSION_NOUNS or nxt in _MISSION_NOUNS


_MISSION_VENUE_PREPS = words("mission_venue_prepositions")
_ORIGIN_PREPS = words("visit_origin_prepositions")
_CHAMBER_PREPS = words("chamber_venue_prepositions")
_CHAMBER_NOUNS = words("chamber_venue_nouns")


_CITY_VENUE_NOUNS = words("city_venue_nouns")
_CITY_DOCUMENT_NOUNS = words("city_document_nouns")


def _city_venue(s: Sentence, x: Mention) -> bool:
    """[actor.city_venue] "resumed talks at a Khartoum hotel", "met at the Geneva airport",
    "signed the Minsk Protocol": a capital standing for its state (rule actor.metonym)
    between an article and a building noun (words list ``city_venue_nouns``) or the noun of
    a text or meeting named after the city (words list ``city_document_nouns``) names a place,
    not a party ("talks with Khartoum", "Khartoum's proposal" keep it)."""
    toks = s.tokens
    if x.rule != "actor.metonym" or x.start < 1 or x.end >= len(toks):
        return False
    nxt = toks[x.end].lower
    return toks[x.start - 1].lower in ("a", "an", "the") and (
        nxt in _CITY_VENUE_NOUNS or nxt in _CITY_DOCUMENT_NOUNS
    )


def _chamber_venue(s: Sentence, x: Mention) -> bool:
    """[actor.chamber_venue] "vowed to fight the bill in the National Assembly", "police
    charged the marchers near the parliament building": a body named by its chamber or house
    (its last word in words list ``chamber_venue_nouns``) after "in"/"near"/"outside"/"inside"
    (words list ``chamber_venue_prepositions``, "the" may come between) is where the act
    happens, not a party to it ("criticised the National Assembly" keeps its object)."""
    if x.entity is None or x.entity.kind == "person":
        return False
    toks = s.tokens
    k = x.start - 1
    if k >= 0 and toks[k].lower == "the":
        k -= 1
    if k < 0 or toks[k].lower not in _CHAMBER_PREPS:
        return False
    nxt = toks[x.end].lower if x.end < len(toks) else ""
    return toks[x.end - 1].lower in _CHAMBER_NOUNS or nxt in _CHAMBER_NOUNS


def _visit_origin(s: Sentence, m: Match, x: Mention) -> bool:
    """[actor.visit_origin] "arrived in Oslo on Monday from Denmark", "flew in from Moscow":
    after a journey (triggers of ``place_goal_triggers``) a name after "from" (words list
    ``visit_origin_prepositions``, "the" may come between) is where the traveller came from,
    not the host ("expelled diplomats from Germany", no journey, keeps its object)."""
    if m.trigger.id not in _GOAL_TRIGGERS:
        return False
    k = x.start - 1
    if k >= 0 and s.tokens[k].lower == "the":
        k -= 1
    return k >= m.end and s.tokens[k].lower in _ORIGIN_PREPS


_VENUE_PREPS = words("venue_before_against_prepositions")
_AGAINST_ROOTS = words("against_over_venue_roots")


def _against_over_venue(s: Sentence, after: list[Mention]) -> list[Mention]:
    """[actor.against_over_venue] "filed a suit in a Lima court against Peru", "lodged a
    complaint with the UN against Israel": with an actor after "against", the actors before it that
    follow "in" / "at" / "with" (words list ``venue_before_against_prepositions``, a
    determiner may come between) are where the act is brought, not its target; for the
    roots in words list ``against_over_venue_roots`` (not "shared evidence with India
    against X": a partner)."""
    toks = s.tokens
    k = next((x.start for x in after if x.start > 0 and toks[x.start - 1].lower == "against"),
             None)  # fmt: skip
    if k is None:
        return after

    def venue(x: Mention) -> bool:
        j = x.start - 1
        while j > 0 and toks[j].lower in ("the", "a", "an") or (j > 0 and toks[j].is_cap):
            j -= 1
        return toks[j].lower in _VENUE_PREPS

    return [x for x in after if x.start >= k or not venue(x)]


def _demonym_of_person(x: Mention, usable: list[Mention]) -> bool:
    """[actor.demonym_of_person] "freed the Swedish EU official Johan Floderus": a demonym
    right before a person's titled name describes the person, who is the object."""
    return x.rule == "actor.demonym" and any(
        y.start == x.end and y.entity is not None and y.entity.kind == "person" for y in usable
    )


def _apposed_object(s: Sentence, m: Match, x: Mention, usable: list[Mention]) -> bool:
    """[actor.apposed_object] "thanked the Ethiopian Prime Minister, Abiy Ahmed, for ...": a
    person apposed to the role phrase right after the verb (the role dropped for the name),
    past the comma that opens the next clause, is the verb's object."""
    toks = s.tokens
    if x.entity is None or x.entity.kind != "person" or x.start - m.end > _APPOSED_OBJECT_SPAN:
        return False
    k = next((k for k in range(m.end, x.start) if toks[k].text == ","), None)
    if k is None or k == m.end or s.clause[k] != s.clause[m.start] + 1:
        return False
    gap = toks[m.end : k]
    if any(y.is_actor and m.end <= y.start < x.start and y is not x for y in usable):
        return False
    if not all(t.text.isalpha() and t.lower not in _CLAUSE_WORDS for t in gap):
        return False
    end = x.end
    return end >= len(toks) or toks[end].text in (",", ".", ";")


_CLAUSE_WORDS = words("clause_words")
#: how far after the verb an apposed object's name may start ("held talks on Wednesday in
#: Cartagena with her Venezuelan counterpart, Delcy Rodriguez": 11 tokens)
_APPOSED_OBJECT_SPAN = 12
_EXCHANGE_NOUNS = words("exchange_nouns")


def _exchanged_for(s: Sentence, m: Match, x: Mention) -> bool:
    """[actor.exchanged_not_target] "released 24 hostages in exchange for 39 Palestinian
    prisoners": an actor after "<exchange noun> for" (words list ``exchange_nouns``) is what
    the source gets back, not the verb's target."""
    toks = s.tokens
    return any(
        toks[j].lower == "for" and toks[j - 1].lower in _EXCHANGE_NOUNS
        for j in range(max(m.end, 1), x.start)
    )


def _participial_subject(
    s: Sentence, m: Match, usable: list[Mention], rules: list[str]
) -> list[Mention] | None:
    """The actors before the verb a participial adjunct belongs to ("met Xi on Friday, urging
    China to ...": those before "met"; rule actor.participial_subject), else None."""
    head = participial_head(s, m)
    if head is None:
        return None
    rules.append("actor.participial_subject")
    c = s.clause[head.start]
    return [x for x in usable if s.clause[x.start] == c and x.end <= head.start]


def _relative_subject(
    s: Sentence,
    m: Match,
    usable: list[Mention],
    before: list[Mention],
    after: list[Mention],
    evidence: list[str] | None,
    rules: list[str],
) -> tuple[list[Mention], list[Mention], bool]:
    """(subject mentions, object mentions, whether a relative clause decided them): the
    antecedent of "who"/"which" (with the actors joined to it: "The two leaders, who had met")
    or the pronoun of a reduced relative clause ("diplomats it accused": the phrase is the
    object), else ``before`` and ``after`` unchanged."""
    relative = None if before else _relative_antecedent(s, m, usable, evidence)
    if relative is not None:
        upto = [x for x in usable if x.end <= relative.end]
        rules.append("actor.relative_antecedent")
        return _chain_left(s, upto, len(upto) - 1), after, True
    reduced = _reduced_relative_pronoun(s, m, before, evidence)
    if reduced is None:
        return before, after, False
    rules.append("actor.reduced_relative_pronoun")
    if not after and m.trigger.roles != 2:
        after = [reduced[1]]  # the phrase the clause follows is the verb's object
    return [reduced[0]], after, True


_RELATIVE_SUBJECT = words("relative_subject_words")
_RELATIVE_GAP_PREPS = words("relative_gap_prepositions")


def _relative_antecedent(
    s: Sentence, m: Match, usable: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.relative_antecedent] the verb of a subject relative clause ("Wang Yi, who warned
    that ...", "protesters on Tuesday who marched ...": words list ``relative_subject_words``
    right before the verb, auxiliaries and adverbs skipped) has the actor the clause follows as
    its subject (a comma and a date between are skipped: ``relative_gap_prepositions``), never
    the sentence's first actor; None when no actor ends right before the clause."""
    j, lo = _before_verb(s, m)
    if j != lo or lo == 0 or s.tokens[lo].lower not in _RELATIVE_SUBJECT:
        return None
    toks = s.tokens
    k = lo - 1
    while k >= 0:
        t = toks[k]
        dated = any(x.start <= t.start < x.end for x in s.timexes)
        if not (t.text == "," or dated or t.lower in _RELATIVE_GAP_PREPS):
            break
        k -= 1
    found = next((x for x in usable if x.end == k + 1 and not x.possessive), None)
    if found is None or found.start >= m.start:
        return None
    if evidence is not None:
        evidence.append(
            f"actor.relative_antecedent: '{toks[lo].text} {m.trigger.forms[0][0]}' has "
            f"{found.text!r} (the actor the relative clause follows) as its subject"
        )
    return found


def _reduced_relative_pronoun(
    s: Sentence, m: Match, before: list[Mention], evidence: list[str] | None
) -> tuple[Mention, Mention] | None:
    """[actor.reduced_relative_pronoun] "Moscow expelled two American diplomats it accused of
    spying": a subject pronoun right after an actor phrase that a verb of the sentence governs,
    right before a verb (a relative clause without "that"), is that verb's subject, resolved as
    a pronoun (the sentence's subject), never the actor phrase it follows; that phrase is the
    verb's object. Returns (the pronoun's mention, the phrase's)."""
    from timeline.events.discourse import cue_set

    j, lo = _before_verb(s, m)
    if not before or j < 1 or not 0 <= j - before[-1].end <= 2:
        return None
    inside = {k for x in s.matches for k in range(x.start, x.end)}
    if any(
        k in inside or not s.tokens[k].text.isalpha() or not s.tokens[k].text.islower()
        for k in range(before[-1].end, j)
    ):
        return None  # "a British tanker it accused": only nouns between the phrase and "it"
    word = s.tokens[j].lower
    if word not in cue_set("pronoun_person") and word not in cue_set("pronoun_state"):
        return None
    if not any(not x.noun and x.end <= before[-1].start for x in s.matches):
        return None  # no verb governs the phrase: no relative clause
    found: list[str] = []
    pronoun = pronoun_subject(s, m, found)
    phrase = before[-1].entity
    if pronoun is None or pronoun.entity is None or phrase is None:
        return None
    if pronoun.entity.name == phrase.name:
        return None
    if evidence is not None:
        evidence.extend(found)
        evidence.append(
            f"actor.reduced_relative_pronoun: '{s.tokens[j].text}' after {before[-1].text!r} "
            "opens a relative clause: its subject is the pronoun, not that phrase"
        )
    return pronoun, before[-1]


def _noun_actors(
    s: Sentence, m: Match, usable: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    toks = s.tokens
    source: list[Mention] = []
    target: list[Mention] = []
    # a session "of the Central Committee" names a body, not a known actor: nouns need lexicon
    # actors (or people found by title); organisations guessed from their head noun only act
    # as the subject or object of a verb
    usable = [x for x in usable if x.rule != "actor.org_pattern"]
    before = [x for x in usable if x.end <= m.start]
    if before:
        last = before[-1]
        gap = toks[last.end : m.start]
        gap_words = [t for t in gap if t.key and not t.is_possessive]
        if (
            (last.possessive and len(gap_words) <= 2)  # "Kim's visits", "Abe's first trip"
            or not gap  # "the North Korea-U.S. summit", "US-China talks"
            or (len(gap) == 1 and gap[0].text in "-–")
        ):
            source = _chain_left(s, before, len(before) - 1)
    after = [x for x in usable if x.start >= m.end and x.start <= m.end + 7]
    if after and m.end < len(toks) and toks[m.end].lower in _NOUN_AFTER_PREP:
        first = after[0]
        between = toks[m.end + 1 : first.start]
        if (
            all(not t.is_cap or t.lower in ("the",) for t in between)
            and all(t.text not in (",", ";") for t in between)
            and not _topic_owner(s, m, first)
        ):
            target = _chain_right(s, usable, usable.index(first))
    if not source and target and m.end < len(toks) and toks[m.end].lower in _NOUN_AGENT_PREPS:
        source, target = target, _noun_goal(s, target[-1].end)  # "a visit by X to Y"
    if not source and target and m.end < len(toks) and toks[m.end].lower == "with":
        source = _light_verb_subject(s, m, usable)
    return source, target


_NOUN_AGENT_PREPS = words("noun_agent_prepositions")


def _noun_goal(s: Sentence, k: int) -> list[Mention]:
    """[actor.noun_agent] "the first visit by an Indian premier to Pakistan": after an event
    noun, the actor after "by" (``noun_agent_prepositions``) is its source, and a state or
    actor right after a following "to" (or "to the") its target."""
    toks = s.tokens
    if k >= len(toks) - 1 or toks[k].lower != "to":
        return []
    j = k + 2 if toks[k + 1].lower == "the" else k + 1
    return [
        x for x in s.mentions
        if x.start == j and x.entity is not None and not x.venue
    ][:1]  # fmt: skip


_LIGHT_VERBS = words("light_verbs_with")


def _light_verb_subject(s: Sentence, m: Match, usable: list[Mention]) -> list[Mention]:
    """[actor.light_verb_subject] "the Chilean government opened direct talks with the
    rebels": the subject of a light verb (words list ``light_verbs_with``) whose object is the
    noun "<talks> with X", its words between lower-case modifiers only, is the other side."""
    toks = s.tokens
    j = next((j for j in range(m.start - 1, max(m.start - 6, 0), -1)
              if toks[j].lower in _LIGHT_VERBS), None)  # fmt: skip
    if j is None:
        return []
    if not all(
        t.text in (",", "-") or t.text.replace("-", "").islower() for t in toks[j + 1 : m.start]
    ):
        return []  # "opened the Geneva talks with": a name between, not a modifier
    before = [x for x in usable if x.end <= j and s.clause[x.start] == s.clause[j]]
    if not before or any(t.lower in _CLAUSE_WORDS for t in toks[before[-1].end : j]):
        return []
    return _chain_left(s, before, len(before) - 1)


_TOPIC_PREPOSITIONS = words("meeting_topic_prepositions")


def _topic_owner(s: Sentence, m: Match, first: Mention) -> bool:
    """[actor.topic_not_party] "talks on the U.S. debt ceiling", "talks on Iran's nuclear
    programme": after a meeting noun, an actor that modifies the topic noun after "on"
    (words list ``meeting_topic_prepositions``) is what the talks are about, not a party."""
    toks = s.tokens
    if m.trigger.roles != 1 or toks[m.end].lower not in _TOPIC_PREPOSITIONS:
        return False
    nxt = toks[first.end] if first.end < len(toks) else None
    return first.possessive or (nxt is not None and nxt.text.isalpha() and nxt.text.islower())


_APPOSITION_DETERMINERS = words("apposition_determiners")
_ROLE_DETERMINERS = words("speaker_role_determiners")


def after_quotation(s: Sentence, m: Match) -> bool:
    """The verb follows a quotation (or the comma closing it): '"...," said X', an inverted
    attribution whose tail after the verb is all attribution."""
    prev = s.tokens[m.start - 1].text if m.start > 0 else ""
    if prev == ",":  # the comma closing a quotation, not an apposition's ("X, on a visit, urged")
        before = s.tokens[m.start - 2].text if m.start > 1 else ""
        return before in '”"’' or s.quoted[max(0, m.start - 2)]
    return prev in '”"’' or s.quoted[max(0, m.start - 2)]


def _inverted_apposition(
    s: Sentence, m: Match, usable: list[Mention], evidence: list[str] | None
) -> Mention | None:
    """[actor.inverted_apposition] '"...," said John R. Bolton, the American ambassador': a
    speech verb after a quotation whose inverted subject is a name no lexicon knows (only
    capitalised words and initials up to the comma) takes the actor of the apposition after
    the comma ("the American ambassador" = United States): the same actor the name gets as
    a subject ("John R. Bolton, the American ambassador, said")."""
    toks = s.tokens
    k = m.end
    while k < len(toks) and k < m.end + 6 and (toks[k].is_cap or toks[k].text == "."):
        k += 1
    if k == m.end or k + 1 >= len(toks) or toks[k].text != ",":
        return None
    if toks[k + 1].lower not in _APPOSITION_DETERMINERS | _ROLE_DETERMINERS:
        return None
    x = next((x for x in usable if k + 1 <= x.start <= k + 3), None)
    if toks[k + 1].lower not in _APPOSITION_DETERMINERS:
        x = None  # '"...," said Paul Durand, his lawyer': only a speaker role
    if x is None and not any(x.start < k and x.end > m.end for x in s.mentions):
        return _apposed_speaker(s, m, k, evidence)
    if x is None or x.entity is None:
        return None
    if evidence is not None:
        evidence.append(
            f"actor.inverted_apposition: {_words(toks, m.end, k)!r} unknown; "
            f"{x.text!r} = {x.entity.name} ({x.rule})"
        )
    return x


_SPEAKER_ROLES = words("speaker_role_nouns")
_INVERTED_RULES = {"actor.apposed_speaker": "actor.apposed_speaker"}


def _speaker_role(s: Sentence, k: int) -> str | None:
    """The role noun of an apposition opened by a determiner at ``k`` ("a presidential
    adviser", "the wife of ..."): a word of ``speaker_role_nouns`` among its first four
    lower-case words, else None ("an analyst at a bank": no one who speaks for a side)."""
    toks = s.tokens
    if k >= len(toks) or toks[k].lower not in _ROLE_DETERMINERS:
        return None
    for t in toks[k + 1 : k + 5]:
        if not (t.text.isalpha() and t.text.islower()):
            return None
        if t.lower in _SPEAKER_ROLES:
            return t.lower
    return None


def _apposed_speaker(s: Sentence, m: Match, k: int, evidence: list[str] | None) -> Mention | None:
    """[actor.apposed_speaker] '"...," said Ilir Dervishi, a presidential adviser': an
    inverted speaker no lexicon knows whose apposition names no actor but a role that speaks
    for a side (``speaker_role_nouns``: adviser, aide, spokesman, wife ...) is that person,
    with no country (so no code: never a guess)."""
    role = _speaker_role(s, k + 1)
    if role is None or k - m.end < 2:
        return None
    name = _words(s.tokens, m.end, k)
    if evidence is not None:
        evidence.append(
            f"actor.apposed_speaker: {name!r} (role {role!r}) is the speaker, no country"
        )
    return Mention(m.end, k, name, Entity(name, "person", None), None, "actor.apposed_speaker")


def opening_apposed_speaker(s: Sentence, m: Match, evidence: list[str] | None) -> Mention | None:
    """[actor.apposed_speaker] "Vida Mehrannia, the wife of a jailed doctor, said ...": a
    speech verb right after the comma closing an apposition with a speaker role
    (``speaker_role_nouns``), whose sentence opens with a name no lexicon knows (two to four
    capitalised words), has that person as its speaker, not the actors inside the apposition
    ("a Swedish-Iranian doctor" names no speaker)."""
    from timeline.events.stages import is_speech

    toks = s.tokens
    if not is_speech(m) or m.start < 5 or toks[m.start - 1].text != ",":
        return None
    e = 0
    while e < len(toks) and e < 4 and toks[e].is_cap and toks[e].text.isalpha():
        e += 1
    if e < 2 or toks[e].text != "," or any(x.start < e for x in s.mentions):
        return None
    if _speaker_role(s, e + 1) is None or m.start - e > 25:
        return None
    name = _words(toks, 0, e)
    if evidence is not None:
        role = _words(toks, e + 1, min(e + 5, m.start))
        evidence.append(f"actor.apposed_speaker: {name!r} opens the sentence, apposed to "
                        f"'{role}': the speaker (no country)")  # fmt: skip
    return Mention(0, e, name, Entity(name, "person", None), None, "actor.apposed_speaker")


_PASSIVE_AUX = words("passive_aux")


def _described_no_actor(s: Sentence, end: int) -> bool:
    """Whether the name ending at ``end`` is set off by a description of a person ("Mansouri,
    a local teacher,"): actor.described_name decides such names (a state named: that person;
    none: no actor, never a guessed one), so the unlisted-name rules leave them alone."""
    from timeline.events.actors import _description

    toks = s.tokens
    return (
        end < len(toks) and toks[end].text == "," and _description(lexicon(), toks, end) is not None
    )


def _opening_unlisted(s: Sentence, m: Match, evidence: list[str] | None) -> Mention | None:
    """[actor.unlisted_subject] "The activist Lena Petrova was detained", "Omar Haddad, a
    local reporter, was arrested": a passive verb whose sentence opens with a name no lexicon
    knows (two to four capitalised words, after "the" and at most two lower-case role words),
    then only auxiliaries (words list ``passive_aux``) or an apposition set off by commas, has
    that person as its subject (the one the act was done to)."""
    toks = s.tokens
    b = 0
    if toks and toks[0].lower in ("the", "a", "an"):
        b = 1
        while b < 3 and b < len(toks) and toks[b].text.isalpha() and toks[b].text.islower():
            b += 1
    e = b
    while e < len(toks) and e - b < 4 and toks[e].is_cap and toks[e].text.isalpha():
        e += 1
    if e - b < 2 or e >= m.start or any(x.start < e and b < x.end for x in s.mentions):
        return None
    k = e
    if _described_no_actor(s, e):
        return None
    if toks[k].text == ",":  # an apposition: up to the next comma
        k = next((j + 1 for j in range(k + 1, min(m.start, k + 10)) if toks[j].text == ","), k)
        if k == e:
            return None
    gap = toks[k : m.start]  # "was tortured and killed": a participle joined by "and"
    if not all(
        t.lower in _PASSIVE_AUX
        or (t.lower == "and" and j > 0 and gap[j - 1].lower.endswith(("ed", "en")))
        or (t.lower.endswith(("ed", "en")) and j + 1 < len(gap) and gap[j + 1].lower == "and")
        for j, t in enumerate(gap)
    ):
        return None
    name = _words(toks, b, e)
    if evidence is not None:
        evidence.append(f"actor.unlisted_subject: {name!r} opens the sentence (no lexicon "
                        "actor): the passive verb's subject")  # fmt: skip
    return Mention(b, e, name, Entity(name, "person", None), None, "actor.unlisted_subject")


_SOURCE_RULES = (
    "actor.apposed_speaker",
    "actor.inverted_apposition",
    "actor.relative_antecedent",
    "actor.reduced_relative_pronoun",
    "actor.clause_subject",
    "actor.pronoun",
    "actor.sentence_subject",
    "actor.inverted_subject",
    "actor.shared_subject",
)


def _ref(m: Mention, role: str, role_rule: str, evidence: list[str] | None) -> ActorRef:
    """The actor of mention ``m``: the rule that resolved the name (``m.rule``) and the
    evidence (the words of the sentence, the role rule, a pronoun's antecedent)."""
    ref = to_ref(m.entity, mention=m.text, role=role) if m.entity else None
    assert ref is not None
    ref.code = m.code
    ref.rule = m.rule
    why = f"{m.text!r} = {ref.name} ({m.rule}); {role} by {role_rule}"
    if m.why:
        why += f"; {m.why}"
    if m.rule == "actor.pronoun" and evidence:
        found = [e for e in evidence if e.startswith("actor.pronoun:")]
        if found:
            why += f"; {found[-1].removeprefix('actor.pronoun: ')}"
    ref.evidence = why
    return ref
