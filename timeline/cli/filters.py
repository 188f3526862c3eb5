"""Query filter options shared by ``query`` and ``export`` (one definition, reused)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from timeline.cameo import validate_plover, validate_prefix, validate_type
from timeline.dates import DateInterval
from timeline.errors import InputError
from timeline.store.filters import SORTS, EventFilter

ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        metavar="NAME",
        help="Actor name or alias (repeat: events with all of them).",
    ),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="COUNTRY",
        help="Events with the country or any actor of it, e.g. its officials (repeat: all of "
        "them).",
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Start of the date range: ISO date, TIMEX3 value (2019-W15, 2019-Q2) or phrase "
        "('in February').",
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="DATE", help="End of the date range: like --from."),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="CODE",
        help="CAMEO root code 01..20, 'other' or a type name (consult, sanction ...); repeat "
        "for any of.",
    ),
]
CameoFilterOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cameo",
        metavar="CODE",
        help="CAMEO code prefix: 16 matches 161 and 163, 163 only sanctions (repeat for any of).",
    ),
]
PloverOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--plover",
        metavar="CATEGORY",
        help="PLOVER category, e.g. CONSULT or SANCTION (repeat for any of).",
    ),
]
LocationOpt = Annotated[
    str | None,
    typer.Option("--location", "-l", metavar="PLACE", help="Place name (part of it is enough)."),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search", "-s", metavar="WORDS", help="Full-text search in summaries and sentences."
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status", metavar="STATUS", help="happened, planned or reported (repeat for any of)."
    ),
]


def parse_count(value: str | int, option: str, minimum: int) -> int:
    """A whole-number option value ``>= minimum`` (bad input is one line, exit 2)."""
    try:
        n = int(str(value).strip())
    except ValueError:
        raise InputError(f"{option} must be a whole number, not {value!r}") from None
    if n < minimum:
        raise InputError(f"{option} must be at least {minimum}, not {n}")
    return n


def parse_limit(value: str | int) -> int:
    """``--limit`` value: a whole number >= 1 (bad input is one line, exit 2)."""
    return parse_count(value, "--limit", 1)


def parse_min_mentions(value: str | int) -> int:
    return parse_count(value, "--min-mentions", 1)


def parse_sort(value: str) -> str:
    s = str(value).strip().lower()
    if s not in SORTS:
        raise InputError(f"unknown --sort {value!r}: use {', '.join(SORTS)}")
    return s


LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", parser=parse_limit, metavar="N", help="At most N events."),
]
MinMentionsOpt = Annotated[
    int | None,
    typer.Option(
        "--min-mentions",
        parser=parse_min_mentions,
        metavar="N",
        help="Only events reported by at least N articles.",
    ),
]
SortOpt = Annotated[
    str,
    typer.Option(
        "--sort",
        parser=parse_sort,
        metavar="date|-date|id|-id",
        help="Order: by date (undated last), latest first, or by id.",
    ),
]
OriginOpt = Annotated[
    str | None,
    typer.Option(
        "--origin",
        metavar="ORIGIN",
        help="manual (added by hand) or extracted (from articles).",
    ),
]
RefOpt = Annotated[
    str | None,
    typer.Option(
        "--ref", metavar="DATE", help="Reference date for relative phrases (default: today)."
    ),
]
DateOrderOpt = Annotated[
    str | None,
    typer.Option(
        "--date-order",
        metavar="DMY|MDY",
        help="How to read an ambiguous numeric date such as 03/04/2025 (refused without it).",
    ),
]


def parse_confidence(value: str | float) -> float:
    """``--min-confidence`` value: a number from 0 to 1 (bad input is one line, exit 2)."""
    try:
        x = float(str(value).strip())
    except ValueError:
        raise InputError(f"--min-confidence must be a number from 0 to 1, not {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise InputError(f"--min-confidence must be from 0 to 1, not {x:g}")
    return x


MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        parser=parse_confidence,
        metavar="P",
        help="Only events with confidence >= P (0..1); where the learned coder decided, the "
        "confidence is its probability.",
    ),
]


def reference_date(ref: str | None) -> date:
    """The --ref date for relative phrases; only the CLI may default it to today."""
    from timeline.dates import parse_iso_date

    if ref is None:
        return date.today()
    try:
        return parse_iso_date(ref, "--ref date")
    except InputError as exc:
        raise InputError(str(exc)) from None


def parse_date_option(
    option: str,
    value: str,
    ref: date,
    *,
    date_order: str | None = None,
    prefer: str = "past",
) -> DateInterval:
    """One date option (``--date``, ``--from`` ...) through the one date parser; its errors
    name the option."""
    from timeline.dates import parse_date

    try:
        return parse_date(value, ref, date_order=date_order, prefer=prefer)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None


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
    country: list[str] | None = None,
    cameo: list[str] | None = None,
    plover: list[str] | None = None,
    min_mentions: int | None = None,
    sort: str = "date",
    date_order: str | None = None,
    min_confidence: float | None = None,
) -> EventFilter:
    """Validate the options and build the library filter; raise InputError on bad input."""
    start = (
        parse_date_option("--from", date_from, ref, date_order=date_order).start
        if date_from is not None
        else None
    )
    end = (
        parse_date_option("--to", date_to, ref, date_order=date_order).end
        if date_to is not None
        else None
    )
    if start and end and start > end:
        raise InputError(f"--from ({start}) is after --to ({end})")
    statuses = [s.strip().lower() for s in status or []]
    for s in statuses:
        if s not in ("happened", "planned", "reported"):
            raise InputError(f"unknown status {s!r}: use happened, planned or reported")
    origin_ = origin.strip().lower() if origin is not None else None
    if origin_ is not None and origin_ not in ("manual", "extracted"):
        raise InputError(f"unknown origin {origin!r}: use manual or extracted")
    for name in country or []:
        if not name.strip():
            raise InputError("empty --country name")
    return EventFilter(
        origin=origin_,
        min_confidence=min_confidence,
        actors=list(actor or []),
        date_from=start,
        date_to=end,
        types=[validate_type(t) for t in type_ or []],
        cameo=[validate_prefix(c) for c in cameo or []],
        plover=[validate_plover(p) for p in plover or []],
        countries=[c.strip() for c in country or []],
        location=location,
        search=search,
        status=statuses,
        limit=limit,
        min_mentions=min_mentions,
        sort=parse_sort(sort),
        ref=ref,
    )
