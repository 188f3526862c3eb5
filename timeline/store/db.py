"""Opening a database: path or URL, file checks, SQLite settings, error translation.

A plain path means SQLite; a URL goes to SQLAlchemy as is (PostgreSQL runs the same code).
Nothing SQLAlchemy raises reaches the user: ``store_error`` turns it into a one-line
``StoreError`` that names the database and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from timeline.errors import StoreError
from timeline.store.sqlite_file import (  # noqa: F401  (also imported from here)
    DEFAULT_BUSY_TIMEOUT,
    SQLITE_HEADER,
    Target,
    _readonly_connect,
    busy_timeout,
    check_sqlite_file,
    message_error,
    one_line,
    plain_target,
)

#: Execution option that makes a SQLite transaction take the write lock at BEGIN.
WRITE_OPTION = "timeline_write"


def parse_target(url_or_path: str) -> Target:
    """Turn ``--db`` into a target: ``events.db``, ``:memory:``, ``sqlite:///x.db``, ``postgresql://...``."""
    raw = url_or_path.strip()
    if not raw:
        raise StoreError("no database given: pass --db PATH or set TIMELINE_DB")
    plain = plain_target(raw)
    if plain is not None:
        return plain
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
            # memory map (no copy per page).
            cur.execute("PRAGMA cache_size = -65536")
            cur.execute("PRAGMA mmap_size = 268435456")
        else:
            # Writers (ingest) keep up to 16 MiB of pages: the merge query reads the recent
            # months of the actor index, events and links again for every article, and with
            # the default 2 MiB a 20,000-article store (~230 MB) reread them from the OS on
            # every batch (issue 10: ~0.4 ms CPU per article). A fixed bound, no memory map:
            # memory stays flat as the store grows.
            cur.execute("PRAGMA cache_size = -16384")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front, so they wait (busy_timeout) instead of failing late.
        write = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def store_error(exc: BaseException, display: str) -> StoreError:
    """A one-line StoreError for anything the database layer raised."""
    msg = one_line(exc)
    known = message_error(msg, display)
    if known is not None:
        return known
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StoreError(f"lost the connection to database {display}: {msg}")
    return StoreError(f"database error in {display}: {msg}")
