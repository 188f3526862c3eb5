"""The derived actor lexicon: its build script, its strict validation and its use at run time."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from timeline.events.lexicon import actor_code, resolve_actor
from timeline.events.lexicon.coded import (
    DATA_DIR,
    LexiconError,
    checksums,
    coded_lexicon,
    load,
    parse_terms,
    recorded_checksums,
    split_code,
    validate,
)
from timeline.events.types import ActorRef

ROOT = Path(__file__).resolve().parents[1]


def _build_module():  # the script, imported like a module
    spec = importlib.util.spec_from_file_location(
        "build_actor_lexicon", ROOT / "scripts" / "build_actor_lexicon.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_actor_lexicon"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_shipped_lexicon_is_valid_large_and_carries_the_mit_notice() -> None:
    assert validate(DATA_DIR) == []
    assert checksums(DATA_DIR) == recorded_checksums(DATA_DIR)  # loads by the fast path
    lex = coded_lexicon()
    people = {a.name for a in lex.actors.values() if a.kind == "person"}
    assert len(people) > 15000
    assert {"Mikhail Gorbachev", "Sergey Lavrov", "Kofi Annan"} <= people
    assert lex.agents["rebels"] == "REB" and lex.agents["riot police"] == "COP"
    notice = (DATA_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data" in notice


def test_fast_and_checked_loading_agree() -> None:
    fast = load(DATA_DIR)
    checked = load(DATA_DIR, check_keys=True)
    assert fast.actors.keys() == checked.actors.keys()
    assert fast.agents == checked.agents
    key = "sergey lavrov"
    assert fast.actors[key].terms == checked.actors[key].terms


@pytest.mark.parametrize(
    ("code", "ok"),
    [("USAGOV", True), ("SYRREB", True), ("IGOUNO", True), ("USAGOVLEG", True), ("USR", True),
     ("USAXYZ", False), ("USAGO", False), ("usagov", False), ("", False), ("QQQGOV", False)],
)  # fmt: skip
def test_split_code(code: str, ok: bool) -> None:
    if ok:
        assert "".join(split_code(code)) == code
    else:
        with pytest.raises(LexiconError):
            split_code(code)


def test_parse_terms() -> None:
    t = parse_terms("RUSGOV@2004-03-09..|RUSELI@..")
    assert t[0].active(date(2013, 9, 9)) and t[0].end is None
    for bad in ("RUSGOV@2004-13-01..", "RUSGOV", "RUSGOV@2005-01-01..2004-01-01", "ZZZGOV@.."):
        with pytest.raises(LexiconError):
            parse_terms(bad)


def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "lex"
    shutil.copytree(DATA_DIR, out)
    return out


@pytest.mark.parametrize(
    ("fname", "change", "message"),
    [
        ("people.tsv", lambda r: r.replace("@2004-03-09", "@2004-02-30"), "bad date"),
        ("people.tsv", lambda r: r.replace("RUSGOV@2004", "RUSXXX@2004"), "unknown code"),
        ("people.tsv", lambda r: r + "\textra", "columns"),
        ("agents.tsv", lambda r: r.replace("\tREB\t", "\tREBXX\t"), "malformed code"),
    ],
)
def test_a_broken_row_fails_with_file_and_line(
    tmp_path: Path, fname: str, change, message: str
) -> None:
    d = _copy(tmp_path)
    path = d / fname
    lines = path.read_text(encoding="utf-8").split("\n")
    target = "Sergey Lavrov" if fname == "people.tsv" else "\trebels\t"
    n = next(i for i, ln in enumerate(lines) if target in ln)
    lines[n] = change(lines[n])
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = validate(d)
    assert len(problems) == 1 and problems[0].startswith(f"{fname}:{n + 1}:"), problems
    assert message in problems[0]
    with pytest.raises(LexiconError, match=rf"{fname}:{n + 1}:"):
        load(d)  # the checksum no longer matches: the runtime checks every row and refuses


def test_a_duplicate_alias_fails(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    path = d / "agents.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "pa99999\trebels\tREB\tours\n", encoding="utf-8")
    problems = validate(d)
    assert problems and "duplicate" in problems[0] and problems[0].startswith("agents.tsv:")


def test_build_from_petrarch_style_sources(tmp_path: Path) -> None:
    """Our own tiny dictionaries in the PETRARCH syntax (dates YYMMDD and YYYYMMDD)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "Phoenix.Countries.actors.txt").write_text(
        "FREEDONIA_  [USA]\n"
        "RUFUS_T._FIREFLY_  # ours\n+PRESIDENT_FIREFLY\n+RUFUS_FIREFLY\n"
        "\t[USAELI 19300101-330101]\n\t[USAGOV 330101-350101]\n"
        "BROKEN_DATE_PERSON_\n\t[USAGOV 9901-000101]\n"
        "UNKNOWN_CODE_PERSON_\n\t[USAZZZ 990101-000101]\n"
        "GROUCHO_M  # a stem cut off at an initial\n\t[USAGOV 330101-350101]\n"
        "CHICO_MARX_\n\t[USAGOVLEG 330101-350101]\n"
        "HARPO_V_\n\t[USAGOV 330101-350101]\n",
        encoding="utf-8",
    )
    (src / "Phoenix.International.actors.txt").write_text(
        "LEAGUE_OF_TESTS_ [IGOUNO]\n+THE_TEST_LEAGUE\n", encoding="utf-8"
    )
    (src / "Phoenix.MilNonState.actors.txt").write_text(
        "VALLEY_LIBERATION_FRONT_ [USAREB]\n", encoding="utf-8"
    )
    (src / "Phoenix.agents.txt").write_text(
        "!PERSON! = MAN, MEN\nREBEL [~REB]\nPOLICE {} [~COP]\nPOLICE!PERSON! [~COP]\n",
        encoding="utf-8",
    )
    (src / "LICENSE").write_text("The MIT License (MIT)\nOpen Event Data\n", encoding="utf-8")
    out = tmp_path / "out"
    mod = _build_module()
    assert mod.main([str(src), "--out", str(out)]) == 0
    lex = load(out)
    firefly = lex.actors["rufus t firefly"]
    assert firefly.kind == "person" and lex.actors["rufus firefly"] is firefly
    assert "president firefly" in lex.actors  # kept; the runtime leaves title aliases out
    assert lex.code_of("Rufus T. Firefly", date(1934, 6, 1)) == "USAGOV"
    assert lex.code_of("Rufus T. Firefly", date(1931, 6, 1)) == "USAELI"
    assert "broken date person" not in lex.actors and "unknown code person" not in lex.actors
    assert "groucho m" not in lex.actors  # a stem ending in an initial is no full name
    assert "harpo v" in lex.actors  # a closed name ending in a roman numeral is kept
    assert lex.code_of("Chico Marx", date(1934, 6, 1)) == "USALEG"  # GOVLEG is CAMEO's LEG
    assert lex.actors["the test league"].kind == "organization"
    assert lex.actors["valley liberation front"].kind == "group"
    assert lex.agents == {"rebel": "REB", "rebels": "REB", "police": "COP", "policeman": "COP",
                          "policemen": "COP"}  # fmt: skip
    assert (out / "LICENSE").is_file() and validate(out) == []
    assert mod.main(["--check", "--out", str(out)]) == 0


