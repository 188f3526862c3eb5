"""Queries: the event filter (shared by ``query`` and ``export``), full-text search, counts
and statistics.

Actor names in a filter arrive as folded keys (``KeysFor``: resolved against the lexicon
before the store, in ``timeline.store.store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, func, intersect, or_, text, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from timeline import cameo
from timeline.dates import GRANULARITIES
from timeline.errors import InputError
from timeline.records import EventRecord
from timeline.store import sqlite_read
from timeline.store.actor_spans import actor_events_overlapping
from timeline.store.common import EVENT, FTS, MENTION, WORD, check_status, place_key, translated
from timeline.store.db import store_error
from timeline.store.events import RECORD_COLUMNS, EventStore
from timeline.store.filters import EventFilter
from timeline.store.migrations import (
    FTS_TABLE,
    PG_FOLD,
    applied_migrations,
    pg_event_document,
    pg_mention_document,
)
from timeline.store.models import Actor, Document, Event, EventActor, Mention
from timeline.store.spans import lower_bound, span_bounds
from timeline.textutil import fold

#: The folded names (canonical name, aliases) a query name denotes at a date.
KeysFor = Callable[[str, date | None], set[str]]


def pg_search_words(search: str) -> list[list[tuple[str, bool]]] | None:
    """``fts_query`` for PostgreSQL (m011): per word (all required), its tokens and whether
    each is a prefix. As FTS5 reads a quoted word, a word of several tokens ("a_b") is a
    phrase and the last token of a word of four letters or more a prefix. None if the search
    has no words, or a word no token (nothing can match it, as in FTS5)."""
    words = WORD.findall(search)
    if not words:
        return None
    out = []
    for w in words:
        tokens = [t for t in w.split("_") if t]
        if not tokens:
            return None
        last = len(tokens) - 1
        out.append([(t, j == last and len(w) >= 4) for j, t in enumerate(tokens)])
    return out


def _pg_token_query(name: str, prefix: bool) -> str:
    """A ``tsquery`` (SQL) for the token in bind parameter ``name``: folded and split at
    punctuation as the indexed text (``timeline_fold`` may itself make punctuation: "ŉ" is
    "'n"), then quoted, so the user's text is never tsquery syntax; NULL (matching nothing)
    when nothing is left of it."""
    folded = f"regexp_replace({PG_FOLD}(:{name}), '[[:punct:]]+', ' ', 'g')"
    quote = "''''"  # a one-quote SQL string
    close = "''':*'" if prefix else quote
    return (
        f"(CASE WHEN btrim({folded}) = '' THEN NULL "
        f"ELSE to_tsquery('simple', {quote} || {folded} || {close}) END)"
    )


def _pg_search_condition(
    search: str, within: tuple[dict[str, int], date, date | None] | None = None
) -> Any | None:
    """Every word in the event's own text or in one of its mentions' sentences: per word,
    the ids of both full-text indexes of m011 (the expressions must be the indexed ones),
    so the events are never read to find them. ``within`` (span bounds, from, to): the
    query's date range, repeated inside each word's arms (the query applies it anyway): a
    frequent word's ids are then read only for that range, the planner choosing between the
    full-text and the date indexes (1M events, a word in 37% of them, one month: ~1.2 s
    without, ~0.3 s with)."""
    words = pg_search_words(search)
    if words is None:
        return None
    inner = EVENT.alias("event_search")  # not the outer event: no correlation
    dated = EVENT.alias("event_dated")  # a mention's event, for the date range
    documents = {"e": pg_event_document("event_search."), "m": pg_mention_document("mention.")}
    conds = []
    for i, tokens in enumerate(words):
        arms = {}
        for arm, document in documents.items():
            names = [f"tsq_{arm}{i}_{j}" for j in range(len(tokens))]
            query = " <-> ".join(
                _pg_token_query(name, prefix)
                for name, (_, prefix) in zip(names, tokens, strict=True)
            )
            params = {name: token for name, (token, _) in zip(names, tokens, strict=True)}
            arms[arm] = text(f"{document} @@ ({query})").bindparams(**params)
        in_events = sa_select(inner.c.id).where(arms["e"])
        in_mentions = sa_select(MENTION.c.event_id).where(arms["m"])
        if within is not None:
            bounds, lo, hi = within
            in_events = in_events.where(_overlapping(bounds, lo, hi, inner))
            in_mentions = in_mentions.join(dated, dated.c.id == MENTION.c.event_id).where(
                _overlapping(bounds, lo, hi, dated)
            )
        conds.append(union_all(in_events, in_mentions))
    if within is None and len(conds) > 1:
        # No range to narrow them: the words' id sets are intersected before any event is
        # read (two frequent words, limit 100: ~2.4x faster than one semi-join per word)
        return col(Event.id).in_(intersect(*conds))
    return and_(*(col(Event.id).in_(ids) for ids in conds))


def fts_query(search: str) -> str | None:
    """A safe FTS5 query for user text: every word quoted, all required; None if no words.

    Words of four letters or more also match as prefixes ("sanction" finds "sanctions").
    Operators and quotes in the input are treated as plain text, never as FTS syntax.
    """
    words = WORD.findall(search)
    if not words:
        return None
    return " ".join(f'"{w}"*' if len(w) >= 4 else f'"{w}"' for w in words)


def _overlapping(bounds: dict[str, int], lo: date, hi: date | None, table: Any = EVENT) -> Any:
    """Events overlapping ``lo..hi``, one index range per granularity.

    An event of granularity ``g`` lasts at most ``bounds[g]`` days (``timeline.store.spans``),
    so it overlaps when ``lo - bounds[g] <= start <= hi`` and ``end >= lo``. Each term holds
    both bounds on ``start``, so each reads one range of ``ix_event_gran_start`` (an upper bound
    outside the terms would leave every range open towards the present). ``table``: the
    event table or an alias of it.
    """
    c = table.c
    terms: list[Any] = []
    for gran in ("", *GRANULARITIES):
        same = c.granularity.is_(None) if gran == "" else c.granularity == gran
        conds = [same]
        if gran in bounds:
            conds.append(c.start >= lower_bound(lo, bounds[gran]))
        else:  # none stored (or written by a path that kept no bound): read without one
            conds.append(c.start.is_not(None))
        if hi is not None:
            conds.append(c.start <= hi)
        terms.append(and_(*conds))
    return and_(or_(*terms), c["end"] >= lo)


class QueryStore(EventStore):
    """Filtered, sorted event lists, counts and ``stats``."""

    #: PostgreSQL with the full-text indexes of m011 (None: not looked at yet). A store
    #: opened on PostgreSQL is migrated, so this is only False where an older schema could
    #: not be (search then falls back to ILIKE, as on SQLite without FTS5).
    _pg_search_known: bool | None = None

    @property
    def _pg_search(self) -> bool:
        known = self._pg_search_known
        if known is None:
            with self._engine.connect() as conn:
                known = conn.dialect.name == "postgresql" and (
                    "m011_postgres_search" in applied_migrations(conn)
                )
            self._pg_search_known = known
        return known

    def _filtered(
        self, s: Session, f: EventFilter, keys_for: KeysFor
    ) -> SelectOfScalar[Event] | None:
        stmt = select(Event)
        bounds = span_bounds(s.connection()) if f.date_from is not None else {}
        # An actor and a date range: the actor's own date index (m009) drives and is exact.
        by_actor_span = bool(f.actors) and f.date_from is not None and self._has_actor_spans
        if f.date_from is not None:
            if not by_actor_span:
                stmt = stmt.where(_overlapping(bounds, f.date_from, f.date_to))
        elif f.date_to is not None:
            stmt = stmt.where(col(Event.start).is_not(None), col(Event.start) <= f.date_to)
        elif not f.include_undated:
            stmt = stmt.where(col(Event.start).is_not(None))
        if f.types:
            stmt = stmt.where(col(Event.type).in_([cameo.validate_type(t) for t in f.types]))
        if f.cameo:
            stmt = stmt.where(or_(*(_cameo_condition(cameo.validate_prefix(c)) for c in f.cameo)))
        if f.plover:
            pairs = self._plover_pairs(s, f.plover)
            if not pairs:
                return None
            stmt = stmt.where(or_(*(_pair_condition(t, c) for t, c in pairs)))
        for country in f.countries:
            ids = self._country_actor_ids(s, country)
            if not ids:
                return None
            stmt = stmt.where(
                col(Event.id).in_(
                    select(EventActor.event_id).where(col(EventActor.actor_id).in_(ids))
                )
            )
        if f.min_mentions is not None and f.min_mentions > 0:
            reported = (
                select(Mention.event_id)
                .where(col(Mention.document_id).is_not(None))
                .group_by(col(Mention.event_id))
                .having(func.count(func.distinct(col(Mention.document_id))) >= f.min_mentions)
            )
            stmt = stmt.where(col(Event.id).in_(reported))
        if f.status:
            stmt = stmt.where(col(Event.status).in_([check_status(x) for x in f.status]))
        if f.origin:
            stmt = stmt.where(Event.origin == f.origin)
        if f.min_confidence is not None:
            stmt = stmt.where(col(Event.confidence) >= f.min_confidence)
        if f.location is not None:
            if not place_key(f.location):
                return None
            stmt = stmt.where(
                col(Event.location_folded).contains(place_key(f.location), autoescape=True)
            )
        for name in f.actors:
            ids = self._actor_ids_for(s, keys_for(name, f.actor_date()))
            if not ids:
                return None
            if by_actor_span:
                assert f.date_from is not None
                stmt = stmt.where(
                    col(Event.id).in_(actor_events_overlapping(ids, bounds, f.date_from, f.date_to))
                )
            elif f.date_from is not None:  # the date range drives; each row's actors by key
                stmt = stmt.where(
                    select(EventActor.event_id)
                    .where(EventActor.event_id == Event.id, col(EventActor.actor_id).in_(ids))
                    .exists()
                )
            else:
                stmt = stmt.where(
                    col(Event.id).in_(
                        select(EventActor.event_id).where(col(EventActor.actor_id).in_(ids))
                    )
                )
        if f.search is not None:
            within = (bounds, f.date_from, f.date_to) if f.date_from is not None else None
            cond = self._search_condition(f.search, within)
            if cond is None:
                return None
            stmt = stmt.where(cond)
        return stmt

    def _plover_pairs(self, s: Session, categories: list[str]) -> list[tuple[str, str | None]]:
        """The stored (type, cameo) pairs whose PLOVER category is one of ``categories``."""
        wanted = {cameo.validate_plover(c) for c in categories}
        pairs = s.exec(select(Event.type, Event.cameo).distinct()).all()
        return [(t, c) for t, c in pairs if cameo.plover(c or t) in wanted]

    def _country_actor_ids(self, s: Session, country: str) -> set[int]:
        """A country's own actor and every actor of that country (its officials ...);
        ``country`` is the canonical name (resolved in ``timeline.store.store``)."""
        ids = s.exec(
            select(Actor.id).where(
                or_(
                    func.lower(col(Actor.country)) == country.lower(),
                    col(Actor.folded) == fold(country),
                )
            )
        ).all()
        return {i for i in ids if i is not None}

    def _search_condition(
        self, search: str, within: tuple[dict[str, int], date, date | None] | None = None
    ) -> Any | None:
        """Events with every word of ``search``; ``within``: the filter's date range (span
        bounds, from, to), which PostgreSQL's search also applies inside (see
        ``_pg_search_condition``)."""
        if self._has_fts:
            q = fts_query(search)
            if q is None:
                return None
            matching = select(FTS.c.rowid).where(
                text(f"{FTS_TABLE} MATCH :fts_q").bindparams(fts_q=q)
            )
            return col(Event.id).in_(matching)
        if self._pg_search:
            return _pg_search_condition(search, within)
        words = WORD.findall(search)
        if not words:
            return None
        conds = []
        for w in words:
            # icontains(autoescape): "_" in a word is an underscore, not a LIKE wildcard.
            in_mentions = select(Mention.event_id).where(
                col(Mention.sentence).icontains(w, autoescape=True)
            )
            conds.append(
                or_(
                    col(Event.summary).icontains(w, autoescape=True),
                    col(Event.location).icontains(w, autoescape=True),
                    col(Event.date_text).icontains(w, autoescape=True),
                    col(Event.id).in_(in_mentions),
                )
            )
        return and_(*conds)

    def _query(
        self, f: EventFilter | None, keys_for: KeysFor, mentions: bool = True
    ) -> list[EventRecord]:
        """Events matching ``f``, sorted by start date (undated last), then id (``mentions``:
        False reads none, for a listing that shows none)."""
        f = f or EventFilter()
        if f.date_from and f.date_to and f.date_from > f.date_to:
            raise InputError(f"the date range starts after it ends: {f.date_from} > {f.date_to}")
        with self._session() as s:
            if self._plain_sqlite and not sqlite_read.unhandled(f):
                # The stdlib read path's statements on this session's sqlite3 connection
                # (tests/test_sqlite_read.py checks them against ``_filtered``): a 1M-event
                # store's actor + month costs no SQLAlchemy statement (issue 10).
                conn = s.connection()
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                try:
                    return sqlite_read.query_records(raw, f, keys_for, self._has_fts, mentions)
                except sqlite3.Error as exc:
                    raise store_error(exc, self.display) from None
            self._no_jit_for_search(s, f)
            stmt = self._filtered(s, f, keys_for)
            if stmt is None:
                return []
            stmt = stmt.order_by(*_order(f.sort))
            if f.limit is not None:
                stmt = stmt.limit(f.limit)
            # Plain rows, not ORM objects: a large result costs a tuple per event, not an
            # object with identity-map bookkeeping (the records are built from the columns).
            rows = s.connection().execute(stmt.with_only_columns(*RECORD_COLUMNS)).all()
            return self._records(s, rows, mentions)

    def _no_jit_for_search(self, s: Session, f: EventFilter) -> None:
        """A search on PostgreSQL runs without JIT compilation (in its own transaction only):
        the planner cannot tell how many events the words' id sets hold, a frequent word's
        estimate crosses ``jit_above_cost`` and compiling then costs about a second (1M
        events, issue 10) for a statement that runs in one or two."""
        if f.search is not None and self._pg_search:
            s.connection().exec_driver_sql("SET LOCAL jit = off")

    def _unknown_actors(
        self, names: Iterable[str], when: date | None, keys_for: KeysFor
    ) -> list[str]:
        """The names (as given) that denote no stored actor: to explain an empty query."""
        with self._session() as s:
            return [n for n in names if not self._actor_ids_for(s, keys_for(n, when))]

    def _count(self, f: EventFilter | None, keys_for: KeysFor) -> int:
        with self._session() as s:
            f = f or EventFilter()
            self._no_jit_for_search(s, f)
            stmt = self._filtered(s, f, keys_for)
            if stmt is None:
                return 0
            return int(s.exec(select(func.count()).select_from(stmt.subquery())).one())

    @translated
    def stats(self) -> dict[str, Any]:
        """Counts for ``timeline stats``: events by type/status/origin, dates, documents."""
        with self._session() as s:
            by_type = dict(s.exec(select(Event.type, func.count()).group_by(col(Event.type))).all())
            # Status, origin, edited, undated and the date extent in ONE pass over the events
            # (a million-event store: one table scan instead of five).
            e = EVENT.c
            dated = e.start.is_not(None)
            groups = s.connection().execute(
                sa_select(
                    e.status, e.origin, e.edited, dated, func.count(), func.min(e.start),
                    func.max(e["end"]),
                ).group_by(e.status, e.origin, e.edited, dated)
            ).all()  # fmt: skip
            by_status: dict[str, int] = {}
            by_origin: dict[str, int] = {}
            n_events = undated = edited = 0
            first = last = None
            for status, origin, was_edited, has_date, n, lo, hi in groups:
                by_status[status] = by_status.get(status, 0) + n
                by_origin[origin] = by_origin.get(origin, 0) + n
                n_events += n
                undated += 0 if has_date else n
                edited += n if was_edited else 0
                first = lo if first is None or (lo is not None and lo < first) else first
                last = hi if last is None or (hi is not None and hi > last) else last
            conn = s.connection()
            return {
                "database": self.display,
                "schema_version": len(applied_migrations(conn)),
                "events": int(n_events),
                "undated": int(undated),
                "edited": int(edited),
                "first": first.isoformat() if first else None,
                "last": last.isoformat() if last else None,
                "by_type": {
                    k: {"label": cameo.label(k), "events": int(v)}
                    for k, v in sorted(by_type.items())
                },
                "by_status": {k: int(v) for k, v in sorted(by_status.items())},
                "by_origin": {k: int(v) for k, v in sorted(by_origin.items())},
                "documents": int(s.exec(select(func.count()).select_from(Document)).one()),
                "mentions": int(s.exec(select(func.count()).select_from(Mention)).one()),
                "actors": int(s.exec(select(func.count()).select_from(Actor)).one()),
            }


def _order(sort: str) -> list[Any]:
    """ORDER BY for ``EventFilter.sort``; undated events always come last by date."""
    if sort == "id":
        return [col(Event.id)]
    if sort == "-id":
        return [col(Event.id).desc()]
    if sort == "-date":
        return [col(Event.start).is_(None), col(Event.start).desc(), col(Event.id).desc()]
    if sort != "date":
        raise InputError(f"unknown sort {sort!r}: use date, -date, id or -id")
    return [col(Event.start).is_(None), col(Event.start), col(Event.id)]


def _cameo_condition(prefix: str) -> Any:
    """Events whose finer CAMEO code starts with ``prefix``, or whose root type is it."""
    cond = col(Event.cameo).startswith(prefix, autoescape=True)
    if len(prefix) == 2:
        return or_(cond, col(Event.type) == prefix)
    return cond


def _pair_condition(type_: str, code: str | None) -> Any:
    if code is None:
        return and_(col(Event.type) == type_, col(Event.cameo).is_(None))
    return and_(col(Event.type) == type_, col(Event.cameo) == code)
