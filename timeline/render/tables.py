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
    """The ``json`` export (registry writer)."""
    return to_json(job.events)


def export_csv(job: ExportJob) -> str:
    """The ``csv`` export (registry writer)."""
    return to_csv(job.events)
