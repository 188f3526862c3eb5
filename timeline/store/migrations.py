"""Ordered schema migrations, each recorded in ``_timeline_migrations`` when applied.

Schema changes happen only here, as a new ``mNNN_name`` function appended to ``MIGRATIONS``
(never by editing an applied one). ``apply_migrations`` runs the pending ones in order, each in
its own transaction together with its record, so a failed step leaves no half-applied schema.
A database that records a migration this code does not know was written by a newer timeline:
it is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Column, Date, Index, Integer, MetaData, String, Table, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateIndex

from timeline.errors import StoreError
from timeline.store.models import TABLES

MIGRATIONS_TABLE = "_timeline_migrations"
FTS_TABLE = "event_fts"

_meta = MetaData()
_migrations = Table(
    MIGRATIONS_TABLE,
    _meta,
    Column("name", String(64), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name (``m001_initial``) is its id."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(conn: Connection) -> None:
    """Documents, events, actors, aliases, event roles and mentions, with their indexes."""
    tables = [model.__table__ for model in TABLES]  # type: ignore[attr-defined,union-attr]
    TABLES[0].metadata.create_all(conn, tables=tables)


@migration
def m002_event_fts(conn: Connection) -> None:
    """SQLite only: an FTS5 index over event summary, mention sentences, date text, location.

    One row per event (rowid = event id), kept in sync by the store. Skipped where FTS5 is not
    compiled in or on other databases: search then falls back to LIKE.
    """
    if conn.dialect.name != "sqlite" or not fts5_available(conn):
        return
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "summary, sentences, date_text, location, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Index the events a database may already hold.
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE} (rowid, summary, sentences, date_text, location) "
        "SELECT e.id, e.summary, "
        "COALESCE((SELECT group_concat(m.sentence, char(10)) FROM mention m "
        "WHERE m.event_id = e.id), ''), COALESCE(e.date_text, ''), COALESCE(e.location, '') "
        "FROM event e"
    )


@migration
def m003_event_actor_by_actor(conn: Connection) -> None:
    """An index on event_actor (actor_id, event_id): ingest finds the events of an actor
    (merge candidates) from the index alone, without a table lookup per row."""
    # A detached table: the index must not join the models' metadata (m001 builds from it).
    links = Table(
        "event_actor", MetaData(), Column("event_id", Integer), Column("actor_id", Integer)
    )
    index = Index("ix_event_actor_actor_event", links.c.actor_id, links.c.event_id)
    conn.execute(CreateIndex(index, if_not_exists=True))


@migration
def m004_event_coder(conn: Connection) -> None:
    """Which coder typed an extracted event (rules | model | rules+model) and the learned
    coder's probability of its type. Events stored before have NULL (typed by the rules)."""
    have = {c["name"] for c in inspect(conn).get_columns("event")}
    if "coder" not in have:
        conn.execute(text("ALTER TABLE event ADD COLUMN coder VARCHAR(16)"))
    if "coder_probability" not in have:
        conn.execute(text("ALTER TABLE event ADD COLUMN coder_probability FLOAT"))


@migration
def m005_content_keys_and_tombstones(conn: Connection) -> None:
    """Idempotency by content: ``document.content_sha256`` (the normalised text's hash,
    indexed, filled in for the stored documents) and ``event_tombstone`` (the sentences of
    events a person deleted or edited; the edited events are recorded now)."""
    from timeline.store.content import bury, content_sha256
    from timeline.store.models import EventTombstone

    insp = inspect(conn)
    if "content_sha256" not in {c["name"] for c in insp.get_columns("document")}:
        conn.exec_driver_sql("ALTER TABLE document ADD COLUMN content_sha256 VARCHAR(64)")
    if "ix_document_content_sha256" not in {i["name"] for i in insp.get_indexes("document")}:
        conn.exec_driver_sql("CREATE INDEX ix_document_content_sha256 ON document (content_sha256)")
    EventTombstone.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]
    last = 0
    while True:  # in batches: the texts of a large store never sit in memory at once
        rows = conn.execute(
            text("SELECT id, text FROM document WHERE id > :last ORDER BY id LIMIT 200"),
            {"last": last},
        ).all()
        if not rows:
            break
        conn.execute(
            text("UPDATE document SET content_sha256 = :sha WHERE id = :id"),
            [{"id": doc_id, "sha": content_sha256(body or "")} for doc_id, body in rows],
        )
        last = rows[-1][0]
    edited = conn.execute(text("SELECT id, type FROM event WHERE edited = :yes"), {"yes": True})
    for event_id, type_ in edited.all():
        bury(conn, event_id, type_, edited=True)


