"""CLI: add, query, show, edit, delete, actors, stats against temporary databases."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from timeline.cameo import plover
from timeline.cli import app
from timeline.events.types import ActorRef, ExtractedEvent

EVENT_KEYS = {
    "id", "type", "cameo", "plover", "label", "summary", "status", "start", "end",
    "granularity", "date_text", "actors", "location", "confidence", "coder",
    "coder_probability", "origin", "mentions",
}  # fmt: skip
OPTIONAL_KEYS = {"edited", "undated"}


def run(runner: CliRunner, db: Path, *args: str) -> Result:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


def ok(runner: CliRunner, db: Path, *args: str) -> Result:
    result = run(runner, db, *args)
    assert result.exit_code == 0, result.output
    return result


def add(runner: CliRunner, db: Path, text: str, *args: str) -> dict:
    result = ok(runner, db, "add", text, "--ref", "2019-04-11", "--format", "json", *args)
    return json.loads(result.stdout)


def query(runner: CliRunner, db: Path, *args: str) -> list[dict]:
    return json.loads(ok(runner, db, "query", "--ref", "2019-04-11", "-f", "json", *args).stdout)


@pytest.fixture
def filled(runner: CliRunner, db_path: Path) -> Path:
    add(runner, db_path, "Party plenum", "--date", "in February", "--type", "other",
        "--actor", "Kim Jong Un")  # fmt: skip
    add(runner, db_path, "Moon Jae-in meets Donald Trump", "--date", "2019-04-11",
        "--type", "04", "--actor", "Moon Jae-in", "--actor", "Donald Trump",
        "--location", "Washington")  # fmt: skip
    add(runner, db_path, "Hanoi summit ends without a deal", "--date", "February 27, 2019",
        "--end", "February 28, 2019", "--type", "04", "--actor", "Kim Jong-un",
        "--actor", "Donald Trump", "--location", "Hanoi")  # fmt: skip
    add(runner, db_path, "Sanctions to stay, diplomats say", "--cameo", "163",
        "--actor", "United Nations", "--status", "reported")  # fmt: skip
    return db_path


# -- add: date semantics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "start", "end", "granularity"),
    [
        ("on Thursday", "2019-04-11", "2019-04-11", "day"),  # the reference date is a Thursday
        ("in February", "2019-02-01", "2019-02-28", "month"),
        ("2019-02-27", "2019-02-27", "2019-02-27", "day"),
        ("2019-02", "2019-02-01", "2019-02-28", "month"),
        ("2019", "2019-01-01", "2019-12-31", "year"),
        ("February 27, 2019", "2019-02-27", "2019-02-27", "day"),
    ],
)
def test_add_date_phrases(
    runner: CliRunner, db_path: Path, phrase: str, start: str, end: str, granularity: str
) -> None:
    ev = add(runner, db_path, "Talks", "--date", phrase, "--type", "04")
    assert (ev["start"], ev["end"], ev["granularity"]) == (start, end, granularity)
    assert ev["date_text"] == phrase
    assert query(runner, db_path)[0]["start"] == start  # stored, not only printed


def test_add_with_end_extends_the_interval(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Drills", "--date", "2019-03", "--end", "2019-04", "--type", "15")
    assert (ev["start"], ev["end"], ev["granularity"]) == ("2019-03-01", "2019-04-30", "month")
    ev = add(runner, db_path, "Visit", "--date", "2019-03", "--end", "2019-04-02", "--type", "04")
    assert (ev["start"], ev["end"], ev["granularity"]) == ("2019-03-01", "2019-04-02", "day")


def test_add_json_shape_and_table(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Moon meets Trump", "--date", "2019-04-11", "--type", "4",
             "--cameo", "042", "--actor", "Moon Jae-in", "--location", "Washington",
             "--source", "Yonhap")  # fmt: skip
    assert EVENT_KEYS <= set(ev) <= EVENT_KEYS | OPTIONAL_KEYS
    assert (ev["id"], ev["type"], ev["cameo"], ev["origin"]) == (1, "04", "042", "manual")
    assert ev["plover"] == plover("042") and ev["confidence"] == 1.0
    assert [a["name"] for a in ev["actors"]] == ["Moon Jae-in"]
    assert set(ev["actors"][0]) == {"name", "role", "country", "code", "rule", "evidence"}
    # a lexicon person typed by a user: the lexicon's code on the event's date, and the rule
    assert ev["actors"][0]["code"] == "KORGOV" and ev["actors"][0]["rule"] == "manual.lexicon"
    assert ev["mentions"][0]["source"] == "Yonhap"
    assert set(ev["mentions"][0]) == {"document", "source", "published", "sentence", "url"}
    table = ok(runner, db_path, "add", "Second", "--type", "01").stdout
    assert "Added event 2." in table


def test_add_undated_without_pipeline_result(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "A statement", "--type", "01")
    assert ev["start"] is None and ev["undated"] is True


def test_add_takes_missing_parts_from_the_pipeline(
    runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.pipeline

    seen: list[tuple[str, date]] = []

    def fake_pipeline(text: str, published: date) -> list[ExtractedEvent]:
        seen.append((text, published))
        return [
            ExtractedEvent(
                type="04", label="consult", summary="s", sentence=text, sentence_start=0,
                sentence_end=len(text), cameo="042", start=date(2019, 4, 11),
                end=date(2019, 4, 11), granularity="day", date_text="on Thursday",
                timex_value="2019-04-11", location="Washington",
                actors=[ActorRef("Moon Jae-in", "person", "South Korea", "source")],
            )
        ]  # fmt: skip

    monkeypatch.setattr(timeline.pipeline, "pipeline", fake_pipeline)
    ev = add(runner, db_path, "Moon visited Washington on Thursday.")
    assert seen == [("Moon visited Washington on Thursday.", date(2019, 4, 11))]
    assert (ev["type"], ev["cameo"], ev["start"], ev["location"]) == (
        "04", "042", "2019-04-11", "Washington"
    )  # fmt: skip
    assert ev["actors"][0]["name"] == "Moon Jae-in" and ev["actors"][0]["role"] == "source"
    assert ev["origin"] == "manual" and ev["summary"] == "Moon visited Washington on Thursday."
    # Options given by the user win over what the pipeline found.
    ev = add(runner, db_path, "Moon visited Washington on Thursday.", "--type", "05",
             "--date", "2019-04-10")  # fmt: skip
    assert (ev["type"], ev["cameo"], ev["start"]) == ("05", None, "2019-04-10")


# -- query -------------------------------------------------------------------------------------


def test_query_sorted_by_date_undated_last(runner: CliRunner, filled: Path) -> None:
    assert [e["summary"] for e in query(runner, filled)] == [
        "Party plenum",
        "Hanoi summit ends without a deal",
        "Moon Jae-in meets Donald Trump",
        "Sanctions to stay, diplomats say",
    ]


def test_query_overlap(runner: CliRunner, filled: Path) -> None:
    got = query(runner, filled, "--from", "2019-02-28", "--to", "2019-03-31")
    assert [e["summary"] for e in got] == ["Party plenum", "Hanoi summit ends without a deal"]
    got = query(runner, filled, "--from", "in April")
    assert [e["summary"] for e in got] == ["Moon Jae-in meets Donald Trump"]
    assert query(runner, filled, "--to", "2019-01-31") == []


def test_query_actor_folding_and_all_of(runner: CliRunner, filled: Path) -> None:
    got = query(runner, filled, "--actor", "kim jong-un")
    assert {e["summary"] for e in got} == {"Party plenum", "Hanoi summit ends without a deal"}
    got = query(runner, filled, "--actor", "KIM JONG UN", "--actor", "donald trump")
    assert [e["summary"] for e in got] == ["Hanoi summit ends without a deal"]
    assert query(runner, filled, "--actor", "Kim Jong Un", "--actor", "Moon Jae-in") == []
    result = ok(runner, filled, "query", "--actor", "Kim Jong Un", "--actor", "Nobody At All")
    assert "No actor named 'Nobody At All'" in result.stderr and result.stdout == ""


def test_query_folding_without_lexicon(
    runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.store.names as names_mod
    import timeline.store.store as store_mod

    monkeypatch.setattr(store_mod, "resolve_actor", lambda name, when=None: None)
    monkeypatch.setattr(names_mod, "resolve_actor", lambda name, when=None: None)  # queries
    add(runner, db_path, "Statement", "--type", "01", "--actor", "Choe Son-hui")
    assert len(query(runner, db_path, "--actor", "choe son hui")) == 1
    assert len(query(runner, db_path, "--actor", "CHOE SON-HUI")) == 1


def test_query_actor_through_the_lexicon(runner: CliRunner, db_path: Path) -> None:
    # The real lexicon maps the capital to the state: --actor Pyongyang finds North Korea.
    add(runner, db_path, "Missile test", "--type", "15", "--actor", "North Korea")
    got = query(runner, db_path, "--actor", "Pyongyang")
    assert [e["actors"][0]["name"] for e in got] == ["North Korea"]


def test_query_type_status_location_search_limit(runner: CliRunner, filled: Path) -> None:
    assert len(query(runner, filled, "--type", "04")) == 2
    assert len(query(runner, filled, "--type", "04", "--type", "16")) == 3
    assert [e["cameo"] for e in query(runner, filled, "--status", "reported")] == ["163"]
    assert [e["location"] for e in query(runner, filled, "--location", "hanoi")] == ["Hanoi"]
    got = query(runner, filled, "--search", "summit")
    assert [e["summary"] for e in got] == ["Hanoi summit ends without a deal"]
    assert len(query(runner, filled, "--limit", "2")) == 2
    assert len(query(runner, filled, "--origin", "manual")) == 4
    assert query(runner, filled, "--origin", "extracted") == []


@pytest.mark.parametrize("hostile", ['"', "AND(", 'NOT "x', "*", "a OR", "NEAR(", "');--"])
def test_query_search_hostile_strings(runner: CliRunner, filled: Path, hostile: str) -> None:
    assert isinstance(query(runner, filled, "--search", hostile), list)
    result = ok(runner, filled, "query", "--search", hostile)
    assert "Error" not in result.output


def test_query_formats(runner: CliRunner, filled: Path) -> None:
    events = query(runner, filled)
    for ev in events:
        assert EVENT_KEYS <= set(ev) <= EVENT_KEYS | OPTIONAL_KEYS
    lines = ok(runner, filled, "query", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == events
    rows = list(csv.DictReader(io.StringIO(ok(runner, filled, "query", "-f", "csv").stdout)))
    assert [r["id"] for r in rows] == [str(e["id"]) for e in events]
    hanoi = next(r for r in rows if r["location"] == "Hanoi")
    assert hanoi["start"] == "2019-02-27" and hanoi["end"] == "2019-02-28"
    assert "Donald Trump (participant)" in hanoi["actors"]


def test_query_table_fits_80_columns(runner: CliRunner, filled: Path) -> None:
    add(runner, filled, "A very long summary " * 12, "--type", "01", "--actor",
        "An Organisation With A Remarkably Long Official Name")  # fmt: skip
    out = ok(runner, filled, "query").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "2019-02 (month)" in out  # precision shown, no invented day
    assert "2019-02-27..02-28" in out
    assert "undated" in out
    assert "[reported]" in out  # brackets in text are not eaten as markup


def test_query_empty(runner: CliRunner, db_path: Path) -> None:
    add(runner, db_path, "x", "--type", "01")
    result = ok(runner, db_path, "query", "--search", "nothing-like-this")
    assert result.stdout == "" and "No events match." in result.stderr
    assert query(runner, db_path, "--search", "nothing-like-this") == []


# -- show, edit, delete ------------------------------------------------------------------------


def test_show(runner: CliRunner, filled: Path) -> None:
    ev = json.loads(ok(runner, filled, "show", "3", "--format", "json").stdout)
    assert ev["summary"] == "Hanoi summit ends without a deal" and EVENT_KEYS <= set(ev)
    out = ok(runner, filled, "show", "3").stdout
    assert "Hanoi summit ends without a deal" in out and "2019-02-27..02-28" in out
    assert json.loads(ok(runner, filled, "show", "3", "-f", "jsonl").stdout) == ev


def test_edit(runner: CliRunner, filled: Path) -> None:
    result = ok(runner, filled, "edit", "1", "--date", "in March", "--ref", "2019-04-11",
                "--type", "04", "--cameo", "044", "--actor", "Kim Jong Un", "--actor",
                "Vladimir Putin", "--location", "Vladivostok", "--status", "planned",
                "--text", "Kim to meet Putin", "-f", "json")  # fmt: skip
    ev = json.loads(result.stdout)
    assert (ev["type"], ev["cameo"], ev["status"], ev["summary"]) == (
        "04", "044", "planned", "Kim to meet Putin"
    )  # fmt: skip
    # planned: "in March" is the next March after --ref (issue 11), not the past one
    assert (ev["start"], ev["end"], ev["granularity"]) == ("2020-03-01", "2020-03-31", "month")
    assert ev["edited"] is True
    assert {a["name"] for a in ev["actors"]} == {"Kim Jong Un", "Vladimir Putin"}
    assert json.loads(ok(runner, filled, "show", "1", "-f", "json").stdout) == ev
    ev = json.loads(ok(runner, filled, "edit", "1", "--location", "", "-f", "json").stdout)
    assert ev["location"] is None and ev["cameo"] == "044"
    ev = json.loads(ok(runner, filled, "edit", "1", "--undated", "-f", "json").stdout)
    assert ev["start"] is None
    assert "Updated event 1." in ok(runner, filled, "edit", "1", "--source", "KCNA").stdout


def test_delete(runner: CliRunner, filled: Path) -> None:
    result = ok(runner, filled, "delete", "2")
    assert "Deleted event 2." in result.stderr
    assert [e["id"] for e in query(runner, filled)] == [1, 3, 4]
    ok(runner, filled, "delete", "3", "--yes")
    assert [e["id"] for e in query(runner, filled)] == [1, 4]
    assert run(runner, filled, "delete", "3").exit_code == 1


# -- actors, stats -----------------------------------------------------------------------------


def test_actors(runner: CliRunner, filled: Path) -> None:
    rows = json.loads(ok(runner, filled, "actors", "-f", "json").stdout)
    assert {"name", "kind", "country", "aliases", "events"} == set(rows[0])
    trump = next(r for r in rows if r["name"] == "Donald Trump")
    assert trump["events"] == 2
    kim = json.loads(ok(runner, filled, "actors", "--search", "jong", "-f", "json").stdout)
    assert [r["name"] for r in kim] == ["Kim Jong Un"] and kim[0]["events"] == 2
    out = ok(runner, filled, "actors").stdout
    assert "Donald Trump" in out and max(len(x) for x in out.splitlines()) <= 80
    rows = list(csv.DictReader(io.StringIO(ok(runner, filled, "actors", "-f", "csv").stdout)))
    assert {r["name"] for r in rows} >= {"Donald Trump", "Kim Jong Un"}
    assert "No actors match." in ok(runner, filled, "actors", "--search", "zzz").stderr


def test_stats(runner: CliRunner, filled: Path) -> None:
    st = json.loads(ok(runner, filled, "stats", "-f", "json").stdout)
    assert st["events"] == 4 and st["undated"] == 1
    assert st["by_type"]["04"]["events"] == 2
    assert st["first"] == "2019-02-01" and st["last"] == "2019-04-11"
    out = ok(runner, filled, "stats").stdout
    assert "2019-02-01 .. 2019-04-11" in out and "consult" in out
    assert "events,4" in ok(runner, filled, "stats", "-f", "csv").stdout


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for command in ("add", "query", "show", "edit", "delete", "actors", "stats"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Example:" in result.stdout, command


def test_read_commands_do_not_create_a_database(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    for args in (["query"], ["show", "1"], ["actors"], ["stats"], ["edit", "1", "--text", "x"]):
        assert run(runner, db, *args).exit_code == 1
    assert not db.exists()


def test_default_database_from_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("TIMELINE_DB", str(db))
    assert runner.invoke(app, ["add", "x", "--type", "01"]).exit_code == 0
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM event").fetchone()[0] == 1


def test_query_actor_role_phrase_is_resolved_at_the_query_date(
    runner: CliRunner, filled: Path
) -> None:
    """'the South Korean president' is Moon Jae-in in 2019 (--ref or the date range), not later."""
    got = query(runner, filled, "--actor", "the South Korean president")  # --ref 2019-04-11
    assert [e["summary"] for e in got] == ["Moon Jae-in meets Donald Trump"]
    ranged = query(
        runner, filled, "--actor", "the South Korean president", "--from", "2019-04-01",
        "--to", "2019-04-30",
    )  # fmt: skip
    assert [e["summary"] for e in ranged] == ["Moon Jae-in meets Donald Trump"]
    later = json.loads(
        ok(runner, filled, "query", "--ref", "2023-06-01", "-f", "json",
           "--actor", "the South Korean president").stdout
    )  # fmt: skip
    assert later == []


def test_query_actor_name_does_not_depend_on_the_date(runner: CliRunner, filled: Path) -> None:
    """A surname denotes its person whatever --ref is (only role phrases need a date)."""
    got = json.loads(
        ok(runner, filled, "query", "--ref", "2026-11-28", "-f", "json", "--actor", "Moon").stdout
    )
    assert [e["summary"] for e in got] == ["Moon Jae-in meets Donald Trump"]
