"""Commands: add, query, show, edit, delete, actors, stats.

Registered on ``timeline.cli.application.app``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline import cameo
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
    parse_date_option,
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
    merge_lines,
)
from timeline.dates import DateInterval
from timeline.errors import InputError, NotFoundError
from timeline.events.types import STATUSES, ActorRef, ExtractedEvent
from timeline.textutil import printable

if TYPE_CHECKING:
    from timeline.records import EventRecord
    from timeline.store import Store
    from timeline.store.sqlite_read import SqliteReader

DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="When: ISO date (2019-02-27, 2019-02, 2019), TIMEX3 value (2019-W15, 2019-Q2, "
        "2019-SU, 199) or a phrase ('on Thursday', 'in February', 'February 27, 2019', "
        "'last week') resolved against --ref (edit: the event's article date).",
    ),
]
EndOpt = Annotated[
    str | None,
    typer.Option(
        "--end",
        metavar="DATE",
        help="Last day of a longer event (with --date); a phrase is resolved from the start "
        "date ('--date 2019-04-08 --end Friday').",
    ),
]
ExplainOpt = Annotated[
    bool,
    typer.Option("--explain", help="Say how each date was read and against which date."),
]
AddActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", "-a", metavar="NAME", help="Actor name or alias (repeat for several)."),
]
EventTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        metavar="CODE",
        help="CAMEO root code 01..20, 'other' or a type name (04 or consult, 16 or sanction).",
    ),
]
CameoOpt = Annotated[
    str | None,
    typer.Option(
        "--cameo", metavar="CODE", help="Finer CAMEO code, e.g. 042 (visit) or 163 (sanctions)."
    ),
]
PlaceOpt = Annotated[
    str | None, typer.Option("--location", "-l", metavar="PLACE", help="Where it happened.")
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", metavar="TEXT", help="Where you read it (free text, e.g. a URL)."),
]
EventStatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="happened (default), planned or reported; a planned event reads a bare weekday "
        "or month as the next one.",
    ),
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


def _store(ctx: typer.Context, create: bool, readonly: bool = False) -> Store:
    """The command's store, closed when the command ends (so SQLite checkpoints its WAL).

    Read commands pass ``readonly``: the database is opened read-only and never changed."""
    store = state(ctx).store(create=create, readonly=readonly)
    ctx.call_on_close(store.close)
    return store


def _reader(ctx: typer.Context) -> Store | SqliteReader:
    """The store for a read-only listing (``AppState.reader``), closed when the command ends."""
    reader = state(ctx).reader()
    ctx.call_on_close(reader.close)
    return reader


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


@dataclass
class _DateChoice:
    """The interval chosen from --date/--end, and why (for --explain)."""

    interval: DateInterval | None
    lines: list[str]


def _interval(
    when: str | None,
    end: str | None,
    ref: date,
    *,
    ref_why: str,
    date_order: str | None,
    planned: bool,
) -> _DateChoice:
    """--date [--end] -> one interval; the end extends it to the end phrase's last day.

    A relative --date is resolved against ``ref`` (a planned event prefers the future
    reading); a relative --end against the start date, on or after it.
    """
    if end is not None and when is None:
        raise InputError("--end needs --date")
    if when is None:
        return _DateChoice(None, [])
    prefer = "future" if planned else "past"
    first = parse_date_option("--date", when, ref, date_order=date_order, prefer=prefer)
    lines = [
        f"--date {when!r}: {_span(first)}, rule {first.rule}: {first.reason}",
        f"  against {ref.isoformat()} ({ref_why})"
        + ("; planned: the future reading is preferred" if planned else ""),
    ]
    if end is None:
        return _DateChoice(first, lines)
    last = parse_date_option("--end", end, first.start, date_order=date_order, prefer="future")
    lines += [
        f"--end {end!r}: {_span(last)}, rule {last.rule}: {last.reason}",
        f"  against the start date {first.start.isoformat()} (on or after it)",
    ]
    if last.end < first.start:
        raise InputError(f"--end ({last.end}) is before --date ({first.start})")
    gran = first.granularity if first.granularity == last.granularity else "day"
    interval = DateInterval(
        first.start,
        max(first.end, last.end),
        gran,
        f"{first.text or when} to {last.text or end}",
        None,
        first.rule,
        f"from {when!r} to {end!r}",
    )
    lines.append(f"stored: {_span(interval)}")
    return _DateChoice(interval, lines)


def _span(iv: DateInterval) -> str:
    days = iv.start.isoformat() if iv.start == iv.end else f"{iv.start}..{iv.end}"
    value = f", {iv.value}" if iv.value and iv.value != iv.start.isoformat() else ""
    return f"{days} ({iv.granularity}{value})"


def _explain(choice: _DateChoice, enabled: bool) -> None:
    if enabled:
        err = console(stderr=True)
        for line in choice.lines or ["no --date given: nothing to explain"]:
            err.print(line, markup=False)


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
    date_order: DateOrderOpt = None,
    explain: ExplainOpt = False,
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
    state_ = _status(status)
    choice = _interval(
        when,
        end,
        reference,
        ref_why="--ref" if ref is not None else "today: no --ref given",
        date_order=date_order,
        planned=state_ == "planned",
    )
    interval = choice.interval
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
            choice.lines.append(
                f"date from TEXT {found.date_text!r}: {_span(interval)}, against "
                f"{reference.isoformat()} by the article pipeline"
            )
        location = location or found.location
        state_ = state_ or found.status
    if root is None:
        raise InputError("could not tell the event type from TEXT; give --type CODE")
    _explain(choice, explain)
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
    if fmt is OutputFormat.table and not quiet(ctx):
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
    min_confidence: MinConfidenceOpt = None,
    ref: RefOpt = None,
    country: CountryOpt = None,
    cameo_: CameoFilterOpt = None,
    plover: PloverOpt = None,
    min_mentions: MinMentionsOpt = None,
    sort: SortOpt = "date",
    date_order: DateOrderOpt = None,
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
        timeline query --country "North Korea" --cameo 16 --sort -date
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
        country=country,
        cameo=cameo_,
        plover=plover,
        min_mentions=min_mentions,
        sort=sort,
        date_order=date_order,
        min_confidence=min_confidence,
    )
    store = _reader(ctx)
    # The table shows no sentences: its records are read without their mentions.
    events = store.query(flt, mentions=fmt is not OutputFormat.table)
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
    store = _store(ctx, create=False, readonly=True)
    event = store.get_event(event_id)
    notes = store.merge_notes(event_id)
    if fmt is OutputFormat.table:
        emit_record(event, fmt, event_pairs(event) + [("Merges", merge_lines(notes))])
    elif notes and fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit_record({**event.to_dict(), "merges": [n.to_dict() for n in notes]}, fmt, [])
    else:
        _emit_event(event, fmt)


@app.command()
def merge(
    ctx: typer.Context,
    event_ids: Annotated[
        list[int],
        typer.Argument(
            parser=parse_event_id, metavar="ID ID...", help="Two or more event ids to join."
        ),
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Join events that are one happening: the lowest id keeps every mention and actor.

    The type is the one with the most mentions among them (a tie: the finer
    CAMEO code, then the lowest id's); the merge note ('show') records it.
    The joined event is marked edited; ingesting the articles again keeps it joined.

    \b
    Example:
        timeline merge 3 7
    """
    event = _store(ctx, create=False).merge_events(event_ids)
    if fmt is OutputFormat.table and not quiet(ctx):
        others = ", ".join(str(i) for i in sorted(set(event_ids)) if i != event.id)
        console().print(f"Merged event {others} into {event.id}.")
    _emit_event(event, fmt)


