"""TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html).

Dates are partial by precision: a month-precise event has only year and month, a year-precise
one only the year, so TimelineJS shows "February 2019", not an invented day. ``group`` is the
event's first actor (sources first). TimelineJS renders ``text`` as HTML, so every piece of
article text is escaped. Undated events are skipped (the caller reports how many).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.render.model import NO_ACTOR, EventView, type_label

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

#: Which date parts TimelineJS gets for each granularity.
_PARTS = {
    "day": ("year", "month", "day"),
    "week": ("year", "month", "day"),
    "month": ("year", "month"),
    "quarter": ("year", "month"),
    "season": ("year", "month"),
    "year": ("year",),
    "decade": ("year",),
    "century": ("year",),
}


def _date(d: date, parts: tuple[str, ...]) -> dict[str, str]:
    return {p: str(getattr(d, p)) for p in parts}


def tjs_dates(v: EventView) -> tuple[dict[str, str], dict[str, str] | None]:
    """(start_date, end_date or None) with only the parts the precision supports."""
    assert v.start is not None and v.end is not None
    parts = _PARTS.get(v.granularity or "day", ("year", "month", "day"))
    start = _date(v.start, parts)
    end = _date(v.end, parts)
    return start, (end if end != start else None)


def _group(v: EventView) -> str:
    actors = sorted(v.actors, key=lambda a: a.get("role") != "source")
    return str(actors[0]["name"]) if actors else NO_ACTOR


def to_timelinejs(views: Sequence[EventView], *, title: str | None = None) -> str:
    dated = [v for v in views if v.dated]
    events: list[dict[str, Any]] = []
    for v in sorted(dated, key=lambda v: (v.start, v.end, v.id)):
        start, end = tjs_dates(v)
        body = [f"<p>{html.escape(type_label(v.type))} · {html.escape(v.date_line())}</p>"]
        if v.actors:
            body.append(f"<p>{html.escape(v.actors_line())}</p>")
        if v.event.get("location"):
            body.append(f"<p>{html.escape(str(v.event['location']))}</p>")
        if v.sentence:
            body.append(f"<blockquote>{html.escape(v.sentence)}</blockquote>")
        source = v.source_line()
        if source:
            body.append(f"<p><small>{html.escape(source)}</small></p>")
        slide: dict[str, Any] = {
            "unique_id": f"event-{v.id}",
            "start_date": start,
            "text": {"headline": html.escape(v.summary), "text": "".join(body)},
            "group": html.escape(_group(v)),
        }
        if end is not None:
            slide["end_date"] = end
        if v.event.get("date_text"):
            slide["display_date"] = html.escape(str(v.event["date_text"]))
        slide["autolink"] = False
        events.append(slide)
    heading = title or "Timeline"
    doc = {
        "title": {
            "text": {
                "headline": html.escape(heading),
                "text": f"<p>{len(events)} events</p>",
            }
        },
        "events": events,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def export(job: ExportJob) -> str:
    """The ``timelinejs`` export (registry writer)."""
    return to_timelinejs(job.views, title=job.title)