def test_build_refuses_a_folder_without_the_sources(tmp_path: Path, capsys) -> None:
    mod = _build_module()
    assert mod.main([str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_runtime_uses_the_derived_names_and_codes() -> None:
    gorby = resolve_actor("Mikhail Gorbachev")
    assert gorby is not None and gorby.kind == "person" and gorby.country == "Russia"
    assert actor_code(gorby, date(1987, 12, 8)) == "RUSGOV"
    assert actor_code(ActorRef("North Korea", kind="country"), None) == "PRK"
    lavrov = resolve_actor("Sergei Lavrov")
    assert lavrov is not None and actor_code(lavrov, date(2013, 9, 9)) == "RUSGOV"
    assert actor_code(ActorRef("Nobody Known", kind="person"), date(2020, 1, 1)) is None
    # the curated lexicon still wins where both know a name
    assert resolve_actor("the South Korean president", date(2019, 4, 11)).name == "Moon Jae-in"


def test_an_alias_gives_an_organisations_code_only_in_its_own_country() -> None:
    """code.derived_alias: the source's name of a curated organisation gives its code, unless
    that code is another country's (the source's "Ansar Allah" is Lebanese)."""
    from timeline.events.lexicon import actor_code_rule

    igo = ActorRef("Test Eight", "organization", None, aliases=("Group of Eight",))
    assert actor_code_rule(igo, date(2005, 7, 8)) == ("IGOGOE", "code.derived_alias")
    group = ActorRef("Test Movement", "group", "Yemen", aliases=("Ansar Allah",))
    assert actor_code_rule(group, date(2010, 1, 1)) == ("YEM", "code.org_country")
    same = ActorRef("Test Movement", "group", "Lebanon", aliases=("Ansar Allah",))
    assert actor_code_rule(same, date(2010, 1, 1)) == ("LBNREB", "code.derived_alias")
