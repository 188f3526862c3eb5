"""The committed sample database: it matches a fresh build, and it answers the user's questions.

The committed ``events.db`` is copied before it is queried, so the tests never touch it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "events.db"


def dump(runner: CliRunner, db: Path, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["--db", str(db), "query", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh") / "events.db"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_sample_db.py"), "--output", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    assert COMMITTED.exists(), "events.db is missing: run python scripts/build_sample_db.py"
    copy = tmp_path / "sample.db"
    shutil.copyfile(COMMITTED, copy)
    return copy


def test_committed_sample_matches_a_fresh_build(
    runner: CliRunner, sample: Path, fresh_db: Path
) -> None:
    committed = dump(runner, sample)
    fresh = dump(runner, fresh_db)
    assert committed, "the sample database has no events"
    assert committed == fresh, "events.db is stale: run python scripts/build_sample_db.py"


def test_build_replaces_the_output_and_leaves_no_temp_files(fresh_db: Path) -> None:
    assert fresh_db.exists()
    assert [p.name for p in fresh_db.parent.iterdir() if p.name.startswith(".build-")] == []


def _by_start(events: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in events:
        out.setdefault((e["start"], e["end"]), []).append(e)
    return out


def test_kim_jong_un_timeline(runner: CliRunner, sample: Path) -> None:
    """Issue 4 acceptance: the Hanoi summit (month), the KCNA statement, the plenary statement
    and the site visits (the past week), all under Kim Jong Un."""
    events = dump(runner, sample, "--actor", "Kim Jong Un")
    spans = _by_start(events)
    hanoi = [e for e in spans.get(("2019-02-01", "2019-02-28"), []) if e["type"] == "04"]
    assert hanoi and hanoi[0]["granularity"] == "month", events
    assert {"Kim Jong Un", "Donald Trump"} <= {a["name"] for a in hanoi[0]["actors"]}
    kcna = [e for e in spans.get(("2019-04-11", "2019-04-11"), []) if e["type"] == "01"]
    assert kcna, events
    plenary = [e for e in spans.get(("2019-04-10", "2019-04-10"), []) if e["type"] == "01"]
    assert plenary, events
    visits = spans.get(("2019-04-04", "2019-04-11"), [])
    assert visits and visits[0]["granularity"] == "week", events

    table = runner.invoke(app, ["--db", str(sample), "query", "--actor", "Kim Jong Un"])
    assert table.exit_code == 0, table.output
    assert "2019-02" in table.stdout and "2019-04-10" in table.stdout


def test_moon_meets_trump_in_washington(runner: CliRunner, sample: Path) -> None:
    events = dump(runner, sample, "--actor", "Moon")
    meetings = [e for e in events if e["type"] == "04" and e["location"] == "Washington"]
    assert len(meetings) == 1, events
    [meeting] = meetings
    assert (meeting["start"], meeting["end"]) == ("2019-04-11", "2019-04-11")
    assert {"Moon Jae-in", "Donald Trump"} <= {a["name"] for a in meeting["actors"]}
    [mention] = meeting["mentions"]
    assert mention["source"] == "Al Jazeera" and mention["published"] == "2019-04-11"


def test_committed_sample_is_at_the_current_schema() -> None:
    """Opening the committed file must not need a migration (which would rewrite it)."""
    import sqlite3

    from timeline.store.migrations import MIGRATIONS, MIGRATIONS_TABLE

    with sqlite3.connect(f"file:{COMMITTED}?mode=ro", uri=True) as conn:
        rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()
    applied = {name for (name,) in rows}
    missing = [name for name, _ in MIGRATIONS if name not in applied]
    assert not missing, f"events.db lacks {missing}: run python scripts/build_sample_db.py"
