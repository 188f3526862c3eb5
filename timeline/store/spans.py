"""The longest stored interval of each granularity: what lets an overlap test use an index.

An event overlaps ``lo..hi`` when ``start <= hi AND end >= lo``. Neither bound alone lets an index
on ``start`` skip the events that started long before ``lo``; but an event of granularity ``g``
lasts at most ``span[g]`` days, so it also has ``start >= lo - span[g]``. With that lower bound
the merge lookup and date-range queries read an index range that does not grow with the history
stored before ``lo`` (``ix_event_type_gran_start``, migration m006).

``event_span`` holds one row per granularity (``""`` for none) with the longest ``end - start``
in days of any event stored with it, ever (it only grows, so a bound read in a transaction is
safe for every event committed before). Every write path that stores or changes an event's
dates calls :func:`note_spans` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select
from sqlalchemy.engine import Connection

SPAN_TABLE = "event_span"
SPAN = Table(
    SPAN_TABLE,
    MetaData(),
    Column("granularity", String(16), primary_key=True),
    Column("max_days", Integer, nullable=False),
)
_SQL_SPANS = select(SPAN.c.granularity, SPAN.c.max_days)


def span_bounds(conn: Connection) -> dict[str, int]:
    """``{granularity or "": longest span in days}`` as committed (one tiny read)."""
    from timeline.store import driver

    if driver.on(conn):
        rows = driver.run(conn, driver.plain(conn, _SQL_SPANS).sql, (), fetch=True)
    else:
        rows = conn.execute(_SQL_SPANS).all()
    return {str(g): int(d) for g, d in rows}


def note_spans(
    conn: Connection,
    rows: Iterable[tuple[str | None, date | None, date | None]],
    known: dict[str, int] | None = None,
) -> None:
    """Record the spans of ``(granularity, start, end)`` rows that exceed the stored bounds.

    ``known`` (from :func:`span_bounds` in this transaction) skips the write when nothing is
    longer; it is updated in place.
    """
    longest: dict[str, int] = {}
    for gran, start, end in rows:
        if start is None or end is None:
            continue
        key = gran or ""
        days = (end - start).days
        if days > longest.get(key, -1):
            longest[key] = days
    if known is not None:
        longest = {k: d for k, d in longest.items() if d > known.get(k, -1)}
    if not longest:
        return
    values = [{"granularity": k, "max_days": d} for k, d in longest.items()]
    stmt: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        greatest: Any = func.greatest
        stmt = pg_insert(SPAN)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        greatest = func.max
        stmt = sqlite_insert(SPAN)
    stmt = stmt.values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SPAN.c.granularity],
        set_={"max_days": greatest(SPAN.c.max_days, stmt.excluded.max_days)},
    )
    conn.execute(stmt)
    if known is not None:
        for k, d in longest.items():
            known[k] = max(known.get(k, -1), d)


def lower_bound(lo: date, days: int) -> date:
    """``lo - days``, clamped to the first representable date."""
    try:
        return lo - timedelta(days=days)
    except OverflowError:
        return date.min
