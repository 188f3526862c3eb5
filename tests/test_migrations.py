"""Schema versions: old databases open and migrate; migrations are recorded and run once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from timeline.cli import app
from timeline.errors import StoreError
from timeline.store import EventFilter, open_store
from timeline.store.migrations import MIGRATIONS, MIGRATIONS_TABLE, apply_migrations

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "store_v1.db"
V1_MIGRATIONS = ["m001_initial", "m002_event_fts"]


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A copy of the committed database written by timeline 0.1 (the fixture stays intact)."""
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURE_V1, path)
    return path


def migrations_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as c:
        return [r[0] for r in c.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")]


def test_migrations_are_ordered_and_named() -> None:
    names = [name for name, _ in MIGRATIONS]
    assert names[: len(V1_MIGRATIONS)] == V1_MIGRATIONS
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(name[0] == "m" and name[1:4].isdigit() for name in names)


def test_v1_fixture_opens_with_current_code(v1: Path) -> None:
    assert migrations_in(v1) == V1_MIGRATIONS  # as written by 0.1
    with open_store(str(v1), create=False) as store:
        events = store.query(EventFilter())
        assert [e["summary"] for e in events] == [
            "Fixture: party plenum",
            "Fixture: A meets B",
            "Fixture: undated statement",
        ]
        assert events[0]["granularity"] == "month" and events[2]["undated"]
        assert events[1]["mentions"][0]["document"] == "fixture-1"
        assert [e["id"] for e in store.query(EventFilter(search="meets"))] == [3]
        assert [e["id"] for e in store.query(EventFilter(actors=["fixture person b"]))] == [3]
        assert store.stats()["schema_version"] == len(MIGRATIONS)
    assert migrations_in(v1) == sorted(name for name, _ in MIGRATIONS)


def test_v1_fixture_through_the_cli(v1: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(v1), "query", "--from", "2019-04-01"])
    assert result.exit_code == 0, result.output
    assert "Fixture: A meets B" in result.stdout
    result = CliRunner().invoke(app, ["--db", str(v1), "add", "New", "--type", "04"])
    assert result.exit_code == 0, result.output


def test_running_migrations_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert apply_migrations(engine) == [name for name, _ in MIGRATIONS]
        before = path.read_bytes()
        assert apply_migrations(engine) == []
        assert path.read_bytes() == before
    finally:
        engine.dispose()
    with open_store(str(path)) as store:  # and open_store on an up-to-date database
        assert store.query(EventFilter()) == []
    assert len(migrations_in(path)) == len(MIGRATIONS)


def test_pending_migration_is_applied_and_indexes_existing_events(v1: Path) -> None:
    # A database that stopped after m001: m002 must build the search index for its events.
    with sqlite3.connect(v1) as c:
        c.execute("DROP TABLE event_fts")
        c.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = 'm002_event_fts'")
    with open_store(str(v1)) as store:
        assert [e["id"] for e in store.query(EventFilter(search="plenum"))] == [1]
    assert "m002_event_fts" in migrations_in(v1)


def test_newer_schema_is_refused(v1: Path) -> None:
    with sqlite3.connect(v1) as c:
        c.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES ('m999_future', 'x')")
    before = v1.read_bytes()
    with pytest.raises(StoreError, match="newer than this version of timeline"):
        open_store(str(v1))
    result = CliRunner().invoke(app, ["--db", str(v1), "query"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database schema is newer")
    assert v1.read_bytes() == before
