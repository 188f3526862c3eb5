"""Command: tag (registered on timeline.cli.application.app): temporal tagging only.

Input is a JSONL file of ``{"doc_id", "dct", "text"}`` lines (extra keys ignored; ``.jsonl`` by
extension, or any input whose first non-blank character is ``{``) or one plain-text document
with ``--dct`` (or a ``published:`` header line, read as ``ingest`` reads it). Output is the
scorer's JSONL (one ``{"doc_id", "timexes": [...]}`` line per document), TimeML with TIMEX3
tags, or a table for people. Documents are processed one at a time: a bad JSONL line stops the
run with ``PATH:LINE: message`` (exit 2) and nothing is written for that document; documents
before it have been written.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.cli.application import app
from timeline.cli.output import console, dumps
from timeline.dates import parse_iso_date
from timeline.text import TagDocument, read_tag_documents
from timeline.textutil import printable

if TYPE_CHECKING:  # the tagger and rich's tables are imported when a command needs them
    from rich.table import Table

    from timeline.temporal import Timex

#: Characters that XML 1.0 does not allow; replaced one for one so offsets stay valid.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class TagFormat(StrEnum):
    jsonl = "jsonl"
    timeml = "timeml"
    table = "table"


# -- writing -----------------------------------------------------------------------------------


def jsonl_record(doc: TagDocument, timexes: list[Timex], explain: bool = False) -> dict[str, Any]:
    """The scorer's shape: ``{"doc_id", "timexes": [Timex.to_dict() (+ "reason")...]}``."""
    rows = []
    for t in timexes:
        row = t.to_dict()
        if explain:
            row["reason"] = t.reason
        rows.append(row)
    return {"doc_id": doc.doc_id, "timexes": rows}


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape  # imports urllib/http/email: only for TimeML output

    return escape(_XML_INVALID.sub("\ufffd", text))


def _xml_attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_XML_INVALID.sub("\ufffd", value), {"\n": "&#10;", "\t": "&#9;"})


def timeml_document(doc: TagDocument, timexes: list[Timex], explain: bool = False) -> str:
    """One TimeML document: DOCID, the DCT as a CREATION_TIME TIMEX3, the text with TIMEX3 tags.

    With ``explain`` each TIMEX3 gets a ``comment`` attribute, "rule: reason". Time
    expressions are written in text order; one that overlaps an earlier one is left out so
    that the document stays well-formed XML.
    """
    dct = doc.dct.isoformat()
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n',
        f"<DOCID>{_xml_text(str(doc.doc_id))}</DOCID>\n",
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n',
        "<TEXT>",
    ]
    pos = 0
    tid = 0
    for t in sorted(timexes, key=lambda x: (x.start, -x.end)):
        if t.start < pos or t.end <= t.start or t.end > len(doc.text):
            continue
        tid += 1
        attrs = f"tid={_xml_attr(f't{tid}')} type={_xml_attr(t.type)} value={_xml_attr(t.value)}"
        if t.mod:
            attrs += f" mod={_xml_attr(t.mod)}"
        if explain:
            attrs += f" comment={_xml_attr(f'{t.rule}: {t.reason}' if t.reason else t.rule)}"
        parts.append(_xml_text(doc.text[pos : t.start]))
        parts.append(f"<TIMEX3 {attrs}>{_xml_text(doc.text[t.start : t.end])}</TIMEX3>")
        pos = t.end
    parts.append(_xml_text(doc.text[pos:]))
    parts.append("</TEXT>\n</TimeML>\n")
    return "".join(parts)


def _interval(t: Timex) -> str:
    if t.interval is None:
        return ""
    start, end = t.interval
    return start.isoformat() if start == end else f"{start.isoformat()} to\n{end.isoformat()}"


