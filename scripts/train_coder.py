"""Fit the learned event coder's linear head and write ``timeline/coder/data/coder_model.json.gz``.

Usage: python scripts/train_coder.py [--out PATH] [--seed 7] [--per-template 56] [--c 1.0] [--bag 4]
       [--dump-training FILE.jsonl]

Training data (all of it redistributable by the project; see docs/model_card.md):

1. ``data/coder/templates.tsv``: sentence templates written for this project, one class each
   (the 15 PLOVER classes and NONE), filled from ``data/coder/actors.tsv`` and
   ``data/coder/slots.tsv`` (actors, times, places, numbers of several regions and decades);
2. ``data/coder/sentences.tsv``: whole sentences written for this project;
3. ``timeline/coder/data/cameo_verbs.tsv``: verbs and verb patterns derived by
   ``scripts/derive_cameo_verbs.py`` from the MIT-licensed PETRARCH2 CAMEO verb dictionary, each
   turned into a sentence ("{actor} {past form} {object} ...");
4. the examples of the rule coder's trigger table (``timeline/events/lexicon/en/triggers.tsv``),
   with CAMEO 01/02 (statements, appeals: no PLOVER class) as NONE.

Everything is seeded: the same inputs give the same weights. Needs the ``dev`` extra
(scikit-learn); the shipped model is read at run time without it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline import cameo  # noqa: E402
from timeline.coder.features import featurize, merge_plover  # noqa: E402
from timeline.coder.model import MODEL_FILE, NONE  # noqa: E402

DATA = ROOT / "data" / "coder"
CLASSES = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE|RETREAT", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip
DEFAULT_CAMEO = {
    "ACCUSE": "112", "AGREE": "030", "AID": "070", "ASSAULT": "180", "COERCE": "170",
    "CONCEDE|RETREAT": "080", "CONSULT": "040", "COOPERATE": "060", "MOBILIZE": "150",
    "PROTEST": "140", "REJECT": "120", "REQUEST": "100", "SANCTION": "160", "SUPPORT": "050",
    "THREATEN": "130",
}  # fmt: skip
BAG = 4  # heads averaged (scripts/train_coder.py --bag)
PER_TEMPLATE = 56  # fillings per template (more fillings: more varied actors, frames, clauses)
MAX_DERIVED_PER_CLASS = 150  # keep the dictionary sentences from swamping the written ones
FRAME_SHARE = 0.5  # share of filled templates wrapped in a frame (data/coder/frames.tsv)
CLAUSE_SHARE = 0.3  # share given a background clause naming another event (data/coder/clauses.tsv)
CONJ_SHARE = 0.15  # share whose source becomes two actors ("{S} and {S2}": not only COOPERATE)
TEMPLATE_FILES = ("templates.tsv", "templates_news.tsv", "templates_more.tsv", "templates_defs.tsv")
DERIVED_WEIGHT = 0.5  # and weigh them less: a synonym set's code fits its members unevenly


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _cap(s: str) -> str:
    s = " ".join(s.split()).replace(" .", ".").replace(" ,", ",")
    return s[:1].upper() + s[1:]


class Filler:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.actors = [r["text"] for r in read_tsv(DATA / "actors.tsv")]
        self.names = {a.split(" ", 1)[0] for a in self.actors if a[:1].isupper()}
        slots = read_tsv(DATA / "slots.tsv")
        self.slot = {k: [r["text"] for r in slots if r["slot"] == k] for k in "WPN"}

        self.frames = read_tsv(DATA / "frames.tsv") if (DATA / "frames.tsv").is_file() else []
        path = DATA / "clauses.tsv"
        self.clauses = read_tsv(path) if path.is_file() else []

    def clause(self, template: str) -> str:
        """Add a background clause about another event to some templates: after the target
        ("{T}, who had been arrested ..., ") or at the end ("..., after {T} was accused of ...")."""
        if not self.clauses or self.rng.random() >= CLAUSE_SHARE:
            return template
        c = self.rng.choice(self.clauses)
        if c["kind"] == "rel":
            if "{T} " not in template:
                return template
            return template.replace("{T} ", "{T}" + c["text"] + " ", 1)
        body = template.rstrip().rstrip(".")
        text = c["text"].rstrip(".") + "."
        return body + ("" if text.startswith(",") else " ") + text

    def frame(self, text: str) -> str:
        """Wrap a sentence in a dateline, attribution or leading time phrase (half of them)."""
        if not self.frames or self.rng.random() >= FRAME_SHARE:
            return text
        f = self.rng.choice(self.frames)
        piece = f["text"].replace("{P}", self.rng.choice(self.slot["P"]))
        if f["kind"] == "prefix":
            first = text.split(" ", 1)[0]
            keep = first[1:2].isupper() or first in self.names
            body = text if keep else text[:1].lower() + text[1:]
            return f"{piece} {body}"
        sep = "" if piece.startswith(",") else " "
        return text.rstrip(".") + sep + piece

    def fill(self, template: str, clause: bool = False) -> tuple[str, str, str]:
        s, t, s2 = self.rng.sample(self.actors, 3)
        text = self.clause(template) if clause else template
        if clause and text.startswith("{S} ") and self.rng.random() < CONJ_SHARE:
            s = f"{s} and {s2}"
        for key, vals in self.slot.items():
            while "{" + key + "}" in text:
                text = text.replace("{" + key + "}", self.rng.choice(vals), 1)
        text = text.replace("{S}", s).replace("{T}", t)
        return self.frame(_cap(text)), s, t


def template_examples(rng: random.Random, per_template: int) -> list[tuple[str, str, str]]:
    filler = Filler(rng)
    out = []
    rows = [row for name in TEMPLATE_FILES for row in read_tsv(DATA / name)]
    for row in rows:
        seen = set()
        for _ in range(per_template):
            text, _s, _t = filler.fill(row["template"], clause=True)
            if text not in seen:
                seen.add(text)
                out.append((text, row["plover"], f"template:{row['id']}"))
    return out


def modality_examples(rng: random.Random, per_template: int) -> list[tuple[str, str, str]]:
    """Templates "{S} <past verb> ..." rewritten into the frames of ``data/coder/modality.tsv``
    (intent -> AGREE, refusal -> REJECT, threat -> THREATEN, appeal -> REQUEST)."""
    path = DATA / "modality.tsv"
    if not path.is_file():
        return []
    frames = read_tsv(path)
    past = {}
    for r in read_tsv(ROOT / "timeline" / "coder" / "data" / "cameo_verbs.tsv"):
        if r["kind"] == "verb":
            f = r["forms"].split("|")
            past.setdefault(f[2], f[0])
    filler = Filler(rng)
    out = []
    for row in (r for name in TEMPLATE_FILES for r in read_tsv(DATA / name)):
        parts = row["template"].split(" ", 2)
        if len(parts) < 3 or parts[0] != "{S}" or parts[1] not in past:
            continue
        label = row["plover"]
        options = [
            f
            for f in frames
            if label in f["from"].split("|")
            or (label == "CONCEDE|RETREAT" and "CONCEDE" in f["from"].split("|"))
        ]
        for f in rng.sample(options, min(len(options), max(1, per_template // 7))):
            rest = parts[2]
            if "{T2}" in f["text"]:
                if "{T}" not in rest:
                    continue
                head = f["text"].replace("{T2}", "{T}").replace("{V}", past[parts[1]])
                template = head + " " + rest.replace("{T}", "its neighbour")
            else:
                template = f["text"].replace("{V}", past[parts[1]]) + " " + rest
            text, _s, _t = filler.fill(template)
            out.append((text, f["to"], f"modality:{f['id']}:{row['id']}"))
    return out


def sentence_examples() -> list[tuple[str, str, str]]:
    path = DATA / "sentences.tsv"
    if not path.is_file():
        return []
    return [(r["sentence"], r["plover"], f"sentence:{r['id']}") for r in read_tsv(path)]


def derived_examples(rng: random.Random) -> list[tuple[str, str, str]]:
    filler = Filler(rng)
    rows = read_tsv(ROOT / "timeline" / "coder" / "data" / "cameo_verbs.tsv")
    forms = {r["lemma"]: r["forms"].split("|") for r in rows if r["kind"] == "verb"}
    by_class: dict[str, list[tuple[str, str, str]]] = {}
    for r in rows:
        label = merge_plover(r["plover"])
        if r["kind"] == "verb":
            f = r["forms"].split("|")
            verb = f[2]
            template = rng.choice(
                ["{S} " + verb + " {T} {W}.", "{S} " + verb + " {T} in {P}.",
                 "{W}, {S} " + verb + " {T}.", "{T} was " + f[3] + " by {S} {W}."]
            )  # fmt: skip
        else:
            f = forms.get(r["lemma"])
            if not f:
                continue
            det = rng.choice(["the ", "a ", "", "its "])
            template = rng.choice(
                ["{S} " + f[2] + " " + det + r["object"] + " {W}.",
                 "{S} " + f[2] + " " + det + r["object"] + " of {T}.",
                 "{S} has " + f[3] + " " + det + r["object"] + " in {P}."]
            )  # fmt: skip
        text, _s, _t = filler.fill(template)
        by_class.setdefault(label, []).append((text, label, f"cameo:{r['id']}"))
    out = []
    for label in sorted(by_class):
        items = by_class[label]
        rng.shuffle(items)
        out.extend(items[:MAX_DERIVED_PER_CLASS])
    return out


def trigger_examples() -> list[tuple[str, str, str]]:
    out = []
    for r in read_tsv(ROOT / "timeline" / "events" / "lexicon" / "en" / "triggers.tsv"):
        if not r.get("example") or r["cameo"] == "other":
            continue
        p = cameo.plover(r["cameo"])
        if p is None and r["cameo"].startswith("02"):
            p = "REQUEST"  # PLOVER's REQUEST is CAMEO's appeals (02) and demands (10)
        out.append((r["example"], merge_plover(p) if p else NONE, f"trigger:{r['id']}"))
    return out


def training_set(seed: int, per_template: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    data = (
        template_examples(rng, per_template)
        + modality_examples(rng, per_template)
        + sentence_examples()
        + derived_examples(rng)
        + trigger_examples()
    )
    for _text, label, origin in data:
        if label not in CLASSES and label != NONE:
            raise SystemExit(f"Error: unknown class {label!r} in {origin}")
    return data


def fit(texts: list[str], labels: list[str], c: float, seed: int, weights=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(featurize(t)[0], 1) for t in texts])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(x, labels, sample_weight=weights)
    return vec, clf


def export_weights(vec, clf, prune: float = 1e-3) -> tuple[list[str], dict[str, list[float]]]:
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_.T  # features x classes
    weights: dict[str, list[float]] = {}
    for name, idx in vec.vocabulary_.items():
        row = [round(float(v), 4) for v in coef[idx]]
        if max(abs(v) for v in row) >= prune:
            weights[name] = row
    bias = [round(float(v), 4) for v in clf.intercept_]
    old = weights.get("bias", [0.0] * len(bias))
    weights["bias"] = [a + b for a, b in zip(old, bias, strict=True)]
    return classes, dict(sorted(weights.items()))


def average(models: list[tuple[list[str], dict[str, list[float]]]]) -> dict[str, list[float]]:
    """The mean of several heads' weights (a feature missing from a head counts as 0)."""
    n = len(models)
    out: dict[str, list[float]] = {}
    for _classes, weights in models:
        for name, row in weights.items():
            acc = out.setdefault(name, [0.0] * len(row))
            for i, v in enumerate(row):
                acc[i] += v
    return {k: [round(v / n, 4) for v in row] for k, row in sorted(out.items())}


