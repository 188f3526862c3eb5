"""Ingest's statements run on the DBAPI connection, on SQLite.

Ingest sends ~12 small statements per article; SQLAlchemy's own work per execution (compiled
cache lookup, parameter processing, events, result set-up) cost about as much as SQLite running
them. On SQLite (``enabled``) the store compiles each statement once with SQLAlchemy, keeps its
SQL, positional bind names and each bind's own processor (so dates, times and booleans are
stored exactly as SQLAlchemy stores them), and runs it on the same transaction's ``sqlite3``
connection. DBAPI errors are raised as ``DBAPIError``, as ``Connection.execute`` raises them,
so the store's one-line error still applies. Other databases keep SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

#: Off: every statement goes through SQLAlchemy (the tests compare both paths).
enabled = True


def on(conn: Connection) -> bool:
    """True when this connection's statements may run on the driver."""
    return enabled and conn.dialect.name == "sqlite"


@dataclass(frozen=True, slots=True)
class Plain:
    """A statement compiled once: SQL in the driver's (qmark) style, bind names in order and
    the processors of the binds that have one."""

    sql: str
    names: tuple[str, ...]
    constants: dict[str, Any]  # values bound in the statement itself (``limit(1)``)
    #: (position, processor) of the binds that have one: the rest go as they are
    converted: tuple[tuple[int, Callable[[Any], Any]], ...] = ()

    def row(self, params: Mapping[str, Any]) -> Sequence[Any]:
        if self.constants:
            params = {**self.constants, **params}
        values = [params[n] for n in self.names]
        for i, p in self.converted:
            values[i] = p(values[i])
        return values


_PLAIN: dict[tuple[str, int, tuple[str, ...] | None], Plain] = {}
_KEEP: list[Any] = []  # the statements compiled here stay alive, so their ids stay theirs


def plain(conn: Connection, stmt: Any, keys: Sequence[str] | None = None) -> Plain:
    """``stmt`` compiled for this connection's dialect; ``keys``: the columns an INSERT or
    UPDATE gets (its bind names must be exactly these: no column default is filled here)."""
    dialect = conn.dialect
    key = (dialect.name, id(stmt), tuple(keys) if keys is not None else None)
    hit = _PLAIN.get(key)
    if hit is not None:
        return hit
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
    if not compiled.positional:  # pragma: no cover - only SQLite (qmark) comes here
        raise ValueError(f"{dialect.name}: not a positional paramstyle")
    names = tuple(compiled.positiontup)
    constants = {n: compiled.binds[n].value for n in names if not compiled.binds[n].required}
    if keys is not None and set(names) != set(keys):
        raise ValueError(f"the statement binds {sorted(names)}, not {sorted(keys)}")
    procs = tuple(
        compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names
    )
    _KEEP.append(stmt)
    converted = tuple((i, p) for i, p in enumerate(procs) if p is not None)
    hit = _PLAIN[key] = Plain(compiled.string, names, constants, converted)
    return hit


def run(
    conn: Connection, sql: str, params: Sequence[Any] = (),
    *, many: bool = False, fetch: bool = False,
) -> Any:  # fmt: skip
    """Execute ``sql`` on the connection's DBAPI connection (the same transaction): the rows
    when ``fetch``, else the cursor's ``lastrowid``. ``params`` in the driver's paramstyle
    (also psycopg's: the merge query runs here on every database)."""
    raw = conn.connection.driver_connection
    dialect = conn.dialect
    dbapi_error = dialect.loaded_dbapi.Error
    cur = raw.cursor()  # type: ignore[union-attr]
    try:
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
        return cur.fetchall() if fetch else cur.lastrowid
    except dbapi_error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi_error) from exc
    finally:
        cur.close()


def execute(
    conn: Connection, stmt: Any, rows: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    *, fetch: bool = False,
) -> Any:  # fmt: skip
    """Run ``stmt`` (an INSERT/UPDATE: its columns are the first row's keys) for one row (a
    mapping) or many (a sequence of mappings with the same keys); see :func:`run`."""
    if isinstance(rows, Mapping):
        p = plain(conn, stmt, tuple(rows))
        return run(conn, p.sql, p.row(rows), fetch=fetch)
    p = plain(conn, stmt, tuple(rows[0]))
    return run(conn, p.sql, [p.row(r) for r in rows], many=True)


def marks(n: int) -> str:
    """``n`` qmark placeholders for an ``IN (...)`` list."""
    return ",".join("?" * n)
