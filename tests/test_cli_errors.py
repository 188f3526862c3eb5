"""Every bad-input case: exit status, ONE line starting "Error:", no traceback, db unchanged."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from timeline.cli import app

TABLES = ("event", "actor", "actor_alias", "event_actor", "mention", "document")


def snapshot(db: Path) -> tuple[str, dict[str, int]]:
    """The database file's bytes (hashed) and every table's row count."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        counts = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    return digest, counts


def assert_one_error_line(result: Result, exit_code: int) -> str:
    text = result.stdout + result.stderr
    assert result.exit_code == exit_code, text
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("Error: "), text
    return lines[0]


@pytest.fixture
def db(runner: CliRunner, db_path: Path) -> Path:
    result = runner.invoke(
        app,
        ["--db", str(db_path), "add", "Talks", "--date", "2019-04-11", "--type", "04",
         "--actor", "Moon Jae-in"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db_path


BAD_INPUT = [
    (["add", "x", "--type", "04", "--date", "2019-13-45"], "2019-13-45"),
    (["add", "x", "--type", "04", "--date", "not a date"], "not a date"),
    (["add", "x", "--type", "04", "--date", "2019-04-11", "--ref", "2019-13-45"], "2019-13-45"),
    (["add", "x", "--type", "04", "--date", "2019-04-11", "--end", "2019-04-01"], "before"),
    (["add", "x", "--type", "04", "--end", "2019-04-01"], "--end needs --date"),
    (["add", "x", "--type", "42"], "unknown event type '42'"),
    (["add", "x", "--type", "04", "--cameo", "163"], "163"),
    (["add", "x", "--cameo", "999"], "999"),
    (["add", "x", "--type", "04", "--status", "rumoured"], "rumoured"),
    (["add", "x", "--type", "04", "--actor", " "], "actor"),
    (["add", "x", "--type", "04", "--format", "xml"], "xml"),
    (["add", "Something happened somewhere"], "give --type CODE"),
    (["add", " ", "--type", "04"], "empty"),
    (["query", "--from", "2019-03-01", "--to", "2019-02-01"], "after"),
    (["query", "--from", "2019-13-45"], "2019-13-45"),
    (["query", "--to", "not a date"], "not a date"),
    (["query", "--type", "99"], "99"),
    (["query", "--status", "rumoured"], "rumoured"),
    (["query", "--format", "xml"], "xml"),
    (["query", "--ref", "yesterday-ish"], "yesterday-ish"),
    (["query", "--origin", "robot"], "robot"),
    (["query", "--limit", "0"], "--limit"),
    (["query", "--limit", "ten"], "ten"),
    (["show", "1", "--format", "yaml"], "yaml"),
    (["show", "abc"], "not an event id: 'abc'"),
    (["delete", "0", "--yes"], "not an event id: 0"),
    (["edit", "1", "--type", "42"], "42"),
    (["edit", "1", "--date", "2019-13-45"], "2019-13-45"),
    (["edit", "1", "--date", "2019-04-01", "--undated"], "--undated"),
    (["edit", "1", "--text", ""], "empty"),
    (["edit", "1", "--status", "maybe"], "maybe"),
    (["actors", "--format", "xml"], "xml"),
    (["stats", "--format", "xml"], "xml"),
]


@pytest.mark.parametrize(("args", "needle"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_exit_2_and_db_unchanged(
    runner: CliRunner, db: Path, args: list[str], needle: str
) -> None:
    before = snapshot(db)
    result = runner.invoke(app, ["--db", str(db), *args])
    line = assert_one_error_line(result, 2)
    assert needle in line
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "args",
    [["show", "42"], ["edit", "42", "--text", "x"], ["delete", "42"], ["delete", "42", "--yes"]],
)
def test_unknown_event_id_exit_1(runner: CliRunner, db: Path, args: list[str]) -> None:
    before = snapshot(db)
    line = assert_one_error_line(runner.invoke(app, ["--db", str(db), *args]), 1)
    assert line == "Error: no event with id 42"
    assert snapshot(db) == before


READ_COMMANDS = [["query"], ["show", "1"], ["actors"], ["stats"]]
ALL_COMMANDS = [*READ_COMMANDS, ["add", "x", "--type", "04"], ["delete", "1"]]


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_missing_database_for_read_commands(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "missing.db"
    line = assert_one_error_line(runner.invoke(app, ["--db", str(path), *args]), 1)
    assert line == (
        f"Error: no database at {path}; create one with 'timeline add' or 'timeline ingest'"
    )
    assert not path.exists()


@pytest.mark.parametrize("args", ALL_COMMANDS)
def test_directory_as_database(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    line = assert_one_error_line(runner.invoke(app, ["--db", str(tmp_path), *args]), 1)
    assert line == f"Error: {tmp_path} is a directory, not a database file"


@pytest.mark.parametrize("args", ALL_COMMANDS)
def test_non_sqlite_file(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 20)
    before = path.read_bytes()
    line = assert_one_error_line(runner.invoke(app, ["--db", str(path), *args]), 1)
    assert line == f"Error: {path} is not a SQLite database"
    assert path.read_bytes() == before


def test_foreign_sqlite_database_for_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE t (x)")
    before = path.read_bytes()
    line = assert_one_error_line(runner.invoke(app, ["--db", str(path), "query"]), 1)
    assert "is not a timeline database" in line
    assert path.read_bytes() == before


@pytest.mark.parametrize("args", ALL_COMMANDS)
def test_unreadable_file(
    runner: CliRunner, db: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import timeline.store.sqlite_file as db_mod

    db.chmod(0)
    if os.geteuid() == 0:  # root reads anything: simulate what a normal user gets
        monkeypatch.setattr(db_mod, "_is_readable", lambda path: False)
    try:
        line = assert_one_error_line(runner.invoke(app, ["--db", str(db), *args]), 1)
    finally:
        db.chmod(0o644)
    assert line == f"Error: cannot read database {db}: permission denied"


def test_missing_directory_for_new_database(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir.db"
    line = assert_one_error_line(
        runner.invoke(app, ["--db", str(path), "add", "x", "--type", "04"]), 1
    )
    assert "does not exist" in line and not path.parent.exists()


@pytest.fixture
def locked(db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Another process holds the write lock (BEGIN EXCLUSIVE) while the command runs."""
    monkeypatch.setenv("TIMELINE_BUSY_TIMEOUT", "0.2")  # do not wait the default 5 s
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield db
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize(
    "args",
    [["add", "x", "--type", "04"], ["edit", "1", "--text", "x"], ["delete", "1", "--yes"]],
)
def test_locked_database_for_writes(runner: CliRunner, locked: Path, args: list[str]) -> None:
    before = locked.read_bytes()
    line = assert_one_error_line(runner.invoke(app, ["--db", str(locked), *args]), 1)
    assert line == f"Error: database {locked} is locked by another process; try again"
    assert locked.read_bytes() == before


def test_locked_database_in_rollback_journal_mode(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database not (yet) in WAL mode, e.g. one copied from elsewhere: readers wait too.
    monkeypatch.setenv("TIMELINE_BUSY_TIMEOUT", "0.2")
    path = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "store_v1.db", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["query"], ["add", "x", "--type", "04"]):
            line = assert_one_error_line(runner.invoke(app, ["--db", str(path), *args]), 1)
            assert line == f"Error: database {path} is locked by another process; try again"
    finally:
        conn.rollback()
        conn.close()
    assert runner.invoke(app, ["--db", str(path), "query"]).exit_code == 0


def test_reads_work_while_another_process_writes(runner: CliRunner, locked: Path) -> None:
    # WAL mode: readers are not blocked by a writer.
    result = runner.invoke(app, ["--db", str(locked), "query", "-f", "jsonl"])
    assert result.exit_code == 0 and '"Talks"' in result.stdout


def test_bad_database_url(runner: CliRunner) -> None:
    line = assert_one_error_line(runner.invoke(app, ["--db", "nosuchdriver://x/y", "query"]), 1)
    assert "nosuchdriver://x/y" in line


def test_unexpected_errors_are_one_line(
    runner: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from timeline.store import Store

    def broken(self: Store, *args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error\nmore detail"))

    monkeypatch.setattr(Store, "_records", broken)
    # the store's path (a SQLite file is otherwise read by timeline.store.sqlite_read), on
    # its SQLAlchemy statements (on SQLite it otherwise runs the reader's SQL itself)
    monkeypatch.setattr("timeline.store.sqlite_read.open_reader", lambda db: None)
    monkeypatch.setattr("timeline.store.sqlite_read.unhandled", lambda f: ["forced"])
    line = assert_one_error_line(runner.invoke(app, ["--db", str(db), "query"]), 1)
    assert line == f"Error: cannot write database {db}: disk I/O error"


def test_unexpected_errors_are_one_line_on_the_stores_plain_sqlite_path(
    runner: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error\nmore detail")

    monkeypatch.setattr("timeline.store.sqlite_read.open_reader", lambda db: None)
    monkeypatch.setattr("timeline.store.sqlite_read._records", broken)
    line = assert_one_error_line(runner.invoke(app, ["--db", str(db), "query"]), 1)
    assert line == f"Error: cannot write database {db}: disk I/O error"


def test_unexpected_errors_are_one_line_on_the_sqlite_read_path(
    runner: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error\nmore detail")

    monkeypatch.setattr("timeline.store.sqlite_read._records", broken)
    line = assert_one_error_line(runner.invoke(app, ["--db", str(db), "query"]), 1)
    assert line == f"Error: cannot write database {db}: disk I/O error"
