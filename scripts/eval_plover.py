"""Score the event extractor's event types against PLOVER-labelled sentences.

Usage: python scripts/eval_plover.py PATH [--dct YYYY-MM-DD] [--json] [--errors N]

PATH is a JSONL file of ``{"id", "text", "events": [{"plover", ...}]}`` lines (for example the
Zero-Shot-PLOVER training split). Each sentence goes through the full pipeline (temporal tagger
+ extractor) with a fixed publication date. The predicted type of a sentence is the PLOVER
category of its most confident event that has one (CAMEO 01/02 statements and appeals have no
PLOVER category). A gold label "CONCEDE|RETREAT" accepts either.

Reported: accuracy over all sentences (no prediction counts as wrong), coverage (sentences
with a prediction), accuracy where a prediction was made, and per-category precision/recall/F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from timeline.pipeline import pipeline


def predict(text: str, dct: date) -> str | None:
    events = [e for e in pipeline(text, dct) if e.plover]
    if not events:
        return None
    best = max(events, key=lambda e: e.confidence)
    return best.plover


def _match(pred: str | None, gold: set[str]) -> bool:
    return pred is not None and bool(set(pred.split("|")) & gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--dct", default="2018-06-01", help="publication date to anchor to")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--errors", type=int, default=0, help="print N mistakes")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"Error: no such corpus file: {args.path}", file=sys.stderr)
        return 2
    dct = date.fromisoformat(args.dct)

    total = predicted = correct = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    mistakes = []
    with args.path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            gold_labels = {e["plover"] for e in rec.get("events", []) if e.get("plover")}
            if not gold_labels:
                continue
            gold = {part for lab in gold_labels for part in lab.split("|")}
            gold_key = sorted(gold_labels)[0]
            pred = predict(rec["text"], dct)
            total += 1
            if pred is not None:
                predicted += 1
            if _match(pred, gold):
                correct += 1
                tp[gold_key] += 1
            else:
                fn[gold_key] += 1
                if pred is not None:
                    fp[_label_key(pred)] += 1
                if len(mistakes) < args.errors:
                    mistakes.append((rec.get("id"), gold_key, pred, rec["text"][:140]))

    labels = sorted(set(tp) | set(fn) | set(fp))
    per_class = {}
    for lab in labels:
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[lab] = {"precision": p, "recall": r, "f1": f, "support": tp[lab] + fn[lab]}
    scores = {
        "sentences": total,
        "accuracy": correct / total if total else 0.0,
        "coverage": predicted / total if total else 0.0,
        "accuracy_when_predicted": correct / predicted if predicted else 0.0,
        "per_class": per_class,
    }
    if args.json:
        print(json.dumps(scores, indent=2))
    else:
        print(f"sentences               {total}")
        print(f"accuracy (all)          {scores['accuracy']:.3f}")
        print(f"coverage                {scores['coverage']:.3f}")
        print(f"accuracy when predicted {scores['accuracy_when_predicted']:.3f}")
        print(f"{'category':18} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
        for lab, s in per_class.items():
            print(
                f"{lab:18} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                f"{s['support']:5d}"
            )
        for m in mistakes:
            print("MISS", *m, sep="\t")
    return 0


def _label_key(pred: str) -> str:
    return "CONCEDE|RETREAT" if pred in ("CONCEDE", "RETREAT") else pred


if __name__ == "__main__":
    sys.exit(main())
