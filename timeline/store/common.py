"""What every part of the store shares: its state and lifecycle, the session, the tables'
Core handles, the full-text index refresh and small validators.

The store is one ``Store`` object (``timeline.store.store``) assembled from parts, one
responsibility each: ``actors`` (the actor registry), ``events`` (manual event CRUD and the
typed records), ``queries`` (filters, full-text search, statistics) and ``ingest`` (articles,
merging). Each part is a class over ``StoreBase``; they share nothing but this module.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, Self, TypeVar

from sqlalchemy import bindparam, column, inspect, table, text
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from timeline.errors import InputError, StoreError, TimelineError
from timeline.events.types import ROLES, STATUSES, ActorRef
from timeline.store.actor_spans import ACTOR_SPAN_TABLE
from timeline.store.db import (
    WRITE_OPTION,
    Target,
    has_foreign_tables,
    make_engine,
    store_error,
)
from timeline.store.migrations import (
    FTS_TABLE,
    applied_migrations,
    apply_migrations,
    pending_migrations,
)
from timeline.store.models import (
    Actor,
    ActorAlias,
    Document,
    Event,
    EventActor,
    Mention,
    MergeNote,
)
from timeline.textutil import fold

if TYPE_CHECKING:
    from timeline.store.actors import CachedActor

P = ParamSpec("P")
R = TypeVar("R")

CHUNK = 500
MAX_ID = 2**63 - 1  # ids are signed 64-bit integers in SQLite and PostgreSQL
ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}
WORD = re.compile(r"\w+", re.UNICODE)
FTS = table(FTS_TABLE, column("rowid"))

# Core handles of the tables (ingest speaks SQLAlchemy Core on one connection).
DOCUMENT = Document.__table__  # type: ignore[attr-defined]
EVENT = Event.__table__  # type: ignore[attr-defined]
ACTOR = Actor.__table__  # type: ignore[attr-defined]
ALIAS = ActorAlias.__table__  # type: ignore[attr-defined]
EVENT_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
MENTION = Mention.__table__  # type: ignore[attr-defined]
MERGE_NOTE = MergeNote.__table__  # type: ignore[attr-defined]
# FTS5 exists on SQLite only (``_has_fts``): one row per event, rebuilt from the tables.
SQL_FTS_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_FTS_INSERT = (
    f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
    "SELECT e.id, e.summary, COALESCE((SELECT group_concat(NULLIF(m.sentence, ''), char(10)) "
    "FROM mention m WHERE m.event_id = e.id), ''), COALESCE(e.date_text, ''), "
    "COALESCE(e.location, '') FROM event e WHERE e.id IN "
)
SQL_FTS_INSERT = text(_FTS_INSERT + ":ids").bindparams(bindparam("ids", expanding=True))
# The FTS statements as ``timeline.store.driver`` runs them (``{}``: the qmarks).
RAW_FTS_DELETE = f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({{}})"
RAW_FTS_INSERT = _FTS_INSERT + "({})"


def now_utc() -> datetime:
    return datetime.now(UTC)


def chunks(items: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def translated(method: Callable[P, R]) -> Callable[P, R]:
    """Turn database exceptions raised inside a Store method into one-line StoreErrors."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except TimelineError:
            raise
        except SQLAlchemyError as exc:
            store: StoreBase = args[0]  # type: ignore[assignment]
            raise store_error(exc, store.display) from None

    return wrapper


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table has an integer primary key
        raise StoreError("the database did not return the id of the new row")
    return int(key[0])


def check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise InputError(f"unknown status {status!r}: use happened, planned or reported")
    return s


def check_role(role: str) -> str:
    r = (role or "participant").strip().lower()
    if r not in ROLES:
        raise InputError(f"unknown actor role {role!r}: use source, target or participant")
    return r


def actor_details(ref: ActorRef | None, rule: str | None = None) -> dict[str, str | None]:
    """The ``event_actor`` columns of m008 for an actor reference: its CAMEO code, the rule
    that resolved it and its evidence (``rule`` stands in where the reference has none, e.g.
    ``manual`` for actors a person named)."""
    if ref is None:
        return {"code": None, "rule": rule, "evidence": None}
    code = (ref.code or "").strip().upper()[:16] or None
    return {
        "code": code,
        "rule": ((ref.rule or rule) or "")[:48] or None,
        "evidence": ref.evidence or None,
    }


def place_key(place: str | None) -> str | None:
    """Folded place name without spaces: "Washington, D.C." and "washington dc" match."""
    key = fold(place or "").replace(" ", "")
    return key or None


