"""Commands: add, query, show, edit, delete, actors, stats (registered on timeline.cli.app.app)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline import cameo
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
from timeline.cli.output import (
    FormatOption,
    OutputFormat,
    console,
    dumps,
    emit,
    emit_events,
    emit_record,
    event_pairs,
)
from timeline.dates import DateInterval
from timeline.errors import InputError, NotFoundError
from timeline.events.types import STATUSES, ActorRef, ExtractedEvent
from timeline.textutil import printable

if TYPE_CHECKING:
    from timeline.store import Store

DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="When: ISO date (2019-02-27, 2019-02, 2019) or a phrase ('on Thursday', "
        "'in February', 'February 27, 2019', 'last week'), resolved against --ref.",
    ),
]
EndOpt = Annotated[
    str | None,
    typer.Option("--end", help="Last day of a longer event: ISO date or phrase (with --date)."),
]
AddActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", "-a", help="Actor name or alias (repeat for several)."),
]
EventTypeOpt = Annotated[
    str | None,
    typer.Option("--type", "-t", help="CAMEO root code 01..20 or 'other' (04 = consult/meet)."),
]
CameoOpt = Annotated[
    str | None,
    typer.Option("--cameo", help="Finer CAMEO code, e.g. 042 (visit) or 163 (sanctions)."),
]
PlaceOpt = Annotated[str | None, typer.Option("--location", "-l", help="Where it happened.")]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Where you read it (free text, e.g. a URL).")
]
EventStatusOpt = Annotated[
    str | None,
    typer.Option("--status", help="happened (default), planned or reported."),
]


#: The largest id a database can store (signed 64-bit integers).
MAX_EVENT_ID = 2**63 - 1


def parse_event_id(value: str | int) -> int:
    """An event id: a whole number >= 1 (bad input is one line, exit 2)."""
    try:
        n = int(str(value).strip())
    except ValueError:
        raise InputError(
            f"not an event id: {value!r} (ids are numbers; see 'timeline query')"
        ) from None
    if n < 1:
        raise InputError(f"not an event id: {n} (ids start at 1)")
    if n > MAX_EVENT_ID:  # no database can hold it (SQLite and PostgreSQL ids are 64-bit)
        raise NotFoundError(f"no event with id {n}")
    return n


IdArg = Annotated[
    int,
    typer.Argument(parser=parse_event_id, metavar="ID", help="Event id (see 'timeline query')."),
]


def _store(ctx: typer.Context, create: bool) -> Store:
    """The command's store, closed when the command ends (so SQLite checkpoints its WAL)."""
    store = state(ctx).store(create=create)
    ctx.call_on_close(store.close)
    return store


def _status(status: str | None) -> str | None:
    if status is None:
        return None
    s = status.strip().lower()
    if s not in STATUSES:
        raise InputError(f"unknown status {status!r}: use happened, planned or reported")
    return s


def _type_and_cameo(type_: str | None, code: str | None) -> tuple[str | None, str | None]:
    """Validate --type/--cameo; a CAMEO code alone implies its root type."""
    root = cameo.validate_type(type_) if type_ is not None else None
    fine = cameo.validate_cameo(code) if code else None
    if fine and root is None:
        root = fine[:2]
    if fine and root and fine[:2] != root:
        raise InputError(f"--cameo {fine} is not of --type {root}")
    return root, fine


def _interval(when: str | None, end: str | None, ref: date) -> DateInterval | None:
    """--date [--end] -> one interval; the end extends it to the end phrase's last day."""
    from timeline.temporal import parse_date_phrase

    if end is not None and when is None:
        raise InputError("--end needs --date")
    if when is None:
        return None
    first = parse_date_phrase(when, ref)
    if end is None:
        return first
    last = parse_date_phrase(end, ref)
    if last.end < first.start:
        raise InputError(f"--end ({last.end}) is before --date ({first.start})")
    gran = first.granularity if first.granularity == last.granularity else "day"
    return DateInterval(
        first.start,
        max(first.end, last.end),
        gran,
        f"{first.text or when} to {last.text or end}",
        None,
        first.rule,
        f"from {when!r} to {end!r}",
    )


def _actor_refs(names: list[str] | None) -> list[ActorRef]:
    refs = []
    for name in names or []:
        if not name.strip():
            raise InputError("empty --actor name")
        refs.append(ActorRef(name=name.strip(), kind="unknown", role="participant"))
    return refs


