"""`timeline import events.tsv|events.json` (issue 11): export -> edit -> import round-trips;
bad input is one Error line naming file and line, exit 2, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli_analyst import add, article_db, ok, one_error, query, run, snapshot
from typer.testing import CliRunner

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


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    code=st.sampled_from(["010", "016", "042", "163", "084", "04"]),
    value=st.sampled_from(["2019-W15", "2019-Q2", "2019-SU", "199", "2019-02", "2019-04-11"]),
    place=st.text(st.characters(categories=["L", "N", "Zs"]), max_size=12),
)
def test_property_export_import_export_is_identity(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, code: str, value: str, place: str
) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    src, dst = tmp / "a.db", tmp / "b.db"
    add(runner, src, "Talks on trade", "--cameo", code, "--date", value, "--location", place,
        "--actor", "Japan", "--actor", "China", "--status", "planned")  # fmt: skip
    first = export(runner, src, "tsv")
    (tmp / "e.tsv").write_text(first, encoding="utf-8")
    ok(runner, dst, "import", str(tmp / "e.tsv"))  # another database: added
    # Another store id and event ids, the same events:
    strip = lambda t: [{**r, "store_id": "", "event_id": ""} for r in rows(t)]  # noqa: E731
    second = export(runner, dst, "tsv")
    assert strip(second) == strip(first)
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
