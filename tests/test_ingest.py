"""Ingest orchestration (library level): counting, errors, workers, progress, order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

import timeline.pipeline
from timeline.errors import InputError, StoreError
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.ingest import IngestSummary, event_to_dict, ingest
from timeline.text import LoadError


@dataclass
class Result:
    document_id: int
    new_events: int
    merged_mentions: int
    skipped: bool


@dataclass
class FakeStore:
    """Records what it is asked to store; refuses texts containing FAIL; skips repeats."""

    calls: list[tuple[str, list[ExtractedEvent]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    batches: list[int] = field(default_factory=list)  # sizes of ingest_articles calls

    def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> Result:
        if "FAIL" in article.text:
            raise StoreError("database is locked")
        self.calls.append((article.text, events))
        if article.text in self.seen:
            return Result(len(self.calls), 0, 0, True)
        self.seen.add(article.text)
        return Result(len(self.calls), 1, 1, False)

    def ingest_articles(self, items: list[tuple[Article, list[ExtractedEvent]]]) -> list[Any]:
        """The store's batch contract: each article alone; a failure takes its place."""
        self.batches.append(len(items))
        out: list[Any] = []
        for article, events in items:
            try:
                out.append(self.ingest_article(article, events))
            except StoreError as exc:
                out.append(exc)
        return out


def art(text: str, doc_id: str = "doc") -> Article:
    return Article(text=text, published=date(2019, 4, 11), doc_id=doc_id)


def test_summary_counts_and_errors() -> None:
    store = FakeStore()
    sources = [
        art("Moon met Trump.", "a"),
        LoadError("feed.jsonl", "invalid JSON: Expecting value at column 1", 2),
        art("Moon met Trump.", "a-again"),
        art("FAIL here", "b"),
        art("Kim visited a factory.", "c"),
    ]
    summary = ingest(store, sources)
    assert summary.articles == 3
    assert summary.skipped == 1
    assert summary.new_events == 2 and summary.merged_mentions == 2
    assert summary.errors == [
        "feed.jsonl:2: invalid JSON: Expecting value at column 1",
        "b: database is locked",
    ]
    assert not summary.ok
    assert summary.line() == (
        "ingested 3 articles: 2 new events, 2 merged mentions, 1 skipped (already stored), 2 errors"
    )


def test_summary_line_singulars() -> None:
    assert IngestSummary(1, 1, 1, 0, []).line() == (
        "ingested 1 article: 1 new event, 1 merged mention, 0 skipped (already stored), 0 errors"
    )


def test_progress_is_called_once_per_input_item() -> None:
    seen: list[tuple[int, int]] = []
    sources = [art("one"), LoadError("x.txt", "not UTF-8 text (binary file?)"), art("two")]
    ingest(FakeStore(), sources, progress=lambda n, s: seen.append((n, s.articles)), batch_size=1)
    assert seen == [(1, 1), (2, 1), (3, 2)]


def test_batches_commit_together_and_progress_follows_every_item() -> None:
    """The default batch: one store call per ``BATCH_SIZE`` articles; progress after every
    input item (articles counted once their batch is written) and once after the last batch."""
    from timeline.ingest import BATCH_SIZE

    store = FakeStore()
    seen: list[tuple[int, int]] = []
    n = BATCH_SIZE + 3
    sources: list[Article | LoadError] = [art(f"text {i}", f"d{i}") for i in range(n)]
    sources.insert(1, LoadError("x.txt", "not UTF-8 text (binary file?)"))
    sources.insert(5, art("FAIL here", "bad"))
    summary = ingest(store, sources, progress=lambda k, s: seen.append((k, s.articles)))
    assert store.batches == [BATCH_SIZE, 4]  # the failing article is in the first batch
    assert summary.articles == n
    assert summary.errors == ["x.txt: not UTF-8 text (binary file?)", "bad: database is locked"]
    assert [k for k, _ in seen] == list(range(1, n + 3)) + [n + 2]
    assert seen[BATCH_SIZE] == (BATCH_SIZE + 1, BATCH_SIZE - 1)  # first batch written
    assert seen[-2] == (n + 2, BATCH_SIZE - 1) and seen[-1] == (n + 2, n)


def test_a_batch_waits_at_most_batch_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.ingest as ingest_module

    clock = iter(range(0, 1000, 1))  # one second per reading
    monkeypatch.setattr(ingest_module, "_clock", lambda: float(next(clock)))
    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", 3.0)
    store = FakeStore()
    ingest(store, [art(f"text {i}", f"d{i}") for i in range(7)])
    # the clock is read when an article starts a batch and after each article is added:
    # 3 articles reach 3 seconds, twice; the last one is written alone at the end
    assert store.batches == [3, 3]
    assert [t for t, _ in store.calls] == [f"text {i}" for i in range(7)]


def test_an_extraction_crash_is_one_error_not_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(text: str, published: date) -> list[ExtractedEvent]:
        if "boom" in text:
            raise ValueError("bad offsets")
        return []

    monkeypatch.setattr(timeline.pipeline, "pipeline", flaky)
    store = FakeStore()
    summary = ingest(store, [art("boom", "x"), art("fine", "y")])
    assert summary.errors == ["x: extraction failed: ValueError: bad offsets"]
    assert [text for text, _ in store.calls] == ["fine"]


