"""The SQLite read path (``timeline.store.sqlite_read``) gives what the store gives.

``timeline query`` on a SQLite file reads it with ``sqlite3`` alone; every other database goes
through the store (SQLAlchemy). Both must return the same events, in the same order, with the
same fields, for every filter, and refuse the same bad filters with the same message.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli import app
from timeline.dates import DateInterval
from timeline.errors import InputError, StoreError
from timeline.events.types import ActorRef
from timeline.store import EventFilter, EventInput, EventUpdate, Store, open_store, sqlite_read
from timeline.store.sqlite_read import SqliteReader, open_reader

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


def _iv(start: str, end: str, gran: str) -> DateInterval:
    return DateInterval(date.fromisoformat(start), date.fromisoformat(end), gran, start)


def _actors(*names: str) -> list[ActorRef]:
    return [ActorRef(name=n, kind="unknown", role="participant") for n in names]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ingested articles (documents, mentions, merged events) and hand-added events of every
    kind: undated, planned, reported, with finer CAMEO codes, odd locations, an edit."""
    tmp = tmp_path_factory.mktemp("read")
    db = tmp / "events.db"
    runner = CliRunner()
    for name in ("ingest_article.txt", "ingest_feed.jsonl", "coder_article.txt"):
        result = runner.invoke(app, ["--db", str(db), "-q", "ingest", str(FIXTURES / name)])
        assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        # two events of one article joined: one event, two mentions from the same document
        same_doc = store.query(EventFilter(sort="id"))[:2]
        assert same_doc[0].mentions[0].document == same_doc[1].mentions[0].document
        store.merge_events([same_doc[0].id, same_doc[1].id])
        add = store.add_event
        add(EventInput("UN sanctions on North Korea", "16", "163", _iv("2019-03-01",
            "2019-03-31", "month"), actors=_actors("United Nations", "North Korea"),
            location="New York"))  # fmt: skip
        add(EventInput("Japan and China talk trade", "04", None, _iv("2019-02-01",
            "2019-02-28", "month"), status="reported", actors=_actors("Japan", "China"),
            source="Wire"))  # fmt: skip
        add(EventInput("Summit planned in Hanoi", "04", "043", _iv("2019-02-27", "2019-02-28",
            "day"), status="planned", actors=_actors("Kim Jong Un", "Donald Trump"),
            location="Hanoi_100% / center"))  # fmt: skip
        add(EventInput("An undated appeal for talks", "02", None, None,
            actors=_actors("Moon Jae-in"), confidence=0.4))  # fmt: skip
        add(EventInput("Talks over the year", "04", None, _iv("2018-01-01", "2018-12-31", "year"),
            actors=_actors("South Korea", "North Korea"), location="Panmunjom"))  # fmt: skip
        add(EventInput("Week of visits", "04", "042", _iv("2019-04-08", "2019-04-14", "week"),
            actors=_actors("Xi Jinping"), location="Pyongyang"))  # fmt: skip
        add(EventInput("Sanction threat", "13", None, _iv("2019-04-11", "2019-04-11", "day"),
            actors=_actors("United States", "Iran"), confidence=0.75))  # fmt: skip
        add(EventInput("Other thing", "other", None, None, status="reported"))
        eid = add(EventInput("To be edited", "01", None, _iv("2019-05-02", "2019-05-02", "day")))
        store.update_event(eid, EventUpdate(summary="Edited statement", location="Seoul"))
    return db


