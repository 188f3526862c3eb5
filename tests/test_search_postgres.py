"""Full-text search on PostgreSQL (m011: GIN indexes on expressions) finds what SQLite's FTS5
table (m002) finds: the same words, case and accents ignored, punctuation splitting words,
prefixes from four letters, in summaries, mention sentences, date texts and places. Opt-in
(``TIMELINE_TEST_POSTGRES_URL``), as ``tests/test_store_postgres.py``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_helpers import wipe

from timeline.dates import DateInterval
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, EventInput, Store, open_store
from timeline.store.names import query_keys
from timeline.store.queries import pg_search_words

URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")

needs_pg = pytest.mark.skipif(not URL, reason="set TIMELINE_TEST_POSTGRES_URL to run")

# (summary, date text, place, sentence of an ingested mention or None)
EVENTS = [
    ("Summit in Hanoi", None, "Hà Nội", None),
    ("Sanctions announced by the U.S.", "on Tuesday", None, None),
    ("Cease-fire talks open", "in March 2019", "Genève", None),
    ("G20 leaders meet", None, "Osaka", "The G20 leaders met at www.example.com's venue."),
    ("Rate cut of 3.5 points", "last week", None, "Kim's envoy quoted a 3.5 cut (foo_bar)."),
    ("Envoy visits the capital", "on April 2", "Seoul", "The envoy, tired, said: “no comment”."),
]
QUERIES = [
    "hanoi", "HANOI summit", "ha noi", "Nội", "noi", "hà", "sanction", "sanctions announced",
    "sanctions absent", "u s", "U.S.", "cease", "fire", "ceasefire", "cease-fire", "talk",
    "tal", "geneve", "Genève", "GENÈVE talks", "g20", "g2", "3", "5", "3.5", "3 5 cut",
    "example com", "www", "kim", "envoy kim", "envoy", "envo", "foo", "bar", "foo_bar", "fo_b",
    "comment", "no", "tuesday", "march 2019", "2019", "2", "april", "osaka leaders", "seoul",
    "'); DROP", "summit OR", "a_b", "___", "%", "", "*", 'NOT "', "NEAR(x y", "a:b", "it's",
    "quoted", "venue", "venues", "point", "points cut", "last",
]  # fmt: skip


def _fill(store: Store) -> None:
    for k, (summary, date_text, place, sentence) in enumerate(EVENTS):
        day = date(2019, 4, k + 1)
        if sentence is None:
            when = DateInterval(day, day, "day", date_text or "")
            store.add_event(EventInput(summary, "04", interval=when, location=place))
            continue
        event = ExtractedEvent(
            type="04", label="", summary=summary, sentence=sentence, sentence_start=0,
            sentence_end=len(sentence), start=day, end=day, granularity="day",
            date_text=date_text, actors=[ActorRef(f"Person {k}", "person")], location=place,
        )  # fmt: skip
        store.ingest_article(Article(text=f"article {k}: {sentence}", published=day), [event])


def _found(store: Store) -> dict[str, list[str]]:
    found = {q: [e.summary for e in store.query(EventFilter(search=q))] for q in QUERIES}
    # with a date range (PostgreSQL repeats it inside each word's index reads)
    days = EventFilter(date_from=date(2019, 4, 3), date_to=date(2019, 4, 5))
    for q in QUERIES:
        f = dataclasses.replace(days, search=q)
        found[f"{q} @ April 3-5"] = [e.summary for e in store.query(f)]
    return found


@pytest.fixture
def pg() -> Iterator[Store]:
    if not URL:
        pytest.skip("set TIMELINE_TEST_POSTGRES_URL to run")
    wipe(URL)
    with open_store(URL) as store:
        yield store


@needs_pg
def test_postgres_search_finds_what_sqlite_fts_finds(pg: Store, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "fts.db")) as lite:
        assert lite._has_fts
        _fill(lite)
        expected = _found(lite)
    _fill(pg)
    assert pg._pg_search
    assert _found(pg) == expected
    # and the searches find what they should (not only the same on both)
    assert expected["ha noi"] == expected["Nội"] == ["Summit in Hanoi"]
    assert expected["U.S."] == ["Sanctions announced by the U.S."]
    assert expected["geneve"] == expected["cease"] == ["Cease-fire talks open"]
    assert expected["ceasefire"] == [] and expected["tal"] == []
    assert expected["3.5"] == ["Rate cut of 3.5 points"]  # "3" and "5", as FTS5 splits it
    assert expected["foo_bar"] == ["Rate cut of 3.5 points"]
    assert expected["example com"] == ["G20 leaders meet"]  # in a mention's sentence only
    assert expected["envoy kim"] == ["Rate cut of 3.5 points"]  # sentence + summary words
    assert expected["envoy"] == ["Rate cut of 3.5 points", "Envoy visits the capital"]
    assert expected["march 2019"] == ["Cease-fire talks open"]  # the date text
    assert expected["summit OR"] == [] and expected["%"] == [] and expected[""] == []
    assert expected["envoy @ April 3-5"] == ["Rate cut of 3.5 points"]  # April 5
    assert expected["example com @ April 3-5"] == ["G20 leaders meet"]  # April 4, a sentence
    assert expected["hanoi @ April 3-5"] == []  # April 1


@needs_pg
def test_postgres_search_without_the_indexes_falls_back_to_ilike(pg: Store) -> None:
    _fill(pg)
    pg._pg_search_known = False  # an older schema that could not be migrated
    assert [e.summary for e in pg.query(EventFilter(search="hanoi SUMMIT"))] == ["Summit in Hanoi"]
    assert [e.summary for e in pg.query(EventFilter(search="sanction"))] == [
        "Sanctions announced by the U.S."
    ]


@needs_pg
def test_postgres_search_plan_reads_both_full_text_indexes(pg: Store) -> None:
    from sqlalchemy import text

    _fill(pg)
    with pg._session() as s:
        stmt = pg._filtered(s, EventFilter(search="envoy"), query_keys)
        assert stmt is not None
        conn = s.connection()
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force the choice
        sql = str(stmt.compile(pg.engine, compile_kwargs={"literal_binds": True}))
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
    assert "ix_event_search" in plan
    assert "ix_mention_search" in plan


@needs_pg
def test_postgres_search_counts_and_combines_with_other_filters(pg: Store) -> None:
    _fill(pg)
    assert pg.count(EventFilter(search="envoy")) == 2
    f = EventFilter(search="envoy", date_from=date(2019, 4, 6), date_to=date(2019, 4, 30))
    assert [e.summary for e in pg.query(f)] == ["Envoy visits the capital"]


def test_search_words_keep_fts5_prefixes_and_phrases() -> None:
    assert pg_search_words("Hanoi summit") == [[("Hanoi", True)], [("summit", True)]]
    assert pg_search_words("U.S. G20 war") == [
        [("U", False)], [("S", False)], [("G20", False)], [("war", False)]
    ]  # fmt: skip
    assert pg_search_words("foo_bar a_b") == [
        [("foo", False), ("bar", True)], [("a", False), ("b", False)]
    ]  # fmt: skip
    assert pg_search_words("&|!:*()") is None
    assert pg_search_words("summit ___") is None  # a word without a token matches nothing


@needs_pg
def test_any_search_text_is_safe_on_postgres(pg: Store) -> None:
    """Quotes, tsquery operators and letters whose folding makes punctuation ("ŉ" is "'n"
    once unaccented) never reach the tsquery parser as syntax."""
    pg.add_event(EventInput("Summit in Hanoi", "04"))
    texts = ["ŉ", "Ǡŉė", "ŉ®¢)", "'", "''", "\\", "a\\'b", "x:*", "!a & b | c", "<->", "(((",
             "½", "²", "ﬁve", "İstanbul", "ǅ", "e\u0301", "a'b's", "N'Djamena",
             "ĆȰƸ́>ēÉŉćĀó"]  # fmt: skip
    for text in texts:
        result = pg.query(EventFilter(search=text))
        assert result == [] or result[0]["summary"] == "Summit in Hanoi", text
    assert [e.summary for e in pg.query(EventFilter(search="hanoi ŉ"))] == []
    assert [e.summary for e in pg.query(EventFilter(search="hanoi summ"))] == ["Summit in Hanoi"]


@needs_pg
def test_without_unaccent_postgres_search_still_works_accent_sensitively(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server without the ``unaccent`` extension: m011 folds nothing (a documented
    difference from SQLite), and search still reads the indexes."""
    from timeline.store import migrations

    monkeypatch.setattr(migrations, "_unaccent_schema", lambda conn: None)
    wipe(URL)
    try:
        with open_store(URL) as store:
            _fill(store)
            found = {
                q: [e.summary for e in store.query(EventFilter(search=q))]
                for q in ("Genève", "geneve", "hanoi", "U.S.")
            }
    finally:
        wipe(URL)
        monkeypatch.undo()
        open_store(URL).close()  # m011 again, with unaccent: the next tests' schema
    assert found["Genève"] == ["Cease-fire talks open"]
    assert found["geneve"] == []
    assert found["hanoi"] == ["Summit in Hanoi"]
    assert found["U.S."] == ["Sanctions announced by the U.S."]


@needs_pg
def test_a_postgres_search_runs_without_jit_in_its_own_transaction(pg: Store) -> None:
    def jit_after(f: EventFilter) -> str:
        with pg._session() as s:
            pg._no_jit_for_search(s, f)
            return str(s.connection().exec_driver_sql("SHOW jit").scalar())

    default = jit_after(EventFilter())
    assert jit_after(EventFilter(search="envoy")) == "off"
    assert jit_after(EventFilter()) == default  # SET LOCAL: gone with the transaction
