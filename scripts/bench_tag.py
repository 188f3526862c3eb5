#!/usr/bin/env python3
"""Benchmark the temporal tagger against dateparser's ``search_dates`` on a TIMEX3 corpus.

Both systems run in the same process on the same texts; both prediction files are scored by the
TempEval-3 scorer (``timex_score.py --json``, run as a subprocess). Timings cover the tagging
calls only (``time.perf_counter``), after one warm-up document, never the scoring. A small
corpus is tagged in several passes (``--passes``; by default enough for about 200 documents per
system) so that its rate is not the timing of a few milliseconds; the predictions scored are
those of the first pass. ``--clock cpu`` times with the process's CPU clock
(``time.process_time``) instead of the wall clock: on a shared, overloaded machine the time the
process waits for a core then counts for neither system.

Usage::

    .venv/bin/python scripts/bench_tag.py CORPUS.jsonl [CORPUS2.jsonl ...] [--limit N]
        [--scorer PATH] [--profile] [--sequential] [--passes N] [--clock wall|cpu]
        [--out DIR] [--errors N] [--blocks N]

Our tagger runs with ``convention="timeml"`` (``--convention news`` for the project's default).
Each CORPUS.jsonl holds one ``{"doc_id", "dct", "text", "timexes": [...gold...]}`` per line;
each is reported separately. With several corpora, the strict-F1 drop from the first to each
other one is printed too (e.g. TBAQ, then ``tests/fixtures/timex_news_dev.jsonl``, the
project's own hand-annotated news paragraphs: a large drop means rules fitted to the first).
``tests/fixtures/timex_news_heldout.jsonl`` is the held-out set: paragraphs annotated before the
tagger was run on them, whose figures are the honest ones for unseen news (the development
set's are not: the rules were tuned on it); ``tests/fixtures/timex_news_heldout2.jsonl`` is a
second one, ``tests/fixtures/timex_news_heldout3.jsonl`` a third and
``tests/fixtures/timex_news_heldout4.jsonl`` a fourth, on topics other than diplomacy, and
``tests/fixtures/timex_news_heldout5.jsonl`` a fifth, of wire copy and broadcast transcripts,
``tests/fixtures/timex_news_heldout6.jsonl`` a sixth, of wire, broadcast and web copy
(sport, business, diplomacy, science, crime, weather, culture; ranges, fiscal periods, sets,
holidays, zones, decades), and ``tests/fixtures/timex_news_heldout7.jsonl`` a seventh, of
value-heavy wire copy (relative dates with tense around year ends, narrative anchors,
durations against dates, vague references), ``tests/fixtures/timex_news_heldout8.jsonl``
an eighth, blind: wire, broadcast, web and feature copy on thirteen topics (wars, elections,
disasters, courts, earnings with fiscal quarters, sport, science, culture, ...), and
``tests/fixtures/timex_news_heldout9.jsonl`` a ninth, blind: wire copy in the manner of
TimeBank (earnings with quarters, fiscal years and year-ago periods, politics, courts, markets,
holidays), each written and committed before the tagger was run on it (their first-sight scores
are in ``timeline/temporal/README.md``).

Two speed figures, both measured in the same run on the same documents:

- ``speed ratio timeline/dateparser`` (the headline, as before): the two systems take turns
  document by document (``run_systems``), so a change of machine load hits both alike. Each
  of our calls then follows a ``search_dates`` call, which has evicted our code and data from
  the CPU caches: this is our speed *right after another library ran*, as inside a larger
  pipeline, and the harder of the two for us.
- ``throughput in blocks``: each system tags the whole corpus (the same number of passes as
  above) in its own loop, and the blocks alternate (timeline, dateparser, dateparser,
  timeline, ...; ``--blocks N`` repetitions of each, default 3, 0 to skip). Each system runs
  on warm caches, as when a process tags a batch of documents; the ratio is the total time of
  the other's blocks over ours. Alternating and repeating the blocks spreads load drift over
  both. This figure is higher than the interleaved one and is not the headline.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO / ".." / "shared" / "tools" / "timex_score.py"
sys.path.insert(0, str(REPO))

from timeline.temporal import tag  # noqa: E402
from timeline.temporal.rules import load_rules  # noqa: E402

Doc = dict[str, Any]
Tagger = Callable[[str, date], list[dict[str, Any]]]


def load_corpus(path: Path, limit: int | None) -> list[Doc]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["_dct"] = date.fromisoformat(str(doc["dct"])[:10])
                doc["text"]  # noqa: B018 - must exist
            except (ValueError, KeyError) as exc:
                raise SystemExit(f"{path}:{number}: not a corpus line ({exc})") from None
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    if not docs:
        raise SystemExit(f"{path}: no documents")
    return docs


CONVENTION = "timeml"  # --convention: TimeML corpora are scored by the TimeML convention
CLOCK = time.perf_counter  # --clock cpu: time.process_time


def ours(text: str, dct: date) -> list[dict[str, Any]]:
    return [t.to_dict() for t in tag(text, dct, convention=CONVENTION)]


def dateparser_spans(text: str, dct: date) -> list[dict[str, Any]]:
    """dateparser's (string, datetime) pairs as spans: each string searched left to right."""
    from dateparser.search import search_dates

    base = datetime(dct.year, dct.month, dct.day)
    try:
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    except Exception:  # noqa: BLE001 - a crash in the baseline counts as finding nothing
        found = []
    spans, cursor = [], 0
    for string, when in found:
        at = text.find(string, cursor)
        if at < 0:
            continue
        cursor = at + len(string)
        spans.append(
            {
                "start": at,
                "end": cursor,
                "text": string,
                "type": "DATE",
                "value": when.date().isoformat(),
            }
        )
    return spans


