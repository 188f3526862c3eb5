"""Where an event happened when its own clause names no place (the place stage's last resort).

Each rule is a row of ``lexicon/en/venues.tsv`` (id, the words it reads, an example and a
counter-example); an event placed by one records the rule id:

- [loc.scene_setter] a sentence that opens with "In <place>," ("In Pretoria, Foreign Minister
  Roelof F. Botha condemned the vote") sets the venue of its main clauses' events; not of what
  is said there ("In Washington, officials said North Korea had tested a missile": the test is
  not in Washington); "Meanwhile, in Brussels," and a bulletin's "And in Washington today," too,
  and with no comma before the subject ("In Havana Dr. Castro said ...");
- [loc.scene_occasion] "In an interview in Kyiv,", "In a speech to parliament in Warsaw,": an
  occasion told before the place, the same (never a cause: "In response to the attack in
  Kyiv," names where the attack was);
- [loc.scene_own_state] "In London, the Prime Minister said Britain would press its partners":
  what the speaker says his own state (the scene's country) did or will do is told at the
  scene ("In Washington, officials said North Korea had tested a missile" stays unplaced);
- [loc.scene_continued] the next sentences of the SAME paragraph whose subject is a personal
  pronoun ("He told reporters ...", '"...," he said.') and that name no place of their own
  keep that venue; never across a paragraph break, never a sentence with another subject ("The
  militants ...");
- [loc.here_dateline] "signed a peace treaty here on Monday" in a story with a dateline city:
  the narrator's "here" is the dateline city ("here" inside a quotation is the speaker's place);
  also after the people told ("told reporters here"), after a verb of saying's own adjuncts
  before what was said ("told a luncheon of delegation leaders here that ...", "called the
  offer 'a hopeful development' in an interview here"), after a noun trigger's own verb
  ("The talks opened here on Wednesday") and for a verb sharing its first predicate's subject
  ("met separately here with ... and urged them");
- [loc.told_own_plan] "announced in Beijing on Friday that they would restore relations":
  what a telling placed right after its verb says the teller's own state did or will do;
- [loc.reporters_today] "Kissinger told reporters today that ..." in a story with a dateline
  city: the people told face to face on the dateline's day are in that city;
- [loc.signed_today] "signed an agreement shortly after midnight today" (a signing, CAMEO 057,
  told with the dateline's "today"/"tonight" in its own clause, which names no place): the
  signers are in the dateline city; with no "today" ("reached an agreement on
  Thursday") the dateline gives no place;
- [loc.named_venue] "at Hyderabad House", "at the Itamaraty Palace": a named building (a name
  ending in a building noun) in a story with a dateline city is in that city; a city's name
  inside a building's name is no venue of its own (Hyderabad House is in New Delhi); so is one
  in a fronted speaking participle ("Addressing a reception at the Lahore Fort, ...");
- [loc.building_scene] "told newsmen as he left the residence", "at the guesthouse": a
  definite common building noun after the trigger in a story with a dateline city is in that
  city (no dateline, no place: "arrested protesters outside the hotel");
- [loc.speaker_paragraph] "Ned Price urged ... '...,' he told reporters in Washington.": where
  the paragraph's speaker told the people he spoke to is where his other acts of the
  paragraph were told (one such place only; never across a paragraph break);
- [loc.seat_not_venue] "the Government in Pretoria declared ...": a place after "<government
  noun> in" before the trigger names who acts (the seat of a government), not where;
- [loc.recalled_home] "recalled its ambassador to Paris": the place an envoy is recalled to is
  the sender's own capital, not the venue of the break (as "from Tehran" is the post left);
- [loc.envoy_post] "recalling its ambassador in Bogota": the envoy's post, not the venue.

The dateline alone gives no event its place (``docs/events.md``); only these words do.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from timeline.events.lexicon import read_rows, split_list
from timeline.events.words import words

if TYPE_CHECKING:
    from timeline.events.actors import Mention
    from timeline.events.document import Match, Sentence
    from timeline.events.tokens import Token

Found = tuple[tuple[str, str], str] | tuple[None, None]

#: words between a trigger and a venue phrase that make it part of what was said
_CLAUSE_BREAKS = frozenset({"that", ",", '"', "“", "”", ":", ";"})
#: prepositions that open a chain of adjuncts right after a speech verb ("said at a ...")
_ADJUNCT_PREPS = frozenset({"at", "during", "in", "after", "before"})
_DETERMINERS = frozenset({"the", "a", "an"})
_QUOTES = frozenset({'"', "“", "”"})
_DATE_PREPS = frozenset({"on", "in", "last", "this", "early", "late"})
_POSSESSIVE = frozenset({"'s", "’s"})
_BUILDING_PREPS = frozenset({"at", "outside", "from", "of", "inside", "near", "left", "in"})


@cache
def rules() -> dict[str, frozenset[str]]:
    """Rule id -> the words it reads (``venues.tsv``)."""
    return {r["id"]: frozenset(split_list(r["words"])) for r in read_rows("venues.tsv")}


def _own_places(s: Sentence) -> list[Mention]:
    return [
        x for x in s.mentions if x.place is not None and x.rule != "loc.dateline" and not x.quoted
    ]


# -- filters of the trigger clause's places --------------------------------------------------


def building_name(s: Sentence, x: Mention) -> bool:
    """ "at Hyderabad House", "the Itamaraty Palace": the mention is (part of) a building's name
    (its last word, or the capitalised word after it, is a building noun of loc.named_venue)."""
    toks = s.tokens
    nouns = rules()["loc.named_venue"]
    if x.end < len(toks) and toks[x.end].is_cap and toks[x.end].lower in nouns:
        return True
    return x.place is not None and x.place.kind == "unknown" and toks[x.end - 1].lower in nouns


def building_not_venue(s: Sentence, x: Mention) -> bool:
    """A building's name that is no venue as written: one holding a city's name ("Hyderabad
    House" is no venue in Hyderabad), or any in a story with a dateline city (the city is the
    venue: rule loc.named_venue). "at the Itamaraty Palace" in a story without one stays."""
    if not building_name(s, x):
        return False
    assert x.place is not None
    return x.place.kind != "unknown" or _dateline_city(s) is not None


def seat_not_venue(s: Sentence, m: Match, x: Mention) -> bool:
    """ "the Government in Pretoria declared": a place after "<government noun> in" before the
    trigger is the actor's seat (rule loc.seat_not_venue)."""
    toks = s.tokens
    k = x.start - 1
    return (
        x.end <= m.start
        and k >= 1
        and toks[k].lower == "in"
        and toks[k - 1].lower in rules()["loc.seat_not_venue"]
    )