def _extracted(text: str, ref: date) -> ExtractedEvent | None:
    """The best event the article pipeline finds in TEXT (None when it finds none)."""
    from timeline.pipeline import pipeline

    found = pipeline(text, ref)
    if not found:
        return None
    return max(found, key=lambda e: e.confidence)


def _emit_event(event: Mapping[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.table:
        emit_record(event, fmt, event_pairs(event))
    elif fmt is OutputFormat.csv:
        emit_events([event], fmt)
    else:
        emit_record(event, fmt, [])


@app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What happened, in one sentence.")],
    when: DateOpt = None,
    end: EndOpt = None,
    ref: RefOpt = None,
    actor: AddActorOpt = None,
    type_: EventTypeOpt = None,
    code: CameoOpt = None,
    location: PlaceOpt = None,
    source: SourceOpt = None,
    status: EventStatusOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add an event by hand (never overwritten by later ingests).

    Without --type, --actor or --date, they are taken from TEXT by the
    article pipeline; if the type still cannot be told, give --type.
    Dates keep their precision: "in February" is the whole month, never
    an invented day.

    \b
    Example:
        timeline add "Moon Jae-in meets Donald Trump at the White House" \\
            --date "on Thursday" --ref 2019-04-11 --type 04 \\
            --actor "Moon Jae-in" --actor "Donald Trump" --location Washington
    """
    from timeline.store import EventInput

    reference = reference_date(ref)
    root, fine = _type_and_cameo(type_, code)
    interval = _interval(when, end, reference)
    state_ = _status(status)
    actors = _actor_refs(actor)
    if not text.strip():
        raise InputError("the event text is empty")
    found = None
    if root is None or not actors or interval is None:
        found = _extracted(text, reference)
    if found is not None:
        if root is None:
            root, fine = _type_and_cameo(found.type, found.cameo)
        if not actors:
            actors = list(found.actors)
        if interval is None and found.start is not None:
            interval = DateInterval(
                found.start,
                found.end or found.start,
                found.granularity or "day",
                found.date_text or "",
                found.timex_value,
                "pipeline",
            )
        location = location or found.location
        state_ = state_ or found.status
    if root is None:
        raise InputError("could not tell the event type from TEXT; give --type CODE")
    store = _store(ctx, create=True)
    event_id = store.add_event(
        EventInput(
            summary=text,
            type=root,
            cameo=fine,
            interval=interval,
            status=state_ or "happened",
            location=location,
            source=source,
            actors=actors,
        )
    )
    event = store.get_event(event_id)
    if fmt is OutputFormat.table:
        console().print(f"Added event {event_id}.")
    _emit_event(event, fmt)


@app.command()
def query(
    ctx: typer.Context,
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
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the events that match all the filters, sorted by date (undated last).

    An event matches a date range when its interval overlaps it: "in
    February" matches --from 2019-02-27. Actor names match canonical names
    and aliases, ignoring case, accents and punctuation; several --actor
    mean events with all of them.

    \b
    Example:
        timeline query --actor "kim jong-un" --from 2019-01-01 \\
            --to "April 30, 2019"
        timeline query --search sanctions --format json
    """
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
    )
    store = _store(ctx, create=False)
    events = store.query(flt)
    emit_events(events, fmt)
    if not events and flt.actors:
        unknown = store.unknown_actors(flt.actors, flt.actor_date())
        if unknown:
            names = ", ".join(repr(n) for n in unknown)
            console(stderr=True).print(
                printable(f"No actor named {names}; see 'timeline actors'."), markup=False
            )


@app.command()
def show(ctx: typer.Context, event_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one event with its actors, date precision and source sentences.

    \b
    Example:
        timeline show 3
        timeline show 3 --format json
    """
    _emit_event(_store(ctx, create=False).get_event(event_id), fmt)


@app.command()
def edit(
    ctx: typer.Context,
    event_id: IdArg,
    text: Annotated[str | None, typer.Option("--text", help="New summary text.")] = None,
    when: DateOpt = None,
    end: EndOpt = None,
    ref: RefOpt = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", "-a", help="Replace the actors (repeat for several)."),
    ] = None,
    type_: EventTypeOpt = None,
    code: CameoOpt = None,
    location: PlaceOpt = None,
    source: SourceOpt = None,
    status: EventStatusOpt = None,
    undated: Annotated[bool, typer.Option("--undated", help="Remove the date.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Correct an event. Edited events are never overwritten by later ingests.

    Only the options given change; --actor replaces the list; an empty
    --location "" or --cameo "" clears it.

    \b
    Example:
        timeline edit 3 --date "in February" --ref 2019-04-11 \\
            --type 04 --cameo 044
    """
    from timeline.store import EventUpdate

    reference = reference_date(ref)
    root = cameo.validate_type(type_) if type_ is not None else None
    fine = cameo.validate_cameo(code) if code else code  # "" clears
    if fine and root and fine[:2] != root:
        raise InputError(f"--cameo {fine} is not of --type {root}")
    if fine and root is None:
        root = fine[:2]
    if undated and when is not None:
        raise InputError("give either --date or --undated, not both")
    interval = _interval(when, end, reference)
    state_ = _status(status)
    actors = _actor_refs(actor) if actor else None
    if text is not None and not text.strip():
        raise InputError("the event text is empty")
    update = EventUpdate(
        summary=text,
        type=root,
        cameo=fine,
        interval=interval,
        undated=undated,
        status=state_,
        location=location,
        source=source,
        actors=actors,
    )
    event = _store(ctx, create=False).update_event(event_id, update)
    if fmt is OutputFormat.table:
        console().print(f"Updated event {event_id}.")
    _emit_event(event, fmt)


@app.command()
def delete(
    ctx: typer.Context,
    event_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an event and its mentions (documents and actors stay).

    Asks first when run in a terminal; scripts (no terminal) and --yes
    do not ask.

    \b
    Example:
        timeline delete 3 --yes
    """
    store = _store(ctx, create=False)
    event = store.get_event(event_id)
    if not yes and sys.stdin.isatty():
        typer.confirm(f"Delete event {event_id}: {event['summary']!r}?", abort=True)
    store.delete_event(event_id)
    console(stderr=True).print(f"Deleted event {event_id}.")


@app.command()
def actors(
    ctx: typer.Context,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Part of a name or alias.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List actors with their kind, country, aliases and number of events.

    \b
    Example:
        timeline actors --search korea
    """
    rows = _store(ctx, create=False).actors(search)
    if fmt is OutputFormat.table and not rows:
        console(stderr=True).print("No actors match.")
        return
    emit(
        rows,
        fmt,
        [
            ("name", "Actor", {"max_width": 24}),
            ("kind", "Kind", {"no_wrap": True}),
            ("country", "Country", {"max_width": 14}),
            ("events", "Events", {"justify": "right", "no_wrap": True}),
            ("aliases", "Aliases", {"min_width": 12}),
        ],
        csv_columns=["name", "kind", "country", "events", "aliases"],
    )


@app.command()
def stats(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Counts: events by type, status and origin, date range, documents, actors.

    \b
    Example:
        timeline stats --format json
    """
    data = _store(ctx, create=False).stats()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        sys.stdout.write(dumps(data, indent=2 if fmt is OutputFormat.json else None) + "\n")
        return
    rows: list[dict[str, Any]] = [
        {"what": "events", "count": data["events"]},
        {"what": "  undated", "count": data["undated"]},
        {"what": "  edited by hand", "count": data["edited"]},
    ]
    rows += [{"what": f"  {k}", "count": v} for k, v in data["by_status"].items()]
    rows += [{"what": f"  {k}", "count": v} for k, v in data["by_origin"].items()]
    rows += [
        {"what": f"  type {k} {v['label']}", "count": v["events"]}
        for k, v in data["by_type"].items()
    ]
    rows += [
        {"what": "documents", "count": data["documents"]},
        {"what": "mentions", "count": data["mentions"]},
        {"what": "actors", "count": data["actors"]},
    ]
    if fmt is OutputFormat.csv:
        emit(rows, fmt, [("what", "what"), ("count", "count")])
        return
    span = f"{data['first']} .. {data['last']}" if data["first"] else "no dated events"
    emit(
        rows,
        fmt,
        [("what", "What", {"max_width": 50}), ("count", "Count", {"justify": "right"})],
        title=f"{data['database']}: {span}",
    )
