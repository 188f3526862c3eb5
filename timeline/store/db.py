"""Opening a database: path or URL, file checks, SQLite settings, error translation.

A plain path means SQLite; a URL goes to SQLAlchemy as is (PostgreSQL runs the same code).
Nothing SQLAlchemy raises reaches the user: ``store_error`` turns it into a one-line
``StoreError`` that names the database and what to do.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from timeline.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
#: Seconds a writer waits for another process's lock (``TIMELINE_BUSY_TIMEOUT`` overrides).
DEFAULT_BUSY_TIMEOUT = 5.0
#: Execution option that makes a SQLite transaction take the write lock at BEGIN.
WRITE_OPTION = "timeline_write"


@dataclass(frozen=True, slots=True)
class Target:
    """Where a store lives: the SQLAlchemy URL, the SQLite file (if any) and a display name."""

    url: str
    path: Path | None  # None for in-memory SQLite and server databases
    display: str
    sqlite: bool


def parse_target(url_or_path: str) -> Target:
    """Turn ``--db`` into a target: ``events.db``, ``:memory:``, ``sqlite:///x.db``, ``postgresql://...``."""
    raw = url_or_path.strip()
    if not raw:
        raise StoreError("no database given: pass --db PATH or set TIMELINE_DB")
    if raw == ":memory:":
        return Target("sqlite://", None, ":memory:", True)
    if "://" not in raw:
        return Target(f"sqlite:///{raw}", Path(raw), raw, True)
    try:
        url = make_url(raw)
    except ArgumentError:
        raise StoreError(f"not a database URL: {raw!r}") from None
    display = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        db = url.database
        if not db or db == ":memory:":
            return Target(raw, None, display, True)
        return Target(raw, Path(db), db, True)
    return Target(raw, None, display, False)


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


def has_foreign_tables(conn: Connection) -> bool:
    """True when the database holds tables but not the store's own (``_timeline_migrations``
    is checked by the caller): another application's database, never to be written."""
    return bool(inspect(conn).get_table_names())


def make_engine(target: Target, readonly: bool = False) -> Engine:
    """A SQLAlchemy engine; on SQLite with foreign keys, a busy timeout and real transactions.

    ``readonly``: a SQLite file is opened read-only (``mode=ro``, else ``immutable``); any
    write through this engine fails with "database ... is read-only".
    """
    try:
        if not target.sqlite:
            return create_engine(target.url, pool_pre_ping=True)
        timeout = busy_timeout()
        kwargs: dict[str, Any] = {"connect_args": {"timeout": timeout}}
        if readonly and target.path is not None:
            path = target.path
            kwargs = {"creator": lambda: _readonly_connect(path, timeout)}
        elif target.path is None:
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"]["check_same_thread"] = False
        engine = create_engine(target.url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise StoreError(
            f"cannot use database {target.display}: driver not installed ({exc})"
        ) from None
    except ArgumentError as exc:
        raise StoreError(f"cannot use database {target.display}: {one_line(exc)}") from None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (see "begin" below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        # With WAL, NORMAL never corrupts; a power cut may lose only the last commits.
        cur.execute("PRAGMA synchronous = NORMAL")
        if readonly:
            # A read command's query reads rows scattered over a large file (an actor's month
            # of events, their links and mentions): keep up to 64 MiB of pages between
            # statements instead of the default 2 MiB, and read the first 256 MiB through a
            # memory map (no copy per page). Writers (ingest) keep the default: their memory
            # stays flat as the store grows.
            cur.execute("PRAGMA cache_size = -65536")
            cur.execute("PRAGMA mmap_size = 268435456")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front, so they wait (busy_timeout) instead of failing late.
        write = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def store_error(exc: BaseException, display: str) -> StoreError:
    """A one-line StoreError for anything the database layer raised."""
    msg = one_line(exc)
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
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StoreError(f"lost the connection to database {display}: {msg}")
    return StoreError(f"database error in {display}: {msg}")