def recalled_home(s: Sentence, m: Match, x: Mention, recall_ids: frozenset[str]) -> bool:
    """ "recalled its ambassador, Joel Meyer, to Paris": the place after "to" of a recall
    (trigger ids ``recall_ids``) is where the envoy goes home to (rule loc.recalled_home)."""
    return (
        m.trigger.id in recall_ids
        and x.start > m.end
        and s.tokens[x.start - 1].lower in rules()["loc.recalled_home"]
    )


def envoy_post(s: Sentence, m: Match, x: Mention, recall_ids: frozenset[str]) -> bool:
    """ "Caracas was recalling its ambassador in Bogota": the place right after "<envoy noun>
    in" of a recall (trigger ids ``recall_ids``) is the envoy's post, not the venue of the
    recall (rule loc.envoy_post)."""
    toks = s.tokens
    return (
        m.trigger.id in recall_ids
        and x.start > m.end + 1
        and toks[x.start - 1].lower == "in"
        and toks[x.start - 2].lower in rules()["loc.envoy_post"]
    )


# -- the last resorts -------------------------------------------------------------------------


def venue(
    s: Sentence,
    m: Match,
    speech: bool,
    countries: frozenset[str] = frozenset(),
) -> Found:
    """The venue of a trigger whose clause named none: a named building or "here" in a story
    with a dateline city, else the paragraph's scene ("In Pretoria, ..."). ``speech``: the
    trigger is a verb of saying (a place after it may be inside what was said);
    ``countries``: the countries of the event's sources and participants (a plan the speaker
    tells of his own state's is his act at the scene: rule loc.scene_own_plan)."""
    if m.noun:  # "The talks opened here on Wednesday": the noun's own verb, then "here"
        return _here(s, m, speech)
    found = _named_venue(s, m, speech)
    if found[0] is None:
        found = _here(s, m, speech)
    if found[0] is None:
        found = _fronted_named_venue(s, m)
    if found[0] is None and (first := _first_predicate(s, m)) is not None:
        found = _here(s, first, first.trigger.roles == 2)  # "met here ... and urged them"
    if found[0] is None:
        found = _building(s, m, speech)
    if found[0] is None:
        found = _told_own_plan(s, m, countries)
    if found[0] is None:
        found = _scene(s, m, countries)
    if found[0] is None:
        found = _told_today(s, m, speech)
    if found[0] is None:
        found = _speaker_paragraph(s, m)
    return found


