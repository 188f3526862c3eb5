"""iCalendar (RFC 5545) export: one all-day VEVENT per dated event.

A day-precise event is a one-day all-day event; a week/month/year-precise or multi-day event
spans its whole interval (DTEND is exclusive, so it is the day after the last day). UIDs are
stable and unique across databases (``event-<id>.<store id>@timeline``, the store id being
the database's own, see ``Store.store_id``) so a re-export updates a subscribed calendar
instead of duplicating it, and events of two databases never collide. Undated events are
skipped (the caller reports how many).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from timeline.render.model import EventView, type_label

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

PRODID = "-//timeline//diplomatic event timeline//EN"
_STATUS = {"happened": "CONFIRMED", "planned": "TENTATIVE"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def to_ics(
    views: Sequence[EventView],
    *,
    title: str | None = None,
    stamp: datetime | None = None,
    store_id: str | None = None,
) -> bytes:
    """The calendar as bytes. ``stamp`` (DTSTAMP) defaults to the current UTC time."""
    scope = f".{store_id}" if store_id else ""
    dtstamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _one_line(title) or "timeline")
    for v in views:
        if v.start is None or v.end is None:
            continue
        ev = Event()
        ev.add("uid", f"event-{v.id}{scope}@timeline")
        ev.add("dtstamp", dtstamp)
        ev.add("dtstart", v.start)
        ev.add("dtend", v.end + timedelta(days=1))
        ev.add("summary", v.summary)
        ev.add("description", _description(v))
        if v.event.get("location"):
            ev.add("location", str(v.event["location"]))
        ev.add("categories", [type_label(v.type)])
        status = _STATUS.get(str(v.event.get("status") or ""))
        if status:
            ev.add("status", status)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


def _one_line(text: str | None) -> str:
    """A calendar name on one line: CR, LF and other control characters become spaces
    (a raw line break would end the property, or let the title inject one)."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def _description(v: EventView) -> str:
    lines = [f"Date: {v.date_line()}"]
    if v.actors:
        lines.append(f"Actors: {v.actors_line()}")
    kind = type_label(v.type)
    if v.event.get("cameo") and v.event.get("cameo") != v.type:
        kind += f" (CAMEO {v.event['cameo']})"
    lines.append(f"Type: {kind}")
    lines.append(f"Status: {v.event.get('status') or 'unknown'}")
    source = v.source_line()
    if source:
        lines.append(f"Source: {source}")
    if v.sentence:
        lines.append(f"Sentence: {v.sentence}")
    return "\n".join(lines)


def export(job: ExportJob) -> bytes:
    """The ``ics`` export (registry writer)."""
    return to_ics(job.views, title=job.title, store_id=job.store_id)
