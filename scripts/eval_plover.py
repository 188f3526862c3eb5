"""Score the event coders (rules, learned model, both) against PLOVER-labelled sentences.

Usage: python scripts/eval_plover.py PATH [--dct YYYY-MM-DD] [--coder rules|model|both|all]
       [--model FILE] [--cv K] [--cv-corpus-only] [--seed 7] [--fill-seed S] [--json]
       [--errors N]

PATH is a JSONL file of ``{"id", "text", "events": [{"plover", "source"?, "target"?}]}`` lines
(for example the Zero-Shot-PLOVER training split). Each sentence is coded:

- ``rules``: the full pipeline (temporal tagger + rule extractor) with a fixed publication date;
  the sentence's type is the PLOVER class of its most confident event that has one (CAMEO 01/02
  statements and appeals have none);
- ``model``: the learned coder (``timeline.coder``) alone, NONE = no prediction;
- ``both``: the documented policy of ``timeline.coder.policy`` over the two.

A gold label "CONCEDE|RETREAT" is one class (CONCEDE and RETREAT predictions count as it).

Reported per coder: micro and macro F1 over the 15 classes (a sentence without a prediction is a
miss), per-class precision/recall/F1, coverage (sentences with a prediction) and source/target
accuracy where the type is right (a role matches when one phrase contains the other's head word).

Without ``--cv`` the model is the shipped one (or ``--model FILE``); it was fitted on the project's
own data only, so scoring it on a development corpus is a held-out figure. With ``--cv K`` the
head is re-fitted K times by ``scripts/train_coder.py``'s code on the project's data plus K-1 folds
of PATH (or the folds alone with ``--cv-corpus-only``) and scored on the remaining fold: a model
is never scored on sentences it was fitted on. Fold figures and their mean are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.coder.features import merge_plover  # noqa: E402
from timeline.coder.model import CoderModel, ModelError, Prediction, load_model  # noqa: E402
from timeline.coder.policy import combine  # noqa: E402
from timeline.coder.roles import find_roles  # noqa: E402
from timeline.pipeline import pipeline  # noqa: E402

CLASSES = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE|RETREAT", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip
_STOP = frozenset({"the", "a", "an", "of", "'s", "its", "his", "her", "their", "s"})


# -- one coded sentence ----------------------------------------------------------------------------


class Coded:
    __slots__ = ("plover", "source", "target")

    def __init__(self, plover: str | None, source: str | None, target: str | None) -> None:
        self.plover = merge_plover(plover) if plover else None
        self.source = source
        self.target = target


def rules_view(text: str, dct: date) -> tuple[Coded, float | None]:
    events = [e for e in pipeline(text, dct) if e.plover]
    if not events:
        return Coded(None, None, None), None
    best = max(events, key=lambda e: e.confidence)
    src = next((a.mention or a.name for a in best.actors if a.role == "source"), None)
    tgt = next((a.mention or a.name for a in best.actors if a.role == "target"), None)
    parts = [a.mention or a.name for a in best.actors if a.role == "participant"]
    if src is None and parts:
        src = parts[0]
    if tgt is None and len(parts) > 1:
        tgt = parts[1]
    return Coded(best.plover, src, tgt), best.confidence


def model_view(text: str, pred: Prediction) -> Coded:
    if not pred.is_event:
        return Coded(None, None, None)
    r = find_roles(text, pred.hits, pred.plover)
    src = text[r.source[0] : r.source[1]] if r.source else None
    tgt = text[r.target[0] : r.target[1]] if r.target else None
    return Coded(pred.plover, src, tgt)


def both_view(text: str, rules: Coded, rule_conf: float | None, pred: Prediction) -> Coded:
    d = combine(rules.plover, rule_conf, pred, dict(pred.probs))
    if d.plover is None:
        return Coded(None, None, None)
    if d.rule in ("coder.agree", "coder.rules_kept"):
        return rules
    if rules.plover is not None:  # model override: keep the rules' actors
        return Coded(d.plover, rules.source, rules.target)
    return model_view(text, pred)


# -- scoring ---------------------------------------------------------------------------------------


def _words(s: str | None) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", (s or "").lower()) if w not in _STOP]


def role_match(pred: str | None, gold: str | None) -> bool:
    gw, pw = _words(gold), _words(pred)
    if not gw:
        return not pw
    if not pw:
        return False
    return gw[-1] in pw or pw[-1] in gw


def score(golds: list[dict], coded: list[Coded]) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    predicted = correct = src_ok = tgt_ok = dyad_ok = 0
    for g, c in zip(golds, coded, strict=True):
        gold = g["plover"]
        if c.plover is not None:
            predicted += 1
        if c.plover == gold:
            tp[gold] += 1
            correct += 1
            s_ok = role_match(c.source, g["source"])
            t_ok = role_match(c.target, g["target"])
            src_ok += s_ok
            tgt_ok += t_ok
            dyad_ok += s_ok and t_ok
        else:
            fn[gold] += 1
            if c.plover is not None:
                fp[c.plover] += 1
    per_class = {}
    for lab in CLASSES:
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[lab] = {"precision": p, "recall": r, "f1": f, "support": tp[lab] + fn[lab]}
    n = len(golds)
    micro_p = correct / predicted if predicted else 0.0
    micro_r = correct / n if n else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return {
        "sentences": n,
        "micro_f1": micro,
        "macro_f1": statistics.fmean(v["f1"] for v in per_class.values()),
        "coverage": predicted / n if n else 0.0,
        "accuracy_when_predicted": micro_p,
        "source_acc": src_ok / correct if correct else 0.0,
        "target_acc": tgt_ok / correct if correct else 0.0,
        "dyad_acc": dyad_ok / correct if correct else 0.0,
        "min_class_f1": min(v["f1"] for v in per_class.values()),
        "per_class": per_class,
    }


def read_corpus(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            evs = [e for e in rec.get("events", []) if e.get("plover")]
            if not evs:
                continue
            e = evs[0]
            out.append(
                {
                    "id": rec.get("id"),
                    "text": rec["text"],
                    "plover": merge_plover(e["plover"]),
                    "source": e.get("source"),
                    "target": e.get("target"),
                }
            )
    return out


def code_all(golds, dct, model: CoderModel, coders, rules_cache):
    out: dict[str, list[Coded]] = {c: [] for c in coders}
    for g in golds:
        if set(coders) & {"rules", "both"}:
            if g["id"] not in rules_cache:
                rules_cache[g["id"]] = rules_view(g["text"], dct)
            rv, rc = rules_cache[g["id"]]
        pred = model.predict(g["text"]) if set(coders) & {"model", "both"} else None
        if "rules" in coders:
            out["rules"].append(rv)
        if "model" in coders:
            out["model"].append(model_view(g["text"], pred))
        if "both" in coders:
            out["both"].append(both_view(g["text"], rv, rc, pred))
    return out


def fit_fold(train: list[dict], seed: int, with_project: bool) -> CoderModel:
    """One head (not the shipped bag of heads, to keep K folds affordable) fitted on the
    project's data (one filling, ``seed``) plus the training folds."""
    import train_coder

    data = train_coder.training_set(seed, train_coder.PER_TEMPLATE) if with_project else []
    texts = [t for t, _, _ in data] + [g["text"] for g in train]
    labels = [lab for _, lab, _ in data] + [g["plover"] for g in train]
    sw = [train_coder.DERIVED_WEIGHT if o.startswith("cameo:") else 1.0 for _, _, o in data]
    sw += [1.0] * len(train)
    if "NONE" not in labels:
        texts.append("")
        labels.append("NONE")
        sw.append(1.0)
    vec, clf = train_coder.fit(texts, labels, 1.0, seed, sw)
    classes, weights = train_coder.export_weights(vec, clf)
    return CoderModel(
        {"classes": classes, "weights": weights, "default_cameo": train_coder.DEFAULT_CAMEO},
        "cv-fold",
    )