def _speaker_paragraph(s: Sentence, m: Match) -> Found:
    """[loc.speaker_paragraph] "Ned Price urged the authorities to show restraint. He also
    questioned ... '...,' he told reporters in Washington.": where the paragraph's speaker (a
    sentence with a personal-pronoun subject) told the people he spoke to (after the people
    told, "in <place>"; or a building or "here" in a story with a dateline city) is where his
    other acts of the paragraph were told; one such place only, never across a paragraph
    break, never for a sentence that names a place or with a quotation's content."""
    if _own_places(s) or s.quoted[m.start]:
        return None, None
    found: set[tuple[str, str]] = set()
    rule = None
    for t in _paragraph_sentences(s):
        if t is s or not _pronoun_subject(t):
            continue
        for x in t.matches:
            if x.noun or x.trigger.roles != 2 or t.quoted[x.start]:
                continue
            place = _told_at(t, x)
            if place is not None:
                found.add(place)
                rule = "loc.speaker_paragraph"
    if len(found) != 1 or rule is None:
        return None, None
    return next(iter(found)), rule


def _told_at(t: Sentence, x: Match) -> tuple[str, str] | None:
    """The place of a telling: "told reporters in Washington", "told a news conference at the
    guesthouse", "told reporters here"."""
    toks = t.tokens
    for y in _own_places(t):
        k = y.start
        if x.end < k <= x.end + 6 and toks[k - 1].lower in ("in", "at"):
            if toks[k - 2].lower in words("addressee_nouns") and y.place is not None:
                return (y.place.name, y.place.country)
    for found in (_building(t, x, True), _here(t, x, True)):
        if found[0] is not None:
            return found[0]
    return None


def _paragraph_sentences(s: Sentence) -> list[Sentence]:
    """The sentences of ``s``'s paragraph (headlines excluded)."""
    disc = s.disc
    sents = getattr(disc, "sents", None) if disc is not None else None
    if not sents:
        return []
    par = disc.paragraph(s.start)
    breaks = getattr(disc, "paragraph_breaks", None)
    if breaks is None:
        return [t for t in sents if disc.paragraph(t.start) == par and not t.headline]
    # the paragraph's span between its breaks (as ``paragraph``: bisect_right, sorted breaks)
    lo = breaks[par - 1] if par > 0 else None
    hi = breaks[par] if par < len(breaks) else None
    return [
        t for t in sents
        if (lo is None or lo <= t.start) and (hi is None or t.start < hi) and not t.headline
    ]  # fmt: skip


def _dateline_city(s: Sentence) -> tuple[str, str] | None:
    """The city of the dateline that heads ``s``'s section: the article's dateline, or a later
    sub-dateline of a roundup ("WASHINGTON (Wire) -" after a HELSINKI story) from its sentence
    on (rule loc.sub_dateline)."""
    disc = s.disc
    if disc is None or not getattr(disc, "dateline", None):
        return None
    found = None
    for t in getattr(disc, "sents", ()):
        if found is not None and t.start > s.start:
            break
        for x in t.mentions:
            if x.rule == "loc.dateline" and x.place is not None and x.place.kind == "city":
                found = (x.place.name, x.place.country)
                break
    return found


def _after_trigger(s: Sentence, m: Match, k: int, speech: bool) -> bool:
    """Token ``k`` is in the trigger's own adjuncts: after it, in its clause, before the next
    verb trigger; after a speech verb only in a chain of adjuncts that opens right after it
    ("said at a joint news conference with Dr. Singh at Hyderabad House")."""
    toks = s.tokens
    if k < m.end or s.quoted[k]:
        return False
    nxt = min((x.start for x in s.matches if x.start >= m.end and not x.noun), default=len(toks))
    if k >= nxt:
        return False
    between = toks[m.end : k]
    if any(t.text in _CLAUSE_BREAKS or t.lower in _CLAUSE_BREAKS for t in between):
        return False
    if s.clause[k] != s.clause[m.start] and between:
        return False
    if speech and between:  # "said on Thursday at a news conference ...": past the dates
        rest = [t for t in between if not _in_timex(s, t.start, t.end)]
        while rest and rest[0].lower in _DATE_PREPS:
            rest = rest[1:]
        return not rest or rest[0].lower in _ADJUNCT_PREPS
    return True


