"""Full-text search on events that gained mentions by merging (ingest adds the new sentences'
words to the event's row instead of rebuilding it from every mention)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, open_store

WORDS = ["walrus", "zeppelin", "quartz", "marmalade", "obsidian", "tangerine"]


def _meeting(k: int, word: str, day: int) -> ExtractedEvent:
    return ExtractedEvent(
        type="04",
        label="",
        summary="Alpha Person and Beta Person meet",
        sentence=f"Alpha Person met Beta Person to discuss {word} matters ({k}).",
        sentence_start=0,
        sentence_end=60,
        start=date(2019, 4, day),
        end=date(2019, 4, day),
        granularity="day",
        date_text=f"on April {day}",
        actors=[ActorRef("Alpha Person", "person"), ActorRef("Beta Person", "person")],
        location="Hanoi",
    )


def test_search_finds_the_words_of_every_merged_sentence_as_the_scan_does(
    tmp_path: Path,
) -> None:
    with open_store(str(tmp_path / "fts.db")) as store:
        for k, word in enumerate(WORDS):
            store.ingest_article(
                Article(text=f"article {k} about {word}", published=date(2019, 4, 20)),
                [_meeting(k, word, 11)],
            )
        (event,) = store.query(EventFilter())
        assert len(event.mentions) == len(WORDS)  # one event, a mention per article
        queries = [*WORDS, "walrus tangerine", "zeppelin hanoi", "matters", "walrus absent",
                   "Alph", "april"]  # fmt: skip
        with_fts = {q: [e.id for e in store.query(EventFilter(search=q))] for q in queries}
        store._has_fts = False  # the LIKE scan over summaries, sentences, dates and places
        scanned = {q: [e.id for e in store.query(EventFilter(search=q))] for q in queries}
    assert with_fts == scanned
    assert all(with_fts[w] == [event.id] for w in WORDS)
    assert with_fts["walrus absent"] == []
