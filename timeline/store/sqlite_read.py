"""The read path of ``timeline query`` on a SQLite file, without SQLAlchemy (issue 8).

Importing SQLAlchemy and SQLModel and mapping the tables costs a command several times more
than the query itself on a small store. A read needs none of it: this module runs the same
filter (``timeline.store.filters.EventFilter``, the same conditions as
``timeline.store.queries``) as plain SQL through the standard ``sqlite3`` module and returns the
same ``EventRecord`` rows. ``tests/test_sqlite_read.py`` checks that both paths give identical
results for the same filters.

It is used only where it can be exact: a SQLite file (a path, not a URL) whose schema is at
the migrations this code knows, opened read-only as the store opens it for reads. Anything
else (a URL, PostgreSQL, a missing or foreign file, an older schema that the store would
upgrade, a newer one it would refuse) gets ``None`` from :func:`open_reader`, and the caller
opens the store as before, with its checks, migrations and errors.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from timeline import cameo
from timeline.errors import InputError, StoreError, TimelineError
from timeline.events.types import STATUSES
from timeline.records import EventRecord
from timeline.store.filters import EventFilter
from timeline.store.record_rows import EVENT_SELECT, build_records, gc_paused, sqlite_chunk
from timeline.store.sqlite_file import (
    _readonly_connect,
    busy_timeout,
    check_sqlite_file,
    message_error,
    one_line,
    plain_target,
)
from timeline.textutil import fold

#: The migrations of ``timeline.store.migrations``, by name, in order (a test keeps the two
#: lists equal). A store with exactly these applied is read here; any other goes to the store.
MIGRATION_NAMES = (
    "m001_initial",
    "m002_event_fts",
    "m003_event_actor_by_actor",
    "m004_event_coder",
    "m005_content_keys_and_tombstones",
    "m006_event_spans",
    "m007_merge_notes",
    "m008_actor_codes",
    "m009_event_actor_spans",
    "m010_actor_span_types",
    "m011_postgres_search",
    "m012_drop_redundant_indexes",
    "m013_actor_span_side_days",
)
MIGRATIONS_TABLE = "_timeline_migrations"
FTS_TABLE = "event_fts"
SPAN_TABLE = "event_span"
ACTOR_SPAN_TABLE = "event_actor_span"  # timeline.store.actor_spans (m009)
WORD = re.compile(r"\w+", re.UNICODE)  # timeline.store.common.WORD

#: The folded names a query name denotes at a date (``timeline.store.names.query_keys``).
KeysFor = Callable[[str, date | None], set[str]]

_EVENT_COLUMNS = EVENT_SELECT


def open_reader(db: str) -> SqliteReader | None:
    """A reader for ``--db`` when it is a SQLite file at the current schema; else None (the
    caller opens the store). File errors (missing, unreadable, not SQLite, locked) are the
    store's one-line errors."""
    raw = db.strip()
    target = plain_target(raw) if raw else None
    if target is None or target.path is None:
        return None
    check_sqlite_file(target, create=False)
    timeout = busy_timeout()
    display = target.display
    try:
        conn = _readonly_connect(target.path, timeout)
    except sqlite3.Error as exc:
        raise _error(exc, display) from None
    try:
        conn.isolation_level = None  # transactions are begun here, one per read
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # As the store's read connections (``timeline.store.db``): an actor's month on a
        # large file reads thousands of scattered pages; keep them and map the file.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA mmap_size = 268435456")
        if _applied(conn) != MIGRATION_NAMES:
            conn.close()
            return None
        has_fts = _has_table(conn, FTS_TABLE)
    except sqlite3.Error as exc:
        conn.close()
        raise _error(exc, display) from None
    return SqliteReader(conn, display, has_fts, raw)


