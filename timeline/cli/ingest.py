"""Commands: ingest and extract (registered on timeline.cli.application.app)."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from timeline.cli.application import app, quiet, state
from timeline.cli.output import console, dumps, no_color
from timeline.events.types import Article, ExtractedEvent
from timeline.text import (
    DEFAULT_MAX_BYTES,
    LoadError,
    count_documents,
    expand_paths,
    iter_articles,
    parse_published,
)
from timeline.textutil import printable

if TYPE_CHECKING:  # rich's progress bar is imported only when a run shows one
    from rich.progress import Progress

#: Below this many articles no progress bar appears (unless --progress).
PROGRESS_MIN = 5


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


class CoderChoice(StrEnum):
    rules = "rules"
    model = "model"
    both = "both"


CoderOpt = Annotated[
    CoderChoice,
    typer.Option(
        "--coder",
        help="Who types the events: rules (trigger table, fastest), model (the learned coder "
        "decides every PLOVER type) or both (rules checked and completed by the model; most "
        "accurate). See docs/model_card.md.",
    ),
]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class ExtractFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Article files or directories (.txt .html .jsonl ...); '-' reads standard input.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        "-p",
        help="Publication date (YYYY-MM-DD) for articles that carry none. A date in the "
        "article (a 'published:' header, HTML metadata, a JSONL field) wins. Articles with "
        "no date at all are refused, never dated today.",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source", help="Source name (outlet) for articles that carry none of their own."
    ),
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="BYTES",
        help="Largest article read (a text or HTML file, or one JSONL line); a larger one is "
        "reported as a bad input and skipped, never read whole.",
    ),
]
InputFormatOpt = Annotated[
    InputFormat,
    typer.Option("--format", "-f", help="Input format; auto picks by extension, then by content."),
]


def _published(value: str | None) -> date | None:
    return parse_published(value) if value is not None else None


@app.command()
def ingest(
    ctx: typer.Context,
    paths: PathsArg,
    published: PublishedOpt = None,
    source: SourceOpt = None,
    fmt: InputFormatOpt = InputFormat.auto,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")
    ] = 1,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (default: on long runs when stderr is a terminal).",
            show_default=False,
        ),
    ] = None,
    coder: CoderOpt = CoderChoice.rules,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: this machine (--workers processes). dask: every file of the PATHs is "
            "a partition ingested on a Dask cluster (--scheduler) into the shared PostgreSQL "
            "--db.",
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="URL",
            help="The Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.",
        ),
    ] = None,
) -> None:
    """Read articles, extract their events and store them (idempotent: same content, no change).

    Articles are committed 32 at a time, each all or nothing (one that fails is reported and
    the others are stored). A bad file or JSONL line (malformed, or larger
    than --max-bytes, 5 MB by default) is reported as `Error: FILE:LINE: message` and the rest
    is still ingested; the exit status is 1 when anything failed, 2 for a usage error (no such
    path, bad --published). Re-ingesting an article, or a variant of it that differs only in
    whitespace, Unicode normalisation or header lines, changes nothing; events you edited or
    deleted stay as you left them.

    Text files may start with header lines before a blank line:
    `published: 2019-04-11`, `source: ...`, `title: ...`, `url: ...`.

    \b
    Example:
        timeline ingest examples/nk_sanctions_2019-04-11.txt
        timeline ingest feed.jsonl --workers 2
        cat article.txt | timeline ingest - --published 2019-04-11 --source Reuters
        timeline --db postgresql+psycopg://db-host/timeline ingest archive/ \\
            --engine dask --scheduler tcp://scheduler-host:8786
    """
    from timeline.ingest import ingest as run_ingest

    when = _published(published)
    files = expand_paths(paths)
    _load_coder(coder)  # a missing/corrupt model file: one Error line, exit 1, nothing stored
    if engine is Engine.dask:
        from timeline.distributed import ingest_distributed

        summary = ingest_distributed(
            state(ctx).db, files, scheduler=scheduler, fmt=fmt.value, published=when,
            source=source, max_bytes=max_bytes, coder=coder.value,
        )  # fmt: skip
        for error in summary.errors:
            typer.echo(printable(f"Error: {error}"), err=True)
        typer.echo(summary.line())
        if summary.errors:
            raise typer.Exit(1)
        return
    if scheduler is not None:
        raise typer.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    store = state(ctx).store(create=True)
    reporter = _Reporter(files, fmt.value, forced=False if quiet(ctx) else progress)
    try:
        summary = run_ingest(
            store,
            iter_articles(files, fmt=fmt.value, published=when, source=source, max_bytes=max_bytes),
            workers=workers,
            progress=reporter.update,
            coder=coder.value,
        )
    finally:
        reporter.stop()
        close = getattr(store, "close", None)
        if close is not None:
            close()
    reporter.report_errors(summary)
    if not quiet(ctx):
        typer.echo(summary.line())
    if summary.errors:
        raise typer.Exit(1)


class _Reporter:
    """Errors on stderr as they happen, and a rich progress bar, started only for long runs on
    a terminal (or forced with --progress)."""

    def __init__(self, files: list[str], fmt: str, forced: bool | None) -> None:
        self.enabled = forced if forced is not None else sys.stderr.isatty()
        self.forced = bool(forced)
        self.min = 0 if forced else PROGRESS_MIN
        self.files = files
        self.fmt = fmt
        self._progress: Progress | None = None
        self._task: Any = None
        self._reported = 0

    def report_errors(self, summary: Any) -> None:
        for error in summary.errors[self._reported :]:
            if self._progress is not None:
                self._progress.console.print(Text(printable(f"Error: {error}")), soft_wrap=True)
            else:
                typer.echo(printable(f"Error: {error}"), err=True)
        self._reported = len(summary.errors)

    def update(self, done: int, summary: Any) -> None:
        self.report_errors(summary)
        if not self.enabled or done < self.min:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[events]} new events, {task.fields[errors]} errors"),
                TimeElapsedColumn(),
                # --progress shows it even when stderr is a file or pipe (a log of the run).
                console=Console(
                    file=sys.stderr,
                    force_terminal=True,
                    width=100,
                    color_system=None if no_color() else "auto",
                )
                if self.forced
                else console(stderr=True),
                transient=True,
            )
            self._task = self._progress.add_task(
                "ingest", total=count_documents(self.files, fmt=self.fmt), events=0, errors=0
            )
            self._progress.start()
        self._progress.update(
            self._task, completed=done, events=summary.new_events, errors=len(summary.errors)
        )

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@app.command()
def extract(
    paths: PathsArg,
    published: PublishedOpt = None,
    source: SourceOpt = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="Input format; auto picks by extension/content."),
    ] = InputFormat.auto,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    fmt: Annotated[
        ExtractFormat,
        typer.Option("--format", "-f", help="table for people, jsonl (one line per document)."),
    ] = ExtractFormat.table,
    timexes: Annotated[
        bool, typer.Option("--timexes", help="Also list the time expressions found.")
    ] = False,
    coder: CoderOpt = CoderChoice.rules,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show why: the rule ids, which coder decided and its probability.",
        ),
    ] = False,
) -> None:
    """Dry run of ingest: print the events found in each article; nothing is stored.

    JSONL output is one `{"doc_id", "events": [...], "timexes"?: [...]}` line per document.
    Exit status 1 when some input could not be read (the others are still printed).

    \b
    Example:
        timeline extract examples/nk_sanctions_2019-04-11.txt
        timeline extract article.txt --published 2019-04-11 --format jsonl --timexes
        timeline extract article.txt --coder both --explain
    """
    from timeline.ingest import event_to_dict, extract_with_timexes

    when = _published(published)
    files = expand_paths(paths)
    _load_coder(coder)
    failed = False
    articles = iter_articles(
        files, fmt=input_format.value, published=when, source=source, max_bytes=max_bytes
    )
    for item in articles:
        if isinstance(item, LoadError):
            failed = True
            typer.echo(printable(f"Error: {item}"), err=True)
            continue
        events, found = extract_with_timexes(item, coder.value)
        if fmt is ExtractFormat.jsonl:
            dicts = [event_to_dict(e) for e in events]
            if explain:
                for d, e in zip(dicts, events, strict=True):
                    d["rules"] = list(e.rules)
            row: dict[str, Any] = {"doc_id": item.doc_id, "events": dicts}
            if timexes:
                row["timexes"] = [t.to_dict() for t in found]
            sys.stdout.write(dumps(row) + "\n")
        else:
            _print_table(item, events, found if timexes else None, explain)
    if failed:
        raise typer.Exit(1)


def date_cell(event: ExtractedEvent) -> str:
    """ "2019-04-11", "2019-02 (month)", "2019-04-04..2019-04-11 (week)" or "undated"."""
    if event.start is None:
        return "undated"
    end = event.end or event.start
    gran = event.granularity or "day"
    if gran == "month" and event.start.day == 1 and end.month == event.start.month:
        return f"{event.start:%Y-%m} (month)"
    if gran == "year" and event.start.month == 1 and event.start.day == 1:
        return f"{event.start:%Y} (year)"
    text = event.start.isoformat() if end == event.start else f"{event.start}..{end}"
    return text if gran == "day" else f"{text} ({gran})"


def _load_coder(coder: CoderChoice) -> None:
    if coder is not CoderChoice.rules:
        from timeline.coder.model import load_model

        load_model()  # ModelError: "Error: coder model file not found: ...; reinstall ..."


def explain_line(e: ExtractedEvent) -> str:
    """'coder: rules+model (p=0.94) | rules: trigger.meet, ..., coder.agree'."""
    prob = f" (p={e.probability:.2f})" if e.probability is not None else ""
    return f"coder: {e.coder}{prob} | rules: {', '.join(e.rules)}"


def _print_table(
    article: Article, events: list[ExtractedEvent], found: list[Any] | None, explain: bool = False
) -> None:
    out = console()
    where = ", ".join(x for x in (article.source, article.published.isoformat()) if x)
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    out.print(printable(f"{article.doc_id} ({where}): {count}"), markup=False)
    if events:
        table = Table(show_lines=False, expand=False)
        table.add_column("Date", overflow="fold", max_width=24)
        table.add_column("Type", overflow="fold", max_width=16)
        table.add_column("Event", overflow="fold")
        for e in events:
            text = _event_text(e) + (f"\n{explain_line(e)}" if explain else "")
            cells = (date_cell(e), f"{e.type} {e.label}", text)
            table.add_row(*(Text(printable(c)) for c in cells))
        out.print(table)
    if found is not None:
        table = Table(title="time expressions", show_lines=False, expand=False)
        for header in ("Text", "Type", "Value", "Interval"):
            table.add_column(header, overflow="fold")
        for t in found:
            span = f"{t.interval[0]}..{t.interval[1]}" if t.interval else ""
            table.add_row(*(Text(printable(c)) for c in (t.text, t.type, t.value, span)))
        out.print(table)


def _event_text(e: ExtractedEvent) -> str:
    """The summary, with the status when not plain fact and the place when not already said."""
    text = e.summary if e.status == "happened" else f"[{e.status}] {e.summary}"
    if e.location and e.location not in text:
        text += f" (in {e.location})"
    return text