@migration
def m006_event_spans(conn: Connection) -> None:
    """The longest interval per granularity (``event_span``, see ``timeline.store.spans``) and
    indexes on event (type, granularity, start) and (granularity, start): the merge lookup of
    ingest and date-range queries read only the events that can overlap, however many are
    stored (the ingest rate stays flat as the store grows)."""
    from timeline.store.spans import SPAN, note_spans

    SPAN.metadata.create_all(conn, tables=[SPAN])
    events = Table(
        "event",
        MetaData(),
        Column("type", String(8)),
        Column("granularity", String(16)),
        Column("start", Date),
        Column("end", Date),
    )
    for index in (
        Index("ix_event_type_gran_start", events.c.type, events.c.granularity, events.c.start),
        Index("ix_event_gran_start", events.c.granularity, events.c.start),
    ):
        conn.execute(CreateIndex(index, if_not_exists=True))
    rows = conn.execute(
        select(events.c.granularity, events.c.start, events.c.end).where(
            events.c.start.is_not(None)
        )
    )
    while batch := rows.fetchmany(10_000):
        note_spans(conn, [tuple(r) for r in batch])


@migration
def m007_merge_notes(conn: Connection) -> None:
    """``merge_note``: the evidence of each merge (the rule, shared actors, overlap) and the
    merges and splits a person made (``timeline merge``/``split``); ``show`` displays them.
    Events merged before have no note."""
    from timeline.store.models import MergeNote

    MergeNote.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


@migration
def m008_actor_codes(conn: Connection) -> None:
    """Per event actor: its CAMEO actor code in that event (``event_actor.code``), the rule
    that resolved it (``rule``: ``actor.alias``, ``actor.pronoun``, ``manual`` ...) and the
    evidence (``evidence``: the surface text, the role rule, the code rule). Links stored
    before have NULL: ``show`` prints no code for them until the article is ingested again."""
    have = {c["name"] for c in inspect(conn).get_columns("event_actor")}
    for name, sql_type in (("code", "VARCHAR(16)"), ("rule", "VARCHAR(48)"), ("evidence", "TEXT")):
        if name not in have:
            conn.execute(text(f"ALTER TABLE event_actor ADD COLUMN {name} {sql_type}"))


@migration
def m009_event_actor_spans(conn: Connection) -> None:
    """``event_actor_span``: each event-actor link with its event's granularity and dates,
    indexed by (actor, granularity, start), kept by triggers (``timeline.store.actor_spans``):
    ``--actor`` with a date range reads the actor's events of that range only."""
    from timeline.store.actor_spans import create_actor_spans

    create_actor_spans(conn)


@migration
def m010_actor_span_types(conn: Connection) -> None:
    """``event_actor_span`` also holds each event's type, in its index after the dates
    (``timeline.store.actor_spans``): ingest reads only the merge candidates of an event's
    type, however many events of other types its actors have in the range."""
    from timeline.store.actor_spans import add_span_types

    add_span_types(conn)


#: PostgreSQL full-text search (m011). ``timeline_fold(text)``: the text with its accents
#: removed (``unaccent`` where the server has that extension, else unchanged), IMMUTABLE so
#: that an index can hold it. A search document: the folded text with every punctuation mark
#: made a space (SQLite's ``unicode61`` tokenizer splits "U.S.", "cease-fire", "3.5" and
#: "www.example.com" into words; PostgreSQL's parser would keep them whole), as a ``simple``
#: tsvector (lower case, no stemming, no stop words). The indexes of m011 are built on these
#: exact expressions and a query must repeat them to use the indexes: never change them.
PG_FOLD = "timeline_fold"


def pg_search_document(expr: str) -> str:
    """The tsvector of ``expr`` (SQL) as m011's indexes hold it."""
    return f"to_tsvector('simple', regexp_replace({PG_FOLD}({expr}), '[[:punct:]]+', ' ', 'g'))"


def pg_event_document(table: str = "") -> str:
    """An event's own searchable text (summary, date text, place) as a tsvector; ``table``:
    the qualifier of its columns in a query ("event."), empty in the index."""
    t = table
    return pg_search_document(
        f"{t}summary || ' ' || coalesce({t}date_text, '') || ' ' || coalesce({t}location, '')"
    )


def pg_mention_document(table: str = "") -> str:
    """A mention's sentence as a tsvector (``table`` as for ``pg_event_document``)."""
    return pg_search_document(f"{table}sentence")


@migration
def m011_postgres_search(conn: Connection) -> None:
    """PostgreSQL only: full-text indexes (GIN) on each event's summary, date text and place
    and on each mention's sentence, so ``--search`` reads the index instead of scanning
    every row with ILIKE. The words a search finds are SQLite's (m002): case and accents
    ignored, punctuation splits words. Nothing to keep in sync: the indexes are on
    expressions of the stored columns. SQLite has its FTS5 table (m002): nothing to do."""
    if conn.dialect.name != "postgresql":
        return
    schema = _unaccent_schema(conn)
    if schema is None:  # no unaccent on this server: search is accent-sensitive here
        body = "SELECT $1"
    else:
        body = f"SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1)"
    conn.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {PG_FOLD}(text) RETURNS text LANGUAGE sql IMMUTABLE "
        f"STRICT PARALLEL SAFE AS $fold$ {body} $fold$"
    )
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS ix_event_search ON event USING gin (({pg_event_document()}))"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_mention_search ON mention USING gin "
        f"(({pg_mention_document()}))"
    )
    # Statistics of the indexed expressions (how many rows a word matches): the planner
    # has none until the next ANALYZE, and would guess.
    conn.exec_driver_sql("ANALYZE event")
    conn.exec_driver_sql("ANALYZE mention")


