"""The same store code on a real PostgreSQL server (opt-in).

Runs when ``TIMELINE_TEST_POSTGRES_URL`` names a database this test may wipe, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/timeline_test`` (and a driver is installed);
otherwise it is skipped with the reason. Every table of that database is dropped first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from pg_helpers import wipe as _wipe

from timeline.errors import InputError, NotFoundError, StoreError
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, EventInput, EventUpdate, Store, open_store

URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")

pytestmark = pytest.mark.skipif(not URL, reason="set TIMELINE_TEST_POSTGRES_URL to run")


@pytest.fixture
def pg() -> Iterator[Store]:
    _wipe(URL)
    with open_store(URL) as store:
        yield store


def meeting(start: date, *names: str, sentence_start: int = 0) -> ExtractedEvent:
    return ExtractedEvent(
        type="04",
        label="consult",
        summary=f"{' and '.join(names)} meet",
        sentence=f"{' and '.join(names)} met in Hanoi.",
        sentence_start=sentence_start,
        sentence_end=sentence_start + 30,
        start=start,
        end=start,
        granularity="day",
        date_text="on Wednesday",
        actors=[ActorRef(n, "person") for n in names],
        location="Hanoi",
    )


def test_manual_events_queries_and_edits(pg: Store) -> None:
    a = pg.add_event(
        EventInput("Summit in Hanoi", "04", actors=[ActorRef("Kim Jong-un", kind="unknown")],
                   location="Hanoi")
    )  # fmt: skip
    b = pg.add_event(EventInput("Sanctions announced", "16", cameo="163", status="reported"))
    assert [e["id"] for e in pg.query(EventFilter())] == [a, b]
    assert [e["id"] for e in pg.query(EventFilter(search="hanoi summit"))] == [a]
    assert [e["id"] for e in pg.query(EventFilter(actors=["KIM JONG UN"]))] == [a]
    assert [e["id"] for e in pg.query(EventFilter(types=["16"], status=["reported"]))] == [b]
    assert [e["id"] for e in pg.query(EventFilter(location="hanoi"))] == [a]
    ev = pg.update_event(b, EventUpdate(location="Washington, D.C.", summary="Sanctions"))
    assert ev["edited"] and ev["location"] == "Washington, D.C."
    assert pg.actors("kim")[0]["events"] == 1
    assert pg.stats()["events"] == 2
    pg.delete_event(a)
    with pytest.raises(NotFoundError):
        pg.get_event(a)
    with pytest.raises(InputError):
        pg.add_event(EventInput("x", "99"))


def test_ingest_idempotent_merging_and_rollback(pg: Store) -> None:
    art = Article("Kim and Trump met in Hanoi.", date(2019, 2, 28), "Wire")
    res = pg.ingest_article(art, [meeting(date(2019, 2, 27), "Kim Jong Un", "Donald Trump")])
    assert (res.new_events, res.skipped) == (1, False)
    assert pg.ingest_article(art, []).skipped
    other = Article("Another outlet: Kim met Trump.", date(2019, 2, 28), "Other")
    res = pg.ingest_article(other, [meeting(date(2019, 2, 27), "Donald Trump")])
    assert (res.new_events, res.merged_mentions) == (0, 1)
    (ev,) = pg.query(EventFilter(date_from=date(2019, 2, 1), date_to=date(2019, 2, 28)))
    assert len(ev["mentions"]) == 2
    bad = meeting(date(2019, 3, 1), "Xi Jinping")
    bad.type = "99"
    with pytest.raises(InputError):
        pg.ingest_article(Article("third", date(2019, 3, 2)), [meeting(date(2019, 3, 1), "A"), bad])
    assert pg.stats()["documents"] == 2


def test_reopen_is_a_no_op_and_newer_schema_is_refused(pg: Store) -> None:
    from sqlalchemy import text

    pg.add_event(EventInput("x", "01"))
    with open_store(URL, create=False) as again:
        assert len(again.query(EventFilter())) == 1
    with pg.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO _timeline_migrations (name, applied_at) VALUES ('m999_x', 'x')")
        )
    with pytest.raises(StoreError, match="newer"):
        open_store(URL)


def test_actor_codes_split_and_merge_on_postgres(pg: Store) -> None:
    """m008's columns, the split that re-reads its sentence and the merge type policy."""
    from timeline.pipeline import pipeline

    texts = [
        ("a", "Moon Jae-in met Donald Trump in Washington on Thursday."),
        ("b", "South Korean President Moon Jae-in met US Vice President Mike Pence on Wednesday."),
    ]
    day = date(2019, 4, 11)
    for doc, text in texts:
        pg.ingest_article(Article(text, day, doc_id=doc), pipeline(text, day))
    first, second = sorted(e.id for e in pg.query(EventFilter()) if e.id is not None)
    codes = {a.name: a.code for e in pg.query(EventFilter()) for a in e.actors}
    assert codes["Moon Jae-in"] == "KORGOV" and codes["Donald Trump"] == "USAGOV"
    joined = pg.merge_events([first, second])
    assert {a.name for a in joined.actors} == {"Moon Jae-in", "Donald Trump", "Mike Pence"}
    _, made = pg.split_event(first)
    assert made.start == date(2019, 4, 10)
    assert {a.name for a in made.actors} == {"Moon Jae-in", "Mike Pence"}
    assert all(a.code and a.rule and a.evidence for a in made.actors)
