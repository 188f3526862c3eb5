"""The actor registry: canonical actors and their aliases, for manual events and ingest.

Names arrive here already resolved against the lexicon (``ActorChoice``; the resolution is
done before the store, in ``timeline.store.store``): this part only finds, creates and links
stored actors. Ingest has its own path (``_ingest_actor``) through a per-Store cache of
actors, checked against the highest actor/alias ids at the start of every article.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from timeline.errors import InputError
from timeline.events.types import ActorRef
from timeline.store.common import (
    ACTOR,
    ALIAS,
    StoreBase,
    actor_details,
    check_role,
    chunks,
    new_id,
    translated,
)
from timeline.store.models import Actor, ActorAlias, EventActor
from timeline.textutil import fold

if TYPE_CHECKING:
    from timeline.store.ingest import IngestCache

# Ingest folds the same names again and again.
fold_cached = functools.lru_cache(maxsize=1 << 16)(fold)

ACTOR_MARK = (
    sa_select(func.max(ACTOR.c.id)).scalar_subquery(),
    sa_select(func.max(ALIAS.c.id)).scalar_subquery(),
)
SQL_ACTOR_MARK = sa_select(*ACTOR_MARK)
_SQL_ACTOR_BY_FOLDED = (
    sa_select(ACTOR.c.id, ACTOR.c.kind, ACTOR.c.country)
    .where(ACTOR.c.folded == bindparam("key"))
    .order_by(ACTOR.c.id)
    .limit(1)
)
_SQL_ACTOR_BY_ID = sa_select(ACTOR.c.id, ACTOR.c.kind, ACTOR.c.country).where(
    ACTOR.c.id == bindparam("actor_id")
)
_SQL_ACTORS_BY_ALIAS = (
    sa_select(ALIAS.c.actor_id).where(ALIAS.c.folded == bindparam("key")).distinct()
)
_SQL_ALIASES_OF = sa_select(ALIAS.c.folded).where(ALIAS.c.actor_id == bindparam("actor_id"))
_SQL_FILL_KIND = (
    update(ACTOR)
    .where(ACTOR.c.id == bindparam("actor_id"), ACTOR.c.kind == "unknown")
    .values(kind=bindparam("new_kind"))
)
_SQL_FILL_COUNTRY = (
    update(ACTOR)
    .where(ACTOR.c.id == bindparam("actor_id"), ACTOR.c.country.is_(None))
    .values(country=bindparam("new_country"))
)


@dataclass(frozen=True, slots=True)
class ActorChoice:
    """A user-typed actor with what the lexicon made of it (None: not a known actor)."""

    typed: ActorRef
    canonical: ActorRef | None = None


class ActorRegistry(StoreBase):
    """Stored actors: lookup by folded name or alias, upsert, event links, listing."""

    def _actor_by_key(self, s: Session, key: str) -> Actor | None:
        if not key:
            return None
        actor = s.exec(select(Actor).where(Actor.folded == key).order_by(col(Actor.id))).first()
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
        assert actor.id is not None  # flushed
        for alias in (name, *ref.aliases, *([typed] if typed else [])):
            alias = (alias or "").strip()
            akey = fold(alias)
            if akey and akey not in have:
                s.add(ActorAlias(actor_id=actor.id, alias=alias, folded=akey))
                have.add(akey)
        return actor

    def _actor_for(self, s: Session, choice: ActorChoice) -> Actor:
        """The stored actor for a user-typed name already resolved (before the store): the
        canonical actor (the typed name kept as an alias), else an existing actor of that
        name, else a new one."""
        if choice.canonical is not None:
            return self._upsert_actor(s, choice.canonical, typed=choice.typed.name)
        existing = self._actor_by_key(s, fold(choice.typed.name))
        if existing is not None:
            return existing
        return self._upsert_actor(s, choice.typed)

    def _actor_ids_for(self, s: Session, keys: set[str]) -> set[int]:
        """Actors whose folded canonical name or alias is one of ``keys``."""
        keys = {k for k in keys if k}
        if not keys:
            return set()
        ids = set(s.exec(select(Actor.id).where(col(Actor.folded).in_(keys))).all())
        ids |= set(
            s.exec(select(ActorAlias.actor_id).where(col(ActorAlias.folded).in_(keys))).all()
        )
        return {i for i in ids if i is not None}

    def _link_for(
        self, s: Session, choice: ActorChoice, role: str
    ) -> tuple[Actor, str, dict[str, str | None]]:
        """The stored actor of a user-typed name, its role and its m008 details (the code the
        lexicon gives, rule ``manual.lexicon``; ``manual`` for a name the lexicon lacks)."""
        details = (
            actor_details(choice.canonical)
            if choice.canonical is not None
            else actor_details(None, rule="manual")
        )
        return self._actor_for(s, choice), role, details

    def _set_actors(
        self,
        s: Session,
        event_id: int,
        actors: list[tuple[Actor, str, dict[str, str | None]]],
        replace: bool,
    ) -> None:
        if replace:
            for link in s.exec(select(EventActor).where(EventActor.event_id == event_id)).all():
                s.delete(link)
            s.flush()
        have = set(s.exec(select(EventActor.actor_id).where(EventActor.event_id == event_id)).all())
        for actor, role, details in actors:
            assert actor.id is not None  # stored actors only
            if actor.id in have:
                continue
            s.add(
                EventActor(event_id=event_id, actor_id=actor.id, role=check_role(role), **details)
            )
            have.add(actor.id)

    @translated
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
                        # "korea": North and South Korea and their officials
                        col(Actor.country).icontains(search.strip(), autoescape=True),
                    )
                )
            rows = s.exec(stmt).all()
            aliases: dict[int, list[str]] = defaultdict(list)
            ids = [a.id for a, _ in rows if a.id is not None]
            for chunk in chunks(ids):
                for actor_id, alias in s.exec(
                    select(ActorAlias.actor_id, ActorAlias.alias)
                    .where(col(ActorAlias.actor_id).in_(chunk))
                    .order_by(col(ActorAlias.id))
                ).all():
                    aliases[actor_id].append(alias)
            out: list[dict[str, Any]] = [
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

    # -- ingest's actor cache --------------------------------------------------------------

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

    def _ingest_actor(self, conn: Connection, ref: ActorRef, cache: IngestCache) -> int:
        """The id of the stored actor for a canonical ref (found by folded name or alias,
        else new), filling in a kind/country it lacks and adding the ref's aliases."""
        name = ref.name.strip()
        key = fold_cached(name)
        if not key:
            raise InputError(f"not an actor name: {ref.name!r}")
        entry = self._actor_cache.get(key)
        if entry is None:
            entry = self._load_actor(conn, key)
            if entry is None:
                kind = ref.kind or "unknown"
                actor_id = new_id(
                    conn.execute(
                        ACTOR.insert(),
                        {"name": name, "folded": key, "kind": kind, "country": ref.country},
                    )
                )
                entry = CachedActor(actor_id, kind, ref.country, set())
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
            akey = fold_cached(alias)
            if akey and akey not in entry.aliases:
                rows.append({"actor_id": entry.id, "alias": alias, "folded": akey})
                entry.aliases.add(akey)
                if akey in self._alias_keys:
                    # A name found through one actor's alias may now be ambiguous.
                    self._alias_keys.discard(akey)
                    self._actor_cache.pop(akey, None)
        if rows:
            conn.execute(ALIAS.insert(), rows)
            cache.wrote_actors = True
        entry.seen.add(names)
        return entry.id

    def _load_actor(self, conn: Connection, key: str) -> CachedActor | None:
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
            entry = CachedActor(actor_id, kind, country, aliases)
            self._actor_by_id[actor_id] = entry
        return entry


@dataclass(slots=True)
class CachedActor:
    """A stored actor as ingest needs it: id, kind, country and its folded aliases."""

    id: int
    kind: str
    country: str | None
    aliases: set[str]
    seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)  # (name, aliases) done
