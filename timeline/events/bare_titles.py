"""Bare definite titles that stand for a person or organ of the story (rule actor.bare_title).

"The President spoke with the Prime Minister yesterday", "the Secretary raised their cases",
"Senators accused the Administration": "the" and a title of ``bare_titles.tsv`` (any case),
with no name, no "of" and no possessive after it, is one person (or organ), resolved in order:

1. the person the article bound the same bare title to before (a bare title keeps its
   referent through the article: "The Secretary got back ... Secretary Carter will visit ...
   The Secretary raised ..." is the first Secretary again, never the one named in between);
2. the one person the article introduced with these title words ("President Ford ... The
   President also met ..."), never one introduced with a deputy's title ("Vice President");
3. the one person the article has named whose dated office (``people.tsv``,
   ``office_holders.tsv``) has the title on the sentence's date ("John Kerry ... the
   Secretary of State");
4. the holder of the office in the story's home state on the sentence's date (the home state
   of ``home_country.story_home``, else the header place of a transcript or press release;
   never a dateline's state alone); an organ row ("the Administration") is the home state itself;
   a row limited to some ``states`` gives nothing in a story of another state;
5. else no actor, and no later rule guesses one when the title is ambiguous or the story has
   no home state and the sentence names no place; with a home state but no holder known, or
   a place in the sentence ("declared the chancellor to journalists in Bogota"), the agent
   rules give the state acting through its office, as for "the Nigerian president".

Several people fitting step 2 or 3 are told apart by the home state (the one of the home state);
otherwise the title is ambiguous ("President Biden met President Zelensky. The president said")
and gives no actor: a wrong actor is worse than none. A foreign leader is never taken by
default: step 4 only looks up the home state's office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from timeline.events.home_country import story_home
from timeline.events.tokens import Token
from timeline.events.words import words as word_list
from timeline.textutil import fold

if TYPE_CHECKING:
    from timeline.events.actors import Context, Mention
    from timeline.events.lexicon import Entity, Lexicon

_DEPUTIES = word_list("leader_title_deputies")  # "Vice President Pence" is no President


@dataclass(frozen=True, slots=True)
class BareTitle:
    """One row of ``bare_titles.tsv``."""

    id: str
    words: tuple[str, ...]  # folded title words ("prime", "minister")
    office: str  # the office looked up for the home state's holder ("" = an organ row)
    code: str  # the organ's agent code ("GOV")
    states: frozenset[str]  # the states using the bare form (empty = every state)


@cache
def bare_title_rows() -> tuple[BareTitle, ...]:
    """The rows of ``bare_titles.tsv``, longest title first."""
    from timeline.events.lexicon import read_rows, split_list

    rows = [
        BareTitle(r["id"], tuple(fold(r["title"]).split()), r["office"], r["code"],
                  frozenset(split_list(r["states"])))
        for r in read_rows("bare_titles.tsv")
    ]  # fmt: skip
    return tuple(sorted(rows, key=lambda r: -len(r.words)))


@cache
def _firsts() -> frozenset[str]:
    return frozenset(r.words[0] for r in bare_title_rows())


def _row_at(tokens: list[Token], k: int) -> tuple[BareTitle, int] | None:
    """The longest bare title starting at ``k`` and where it ends."""
    for row in bare_title_rows():
        end = k + len(row.words)
        if end <= len(tokens) and tuple(t.key for t in tokens[k:end]) == row.words:
            return row, end
    return None


def title_home(ctx: Context) -> tuple[str | None, str]:
    """The state whose office a bare title names when the article introduced nobody with it:
    the story's home state, else the header place of a transcript or press release; and why.
    A dateline alone is no such state (a venue: "GENEVA - The Foreign Minister said ..." is
    nobody the story told)."""
    home, why = story_home(ctx)
    if home is not None:
        return home, why
    if ctx.header_country is not None:
        return ctx.header_country, f"the header place is in {ctx.header_country}"
    return None, ""


def _one(people: list[Entity], home: str | None, lex: Lexicon) -> tuple[Entity | None, bool]:
    """The one person of ``people`` (distinct), else the one of the home state; and whether
    there was any candidate at all."""
    from timeline.events.actors import _person_country

    distinct = list(dict.fromkeys(people))
    if len(distinct) == 1:
        return distinct[0], True
    at_home = [p for p in distinct if home is not None and _person_country(lex, p) == home]
    return (at_home[0] if len(at_home) == 1 else None), bool(distinct)


def _resolve(
    lex: Lexicon, ctx: Context, row: BareTitle, when: date
) -> tuple[Entity | None, str | None, str]:
    """(the actor, its code, the evidence) of a bare title, else (None, None, why not)."""
    bound = ctx.bare_bound.get(row.id)
    if bound is not None:
        return bound, ctx.person_codes.get(bound.name), "the article's earlier bare title"
    home, home_why = title_home(ctx)
    wanted = set(row.words)
    deputies = _DEPUTIES - wanted  # "the Vice President" is one introduced as such
    literal = [
        p for p in reversed(ctx.seen_people)
        if wanted <= ctx.person_words.get(p.name, set())
        and deputies.isdisjoint(ctx.person_words.get(p.name, set()))
    ]  # fmt: skip
    person, any_ = _one(literal, home, lex)
    if person is not None:
        return person, ctx.person_codes.get(person.name), "introduced with that title"
    if any_:
        return None, None, "ambiguous: several people introduced with that title"
    office = fold(row.office) if row.office else ""
    dated = [
        p for p in reversed(ctx.seen_people) if office
        and any(office in t.titles and t.active(when) for t in lex.terms_by_person.get(p.name, []))
    ]  # fmt: skip
    person, any_ = _one(dated, home, lex)
    if person is not None:
        return person, None, f"named before, {row.office} on that date"
    if any_:
        return None, None, "ambiguous: several people holding that office named"
    if home is None:
        return None, None, "no home state"
    if row.states and home not in row.states:
        return None, None, f"ambiguous: {home} is no state using that bare title"
    if not row.office:
        iso = lex.country_iso3.get(home)
        ent = lex.countries.get(home)
        return ent, (f"{iso}{row.code}" if iso and ent else None), home_why
    term = lex.holder(home, row.office, when)
    if term is None or term.name not in lex.people:
        return None, None, f"no known {row.office} of {home} on {when}"
    return lex.people[term.name], None, f"{row.office} of {home} on {when}; {home_why}"


def bare_titles(
    lex: Lexicon, ctx: Context, tokens: list[Token], out: list[Mention], when: date
) -> list[Mention]:
    """[actor.bare_title] the mentions of a sentence, with its bare definite titles resolved
    (see the module's docstring); a title followed by a name, "of", a possessive or an apposed
    name is left to the other rules ("the President of Chile", "the President's advisers",
    "the Prime Minister, Abdirashid Ali Shermarke,")."""
    from timeline.events.actors import Mention as _Mention

    if _firsts().isdisjoint([t.key for t in tokens]):
        return out
    covered = {k for m in out for k in range(m.start, m.end)}
    added: list[Mention] = []
    n = len(tokens)
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower != "the" or i in covered:
            continue
        hit = _row_at(tokens, i + 1)
        if hit is None or covered.intersection(range(i, hit[1])):
            continue
        row, end = hit
        nxt = tokens[end] if end < n else None
        if nxt is not None and (
            nxt.is_cap or nxt.is_possessive or nxt.lower == "of" or nxt.text in _HYPHENS
        ):  # "the Secretary-General"
            continue
        if nxt is not None and nxt.text == "," and end + 1 < n and tokens[end + 1].is_cap:
            continue  # "the Prime Minister, Abdirashid Ali Shermarke,": an apposition
        if not tokens[end - 1].is_cap and row.id in _CAPITALISED_ONLY:
            continue  # "the administration" in lower case may be anyone's
        ent, code, why = _resolve(lex, ctx, row, when)
        text = " ".join(t.text for t in tokens[i:end])
        if ent is None and not _blocks(why, out):
            continue  # the home state with no holder known, or a place in the sentence: as
            # for "the Nigerian president", the state acting through its office (agent rules)
        if ent is None:  # no actor: no later rule may guess one (a venue's state, a deputy)
            blocked = _Mention(i, end, text, None, None, "actor.bare_title_none")
            blocked.why = f"bare title {text!r}: {why} (actor.bare_title)"
            added.append(blocked)
            continue
        if ent.kind == "person":
            ctx.bare_bound.setdefault(row.id, ent)
        ment = _Mention(i, end, text, ent, None, "actor.bare_title", code=code)
        ment.why = f"bare title {ment.text!r}: {why} (actor.bare_title)"
        added.append(ment)
    return sorted([*out, *added], key=lambda m: m.start) if added else out


def _blocks(why: str, out: list[Mention]) -> bool:
    """Whether an unresolved bare title stays no actor for every later rule: when it is
    ambiguous, or when the story has no home state and its sentence names no place (the agent
    rules would borrow a state from another paragraph or a venue dateline)."""
    if why.startswith("ambiguous"):
        return True
    return why == "no home state" and not any(
        m.place is not None and m.rule != "loc.dateline" for m in out
    )


_HYPHENS = frozenset({"-", "‐", "‑"})
#: rows read only when capitalised (the lower-case word is common in other senses)
_CAPITALISED_ONLY = frozenset({"bt.secretary", "bt.administration"})


def header_place(ctx: Context, tokens: list[Token], out: list[Mention]) -> None:
    """The header place of a transcript or press release: a line of the first paragraph that
    is only a place ("Washington, DC"), noted once as ``ctx.header_country`` (a home state for
    bare titles, never a location of the events)."""
    if ctx.header_country is not None or ctx.paragraph != 0 or len(out) != 1:
        return
    m = out[0]
    ent = m.entity
    country = m.place.country if m.place is not None else ent.name if ent else None
    if ent is not None and ent.kind != "country":
        return
    rest = tokens[m.end :]
    if m.start != 0 or not country:
        return
    if rest and (rest[0].text != "," or not all(t.text.isalpha() and t.text.isupper()
                                                 for t in rest[1:]) or len(rest) > 3):  # fmt: skip
        return
    ctx.header_country = country


__all__ = ["BareTitle", "bare_title_rows", "bare_titles", "header_place", "title_home"]
