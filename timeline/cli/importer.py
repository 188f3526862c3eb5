"""Command: import (registered on timeline.cli.application.app)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.application import app, quiet, state


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="An events.tsv or events.json written by 'timeline export'.",
            dir_okay=False,
        ),
    ],
) -> None:
    """Read back an events.tsv or events.json export (e.g. after editing it in a spreadsheet).

    A row exported from this database (its store_id, a TSV column or a JSON
    key, and its id) updates that event, in the cells you changed only:
    importing an unedited export changes nothing. Rows without an id, or from
    another database, are added as new manual events. Every actor comes back
    with its role and country: actor1, actor2 and other_actors
    ("Name (role, Country); ...", a ';' in a name written '\\;'). A date is
    start/end/granularity, or a TIMEX3 value (2019-W15, 2019-Q2) typed in
    start with end and granularity left empty. CAMEO codes are text: 010
    stays 010.

    Derived cells are computed by the store: label, plover, origin, the
    article cells (num_mentions, source_url, published, sentence, and source
    for an event from an article) and a known actor's country; in JSON also
    mentions, coder, coder_probability, edited and undated. Editing one in a
    row of this database is refused.

    All or nothing: a malformed row, an unknown CAMEO code, a bad date or an
    edited derived cell is one `Error: FILE:LINE: ...` line, exit 2, and
    nothing is stored.

    \b
    Example:
        timeline export -o events.tsv
        timeline import events.tsv
    """
    from timeline.store.importer import import_events

    store = state(ctx).store(create=True)
    ctx.call_on_close(store.close)
    result = import_events(store, path)
    if not quiet(ctx):
        print(
            f"imported {path}: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged",
            file=sys.stderr,
        )
