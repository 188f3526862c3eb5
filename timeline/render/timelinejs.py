"""TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html).

Dates are partial by precision: a month-precise event has only year and month, a year-precise
one only the year, so TimelineJS never shows an invented day; ``display_date`` says the
precision in words ("February 2019", "week of 8 April 2019", "summer 2019"). TimelineJS is for
stories: no groups by default (``group_by="type"`` gives one per event type present, at most
:data:`MAX_GROUPS`: the rarest types share "other types"),
every slide links its sources, and above :data:`STORY_LIMIT` events the export warns and points
to the HTML chart. TimelineJS renders ``text`` as HTML, so every piece of article text is
escaped and only http(s) links are made. Undated events are skipped (the caller reports how
many).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.render.model import EventView, type_label

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

#: Above this many events TimelineJS stops being a readable story.
STORY_LIMIT = 300
GROUP_BYS = ("none", "type")

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
_SEASONS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def _date(d: date, parts: tuple[str, ...]) -> dict[str, str]:
    return {p: str(getattr(d, p)) for p in parts}


def tjs_dates(v: EventView) -> tuple[dict[str, str], dict[str, str] | None]:
    """(start_date, end_date or None) with only the parts the precision supports."""
    assert v.start is not None and v.end is not None
    parts = _PARTS.get(v.granularity or "day", ("year", "month", "day"))
    start = _date(v.start, parts)
    end = _date(v.end, parts)
    return start, (end if end != start else None)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def display_date(start: date, end: date, granularity: str | None) -> str:
    """The date in words at its precision: "11 April 2019", "27–28 February 2019",
    "week of 8 April 2019", "February 2019", "Q2 2019", "summer 2019", "2019", "the 1990s"."""
    gran = granularity or "day"
    if gran == "week":
        return f"week of {_day(start)}"
    if gran == "month":
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B}–{end:%B %Y}"
        return f"{start:%B %Y}–{end:%B %Y}"
    if gran == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if gran == "season" and start.month in _SEASONS:
        return f"{_SEASONS[start.month]} {start.year}"
    if gran == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if gran == "decade":
        return f"the {start.year}s"
    if gran == "century":
        return f"{start.year}–{end.year}"
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def _links(v: EventView) -> str:
    """Source links (http/https only), else the source names, as escaped HTML."""
    items: dict[str, None] = {}
    for m in v.mentions:
        label = str(m.get("source") or m.get("document") or m.get("url") or "")
        url = str(m.get("url") or "")
        published = f", {m['published']}" if m.get("published") else ""
        if url.startswith(("https://", "http://")):
            items.setdefault(
                f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
                f"{html.escape(label or url)}</a>{html.escape(published)}"
            )
        elif label:
            items.setdefault(html.escape(label + published))
    if not items and v.event.get("source"):
        items.setdefault(html.escape(str(v.event["source"])))
    return " · ".join(items)


#: At most this many TimelineJS groups (rows): the busiest types keep theirs, the rest share
#: one "other types" group.
MAX_GROUPS = 6
OTHER_TYPES = "other types"


def _type_groups(dated: Sequence[EventView]) -> dict[str, str]:
    """The group of each event type: its label for the ``MAX_GROUPS - 1`` busiest types
    (all of them when there are at most ``MAX_GROUPS``), ``other types`` for the rest."""
    counts = Counter(v.type for v in dated)
    order = sorted(counts, key=lambda t: (-counts[t], t))
    kept = order if len(order) <= MAX_GROUPS else order[: MAX_GROUPS - 1]
    return {t: type_label(t) if t in kept else OTHER_TYPES for t in order}


def to_timelinejs(
    views: Sequence[EventView], *, title: str | None = None, group_by: str | None = None
) -> str:
    group = group_by or "none"
    if group not in GROUP_BYS:
        raise ValueError(f"TimelineJS groups: none or type, not {group_by!r}")
    dated = [v for v in views if v.dated]
    groups = _type_groups(dated) if group == "type" else {}
    events: list[dict[str, Any]] = []
    for v in sorted(dated, key=lambda v: (v.start, v.end, v.id)):
        assert v.start is not None and v.end is not None
        start, end = tjs_dates(v)
        when = v.event.get("date_text")
        kind = type_label(v.type)
        status = v.event.get("status")
        meta = " · ".join(
            x
            for x in (kind, f"“{when}”" if when else "", status if status != "happened" else "")
            if x
        )
        body = [f"<p>{html.escape(meta)}</p>"]
        if v.actors:
            body.append(f"<p>{html.escape(v.actors_line())}</p>")
        if v.event.get("location"):
            body.append(f"<p>{html.escape(str(v.event['location']))}</p>")
        if v.sentence:
            body.append(f"<blockquote>{html.escape(v.sentence)}</blockquote>")
        links = _links(v)
        if links:
            body.append(f"<p><small>Source: {links}</small></p>")
        slide: dict[str, Any] = {
            "unique_id": f"event-{v.id}",
            "start_date": start,
            "display_date": html.escape(display_date(v.start, v.end, v.granularity)),
            "text": {"headline": html.escape(v.summary), "text": "".join(body)},
            "autolink": False,
        }
        if end is not None:
            slide["end_date"] = end
        if group == "type":
            slide["group"] = html.escape(groups[v.type])
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


def story_warning(n_events: int) -> str | None:
    """A warning for selections too large to read as a TimelineJS story."""
    if n_events <= STORY_LIMIT:
        return None
    return (
        f"{n_events} events is more than a TimelineJS story can carry (about {STORY_LIMIT}); "
        "narrow the selection (--from/--to, --type, --limit) or export the HTML chart (-o "
        "timeline.html)"
    )


def export(job: ExportJob) -> str:
    """The ``timelinejs`` export (registry writer): no groups unless ``--group-by type``."""
    group = job.group_by if job.group_by in GROUP_BYS else None
    return to_timelinejs(job.views, title=job.title, group_by=group)
