"""Shared output options and writers: ``--format table|json|jsonl|csv`` for every listing."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: a table for people, JSON/CSV for scripts."),
]


def _default(obj: Any) -> Any:
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
    rows: Sequence[dict[str, Any]] | Iterable[dict[str, Any]],
    fmt: OutputFormat,
    columns: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    csv_columns: Sequence[str] | None = None,
) -> None:
    """Write ``rows`` in ``fmt``.

    ``columns`` is ``[(key, header), ...]`` for the table; JSON formats write the rows whole;
    CSV writes ``csv_columns`` (default: the table keys) with lists joined by ``"; "``.
    """
    out = sys.stdout
    if fmt is OutputFormat.json:
        out.write(dumps(list(rows), indent=2) + "\n")
    elif fmt is OutputFormat.jsonl:
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt is OutputFormat.csv:
        keys = list(csv_columns or [k for k, _ in columns])
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
    else:
        table = Table(title=title, show_lines=False, expand=False)
        for _, header in columns:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(k)) for k, _ in columns))
        console().print(table)


def console(stderr: bool = False) -> Console:
    """A rich console; 80 columns when not on a terminal so output stays predictable."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 80
    return Console(file=stream, width=width, soft_wrap=False, highlight=False)
