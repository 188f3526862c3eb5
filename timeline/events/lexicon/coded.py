"""The derived, dated actor lexicon with CAMEO actor codes (``lexicon/en/petrarch/``).

Built by ``scripts/build_actor_lexicon.py`` from the PETRARCH2/Phoenix dictionaries (MIT, the
notice is ``petrarch/LICENSE``); the code segments it may use are ``lexicon/en/actor_codes.tsv``
(hand-made) plus every ISO 3166 alpha-3 country code. Files:

- ``people.tsv``: ``id, name, aliases, keys, terms, origin`` - terms ``CODE@START..END``;
- ``organizations.tsv``: ``id, name, kind, aliases, keys, terms, origin``;
- ``agents.tsv``: ``id, phrase, code, origin`` (generic actor words: "riot police" -> COP).

``keys`` are the folded name and aliases, precomputed by the build so that loading is a split
per line. The build validates every row (column count, ids, dates, codes, duplicates: the first
problem fails it with file and line) and then records each file's SHA-256 in
``checksums.tsv``. Loading at run time compares the checksums: files exactly as validated load
by splitting lines (terms are parsed when first asked for); any other content (edited by hand,
truncated) is checked row by row with the build's rules first and a problem raises
:class:`LexiconError` naming file and line. The runtime never guesses from a broken lexicon.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry

from timeline.errors import TimelineError
from timeline.textutil import fold

DATA_DIR = Path(str(resources.files("timeline.events.lexicon").joinpath("en/petrarch")))
CODES_FILE = Path(str(resources.files("timeline.events.lexicon").joinpath("en/actor_codes.tsv")))

COLUMNS = {
    "people.tsv": ("id", "name", "aliases", "keys", "terms", "origin"),
    "organizations.tsv": ("id", "name", "kind", "aliases", "keys", "terms", "origin"),
    "agents.tsv": ("id", "phrase", "code", "origin"),
}
ORG_KINDS = ("organization", "group")


class LexiconError(TimelineError):
    """A lexicon data file is malformed (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class CodeTerm:
    code: str
    start: date | None
    end: date | None  # inclusive; None = open

    def active(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(slots=True)
class CodedActor:
    name: str
    kind: str  # person | organization | group
    aliases: tuple[str, ...]
    raw_terms: str  # CODE@START..END|... (newest first), parsed on first use
    _terms: tuple[CodeTerm, ...] | None = None

    @property
    def terms(self) -> tuple[CodeTerm, ...]:
        if self._terms is None:
            self._terms = parse_terms(self.raw_terms)
        return self._terms

    @property
    def first_code(self) -> str:
        """The code of the newest term (the build writes terms newest first)."""
        return self.raw_terms.split("@", 1)[0]


@dataclass(slots=True)
class CodedLexicon:
    actors: dict[str, CodedActor] = field(default_factory=dict)  # folded key -> actor
    agents: dict[str, str] = field(default_factory=dict)  # lower-case phrase -> agent code
    agent_words: int = 1  # longest agent phrase in words

    def code_of(self, name: str, when: date | None) -> str | None:
        """The CAMEO code of a known person/organisation on ``when`` (an office code before an
        elite one; the latest term without a date)."""
        actor = self.actors.get(fold(name))
        if actor is None:
            return None
        return pick_code(actor.terms, when)


def pick_code(terms: tuple[CodeTerm, ...], when: date | None) -> str | None:
    if not terms:
        return None
    if when is not None:
        active = [t for t in terms if t.active(when) and (t.start or t.end)]
        if not active:
            active = [t for t in terms if t.start is None and t.end is None]
    else:
        active = list(terms)
    if not active:
        return None
    office = [t for t in active if not t.code[3:].startswith("ELI")]
    return max(office or active, key=lambda t: t.start or date.min).code


@cache
def _codes_table() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(country segments, root segments, agent segments)."""
    countries = {c.alpha_3 for c in pycountry.countries}
    roots: set[str] = set()
    agents: set[str] = set()
    for n, line in enumerate(CODES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or len(parts[0]) != 3 or not parts[0].isalnum():
            raise LexiconError(f"{CODES_FILE.name}:{n}: expected 'code, kind, label, example'")
        code, kind = parts[0], parts[1]
        if kind not in ("country", "root", "agent"):
            raise LexiconError(f"{CODES_FILE.name}:{n}: unknown kind {kind!r}")
        {"country": countries, "root": roots, "agent": agents}[kind].add(code)
    return frozenset(countries), frozenset(roots), frozenset(agents)


def known_segments() -> frozenset[str]:
    countries, roots, agents = _codes_table()
    return countries | roots | agents


def split_code(code: str) -> list[str]:
    """``USAGOVLEG`` -> ``["USA", "GOV", "LEG"]``; :class:`LexiconError` for a code that is not
    a chain of known three-letter segments starting with a country or a root."""
    countries, roots, agents = _codes_table()
    if not code or len(code) % 3 or not code.isalnum() or not code.isupper():
        raise LexiconError(f"malformed code {code!r}")
    segs = [code[i : i + 3] for i in range(0, len(code), 3)]
    if segs[0] not in countries and segs[0] not in roots and segs[0] not in agents:
        raise LexiconError(f"unknown code {code!r} (segment {segs[0]!r})")
    for s in segs[1:]:
        if s not in agents and s not in countries and s not in roots:
            raise LexiconError(f"unknown code {code!r} (segment {s!r})")
    return segs


def country_segment(code: str | None) -> str | None:
    """The ISO alpha-3 country of a code ("SYRREB" -> "SYR"), None for IGOs and agents."""
    if not code:
        return None
    countries, _, _ = _codes_table()
    return code[:3] if code[:3] in countries else None


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_terms(value: str) -> tuple[CodeTerm, ...]:
    """``USAGOV@2009-01-20..|USAELI@..2000-01-01`` -> terms (LexiconError when malformed)."""
    out = []
    for item in value.split("|"):
        code, at, span = item.partition("@")
        start, dots, end = span.partition("..")
        if not at or not dots:
            raise LexiconError(f"term {item!r} is not CODE@START..END")
        split_code(code)
        try:
            s, e = _parse_date(start), _parse_date(end)
        except ValueError:
            raise LexiconError(f"bad date in term {item!r}") from None
        if s and e and e < s:
            raise LexiconError(f"term {item!r} ends before it starts")
        out.append(CodeTerm(code, s, e))
    return tuple(out)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    return tsv_rows(path, COLUMNS[path.name])


def tsv_rows(path: Path, cols: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each data row of the TSV ``path`` whose header is ``cols``;
    blank and ``#`` lines skipped; :class:`LexiconError` "file:line: ..." on a bad header or
    a row with another number of cells."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"{path.name}: cannot read ({exc.strerror})") from exc
    out = []
    header = False
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line[0] == "#":
            continue
        parts = line.split("\t")
        if not header:
            if tuple(parts) != cols:
                raise LexiconError(f"{path.name}:{n}: header must be {' '.join(cols)}")
            header = True
            continue
        if len(parts) != len(cols):
            raise LexiconError(f"{path.name}:{n}: {len(parts)} columns, expected {len(cols)}")
        out.append((n, parts))
    if not header:
        raise LexiconError(f"{path.name}: no header line")
    return out


CHECKSUMS = "checksums.tsv"
FILES = ("people.tsv", "organizations.tsv", "agents.tsv")


def checksums(directory: Path) -> dict[str, str]:
    """SHA-256 of each lexicon file as it is now (missing files are left out)."""
    out = {}
    for name in FILES:
        path = directory / name
        if path.is_file():
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def recorded_checksums(directory: Path) -> dict[str, str]:
    path = directory / CHECKSUMS
    if not path.is_file():
        return {}
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()]
    return {r[0]: r[1] for r in rows if len(r) == 2 and not r[0].startswith("#")}


def write_checksums(directory: Path) -> None:
    """Record the checksums of files that have just been validated (the build does this)."""
    lines = ["# SHA-256 of the files as validated by scripts/build_actor_lexicon.py"]
    lines += [f"{k}\t{v}" for k, v in checksums(directory).items()]
    (directory / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(directory: Path = DATA_DIR, check_keys: bool = False) -> CodedLexicon:
    """Read the derived lexicon. Files whose checksums match the build's validation are only
    split into fields; otherwise (or with ``check_keys``) every row is checked and the first
    problem raises :class:`LexiconError` with file and line."""
    recorded = recorded_checksums(directory)
    if not check_keys and recorded and checksums(directory) == recorded:
        return _load_verified(directory)
    return _load_checked(directory, check_keys)


def _load_verified(directory: Path) -> CodedLexicon:
    lex = CodedLexicon()
    actors = lex.actors
    for fname in ("people.tsv", "organizations.tsv"):
        person = fname == "people.tsv"
        text = (directory / fname).read_text(encoding="utf-8")
        lines = iter(text.split("\n"))
        for line in lines:
            if line and line[0] != "#":
                break  # the header
        for line in lines:
            if not line or line[0] == "#":
                continue
            parts = line.split("\t")
            if person:
                _id, name, aliases, keys, terms, _o = parts
                kind = "person"
            else:
                _id, name, kind, aliases, keys, terms, _o = parts
            actor = CodedActor(name, kind, tuple(aliases.split("|")) if aliases else (), terms)
            for k in keys.split("|"):
                actors[k] = actor
    text = (directory / "agents.tsv").read_text(encoding="utf-8")
    header = False
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        if not header:
            header = True
            continue
        _id, phrase, code, _o = line.split("\t")
        lex.agents[phrase] = code
        lex.agent_words = max(lex.agent_words, phrase.count(" ") + 1)
    return lex


def _load_checked(directory: Path, check_keys: bool) -> CodedLexicon:
    lex = CodedLexicon()
    ids: set[str] = set()
    for fname in ("people.tsv", "organizations.tsv"):
        path = directory / fname
        for n, parts in _rows(path):
            where = f"{fname}:{n}"
            if fname == "people.tsv":
                rid, name, aliases, keys, terms, _origin = parts
                kind = "person"
            else:
                rid, name, kind, aliases, keys, terms, _origin = parts
                if kind not in ORG_KINDS:
                    raise LexiconError(f"{where}: kind {kind!r} is not organization or group")
            if not rid or rid in ids:
                raise LexiconError(f"{where}: duplicate or empty id {rid!r}")
            ids.add(rid)
            if not name.strip():
                raise LexiconError(f"{where}: empty name")
            alias_list = tuple(a for a in aliases.split("|") if a) if aliases else ()
            key_list = keys.split("|")
            if len(key_list) != 1 + len(alias_list):
                raise LexiconError(f"{where}: keys must be the folded name and each alias")
            if check_keys:
                want = [fold(x) for x in (name, *alias_list)]
                if key_list != want:
                    raise LexiconError(f"{where}: keys are not the folded name and aliases")
            try:
                parsed = parse_terms(terms)
            except LexiconError as exc:
                raise LexiconError(f"{where}: {exc}") from None
            actor = CodedActor(name, kind, alias_list, terms, parsed)
            for k in key_list:
                if not k:
                    raise LexiconError(f"{where}: a name or alias folds to nothing")
                if k in lex.actors:
                    raise LexiconError(f"{where}: duplicate name or alias {k!r}")
                lex.actors[k] = actor
    path = directory / "agents.tsv"
    for n, (rid, phrase, code, _origin) in _rows(path):
        where = f"agents.tsv:{n}"
        if not rid or rid in ids:
            raise LexiconError(f"{where}: duplicate or empty id {rid!r}")
        ids.add(rid)
        if not phrase or phrase != phrase.lower() or phrase in lex.agents:
            raise LexiconError(f"{where}: empty, not lower-case or duplicate phrase {phrase!r}")
        try:
            split_code(code)
        except LexiconError as exc:
            raise LexiconError(f"{where}: {exc}") from None
        lex.agents[phrase] = code
        lex.agent_words = max(lex.agent_words, phrase.count(" ") + 1)
    return lex


def validate(directory: Path = DATA_DIR) -> list[str]:
    """Every problem of the lexicon files as ``file:line: message`` (empty = valid). The build
    stops at the first problem of each file, like the runtime loader."""
    try:
        _codes_table.cache_clear()
        load(directory, check_keys=True)
    except LexiconError as exc:
        return [str(exc)]
    if not (directory / "LICENSE").is_file():
        return [f"{directory.name}: the MIT notice (LICENSE) of the source is missing"]
    return []


@cache
def coded_lexicon() -> CodedLexicon:
    """The shipped derived lexicon, loaded once."""
    return load(DATA_DIR)


__all__ = [
    "CodeTerm",
    "CodedActor",
    "CodedLexicon",
    "LexiconError",
    "coded_lexicon",
    "country_segment",
    "known_segments",
    "load",
    "parse_terms",
    "pick_code",
    "split_code",
    "validate",
]
