"""Derive the learned coder's verb table from the MIT-licensed CAMEO verb dictionary.

Usage: python scripts/derive_cameo_verbs.py PATH/TO/CAMEO.2.0.txt [--out timeline/coder/data]

Reads the PETRARCH2 ``CAMEO.2.0.txt`` (Open Event Data, MIT licence) and writes
``cameo_verbs.tsv``: one row per verb form (lemma, inflected forms, CAMEO code of its block or of
the verb itself, PLOVER type) and one row per verb pattern (the verb's lemma, the object words of
the pattern, its CAMEO code and PLOVER type). Only codes with a PLOVER type are kept (CAMEO 01/02
statements and appeals are dropped by PLOVER). The MIT notice of the dictionaries is copied next
to the output as ``LICENSE-PETRARCH2.txt``; nothing else of the dictionary is shipped.

The output is deterministic (sorted), so re-running the script on the same input gives the same
file byte for byte.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline import cameo  # noqa: E402

NOTICE_HEAD = (
    "The file cameo_verbs.tsv in this folder is derived by scripts/derive_cameo_verbs.py from\n"
    "CAMEO.2.0.txt of the PETRARCH2 dictionaries (github.com/openeventdata/petrarch2,\n"
    "petrarch2/data/dictionaries/), distributed under the following licence:\n\n"
)

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_VERB = re.compile(r"^(\+?[A-Z][A-Z_'\-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]\s*(?:#\s*(\S+))?")
_SYNSET = re.compile(r"^&([A-Z_]+)")


def _code(raw: str) -> str | None:
    raw = raw.split(":")[0].strip()
    return raw if re.fullmatch(r"\d{2,4}", raw) else None


def _generic(code: str) -> bool:
    """A CAMEO root-level code ("060", "110"): the default of a whole category."""
    return len(code) == 3 and code.endswith("0")


def _plover(code: str) -> str | None:
    p = cameo.plover(code)
    return p or None


def _inflect(lemma: str) -> tuple[str, str, str, str]:
    """Regular English forms (3rd person, past, past participle, -ing) of a base verb."""
    w = lemma
    if w.endswith("e"):
        past, ing = w + "d", w[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", w):
        past, ing = w[:-1] + "ied", w + "ing"
    else:
        past, ing = w + "ed", w + "ing"
    if re.search(r"(s|x|z|ch|sh)$", w):
        third = w + "es"
    elif re.search(r"[^aeiou]y$", w):
        third = w[:-1] + "ies"
    else:
        third = w + "s"
    return third, past, past, ing


def _words(token: str) -> str:
    return token.strip("+").replace("_", " ").lower().strip()


def parse(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    synsets: dict[str, list[str]] = {}
    verbs: dict[str, dict[str, str]] = {}
    known: set[str] = set()
    patterns: dict[tuple[str, str, str], dict[str, str]] = {}
    block_code: str | None = None
    block_verbs: list[str] = []
    cur_set: str | None = None
    in_patterns = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if "VERB PATTERNS" in raw:
            in_patterns = True
            continue
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("- ") else raw.rstrip()
        if not line.strip():
            cur_set = None
            continue
        if not in_patterns:
            if line.startswith("&"):
                cur_set = line[1:].strip().rstrip("_")
                synsets[cur_set] = []
            elif cur_set and line.startswith("+"):
                synsets[cur_set].append(_words(line.split()[0]))
            continue
        m = _BLOCK.match(line)
        if m:
            block_code = _code(m.group(2))
            block_verbs = []
            continue
        if line.startswith("-"):
            pm = _PATTERN.match(line)
            if not pm:
                continue
            code = _code(pm.group(2))
            if code is None or _plover(code) is None:
                continue
            body = pm.group(1)
            verb = _words(pm.group(3)) if pm.group(3) else (block_verbs[0] if block_verbs else "")
            if verb not in known or "*" not in body:
                continue
            after = body.split("*", 1)[1]
            obj = []
            for tok in re.findall(r"&?[A-Z][A-Z_'\-]*", after):
                sm = _SYNSET.match(tok)
                if sm:
                    members = synsets.get(sm.group(1).rstrip("_"), [])
                    if members:
                        obj.append(members[0])
                elif tok not in ("BY",) or obj:
                    obj.append(_words(tok))
            obj_text = " ".join(w for w in obj if w).strip()
            if not obj_text:
                continue
            key = (verb, obj_text, code)
            patterns[key] = {
                "lemma": verb,
                "object": obj_text,
                "cameo": code,
                "plover": _plover(code) or "",
                "pattern": " ".join(body.split()),
            }
            continue
        vm = _VERB.match(line)
        if vm:
            known.add(_words(vm.group(1)))
        if vm and block_code is not None or (vm and vm.group(3)):
            lemma = _words(vm.group(1))
            own = _code(vm.group(3)[1:-1]) if vm.group(3) else None
            code = own or block_code
            block_verbs.append(lemma)
            if code is None or _plover(code) is None or " " in lemma:
                # multi-word verbs ("stir up") are kept as patterns only when coded
                if code is not None and _plover(code) is not None and " " in lemma:
                    verbs[lemma] = _verb_row(lemma, vm.group(2), code)
                continue
            verbs[lemma] = _verb_row(lemma, vm.group(2), code)
            # a synonym set's generic code ("provide", "lead", "control" under 060) is loose
            verbs[lemma]["generic"] = "1" if own is None and _generic(code) else ""
        elif vm:
            block_verbs.append(_words(vm.group(1)))
    return sorted(verbs.values(), key=lambda r: r["lemma"]), sorted(
        patterns.values(), key=lambda r: (r["lemma"], r["object"], r["cameo"])
    )


def _verb_row(lemma: str, irregular: str | None, code: str) -> dict[str, str]:
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = [f + tail for f in _inflect(head)]
    if irregular:
        extra = [_words(w) for w in irregular.strip("{} ").split() if w.strip()]
        if tail:
            extra = [w if w.endswith(tail) else w.split(" ")[0] + tail for w in extra]
        for w in extra:
            first = w.split(" ")[0]
            if first.endswith("ing"):
                forms[3] = w
            elif first.endswith("s") and not first.endswith("ss"):
                forms[0] = w
            else:
                forms[1] = forms[2] = w
        # a second past form in the list is the participle ("froze frozen")
        pasts = [w for w in extra if not w.split(" ")[0].endswith(("ing", "s"))]
        if len(pasts) >= 2:
            forms[1], forms[2] = pasts[0], pasts[1]
    return {
        "lemma": lemma,
        "forms": "|".join([lemma, *forms]),
        "cameo": code,
        "plover": _plover(code) or "",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cameo_txt", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "timeline" / "coder" / "data")
    args = ap.parse_args(argv)
    if not args.cameo_txt.is_file():
        print(f"Error: no such file: {args.cameo_txt}", file=sys.stderr)
        return 2
    verbs, patterns = parse(args.cameo_txt)
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# CAMEO verb forms and verb patterns with their PLOVER type, derived by",
        "# scripts/derive_cameo_verbs.py from the PETRARCH2 CAMEO.2.0.txt (MIT, Open Event Data;",
        "# see LICENSE-PETRARCH2.txt). kind=verb: forms = base|3rd|past|participle|-ing;",
        "# kind=pattern: the verb's lemma followed within a few words by the object words.",
        "# generic=1: the verb only inherits its synonym set's root-level code (a weak cue).",
        "id\tkind\tlemma\tforms\tobject\tcameo\tplover\tgeneric",
    ]
    for i, v in enumerate(verbs, 1):
        lines.append(
            f"v{i:04d}\tverb\t{v['lemma']}\t{v['forms']}\t\t{v['cameo']}\t{v['plover']}\t"
            f"{v.get('generic', '')}"
        )
    for i, p in enumerate(patterns, 1):
        lines.append(
            f"p{i:04d}\tpattern\t{p['lemma']}\t\t{p['object']}\t{p['cameo']}\t{p['plover']}\t"
        )
    (args.out / "cameo_verbs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    licence = (args.cameo_txt.parent / "LICENSE").read_text(encoding="utf-8")
    (args.out / "LICENSE-PETRARCH2.txt").write_text(NOTICE_HEAD + licence, encoding="utf-8")
    print(f"{len(verbs)} verbs, {len(patterns)} patterns -> {args.out / 'cameo_verbs.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
