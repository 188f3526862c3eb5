r"""``timeline import``: read back the project's own TSV or JSON export, all or nothing.

A row of *this* database (its ``store_id`` is this store's id, a column in TSV and a key of
each event in JSON, and its ``event_id``/``id`` is set) updates that event,
and only in the cells that differ from what an export of the stored event would say: an
unchanged row changes nothing, so export -> import -> export gives the same file. Any other row
(no id, or another database's ``store_id``) adds a new manual event.

Every actor comes back with its role and country: ``actor1``/``actor2`` with their columns, the
others in ``other_actors`` as ``Name (role, Country)`` parts (``;`` between them, ``\;`` inside
a name). Derived cells are computed by the store, not typed: ``DERIVED`` (label, plover, the
article cells, origin; in JSON also coder, coder_probability, mentions, edited, undated) and an
actor's country when the database or the lexicon knows the actor. In a row of this database an
edited derived cell is refused (``FILE:LINE: column X is derived ...``), never silently dropped;
rows of another database carry that database's derived cells, which are not read (a country
is used only for an actor new to this database).

Every row is checked before anything is written, and the changes are applied in one
transaction: a malformed row, an unknown CAMEO code or a bad date is an ``InputError`` naming
the file and line, and nothing is stored.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline import cameo
from timeline.dates import (
    GRANULARITIES,
    DateInterval,
    interval_value,
    parse_iso_date,
    parse_timex_value,
)
from timeline.errors import InputError, NotFoundError
from timeline.events.types import ActorRef
from timeline.render.tables import TSV_ACTOR_COLUMNS, TSV_COLUMNS, split_other_actors, tsv_row
from timeline.store.common import check_status
from timeline.store.types import EventInput, EventUpdate
from timeline.textutil import fold

if TYPE_CHECKING:
    from timeline.records import EventRecord
    from timeline.store.store import Store

_ROLES = ("source", "target", "participant")
_ROLE_RE = re.compile(r"^(.*\S)\s*\((source|target|participant)(?:,\s*(.*\S))?\s*\)$")

#: Cells the store computes (column -> from what), refused when edited in a row of this
#: database. ``source`` is derived only for an event reported by an article (``_derived``).
DERIVED: dict[str, str] = {
    "plover": "from type and cameo: edit those",
    "label": "from type and cameo: edit those",
    "num_mentions": "from the articles that report the event",
    "source_url": "from the articles that report the event",
    "published": "from the articles that report the event",
    "sentence": "from the articles that report the event",
    "origin": "(manual or extracted) when the event was stored",
    # JSON only:
    "mentions": "from the articles that report the event",
    "coder": "by the event coder",
    "coder_probability": "by the event coder",
    "edited": "by the store",
    "undated": "from start",
}
_JSON_ONLY = ("mentions", "coder", "coder_probability", "edited", "undated")


@dataclass(frozen=True, slots=True)
class Row:
    """One event read from an import file: where it was, and its cells by TSV column.

    ``event``: the JSON object (a JSON import); ``lines``: the line of each of its keys."""

    line: int
    cells: dict[str, str]
    event: dict[str, Any] | None = None
    lines: dict[str, int] | None = None

    def line_of(self, column: str) -> int:
        if self.lines is None:
            return self.line
        actor_cells = ("actor1_country", "actor2_country", "other_actors")
        key = "actors" if column in actor_cells else column
        return self.lines.get(key, self.line)


@dataclass(frozen=True, slots=True)
class ActorCell:
    """An actor as a row gives it: the ref to store, the column it is in, the typed country."""

    ref: ActorRef
    column: str
    country: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def read_rows(path: Path) -> list[Row]:
    """The rows of an events.tsv or events.json export (InputError naming file and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    if path.suffix.lower() == ".json":
        return _json_rows(path, text)
    if path.suffix.lower() == ".tsv":
        return _tsv_rows(path, text)
    raise InputError(f"{path}: not an events.tsv or events.json export (by its extension)")


def _tsv_rows(path: Path, text: str) -> list[Row]:
    lines = text.splitlines()
    if not lines:
        raise InputError(f"{path}:1: empty file (expected the TSV export's header line)")
    header = lines[0].lstrip("\ufeff").split("\t")
    missing = [c for c in ("event_id", "start", "type", "summary") if c not in header]
    if missing or len(set(header)) != len(header):
        raise InputError(f"{path}:1: not a timeline TSV header (missing {', '.join(missing)})")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise InputError(f"{path}:{n}: {len(cells)} cells, the header has {len(header)}")
        rows.append(Row(n, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


def _json_rows(path: Path, text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}:1: expected a JSON array of events (the json export)")
    # The line of each event: the export writes one event object per "  {" line, and each
    # of its keys on a line of its own ('    "key": ...').
    text_lines = text.splitlines()
    starts = [i for i, ln in enumerate(text_lines, start=1) if ln.startswith("  {")]
    aligned = len(starts) == len(data)
    rows = []
    for i, ev in enumerate(data):
        line = starts[i] if aligned else 1
        if not isinstance(ev, dict):
            raise InputError(f"{path}:{line}: event {i + 1} is not a JSON object")
        lines: dict[str, int] = {}
        if aligned:
            end = starts[i + 1] if i + 1 < len(starts) else len(text_lines) + 1
            for n in range(line, end):
                m = _JSON_KEY.match(text_lines[n - 1])
                if m:
                    lines.setdefault(m.group(1), n)
        try:
            rows.append(Row(line, _json_cells(ev), ev, lines))
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise InputError(f"{path}:{line}: malformed event: {exc}") from None
    return rows


_JSON_KEY = re.compile(r'^    "([a-z_0-9]+)":')


def _json_cells(ev: dict[str, Any]) -> dict[str, str]:
    """A JSON event as the TSV cells an export of it would have (one comparison for both)."""
    cells = tsv_row(ev)
    cells["store_id"] = str(ev.get("store_id") or "")
    cells["event_id"] = "" if ev.get("id") is None else str(ev["id"])
    cells["_json"] = "1"
    return cells


def _date(path: Path, row: Row) -> DateInterval | None:
    c = row.cells
    start, end, gran = c.get("start", ""), c.get("end", ""), c.get("granularity", "")
    text = c.get("date_text", "")
    where = f"{path}:{row.line}"
    if not (start or end or gran):
        return None
    try:
        if not start:
            raise InputError("an end or granularity without a start")
        if not end and not gran:  # a typed value: 2019-04-11, 2019-W15, 2019-Q2 ...
            iv = parse_timex_value(start)
            if iv is None:
                raise InputError(f"not a date: {start!r} (ISO date or TIMEX3 value)")
            return DateInterval(iv.start, iv.end, iv.granularity, text or start, iv.value)
        if gran not in GRANULARITIES:
            raise InputError(f"unknown granularity {gran!r} ({', '.join(GRANULARITIES)})")
        s = parse_iso_date(start, "start")
        e = parse_iso_date(end, "end") if end else s
        _check_aligned(s, e, gran)
        return DateInterval(s, e, gran, text, interval_value(s, e, gran))
    except InputError as exc:
        raise InputError(f"{where}: bad date: {exc}") from None


def _check_aligned(start: date, end: date, gran: str) -> None:
    """``start`` begins and ``end`` ends a unit of ``gran`` (a month is 1st..last day)."""
    from timeline.temporal.values import format_at

    if gran == "day":
        return
    a = parse_timex_value(format_at(start, gran))
    b = parse_timex_value(format_at(end, gran))
    if a is None or b is None or a.start != start or b.end != end:
        raise InputError(f"{start}..{end} is not a whole {gran} (or run of them)")


def _actors(path: Path, row: Row) -> list[ActorCell]:
    """Every actor of the row, in file order: actor1, actor2, then ``other_actors``."""
    c = row.cells
    out = []
    for k in ("actor1", "actor2"):
        name = c.get(k, "")
        if name:
            role = c.get(f"{k}_role", "") or "participant"
            if role not in _ROLES:
                where = f"{path}:{row.line_of(k)}"
                raise InputError(f"{where}: unknown role {role!r} ({', '.join(_ROLES)})")
            country = c.get(f"{k}_country", "")
            out.append(ActorCell(ActorRef(name, role=role), f"{k}_country", country))
    for part in split_other_actors(c.get("other_actors", "")):
        m = _ROLE_RE.match(part)
        if m:
            name, role, country = m.group(1), m.group(2), m.group(3) or ""
        else:
            name, role, country = part, "participant", ""
        out.append(ActorCell(ActorRef(name, role=role), "other_actors", country))
    return out


#: ``Store.actor_country`` (or a cached copy of it): (known, country) of a typed actor name.
CountryOf = Callable[[str, date | None], tuple[bool, str | None]]


def _with_countries(
    country_of: CountryOf,
    path: Path,
    row: Row,
    actors: list[ActorCell],
    when: date | None,
    current: EventRecord | None,
) -> list[ActorRef]:
    """The refs to store. An actor's country is the actor's: a typed country is used only for
    an actor new to this database and the lexicon. In a row of this database (``current``) a
    country typed for a known actor must be its country (else: refused, a derived cell);
    a country left as exported is not read. Another database's rows carry that database's
    countries: not read for actors known here."""
    exported: set[tuple[str, str]] = set()
    old: dict[str, str] = {}
    if current is not None:
        exported = {(fold(a.name), a.country or "") for a in current.actors}
        old = tsv_row(current)
    refs = []
    for a in actors:
        ref = a.ref
        if a.column == "other_actors":
            as_exported = (fold(ref.name), a.country) in exported
        else:  # actor1_country / actor2_country: the cell left as it was
            as_exported = current is not None and a.country == old.get(a.column)
        if a.country and not as_exported:
            known, country = country_of(ref.name, when)
            if not known:
                ref = ActorRef(ref.name, kind="unknown", country=a.country, role=ref.role)
            elif current is not None and a.country != (country or ""):
                has = f"is {country}" if country else "is not known"
                column = a.column if row.event is None else "actors"  # JSON: its key
                raise InputError(
                    f"{path}:{row.line_of(a.column)}: column {column} is derived: the country "
                    f"of {ref.name} {has} (from the actor, not {a.country!r}): leave it as "
                    "exported or empty"
                )
        refs.append(ref)
    return refs


def _derived(path: Path, row: Row, current: EventRecord, store_id: str) -> None:
    """Refuse an edited derived cell of a row of this database (one line, file and line)."""
    new = row.cells
    derived = dict(DERIVED)
    if row.event is None:
        old = tsv_row(current, store_id)
        if any(m.document for m in current.mentions):
            derived["source"] = "from the article that reports the event"
        columns = [k for k in TSV_COLUMNS if k in derived and k in new and new[k] != old.get(k)]
    else:  # JSON: the article cells are the "mentions" key
        have = current.to_dict()
        keys = ("plover", "label", "origin", *_JSON_ONLY)
        columns = [k for k in keys if k in row.event and row.event[k] != have.get(k)]
    if columns:
        k = columns[0]
        raise InputError(
            f"{path}:{row.line_of(k)}: column {k} is derived (computed {derived[k]}), not "
            "read: leave it as exported"
        )


def _check(path: Path, row: Row) -> None:
    c = row.cells
    where = f"{path}:{row.line}"
    try:
        type_ = cameo.validate_type(c.get("type", ""))
        code = c.get("cameo", "")
        if code:
            code = cameo.validate_cameo(code)
            if code[:2] != type_:
                raise InputError(f"CAMEO code {code} is not of type {type_}")
        check_status(c.get("status", "") or "happened")
        if not c.get("summary", ""):
            raise InputError("the event text (summary) is empty")
        conf = c.get("confidence", "")
        if conf and not 0.0 <= float(conf) <= 1.0:
            raise InputError("confidence must be between 0 and 1")
    except ValueError:
        raise InputError(f"{where}: confidence is not a number: {c.get('confidence')!r}") from None
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _own_id(row: Row, store_id: str) -> int | None:
    c = row.cells
    if not c.get("event_id"):
        return None
    if c.get("store_id", "") != store_id:
        return None  # another database's row (or a JSON event without one): a new event here
    try:
        n = int(c["event_id"])
    except ValueError:
        raise InputError(f"event_id is not a number: {c['event_id']!r}") from None
    if n < 1:
        raise InputError(f"event_id must be >= 1, not {n}")
    return n


def plan_import(store: Store, path: Path) -> list[tuple[int | None, EventInput | EventUpdate]]:
    """The changes an import of ``path`` makes: (id, update) or (None, new event); nothing is
    written. Unchanged rows are left out."""
    store_id = store.store_id()
    country_of = functools.lru_cache(maxsize=4096)(store.actor_country)
    plan: list[tuple[int | None, EventInput | EventUpdate]] = []
    seen: dict[int, int] = {}
    for row in read_rows(path):
        where = f"{path}:{row.line}"
        _check(path, row)
        interval = _date(path, row)
        cells = _actors(path, row)
        c = row.cells
        try:
            event_id = _own_id(row, store_id)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        if event_id is None:
            when = interval.start if interval else None
            actors = _with_countries(country_of, path, row, cells, when, None)
            plan.append(
                (
                    None,
                    EventInput(
                        summary=c["summary"],
                        type=c["type"],
                        cameo=c.get("cameo") or None,
                        interval=interval,
                        status=c.get("status") or "happened",
                        location=c.get("location") or None,
                        source=c.get("source") or None,
                        actors=actors,
                        confidence=float(c.get("confidence") or 1.0),
                    ),
                )
            )
            continue
        if event_id in seen:
            raise InputError(f"{where}: event {event_id} again (first on line {seen[event_id]})")
        seen[event_id] = row.line
        try:
            current = store.get_event(event_id)
        except NotFoundError:
            raise InputError(f"{where}: no event with id {event_id} in this database") from None
        _derived(path, row, current, store_id)
        when = interval.start if interval else current.start
        actors = _with_countries(country_of, path, row, cells, when, current)
        update = _update(row, current, store_id, interval, actors)
        if update is not None:
            plan.append((event_id, update))
    return plan


def _update(
    row: Row,
    current: EventRecord,
    store_id: str,
    interval: DateInterval | None,
    actors: list[ActorRef],
) -> EventUpdate | None:
    """What the row changes in ``current`` (compared cell by cell with its export)."""
    old = tsv_row(current, store_id)
    new = row.cells
    changed = {k for k in TSV_COLUMNS if k in new and new.get(k, "") != old.get(k, "")}
    u = EventUpdate()
    if "type" in changed:
        u.type = new["type"]
    if changed & {"type", "cameo"}:
        u.cameo = new.get("cameo", "")
    if "summary" in changed:
        u.summary = new["summary"]
    if "status" in changed:
        u.status = new["status"] or "happened"
    if changed & {"start", "end", "granularity", "date_text"}:
        if interval is None:
            u.undated = True
        else:
            u.interval = interval
    if "location" in changed:
        u.location = new["location"]
    if "source" in changed:  # (an article's source is refused before: ``_derived``)
        u.source = new["source"]
    if "confidence" in changed and new["confidence"]:
        u.confidence = float(new["confidence"])
    if changed.intersection(TSV_ACTOR_COLUMNS):
        u.actors = actors
    return None if u == EventUpdate() else u


def import_events(store: Store, path: Path) -> ImportResult:
    """Import ``path`` (an events.tsv or events.json export) into ``store``, all or nothing."""
    plan = plan_import(store, path)
    rows = len(read_rows(path))
    added = sum(1 for event_id, _ in plan if event_id is None)
    store.apply_import(plan)
    return ImportResult(added=added, updated=len(plan) - added, unchanged=rows - len(plan))
