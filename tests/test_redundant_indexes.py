"""m012: the indexes that only repeated a prefix of another are dropped, on SQLite and
PostgreSQL, from new stores and from upgraded ones; every lookup they served still has an
index (or the primary key) that starts with their columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_helpers import backend_url
from sqlalchemy import Engine, inspect, text

from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store
from timeline.store.migrations import MIGRATIONS_TABLE, REDUNDANT_INDEXES

M012 = "m012_drop_redundant_indexes"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield backend_url(request.param, tmp_path, "m012.db")


def indexes(engine: Engine, table: str) -> dict[str, tuple[str, ...]]:
    """Index name -> columns (the primary key as "primary key")."""
    insp = inspect(engine)
    found = {i["name"]: tuple(i["column_names"]) for i in insp.get_indexes(table)}
    found["primary key"] = tuple(insp.get_pk_constraint(table)["constrained_columns"])
    return found


def meeting(*names: str) -> ExtractedEvent:
    return ExtractedEvent(
        type="04",
        label="consult",
        summary=f"{' and '.join(names)} meet",
        sentence=f"{' and '.join(names)} met in Hanoi.",
        sentence_start=0,
        sentence_end=30,
        start=date(2019, 3, 1),
        end=date(2019, 3, 1),
        granularity="day",
        date_text="on Friday",
        actors=[ActorRef(n, "person") for n in names],
        location="Hanoi",
    )


def check_schema(store: Store) -> None:
    for name, table, columns in REDUNDANT_INDEXES:
        have = indexes(store.engine, table)
        assert name not in have
        # What served its lookups is still there: an index that starts with its columns.
        assert any(cols[: len(columns)] == columns for cols in have.values()), (name, have)


def test_a_new_store_has_no_redundant_index(url: str) -> None:
    with open_store(url) as store:
        check_schema(store)
        assert set(indexes(store.engine, "event_actor")) == {
            "primary key",
            "ix_event_actor_actor_event",
            "ix_event_actor_event_actor_role",
        }


def test_an_upgraded_store_loses_them_and_keeps_its_links(url: str) -> None:
    with open_store(url) as store:
        store.ingest_article(Article("a", date(2019, 3, 2)), [meeting("Anna", "Boris")])
        with store.engine.begin() as conn:  # the store as m011 left it
            for name, table, columns in REDUNDANT_INDEXES:
                conn.execute(text(f"CREATE INDEX {name} ON {table} ({', '.join(columns)})"))
            conn.execute(text(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = '{M012}'"))
        assert {n for n, _, _ in REDUNDANT_INDEXES} <= set(indexes(store.engine, "event_actor"))
    with open_store(url) as store:  # opening applies m012
        check_schema(store)
        with store.engine.connect() as conn:
            names = {r[0] for r in conn.execute(text(f"SELECT name FROM {MIGRATIONS_TABLE}"))}
        assert M012 in names
        [event] = store.query(EventFilter(actors=["Boris"]))
        assert sorted(a["name"] for a in event["actors"]) == ["Anna", "Boris"]
        store.ingest_article(Article("b", date(2019, 3, 2)), [meeting("Anna", "Boris")])
        [event] = store.query(EventFilter(actors=["Anna"]))
        assert len(event["mentions"]) == 2  # the merge lookup still finds it
