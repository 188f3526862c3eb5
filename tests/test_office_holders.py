"""The curated, dated office holders (office_holders.tsv): strict checks with file and line,
the build script's validation, and names/role phrases resolved on the sentence's date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_actor_lexicon import _build_module

from timeline.events.lexicon import lexicon, office_code
from timeline.events.lexicon.coded import LexiconError
from timeline.events.lexicon.office import COLUMNS, office_holders, read_office_holders
from timeline.pipeline import pipeline


def _phrases() -> list[dict[str, str]]:
    import csv

    path = Path(__file__).parent / "fixtures" / "office_holder_phrases.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_shipped_file_is_valid_and_covers_current_diplomacy() -> None:
    rows = office_holders()
    assert len(rows) >= 100
    countries = {r.country for r in rows}
    wanted = {"Pakistan", "Israel", "Egypt", "Qatar", "United Arab Emirates", "Iraq", "Lebanon",
              "Syria", "Ukraine", "Russia", "United States", "Jordan", "Sudan"}  # fmt: skip
    assert wanted <= countries
    assert {r.code for r in rows if r.country is None} >= {"IGOUNO", "IGOWSTNAT", "IGOEUREEC"}
    # everyone in it held a term in 2014 or later (earlier terms are of the same people)
    recent = {r.name for r in rows if r.end is None or r.end.year >= 2014}
    assert {r.name for r in rows} == recent


@pytest.mark.parametrize("row", _phrases(), ids=lambda r: r["id"])
def test_dated_name_and_role_phrases(row: dict[str, str]) -> None:
    events = pipeline(row["text"], date.fromisoformat(row["published"]))
    found = [e for e in events if e.trigger == row["trigger"]]
    assert found, (row["id"], [e.trigger for e in events])
    got = "; ".join(f"{a.name}={a.code or '-'}" for a in found[0].actors)
    assert got == row["expected"], (row["id"], row["note"])


def test_office_code_is_dated() -> None:
    assert office_code("Mark Rutte", date(2024, 7, 1)) == "NLDGOV"
    assert office_code("Mark Rutte", date(2024, 8, 1)) is None  # between his two terms
    assert office_code("Mark Rutte", date(2024, 10, 1)) == "IGOWSTNAT"
    assert office_code("Ishaq Dar", date(2024, 3, 10)) is None  # the day before his term
    assert office_code("Ishaq Dar", date(2024, 3, 11)) == "PAKGOV"
    assert office_code("No Such Person", date(2024, 1, 1)) is None
    # the term's country and role feed the role phrases
    assert lexicon().holder("Pakistan", "foreign minister", date(2024, 3, 11)) is not None


HEADER = "\t".join(COLUMNS)
GOOD = "oh.x\tAlice Example\tperson\t\tExample\tPakistan\tPAKGOV\tother\tEnvoy\t0\t2020-01-01\t"


def _bad(line: str) -> str:
    return f"# a comment\n{HEADER}\n{GOOD}\n{line}\n"


BAD_ROWS = {
    "columns": ("oh.y\tBob\tperson", "3 columns, expected 12"),
    "bad_date": (
        GOOD.replace("oh.x", "oh.y").replace("2020-01-01", "2020-13-01"),
        "bad start date",
    ),
    "reversed": (GOOD.replace("oh.x", "oh.y") + "2019-01-01", "ends (2019-01-01) before it starts"),
    "no_start": (GOOD.replace("oh.x", "oh.y").replace("2020-01-01", ""), "empty start date"),
    "unknown_code": (GOOD.replace("oh.x", "oh.y").replace("PAKGOV", "PAKXYZ"), "unknown code"),
    "malformed_code": (GOOD.replace("oh.x", "oh.y").replace("PAKGOV", "pak"), "malformed code"),
    "other_country": (
        GOOD.replace("oh.x", "oh.y").replace("PAKGOV", "INDGOV"),
        "is not of Pakistan",
    ),
    "unknown_country": (
        GOOD.replace("oh.x", "oh.y").replace("Pakistan", "Atlantis"),
        "unknown country",
    ),
    "igo_with_country_code": (
        GOOD.replace("oh.x", "oh.y").replace("Pakistan", "").replace("PAKGOV", "INDGOV"),
        "names a country",
    ),
    "duplicate_id": (GOOD.replace("Alice", "Carol"), "duplicate or empty id 'oh.x'"),
    "repeated_term": (GOOD.replace("oh.x", "oh.y"), "repeats the term of line 3"),
    "role": (GOOD.replace("oh.x", "oh.y").replace("\tother\t", "\tking\t"), "role 'king'"),
    "kind": (GOOD.replace("oh.x", "oh.y").replace("\tperson\t", "\trobot\t"), "kind 'robot'"),
    "leader": (GOOD.replace("oh.x", "oh.y").replace("\t0\t", "\t2\t"), "leader must be 0 or 1"),
    "people_repeat": (
        "oh.y\tDonald Trump\tperson\t\tTrump\tUnited States\tUSAGOV\thead_of_state\tPresident\t1"
        "\t2025-01-20\t",
        "repeats a term of people.tsv",
    ),
    "people_overlap": (
        "oh.y\tJane Doe\tperson\t\tDoe\tUnited States\tUSAGOV\thead_of_state\tPresident\t1"
        "\t2018-01-01\t2019-01-01",
        "overlaps Donald Trump's term as head_of_state in people.tsv",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_malformed_row_fails_with_file_and_line(tmp_path: Path, case: str) -> None:
    line, message = BAD_ROWS[case]
    path = tmp_path / "holders.tsv"
    path.write_text(_bad(line), encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        read_office_holders(path)
    assert str(err.value).startswith("holders.tsv:4: "), str(err.value)
    assert message in str(err.value)


def test_overlap_inside_the_file_names_both_lines(tmp_path: Path) -> None:
    first = (
        "oh.a\tAnn One\tperson\t\tOne\tJordan\tJORGOV\tforeign_minister\tFM\t0"
        "\t2020-01-01\t2021-01-01"
    )
    second = "oh.b\tBen Two\tperson\t\tTwo\tJordan\tJORGOV\tforeign_minister\tFM\t0\t2020-06-01\t"
    path = tmp_path / "holders.tsv"
    path.write_text(f"{HEADER}\n{first}\n{second}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"holders.tsv:3: overlaps Ann One's term .*line 2"):
        read_office_holders(path)
    # touching terms (one ends the day the next starts) are fine
    path.write_text(f"{HEADER}\n{first}\n{second.replace('2020-06-01', '2021-01-01')}\n")
    assert len(read_office_holders(path)) == 2


def test_bad_header_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "holders.tsv"
    path.write_text("id\tname\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"holders.tsv:1: header must be"):
        read_office_holders(path)
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="no header line"):
        read_office_holders(path)


def test_build_script_checks_the_curated_file(tmp_path: Path, capsys) -> None:
    main = _build_module().main
    assert main(["--check"]) == 0
    assert "office_holders.tsv" in capsys.readouterr().out
    bad = tmp_path / "holders.tsv"
    bad.write_text(_bad(BAD_ROWS["bad_date"][0]), encoding="utf-8")
    assert main(["--check", "--office-holders", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Error: holders.tsv:4: bad start date" in err
