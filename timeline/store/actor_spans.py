"""The dates of each actor's events, in one index: what makes ``--actor`` with a date range fast.

A date range reads one index range per granularity (``timeline.store.spans``); an actor filter
then has to test every event of that range for the actor. For an actor in a tenth of a million
events, a month holds thousands of events of which a few hundred are the actor's. The table
``event_actor_span`` (migration m009) copies each ``event_actor`` row with its event's
granularity and dates, indexed by ``(actor_id, granularity, start, end, event_id)``: the actor's
events of a month are then one short covering index range per granularity.

The copy is kept by database triggers, not by the code that writes: inserting, moving or
deleting an ``event_actor`` row and changing or deleting an event update it in the same
statement, whichever path (ingest, edit, import, merge, split, a bulk loader) wrote it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, inspect, select, union_all
from sqlalchemy.engine import Connection

from timeline.dates import GRANULARITIES
from timeline.store.spans import lower_bound

ACTOR_SPAN_TABLE = "event_actor_span"
ACTOR_SPAN = Table(
    ACTOR_SPAN_TABLE,
    MetaData(),
    Column("event_id", Integer, primary_key=True),
    Column("actor_id", Integer, primary_key=True),
    Column("granularity", String(16)),
    Column("start", Date),
    Column("end", Date),
    Column("type", String(8)),  # the event's type (m010): the merge lookup filters on it
    # the side the link's actor acts for (m013): its code's first segment ("USAGOV" -> "USA",
    # "IGOUNO" -> "IGO"), NULL without a code; ingest's side lookup (issue #12) reads it
    Column("side", String(3)),
)
#: m009's index; m010 replaces it by ``ACTOR_SPAN_INDEX``, the same with the event type before
#: the event id, so ingest's merge lookup tests the type in the index, not in each event row.
OLD_ACTOR_SPAN_INDEX = "ix_event_actor_span_actor_gran_start"
ACTOR_SPAN_INDEX = "ix_event_actor_span_actor_gran_start_type"
LINK_INDEX = "ix_event_actor_event_actor_role"
#: m013: the links of day events by side, type and dates (``side`` set only): ingest's side
#: lookup finds the stored events of a state's officials from a report naming the state, and
#: back, in a fixed window of days (``timeline.store.ingest._side_arm``).
SIDE_DAY_INDEX = "ix_event_actor_span_side_type_day_start"
#: The index of the reverted first version (all granularities), dropped where a store has it.
OLD_SIDE_INDEX = "ix_event_actor_span_side_type_gran_start"
_SIDE = "substr({}.code, 1, 3)"  # the link's side, from its code

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_insert AFTER INSERT ON event_actor
    BEGIN
      INSERT OR REPLACE INTO {ACTOR_SPAN_TABLE}
        (event_id, actor_id, granularity, start, "end", type, side)
      SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end", e.type,
        {_SIDE.format("NEW")}
      FROM event e WHERE e.id = NEW.event_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_delete AFTER DELETE ON event_actor
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE}
      WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_move
    AFTER UPDATE OF event_id, actor_id, code ON event_actor
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE}
      WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
      INSERT OR REPLACE INTO {ACTOR_SPAN_TABLE}
        (event_id, actor_id, granularity, start, "end", type, side)
      SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end", e.type,
        {_SIDE.format("NEW")}
      FROM event e WHERE e.id = NEW.event_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_span_dates
    AFTER UPDATE OF start, "end", granularity, type ON event
    BEGIN
      UPDATE {ACTOR_SPAN_TABLE}
      SET granularity = NEW.granularity, start = NEW.start, "end" = NEW."end", type = NEW.type
      WHERE event_id = NEW.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_span_delete AFTER DELETE ON event
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE} WHERE event_id = OLD.id;
    END""",
)

_SQLITE_TRIGGER_NAMES = (
    "tr_event_actor_span_insert",
    "tr_event_actor_span_delete",
    "tr_event_actor_span_move",
    "tr_event_span_dates",
    "tr_event_span_delete",
)

_PG_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION timeline_event_actor_span() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
        DELETE FROM {ACTOR_SPAN_TABLE}
        WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
      END IF;
      IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        INSERT INTO {ACTOR_SPAN_TABLE}
          (event_id, actor_id, granularity, start, "end", type, side)
        SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end", e.type,
          {_SIDE.format("NEW")}
        FROM event e WHERE e.id = NEW.event_id
        ON CONFLICT (event_id, actor_id) DO UPDATE SET granularity = EXCLUDED.granularity,
          start = EXCLUDED.start, "end" = EXCLUDED."end", type = EXCLUDED.type,
          side = EXCLUDED.side;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION timeline_event_span() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM {ACTOR_SPAN_TABLE} WHERE event_id = OLD.id;
      ELSIF NEW.start IS DISTINCT FROM OLD.start OR NEW."end" IS DISTINCT FROM OLD."end"
            OR NEW.granularity IS DISTINCT FROM OLD.granularity
            OR NEW.type IS DISTINCT FROM OLD.type THEN
        UPDATE {ACTOR_SPAN_TABLE}
        SET granularity = NEW.granularity, start = NEW.start, "end" = NEW."end", type = NEW.type
        WHERE event_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
)
_PG_TRIGGERS = (
    "DROP TRIGGER IF EXISTS tr_event_actor_span ON event_actor",
    "CREATE TRIGGER tr_event_actor_span AFTER INSERT OR DELETE "
    "OR UPDATE OF event_id, actor_id, code "
    "ON event_actor FOR EACH ROW EXECUTE FUNCTION timeline_event_actor_span()",
    "DROP TRIGGER IF EXISTS tr_event_span ON event",
    'CREATE TRIGGER tr_event_span AFTER DELETE OR UPDATE OF start, "end", granularity, type '
    "ON event FOR EACH ROW EXECUTE FUNCTION timeline_event_span()",
)