def _table(doc: TagDocument, timexes: list[Timex], explain: bool) -> Table:
    """text, type, value, interval, rule; with ``explain`` the reason goes under the rule."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(printable(f"{doc.doc_id} (DCT {doc.dct.isoformat()})")),
        expand=False,
        show_lines=explain,
    )
    table.add_column("text", overflow="fold", ratio=1)
    table.add_column("type", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("interval", no_wrap=True)
    table.add_column("rule / why" if explain else "rule", overflow="fold", ratio=2)
    for t in timexes:
        rule = f"{t.rule}\n{t.reason}" if explain and t.reason else t.rule
        cells = (t.text, t.type, t.value, _interval(t), rule)
        table.add_row(*(Text(printable(c)) for c in cells))
    return table


# -- the command -------------------------------------------------------------------------------


class Convention(StrEnum):
    news = "news"
    timeml = "timeml"


def tag_text(text: str, dct: date, **options: Any) -> list[Timex]:
    """The tagger, imported on first use (the CLI's other commands never load its rules)."""
    from timeline.temporal import tag

    return tag(text, dct, **options)


@app.command("tag")
def tag_command(
    path: Annotated[
        str,
        typer.Argument(
            help="A .jsonl file of {doc_id, dct, text} lines, or one text file; '-' reads "
            "standard input.",
            show_default=False,
        ),
    ],
    dct: Annotated[
        str | None,
        typer.Option(
            "--dct",
            help="Document creation time (YYYY-MM-DD) of a text file without a 'published:' "
            "header line, or of JSONL lines without a dct.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TagFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (the scorer's format), timeml (TIMEX3 tags) or a table for people.",
        ),
    ] = TagFormat.jsonl,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Add the rule and the anchoring reason of each expression."),
    ] = False,
    convention: Annotated[
        Convention,
        typer.Option(
            "--annotation-convention",
            help="news (the default: the project's own gold) or timeml (also tags the vague "
            "'minutes later' as PTXM, as TimeML corpora do; see timeline/temporal/README.md).",
        ),
    ] = Convention.news,
    fiscal_start: Annotated[
        int,
        typer.Option(
            "--fiscal-start",
            min=1,
            max=12,
            metavar="MONTH",
            help="Month (1-12) in which fiscal years start: the interval of 'fiscal 2020' / "
            "'FY2020' (its value stays 2020).",
        ),
    ] = 1,
) -> None:
    """Find the time expressions in documents and anchor them to each document's date.

    Output: one JSONL line per document, {"doc_id", "timexes": [...]},
    the scorer's format; offsets are Python string offsets into the text
    (after any header lines). --explain adds each rule and anchoring reason.
    A bad input line stops the run: Error: PATH:LINE: ..., exit status 2.

    \b
    Example:
        timeline tag examples/nk_sanctions_2019-04-11.txt -f table
        timeline tag article.txt --dct 2019-04-11 --format timeml
        timeline tag corpus.jsonl > predictions.jsonl
        echo 'They met on Thursday.' | timeline tag - --dct 2019-04-11 --explain
        timeline tag tbaq.jsonl --annotation-convention timeml --fiscal-start 10
    """
    options: dict[str, Any] = {}
    if convention is not Convention.news:
        options["convention"] = convention.value
    if fiscal_start != 1:
        options["fiscal_start"] = fiscal_start
    default_dct = parse_iso_date(dct) if dct is not None else None
    out = sys.stdout
    for doc in read_tag_documents(path, default_dct):
        timexes = tag_text(doc.text, doc.dct, **options)
        if fmt is TagFormat.jsonl:
            out.write(dumps(jsonl_record(doc, timexes, explain)) + "\n")
        elif fmt is TagFormat.timeml:
            out.write(timeml_document(doc, timexes, explain))
        else:
            screen = console()
            if timexes:
                screen.print(_table(doc, timexes, explain))
            else:
                screen.print(
                    printable(f"{doc.doc_id} (DCT {doc.dct.isoformat()}): no time expressions"),
                    markup=False,
                )
        out.flush()