@app.command()
def split(
    ctx: typer.Context,
    event_id: IdArg,
    mention: Annotated[
        int | None,
        typer.Option(
            "--mention",
            "-m",
            min=1,
            metavar="N",
            help="The source to split off, numbered as 'show' lists them (default: the last).",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Undo a wrong merge: one source sentence of an event becomes a new event.

    The new event's date, status, place and actors are read again from the
    moved sentence in its article (kept from the event when that sentence
    alone yields no event of its type); correct them with 'edit'. Ingesting
    the articles again keeps the two apart.

    \b
    Example:
        timeline split 3 --mention 2
    """
    kept, made = _store(ctx, create=False).split_event(event_id, mention)
    if fmt is OutputFormat.table and not quiet(ctx):
        console().print(f"Split event {made.id} off event {kept.id}.")
    _emit_event(made, fmt)


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
    date_order: DateOrderOpt = None,
    explain: ExplainOpt = False,
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

    root = cameo.validate_type(type_) if type_ is not None else None
    fine = cameo.validate_cameo(code) if code else code  # "" clears
    if fine and root and fine[:2] != root:
        raise InputError(f"--cameo {fine} is not of --type {root}")
    if fine and root is None:
        root = fine[:2]
    if undated and when is not None:
        raise InputError("give either --date or --undated, not both")
    state_ = _status(status)
    actors = _actor_refs(actor) if actor else None
    if text is not None and not text.strip():
        raise InputError("the event text is empty")
    store = _store(ctx, create=False)
    choice = _DateChoice(None, [])
    if when is not None or end is not None:
        current = store.get_event(event_id)
        reference, why = _edit_reference(current, ref)
        planned = (state_ or current.get("status")) == "planned"
        choice = _interval(
            when, end, reference, ref_why=why, date_order=date_order, planned=planned
        )
    interval = choice.interval
    _explain(choice, explain)
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
    event = store.update_event(event_id, update)
    if fmt is OutputFormat.table and not quiet(ctx):
        console().print(f"Updated event {event_id}.")
    _emit_event(event, fmt)


def _edit_reference(event: EventRecord, ref: str | None) -> tuple[date, str]:
    """What ``edit`` resolves relative dates against: --ref, else the publication date of the
    event's first article, else (an event added by hand with no article) today."""
    if ref is not None:
        return reference_date(ref), "--ref"
    for mention in event.mentions:
        if mention.published:
            where = mention.document or "its article"
            return (
                mention.published,
                f"the event's article date: {where}, published {mention.published.isoformat()}",
            )
    return date.today(), "today: the event has no article; give --ref to choose"


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
    if not quiet(ctx):
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
    rows = _store(ctx, create=False, readonly=True).actors(search)
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
    data = _store(ctx, create=False, readonly=True).stats()
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
