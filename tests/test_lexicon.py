"""Actor lexicon: resolve_actor for user-typed names, and the integrity of the data files."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pycountry
import pytest

from timeline.events.gazetteer import find_locations
from timeline.events.lexicon import lexicon, read_rows, resolve_actor

G20 = [
    "Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India",
    "Indonesia", "Italy", "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa",
    "South Korea", "Turkey", "United Kingdom", "United States", "North Korea",
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "when", "expected", "kind"),
    [
        ("kim jong-un", None, "Kim Jong Un", "person"),
        ("Kim Jong Un", None, "Kim Jong Un", "person"),
        ("Kim", date(2019, 4, 11), "Kim Jong Un", "person"),
        ("Kim", date(2008, 1, 1), "Kim Jong Il", "person"),
        ("Pyongyang", None, "North Korea", "country"),
        ("the Kremlin", None, "Russia", "country"),
        ("White House", None, "United States", "country"),
        ("the South Korean president", date(2019, 4, 11), "Moon Jae-in", "person"),
        ("the South Korean president", date(2023, 1, 1), "Yoon Suk Yeol", "person"),
        ("President Trump", date(2019, 6, 1), "Donald Trump", "person"),
        ("President Trump", date(2025, 6, 1), "Donald Trump", "person"),
        ("the US president", date(2022, 6, 1), "Joe Biden", "person"),
        ("the North Korean leader", date(2019, 4, 11), "Kim Jong Un", "person"),
        ("Chinese foreign minister", date(2023, 3, 1), "Qin Gang", "person"),
        ("German chancellor", date(2010, 1, 1), "Angela Merkel", "person"),
        ("British prime minister", date(2019, 8, 1), "Boris Johnson", "person"),
        ("president of France", date(2010, 1, 1), "Nicolas Sarkozy", "person"),
        ("President Moon", None, "Moon Jae-in", "person"),
        ("Moon Jae In", None, "Moon Jae-in", "person"),
        ("UN", None, "United Nations", "organization"),
        ("U.N. Security Council", None, "UN Security Council", "organization"),
        ("KCNA", None, "Korean Central News Agency", "organization"),
        ("NATO", None, "NATO", "organization"),
        ("IAEA", None, "International Atomic Energy Agency", "organization"),
        ("U.S.", None, "United States", "country"),
        ("America", None, "United States", "country"),
        ("Britain", None, "United Kingdom", "country"),
        ("Viet Nam", None, "Vietnam", "country"),
        ("Russian Federation", None, "Russia", "country"),
        ("North Korean", None, "North Korea", "country"),
        ("Türkiye", None, "Turkey", "country"),
        ("DPRK", None, "North Korea", "country"),
    ],
)
def test_resolve_actor(name: str, when: date | None, expected: str, kind: str) -> None:
    ref = resolve_actor(name, when)
    assert ref is not None, name
    assert (ref.name, ref.kind) == (expected, kind)


def test_resolve_actor_carries_country_and_aliases() -> None:
    ref = resolve_actor("Kim Jong-un")
    assert ref is not None and ref.country == "North Korea" and "Kim Jong-un" in ref.aliases
    un = resolve_actor("United Nations")
    assert un is not None and un.country is None


@pytest.mark.parametrize("name", ["", "   ", "nobody in particular", "the weather"])
def test_resolve_actor_unknown_is_none(name: str) -> None:
    assert resolve_actor(name) is None


def test_every_pycountry_country_resolves_to_a_country() -> None:
    for c in pycountry.countries:
        ref = resolve_actor(getattr(c, "common_name", None) or c.name)
        assert ref is not None and ref.kind == "country", c.name


def test_terms_are_well_formed_and_do_not_overlap() -> None:
    by_office: dict[tuple[str | None, str], list] = defaultdict(list)
    for t in lexicon().terms:
        assert t.end is None or t.start < t.end, t
        assert date(1950, 1, 1) <= t.start <= date(2026, 1, 1), t
        if t.role != "other" and "acting president" not in t.titles:
            by_office[(t.country, t.role)].append(t)
    for office, terms in by_office.items():
        terms.sort(key=lambda t: t.start)
        for a, b in zip(terms, terms[1:], strict=False):
            assert a.end is not None and a.end <= b.start, (office, a.name, b.name)


@pytest.mark.parametrize("country", G20)
def test_leader_and_foreign_minister_known_every_year(country: str) -> None:
    lex = lexicon()
    for year in range(2005, 2026):
        day = date(year, 7, 15)
        assert lex.holder(country, "leader", day) is not None, (country, year)
        fm = [
            t
            for t in lex.terms
            if t.country == country and t.role == "foreign_minister" and t.active(day)
        ]
        assert fm, (country, "foreign minister", year)


def test_find_locations() -> None:
    text = "Talks in Hanoi, Vietnam and New York."
    assert [(name, country) for _, _, name, country in find_locations(text)] == [
        ("Hanoi", "Vietnam"),
        ("Vietnam", "Vietnam"),
        ("New York", "United States"),
    ]
    for start, end, name, _ in find_locations(text):
        assert text[start:end] in (name, "New York")


def test_lower_case_us_is_not_the_united_states() -> None:
    assert find_locations("he told us and then US envoys left") == [
        (20, 22, "United States", "United States")
    ]


def _rows(name: str) -> list[dict[str, str]]:
    import csv
    from importlib import resources

    path = resources.files("timeline.events.lexicon").joinpath(f"en/{name}")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("name", ["cues.tsv", "titles.tsv", "triggers.tsv"])
def test_rule_rows_have_unique_ids_and_an_example(name: str) -> None:
    rows = _rows(name)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert all(r["example"].strip() for r in rows)


def test_cue_and_title_examples_contain_their_words() -> None:
    for r in _rows("cues.tsv"):
        assert r["cue"].lower() in r["example"].lower(), r["id"]
    for r in _rows("titles.tsv"):
        assert r["title"].lower() in r["example"].lower(), r["id"]


def test_trigger_codes_are_known_cameo_codes() -> None:
    from timeline import cameo

    for r in _rows("triggers.tsv"):
        code = r["cameo"]
        assert code == "other" or code in cameo.codes(), (r["id"], code)


@pytest.mark.parametrize("country", G20)
def test_head_of_state_known_every_year(country: str) -> None:
    lex = lexicon()
    for year in range(2005, 2026):
        day = date(year, 7, 15)
        heads = [
            t
            for t in lex.terms_by_country.get(country, [])
            if t.role == "head_of_state" and t.active(day)
        ]
        assert heads, (country, year)


def test_monarch_is_head_of_state_of_the_realms() -> None:
    lex = lexicon()
    for country in ("United Kingdom", "Canada", "Australia"):
        term = lex.holder(country, "King", date(2023, 5, 6))
        assert term is not None and term.name == "Charles III"


def test_dated_names_rows_are_valid() -> None:
    """Every dated name stands for a known country over a well-formed interval."""
    from datetime import date

    from timeline.events.lexicon import lexicon, read_rows

    rows = read_rows("dated_names.tsv")
    assert rows
    countries = lexicon().countries
    for r in rows:
        assert r["country"] in countries, r
        start = date.fromisoformat(r["start"]) if r["start"] else date.min
        end = date.fromisoformat(r["end"]) if r["end"] else date.max
        assert start <= end, r
        assert r["name"] == r["name"].lower() and r["example"], r


@pytest.mark.parametrize(
    "row", read_rows("waters.tsv"), ids=lambda r: r["name"]
)  # fmt: skip
def test_water_example_names_the_water_without_a_country(row: dict[str, str]) -> None:
    found = [(name, country) for _, _, name, country in find_locations(row["example"])]
    assert (row["name"], "") in found, found
