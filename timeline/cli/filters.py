"""Query filter options shared by ``query`` and ``export`` (one definition, reused)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from timeline.cameo import validate_type
from timeline.errors import InputError
from timeline.store.filters import EventFilter

ActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", "-a", help="Actor name or alias (repeat: events with all of them)."),
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="Start of the date range: ISO date or phrase ('in February')."),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", help="End of the date range: ISO date or phrase."),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option("--type", "-t", help="CAMEO root code 01..20 or 'other' (repeat for any of)."),
]
LocationOpt = Annotated[
    str | None, typer.Option("--location", "-l", help="Place name (part of it is enough).")
]
SearchOpt = Annotated[
    str | None, typer.Option("--search", "-s", help="Full-text search in summaries and sentences.")
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option("--status", help="happened, planned or reported (repeat for any of)."),
]


def parse_limit(value: str | int) -> int:
    """``--limit`` value: a whole number >= 1 (bad input is one line, exit 2)."""
    try:
        n = int(str(value).strip())
    except ValueError:
        raise InputError(f"--limit must be a whole number, not {value!r}") from None
    if n < 1:
        raise InputError(f"--limit must be at least 1, not {n}")
    return n


LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", parser=parse_limit, metavar="N", help="At most N events."),
]
OriginOpt = Annotated[
    str | None,
    typer.Option("--origin", help="manual (added by hand) or extracted (from articles)."),
]
RefOpt = Annotated[
    str | None,
    typer.Option("--ref", help="Reference date for relative phrases (default: today)."),
]


def reference_date(ref: str | None) -> date:
    """The --ref date for relative phrases; only the CLI may default it to today."""
    from timeline.dates import parse_iso_date

    return parse_iso_date(ref) if ref else date.today()


def build_filter(
    *,
    actor: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    type_: list[str] | None,
    location: str | None,
    search: str | None,
    status: list[str] | None,
    limit: int | None,
    ref: date,
    origin: str | None = None,
) -> EventFilter:
    """Validate the options and build the library filter; raise InputError on bad input."""
    from timeline.temporal import parse_date_phrase

    start = parse_date_phrase(date_from, ref).start if date_from else None
    end = parse_date_phrase(date_to, ref).end if date_to else None
    if start and end and start > end:
        raise InputError(f"--from ({start}) is after --to ({end})")
    statuses = [s.strip().lower() for s in status or []]
    for s in statuses:
        if s not in ("happened", "planned", "reported"):
            raise InputError(f"unknown status {s!r}: use happened, planned or reported")
    origin_ = origin.strip().lower() if origin is not None else None
    if origin_ is not None and origin_ not in ("manual", "extracted"):
        raise InputError(f"unknown origin {origin!r}: use manual or extracted")
    return EventFilter(
        origin=origin_,
        actors=list(actor or []),
        date_from=start,
        date_to=end,
        types=[validate_type(t) for t in type_ or []],
        location=location,
        search=search,
        status=statuses,
        limit=limit,
        ref=ref,
    )
