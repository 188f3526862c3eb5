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
from timeline.render.formats import (
    ExportFormat,
    ExportJob,
    by_file_name,
    extension_hint,
    get_format,
    names,
)
from timeline.render.model import GROUP_BYS, EventView, check_group_by, prepare

#: The export format names, in ``--help`` order (the registry: ``timeline.render.formats``).
FORMATS: tuple[str, ...] = names()


def _unknown(fmt: str) -> InputError:
    return InputError(f"unknown export format {fmt!r}: use one of {', '.join(names())}")


def resolve_format(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else from the file name; InputError if unknown."""
    if fmt:
        found = get_format(fmt)
        if found is None:
            raise _unknown(fmt)
        return found.name
    found = by_file_name(path.name)
    if found is not None:
        return found.name
    raise InputError(
        f"cannot tell the export format from {path.name!r}: use --format "
        f"({', '.join(names())}) or an extension {extension_hint()}"
    )


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    events: int  # events written (dated + undated listed, or dated only where skipped)
    undated: int  # undated events in the selection
    undated_skipped: bool  # True when the format cannot hold them (they were left out)
    bytes: int
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        line = f"wrote {self.events} event{'s' if self.events != 1 else ''} to {self.path} "
        line += f"({self.format})"
        if self.undated:
            spec = get_format(self.format)
            undated = spec.undated if spec is not None else "included"
            what = {"skipped": "skipped", "listed": "listed below the chart"}.get(
                undated, "included"
            )
            line += f"; {self.undated} undated {what}"
        return line


def check_export_group(fmt: str, group_by: str | None) -> str:
    """The grouping for ``fmt``: chart lanes (actor by default, type, country), or TimelineJS
    groups (none by default, or type: a story has at most a handful); InputError otherwise."""
    if fmt == "timelinejs":
        group = (group_by or "none").strip().lower()
        if group not in ("none", "type"):
            raise InputError(f"TimelineJS groups: none or type, not {group_by!r}")
        return group
    return check_group_by(group_by or "actor")


def render(
    events: Sequence[Mapping[str, Any]],
    fmt: str,
    *,
    group_by: str | None = None,
    title: str | None = None,
    cdn: bool = False,
    store_id: str | None = None,
    actors: Sequence[str] = (),
) -> bytes | str:
    """The export as text or bytes (no file written). ExportError when nothing can be drawn.

    ``group_by``: swimlanes of the chart (actor by default, type, country) or TimelineJS
    groups (none by default, or type). ``store_id`` scopes ICS UIDs and TSV rows to the
    database the events come from (``Store.store_id()``). ``actors``: charts grouped by actor
    draw only these actors' lanes (canonical actor names, compared folded; the CLI resolves
    ``--actor`` and ``--country`` to them with ``Store.chosen_actors``, as its query does).
    """
    spec = get_format(fmt) if fmt == fmt.strip().lower() else None
    if spec is None:
        raise _unknown(fmt)
    group_by = check_export_group(fmt, group_by)
    if not events:
        raise ExportError("no events match; nothing written")
    job = ExportJob(
        events,
        fmt,
        group_by=group_by,
        title=title,
        cdn=cdn,
        store_id=store_id,
        actors=tuple(actors),
    )
    if spec.dated_only and not any(v.dated for v in job.views):
        raise ExportError(
            f"all {len(job.views)} matching events are undated and {fmt} shows only dated "
            "events; nothing written (try --format html, json or csv)"
        )
    return spec.load_writer()(job)


def export_warnings(events: Sequence[Mapping[str, Any]], fmt: str) -> tuple[str, ...]:
    """What the user should know about an export that was written (to a file or to standard
    output): a TimelineJS story of more than ``STORY_LIMIT`` dated events."""
    if fmt == "timelinejs":
        from timeline.render.timelinejs import story_warning

        warning = story_warning(sum(1 for ev in events if ev.get("start")))
        if warning:
            return (warning,)
    return ()


def export_events(
    events: Sequence[Mapping[str, Any]],
    path: Path,
    fmt: str | None = None,
    *,
    group_by: str | None = None,
    title: str | None = None,
    cdn: bool = False,
    store_id: str | None = None,
    actors: Sequence[str] = (),
) -> ExportResult:
    """Write ``events`` (DESIGN.md event dicts) to ``path``; the format defaults from its name.

    ``path`` may be a new file, an existing regular file or a symlink to one (written through
    the link); anything else that exists (a directory, device, fifo, socket) is refused and
    left as it was.
    """
    from timeline.render.files import check_target, write_atomic

    path = Path(path)
    fmt = resolve_format(path, fmt)
    check_target(path)  # before rendering: a refused target costs nothing
    data = render(
        events, fmt, group_by=group_by, title=title, cdn=cdn, store_id=store_id, actors=actors
    )
    size = write_atomic(path, data)
    warnings = export_warnings(events, fmt)
    undated = sum(1 for ev in events if not ev.get("start"))
    spec = get_format(fmt)
    skipped = spec is not None and spec.dated_only
    return ExportResult(
        path=path,
        format=fmt,
        events=len(events) - (undated if skipped else 0),
        undated=undated,
        undated_skipped=skipped,
        bytes=size,
        warnings=warnings,
    )


__all__ = [
    "FORMATS",
    "GROUP_BYS",
    "ChartInfo",
    "ExportFormat",
    "ExportJob",
    "EventView",
    "ExportResult",
    "build_figure",
    "check_export_group",
    "export_events",
    "export_warnings",
    "prepare",
    "render",
    "resolve_format",
]
