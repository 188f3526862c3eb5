"""Article ingest: one transaction per article, merging extracted events into stored ones.

Ingest is the hot path (thousands of articles per run), so it speaks SQLAlchemy Core on one
connection: prebuilt statements (compiled once, then cached), one indexed query per cluster
of dates for merge candidates, executemany for links, aliases, mentions and FTS rows, and a
per-Store cache of actors (``timeline.store.actors``). The SQL is portable; nothing here is
SQLite-only. The events arrive with canonical actors (the pipeline resolved them).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, or_, text, union_all, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from timeline import cameo
from timeline.errors import InputError, StoreError, TimelineError
from timeline.events.types import Article, ExtractedEvent
from timeline.store.actor_spans import ACTOR_SPAN
from timeline.store.actors import ACTOR_MARK, SQL_ACTOR_MARK, ActorRegistry
from timeline.store.common import (
    DOCUMENT,
    EVENT,
    EVENT_ACTOR,
    MENTION,
    MERGE_NOTE,
    SQL_FTS_DELETE,
    actor_details,
    check_role,
    check_status,
    chunks,
    new_id,
    now_utc,
    place_key,
    translated,
)
from timeline.store.content import content_sha256, sentence_sha256, tombstones
from timeline.store.migrations import FTS_TABLE
from timeline.store.spans import lower_bound, note_spans, span_bounds
from timeline.store.types import IngestResult

# The stored document with the same bytes or the same normalised content (content.py).
_SQL_DOC_BY_SHA = (
    sa_select(DOCUMENT.c.id)
    .where(
        or_(
            DOCUMENT.c.sha256 == bindparam("sha"),
            DOCUMENT.c.content_sha256 == bindparam("csha"),
        )
    )
    .order_by(DOCUMENT.c.id)
    .limit(1)
)
# The first statement of an ingest: is the document stored, and the actor cache's mark.
_SQL_DOC_AND_MARK = sa_select(_SQL_DOC_BY_SHA.scalar_subquery(), *ACTOR_MARK)
_SQL_NARROW = (
    update(EVENT)
    .where(EVENT.c.id == bindparam("event_id"))
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
# overlapping interval (or undated). Dated ones come from the (type, granularity, start) index
# of m006, one range per granularity bounded below by that granularity's longest stored span
# (``timeline.store.spans``), so the rows read do not grow with the history before ``lo``; the
# shared actor is then checked by primary key. An event comes once per actor (a set collects).
_SHARED = EVENT_ACTOR.alias("shared")
_CANDIDATE_COLUMNS = (
    EVENT.c.id,
    EVENT.c.type,
    EVENT.c.origin,
    EVENT.c.edited,
    EVENT.c.start,
    EVENT.c.end,
    EVENT_ACTOR.c.actor_id,
    EVENT.c.cameo,
    EVENT.c.granularity,
    EVENT.c.location_folded,
)
_SQL_MERGE_UNDATED = (
    sa_select(*_CANDIDATE_COLUMNS)
    .select_from(_SHARED)
    .join(EVENT, EVENT.c.id == _SHARED.c.event_id)
    .join(EVENT_ACTOR, EVENT_ACTOR.c.event_id == EVENT.c.id)
    .where(
        _SHARED.c.actor_id.in_(bindparam("actor_ids", expanding=True)),
        EVENT.c.type.in_(bindparam("types", expanding=True)),
        EVENT.c.start.is_(None),
    )
)
_MERGE_DATED: dict[tuple[bool, ...], Any] = {}


def _merge_dated(null_grain: tuple[bool, ...]) -> Any:
    """The dated merge-candidate query: one arm per (article event, stored granularity it may
    merge with), built once per shape (``null_grain[k]``: arm k reads events without one).

    Arm ``k`` reads, from the actor date index (``timeline.store.actor_spans``, m009), the
    events of one of its actors (``actors_k``) of granularity ``gran_k`` that overlap its dates
    (``lo_k``..``hi_k``; ``from_k`` = ``lo_k`` - that granularity's longest span) and have its
    type (``type_k``): exactly the stored events ``_best_candidate`` may pick for it, however
    many events of other types, actors or dates the range holds.
    """
    stmt = _MERGE_DATED.get(null_grain)
    if stmt is None:
        span = ACTOR_SPAN.c
        arms = []
        for k, null in enumerate(null_grain):
            arms.append(
                sa_select(span.event_id)
                .join(EVENT, EVENT.c.id == span.event_id)
                .where(
                    span.actor_id.in_(bindparam(f"actors_{k}", expanding=True)),
                    span.granularity.is_(None)
                    if null
                    else span.granularity == bindparam(f"gran_{k}"),
                    span.start >= bindparam(f"from_{k}"),
                    span.start <= bindparam(f"hi_{k}"),
                    span["end"] >= bindparam(f"lo_{k}"),
                    EVENT.c.type == bindparam(f"type_{k}"),
                )
            )
        ids = union_all(*arms).subquery() if len(arms) > 1 else arms[0].subquery()
        stmt = _MERGE_DATED[null_grain] = (
            sa_select(*_CANDIDATE_COLUMNS)
            .join_from(EVENT, EVENT_ACTOR, EVENT_ACTOR.c.event_id == EVENT.c.id)
            .where(EVENT.c.id.in_(sa_select(ids.c.event_id)))
        )
    return stmt


#: Ingest transactions on PostgreSQL hold this advisory lock (released at commit or rollback):
#: the merge of one article's events must see every event committed before it.
_SQL_FTS_SENTENCES = text(
    f"SELECT rowid, sentences FROM {FTS_TABLE} WHERE rowid IN :ids"
).bindparams(bindparam("ids", expanding=True))
_SQL_EVENT_TEXT = sa_select(EVENT.c.id, EVENT.c.summary, EVENT.c.date_text, EVENT.c.location).where(
    EVENT.c.id.in_(bindparam("ids", expanding=True))
)
_SQL_FTS_ROW = text(
    f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
    "VALUES (:id, :summary, :sentences, :date_text, :location)"
)
_SQL_PG_LOCK = text("SELECT pg_advisory_xact_lock(7305512001)")
_SQL_INSERT_EVENTS = EVENT.insert().returning(EVENT.c.id, sort_by_parameter_order=True)


def _body(article: Article) -> str:
    return article.text.replace("\r\n", "\n").replace("\r", "\n")


def _keys(article: Article) -> dict[str, str]:
    """The document's keys: its bytes' hash (line endings normalised) and its normalised
    content's hash (``timeline.store.content``)."""
    body = _body(article)
    return {"sha": hashlib.sha256(body.encode("utf-8")).hexdigest(), "csha": content_sha256(body)}


class IngestStore(ActorRegistry):
    """``ingest_article``: store an article and merge or add its events, all or nothing."""

    @translated
    def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> IngestResult:
        """Store one article and its events in ONE transaction (all or nothing).

        The same content is skipped: the same bytes (line endings normalised) or the same
        normalised text (``timeline.store.content``: whitespace, NFKC). An event
        matching a stored one (same type, a shared actor, overlapping dates; undated only with
        undated sharing all actors) becomes a new mention of it; manual and edited events are
        never changed.
        """
        (outcome,) = self.ingest_articles([(article, events)])
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    @translated
    def ingest_articles(
        self, items: Sequence[tuple[Article, list[ExtractedEvent]]]
    ) -> list[IngestResult | TimelineError]:
        """Store several articles in ONE transaction, each inside its own savepoint.

        Like :meth:`ingest_article` for each (in order), with one commit for the batch: an
        article that fails rolls back alone and its error takes its place in the result. On
        PostgreSQL the transaction first takes an advisory lock, so concurrent writers (other
        processes, other machines) merge one after the other and never miss each other's events.
        """
        if not items:
            return []
        try:
            with self._write_engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(_SQL_PG_LOCK)
                out: list[IngestResult | TimelineError] = []
                for article, events in items:
                    savepoint = conn.begin_nested() if len(items) > 1 else None
                    try:
                        out.append(self._ingest_one(conn, article, events))
                    except TimelineError as exc:
                        if savepoint is None:
                            raise
                        savepoint.rollback()
                        self._forget_actors()  # actors cached in that savepoint are gone
                        out.append(exc)
                    else:
                        if savepoint is not None:
                            savepoint.commit()
            return out
        except IntegrityError:
            # Another process stored the same document meanwhile (SQLite, no lock): the
            # articles are reported as skipped where stored, else the error is raised.
            self._forget_actors()
            if len(items) > 1:
                return [self.ingest_article(a, ev) for a, ev in items]
            article = items[0][0]
            with self._engine.connect() as conn:
                existing = conn.execute(_SQL_DOC_BY_SHA, _keys(article)).first()
            if existing is None:
                raise
            return [IngestResult(existing[0], skipped=True)]
        except BaseException:
            self._forget_actors()  # the transaction rolled back: so did the cached actors
            raise

    def _ingest_one(
        self, conn: Connection, article: Article, events: list[ExtractedEvent]
    ) -> IngestResult:
        keys = _keys(article)
        existing, *mark = conn.execute(_SQL_DOC_AND_MARK, keys).one()
        if existing is not None:
            return IngestResult(existing, skipped=True)
        self._check_actor_cache(tuple(mark))
        doc_id = new_id(
            conn.execute(
                DOCUMENT.insert(),
                {
                    "sha256": keys["sha"],
                    "content_sha256": keys["csha"],
                    "source": article.source,
                    "url": article.url,
                    "title": article.title,
                    "published": article.published,
                    "text": _body(article),
                    "doc_id": article.doc_id,
                    "ingested_at": now_utc(),
                },
            )
        )
        cache = IngestCache()
        new, merged, touched = self._ingest_events(conn, doc_id, events, cache)
        stale = touched - cache.new_events
        self._fts_refresh(conn, touched - stale, stale=())
        self._fts_add_sentences(conn, stale, cache.mention_rows)
        if cache.wrote_actors:
            self._actor_mark = tuple(conn.execute(SQL_ACTOR_MARK).one())
        return IngestResult(doc_id, new, merged, False)

    def _ingest_events(
        self, conn: Connection, doc_id: int, events: list[ExtractedEvent], cache: IngestCache
    ) -> tuple[int, int, set[int]]:
        """Merge each event into a matching one or add it: (new events, merged mentions, ids).

        Equivalent to handling the events one by one against the database, in fewer
        statements: the candidates of all events are read up front (one query per cluster of
        nearby dates), matching runs in memory against them and the events added or changed
        earlier in the article, then new events, links, date narrowing and mentions are
        written in batches.
        """
        prepared = [self._prepare_event(conn, ev, cache) for ev in events]
        new = merged = 0
        touched: set[int] = set()
        # Sentences of events a person deleted or edited: never recreated (tombstones).
        keyed = [((sentence_sha256(p.ev.sentence), p.type), p) for p in prepared]
        buried = tombstones(conn, (key for key, _ in keyed))
        if buried:
            alive = _existing_events(conn, {t for t in buried.values() if t is not None})
            prepared = []
            for key, p in keyed:
                if key not in buried:
                    prepared.append(p)
                elif buried[key] in alive:  # an edited event: a mention, never a duplicate
                    target_id = buried[key]
                    assert target_id is not None
                    if self._add_mention(conn, target_id, doc_id, p.ev, cache):
                        merged += 1
                        _note(cache, target_id, doc_id, p, "pinned", {"type": p.type})
                    touched.add(target_id)
        cache.spans = span_bounds(conn)
        pool = self._merge_candidates(conn, prepared, cache)
        new_rows: list[dict[str, Any]] = []  # the new events, provisional id -(i + 1)
        links: list[dict[str, Any]] = []
        narrowed: dict[int, dict[str, Any]] = {}
        for p in prepared:
            target = _best_candidate(pool, p) if p.linked else None
            if target is None:
                event_id = -(len(new_rows) + 1)
                now = now_utc()
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
                        "coder": p.ev.coder,
                        "coder_probability": p.ev.probability,
                        "start": p.start,
                        "end": p.end,
                        "granularity": (p.ev.granularity or "day") if p.start else None,
                        "date_text": p.ev.date_text if p.start else None,
                        "timex_value": p.ev.timex_value if p.start else None,
                        "location": p.ev.location,
                        "location_folded": place_key(p.ev.location),
                        "source": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                cand = _Candidate(event_id, p.type, "extracted", False, p.start, p.end, set(),
                                  p.code, p.ev.granularity if p.start else None,
                                  place_key(p.ev.location))  # fmt: skip
                pool.append(cand)
                _link_actors(links, cand, p.linked, p.details)
                self._add_mention(conn, event_id, doc_id, p.ev, cache)
                touched.add(event_id)
                new += 1
                continue
            evidence = _merge_evidence(target, p)
            if target.origin == "extracted" and not target.edited:
                _link_actors(links, target, p.linked, p.details)
                if _narrower(p.start, p.end, target):
                    target.start, target.end = p.start, p.end
                    change = {
                        "start": p.start,
                        "end": p.end,
                        "granularity": p.ev.granularity or "day",
                        "date_text": p.ev.date_text,
                        "timex_value": p.ev.timex_value,
                        "updated_at": now_utc(),
                    }
                    if target.id < 0:
                        new_rows[-target.id - 1].update(change)
                    else:
                        narrowed[target.id] = change
            if self._add_mention(conn, target.id, doc_id, p.ev, cache):
                merged += 1
                rule = "ingest-in-article" if target.id < 0 else "ingest-merge"
                _note(cache, target.id, doc_id, p, rule, evidence)
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
            conn.execute(EVENT_ACTOR.insert(), links)
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
            conn.execute(MENTION.insert(), cache.mention_rows)
        if cache.note_rows:
            for row in cache.note_rows:
                row["event_id"] = ids.get(row["event_id"], row["event_id"])
            conn.execute(MERGE_NOTE.insert(), cache.note_rows)
        note_spans(
            conn,
            [(r["granularity"], r["start"], r["end"]) for r in new_rows]
            + [(ch["granularity"], ch["start"], ch["end"]) for ch in narrowed.values()],
            known=cache.spans,
        )
        return new, merged, {ids.get(i, i) for i in touched}

    def _fts_add_sentences(
        self, conn: Connection, ids: set[int], mention_rows: list[dict[str, Any]]
    ) -> None:
        """Stored events that got mentions in this article: their full-text rows gain the new
        sentences' words, without re-reading every mention.

        Search matches words only (``fts_query`` quotes each word; no phrases), so a row holds
        each whitespace-separated chunk of its sentences once: the same tokens as the sentences
        themselves, and a row that no longer grows with every article repeating the event
        (rebuilding it from all its mentions made each merge cost grow with the store).
        """
        if not self._has_fts or not ids:
            return
        added: dict[int, list[str]] = {}
        for row in mention_rows:
            if row["event_id"] in ids and row["sentence"]:
                added.setdefault(row["event_id"], []).extend(str(row["sentence"]).split())
        for chunk in chunks(sorted(ids)):
            old: dict[int, str] = {
                int(i): str(t or "")
                for i, t in conn.execute(_SQL_FTS_SENTENCES, {"ids": list(chunk)})
            }
            missing = [i for i in chunk if i not in old]
            if missing:  # no row yet (written without one): build it from the tables
                self._fts_refresh(conn, missing, stale=())
            present = [i for i in chunk if i in old]
            if not present:
                continue
            texts = conn.execute(_SQL_EVENT_TEXT, {"ids": present}).all()
            conn.execute(SQL_FTS_DELETE, {"ids": present})
            conn.execute(
                _SQL_FTS_ROW,
                [
                    {
                        "id": event_id,
                        "summary": summary,
                        "sentences": " ".join(
                            dict.fromkeys(old[event_id].split() + added.get(event_id, []))
                        ),
                        "date_text": date_text or "",
                        "location": location or "",
                    }
                    for event_id, summary, date_text, location in texts
                ],
            )

    def _prepare_event(self, conn: Connection, ev: ExtractedEvent, cache: IngestCache) -> _Prepared:
        """Validate an extracted event and resolve its actors (id -> first role)."""
        type_ = _valid_type(ev.type)
        code = _valid_cameo(ev.cameo) if ev.cameo else None
        status = check_status(ev.status)
        start = ev.start
        end = ev.end or ev.start
        if start is not None and end is not None and end < start:
            raise InputError(f"event interval ends before it starts: {start} > {end}")
        linked: dict[int, str] = {}
        details: dict[int, dict[str, str | None]] = {}
        for ref in ev.actors:
            actor_id = self._ingest_actor(conn, ref, cache)
            linked.setdefault(actor_id, ref.role)
            details.setdefault(actor_id, actor_details(ref))
        return _Prepared(ev, type_, code, status, start, end, linked, details)

    def _merge_candidates(
        self, conn: Connection, prepared: list[_Prepared], cache: IngestCache
    ) -> list[_Candidate]:
        """The stored events any of these may merge into, with all their actors.

        A superset, read with one query per cluster of nearby dates (plus one for undated
        events): same type, a shared actor and an overlapping interval (or undated).
        """
        queries: list[tuple[Any, dict[str, Any]]] = []
        undated = [p for p in prepared if p.linked and p.start is None]
        if undated:
            queries.append((_SQL_MERGE_UNDATED, {
                "types": sorted({p.type for p in undated}),
                "actor_ids": sorted({a for p in undated for a in p.linked}),
            }))  # fmt: skip
        bounds = cache.spans
        params: dict[str, Any] = {}
        shape: list[bool] = []
        for p in prepared:
            if not p.linked or p.start is None or p.end is None:
                continue
            for g in sorted(bounds):
                # Only granularities ``_best_candidate`` accepts for this event.
                if not compatible_grain(g or None, p.ev.granularity):
                    continue
                k = len(shape)
                shape.append(g == "")
                params[f"actors_{k}"] = sorted(p.linked)
                if g:
                    params[f"gran_{k}"] = g
                params[f"from_{k}"] = lower_bound(p.start, bounds[g])
                params[f"lo_{k}"] = p.start
                params[f"hi_{k}"] = p.end
                params[f"type_{k}"] = p.type
        if shape:
            queries.append((_merge_dated(tuple(shape)), params))
        found: dict[int, _Candidate] = {}
        for stmt, params in queries:
            for row in conn.execute(stmt, params).all():
                event_id, type_, origin, edited, start, end, actor_id, code, grain, place = row
                cand = found.get(event_id)
                if cand is None:
                    cand = found[event_id] = _Candidate(
                        event_id,
                        type_,
                        origin,
                        bool(edited),
                        start,
                        end,
                        set(),
                        code,
                        grain,
                        place,
                    )
                cand.actors.add(actor_id)
        return sorted(found.values(), key=lambda c: c.id)

    def _add_mention(
        self, conn: Connection, event_id: int, doc_id: int, ev: ExtractedEvent,
        cache: IngestCache,
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
    cameo: str | None = None
    granularity: str | None = None
    place: str | None = None  # folded location

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
    #: actor id -> its code, rule and evidence in this event (``event_actor`` columns, m008)
    details: dict[int, dict[str, str | None]] = field(default_factory=dict)


@dataclass(slots=True)
class IngestCache:
    """What one ingest transaction has already written or queued."""

    mentions: set[tuple[int, int]] = field(default_factory=set)
    mention_rows: list[dict[str, Any]] = field(default_factory=list)
    new_events: set[int] = field(default_factory=set)
    wrote_actors: bool = False  # new actors or aliases: the cache mark must be re-read
    spans: dict[str, int] = field(default_factory=dict)  # longest span per granularity
    note_rows: list[dict[str, Any]] = field(default_factory=list)  # merge evidence (m007)


def _merge_evidence(target: _Candidate, p: _Prepared) -> dict[str, Any]:
    """What the merge rule saw: the type, shared and added actors, the overlap in days and
    both granularities."""
    overlap: int | None = None
    if p.start and p.end and target.start and target.end:
        overlap = (min(p.end, target.end) - max(p.start, target.start)).days + 1
    return {
        "type": p.type,
        "cameo": [target.cameo, p.code],
        "shared_actors": len(target.actors & p.linked.keys()),
        "added_actors": len(p.linked.keys() - target.actors),
        "overlap_days": overlap,
        "granularity": [target.granularity, p.ev.granularity if p.start else None],
        "place": [target.place, place_key(p.ev.location)],
    }


def _note(
    cache: IngestCache, event_id: int, doc_id: int, p: _Prepared, rule: str,
    evidence: dict[str, Any],
) -> None:  # fmt: skip
    cache.note_rows.append(
        {
            "event_id": event_id,
            "document_id": doc_id,
            "sentence": p.ev.sentence[:500],
            "rule": rule,
            "evidence": json.dumps(evidence, sort_keys=True),
            "created_at": now_utc(),
        }
    )


#: CAMEO codes that name one happening differently (a meeting, talks, a summit elsewhere)
_MEETING_FAMILY = frozenset({"040", "043", "044", "046"})
_GRAIN_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4,
               "decade": 5, "century": 6}  # fmt: skip


def _family(code: str | None) -> str | None:
    return "meeting" if code in _MEETING_FAMILY else code


def same_family(a: str | None, b: str | None) -> bool:
    """Finer CAMEO codes of one type family: equal, both meetings, or one only a root code."""
    return a is None or b is None or len(a) < 3 or len(b) < 3 or _family(a) == _family(b)


def compatible_grain(a: str | None, b: str | None) -> bool:
    """A day may merge into its week or month, not into a year (too coarse to say it is one
    happening)."""
    return abs(_GRAIN_RANK.get(a or "day", 0) - _GRAIN_RANK.get(b or "day", 0)) <= 2


def _same_place(a: str | None, b: str | None) -> bool:
    """Places do not rule a merge out when one is unknown, equal, or a city of the other's
    country ("Hanoi" and "Vietnam"); two different cities or countries do. A place the
    gazetteer lacks (kept as written: "Alaska", "Gleneagles") is as good as unknown: it
    cannot say that "Anchorage" is elsewhere."""
    if a is None or b is None or a == b:
        return True
    idx = _folded_places()
    if a not in idx or b not in idx:
        return True
    return _place_within(a, b) or _place_within(b, a)


def _place_within(city: str, country: str) -> bool:
    idx = _folded_places()
    c, k = idx.get(city), idx.get(country)
    return c is not None and k is not None and c.kind == "city" and c.country == k.name


@functools.cache
def _folded_places() -> dict[str, Any]:
    """Gazetteer places by the store's place key (folded, no spaces)."""
    from timeline.events.gazetteer import gazetteer

    return {k.replace(" ", ""): v for k, v in gazetteer().places.items()}


def _existing_events(conn: Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    rows = conn.execute(sa_select(EVENT.c.id).where(EVENT.c.id.in_(sorted(ids))))
    return set(rows.scalars())


def _best_candidate(pool: list[_Candidate], p: _Prepared) -> _Candidate | None:
    """The merge rule: same type and type family (a visit is not the meeting it led to),
    compatible actor sets (one set holds the other: "Russia condemned" and "Russia condemned
    the United States"; never two events with different partners), overlapping dates at a
    compatible granularity (undated: undated with exactly the same actors); most shared actors
    first, then the narrowest, then the oldest."""
    actor_ids = p.linked.keys()
    best: _Candidate | None = None
    best_key: tuple[int, int, tuple[int, int]] | None = None
    for c in pool:
        if c.type != p.type or not same_family(c.cameo, p.code):
            continue
        shared = len(c.actors & actor_ids)
        if not shared or not (c.actors <= actor_ids or actor_ids <= c.actors):
            continue
        if p.start is not None and not compatible_grain(c.granularity, p.ev.granularity):
            continue
        hand_set = c.origin != "extracted" or c.edited  # its place is the user's truth
        if not hand_set and not _same_place(c.place, place_key(p.ev.location)):
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


def _link_actors(
    links: list[dict[str, Any]],
    event: _Candidate,
    linked: dict[int, str],
    details: dict[int, dict[str, str | None]],
) -> None:
    """Queue links for the actors (id -> role) the event does not have yet, with each
    actor's code, rule and evidence."""
    for actor_id, role in linked.items():
        if actor_id not in event.actors:
            extra = details.get(actor_id) or actor_details(None)
            links.append(
                {"event_id": event.id, "actor_id": actor_id, "role": check_role(role), **extra}
            )
            event.actors.add(actor_id)


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


def _narrower(start: date | None, end: date | None, target: _Candidate) -> bool:
    """True when [start, end] lies inside the target's interval and is strictly shorter."""
    if start is None or end is None or target.start is None or target.end is None:
        return False
    inside = target.start <= start and end <= target.end
    return inside and (end - start) < (target.end - target.start)
