"""JSON and CSV exports of events in the DESIGN.md event shape."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

#: CSV columns: the event fields, with actors and mentions flattened to one cell each.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "cameo",
    "plover",
    "label",
    "summary",
    "status",
    "start",
    "end",
    "granularity",
    "date_text",
    "actors",
    "location",
    "confidence",
    "origin",
    "sources",
    "published",
    "sentence",
    "mentions",
    # issue 12: the actors' CAMEO codes, in the order of "actors" (kept last: a separate column)
    "actor_codes",
)

# A cell starting with one of these is a formula in spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _default(obj: Any) -> Any:
    to_dict = getattr(obj, "to_dict", None)  # an EventRecord: its DESIGN.md JSON shape
    if to_dict is not None:
        return to_dict()
    if isinstance(obj, date | datetime):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def to_json(events: Sequence[Mapping[str, Any]]) -> str:
    """A JSON array of the events, exactly as the store returned them."""
    return json.dumps(list(events), ensure_ascii=False, indent=2, default=_default) + "\n"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _safe(cell: str) -> str:
    """Neutralise spreadsheet formulas in article text: prefix a quote, as OWASP advises."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_row(ev: Mapping[str, Any]) -> list[str]:
    actors = []
    for a in ev.get("actors") or []:
        role = a.get("role")
        actors.append(f"{a.get('name')} ({role})" if role else str(a.get("name")))
    mentions = [m for m in ev.get("mentions") or [] if m]
    sources = list(dict.fromkeys(_text(m.get("source") or m.get("document")) for m in mentions))
    published = list(dict.fromkeys(_text(m.get("published")) for m in mentions))
    first_sentence = next((m.get("sentence") for m in mentions if m.get("sentence")), None)
    confidence = ev.get("confidence")
    row = {
        **{k: _text(ev.get(k)) for k in CSV_COLUMNS},
        "actors": "; ".join(actors),
        "confidence": "" if confidence is None else f"{float(confidence):g}",
        "sources": "; ".join(s for s in sources if s),
        "published": "; ".join(p for p in published if p),
        "sentence": _text(first_sentence),
        "mentions": str(len(mentions)),
        "actor_codes": "; ".join(a.get("code") or "" for a in ev.get("actors") or []),
    }
    return [_safe(row[k]) for k in CSV_COLUMNS]


def to_csv(events: Sequence[Mapping[str, Any]]) -> str:
    """One row per event; lists joined by ``"; "``; formula-like text cells quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for ev in events:
        writer.writerow(csv_row(ev))
    return buf.getvalue()


def export_json(job: ExportJob) -> str:
    """The ``json`` export (registry writer): each event carries its database's ``store_id``,
    so ``timeline import`` updates its own events and adds another database's as new."""
    if job.store_id:
        return to_json([{**ev, "store_id": job.store_id} for ev in job.events])
    return to_json(job.events)


def export_csv(job: ExportJob) -> str:
    """The ``csv`` export (registry writer)."""
    return to_csv(job.events)


#: TSV columns (GDELT/ACLED style: one event per row, actor1/actor2 with their countries, the
#: CAMEO code as text). ``timeline import`` reads the same columns back.
#: The columns that hold an event's actors (``timeline import`` rebuilds them together).
TSV_ACTOR_COLUMNS: tuple[str, ...] = (
    "actor1",
    "actor1_role",
    "actor1_country",
    "actor2",
    "actor2_role",
    "actor2_country",
    "other_actors",
)
TSV_COLUMNS: tuple[str, ...] = (
    "store_id",
    "event_id",
    "start",
    "end",
    "granularity",
    "date_text",
    "type",
    "cameo",
    "plover",
    "label",
    "status",
    *TSV_ACTOR_COLUMNS,
    "location",
    "summary",
    "num_mentions",
    "source",
    "source_url",
    "published",
    "sentence",
    "confidence",
    "origin",
    # issue 12: the CAMEO codes of actor1 and actor2 (kept last: export only, import ignores them)
    "actor1_code",
    "actor2_code",
)


