"""``timeline.store.driver``: on SQLite, ingest runs its statements on the sqlite3 connection.

The database it leaves must be byte for byte the one SQLAlchemy's path leaves: every table,
every column, as stored (dates, times and booleans in SQLAlchemy's own formats), full-text
rows included. Merges, in-article merges, date narrowing, tombstones (a deleted event's
sentence is not stored again), new actors and skipped repeats all take place.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import timeline.store.ingest as ingest_mod
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import driver, open_store

NAMES = ["Alpha Person", "Beta Person", "Gamma Person", "Delta Person", "Epsilon Person"]
GRAINS = [("day", 0), ("day", 0), ("week", 6), ("month", 29), ("year", 364)]


def _event(rng: random.Random, k: int) -> ExtractedEvent:
    names = rng.sample(NAMES, rng.choice((1, 2, 2, 3)))
    if rng.random() < 0.1:
        start = end = None
        grain = None
    else:
        grain, days = rng.choice(GRAINS)
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(60))
        end = start + timedelta(days=days)
    return ExtractedEvent(
        type=rng.choice(("04", "04", "19", "05")),
        cameo=rng.choice((None, "040", "043")),
        label="",
        summary=f"event {k}",
        sentence=f"{' and '.join(names)} met, item {k % 17}.",
        sentence_start=10 * k,
        sentence_end=10 * k + 9,
        start=start,
        end=end,
        granularity=grain,
        date_text="then" if start else None,
        timex_value=start.isoformat() if start else None,
        location=rng.choice((None, "Hanoi", "Geneva", "Vietnam")),
        confidence=0.5 + rng.random() / 2,
        actors=[
            ActorRef(
                n, "person", country=rng.choice((None, "Vietnam")),
                role=rng.choice(("source", "target", "participant")),
                code=rng.choice((None, "VNMGOV")), rule=rng.choice((None, "actor.alias")),
                evidence=rng.choice((None, f"'{n}' = {n}")),
            )
            for n in names
        ],
    )  # fmt: skip


def _articles(seed: int, n: int) -> list[tuple[Article, list[ExtractedEvent]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = f"article {i % (n - 3)}"  # the last three repeat earlier ones: skipped
        events = [_event(rng, rng.randrange(40)) for _ in range(rng.randrange(0, 5))]
        article = Article(
            text=text, published=date(2019, 3, 1) + timedelta(days=i), doc_id=f"d{i}",
            title=rng.choice((None, f"title {i}")), source=rng.choice((None, "Wire")),
            url=rng.choice((None, f"https://example.org/{i}")),
        )  # fmt: skip
        out.append((article, events))
    return out


_OWN = {"_timeline_migrations"}  # when each migration ran: not ingest's
_NO_ROWID = {"event_fts_idx", "event_fts_config"}


def _tables(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        # in stored order; the full-text index's tables without rowid sorted
        out = {}
        for n in names:
            if n in _NO_ROWID:
                out[n] = sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            else:
                out[n] = conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def _ingest(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> int:
    """Ingest the articles (one by one, then in batches; two events deleted between them,
    one the newest); return how many statements went to the driver."""
    monkeypatch.setattr(driver, "enabled", fast)
    sent = 0
    run = driver.run

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal sent
        sent += 1
        return run(*args, **kwargs)

    monkeypatch.setattr(driver, "run", counted)
    items = _articles(11, 60)
    # an article whose events merge with each other: a new event with two sentences
    twice = _event(random.Random(3), 41)
    twice.actors = [ActorRef("Zeta Person", "person", role="participant")]  # new: no merge
    again = dataclasses.replace(twice, sentence="They met again.", sentence_start=900)
    items[40][1][:0] = [twice, again]
    with open_store(str(path)) as store:
        for article, events in items[:30]:
            store.ingest_article(article, events)
        store.delete_event(3)  # its sentences become tombstones
        # the newest event too: SQLite gives its id again (the driver sets the ids itself)
        raw = sqlite3.connect(path)
        try:
            ((newest,),) = raw.execute("SELECT max(id) FROM event").fetchall()
        finally:
            raw.close()
        store.delete_event(newest)
        for i in range(30, 60, 8):
            store.ingest_articles(items[i : i + 8])
    return sent


def test_the_driver_writes_what_sqlalchemy_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = datetime(2026, 12, 7, 9, 0, 0, tzinfo=UTC)  # no microseconds: the format shows
    monkeypatch.setattr(ingest_mod, "now_utc", lambda: clock)
    sent_fast = _ingest(tmp_path / "fast.db", True, monkeypatch)
    sent_slow = _ingest(tmp_path / "slow.db", False, monkeypatch)
    assert sent_fast > 60 * 6 and sent_slow < sent_fast / 2  # (the merge query always)
    fast, slow = _tables(tmp_path / "fast.db"), _tables(tmp_path / "slow.db")
    assert fast.keys() == slow.keys()
    for name in slow.keys() - _OWN:
        if name == "event_tombstone":  # written by delete_event (its own clock), not ingest
            fast[name] = [r[:-1] for r in fast[name]]
            slow[name] = [r[:-1] for r in slow[name]]
        assert fast[name] == slow[name], name
    assert len(slow["event"]) > 40 and len(slow["mention"]) > len(slow["event"])
    assert slow["event_tombstone"] and slow["merge_note"] and slow["actor_alias"] is not None
    # a new event with two sentences: one full-text row, one line each
    assert any("\n" in c for row in slow["event_fts_content"] for c in row if isinstance(c, str))


def test_driver_errors_are_the_stores_one_line_errors(tmp_path: Path) -> None:
    from timeline.errors import StoreError

    with open_store(str(tmp_path / "x.db")) as store:
        with store._write_engine.begin() as conn:
            with pytest.raises(Exception) as info:
                driver.run(conn, "SELECT * FROM no_such_table", ())
        from sqlalchemy.exc import DBAPIError

        assert isinstance(info.value, DBAPIError)
        assert not isinstance(info.value, StoreError)


def test_a_statement_with_a_column_default_is_refused(tmp_path: Path) -> None:
    """No column default is filled on the driver path: such a statement must not compile."""
    from sqlalchemy import Column, Integer, MetaData, String, Table

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True),
                  Column("name", String), Column("kind", String, default="x"))  # fmt: skip
    with open_store(str(tmp_path / "x.db")) as store, store._write_engine.connect() as conn:
        with pytest.raises(ValueError, match="binds"):
            driver.plain(conn, table.insert(), ("name",))


def test_event_ids_are_set_only_where_sqlite_gives_the_highest_plus_one(tmp_path: Path) -> None:
    """The driver writes an article's new events with the ids SQLite would give them (the
    highest + 1): only for an ``event`` table without AUTOINCREMENT (which would not reuse a
    deleted top id); every store this code creates is one."""
    from sqlalchemy import create_engine

    items = _articles(5, 8)
    with open_store(str(tmp_path / "x.db")) as store:
        store.ingest_articles(items)
        assert store._event_ids_by_max is True
    engine = create_engine(f"sqlite:///{tmp_path / 'auto.db'}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT)")
            assert ingest_mod._ids_by_max(conn) is False
            conn.exec_driver_sql("CREATE TABLE other (id INTEGER PRIMARY KEY)")
            conn.exec_driver_sql("DROP TABLE event")
            assert ingest_mod._ids_by_max(conn) is False  # no table: never guessed
            conn.exec_driver_sql("CREATE TABLE event (id INTEGER PRIMARY KEY)")
            assert ingest_mod._ids_by_max(conn) is True
    finally:
        engine.dispose()
