"""Timeline charts and exports: plotly HTML, PNG/SVG/PDF, JSON, CSV, ICS, TimelineJS.

Pure figure building lives in :mod:`timeline.render.chart`; this module picks the format and
writes the file atomically (nothing is left behind when an export fails)::

    from timeline.render import export_events
    result = export_events(store.query(EventFilter()), Path("timeline.html"))
    print(result.summary())   # wrote 7 events to timeline.html (html)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.errors import ExportError, InputError
from timeline.render.chart import ChartInfo, build_figure
from timeline.render.model import GROUP_BYS, EventView, check_group_by, prepare

FORMATS: tuple[str, ...] = ("html", "png", "svg", "pdf", "json", "csv", "ics", "timelinejs")
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".png": "png",
    ".svg": "svg",
    ".pdf": "pdf",
    ".json": "json",
    ".csv": "csv",
    ".ics": "ics",
}
#: Formats that have nowhere to put an undated event (they are skipped and counted).
_DATED_ONLY = ("png", "svg", "pdf", "ics", "timelinejs")


def resolve_format(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else from the file name; InputError if unknown."""
    if fmt:
        f = fmt.strip().lower()
        if f not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
        return f
    name = path.name.lower()
    if name.endswith(".timeline.json"):
        return "timelinejs"
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise InputError(
        f"cannot tell the export format from {path.name!r}: use --format "
        f"({', '.join(FORMATS)}) or an extension .html .png .svg .pdf .json .csv .ics"
    )


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    events: int  # events written (dated + undated listed, or dated only where skipped)
    undated: int  # undated events in the selection
    undated_skipped: bool  # True when the format cannot hold them (they were left out)
    bytes: int

    def summary(self) -> str:
        line = f"wrote {self.events} event{'s' if self.events != 1 else ''} to {self.path} "
        line += f"({self.format})"
        if self.undated:
            what = "skipped" if self.undated_skipped else "listed below the chart"
            if self.format in ("json", "csv"):
                what = "included"
            line += f"; {self.undated} undated {what}"
        return line


def render(
    events: Sequence[Mapping[str, Any]],
    fmt: str,
    *,
    group_by: str = "actor",
    title: str | None = None,
    cdn: bool = False,
) -> bytes | str:
    """The export as text or bytes (no file written). ExportError when nothing can be drawn."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    group_by = check_group_by(group_by)
    if not events:
        raise ExportError("no events match; nothing written")
    if fmt == "json":
        from timeline.render.tables import to_json

        return to_json(events)
    if fmt == "csv":
        from timeline.render.tables import to_csv

        return to_csv(events)
    views = prepare(events)
    if fmt in _DATED_ONLY and not any(v.dated for v in views):
        raise ExportError(
            f"all {len(views)} matching events are undated and {fmt} shows only dated "
            "events; nothing written (try --format html, json or csv)"
        )
    if fmt == "html":
        from timeline.render.html import render_html

        return render_html(views, group_by=group_by, title=title, cdn=cdn)
    if fmt == "ics":
        from timeline.render.ics import to_ics

        return to_ics(views, title=title)
    if fmt == "timelinejs":
        from timeline.render.timelinejs import to_timelinejs

        return to_timelinejs(views, title=title)
    from timeline.render.image import render_image

    figure, _ = build_figure(views, group_by=group_by, title=title, static=True, hover="none")
    return render_image(figure, fmt)


def export_events(
    events: Sequence[Mapping[str, Any]],
    path: Path,
    fmt: str | None = None,
    *,
    group_by: str = "actor",
    title: str | None = None,
    cdn: bool = False,
) -> ExportResult:
    """Write ``events`` (DESIGN.md event dicts) to ``path``; the format defaults from its name."""
    from timeline.render.files import write_atomic

    path = Path(path)
    fmt = resolve_format(path, fmt)
    data = render(events, fmt, group_by=group_by, title=title, cdn=cdn)
    size = write_atomic(path, data)
    undated = sum(1 for ev in events if not ev.get("start"))
    skipped = fmt in _DATED_ONLY
    return ExportResult(
        path=path,
        format=fmt,
        events=len(events) - (undated if skipped else 0),
        undated=undated,
        undated_skipped=skipped,
        bytes=size,
    )


__all__ = [
    "FORMATS",
    "GROUP_BYS",
    "ChartInfo",
    "EventView",
    "ExportResult",
    "build_figure",
    "export_events",
    "prepare",
    "render",
    "resolve_format",
]
