"""The shared record builder (``timeline.store.record_rows``) gives the records the
SQLAlchemy path gave, on SQLite and PostgreSQL.

``Store.query`` and the stdlib read path both build their records with ``build_records``, so
comparing them (tests/test_sqlite_read.py) cannot catch a mistake in the builder itself. Here
a reference, written the old way (SQLAlchemy rows, records made by ``EventRecord(...)``), is
compared field by field with what the store returns, on a store with merged, edited, split,
manual and undated events, mentions without a document and documents of every kind.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pg_helpers import backend_url
from sqlalchemy import select
from typer.testing import CliRunner

from timeline import cameo
from timeline.cli import app
from timeline.dates import DateInterval
from timeline.events.types import ROLES, ActorRef
from timeline.records import ActorLink, EventRecord, MentionRecord
from timeline.store import EventFilter, EventInput, EventUpdate, Store, open_store
from timeline.store.common import ACTOR, DOCUMENT, EVENT, EVENT_ACTOR, MENTION
from timeline.store.record_rows import EVENT_COLUMNS, build_records
from timeline.store.sqlite_read import open_reader

FIXTURES = Path(__file__).parent / "fixtures"
PG_URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")
ORDER = {role: i for i, role in enumerate(ROLES)}


def _iv(start: str, end: str, gran: str) -> DateInterval:
    return DateInterval(date.fromisoformat(start), date.fromisoformat(end), gran, start)


def _actors(*names: str) -> list[ActorRef]:
    return [ActorRef(name=n, kind="unknown", role="participant") for n in names]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    target = backend_url(request.param, tmp_path_factory.mktemp("rows"), "events.db")
    runner = CliRunner()
    for name in ("ingest_article.txt", "ingest_feed.jsonl", "coder_article.txt"):
        result = runner.invoke(app, ["--db", target, "-q", "ingest", str(FIXTURES / name)])
        assert result.exit_code == 0, result.output
    with open_store(target) as store:
        first = store.query(EventFilter(sort="id"))[:3]
        merged = store.merge_events([first[0].id, first[1].id])  # type: ignore[list-item]
        assert len(merged.mentions) >= 2
        _, split_off = store.split_event(merged.id)  # type: ignore[arg-type]
        store.merge_events([merged.id, first[2].id])  # type: ignore[list-item]
        add = store.add_event
        add(EventInput("UN sanctions on North Korea", "16", "163", _iv("2019-03-01",
            "2019-03-31", "month"), actors=_actors("United Nations", "North Korea"),
            location="New York", source="Wire"))  # fmt: skip
        add(EventInput("An undated appeal for talks", "02", None, None,
            actors=_actors("Moon Jae-in"), confidence=0.4))  # fmt: skip
        add(EventInput("Other thing", "other", None, None, status="reported"))
        eid = add(EventInput("To be edited", "01", None, _iv("2019-05-02", "2019-05-02", "day"),
                             actors=_actors("Japan", "China", "Iran")))  # fmt: skip
        store.update_event(eid, EventUpdate(summary="Edited statement", location="Seoul",
                                            undated=True))  # fmt: skip
        # a merged event of a manual and an extracted one: mentions with and without document
        store.merge_events([eid, split_off.id])  # type: ignore[list-item]
    return target


def _reference(store: Store, ids: list[int]) -> list[EventRecord]:
    """The records as the SQLAlchemy path built them before the shared builder."""
    with store.engine.connect() as conn:
        events = {
            r[0]: r
            for r in conn.execute(
                select(*(EVENT.c[n] for n in EVENT_COLUMNS)).where(EVENT.c.id.in_(ids))
            )
        }
        actors: dict[int, list[ActorLink]] = {}
        for event_id, role, name, country, code, rule, evidence in conn.execute(
            select(
                EVENT_ACTOR.c.event_id, EVENT_ACTOR.c.role, ACTOR.c.name, ACTOR.c.country,
                EVENT_ACTOR.c.code, EVENT_ACTOR.c.rule, EVENT_ACTOR.c.evidence,
            ).join(ACTOR, ACTOR.c.id == EVENT_ACTOR.c.actor_id)
            .where(EVENT_ACTOR.c.event_id.in_(ids))
            .order_by(EVENT_ACTOR.c.event_id)
        ):  # fmt: skip
            actors.setdefault(event_id, []).append(
                ActorLink(name, role, country, code, rule, evidence)
            )
        mentions: dict[int, list[MentionRecord]] = {}
        for event_id, sentence, doc_key, doc_id, title, url, source, published in conn.execute(
            select(
                MENTION.c.event_id, MENTION.c.sentence, MENTION.c.document_id,
                DOCUMENT.c.doc_id, DOCUMENT.c.title, DOCUMENT.c.url, DOCUMENT.c.source,
                DOCUMENT.c.published,
            ).outerjoin(DOCUMENT, DOCUMENT.c.id == MENTION.c.document_id)
            .where(MENTION.c.event_id.in_(ids))
            .order_by(MENTION.c.id)
        ):  # fmt: skip
            has_doc = doc_key is not None
            mentions.setdefault(event_id, []).append(
                MentionRecord(
                    document=(doc_id or title or url or f"document {doc_key}") if has_doc else None,
                    source=source if has_doc else events[event_id][16],
                    published=published if has_doc and published else None,
                    sentence=sentence,
                    url=url if has_doc else None,
                )
            )
    out = []
    for event_id in ids:
        (id_, type_, code, label, summary, status, start, end, gran, date_text, location,
         confidence, origin, coder, prob, edited, _) = events[event_id]  # fmt: skip
        shown = code or type_
        out.append(
            EventRecord(
                id=id_, type=type_, cameo=code, plover=cameo.plover(shown),
                label=label or cameo.label(shown), summary=summary, status=status,
                start=start, end=end, granularity=gran, date_text=date_text,
                actors=tuple(sorted(actors.get(id_, []),
                                    key=lambda a: (ORDER.get(a.role, 9), a.name))),
                location=location, confidence=confidence, origin=origin,
                mentions=tuple(mentions.get(id_, [])), coder=coder, coder_probability=prob,
                edited=bool(edited),
            )
        )  # fmt: skip
    return out


def _fields(record: EventRecord) -> dict[str, Any]:
    """Every field with its value and type (a ``str`` date or an ``int`` flag would differ)."""
    return {
        f.name: (getattr(record, f.name), type(getattr(record, f.name)))
        for f in dataclasses.fields(record)
        if f.name != "_dict"
    }


def _same(got: list[EventRecord], want: list[EventRecord]) -> None:
    assert [r.id for r in got] == [r.id for r in want]
    for g, w in zip(got, want, strict=True):
        assert _fields(g) == _fields(w)
        for gm, wm in zip(g.mentions, w.mentions, strict=True):
            assert type(gm.published) is type(wm.published)
        assert g.to_dict() == w.to_dict()
        assert repr(g) == repr(w)
        assert g == w


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with open_store(url, create=False, readonly=True) as s:
        yield s


def test_the_store_has_what_the_builder_must_handle(store: Store) -> None:
    records = store.query(EventFilter(sort="id"))
    assert any(r.start is None for r in records)
    assert any(r.edited for r in records)
    assert any(len(r.actors) >= 3 for r in records)
    assert any(len(r.mentions) >= 2 for r in records)
    assert any(m.document is None for r in records for m in r.mentions)
    assert any(m.document is not None and m.published for r in records for m in r.mentions)
    assert any(r.origin == "manual" for r in records)
    assert any(r.cameo for r in records)


@pytest.mark.parametrize(
    "f",
    [
        EventFilter(sort="id"),
        EventFilter(sort="-date"),
        EventFilter(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31)),
        EventFilter(include_undated=False, limit=5),
    ],
)
def test_store_query_gives_the_reference_records(store: Store, f: EventFilter) -> None:
    got = store.query(f)
    assert got
    _same(got, _reference(store, [r.id for r in got]))  # type: ignore[misc]


def test_show_and_the_stdlib_path_give_the_reference_records(store: Store, url: str) -> None:
    got = store.query(EventFilter(sort="id"))
    ids = [r.id for r in got]
    want = _reference(store, ids)  # type: ignore[arg-type]
    _same([store.get_event(i) for i in ids], want)  # type: ignore[arg-type]
    if url == PG_URL:
        return
    reader = open_reader(url)
    assert reader is not None
    with reader:
        _same(reader.query(EventFilter(sort="id")), want)


def test_a_record_built_from_rows_is_an_ordinary_record(store: Store) -> None:
    """``build_records`` fills the instance dict directly: the record must behave as one made
    by ``__init__`` (copying, its defaults, its mapping view, immutability)."""
    for record in store.query(EventFilter(sort="id")):
        copy = dataclasses.replace(record)
        assert _fields(copy) == _fields(record)
        assert copy == record and copy.to_dict() == record.to_dict()
        assert record.sentence is None and record["id"] == record.id
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.summary = "changed"  # type: ignore[misc]


def test_no_rows_and_unknown_labels() -> None:
    calls: list[str] = []

    def execute(sql: str, params: Any) -> list[Any]:
        calls.append(sql)
        return []

    assert build_records(execute, []) == []
    assert calls == []
    row = (7, "04", None, None, "s", "happened", "2019-01-02", "2019-01-03", "day", None,
           None, 0.5, "manual", None, None, 0, None)  # fmt: skip
    (record,) = build_records(execute, [row])
    assert record.label == cameo.label("04") and record.plover == cameo.plover("04")
    assert record.start == date(2019, 1, 2) and type(record.start) is date
    assert record.edited is False and record.actors == () and record.mentions == ()


def test_the_cycle_collector_is_back_as_it_was(store: Store) -> None:
    import gc

    from timeline.store.record_rows import gc_paused

    assert gc.isenabled()
    store.query(EventFilter(sort="id"))
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_any_chunk_size_gives_the_same_records(store: Store) -> None:
    """Ids are read in statements of ``chunk`` ids (the driver's limit of parameters): the
    records do not depend on it, actors and documents shared across chunks included."""
    from timeline.store.record_rows import EVENT_SELECT

    mark = "?" if store.engine.dialect.name == "sqlite" else "%s"
    conn = store.engine.raw_connection()
    try:

        def execute(sql: str, params: Any) -> list[Any]:
            cur = conn.cursor()
            cur.execute(sql, params)
            return list(cur.fetchall())

        rows = execute(f"SELECT {EVENT_SELECT} FROM event ORDER BY id", [])
        want = [r.to_dict() for r in build_records(execute, rows, mark)]
        assert len(want) >= 5
        names = [a["name"] for r in want for a in r["actors"]]
        assert len(names) > len(set(names))  # an actor in two events: read in two chunks
        for chunk in (1, 2, 3, 10_000):
            got = build_records(execute, rows, mark, chunk)
            assert [r.to_dict() for r in got] == want
    finally:
        conn.close()


@pytest.mark.parametrize(
    "f",
    [
        EventFilter(sort="id"),
        EventFilter(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31)),
        EventFilter(actors=["Kim Jong Un"], date_from=date(2018, 1, 1)),
    ],
)
def test_records_without_mentions_are_the_records_with_none(
    store: Store, url: str, f: EventFilter
) -> None:
    """``query(f, mentions=False)`` (the CLI's table): the same records, mentions empty."""
    full = store.query(f)
    assert any(r.mentions for r in full)
    want = [dataclasses.replace(r, mentions=()) for r in full]
    _same(store.query(f, mentions=False), want)
    if url == PG_URL:
        return
    reader = open_reader(url)
    assert reader is not None
    with reader:
        _same(reader.query(f, mentions=False), want)
        _same(reader.query(f), full)
