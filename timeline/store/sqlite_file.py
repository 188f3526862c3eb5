"""The SQLite file itself, without SQLAlchemy: where a store lives (``Target``), the checks
made before connecting, the read-only connection and the one-line errors for what SQLite says.

``timeline.store.db`` builds SQLAlchemy engines on these; ``timeline.store.sqlite_read`` (the
read path of ``timeline query`` on a SQLite file) uses them directly, so both give the same
checks and the same error lines.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from timeline.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
#: Seconds a writer waits for another process's lock (``TIMELINE_BUSY_TIMEOUT`` overrides).
DEFAULT_BUSY_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Target:
    """Where a store lives: the SQLAlchemy URL, the SQLite file (if any) and a display name."""

    url: str
    path: Path | None  # None for in-memory SQLite and server databases
    display: str
    sqlite: bool


def plain_target(raw: str) -> Target | None:
    """The target of ``--db`` when it is a plain path or ``:memory:``; None for a URL."""
    if raw == ":memory:":
        return Target("sqlite://", None, ":memory:", True)
    if "://" not in raw:
        return Target(f"sqlite:///{raw}", Path(raw), raw, True)
    return None


def _is_readable(path: Path) -> bool:
    return os.access(path, os.R_OK)


def check_sqlite_file(target: Target, create: bool) -> bool:
    """Check the SQLite file before connecting; return True when it does not exist yet."""
    path = target.path
    if path is None:
        return False
    if path.is_dir():
        raise StoreError(f"{target.display} is a directory, not a database file")
    if not path.exists():
        if not create:
            raise StoreError(
                f"no database at {target.display}; create one with 'timeline add' or "
                "'timeline ingest'"
            )
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(
                f"cannot create database {target.display}: directory {parent} does not exist"
            )
        return True
    if not _is_readable(path):
        raise StoreError(f"cannot read database {target.display}: permission denied")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read database {target.display}: {exc.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{target.display} is not a SQLite database")
    return False


def busy_timeout() -> float:
    raw = os.environ.get("TIMELINE_BUSY_TIMEOUT")
    if not raw:
        return DEFAULT_BUSY_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise StoreError(
            f"TIMELINE_BUSY_TIMEOUT must be a number of seconds, not {raw!r}"
        ) from None


def _sqlite_uri(path: Path, immutable: bool) -> str:
    """A read-only SQLite URI for ``path`` (``immutable``: no locks, no -shm/-wal files)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def _readonly_connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open ``path`` read-only without changing it (its journal mode stays as it is).

    ``mode=ro`` first: it sees other processes' commits. Where SQLite cannot open the file
    that way (a WAL database whose -shm index cannot be created: a read-only directory), the
    file is opened ``immutable``: read as it is on disk, which is all anyone can do there.
    """
    conn = sqlite3.connect(
        _sqlite_uri(path, False), uri=True, timeout=timeout, check_same_thread=False
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        low = str(exc).lower()
        if "unable to open" not in low and "readonly" not in low and "read-only" not in low:
            raise
    return sqlite3.connect(
        _sqlite_uri(path, True), uri=True, timeout=timeout, check_same_thread=False
    )


def one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def message_error(msg: str, display: str) -> StoreError | None:
    """The one-line StoreError for what the database said (``msg``), when it is a known case."""
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreError(f"database {display} is locked by another process; try again")
    if "file is not a database" in low or "file is encrypted" in low:
        return StoreError(f"{display} is not a SQLite database")
    if "unable to open database" in low:
        return StoreError(f"cannot open database {display}")
    if "readonly" in low or "read-only" in low:
        return StoreError(f"database {display} is read-only")
    if "disk" in low and ("full" in low or "i/o" in low):
        return StoreError(f"cannot write database {display}: {msg}")
    if "connection" in low and ("refused" in low or "failed" in low or "timeout" in low):
        return StoreError(f"cannot connect to database {display}: {msg}")
    return None
