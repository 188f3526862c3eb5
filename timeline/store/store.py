"""The event store: manual events, queries, actors, statistics and idempotent article ingest."""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    column,
    delete,
    func,
    inspect,
    or_,
    table,
    text,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, select

from timeline import cameo
from timeline.errors import InputError, NotFoundError, StoreError, TimelineError
from timeline.events.lexicon import resolve_actor
from timeline.events.types import ROLES, STATUSES, ActorRef, Article, ExtractedEvent
from timeline.store.db import (
    WRITE_OPTION,
    Target,
    check_sqlite_file,
    make_engine,
    parse_target,
    store_error,
)
from timeline.store.filters import EventFilter
from timeline.store.migrations import (
    FTS_TABLE,
    applied_migrations,
    apply_migrations,
    pending_migrations,
)
from timeline.store.models import Actor, ActorAlias, Document, Event, EventActor, Mention
from timeline.store.types import EventInput, EventUpdate, IngestResult
from timeline.textutil import fold

P = ParamSpec("P")
R = TypeVar("R")

_CHUNK = 500
_MAX_ID = 2**63 - 1  # ids are signed 64-bit integers in SQLite and PostgreSQL
_ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}
_WORD = re.compile(r"\w+", re.UNICODE)
_fts = table(FTS_TABLE, column("rowid"))

