"""Benchmark the learned coder's cost inside the pipeline: rules vs both vs model, interleaved.

Usage: python scripts/bench_coder.py [--articles 80] [--rounds 3] [--seed 7] [--ingest]

``scripts/bench_ingest.py`` measures each coder in its own process, one after the other; on a
shared machine whose load changes by the minute those runs are not comparable. This script times
the pure pipeline on the same generated ~4 KB articles (``bench_ingest.make_article``, never a
real corpus) in one process, the coders taking turns every few articles (in a rotating order),
and prints each coder's wall and CPU time per article and its ratio to ``rules`` measured in
the same run, with the load average (CPU time is the steadier of the two on a shared machine).
``--ingest`` times ``timeline.ingest.ingest`` into one fresh SQLite store per coder instead (the
pipeline plus storing, what ``timeline ingest`` does; the rounds after the first store nothing
new, so use ``--rounds 1`` and more articles). Before timing, ``--ingest`` stores every article
once with each coder into throw-away stores: the first articles a process stores fill its
process-wide caches (names, actors, SQL statements), which made whichever coder ran first
look ~1.5x slower per article over 90 articles (``both`` then showed ~1.0-1.2x the rules rate).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_ingest import make_article  # noqa: E402

from timeline.pipeline import pipeline  # noqa: E402

CODERS = ("rules", "both", "model")
BLOCK = 5  # articles per turn of a coder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=80)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--ingest", action="store_true", help="time ingest into SQLite, not the pipeline"
    )
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    articles = [make_article(rng, i) for i in range(args.articles)]
    for coder in CODERS:  # load the model and compile the rules before timing
        pipeline("Iran met Iraq in Geneva on Monday.", date(2019, 4, 11), coder)
    wall = dict.fromkeys(CODERS, 0.0)
    cpu = dict.fromkeys(CODERS, 0.0)
    tmp = tempfile.TemporaryDirectory(prefix="bench_coder_")
    run = _ingest_runner(Path(tmp.name)) if args.ingest else _pipeline_runner()
    if args.ingest:  # warm the process-wide caches of the store path for every coder alike
        warm = _ingest_runner(Path(tmp.name), prefix="warm_")
        for coder in CODERS:
            warm(coder, articles)
    for r in range(args.rounds):
        # coders alternate every BLOCK articles, in a rotating order (not every article: the
        # extractor keeps the last article's sentences, which another coder would then reuse)
        for k in range(0, len(articles), BLOCK):
            block = articles[k : k + BLOCK]
            shift = (r + k // BLOCK) % len(CODERS)
            for coder in CODERS[shift:] + CODERS[:shift]:
                t, c = time.perf_counter(), time.process_time()
                run(coder, block)
                cpu[coder] += time.process_time() - c
                wall[coder] += time.perf_counter() - t
    tmp.cleanup()
    n = args.rounds * len(articles)
    what = "ingest into SQLite" if args.ingest else "pipeline"
    print(f"{what}: {len(articles)} generated articles x {args.rounds} rounds, "
          f"coders taking turns every {BLOCK} articles")  # fmt: skip
    for coder in CODERS:
        print(f"  --coder {coder:5}  {wall[coder] / n * 1e3:6.1f} ms/article "
              f"({cpu[coder] / n * 1e3:5.1f} ms CPU)  {wall['rules'] / wall[coder]:.2f}x the "
              f"rules rate ({cpu['rules'] / cpu[coder]:.2f}x in CPU time)")  # fmt: skip
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


def _pipeline_runner() -> Callable[[str, list[dict]], None]:
    def run(coder: str, block: list[dict]) -> None:
        for a in block:
            pipeline(a["text"], a["published"], coder)

    return run


def _ingest_runner(folder: Path, prefix: str = "") -> Callable[[str, list[dict]], None]:
    from timeline.events.types import Article
    from timeline.ingest import ingest
    from timeline.store import open_store

    stores = {c: open_store(str(folder / f"{prefix}{c}.db"), create=True) for c in CODERS}

    def run(coder: str, block: list[dict]) -> None:
        items = [Article(a["text"], date.fromisoformat(a["published"]), a["source"],
                         doc_id=a["id"]) for a in block]  # fmt: skip
        ingest(stores[coder], items, coder=coder)

    return run


if __name__ == "__main__":
    sys.exit(main())
