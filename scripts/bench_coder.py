"""Benchmark the learned coder's cost inside the pipeline: rules vs both vs model, interleaved.

Usage: python scripts/bench_coder.py [--articles 80] [--rounds 3] [--seed 7]

``scripts/bench_ingest.py`` measures each coder in its own process, one after the other; on a
shared machine whose load changes by the minute those runs are not comparable. This script times
the pure pipeline on the same generated ~4 KB articles (``bench_ingest.make_article``, never a
real corpus) in one process, alternating the order of the coders every round, and prints each
coder's time per article and its ratio to ``rules`` measured in the same run, with the load
average.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_ingest import make_article  # noqa: E402

from timeline.pipeline import pipeline  # noqa: E402

CODERS = ("rules", "both", "model")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=80)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    articles = [make_article(rng, i) for i in range(args.articles)]
    for coder in CODERS:  # load the model and compile the rules before timing
        pipeline("Iran met Iraq in Geneva on Monday.", date(2019, 4, 11), coder)
    total = dict.fromkeys(CODERS, 0.0)
    for r in range(args.rounds):
        order = CODERS[r % len(CODERS) :] + CODERS[: r % len(CODERS)]
        for coder in order:
            t = time.perf_counter()
            for a in articles:
                pipeline(a["text"], a["published"], coder)
            total[coder] += time.perf_counter() - t
    n = args.rounds * len(articles)
    print(f"{len(articles)} generated articles x {args.rounds} rounds, coders interleaved")
    for coder in CODERS:
        ms = total[coder] / n * 1e3
        print(f"  --coder {coder:5}  {ms:6.1f} ms/article  {total['rules'] / total[coder]:.2f}x "
              "the rules rate")  # fmt: skip
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
