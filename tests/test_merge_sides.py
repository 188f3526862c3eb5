"""Merges across articles of actors that stand for one another (issue #12,
tests/fixtures/merge_side_pairs.tsv): the store's merge (``timeline.store.ingest``: its side
lookup and ``_represented``) agrees with the in-article merge (``timeline.events.merge``) in
both orders of the two articles, keeps both reports' actors and records the rule; the side
index (m013, ``event_actor_span.side``, indexed for day events) is kept by the triggers,
filled by the migration and read by the lookup as bounded index ranges (a fixed window of
days, whatever the store's longest span: SQLite's and PostgreSQL's plans); a person's act on
another day, or a verbal act at another target, stays apart; ``timeline split`` undoes such a
merge."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pg_helpers import backend_url
from sqlalchemy import select, text

from timeline.events.merge import merge_events
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store
from timeline.store.actor_spans import ACTOR_SPAN_TABLE, OLD_SIDE_INDEX, SIDE_DAY_INDEX
from timeline.store.common import MERGE_NOTE
from timeline.store.migrations import MIGRATIONS_TABLE

PAIRS = Path(__file__).parent / "fixtures" / "merge_side_pairs.tsv"
DAY = date(2019, 3, 4)
ORGANIZATIONS = {"United Nations", "UN Security Council", "NATO"}


def _rows() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as fh:
        return list(
            csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        )


ROWS = _rows()


def _event(type_: str, spec: str, offset: int, day: date = DAY) -> ExtractedEvent:
    code, actors = spec.split(";")
    refs = []
    for part in actors.split(","):
        who, role = part.split("=")
        who, _, actor_code = who.partition("#")
        name, _, country = who.partition("@")
        if country:
            refs.append(ActorRef(name, "person", country, role=role, code=actor_code))
        elif name in ORGANIZATIONS:
            refs.append(ActorRef(name, "organization", None, role=role, code=actor_code))
        else:
            refs.append(ActorRef(name, "country", name, role=role, code=actor_code))
    sentence = f"Report {offset}: {spec}."
    return ExtractedEvent(
        type=type_, cameo=code, label="", summary=sentence, sentence=sentence,
        sentence_start=offset * 100, sentence_end=offset * 100 + len(sentence),
        start=day, end=day, granularity="day", date_text="on Monday", actors=refs,
    )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(backend_url(request.param, tmp_path, "sides.db")) as s:
        yield s


def test_fixture_has_both_answers() -> None:
    assert {r["merge"] for r in ROWS} == {"yes", "no"}
    assert {r["across"] for r in ROWS} == {"yes", "no"}
    # the store is never looser than the in-article merge
    assert all(r["merge"] == "yes" for r in ROWS if r["across"] == "yes")
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    assert {"merge.person_side", "merge.organ_parent"} <= {r["evidence"] for r in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_in_article_merge(row: dict[str, str]) -> None:
    a, b = _event(row["type"], row["a"], 0), _event(row["type"], row["b"], 1)
    merged = merge_events([a, b])
    assert len(merged) == (1 if row["merge"] == "yes" else 2), row["why"]
    if row["evidence"]:
        assert row["evidence"] in merged[0].rules, row["why"]


@pytest.mark.parametrize("order", ["ab", "ba"])
@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_store_merges_across_articles(store: Store, row: dict[str, str], order: str) -> None:
    reports = {k: _event(row["type"], row[k], i) for i, k in enumerate("ab")}
    for k in order:
        store.ingest_article(Article(text=f"article {k} {row['id']}", published=DAY), [reports[k]])
    events = store.query(EventFilter())
    if row["across"] == "no":
        assert len(events) == 2, row["why"]
        return
    assert len(events) == 1, row["why"]
    (event,) = events
    assert len(event.mentions) == 2
    # both reports' actors are kept: the state beside its official, the organ beside its body
    names = {a.name for k in "ab" for a in reports[k].actors}
    assert {a.name for a in event.actors} == names, row["why"]
    with store._engine.connect() as conn:
        notes = [json.loads(e) for e in conn.execute(select(MERGE_NOTE.c.evidence)).scalars()]
    assert [n.get("actor_rules") for n in notes] == [[row["evidence"]]], row["why"]


ROW = {r["id"]: r for r in ROWS}


def _ingest(store: Store, row: dict[str, str], order: str, days: tuple[date, date]) -> None:
    for i, k in enumerate(order):
        ev = _event(row["type"], row[k], i, days[i])
        store.ingest_article(Article(text=f"article {k} {row['id']}", published=days[i]), [ev])


@pytest.mark.parametrize("order", ["ab", "ba"])
@pytest.mark.parametrize("row_id", ["president_state", "leaders_states", "organ_organisation"])
def test_another_day_stays_apart(store: Store, row_id: str, order: str) -> None:
    """A person's act and his state's on different days are two events."""
    _ingest(store, ROW[row_id], order, (DAY, DAY + timedelta(days=3)))
    assert len(store.query(EventFilter())) == 2


def test_a_state_and_its_leaders_stay_two_events_from_a_third_report(store: Store) -> None:
    """The side lookup only adds candidates: a third report of the same act joins the
    merged event, not a new one."""
    row = ROW["president_state"]
    _ingest(store, row, "ab", (DAY, DAY))
    third = _event(row["type"], row["a"], 2)
    store.ingest_article(Article(text="article c", published=DAY), [third])
    (event,) = store.query(EventFilter())
    assert len(event.mentions) == 3


def test_split_undoes_a_side_merge(store: Store) -> None:
    _ingest(store, ROW["president_state"], "ab", (DAY, DAY))
    (event,) = store.query(EventFilter())
    assert event.id is not None
    store.split_event(event.id)
    events = store.query(EventFilter())
    assert len(events) == 2 and all(len(e.mentions) == 1 for e in events)


def _sides(store: Store) -> set[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(
            f"SELECT s.event_id, s.actor_id, s.side, ea.code FROM {ACTOR_SPAN_TABLE} s "
            "JOIN event_actor ea ON ea.event_id = s.event_id AND ea.actor_id = s.actor_id"
        ))}  # fmt: skip


def test_triggers_keep_each_links_side(store: Store) -> None:
    for row in ROWS:
        _ingest(store, row, "ab", (DAY, DAY))
    ids = [e.id for e in store.query(EventFilter(sort="id"))]
    store.merge_events([ids[-1], ids[-2]])  # type: ignore[list-item]
    rows = _sides(store)
    assert len(rows) > 40
    assert all(side == (code or "")[:3] or (side is None and code is None)
               for _, _, side, code in rows)  # fmt: skip
    assert {"USA", "IGO", "KOR"} <= {side for _, _, side, _ in rows}


def test_the_migration_fills_the_sides_of_stored_links(tmp_path: Path) -> None:
    """A store written before m013: the migration sets each stored link's side."""
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        _ingest(store, ROW["president_state"], "a", (DAY,))
    with sqlite3.connect(path) as c:
        c.execute(f"DROP INDEX {SIDE_DAY_INDEX}")
        c.execute(f"UPDATE {ACTOR_SPAN_TABLE} SET side = NULL")
        c.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = 'm013_actor_span_side_days'")
        # the reverted first version's index, on a store that had it: dropped
        c.execute(f"CREATE INDEX {OLD_SIDE_INDEX} ON {ACTOR_SPAN_TABLE} (side, type)")
    with open_store(str(path)) as store:
        assert {side for _, _, side, _ in _sides(store)} == {"USA", "JPN"}
        with store.engine.connect() as conn:
            indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert SIDE_DAY_INDEX in indexes and OLD_SIDE_INDEX not in indexes
        store.ingest_article(
            Article(text="article b", published=DAY),
            [_event("16", ROW["president_state"]["b"], 1)],
        )
        assert len(store.query(EventFilter())) == 1


