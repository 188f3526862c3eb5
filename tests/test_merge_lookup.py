"""Ingest's merge lookup (``timeline.store.ingest``): SQL picks at most a few candidates per
article event, in the merge rule's order, and reads an arm again in full when the place test
rejects all of them. Every event must still merge exactly where the rule applied to ALL stored
events sends it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pg_helpers import backend_url

import timeline.store.ingest as ingest_mod
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store
from timeline.store.common import place_key
from timeline.store.ingest import _best_candidate, _Candidate, _merge_arms, _Prepared

NAMES = ["Alpha Person", "Beta Person", "Gamma Person"]
PLACES = [None, "Hanoi", "Singapore", "Geneva", "Vienna", "Osaka", "Helsinki", "Vietnam", "Japan"]
GRAINS = [("day", 0), ("week", 6), ("month", 29), ("year", 364)]
CODES = [None, "04", "040", "043", "042", "046"]
#: Directed events (force, CAMEO 19): roles matter; 190 is the root's generic code.
FORCE_CODES = [None, "19", "190", "195", "194"]
ROLES = ["source", "target", "participant"]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(backend_url(request.param, tmp_path, "lookup.db")) as s:
        yield s


def _event(rng: random.Random, k: int, directed: bool = False) -> ExtractedEvent:
    names = rng.sample(NAMES, rng.choice((1, 1, 2, 3)))
    # roles: for a directed type, often the two orders of one pair (role-reversed reports)
    roles = [rng.choice(ROLES) for _ in names]
    if len(names) == 2 and rng.random() < 0.6:
        roles = rng.choice((["source", "target"], ["target", "source"]))
    if rng.random() < 0.1:
        start = end = None
        gran = None
    else:
        gran, days = rng.choice(GRAINS)
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(120))
        end = start + timedelta(days=days)
    return ExtractedEvent(
        type="19" if directed else "04",
        cameo=rng.choice(FORCE_CODES if directed else CODES),
        label="",
        summary=f"event {k}",
        sentence=f"{' and '.join(names)} met, item {k}.",
        sentence_start=0,
        sentence_end=30,
        start=start,
        end=end,
        granularity=gran,
        date_text="then" if start else None,
        location=rng.choice(PLACES),
        actors=[ActorRef(n, "person", role=r) for n, r in zip(names, roles, strict=True)],
    )


def _expected(store: Store, ev: ExtractedEvent, roles: bool = True) -> int | None:
    """The merge rule over every stored event (actor names stand for ids); without
    ``roles``, as if the stored events' roles were unknown (only to count what roles do)."""
    pool = [
        _Candidate(
            e.id or 0,
            e.type,
            e.origin,
            e.edited,
            e.start,
            e.end,
            {a.name for a in e.actors},
            e.cameo,
            e.granularity,  # type: ignore[misc]
            place_key(e.location),
            {a.name: a.role for a in e.actors} if roles else {},  # type: ignore[misc]
        )  # fmt: skip
        for e in store.query(EventFilter(sort="id"))
    ]
    linked = {a.name: a.role for a in ev.actors}
    prepared = _Prepared(ev, ev.type, ev.cameo, "reported", ev.start, ev.end or ev.start,
                         linked, place_key(ev.location))  # type: ignore[arg-type]  # fmt: skip
    best = _best_candidate(pool, prepared)
    return best.id if best else None


