"""Article ingest: a batch of articles per transaction (each all or nothing), merging the
extracted events into stored ones.

Ingest is the hot path (thousands of articles per run), so it speaks SQLAlchemy Core on one
connection: prebuilt statements (compiled once, then cached), one indexed query per cluster
of dates for merge candidates, executemany for links, aliases, mentions and FTS rows, and a
per-Store cache of actors (``timeline.store.actors``), and a second indexed query (the side
lookup, issue #12) for the day reports the first found nothing for: a leader's report and his
state's. The SQL is portable; nothing here is SQLite-only. The events arrive with canonical
actors (the pipeline resolved them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    or_,
    text,
    union_all,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from timeline import cameo
from timeline.errors import InputError, StoreError, TimelineError
from timeline.events.merge import (
    GENERIC_CODES,
    OPPOSITE_ROLE,
    SYMMETRIC_CODES,
    SYMMETRIC_ROOTS,
    all_represented,
    generic_pair,
    roles_conflict,
    roles_matter,
    verbal_targets_differ,
)
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import driver
from timeline.store.actor_spans import ACTOR_SPAN
from timeline.store.actors import ACTOR_MARK, SQL_ACTOR_MARK, ActorRegistry
from timeline.store.common import (
    ACTOR,
    DOCUMENT,
    EVENT,
    EVENT_ACTOR,
    MAX_ID,
    MENTION,
    MERGE_NOTE,
    RAW_FTS_DELETE,
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
from timeline.store.record_rows import _DATES, _read_date
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
# Merge candidates with all their actors, in one query of one arm per article event with
# actors. An arm reads the actor date index (m009, ``actor_spans``) for that event's actors,
# one range per stored granularity ``compatible_grain`` accepts for it (bounded below by that
# granularity's longest span: ``timeline.store.spans``), keeps the events ``_best_candidate``
# may pick for it as far as SQL can tell (same type and CAMEO family; one actor set holds the
# other: the event's shared actors are all of its own or all of the article event's; no shared
# actor in the opposite role, ``roles_conflict``, unless both events are symmetric) and
# returns the first ``_ARM_LIMIT`` in the merge rule's order (most shared actors, narrowest,
# oldest). Only the place test stays in Python; when it rejects every row of a full arm, the
# arm is read again without the limit (``IngestStore._pick``). So the rows read per article do
# not grow with the events a coarse date spans ("last year": every month event of the year).
_ARM_LIMIT = 4
_CANDIDATE_COLUMNS = (
    EVENT.c.id,
    EVENT.c.type,
    EVENT.c.origin,
    EVENT.c.edited,
    EVENT.c.start,
    EVENT.c.end,
    EVENT_ACTOR.c.actor_id,
    EVENT_ACTOR.c.role,
    EVENT.c.cameo,
    EVENT.c.granularity,
    EVENT.c.location_folded,
)
_ALL_ACTORS = ACTOR_SPAN.alias("all_actors")
#: Statement shapes are padded (arms to a multiple of ``_ARM_STEP``, granularity ranges and
#: actor ids per arm to a power of two, CAMEO codes to ``_FAMILY_WIDTH``) so that a few
#: statements serve every article: each is built once and stays in the driver's statement
#: cache (preparing one costs more than running it).
_ARM_STEP = 4
_FAMILY_WIDTH = 4


def _merge_arms(
    dialect: str, dated: int, terms: int, null_term: bool, undated: int, width: int,
    limited: bool,
) -> Any:  # fmt: skip
    """The merge-candidate query: ``dated`` arms, then ``undated`` arms. Ingest runs the SQL
    ``_merge_sql`` assembles from one compiled arm (the same text, built without compiling
    every shape: ``tests/test_merge_lookup.py`` compares them).

    Every arm ``k`` binds ``a{j}_{k}`` (``width`` actor ids: the article event's, the first
    repeated), ``pairs_k`` and ``roles_k`` (the role test, see below),
    ``n_k`` (their number), ``type_k``, and ``any_k`` or ``f{j}_{k}`` (any CAMEO
    code, or its family's codes). A dated arm reads ``terms`` granularities ``g{t}_{k}`` from
    ``from{t}_{k}`` (``lo_k`` minus the granularity's longest span) to ``hi_k``, ending on or
    after ``lo_k``, and with ``null_term`` the events without a granularity from ``fromn_k``.
    An undated arm reads the index's undated rows (granularity and start both null: no write
    path stores a granularity without a start) and keeps events with exactly its actors.
    Rows: (arm, candidate columns with one actor id): one row per actor of each candidate.
    """
    arms: list[Any] = [
        _arm(dialect, k, k < dated, terms, null_term, width, limited)
        for k in range(dated + undated)
    ]
    ids: Any = union_all(*arms) if len(arms) > 1 else arms[0]
    return _outer(ids.subquery("ids"))


def _outer(ids: Any) -> Any:
    """The merge query around its arms ``ids`` (event id, arm): each candidate with its
    actors."""
    return (
        sa_select(ids.c.k, *_CANDIDATE_COLUMNS)
        .select_from(ids)
        .join(EVENT, EVENT.c.id == ids.c.event_id)
        .join(EVENT_ACTOR, EVENT_ACTOR.c.event_id == EVENT.c.id)
    )


def _family_filter(k: int) -> Any:
    """The stored event's code is of the report's family (bound ``f0_k``.. ``fN_k``), or the
    report has no code (``any_k``), or the stored event has none or only a root: the code test
    shared by the actor arms and the side arms of the merge lookup."""
    return or_(
        bindparam(f"any_{k}", type_=Boolean),
        EVENT.c.cameo.is_(None),
        func.length(EVENT.c.cameo) < literal_column("3"),
        EVENT.c.cameo.in_([bindparam(f"f{j}_{k}") for j in range(_FAMILY_WIDTH)]),
    )


def _arm(
    dialect: str, k: int, dated: bool, terms: int, null_term: bool, width: int, limited: bool
) -> Any:
    """Arm ``k`` of the merge-candidate query (``_merge_arms``): rows (event id, ``k``)."""
    span = ACTOR_SPAN.c
    actors = and_(
        span.actor_id.in_([bindparam(f"a{j}_{k}") for j in range(width)]),
        span.type == bindparam(f"type_{k}"),  # in the index (m010)
    )
    if dated:
        lo, hi = bindparam(f"lo_{k}", type_=Date), bindparam(f"hi_{k}", type_=Date)
        ranges = [
            (span.granularity == bindparam(f"g{t}_{k}"), bindparam(f"from{t}_{k}", type_=Date))
            for t in range(terms)
        ]  # fmt: skip
        if null_term:
            ranges.append((span.granularity.is_(None), bindparam(f"fromn_{k}", type_=Date)))
        parts = [
            sa_select(span.event_id, span.start, span.end).where(
                actors, grain, span.start >= start, span.start <= hi, span.end >= lo
            )
            for grain, start in ranges
        ]
    else:
        parts = [
            sa_select(span.event_id, span.start, span.end).where(
                actors, span.granularity.is_(None), span.start.is_(None)
            )
        ]
    hits = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery(f"hits_{k}")
    # First the actor test, from the index alone (shared actors: the event's rows here;
    # all its actors: its rows in the table), then the events that pass are read.
    shared = func.count()
    total = (
        sa_select(func.count().label("total"))  # named: the same text in every arm
        .select_from(_ALL_ACTORS)
        .where(_ALL_ACTORS.c.event_id == hits.c.event_id)
        .scalar_subquery()
    )
    n: Any = bindparam(f"n_{k}")
    if dialect == "postgresql":
        days: Any = func.max(hits.c.end - hits.c.start)
    else:
        days = func.max(func.julianday(hits.c.end) - func.julianday(hits.c.start))
    if dated:  # one actor set holds the other
        having = or_(shared == n, shared == total)
    else:  # exactly the same actors
        having = and_(shared == n, total == n)
    grouped = (
        sa_select(hits.c.event_id, shared.label("shared"), days.label("days"))
        .group_by(hits.c.event_id)
        .having(having)
        .subquery(f"grouped_{k}")
    )
    # No shared actor in the role that conflicts with the article event's: ``pairs_k`` is
    # ",<actor id>:<conflicting role>," for each actor with one, and ``roles_k`` says
    # whether to test it: 0 yes; 1 / 2 the article event is symmetric (by its code / by its
    # root), so not against a symmetric stored event; 3 no actor has a source or target
    # role. Two parameters per arm, constants inline: the statement stays cheap to bind.
    mode: Any = bindparam(f"roles_{k}", type_=Integer)
    pos = func.strpos if dialect == "postgresql" else func.instr
    pair = (
        literal_column("','")
        + cast(EVENT_ACTOR.c.actor_id, String)
        + literal_column("':'")
        + EVENT_ACTOR.c.role
        + literal_column("','")
    )
    conflict = exists().where(
        EVENT_ACTOR.c.event_id == grouped.c.event_id,
        pos(bindparam(f"pairs_{k}", type_=String), pair) > literal_column("0"),
    )
    codes: list[Any] = [literal_column(f"'{c}'") for c in sorted(SYMMETRIC_CODES) if c.isdigit()]
    symmetric = and_(
        mode > literal_column("0"),
        or_(
            EVENT.c.cameo.in_(codes),
            and_(
                mode == literal_column("2"),
                or_(EVENT.c.cameo.is_(None), func.length(EVENT.c.cameo) < literal_column("3")),
            ),
        ),
    )
    arm = (
        sa_select(EVENT.c.id.label("event_id"))
        .select_from(grouped)
        .join(EVENT, EVENT.c.id == grouped.c.event_id)
        .where(
            # cheap tests first: no source or target in the article event (``free_k``),
            # both symmetric, and only then the role test
            or_(mode == literal_column("3"), symmetric, ~conflict),
            _family_filter(k),
        )
        # the merge rule's order: most shared actors, narrowest, oldest
        .order_by(grouped.c.shared.desc(), grouped.c.days, EVENT.c.id)
    )
    if limited:  # inline constants (SQLite adds an OFFSET to a LIMIT: 0, inline too)
        arm = arm.limit(literal_column(str(_ARM_LIMIT)))
        if dialect == "sqlite":
            arm = arm.offset(literal_column("0"))
    sub = arm.subquery(f"arm_{k}")
    return sa_select(sub.c.event_id, literal_column(str(k)).label("k"))


#: The arm number the arm templates are compiled with, then replaced by each arm's own.
_TEMPLATE_ARM = 73571
_ARMS_MARK = "__timeline_merge_arms__"


@dataclass(frozen=True, slots=True)
class _MergeSql:
    """A merge statement as ``_run_driver`` runs it: SQL in the driver's paramstyle, the bind
    names in the order its values come (a positional style binds them in this order; a named
    one by name), the positions of its ``Date`` values, each arm's bind names without the arm
    number (``bases``: ``_Arms.statement`` lists each arm's values in this order), and its
    shape (``construct``)."""

    shape: tuple[Any, ...]  # (dialect name, dated, terms, null_term, undated, width, limited)
    sql: str
    order: tuple[str, ...]
    positional: bool
    date_at: tuple[int, ...]
    bases: tuple[tuple[str, ...], ...] = ()

    def construct(self) -> Any:
        """The SQLAlchemy statement this is the SQL of (``_merge_arms``)."""
        return _merge_arms(*self.shape)

    def named(self, values: Sequence[Any]) -> dict[str, Any]:
        """The values (in ``order``) by bind name."""
        return dict(zip(self.order, values, strict=True))


_MERGE_SQL: dict[tuple[Any, ...], _MergeSql] = {}
_ARM_SQL: dict[tuple[Any, ...], _MergeSql] = {}
_OUTER_SQL: dict[str, str] = {}


def _compile(stmt: Any, dialect: Any, shape: tuple[Any, ...]) -> _MergeSql:
    """``stmt`` compiled; its bind names in the order they bind (positional) or compile."""
    compiled = stmt.compile(dialect=dialect)
    if any(not b.required for b in compiled.binds.values()):  # pragma: no cover
        raise ValueError("a merge statement binds a constant: put it inline")
    order = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
    dates = {n for n, b in compiled.binds.items() if isinstance(b.type, Date)}
    date_at = tuple(i for i, n in enumerate(order) if n in dates)
    return _MergeSql(shape, compiled.string, order, bool(compiled.positional), date_at)


def _merge_sql(
    dialect: Any, dated: int, terms: int, null_term: bool, undated: int, width: int,
    limited: bool,
) -> _MergeSql:  # fmt: skip
    """``_merge_arms(...)`` compiled for ``dialect``, once per shape. Compiling each shape
    (13 shapes, up to ~30 arms each, in a 500-article run) cost more CPU than running the
    queries in a short ingest, so one arm of each kind is compiled (arm number
    ``_TEMPLATE_ARM``), and each shape's SQL is that text with the arm numbers put in, joined
    by ``UNION ALL`` inside the outer statement: the text SQLAlchemy compiles the whole
    statement to (no anonymous parameters: constants are inline)."""
    shape = (dialect.name, dated, terms, null_term, undated, width, limited)
    hit = _MERGE_SQL.get(shape)
    if hit is not None:
        return hit
    outer = _OUTER_SQL.get(dialect.name)
    if outer is None:
        ids = text(_ARMS_MARK).columns(column("event_id"), column("k")).subquery("ids")
        outer = _OUTER_SQL[dialect.name] = _compile(_outer(ids), dialect, ()).sql
    parts: list[str] = []
    order: list[str] = []
    date_at: list[int] = []
    bases: list[tuple[str, ...]] = []
    positional = True
    mark = str(_TEMPLATE_ARM)
    for k in range(dated + undated):
        key = (dialect.name, k < dated, terms, null_term, width, limited)
        arm = _ARM_SQL.get(key)
        if arm is None:  # the statement of this one arm, less the outer statement's text
            one = _arm(dialect.name, _TEMPLATE_ARM, k < dated, terms, null_term, width, limited)
            alone = _compile(_outer(one.subquery("ids")), dialect, key)
            head, tail = outer.split(_ARMS_MARK)
            if not (alone.sql.startswith(head) and alone.sql.endswith(tail)):  # pragma: no cover
                raise ValueError("the merge arm's SQL is not where the template expects it")
            sql = alone.sql[len(head) : len(alone.sql) - len(tail)]
            base = tuple(n.removesuffix(f"_{mark}") for n in alone.order)
            arm = _ARM_SQL[key] = _MergeSql(
                key, sql, alone.order, alone.positional, alone.date_at, (base,)
            )
        parts.append(arm.sql.replace(mark, str(k)))
        date_at.extend(len(order) + i for i in arm.date_at)
        order.extend(n.replace(mark, str(k)) for n in arm.order)
        bases.append(arm.bases[0])
        positional = arm.positional
    sql = outer.replace(_ARMS_MARK, " UNION ALL ".join(parts))
    hit = _MERGE_SQL[shape] = _MergeSql(
        shape, sql, tuple(order), positional, tuple(date_at), tuple(bases),
    )  # fmt: skip
    return hit


# Issue #12, the side lookup: reports of one event naming a state's leader and the state
# ("Carter and Torrijos signed" / "The United States and Panama signed") share no actor, so
# the actor arms above cannot find one from the other. Each stored link holds its side (the
# first segment of its actor code, "USAGOV" and "USA" -> "USA"; ``event_actor_span.side``),
# and the links of day events are indexed by (side, type, start, end, event) (m013's partial
# index ``SIDE_DAY_INDEX``). A day report that the actor arms found nothing for reads, per
# side arm, the day events of its type one of whose links is on one of its sides and that
# start in a FIXED window: from ``_SIDE_WINDOW`` days before its first day to its last day
# (a report spanning more than ``_SIDE_WINDOW`` days gets no side arm). So the index range
# read per side depends only on how many events of that side and type a few days hold, never
# on the store's size nor on its longest stored span (the first version took the lower bound
# from it, and the range grew with the store). The first ``_SIDE_LIMIT`` in the order most
# links on its sides, narrowest, oldest come back with their actors' names and codes;
# ``_represented`` (the in-article merge's ``all_represented``) then decides in Python; a
# limited arm is never read again in full (a merge missed, never a wrong one).
_SIDE_LIMIT = 4
_SIDE_WIDTH = 4  # sides per arm (padded with the first)
_SIDE_WINDOW = 7  # days: a stored day event starting up to a week before the report
_SIDE_COLUMNS: tuple[Any, ...] = (
    *_CANDIDATE_COLUMNS,
    ACTOR.c.name,
    ACTOR.c.kind,
    ACTOR.c.country,
    EVENT_ACTOR.c.code,
)


def _side_arm(dialect: str, k: int) -> Any:
    """Arm ``k`` of the side lookup: rows (event id, ``k``). Binds ``s{j}_{k}`` (the sides),
    ``type_k``, ``from_k`` (``lo_k`` less the window), ``lo_k``, ``hi_k`` and the CAMEO family
    (``any_k``, ``f{j}_{k}``) as a merge arm does. One range of ``SIDE_DAY_INDEX`` per side:
    the granularity is inline (the partial index's condition), no ``OR`` touches the index
    columns (the family test reads the event row, after the limit's few ids are grouped)."""
    span = ACTOR_SPAN.c
    lo, hi = bindparam(f"lo_{k}", type_=Date), bindparam(f"hi_{k}", type_=Date)
    hits = (
        sa_select(span.event_id, span.start, span.end)
        .where(
            span.side.in_([bindparam(f"s{j}_{k}") for j in range(_SIDE_WIDTH)]),
            span.type == bindparam(f"type_{k}"),
            span.granularity == literal_column("'day'"),
            span.start >= bindparam(f"from_{k}", type_=Date),
            span.start <= hi,
            span.end >= lo,
        )
        .subquery(f"side_hits_{k}")
    )
    if dialect == "postgresql":
        days: Any = func.max(hits.c.end - hits.c.start)
    else:
        days = func.max(func.julianday(hits.c.end) - func.julianday(hits.c.start))
    grouped = (
        sa_select(hits.c.event_id, func.count().label("shared"), days.label("days"))
        .group_by(hits.c.event_id)
        .subquery(f"side_grouped_{k}")
    )
    arm = (
        sa_select(EVENT.c.id.label("event_id"))
        .select_from(grouped)
        .join(EVENT, EVENT.c.id == grouped.c.event_id)
        .where(_family_filter(k))
        .order_by(grouped.c.shared.desc(), grouped.c.days, EVENT.c.id)
        .limit(literal_column(str(_SIDE_LIMIT)))
    )
    if dialect == "sqlite":
        arm = arm.offset(literal_column("0"))
    sub = arm.subquery(f"side_arm_{k}")
    return sa_select(sub.c.event_id, literal_column(str(k)).label("k"))


def _side_lookup(dialect: str, arms: int) -> Any:
    """The side lookup of ``arms`` arms: each candidate with its actors' names and codes."""
    parts: list[Any] = [_side_arm(dialect, k) for k in range(arms)]
    joined: Any = union_all(*parts) if len(parts) > 1 else parts[0]
    ids: Any = joined.subquery("side_ids")
    columns: list[Any] = [ids.c.k, *_SIDE_COLUMNS]
    return (
        sa_select(*columns)
        .select_from(ids)
        .join(EVENT, EVENT.c.id == ids.c.event_id)
        .join(EVENT_ACTOR, EVENT_ACTOR.c.event_id == EVENT.c.id)
        .join(ACTOR, ACTOR.c.id == EVENT_ACTOR.c.actor_id)
    )


_SIDE_SQL: dict[tuple[Any, ...], _MergeSql] = {}
_SIDE_PLANS: dict[tuple[Any, ...], list[tuple[int, str]]] = {}


def _side_sql(dialect: Any, arms: int) -> _MergeSql:
    """``_side_lookup`` compiled for ``dialect``, once per number of arms (padded to a
    multiple of ``_ARM_STEP``: a few shapes per process)."""
    shape = (dialect.name, arms)
    hit = _SIDE_SQL.get(shape)
    if hit is None:
        hit = _SIDE_SQL[shape] = _compile(_side_lookup(dialect.name, arms), dialect, shape)
    return hit


@dataclass(frozen=True, slots=True)
class _SideArm:
    """One day report's side arm: its sides, type, CAMEO family (None: any) and dates."""

    sides: list[str]
    type: str
    family: list[str] | None
    lo: date
    hi: date

    def values(self) -> dict[str, Any]:
        """Its values by bind name without the arm number (``_side_arm``)."""
        out: dict[str, Any] = {"type": self.type, "any": self.family is None}
        for j, key in enumerate(_bind_keys("s", _SIDE_WIDTH)):
            out[key] = self.sides[j] if j < len(self.sides) else self.sides[0]
        family = self.family or [""]
        for j, key in enumerate(_bind_keys("f", _FAMILY_WIDTH)):
            out[key] = family[j] if j < len(family) else family[0]
        out["from"] = lower_bound(self.lo, _SIDE_WINDOW)
        out["lo"], out["hi"] = self.lo, self.hi
        return out


#: Fills the unused arms of a side lookup: no side is "", no date after date.max.
_EMPTY_SIDE = _SideArm([""], "", [""], date.max, date.max)


def _side_statement(dialect: Any, sides: list[_SideArm]) -> tuple[_MergeSql, list[Any]]:
    """The side lookup for these arms, padded with empty arms; its values in its order."""
    n = -(-len(sides) // _ARM_STEP) * _ARM_STEP
    stmt = _side_sql(dialect, n)
    plan = _SIDE_PLANS.get(stmt.shape)
    if plan is None:  # each bind name as (arm, name without the arm number)
        plan = _SIDE_PLANS[stmt.shape] = [
            (int(k), base) for base, k in (name.rsplit("_", 1) for name in stmt.order)
        ]
    per_arm = [(sides[k] if k < len(sides) else _EMPTY_SIDE).values() for k in range(n)]
    return stmt, [per_arm[k][base] for k, base in plan]


def _read_sides(rows: Sequence[Any], found: dict[int, _Candidate]) -> None:
    """The side lookup's candidates into ``found``, with their actors' references."""
    _read_candidates([r[:12] for r in rows], found, {})
    for row in rows:
        name, kind, country, code = row[12:]
        found[row[1]].refs[row[7]] = ActorRef(name, kind or "unknown", country, code=code)


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
# The same, as the driver runs them on SQLite (``timeline.store.driver``; ``{}``: the marks).
_RAW_FTS_SENTENCES = f"SELECT rowid, sentences FROM {FTS_TABLE} WHERE rowid IN ({{}})"
_RAW_EVENT_TEXT = (
    f"SELECT id, summary, date_text, location FROM {EVENT.name} WHERE id IN ({{}}) ORDER BY id"
)
_RAW_FTS_ROW = (
    f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
    "VALUES (?, ?, ?, ?, ?)"
)
_SQL_PG_LOCK = text("SELECT pg_advisory_xact_lock(7305512001)")
_SQL_INSERT_EVENTS = EVENT.insert().returning(EVENT.c.id, sort_by_parameter_order=True)
_SQL_INSERT_EVENT = EVENT.insert()
_SQL_INSERT_DOCUMENT = DOCUMENT.insert()
_SQL_INSERT_LINKS = EVENT_ACTOR.insert()
_SQL_INSERT_MENTIONS = MENTION.insert()
_SQL_INSERT_NOTES = MERGE_NOTE.insert()


class _ArticleFailed(Exception):
    """An article of a batch written without savepoints failed: the batch is written again."""


def _insert(conn: Connection, fast: bool, stmt: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows, on the driver when ``fast`` (``timeline.store.driver``)."""
    if fast:
        driver.execute(conn, stmt, rows)
    else:
        conn.execute(stmt, rows)


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
        """Store several articles in ONE transaction; each is all or nothing.

        Like :meth:`ingest_article` for each (in order), with one commit for the batch: an
        article that fails rolls back alone and its error takes its place in the result. The
        batch first runs without savepoints (they cost more than the commit they save); if an
        article fails, that transaction rolls back and the batch runs again with one savepoint
        per article. On PostgreSQL the transaction first takes an advisory lock, so concurrent
        writers (other processes, other machines) merge one after the other and never miss
        each other's events.
        """
        if not items:
            return []
        try:
            if len(items) > 1:
                try:
                    return self._write_batch(items, savepoints=False)
                except _ArticleFailed:
                    self._forget_actors()  # rolled back: so did the actors it cached
            return self._write_batch(items, savepoints=len(items) > 1)
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

    def _write_batch(
        self, items: Sequence[tuple[Article, list[ExtractedEvent]]], savepoints: bool
    ) -> list[IngestResult | TimelineError]:
        """One transaction for ``items``. With ``savepoints`` an article that fails rolls back
        alone; without, a failure of one article of several raises ``_ArticleFailed`` (the
        whole transaction rolls back) and a single article's error is raised as it is."""
        with self._write_engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(_SQL_PG_LOCK)
            out: list[IngestResult | TimelineError] = []
            for article, events in items:
                savepoint = conn.begin_nested() if savepoints else None
                try:
                    out.append(self._ingest_one(conn, article, events))
                except TimelineError as exc:
                    if savepoint is None:
                        if len(items) > 1:
                            raise _ArticleFailed from exc
                        raise
                    savepoint.rollback()
                    self._forget_actors()  # actors cached in that savepoint are gone
                    out.append(exc)
                else:
                    if savepoint is not None:
                        savepoint.commit()
        return out

    def _ingest_one(
        self, conn: Connection, article: Article, events: list[ExtractedEvent]
    ) -> IngestResult:
        keys = _keys(article)
        fast = driver.on(conn)
        if fast:
            p = driver.plain(conn, _SQL_DOC_AND_MARK)
            ((existing, *mark),) = driver.run(conn, p.sql, p.row(keys), fetch=True)
        else:
            existing, *mark = conn.execute(_SQL_DOC_AND_MARK, keys).one()
        if existing is not None:
            return IngestResult(existing, skipped=True)
        self._check_actor_cache(tuple(mark))
        document = {
            "sha256": keys["sha"],
            "content_sha256": keys["csha"],
            "source": article.source,
            "url": article.url,
            "title": article.title,
            "published": article.published,
            "text": _body(article),
            "doc_id": article.doc_id,
            "ingested_at": now_utc(),
        }
        if fast:
            doc_id = int(driver.execute(conn, _SQL_INSERT_DOCUMENT, document))
        else:
            doc_id = new_id(conn.execute(_SQL_INSERT_DOCUMENT, document))
        cache = IngestCache()
        new, merged, touched = self._ingest_events(conn, doc_id, events, cache)
        stale = touched - cache.new_events
        if cache.fts_rows is not None:  # the new events' rows, from what was written
            if self._has_fts and cache.fts_rows:
                driver.run(conn, _RAW_FTS_ROW, cache.fts_rows, many=True)
        else:
            self._fts_refresh(conn, touched - stale, stale=())
        self._fts_add_sentences(conn, stale, cache.mention_rows)
        if cache.wrote_actors:
            if fast:
                p = driver.plain(conn, SQL_ACTOR_MARK)
                self._actor_mark = tuple(driver.run(conn, p.sql, (), fetch=True)[0])
            else:
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
        pool, arms = self._merge_candidates(conn, prepared, cache)
        by_id = {c.id: c for c in pool}
        self._side_candidates(conn, prepared, pool, by_id, arms)
        new_rows: list[dict[str, Any]] = []  # the new events, provisional id -(i + 1)
        links: list[dict[str, Any]] = []
        narrowed: dict[int, dict[str, Any]] = {}
        for i, p in enumerate(prepared):
            target = self._pick(conn, pool, by_id, arms, i, p) if p.linked else None
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
                        "location_folded": p.place,
                        "source": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                cand = _Candidate(event_id, p.type, "extracted", False, p.start, p.end, set(),
                                  p.code, p.ev.granularity if p.start else None,
                                  p.place, dict(p.linked))  # fmt: skip
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
        fast = driver.on(conn)
        if new_rows:
            first = None
            if fast:
                if self._event_ids_by_max is None:
                    self._event_ids_by_max = _ids_by_max(conn)
                if self._event_ids_by_max:
                    first = _next_event_id(conn, len(new_rows))
            if first is not None:  # the ids SQLite would give them, in one executemany
                real = list(range(first, first + len(new_rows)))
                for event_id, row in zip(real, new_rows, strict=True):
                    row["id"] = event_id
                driver.execute(conn, _SQL_INSERT_EVENT, new_rows)
            elif fast:  # one row at a time: its rowid (cheap on the driver)
                real = [int(driver.execute(conn, _SQL_INSERT_EVENT, row)) for row in new_rows]
            else:
                # RETURNING in parameter order (SQLAlchemy's "insertmanyvalues"; one-by-one
                # where a database cannot guarantee the order).
                result = conn.execute(_SQL_INSERT_EVENTS, new_rows)
                real = list(result.scalars())
            if len(real) != len(new_rows):  # pragma: no cover - a driver bug
                raise StoreError("the database did not return the ids of the new events")
            ids = {-(i + 1): event_id for i, event_id in enumerate(real)}
            cache.new_events.update(real)
            if first is not None:
                cache.fts_rows = _fts_rows(new_rows, cache.mention_rows)
        if links:
            for row in links:
                row["event_id"] = ids.get(row["event_id"], row["event_id"])
            _insert(conn, fast, _SQL_INSERT_LINKS, links)
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
            _insert(conn, fast, _SQL_INSERT_MENTIONS, cache.mention_rows)
        if cache.note_rows:
            for row in cache.note_rows:
                row["event_id"] = ids.get(row["event_id"], row["event_id"])
            _insert(conn, fast, _SQL_INSERT_NOTES, cache.note_rows)
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
        fast = driver.on(conn)
        for chunk in chunks(sorted(ids)):
            if fast:
                rows = driver.run(
                    conn, _RAW_FTS_SENTENCES.format(driver.marks(len(chunk))), chunk, fetch=True
                )
            else:
                rows = conn.execute(_SQL_FTS_SENTENCES, {"ids": list(chunk)}).all()
            old: dict[int, str] = {int(i): str(t or "") for i, t in rows}
            missing = [i for i in chunk if i not in old]
            if missing:  # no row yet (written without one): build it from the tables
                self._fts_refresh(conn, missing, stale=())
            present = [i for i in chunk if i in old]
            if not present:
                continue
            if fast:
                marks = driver.marks(len(present))
                texts = driver.run(conn, _RAW_EVENT_TEXT.format(marks), present, fetch=True)
                driver.run(conn, RAW_FTS_DELETE.format(marks), present)
            else:
                texts = conn.execute(_SQL_EVENT_TEXT, {"ids": present}).all()
                conn.execute(SQL_FTS_DELETE, {"ids": present})
            rows = [
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
            ]
            if fast:
                driver.run(conn, _RAW_FTS_ROW, [tuple(r.values()) for r in rows], many=True)
            else:
                conn.execute(_SQL_FTS_ROW, rows)

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
        refs: dict[int, ActorRef] = {}
        for ref in ev.actors:
            actor_id = self._ingest_actor(conn, ref, cache)
            linked.setdefault(actor_id, ref.role)
            details.setdefault(actor_id, actor_details(ref))
            refs.setdefault(actor_id, ref)
        return _Prepared(
            ev, type_, code, status, start, end, linked, place_key(ev.location), details, refs
        )

    def _merge_candidates(
        self, conn: Connection, prepared: list[_Prepared], cache: IngestCache
    ) -> tuple[list[_Candidate], _Arms]:
        """The stored events these may merge into, with all their actors, in one query.

        One arm per event with actors (``_merge_arms``), returning at most ``_ARM_LIMIT``
        events in the merge rule's order; ``_Arms`` says which arm returned what, so
        :meth:`_pick` can read an arm again in full when Python rejected all its rows.
        """
        bounds = cache.spans
        ordered_bounds = sorted(bounds)
        # the stored granularities ``_best_candidate`` accepts, by the event's granularity
        accepts: dict[str | None, list[str]] = {}
        arms = _Arms()
        for p in prepared:
            arms.of_event.append(None)
            if not p.linked:
                continue
            actors = sorted(p.linked)
            opposite = [OPPOSITE_ROLE.get(p.linked[a], "") for a in actors]
            arm = _Arm(actors, p.type, _family_codes(p.code), opposite)
            arm.symmetric = not roles_matter(p.type, p.code)
            if p.start is not None and p.end is not None:
                arm.lo, arm.hi = p.start, p.end
                grain = p.ev.granularity
                ok = accepts.get(grain)
                if ok is None:
                    ok = accepts[grain] = [
                        g for g in ordered_bounds if compatible_grain(g or None, grain)
                    ]
                for g in ok:
                    if g:
                        arm.grains[g] = lower_bound(p.start, bounds[g])
                    else:
                        arm.null_from = lower_bound(p.start, bounds[g])
                if not arm.grains and arm.null_from is None:
                    continue  # nothing stored at a granularity it may merge with
            arms.of_event[-1] = len(arms.arms)
            arms.arms.append(arm)
        if not arms.arms:
            return [], arms
        stmt, params = arms.statement(conn.dialect)
        found: dict[int, _Candidate] = {}
        _read_candidates(_run_driver(conn, stmt, params), found, arms.found)
        return sorted(found.values(), key=lambda c: c.id), arms

    def _side_candidates(
        self,
        conn: Connection,
        prepared: list[_Prepared],
        pool: list[_Candidate],
        by_id: dict[int, _Candidate],
        arms: _Arms,
    ) -> None:
        """Add to ``pool`` the side lookup's candidates (``_side_lookup``) of the day reports
        with coded actors that the actor arms found no candidate for, in one query."""
        sides: list[_SideArm] = []
        for p, entry in zip(prepared, arms.of_event, strict=True):
            if entry is None or p.start is None or p.end is None or not _side_report(p):
                continue  # day reports only, of a few days: the window stays fixed
            keys = sorted({c[:3] for d in p.details.values() if (c := d["code"])})
            if not keys:
                continue
            rows = arms.found.get(arms.number[entry], ())
            if any(_best_candidate([by_id[e]], p) is not None for e in rows):
                continue  # the actor arms found one (sharing an actor ranks first anyway)
            arm = arms.arms[entry]
            sides.append(_SideArm(keys[:_SIDE_WIDTH], arm.type, arm.family, p.start, p.end))
        if not sides:
            return
        stmt, params = _side_statement(conn.dialect, sides)
        found: dict[int, _Candidate] = {}
        _read_sides(_run_driver(conn, stmt, params), found)
        for event_id, cand in sorted(found.items()):
            known = by_id.get(event_id)
            if known is None:
                by_id[event_id] = cand
                pool.append(cand)
            else:
                known.refs.update(cand.refs)

    def _pick(
        self,
        conn: Connection,
        pool: list[_Candidate],
        by_id: dict[int, _Candidate],
        arms: _Arms,
        i: int,
        p: _Prepared,
    ) -> _Candidate | None:
        """``_best_candidate`` for the ``i``-th event, as if its arm had no limit.

        An arm that returned ``_ARM_LIMIT`` rows may hold more. Its rows come in the merge
        rule's order, and an event's order key only improves while the article is matched
        (it gains actors, or narrower dates): so if one of the rows is still a valid choice,
        no row after them can win. Only when none is (a different place) is the arm read in
        full.
        """
        entry = arms.of_event[i]
        rows = arms.found.get(arms.number[entry], ()) if entry is not None else ()
        if len(rows) >= _ARM_LIMIT and all(_best_candidate([by_id[e]], p) is None for e in rows):
            assert entry is not None
            stmt, params = arms.statement(conn.dialect, only=entry)
            fresh: dict[int, _Candidate] = {}
            _read_candidates(_run_driver(conn, stmt, params), fresh, {})
            for event_id, cand in sorted(fresh.items()):
                if event_id not in by_id:  # a known one may have changed in this article
                    by_id[event_id] = cand
                    pool.append(cand)
        return _best_candidate(pool, p)

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
    roles: dict[int, str] = field(default_factory=dict)  # actor id -> role
    #: actor id -> its name, kind, country and code, read by the side lookup (``_read_sides``)
    refs: dict[int, ActorRef] = field(default_factory=dict)

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
    place: str | None  # ``place_key(ev.location)``, computed once
    #: actor id -> its code, rule and evidence in this event (``event_actor`` columns, m008)
    details: dict[int, dict[str, str | None]] = field(default_factory=dict)
    #: actor id -> its reference (the first of each id): what ``_represented`` reads
    refs: dict[int, ActorRef] = field(default_factory=dict)


@dataclass(slots=True)
class IngestCache:
    """What one ingest transaction has already written or queued."""

    mentions: set[tuple[int, int]] = field(default_factory=set)
    mention_rows: list[dict[str, Any]] = field(default_factory=list)
    new_events: set[int] = field(default_factory=set)
    wrote_actors: bool = False  # new actors or aliases: the cache mark must be re-read
    spans: dict[str, int] = field(default_factory=dict)  # longest span per granularity
    note_rows: list[dict[str, Any]] = field(default_factory=list)  # merge evidence (m007)
    #: the full-text rows of the new events, when built from the rows written (``_fts_rows``)
    fts_rows: list[tuple[Any, ...]] | None = None


_NO_ACTOR = -1  # pads actor lists and fills unused arms: no actor has this id


def _pow2(n: int, least: int) -> int:
    """``n`` rounded up to a power of two, at least ``least``."""
    width = least
    while width < n:
        width *= 2
    return width


@dataclass(slots=True)
class _Arm:
    """One article event's arm: its actors, type, CAMEO family and, when dated, its dates and
    the lower bound of each granularity it may merge with."""

    actors: list[int]
    type: str
    family: list[str] | None  # None: any CAMEO code
    opposite: list[str]  # per actor, the role that conflicts with its role ("" none)
    symmetric: bool = False  # no direction (``roles_matter``): roles may differ
    lo: date | None = None  # None: undated
    hi: date | None = None
    grains: dict[str, date] = field(default_factory=dict)  # granularity -> from
    null_from: date | None = None  # events without a granularity, from


@dataclass(slots=True)
class _Arms:
    """The arms of one article's merge-candidate query (``_merge_arms``)."""

    arms: list[_Arm] = field(default_factory=list)
    of_event: list[int | None] = field(default_factory=list)  # each event's arm
    number: list[int] = field(default_factory=list)  # arm -> its number in the statement
    found: dict[int, set[int]] = field(default_factory=dict)  # number -> event ids

    def statement(self, dialect: Any, only: int | None = None) -> tuple[_MergeSql, list[Any]]:
        """The statement and its values (in its ``order``) for every arm, padded (and
        numbered), or for arm ``only`` alone, without the limit."""
        chosen = self.arms if only is None else [self.arms[only]]
        dated = [a for a in chosen if a.lo is not None]
        undated = [a for a in chosen if a.lo is None]
        step = _ARM_STEP if only is None else 1
        n_dated, n_undated = -(-len(dated) // step) * step, -(-len(undated) // step) * step
        width = _pow2(max(len(a.actors) for a in chosen), 4)
        terms = _pow2(max((len(a.grains) for a in dated), default=1), 1)
        null_term = any(a.null_from is not None for a in dated)
        ordered = dated + [_EMPTY_DATED] * (n_dated - len(dated))
        ordered += undated + [_EMPTY_UNDATED] * (n_undated - len(undated))
        if only is None:
            at = {id(a): k for k, a in enumerate(ordered)}
            self.number = [at[id(a)] for a in self.arms]
        stmt = _merge_sql(dialect, n_dated, terms, null_term, n_undated, width, only is None)
        values: list[Any] = []
        for k, arm in enumerate(ordered):
            bases = stmt.bases[k]
            if arm is _EMPTY_DATED or arm is _EMPTY_UNDATED:  # padding: the same every time
                key = (id(bases), k < n_dated)
                pad = _PADDING.get(key)
                if pad is None:
                    of = _arm_values(arm, width, terms, null_term, k < n_dated)
                    pad = _PADDING[key] = [of[n] for n in bases]
                values.extend(pad)
                continue
            pick = _PICKERS.get(id(bases))
            if pick is None:  # the values in ``bases`` order, in one call
                pick = _PICKERS[id(bases)] = operator.itemgetter(*bases, *bases[:1])
            values.extend(pick(_arm_values(arm, width, terms, null_term, k < n_dated))[:-1])
        return stmt, values


_EMPTY_DATED = _Arm([_NO_ACTOR], "", None, [""], False, date.max, date.max)
_EMPTY_UNDATED = _Arm([_NO_ACTOR], "", None, [""], False)
#: The values of a padding arm, by (id of its ``_MergeSql.bases`` entry: cached for good,
#: dated).
_PADDING: dict[tuple[int, bool], list[Any]] = {}
#: ``operator.itemgetter`` of each ``_MergeSql.bases`` entry (by id: they are kept for good),
#: with the first name once more, so that it always returns a tuple (dropped).
_PICKERS: dict[int, Any] = {}


@functools.cache
def _bind_keys(prefix: str, n: int) -> tuple[str, ...]:
    """An arm's bind names without the arm number (``_merge_arms``): ``a0`` ... ``a{n-1}``."""
    return tuple(f"{prefix}{j}" for j in range(n))


def _arm_values(arm: _Arm, width: int, terms: int, null_term: bool, dated: bool) -> dict[str, Any]:
    """One arm's values by bind name without the arm number: ``width`` actor ids (the first
    repeated), the CAMEO family (padded likewise), the role test and, dated, the ranges."""
    actors = arm.actors
    keys = _bind_keys("a", width)
    values: dict[str, Any] = dict(zip(keys, actors, strict=False))  # width >= len(actors)
    for j in range(len(actors), width):
        values[keys[j]] = actors[0]
    family = arm.family or [""]
    for j, key in enumerate(_bind_keys("f", _FAMILY_WIDTH)):
        values[key] = family[j] if j < len(family) else family[0]
    values["n"] = len(actors)
    values["type"] = arm.type
    values["any"] = arm.family is None
    values["roles"] = (
        3
        if not any(arm.opposite)
        else (2 if arm.type[:2] in SYMMETRIC_ROOTS else 1)
        if arm.symmetric
        else 0
    )
    values["pairs"] = "".join(f",{a}:{o}," for a, o in zip(actors, arm.opposite, strict=True) if o)
    if dated:
        values["lo"], values["hi"] = arm.lo, arm.hi
        grains = list(arm.grains.items())
        g_keys, from_keys = _bind_keys("g", terms), _bind_keys("from", terms)
        for t in range(terms):  # unused ranges: no granularity "", empty
            values[g_keys[t]], values[from_keys[t]] = (
                grains[t] if t < len(grains) else ("", date.max)
            )
        if null_term:
            values["fromn"] = arm.null_from or date.max
    return values


def _run_driver(conn: Connection, stmt: Any, values: Any) -> list[Any]:
    """Run a merge statement's compiled SQL (``_merge_sql``, with its values in its ``order``;
    any other statement is compiled here, with its values by name) on the connection's DBAPI
    connection (same transaction): SQLAlchemy's per-execution handling of its 300-400 bound
    parameters cost ~1 ms per article. SQLite gets dates as ISO text (as SQLAlchemy's
    ``Date`` binds them) and returns them as text: ``_read_candidates`` reads them back.
    DBAPI errors are raised as ``DBAPIError``, as ``conn.execute`` raises them (the store's
    one-line error)."""
    dialect = conn.dialect
    if not isinstance(stmt, _MergeSql):
        stmt = _compile(stmt, dialect, ())
        values = [values[n] for n in stmt.order]
    if dialect.name == "sqlite" and stmt.date_at:
        values = list(values)
        for i in stmt.date_at:
            v = values[i]
            if isinstance(v, date):
                values[i] = v.isoformat()
    bound: Any = values if stmt.positional else stmt.named(values)
    return driver.run(conn, stmt.sql, bound, fetch=True)


def _read_candidates(
    rows: Sequence[Any], found: dict[int, _Candidate], arms: dict[int, set[int]]
) -> None:
    """Candidates (one row per actor) into ``found``; which arm returned which event.
    Dates may come as ISO text (SQLite through ``_run_driver``)."""
    for row in rows:
        k, event_id, type_, origin, edited, start, end, actor_id, role, code, grain, place = row
        cand = found.get(event_id)
        if cand is None:
            if start is not None and not isinstance(start, date):
                start = _DATES.get(start) or _read_date(start)
            if end is not None and not isinstance(end, date):
                end = _DATES.get(end) or _read_date(end)
            cand = found[event_id] = _Candidate(
                event_id, type_, origin, bool(edited), start, end, set(), code, grain, place
            )
        cand.actors.add(actor_id)
        cand.roles[actor_id] = role
        arms.setdefault(k, set()).add(event_id)


def _family_codes(code: str | None) -> list[str] | None:
    """The CAMEO codes ``same_family`` accepts beside short or missing ones (None: any)."""
    if code is None or len(code) < 3:
        return None
    if code in _MEETING_FAMILY:
        return sorted(_MEETING_FAMILY)
    if code in GENERIC_CODES:  # "used force" (190): any code of its root (the type filter)
        return None
    return sorted({code, *(g for g in GENERIC_CODES if g[:2] == code[:2])})


def _merge_evidence(target: _Candidate, p: _Prepared) -> dict[str, Any]:
    """What the merge rule saw: the type, shared and added actors, the overlap in days and
    both granularities."""
    overlap: int | None = None
    if p.start and p.end and target.start and target.end:
        overlap = (min(p.end, target.end) - max(p.start, target.start)).days + 1
    out = {
        "type": p.type,
        "cameo": [target.cameo, p.code],
        "shared_actors": len(target.actors & p.linked.keys()),
        "added_actors": len(p.linked.keys() - target.actors),
        "overlap_days": overlap,
        "granularity": [target.granularity, p.ev.granularity if p.start else None],
        "place": [target.place, p.place],
    }
    if not _actors_nest(target, p):  # matched by the actors they stand for (issue #12)
        out["actor_rules"] = sorted((_represented(target, p) or frozenset()) - {"merge.same_actor"})
    return out


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
    """Finer CAMEO codes of one type family: equal, both meetings, one only a root code, or
    one its root's generic code (190 "used force" and 195 "air strikes": ``generic_pair``)."""
    return (
        a is None
        or b is None
        or len(a) < 3
        or len(b) < 3
        or _family(a) == _family(b)
        or generic_pair(a, b)
    )


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


def _fts_rows(
    new_rows: list[dict[str, Any]], mention_rows: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The full-text rows of new events (their ``id`` set), as ``RAW_FTS_INSERT`` builds them
    from the tables: summary, the event's non-empty mention sentences in the order they were
    stored (the mention rows before their ids are mapped: an event's are all in this
    article), one per line, date text and location ('' for none); in id order."""
    sentences: dict[int, list[str]] = {}
    for m in mention_rows:
        if m["event_id"] < 0 and m["sentence"]:
            sentences.setdefault(m["event_id"], []).append(m["sentence"])
    return [
        (
            row["id"],
            row["summary"],
            "\n".join(sentences.get(-(i + 1), ())),
            row["date_text"] or "",
            row["location"] or "",
        )
        for i, row in enumerate(new_rows)
    ]


_RAW_MAX_EVENT = f"SELECT max(id) FROM {EVENT.name}"


def _ids_by_max(conn: Connection) -> bool:
    """True when SQLite gives a new event the highest id + 1: its table has no AUTOINCREMENT
    (no store this code creates has; a table that had would not reuse a deleted top id)."""
    rows = driver.run(conn, _RAW_EVENT_DDL, (EVENT.name,), fetch=True)
    return bool(rows) and "AUTOINCREMENT" not in str(rows[0][0]).upper()


_RAW_EVENT_DDL = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"


def _next_event_id(conn: Connection, n: int) -> int | None:
    """The id SQLite gives the next event it stores, on the driver: one more than the highest
    stored id (``event.id`` is an INTEGER PRIMARY KEY without AUTOINCREMENT; the writer holds
    the database lock from BEGIN IMMEDIATE, so no other row comes between), and the ``n``
    events after it the ids that follow. None when those would pass the largest id (SQLite
    then picks ids at random): the events are then stored one by one."""
    ((top,),) = driver.run(conn, _RAW_MAX_EVENT, (), fetch=True)
    first = (top or 0) + 1
    return first if first + n - 1 <= MAX_ID else None


def _existing_events(conn: Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    rows = conn.execute(sa_select(EVENT.c.id).where(EVENT.c.id.in_(sorted(ids))))
    return set(rows.scalars())


def _best_candidate(pool: list[_Candidate], p: _Prepared) -> _Candidate | None:
    """The merge rule: same type and type family (a visit is not the meeting it led to),
    compatible actor sets (one set holds the other: "Russia condemned" and "Russia condemned
    the United States"; never two events with different partners), roles that do not conflict
    (no shared actor is the source in one and the target in the other, ``roles_conflict``,
    unless both events are symmetric: ``roles_matter``), overlapping dates at a
    compatible granularity (undated: undated with exactly the same actors); most shared actors
    first, then the narrowest, then the oldest."""
    actor_ids = p.linked.keys()
    directed = roles_matter(p.type, p.code)
    best: _Candidate | None = None
    best_key: tuple[int, int, tuple[int, int]] | None = None
    for c in pool:
        if c.type != p.type or not same_family(c.cameo, p.code):
            continue
        shared = len(c.actors & actor_ids)
        nest = _actors_nest(c, p)
        if not nest and (not c.refs or c.granularity != "day" or not _side_report(p)):
            continue  # no side lookup row (actors not known by name), or not a day pair
        if (directed or roles_matter(c.type, c.cameo)) and any(
            roles_conflict(c.roles.get(a), r) for a, r in p.linked.items()
        ):
            continue  # "India accused Pakistan" is not "Pakistan accused India"
        if p.start is not None and not compatible_grain(c.granularity, p.ev.granularity):
            continue
        hand_set = c.origin != "extracted" or c.edited  # its place is the user's truth
        if not hand_set and not _same_place(c.place, p.place):
            continue
        if p.start is None:
            if c.start is not None or c.actors != actor_ids:
                continue
        elif c.start is None or c.end is None or c.start > p.end or c.end < p.start:  # type: ignore[operator]
            continue
        if not nest and (not _side_pair(c, p) or _represented(c, p) is None):
            continue  # nor do they stand for one another (a leader and his state): last,
            # the costliest test
        span = (c.end - c.start).days if c.start and c.end else 0
        key = (-shared, span, c.order())
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def _side_report(p: _Prepared) -> bool:
    """A report the side lookup is for: dated by day, over at most ``_SIDE_WINDOW`` days (a
    side candidate read for one event of the article is never matched to its other, coarser
    events)."""
    return (
        p.start is not None
        and p.end is not None
        and (p.ev.granularity or "day") == "day"
        and (p.end - p.start).days <= _SIDE_WINDOW
    )


def _side_pair(c: _Candidate, p: _Prepared) -> bool:
    """The side merge's extra conditions (``merge.side_pair``; the day and window are the
    lookup's, ``_side_report``): the stored event is from an earlier article (two events one
    article kept apart are never joined through their sides), both are of the same CAMEO code
    (``_same_code``), and both name the same sides in the same roles ("Sharif signed" /
    "Pakistan and India signed" are not one signing: one side against two)."""
    if c.id <= 0 or not _same_code(c.cameo, p.code):
        return False
    directed = roles_matter(p.type, p.code) or roles_matter(c.type, c.cameo)
    theirs = _sides({a: c.refs.get(a) or p.refs.get(a) for a in c.actors}, c.roles, directed)
    ours = _sides({a: p.refs.get(a) for a in p.linked}, p.linked, directed)
    return theirs is not None and theirs == ours


def _same_code(a: str | None, b: str | None) -> bool:
    """Codes a side merge accepts: equal (both none too), one the root's generic code of the
    other (``generic_pair``: 190 / 195), or two codes of the meeting family ("hosted" 043 and
    "held a summit" 040: ``_MEETING_FAMILY``); never a bare root against a finer code, nor a
    code against none (the store's plain merge, ``same_family``, accepts both)."""
    return a == b or generic_pair(a, b) or (a in _MEETING_FAMILY and b in _MEETING_FAMILY)


def _sides(
    refs: dict[int, ActorRef | None], roles: dict[int, str], directed: bool
) -> frozenset[tuple[str, str]] | None:
    """The (role, side) pairs of an event's actors (role "" when roles do not matter; side:
    the first 3 letters of the code), or None when one of them has no code."""
    out: set[tuple[str, str]] = set()
    for a, ref in refs.items():
        if ref is None or not ref.code:
            return None
        role = roles.get(a) or "participant"
        out.add((role if directed else "", ref.code[:3]))
    return frozenset(out)


def _actors_nest(c: _Candidate, p: _Prepared) -> bool:
    """The merge rule's actor test: a shared actor, and one actor set holds the other."""
    ids = p.linked.keys()
    return bool(c.actors & ids) and (c.actors <= ids or ids <= c.actors)


def _represented(c: _Candidate, p: _Prepared) -> frozenset[str] | None:
    """The rules by which every actor of the stored event stands in the article event's, or
    every actor of the article event in the stored one's (``all_represented``, the in-article
    merge's rule: a person and the state he acts for on the date, ``merge.person_side``; an
    organ and its organisation, ``merge.organ_parent``; an official and his body,
    ``merge.person_body``), else None. Verbal acts aimed at different targets are two acts
    ("urged Japan" / "urged Shinzo Abe": ``merge.distinct_targets``)."""
    theirs: list[ActorRef] = []
    for a in c.actors:
        ref = c.refs.get(a) or p.refs.get(a)
        if ref is None:
            return None  # an actor of unknown name (linked earlier in this article)
        theirs.append(dataclass_replace(ref, role=c.roles.get(a) or "participant"))
    ours = [dataclass_replace(p.refs[a], role=r) for a, r in p.linked.items()]
    if verbal_targets_differ(
        p.type,
        c.cameo,
        {x.name for x in theirs if x.role == "target"},
        p.code,
        {x.name for x in ours if x.role == "target"},
    ):
        return None
    any_side = not roles_matter(p.type, p.code) and not roles_matter(c.type, c.cameo)
    found = all_represented(theirs, ours, any_side, p.start)
    if found is None:
        found = all_represented(ours, theirs, any_side, c.start)
    return found


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
            event.roles[actor_id] = role


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