def _named_venue(s: Sentence, m: Match, speech: bool) -> Found:
    """[loc.named_venue] "at Hyderabad House", "at the Itamaraty Palace" (a capitalised name
    ending in a building noun) in a NEW DELHI story: the dateline city."""
    city = _dateline_city(s)
    if city is None:
        return None, None
    toks = s.tokens
    nouns = rules()["loc.named_venue"]
    for k, t in enumerate(toks[:-2]):
        if t.lower != "at":
            continue
        j = k + 2 if toks[k + 1].lower in _DETERMINERS else k + 1
        e = j
        while e < len(toks) and (
            (toks[e].is_cap and toks[e].key) or (e > j and toks[e].text in _POSSESSIVE)
        ):
            e += 1  # "at the Governor's House": a possessive inside the name
        if e - j >= 2 and toks[e - 1].lower in nouns and _after_trigger(s, m, k, speech):
            return city, "loc.named_venue"
    return None, None


def _first_predicate(s: Sentence, m: Match) -> Match | None:
    """ "The President also met separately here on Thursday with ... and urged them to ...": the
    verb trigger before ``m`` whose subject ``m`` shares ("and"/"but" right before ``m``, no
    subject between), else None; its "here" is ``m``'s too (rule loc.here_dateline)."""
    toks = s.tokens
    k = m.start - 1
    if m.noun or k < 1 or toks[k].lower not in ("and", "but"):
        return None
    before = [x for x in s.matches if not x.noun and x.end <= k and not s.quoted[x.start]]
    return before[-1] if before else None


def _fronted_named_venue(s: Sentence, m: Match) -> Found:
    """[loc.named_venue] "Addressing a civic reception at the Lahore Fort on Saturday night, Mr
    Vajpayee said ...": a sentence-opening speaking participle (words list
    ``speaking_participles``) whose phrase, up to its comma before the trigger, holds a named
    building ("at" and capitalised words ending in a building noun) in a story with a dateline
    city: the dateline city."""
    city = _dateline_city(s)
    toks = s.tokens
    if city is None or not toks or toks[0].lower not in words("speaking_participles"):
        return None, None
    comma = next((k for k in range(1, min(len(toks), 18)) if toks[k].text == ","), None)
    if comma is None or m.start < comma:
        return None, None
    nouns = rules()["loc.named_venue"]
    for k in range(1, comma - 2):
        if toks[k].lower != "at":
            continue
        j = k + 2 if toks[k + 1].lower in _DETERMINERS else k + 1
        e = j
        while e < comma and toks[e].is_cap and toks[e].key:
            e += 1
        if e - j >= 2 and toks[e - 1].lower in nouns:
            return city, "loc.named_venue"
    return None, None


def _building(s: Sentence, m: Match, speech: bool) -> Found:
    """[loc.building_scene] "told newsmen as he left the residence", "signed the declaration at
    the guesthouse", "marched outside the building": a definite common building noun (words of
    the venues.tsv row) after a preposition or "left", after the trigger in its clause chain (no
    comma, "that" or quotation mark between; after a verb of saying, never right after it: "said
    the building was safe"), in a story with a dateline city: the dateline city, like a named
    building; without a dateline, no place."""
    city = _dateline_city(s)
    if city is None:
        return None, None
    toks = s.tokens
    nouns = rules()["loc.building_scene"]
    for k in range(m.end + 1, len(toks) - 1):
        t = toks[k]
        if t.text in _CLAUSE_BREAKS or t.lower in _CLAUSE_BREAKS or s.quoted[k]:
            return None, None
        if t.lower != "the" or toks[k + 1].lower not in nouns or toks[k + 1].is_cap:
            continue
        if k + 2 < len(toks) and toks[k + 2].is_cap:
            continue  # "the building of the Duma": a named one
        if toks[k - 1].lower in _BUILDING_PREPS and (not speech or k - 1 > m.end):
            return city, "loc.building_scene"
    return None, None