def run_systems(
    systems: list[tuple[str, Tagger]],
    docs: list[Doc],
    profile: str | None,
    sequential: bool = False,
    passes: int = 1,
) -> dict[str, tuple[list[Doc], float]]:
    """Predictions per document and seconds spent tagging, per system.

    Each system is warmed up on the first document; then the systems take turns document by
    document, so that a change in machine load affects them alike (``sequential``: each
    system runs the whole corpus in turn, with warmer caches but exposed to load drift). Only
    the tagging call is timed, over ``passes`` passes of the corpus (the predictions kept
    are the first pass's). ``profile`` names the system to run under cProfile (its timing
    then includes the profiler's overhead).
    """
    for _, fn in systems:
        fn(docs[0]["text"], docs[0]["_dct"])  # warm-up: imports, compiled patterns, caches
    # our per-word alternations compile lazily (a one-off per process, like dateparser's own
    # loading in the warm-up): compile them all now so that the timing is per document
    load_rules("en").compile_all()
    profiler = cProfile.Profile() if profile else None
    preds: dict[str, list[Doc]] = {name: [] for name, _ in systems}
    elapsed = dict.fromkeys(preds, 0.0)
    order = (
        [(doc, system) for system in systems for doc in docs]
        if sequential
        else [(doc, system) for doc in docs for system in systems]
    )
    first = len(order)
    for step, (doc, (name, fn)) in enumerate(order * passes):
        watched = profiler is not None and name == profile
        if watched:
            profiler.enable()
        t0 = CLOCK()
        timexes = fn(doc["text"], doc["_dct"])
        elapsed[name] += CLOCK() - t0
        if watched:
            profiler.disable()
        if step < first:
            preds[name].append({"doc_id": doc["doc_id"], "timexes": timexes})
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(f"--- profile: {profile} ---\n{out.getvalue()}", file=sys.stderr)
    return {name: (preds[name], elapsed[name]) for name in preds}


def run_blocks(
    systems: list[tuple[str, Tagger]], docs: list[Doc], passes: int, blocks: int
) -> dict[str, float]:
    """Seconds per system for ``blocks`` timings of each over the whole corpus (``passes``
    times) in its own loop; the order alternates (A B, B A, A B, ...) so that neither always
    runs first. Called after ``run_systems``: both are warm."""
    elapsed = {name: 0.0 for name, _ in systems}
    for block in range(blocks):
        for name, fn in systems if block % 2 == 0 else systems[::-1]:
            t0 = CLOCK()
            for _ in range(passes):
                for doc in docs:
                    fn(doc["text"], doc["_dct"])
            elapsed[name] += CLOCK() - t0
    return elapsed


def write_jsonl(path: Path, rows: list[Doc]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"scorer failed on {pred.name}: {proc.stderr.strip() or proc.stdout}")
    return json.loads(proc.stdout)


def error_classes(docs: list[Doc], preds: list[Doc], top: int) -> str:
    """Most frequent misses, spurious spans and wrong values (by lower-cased text)."""
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for doc, pred in zip(docs, preds, strict=True):
        gold = doc.get("timexes") or []
        ps = pred["timexes"]
        for g in gold:
            hits = [p for p in ps if p["start"] < g["end"] and g["start"] < p["end"]]
            if not hits:
                missed[f"{g['text'].lower()} ({g['type']} {g['value']})"] += 1
            elif all(p["value"] != g["value"] for p in hits):
                p = hits[0]
                wrong[f"{g['text']!r}: gold {g['value']} ours {p['value']} ({p.get('rule')})"] += 1
        for p in ps:
            if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in gold):
                spurious[f"{p['text'].lower()} ({p['type']} {p['value']} {p.get('rule')})"] += 1
    parts = []
    for title, counter in (("missed", missed), ("wrong value", wrong), ("spurious", spurious)):
        total = sum(counter.values())
        parts.append(f"{title}: {total}")
        parts += [f"  {n:4d}  {what}" for what, n in counter.most_common(top)]
    return "\n".join(parts)


