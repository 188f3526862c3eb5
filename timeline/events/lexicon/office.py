"""The curated, dated office holders with CAMEO codes (``lexicon/en/office_holders.tsv``).

One row per person (or group) and office term, 2014-2026 and the earlier terms of the same
people: heads of state and government, foreign ministers, envoys, heads of international
organisations, leaders of armed groups. Each term carries its CAMEO actor code, so "Mark Rutte"
is ``NLDGOV`` until 2 July 2024 and ``IGOWSTNAT`` from 1 October 2024, and a role phrase
("Pakistan's foreign minister") finds the holder on the sentence's date.

:func:`read_office_holders` checks every row and raises :class:`LexiconError` naming the file
and line of the first problem: a wrong column count or header, an empty or repeated id, an
empty name, a bad or reversed date, an unknown kind, role or country, a code with an unknown
segment or of another country than the row's, a term that repeats one of ``people.tsv``, or
that overlaps another holder's term of the same office of the same country (here or in
``people.tsv``). ``scripts/build_actor_lexicon.py --check`` runs it; so does the runtime
loader (:func:`timeline.events.lexicon.lexicon`), which never guesses from a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry

from timeline.events.lexicon.coded import LexiconError, split_code, tsv_rows
from timeline.resources import read_tsv

COLUMNS = (
    "id", "name", "kind", "aliases", "surname", "country", "code", "role", "titles", "leader",
    "start", "end",
)  # fmt: skip
KINDS = ("person", "organization", "group")
ROLES = ("head_of_state", "head_of_government", "foreign_minister", "other")
#: offices one person holds at a time in a country: terms of two holders may not overlap
EXCLUSIVE = ("head_of_state", "head_of_government", "foreign_minister")
FILE = Path(str(resources.files("timeline.events.lexicon").joinpath("en/office_holders.tsv")))


@dataclass(frozen=True, slots=True)
class OfficeRow:
    line: int
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    surname: str
    country: str | None
    code: str
    role: str
    titles: tuple[str, ...]
    leader: bool
    start: date
    end: date | None  # the day the term ended (exclusive), None = in office

    def active(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def country_codes() -> dict[str, str]:
    """Canonical country name -> its code segment (ISO alpha-3, or the ``actor_codes.tsv``
    row of a state ISO lacks), named as :func:`timeline.events.lexicon.lexicon` names them."""
    rows = {r["iso2"]: r for r in read_tsv("timeline.events.lexicon", "en/countries.tsv")}
    out: dict[str, str] = {}
    for c in pycountry.countries:
        row = rows.pop(c.alpha_2, None)
        name = row["name"] if row else (getattr(c, "common_name", None) or c.name)
        out.setdefault(name, c.alpha_3)
    historic = {
        r["label"]: r["code"]
        for r in read_tsv("timeline.events.lexicon", "en/actor_codes.tsv")
        if r["kind"] == "country"
    }
    for row in rows.values():
        if row["name"] in historic:
            out[row["name"]] = historic[row["name"]]
    return out


def _date(text: str, where: str, column: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LexiconError(f"{where}: bad {column} date {text!r} (YYYY-MM-DD)") from None


def _overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def _people_terms() -> list[tuple[str, str | None, str, date, date | None]]:
    out = []
    for r in read_tsv("timeline.events.lexicon", "en/people.tsv"):
        end = date.fromisoformat(r["end"]) if r["end"] else None
        out.append(
            (r["name"], r["country"] or None, r["role"], date.fromisoformat(r["start"]), end)
        )
    return out


def read_office_holders(path: Path = FILE) -> list[OfficeRow]:
    """The rows of ``path``, each checked (:class:`LexiconError` "file:line: ..." otherwise)."""
    table = tsv_rows(path, COLUMNS)
    codes = country_codes()
    people = _people_terms()
    rows: list[OfficeRow] = []
    ids: set[str] = set()
    for n, parts in table:
        row = dict(zip(COLUMNS, parts, strict=True))
        rows.append(_row(row, n, f"{path.name}:{n}", codes, ids))
    _check_terms(rows, people, path.name)
    return rows


def _row(r: dict[str, str], n: int, where: str, codes: dict[str, str], ids: set[str]) -> OfficeRow:
    rid, name = r["id"].strip(), r["name"].strip()
    if not rid or rid in ids:
        raise LexiconError(f"{where}: duplicate or empty id {rid!r}")
    ids.add(rid)
    if not name:
        raise LexiconError(f"{where}: empty name")
    if r["kind"] not in KINDS:
        raise LexiconError(f"{where}: kind {r['kind']!r} is not one of {', '.join(KINDS)}")
    person = r["kind"] == "person"
    if person and r["role"] not in ROLES:
        raise LexiconError(f"{where}: role {r['role']!r} is not one of {', '.join(ROLES)}")
    if not person and r["role"]:
        raise LexiconError(f"{where}: a {r['kind']} has no role")
    if r["leader"] not in ("0", "1"):
        raise LexiconError(f"{where}: leader must be 0 or 1")
    country = r["country"].strip() or None
    if country is not None and country not in codes:
        raise LexiconError(f"{where}: unknown country {country!r}")
    try:
        segs = split_code(r["code"])
    except LexiconError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    if country is not None and segs[0] != codes[country]:
        raise LexiconError(f"{where}: code {r['code']!r} is not of {country} ({codes[country]})")
    if country is None and segs[0] in codes.values():
        raise LexiconError(f"{where}: code {r['code']!r} names a country; fill in the country")
    start = _date(r["start"], where, "start")
    if start is None:
        raise LexiconError(f"{where}: empty start date")
    end = _date(r["end"], where, "end")
    if end is not None and end < start:
        raise LexiconError(f"{where}: term ends ({end}) before it starts ({start})")
    return OfficeRow(n, rid, name, r["kind"], _split(r["aliases"]), r["surname"].strip(),
                     country, r["code"], r["role"], _split(r["titles"]), r["leader"] == "1",
                     start, end)  # fmt: skip


def _check_terms(
    rows: list[OfficeRow],
    people: list[tuple[str, str | None, str, date, date | None]],
    fname: str,
) -> None:
    seen: dict[tuple[str, str, date], int] = {}
    for row in rows:
        where = f"{fname}:{row.line}"
        key = (row.name, row.role, row.start)
        if key in seen:
            raise LexiconError(f"{where}: repeats the term of line {seen[key]}")
        seen[key] = row.line
        for name, country, role, start, end in people:
            if (name, role, start) == key:
                raise LexiconError(f"{where}: repeats a term of people.tsv ({name}, {role})")
            if (
                row.role in EXCLUSIVE
                and (country, role) == (row.country, row.role)
                and name != row.name
                and _overlap(row.start, row.end, start, end)
            ):
                span = f"{start}..{end or ''}"
                raise LexiconError(
                    f"{where}: overlaps {name}'s term as {role} in people.tsv ({span})"
                )
        for other in rows:
            if (
                other.line < row.line
                and row.role in EXCLUSIVE
                and (other.country, other.role) == (row.country, row.role)
                and other.name != row.name
                and _overlap(row.start, row.end, other.start, other.end)
            ):
                raise LexiconError(
                    f"{where}: overlaps {other.name}'s term as {row.role} (line {other.line})"
                )


@cache
def office_holders() -> tuple[OfficeRow, ...]:
    """The shipped file, read and checked once."""
    return tuple(read_office_holders(FILE))


__all__ = ["FILE", "OfficeRow", "country_codes", "office_holders", "read_office_holders"]