# Prebuilt ingest statements (compiled once per dialect, then served from SQLAlchemy's cache).
_DOCUMENT = Document.__table__  # type: ignore[attr-defined]
_EVENT = Event.__table__  # type: ignore[attr-defined]
_ACTOR = Actor.__table__  # type: ignore[attr-defined]
_ALIAS = ActorAlias.__table__  # type: ignore[attr-defined]
_EVENT_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
_MENTION = Mention.__table__  # type: ignore[attr-defined]
_SQL_DOC_BY_SHA = sa_select(_DOCUMENT.c.id).where(_DOCUMENT.c.sha256 == bindparam("sha"))
_ACTOR_MARK = (
    sa_select(func.max(_ACTOR.c.id)).scalar_subquery(),
    sa_select(func.max(_ALIAS.c.id)).scalar_subquery(),
)
_SQL_ACTOR_MARK = sa_select(*_ACTOR_MARK)
# The first statement of an ingest: is the document stored, and the actor cache's mark.
_SQL_DOC_AND_MARK = sa_select(_SQL_DOC_BY_SHA.scalar_subquery(), *_ACTOR_MARK)
_SQL_ACTOR_BY_FOLDED = (
    sa_select(_ACTOR.c.id, _ACTOR.c.kind, _ACTOR.c.country)
    .where(_ACTOR.c.folded == bindparam("key"))
    .order_by(_ACTOR.c.id)
    .limit(1)
)
_SQL_ACTOR_BY_ID = sa_select(_ACTOR.c.id, _ACTOR.c.kind, _ACTOR.c.country).where(
    _ACTOR.c.id == bindparam("actor_id")
)
_SQL_ACTORS_BY_ALIAS = (
    sa_select(_ALIAS.c.actor_id).where(_ALIAS.c.folded == bindparam("key")).distinct()
)
_SQL_ALIASES_OF = sa_select(_ALIAS.c.folded).where(_ALIAS.c.actor_id == bindparam("actor_id"))
_SQL_FILL_KIND = (
    update(_ACTOR)
    .where(_ACTOR.c.id == bindparam("actor_id"), _ACTOR.c.kind == "unknown")
    .values(kind=bindparam("new_kind"))
)
_SQL_FILL_COUNTRY = (
    update(_ACTOR)
    .where(_ACTOR.c.id == bindparam("actor_id"), _ACTOR.c.country.is_(None))
    .values(country=bindparam("new_country"))
)
_SQL_NARROW = (
    update(_EVENT)
    .where(_EVENT.c.id == bindparam("event_id"))
    .values(
        start=bindparam("new_start"),
        end=bindparam("new_end"),
        granularity=bindparam("new_granularity"),
        date_text=bindparam("new_date_text"),
        timex_value=bindparam("new_timex_value"),
        updated_at=bindparam("new_updated_at"),
    )
)
# Merge candidates with all their actors, in one query: same type, a shared actor and an
# overlapping interval (or undated). It starts from the shared actors' links (the covering
# index of m003), then the event by primary key, then its links. An event sharing several
# actors comes once per shared actor: the caller collects actor ids in a set.
_SHARED = _EVENT_ACTOR.alias("shared")
_MERGE_BASE = (
    sa_select(
        _EVENT.c.id,
        _EVENT.c.type,
        _EVENT.c.origin,
        _EVENT.c.edited,
        _EVENT.c.start,
        _EVENT.c.end,
        _EVENT_ACTOR.c.actor_id,
    )
    .select_from(_SHARED)
    .join(_EVENT, _EVENT.c.id == _SHARED.c.event_id)
    .join(_EVENT_ACTOR, _EVENT_ACTOR.c.event_id == _EVENT.c.id)
    .where(
        _SHARED.c.actor_id.in_(bindparam("actor_ids", expanding=True)),
        _EVENT.c.type.in_(bindparam("types", expanding=True)),
    )
)
_SQL_MERGE_UNDATED = _MERGE_BASE.where(_EVENT.c.start.is_(None))
_SQL_MERGE_DATED = _MERGE_BASE.where(
    _EVENT.c.start.is_not(None),
    _EVENT.c.start <= bindparam("hi"),
    _EVENT.c.end >= bindparam("lo"),
)
#: Events dated this many days apart are fetched as separate merge-candidate clusters.
_CLUSTER_GAP_DAYS = 31
_SQL_INSERT_EVENTS = _EVENT.insert().returning(_EVENT.c.id, sort_by_parameter_order=True)
# FTS5 exists on SQLite only (``_has_fts``): one row per event, rebuilt from the tables.
_SQL_FTS_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_SQL_FTS_INSERT = text(
    f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
    "SELECT e.id, e.summary, COALESCE((SELECT group_concat(NULLIF(m.sentence, ''), char(10)) "
    "FROM mention m WHERE m.event_id = e.id), ''), COALESCE(e.date_text, ''), "
    "COALESCE(e.location, '') FROM event e WHERE e.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Turn database exceptions raised inside a Store method into one-line StoreErrors."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except TimelineError:
            raise
        except SQLAlchemyError as exc:
            store: Store = args[0]  # type: ignore[assignment]
            raise store_error(exc, store.display) from None

    return wrapper


def fts_query(search: str) -> str | None:
    """A safe FTS5 query for user text: every word quoted, all required; None if no words.

    Words of four letters or more also match as prefixes ("sanction" finds "sanctions").
    Operators and quotes in the input are treated as plain text, never as FTS syntax.
    """
    words = _WORD.findall(search)
    if not words:
        return None
    return " ".join(f'"{w}"*' if len(w) >= 4 else f'"{w}"' for w in words)


def _check_status(status: str) -> str:
    s = status.strip().lower()
    if s not in STATUSES:
        raise InputError(f"unknown status {status!r}: use happened, planned or reported")
    return s


def _check_role(role: str) -> str:
    r = (role or "participant").strip().lower()
    if r not in ROLES:
        raise InputError(f"unknown actor role {role!r}: use source, target or participant")
    return r


class Store:
    """A timeline database. Use ``open_store``; close it (or use ``with``) when done."""

    def __init__(self, engine: Engine, target: Target) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._target = target
        self._has_fts = False
        # Ingest's actor cache: folded name -> actor, valid while _actor_mark is current.
        self._actor_cache: dict[str, _CachedActor] = {}
        self._actor_by_id: dict[int, _CachedActor] = {}
        self._alias_keys: set[str] = set()  # cached names found through an alias
        self._actor_mark: tuple[Any, ...] | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def display(self) -> str:
        return self._target.display

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, create: bool) -> None:
        with self._engine.connect() as conn:
            done = applied_migrations(conn)
            if not done and not create:
                raise StoreError(
                    f"{self.display} is not a timeline database; create one with "
                    "'timeline add' or 'timeline ingest'"
                )
            pending = pending_migrations(conn)
        if self._target.sqlite and self._target.path is not None:
            self._set_wal()
        if pending:
            apply_migrations(self._write_engine)
        with self._engine.connect() as conn:
            self._has_fts = conn.dialect.name == "sqlite" and _has_table(conn, FTS_TABLE)

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

    # -- actors ------------------------------------------------------------------------------

    def _actor_by_key(self, s: Session, key: str) -> Actor | None:
        if not key:
            return None
        actor = s.exec(select(Actor).where(Actor.folded == key).order_by(Actor.id)).first()
        if actor is not None:
            return actor
        ids = s.exec(select(ActorAlias.actor_id).where(ActorAlias.folded == key).distinct()).all()
        return s.get(Actor, ids[0]) if len(ids) == 1 else None

    def _upsert_actor(self, s: Session, ref: ActorRef, typed: str | None = None) -> Actor:
        """The stored actor for a canonical ref: found by folded name (or alias), else new.

        Fills in a kind/country the stored actor lacks and adds the ref's aliases (manual
        events; ingest has its own cached path, ``_ingest_actor``).
        """
        self._forget_actors()  # this session may change actors behind the ingest cache
        name = ref.name.strip()
        key = fold(name)
        if not key:
            raise InputError(f"not an actor name: {ref.name!r}")
        actor = self._actor_by_key(s, key)
        if actor is None:
            actor = Actor(name=name, folded=key, kind=ref.kind or "unknown", country=ref.country)
            s.add(actor)
            s.flush()
            have: set[str] = set()
        else:
            have = set(
                s.exec(select(ActorAlias.folded).where(ActorAlias.actor_id == actor.id)).all()
            )
        if actor.kind == "unknown" and ref.kind and ref.kind != "unknown":
            actor.kind = ref.kind
            s.add(actor)
        if actor.country is None and ref.country:
            actor.country = ref.country
            s.add(actor)
        for alias in (name, *ref.aliases, *([typed] if typed else [])):
            alias = (alias or "").strip()
            akey = fold(alias)
            if akey and akey not in have:
                s.add(ActorAlias(actor_id=actor.id, alias=alias, folded=akey))
                have.add(akey)
        return actor

    def _resolve_typed(self, s: Session, ref: ActorRef, when: date | None) -> Actor:
        """A user-typed name: the lexicon first, then an existing actor, else a new one."""
        canonical = resolve_actor(ref.name, when)
        if canonical is not None:
            return self._upsert_actor(s, canonical, typed=ref.name)
        existing = self._actor_by_key(s, fold(ref.name))
        if existing is not None:
            return existing
        return self._upsert_actor(s, ref)

    def _actor_ids_for(self, s: Session, name: str, when: date | None = None) -> set[int]:
        """Actors a query name denotes: canonical names and aliases, folded, via the lexicon
        (role phrases such as "the South Korean president" resolved at ``when``)."""
        keys = {fold(name)}
        # A name ("Moon") is resolved at any date; a role phrase needs ``when``.
        canonical = resolve_actor(name, when) or (resolve_actor(name, None) if when else None)
        if canonical is not None:
            keys.add(fold(canonical.name))
        keys.discard("")
        if not keys:
            return set()
        ids = set(s.exec(select(Actor.id).where(col(Actor.folded).in_(keys))).all())
        ids |= set(
            s.exec(select(ActorAlias.actor_id).where(col(ActorAlias.folded).in_(keys))).all()
        )
        return {i for i in ids if i is not None}

    def _set_actors(
        self, s: Session, event_id: int, actors: list[tuple[Actor, str]], replace: bool
    ) -> None:
        if replace:
            for link in s.exec(select(EventActor).where(EventActor.event_id == event_id)).all():
                s.delete(link)
            s.flush()
        have = set(s.exec(select(EventActor.actor_id).where(EventActor.event_id == event_id)).all())
        for actor, role in actors:
            if actor.id in have:
                continue
            s.add(EventActor(event_id=event_id, actor_id=actor.id, role=_check_role(role)))
            have.add(actor.id)

    # -- manual events -----------------------------------------------------------------------

    @_translated
    def add_event(self, data: EventInput) -> int:
        """Insert a manual event (names in ``data.actors`` are resolved); return its id."""
        type_ = cameo.validate_type(data.type)
        code = cameo.validate_cameo(data.cameo) if data.cameo else None
        if code and code[:2] != type_:
            raise InputError(f"CAMEO code {code} is not of type {type_}")
        status = _check_status(data.status)
        if data.origin not in ("manual", "extracted"):
            raise InputError(f"unknown origin {data.origin!r}: use manual or extracted")
        summary = data.summary.strip()
        if not summary:
            raise InputError("the event text is empty")
        iv = data.interval
        now = _now()
        with self._session(write=True) as s:
            ev = Event(
                type=type_,
                cameo=code,
                label=cameo.label(code or type_),
                summary=summary,
                status=status,
                origin=data.origin,
                confidence=data.confidence,
                start=iv.start if iv else None,
                end=iv.end if iv else None,
                granularity=iv.granularity if iv else None,
                date_text=(iv.text or None) if iv else None,
                timex_value=iv.value if iv else None,
                location=(data.location or "").strip() or None,
                location_folded=_place_key(data.location),
                source=(data.source or "").strip() or None,
                created_at=now,
                updated_at=now,
            )
            s.add(ev)
            s.flush()
            assert ev.id is not None
            when = iv.start if iv else None
            actors = [(self._resolve_typed(s, ref, when), ref.role) for ref in data.actors]
            self._set_actors(s, ev.id, actors, replace=False)
            s.add(
                Mention(
                    event_id=ev.id,
                    document_id=None,
                    sentence=summary,
                    date_text=ev.date_text,
                    timex_value=ev.timex_value,
                )
            )
            s.flush()
            self._fts_refresh(s.connection(), [ev.id])
            s.commit()
            return ev.id

    @_translated
    def update_event(self, event_id: int, update: EventUpdate) -> dict[str, Any]:
        """Apply a manual correction; the event is marked edited (re-ingest never touches it)."""
        type_ = cameo.validate_type(update.type) if update.type is not None else None
        status = _check_status(update.status) if update.status is not None else None
        with self._session(write=True) as s:
            ev = self._get(s, event_id)
            if type_ is not None:
                ev.type = type_
            if update.cameo is not None:
                ev.cameo = cameo.validate_cameo(update.cameo) if update.cameo.strip() else None
            if ev.cameo and ev.cameo[:2] != ev.type:
                if update.cameo:
                    raise InputError(f"CAMEO code {ev.cameo} is not of type {ev.type}")
                ev.cameo = None  # the type changed: the finer code no longer applies
            ev.label = cameo.label(ev.cameo or ev.type)
            if update.summary is not None:
                if not update.summary.strip():
                    raise InputError("the event text is empty")
                ev.summary = update.summary.strip()
            if status is not None:
                ev.status = status
            if update.undated:
                ev.start = ev.end = ev.granularity = ev.date_text = ev.timex_value = None
            elif update.interval is not None:
                iv = update.interval
                ev.start, ev.end, ev.granularity = iv.start, iv.end, iv.granularity
                ev.date_text, ev.timex_value = iv.text or None, iv.value
            if update.location is not None:
                ev.location = update.location.strip() or None
                ev.location_folded = _place_key(ev.location)
            if update.source is not None:
                ev.source = update.source.strip() or None
            if update.confidence is not None:
                if not 0.0 <= update.confidence <= 1.0:
                    raise InputError("confidence must be between 0 and 1")
                ev.confidence = update.confidence
            if update.actors is not None:
                actors = [
                    (self._resolve_typed(s, ref, ev.start), ref.role) for ref in update.actors
                ]
                self._set_actors(s, event_id, actors, replace=True)
            ev.edited = True
            ev.updated_at = _now()
            s.add(ev)
            s.flush()
            self._fts_refresh(s.connection(), [event_id])
            s.commit()
            return self._dicts(s, [ev])[0]

    @_translated
    def delete_event(self, event_id: int) -> None:
        with self._session(write=True) as s:
            ev = self._get(s, event_id)
            s.delete(ev)
            s.flush()
            # Explicit, for databases without ON DELETE CASCADE enforcement.
            for model in (EventActor, Mention):
                s.exec(delete(model).where(col(model.event_id) == event_id))  # type: ignore[call-overload]
            if self._has_fts:
                s.connection().execute(
                    text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": event_id}
                )
            s.commit()

    def _get(self, s: Session, event_id: int) -> Event:
        if not 1 <= event_id <= _MAX_ID:  # beyond 64 bits the driver would overflow
            raise NotFoundError(f"no event with id {event_id}")
        ev = s.get(Event, event_id)
        if ev is None:
            raise NotFoundError(f"no event with id {event_id}")
        return ev

    @_translated
    def get_event(self, event_id: int) -> dict[str, Any]:
        with self._session() as s:
            return self._dicts(s, [self._get(s, event_id)])[0]

    # -- queries -----------------------------------------------------------------------------

    def _filtered(self, s: Session, f: EventFilter) -> Select[Any] | None:
        stmt = select(Event)
        if f.date_from is not None or f.date_to is not None:
            stmt = stmt.where(col(Event.start).is_not(None))
            if f.date_from is not None:
                stmt = stmt.where(col(Event.end) >= f.date_from)
            if f.date_to is not None:
                stmt = stmt.where(col(Event.start) <= f.date_to)
        elif not f.include_undated:
            stmt = stmt.where(col(Event.start).is_not(None))
        if f.types:
            stmt = stmt.where(col(Event.type).in_([cameo.validate_type(t) for t in f.types]))
        if f.status:
            stmt = stmt.where(col(Event.status).in_([_check_status(x) for x in f.status]))
        if f.origin:
            stmt = stmt.where(Event.origin == f.origin)
        if f.location is not None:
            if not _place_key(f.location):
                return None
            stmt = stmt.where(
                col(Event.location_folded).contains(_place_key(f.location), autoescape=True)
            )
        for name in f.actors:
            ids = self._actor_ids_for(s, name, f.actor_date())
            if not ids:
                return None
            stmt = stmt.where(
                col(Event.id).in_(
                    select(EventActor.event_id).where(col(EventActor.actor_id).in_(ids))
                )
            )
        if f.search is not None:
            cond = self._search_condition(f.search)
            if cond is None:
                return None
            stmt = stmt.where(cond)
        return stmt

    def _search_condition(self, search: str) -> Any | None:
        if self._has_fts:
            q = fts_query(search)
            if q is None:
                return None
            matching = select(_fts.c.rowid).where(
                text(f"{FTS_TABLE} MATCH :fts_q").bindparams(fts_q=q)
            )
            return col(Event.id).in_(matching)
        words = _WORD.findall(search)
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

    @_translated
    def query(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events matching ``f``, sorted by start date (undated last), then id."""
        f = f or EventFilter()
        if f.date_from and f.date_to and f.date_from > f.date_to:
            raise InputError(f"the date range starts after it ends: {f.date_from} > {f.date_to}")
        with self._session() as s:
            stmt = self._filtered(s, f)
            if stmt is None:
                return []
            stmt = stmt.order_by(col(Event.start).is_(None), col(Event.start), col(Event.id))
            if f.limit is not None:
                stmt = stmt.limit(f.limit)
            events = list(s.exec(stmt).all())
            return self._dicts(s, events)

    @_translated
    def unknown_actors(self, names: Iterable[str], when: date | None = None) -> list[str]:
        """The names (as given) that denote no stored actor: to explain an empty query."""
        with self._session() as s:
            return [n for n in names if not self._actor_ids_for(s, n, when)]

    @_translated
    def count(self, f: EventFilter | None = None) -> int:
        with self._session() as s:
            stmt = self._filtered(s, f or EventFilter())
            if stmt is None:
                return 0
            return int(s.exec(select(func.count()).select_from(stmt.subquery())).one())

    def _dicts(self, s: Session, events: Sequence[Event]) -> list[dict[str, Any]]:
        """Events as DESIGN.md JSON dicts, with actors and mentions loaded in batches."""
        ids = [e.id for e in events if e.id is not None]
        actors: dict[int, list[dict[str, Any]]] = defaultdict(list)
        mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        sources = {e.id: e.source for e in events}
        for chunk in _chunks(ids):
            rows = s.exec(
                select(EventActor.event_id, EventActor.role, Actor.name, Actor.country)
                .join(Actor, col(Actor.id) == col(EventActor.actor_id))
                .where(col(EventActor.event_id).in_(chunk))
            ).all()
            for event_id, role, name, country in rows:
                actors[event_id].append({"name": name, "role": role, "country": country})
            mrows = s.exec(
                select(
                    Mention.event_id,
                    Mention.sentence,
                    Mention.document_id,
                    Document.doc_id,
                    Document.title,
                    Document.url,
                    Document.source,
                    Document.published,
                )
                .outerjoin(Document, col(Document.id) == col(Mention.document_id))
                .where(col(Mention.event_id).in_(chunk))
                .order_by(col(Mention.id))
            ).all()
            for event_id, sentence, doc_key, doc_id, title, url, source, published in mrows:
                has_doc = doc_key is not None
                name = doc_id or title or url or f"document {doc_key}"
                mentions[event_id].append(
                    {
                        "document": name if has_doc else None,
                        "source": source if has_doc else sources.get(event_id),
                        "published": published.isoformat() if has_doc and published else None,
                        "sentence": sentence,
                    }
                )
        out = []
        for e in events:
            assert e.id is not None
            code = e.cameo or e.type
            out.append(
                {
                    "id": e.id,
                    "type": e.type,
                    "cameo": e.cameo,
                    "plover": cameo.plover(code),
                    "label": e.label or cameo.label(code),
                    "summary": e.summary,
                    "status": e.status,
                    "start": e.start.isoformat() if e.start else None,
                    "end": e.end.isoformat() if e.end else None,
                    "granularity": e.granularity,
                    "date_text": e.date_text,
                    "actors": sorted(
                        actors[e.id], key=lambda a: (_ROLE_ORDER.get(a["role"], 9), a["name"])
                    ),
                    "location": e.location,
                    "confidence": e.confidence,
                    "origin": e.origin,
                    "mentions": mentions[e.id],
                    "edited": e.edited,
                    "undated": e.start is None,
                }
            )
        return out

    @_translated
    def actors(self, search: str | None = None) -> list[dict[str, Any]]:
        """Actors (name, kind, country, aliases, events), most events first."""
        with self._session() as s:
            counts = (
                select(EventActor.actor_id, func.count().label("n"))
                .group_by(col(EventActor.actor_id))
                .subquery()
            )
            stmt = select(Actor, func.coalesce(counts.c.n, 0)).outerjoin(
                counts, counts.c.actor_id == col(Actor.id)
            )
            if search is not None and search.strip():
                # Folded keys ("kim jong un") for words; a search with no letters or digits
                # ("%", "_", "\\") matches the names as typed. LIKE wildcards are always
                # escaped: a "%" is a percent sign, never "anything".
                key = fold(search)
                name_col, alias_col, needle = (
                    (Actor.folded, ActorAlias.folded, key)
                    if key
                    else (Actor.name, ActorAlias.alias, search.strip())
                )
                by_alias = select(ActorAlias.actor_id).where(
                    col(alias_col).contains(needle, autoescape=True)
                )
                stmt = stmt.where(
                    or_(
                        col(name_col).contains(needle, autoescape=True),
                        col(Actor.id).in_(by_alias),
                    )
                )
            rows = s.exec(stmt).all()
            aliases: dict[int, list[str]] = defaultdict(list)
            ids = [a.id for a, _ in rows if a.id is not None]
            for chunk in _chunks(ids):
                for actor_id, alias in s.exec(
                    select(ActorAlias.actor_id, ActorAlias.alias)
                    .where(col(ActorAlias.actor_id).in_(chunk))
                    .order_by(col(ActorAlias.id))
                ).all():
                    aliases[actor_id].append(alias)
            out = [
                {
                    "name": a.name,
                    "kind": a.kind,
                    "country": a.country,
                    "aliases": [x for x in aliases[a.id or 0] if x != a.name],
                    "events": int(n),
                }
                for a, n in rows
            ]
            out.sort(key=lambda r: (-r["events"], r["name"].casefold()))
            return out

    @_translated
    def stats(self) -> dict[str, Any]:
        """Counts for ``timeline stats``: events by type/status/origin, dates, documents."""
        with self._session() as s:
            n_events = s.exec(select(func.count()).select_from(Event)).one()
            by_type = dict(s.exec(select(Event.type, func.count()).group_by(col(Event.type))).all())
            by_status = dict(
                s.exec(select(Event.status, func.count()).group_by(col(Event.status))).all()
            )
            by_origin = dict(
                s.exec(select(Event.origin, func.count()).group_by(col(Event.origin))).all()
            )
            first, last = s.exec(select(func.min(Event.start), func.max(Event.end))).one()
            undated = s.exec(
                select(func.count()).select_from(Event).where(col(Event.start).is_(None))
            ).one()
            edited = s.exec(
                select(func.count()).select_from(Event).where(col(Event.edited).is_(True))
            ).one()
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

    # -- ingest ------------------------------------------------------------------------------
    #
    # Ingest is the hot path (thousands of articles per run), so it speaks SQLAlchemy Core on
    # one connection: prebuilt statements (compiled once, then cached), one indexed query per
    # event for merge candidates, executemany for links, aliases, mentions and FTS rows, and a
    # per-Store cache of actors. The SQL is portable; nothing here is SQLite-only.

    def _forget_actors(self) -> None:
        """Drop the actor cache (after a rollback, or when another writer added actors)."""
        self._actor_cache.clear()
        self._actor_by_id.clear()
        self._alias_keys.clear()
        self._actor_mark = None

    def _check_actor_cache(self, mark: tuple[Any, ...]) -> None:
        """Keep the actor cache only if no actor or alias was added since it was filled.

        Actors and aliases are only ever added (ids grow), so the two maxima (read in the
        article's first query, inside its transaction) tell whether another process or
        session wrote some. On SQLite the writer holds the lock from BEGIN, so the mark read
        after an article's own inserts is exact; on a server database a concurrent writer's
        actor committed meanwhile can make one later article fail with a one-line StoreError
        (the cache is then dropped, and a rerun skips what is stored).
        """
        if mark != self._actor_mark:
            self._forget_actors()
            self._actor_mark = mark

    @_translated
    def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> IngestResult:
        """Store one article and its events in ONE transaction (all or nothing).

        The same content (sha256 of the text with normalised line endings) is skipped. An event
        matching a stored one (same type, a shared actor, overlapping dates; undated only with
        undated sharing all actors) becomes a new mention of it; manual and edited events are
        never changed.
        """
        body = article.text.replace("\r\n", "\n").replace("\r", "\n")
        sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
        try:
            with self._write_engine.begin() as conn:
                existing, *mark = conn.execute(_SQL_DOC_AND_MARK, {"sha": sha}).one()
                if existing is not None:
                    return IngestResult(existing, skipped=True)
                self._check_actor_cache(tuple(mark))
                doc_id = conn.execute(
                    _DOCUMENT.insert(),
                    {
                        "sha256": sha,
                        "source": article.source,
                        "url": article.url,
                        "title": article.title,
                        "published": article.published,
                        "text": body,
                        "doc_id": article.doc_id,
                        "ingested_at": _now(),
                    },
                ).inserted_primary_key[0]
                cache = _IngestCache()
                new, merged, touched = self._ingest_events(conn, doc_id, events, cache)
                self._fts_refresh(conn, touched, stale=touched - cache.new_events)
                if cache.wrote_actors:
                    self._actor_mark = tuple(conn.execute(_SQL_ACTOR_MARK).one())
            return IngestResult(doc_id, new, merged, False)
        except IntegrityError:
            # Another process stored the same document meanwhile: report it as skipped.
            self._forget_actors()
            with self._engine.connect() as conn:
                existing = conn.execute(_SQL_DOC_BY_SHA, {"sha": sha}).first()
            if existing is None:
                raise
            return IngestResult(existing[0], skipped=True)
        except BaseException:
            self._forget_actors()  # the transaction rolled back: so did the cached actors
            raise

    def _ingest_events(
        self, conn: Connection, doc_id: int, events: list[ExtractedEvent], cache: _IngestCache
    ) -> tuple[int, int, set[int]]:
        """Merge each event into a matching one or add it: (new events, merged mentions, ids).

        Equivalent to handling the events one by one against the database, in fewer
        statements: the candidates of all events are read up front (one query per cluster of
        nearby dates), matching runs in memory against them and the events added or changed
        earlier in the article, then new events, links, date narrowing and mentions are
        written in batches.
        """
        prepared = [self._prepare_event(conn, ev, cache) for ev in events]
        pool = self._merge_candidates(conn, prepared)
        new_rows: list[dict[str, Any]] = []  # the new events, provisional id -(i + 1)
        links: list[dict[str, Any]] = []
        narrowed: dict[int, dict[str, Any]] = {}
        new = merged = 0
        touched: set[int] = set()
        for p in prepared:
            target = _best_candidate(pool, p) if p.linked else None
            if target is None:
                event_id = -(len(new_rows) + 1)
                now = _now()
                new_rows.append(
                    {
                        "type": p.type,
                        "cameo": p.code,
                        "label": p.ev.label or cameo.label(p.code or p.type),
                        "summary": p.ev.summary.strip() or p.ev.sentence.strip()[:200],
                        "status": p.status,
                        "origin": "extracted",
                        "edited": False,
                        "confidence": p.ev.confidence,
                        "start": p.start,
                        "end": p.end,
                        "granularity": (p.ev.granularity or "day") if p.start else None,
                        "date_text": p.ev.date_text if p.start else None,
                        "timex_value": p.ev.timex_value if p.start else None,
                        "location": p.ev.location,
                        "location_folded": _place_key(p.ev.location),
                        "source": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                cand = _Candidate(event_id, p.type, "extracted", False, p.start, p.end, set())
                pool.append(cand)
                _link_actors(links, cand, p.linked)
                self._add_mention(conn, event_id, doc_id, p.ev, cache)
                touched.add(event_id)
                new += 1
                continue
            if target.origin == "extracted" and not target.edited:
                _link_actors(links, target, p.linked)
                if _narrower(p.start, p.end, target):
                    target.start, target.end = p.start, p.end
                    change = {
                        "start": p.start,
                        "end": p.end,
                        "granularity": p.ev.granularity or "day",
                        "date_text": p.ev.date_text,
                        "timex_value": p.ev.timex_value,
                        "updated_at": _now(),
                    }
                    if target.id < 0:
                        new_rows[-target.id - 1].update(change)
                    else:
                        narrowed[target.id] = change
            merged += self._add_mention(conn, target.id, doc_id, p.ev, cache)
            touched.add(target.id)
        ids: dict[int, int] = {}
        if new_rows:
            # RETURNING in parameter order (SQLAlchemy's "insertmanyvalues"; one-by-one where
            # a database cannot guarantee the order).
            result = conn.execute(_SQL_INSERT_EVENTS, new_rows)
            real = list(result.scalars())
            if len(real) != len(new_rows):  # pragma: no cover - a driver bug
                raise StoreError("the database did not return the ids of the new events")
            ids = {-(i + 1): event_id for i, event_id in enumerate(real)}
            cache.new_events.update(real)
        if links:
            for row in links:
                row["event_id"] = ids.get(row["event_id"], row["event_id"])
            conn.execute(_EVENT_ACTOR.insert(), links)
        if narrowed:
            conn.execute(
                _SQL_NARROW,
                [
                    {"event_id": k, **{f"new_{c}": v for c, v in ch.items()}}
                    for k, ch in narrowed.items()
                ],
            )
        if cache.mention_rows:
            for row in cache.mention_rows:
                row["event_id"] = ids.get(row["event_id"], row["event_id"])
            conn.execute(_MENTION.insert(), cache.mention_rows)
        return new, merged, {ids.get(i, i) for i in touched}

    def _prepare_event(
        self, conn: Connection, ev: ExtractedEvent, cache: _IngestCache
    ) -> _Prepared:
        """Validate an extracted event and resolve its actors (id -> first role)."""
        type_ = _valid_type(ev.type)
        code = _valid_cameo(ev.cameo) if ev.cameo else None
        status = _check_status(ev.status)
        start = ev.start
        end = ev.end or ev.start
        if start is not None and end is not None and end < start:
            raise InputError(f"event interval ends before it starts: {start} > {end}")
        linked: dict[int, str] = {}
        for ref in ev.actors:
            linked.setdefault(self._ingest_actor(conn, ref, cache), ref.role)
        return _Prepared(ev, type_, code, status, start, end, linked)

    def _ingest_actor(self, conn: Connection, ref: ActorRef, cache: _IngestCache) -> int:
        """The id of the stored actor for a canonical ref (found by folded name or alias,
        else new), filling in a kind/country it lacks and adding the ref's aliases."""
        name = ref.name.strip()
        key = _fold(name)
        if not key:
            raise InputError(f"not an actor name: {ref.name!r}")
        entry = self._actor_cache.get(key)
        if entry is None:
            entry = self._load_actor(conn, key)
            if entry is None:
                kind = ref.kind or "unknown"
                actor_id = conn.execute(
                    _ACTOR.insert(),
                    {"name": name, "folded": key, "kind": kind, "country": ref.country},
                ).inserted_primary_key[0]
                entry = _CachedActor(actor_id, kind, ref.country, set())
                self._actor_by_id[actor_id] = entry
                cache.wrote_actors = True
            self._actor_cache[key] = entry
        if entry.kind == "unknown" and ref.kind and ref.kind != "unknown":
            conn.execute(_SQL_FILL_KIND, {"actor_id": entry.id, "new_kind": ref.kind})
            entry.kind = ref.kind
        if entry.country is None and ref.country:
            conn.execute(_SQL_FILL_COUNTRY, {"actor_id": entry.id, "new_country": ref.country})
            entry.country = ref.country
        names = (name, ref.aliases)
        if names in entry.seen:  # every one of these names is a stored alias already
            return entry.id
        rows = []
        for alias in (name, *ref.aliases):
            alias = (alias or "").strip()
            akey = _fold(alias)
            if akey and akey not in entry.aliases:
                rows.append({"actor_id": entry.id, "alias": alias, "folded": akey})
                entry.aliases.add(akey)
                if akey in self._alias_keys:
                    # A name found through one actor's alias may now be ambiguous.
                    self._alias_keys.discard(akey)
                    self._actor_cache.pop(akey, None)
        if rows:
            conn.execute(_ALIAS.insert(), rows)
            cache.wrote_actors = True
        entry.seen.add(names)
        return entry.id

    def _load_actor(self, conn: Connection, key: str) -> _CachedActor | None:
        """The stored actor whose folded name (else only alias) is ``key``, with its aliases."""
        row = conn.execute(_SQL_ACTOR_BY_FOLDED, {"key": key}).first()
        if row is None:
            ids = conn.execute(_SQL_ACTORS_BY_ALIAS, {"key": key}).scalars().all()
            if len(ids) != 1:
                return None
            row = conn.execute(_SQL_ACTOR_BY_ID, {"actor_id": ids[0]}).first()
            if row is None:
                return None
            self._alias_keys.add(key)
        actor_id, kind, country = row
        entry = self._actor_by_id.get(actor_id)
        if entry is None:
            aliases = set(conn.execute(_SQL_ALIASES_OF, {"actor_id": actor_id}).scalars())
            entry = _CachedActor(actor_id, kind, country, aliases)
            self._actor_by_id[actor_id] = entry
        return entry

    def _merge_candidates(self, conn: Connection, prepared: list[_Prepared]) -> list[_Candidate]:
        """The stored events any of these may merge into, with all their actors.

        A superset, read with one query per cluster of nearby dates (plus one for undated
        events): same type, a shared actor and an overlapping interval (or undated).
        """
        groups: list[tuple[dict[str, Any], list[_Prepared]]] = []
        undated = [p for p in prepared if p.linked and p.start is None]
        if undated:
            groups.append(({}, undated))
        dated = sorted((p for p in prepared if p.linked and p.start is not None),
                       key=lambda p: p.start)  # type: ignore[arg-type,return-value]  # fmt: skip
        cluster: list[_Prepared] = []
        hi: date | None = None
        for p in dated:
            assert p.start is not None and p.end is not None
            if cluster and hi is not None and (p.start - hi).days > _CLUSTER_GAP_DAYS:
                groups.append(({"lo": cluster[0].start, "hi": hi}, cluster))
                cluster, hi = [], None
            cluster.append(p)
            hi = p.end if hi is None else max(hi, p.end)
        if cluster:
            groups.append(({"lo": cluster[0].start, "hi": hi}, cluster))
        found: dict[int, _Candidate] = {}
        for params, group in groups:
            params["types"] = sorted({p.type for p in group})
            params["actor_ids"] = sorted({a for p in group for a in p.linked})
            stmt = _SQL_MERGE_DATED if "lo" in params else _SQL_MERGE_UNDATED
            for event_id, type_, origin, edited, start, end, actor_id in conn.execute(stmt, params):
                cand = found.get(event_id)
                if cand is None:
                    cand = found[event_id] = _Candidate(
                        event_id, type_, origin, bool(edited), start, end, set()
                    )
                cand.actors.add(actor_id)
        return sorted(found.values(), key=lambda c: c.id)

    def _add_mention(
        self, conn: Connection, event_id: int, doc_id: int, ev: ExtractedEvent,
        cache: _IngestCache,
    ) -> bool:  # fmt: skip
        """Queue the mention (written in one batch); False if this sentence already has it."""
        # The document is new in this transaction: only this call can have mentioned it.
        key = (event_id, ev.sentence_start)
        if key in cache.mentions:
            return False
        cache.mentions.add(key)
        cache.mention_rows.append(
            {
                "event_id": event_id,
                "document_id": doc_id,
                "sentence": ev.sentence,
                "sentence_start": ev.sentence_start,
                "sentence_end": ev.sentence_end,
                "date_text": ev.date_text,
                "timex_value": ev.timex_value,
            }
        )
        return True

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
        for chunk in _chunks(id_list):
            delete_ids = [i for i in chunk if i in old]
            if delete_ids:
                conn.execute(_SQL_FTS_DELETE, {"ids": delete_ids})
            conn.execute(_SQL_FTS_INSERT, {"ids": list(chunk)})


@dataclass(slots=True)
class _CachedActor:
    """A stored actor as ingest needs it: id, kind, country and its folded aliases."""

    id: int
    kind: str
    country: str | None
    aliases: set[str]
    seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)  # (name, aliases) done


@dataclass(slots=True)
class _Candidate:
    """An event an extracted one may merge into (id < 0: new in this article, not written
    yet), with all its actor ids."""

    id: int
    type: str
    origin: str
    edited: bool
    start: date | None
    end: date | None
    actors: set[int]

    def order(self) -> tuple[int, int]:
        """Database id order: new events get ids above all stored ones, in creation order."""
        return (0, self.id) if self.id > 0 else (1, -self.id)


@dataclass(slots=True)
class _Prepared:
    """An extracted event, validated, with its resolved actors (id -> role)."""

    ev: ExtractedEvent
    type: str
    code: str | None
    status: str
    start: date | None
    end: date | None
    linked: dict[int, str]


@dataclass(slots=True)
class _IngestCache:
    """What one ingest transaction has already written or queued."""

    mentions: set[tuple[int, int]] = field(default_factory=set)
    mention_rows: list[dict[str, Any]] = field(default_factory=list)
    new_events: set[int] = field(default_factory=set)
    wrote_actors: bool = False  # new actors or aliases: the cache mark must be re-read


def _best_candidate(pool: list[_Candidate], p: _Prepared) -> _Candidate | None:
    """The merge rule: same type, a shared actor, overlapping dates (undated: undated with
    exactly the same actors); most shared actors first, then the narrowest, then the oldest."""
    actor_ids = p.linked.keys()
    best: _Candidate | None = None
    best_key: tuple[int, int, tuple[int, int]] | None = None
    for c in pool:
        if c.type != p.type:
            continue
        shared = len(c.actors & actor_ids)
        if not shared:
            continue
        if p.start is None:
            if c.start is not None or c.actors != actor_ids:
                continue
        elif c.start is None or c.end is None or c.start > p.end or c.end < p.start:  # type: ignore[operator]
            continue
        span = (c.end - c.start).days if c.start and c.end else 0
        key = (-shared, span, c.order())
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def _link_actors(links: list[dict[str, Any]], event: _Candidate, linked: dict[int, str]) -> None:
    """Queue links for the actors (id -> role) the event does not have yet."""
    for actor_id, role in linked.items():
        if actor_id not in event.actors:
            links.append({"event_id": event.id, "actor_id": actor_id, "role": _check_role(role)})
            event.actors.add(actor_id)


_fold = functools.lru_cache(maxsize=1 << 16)(fold)  # ingest folds the same names again and again
_VALID_TYPES: dict[str, str] = {}
_VALID_CAMEO: dict[str, str] = {}


def _valid_type(code: str) -> str:
    """``cameo.validate_type``, remembered (ingest validates every event)."""
    hit = _VALID_TYPES.get(code)
    if hit is None:
        hit = _VALID_TYPES[code] = cameo.validate_type(code)
    return hit


def _valid_cameo(code: str) -> str:
    hit = _VALID_CAMEO.get(code)
    if hit is None:
        hit = _VALID_CAMEO[code] = cameo.validate_cameo(code)
    return hit


def _place_key(place: str | None) -> str | None:
    """Folded place name without spaces: "Washington, D.C." and "washington dc" match."""
    key = fold(place or "").replace(" ", "")
    return key or None


def _narrower(start: date | None, end: date | None, target: _Candidate) -> bool:
    """True when [start, end] lies inside the target's interval and is strictly shorter."""
    if start is None or end is None or target.start is None or target.end is None:
        return False
    inside = target.start <= start and end <= target.end
    return inside and (end - start) < (target.end - target.start)


def _has_table(conn: Connection, name: str) -> bool:
    return inspect(conn).has_table(name)


def open_store(url_or_path: str, create: bool = True) -> Store:
    """Open (and migrate) the store at a SQLite path or SQLAlchemy URL.

    ``create=False`` (read commands) refuses a missing SQLite file instead of creating it.
    """
    target = parse_target(url_or_path)
    is_new = check_sqlite_file(target, create)
    engine = make_engine(target)
    store = Store(engine, target)
    try:
        store._open(create)
    except TimelineError:
        engine.dispose()
        raise
    except (SQLAlchemyError, sqlite3.Error) as exc:  # sqlite3: the raw WAL switch
        engine.dispose()
        if is_new and target.path is not None:
            _remove_quietly(target.path)
        raise store_error(exc, target.display) from None
    return store


def _remove_quietly(path: Any) -> None:
    try:
        if path.exists() and path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


__all__ = ["Store", "fts_query", "open_store"]