def _here(s: Sentence, m: Match, speech: bool) -> Found:
    """[loc.here_dateline] the narrator's "here" in the trigger's adjuncts: the dateline city."""
    city = _dateline_city(s)
    if city is None:
        return None, None
    for k, t in enumerate(s.tokens):
        if t.lower not in rules()["loc.here_dateline"] or s.quoted[k]:
            continue
        if _after_trigger(s, m, k, speech) or _here_after_addressee(s, m, k, speech):
            return city, "loc.here_dateline"
        if _here_before_complement(s, m, k, speech):
            return city, "loc.here_dateline"
        if m.noun and _here_after_noun(s, m, k):
            return city, "loc.here_dateline"
    return None, None


def _told_today(s: Sentence, m: Match, speech: bool) -> Found:
    """[loc.reporters_today] "Kissinger told reporters today that ...", in a story with a
    dateline city, a clause that names no place: the people told face to face (words list
    ``addressee_nouns``) on the dateline's day ("today", "tonight"; words of the venues.tsv
    row) are in the dateline city; a message ("told President Kennedy today") is not."""
    city = _dateline_city(s)
    if city is None:
        return None, None
    toks = s.tokens
    today = rules()["loc.reporters_today"]
    if not speech:  # [loc.signed_today] "signed an agreement shortly after midnight today"
        if m.trigger.cameo != "057":
            return None, None
        for k in range(m.end, min(len(toks), m.end + 8)):
            if toks[k].text in _CLAUSE_BREAKS or toks[k].lower in _CLAUSE_BREAKS:
                break
            if toks[k].lower in today and not s.quoted[k]:  # "after midnight today"
                return city, "loc.signed_today"
        return None, None
    for k in range(m.end + 1, min(len(toks), m.end + 4)):
        if toks[k].lower in today and not s.quoted[k] and _addressed(s, m, k):
            return city, "loc.reporters_today"
    return None, None


def _told_own_plan(s: Sentence, m: Match, countries: frozenset[str]) -> Found:
    """[loc.told_own_plan] "Saudi Arabia and Iran announced in Beijing on Friday that they would
    restore relations", "the minister said in Ankara that Turkey would send aid": what a
    telling with a place of its own right after its verb ("in"/"at" <place>, before the trigger)
    says the teller's own state did or will do (``countries``: the states of the event's doers;
    the teller: the nearest actor before the verb) was told there; another state's act ("said
    in Ankara that Russia had bombed ...") stays unplaced."""
    toks = s.tokens
    for x in s.matches:
        if x.noun or not x.trigger.cameo.startswith("01") or x.end > m.start or s.quoted[x.start]:
            continue
        place = next(
            (y for y in _own_places(s)
             if x.end < y.start <= x.end + 2 and y.end <= m.start
             and toks[y.start - 1].lower in ("in", "at") and y.place is not None),
            None,
        )  # fmt: skip
        if place is None or any(t.lower == "that" for t in toks[x.end : place.start]):
            continue
        teller = max(
            (y for y in s.mentions if y.end <= x.start and y.is_actor and not y.quoted),
            key=lambda y: y.end, default=None,
        )  # fmt: skip
        state = _state_of(teller)
        if state is not None and state in countries:
            assert place.place is not None
            return (place.place.name, place.place.country), "loc.told_own_plan"
    return None, None


def _state_of(x: Mention | None) -> str | None:
    ent = x.entity if x is not None else None
    if ent is None:
        return None
    return ent.name if ent.kind == "country" else ent.country


def _here_after_addressee(s: Sentence, m: Match, k: int, speech: bool) -> bool:
    """ "had told reporters here on Sunday": after a verb of saying, the people told (words
    list ``addressee_nouns``, with an optional determiner) and then "here"."""
    if not speech or k <= m.end:
        return False
    return _addressed(s, m, k)


def _here_before_complement(s: Sentence, m: Match, k: int, speech: bool) -> bool:
    """ "told a luncheon of eight delegation leaders here that ...", 'called the offer "a
    hopeful development" in an interview here this afternoon': after a verb of saying, "here"
    in its own adjuncts (at most eight words after it outside a quotation, no verb trigger,
    "that" or clause mark among them) before what was said ("that"), a comma or the
    sentence's end (past a date). "said the talks held here had failed" is not the telling's."""
    toks = s.tokens
    if not speech or k <= m.end:
        return False
    own = 0
    for j in range(m.end, k):
        if s.quoted[j] or toks[j].text in _QUOTES:
            continue
        own += 1
        if toks[j].text in _CLAUSE_BREAKS or toks[j].lower in _CLAUSE_BREAKS or own > 8:
            return False
        if any(x.start == j and not x.noun for x in s.matches):
            return False
    j = k + 1
    while j < len(toks) and _in_timex(s, toks[j].start, toks[j].end):
        j += 1
    return j >= len(toks) or toks[j].lower in ("that", ",", ".", ";")


