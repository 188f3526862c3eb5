"""``Store.ingest_articles``: several articles in one transaction, each all or nothing.

The batch is first written without savepoints; when an article fails, that transaction rolls
back and the batch is written again with one savepoint per article. Either way the store must
end as if the articles had been ingested one by one, the failing ones left out.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pg_helpers import backend_url
from sqlalchemy import event, func, select

from timeline.errors import InputError, TimelineError
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store
from timeline.store.common import ACTOR, DOCUMENT

NAMES = ["Alpha Person", "Beta Person", "Gamma Person", "Delta Person"]
ROLES = ["source", "target", "participant"]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _open(backend: str, tmp_path: Path, name: str) -> Store:
    return open_store(backend_url(backend, tmp_path, name))


def _event(rng: random.Random, k: int, names: list[str] | None = None) -> ExtractedEvent:
    names = names or rng.sample(NAMES, rng.choice((1, 2, 2, 3)))
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(40))
    end = start + timedelta(days=rng.choice((0, 0, 6)))
    return ExtractedEvent(
        type=rng.choice(("04", "04", "19")),
        cameo=None,
        label="",
        summary=f"event {k}",
        sentence=f"{' and '.join(names)} met, item {k}.",
        sentence_start=10 * k,
        sentence_end=10 * k + 9,
        start=start,
        end=end,
        granularity="day" if start == end else "week",
        date_text="then",
        location=rng.choice((None, "Hanoi", "Geneva")),
        actors=[ActorRef(n, "person", role=rng.choice(ROLES)) for n in names],
    )


def _articles(seed: int, n: int) -> list[tuple[Article, list[ExtractedEvent]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        events = [_event(rng, k) for k in range(rng.randrange(0, 4))]
        out.append(
            (Article(text=f"article {i}", published=date(2019, 2, 1), doc_id=f"d{i}"), events)
        )
    return out


def _failing(i: int) -> tuple[Article, list[ExtractedEvent]]:
    """An article whose second event ends before it starts (InputError), after its document
    and a new actor ("Omega Person") of its first event were written."""
    rng = random.Random(i)
    good = _event(rng, 0, ["Omega Person", "Alpha Person"])
    bad = _event(rng, 1)
    bad.end = (bad.start or date(2019, 1, 1)) - timedelta(days=3)
    return Article(text=f"failing {i}", published=date(2019, 2, 1), doc_id=f"bad{i}"), [good, bad]


def _dump(store: Store) -> list[Any]:
    """Every event in id order (ids themselves left out: PostgreSQL does not give back the
    ids of a rolled-back insert)."""
    return [
        (
            e.type, e.cameo, e.start, e.end, e.granularity, e.location,
            sorted((a.name, a.role) for a in e.actors),
            sorted((m.document or "", m.sentence or "") for m in e.mentions),
        )
        for e in store.query(EventFilter(sort="id"))
    ]  # fmt: skip


def _counts(store: Store) -> tuple[int, int]:
    with store._engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(DOCUMENT)).scalar_one()
        actors = conn.execute(select(func.count()).select_from(ACTOR)).scalar_one()
    return int(docs), int(actors)


def _savepoints(store: Store) -> list[str]:
    """The SAVEPOINT statements the store's writer sends from now on."""
    seen: list[str] = []

    @event.listens_for(store._write_engine, "savepoint")
    def _on(conn: Any, name: str) -> None:
        seen.append(name)

    return seen


def test_a_batch_stores_what_one_by_one_stores(backend: str, tmp_path: Path) -> None:
    items = _articles(3, 40)
    with _open(backend, tmp_path, "one.db") as one:
        for article, events in items:
            one.ingest_article(article, events)
        expected, counts = _dump(one), _counts(one)
    with _open(backend, tmp_path, "batch.db") as batch:
        savepoints = _savepoints(batch)
        results = []
        for i in range(0, len(items), 7):
            results += batch.ingest_articles(items[i : i + 7])
        assert not savepoints  # nothing failed: no savepoint was needed
        assert not any(isinstance(r, TimelineError) for r in results)
        assert _dump(batch) == expected and _counts(batch) == counts
        assert sum(r.merged_mentions for r in results if not isinstance(r, TimelineError)) > 5


def test_a_failing_article_rolls_back_alone(backend: str, tmp_path: Path) -> None:
    items = _articles(5, 12)
    with _open(backend, tmp_path, "one.db") as one:
        for article, events in items:
            one.ingest_article(article, events)
        expected, (docs, actors) = _dump(one), _counts(one)
    with _open(backend, tmp_path, "batch.db") as batch:
        savepoints = _savepoints(batch)
        mixed = items[:4] + [_failing(1)] + items[4:9] + [_failing(2)] + items[9:]
        results = batch.ingest_articles(mixed)
        assert [i for i, r in enumerate(results) if isinstance(r, TimelineError)] == [4, 10]
        assert all(isinstance(results[i], InputError) for i in (4, 10))
        assert "ends before it starts" in str(results[4])
        assert len(savepoints) == len(mixed)  # written again, one savepoint per article
        # nothing of the failing articles: no document, no event, no actor
        assert _dump(batch) == expected and _counts(batch) == (docs, actors)
        # a rerun skips every stored article; the failing ones fail again, alone
        again = batch.ingest_articles(mixed)
        assert [i for i, r in enumerate(again) if isinstance(r, TimelineError)] == [4, 10]
        assert all(r.skipped for r in again if not isinstance(r, TimelineError))
        assert _dump(batch) == expected
        # the actor cache forgot the rolled-back actor: it can be stored now
        fixed = _failing(1)[1][:1]
        (result,) = batch.ingest_articles([(Article("fixed", date(2019, 2, 1)), fixed)])
        assert not isinstance(result, TimelineError)
        names = {a.name for e in batch.query(EventFilter()) for a in e.actors}
        assert "Omega Person" in names


def test_one_article_batch_raises_its_error(backend: str, tmp_path: Path) -> None:
    with _open(backend, tmp_path, "one.db") as store:
        with pytest.raises(InputError, match="ends before it starts"):
            store.ingest_article(*_failing(3))
        assert _counts(store) == (0, 0)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "s.db")) as s:
        yield s


def test_a_database_error_mid_batch_leaves_nothing_half_written(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error that is not an article's own (the database failed) rolls the whole batch
    back and is raised as the store's one-line error; nothing of the batch is stored."""
    import timeline.store.ingest as ingest_mod

    items = _articles(7, 6)
    calls = 0
    real = ingest_mod.IngestStore._fts_add_sentences

    def broken(self: Any, conn: Any, ids: Any, rows: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            conn.exec_driver_sql("SELECT * FROM no_such_table")
        real(self, conn, ids, rows)

    monkeypatch.setattr(ingest_mod.IngestStore, "_fts_add_sentences", broken)
    with pytest.raises(TimelineError, match="no_such_table"):
        sqlite_store.ingest_articles(items)
    assert _counts(sqlite_store) == (0, 0)
    assert _dump(sqlite_store) == []


def test_ingest_refuses_a_batch_size_below_one_before_any_extraction(tmp_path: Path) -> None:
    from timeline.ingest import ingest

    def sources() -> Iterator[Article]:
        raise AssertionError("extraction must not start")
        yield  # pragma: no cover

    with open_store(str(tmp_path / "b.db")) as store:
        with pytest.raises(InputError, match="batch size must be at least 1, got 0"):
            ingest(store, sources(), batch_size=0)
        assert store.query(EventFilter()) == []
