"""``timeline export``: the CLI over the store and the render library."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from timeline.cli import app
from timeline.dates import DateInterval
from timeline.events.types import ActorRef
from timeline.store import EventInput, open_store


@pytest.fixture
def db(db_path: Path) -> Path:
    """A small database: a day event, a month-precise event, an undated one, a hostile one."""
    with open_store(str(db_path)) as store:
        store.add_event(
            EventInput(
                summary="Leader A meets Leader B",
                type="04",
                interval=DateInterval(date(2021, 3, 10), date(2021, 3, 10), "day", "on Wednesday"),
                actors=[ActorRef("Leader A", role="source"), ActorRef("Leader B", role="target")],
                location="Capital B",
                source="Wire One",
            )
        )
        store.add_event(
            EventInput(
                summary="Country B sanctions Country C",
                type="16",
                cameo="163",
                interval=DateInterval(date(2021, 2, 1), date(2021, 2, 28), "month", "in February"),
                actors=[ActorRef("Country B", kind="country", role="source")],
            )
        )
        store.add_event(EventInput(summary="An undated pledge", type="03"))
        store.add_event(
            EventInput(
                summary="<script>window.__pwned=1</script><img src=x onerror=alert(1)>",
                type="11",
                interval=DateInterval(date(2021, 3, 12), date(2021, 3, 12), "day"),
                actors=[ActorRef("Leader B", role="source")],
            )
        )
    return db_path


def run(runner: CliRunner, db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(db), "export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_html_export(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    code, stdout, stderr = run(runner, db, "-o", str(out), "--title", "My <timeline>")
    assert (code, stderr) == (0, "")
    assert stdout == f"wrote 4 events to {out} (html); 1 undated listed below the chart\n"
    page = out.read_text(encoding="utf-8")
    assert "<title>My &lt;timeline&gt;</title>" in page
    assert "<img src=x" not in page and "window.__pwned=1</script>" not in page
    assert "An undated pledge" in page


def test_filters_are_the_query_filters(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sanctions.csv"
    code, stdout, _ = run(runner, db, "--type", "16", "-o", str(out))
    assert code == 0 and stdout == f"wrote 1 event to {out} (csv)\n"
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["summary"], row["start"], row["end"], row["granularity"]) == (
        "Country B sanctions Country C",
        "2021-02-01",
        "2021-02-28",
        "month",
    )
    out2 = tmp_path / "b.json"
    code, _, _ = run(runner, db, "--actor", "leader b", "--from", "2021-03-11", "-o", str(out2))
    assert code == 0
    assert [e["summary"][:8] for e in json.loads(out2.read_text())] == ["<script>"]


def test_json_and_format_flag(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.data"
    code, stdout, _ = run(runner, db, "-o", str(out), "--format", "json")
    assert code == 0 and stdout.startswith("wrote 4 events")
    events = json.loads(out.read_text())
    assert {e["summary"] for e in events} >= {"An undated pledge", "Leader A meets Leader B"}
    keys = {"id", "type", "start", "end", "granularity", "actors", "mentions", "summary"}
    assert all(keys <= set(e) for e in events)


def test_ics_and_timelinejs(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    ics = tmp_path / "t.ics"
    code, stdout, _ = run(runner, db, "-o", str(ics))
    assert code == 0 and stdout == f"wrote 3 events to {ics} (ics); 1 undated skipped\n"
    cal = Calendar.from_ical(ics.read_bytes())
    spans = sorted((e.decoded("dtstart"), e.decoded("dtend")) for e in cal.walk("VEVENT"))
    assert (date(2021, 2, 1), date(2021, 3, 1)) in spans
    tjs = tmp_path / "story.timeline.json"
    code, stdout, _ = run(runner, db, "-o", str(tjs))
    assert code == 0 and "(timelinejs); 1 undated skipped" in stdout
    doc = json.loads(tjs.read_text())
    assert doc["events"][0]["start_date"] == {"year": "2021", "month": "2"}
    code, _, _ = run(runner, db, "-o", str(tmp_path / "x.json"), "--format", "timelinejs")
    assert code == 0 and "events" in json.loads((tmp_path / "x.json").read_text())


def test_empty_selection_writes_nothing(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.html"
    code, stdout, stderr = run(runner, db, "--type", "18", "-o", str(out))
    assert (code, stdout) == (1, "")
    assert stderr == "Error: no events match; nothing written\n"
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "t.xyz"], "cannot tell the export format from 't.xyz'"),
        (["-o", "t.html", "--format", "gif"], "unknown export format 'gif'"),
        (["-o", "t.html", "--group-by", "source"], "unknown --group-by 'source'"),
        (["-o", "t.html", "--type", "99"], "unknown event type '99'"),
        (["-o", "t.html", "--from", "2021-04-01", "--to", "2021-03-01"], "is after --to"),
    ],
)
def test_bad_input_is_exit_2(
    runner: CliRunner, db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.startswith("t.") else a for a in args]
    code, _, stderr = run(runner, db, *args)
    assert code == 2
    assert stderr.startswith("Error: ") and message in stderr and stderr.count("\n") == 1
    assert list(tmp_path.glob("t.*")) == []


def test_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    code, _, stderr = run(runner, missing, "-o", str(tmp_path / "t.html"))
    assert code == 1 and stderr.startswith("Error: ") and "missing.db" in stderr
    assert not missing.exists() and not (tmp_path / "t.html").exists()


def test_image_without_chromium(
    runner: CliRunner, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "t.png"
    code, stdout, stderr = run(runner, db, "-o", str(out))
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: PNG/SVG/PDF export needs Chromium: install it (Debian/Ubuntu: sudo apt-get "
        "install chromium)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name, *_sidecars(tmp_path, db)]


def _sidecars(tmp_path: Path, db: Path) -> list[str]:
    """SQLite's WAL files next to the database, if any (not export output)."""
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(db.name + "-"))


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    for word in ("--output", "--group-by", "--cdn", "--actor", "--from", "Example"):
        assert word in result.stdout


def test_cdn_group_by_and_limit(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "small.html"
    code, stdout, _ = run(runner, db, "-o", str(out), "--cdn", "--group-by", "type")
    assert code == 0 and stdout.startswith("wrote 4 events")
    page = out.read_text(encoding="utf-8")
    assert '<script src="https://cdn.plot.ly/plotly-' in page and len(page) < 200_000
    assert '"ticktext":["04 consult","11 disapprove","16 reduce relations"]' in page
    limited = tmp_path / "two.json"
    code, stdout, _ = run(runner, db, "-o", str(limited), "--limit", "2")
    assert code == 0 and stdout == f"wrote 2 events to {limited} (json)\n"
    assert len(json.loads(limited.read_text())) == 2


def test_origin_filter_like_query(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    """Every event of the fixture was added by hand: --origin extracted selects none."""
    out = tmp_path / "x.json"
    code, stdout, _ = run(runner, db, "--origin", "manual", "-o", str(out))
    assert code == 0 and stdout.startswith("wrote 4 events")
    code, _, stderr = run(runner, db, "--origin", "extracted", "-o", str(tmp_path / "y.json"))
    assert code == 1 and "nothing written" in stderr
    assert not (tmp_path / "y.json").exists()
