"""Actor CAMEO codes per event actor (m008), each with the rule and evidence that resolved it;
``split`` re-reads the moved sentence; ``merge`` types the event by a recorded policy."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from typer.testing import CliRunner, Result

from timeline.cli import app
from timeline.events.types import Article
from timeline.pipeline import pipeline
from timeline.store import open_store

DAY = date(2019, 4, 11)  # a Thursday
FIXTURE_V1 = Path(__file__).parent / "fixtures" / "store_v1.db"


def ingest(db: Path, text: str, doc: str, published: date = DAY) -> None:
    with open_store(str(db)) as store:
        store.ingest_article(Article(text, published, doc_id=doc), pipeline(text, published))


def run(runner: CliRunner, db: Path, *args: str) -> Result:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def events(runner: CliRunner, db: Path) -> list[dict]:
    return json.loads(run(runner, db, "query", "-f", "json").stdout)


def test_ingest_stores_each_actors_code_rule_and_evidence(runner: CliRunner, db_path: Path) -> None:
    ingest(db_path, "Trump criticised China on Thursday.", "a")
    (ev,) = events(runner, db_path)
    trump, china = ev["actors"]
    assert (trump["name"], trump["code"]) == ("Donald Trump", "USAGOV")
    assert trump["rule"] == "actor.surname"
    assert "'Trump' = Donald Trump" in trump["evidence"]
    assert "source by actor.clause_subject" in trump["evidence"]
    assert "code USAGOV by code.office_term" in trump["evidence"]
    assert (china["code"], china["role"]) == ("CHN", "target")
    assert "code CHN by code.country" in china["evidence"]
    with sqlite3.connect(db_path) as c:
        stored = c.execute("SELECT code, rule FROM event_actor ORDER BY code").fetchall()
    assert stored == [("CHN", "actor.alias"), ("USAGOV", "actor.surname")]
    shown = run(runner, db_path, "show", str(ev["id"])).stdout
    assert "[USAGOV]" in shown and "[CHN]" in shown and "code.office_term" in shown


def test_codes_are_dated_a_person_out_of_office_has_none(runner: CliRunner, db_path: Path) -> None:
    """Blinken was not in office in 2019: no government code is invented for him."""
    ingest(db_path, "Secretary of State Antony Blinken met Wang Yi in Beijing on Sunday.", "a")
    (ev,) = events(runner, db_path)
    codes = {a["name"]: a["code"] for a in ev["actors"]}
    assert codes == {"Antony Blinken": None, "Wang Yi": "CHNGOV"}
    blinken = next(a for a in ev["actors"] if a["name"] == "Antony Blinken")
    assert "code none by code.none" in blinken["evidence"]


def test_exports_carry_the_codes(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    ingest(db_path, "Trump criticised China on Thursday.", "a")
    out_csv = run(runner, db_path, "export", "-o", "-", "--format", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(out_csv)))
    assert row["actors"] == "Donald Trump (source); China (target)"
    assert row["actor_codes"] == "USAGOV; CHN"
    out_tsv = run(runner, db_path, "export", "-o", "-", "--format", "tsv").stdout
    header, line = out_tsv.splitlines()[:2]
    cells = dict(zip(header.split("\t"), line.split("\t"), strict=True))
    assert (cells["actor1_code"], cells["actor2_code"]) == ("USAGOV", "CHN")
    out_json = json.loads(run(runner, db_path, "export", "-o", "-", "--format", "json").stdout)
    assert [a["code"] for a in out_json[0]["actors"]] == ["USAGOV", "CHN"]
    # The TSV with its code columns imports back unchanged (the codes are export-only).
    path = tmp_path / "events.tsv"
    path.write_text(out_tsv, encoding="utf-8")
    result = run(runner, db_path, "import", str(path))
    assert "1 unchanged" in result.output, result.output


def test_m008_adds_the_columns_to_an_old_database(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    shutil.copyfile(FIXTURE_V1, db)
    evs = events(runner, db)  # opening migrates
    with sqlite3.connect(db) as c:
        cols = {r[1] for r in c.execute("PRAGMA table_info(event_actor)")}
        names = {r[0] for r in c.execute("SELECT name FROM _timeline_migrations")}
    assert {"code", "rule", "evidence"} <= cols and "m008_actor_codes" in names
    linked = [a for e in evs for a in e["actors"]]
    assert linked and all(a["code"] is None and a["rule"] is None for a in linked)


ARTICLE_A = "Moon Jae-in met Donald Trump in Washington on Thursday."
ARTICLE_B = "South Korean President Moon Jae-in met US Vice President Mike Pence on Wednesday."


def test_split_re_reads_date_and_actors_from_the_moved_sentence(
    runner: CliRunner, db_path: Path
) -> None:
    ingest(db_path, ARTICLE_A, "a")
    ingest(db_path, ARTICLE_B, "b")
    first, second = sorted(e["id"] for e in events(runner, db_path))
    run(runner, db_path, "merge", str(first), str(second))
    (joined,) = events(runner, db_path)
    assert {a["name"] for a in joined["actors"]} == {"Moon Jae-in", "Donald Trump", "Mike Pence"}
    made = json.loads(run(runner, db_path, "split", str(first), "-f", "json").stdout)
    # not the merged event's copy: Wednesday and the two people of sentence b
    assert made["start"] == "2019-04-10" and made["date_text"]
    assert {a["name"] for a in made["actors"]} == {"Moon Jae-in", "Mike Pence"}
    assert all(a["code"] for a in made["actors"])
    shown = json.loads(run(runner, db_path, "show", str(made["id"]), "-f", "json").stdout)
    split_note = next(n for n in shown["merges"] if n["rule"] == "user-split")
    assert split_note["evidence"]["reread"] == "sentence"
    assert sorted(split_note["evidence"]["actors"]) == [
        "Mike Pence/participant",
        "Moon Jae-in/participant",
    ]


def test_merge_type_follows_the_most_mentions_and_records_the_policy(
    runner: CliRunner, db_path: Path
) -> None:
    # event 1: a statement (one mention); event 2: a meeting told twice
    ingest(db_path, "Moon Jae-in said on Thursday that the alliance was strong.", "s")
    ingest(db_path, ARTICLE_A, "a")
    ingest(db_path, "President Moon Jae-in met Donald Trump in Washington on Thursday.", "a2")
    evs = sorted(events(runner, db_path), key=lambda e: e["id"])
    assert [(e["type"], len(e["mentions"])) for e in evs] == [("01", 1), ("04", 2)]
    joined = json.loads(
        run(runner, db_path, "merge", str(evs[0]["id"]), str(evs[1]["id"]), "-f", "json").stdout
    )
    assert joined["id"] == evs[0]["id"] and joined["type"] == "04"
    shown = json.loads(run(runner, db_path, "show", str(joined["id"]), "-f", "json").stdout)
    note = next(n for n in shown["merges"] if n["rule"] == "user-merge")
    assert note["evidence"]["type_rule"] == "most mentions"
    assert note["evidence"]["type"] == "04" and "most mentions" in note["evidence"]["type_policy"]


def test_merge_type_tie_takes_the_finer_code(runner: CliRunner, db_path: Path) -> None:
    from timeline.store.types import EventInput

    with open_store(str(db_path)) as store:
        low = store.add_event(EventInput("A meeting", "04"))
        high = store.add_event(EventInput("A visit", "04", cameo="042"))
    joined = json.loads(run(runner, db_path, "merge", str(low), str(high), "-f", "json").stdout)
    assert (joined["id"], joined["type"], joined["cameo"]) == (low, "04", "042")
    shown = json.loads(run(runner, db_path, "show", str(low), "-f", "json").stdout)
    note = next(n for n in shown["merges"] if n["rule"] == "user-merge")
    assert note["evidence"]["type_rule"] == "finer CAMEO code"
