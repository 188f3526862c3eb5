"""Commands: export (registered on timeline.cli.application.app)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.application import app, quiet, state
from timeline.cli.filters import (
    ActorOpt,
    CameoFilterOpt,
    CountryOpt,
    DateOrderOpt,
    FromOpt,
    LimitOpt,
    LocationOpt,
    MinConfidenceOpt,
    MinMentionsOpt,
    OriginOpt,
    PloverOpt,
    RefOpt,
    SearchOpt,
    SortOpt,
    StatusOpt,
    ToOpt,
    TypeOpt,
    build_filter,
    reference_date,
)
from timeline.errors import InputError
from timeline.render.formats import format_help, output_help

#: Formats that may go to standard output with ``-o -``.
TEXT_FORMATS = ("json", "csv", "tsv", "ics", "timelinejs", "html", "svg")


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help=output_help() + " '-' writes to standard output (text formats, with --format).",
        ),
    ],
    actor: ActorOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    location: LocationOpt = None,
    search: SearchOpt = None,
    status: StatusOpt = None,
    limit: LimitOpt = None,
    origin: OriginOpt = None,
    min_confidence: MinConfidenceOpt = None,
    ref: RefOpt = None,
    country: CountryOpt = None,
    cameo_: CameoFilterOpt = None,
    plover: PloverOpt = None,
    min_mentions: MinMentionsOpt = None,
    sort: SortOpt = "date",
    date_order: DateOrderOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=format_help() + ".",
            show_default=False,
        ),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            "-g",
            metavar="GROUP",
            help="HTML/images: swimlanes by actor (default), type or country. TimelineJS: "
            "no groups (default) or type.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="Chart or calendar title.")
    ] = None,
    cdn: Annotated[
        bool,
        typer.Option(
            "--cdn",
            help="HTML: link plotly.js from its CDN (small file, needs internet to view) instead "
            "of inlining it (works offline).",
        ),
    ] = False,
) -> None:
    """Export the events that match the filters as a chart, a table or a calendar.

    HTML: one swimlane per actor (or type, country); a dot for an event known to
    the day, a translucent bar over the whole interval of one known only to the
    week, month or year (planned events hollow / dotted); hover for the source
    sentence. With --actor or --country only the chosen actors' lanes are drawn,
    resolved as the query resolves them (aliases such as Pyongyang, "the North
    Korean leader", a country's officials); the others show as participants in
    the hover. Below the chart: a searchable table of
    all events with links to their sources; undated events are listed there
    too (images, ICS and TimelineJS skip them and say how many).

    \b
    Example:
        timeline export --actor "Kim Jong Un" --from 2019-01-01 -o kim.html
        timeline export --type 16 -o sanctions.csv
        timeline export -o timeline.png --group-by type --title "Sanctions 2019"
        timeline export -o events.ics
        timeline export -o story.timeline.json --group-by type
        timeline export --country "North Korea" -o events.tsv
        timeline export --cameo 163 --format json -o - | jq length
    """
    from timeline.render import (
        check_export_group,
        export_events,
        export_warnings,
        resolve_format,
    )
    from timeline.render.files import check_target

    to_stdout = output == "-"
    path = Path(output)
    if not output.strip():
        raise InputError("--output is empty: give a file name or '-' for standard output")
    if to_stdout and not fmt:
        raise InputError("-o - writes to standard output: give --format (json, csv, tsv ...)")
    fmt = resolve_format(path, fmt)  # bad format or extension: exit 2 before any work
    if to_stdout and fmt not in TEXT_FORMATS:
        raise InputError(
            f"-o - is for text formats ({', '.join(TEXT_FORMATS)}); write {fmt} to a file"
        )
    group = check_export_group(fmt, group_by)
    if not to_stdout:
        check_target(path)  # a device, fifo or directory: refused before any work
    flt = build_filter(
        actor=actor,
        date_from=date_from,
        date_to=date_to,
        type_=type_,
        location=location,
        search=search,
        status=status,
        limit=limit,
        ref=reference_date(ref),
        origin=origin,
        country=country,
        cameo=cameo_,
        plover=plover,
        min_mentions=min_mentions,
        sort=sort,
        date_order=date_order,
        min_confidence=min_confidence,
    )
    store = state(ctx).store(create=False, readonly=True)
    # closed when the command ends: an open reader would keep a writer's close from
    # checkpointing SQLite's WAL, which then lands in the file at some later command
    ctx.call_on_close(store.close)
    events = store.query(flt)
    store_id = store.store_id()
    # the chart's lanes: exactly the actors the query's --actor/--country resolved to
    lanes = store.chosen_actors(flt) if (flt.actors or flt.countries) else []
    if to_stdout:
        from timeline.render import render

        data = render(
            events,
            fmt,
            group_by=group,
            title=title,
            cdn=cdn,
            store_id=store_id,
            actors=lanes,
        )
        sys.stdout.flush()
        sys.stdout.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        sys.stdout.buffer.flush()
        for warning in export_warnings(events, fmt):
            typer.echo(f"Warning: {warning}", err=True)
        return
    result = export_events(
        events,
        path,
        fmt,
        group_by=group,
        title=title,
        cdn=cdn,
        store_id=store_id,
        actors=lanes,
    )
    for warning in result.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    if not quiet(ctx):
        typer.echo(result.summary())
