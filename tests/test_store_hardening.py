"""Issue 15, the store's groups: foreign databases (5), read-only stores (13) and idempotency
by normalised content with edits and deletions kept (14). Each test failed before its fix.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hardening_helpers import ARTICLE, events, one_error, run
from typer.testing import CliRunner, Result


@pytest.fixture
def db(runner: CliRunner, db_path: Path) -> Path:
    result = run(
        runner, db_path, "add", "Talks", "--date", "2019-04-11", "--type", "04",
        "--actor", "Moon Jae-in",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db_path


# -- 5. foreign SQLite databases -----------------------------------------------------------------


def _foreign(path: Path) -> bytes:
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO notes (body) VALUES ('mine')")
    c.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["add", "x", "--type", "04"],
        ["ingest", "-", "--published", "2019-04-11"],
        ["edit", "1", "--text", "x"],
        ["delete", "1", "--yes"],
    ],
)
def test_writes_refuse_a_foreign_sqlite_database(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "other.db"
    before = _foreign(path)
    result = run(runner, path, *args, stdin="Moon met Trump in Washington on Thursday.")
    line = one_error(result, 1)
    assert line == (
        f"Error: {path} is not a timeline database (it holds tables of another application); "
        "use another --db"
    )
    assert path.read_bytes() == before
    with sqlite3.connect(path) as c:
        names = {r[0] for r in c.execute("select name from sqlite_master where type='table'")}
    assert names == {"notes"}


def test_empty_new_file_becomes_a_store(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    result = run(runner, path, "add", "Talks", "--type", "04", "--date", "2019-04-11")
    assert result.exit_code == 0, result.output
    assert len(events(runner, path)) == 1


# -- 13. read-only stores ----------------------------------------------------------------------


def _journal_mode(path: Path) -> str:
    """From the file header (bytes 18-19: 1 rollback journal, 2 WAL), touching nothing."""
    with path.open("rb") as fh:
        header = fh.read(20)
    return {1: "delete", 2: "wal"}[header[18]]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory outside pytest's private tmp (0700 for root) that an unprivileged user
    can enter; removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="timeline-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in [path, *path.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)


def run_unprivileged(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``timeline`` as a user who may not write ``db``: as root, without CAP_DAC_OVERRIDE
    (root still reads everything, but writes only where the permission bits allow)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop CAP_DAC_OVERRIDE")
        prefix = [setpriv, "--bounding-set=-dac_override", "--inh-caps=-dac_override"]
    env = dict(os.environ, TIMELINE_DB=str(db))
    return subprocess.run(
        [*prefix, sys.executable, "-m", "timeline", *args],
        capture_output=True, text=True, timeout=120, env=env, cwd="/",
    )  # fmt: skip


def _make_store(runner: CliRunner, path: Path, journal: str) -> None:
    assert run(runner, path, "add", "Talks", "--type", "04", "--actor", "Moon Jae-in",
               "--date", "2019-04-11").exit_code == 0  # fmt: skip
    with sqlite3.connect(path) as c:
        c.execute(f"PRAGMA journal_mode = {journal}")
    c.close()
    assert _journal_mode(path) == journal.lower()


READS = [["query", "-f", "jsonl"], ["show", "1"], ["actors"], ["stats"], ["query", "-s", "talks"]]


@pytest.mark.parametrize("args", READS)
def test_reads_on_a_0444_rollback_journal_database(
    runner: CliRunner, shared_dir: Path, args: list[str]
) -> None:
    path = shared_dir / "ro.db"
    _make_store(runner, path, "DELETE")
    path.chmod(0o444)
    proc = run_unprivileged(path, *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert _journal_mode(path) == "delete"


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
@pytest.mark.parametrize("args", READS)
def test_reads_in_a_read_only_directory(
    runner: CliRunner, shared_dir: Path, args: list[str], journal: str
) -> None:
    sub = shared_dir / "data"
    sub.mkdir()
    path = sub / "events.db"
    _make_store(runner, path, journal)
    sub.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
              | stat.S_IXOTH)  # fmt: skip
    proc = run_unprivileged(path, *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert sorted(p.name for p in sub.iterdir()) == ["events.db"]
    assert _journal_mode(path) == journal.lower()


def test_read_commands_never_change_the_journal_mode(runner: CliRunner, db_path: Path) -> None:
    _make_store(runner, db_path, "DELETE")
    for args in READS:
        assert run(runner, db_path, *args).exit_code == 0
    assert _journal_mode(db_path) == "delete"


def test_writes_on_a_read_only_database_fail_cleanly(runner: CliRunner, shared_dir: Path) -> None:
    path = shared_dir / "ro.db"
    _make_store(runner, path, "DELETE")
    path.chmod(0o444)
    before = path.read_bytes()
    proc = run_unprivileged(path, "add", "x", "--type", "04")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: database {path} is read-only"
    assert path.read_bytes() == before


# -- 14. idempotency by normalised content, edits and deletions kept ---------------------------


def _ingest(runner: CliRunner, db: Path, tmp_path: Path, text: str, name: str) -> Result:
    f = tmp_path / name
    f.write_bytes(text.encode("utf-8"))
    result = run(runner, db, "ingest", str(f))
    assert result.exit_code == 0, result.output
    return result


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as c:
        return tuple(  # type: ignore[return-value]
            c.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("document", "event", "mention")
        )


WHITESPACE_VARIANT = (
    ARTICLE.replace("met US", "met  US")
    .replace("Washington on", "Washington\u00a0on")
    .replace("\n\nThe two", "\n\n\n  The two")
    .replace("\n", "\r\n")
    + "\n\n"
)
# The same text under NFKC (a fullwidth letter, a byte-order mark) and with other headers.
UNICODE_VARIANT = ARTICLE.replace("Washington", "\uff37ashington").replace(
    "title: Moon and Trump meet at the White House", "title: Another headline"
)
UNICODE_VARIANT_2 = ARTICLE.replace("Washington", "Washington\ufeff").replace(
    "Example Wire", "Other Wire"
)
CONTENT_VARIANT = ARTICLE + "\nThe White House said more talks would follow.\n"


@pytest.mark.parametrize(
    "variant", [WHITESPACE_VARIANT, UNICODE_VARIANT_2], ids=["whitespace", "unicode+headers"]
)
def test_variant_of_a_stored_article_is_skipped(
    runner: CliRunner, db_path: Path, tmp_path: Path, variant: str
) -> None:
    _ingest(runner, db_path, tmp_path, ARTICLE, "a.txt")
    before = _counts(db_path)
    result = _ingest(runner, db_path, tmp_path, variant, "b.txt")
    assert "1 skipped (already stored)" in result.stdout
    assert _counts(db_path) == before


def test_nfc_and_nfd_are_the_same_article(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    import unicodedata

    text = ARTICLE.replace("Moon Jae-in", "Moon Jaé-in")
    _ingest(runner, db_path, tmp_path, unicodedata.normalize("NFC", text), "a.txt")
    result = _ingest(runner, db_path, tmp_path, unicodedata.normalize("NFD", text), "b.txt")
    assert "1 skipped (already stored)" in result.stdout


def _meetings(runner: CliRunner, db: Path) -> list[dict[str, Any]]:
    """The dated meetings of Moon and Trump (the article also has undated "talks")."""
    return [
        e for e in events(runner, db)
        if e["type"] == "04" and e["start"] and "Donald Trump" in {a["name"] for a in e["actors"]}
    ]  # fmt: skip


def _meeting(runner: CliRunner, db: Path) -> dict[str, Any]:
    [ev] = _meetings(runner, db)
    return ev


@pytest.mark.parametrize(
    "variant", [WHITESPACE_VARIANT, UNICODE_VARIANT, CONTENT_VARIANT],
    ids=["whitespace", "unicode", "content"],
)  # fmt: skip
def test_edited_event_is_not_duplicated_by_a_variant(
    runner: CliRunner, db_path: Path, tmp_path: Path, variant: str
) -> None:
    _ingest(runner, db_path, tmp_path, ARTICLE, "a.txt")
    ev = _meeting(runner, db_path)
    assert run(runner, db_path, "edit", str(ev["id"]), "--date", "2019-04-12").exit_code == 0
    _ingest(runner, db_path, tmp_path, variant, "b.txt")
    after = _meeting(runner, db_path)  # exactly one meeting: the corrected one
    assert after["id"] == ev["id"] and after["start"] == "2019-04-12" and after["edited"]


@pytest.mark.parametrize(
    "variant", [ARTICLE, WHITESPACE_VARIANT, UNICODE_VARIANT, CONTENT_VARIANT],
    ids=["same", "whitespace", "unicode", "content"],
)  # fmt: skip
def test_deleted_event_never_comes_back(
    runner: CliRunner, db_path: Path, tmp_path: Path, variant: str
) -> None:
    _ingest(runner, db_path, tmp_path, ARTICLE, "a.txt")
    ev = _meeting(runner, db_path)
    assert run(runner, db_path, "delete", str(ev["id"]), "--yes").exit_code == 0
    _ingest(runner, db_path, tmp_path, variant, "b.txt")
    assert _meetings(runner, db_path) == []


def test_deleted_event_stays_deleted_after_its_document_is_new(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    # A different article reporting the same sentence does not resurrect it either ...
    _ingest(runner, db_path, tmp_path, ARTICLE, "a.txt")
    ev = _meeting(runner, db_path)
    run(runner, db_path, "delete", str(ev["id"]), "--yes")
    other = (
        "published: 2019-04-12\n\nSouth Korean President Moon Jae-in met US President "
        "Donald Trump in Washington on Thursday.\n"
    )
    _ingest(runner, db_path, tmp_path, other, "c.txt")
    assert _meetings(runner, db_path) == []
    # ... but a genuinely different report of a meeting is a new event.
    fresh = "published: 2019-06-30\n\nMoon Jae-in met Donald Trump at Panmunjom on Sunday.\n"
    _ingest(runner, db_path, tmp_path, fresh, "d.txt")
    assert len(_meetings(runner, db_path)) == 1


def test_migration_adds_tombstones_to_an_old_store(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "store_v1.db", path)
    assert run(runner, path, "stats").exit_code == 0
    with sqlite3.connect(path) as c:
        names = {r[0] for r in c.execute("select name from _timeline_migrations")}
        cols = {r[1] for r in c.execute("PRAGMA table_info(document)")}
        tables = {r[0] for r in c.execute("select name from sqlite_master where type='table'")}
    assert "m005_content_keys_and_tombstones" in names
    assert "content_sha256" in cols and "event_tombstone" in tables
