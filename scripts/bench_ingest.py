"""Benchmark ``timeline ingest`` end to end: generated ~4 KB news-like articles into SQLite.

Prints, from one run on the same generated texts:
  * baselines: reading + sha256 of the articles (the I/O floor) and dateparser's
    ``search_dates`` (what a naive "find the dates" pass costs) on a subset,
  * the pure pipeline alone (no store), single process,
  * ingest end to end (JSONL file -> loader -> pipeline -> SQLite) with 1 process and with
    ``--workers`` processes, at N and 2N articles, with the peak resident memory of each run,
    so you can see that memory stays flat in the number of articles.

Every measurement runs in a fresh child process (peak RSS is per process). The articles come
from templates in this file (deterministic seed), never from a real corpus.

  * the learned coder (``--coder``, default ``rules both``): pipeline and ingest rate with
    each non-default coder, their ratio to the default (rules) rate in the same run, the peak
    memory with the model loaded, and the classifier's own cost per article.

Usage: python scripts/bench_ingest.py [--articles 2000] [--workers 1 2] [--seed 7]
       [--coder rules both]

``--blocks 20`` instead measures the growth of the store: one process ingests 20 successive
blocks of ``--block-size`` (1,000) articles into one database and reports the rate (per wall
second and per CPU second of the process: on a shared machine the second is less sensitive to
other jobs), the time spent in the store per article (the pipeline's share does not depend on
the store) and peak memory after each block; the goal is a last block within 15% of the first,
at >= 100/s. Those articles come as a feed does, in publication order, ``--per-day`` (16) a
day, so the store grows in time (20,000 articles cover 3.4 years); the first block is the baseline:

    python scripts/bench_ingest.py --blocks 20
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# -- article generator --------------------------------------------------------------------------

LEADERS = [
    ("Moon Jae-in", "South Korean President", "Seoul"),
    ("Kim Jong Un", "North Korean leader", "Pyongyang"),
    ("Donald Trump", "US President", "Washington"),
    ("Xi Jinping", "Chinese President", "Beijing"),
    ("Vladimir Putin", "Russian President", "Moscow"),
    ("Shinzo Abe", "Japanese Prime Minister", "Tokyo"),
    ("Emmanuel Macron", "French President", "Paris"),
    ("Angela Merkel", "German Chancellor", "Berlin"),
    ("Narendra Modi", "Indian Prime Minister", "New Delhi"),
    ("Recep Tayyip Erdogan", "Turkish President", "Ankara"),
    ("Justin Trudeau", "Canadian Prime Minister", "Ottawa"),
    ("Theresa May", "British Prime Minister", "London"),
]
MINISTERS = [
    ("Mike Pompeo", "US Secretary of State"),
    ("Wang Yi", "Chinese Foreign Minister"),
    ("Sergei Lavrov", "Russian Foreign Minister"),
    ("Kang Kyung-wha", "South Korean Foreign Minister"),
    ("Taro Kono", "Japanese Foreign Minister"),
    ("Jean-Yves Le Drian", "French Foreign Minister"),
]
ORGS = ["the United Nations", "the European Union", "NATO", "the IAEA", "ASEAN", "the G20"]
PLACES = ["Hanoi", "Singapore", "Geneva", "Vienna", "Brussels", "Osaka", "Helsinki", "Davos"]
WHEN = [
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
    "earlier this month", "in March", "last year", "on Saturday", "this week", "in January",
]  # fmt: skip
EVENTS = [
    "{a} met {b} in {place} {when} to discuss trade and security.",
    "{a} visited {city} {when}, the first such trip in years.",
    "{a} hosted {b} at a state dinner {when}.",
    "{a} and {b} signed an agreement on economic cooperation {when}.",
    "{org} imposed new sanctions on {country} {when}.",
    "{a} condemned the missile launch {when}, calling it a provocation.",
    "{a} threatened to impose tariffs on goods from {country} {when}.",
    "{a} called on {b} to resume talks {when}.",
    "{a} said {when} that the negotiations had made progress.",
    "{m} held talks with {m2} in {place} {when}.",
    "{a} will travel to {place} next month for a summit with {b}.",
    "{org} said {when} it would send inspectors to {country}.",
    "{a} did not meet {b} during the conference {when}.",
    "{a} rejected the proposal put forward by {b} {when}.",
    "{m} accused {country} of violating the ceasefire {when}.",
]
FILLER = [
    "Analysts said the move reflected growing frustration over the slow pace of the talks.",
    "The two countries have been at odds over tariffs, technology and regional security.",
    "Officials familiar with the preparations spoke on condition of anonymity.",
    "Markets in the region rose slightly after the announcement, traders said.",
    "The ministry did not respond to a request for comment on the details of the plan.",
    "Diplomats have long argued that a step-by-step approach offers the best chance.",
    "Critics said the statement contained little that was new and few concrete steps.",
    "The talks are expected to cover energy, shipping routes and a possible joint fund.",
    "A spokesperson described the atmosphere of the meeting as constructive and frank.",
    "Observers noted that the wording of the communique had been softened at the last minute.",
    "Several opposition lawmakers called for a parliamentary debate on the agreement.",
    "The decision followed months of negotiations between working-level officials.",
    "State media carried a long commentary on the importance of national self-reliance.",
    "Human rights groups urged the delegations to raise the fate of political prisoners.",
    "Exports fell for a third consecutive quarter, according to official figures.",
]
COUNTRIES = ["North Korea", "Iran", "Russia", "Venezuela", "Syria", "China", "Myanmar"]
SOURCES = ["Example Wire", "Daily Example", "Radio Example", "Example Times"]


def make_article(
    rng: random.Random, i: int, target_bytes: int = 4096, per_day: float | None = None
) -> dict[str, Any]:
    """One article; published on a random day of 2016-2019, or, with ``per_day``, in the
    order of a feed that carries that many articles a day (an archive growing in time)."""
    if per_day is None:
        published = date(2016, 1, 1) + timedelta(days=rng.randrange(365 * 4))
    else:
        published = date(2016, 1, 1) + timedelta(days=int(i / per_day))
    a, b = rng.sample(LEADERS, 2)
    lines = [f"{a[1]} {a[0]} and {b[0]} discuss ties ({i})", ""]
    size = 0
    paragraph: list[str] = []
    while size < target_bytes:
        x, y = rng.sample(LEADERS, 2)
        m, m2 = rng.sample(MINISTERS, 2)
        if rng.random() < 0.2:  # ~10 events per 4 KB, like the sample article
            sentence = rng.choice(EVENTS).format(
                a=f"{x[1]} {x[0]}" if rng.random() < 0.5 else x[0],
                b=y[0],
                place=rng.choice(PLACES),
                city=y[2],
                when=rng.choice(WHEN),
                org=rng.choice(ORGS),
                country=rng.choice(COUNTRIES),
                m=f"{m[1]} {m[0]}",
                m2=m2[0],
            )
            sentence = sentence[0].upper() + sentence[1:]
        else:
            sentence = rng.choice(FILLER)
        paragraph.append(sentence)
        size += len(sentence) + 1
        if len(paragraph) >= rng.randint(2, 4):
            lines.append(" ".join(paragraph))
            lines.append("")
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return {
        "id": f"bench-{i}",
        "text": "\n".join(lines),
        "published": published.isoformat(),
        "source": rng.choice(SOURCES),
    }


def write_corpus(path: Path, n: int, seed: int, per_day: float | None = None) -> float:
    rng = random.Random(seed)
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            art = make_article(rng, i, per_day=per_day)
            total += len(art["text"].encode("utf-8"))
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return total / n / 1024


# -- measurements (each in a child process) -----------------------------------------------------


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def child(
    mode: str, corpus: Path, workers: int, limit: int | None, db: Path, coder: str = "rules"
) -> dict[str, Any]:
    from timeline.events.types import Article
    from timeline.text import load_articles

    def articles() -> Any:
        count = 0
        for item in load_articles(corpus):
            if limit is not None and count >= limit:
                return
            if isinstance(item, Article):
                count += 1
                yield item

    startup = 0.0
    if mode in ("ingest", "pipeline", "classifier", "blocks"):
        # One-time start-up (imports, lexicon and gazetteer loading, rule compilation, the
        # coder's model) is measured on its own and kept out of the steady-state rate.
        t_start = time.perf_counter()
        from timeline.pipeline import pipeline as _warm

        _warm("Moon Jae-in met Donald Trump in Washington on Thursday.", date(2019, 4, 11), coder)
        startup = time.perf_counter() - t_start

    if mode == "ingest":
        from timeline.ingest import ingest
        from timeline.store import open_store

        store = open_store(str(db), create=True)
        t0 = time.perf_counter()
        c0 = time.process_time()
        summary = ingest(store, load_articles(corpus), workers=workers, coder=coder)
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - c0
        store.close()
        n = summary.articles + len(summary.errors)
        extra = {"events": summary.new_events, "merged": summary.merged_mentions,
                 "errors": len(summary.errors), "cpu": cpu}  # fmt: skip
    elif mode == "blocks":
        from timeline.ingest import ingest
        from timeline.store import open_store

        store = open_store(str(db), create=True)
        # The store's share of each block (the pipeline's does not depend on the store size).
        in_store = [0.0]
        write = store.ingest_articles

        def timed_write(items: Any) -> Any:
            t = time.perf_counter()
            try:
                return write(items)
            finally:
                in_store[0] += time.perf_counter() - t

        store.ingest_articles = timed_write  # type: ignore[method-assign]
        source = iter(load_articles(corpus))
        blocks = []
        n = 0
        t0 = time.perf_counter()
        while True:
            block = list(islice(source, limit or 1000))
            if not block:
                break
            tb = time.perf_counter()
            cb = time.process_time()
            in_store[0] = 0.0
            summary = ingest(store, block)
            seconds_b = time.perf_counter() - tb
            cpu_b = time.process_time() - cb
            n += len(block)
            blocks.append({"stored": n, "seconds": seconds_b, "rate": len(block) / seconds_b,
                           "cpu_rate": len(block) / cpu_b,
                           "store_ms": in_store[0] / len(block) * 1000,
                           "events": summary.new_events, "merged": summary.merged_mentions,
                           "errors": len(summary.errors),
                           "rss_mb": _rss_mb(resource.RUSAGE_SELF)})  # fmt: skip
            print(json.dumps({"block": blocks[-1]}), flush=True)
        seconds = time.perf_counter() - t0
        store.close()
        extra = {"blocks": blocks}
    elif mode == "pipeline":
        from timeline.pipeline import pipeline

        t0 = time.perf_counter()
        c0 = time.process_time()
        n = events = 0
        for art in articles():
            events += len(pipeline(art.text, art.published, coder))
            n += 1
        seconds = time.perf_counter() - t0
        extra = {"events": events, "cpu": time.process_time() - c0}
    elif mode == "classifier":
        # the learned coder's own work per article: sentences, features, the linear head
        from timeline.coder.model import load_model
        from timeline.events.sentences import split_sentences

        model = load_model()
        items = list(articles())
        t0 = time.perf_counter()
        n = sentences = 0
        for art in items:
            for a, b in split_sentences(art.text):
                model.predict(art.text[a:b])
                sentences += 1
            n += 1
        seconds = time.perf_counter() - t0
        extra = {"sentences": sentences}
    elif mode == "hash":
        t0 = time.perf_counter()
        n = 0
        for art in articles():
            hashlib.sha256(art.text.encode("utf-8")).hexdigest()
            n += 1
        seconds = time.perf_counter() - t0
        extra = {}
    elif mode == "dateparser":
        from datetime import datetime

        from dateparser.search import search_dates

        items = list(articles())
        search_dates("warm up on Monday", languages=["en"])
        t0 = time.perf_counter()
        found = 0
        for art in items:
            base = datetime(art.published.year, art.published.month, art.published.day)
            found += len(
                search_dates(art.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
            )
        seconds = time.perf_counter() - t0
        n = len(items)
        extra = {"dates": found}
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {
        "mode": mode,
        "workers": workers,
        "articles": n,
        "seconds": seconds,
        "rate": n / seconds if seconds else float("inf"),
        "rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "workers_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
        "startup": startup,
        **extra,
    }


def run_child(
    mode: str,
    corpus: Path,
    workdir: Path,
    workers: int = 1,
    limit: int | None = None,
    coder: str = "rules",
) -> dict[str, Any]:
    db = workdir / f"bench-{mode}-{workers}-{coder}-{corpus.stem}.db"
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
           "--workers", str(workers), "--db", str(db), "--coder", coder]  # fmt: skip
    if limit is not None:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="N (memory also at 2N)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dateparser-limit", type=int, default=100)
    parser.add_argument("--blocks", type=int, help="measure this many successive blocks")
    parser.add_argument("--block-size", type=int, default=1000)
    parser.add_argument(
        "--per-day",
        type=float,
        default=16.0,
        help="--blocks: articles published per day (the feed's pace)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--coder",
        nargs="+",
        default=["rules", "both"],
        choices=["rules", "model", "both"],
        help="coders to measure; the first is the default one (rules)",
    )
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.workers[0], args.limit, args.db,
                               args.coder[0])))  # fmt: skip
        return 0

    if args.blocks:
        return _blocks(args.blocks, args.block_size, args.seed, args.per_day)
    n = args.articles
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        workdir = Path(tmp)
        corpus, corpus2 = workdir / "n.jsonl", workdir / "n2.jsonl"
        avg_kb = write_corpus(corpus, n, args.seed)
        write_corpus(corpus2, 2 * n, args.seed)
        print(f"corpus: {n} generated articles, {avg_kb:.1f} KB on average (seed {args.seed})")
        rows: list[tuple[str, dict[str, Any]]] = [
            ("baseline: load + sha256", run_child("hash", corpus, workdir)),
            (
                "baseline: dateparser search_dates",
                run_child("dateparser", corpus, workdir, limit=min(n, args.dateparser_limit)),
            ),
            ("pipeline only, 1 process", run_child("pipeline", corpus, workdir)),
        ]
        ingest_rows: dict[tuple[int, int], dict[str, Any]] = {}
        for w in args.workers:
            for size, path in ((n, corpus), (2 * n, corpus2)):
                if size == 2 * n and w != 1:
                    continue  # memory flatness is shown on the single-process run
                r = run_child("ingest", path, workdir, workers=w)
                ingest_rows[(w, size)] = r
                label = f"ingest end to end, {w} process{'es' if w > 1 else ''}"
                rows.append((f"{label} ({size})", r))
        coder_rows: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        for coder in [c for c in args.coder if c != "rules"]:
            p = run_child("pipeline", corpus, workdir, coder=coder)
            r = run_child("ingest", corpus, workdir, coder=coder)
            rows.append((f"pipeline only, 1 process, --coder {coder}", p))
            rows.append((f"ingest end to end, 1 process, --coder {coder} ({n})", r))
            coder_rows[coder] = (p, r)
        if coder_rows:
            clf = run_child("classifier", corpus, workdir, coder="both")
            rows.append(("classifier alone (sentences + features + head)", clf))

    print(f"{'run':<44} {'articles':>8} {'seconds':>8} {'art/s':>8} {'peak MB':>8} {'wkr MB':>7}")
    for label, r in rows:
        wkr = f"{r['workers_rss_mb']:.0f}" if r["workers"] > 1 else "-"
        print(
            f"{label:<44} {r['articles']:>8} {r['seconds']:>8.2f} {r['rate']:>8.1f} "
            f"{r['rss_mb']:>8.0f} {wkr:>7}"
        )
    single = ingest_rows[(1, n)] if (1, n) in ingest_rows else None
    if single:
        dp = rows[1][1]["rate"]
        floor = rows[0][1]["rate"]
        print(f"events stored: {single['events']} new, {single['merged']} merged mentions, "
              f"{single['errors']} errors")  # fmt: skip
        pipe = rows[2][1]["rate"]
        print(
            f"per article: load + sha256 {1000 / floor:.2f} ms, dateparser search_dates "
            f"{1000 / dp:.1f} ms, pipeline {1000 / pipe:.1f} ms, ingest end to end "
            f"{1000 / single['rate']:.1f} ms (so storing takes ~"
            f"{max(0.0, 1000 / single['rate'] - 1000 / pipe):.1f} ms)"
        )
        p_cpu = rows[2][1]["cpu"] / rows[2][1]["articles"] * 1000
        i_cpu = single["cpu"] / single["articles"] * 1000
        print(
            f"CPU per article in this process (less sensitive to other jobs): pipeline "
            f"{p_cpu:.1f} ms, ingest end to end {i_cpu:.1f} ms (storing ~{i_cpu - p_cpu:.1f} ms), "
            f"{1000 / i_cpu:.1f} articles per CPU second"
        )
        print(
            f"ratios: pipeline / dateparser search_dates = {pipe / dp:.1f}x; "
            f"ingest end to end / dateparser search_dates = {single['rate'] / dp:.2f}x"
        )
        big = ingest_rows.get((1, 2 * n))
        if big:
            print(
                f"peak memory, 1 process: {single['rss_mb']:.0f} MB at {n} articles, "
                f"{big['rss_mb']:.0f} MB at {2 * n} ({big['rss_mb'] / single['rss_mb']:.2f}x)"
            )
        print(
            f"one-time start-up per process (lexicon, gazetteer, rule compilation), not in "
            f"art/s: {single['startup']:.2f} s"
        )
        goal = "meets" if single["rate"] >= 100 else "MISSES"
        print(f"goal >= 100 articles/s single process: {goal} ({single['rate']:.0f}/s)")
        for coder, (p, r) in coder_rows.items():
            print(
                f"--coder {coder}: pipeline {p['rate'] / pipe:.2f}x and ingest "
                f"{r['rate'] / single['rate']:.2f}x the default (rules) rate in this run; "
                f"peak memory with the model loaded {r['rss_mb']:.0f} MB "
                f"({'under' if r['rss_mb'] < 500 else 'OVER'} 500 MB)"
            )
        if coder_rows:
            print(
                f"classifier's own cost: {1000 / clf['rate']:.1f} ms per article "
                f"({clf['sentences'] / clf['articles']:.0f} sentences, "
                f"{clf['sentences'] / clf['seconds']:.0f} sentences/s); the default coder is "
                f"{args.coder[0]} and runs no classifier"
            )
    for w in args.workers:
        if w > 1 and (w, n) in ingest_rows and single:
            r = ingest_rows[(w, n)]
            print(f"--workers {w}: {r['rate']:.0f}/s = {r['rate'] / single['rate']:.2f}x one "
                  "process (2 cores shared with other jobs on this machine)")  # fmt: skip
    return 0


def _blocks(blocks: int, size: int, seed: int, per_day: float) -> int:
    """Rate per block of articles as one store grows; the first block is the baseline."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "blocks.jsonl"
        avg_kb = write_corpus(corpus, blocks * size, seed, per_day=per_day)
        print(f"corpus: {blocks} blocks of {size} generated articles, {avg_kb:.1f} KB on "
              f"average (seed {seed}), {per_day:g} a day in publication order (a feed); one "
              "process, one SQLite store")  # fmt: skip
        print(f"{'stored':>8} {'seconds':>8} {'art/s':>7} {'vs first':>8} {'art/cpu-s':>9} "
              f"{'vs first':>8} {'store ms':>8} {'new ev':>7} {'merged':>7} "
              f"{'peak MB':>8}")  # fmt: skip
        cmd = [sys.executable, __file__, "--child", "blocks", "--corpus", str(corpus),
               "--workers", "1", "--db", str(workdir / "blocks.db"),
               "--limit", str(size)]  # fmt: skip
        first: dict[str, Any] | None = None
        last: dict[str, Any] | None = None
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                data = json.loads(line)
                if "block" not in data:
                    continue
                b = data["block"]
                first = first or b
                last = b
                print(f"{b['stored']:>8} {b['seconds']:>8.2f} {b['rate']:>7.1f} "
                      f"{b['rate'] / first['rate']:>7.2f}x {b['cpu_rate']:>9.1f} "
                      f"{b['cpu_rate'] / first['cpu_rate']:>7.2f}x {b['store_ms']:>8.2f} "
                      f"{b['events']:>7} {b['merged']:>7} "
                      f"{b['rss_mb']:>8.0f}", flush=True)  # fmt: skip
        if proc.returncode:
            raise SystemExit(f"the ingest child failed (exit {proc.returncode})")
    if first and last:
        drop = 1 - last["rate"] / first["rate"]
        flat = "meets" if drop <= 0.15 else "MISSES"
        fast = "meets" if min(first["rate"], last["rate"]) >= 100 else "MISSES"
        cpu = last["cpu_rate"] / first["cpu_rate"]
        print(f"per CPU second (less sensitive to other jobs on a shared machine): last / first "
              f"= {cpu:.2f}, {first['cpu_rate']:.0f} and {last['cpu_rate']:.0f} articles per "
              "CPU second")  # fmt: skip
        print(f"last block / first block = {last['rate'] / first['rate']:.2f} (goal >= 0.85: "
              f"{flat}); rate >= 100/s: {fast}; peak memory {first['rss_mb']:.0f} MB after the "
              f"first block, {last['rss_mb']:.0f} MB after the last")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
