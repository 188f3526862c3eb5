"""Actor lexicon: countries, organisations and office holders with their terms, as data.

The data files live in ``timeline/events/lexicon/en/``:

- ``countries.tsv``: canonical names, short names, demonyms and metonyms ("Pyongyang");
  every other country still resolves through its pycountry names.
- ``organizations.tsv``: international organisations, state media, domestic political bodies.
- ``people.tsv``: heads of state and government and foreign ministers with their terms.
- ``office_holders.tsv``: the curated 2014-2026 complement with a CAMEO code per term (heads of
  international organisations, envoys, Gulf, Pakistani, Israeli ... office holders, armed
  group leaders); checked row by row (:mod:`timeline.events.lexicon.office`).
- ``titles.tsv``: titles that introduce a name or stand for an office holder.
- ``petrarch/``: the derived lexicon (about 18,000 dated people, 6,800 organisations and groups,
  5,900 agent words, with CAMEO actor codes; :mod:`timeline.events.lexicon.coded`). Its names
  and multi-word aliases join the index wherever the curated files above do not already use
  them (curated data wins); aliases that start with a title ("President Gorbachev") are left
  to the title patterns.

All keys are folded with :func:`timeline.textutil.fold`, so matching ignores case, accents and
punctuation ("Kim Jong-un" == "kim jong un"), except short all-capital aliases ("US", "UN")
which only match when written in capitals in running text.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import pycountry

from timeline.events.types import ActorRef
from timeline.resources import read_tsv
from timeline.textutil import fold

if TYPE_CHECKING:
    from timeline.events.lexicon.coded import CodeTerm

_DATA = "en"


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical actor: a country, an organisation or a person."""

    name: str
    kind: str  # person | country | organization | group
    country: str | None = None
    aliases: tuple[str, ...] = ()
    domestic: bool = False  # a state's own political body (parliament, party organ)

    @property
    def state(self) -> str | None:
        """The state the actor acts for: a country itself, else a person's or body's country."""
        return self.name if self.kind == "country" else self.country