def test_the_side_lookup_reads_the_side_index(tmp_path: Path) -> None:
    """SQLite plans the side lookup as ranges of the day side index (m013), not a scan:
    one search per side on (side, type, start), the window's dates as the range."""
    from sqlalchemy.dialects import sqlite

    from timeline.store.ingest import _side_statement, _SideArm

    arm = _SideArm(["USA", "JPN"], "16", ["163"], DAY, DAY)
    with open_store(str(tmp_path / "plan.db")) as store:
        stmt, values = _side_statement(sqlite.dialect(), [arm])
        with store.engine.connect() as conn:
            args = [v.isoformat() if isinstance(v, date) else v for v in values]
            plan = " ".join(
                str(r[-1])
                for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt.sql, tuple(args))
            )
    assert (
        f"USING COVERING INDEX {SIDE_DAY_INDEX} "
        "(side=? AND type=? AND granularity=? AND start>? AND start<?)" in plan
    )
    assert f"SCAN {ACTOR_SPAN_TABLE}" not in plan
    assert "SCAN event " not in plan and "SCAN e " not in plan


def test_postgresql_plans_the_side_lookup_on_the_index() -> None:
    """PostgreSQL can read each side arm as one index range of the day side index, its
    conditions on (side, type, start) (sequential scans off: a test table is tiny)."""
    import os

    url = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")
    if not url:
        pytest.skip("set TIMELINE_TEST_POSTGRES_URL to run")
    from pg_helpers import wipe

    from timeline.store.ingest import _side_statement, _SideArm

    wipe(url)
    arm = _SideArm(["USA", "JPN"], "16", ["163"], DAY, DAY)
    with open_store(url) as store:
        _ingest(store, ROW["president_state"], "a", (DAY,))
        with store.engine.connect() as conn:
            stmt, values = _side_statement(conn.dialect, [arm])
            conn.exec_driver_sql("SET enable_seqscan = off")
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            args = stmt.named(values) if not stmt.positional else tuple(values)
            cursor.execute("EXPLAIN " + stmt.sql, args)
            plan = "\n".join(str(r[0]) for r in cursor.fetchall())
    assert f"Index Only Scan using {SIDE_DAY_INDEX}" in plan, plan
    assert f"Seq Scan on {ACTOR_SPAN_TABLE}" not in plan, plan
    conds = [ln for ln in plan.splitlines() if "Index Cond: ((side" in ln]
    assert len(conds) == 4 and all("start >=" in c and "start <=" in c for c in conds), plan


