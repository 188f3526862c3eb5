"""`timeline ingest` end to end against temporary databases (real pipeline, real store)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from timeline.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = str(FIXTURES / "ingest_article.txt")
UNDATED = str(FIXTURES / "ingest_undated.txt")
REFUSED = "no publication date; give --published DATE or a 'published:' header"


def run(runner: CliRunner, db: Path, *args: str, stdin: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def query(runner: CliRunner, db: Path, *args: str) -> list[dict[str, Any]]:
    result = run(runner, db, "query", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from document").fetchone()[0]


def test_text_with_headers(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert re.fullmatch(
        r"ingested 1 article: [1-9]\d* new events?, \d+ merged mentions?, "
        r"0 skipped \(already stored\), 0 errors\n",
        result.stdout,
    ), result.stdout
    [meeting] = query(runner, db_path, "--actor", "Moon Jae-in", "--type", "04")
    assert meeting["start"] == "2019-04-11" and meeting["location"] == "Washington"
    assert {a["name"] for a in meeting["actors"]} == {"Moon Jae-in", "Donald Trump"}
    [mention] = meeting["mentions"]
    assert mention["source"] == "Example Wire" and mention["published"] == "2019-04-11"


def test_html_page(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", str(FIXTURES / "ingest_page.html"))
    assert result.exit_code == 0, result.output
    meetings = query(runner, db_path, "--actor", "Moon Jae-in", "--type", "04")
    [meeting] = [m for m in meetings if m["start"] == "2019-04-11"]
    assert {a["name"] for a in meeting["actors"]} == {"Moon Jae-in", "Donald Trump"}
    assert meeting["mentions"][0]["source"] == "Example Daily"


def test_jsonl(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", str(FIXTURES / "ingest_feed.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ingested 2 articles: ")
    assert documents(db_path) == 2
    [visit] = query(runner, db_path, "--actor", "Xi Jinping")
    assert visit["type"] == "04" and visit["start"] == "2019-06-04"  # Tuesday before Thursday
    assert visit["mentions"][0]["source"] == "Outlet B"


def test_stdin(runner: CliRunner, db_path: Path) -> None:
    text = Path(ARTICLE).read_text(encoding="utf-8")
    result = run(runner, db_path, "ingest", "-", stdin=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ingested 1 article: ")
    assert query(runner, db_path, "--actor", "Moon Jae-in", "--type", "04")


def test_stdin_jsonl_with_published_and_source(runner: CliRunner, db_path: Path) -> None:
    feed = '{"text": "Chinese President Xi Jinping visited Moscow on Tuesday."}\n'
    refused = run(runner, db_path, "ingest", "-", stdin=feed)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: <stdin>:1: no publication date")
    result = run(
        runner, db_path, "ingest", "-", "--published", "2019-06-06", "--source", "Desk",
        stdin=feed,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [visit] = query(runner, db_path, "--actor", "Xi Jinping")
    assert visit["mentions"][0]["source"] == "Desk"


def test_an_undated_article_is_refused(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", UNDATED)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {UNDATED}: {REFUSED}\n"
    assert result.stdout == (
        "ingested 0 articles: 0 new events, 0 merged mentions, 0 skipped (already stored), "
        "1 error\n"
    )
    assert documents(db_path) == 0


def test_published_fills_in_the_date(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", UNDATED, "--published", "2019-04-11")
    assert result.exit_code == 0, result.output
    assert documents(db_path) == 1


@pytest.mark.parametrize("value", ["2019-13-45", "yesterday", "11/04"])
def test_a_bad_published_date_is_a_usage_error(
    runner: CliRunner, db_path: Path, value: str
) -> None:
    result = run(runner, db_path, "ingest", UNDATED, "--published", value)
    assert result.exit_code == 2
    expected = f"Error: not a valid publication date (expected YYYY-MM-DD): {value!r}\n"
    assert result.stderr == expected
    assert not db_path.exists()


def test_same_content_twice_adds_nothing(runner: CliRunner, db_path: Path) -> None:
    first = run(runner, db_path, "ingest", ARTICLE)
    assert first.exit_code == 0, first.output
    before = query(runner, db_path)
    again = run(runner, db_path, "ingest", ARTICLE)
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        "ingested 1 article: 0 new events, 0 merged mentions, 1 skipped (already stored), "
        "0 errors\n"
    )
    assert query(runner, db_path) == before
    assert documents(db_path) == 1


def test_a_bad_jsonl_line_is_reported_and_the_rest_stored(runner: CliRunner, db_path: Path) -> None:
    path = str(FIXTURES / "ingest_feed_bad_line.jsonl")
    result = run(runner, db_path, "ingest", path)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {path}:2: invalid JSON: ")
    assert result.stdout.startswith("ingested 2 articles: ")
    assert result.stdout.endswith(", 1 error\n")
    assert documents(db_path) == 2


def test_binary_file(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    result = run(runner, db_path, "ingest", str(path), "--published", "2019-04-11")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: not UTF-8 text (binary file?)\n"
    assert "Traceback" not in result.output


def test_non_utf8_file_does_not_stop_the_others(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("published: 2019-04-11\n\nMoon said “no” to Kim.\n".encode("cp1252"))
    result = run(runner, db_path, "ingest", str(path), ARTICLE)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not UTF-8 text (binary file?)")
    assert result.stdout.startswith("ingested 1 article: ")
    assert documents(db_path) == 1


def test_a_missing_path_is_a_usage_error_and_stores_nothing(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = run(runner, db_path, "ingest", ARTICLE, str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {missing}: no such file or directory\n"
    assert not db_path.exists()


def test_the_same_meeting_from_two_outlets_is_one_event_with_two_mentions(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    a = tmp_path / "outlet_a.txt"
    a.write_text(
        "published: 2019-04-11\nsource: Outlet A\n\n"
        "South Korean President Moon Jae-in met Donald Trump in Washington on Thursday.\n",
        encoding="utf-8",
    )
    b = tmp_path / "outlet_b.txt"
    b.write_text(
        "published: 2019-04-12\nsource: Outlet B\n\n"
        "Moon Jae-in met US President Donald Trump in Washington on Thursday, "
        "officials said.\n",
        encoding="utf-8",
    )
    result = run(runner, db_path, "ingest", str(a), str(b))
    assert result.exit_code == 0, result.output
    meetings = query(runner, db_path, "--type", "04")
    assert len(meetings) == 1, meetings
    [meeting] = meetings
    assert meeting["start"] == meeting["end"] == "2019-04-11"
    assert {a["name"] for a in meeting["actors"]} == {"Moon Jae-in", "Donald Trump"}
    assert sorted(m["source"] for m in meeting["mentions"]) == ["Outlet A", "Outlet B"]
    assert "1 merged mention" in result.stdout


def test_workers_give_the_same_database(runner: CliRunner, tmp_path: Path) -> None:
    inputs = [ARTICLE, str(FIXTURES / "ingest_feed.jsonl"), str(FIXTURES / "ingest_page.html")]
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = run(runner, one, "ingest", *inputs)
    r2 = run(runner, two, "ingest", "--workers", "2", *inputs)
    assert r1.exit_code == r2.exit_code == 0, r1.output + r2.output
    assert r1.stdout == r2.stdout
    assert query(runner, one) == query(runner, two)


def test_progress_bar_is_off_when_not_on_a_terminal(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, db_path, "ingest", str(FIXTURES / "ingest_feed.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    forced = run(runner, db_path, "ingest", "--progress", str(FIXTURES / "ingest_feed.jsonl"))
    assert forced.exit_code == 0, forced.output
    assert forced.stdout.startswith("ingested 2 articles: 0 new events")
    assert "ingesting" in forced.stderr and "2/2" in forced.stderr


def test_a_failing_article_is_not_half_stored(
    runner: CliRunner, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refuses the second event of one article: none of that article is kept."""
    import timeline.pipeline
    from timeline.events.types import ActorRef, ExtractedEvent

    def events(text: str, published: Any) -> list[ExtractedEvent]:
        def event(type_: str) -> ExtractedEvent:
            return ExtractedEvent(
                type=type_, label="x", summary=text, sentence=text, sentence_start=0,
                sentence_end=len(text), actors=[ActorRef("Kim Jong Un", country="North Korea")],
            )  # fmt: skip

        return [event("04"), event("99" if "broken" in text else "01")]

    monkeypatch.setattr(timeline.pipeline, "pipeline", events)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "good", "text": "Kim visited a factory.", "published": "2019-04-11"}\n'
        '{"id": "bad", "text": "A broken article.", "published": "2019-04-11"}\n',
        encoding="utf-8",
    )
    result = run(runner, db_path, "ingest", str(feed))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: bad: unknown event type '99'")
    assert result.stdout.startswith("ingested 1 article: 2 new events")
    assert documents(db_path) == 1
    assert len(query(runner, db_path)) == 2
    assert all(e["summary"] == "Kim visited a factory." for e in query(runner, db_path))


def test_a_directory_ingests_its_article_files(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(Path(ARTICLE).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        (FIXTURES / "ingest_feed.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    result = run(runner, db_path, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ingested 3 articles: ")
    assert documents(db_path) == 3


def test_errors_show_above_a_forced_progress_bar(runner: CliRunner, db_path: Path) -> None:
    path = str(FIXTURES / "ingest_feed_bad_line.jsonl")
    result = run(runner, db_path, "ingest", "--progress", path)
    assert result.exit_code == 1
    assert f"Error: {path}:2: invalid JSON: Expecting ',' delimiter at column" in result.stderr
    assert "3/3" in result.stderr
    assert result.stdout.startswith("ingested 2 articles: ")