#: m012: indexes that only repeat a prefix of another index of their table, as
#: ``(index, table, its columns)``. Every insert maintained them. SQLite's planner chose them
#: as the narrowest index for some lookups by event_id or actor_id, but the primary key
#: (event_id, actor_id) and ix_event_actor_actor_event (actor_id, event_id, m003) start with
#: the same columns and serve the same lookups with the same plans.
REDUNDANT_INDEXES = (
    ("ix_event_actor_event_id", "event_actor", ("event_id",)),
    ("ix_event_actor_actor_id", "event_actor", ("actor_id",)),
)


@migration
def m012_drop_redundant_indexes(conn: Connection) -> None:
    """Drop the indexes of ``REDUNDANT_INDEXES``: ``event_actor`` kept four indexes besides its
    primary key, two of them a prefix of another (``event_id`` of the primary key,
    ``actor_id`` of ``(actor_id, event_id)``), written on every link ingest stores; the lookups
    they served read the primary key or ``(actor_id, event_id)`` instead. A new store never
    creates them (``models.py`` no longer declares them)."""
    for name, _table, _columns in REDUNDANT_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


@migration
def m013_actor_span_side_days(conn: Connection) -> None:
    """``event_actor_span`` also holds each link's side (the state its actor acts for: the
    first segment of its code), and the links of day events are indexed by (side, type,
    start): ingest's merge across articles finds a report naming a state's leader from one
    naming the state, and back, in a fixed window of days (issue #12;
    ``timeline.store.actor_spans.add_span_sides``)."""
    from timeline.store.actor_spans import add_span_sides

    add_span_sides(conn)


def _unaccent_schema(conn: Connection) -> str | None:
    """The schema of the ``unaccent`` extension, created if the server offers it and this
    user may (a trusted extension since PostgreSQL 13); None where it cannot be had."""
    found = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    ).first()
    if found is None:
        offered = conn.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"
        ).first()
        if offered is None:
            return None
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
        except SQLAlchemyError:  # not allowed here: fold nothing
            return None
        return _unaccent_schema(conn)
    return '"' + str(found[0]).replace('"', '""') + '"'


def fts5_available(conn: Connection) -> bool:
    rows = conn.exec_driver_sql("PRAGMA compile_options").fetchall()
    return any(str(r[0]).upper() == "ENABLE_FTS5" for r in rows)


def applied_migrations(conn: Connection) -> list[str]:
    if not inspect(conn).has_table(MIGRATIONS_TABLE):
        return []
    return [r[0] for r in conn.execute(select(_migrations.c.name))]


def pending_migrations(conn: Connection) -> list[str]:
    """Names of the migrations not yet applied; StoreError if the schema is newer than the code."""
    done = applied_migrations(conn)
    known = [name for name, _ in MIGRATIONS]
    unknown = [name for name in done if name not in known]
    if unknown:
        raise StoreError(
            f"the database schema is newer than this version of timeline (it has {unknown[-1]}); "
            "upgrade timeline"
        )
    return [name for name in known if name not in done]


def apply_migrations(engine: Engine) -> list[str]:
    """Apply the pending migrations in order; return the names applied (empty: up to date)."""
    with engine.connect() as conn:
        pending = pending_migrations(conn)
    applied: list[str] = []
    for name, fn in MIGRATIONS:
        if name not in pending:
            continue
        with engine.begin() as conn:
            # Re-check inside the write transaction: a concurrent process may have applied it.
            if name in applied_migrations(conn):
                continue
            _meta.create_all(conn, tables=[_migrations])
            fn(conn)
            conn.execute(
                _migrations.insert().values(name=name, applied_at=datetime.now(UTC).isoformat())
            )
        applied.append(name)
    return applied


def store_id(conn: Connection) -> str:
    """12 hex digits naming this database: from the time its first migration was applied."""
    import hashlib

    row = conn.execute(
        select(_migrations.c.applied_at).where(_migrations.c.name == MIGRATIONS[0][0])
    ).first()
    seed = f"{MIGRATIONS[0][0]}:{row[0] if row else 'unknown'}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def schema_version(conn: Connection) -> int:
    """The number of applied migrations (the version the CLI's ``stats`` reports)."""
    return len(applied_migrations(conn))


__all__ = [
    "FTS_TABLE",
    "MIGRATIONS",
    "apply_migrations",
    "applied_migrations",
    "pending_migrations",
    "schema_version",
    "store_id",
]
