"""Commands: export (registered on timeline.cli.app.app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.app import app, state
from timeline.cli.filters import (
    ActorOpt,
    FromOpt,
    LimitOpt,
    LocationOpt,
    OriginOpt,
    RefOpt,
    SearchOpt,
    StatusOpt,
    ToOpt,
    TypeOpt,
    build_filter,
    reference_date,
)
from timeline.render.formats import format_help, output_help


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help=output_help(),
            dir_okay=False,
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
    ref: RefOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=format_help() + ".",
            show_default=False,
        ),
    ] = None,
    group_by: Annotated[
        str,
        typer.Option("--group-by", "-g", help="Swimlanes of the chart: actor, type or country."),
    ] = "actor",
    title: Annotated[str | None, typer.Option("--title", help="Chart or calendar title.")] = None,
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
    week, month or year; hover for the source sentence. Undated events are listed
    under the chart (images, ICS and TimelineJS skip them and say how many).

    \b
    Example:
        timeline export --actor "Kim Jong Un" --from 2019-01-01 -o kim.html
        timeline export --type 16 -o sanctions.csv
        timeline export -o timeline.png --group-by type --title "Sanctions 2019"
        timeline export -o events.ics
        timeline export -o story.timeline.json
    """
    from timeline.render import export_events, resolve_format
    from timeline.render.model import check_group_by

    fmt = resolve_format(output, fmt)  # bad format or extension: exit 2 before any work
    group_by = check_group_by(group_by)
    ref_date = reference_date(ref)
    flt = build_filter(
        actor=actor,
        date_from=date_from,
        date_to=date_to,
        type_=type_,
        location=location,
        search=search,
        status=status,
        limit=limit,
        ref=ref_date,
        origin=origin,
    )
    events = state(ctx).store(create=False).query(flt)
    result = export_events(events, output, fmt, group_by=group_by, title=title, cdn=cdn)
    typer.echo(result.summary())