FILTERS: list[EventFilter] = [
    EventFilter(),
    EventFilter(sort="-date"),
    EventFilter(sort="id"),
    EventFilter(sort="-id"),
    EventFilter(limit=3),
    EventFilter(sort="-date", limit=2),
    EventFilter(date_from=date(2019, 2, 27)),
    EventFilter(date_to=date(2019, 3, 1)),
    EventFilter(date_from=date(2019, 1, 1), date_to=date(2019, 4, 30)),
    EventFilter(date_from=date(2018, 6, 1), date_to=date(2018, 6, 1)),
    EventFilter(date_from=date(2019, 4, 11), date_to=date(2019, 4, 11)),
    EventFilter(include_undated=False),
    EventFilter(types=["04"]),
    EventFilter(types=["consult", "16"]),
    EventFilter(cameo=["16"]),
    EventFilter(cameo=["163"]),
    EventFilter(cameo=["04", "13"]),
    EventFilter(cameo=["042"]),
    EventFilter(plover=["CONSULT"]),
    EventFilter(plover=["SANCTION", "THREATEN"]),
    EventFilter(plover=["AID"]),
    EventFilter(countries=["North Korea"]),
    EventFilter(countries=["DPRK"]),
    EventFilter(countries=["South Korea", "North Korea"]),
    EventFilter(countries=["Atlantis"]),
    EventFilter(min_mentions=1),
    EventFilter(min_mentions=2),
    EventFilter(min_mentions=3),
    EventFilter(status=["planned"]),
    EventFilter(status=["Reported", "happened"]),
    EventFilter(origin="manual"),
    EventFilter(origin="extracted"),
    EventFilter(min_confidence=0.5),
    EventFilter(min_confidence=1.0),
    EventFilter(location="hanoi"),
    EventFilter(location="100%"),
    EventFilter(location="_"),
    EventFilter(location="/"),
    EventFilter(location="  "),
    EventFilter(location="new york"),
    EventFilter(actors=["Kim Jong Un"]),
    EventFilter(actors=["kim jong-un", "donald trump"]),
    EventFilter(actors=["Moon"]),
    EventFilter(actors=["the South Korean president"], ref=date(2019, 4, 11)),
    EventFilter(actors=["Nobody Known"]),
    EventFilter(actors=["Donald Trump"], date_from=date(2019, 1, 1)),
    EventFilter(search="sanctions"),
    EventFilter(search="sanction"),
    EventFilter(search="White House"),
    EventFilter(search="talks hanoi"),
    EventFilter(search='"quoted" OR NOT*'),
    EventFilter(search="!!!"),
    EventFilter(search="100%"),
    EventFilter(search="Thursday"),
    EventFilter(
        actors=["Donald Trump"],
        date_from=date(2019, 1, 1),
        date_to=date(2019, 12, 31),
        types=["04"],
        status=["happened", "planned"],
        sort="-date",
        limit=5,
    ),
    EventFilter(countries=["North Korea"], cameo=["16"], min_confidence=0.1, origin="manual"),
]

BAD: list[EventFilter] = [
    EventFilter(types=["99"]),
    EventFilter(cameo=["x"]),
    EventFilter(plover=["NOPE"]),
    EventFilter(status=["maybe"]),
    EventFilter(sort="random"),
    EventFilter(date_from=date(2019, 5, 1), date_to=date(2019, 4, 1)),
    EventFilter(countries=["Kim Jong Un"]),
]


def _both(db: Path) -> tuple[Any, Any]:
    """The reader, and the store on its SQLAlchemy statements: a store on SQLite at the
    current schema runs the reader's SQL itself (``_plain_sqlite``), which would compare the
    reader with itself."""
    reader = open_reader(str(db))
    assert reader is not None
    store = open_store(str(db), create=False, readonly=True)
    assert store._plain_sqlite
    store._plain_sqlite = False
    return reader, store