def test_the_window_is_fixed_whatever_the_longest_span() -> None:
    """The side arm reads from ``_SIDE_WINDOW`` days before the report, never from the
    store's longest span (the reverted version's bound, which grew with the store)."""
    from timeline.store.ingest import _SIDE_WINDOW, _SideArm

    values = _SideArm(["USA"], "16", None, DAY, DAY).values()
    assert values["from"] == DAY - timedelta(days=_SIDE_WINDOW)
    assert (values["lo"], values["hi"]) == (DAY, DAY)


def test_a_long_stored_span_does_not_widen_the_side_lookup(store: Store) -> None:
    """A stored day event of 60 days (the store's longest span) is not read by the side
    lookup of a report on its last day (it starts before the window: a merge missed, never a
    wrong one); one starting in the window still merges."""
    row = ROW["president_state"]
    long = replace(_event(row["type"], row["a"], 0), start=DAY - timedelta(days=60))
    store.ingest_article(Article(text="long", published=DAY), [long])
    store.ingest_article(Article(text="state", published=DAY), [_event(row["type"], row["b"], 1)])
    assert len(store.query(EventFilter())) == 2
    near = _event(row["type"], row["a"], 2, DAY + timedelta(days=30))
    near = replace(near, start=DAY + timedelta(days=28))
    store.ingest_article(Article(text="near", published=DAY), [near])
    later = _event(row["type"], row["b"], 3, DAY + timedelta(days=30))
    store.ingest_article(Article(text="later", published=DAY), [later])
    assert len(store.query(EventFilter())) == 3


# merge.side_pair (xmerge3): near misses the side merge must not make across articles, each
# of them merged by the rule before it (a bare root code against a finer one, the events one
# article kept apart, one side against two).
@pytest.mark.parametrize("order", ["ab", "ba"])
@pytest.mark.parametrize(
    ("type_", "a", "b"),
    [
        # a root code only ("05") against a finer one: the code is not the same
        (
            "05",
            ROW["leaders_then_one_state"]["a"],
            "05;United States#USA=participant,Panama#PAN=participant",
        ),
        # a bare root of force ("19") against "air strikes" (195): 190 would be its generic code
        (
            "19",
            "195;Ronald Reagan@United States#USAGOV=source,Libya#LBY=target",
            "19;United States#USA=source,Libya#LBY=target",
        ),
    ],
    ids=["root_code", "root_of_force"],
)
def test_a_side_merge_needs_the_same_code(
    store: Store, type_: str, a: str, b: str, order: str
) -> None:
    reports = {"a": _event(type_, a, 0), "b": _event(type_, b, 1)}
    for k in order:
        store.ingest_article(Article(text=f"article {k}", published=DAY), [reports[k]])
    assert len(store.query(EventFilter())) == 2


@pytest.mark.parametrize(
    ("type_", "code_a", "code_b"),
    [("04", "040", "040"), ("04", "043", "040"), ("19", "195", "190"), ("05", "057", "057")],
    ids=["same_meeting", "hosted_vs_met", "generic_force", "same_signing"],
)
def test_the_same_codes_still_merge_by_side(
    store: Store, type_: str, code_a: str, code_b: str
) -> None:
    """The positive twins of the near misses: the same code, two codes of the meeting
    family (gold fr01: "Biden hosted Kishida and Yoon" / "the three leaders held a summit"),
    a root's generic code and a finer one."""
    a = f"{code_a};Joe Biden@United States#USAGOV=participant,"
    a += "Fumio Kishida@Japan#JPNGOV=participant"
    b = f"{code_b};United States#USA=participant,Japan#JPN=participant"
    for i, spec in enumerate((a, b)):
        ev = _event(type_, spec, i)
        store.ingest_article(Article(text=f"article {i}", published=DAY), [ev])
    (event,) = store.query(EventFilter())
    assert len(event.mentions) == 2


@pytest.mark.parametrize("row_id", ["president_state", "leaders_states"])
def test_one_articles_events_kept_apart_stay_apart(store: Store, row_id: str) -> None:
    """Two events one article stores apart (its in-article merge did not join them) are not
    joined through their sides by the store: only a stored event of an earlier article is a
    side candidate."""
    row = ROW[row_id]
    both = [_event(row["type"], row["a"], 0), _event(row["type"], row["b"], 1)]
    store.ingest_article(Article(text=f"one article {row_id}", published=DAY), both)
    assert len(store.query(EventFilter())) == 2


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_a_leader_of_one_side_is_not_both_sides(store: Store, order: str) -> None:
    """Gold pair fq02's shape: "Sharif signed" / "Pakistan and India signed" (one side
    against two) stay two events across articles (the in-article merge still joins them:
    row leader_then_two_states); the same sides on both merge (row leaders_states)."""
    _ingest(store, ROW["leader_then_two_states"], order, (DAY, DAY))
    assert len(store.query(EventFilter())) == 2