def print_scores(name: str, s: dict) -> None:
    print(
        f"== {name}: micro F1 {s['micro_f1']:.3f}  macro F1 {s['macro_f1']:.3f}  "
        f"coverage {s['coverage']:.3f}  min class F1 {s['min_class_f1']:.3f}  "
        f"source {s['source_acc']:.3f}  target {s['target_acc']:.3f}  dyad {s['dyad_acc']:.3f}"
    )
    print(f"   {'class':16} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for lab, v in s["per_class"].items():
        print(
            f"   {lab:16} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--dct", default="2018-06-01", help="publication date to anchor to")
    ap.add_argument("--coder", default="all", choices=["rules", "model", "both", "all"])
    ap.add_argument("--model", type=Path, help="model file (default: the shipped one)")
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation on PATH")
    ap.add_argument("--cv-corpus-only", action="store_true", help="CV folds without project data")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--fill-seed",
        type=int,
        help="seed of the template filling in --cv (default: --seed); the folds stay --seed's",
    )
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--errors", type=int, default=0, help="print N mistakes of each coder")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"Error: no such corpus file: {args.path}", file=sys.stderr)
        return 2
    dct = date.fromisoformat(args.dct)
    coders = ["rules", "model", "both"] if args.coder == "all" else [args.coder]
    golds = read_corpus(args.path)
    rules_cache: dict = {}
    result: dict = {"corpus": str(args.path), "sentences": len(golds)}

    if args.cv:
        sys.path.insert(0, str(ROOT / "scripts"))
        order = list(range(len(golds)))
        random.Random(args.seed).shuffle(order)
        folds = [order[k :: args.cv] for k in range(args.cv)]
        fold_scores = []
        all_coded: dict[str, list[Coded]] = {c: [None] * len(golds) for c in coders}
        for k, test_idx in enumerate(folds):
            test_set = set(test_idx)
            train = [golds[i] for i in order if i not in test_set]
            fill = args.seed if args.fill_seed is None else args.fill_seed
            model = fit_fold(train, fill, not args.cv_corpus_only)
            test = [golds[i] for i in test_idx]
            coded = code_all(test, dct, model, coders, rules_cache)
            fs = {c: score(test, coded[c]) for c in coders}
            for c in coders:
                for i, cd in zip(test_idx, coded[c], strict=True):
                    all_coded[c][i] = cd
            fold_scores.append(fs)
            print(
                f"fold {k + 1}/{args.cv}: "
                + "  ".join(
                    f"{c} macro {fs[c]['macro_f1']:.3f} micro {fs[c]['micro_f1']:.3f}"
                    for c in coders
                ),
                flush=True,
            )
        result["cv"] = {
            "k": args.cv,
            "with_project_data": not args.cv_corpus_only,
            "folds": [
                {c: {"macro_f1": f[c]["macro_f1"], "micro_f1": f[c]["micro_f1"]} for c in coders}
                for f in fold_scores
            ],  # fmt: skip
        }
        for c in coders:
            result["cv"][f"{c}_mean_macro_f1"] = statistics.fmean(
                f[c]["macro_f1"] for f in fold_scores
            )
            result["cv"][f"{c}_mean_micro_f1"] = statistics.fmean(
                f[c]["micro_f1"] for f in fold_scores
            )
        coded_all = all_coded
    else:
        try:
            model = load_model(args.model)
        except ModelError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
        coded_all = code_all(golds, dct, model, coders, rules_cache)
    result["coders"] = {c: score(golds, coded_all[c]) for c in coders}

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"corpus {args.path} ({len(golds)} sentences)"
        + (f", {args.cv}-fold CV (pooled over folds)" if args.cv else ", shipped model (held out)")
    )
    if args.cv:
        for c in coders:
            print(
                f"CV mean over folds: {c} macro F1 {result['cv'][c + '_mean_macro_f1']:.3f}, "
                f"micro F1 {result['cv'][c + '_mean_micro_f1']:.3f}"
            )
    for c in coders:
        print_scores(c, result["coders"][c])
        if args.errors:
            shown = 0
            for g, cd in zip(golds, coded_all[c], strict=True):
                if cd.plover != g["plover"] and shown < args.errors:
                    print("MISS", c, g["id"], g["plover"], cd.plover, g["text"][:120], sep="\t")
                    shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