def _addressed(s: Sentence, m: Match, k: int) -> bool:
    """Only the people told (words list ``addressee_nouns``) stand between the trigger and
    token ``k``."""
    between = [t.lower for t in s.tokens[m.end : k]]
    if between and between[0] in _DETERMINERS:
        between = between[1:]
    return len(between) == 1 and between[0] in words("addressee_nouns")


def _here_after_noun(s: Sentence, m: Match, k: int) -> bool:
    """ "The talks opened here on Wednesday", "the treaty signed here": a noun trigger, then
    at most three lower-case words of its own clause (its verb), then "here"."""
    toks = s.tokens
    between = toks[m.end : k]
    return (
        0 < len(between) <= 3
        and all(t.text.islower() and t.lower not in _CLAUSE_BREAKS for t in between)
        and s.clause[k] == s.clause[m.start]
    )


def scene_place(s: Sentence) -> tuple[Mention, str] | None:
    """ "In Pretoria, ...", "In the Gaza Strip on Monday, ...", "Meanwhile, in Brussels, ...",
    "In an interview in Kyiv, ...": the place of a sentence-opening locative phrase that ends at
    the first comma (a date may follow the place), with the rule that found it, else None. The
    words of loc.scene_setter:
    "in" opens the phrase, the others may stand before it with a comma; an occasion (words of
    loc.scene_occasion) may stand between "In" and "in <place>"."""
    toks = s.tokens
    opener = rules()["loc.scene_setter"]
    i = 0
    while i < min(len(toks), 6) and (
        (toks[i].lower in opener and toks[i].lower != "in")
        or (i and toks[i].text == ",")
        or _in_timex(s, toks[i].start, toks[i].end)
        or (  # "Also on Tuesday in Rome,"
            toks[i].lower in _DATE_PREPS
            and i + 1 < len(toks)
            and _in_timex(s, toks[i + 1].start, toks[i + 1].end)
        )
    ):
        i += 1  # "Meanwhile, in Brussels,", "Also yesterday in Vienna,"
    if len(toks) < i + 4 or toks[i].lower != "in" or s.quoted[i]:
        return None
    comma = next((k for k in range(i + 1, min(len(toks), i + 14)) if toks[k].text == ","), None)
    if comma is None or comma > i + 6:
        comma = _subject_after_place(s, i) or comma  # "In Havana Dr. Castro said"
    places = [x for x in _own_places(s) if comma is not None and i < x.start and x.end <= comma]
    if comma is None or not places or building_name(s, places[0]):
        return None
    x = places[0]
    head = toks[i + 1 : x.start]
    if not _scene_head(s, head):
        return None
    rest = toks[x.end : comma]
    while rest and rest[0].is_cap and not _in_timex(s, rest[0].start, rest[0].end):
        rest = rest[1:]  # the rest of the place's name: "the Gaza Strip"
    # only a date may follow: "In Pretoria on Friday,"
    if not all(t.lower in _DATE_PREPS or _in_timex(s, t.start, t.end) for t in rest):
        return None
    return x, "loc.scene_occasion" if len(head) > 1 else "loc.scene_setter"


def _subject_after_place(s: Sentence, i: int) -> int | None:
    """ "In Havana Dr. Castro said to-night ...": with no comma, "In <place>" right before the
    sentence's actor subject (a capitalised mention starting right after the place, or after
    a title and its period) ends where the subject starts; the end, else None."""
    toks = s.tokens
    j = i + 2 if i + 1 < len(toks) and toks[i + 1].lower == "the" else i + 1
    x = next((x for x in _own_places(s) if x.start == j), None)
    if x is None or x.end >= len(toks) or not toks[x.end].is_cap:
        return None
    for y in s.mentions:
        between = toks[x.end : y.start]
        if (
            y.is_actor
            and x.end <= y.start <= x.end + 3
            and all(t.is_cap or t.text == "." for t in between)
        ):
            return x.end  # "Dr. Castro", "President Dorticos": a title may stand before
    return None


