"""`timeline extract`: the ingest pipeline as a dry run (both formats, nothing stored)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = str(FIXTURES / "ingest_article.txt")


def lines(text: str) -> list[dict]:
    return [json.loads(ln) for ln in text.splitlines()]


def test_extract_jsonl_with_timexes(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(db_path), "extract", ARTICLE, "--format", "jsonl", "--timexes"]
    )
    assert result.exit_code == 0, result.output
    [doc] = lines(result.stdout)
    assert list(doc) == ["doc_id", "events", "timexes"]
    assert doc["doc_id"] == "ingest_article.txt"
    meetings = [
        e
        for e in doc["events"]
        if e["type"] == "04" and "Moon Jae-in" in {a["name"] for a in e["actors"]}
    ]
    assert len(meetings) == 1, doc["events"]
    meeting = meetings[0]
    assert {a["name"] for a in meeting["actors"]} == {"Moon Jae-in", "Donald Trump"}
    assert (meeting["start"], meeting["end"], meeting["granularity"]) == (
        "2019-04-11",
        "2019-04-11",
        "day",
    )
    assert meeting["location"] == "Washington"
    assert "id" not in meeting and "mentions" not in meeting
    assert meeting["sentence"].startswith("South Korean President Moon Jae-in met")
    thursday = [t for t in doc["timexes"] if t["text"] == "Thursday"]
    assert thursday and thursday[0]["value"] == "2019-04-11"
    assert not db_path.exists()


def test_extract_jsonl_one_line_per_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "ingest_feed.jsonl"), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    docs = lines(result.stdout)
    assert [d["doc_id"] for d in docs] == ["a1", "a2"]
    assert all(list(d) == ["doc_id", "events"] for d in docs)  # no timexes unless asked


def test_extract_table_is_readable_in_80_columns(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a stray default database would appear here
    result = runner.invoke(app, ["extract", ARTICLE, "--timexes"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("ingest_article.txt (Example Wire, 2019-04-11): ")
    assert "Moon Jae-in" in out and "2019-04-11" in out and "Washington" in out
    assert "time expressions" in out and "Thursday" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert list(tmp_path.iterdir()) == []
    assert not Path(os.environ["TIMELINE_DB"]).exists()


def test_extract_refuses_an_undated_article(runner: CliRunner) -> None:
    path = str(FIXTURES / "ingest_undated.txt")
    result = runner.invoke(app, ["extract", path, "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: no publication date; give --published DATE or a 'published:' header\n"
    )
    ok = runner.invoke(app, ["extract", path, "--published", "2019-04-11", "-f", "jsonl"])
    assert ok.exit_code == 0, ok.output
    assert lines(ok.stdout)[0]["doc_id"] == "ingest_undated.txt"


def test_extract_keeps_going_after_a_bad_input(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["extract", str(FIXTURES / "ingest_feed_bad_line.jsonl"), "-f", "jsonl"]
    )
    assert result.exit_code == 1
    assert [d["doc_id"] for d in lines(result.stdout)] == ["wire-1", "wire-3"]
    assert result.stderr.startswith(f"Error: {FIXTURES / 'ingest_feed_bad_line.jsonl'}:2: ")


def test_extract_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file or directory\n"
    bad_date = runner.invoke(app, ["extract", ARTICLE, "--published", "last week"])
    assert bad_date.exit_code == 2
    assert bad_date.stderr.startswith("Error: not a valid publication date")
    assert "'last week'" in bad_date.stderr
    bad_format = runner.invoke(app, ["extract", ARTICLE, "--format", "csv"])
    assert bad_format.exit_code == 2
    assert "Traceback" not in bad_format.output


def test_extract_reads_stdin(runner: CliRunner) -> None:
    text = "published: 2019-06-06\n\nChinese President Xi Jinping visited Moscow on Tuesday.\n"
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=text)
    assert result.exit_code == 0, result.output
    [doc] = lines(result.stdout)
    assert doc["doc_id"] == "<stdin>"
    [visit] = [e for e in doc["events"] if e["type"] == "04"]
    assert visit["start"] == "2019-06-04" and visit["location"] == "Moscow"