def bench_corpus(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run and score both systems on one corpus; print its table; return our figures."""
    docs = load_corpus(path, args.limit)
    systems: list[tuple[str, Tagger]] = [("timeline", ours), ("dateparser", dateparser_spans)]
    errors_text = ""
    with tempfile.TemporaryDirectory(prefix="bench_tag_") as tmp:
        work = (args.out / path.stem) if args.out else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        gold = work / "gold.jsonl"
        write_jsonl(gold, [{k: v for k, v in d.items() if k != "_dct"} for d in docs])
        results = []
        passes = args.passes or max(1, -(-200 // len(docs)))
        runs = run_systems(
            systems,
            docs,
            "timeline" if args.profile else None,
            sequential=args.sequential,
            passes=passes,
        )
        block_seconds = run_blocks(systems, docs, passes, args.blocks) if args.blocks else {}
        for name, _ in systems:
            preds, seconds = runs[name]
            pred_path = work / f"pred_{name}.jsonl"
            write_jsonl(pred_path, preds)
            figures = score(args.scorer, gold, pred_path)
            tagged = len(docs) * passes
            results.append((name, figures, tagged / seconds if seconds else float("inf")))
            if name == "timeline" and args.errors:
                errors_text = error_classes(docs, preds, args.errors)

    gold_count = results[0][1]["counts"]["gold"]
    print(
        f"corpus: {path} ({len(docs)} documents, {gold_count} gold TIMEX3; "
        f"timed over {passes} pass{'es' if passes > 1 else ''})"
    )
    header = (
        f"{'system':<11} {'strict F1':>9} {'relaxed F1':>10} {'type F1':>7} {'type acc':>8} "
        f"{'value acc':>9} {'value F1':>8} {'docs/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, f, rate in results:
        print(
            f"{name:<11} {f['strict_f1']:9.1f} {f['relaxed_f1']:10.1f} {f['type_f1']:7.1f} "
            f"{f['type_acc']:8.1f} {f['value_acc']:9.1f} {f['value_f1']:8.1f} {rate:9.1f}"
        )
    (_, ours_figures, ours_rate), (_, _, dp_rate) = results
    print(f"speed ratio timeline/dateparser: {ours_rate / dp_rate:.1f}x")
    if block_seconds:
        tagged = len(docs) * passes * args.blocks
        ours_blocks, dp_blocks = (block_seconds[name] for name, _ in systems)
        print(
            f"throughput in blocks (each system over the whole corpus in its own loop, warm; "
            f"{args.blocks} alternating blocks each): timeline {tagged / ours_blocks:.1f} "
            f"docs/s, dateparser {tagged / dp_blocks:.1f} docs/s, "
            f"ratio {dp_blocks / ours_blocks:.1f}x"
        )
    if args.errors:
        print("\n" + errors_text)
    print()
    return ours_figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "corpus",
        type=Path,
        nargs="+",
        help="gold corpus JSONL (doc_id, dct, text, timexes); several are reported separately",
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="timex_score.py")
    ap.add_argument("--profile", action="store_true", help="cProfile our tagger (to stderr)")
    ap.add_argument(
        "--sequential",
        action="store_true",
        help="run each system over the whole corpus in turn (default: take turns per document)",
    )
    ap.add_argument(
        "--convention",
        choices=["timeml", "news"],
        default="timeml",
        help="our annotation convention (default timeml, the corpora's; news is tag()'s default)",
    )
    ap.add_argument(
        "--passes",
        type=int,
        default=0,
        metavar="N",
        help="tag each corpus N times for the timing (default: about 200 documents per system)",
    )
    ap.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="time with the wall clock (default) or the process's CPU clock",
    )
    ap.add_argument("--out", type=Path, default=None, help="keep gold/prediction files here")
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also list our N most frequent missed/wrong/spurious expressions",
    )
    ap.add_argument(
        "--blocks",
        type=int,
        default=3,
        metavar="N",
        help="also time each system over the whole corpus in its own loop, N alternating "
        "blocks each (a second, warm-cache throughput figure; 0: skip)",
    )
    args = ap.parse_args(argv)
    if args.blocks < 0:
        raise SystemExit("--blocks must be 0 or more")
    for path in args.corpus:
        if not path.is_file():
            raise SystemExit(f"corpus not found: {path}")
    if not args.scorer.is_file():
        raise SystemExit(f"scorer not found: {args.scorer} (give --scorer PATH)")
    warnings.filterwarnings("ignore")  # dateparser's deprecation chatter

    global CONVENTION, CLOCK
    CONVENTION = args.convention
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    mode = (
        "whole corpus per system in turn" if args.sequential else "systems alternate per document"
    )
    print(f"timeline convention: {CONVENTION}; {args.clock} clock; {mode}\n")
    figures = [bench_corpus(path, args) for path in args.corpus]
    if len(figures) > 1:
        first = figures[0]["strict_f1"]
        for path, f in zip(args.corpus[1:], figures[1:], strict=True):
            print(
                f"strict-F1 drop {args.corpus[0].name} -> {path.name}: "
                f"{first - f['strict_f1']:+.1f} points (value F1 "
                f"{figures[0]['value_f1']:.1f} -> {f['value_f1']:.1f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
