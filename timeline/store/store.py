"""The ``Store`` facade: one object over the store's parts, and actor resolution before them.

The parts, one responsibility each (see ``timeline.store.common``):

* ``timeline.store.actors``  - the actor registry (lookup, upsert, aliases, ingest's cache);
* ``timeline.store.events``  - manual event CRUD and the typed ``EventRecord``s returned;
* ``timeline.store.queries`` - the event filter, full-text search, counts, statistics;
* ``timeline.store.ingest``  - one transaction per article, merging extracted events;
* ``timeline.store.edits``   - a person's merges and splits, and every merge's evidence.

User-typed actor names (``add``/``edit``, ``query --actor``) are resolved against the lexicon
here, before the parts see them: the parts only know stored actors and folded keys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from timeline.errors import TimelineError
from timeline.events.lexicon import actor_code_rule, resolve_actor
from timeline.events.types import ActorRef
from timeline.records import EventRecord
from timeline.store.actors import ActorChoice
from timeline.store.common import translated
from timeline.store.db import check_sqlite_file, make_engine, parse_target, store_error
from timeline.store.edits import EditStore
from timeline.store.filters import EventFilter
from timeline.store.ingest import IngestStore
from timeline.store.migrations import store_id as migration_store_id
from timeline.store.models import Actor
from timeline.store.names import country_name, query_keys
from timeline.store.queries import QueryStore, fts_query
from timeline.store.types import EventInput, EventUpdate
from timeline.textutil import fold


def choose_actor(ref: ActorRef, when: date | None) -> ActorChoice:
    """A user-typed actor and its canonical lexicon actor at ``when`` (None if unknown), with
    the CAMEO code the lexicon gives it on that date and the rule that resolved it."""
    canonical = resolve_actor(ref.name, when)
    if canonical is not None:
        canonical.code, code_rule = actor_code_rule(canonical, when)
        canonical.rule = "manual.lexicon"
        canonical.evidence = f"typed {ref.name!r} = {canonical.name}; code by {code_rule}"
    return ActorChoice(ref, canonical)


def _with_countries(f: EventFilter | None) -> EventFilter | None:
    if f is None or not f.countries:
        return f
    return replace(f, countries=[country_name(c) for c in f.countries])


class Store(QueryStore, IngestStore, EditStore):
    """A timeline database. Use ``open_store``; close it (or use ``with``) when done."""

    @translated
    def add_event(self, data: EventInput) -> int:
        """Insert a manual event (names in ``data.actors`` are resolved); return its id."""
        return self._add_event(data, choose_actor)

    @translated
    def update_event(self, event_id: int, update: EventUpdate) -> EventRecord:
        """Apply a manual correction; the event is marked edited (re-ingest never touches it)."""
        return self._update_event(event_id, update, choose_actor)

    @translated
    def apply_import(self, plan: Sequence[tuple[int | None, EventInput | EventUpdate]]) -> None:
        """Apply ``timeline.store.importer.plan_import``'s changes in one transaction: new
        events (id None) and updates; on any error nothing is stored."""
        with self._session(write=True) as s:
            for event_id, change in plan:
                if event_id is None:
                    assert isinstance(change, EventInput)
                    self._insert_event(s, change, choose_actor)
                else:
                    assert isinstance(change, EventUpdate)
                    self._apply_update(s, event_id, change, choose_actor)
            s.commit()

    @translated
    def query(self, f: EventFilter | None = None, mentions: bool = True) -> list[EventRecord]:
        """Events matching ``f``, sorted by ``f.sort`` (date: undated last, then id).

        ``mentions=False``: the records' ``mentions`` are left empty and not read (a listing
        that shows none, such as ``timeline query``'s table, saves reading every sentence).
        """
        return self._query(_with_countries(f), query_keys, mentions)

    @translated
    def count(self, f: EventFilter | None = None) -> int:
        return self._count(_with_countries(f), query_keys)

    @translated
    def store_id(self) -> str:
        """A short id of this database, the same for every copy of it and different for any
        other (derived from when its schema was created): it scopes ICS UIDs and exported
        rows, so events of two databases never collide and an import knows its own rows."""
        with self.engine.connect() as conn:
            return migration_store_id(conn)

    @translated
    def actor_country(self, name: str, when: date | None = None) -> tuple[bool, str | None]:
        """What a typed actor name would be linked to by ``add``/``edit``/``import``:
        ``(True, its country)`` for an actor this database or the lexicon knows (its country
        is the actor's, not the typist's), ``(False, None)`` for a new one."""
        choice = choose_actor(ActorRef(name), when)
        with self._session() as s:
            if choice.canonical is not None:
                actor = self._actor_by_key(s, fold(choice.canonical.name))
                stored = actor.country if actor is not None else None
                return True, stored or choice.canonical.country
            actor = self._actor_by_key(s, fold(name))
            return (True, actor.country) if actor is not None else (False, None)

    @translated
    def chosen_actors(self, f: EventFilter) -> list[str]:
        """The canonical names of the stored actors that ``f``'s ``--actor`` and ``--country``
        terms select, resolved exactly as :meth:`query` resolves them (names and aliases,
        "Pyongyang"; role phrases at ``f.actor_date()``, "the North Korean leader"; a country
        and every actor of it, its officials): the lanes of an actor-filtered chart."""
        countries = [country_name(c) for c in f.countries]
        with self._session() as s:
            ids: set[int] = set()
            for name in f.actors:
                ids |= self._actor_ids_for(s, query_keys(name, f.actor_date()))
            for country in countries:
                ids |= self._country_actor_ids(s, country)
            if not ids:
                return []
            names = s.exec(select(Actor.name).where(col(Actor.id).in_(ids))).all()
            return sorted(names)

    @translated
    def unknown_actors(self, names: Iterable[str], when: date | None = None) -> list[str]:
        """The names (as given) that denote no stored actor: to explain an empty query."""
        return self._unknown_actors(names, when, query_keys)


def open_store(url_or_path: str, create: bool = True, readonly: bool = False) -> Store:
    """Open (and migrate) the store at a SQLite path or SQLAlchemy URL.

    ``create=False`` refuses a missing SQLite file instead of creating it. ``readonly`` (read
    commands; implies ``create=False``) opens a SQLite file read-only and changes nothing in
    it, not even its journal mode: a 0444 file or one in a read-only directory can be read.
    A database with tables of another application is refused.
    """
    create = create and not readonly
    target = parse_target(url_or_path)
    is_new = check_sqlite_file(target, create)
    engine = make_engine(target, readonly=readonly)
    store = Store(engine, target)
    try:
        store._open(create, readonly)
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


__all__ = ["Store", "choose_actor", "fts_query", "open_store", "query_keys"]
