"""The analyst's loop (issue 11): typed dates, relative dates in add/edit, --explain,
--date-order, the filters analysts ask for, output conventions. Bad input: one Error line,
exit 2, database unchanged."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from timeline.cli import app

TABLES = ("event", "actor", "actor_alias", "event_actor", "mention", "document")
REF = "2019-04-11"  # a Thursday


def snapshot(db: Path) -> tuple[str, dict[str, int]]:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        counts = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    return digest, counts


def run(runner: CliRunner, db: Path, *args: str, **kw: object) -> Result:
    result = runner.invoke(app, ["--db", str(db), *args], **kw)  # type: ignore[arg-type]
    assert "Traceback" not in result.output
    return result


def ok(runner: CliRunner, db: Path, *args: str, **kw: object) -> Result:
    result = run(runner, db, *args, **kw)
    assert result.exit_code == 0, result.output
    return result


def add(runner: CliRunner, db: Path, text: str, *args: str) -> dict:
    return json.loads(ok(runner, db, "add", text, "--ref", REF, "-f", "json", *args).stdout)


def query(runner: CliRunner, db: Path, *args: str) -> list[dict]:
    return json.loads(ok(runner, db, "query", "--ref", REF, "-f", "json", *args).stdout)


def one_error(result: Result) -> str:
    text = result.stdout + result.stderr
    assert result.exit_code == 2, text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    return lines[0]


@pytest.fixture
def article_db(runner: CliRunner, db_path: Path, tmp_path: Path) -> Path:
    """One ingested article published Thursday 2019-04-11, plus hand-added events."""
    article = tmp_path / "a.txt"
    article.write_text(
        "published: 2019-04-11\ntitle: Summit\n\n"
        "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.\n",
        encoding="utf-8",
    )
    ok(runner, db_path, "ingest", str(article))
    add(runner, db_path, "Choe Son-hui briefs reporters", "--date", "2019-04-01", "--type", "01",
        "--actor", "Choe Son-hui")  # fmt: skip
    add(runner, db_path, "UN sanctions on North Korea", "--date", "2019-03", "--cameo", "163",
        "--actor", "United Nations", "--actor", "North Korea")  # fmt: skip
    add(runner, db_path, "Moon Jae-in meets Donald Trump", "--date", REF, "--type", "consult",
        "--actor", "Moon Jae-in", "--actor", "Donald Trump")  # fmt: skip
    add(runner, db_path, "Japan and China talk trade", "--date", "2019-02", "--type", "04",
        "--actor", "Japan", "--actor", "China")  # fmt: skip
    return db_path


# -- typed dates round-trip through the CLI ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2025-W11", "2025-03-10", "2025-03-16", "week"),
        ("2019-W15", "2019-04-08", "2019-04-14", "week"),
        ("2025-SU", "2025-06-01", "2025-08-31", "season"),
        ("2019-Q2", "2019-04-01", "2019-06-30", "quarter"),
        ("199", "1990-01-01", "1999-12-31", "decade"),
        ("2019-04-11TNI", "2019-04-11", "2019-04-11", "day"),
        ("2019-H1", "2019-01-01", "2019-06-30", "month"),
    ],
)
def test_add_reads_typed_values(
    runner: CliRunner, db_path: Path, value: str, start: str, end: str, granularity: str
) -> None:
    ev = add(runner, db_path, "Talks", "--date", value, "--type", "04")
    assert (ev["start"], ev["end"], ev["granularity"]) == (start, end, granularity)


def test_query_from_to_take_typed_values(runner: CliRunner, article_db: Path) -> None:
    got = query(runner, article_db, "--from", "2019-W15", "--to", "2019-W15")
    assert {e["start"] for e in got} == {REF}
    got = query(runner, article_db, "--from", "2019-Q1", "--to", "2019-Q1")
    assert {e["summary"] for e in got} == {
        "UN sanctions on North Korea",
        "Japan and China talk trade",
    }


# -- relative dates in add and edit --------------------------------------------------------------


def test_edit_resolves_against_the_events_article_date(runner: CliRunner, article_db: Path) -> None:
    event = query(runner, article_db, "--actor", "Vladimir Putin")[0]
    result = ok(runner, article_db, "edit", str(event["id"]), "--date", "on Wednesday",
                "--explain", "-f", "json")  # fmt: skip
    ev = json.loads(result.stdout)
    assert ev["start"] == "2019-04-10"  # the Wednesday before the article, not before today
    assert "published 2019-04-11" in result.stderr and "rule" in result.stderr


def test_edit_ref_wins_over_the_article_date(runner: CliRunner, article_db: Path) -> None:
    event = query(runner, article_db, "--actor", "Vladimir Putin")[0]
    ev = json.loads(ok(runner, article_db, "edit", str(event["id"]), "--date", "on Wednesday",
                       "--ref", "2019-05-02", "-f", "json").stdout)  # fmt: skip
    assert ev["start"] == "2019-05-01"


def test_end_phrase_is_resolved_from_the_start_date(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Talks", "--date", "2019-03-04", "--end", "Friday", "--type", "04")
    assert (ev["start"], ev["end"]) == ("2019-03-04", "2019-03-08")  # not Friday before --ref


def test_planned_event_prefers_the_future(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Moon to visit", "--date", "Friday", "--type", "04",
             "--status", "planned")  # fmt: skip
    assert ev["start"] == "2019-04-12"
    ev = add(runner, db_path, "Moon visited", "--date", "Friday", "--type", "04")
    assert ev["start"] == "2019-04-05"


def test_edit_to_planned_prefers_the_future(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Trip", "--date", REF, "--type", "04", "--status", "planned")
    got = json.loads(ok(runner, db_path, "edit", str(ev["id"]), "--date", "in May", "--ref",
                        REF, "-f", "json").stdout)  # fmt: skip
    assert got["start"] == "2019-05-01"
    got = json.loads(ok(runner, db_path, "edit", str(ev["id"]), "--date", "in March", "--ref",
                        REF, "-f", "json").stdout)  # fmt: skip
    assert got["start"] == "2020-03-01"


def test_add_explain(runner: CliRunner, db_path: Path) -> None:
    result = ok(runner, db_path, "add", "Talks", "--date", "on Thursday", "--ref", REF,
                "--type", "04", "--explain")  # fmt: skip
    assert "--date 'on Thursday': 2019-04-11 (day), rule weekday" in result.stderr
    assert "against 2019-04-11 (--ref)" in result.stderr


def test_explain_typed_value(runner: CliRunner, db_path: Path) -> None:
    result = ok(runner, db_path, "add", "Talks", "--date", "2019-W15", "--type", "04",
                "--explain", "-f", "json")  # fmt: skip
    assert "ISO week 15 of 2019" in result.stderr
    assert json.loads(result.stdout)["granularity"] == "week"


def test_date_order(runner: CliRunner, db_path: Path) -> None:
    ev = add(runner, db_path, "Talks", "--date", "03/04/2025", "--type", "04",
             "--date-order", "DMY")  # fmt: skip
    assert ev["start"] == "2025-04-03"
    ev = add(runner, db_path, "Talks", "--date", "03/04/2025", "--type", "04",
             "--date-order", "MDY")  # fmt: skip
    assert ev["start"] == "2025-03-04"
    ev = add(runner, db_path, "Talks", "--date", "14/03/2025", "--type", "04")
    assert ev["start"] == "2025-03-14"


# -- bad input: one line, exit 2, nothing changed -----------------------------------------------

BAD = [
    (["add", "x", "--type", "04", "--date", "2019-13"], "there is no month 13"),
    (["add", "x", "--type", "04", "--date", "03/04/2025"], "--date-order"),
    (["add", "x", "--type", "04", "--date", "03/04/2025", "--date-order", "YMD"], "YMD"),
    (["add", "x", "--type", "04", "--date", "2019-W54"], "ISO weeks"),
    (["add", "x", "--type", "04", "--date", "-2019-01-01"], "-2019-01-01"),
    (["add", "x", "--type", "04", "--date", "2019-04-11T25:00"], "time of day"),
    (["add", "x", "--type", "04", "--date", ""], "--date: empty date"),
    (["edit", "1", "--date", "2019-13"], "there is no month 13"),
    (["edit", "1", "--date", "03/04/2025"], "--date-order"),
    (["query", "--from", "2019-13"], "--from: not a valid date: '2019-13'"),
    (["query", "--to", "2019-13"], "--to: not a valid date"),
    (["query", "--from", ""], "--from: empty date"),
    (["query", "--to", ""], "--to: empty date"),
    (["query", "--from", "03/04/2025"], "--date-order"),
    (["export", "-o", "x.csv", "--from", ""], "--from: empty date"),
    (["export", "-o", "x.csv", "--from", "2019-13"], "no month 13"),
    (["query", "--type", "gossip"], "gossip"),
    (["query", "--cameo", "999"], "999"),
    (["query", "--cameo", "16x"], "16x"),
    (["query", "--plover", "PARTY"], "PARTY"),
    (["query", "--sort", "size"], "size"),
    (["query", "--min-mentions", "0"], "--min-mentions"),
    (["query", "--country", "Kim Jong Un"], "not a country"),
    (["query", "--country", " "], "--country"),
    (["export", "-o", "x.csv", "--sort", "size"], "size"),
    (["ingest", "a.txt", "--published", "2019-04-11T25:00"], "2019-04-11T25:00"),
    (["ingest", "a.txt", "--published", "-2019-01-01"], "-2019-01-01"),
]


@pytest.mark.parametrize(("args", "needle"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_one_line_exit_2_db_unchanged(
    runner: CliRunner, article_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: list[str], needle: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Kim met Putin on Thursday.\n", encoding="utf-8")
    before = snapshot(article_db)
    line = one_error(run(runner, article_db, *args))
    assert needle in line
    assert snapshot(article_db) == before
    assert not (tmp_path / "x.csv").exists()


# -- filters -------------------------------------------------------------------------------------


def summaries(events: list[dict]) -> set[str]:
    return {e["summary"] for e in events}


def test_country_finds_the_country_and_its_officials(runner: CliRunner, article_db: Path) -> None:
    got = query(runner, article_db, "--country", "North Korea")
    assert "UN sanctions on North Korea" in summaries(got)  # the country itself
    assert "Choe Son-hui briefs reporters" in summaries(got)  # an official
    assert any("Putin" in a["name"] for e in got for a in e["actors"])  # Kim's meeting
    assert "Moon Jae-in meets Donald Trump" not in summaries(got)
    assert summaries(query(runner, article_db, "--country", "DPRK")) == summaries(got)
    both = query(runner, article_db, "--country", "North Korea", "--country", "Russia")
    assert len(both) == 1 and "Putin" in both[0]["summary"] + str(both[0]["actors"])


def test_cameo_prefix(runner: CliRunner, article_db: Path) -> None:
    assert summaries(query(runner, article_db, "--cameo", "16")) == {"UN sanctions on North Korea"}
    assert summaries(query(runner, article_db, "--cameo", "163")) == {"UN sanctions on North Korea"}
    assert query(runner, article_db, "--cameo", "161") == []
    assert "Moon Jae-in meets Donald Trump" in summaries(query(runner, article_db, "--cameo", "04"))


def test_type_by_name(runner: CliRunner, article_db: Path) -> None:
    assert summaries(query(runner, article_db, "--type", "sanction")) == {
        "UN sanctions on North Korea"
    }
    assert summaries(query(runner, article_db, "--type", "consult")) == summaries(
        query(runner, article_db, "--type", "04")
    )


def test_plover(runner: CliRunner, article_db: Path) -> None:
    # PLOVER files CAMEO 163 (impose sanctions) under COERCE, not SANCTION
    assert summaries(query(runner, article_db, "--plover", "coerce")) == {
        "UN sanctions on North Korea"
    }
    assert query(runner, article_db, "--plover", "SANCTION") == []
    consult = query(runner, article_db, "--plover", "CONSULT")
    assert consult and all(e["plover"] == "CONSULT" for e in consult)


def test_sort_limit(runner: CliRunner, article_db: Path) -> None:
    by_date = [e["start"] for e in query(runner, article_db)]
    latest = [e["start"] for e in query(runner, article_db, "--sort", "-date")]
    assert latest == sorted(by_date, reverse=True)
    ids = [e["id"] for e in query(runner, article_db, "--sort", "-id", "--limit", "2")]
    assert ids == sorted(ids, reverse=True) and len(ids) == 2


def test_min_mentions(runner: CliRunner, article_db: Path) -> None:
    got = query(runner, article_db, "--min-mentions", "1")
    assert got and all(any(m["document"] for m in e["mentions"]) for e in got)
    assert query(runner, article_db, "--min-mentions", "2") == []


def test_export_takes_the_same_filters(runner: CliRunner, article_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    ok(runner, article_db, "export", "-o", str(out), "--type", "sanction", "--country", "DPRK",
       "--cameo", "16", "--plover", "COERCE", "--sort", "-date", "--limit", "5")  # fmt: skip
    assert summaries(json.loads(out.read_text())) == {"UN sanctions on North Korea"}


def test_actors_search_by_country(runner: CliRunner, article_db: Path) -> None:
    rows = json.loads(ok(runner, article_db, "actors", "--search", "korea", "-f", "json").stdout)
    names = {r["name"] for r in rows}
    assert {"North Korea", "Kim Jong Un", "Choe Son-hui", "Moon Jae-in"} <= names
    assert "Donald Trump" not in names


# -- output conventions --------------------------------------------------------------------------


def test_db_after_the_subcommand(runner: CliRunner, article_db: Path) -> None:
    result = runner.invoke(app, ["query", "--db", str(article_db), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) >= 4
    result = runner.invoke(app, ["query", f"--db={article_db}", "-f", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) >= 4


def test_quiet(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(db_path), "--quiet", "add", "Talks", "--date",
                                 REF, "--type", "04"])  # fmt: skip
    assert result.exit_code == 0 and "Added event" not in result.output
    result = runner.invoke(app, ["--db", str(db_path), "delete", "1", "--yes", "-q"])
    assert result.exit_code == 0 and result.output.strip() == ""
    article = db_path.parent / "a.txt"
    article.write_text("published: 2019-04-11\n\nKim met Putin on Thursday.\n")
    result = runner.invoke(app, ["--db", str(db_path), "ingest", str(article), "--quiet"])
    assert result.exit_code == 0 and result.output.strip() == ""


@pytest.mark.parametrize("command", ["", "add", "query", "edit", "export", "ingest", "tag"])
def test_help_shows_real_metavars(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "<bool>" not in result.output and "<list" not in result.output
    assert "<str>" not in result.output and "<int>" not in result.output
    if command in ("add", "query", "edit", "export"):
        assert "DATE" in result.output and "CODE" in result.output


@pytest.mark.parametrize("args", [["query"], ["show", "1"], ["actors"], ["stats"]])
def test_no_color(runner: CliRunner, article_db: Path, args: list[str]) -> None:
    """FORCE_COLOR makes rich style its output (bold headers); NO_COLOR removes every escape."""
    styled = runner.invoke(app, ["--db", str(article_db), *args], env={"FORCE_COLOR": "1"})
    assert styled.exit_code == 0 and "\x1b[" in styled.output  # the test can fail
    env = {"NO_COLOR": "1", "FORCE_COLOR": "1"}
    result = runner.invoke(app, ["--db", str(article_db), *args], env=env)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output


@pytest.mark.parametrize("args", [["query", "--help"], ["--help"], ["add", "--help"]])
def test_no_color_in_help(args: list[str]) -> None:
    """Help is written by Typer's own console: a real process, as a user runs it."""
    import os
    import subprocess
    import sys

    def run_help(**env: str) -> str:
        full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        done = subprocess.run(
            [sys.executable, "-m", "timeline", *args],
            env={**full, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "\x1b[" in run_help(FORCE_COLOR="1")  # the test can fail
    assert "\x1b[" not in run_help(FORCE_COLOR="1", NO_COLOR="1")