def _scene_head(s: Sentence, head: list[Token]) -> bool:
    """The words between "In" and the place: none, "the" or one modifier ("southern"), or an
    occasion of lower-case words ending in "in"/"at" ("an interview in", "a speech to
    parliament in"; words of loc.scene_occasion), never a government's seat ("the government
    in Kyiv")."""
    if not head or (len(head) == 1 and (head[0].lower == "the" or head[0].text.islower())):
        return True
    if len(head) > 7 or head[-1].lower not in ("in", "at") or len(head) < 3:
        return False
    if head[-2].lower in rules()["loc.seat_not_venue"]:
        return False
    occasion = rules()["loc.scene_occasion"]
    return all(t.text.islower() for t in head) and any(t.lower in occasion for t in head)


def _in_timex(s: Sentence, start: int, end: int) -> bool:
    return any(t.start <= start and end <= t.end for t in s.timexes)


def _in_what_was_said(s: Sentence, m: Match, after: int) -> bool:
    """The trigger follows a verb of saying after token ``after`` (it is inside what was said:
    "In Washington, officials said North Korea had tested a missile"); a verb right after ",
    and" ("said the decision was binding, and urged them to ...") is the speaker's next act."""
    toks, k = s.tokens, m.start
    if k >= 2 and toks[k - 1].lower in ("and", "but") and toks[k - 2].text == ",":
        return False
    return any(
        x is not m and not x.noun and x.trigger.cameo.startswith("01")
        and after <= x.start and x.end <= m.start
        for x in s.matches
    )  # fmt: skip


def _scene(s: Sentence, m: Match, countries: frozenset[str] = frozenset()) -> Found:
    """[loc.scene_setter] / [loc.scene_continued] the paragraph's fronted "In <place>,";
    [loc.scene_own_state] what a speaker there says his own state (the scene's country) did or
    will do ("In London, the Prime Minister said Britain would press ...") is told there too."""
    scene = scene_place(s)
    if scene is not None:
        x, rule = scene
        assert x.place is not None
        if m.start <= x.end:
            return None, None
        if _in_what_was_said(s, m, x.end):
            if not x.place.country or x.place.country not in countries:
                return None, None
            rule = "loc.scene_own_state"
        return (x.place.name, x.place.country), rule
    if _own_places(s) or not _pronoun_subject(s) or _in_what_was_said(s, m, 0):
        return None, None
    if m.start > _first_clause_end(s):
        return None, None  # "He said ..., and the police fired ...": not the pronoun's event
    prev = previous_in_paragraph(s)
    while prev is not None:
        scene = scene_place(prev)
        if scene is not None:
            x = scene[0]
            assert x.place is not None
            return (x.place.name, x.place.country), "loc.scene_continued"
        if _own_places(prev) or not _pronoun_subject(prev):
            return None, None
        prev = previous_in_paragraph(prev)
    return None, None


def _pronoun_subject(s: Sentence) -> bool:
    """The sentence's subject is a personal pronoun: "He told ...", or after an opening
    quotation '"This is historic," he said.'"""
    toks = s.tokens
    k = 0
    if toks and toks[0].text in _QUOTES:  # past the opening quotation and its comma
        k = next((j + 1 for j in range(1, len(toks)) if toks[j].text in _QUOTES), len(toks))
        while k < len(toks) and not toks[k].key:
            k += 1
    return k < len(toks) and toks[k].lower in rules()["loc.scene_continued"]


def _first_clause_end(s: Sentence) -> int:
    """The end of the pronoun subject's clause chain: the first ", and"/"; " after the start."""
    toks = s.tokens
    for k in range(1, len(toks) - 1):
        if toks[k].text in (",", ";") and toks[k + 1].lower in ("and", "but") and not s.quoted[k]:
            return k
    return len(toks)


def previous_in_paragraph(s: Sentence) -> Sentence | None:
    """The sentence before ``s`` in its paragraph (None at a paragraph's start or a headline)."""
    disc = s.disc
    sents = getattr(disc, "sents", None) if disc is not None else None
    if not sents:
        return None
    k = next((i for i, t in enumerate(sents) if t.start == s.start), None)
    if not k:
        return None
    prev = sents[k - 1]
    if disc.paragraph(prev.start) != disc.paragraph(s.start) or prev.headline:
        return None
    return prev  # type: ignore[no-any-return]


__all__ = [
    "building_name",
    "building_not_venue",
    "previous_in_paragraph",
    "recalled_home",
    "rules",
    "scene_place",
    "seat_not_venue",
    "venue",
]
