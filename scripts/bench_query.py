"""Benchmark queries on a store of 1,000,000 events, on SQLite and on PostgreSQL.

    python scripts/bench_query.py --sqlite /tmp/bench-1m.db
    python scripts/bench_query.py --sqlite /tmp/bench-1m.db --postgres postgresql+psycopg://...
    python scripts/bench_query.py --events 100000 --sqlite /tmp/bench-100k.db   # quicker

Builds the store (or reuses a filled one) from generated articles of 10 extracted events each
(no text pipeline) through a bulk path: the rows ingest writes, inserted many at a time, then
the full-text index and span bounds (``--through-ingest`` uses ``Store.ingest_articles``, with
merging, much slower). Realistic distributions: 300 actors of which one is
in about 12% of the events, Zipf-like types, dates over 2000-2026, 80% day-precise and the
rest week, month, quarter or year. Then, in the same run, times (median of 7, warm) actor + one
month, type + one month, full-text search, ``stats`` and show by id, prints each query's plan
(``EXPLAIN QUERY PLAN`` / ``EXPLAIN``) and the ratio to a baseline: the same rows of actor +
month read by one hand-written indexed SQL statement (the event-driven shape used before the
actor date index of m009). On SQLite it also prints the floor: the same records' rows (events,
links, actors, mentions) read with the stdlib ``sqlite3`` as tuples, no objects built. The
store is opened read-only, as the read commands open it. Target: actor + month under 10 ms.
Each line also gives the median CPU time of the process (less sensitive to other jobs). A
query whose first run takes over ``SLOW_SECONDS`` is timed by that run alone.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.events.types import ActorRef, Article, ExtractedEvent  # noqa: E402
from timeline.store import EventFilter, open_store  # noqa: E402

POPULAR = "Actor Zero"
TYPES = ["01", "04", "03", "05", "02", "16", "11", "13", "12", "08", "10", "06", "17", "14",
         "09", "07", "15", "18", "19", "20"]  # fmt: skip
WORDS = ("talks summit sanctions envoy treaty border ceasefire delegation visit statement "
         "minister council embassy proposal agreement trade leader capital").split()  # fmt: skip
DAY0 = date(2000, 1, 1)
DAYS = (date(2026, 12, 31) - DAY0).days


def _actor(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return POPULAR
    return f"Actor {min(299, int(rng.paretovariate(1.2)))} {rng.randrange(1, 300)}"


def _interval(rng: random.Random) -> tuple[date, date, str]:
    start = DAY0 + timedelta(days=rng.randrange(DAYS))
    r = rng.random()
    if r < 0.80:
        return start, start, "day"
    if r < 0.90:
        start -= timedelta(days=start.weekday())
        return start, start + timedelta(days=6), "week"
    if r < 0.97:
        start = start.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1), "month"
    if r < 0.99:
        q = (start.month - 1) // 3 * 3 + 1
        s = date(start.year, q, 1)
        e = date(start.year + (q == 10), 1 if q == 10 else q + 3, 1) - timedelta(days=1)
        return s, e, "quarter"
    return date(start.year, 1, 1), date(start.year, 12, 31), "year"


def _near(rng: random.Random, published: date) -> tuple[date, date, str]:
    """An interval near an article's date: most events of the last two weeks, some older
    (up to a year back), a few planned (up to two months ahead); periods as ``_interval``."""
    r = rng.random()
    if r < 0.85:
        delta = -int(rng.expovariate(1 / 4))
    elif r < 0.95:
        delta = -rng.randrange(15, 366)
    else:
        delta = rng.randrange(1, 61)
    day = published + timedelta(days=delta)
    day = min(max(day, DAY0), DAY0 + timedelta(days=DAYS - 1))
    start, end, gran = _interval(rng)
    shift = day - start  # the same precision and length, moved to ``day``'s period
    start, end = start + shift, end + shift
    if gran == "week":
        start -= timedelta(days=start.weekday())
        end = start + timedelta(days=6)
    elif gran == "month":
        start = start.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif gran == "quarter":
        q = (start.month - 1) // 3 * 3 + 1
        start = date(start.year, q, 1)
        end = date(start.year + (q == 10), 1 if q == 10 else q + 3, 1) - timedelta(days=1)
    elif gran == "year":
        start, end = date(start.year, 1, 1), date(start.year, 12, 31)
    return start, end, gran


def articles(
    n_events: int, seed: int, per_article: int = 10, dates: str = "random"
) -> Iterator[tuple[Any, Any]]:
    """Generated articles of ``per_article`` events. ``dates="random"``: every event's date
    drawn over 2000-2026 on its own (an article reports events of any year, so a month's
    events lie all over the file); ``"published"``: articles in publication order over the
    same years, their events near that date (an archive ingested in date order)."""
    rng = random.Random(seed)
    n_articles = n_events // per_article
    for i in range(n_articles):
        events = []
        day = DAY0 + timedelta(days=i * DAYS // max(1, n_articles))
        for k in range(per_article):
            if dates == "published":
                start, end, gran = _near(rng, day)
            else:
                start, end, gran = _interval(rng)
            names = list(dict.fromkeys(_actor(rng) for _ in range(rng.choice((1, 2, 2, 3)))))
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            events.append(
                ExtractedEvent(
                    type=TYPES[min(len(TYPES) - 1, int(rng.expovariate(0.35)))],
                    label="",
                    summary=f"{names[0]} {words}",
                    sentence=f"{' and '.join(names)} held {words}.",
                    sentence_start=k * 100,
                    sentence_end=k * 100 + 90,
                    start=start,
                    end=end,
                    granularity=gran,
                    date_text="in the period",
                    actors=[
                        ActorRef(nm, "person", role="source" if j == 0 else "target")
                        for j, nm in enumerate(names)
                    ],  # fmt: skip
                    location=f"City {rng.randrange(500)}",
                )
            )
        if dates == "published":
            published = day
        else:
            published = max(e.end for e in events if e.end) + timedelta(days=1)
        text = f"bench article {seed}-{i}"
        yield Article(text=text, published=published, doc_id=f"bench-{i}", source="Bench"), events


def build(url: str, n_events: int, seed: int, bulk: bool = True, dates: str = "random") -> None:
    """Fill the store at ``url`` (or reuse it): the bulk path, or ``Store.ingest_articles``."""
    with open_store(url, create=True) as store:
        have = store.stats()["events"]
        if have:
            print(f"{url}: reusing {have:,} events")
            return
        t0 = time.perf_counter()
        if bulk:
            bulk_load(store, articles(n_events, seed, dates=dates))
        else:
            batch: list[tuple[Any, Any]] = []
            for item in articles(n_events, seed, dates=dates):
                batch.append(item)
                if len(batch) == 200:
                    store.ingest_articles(batch)
                    batch = []
            if batch:
                store.ingest_articles(batch)
        stats = store.stats()
        print(f"{url}: built {stats['events']:,} events, {stats['mentions']:,} mentions in "
              f"{time.perf_counter() - t0:.0f} s")  # fmt: skip
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def bulk_load(store: Any, items: Iterator[tuple[Any, Any]], chunk: int = 20_000) -> None:
    """The bulk path: the same rows ingest writes (no merging), inserted many at a time, then
    the full-text index and the span bounds filled once."""
    from datetime import UTC, datetime

    from timeline import cameo
    from timeline.store.common import ACTOR, ALIAS, DOCUMENT, EVENT, EVENT_ACTOR, MENTION
    from timeline.store.migrations import FTS_TABLE
    from timeline.store.spans import note_spans
    from timeline.textutil import fold

    now = datetime.now(UTC)
    actor_ids: dict[str, int] = {}
    rows: dict[str, list[dict[str, Any]]] = {"doc": [], "event": [], "link": [], "mention": [],
                                             "actor": [], "alias": []}  # fmt: skip
    spans: dict[str, int] = {}
    event_id = 0
    tables = {"actor": ACTOR, "alias": ALIAS, "doc": DOCUMENT, "event": EVENT,
              "link": EVENT_ACTOR, "mention": MENTION}  # fmt: skip

    def flush(conn: Any) -> None:
        for key in ("actor", "alias", "doc", "event", "link", "mention"):
            if rows[key]:
                conn.execute(tables[key].insert(), rows[key])
                rows[key] = []

    with store.engine.begin() as conn:
        for doc_id, (article, events) in enumerate(items, start=1):
            rows["doc"].append({
                "id": doc_id, "sha256": f"{doc_id:064x}", "source": article.source, "url": None,
                "title": None, "published": article.published, "text": article.text,
                "doc_id": article.doc_id, "ingested_at": now,
            })  # fmt: skip
            for ev in events:
                event_id += 1
                rows["event"].append({
                    "id": event_id, "type": ev.type, "cameo": None,
                    "label": cameo.label(ev.type), "summary": ev.summary, "status": ev.status,
                    "origin": "extracted", "edited": False, "confidence": ev.confidence,
                    "start": ev.start, "end": ev.end, "granularity": ev.granularity,
                    "date_text": ev.date_text, "timex_value": None, "location": ev.location,
                    "location_folded": fold(ev.location or ""), "source": None,
                    "created_at": now, "updated_at": now,
                })  # fmt: skip
                g = ev.granularity or ""
                spans[g] = max(spans.get(g, 0), (ev.end - ev.start).days)
                for ref in ev.actors:
                    aid = actor_ids.get(ref.name)
                    if aid is None:
                        aid = actor_ids[ref.name] = len(actor_ids) + 1
                        rows["actor"].append({"id": aid, "name": ref.name,
                                              "folded": fold(ref.name), "kind": ref.kind,
                                              "country": None})  # fmt: skip
                        rows["alias"].append({"actor_id": aid, "alias": ref.name,
                                              "folded": fold(ref.name)})  # fmt: skip
                    rows["link"].append({"event_id": event_id, "actor_id": aid,
                                         "role": ref.role})  # fmt: skip
                rows["mention"].append({
                    "event_id": event_id, "document_id": doc_id, "sentence": ev.sentence,
                    "sentence_start": ev.sentence_start, "sentence_end": ev.sentence_end,
                    "date_text": ev.date_text, "timex_value": None,
                })  # fmt: skip
            if len(rows["event"]) >= chunk:
                flush(conn)
                print(f"  {event_id:>9,} events written", flush=True)
        flush(conn)
        note_spans(conn, [(g, date(2000, 1, 1), date(2000, 1, 1) + timedelta(days=d))
                          for g, d in spans.items()])  # fmt: skip
        if conn.dialect.name == "sqlite" and store._has_fts:
            conn.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
                "SELECT e.id, e.summary, m.sentence, COALESCE(e.date_text, ''), "
                "COALESCE(e.location, '') FROM event e JOIN mention m ON m.event_id = e.id"
            )
        if conn.dialect.name == "postgresql":
            for table in ("actor", "document", "event", "mention", "actor_alias"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )


#: CPU time (``time.process_time``) of the last ``timed`` call, median: on a shared machine
#: the wall time also holds the waits for a core, the CPU time much less.
LAST_CPU = [0.0]


#: A query whose first (warm-up) run takes longer than this is timed by that run alone (the
#: LIKE fallback of a full-text search on PostgreSQL takes minutes on 1M events).
SLOW_SECONDS = 5.0


def timed(fn: Callable[[], Any], repeat: int = 7) -> tuple[float, Any]:
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = fn()  # warm
    if time.perf_counter() - t0 > SLOW_SECONDS:
        LAST_CPU[0] = time.process_time() - c0
        return time.perf_counter() - t0, result
    runs = []
    cpus = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        c0 = time.process_time()
        result = fn()
        cpus.append(time.process_time() - c0)
        runs.append(time.perf_counter() - t0)
    LAST_CPU[0] = statistics.median(cpus)
    return statistics.median(runs), result


def plan(store: Any, f: EventFilter) -> list[str]:
    """The plan of the statement ``store.query(f)`` runs: on SQLite at the current schema the
    stdlib read path's SQL (``timeline.store.sqlite_read``), else the SQLAlchemy statement."""
    from timeline.store import sqlite_read
    from timeline.store.store import query_keys

    engine = store.engine
    with store._session() as s:
        if store._plain_sqlite and not sqlite_read.unhandled(f):
            raw = s.connection().connection.driver_connection
            reader = sqlite_read.SqliteReader(raw, "", store._has_fts)
            where, params = reader._where(raw, f, query_keys)
            sql = f"SELECT {sqlite_read._EVENT_COLUMNS} FROM event WHERE " + " AND ".join(where)
            return [str(r[-1]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
        stmt = store._filtered(s, f, query_keys)
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        if engine.dialect.name == "sqlite":
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
            return [str(r[-1]) for r in rows]
        rows = s.connection().exec_driver_sql("EXPLAIN " + sql).all()
        return [str(r[0]) for r in rows]


def baseline(store: Any, lo: date, hi: date) -> Callable[[], Any]:
    """The floor: actor + month as one hand-written statement on the same indexes."""
    from sqlalchemy import text

    bounds = store.engine.connect()
    spans = dict(bounds.exec_driver_sql("SELECT granularity, max_days FROM event_span").all())
    bounds.close()
    ranges = " OR ".join(
        f"(e.granularity = '{g}' AND e.start >= :lo_{i})" for i, g in enumerate(spans)
    )
    sql = text(
        'SELECT e.id, e.type, e.start, e."end", e.summary FROM event e WHERE e.start <= :hi '
        f'AND e."end" >= :lo AND ({ranges}) AND EXISTS (SELECT 1 FROM event_actor ea JOIN '
        "actor a ON a.id = ea.actor_id WHERE ea.event_id = e.id AND a.name = :name) "
        "ORDER BY e.start, e.id"
    )
    params: dict[str, Any] = {"hi": hi, "lo": lo, "name": POPULAR}
    for i, g in enumerate(spans):
        params[f"lo_{i}"] = lo - timedelta(days=int(spans[g]))

    def run() -> Any:
        with store.engine.connect() as conn:
            return conn.execute(sql, params).all()

    return run


def raw_floor(path: str, lo: date, hi: date) -> Callable[[], Any]:
    """What the records of actor + month cost read with the stdlib ``sqlite3`` alone: the same
    statements as ``Store.query`` (the actor's date index, events, links, actors, mentions;
    the links without their code, rule and evidence, so read from a covering index),
    rows as tuples, no objects built: the SQLite share of the in-process time."""
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("PRAGMA cache_size = -65536")
    db.execute("PRAGMA mmap_size = 268435456")
    spans = dict(db.execute("SELECT granularity, max_days FROM event_span").fetchall())

    def run() -> Any:
        (aid,) = db.execute("SELECT id FROM actor WHERE folded = lower(?)", (POPULAR,)).fetchone()
        arms, params = [], []
        for g, d in spans.items():
            arms.append("SELECT event_id FROM event_actor_span WHERE actor_id = ? AND "
                        'granularity = ? AND start >= ? AND start <= ? AND "end" >= ?')  # fmt: skip
            params += [aid, g, (lo - timedelta(days=int(d))).isoformat(), hi.isoformat(),
                       lo.isoformat()]  # fmt: skip
        events = db.execute(
            f"SELECT * FROM event WHERE id IN ({' UNION ALL '.join(arms)}) ORDER BY start, id",
            params,
        ).fetchall()
        ids = ",".join(str(e[0]) for e in events)
        links = db.execute(
            f"SELECT event_id, actor_id, role FROM event_actor WHERE event_id IN ({ids})"
        ).fetchall()
        names = ",".join(str(i) for i in {a for _, a, _ in links})
        actors = db.execute(f"SELECT id, name, country FROM actor WHERE id IN ({names})").fetchall()
        mentions = db.execute(
            "SELECT m.event_id, m.sentence, m.document_id, d.doc_id, d.title, d.url, d.source, "
            "d.published FROM mention m LEFT JOIN document d ON d.id = m.document_id "
            f"WHERE m.event_id IN ({ids}) ORDER BY m.id"
        ).fetchall()
        return events, links, actors, mentions

    return run


def cli_reader_queries(path: str, f: EventFilter) -> list[tuple[str, None, Callable[[], Any]]]:
    """Actor + month as ``timeline query`` runs it on a SQLite file: the stdlib reader
    (``timeline.store.sqlite_read``), its table without mentions; on one open reader, and
    on a new reader each time (a new process's first query, without its start-up)."""
    from timeline.store.sqlite_read import open_reader

    reader = open_reader(path)
    assert reader is not None, "the store is not at the current schema"

    def fresh() -> Any:
        with open_reader(path) as new:  # type: ignore[union-attr]
            return new.query(f, mentions=False)

    return [
        ("actor + month, CLI reader, no mentions", None, lambda: reader.query(f, mentions=False)),
        ("actor + month, CLI reader, with mentions", None, lambda: reader.query(f)),
        ("actor + month, CLI reader, new connection", None, fresh),
    ]


def bench(url: str, label: str) -> None:
    lo, hi = date(2019, 4, 1), date(2019, 4, 30)
    with open_store(url, create=False, readonly=True) as store:  # as the read commands do
        n = store.stats()["events"]
        some_id = store.query(EventFilter(date_from=lo, date_to=hi, limit=1))[0].id
        queries: list[tuple[str, EventFilter | None, Callable[[], Any]]] = [
            ("actor + one month", f1 := EventFilter(actors=[POPULAR], date_from=lo, date_to=hi),
             lambda: store.query(f1)),
            ("actor + month, no mentions (CLI table)", f1,
             lambda: store.query(f1, mentions=False)),
            ("type + one month", f2 := EventFilter(types=["16"], date_from=lo, date_to=hi),
             lambda: store.query(f2)),
            ("full-text 'ceasefire treaty', one month",
             f3 := EventFilter(search="ceasefire treaty", date_from=lo, date_to=hi),
             lambda: store.query(f3)),
            ("full-text 'ceasefire treaty', limit 100",
             f4 := EventFilter(search="ceasefire treaty", limit=100), lambda: store.query(f4)),
            ("full-text '17' (rarer), one year",
             f5 := EventFilter(search="17", date_from=date(2019, 1, 1),
                               date_to=date(2019, 12, 31)),
             lambda: store.query(f5)),
            ("full-text '17' (rarer), limit 100",
             f6 := EventFilter(search="17", limit=100), lambda: store.query(f6)),
            ("stats", None, store.stats),
            ("show by id", None, lambda: store.get_event(some_id)),
        ]  # fmt: skip
        t_base, base_rows = timed(baseline(store, lo, hi))
        print(f"\n{label}: {n:,} events ({store.display})")
        c_base = LAST_CPU[0]
        goals: list[tuple[str, float]] = []
        print(f"  {'query':<42} {'ms':>9} {'rows':>7} {'vs baseline':>11} {'CPU ms':>8}")
        print(f"  {'baseline: hand-written SQL, actor + month':<42} {t_base * 1000:>9.2f} "
              f"{len(base_rows):>7} {'1.0x':>11} {c_base * 1000:>8.2f}")  # fmt: skip
        if store.engine.dialect.name == "sqlite" and store.engine.url.database:
            t_raw, raw = timed(raw_floor(store.engine.url.database, lo, hi))
            c_raw = LAST_CPU[0] * 1000
            print(f"  {'floor: stdlib sqlite3, records as tuples':<42} {t_raw * 1000:>9.2f} "
                  f"{len(raw[0]):>7} {t_raw / t_base:>10.1f}x {c_raw:>8.2f}")  # fmt: skip
        if store.engine.dialect.name == "sqlite" and store.engine.url.database:
            queries[2:2] = cli_reader_queries(store.engine.url.database, f1)
        for name, _, fn in queries:
            t, result = timed(fn)
            rows = len(result) if isinstance(result, list) else 1
            print(f"  {name:<42} {t * 1000:>9.2f} {rows:>7} {t / t_base:>10.1f}x "
                  f"{LAST_CPU[0] * 1000:>8.2f}")  # fmt: skip
            if name.startswith("actor + "):
                goals.append((name, t * 1000))
        for name, ms in goals:
            goal = "meets" if ms < 10 else "MISSES"
            print(f"  goal < 10 ms in process, {name}: {goal} ({ms:.2f} ms)")
        for name, f, _ in queries:
            if f is not None:
                print(f"  plan of {name}:")
                for line in plan(store, f):
                    print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--sqlite", type=Path, help="the SQLite file to build or reuse")
    ap.add_argument("--postgres", help="a PostgreSQL URL whose database may be filled")
    ap.add_argument(
        "--through-ingest",
        action="store_true",
        help="build through Store.ingest_articles (merging; much slower)",
    )
    ap.add_argument(
        "--dates",
        choices=("random", "published"),
        default="random",
        help="when building: each event's date drawn over 2000-2026 on its own (random, the "
        "default), or articles in date order with their events near that date (published)",
    )
    args = ap.parse_args(argv)
    targets = []
    if args.sqlite:
        targets.append((str(args.sqlite), "SQLite"))
    if args.postgres:
        targets.append((args.postgres, "PostgreSQL"))
    if not targets:
        ap.error("give --sqlite PATH and/or --postgres URL")
    for url, _ in targets:
        build(url, args.events, args.seed, bulk=not args.through_ingest, dates=args.dates)
    for url, label in targets:
        bench(url, label)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