def test_workers_must_be_positive() -> None:
    with pytest.raises(InputError, match="--workers"):
        ingest(FakeStore(), [], workers=0)


def test_workers_write_in_input_order_with_the_same_events() -> None:
    """Two processes, small chunks: the store sees exactly the single-process sequence."""
    texts = [
        f"South Korean President Moon Jae-in met Donald Trump in Washington on Thursday ({i})."
        if i % 3
        else f"Chinese President Xi Jinping visited Moscow on Tuesday ({i})."
        for i in range(30)
    ]
    sources: list[Article | LoadError] = [art(t, f"d{i}") for i, t in enumerate(texts)]
    sources.insert(7, LoadError("bad.jsonl", "invalid JSON", 8))
    single, multi = FakeStore(), FakeStore()
    s1 = ingest(single, sources, workers=1)
    s2 = ingest(multi, sources, workers=2, chunk_size=4)
    assert s1 == s2
    assert [t for t, _ in multi.calls] == texts
    assert [[event_to_dict(e) for e in evs] for _, evs in multi.calls] == [
        [event_to_dict(e) for e in evs] for _, evs in single.calls
    ]


def test_event_to_dict_has_the_design_shape_without_id_and_mentions() -> None:
    event = ExtractedEvent(
        type="04",
        label="consult",
        summary="Moon Jae-in meets Donald Trump in Washington",
        sentence="Moon met Trump in Washington on Thursday.",
        sentence_start=0,
        sentence_end=41,
        cameo="040",
        status="planned",
        start=date(2019, 4, 11),
        end=date(2019, 4, 11),
        granularity="day",
        date_text="Thursday",
        actors=[
            ActorRef("Moon Jae-in", country="South Korea", code="KORGOV"),
            ActorRef(
                "Donald Trump",
                country="United States",
                code="USAGOV",
                rule="actor.alias",
                evidence="'Trump' = Donald Trump (actor.alias)",
            ),
        ],
        location="Washington",
        confidence=0.8,
    )
    d: dict[str, Any] = event_to_dict(event)
    assert list(d) == [
        "type", "cameo", "plover", "label", "summary", "status", "start", "end",
        "granularity", "date_text", "actors", "location", "confidence", "coder",
        "coder_probability", "origin", "sentence",
    ]  # fmt: skip
    assert d["start"] == d["end"] == "2019-04-11"
    assert d["plover"] == "CONSULT"
    assert d["actors"] == [
        {"name": "Moon Jae-in", "role": "participant", "country": "South Korea",
         "code": "KORGOV", "rule": None, "evidence": None},
        {"name": "Donald Trump", "role": "participant", "country": "United States",
         "code": "USAGOV", "rule": "actor.alias",
         "evidence": "'Trump' = Donald Trump (actor.alias)"},
    ]  # fmt: skip
    assert d["origin"] == "extracted"


def test_workers_read_ahead_is_bounded() -> None:
    """Memory stays flat: the pool never pulls more than its in-flight chunks from the input."""
    from timeline.ingest import INFLIGHT_PER_WORKER

    pulled = 0
    lead: list[int] = []

    def source() -> Iterator[Article]:
        nonlocal pulled
        for i in range(80):
            pulled += 1
            yield art(f"Kim visited a factory ({i}).", f"d{i}")

    class Watching(FakeStore):
        def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> Result:
            lead.append(pulled - len(self.calls))
            return super().ingest_article(article, events)

    summary = ingest(Watching(), source(), workers=2, chunk_size=4, batch_size=1)
    assert summary.articles == 80
    assert max(lead) <= 2 * INFLIGHT_PER_WORKER * 4 + 4
    # batched: the articles waiting in the batch come on top
    lead.clear()
    pulled = 0
    summary = ingest(Watching(), source(), workers=2, chunk_size=4, batch_size=8)
    assert summary.articles == 80
    assert max(lead) <= 2 * INFLIGHT_PER_WORKER * 4 + 4 + 8


def test_start_up_objects_are_frozen_during_the_run_and_released_after() -> None:
    """The single-process run moves what is alive after its first article out of the garbage
    collector's reach while it runs (``gc.freeze``) and gives it back at the end, also when
    the store fails; a caller's own frozen objects are left as they are."""
    import gc

    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    during: list[int] = []
    young: list[int] = []

    class Watching(FakeStore):
        def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> Result:
            during.append(gc.get_freeze_count())
            young.append(gc.get_threshold()[0])
            return super().ingest_article(article, events)

    ingest(
        Watching(), [art("Moon met Trump.", "a"), art("Kim visited a factory.", "b")], batch_size=1
    )
    assert during and during[0] > 0
    assert young[0] >= 10_000  # the youngest generation is collected less often meanwhile
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds

    class Broken(FakeStore):
        def ingest_article(self, article: Article, events: list[ExtractedEvent]) -> Result:
            raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        ingest(Broken(), [art("Moon met Trump.", "a")])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds

    gc.freeze()  # the caller's
    try:
        mine = gc.get_freeze_count()
        during.clear()
        ingest(Watching(), [art("Moon met Trump.", "a")], batch_size=1)
        assert during == [mine]
        assert gc.get_freeze_count() == mine
        assert gc.get_threshold() == thresholds
    finally:
        gc.unfreeze()
