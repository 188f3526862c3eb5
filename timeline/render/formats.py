"""The registry of export formats: name, file extensions, writer, what happens to undated events.

To add a format, write one module with a writer and add one line to ``FORMATS``::

    # timeline/render/markdown.py
    def export(job: ExportJob) -> str:
        return "".join(f"- {v.date_line()}: {v.summary}\\n" for v in job.views)

    ExportFormat("md", (".md",), "timeline.render.markdown:export", "listed", "Markdown list"),

``--format``, the extension of ``-o``, the error messages, ``--help`` and the summary line all
come from this table. Writers are imported only when their format is used (plotly, kaleido
and icalendar stay unloaded otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from pathlib import PurePath
from typing import Any, Literal

from timeline.render.model import EventView, prepare

#: What a format does with undated events: written like the others (``included``), listed
#: apart from the chart (``listed``), or left out and counted (``skipped``).
Undated = Literal["included", "listed", "skipped"]


@dataclass
class ExportJob:
    """What a writer gets: the events (records or dicts), their views, the options."""

    events: Sequence[Mapping[str, Any]]
    format: str
    group_by: str = "actor"  # chart lanes; TimelineJS: "none" (default) or "type"
    title: str | None = None
    cdn: bool = False
    store_id: str | None = None  # the database's id: scopes ICS UIDs and TSV rows
    #: canonical actor names (``Store.chosen_actors``): the chart draws only these actors' lanes
    actors: tuple[str, ...] = ()

    @cached_property
    def views(self) -> list[EventView]:
        """The events prepared once (dates parsed, undated kept apart)."""
        return prepare(self.events)


Writer = Callable[[ExportJob], bytes | str]


@dataclass(frozen=True)
class ExportFormat:
    """One export format. ``writer`` is ``"module:function"``, imported on first use."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; ".timeline.json" is compound
    writer: str
    undated: Undated = "included"
    note: str = field(default="", compare=False)  # shown in --help: "html (interactive chart)"
    label: str = field(default="", compare=False)  # a compound extension's format, for -o help

    @property
    def dated_only(self) -> bool:
        """True when undated events have nowhere to go (they are skipped and counted)."""
        return self.undated == "skipped"

    def load_writer(self) -> Writer:
        module, _, attr = self.writer.partition(":")
        writer: Writer = getattr(import_module(module), attr)
        return writer


_R = "timeline.render"
FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("html", (".html", ".htm"), f"{_R}.html:export", "listed", "interactive chart"),
    ExportFormat("png", (".png",), f"{_R}.image:export", "skipped"),
    ExportFormat("svg", (".svg",), f"{_R}.image:export", "skipped"),
    ExportFormat("pdf", (".pdf",), f"{_R}.image:export", "skipped", "need Chromium"),
    ExportFormat("json", (".json",), f"{_R}.tables:export_json", "included"),
    ExportFormat("csv", (".csv",), f"{_R}.tables:export_csv", "included"),
    ExportFormat(
        "tsv", (".tsv",), f"{_R}.tables:export_tsv", "included", "GDELT/ACLED-style, importable"
    ),
    ExportFormat("ics", (".ics",), f"{_R}.ics:export", "skipped", "calendar"),
    ExportFormat(
        "timelinejs", (".timeline.json",), f"{_R}.timelinejs:export", "skipped", label="TimelineJS"
    ),
)


def names() -> tuple[str, ...]:
    """The format names, in ``FORMATS`` order."""
    return tuple(f.name for f in FORMATS)


def get_format(name: str) -> ExportFormat | None:
    """The format called ``name`` (any case), or None."""
    key = name.strip().lower()
    return next((f for f in FORMATS if f.name == key), None)


def by_file_name(name: str) -> ExportFormat | None:
    """The format of a file name from its extension (compound ones such as ``.timeline.json``
    first), or None."""
    lower = name.lower()
    compound = [(ext, f) for f in FORMATS for ext in f.extensions if ext.count(".") > 1]
    for ext, f in sorted(compound, key=lambda c: -len(c[0])):
        if lower.endswith(ext):
            return f
    suffix = PurePath(lower).suffix
    for f in FORMATS:
        if suffix in f.extensions:
            return f
    return None


def extension_hint() -> str:
    """The simple extensions, one per format: ``.html .png ... .ics``."""
    return " ".join(f.extensions[0] for f in FORMATS if f.extensions[0].count(".") == 1)


def format_help() -> str:
    """``--format`` help: "html (interactive chart), png, ..., ics (calendar) or timelinejs"."""
    names = [f"{f.name} ({f.note})" if f.note else f.name for f in FORMATS]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def output_help() -> str:
    """``--output`` help: the extensions that choose a format."""
    compound = [
        f"{ext} for {f.label or f.name}"
        for f in FORMATS
        for ext in f.extensions
        if ext.count(".") > 1
    ]
    extra = "".join(f", and {c}" for c in compound)
    return (
        f"File to write. The format follows the extension ({extension_hint()}{extra}) unless "
        "--format is given."
    )


__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportJob",
    "Writer",
    "by_file_name",
    "extension_hint",
    "format_help",
    "output_help",
    "get_format",
    "names",
]