@dataclass(frozen=True, slots=True)
class Term:
    """One office term of a person: who held which office of which country, when."""

    name: str
    country: str | None
    role: str  # head_of_state | head_of_government | foreign_minister | other
    titles: tuple[str, ...]  # folded office titles ("president", "supreme leader")
    leader: bool
    start: date
    end: date | None  # None = still in office

    def active(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Title:
    id: str
    title: str  # folded
    office: str  # folded office title used for holder look-ups ("" = none)
    political: bool
    agent: str = ""  # the CAMEO agent segment the title names ("GOV", "LEG"; "" = none)


@dataclass(slots=True)
class Lexicon:
    """All actor data, indexed by folded alias."""

    aliases: dict[str, list[Entity]] = field(default_factory=dict)
    #: folded alias -> surface forms that must match exactly (short all-capital aliases)
    exact: dict[str, frozenset[str]] = field(default_factory=dict)
    #: multiword folded aliases whose every surface form capitalises the last word ("United
    #: Nations Watch"): a lower-case last word in the text ends the name before it
    cased_last: frozenset[str] = frozenset()
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> country
    metonyms: dict[str, str] = field(default_factory=dict)  # folded capital -> country
    countries: dict[str, Entity] = field(default_factory=dict)  # canonical name -> entity
    people: dict[str, Entity] = field(default_factory=dict)  # canonical name -> entity
    terms: list[Term] = field(default_factory=list)
    terms_by_person: dict[str, list[Term]] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # folded surname -> names
    surname_of: dict[str, str] = field(default_factory=dict)  # canonical name -> surname
    terms_by_country: dict[str | None, list[Term]] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)  # folded title -> Title
    max_words: int = 1  # longest alias in words
    iso3: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 -> canonical country
    country_iso3: dict[str, str] = field(default_factory=dict)  # canonical country -> alpha-3
    #: canonical name -> dated CAMEO codes of office_holders.tsv: (code, start, end exclusive)
    codes: dict[str, list[tuple[str, date, date | None]]] = field(default_factory=dict)

    def entity(self, name: str) -> Entity | None:
        return self.people.get(name) or self.countries.get(name) or _first(self.aliases, name)

    def holder(self, country: str | None, office: str, when: date | None) -> Term | None:
        """The person holding ``office`` ("president", "leader") of ``country`` on ``when``."""
        office = fold(office)
        role = _OFFICE_ROLES.get(office)  # "top diplomat" = the US Secretary of State
        found = [
            t
            for t in self.terms_by_country.get(country, ())
            if office in t.titles or (office == "leader" and t.leader) or t.role == role
        ]
        if not found:
            return None
        if when is None:
            current = [t for t in found if t.end is None]
            return _prefer_leader(current) if current else None
        active = [t for t in found if t.active(when)]
        return _prefer_leader(active) if active else None

    def by_surname(self, surname: str, when: date | None, office: str = "") -> str | None:
        """The person called ``surname`` (in office on ``when`` if several): canonical name."""
        names = self.surnames.get(fold(surname), [])
        if office:
            key = fold(office)
            held = [
                n for n in names if any(key in t.titles for t in self.terms_by_person.get(n, []))
            ]
            # "Prime Minister Sargsyan" in 2010 is the one whose office of that title was held
            # on the day (Tigran), not the president who held it later (Serzh)
            now = [
                n
                for n in held
                if when is not None
                and any(key in t.titles and t.active(when) for t in self.terms_by_person[n])
            ]
            names = now or held
        if len(names) == 1 and when is None:
            return names[0]
        if when is not None:
            active = [
                n for n in names if any(t.active(when) for t in self.terms_by_person.get(n, []))
            ]
            if len(active) == 1:
                return active[0]
            if active:
                leaders = [
                    n
                    for n in active
                    if any(t.leader and t.active(when) for t in self.terms_by_person[n])
                ]
                return leaders[0] if len(leaders) == 1 else None
            return None
        current = [n for n in names if any(t.end is None for t in self.terms_by_person[n])]
        return current[0] if len(current) == 1 else None


#: Office titles that name the same office in every state, whatever its local title.
_OFFICE_ROLES = {"foreign minister": "foreign_minister"}


def _first(index: dict[str, list[Entity]], name: str) -> Entity | None:
    hits = index.get(fold(name))
    return hits[0] if hits else None


def _prefer_leader(terms: list[Term]) -> Term | None:
    if not terms:
        return None
    leaders = [t for t in terms if t.leader]
    return (leaders or terms)[0]