def fit_bag(seed: int, per_template: int, c: float, bag: int):
    """Fit ``bag`` heads on fillings drawn with seeds seed, seed+1, ... and average them (the
    fillings are random: one head's figure moves by +-0.01 macro F1 with the seed; the average
    is steadier). Returns (classes, weights, the first fill's data, examples per head)."""
    heads = []
    first: list[tuple[str, str, str]] = []
    sizes = []
    for k in range(bag):
        data = training_set(seed + k, per_template)
        first = first or data
        sizes.append(len(data))
        sw = [DERIVED_WEIGHT if o.startswith("cameo:") else 1.0 for _, _, o in data]
        vec, clf = fit([t for t, _, _ in data], [lab for _, lab, _ in data], c, seed + k, sw)
        heads.append(export_weights(vec, clf))
    classes = heads[0][0]
    if any(h[0] != classes for h in heads):
        raise SystemExit("Error: the heads of the bag disagree on the classes")
    return classes, (heads[0][1] if bag == 1 else average(heads)), first, sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "timeline" / "coder" / "data" / MODEL_FILE)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-template", type=int, default=PER_TEMPLATE)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--bag", type=int, default=BAG, help="heads fitted on other fillings, averaged")
    ap.add_argument("--dump-training", type=Path, help="also write the training set as JSONL")
    args = ap.parse_args(argv)
    classes, weights, data, sizes = fit_bag(args.seed, args.per_template, args.c, args.bag)
    labels = [lab for _, lab, _ in data]
    origins = Counter(o.split(":")[0] for _, _, o in data)
    meta = {
        "seed": args.seed,
        "bag": args.bag,
        "c": args.c,
        "per_template": args.per_template,
        "examples": len(data),
        "examples_per_head": sizes,
        "per_class": dict(sorted(Counter(labels).items())),
        "per_origin": dict(sorted(origins.items())),
        "features": len(weights),
        "trainer": "scikit-learn LogisticRegression (multinomial, L2), heads averaged",
    }
    model = {"classes": classes, "weights": weights, "default_cameo": DEFAULT_CAMEO, "meta": meta}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(model, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with open(args.out, "wb") as fh, gzip.GzipFile("", "wb", fileobj=fh, mtime=0) as gz:
        gz.write(raw)
    if args.dump_training:
        with args.dump_training.open("w", encoding="utf-8") as fh:
            for t, lab, o in data:
                fh.write(json.dumps({"text": t, "plover": lab, "origin": o}) + "\n")
    print(json.dumps(meta, indent=1))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