@pytest.mark.parametrize("directed", [False, True], ids=["meetings", "force-roles"])
def test_each_event_merges_where_the_rule_over_all_events_says(
    store: Store, monkeypatch: pytest.MonkeyPatch, directed: bool
) -> None:
    reads = {"full": 0}
    statement = ingest_mod._Arms.statement

    def counted(self: ingest_mod._Arms, dialect: str, only: int | None = None):  # type: ignore[no-untyped-def]
        if only is not None:
            reads["full"] += 1
        return statement(self, dialect, only)

    monkeypatch.setattr(ingest_mod._Arms, "statement", counted)
    rng = random.Random(11)
    merged = reversed_apart = reversed_merged = 0
    for k in range(160):
        ev = _event(rng, k, directed)
        want = _expected(store, ev)
        reversed_apart += want != _expected(store, ev, roles=False)
        before = {e.id: len(e.mentions) for e in store.query(EventFilter())}
        store.ingest_article(Article(text=f"article {k}", published=date(2019, 6, 1)), [ev])
        after = {e.id: len(e.mentions) for e in store.query(EventFilter())}
        grew = [i for i in after if i in before and after[i] > before[i]]
        new = [i for i in after if i not in before]
        if want is None:
            assert grew == [] and len(new) == 1, (k, ev)
        else:
            assert grew == [want] and new == [], (k, ev, want, grew, new)
            merged += 1
            stored = {a.name: a.role for a in store.get_event(want).actors}
            reversed_merged += any(
                {stored.get(a.name), a.role} == {"source", "target"} for a in ev.actors
            )
    # Not vacuous: many merges, and arms that had to be read in full (places rejected the
    # first rows).
    assert merged > 40
    assert reads["full"] > 3
    # ... and, for the directed type, events kept apart (or sent elsewhere) by their roles
    # (meetings: the directed visit and hosting codes); for meetings, role-reversed reports
    # merged (040, 044, 046 and the bare root are symmetric); for force, never
    assert reversed_apart > 10
    assert (reversed_merged == 0) if directed else (reversed_merged > 5)


def test_the_driver_path_returns_what_sqlalchemy_returns(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge statement runs its compiled SQL on the DBAPI connection (``_run_driver``):
    the same rows, dates included, as the statement executed through SQLAlchemy."""
    run = ingest_mod._run_driver
    compared = {"calls": 0, "rows": 0, "dated": 0}

    def checked(conn, stmt, params):  # type: ignore[no-untyped-def]
        raw = run(conn, stmt, params)
        named = stmt.named(params)
        via_sqlalchemy = [tuple(r) for r in conn.execute(stmt.construct(), named).all()]
        found: dict[int, _Candidate] = {}
        ingest_mod._read_candidates(raw, found, {})
        reference: dict[int, _Candidate] = {}
        ingest_mod._read_candidates(via_sqlalchemy, reference, {})
        assert found == reference
        for c in found.values():  # dates as dates on both backends (SQLite gives ISO text)
            assert all(type(d) is date for d in (c.start, c.end) if d is not None)
            compared["dated"] += c.start is not None
        assert [(r[0], r[1], r[7]) for r in raw] == [(r[0], r[1], r[7]) for r in via_sqlalchemy]
        compared["calls"] += 1
        compared["rows"] += len(raw)
        return raw

    monkeypatch.setattr(ingest_mod, "_run_driver", checked)
    rng = random.Random(5)
    for k in range(60):
        ev = _event(rng, k, directed=k % 2 == 1)
        store.ingest_article(Article(text=f"article {k}", published=date(2019, 6, 1)), [ev])
    assert compared["calls"] > 30 and compared["rows"] > 30
    assert compared["dated"] > 10


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_assembled_merge_sql_is_the_statement_compiled(dialect: str) -> None:
    """``_merge_sql`` builds each shape's SQL from one compiled arm: the very text (and bind
    order) SQLAlchemy compiles the whole ``_merge_arms`` statement to."""
    from sqlalchemy.dialects import postgresql, sqlite

    d = sqlite.dialect() if dialect == "sqlite" else postgresql.psycopg.dialect()
    shapes = 0
    for dated, undated in [(1, 0), (0, 1), (4, 0), (0, 4), (8, 4), (12, 1)]:
        for terms, null_term, width, limited in [
            (1, False, 4, True), (2, True, 4, True), (4, False, 8, True), (4, True, 8, False)
        ]:  # fmt: skip
            shape = (dated, terms, null_term, undated, width, limited)
            assembled = ingest_mod._merge_sql(d, *shape)
            whole = _merge_arms(dialect, *shape).compile(dialect=d)
            assert assembled.sql == whole.string
            if whole.positional:
                assert assembled.positional and assembled.order == tuple(whole.positiontup)
            else:
                assert not assembled.positional and set(assembled.order) == set(whole.binds)
            assert len(assembled.bases) == dated + undated
            assert assembled.construct().compare(_merge_arms(dialect, *shape))
            shapes += 1
    assert shapes == 24


def test_driver_errors_are_sqlalchemy_errors(store: Store) -> None:
    """A DBAPI error on the driver path is raised as SQLAlchemy raises it (``DBAPIError``),
    so the store's one-line error handling still applies."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with store.engine.connect() as conn, pytest.raises(DBAPIError):
        ingest_mod._run_driver(conn, text("SELECT no_such_column FROM event"), {})
