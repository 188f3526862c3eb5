"""``timeline merge`` / ``split``: a person's joins and splits, their evidence, and re-ingest."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from typer.testing import CliRunner, Result

from timeline.cli import app
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import open_store

DAY = date(2019, 4, 11)


def meeting(
    sentence: str, start: int, who: tuple[str, ...] = ("Leader A", "Leader B")
) -> ExtractedEvent:
    return ExtractedEvent(
        type="04",
        label="consult",
        summary=sentence,
        sentence=sentence,
        sentence_start=start,
        sentence_end=start + len(sentence),
        start=DAY,
        end=DAY,
        granularity="day",
        date_text="on Thursday",
        actors=[ActorRef(w, "person", None, "participant") for w in who],
    )


S1 = "Leader A met Leader B on Thursday."
S2 = "Leader A and Leader B held talks on Thursday."


def ingest(db: Path, text: str, events: list[ExtractedEvent], doc: str) -> None:
    with open_store(str(db)) as store:
        store.ingest_article(Article(text, DAY, doc_id=doc), events)


def two_articles(db: Path) -> None:
    """Two articles whose meetings the ingest merges into one event."""
    ingest(db, S1, [meeting(S1, 0)], "a")
    ingest(db, S2, [meeting(S2, 0)], "b")


def run(runner: CliRunner, db: Path, *args: str) -> Result:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


def events(db: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["--db", str(db), "query", "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def dump(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return [
            tuple(c.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall())
            for t in ("event", "mention", "event_actor", "event_tombstone", "merge_note")
        ]


def test_ingest_records_the_merge_evidence_and_show_displays_it(
    runner: CliRunner, db_path: Path
) -> None:
    two_articles(db_path)
    (ev,) = events(db_path)
    shown = json.loads(run(runner, db_path, "show", str(ev["id"]), "-f", "json").stdout)
    (note,) = shown["merges"]
    assert note["rule"] == "ingest-merge"
    assert note["evidence"]["shared_actors"] == 2 and note["evidence"]["overlap_days"] == 1
    assert note["sentence"] == S2 and note["document"] == "b"
    table = run(runner, db_path, "show", str(ev["id"])).stdout
    assert "ingest-merge (across articles)" in table and "2 shared actor(s)" in table


def test_split_undoes_a_merge_and_survives_re_ingest(runner: CliRunner, db_path: Path) -> None:
    two_articles(db_path)
    (ev,) = events(db_path)
    result = run(runner, db_path, "split", str(ev["id"]), "--mention", "2", "-f", "json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)
    assert made["id"] != ev["id"] and [m["sentence"] for m in made["mentions"]] == [S2]
    assert made["actors"] == ev["actors"] and made["start"] == ev["start"]
    assert len(events(db_path)) == 2
    # A variant of article b (and article a again) puts each sentence back on its own event.
    ingest(db_path, S2 + " More text.", [meeting(S2, 0)], "b2")
    ingest(db_path, S1 + " Other text.", [meeting(S1, 0)], "a2")
    after = {e["id"]: [m["sentence"] for m in e["mentions"]] for e in events(db_path)}
    assert after == {ev["id"]: [S1, S1], made["id"]: [S2, S2]}
    notes = json.loads(run(runner, db_path, "show", str(made["id"]), "-f", "json").stdout)
    assert [n["rule"] for n in notes["merges"]] == ["user-split", "pinned"]


def test_merge_joins_events_and_survives_re_ingest(runner: CliRunner, db_path: Path) -> None:
    # Different partners: the ingest keeps them apart; the person knows they are one meeting.
    ingest(db_path, S1, [meeting(S1, 0)], "a")
    ingest(db_path, S2, [meeting(S2, 0, ("Leader A", "Leader C"))], "b")
    first, second = sorted(e["id"] for e in events(db_path))
    result = run(runner, db_path, "merge", str(second), str(first), "-f", "json")
    assert result.exit_code == 0, result.output
    joined = json.loads(result.stdout)
    assert joined["id"] == first and joined["edited"] is True
    assert {a["name"] for a in joined["actors"]} == {"Leader A", "Leader B", "Leader C"}
    assert [m["sentence"] for m in joined["mentions"]] == [S1, S2]
    assert run(runner, db_path, "show", str(second)).exit_code == 1
    ingest(db_path, S2 + " More text.", [meeting(S2, 0, ("Leader A", "Leader C"))], "b2")
    (after,) = events(db_path)
    assert [m["sentence"] for m in after["mentions"]] == [S1, S2, S2]
    shown = run(runner, db_path, "show", str(first)).stdout
    assert f"events {second} joined" in shown


def test_bad_input_is_one_error_line_and_changes_nothing(runner: CliRunner, db_path: Path) -> None:
    ingest(db_path, S1, [meeting(S1, 0)], "a")
    ingest(db_path, S2, [meeting(S2, 0, ("Leader A", "Leader C"))], "b")
    first, second = sorted(e["id"] for e in events(db_path))
    before = dump(db_path)
    cases = [
        (("merge", str(first), "999"), 1, "no event with id 999"),
        (("merge", str(first), str(first)), 2, "cannot be merged with itself"),
        (("merge", str(first)), 2, "at least two"),
        (("merge", "x", str(first)), 2, "not an event id"),
        (("split", "999"), 1, "no event with id 999"),
        (("split", str(first)), 2, "only one mention"),
        (("split", str(first), "--mention", "0"), 2, ""),
    ]
    for args, code, text in cases:
        result = run(runner, db_path, *args)
        assert result.exit_code == code, (args, result.output)
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert lines[0].startswith("Error:") or "Usage" in result.output, (args, result.output)
        assert text in result.output, (args, result.output)
        assert dump(db_path) == before, args
    two_articles_db = db_path.with_name("two.db")
    two_articles(two_articles_db)
    (ev,) = events(two_articles_db)
    before = dump(two_articles_db)
    result = run(runner, two_articles_db, "split", str(ev["id"]), "--mention", "3")
    assert result.exit_code == 2 and result.output.startswith("Error:"), result.output
    assert "mentions 1..2" in result.output and len(result.output.splitlines()) == 1
    assert dump(two_articles_db) == before
