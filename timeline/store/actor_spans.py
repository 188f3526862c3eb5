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

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, select, union_all
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
)
ACTOR_SPAN_INDEX = "ix_event_actor_span_actor_gran_start"
LINK_INDEX = "ix_event_actor_event_actor_role"

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_insert AFTER INSERT ON event_actor
    BEGIN
      INSERT OR REPLACE INTO {ACTOR_SPAN_TABLE} (event_id, actor_id, granularity, start, "end")
      SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end"
      FROM event e WHERE e.id = NEW.event_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_delete AFTER DELETE ON event_actor
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE}
      WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_actor_span_move
    AFTER UPDATE OF event_id, actor_id ON event_actor
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE}
      WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
      INSERT OR REPLACE INTO {ACTOR_SPAN_TABLE} (event_id, actor_id, granularity, start, "end")
      SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end"
      FROM event e WHERE e.id = NEW.event_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_span_dates
    AFTER UPDATE OF start, "end", granularity ON event
    BEGIN
      UPDATE {ACTOR_SPAN_TABLE}
      SET granularity = NEW.granularity, start = NEW.start, "end" = NEW."end"
      WHERE event_id = NEW.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS tr_event_span_delete AFTER DELETE ON event
    BEGIN
      DELETE FROM {ACTOR_SPAN_TABLE} WHERE event_id = OLD.id;
    END""",
)

_PG_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION timeline_event_actor_span() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
        DELETE FROM {ACTOR_SPAN_TABLE}
        WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id;
      END IF;
      IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        INSERT INTO {ACTOR_SPAN_TABLE} (event_id, actor_id, granularity, start, "end")
        SELECT NEW.event_id, NEW.actor_id, e.granularity, e.start, e."end"
        FROM event e WHERE e.id = NEW.event_id
        ON CONFLICT (event_id, actor_id) DO UPDATE SET granularity = EXCLUDED.granularity,
          start = EXCLUDED.start, "end" = EXCLUDED."end";
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION timeline_event_span() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM {ACTOR_SPAN_TABLE} WHERE event_id = OLD.id;
      ELSIF NEW.start IS DISTINCT FROM OLD.start OR NEW."end" IS DISTINCT FROM OLD."end"
            OR NEW.granularity IS DISTINCT FROM OLD.granularity THEN
        UPDATE {ACTOR_SPAN_TABLE}
        SET granularity = NEW.granularity, start = NEW.start, "end" = NEW."end"
        WHERE event_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
)
_PG_TRIGGERS = (
    "DROP TRIGGER IF EXISTS tr_event_actor_span ON event_actor",
    "CREATE TRIGGER tr_event_actor_span AFTER INSERT OR DELETE OR UPDATE OF event_id, actor_id "
    "ON event_actor FOR EACH ROW EXECUTE FUNCTION timeline_event_actor_span()",
    "DROP TRIGGER IF EXISTS tr_event_span ON event",
    'CREATE TRIGGER tr_event_span AFTER DELETE OR UPDATE OF start, "end", granularity '
    "ON event FOR EACH ROW EXECUTE FUNCTION timeline_event_span()",
)


def create_actor_spans(conn: Connection) -> None:
    """Create the table, its index and triggers, and fill it from the stored links (m009)."""
    ACTOR_SPAN.metadata.create_all(conn, tables=[ACTOR_SPAN])
    statements = (
        (*_PG_FUNCTIONS, *_PG_TRIGGERS) if conn.dialect.name == "postgresql" else _SQLITE_TRIGGERS
    )
    for sql in statements:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"DELETE FROM {ACTOR_SPAN_TABLE}")
    conn.exec_driver_sql(
        f'INSERT INTO {ACTOR_SPAN_TABLE} (event_id, actor_id, granularity, start, "end") '
        'SELECT ea.event_id, ea.actor_id, e.granularity, e.start, e."end" '
        "FROM event_actor ea JOIN event e ON e.id = ea.event_id"
    )
    # A record's actors read from an index alone (``timeline.store.events.load_records``).
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {LINK_INDEX} ON event_actor (event_id, actor_id, role)"
    )
    # After the fill: one sorted build instead of a million random inserts.
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {ACTOR_SPAN_INDEX} ON {ACTOR_SPAN_TABLE} "
        '(actor_id, granularity, start, "end", event_id)'
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
