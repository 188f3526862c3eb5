"""Score events and merges against the hand-coded gold set (our own paragraphs).

Usage: python scripts/eval_events.py [--gold DIR] [--json] [--errors]

DIR (default ``tests/fixtures/events_gold``) holds ``paragraphs.jsonl`` and ``pairs.jsonl``
(format in its README). Reported per split and overall: ``dev`` (looked at while tuning),
``heldout`` (never tuned on before issue 12), ``fresh`` (written and annotated before the
pipeline ever ran on it, scored once after the issue-12 work), ``fresh2`` (a second such
part, written after the first was scored, scored once at the end of that work) ``fresh3``
(a third, written and committed before the second issue-12 session changed any code) and
``fresh4`` (a fourth, written and committed after that session's first fixes, before the
pipeline ran on it) and ``fresh5`` (a fifth, written and committed after the fixes made from
``fresh4``, before the pipeline ran on it) and ``fresh6``
(a sixth, written by the fourth issue-12 session and committed before the pipeline ran on it) and
``fresh7`` (a seventh, written by the fifth issue-12 session and committed before the pipeline
ran on it) and ``fresh8`` (an eighth, written by the sixth issue-12 session and committed before
the pipeline ran on it) and ``fresh9`` (a ninth, written by the eighth issue-12 session and
committed before the pipeline ran on it) and ``fresh10`` (a tenth, written by the tenth issue-12
session and committed before the pipeline ran on it) and ``dogfood`` (three articles the lead
wrote, coded after their errors were read: NOT blind) and ``fresh11`` (four full-length
stories, written by the eleventh issue-12 session and committed before the pipeline ran on
them): event
precision/recall for events found (aligned with a gold event), fully right (type, actors with
roles, location, interval, status) and each field alone, and merge precision/recall over the
report pairs (each pair ingested into an in-memory store).
Targets: fully right precision >= 0.8, recall >= 0.7; merge precision >= 0.95.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

from timeline.coder.policy import CODERS
from timeline.errors import TimelineError
from timeline.evaluate import SPLITS, evaluate_events, evaluate_merges, read_jsonl
from timeline.pipeline import pipeline

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "events_gold")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    ap.add_argument("--errors", action="store_true", help="list every wrong, missed, extra event")
    ap.add_argument(
        "--coder", choices=CODERS, default="rules", help="event coder of the pipeline (rules)"
    )
    args = ap.parse_args(argv)
    run = functools.partial(pipeline, coder=args.coder)
    try:
        paragraphs = read_jsonl(args.gold / "paragraphs.jsonl")
        pairs = read_jsonl(args.gold / "pairs.jsonl")
        events, notes = evaluate_events(paragraphs, run)
        merges = evaluate_merges(pairs, run)
    except TimelineError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    result = {
        "events": {k: c.report() for k, c in events.items()},
        "merges": {k: m.report() for k, m in merges.items()},
    }
    if args.json:
        if args.errors:
            result["errors"] = notes
        print(json.dumps(result, indent=2))
        return 0
    for split in (*SPLITS, "all"):
        if split not in events:
            continue
        r = result["events"][split]
        print(f"== {split}: {r['gold']} gold events, {r['predicted']} predicted")
        print(f"  {'':14} precision  recall")
        rows = [("found", r["found"]), ("fully right", r["fully_right"])]
        rows += [(f"  {k}", v) for k, v in r["fields"].items()]
        for name, v in rows:
            print(f"  {name:14} {v['precision']:9.3f}  {v['recall']:6.3f}")
        m = result["merges"].get(split)
        if m:
            print(f"  merges ({m['pairs']} pairs): precision {m['precision']:.3f}"
                  f"  recall {m['recall']:.3f}")  # fmt: skip
    if args.errors:
        for n in notes:
            print(json.dumps(n, ensure_ascii=False))
        for split in SPLITS:
            for w in result["merges"].get(split, {}).get("wrong", []):
                print(f"merge {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