def _tsv_cell(value: Any) -> str:
    """Tabs and line breaks would end the cell: they become spaces."""
    return " ".join(_text(value).replace("\t", " ").splitlines()).strip()


def _escape_part(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;")


def other_actor(name: str, role: str | None, country: str | None) -> str:
    """One actor of the ``other_actors`` cell: ``Name (role, Country)`` (``Name (role)`` without
    a country); a ``;`` or ``\\`` inside a name is escaped with ``\\``, since ``;`` separates
    the actors. ``timeline import`` reads it back (``split_other_actors``).

    >>> other_actor("Ri Yong Ho", "target", "North Korea")
    'Ri Yong Ho (target, North Korea)'
    >>> other_actor("A; B", "participant", None)
    'A\\\\; B (participant)'
    """
    inner = ", ".join(_escape_part(x) for x in (role or "participant", country) if x)
    return f"{_escape_part(name)} ({inner})"


def split_other_actors(cell: str) -> list[str]:
    """The parts of an ``other_actors`` cell, split at unescaped ``;`` and unescaped.

    >>> split_other_actors(r"A\\; B (target); C (source, X)")
    ['A; B (target)', 'C (source, X)']
    """
    parts: list[str] = []
    buf: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            buf.append(next(chars, "\\"))
        elif ch == ";":
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def tsv_row(ev: Mapping[str, Any], store_id: str | None = None) -> dict[str, str]:
    actors = [a for a in ev.get("actors") or [] if a and a.get("name")]
    first, second = (actors + [{}, {}])[:2]
    others = [other_actor(str(a["name"]), a.get("role"), a.get("country")) for a in actors[2:]]
    mentions = [m for m in ev.get("mentions") or [] if m]
    documents = [m for m in mentions if m.get("document")]
    source = next((m.get("source") for m in mentions if m.get("source")), None)
    url = next((m.get("url") for m in mentions if m.get("url")), None)
    published = next((m.get("published") for m in mentions if m.get("published")), None)
    sentence = next((m.get("sentence") for m in documents if m.get("sentence")), None)
    confidence = ev.get("confidence")
    row = {
        "store_id": store_id or "",
        "event_id": ev.get("id"),
        "start": ev.get("start"),
        "end": ev.get("end"),
        "granularity": ev.get("granularity"),
        "date_text": ev.get("date_text"),
        "type": ev.get("type"),
        "cameo": ev.get("cameo"),
        "plover": ev.get("plover"),
        "label": ev.get("label"),
        "status": ev.get("status"),
        "actor1": first.get("name"),
        "actor1_role": first.get("role"),
        "actor1_country": first.get("country"),
        "actor2": second.get("name"),
        "actor2_role": second.get("role"),
        "actor2_country": second.get("country"),
        "other_actors": "; ".join(others),
        "location": ev.get("location"),
        "summary": ev.get("summary"),
        "num_mentions": len(documents),
        "source": source or ev.get("source"),
        "source_url": url,
        "published": published,
        "sentence": sentence,
        "confidence": "" if confidence is None else f"{float(confidence):g}",
        "origin": ev.get("origin"),
        "actor1_code": first.get("code"),
        "actor2_code": second.get("code"),
    }
    return {k: _tsv_cell(row[k]) for k in TSV_COLUMNS}


def to_tsv(events: Sequence[Mapping[str, Any]], store_id: str | None = None) -> str:
    """Tab-separated values, one event per row, a header line first. Codes stay text
    (``010``); nothing is quoted, so tabs and line breaks inside cells become spaces."""
    lines = ["\t".join(TSV_COLUMNS)]
    for ev in events:
        row = tsv_row(ev, store_id)
        lines.append("\t".join(row[k] for k in TSV_COLUMNS))
    return "\n".join(lines) + "\n"


def export_tsv(job: ExportJob) -> str:
    """The ``tsv`` export (registry writer)."""
    return to_tsv(job.events, store_id=job.store_id)