def read_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a lexicon data file (``lexicon/en/<filename>``)."""
    return read_tsv("timeline.events.lexicon", f"{_DATA}/{filename}")


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _is_short_caps(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def _title_case_acronym(alias: str) -> str | None:
    """[lexicon.title_case_acronym] British style writes an acronym of four letters or more
    that is said as a word in title case ("Nato", "Opec", "Asean"): that surface of a curated
    all-capital alias matches too. Three letters stay exact ("Who" is no WHO, "Eta" no ETA)."""
    bare = alias.replace(".", "")
    if sum(c.isalpha() for c in bare) < 4 or not bare[:1].isalpha():
        return None
    return bare[:1] + bare[1:].lower()


@cache
def lexicon() -> Lexicon:
    """Load (once) and index every actor data file."""
    lex = Lexicon()
    exact: dict[str, set[str]] = defaultdict(set)
    index: dict[str, list[Entity]] = defaultdict(list)
    last_case: dict[str, bool] = {}

    def add(alias: str, entity: Entity) -> None:
        key = fold(alias)
        if not key:
            return
        _note_last_case(last_case, key, alias)
        if _is_short_caps(alias):
            exact[key].add(alias.replace(".", ""))
            title = _title_case_acronym(alias)
            if title:
                exact[key].add(title)
        if entity not in index[key]:
            index[key].append(entity)
        lex.max_words = max(lex.max_words, key.count(" ") + 1)

    # Countries: our table first (canonical names), then every pycountry country.
    by_iso: dict[str, dict[str, str]] = {r["iso2"]: r for r in read_rows("countries.tsv")}
    for country in pycountry.countries:
        iso = country.alpha_2
        row = by_iso.pop(iso, None)
        names = [getattr(country, "common_name", None), country.name]
        names.append(getattr(country, "official_name", None))
        canonical = row["name"] if row else (names[0] or country.name)
        lex.iso3[country.alpha_3] = canonical
        lex.country_iso3.setdefault(canonical, country.alpha_3)
        aliases = [n for n in names if n] + (split_list(row["aliases"]) if row else [])
        _add_country(lex, add, canonical, aliases, row)
    # countries pycountry lacks (Kosovo) or that no longer exist (the Soviet Union, East
    # Germany): their CAMEO code is the "country" row of actor_codes.tsv with their name
    historic = {
        r["label"]: r["code"] for r in read_rows("actor_codes.tsv") if r["kind"] == "country"
    }
    for row in by_iso.values():
        code = historic.get(row["name"])
        if code:
            lex.iso3[code] = row["name"]
            lex.country_iso3[row["name"]] = code
        _add_country(lex, add, row["name"], split_list(row["aliases"]), row)

    for row in read_rows("organizations.tsv"):
        ent = Entity(
            row["name"],
            row["kind"] or "organization",
            row["country"] or None,
            tuple(split_list(row["aliases"])),
            row["domestic"] == "1",
        )
        for alias in (row["name"], *ent.aliases):
            add(alias, ent)

    person_aliases: dict[str, list[str]] = defaultdict(list)
    person_country: dict[str, str | None] = {}
    surnames: dict[str, list[str]] = defaultdict(list)
    for row in read_rows("people.tsv"):
        name = row["name"]
        for alias in split_list(row["aliases"]):
            if alias not in person_aliases[name]:
                person_aliases[name].append(alias)
        person_country.setdefault(name, row["country"] or None)
        term = Term(
            name,
            row["country"] or None,
            row["role"],
            tuple(fold(t) for t in split_list(row["titles"])),
            row["leader"] == "1",
            date.fromisoformat(row["start"]),
            date.fromisoformat(row["end"]) if row["end"] else None,
        )
        lex.terms.append(term)
        lex.terms_by_person.setdefault(name, []).append(term)
        lex.terms_by_country.setdefault(term.country, []).append(term)
        key = fold(row["surname"])
        if key and name not in surnames[key]:
            surnames[key].append(name)
        if key:
            lex.surname_of.setdefault(name, key)
    _add_office_holders(lex, add, person_aliases, person_country, surnames)
    for name, aliases in person_aliases.items():
        ent = Entity(name, "person", person_country[name], tuple(aliases))
        lex.people[name] = ent
        for alias in (name, *aliases):
            add(alias, ent)
    for name in {t.name for t in lex.terms} - lex.people.keys():
        ent = Entity(name, "person", person_country[name])
        lex.people[name] = ent
        add(name, ent)

    for row in read_rows("titles.tsv"):
        t = Title(row["id"], fold(row["title"]), fold(row["office"]), row["political"] == "1",
                  row["agent"])  # fmt: skip
        lex.titles[t.title] = t

    _add_coded(lex, index, exact, last_case)
    _add_without_initials(index)

    lex.aliases = dict(index)
    lex.cased_last = frozenset(k for k, capital in last_case.items() if capital)
    lex.exact = {k: frozenset(v) for k, v in exact.items()}
    lex.surnames = dict(surnames)
    return lex


def _add_without_initials(index: dict[str, list[Entity]]) -> None:
    """[lexicon.without_initials] "Fidel V. Ramos", "Henry M. Jackson" are also named without
    their middle initials ("Gen. Fidel Ramos") when no other actor has that shorter name and
    only one person drops to it ("George H. W. Bush" keeps none: "George Bush" is listed)."""
    shorter: dict[str, list[Entity]] = defaultdict(list)
    for key, ents in index.items():
        words = key.split()
        if len(words) < 3 or len(words[0]) < 2 or len(words[-1]) < 2:
            continue
        if not any(len(w) == 1 for w in words[1:-1]):
            continue
        short = " ".join(w for w in words if len(w) > 1 or w in (words[0], words[-1]))
        for e in ents:
            if e.kind == "person" and e not in shorter[short]:
                shorter[short].append(e)
    for short, ents in shorter.items():
        if short not in index and len({e.name for e in ents}) == 1:
            index[short] = ents[:1]


def _add_office_holders(
    lex: Lexicon,
    add: Callable[[str, Entity], None],
    person_aliases: dict[str, list[str]],
    person_country: dict[str, str | None],
    surnames: dict[str, list[str]],
) -> None:
    """The terms of ``office_holders.tsv`` (checked: a broken row raises LexiconError with its
    file and line), with their CAMEO codes; its groups and organisations as actors."""
    from timeline.events.lexicon.office import office_holders

    for row in office_holders():
        lex.codes.setdefault(row.name, []).append((row.code, row.start, row.end))
        if row.kind != "person":
            ent = Entity(row.name, row.kind, row.country, row.aliases)
            for alias in (row.name, *row.aliases):
                add(alias, ent)
            continue
        for alias in row.aliases:
            if alias not in person_aliases[row.name]:
                person_aliases[row.name].append(alias)
        person_country.setdefault(row.name, row.country)
        if row.country is not None and person_country[row.name] is None:
            person_country[row.name] = row.country
        term = Term(row.name, row.country, row.role, tuple(fold(t) for t in row.titles),
                    row.leader, row.start, row.end)  # fmt: skip
        lex.terms.append(term)
        lex.terms_by_person.setdefault(row.name, []).append(term)
        lex.terms_by_country.setdefault(term.country, []).append(term)
        key = fold(row.surname)
        if key and row.name not in surnames[key]:
            surnames[key].append(row.name)
        if key:
            lex.surname_of.setdefault(row.name, key)


def office_code(name: str, when: date | None) -> str | None:
    """The CAMEO code of ``name``'s ``office_holders.tsv`` term active on ``when`` (without a
    date: the latest term's), else None. A term's last day counts: on the day a leader resigns
    or is deposed he still holds the office (the holder lookup by office, ``Term.active``,
    gives that day to the successor)."""
    terms = lexicon().codes.get(name)
    if not terms:
        return None
    if when is None:
        return max(terms, key=lambda t: t[1])[0]
    active = [t for t in terms if t[1] <= when and (t[2] is None or when <= t[2])]
    return max(active, key=lambda t: t[1])[0] if active else None


_NOT_FIRST = frozenset({"the", "a", "an", "former", "ex", "late", "mr", "mrs", "ms", "dr"})


def _note_last_case(last_case: dict[str, bool], key: str, surface: str) -> None:
    """Record whether ``surface`` (an alias of the multiword ``key``) capitalises its last
    word; a key is case-bound when every surface of it does."""
    if " " not in key:
        return
    words = surface.split()
    capital = bool(words) and words[-1][:1].isupper()
    last_case[key] = last_case.get(key, True) and capital


def _add_coded(
    lex: Lexicon,
    index: dict[str, list[Entity]],
    exact: dict[str, set[str]],
    last_case: dict[str, bool],
) -> None:
    """Join the derived lexicon's names to the index where the curated data does not use them.

    Keys are precomputed by the build; names starting with a title or a determiner are left
    to the title patterns ("President Gorbachev" = title + "Gorbachev")."""
    from timeline.events.lexicon.coded import CodedActor, coded_lexicon, country_segment

    coded = coded_lexicon()
    firsts = {k.split(" ", 1)[0] for k in lex.titles} | _NOT_FIRST
    made: dict[str, Entity] = {}
    shadowed: list[tuple[str, CodedActor]] = []
    titles = sorted(lex.titles, key=len, reverse=True)
    for key, actor in coded.actors.items():
        if key.split(" ", 1)[0] in firsts:
            continue
        if actor.kind != "person" and _role_phrase_key(key, titles, index):
            continue
        if actor.kind == "person" and _org_titled_key(key, firsts, index):
            continue
        if key in index:
            # a curated person's name that another person of the derived lexicon also had
            # ("George Bush": W. in the curated list, H. W. in the derived one): both are
            # kept and the date of the sentence picks (see _pick)
            if actor.kind == "person" and all(
                e.kind == "person" and e.name != actor.name for e in index[key]
            ):
                shadowed.append((key, actor))
            continue
        ent = made.get(actor.name)
        if ent is None:
            seg = country_segment(actor.first_code)
            country = lex.iso3.get(seg) if seg else None
            ent = made[actor.name] = Entity(actor.name, actor.kind, country, actor.aliases)
        index[key] = [ent]
        if " " in key:
            for surface in (actor.name, *actor.aliases):
                if fold(surface) == key:
                    _note_last_case(last_case, key, surface)
        if len(key) <= 5:
            for surface in (actor.name, *actor.aliases):
                if fold(surface) == key and _is_short_caps(surface):
                    exact[key].add(surface.replace(".", ""))
        words = key.count(" ") + 1
        if words > lex.max_words:
            lex.max_words = words
    for key, actor in shadowed:
        other = made.get(actor.name)
        if other is not None and any(t.start or t.end for t in actor.terms):
            index[key].append(other)


def _org_titled_key(key: str, firsts: set[str], index: dict[str, list[Entity]]) -> bool:
    """A derived person's name that opens with a known organisation or country and a title
    ("un secretary general ban ki moon" of "Secretary-General Ban Ki-Moon") is left to the
    title patterns, as a name opening with a title is: "UN Secretary-General Ban Ki-moon" is
    the person the curated lexicon names (Ban Ki-moon), not a derived name with the title."""
    words_ = key.split(" ")
    for i in range(1, min(4, len(words_) - 1)):
        head = " ".join(words_[:i])
        if words_[i] in firsts and any(e.kind != "person" for e in index.get(head, ())):
            return True
    return False


def _role_phrase_key(key: str, titles: list[str], index: dict[str, list[Entity]]) -> bool:
    """A derived organisation named by a known actor and a title ("un envoy", "un secretary
    general", "world bank president") is a role phrase, not an organisation of its own: the
    title patterns read it ("UN envoy Martin Griffiths" = the envoy; "The UN
    Secretary-General, Antonio Guterres," = Guterres), so the derived name is not indexed.
    "burger king" stays (no actor is called "burger")."""
    for title in titles:
        if key.endswith(" " + title):
            head = key[: -len(title) - 1]
            return head in index and any(e.kind != "person" for e in index[head])
    return False


@functools.cache
def _derived_surnames() -> dict[str, tuple[str, ...]]:
    """Folded last name -> the derived lexicon's people of that name (built on first use)."""
    from timeline.events.lexicon.coded import coded_lexicon

    out: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    # a word of a title is never read as a last name ("after Prime Minister's Questions" is
    # not a Grenadian minister called George Prime)
    title_words = {w for title in lexicon().titles for w in title.split()}
    for actor in coded_lexicon().actors.values():
        if actor.kind != "person" or actor.name in seen:
            continue
        seen.add(actor.name)
        last = fold(actor.name).rsplit(" ", 1)[-1]
        if last and last not in title_words:
            out[last].append(actor.name)
    return {k: tuple(v) for k, v in out.items()}


def derived_surname(surname: str) -> bool:
    """Whether some person of the derived lexicon has the last name ``surname`` (folded)."""
    return fold(surname) in _derived_surnames()


def dated_surname(surname: str, when: date) -> Entity | None:
    """The one person of the derived lexicon called ``surname`` who held a government office
    (a ``...GOV`` code with dates) on ``when``: "Reagan" in 1987, "Gorbachev" in 1988. None
    when none or several do (never a guess)."""
    from timeline.events.lexicon.coded import coded_lexicon

    coded = coded_lexicon()
    lex = lexicon()
    found = []
    for name in _derived_surnames().get(fold(surname), ()):
        actor = coded.actors.get(fold(name))
        if actor is None:
            continue
        if any(
            t.code.endswith("GOV") and (t.start or t.end) and t.active(when) for t in actor.terms
        ):
            found.append(name)
    if len(found) != 1:
        return None
    hits = [e for e in lex.aliases.get(fold(found[0]), []) if e.kind == "person"]
    return hits[0] if hits else None


def actor_code(ref: ActorRef, when: date | None) -> str | None:
    """The CAMEO actor code of ``ref`` on ``when``: a country's alpha-3 code, a person's or an
    organisation's dated code from the derived lexicon, a curated office holder's government
    code (``RUSGOV``), else the government of the country a political title named; None when
    nothing says (never a guess from the name alone)."""
    return actor_code_rule(ref, when)[0]


def actor_code_rule(ref: ActorRef, when: date | None) -> tuple[str | None, str]:
    """``actor_code`` and the id of the rule that gave it (``code.mention``: fixed by the
    phrase, "Syrian rebels"; ``code.country``; ``code.office_term``: a curated office holder
    in office on ``when``; ``code.derived``: the PETRARCH2-derived lexicon's dated code;
    ``code.title_country``: a person found by a political title; ``code.none``)."""
    from timeline.events.lexicon.coded import coded_lexicon, country_segment

    if ref.code:
        return ref.code, "code.mention"
    lex = lexicon()
    if ref.kind == "country":
        iso3 = lex.country_iso3.get(ref.name)
        return iso3, "code.country" if iso3 else "code.none"
    dated = office_code(ref.name, when)
    if dated:
        return dated, "code.office_term"
    iso = lex.country_iso3.get(ref.country or "")
    terms = lex.terms_by_person.get(ref.name) if ref.kind == "person" else None
    if ref.kind == "person":
        if terms and iso and (when is None or any(t.active(when) for t in terms)):
            return f"{iso}GOV", "code.office_term"
        begins = _state_codes_from().get(ref.country or "")
        if begins is not None and when is not None and when < begins:
            # "Eduard Shevardnadze" in 1987 acted for the Soviet Union: no Georgian code
            return None, "code.before_state"
    coded = coded_lexicon()
    found = coded.code_of(ref.name, when)
    if found is None and ref.kind in ("organization", "group"):
        # the curated name is not the source's ("G8" / "Group Of Eight", "Organization of the
        # Petroleum Exporting Countries" / "OPEC"): an alias's code, when its country is the
        # actor's (none for an international body; "Ansar Allah" in the source is Lebanese,
        # never the Houthis' code)
        for alias in ref.aliases:
            code = coded.code_of(alias, when)
            if code and country_segment(code) == (iso or None):
                return code, "code.derived_alias"
    if found and ref.kind == "person" and iso and country_segment(found) not in (None, iso):
        # a person of one country never takes another's code: the derived "King Abdullah"
        # is Jordan's, the curated one (people.tsv) Saudi Arabia's
        found = None
    curated = terms is not None or ref.name in lex.codes
    agent = title_agent(ref.mention) if ref.kind == "person" and iso and not curated else ""
    if agent and (found is None or found[3:6] == "ELI"):
        # "Prime Minister Viktor Orban" (2024), "House Speaker Nancy Pelosi" (2022): the
        # text's title names the office the source's terms miss (its undated elite code);
        # a curated person's dated terms are complete, and out of them he has no office code
        return f"{iso}{agent}", "code.title_agent"
    if agent and found and when is not None and found != f"{iso}{agent}":
        # two terms at once ("Foreign Minister Tzipi Livni" in February 2007 was also acting
        # justice minister, ISRGOVJUD): the title picks the office it names
        both = coded.actors.get(fold(ref.name))
        held = both.terms if both is not None else ()
        if any(t.code == f"{iso}{agent}" and (t.start or t.end) and t.active(when) for t in held):
            return f"{iso}{agent}", "code.title_agent"
    if found:
        return found, "code.derived"
    listed = coded.actors.get(fold(ref.name)) if ref.kind == "person" and iso else None
    listed = None if curated else listed
    if listed is not None and when is not None:
        # a listed person outside all his dated terms: his country alone ("Nancy Pelosi" in
        # 2022 is USA, never a guessed government USAGOV); a few years before a term that
        # starts when the source's rosters start (2003-01-01), that term's code: the office
        # may well be older than the roster ("Jaswant Singh" in 1999 is INDGOV)
        early = _roster_term_code(listed.terms, when)
        if early and country_segment(early) == iso:
            return early, "code.before_roster"
        return iso, "code.person_country"
    if ref.kind == "person" and iso and ref.name not in lex.people:
        # found by a political title: "Vice Foreign Minister Choe Son-hui"
        return f"{iso}GOV", "code.title_country"
    if ref.kind in ("organization", "group") and iso and ref.name not in lex.codes:
        # a state's body or company no source codes ("US Treasury", "Gazprom"): its country
        # alone, never a guessed agent (a curated one out of its dated term has no code)
        return iso, "code.org_country"
    return None, "code.none"


#: The day the source's rosters of ministers start (most derived terms open then) and how
#: many days before it a term's code is still taken (``code.before_roster``).
ROSTER_START = date(2003, 1, 1)
ROSTER_LEEWAY_DAYS = 5 * 365


def _roster_term_code(terms: tuple[CodeTerm, ...], when: date) -> str | None:
    """The code of a non-elite term starting on ``ROSTER_START`` when ``when`` falls in the
    ``ROSTER_LEEWAY_DAYS`` before it, else None."""
    if not 0 < (ROSTER_START - when).days <= ROSTER_LEEWAY_DAYS:
        return None
    first = [t for t in terms if t.start == ROSTER_START and t.code[3:6] != "ELI"]
    return first[0].code if first else None


@cache
def _state_codes_from() -> dict[str, date]:
    """Successor state -> the day its own code starts to apply to its people
    (``state_codes_from.tsv``)."""
    return {r["country"]: date.fromisoformat(r["from"]) for r in read_rows("state_codes_from.tsv")}


def title_agent(mention: str) -> str:
    """The CAMEO agent segment of the longest title (``titles.tsv`` agent) in ``mention``
    ("US House Speaker Nancy Pelosi" -> "LEG"), else ""."""
    if not mention:
        return ""
    words = fold(mention).split()
    titles = lexicon().titles
    best, size = "", 0
    for i in range(len(words)):
        for j in range(min(len(words), i + 4), i + size, -1):
            t = titles.get(" ".join(words[i:j]))
            if t is not None and j - i > size:
                best, size = t.agent, j - i
                break
    return best


def _add_country(
    lex: Lexicon,
    add: Callable[[str, Entity], None],
    canonical: str,
    aliases: list[str],
    row: dict[str, str] | None,
) -> None:
    ent = lex.countries.get(canonical)
    if ent is None:
        extra = split_list(row["aliases"]) if row else []
        ent = Entity(canonical, "country", canonical, tuple(dict.fromkeys(extra)))
        lex.countries[canonical] = ent
    for alias in (canonical, *aliases):
        add(alias, ent)
    if row:
        for dem in split_list(row["demonyms"]):
            lex.demonyms.setdefault(fold(dem), canonical)
        for met in split_list(row["metonyms"]):
            lex.metonyms.setdefault(fold(met), canonical)
            add(met, ent)


def to_ref(entity: Entity, mention: str = "", role: str = "participant") -> ActorRef:
    return ActorRef(
        name=entity.name,
        kind=entity.kind,
        country=entity.country if entity.kind != "country" else entity.name,
        role=role,
        aliases=entity.aliases,
        mention=mention,
    )


_DETERMINERS = ("the ", "a ", "an ")


def resolve_actor(name: str, when: date | None = None) -> ActorRef | None:
    """Canonical actor for ``name`` ("kim jong-un", "Pyongyang"); None when unknown.

    ``when`` picks the office holder for role phrases ("the South Korean president" on
    2019-04-11 is Moon Jae-in) and disambiguates surnames ("Kim"); without it the current
    holder is used.

    >>> resolve_actor("pyongyang").name
    'North Korea'
    >>> resolve_actor("the South Korean president", date(2019, 4, 11)).name
    'Moon Jae-in'
    """
    lex = lexicon()
    key = fold(name)
    for det in _DETERMINERS:
        if key.startswith(det):
            key = key[len(det) :]
            break
    if not key:
        return None
    hits = lex.aliases.get(key)
    if hits:
        return to_ref(_pick(hits, when), mention=name)
    if key in lex.demonyms:
        return to_ref(lex.countries[lex.demonyms[key]], mention=name)
    person = lex.by_surname(key, when)
    if person is None and when is None:
        person = _most_recent(lex, key)
    if person:
        return to_ref(lex.people[person], mention=name)
    ref = _resolve_role_phrase(lex, key, when)
    if ref:
        ref.mention = name
    return ref


def pick_by_date(hits: list[Entity], when: date) -> Entity:
    """Among entities sharing a name, the one in office on ``when`` (else the first)."""
    return _pick(hits, when)


def _pick(hits: list[Entity], when: date | None) -> Entity:
    """Among entities sharing an alias prefer people in office on ``when``, then countries."""
    if len(hits) == 1:
        return hits[0]
    lex = lexicon()
    if when is not None:
        for ent in hits:
            if any(t.active(when) for t in lex.terms_by_person.get(ent.name, [])):
                return ent
        people = [e for e in hits if e.kind == "person"]
        if len(people) > 1:  # a name two people had: the one in a dated office then
            from timeline.events.lexicon.coded import coded_lexicon

            coded = coded_lexicon()
            for ent in people:
                actor = coded.actors.get(fold(ent.name))
                if actor is not None and any(
                    (t.start or t.end) and t.active(when) and t.code.endswith("GOV")
                    for t in actor.terms
                ):
                    return ent
    order = {"country": 0, "organization": 1, "group": 2, "person": 3}
    return sorted(hits, key=lambda e: order.get(e.kind, 4))[0]


def _most_recent(lex: Lexicon, surname: str) -> str | None:
    names = lex.surnames.get(surname, [])
    if not names:
        return None

    def last_day(n: str) -> date:
        return max((t.end or date.max) for t in lex.terms_by_person[n])

    leaders = [n for n in names if any(t.leader for t in lex.terms_by_person[n])]
    return max(leaders or names, key=last_day)


def _resolve_role_phrase(lex: Lexicon, key: str, when: date | None) -> ActorRef | None:
    """ "south korean president", "president of south korea", "president moon"."""
    words = key.split()
    for i in range(len(words) - 1, 0, -1):
        head, rest = " ".join(words[:i]), " ".join(words[i:])
        country = lex.demonyms.get(head) or _country_name(lex, head)
        title = lex.titles.get(rest)
        if country and title and title.office:
            term = lex.holder(country, title.office, when)
            if term:
                return to_ref(lex.people[term.name])
        title = lex.titles.get(head)
        if title:
            if rest.startswith("of "):
                country = _country_name(lex, rest[3:].removeprefix("the "))
                if country and title.office:
                    term = lex.holder(country, title.office, when)
                    if term:
                        return to_ref(lex.people[term.name])
            person = lex.by_surname(rest, when, title.office) or lex.by_surname(rest, when)
            if person is None and when is None:
                person = _most_recent(lex, rest)
            if person:
                return to_ref(lex.people[person])
    return None


def _country_name(lex: Lexicon, key: str) -> str | None:
    for ent in lex.aliases.get(key, []):
        if ent.kind == "country":
            return ent.name
    return None


__all__ = [
    "Entity",
    "actor_code",
    "actor_code_rule",
    "dated_surname",
    "pick_by_date",
    "Lexicon",
    "Term",
    "lexicon",
    "office_code",
    "read_rows",
    "resolve_actor",
    "split_list",
    "to_ref",
]
