"""Benchmark distributed ingest on Dask into PostgreSQL: 1 and 2 workers against one process.

    python scripts/bench_distributed.py postgresql+psycopg://postgres@127.0.0.1:5432/scratch

The database given is WIPED before each run (every table dropped): name a scratch database.
Writes ``--articles`` generated ~4 KB articles (``bench_ingest.make_article``, a feed of 16 a
day) as ``--partitions`` JSONL files, then in the same run ingests them into an empty store:

  * baseline: one process, ``timeline.ingest.ingest`` with the same batch size the workers use;
  * ``timeline.distributed.ingest_distributed`` on a ``LocalCluster`` on 127.0.0.1 with 1, then
    2 worker processes (one thread each),

and prints articles/s and the ratio to the baseline. Each store is checked to be the
baseline's, row for row (``store_rows``: documents and events in the order written, their
actors, mentions and merge notes, actors and aliases; database ids and clock times aside).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_ingest import make_article  # noqa: E402


def wipe(url: str) -> None:
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        meta.drop_all(engine)
    finally:
        engine.dispose()


def write_archive(folder: Path, n: int, parts: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    files = [folder / f"part-{i:03d}.jsonl" for i in range(parts)]
    handles = [f.open("w", encoding="utf-8") for f in files]
    try:
        for i in range(n):  # round robin: each partition is a slice of the same feed
            handles[i % parts].write(json.dumps(make_article(rng, i, per_day=16)) + "\n")
    finally:
        for h in handles:
            h.close()
    return files


def counts(url: str) -> tuple[int, int]:
    from timeline.store import open_store

    with open_store(url, create=False) as store:
        st = store.stats()
        return st["events"], st["mentions"]


def store_rows(url: str) -> dict[str, Any]:
    """Every row ingest writes, without database ids or clock times (as tests/test_distributed
    compares stores): documents and events in id order, each event with its actor links,
    mentions and merge notes; actors and aliases by name."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    names = ["document", "event", "event_actor", "mention", "merge_note", "actor", "actor_alias"]
    try:
        meta = MetaData()
        meta.reflect(engine, only=names)
        with engine.connect() as conn:
            raw = {
                n: [
                    {k: None if v is None else str(v) for k, v in r.items()}
                    for r in conn.execute(select(meta.tables[n])).mappings()
                ]
                for n in names
            }
    finally:
        engine.dispose()
    docs = sorted(raw["document"], key=lambda r: int(r["id"]))
    doc_key = {r["id"]: r["doc_id"] or r["sha256"] for r in docs}
    actor_key = {r["id"]: r["name"] for r in raw["actor"]}
    events = sorted(raw["event"], key=lambda r: int(r["id"]))
    extra: dict[str, list[Any]] = {r["id"]: [] for r in events}
    for r in raw["event_actor"]:
        extra[r["event_id"]].append(("actor", actor_key[r["actor_id"]], r["role"], r["code"],
                                     r["rule"], r["evidence"]))  # fmt: skip
    for name in ("mention", "merge_note"):
        for r in raw[name]:
            row = {k: v for k, v in r.items() if k not in ("id", "event_id", "created_at")}
            row["document_id"] = doc_key.get(r["document_id"])
            extra[r["event_id"]].append((name, sorted(row.items())))
    drop = ("id", "created_at", "updated_at", "ingested_at")
    return {
        "documents": [{k: v for k, v in r.items() if k not in drop} for r in docs],
        "events": [
            ({k: v for k, v in r.items() if k not in drop}, sorted(extra[r["id"]], key=repr))
            for r in events
        ],
        "actors": sorted((r["name"], r["folded"], r["kind"], r["country"]) for r in raw["actor"]),
        "aliases": sorted((actor_key[r["actor_id"]], r["alias"]) for r in raw["actor_alias"]),
    }


def differences(want: dict[str, Any], got: dict[str, Any]) -> str:
    """Which parts of two ``store_rows`` differ, and in how many rows."""
    out = []
    for part in want:
        a, b = want[part], got[part]
        if a != b:
            n = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
            out.append(f"{part}: {n} of {len(a)} rows")
    return "; ".join(out)


def _warm() -> None:
    from timeline.pipeline import pipeline

    pipeline("Moon Jae-in met Donald Trump on Thursday.", "2019-04-11")


def one_process(url: str, folder: Path, batch: int) -> tuple[float, Any]:
    from timeline.distributed import partitions
    from timeline.ingest import ingest
    from timeline.store import open_store
    from timeline.text import load_articles

    wipe(url)
    with open_store(url) as store:
        t0 = time.perf_counter()
        files = partitions([str(folder)])
        articles = (a for f in files for a in load_articles(f))
        summary = ingest(store, articles, batch_size=batch)
        return time.perf_counter() - t0, summary


def on_dask(url: str, folder: Path, workers: int) -> tuple[float, Any]:
    from distributed import Client, LocalCluster

    from timeline.distributed import ingest_distributed
    from timeline.store import open_store

    wipe(url)
    open_store(url).close()  # the schema, outside the timed part (as the baseline's)
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                     dashboard_address=":0", silence_logs=40) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        # warm the workers (imports, lexicons) outside the timed part
        client.run(_warm)
        t0 = time.perf_counter()
        summary = ingest_distributed(url, [str(folder)], client=client)
        return time.perf_counter() - t0, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="a PostgreSQL URL of a scratch database (wiped)")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    from timeline.distributed import BATCH_SIZE
    from timeline.pipeline import pipeline

    pipeline("Moon Jae-in met Donald Trump on Thursday.", "2019-04-11")  # warm, outside the timing
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        write_archive(folder, args.articles, args.partitions, args.seed)
        print(f"{args.articles} generated articles in {args.partitions} JSONL partitions; "
              f"store {args.url.split('@')[-1]}")  # fmt: skip
        base_s, base = one_process(args.url, folder, BATCH_SIZE)
        base_rate = args.articles / base_s
        want = counts(args.url)
        want_rows = store_rows(args.url)
        print(f"  {'one process (baseline)':<28} {base_s:8.1f} s {base_rate:7.1f} art/s   1.00x   "
              f"{want[0]} events, {want[1]} mentions")  # fmt: skip
        for w in args.workers:
            secs, summary = on_dask(args.url, folder, w)
            got = counts(args.url)
            diff = differences(want_rows, store_rows(args.url))
            same = "the same store, row for row" if not diff else f"DIFFERS {got}: {diff}"
            print(f"  {f'dask, {w} worker(s)':<28} {secs:8.1f} s {args.articles / secs:7.1f} "
                  f"art/s {base_s / secs:6.2f}x   {same}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
