"""Derive the dated actor lexicon from the PETRARCH2/Phoenix dictionaries (MIT) + pycountry.

Usage:
  python scripts/build_actor_lexicon.py PETRARCH_DICT_DIR [--out DIR]   # build, then validate
  python scripts/build_actor_lexicon.py --check [--out DIR]             # validate only
  python scripts/build_actor_lexicon.py --check --office-holders FILE    # + a curated file

PETRARCH_DICT_DIR holds Open Event Data's ``Phoenix.Countries.actors.txt``,
``Phoenix.International.actors.txt``, ``Phoenix.MilNonState.actors.txt`` and
``Phoenix.agents.txt`` (TABARI/PETRARCH syntax). Written to DIR (default
``timeline/events/lexicon/en/petrarch/``), beside the MIT notice (``LICENSE``) and ``README.md``:

- ``people.tsv``: heads of state and government, ministers, envoys, legislators, judges,
  officials of international organisations ... with dated CAMEO codes
  (``USAGOV@2009-01-20..``); a person is kept when one of their codes has a country
  (pycountry alpha-3 or ``actor_codes.tsv``) or an international root;
- ``organizations.tsv``: international organisations and their bodies (``IGO...``), armed and
  other non-state groups (``...REB``, ``IMG...``);
- ``agents.tsv``: generic actor words ("riot police", "rebels", "defence ministry") with their
  CAMEO agent code (``COP``, ``REB``, ``GOVMIL``), plurals generated as PETRARCH does.

The curated complement ``timeline/events/lexicon/en/office_holders.tsv`` (office holders and
armed-group leaders 2014-2026 with a CAMEO code per term, written by hand) is validated by the
same run and by ``--check``; ``--office-holders FILE`` validates another file of that format.
Its checks (``timeline.events.lexicon.office``): header and column count, ids, dates (ISO,
end not before start), kind, role, country, code segments and the code's country, terms that
repeat ``people.tsv`` or overlap another holder's term of the same office and country.

Source records the lexicon cannot use (a date that is not YYMMDD/YYYYMMDD, a code segment not
in ``actor_codes.tsv``, no usable name) are left out and counted in the summary. The written
files are then validated strictly (``timeline.events.lexicon.coded.validate``): a malformed row,
a bad date, an unknown code or a duplicate fails the build with its file and line (exit 1), and
the runtime loader applies the same checks, so it never guesses from a broken lexicon.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.events.lexicon.coded import (  # noqa: E402
    DATA_DIR,
    LexiconError,
    known_segments,
    split_code,
    validate,
    write_checksums,
)
from timeline.events.lexicon.office import FILE as OFFICE_FILE  # noqa: E402
from timeline.events.lexicon.office import read_office_holders  # noqa: E402
from timeline.textutil import fold  # noqa: E402

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
SOURCE_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"

_CODE_RE = re.compile(r"\[([^\]]*)\]")
#: name words that make a synonym an office or a government rather than the person
_NOT_PERSON = frozenset(
    {"administration", "government", "cabinet", "regime", "camp", "supporters", "family",
     "loyalists", "forces", "era", "party"}
)  # fmt: skip
_KEEP_UPPER = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"})
_MAX_ALIAS_WORDS = 6
#: code segments that make an organisation a group (armed or political movement)
_ARMED = ("REB", "IMG", "UAF", "OPP", "PTY", "INS", "SEP", "RAD")


@dataclass(slots=True)
class Record:
    phrases: list[str]
    line: int
    source: str
    default: str | None = None
    terms: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    truncated: bool = False  # the primary phrase is a stem ending in an initial ("GEORGE_P")


@dataclass(slots=True)
class Stats:
    dropped: Counter[str] = field(default_factory=Counter)
    unknown_segments: Counter[str] = field(default_factory=Counter)


def truncated_stem(raw: str) -> bool:
    """A phrase with no closing underscore whose last word is one letter (``GEORGE_P``): in
    TABARI syntax a stem matching "George P<anything>", a cut-off name, not a full one ("George
    P" would take "George P. Shultz"). Roman numerals close with an underscore (``OLAV_V_``)."""
    words = re.sub(r"\{[^}]*\}", " ", raw).strip().lstrip("+").strip().split("_")
    return len(words) > 1 and len(words[-1]) == 1 and words[-1].isalpha()


def normal_code(code: str) -> str:
    """The source's ``<country>GOVLEG`` (a legislator: "USAGOVLEG" for a senator) is CAMEO's
    legislature code ``<country>LEG``; every other code is kept."""
    if len(code) == 9 and code[3:] == "GOVLEG":
        return code[:3] + "LEG"
    return code


def phrase_text(raw: str) -> str:
    """``MIKHAIL_GORBACHEV_`` -> ``MIKHAIL GORBACHEV`` (underscores, braces, stray marks)."""
    text = re.sub(r"\{[^}]*\}", " ", raw).replace("_", " ").replace("+", " ")
    return re.sub(r"\s+", " ", text).strip(" ,;")


def display(text: str) -> str:
    """Title case for names written in capitals, keeping roman numerals and "al-" forms."""

    single = len(text.split()) == 1

    def word(w: str) -> str:
        if w.lower() in _KEEP_UPPER or "." in w or (single and len(w) <= 5):
            return w.upper()  # roman numerals, acronyms ("U.N.", "NATO", "IAEA")
        parts = w.split("-")
        return "-".join(p[:1].upper() + p[1:].lower() if p else p for p in parts)

    out = " ".join(word(w) for w in text.split())
    return re.sub(r"\b(Al|El|Bin|Bint|Ibn|Van|Von|De|Da|Der|Du|La|Le)\b(?=[ -]\w)",
                  lambda m: m.group(1).lower() if m.start() else m.group(1), out)  # fmt: skip


def parse_date(text: str, stats: Stats) -> date | None | bool:
    """YYMMDD (two-digit years: the source is of January 2014, so 00-14 are 20xx) or
    YYYYMMDD; False when malformed."""
    if not text.isdigit() or len(text) not in (6, 8):
        return False
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 14 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return date(year, month, day)
    except ValueError:
        return False


def parse_restriction(body: str, stats: Stats) -> tuple[str, date | None, date | None] | None:
    """``USAGOV >090120`` / ``USAELI 780101-000101`` / ``IGOUNO`` -> (code, start, end)."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0].lstrip("~")
    rest = "".join(parts[1:])
    start: date | None | bool = None
    end: date | None | bool = None
    if rest.startswith(">"):
        start = parse_date(rest[1:], stats)
    elif rest.startswith("<"):
        end = parse_date(rest[1:], stats)
    elif "-" in rest:
        a, _, b = rest.partition("-")
        start, end = parse_date(a, stats), parse_date(b, stats)
    elif rest:
        start = False
    if start is False or end is False:
        stats.dropped["bad date"] += 1
        return None
    assert not isinstance(start, bool) and not isinstance(end, bool)
    if start and end and end < start:
        stats.dropped["end before start"] += 1
        return None
    return code, start, end


def read_actor_file(path: Path, stats: Stats) -> list[Record]:
    """Records of a TABARI/PETRARCH ``.actors`` file. A primary phrase with no code of its own
    that follows a record still without codes is one more name of that record (the source
    lists several spellings as primaries before their date lines)."""
    records: list[Record] = []
    cur: Record | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _CODE_RE.findall(line)
        text = _CODE_RE.sub(" ", line)
        if raw[:1] in ("\t", " ") and not text.strip():
            if cur is None:
                continue
            for body in codes:
                r = parse_restriction(body, stats)
                if r:
                    cur.terms.append(r)
            continue
        if text.lstrip().startswith("+"):
            if cur is not None and not truncated_stem(text):
                cur.phrases.append(phrase_text(text))
            continue
        phrase = phrase_text(text)
        if not phrase:
            continue
        if cur is not None and not codes and cur.default is None and not cur.terms:
            cur.phrases.append(phrase)
            continue
        cur = Record([phrase], n, path.name, truncated=truncated_stem(text))
        records.append(cur)
        for body in codes:
            r = parse_restriction(body, stats)
            if r is None:
                continue
            if r[1] is None and r[2] is None and cur.default is None:
                cur.default = r[0]
            else:
                cur.terms.append(r)
    return records


def _usable_code(code: str, stats: Stats) -> bool:
    if code in ("---", ""):
        return False
    try:
        split_code(code)
    except LexiconError:
        for k in range(0, len(code), 3):
            seg = code[k : k + 3]
            if seg not in known_segments():
                stats.unknown_segments[seg] += 1
        stats.dropped["unknown code"] += 1
        return False
    return True


def _terms_field(rec: Record, stats: Stats) -> str:
    out = []
    seen = set()
    # newest first (the runtime takes the country of the first term); the default code last
    terms = sorted(rec.terms, key=lambda t: t[1] or t[2] or date.min, reverse=True)
    if rec.default:
        terms.append((rec.default, None, None))
    for code, start, end in terms:
        code = normal_code(code)
        if not _usable_code(code, stats):
            continue
        item = f"{code}@{start.isoformat() if start else ''}..{end.isoformat() if end else ''}"
        if item not in seen:
            seen.add(item)
            out.append(item)
    return "|".join(out)


def _aliases(rec: Record, canonical: str, person: bool, used: set[str]) -> list[str]:
    """Usable other names of a record; a name another record already uses is left out."""
    out: list[str] = []
    seen = {fold(canonical)}
    for p in rec.phrases[1:]:
        words = p.split()
        if not p or len(words) > _MAX_ALIAS_WORDS or "|" in p or "\t" in p:
            continue
        if person and (len(words) < 2 or _NOT_PERSON & {w.lower() for w in words}):
            continue  # "OBAMA" alone is a surname (resolved in context); "OBAMA ADMINISTRATION"
        shown = display(p)
        key = fold(shown)
        if key and key not in seen and key not in used:
            seen.add(key)
            out.append(shown)
    return out


def build_people_orgs(src: Path, stats: Stats) -> tuple[list[list[str]], list[list[str]]]:
    people: list[list[str]] = []
    orgs: list[list[str]] = []
    names: set[str] = set()
    skipped = 0
    for fname in ACTOR_FILES:
        for rec in read_actor_file(src / fname, stats):
            canonical = display(rec.phrases[0])
            words = canonical.split()
            if not words or len(words) > _MAX_ALIAS_WORDS or "\t" in canonical:
                stats.dropped["no usable name"] += 1
                continue
            terms = _terms_field(rec, stats)
            if not terms:
                stats.dropped["no usable code"] += 1
                continue
            # people have dated terms; organisations are undated (IGO officials are people)
            dated = any(t[1] or t[2] for t in rec.terms)
            is_person = dated and (fname != "Phoenix.Countries.actors.txt" or rec.default is None)
            if fname == "Phoenix.MilNonState.actors.txt":
                is_person = False
            if fname == "Phoenix.Countries.actors.txt" and not is_person:
                stats.dropped["country or office entry (curated lexicon has countries)"] += 1
                continue
            if is_person and len(words) < 2:
                stats.dropped["one-word person name"] += 1
                continue
            if is_person and rec.truncated:
                stats.dropped["person name cut off at an initial (a stem)"] += 1
                skipped += 1  # its id stays unused: the later people keep theirs
                continue
            key = fold(canonical)
            if not key or key in names:
                stats.dropped["duplicate name"] += 1
                continue
            names.add(key)
            alias_list = _aliases(rec, canonical, is_person, names)
            names.update(fold(a) for a in alias_list)
            aliases = "|".join(alias_list)
            keys = "|".join([key, *(fold(a) for a in alias_list)])
            origin = f"{rec.source}:{rec.line}"
            if is_person:
                pid = f"pp{len(people) + skipped + 1:05d}"
                people.append([pid, canonical, aliases, keys, terms, origin])
            else:
                codes = terms.split("|")
                first = codes[0].split("@", 1)[0]
                armed = any(a in first[3:] or first.startswith(a) for a in _ARMED)
                kind = "group" if armed else "organization"
                orgs.append(
                    [f"po{len(orgs) + 1:05d}", canonical, kind, aliases, keys, terms, origin]
                )
    return people, orgs


def _expand_macros(line: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!([A-Z]+)!", line)
    if not m or m.group(1) not in macros:
        return [line]
    out = []
    for value in macros[m.group(1)]:
        out.extend(_expand_macros(line[: m.start()] + value + line[m.end() :], macros))
    return out


def _plurals(root: str) -> list[str]:
    """PETRARCH's regular plurals: +S, Y -> IES, SS -> ES (the last word)."""
    if root.endswith("SS"):
        return [root + "ES"]
    if root.endswith("Y") and root[-2:-1] not in "AEIOU":
        return [root[:-1] + "IES"]
    if root.endswith("MAN"):
        return [root[:-3] + "MEN"]  # "POLICEMAN", "SPOKESMAN"
    if root.endswith(("S", "MEN")):
        return []
    return [root + "S"]


def build_agents(src: Path, stats: Stats) -> list[list[str]]:
    macros: dict[str, list[str]] = {}
    rows: list[list[str]] = []
    seen: set[str] = set()
    lines = (src / AGENT_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        macro = re.fullmatch(r"!([A-Z]+)!\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [v.strip() for v in macro.group(2).split(",") if v.strip()]
            continue
        codes = _CODE_RE.findall(line)
        if len(codes) != 1:
            stats.dropped["agent without one code"] += 1
            continue
        code = codes[0].strip().lstrip("~")
        if not code or not _usable_code(code, stats):
            continue
        body = _CODE_RE.sub(" ", line)
        explicit = re.search(r"\{([^}]*)\}", body)
        body = re.sub(r"\{[^}]*\}", " ", body)
        for variant in _expand_macros(body, macros):
            root = phrase_text(variant)
            if not root or "!" in root or not re.fullmatch(r"[A-Z][A-Z .'-]*", root):
                stats.dropped["agent phrase not plain words"] += 1
                continue
            no_plural = variant.strip().endswith("_") or explicit is not None
            forms = [root]
            if explicit is not None:
                forms += [phrase_text(p) for p in explicit.group(1).split(",") if p.strip()]
            elif not no_plural:
                forms += _plurals(root)
            for form in forms:
                key = form.lower()
                if key in seen or not form:
                    continue
                seen.add(key)
                rows.append([f"pa{len(rows) + 1:05d}", key, code, f"{AGENT_FILE}:{n}"])
    return rows


_HEADERS = {
    "people.tsv": (
        "# People with dated CAMEO actor codes, derived from the PETRARCH2/Phoenix dictionaries\n"
        "# (MIT, see LICENSE) by scripts/build_actor_lexicon.py: do not edit by hand, rebuild.\n"
        "# terms: CODE@START..END ('|'-separated; ISO dates, inclusive, empty = open).\n"
        "# origin: the source file and line of the record.\n"
        "# keys: the folded name and aliases (precomputed for fast loading).\n"
        "# Columns: id, name, aliases ('|'-separated), keys, terms, origin\n",
        ("id", "name", "aliases", "keys", "terms", "origin"),
    ),
    "organizations.tsv": (
        "# International organisations, their bodies and non-state groups with CAMEO actor\n"
        "# codes, derived from the PETRARCH2/Phoenix dictionaries (MIT, see LICENSE) by\n"
        "# scripts/build_actor_lexicon.py: do not edit by hand, rebuild.\n"
        "# kind: organization (IGO/NGO/company) | group (armed or political movement).\n"
        "# Columns: id, name, kind, aliases ('|'-separated), keys (folded name and aliases),\n"
        "# terms (CODE@START..END), origin\n",
        ("id", "name", "kind", "aliases", "keys", "terms", "origin"),
    ),
    "agents.tsv": (
        "# Generic actor words with their CAMEO agent code, derived from Phoenix.agents.txt of\n"
        "# the PETRARCH2 dictionaries (MIT, see LICENSE) by scripts/build_actor_lexicon.py\n"
        "# (plurals generated as PETRARCH does). The country comes from the text ('Syrian\n"
        "# rebels') or the article. Columns: id, phrase (lower case), code, origin\n",
        ("id", "phrase", "code", "origin"),
    ),
}


def write_tsv(path: Path, rows: list[list[str]]) -> None:
    header, cols = _HEADERS[path.name]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        f.write("\t".join(cols) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", type=Path, help="the PETRARCH2 dictionaries folder")
    ap.add_argument("--out", type=Path, default=DATA_DIR)
    ap.add_argument("--check", action="store_true", help="only validate the written files")
    ap.add_argument(
        "--office-holders",
        type=Path,
        default=OFFICE_FILE,
        help="the curated office holders TSV to validate (default: the shipped one)",
    )
    args = ap.parse_args(argv)
    if not args.check:
        if args.source is None:
            print("Error: give the PETRARCH2 dictionaries folder (or --check)", file=sys.stderr)
            return 2
        missing = [f for f in (*ACTOR_FILES, AGENT_FILE, "LICENSE") if
                   not (args.source / f).is_file()]  # fmt: skip
        if missing:
            print(f"Error: {args.source} lacks {', '.join(missing)}", file=sys.stderr)
            return 2
        stats = Stats()
        people, orgs = build_people_orgs(args.source, stats)
        agents = build_agents(args.source, stats)
        args.out.mkdir(parents=True, exist_ok=True)
        write_tsv(args.out / "people.tsv", people)
        write_tsv(args.out / "organizations.tsv", orgs)
        write_tsv(args.out / "agents.tsv", agents)
        shutil.copyfile(args.source / "LICENSE", args.out / "LICENSE")
        print(f"wrote {len(people)} people, {len(orgs)} organisations and groups, "
              f"{len(agents)} agent phrases to {args.out}")  # fmt: skip
        for why, count in stats.dropped.most_common():
            print(f"  left out: {count} x {why}")
        if stats.unknown_segments:
            top = ", ".join(f"{s} ({c})" for s, c in stats.unknown_segments.most_common(15))
            print(f"  unknown code segments (not in actor_codes.tsv): {top}")
    problems = validate(args.out)
    try:
        holders = read_office_holders(args.office_holders)
    except LexiconError as exc:
        problems.append(str(exc))
    else:
        print(f"valid: {args.office_holders} ({len(holders)} terms)")
    for p in problems:
        print(f"Error: {p}", file=sys.stderr)
    if problems:
        return 1
    write_checksums(args.out)
    print(f"valid: {args.out} (checksums recorded in checksums.tsv)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