def _triggers(conn: Connection) -> None:
    """(Re)create the triggers that keep the table equal to the links and their events."""
    if conn.dialect.name == "postgresql":
        statements: tuple[str, ...] = (*_PG_FUNCTIONS, *_PG_TRIGGERS)
    else:
        statements = tuple(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGER_NAMES)
        statements += _SQLITE_TRIGGERS
    for sql in statements:
        conn.exec_driver_sql(sql)


def create_actor_spans(conn: Connection) -> None:
    """Create the table, its triggers and fill it from the stored links (m009; its index and
    the event types come with m010, :func:`add_span_types`)."""
    ACTOR_SPAN.metadata.create_all(conn, tables=[ACTOR_SPAN])
    _triggers(conn)
    conn.exec_driver_sql(f"DELETE FROM {ACTOR_SPAN_TABLE}")
    conn.exec_driver_sql(
        f'INSERT INTO {ACTOR_SPAN_TABLE} (event_id, actor_id, granularity, start, "end", type) '
        'SELECT ea.event_id, ea.actor_id, e.granularity, e.start, e."end", e.type '
        "FROM event_actor ea JOIN event e ON e.id = ea.event_id"
    )
    # A record's actors read from an index alone (``timeline.store.events.load_records``).
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {LINK_INDEX} ON event_actor (event_id, actor_id, role)"
    )


def _add_column(conn: Connection, name: str, sql_type: str) -> None:
    """Add column ``name`` to the span table unless the store has it (a new store has every
    column from m009), then refresh the triggers that keep the span columns up to date."""
    have = {c["name"] for c in inspect(conn).get_columns(ACTOR_SPAN_TABLE)}
    if name not in have:
        conn.exec_driver_sql(f"ALTER TABLE {ACTOR_SPAN_TABLE} ADD COLUMN {name} {sql_type}")
    _triggers(conn)


def add_span_types(conn: Connection) -> None:
    """m010: each row also holds its event's type (triggers updated), and the index becomes
    (actor, granularity, start, end, type, event): ingest's merge lookup reads only the
    rows of the event's type from the index, the date queries read the same ranges as before.
    """
    _add_column(conn, "type", "VARCHAR(8)")  # a store migrated to m009 before this column
    conn.exec_driver_sql(
        f"UPDATE {ACTOR_SPAN_TABLE} SET type = "
        f"(SELECT e.type FROM event e WHERE e.id = {ACTOR_SPAN_TABLE}.event_id)"
    )
    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_ACTOR_SPAN_INDEX}")
    # After the fill: one sorted build instead of a million random inserts.
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {ACTOR_SPAN_INDEX} ON {ACTOR_SPAN_TABLE} "
        '(actor_id, granularity, start, "end", type, event_id)'
    )


def add_span_sides(conn: Connection) -> None:
    """m013: each row also holds its link's side (``side``: the first segment of the link's
    actor code, the state "USAGOV" and "USA" act for; triggers updated); the rows of day
    events with a side are indexed by (side, type, granularity, start, end, event; the
    granularity too, so that the index covers the lookup): ingest's side lookup (issue #12)
    reads the day events of one state's actors in a fixed window of days, one index range
    per side."""
    _add_column(conn, "side", "VARCHAR(3)")  # a store migrated to m012 before this column
    conn.exec_driver_sql(
        f"UPDATE {ACTOR_SPAN_TABLE} SET side = (SELECT {_SIDE.format('ea')} FROM event_actor ea "
        f"WHERE ea.event_id = {ACTOR_SPAN_TABLE}.event_id "
        f"AND ea.actor_id = {ACTOR_SPAN_TABLE}.actor_id)"
    )
    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_SIDE_INDEX}")
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {SIDE_DAY_INDEX} ON {ACTOR_SPAN_TABLE} "
        '(side, type, granularity, start, "end", event_id) '
        "WHERE side IS NOT NULL AND granularity = 'day'"
    )


def actor_events_overlapping(
    actor_ids: set[int], bounds: dict[str, int], lo: date, hi: date | None
) -> Any:
    """The ids of events linked to any of ``actor_ids`` that overlap ``lo..hi``: one range of
    the covering index per granularity, bounded by its longest span
    (``timeline.store.spans``; a granularity with no recorded bound is read unbounded below).

    One ``SELECT`` per granularity, joined by ``UNION ALL``: each can only be read as its
    (actor, granularity, start) range, whatever the planner's statistics say about the actor
    (one ``OR`` of the ranges lets SQLite read all of a frequent actor's rows instead).
    """
    s = ACTOR_SPAN.c
    arms: list[Any] = []
    for gran in ("", *GRANULARITIES):
        conds = [
            s.actor_id.in_(sorted(actor_ids)),
            s.granularity.is_(None) if gran == "" else s.granularity == gran,
        ]
        if gran in bounds:
            conds.append(s.start >= lower_bound(lo, bounds[gran]))
        else:
            conds.append(s.start.is_not(None))
        if hi is not None:
            conds.append(s.start <= hi)
        conds.append(s["end"] >= lo)
        arms.append(select(s.event_id).where(*conds))
    return union_all(*arms)