def has_table(conn: Connection, name: str) -> bool:
    return inspect(conn).has_table(name)


class StoreBase:
    """The store's state and lifecycle; the parts (actors, events, queries, ingest) add the
    rest. Use ``timeline.store.open_store``; close it (or use ``with``) when done."""

    def __init__(self, engine: Engine, target: Target) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._target = target
        self._has_fts = False
        self._has_actor_spans = False  # event_actor_span (m009): a read-only old file lacks it
        # SQLite at the latest schema: ``query`` runs the stdlib read path's SQL on the
        # driver connection (``timeline.store.sqlite_read``), no SQLAlchemy statement.
        self._plain_sqlite = False
        # Ingest's actor cache (``timeline.store.actors``): folded name -> actor, valid while
        # _actor_mark is current.
        self._actor_cache: dict[str, CachedActor] = {}
        self._actor_by_id: dict[int, CachedActor] = {}
        self._alias_keys: set[str] = set()  # cached names found through an alias
        self._actor_mark: tuple[Any, ...] | None = None
        # SQLite: new event ids are the highest + 1 (no AUTOINCREMENT); None: not looked yet
        self._event_ids_by_max: bool | None = None

    @property
    def display(self) -> str:
        return self._target.display

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, create: bool, readonly: bool = False) -> None:
        with self._engine.connect() as conn:
            done = applied_migrations(conn)
            # A store is recognised by its own metadata table: a database with tables but
            # not ours belongs to another application and is never written to.
            if not done and has_foreign_tables(conn):
                raise StoreError(
                    f"{self.display} is not a timeline database (it holds tables of another "
                    "application); use another --db"
                )
            if not done and not create:
                raise StoreError(
                    f"{self.display} is not a timeline database; create one with "
                    "'timeline add' or 'timeline ingest'"
                )
            pending = pending_migrations(conn)
        sqlite_file = self._target.sqlite and self._target.path is not None
        if readonly and sqlite_file:
            if pending:
                self._migrate_if_writable()
        else:
            if sqlite_file:
                self._set_wal()
            if pending:
                apply_migrations(self._write_engine)
        with self._engine.connect() as conn:
            self._has_fts = conn.dialect.name == "sqlite" and has_table(conn, FTS_TABLE)
            self._has_actor_spans = has_table(conn, ACTOR_SPAN_TABLE)
            self._plain_sqlite = conn.dialect.name == "sqlite" and not pending_migrations(conn)

    def _migrate_if_writable(self) -> None:
        """A read command on an older schema: upgrade it when the file can be written, else
        read it as it is (the pending migrations only add what writes need)."""
        engine = make_engine(self._target)
        try:
            apply_migrations(engine.execution_options(**{WRITE_OPTION: True}))
        except (SQLAlchemyError, sqlite3.Error) as exc:
            error = store_error(exc, self.display)
            if "read-only" not in str(error) and "cannot open" not in str(error):
                raise error from None
        finally:
            engine.dispose()

    def _set_wal(self) -> None:
        # Outside any transaction: on the raw DBAPI connection (autocommit, see make_engine).
        raw = self._engine.raw_connection()
        try:
            cur = raw.cursor()
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
        finally:
            raw.close()

    def _session(self, write: bool = False) -> Session:
        return Session(self._write_engine if write else self._engine, expire_on_commit=False)

    # -- full-text index ---------------------------------------------------------------------

    def _fts_refresh(
        self, conn: Connection, ids: Iterable[int], stale: Iterable[int] | None = None
    ) -> None:
        """Rewrite the FTS rows of these events (summary, sentences, date text, location).

        ``stale``: the ids that may have a row already (default: all); new events have none.
        """
        if not self._has_fts:
            return
        id_list = sorted(set(ids))
        old = set(id_list if stale is None else stale)
        from timeline.store import driver

        fast = driver.on(conn)
        for chunk in chunks(id_list):
            delete_ids = [i for i in chunk if i in old]
            if fast:
                if delete_ids:
                    driver.run(
                        conn, RAW_FTS_DELETE.format(driver.marks(len(delete_ids))), delete_ids
                    )
                driver.run(conn, RAW_FTS_INSERT.format(driver.marks(len(chunk))), chunk)
                continue
            if delete_ids:
                conn.execute(SQL_FTS_DELETE, {"ids": delete_ids})
            conn.execute(SQL_FTS_INSERT, {"ids": list(chunk)})