def test_the_store_on_sqlite_runs_the_readers_statements(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Store.query`` on SQLite at the current schema uses the reader's SQL, on its own
    connection, and gives what its SQLAlchemy statements give."""
    calls: list[EventFilter] = []
    real = sqlite_read.query_records

    def spy(conn: Any, f: EventFilter, *args: Any) -> Any:
        calls.append(f)
        return real(conn, f, *args)

    monkeypatch.setattr(sqlite_read, "query_records", spy)
    flt = EventFilter(actors=["North Korea"], date_from=date(2019, 1, 1))
    with open_store(str(store_path), create=False, readonly=True) as store:
        plain = _outcome(store.query, flt)
        assert calls == [flt]
        store._plain_sqlite = False
        assert _outcome(store.query, flt) == plain and plain
        assert calls == [flt]


def _outcome(fn: Any, *args: Any) -> Any:
    try:
        return [r.to_dict() for r in fn(*args)]
    except InputError as exc:
        return ("InputError", str(exc))


@pytest.mark.parametrize("flt", FILTERS + BAD, ids=lambda f: repr(f)[:90])
def test_same_events_as_the_store(store_path: Path, flt: EventFilter) -> None:
    reader, store = _both(store_path)
    with reader, store:
        got, want = _outcome(reader.query, flt), _outcome(store.query, flt)
    assert got == want
    if flt in BAD:
        assert isinstance(want, tuple)  # the bad filters are refused (the test can fail)


def test_the_fixture_store_exercises_the_filters(store_path: Path) -> None:
    """Most filters select some events but not all: the comparison above means something."""
    reader, store = _both(store_path)
    with reader, store:
        total = len(store.query())
        sizes = [len(store.query(f)) for f in FILTERS]
    assert total >= 10
    assert sum(1 for n in sizes if 0 < n < total) >= len(FILTERS) * 2 // 3


def test_records_are_equal_field_by_field(store_path: Path) -> None:
    """Not only the JSON shape: the typed records (dates as ``date``, ``edited`` a bool)."""
    reader, store = _both(store_path)
    with reader, store:
        for got, want in zip(reader.query(), store.query(), strict=True):
            assert {k: getattr(got, k) for k in got.__dataclass_fields__} == {
                k: getattr(want, k) for k in want.__dataclass_fields__
            }
            assert type(got.start) is type(want.start) and type(got.edited) is bool


def test_without_the_full_text_index_search_is_the_same(store_path: Path) -> None:
    """Where SQLite has no FTS5 the store searches with LIKE: so does the reader."""
    reader, store = _both(store_path)
    with reader, store:
        reader._has_fts = False
        store._has_fts = False
        for words in ("sanctions", "talks hanoi", "100%", "_", "THURSDAY", "!!!", "white house"):
            flt = EventFilter(search=words)
            assert _outcome(reader.query, flt) == _outcome(store.query, flt), words


def test_unknown_actors_are_the_same(store_path: Path) -> None:
    names = ["Kim Jong Un", "nobody at all", "Moon", "the South Korean president", ""]
    reader, store = _both(store_path)
    with reader, store:
        for when in (None, date(2019, 4, 11)):
            assert reader.unknown_actors(names, when) == store.unknown_actors(names, when)


alphabet = st.sampled_from(
    ["kim", "trump", "talks", "sanction", "hanoi", "%", "_", "korea", "moon", " ", "week"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    date_from=st.none() | st.dates(date(2017, 12, 1), date(2019, 6, 30)),
    days=st.none() | st.integers(0, 400),
    types=st.lists(st.sampled_from(["01", "02", "04", "13", "16", "other"]), max_size=2),
    cameo=st.lists(st.sampled_from(["04", "042", "043", "16", "163", "13"]), max_size=2),
    status=st.lists(st.sampled_from(["happened", "planned", "reported"]), max_size=2),
    origin=st.none() | st.sampled_from(["manual", "extracted"]),
    min_confidence=st.none() | st.sampled_from([0.0, 0.4, 0.5, 0.9, 1.0]),
    min_mentions=st.none() | st.integers(1, 3),
    actors=st.lists(
        st.sampled_from(["Kim Jong Un", "Donald Trump", "Moon Jae-in", "Japan", "Iran"]),
        max_size=2,
    ),
    countries=st.lists(st.sampled_from(["North Korea", "United States", "China"]), max_size=1),
    search=st.none() | st.lists(alphabet, min_size=1, max_size=2).map(" ".join),
    location=st.none() | alphabet,
    sort=st.sampled_from(["date", "-date", "id", "-id"]),
    limit=st.none() | st.integers(1, 5),
    include_undated=st.booleans(),
)
def test_any_filter_gives_the_same_events(store_path: Path, **kw: Any) -> None:
    days = kw.pop("days")
    start = kw["date_from"]
    if days is not None:
        kw["date_to"] = date.fromordinal((start or date(2019, 1, 1)).toordinal() + days)
    flt = EventFilter(**kw)
    reader, store = _both(store_path)
    with reader, store:
        assert _outcome(reader.query, flt) == _outcome(store.query, flt)


# -- when the reader steps aside -------------------------------------------------------------


def test_migration_names_are_the_stores() -> None:
    from timeline.store.migrations import MIGRATIONS

    assert sqlite_read.MIGRATION_NAMES == tuple(name for name, _ in MIGRATIONS)


def test_actor_span_table_is_the_stores() -> None:
    from timeline.store.actor_spans import ACTOR_SPAN_TABLE

    assert sqlite_read.ACTOR_SPAN_TABLE == ACTOR_SPAN_TABLE


def test_actor_and_range_read_the_actor_date_index(store_path: Path) -> None:
    """As the store (m009): an actor with a date range reads that actor's rows of the range
    from ``event_actor_span``, not every event of the range or every event of the actor."""
    reader, store = _both(store_path)
    flt = EventFilter(actors=["North Korea"], date_from=date(2019, 1, 1), date_to=date(2019, 4, 30))
    try:

        def plan(conn: Any) -> str:
            where, params = reader._where(conn, flt, sqlite_read._query_keys)
            sql = "SELECT id FROM event WHERE " + " AND ".join(where)
            return " | ".join(
                str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)
            )

        text = reader._read(plan)
        assert "event_actor_span" in text, text
        assert _outcome(reader.query, flt) == _outcome(store.query, flt)
        assert _outcome(reader.query, flt), "the fixture has North Korea in that range"
    finally:
        reader.close()
        store.close()


def test_fts_query_is_the_stores() -> None:
    from timeline.store.queries import fts_query

    for text in ["sanctions", "a b cd efgh", '"x" OR y*', "", "!!", "Pyongyáng 2019", "NEAR(a b)"]:
        assert sqlite_read.fts_query(text) == fts_query(text)


def test_urls_and_memory_go_to_the_store(store_path: Path) -> None:
    assert open_reader(f"sqlite:///{store_path}") is None
    assert open_reader("postgresql+psycopg://u@127.0.0.1:1/x") is None
    assert open_reader(":memory:") is None
    assert open_reader("") is None


def test_an_older_schema_goes_to_the_store(tmp_path: Path) -> None:
    """The store upgrades it on a read when it can (``StoreBase._migrate_if_writable``)."""
    db = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "store_v1.db", db)
    assert open_reader(str(db)) is None
    with open_store(str(db), create=False, readonly=True) as store:
        store.query()
    reader = open_reader(str(db))  # upgraded by the store: now the reader takes it
    assert reader is not None
    reader.close()


def test_a_newer_schema_goes_to_the_store_which_refuses_it(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    shutil.copy(ROOT / "events.db", db)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _timeline_migrations VALUES ('m999_future', '2030-01-01')")
    conn.close()
    assert open_reader(str(db)) is None
    result = CliRunner().invoke(app, ["--db", str(db), "query"])
    assert result.exit_code == 1 and "newer than this version" in result.output


def test_a_foreign_database_goes_to_the_store_which_refuses_it(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert open_reader(str(db)) is None


def test_file_errors_are_the_stores(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    not_sqlite = tmp_path / "text.db"
    not_sqlite.write_text("hello, not a database", encoding="utf-8")
    for path in (missing, not_sqlite, tmp_path):
        with pytest.raises(StoreError) as got:
            open_reader(str(path))
        with pytest.raises(StoreError) as want:
            open_store(str(path), create=False, readonly=True)
        assert str(got.value) == str(want.value)


def test_cli_output_is_the_same_on_both_paths(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole command: table, JSON and CSV, with filters, from either path."""
    runner = CliRunner()
    cases = [
        [],
        ["--format", "json"],
        ["--format", "csv", "--sort", "-date"],
        ["--format", "jsonl", "--actor", "Kim Jong Un"],
        ["--country", "North Korea", "--cameo", "16"],
        ["--type", "04", "--plover", "CONSULT", "--from", "2019-01-01", "--to", "2019-04-30"],
        ["--search", "sanctions", "--min-confidence", "0.5", "--format", "json"],
        ["--min-mentions", "1", "--limit", "2"],
        ["--actor", "Nobody Known"],
        ["--from", "2019-05-01", "--to", "2019-04-01"],
    ]
    outputs = []
    for forced in (False, True):
        if forced:
            monkeypatch.setattr(sqlite_read, "open_reader", lambda db: None)
        runs = []
        for args in cases:
            result = runner.invoke(app, ["--db", str(store_path), "query", *args])
            runs.append((result.exit_code, result.stdout, result.stderr))
        outputs.append(runs)
    assert outputs[0] == outputs[1]
    assert any(code == 0 and out.strip() for code, out, _ in outputs[0])


def test_the_table_is_the_same_without_mentions(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``timeline query``'s table reads no mentions (it shows none): the same table as from
    the records with their mentions, on both paths."""
    runner = CliRunner()
    cases = [[], ["--actor", "Kim Jong Un", "--from", "2018-01-01"], ["--search", "talks"]]
    outputs = []
    for full in (False, True):
        if full:  # every query reads the mentions, whatever the table asks for
            for cls in (SqliteReader, Store):
                original = cls.query
                monkeypatch.setattr(
                    cls, "query", lambda self, f=None, mentions=True, _q=original: _q(self, f)
                )
        for forced in (False, True):
            with monkeypatch.context() as m:
                if forced:
                    m.setattr(sqlite_read, "open_reader", lambda db: None)
                runs = [
                    runner.invoke(app, ["--db", str(store_path), "query", *args]) for args in cases
                ]
            outputs.append([(r.exit_code, r.stdout) for r in runs])
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    assert all(code == 0 and out.strip() for code, out in outputs[0])


def test_a_read_never_changes_the_file(store_path: Path, tmp_path: Path) -> None:
    """The database file is untouched, and no other file is left than a store's read leaves
    (SQLite's own -wal/-shm of a WAL database)."""
    flt = replace(EventFilter(), search="talks", actors=["Donald Trump"])
    left = []
    for use_reader in (True, False):
        where = tmp_path / str(use_reader)
        where.mkdir()
        db = where / "copy.db"
        shutil.copy(store_path, db)
        before = db.read_bytes()
        opened = open_reader(str(db)) if use_reader else open_store(str(db), readonly=True)
        assert opened is not None
        with opened:
            opened.query(flt)
        assert db.read_bytes() == before
        left.append(sorted(p.name for p in where.iterdir()))
    assert left[0] == left[1]


def test_every_filter_field_is_applied_by_the_reader() -> None:
    """A field added to ``EventFilter`` must be added to the reader too (until then, filters
    using it are run by the store: see the next test)."""
    from dataclasses import fields

    assert {f.name for f in fields(EventFilter)} == set(sqlite_read.HANDLED_FIELDS)


def test_a_field_the_reader_does_not_apply_is_run_by_the_store(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_read, "HANDLED_FIELDS", sqlite_read.HANDLED_FIELDS - {"origin"})

    calls: list[object] = []

    def counted(*args: object) -> list[object]:
        calls.append(args)
        return []

    flt = EventFilter(origin="manual", sort="-id")
    reader, store = _both(store_path)
    with reader, store:
        want = store.query(flt)
        monkeypatch.setattr(sqlite_read.SqliteReader, "_query", counted)
        assert reader.query(flt) == want and 0 < len(want)
        assert calls == []  # the store answered
        assert reader.query(EventFilter(sort="-id")) == [] and len(calls) == 1  # read here
