"""``timeline import``: read back the project's own TSV or JSON export, all or nothing.

A row of *this* database (its ``store_id`` is this store's id, a column in TSV and a key of
each event in JSON, and its ``event_id``/``id`` is set) updates that event,
and only in the cells that differ from what an export of the stored event would say: an
unchanged row changes nothing, so export -> import -> export gives the same file. Any other row
(no id, or another database's ``store_id``) adds a new manual event. Derived cells (label,
plover, countries, mentions, source_url, published, sentence, origin) are not read.

Every row is checked before anything is written, and the changes are applied in one
transaction: a malformed row, an unknown CAMEO code or a bad date is an ``InputError`` naming
the file and line, and nothing is stored.
"""

from __future__ import annotations

import json
import re
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
from timeline.render.tables import TSV_COLUMNS, tsv_row
from timeline.store.common import check_status
from timeline.store.types import EventInput, EventUpdate

if TYPE_CHECKING:
    from timeline.records import EventRecord
    from timeline.store.store import Store

_ROLES = ("source", "target", "participant")
_ROLE_RE = re.compile(r"^(.*\S)\s*\((source|target|participant)\)$")


@dataclass(frozen=True, slots=True)
class Row:
    """One event read from an import file: where it was, and its cells by TSV column."""

    line: int
    cells: dict[str, str]


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
    # The line of each event: the export writes one event object per "  {" line.
    starts = [i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith("  {")]
    rows = []
    for i, ev in enumerate(data):
        line = starts[i] if len(starts) == len(data) else 1
        if not isinstance(ev, dict):
            raise InputError(f"{path}:{line}: event {i + 1} is not a JSON object")
        try:
            rows.append(Row(line, _json_cells(ev)))
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise InputError(f"{path}:{line}: malformed event: {exc}") from None
    return rows


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


def _actors(path: Path, row: Row) -> list[ActorRef]:
    c = row.cells
    refs = []
    for k in ("actor1", "actor2"):
        name = c.get(k, "")
        if name:
            role = c.get(f"{k}_role", "") or "participant"
            if role not in _ROLES:
                raise InputError(f"{path}:{row.line}: unknown role {role!r} ({', '.join(_ROLES)})")
            refs.append(ActorRef(name, role=role))
    for part in c.get("other_actors", "").split(";"):
        part = part.strip()
        if part:
            m = _ROLE_RE.match(part)
            refs.append(ActorRef(m.group(1), role=m.group(2)) if m else ActorRef(part))
    return refs


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
    plan: list[tuple[int | None, EventInput | EventUpdate]] = []
    seen: dict[int, int] = {}
    for row in read_rows(path):
        where = f"{path}:{row.line}"
        _check(path, row)
        interval = _date(path, row)
        actors = _actors(path, row)
        c = row.cells
        try:
            event_id = _own_id(row, store_id)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        if event_id is None:
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
    if "source" in changed:
        u.source = new["source"]
    if "confidence" in changed and new["confidence"]:
        u.confidence = float(new["confidence"])
    actor_cols = {"actor1", "actor1_role", "actor2", "actor2_role", "other_actors"}
    if changed & actor_cols:
        u.actors = actors
    return None if u == EventUpdate() else u


def import_events(store: Store, path: Path) -> ImportResult:
    """Import ``path`` (an events.tsv or events.json export) into ``store``, all or nothing."""
    plan = plan_import(store, path)
    rows = len(read_rows(path))
    added = sum(1 for event_id, _ in plan if event_id is None)
    store.apply_import(plan)
    return ImportResult(added=added, updated=len(plan) - added, unchanged=rows - len(plan))
