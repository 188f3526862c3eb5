"""`timeline import events.tsv|events.json` (issue 11): export -> edit -> import round-trips;
bad input is one Error line naming file and line, exit 2, nothing stored."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli_analyst import add, article_db, ok, one_error, query, run, snapshot
from typer.testing import CliRunner

from timeline.dates import parse_timex_value
from timeline.events.types import ActorRef
from timeline.store import EventInput, open_store
from timeline.textutil import fold

__all__ = ["article_db"]  # the fixture, shared with the analyst tests


def export(runner: CliRunner, db: Path, fmt: str) -> str:
    return ok(runner, db, "export", "-o", "-", "--format", fmt).stdout


def rows(tsv: str) -> list[dict[str, str]]:
    header, *lines = tsv.splitlines()
    cols = header.split("\t")
    return [dict(zip(cols, ln.split("\t"), strict=True)) for ln in lines]


def write_rows(path: Path, tsv: str, table: list[dict[str, str]]) -> Path:
    cols = tsv.splitlines()[0].split("\t")
    body = ["\t".join(cols)] + ["\t".join(r[c] for c in cols) for r in table]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["tsv", "json"])
def test_unedited_export_imports_as_no_change(
    runner: CliRunner, article_db: Path, tmp_path: Path, fmt: str
) -> None:
    before = export(runner, article_db, fmt)
    f = tmp_path / f"events.{fmt}"
    f.write_text(before, encoding="utf-8")
    result = ok(runner, article_db, "import", str(f))
    assert "0 added, 0 updated" in result.stderr
    assert export(runner, article_db, fmt) == before


def test_edited_tsv_updates_events_by_id(
    runner: CliRunner, article_db: Path, tmp_path: Path
) -> None:
    tsv = export(runner, article_db, "tsv")
    table = rows(tsv)
    n = len(table)
    sanction = next(r for r in table if r["cameo"] == "163")
    sanction["cameo"], sanction["type"] = "010", "01"  # a code that starts with 0 stays text
    sanction["location"] = "New York"
    sanction["status"] = "reported"
    consult = next(r for r in table if r["summary"].startswith("Moon"))
    consult["start"], consult["end"], consult["granularity"] = "2019-W15", "", ""
    consult["actor2"] = "Kim Jong Un"
    result = ok(runner, article_db, "import", str(write_rows(tmp_path / "e.tsv", tsv, table)))
    assert "0 added, 2 updated" in result.stderr
    events = {e["id"]: e for e in query(runner, article_db)}
    assert len(events) == n
    s = events[int(sanction["event_id"])]
    assert (s["cameo"], s["type"], s["location"], s["status"]) == (
        "010",
        "01",
        "New York",
        "reported",
    )
    c = events[int(consult["event_id"])]
    assert (c["start"], c["end"], c["granularity"]) == ("2019-04-08", "2019-04-14", "week")
    assert "Kim Jong Un" in {a["name"] for a in c["actors"]}
    again = rows(export(runner, article_db, "tsv"))
    assert next(r for r in again if r["event_id"] == sanction["event_id"])["cameo"] == "010"


def test_rows_of_another_database_or_without_id_are_added(
    runner: CliRunner, article_db: Path, tmp_path: Path
) -> None:
    tsv = export(runner, article_db, "tsv")
    table = rows(tsv)[:2]
    table[0]["store_id"] = "someotherdb"
    table[1]["event_id"] = ""
    n = len(query(runner, article_db))
    result = ok(runner, article_db, "import", str(write_rows(tmp_path / "e.tsv", tsv, table)))
    assert "2 added, 0 updated" in result.stderr
    assert len(query(runner, article_db)) == n + 2
    other = tmp_path / "other.db"
    ok(runner, other, "import", str(tmp_path / "e.tsv"))
    assert len(query(runner, other)) == 2


BAD = [
    ("cameo", "049", "unknown CAMEO code"),
    ("start", "2019-02-30", "bad date"),
    ("granularity", "fortnight", "bad date"),
    ("type", "99", "unknown"),
    ("event_id", "abc", "event_id"),
    ("confidence", "high", "confidence"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD)
def test_bad_cell_is_one_error_naming_file_and_line_and_stores_nothing(
    runner: CliRunner, article_db: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    tsv = export(runner, article_db, "tsv")
    table = rows(tsv)
    table[0]["location"] = "Changed first, must not be stored"
    table[2][column] = value
    f = write_rows(tmp_path / "e.tsv", tsv, table)
    before = snapshot(article_db)
    line = one_error(run(runner, article_db, "import", str(f)))
    assert f"{f}:4:" in line and message in line, line
    assert snapshot(article_db) == before


def test_malformed_row_and_json_are_refused(
    runner: CliRunner, article_db: Path, tmp_path: Path
) -> None:
    tsv = export(runner, article_db, "tsv")
    f = tmp_path / "e.tsv"
    f.write_text(tsv + "only\tthree\tcells\n", encoding="utf-8")
    before = snapshot(article_db)
    n = len(tsv.splitlines()) + 1
    assert f"{f}:{n}: 3 cells" in one_error(run(runner, article_db, "import", str(f)))
    j = tmp_path / "e.json"
    j.write_text('[\n  {"id": 1,\n', encoding="utf-8")
    assert f"{j}:" in one_error(run(runner, article_db, "import", str(j)))
    events = json.loads(export(runner, article_db, "json"))
    events[1]["cameo"] = "0420"
    j.write_text(json.dumps(events, indent=2), encoding="utf-8")
    line = one_error(run(runner, article_db, "import", str(j)))
    assert "unknown CAMEO code" in line and f"{j}:" in line
    assert snapshot(article_db) == before


ROLES = ("source", "target", "participant")
# Names the lexicon knows (distinct actors, a country each) and made-up ones: with the
# characters a spreadsheet cell may hold (";" separates the other actors, so it is escaped).
KNOWN = ("Japan", "China", "Kim Jong Un", "Donald Trump", "United Nations")
MADE_UP = st.text(
    st.one_of(st.characters(categories=["L", "N"]), st.sampled_from(list(" ;()\\,'-"))),
    min_size=1,
    max_size=14,
).map(lambda t: "Zq " + t.strip())
ACTOR = st.tuples(
    st.one_of(st.sampled_from(KNOWN), MADE_UP),
    st.sampled_from(ROLES),
    st.sampled_from([None, "Freedonia", "Ruritania, Kingdom of"]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    code=st.sampled_from(["010", "016", "042", "163", "084", "04"]),
    value=st.sampled_from(["2019-W15", "2019-Q2", "2019-SU", "199", "2019-02", "2019-04-11"]),
    place=st.text(st.characters(categories=["L", "N", "Zs"]), max_size=12),
    actors=st.lists(ACTOR, min_size=3, max_size=6, unique_by=lambda a: fold(a[0])),
)
def test_property_export_import_export_is_identity(
    runner: CliRunner,
    tmp_path_factory: pytest.TempPathFactory,
    code: str,
    value: str,
    place: str,
    actors: list[tuple[str, str, str | None]],
) -> None:
    """Every actor comes back with its role and country (3 to 6 of them), whatever its name."""
    tmp = tmp_path_factory.mktemp("rt")
    src, dst = tmp / "a.db", tmp / "b.db"
    add(runner, src, "Talks on trade", "--cameo", code, "--date", value, "--location", place,
        "--actor", "Japan", "--actor", "China", "--status", "planned")  # fmt: skip
    refs = [
        ActorRef(name, kind="unknown", country=country, role=role) for name, role, country in actors
    ]
    with open_store(str(src)) as store:
        store.add_event(
            EventInput("Four-way talks", "04", interval=parse_timex_value(value), actors=refs)
        )
    first = export(runner, src, "tsv")
    (tmp / "e.tsv").write_text(first, encoding="utf-8")
    ok(runner, dst, "import", str(tmp / "e.tsv"))  # another database: added
    # Another store id and event ids, the same events:
    strip = lambda t: [{**r, "store_id": "", "event_id": ""} for r in rows(t)]  # noqa: E731
    second = export(runner, dst, "tsv")
    assert strip(second) == strip(first)
    # every actor, role and country, as stored in the first database
    mine = json.loads(export(runner, src, "json"))[1]["actors"]
    theirs = json.loads(export(runner, dst, "json"))[1]["actors"]
    assert len(theirs) == len(actors) >= 3 and theirs == mine
    (tmp / "f.tsv").write_text(second, encoding="utf-8")
    ok(runner, dst, "import", str(tmp / "f.tsv"))  # its own rows: unchanged
    assert export(runner, dst, "tsv") == second


def test_json_export_updates_its_own_events_and_a_foreign_one_is_added(
    runner: CliRunner, article_db: Path, tmp_path: Path
) -> None:
    """The JSON export carries the store id: an edited own export updates; another database's
    JSON (or one without a store id) never overwrites events that happen to share its ids."""
    events = json.loads(export(runner, article_db, "json"))
    n = len(events)
    assert {ev["store_id"] for ev in events} == {events[0]["store_id"]} != {""}
    edited = [dict(ev) for ev in events]
    edited[0]["location"] = "Geneva"
    own = tmp_path / "own.json"
    own.write_text(json.dumps(edited, indent=2), encoding="utf-8")
    result = ok(runner, article_db, "import", str(own))
    assert "0 added, 1 updated" in result.stderr
    after = json.loads(export(runner, article_db, "json"))
    assert next(ev for ev in after if ev["id"] == events[0]["id"])["location"] == "Geneva"
    foreign = [dict(ev, store_id="someotherdb", location="Oslo") for ev in events[:1]]
    anonymous = [{k: v for k, v in ev.items() if k != "store_id"} for ev in events[1:2]]
    for name, payload in (("foreign.json", foreign), ("anon.json", anonymous)):
        f = tmp_path / name
        f.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        result = ok(runner, article_db, "import", str(f))
        assert "1 added, 0 updated" in result.stderr
    final = json.loads(export(runner, article_db, "json"))
    assert len(final) == n + 2
    assert next(ev for ev in final if ev["id"] == events[0]["id"])["location"] == "Geneva"


# -- derived cells: computed by the store, refused when edited (never silently dropped) ----------

TSV_DERIVED = [
    # (column, new value, the row: "article" = the ingested event, "manual" = a hand-added one)
    ("plover", "SANCTION", "manual"),
    ("label", "a better label", "manual"),
    ("origin", "extracted", "manual"),
    ("num_mentions", "5", "article"),
    ("source", "Another Wire", "article"),
    ("source_url", "https://example.org/x", "article"),
    ("published", "2019-04-12", "article"),
    ("sentence", "Someone else said so.", "article"),
    ("actor1_country", "France", "article"),
]


def _article_row(table: list[dict[str, str]], kind: str) -> int:
    return next(
        i
        for i, r in enumerate(table)
        if (r["num_mentions"] != "0") == (kind == "article") and r["actor1"]
    )


@pytest.mark.parametrize(("column", "value", "kind"), TSV_DERIVED)
def test_an_edited_derived_tsv_cell_is_refused(
    runner: CliRunner, article_db: Path, tmp_path: Path, column: str, value: str, kind: str
) -> None:
    tsv = export(runner, article_db, "tsv")
    table = rows(tsv)
    table[0]["location"] = "Changed first, must not be stored"
    i = _article_row(table, kind)
    assert table[i][column] != value
    table[i][column] = value
    f = write_rows(tmp_path / "e.tsv", tsv, table)
    before = snapshot(article_db)
    line = one_error(run(runner, article_db, "import", str(f)))
    assert line.startswith(f"Error: {f}:{i + 2}: column {column} is derived"), line
    assert snapshot(article_db) == before


def test_editable_cells_next_to_derived_ones_still_update(
    runner: CliRunner, article_db: Path, tmp_path: Path
) -> None:
    """A hand-added event's source is its own (not an article's); a new actor's country is
    read; a known actor's country left as exported is not (the actor's own applies)."""
    tsv = export(runner, article_db, "tsv")
    table = rows(tsv)
    i = _article_row(table, "manual")
    table[i]["source"] = "Yonhap, 2019-04-12"
    table[i]["other_actors"] = (
        r"Zq New\; Office (target, Freedonia); Vladimir Putin (participant, Russia)"
    )
    table[i]["actor1"] = "Kim Jong Un"  # actor1_country left as exported: not read
    f = write_rows(tmp_path / "e.tsv", tsv, table)
    assert "0 added, 1 updated" in ok(runner, article_db, "import", str(f)).stderr
    ev = next(e for e in query(runner, article_db) if e["id"] == int(table[i]["event_id"]))
    assert ev["mentions"][0]["source"] == "Yonhap, 2019-04-12"
    got = {(a["name"], a["role"], a["country"]) for a in ev["actors"]}
    assert ("Zq New; Office", "target", "Freedonia") in got
    assert ("Vladimir Putin", "participant", "Russia") in got
    assert ("Kim Jong Un", table[i]["actor1_role"], "North Korea") in got
    # a known actor typed with another country: refused, nothing stored
    table = rows(export(runner, article_db, "tsv"))
    j = next(k for k, r in enumerate(table) if "(participant, Russia)" in r["other_actors"])
    cell = table[j]["other_actors"]
    table[j]["other_actors"] = cell.replace("(participant, Russia)", "(participant, Peru)")
    f = write_rows(tmp_path / "f.tsv", tsv, table)
    before = snapshot(article_db)
    line = one_error(run(runner, article_db, "import", str(f)))
    assert (
        f"{f}:{j + 2}: column other_actors is derived: the country of Vladimir Putin is Russia"
        in line
    )
    assert snapshot(article_db) == before


JSON_DERIVED = [
    ("coder", lambda ev: "model" if ev["coder"] != "model" else "rules"),
    ("coder_probability", lambda ev: 0.99),
    ("mentions", lambda ev: [{**ev["mentions"][0], "sentence": "Edited."}]),
    ("edited", lambda ev: not ev["edited"]),
    ("undated", lambda ev: not ev["undated"]),
    ("plover", lambda ev: "SANCTION"),
    ("label", lambda ev: "another label"),
    ("origin", lambda ev: "manual"),
    ("actors", lambda ev: [{**ev["actors"][0], "country": "France"}, *ev["actors"][1:]]),
]


@pytest.mark.parametrize(("key", "edit"), JSON_DERIVED, ids=[k for k, _ in JSON_DERIVED])
def test_an_edited_derived_json_key_is_refused_on_its_line(
    runner: CliRunner, article_db: Path, tmp_path: Path, key: str, edit: Any
) -> None:
    events = json.loads(export(runner, article_db, "json"))
    i = next(k for k, ev in enumerate(events) if ev["origin"] == "extracted")
    events[0]["location"] = "Changed first, must not be stored"
    events[i][key] = edit(events[i])
    f = tmp_path / "e.json"
    text = json.dumps(events, indent=2, ensure_ascii=False)
    f.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    starts = [n for n, ln in enumerate(lines, start=1) if ln.startswith("  {")]
    key_line = next(
        n for n in range(starts[i], len(lines) + 1) if lines[n - 1].startswith(f'    "{key}":')
    )
    before = snapshot(article_db)
    line = one_error(run(runner, article_db, "import", str(f)))
    assert line.startswith(f"Error: {f}:{key_line}: column {key} is derived"), line
    assert snapshot(article_db) == before


# -- PostgreSQL ------------------------------------------------------------------------------------

PG_URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")


@pytest.mark.skipif(not PG_URL, reason="set TIMELINE_TEST_POSTGRES_URL to run")
def test_import_on_postgresql(runner: CliRunner, tmp_path: Path) -> None:
    """The same import on a PostgreSQL store: updates, additions, every actor back, and a bad
    file changes nothing (all or nothing in one transaction)."""
    from pg_helpers import wipe

    wipe(PG_URL)
    db: Any = PG_URL  # run() passes str(db) as --db: the URL as is
    add(runner, db, "Japan and China talk trade", "--date", "2019-02", "--type", "04",
        "--actor", "Japan", "--actor", "China")  # fmt: skip
    with open_store(PG_URL) as store:
        refs = [
            ActorRef("Kim Jong Un", role="source"),
            ActorRef("Donald Trump", role="target"),
            ActorRef("Zq Envoy; Office", kind="unknown", country="Freedonia"),
            ActorRef("United Nations", role="participant"),
        ]
        store.add_event(
            EventInput("Summit in Hanoi", "01", cameo="010", actors=refs,
                       interval=parse_timex_value("2019-02-27"))
        )  # fmt: skip
    tsv = export(runner, db, "tsv")
    f = tmp_path / "e.tsv"
    f.write_text(tsv, encoding="utf-8")
    assert "0 added, 0 updated, 2 unchanged" in ok(runner, db, "import", str(f)).stderr
    assert export(runner, db, "tsv") == tsv
    table = rows(tsv)
    table[0]["location"] = "Beijing"
    table.append({**table[1], "event_id": "", "summary": "A copy of the summit"})
    write_rows(f, tsv, table)
    assert "1 added, 1 updated" in ok(runner, db, "import", str(f)).stderr
    events = json.loads(export(runner, db, "json"))
    assert len(events) == 3 and events[0]["location"] == "Beijing"
    summit = [e for e in events if e["summary"] in ("Summit in Hanoi", "A copy of the summit")]
    assert summit[0]["actors"] == summit[1]["actors"] and len(summit[0]["actors"]) == 4
    assert summit[1]["cameo"] == "010"
    assert ("Zq Envoy; Office", "participant", "Freedonia") in {
        (a["name"], a["role"], a["country"]) for a in summit[1]["actors"]
    }
    # refused (a derived cell, a bad code on a later row): nothing of the file is stored
    before = export(runner, db, "json")
    for column, value in (("plover", "SANCTION"), ("cameo", "049")):
        table = rows(export(runner, db, "tsv"))
        table[0]["location"] = "Changed first, must not be stored"
        table[2][column] = value
        write_rows(f, tsv, table)
        line = one_error(run(runner, db, "import", str(f)))
        assert f"{f}:4:" in line, line
        assert export(runner, db, "json") == before


def test_export_closes_its_store_so_a_later_write_checkpoints(
    runner: CliRunner, article_db: Path
) -> None:
    """A refused import leaves the file byte-identical only if the commands before it closed
    their connections: an export's reader still open would keep the next writer's close from
    checkpointing the WAL, which then reaches the file at some later command (a flaky byte
    check). With cyclic garbage collection off, nothing closes it but the command itself."""
    import gc

    wal = Path(f"{article_db}-wal")
    gc.collect()
    gc.disable()
    try:
        export(runner, article_db, "tsv")
        add(runner, article_db, "Japan and China talk trade again", "--date", "2019-02",
            "--type", "04", "--actor", "Japan", "--actor", "China")  # fmt: skip
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        gc.enable()
