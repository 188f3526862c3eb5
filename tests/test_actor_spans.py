"""The actor date index (m009, with event types since m010, ``timeline.store.actor_spans``):
kept by triggers on every write path, and ``--actor`` with a date range returns exactly the
events a scan would."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pg_helpers import backend_url
from sqlalchemy import text

from timeline.dates import DateInterval
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, EventInput, EventUpdate, Store, open_store
from timeline.store.actor_spans import ACTOR_SPAN_TABLE

NAMES = ["Alpha Person", "Beta Person", "Gamma Person", "Delta Person"]
GRAINS = [("day", 0), ("week", 6), ("month", 29), ("quarter", 90), ("year", 364)]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(backend_url(request.param, tmp_path, "spans.db")) as s:
        yield s


def _event(rng: random.Random, k: int) -> ExtractedEvent:
    gran, days = rng.choice(GRAINS)
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(400))
    names = rng.sample(NAMES, rng.choice((1, 2)))
    return ExtractedEvent(
        type=rng.choice(("04", "16")),
        label="",
        summary=f"{' and '.join(names)} event {k}",
        sentence=f"{' and '.join(names)} did thing {k}.",
        sentence_start=k * 50,
        sentence_end=k * 50 + 40,
        start=start,
        end=start + timedelta(days=days),
        granularity=gran,
        date_text="then",
        actors=[ActorRef(n, "person") for n in names],
    )


def _fill(store: Store) -> None:
    rng = random.Random(5)
    for i in range(12):
        events = [_event(rng, k) for k in range(6)]
        store.ingest_article(Article(text=f"article {i}", published=date(2020, 6, 1)), events)
    a = store.add_event(
        EventInput("Manual long", "04", interval=DateInterval(date(2019, 1, 1), date(2021, 12, 31),
                   "year"), actors=[ActorRef("Alpha Person", "person")])
    )  # fmt: skip
    b = store.add_event(EventInput("Manual undated", "04",
                                   actors=[ActorRef("Beta Person", "person")]))  # fmt: skip
    ids = [e.id for e in store.query(EventFilter(sort="id")) if e.id not in (a, b)]
    types = {e.id: e.type for e in store.query(EventFilter())}
    # Dates and actors changed by a person; an event deleted; two merged; one split.
    march = DateInterval(date(2018, 3, 1), date(2018, 3, 31), "month")
    store.update_event(ids[0], EventUpdate(interval=march))
    store.update_event(ids[1], EventUpdate(actors=[ActorRef("Delta Person", "person")]))
    store.update_event(ids[2], EventUpdate(undated=True))
    store.update_event(ids[6], EventUpdate(type="16" if types[ids[6]] == "04" else "04"))
    store.update_event(b, EventUpdate(interval=DateInterval(date(2019, 5, 2), date(2019, 5, 2))))
    store.delete_event(ids[3])
    store.merge_events([ids[4], ids[5]])
    several = [e for e in store.query(EventFilter()) if len(e.mentions) > 1]
    if several:
        store.split_event(several[0].id)  # type: ignore[arg-type]


def _span_rows(store: Store) -> set[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(
            f'SELECT event_id, actor_id, granularity, start, "end", type FROM {ACTOR_SPAN_TABLE}'
        ))}  # fmt: skip


def _joined_rows(store: Store) -> set[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(
            'SELECT ea.event_id, ea.actor_id, e.granularity, e.start, e."end", e.type '
            "FROM event_actor ea JOIN event e ON e.id = ea.event_id"
        ))}  # fmt: skip


def test_triggers_keep_the_index_equal_to_the_links(store: Store) -> None:
    _fill(store)
    rows = _span_rows(store)
    assert len(rows) > 40
    assert rows == _joined_rows(store)


def test_actor_and_range_equal_a_scan_of_all_events(store: Store) -> None:
    _fill(store)
    everything = store.query(EventFilter())
    windows = [(date(2019, 4, 1), date(2019, 4, 30)), (date(2019, 12, 30), date(2020, 1, 2)),
               (date(2018, 3, 15), date(2018, 3, 15)), (date(2020, 1, 1), None),
               (date(2017, 1, 1), date(2030, 1, 1))]  # fmt: skip
    checked = 0
    for name in NAMES:
        for lo, hi in windows:
            want = [
                e.id
                for e in everything
                if e.start is not None
                and e.end is not None
                and e.end >= lo
                and (hi is None or e.start <= hi)
                and any(a.name == name for a in e.actors)
            ]
            got = store.query(EventFilter(actors=[name], date_from=lo, date_to=hi))
            assert [e.id for e in got] == want, (name, lo, hi)
            checked += len(want)
    assert checked > 20  # the windows hold events: the comparison is not vacuous


def test_an_actor_query_without_the_index_gives_the_same_events(store: Store) -> None:
    """A read-only file of an older schema has no index: the query falls back to the scan."""
    _fill(store)
    f = EventFilter(actors=["Alpha Person"], date_from=date(2019, 3, 1), date_to=date(2019, 9, 1))
    fast = [e.id for e in store.query(f)]
    store._has_actor_spans = False
    assert [e.id for e in store.query(f)] == fast and fast