def _error(exc: BaseException, display: str) -> StoreError:
    """The store's one-line error for what SQLite raised (``timeline.store.db.store_error``)."""
    msg = one_line(exc)
    return message_error(msg, display) or StoreError(f"database error in {display}: {msg}")


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def _applied(conn: sqlite3.Connection) -> tuple[str, ...] | None:
    """The applied migrations in code order, or None when they are not exactly the known ones."""
    if not _has_table(conn, MIGRATIONS_TABLE):
        return None
    done = {r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    if done != set(MIGRATION_NAMES):
        return None
    return MIGRATION_NAMES


def _query_keys(name: str, when: date | None) -> set[str]:
    from timeline.store.names import query_keys  # the actor lexicon: only for --actor

    return query_keys(name, when)


def _country_name(name: str) -> str:
    from timeline.store.names import country_name

    return country_name(name)


class _NoMatch(Exception):
    """The filter can match nothing (an unknown actor, a search without words ...)."""


class SqliteReader:
    """What ``timeline query`` asks of a store, read with ``sqlite3``: ``query``,
    ``unknown_actors`` and ``close`` (the ``Store`` methods of the same names)."""

    def __init__(
        self, conn: sqlite3.Connection, display: str, has_fts: bool, db: str | None = None
    ) -> None:
        self._conn = conn
        self._display = display
        self._has_fts = has_fts
        self._db = db if db is not None else display

    @property
    def display(self) -> str:
        return self._display

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``fn`` in one read transaction; SQLite errors become the store's error lines."""
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                return fn(conn)
            finally:
                conn.execute("ROLLBACK")
        except TimelineError:
            raise
        except sqlite3.Error as exc:
            raise _error(exc, self._display) from None

    # -- the Store's read methods ------------------------------------------------------------

    def query(self, f: EventFilter | None = None, mentions: bool = True) -> list[EventRecord]:
        """Events matching ``f``, sorted by ``f.sort`` (``Store.query``; ``mentions``: False
        leaves every record's mentions empty, unread)."""
        f = f or EventFilter()
        if unhandled(f):  # a filter field added to the store but not here yet: ask the store
            from timeline.store.store import open_store

            with open_store(self._db, create=False, readonly=True) as store:
                return store.query(f, mentions)
        if f.countries:
            f = _replace_countries(f, [_country_name(c) for c in f.countries])
        if f.date_from and f.date_to and f.date_from > f.date_to:
            raise InputError(f"the date range starts after it ends: {f.date_from} > {f.date_to}")
        with gc_paused():  # the event rows too, not only the records built from them
            return list(self._read(lambda conn: self._query(conn, f, _query_keys, mentions)))

    def unknown_actors(self, names: Iterable[str], when: date | None = None) -> list[str]:
        """The names (as given) that denote no stored actor (``Store.unknown_actors``)."""
        wanted = list(names)
        return list(
            self._read(
                lambda conn: [n for n in wanted if not _actor_ids(conn, _query_keys(n, when))]
            )
        )

    # -- the filter --------------------------------------------------------------------------

    def _query(
        self, conn: sqlite3.Connection, f: EventFilter, keys_for: KeysFor, mentions: bool = True
    ) -> list[Any]:
        try:
            where, params = self._where(conn, f, keys_for)
        except _NoMatch:
            return []
        sql = f"SELECT {_EVENT_COLUMNS} FROM event"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + _order(f.sort)
        if f.limit is not None:
            sql += " LIMIT ?"
            params.append(f.limit)
        rows = conn.execute(sql, params).fetchall()
        return _records(conn, rows, mentions)

    def _where(
        self, conn: sqlite3.Connection, f: EventFilter, keys_for: KeysFor
    ) -> tuple[list[str], list[Any]]:
        """The conditions of ``QueryStore._filtered``, in the same order, as SQL."""
        where: list[str] = []
        params: list[Any] = []
        ranged = f.date_from is not None
        # An actor and a date range: the actor's own date index (m009) drives and is exact.
        by_actor_span = bool(f.actors) and f.date_from is not None
        if f.date_from is not None or f.date_to is not None:
            where.append("start IS NOT NULL")
            if f.date_from is not None and not by_actor_span:
                where.append('"end" >= ?')
                params.append(f.date_from.isoformat())
                cond, args = _starts_after(_span_bounds(conn), f.date_from, f.date_to)
                where.append(cond)
                params += args
            if f.date_to is not None:
                where.append("start <= ?")
                params.append(f.date_to.isoformat())
        elif not f.include_undated:
            where.append("start IS NOT NULL")
        if f.types:
            types = [cameo.validate_type(t) for t in f.types]
            where.append(f"type IN ({_marks(types)})")
            params += types
        if f.cameo:
            terms = []
            for given in f.cameo:
                prefix = cameo.validate_prefix(given)
                term = "cameo LIKE ? || '%' ESCAPE '/'"
                params.append(_like_escape(prefix))
                if len(prefix) == 2:
                    term = f"({term} OR type = ?)"
                    params.append(prefix)
                terms.append(term)
            where.append(_any(terms))
        if f.plover:
            pairs = _plover_pairs(conn, f.plover)
            if not pairs:
                raise _NoMatch
            terms = []
            for type_, fine in pairs:
                if fine is None:
                    terms.append("(type = ? AND cameo IS NULL)")
                    params.append(type_)
                else:
                    terms.append("(type = ? AND cameo = ?)")
                    params += [type_, fine]
            where.append(_any(terms))
        for country in f.countries:
            ids = _country_actor_ids(conn, country)
            if not ids:
                raise _NoMatch
            where.append(
                f"id IN (SELECT event_id FROM event_actor WHERE actor_id IN ({_marks(ids)}))"
            )
            params += sorted(ids)
        if f.min_mentions is not None and f.min_mentions > 0:
            where.append(
                "id IN (SELECT event_id FROM mention WHERE document_id IS NOT NULL "
                "GROUP BY event_id HAVING count(DISTINCT document_id) >= ?)"
            )
            params.append(f.min_mentions)
        if f.status:
            statuses = [_check_status(x) for x in f.status]
            where.append(f"status IN ({_marks(statuses)})")
            params += statuses
        if f.origin:
            where.append("origin = ?")
            params.append(f.origin)
        if f.min_confidence is not None:
            where.append("confidence >= ?")
            params.append(f.min_confidence)
        if f.location is not None:
            key = _place_key(f.location)
            if not key:
                raise _NoMatch
            where.append("location_folded LIKE '%' || ? || '%' ESCAPE '/'")
            params.append(_like_escape(key))
        for name in f.actors:
            ids = _actor_ids(conn, keys_for(name, f.actor_date()))
            if not ids:
                raise _NoMatch
            marks = _marks(ids)
            if by_actor_span:
                assert f.date_from is not None
                cond, args = _actor_span_ids(
                    sorted(ids), _span_bounds(conn), f.date_from, f.date_to
                )
                where.append(f"id IN ({cond})")
                params += args
                continue
            if ranged:  # as the store: the date range drives, each row's actors by key
                where.append(
                    "EXISTS (SELECT event_actor.event_id FROM event_actor WHERE "
                    f"event_actor.event_id = event.id AND event_actor.actor_id IN ({marks}))"
                )
            else:
                where.append(
                    f"id IN (SELECT event_id FROM event_actor WHERE actor_id IN ({marks}))"
                )
            params += sorted(ids)
        if f.search is not None:
            cond, args = self._search(f.search)
            where.append(cond)
            params += args
        return where, params

    def _search(self, search: str) -> tuple[str, list[Any]]:
        if self._has_fts:
            q = fts_query(search)
            if q is None:
                raise _NoMatch
            return f"id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [q]
        words = WORD.findall(search)
        if not words:
            raise _NoMatch
        conds = []
        params: list[Any] = []
        for w in words:
            like = "lower({}) LIKE '%' || lower(?) || '%' ESCAPE '/'"
            conds.append(
                "("
                + " OR ".join(
                    [
                        like.format("summary"),
                        like.format("location"),
                        like.format("date_text"),
                        "id IN (SELECT event_id FROM mention WHERE "
                        + like.format("sentence")
                        + ")",
                    ]
                )
                + ")"
            )
            params += [_like_escape(w)] * 4
        return " AND ".join(conds), params


def query_records(
    conn: sqlite3.Connection,
    f: EventFilter,
    keys_for: KeysFor,
    has_fts: bool,
    mentions: bool = True,
) -> list[EventRecord]:
    """``Store.query`` on SQLite at the current schema: ``f`` (its countries already
    canonical, its dates checked, every field in ``HANDLED_FIELDS``) run on ``conn``, the
    store's own connection in its read transaction."""
    with gc_paused():  # the event rows too, not only the records built from them
        return list(SqliteReader(conn, "", has_fts)._query(conn, f, keys_for, mentions))


def fts_query(search: str) -> str | None:
    """``timeline.store.queries.fts_query``: every word quoted, all required; words of four
    letters or more also as prefixes; None without words."""
    words = WORD.findall(search)
    if not words:
        return None
    return " ".join(f'"{w}"*' if len(w) >= 4 else f'"{w}"' for w in words)


#: The ``EventFilter`` fields this reader applies (``tests/test_sqlite_read.py`` keeps this the
#: full list). A filter using any other field is run by the store instead, never ignored.
HANDLED_FIELDS = frozenset(
    {
        "actors",
        "date_from",
        "date_to",
        "types",
        "cameo",
        "plover",
        "countries",
        "min_mentions",
        "sort",
        "location",
        "search",
        "status",
        "origin",
        "min_confidence",
        "include_undated",
        "limit",
        "ref",
    }
)


def unhandled(f: EventFilter) -> list[str]:
    """The fields of ``f`` this reader does not apply and that differ from their default."""
    from dataclasses import fields

    default = EventFilter()
    return [
        field.name
        for field in fields(f)
        if field.name not in HANDLED_FIELDS
        and getattr(f, field.name) != getattr(default, field.name)
    ]


def _replace_countries(f: EventFilter, countries: list[str]) -> EventFilter:
    from dataclasses import replace

    return replace(f, countries=countries)


def _marks(values: Sequence[Any] | set[Any]) -> str:
    return ", ".join("?" * len(values))


def _any(terms: list[str]) -> str:
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _like_escape(value: str) -> str:
    """A LIKE operand that matches ``value`` literally (escape character ``/``, as
    SQLAlchemy's ``autoescape``)."""
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise InputError(f"unknown status {status!r}: use happened, planned or reported")
    return s


def _place_key(place: str | None) -> str | None:
    """``timeline.store.common.place_key``: the folded place without spaces."""
    key = fold(place or "").replace(" ", "")
    return key or None


def _order(sort: str) -> str:
    if sort == "id":
        return "id"
    if sort == "-id":
        return "id DESC"
    if sort == "-date":
        return "start IS NULL, start DESC, id DESC"
    if sort != "date":
        raise InputError(f"unknown sort {sort!r}: use date, -date, id or -id")
    return "start IS NULL, start, id"


def _span_bounds(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        str(g): int(d) for g, d in conn.execute(f"SELECT granularity, max_days FROM {SPAN_TABLE}")
    }


def _lower_bound(lo: date, days: int) -> date:
    try:
        return lo - timedelta(days=days)
    except OverflowError:
        return date.min


def _starts_after(
    bounds: dict[str, int], lo: date, hi: date | None = None
) -> tuple[str, list[Any]]:
    """``QueryStore``'s index bound: per granularity, ``start >= lo - longest span`` (and
    ``start <= hi`` in each term, so each reads one range bounded on both sides)."""
    from timeline.dates import GRANULARITIES

    terms: list[str] = []
    params: list[Any] = []
    for gran in ("", *GRANULARITIES):
        same = "granularity IS NULL" if gran == "" else "granularity = ?"
        if gran != "":
            params.append(gran)
        upper = ""
        if hi is not None:
            upper = " AND start <= ?"
        if gran in bounds:
            terms.append(f"({same} AND start >= ?{upper})")
            params.append(_lower_bound(lo, bounds[gran]).isoformat())
        else:
            terms.append(f"({same}{upper})")
        if hi is not None:
            params.append(hi.isoformat())
    return "(" + " OR ".join(terms) + ")", params


def _actor_span_ids(
    actor_ids: list[int], bounds: dict[str, int], lo: date, hi: date | None
) -> tuple[str, list[Any]]:
    """``timeline.store.actor_spans.actor_events_overlapping`` as SQL: one range of the
    actor date index per granularity, joined by ``UNION ALL``."""
    from timeline.dates import GRANULARITIES

    arms: list[str] = []
    params: list[Any] = []
    for gran in ("", *GRANULARITIES):
        conds = [f"actor_id IN ({_marks(actor_ids)})"]
        params += actor_ids
        if gran == "":
            conds.append("granularity IS NULL")
        else:
            conds.append("granularity = ?")
            params.append(gran)
        if gran in bounds:
            conds.append("start >= ?")
            params.append(_lower_bound(lo, bounds[gran]).isoformat())
        else:
            conds.append("start IS NOT NULL")
        if hi is not None:
            conds.append("start <= ?")
            params.append(hi.isoformat())
        conds.append('"end" >= ?')
        params.append(lo.isoformat())
        arms.append(f"SELECT event_id FROM {ACTOR_SPAN_TABLE} WHERE " + " AND ".join(conds))
    return " UNION ALL ".join(arms), params


def _plover_pairs(conn: sqlite3.Connection, categories: list[str]) -> list[tuple[str, str | None]]:
    wanted = {cameo.validate_plover(c) for c in categories}
    pairs = conn.execute("SELECT DISTINCT type, cameo FROM event").fetchall()
    return [(t, c) for t, c in pairs if cameo.plover(c or t) in wanted]


def _country_actor_ids(conn: sqlite3.Connection, country: str) -> set[int]:
    rows = conn.execute(
        "SELECT id FROM actor WHERE lower(country) = ? OR folded = ?",
        (country.lower(), fold(country)),
    )
    return {r[0] for r in rows if r[0] is not None}


def _actor_ids(conn: sqlite3.Connection, keys: set[str]) -> set[int]:
    keys = {k for k in keys if k}
    if not keys:
        return set()
    marks = _marks(keys)
    ordered = sorted(keys)
    ids = {r[0] for r in conn.execute(f"SELECT id FROM actor WHERE folded IN ({marks})", ordered)}
    ids |= {
        r[0]
        for r in conn.execute(
            f"SELECT actor_id FROM actor_alias WHERE folded IN ({marks})", ordered
        )
    }
    return {i for i in ids if i is not None}


def _records(
    conn: sqlite3.Connection, rows: Sequence[Any], mentions: bool = True
) -> list[EventRecord]:
    """``timeline.store.events.load_records`` for rows of ``_EVENT_COLUMNS``: the same
    builder (``timeline.store.record_rows``)."""
    return build_records(
        lambda sql, params: conn.execute(sql, params).fetchall(),
        rows,
        "?",
        sqlite_chunk(conn),
        mentions,
    )
