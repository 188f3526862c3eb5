"""Shared output options and writers: ``--format table|json|jsonl|csv`` for every listing."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.errors import InputError
from timeline.textutil import printable

if TYPE_CHECKING:  # rich is imported when a table or a console is asked for (start-up)
    from rich.console import Console


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def parse_format(value: str | OutputFormat) -> OutputFormat:
    """``--format`` value -> OutputFormat; an unknown one is bad input (one line, exit 2)."""
    try:
        return OutputFormat(str(value).strip().lower())
    except ValueError:
        raise InputError(
            f"unknown output format {value!r}: use table, json, jsonl or csv"
        ) from None


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        parser=parse_format,
        metavar="table|json|jsonl|csv",
        help="Output format: a table for people; json, jsonl or csv for scripts.",
    ),
]


def _default(obj: Any) -> Any:
    to_dict = getattr(obj, "to_dict", None)  # an EventRecord: its DESIGN.md JSON shape
    if to_dict is not None:
        return to_dict()
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_default, indent=indent)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return dumps(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def emit(
    rows: Sequence[Mapping[str, Any]] | Iterable[Mapping[str, Any]],
    fmt: OutputFormat,
    columns: Sequence[tuple[str, str] | tuple[str, str, dict[str, Any]]],
    *,
    title: str | None = None,
    csv_columns: Sequence[str] | None = None,
) -> None:
    """Write ``rows`` in ``fmt``.

    ``columns`` is ``[(key, header), ...]`` for the table (a third item, a dict, passes options
    such as ``max_width`` to rich's ``add_column``); JSON formats write the rows whole;
    CSV writes ``csv_columns`` (default: the table keys) with lists joined by ``"; "``.
    """
    out = sys.stdout
    if fmt is OutputFormat.json:
        out.write(dumps(list(rows), indent=2) + "\n")
    elif fmt is OutputFormat.jsonl:
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt is OutputFormat.csv:
        keys = list(csv_columns or [spec[0] for spec in columns])
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
    else:
        from rich import box
        from rich.table import Table

        table = Table(
            title=title,
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            show_lines=False,
            expand=False,
        )
        for spec in columns:
            options: dict[str, Any] = {"overflow": "fold"}
            if len(spec) > 2:
                options.update(spec[2])  # type: ignore[misc]
            table.add_column(spec[1], **options)
        for row in rows:
            table.add_row(*(safe(_cell(row.get(spec[0]))) for spec in columns))
        console().print(table)


def safe(text: str) -> str:
    """A table cell for the terminal: control characters escaped (``\\x1b``), rich markup
    escaped. Every table cell goes through it; JSON and CSV keep the text as stored."""
    from rich.markup import escape

    return escape(printable(text))


def no_color() -> bool:
    """NO_COLOR (https://no-color.org) set to anything but the empty string."""
    return bool(os.environ.get("NO_COLOR"))


def console(stderr: bool = False) -> Console:
    """A rich console; 80 columns when not on a terminal so output stays predictable. Under
    NO_COLOR it writes no escape codes at all (no colour, no bold)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 80
    from rich.console import Console

    return Console(
        file=stream,
        width=width,
        soft_wrap=False,
        highlight=False,
        color_system=None if no_color() else "auto",
    )


def emit_record(
    record: Mapping[str, Any], fmt: OutputFormat, pairs: Sequence[tuple[str, str]]
) -> None:
    """Write ONE object: JSON (indented), one JSONL line, a CSV header + row, or for people a
    two-column table of ``pairs`` (label, already formatted text)."""
    out = sys.stdout
    if fmt is OutputFormat.json:
        out.write(dumps(record, indent=2) + "\n")
    elif fmt is OutputFormat.jsonl:
        out.write(dumps(record) + "\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(record))
        writer.writerow([_cell(v) for v in record.values()])
    else:
        from rich.table import Table

        table = Table(show_header=False, box=None, expand=False, pad_edge=False)
        table.add_column("field", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        for label, value in pairs:
            if value:
                table.add_row(safe(label), safe(value))
        console().print(table)


# -- events ------------------------------------------------------------------------------------


def date_label(event: Mapping[str, Any]) -> str:
    """A short date with its precision: "2019-04-11", "2019-02-27..03-05", "2019-02 (month)",
    "2019 (year)", "2019-04-08..04-14 (week)", "2018-12-31..2019-01-06 (week)", "undated"."""
    start, end, gran = event.get("start"), event.get("end"), event.get("granularity") or "day"
    if not start:
        return "undated"
    end = end or start
    if gran == "day":
        if start == end:
            return start
        return f"{start}..{end[5:]}" if start[:4] == end[:4] else f"{start}..{end}"
    if gran == "month" and start[:7] == end[:7] and start.endswith("-01"):
        return f"{start[:7]} (month)"
    if (
        gran == "year"
        and start[:4] == end[:4]
        and start.endswith("-01-01")
        and end.endswith("-12-31")
    ):
        return f"{start[:4]} (year)"
    span = f"{start}..{end[5:]}" if start[:4] == end[:4] else f"{start}..{end}"
    return f"{span} ({gran})"


def actors_label(event: Mapping[str, Any], roles: bool = False) -> str:
    names = []
    for actor in event.get("actors") or []:
        name = actor["name"]
        if roles and actor.get("role") and actor["role"] != "participant":
            name = f"{name} ({actor['role']})"
        names.append(name)
    return ", ".join(names)


def shorten(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


EVENT_TABLE_COLUMNS: list[tuple[str, str, dict[str, Any]]] = [
    ("id", "ID", {"justify": "right", "no_wrap": True}),
    ("date", "Date", {"max_width": 18}),
    ("type", "Type", {"max_width": 11}),
    ("actors", "Actors", {"max_width": 16}),
    ("summary", "Summary", {"min_width": 16}),
]


def event_table_row(event: Mapping[str, Any]) -> dict[str, Any]:
    status = event.get("status")
    summary = shorten(event.get("summary"), 120)
    if status and status != "happened":
        summary = f"[{status}] {summary}"
    return {
        "id": event["id"],
        "date": date_label(event),
        "type": event.get("label") or event.get("type"),
        "actors": actors_label(event),
        "summary": summary,
    }


def emit_events(
    events: Sequence[Mapping[str, Any]], fmt: OutputFormat, title: str | None = None
) -> None:
    """Events as a readable table (80 columns), JSON/JSONL (DESIGN.md shape) or flat CSV."""
    if fmt is OutputFormat.table:
        if not events:
            console(stderr=True).print("No events match.")
            return
        emit([event_table_row(e) for e in events], fmt, EVENT_TABLE_COLUMNS, title=title)
    elif fmt is OutputFormat.csv:
        from timeline.render.tables import to_csv  # one CSV shape for query and export

        sys.stdout.write(to_csv(events))
    else:
        emit(events, fmt, [])


def event_pairs(event: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The label/value lines of ``timeline show`` for people."""
    type_ = f"{event['type']} {event.get('label') or ''}".strip()
    if event.get("cameo"):
        type_ += f" (CAMEO {event['cameo']})"
    if event.get("plover"):
        type_ += f", PLOVER {event['plover']}"
    when = date_label(event)
    if event.get("date_text"):
        when += f' from "{event["date_text"]}"'
    actors = "\n".join(_actor_line(a) for a in event.get("actors") or [])
    origin = event.get("origin") or ""
    if event.get("edited"):
        origin += ", edited"
    sources = []
    for m in event.get("mentions") or []:
        where = ", ".join(x for x in (m.get("document"), m.get("source"), m.get("published")) if x)
        sentence = shorten(m.get("sentence"), 300)
        sources.append(f"{where}: {sentence}" if where else sentence)
    return [
        ("ID", str(event["id"])),
        ("Date", when),
        ("Type", type_),
        ("Status", event.get("status") or ""),
        ("Actors", actors),
        ("Location", event.get("location") or ""),
        ("Summary", event.get("summary") or ""),
        ("Origin", f"{origin}, confidence {event.get('confidence', 0):.2f}" + _coder(event)),
        ("Sources", "\n".join(sources)),
    ]


def _actor_line(a: Mapping[str, Any]) -> str:
    """ "Donald Trump (participant), United States [USAGOV]" and, on a second line, how the
    actor was resolved: its rule and evidence (actors stored before m008 have neither)."""
    line = a["name"] + (f" ({a['role']})" if a.get("role") else "")
    if a.get("country") and a["country"] != a["name"]:
        line += f", {a['country']}"
    if a.get("code"):
        line += f" [{a['code']}]"
    if a.get("evidence"):
        line += f"\n  by {a['evidence']}"
    elif a.get("rule"):
        line += f"\n  by {a['rule']}"
    return line


def _coder(event: Mapping[str, Any]) -> str:
    """ ", typed by rules+model (p=0.94)" for extracted events that record their coder."""
    coder = event.get("coder")
    if not coder:
        return ""
    p = event.get("coder_probability")
    return f", typed by {coder}" + (f" (p={p:.2f})" if p is not None else "")


def merge_lines(notes: Sequence[Any]) -> str:
    """The ``Merges`` lines of ``show``: each merge's rule, evidence and source sentence."""
    lines = []
    for n in notes:
        ev = n.evidence
        if n.rule == "user-merge":
            what = f"merged by hand: events {', '.join(map(str, ev.get('merged', [])))} joined"
        elif n.rule == "user-split":
            what = (
                f"split by hand: mention {ev.get('mention')} of event {ev.get('from')} "
                f"became event {ev.get('to')}"
            )
        elif n.rule == "pinned":
            what = "placed here by an earlier edit (the sentence is pinned to this event)"
        else:
            where = "in the same article" if n.rule == "ingest-in-article" else "across articles"
            overlap = ev.get("overlap_days")
            what = (
                f"{n.rule} ({where}): type {ev.get('type')}, {ev.get('shared_actors')} shared "
                f"actor(s), {ev.get('added_actors')} added, "
                + (f"dates overlap {overlap} day(s)" if overlap is not None else "both undated")
            )
        if n.sentence:
            what += f"\n  {n.document or ''}: {shorten(n.sentence, 200)}"
        lines.append(what)
    return "\n".join(lines)
