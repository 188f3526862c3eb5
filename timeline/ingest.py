"""Ingest orchestration: articles -> pure pipeline -> store, a few articles per transaction.

The pipeline (``timeline.pipeline.pipeline``) is a pure function of (text, publication date),
so it can run in worker processes; the store is written only from the calling process, in
input order, so a run is deterministic whatever ``workers`` is. Bad inputs (``LoadError``) and
articles that fail are counted as errors and the rest still goes in.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from timeline.errors import InputError, TimelineError
from timeline.events.types import Article, ExtractedEvent
from timeline.text import LoadError

if TYPE_CHECKING:
    from timeline.store import Store
    from timeline.temporal import Timex

#: Articles sent to a worker process at a time, and chunks in flight per worker: enough to
#: keep the workers busy, few enough that memory does not grow with the input.
CHUNK_SIZE = 16
INFLIGHT_PER_WORKER = 3
#: Articles committed per transaction (each still all or nothing: ``Store.ingest_articles``),
#: and the longest an extracted article waits for its batch to fill before it is committed.
BATCH_SIZE = 32
BATCH_SECONDS = 2.0
_clock = time.monotonic


@dataclass(slots=True)
class IngestSummary:
    """What an ingest run did; ``errors`` holds one ``"FILE[:LINE]: message"`` per failure."""

    articles: int = 0  # documents read and handed to the store (stored or skipped)
    new_events: int = 0
    merged_mentions: int = 0
    skipped: int = 0  # already stored (same content)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"ingested {self.articles} article{'s' if self.articles != 1 else ''}: "
            f"{self.new_events} new event{'s' if self.new_events != 1 else ''}, "
            f"{self.merged_mentions} merged mention{'s' if self.merged_mentions != 1 else ''}, "
            f"{self.skipped} skipped (already stored), "
            f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"
        )


#: Called after every input item (article or error) with the count so far and the summary, and
#: once more at the end if the last batch changed the summary (articles waiting in a batch are
#: counted when it is committed).
ProgressCallback = Callable[[int, IngestSummary], None]


def extract_article(article: Article, coder: str = "rules") -> list[ExtractedEvent]:
    """The events of one article (the pure pipeline; no I/O)."""
    from timeline.pipeline import pipeline

    return pipeline(article.text, article.published, coder)


def extract_with_timexes(
    article: Article, coder: str = "rules"
) -> tuple[list[ExtractedEvent], list[Timex]]:
    """Events and the time expressions they were dated from (tagging done once)."""
    from timeline.pipeline import pipeline_with_timexes

    events, timexes = pipeline_with_timexes(article.text, article.published, coder)
    return list(events), list(timexes)


def ingest(
    store: Store,
    sources: Iterable[Article | LoadError],
    *,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    chunk_size: int = CHUNK_SIZE,
    coder: str = "rules",
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """Run the pipeline on every article and store it; return what happened.

    ``workers > 1`` runs the pipeline in that many processes (bounded in-flight chunks, so
    memory stays flat on any input size); storing stays in this process, in input order.
    Articles are written ``batch_size`` at a time in one transaction (``Store.ingest_articles``),
    or sooner when the first of a batch has waited ``BATCH_SECONDS``: fewer commits, the same
    events. Each article is still all or nothing: one that fails rolls back alone and is
    reported in ``errors``, and the others are stored. An interrupted run loses at most the
    batch not yet committed; a rerun skips the stored articles (same content). ``batch_size=1``
    commits every article on its own.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    check_ingest_coder(coder)  # ModelError (one line, exit 1) before any article is stored
    # a bad batch_size is refused by store_extracted before the (lazy) extraction starts
    with _frozen_after_start_up() as freeze:
        return store_extracted(
            store, _extracted(sources, workers, chunk_size, coder, freeze),
            batch_size=batch_size, progress=progress,
        )  # fmt: skip


@contextmanager
def _frozen_after_start_up() -> Iterator[Callable[[], None]]:
    """A function that, called after an article's pipeline ran in this process (the
    lexicons, gazetteer and compiled rules are loaded by then), moves every object alive out
    of the garbage collector's reach (``gc.freeze``) until the block ends. Those objects live
    as long as the process, and each full collection walked all of them again: ~0.35 ms per
    article over 500 articles. Until then the youngest generation is also collected less
    often (``_GC_YOUNG``: an article allocates thousands of short-lived objects, which
    reference counting frees, and triggered ~1 collection per article: ~0.2 ms per article).
    Nothing is changed if the caller froze objects itself."""
    frozen = False
    thresholds = gc.get_threshold()

    def freeze() -> None:
        nonlocal frozen
        if not frozen and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.set_threshold(max(thresholds[0], _GC_YOUNG), *thresholds[1:])
            frozen = True

    try:
        yield freeze
    finally:
        if frozen:
            gc.set_threshold(*thresholds)
            gc.unfreeze()


#: Net new container objects between two collections of the youngest generation during an
#: ingest (Python's default is 700). Cyclic garbage is still collected, in larger steps.
_GC_YOUNG = 10_000


def check_ingest_coder(coder: str) -> None:
    """The coder exists and, unless it is the rules, its model loads (ModelError: one line,
    exit 1) before any article is stored."""
    from timeline.coder.stage import check_coder

    check_coder(coder)
    if coder != "rules":
        from timeline.coder.model import load_model

        load_model()


def store_extracted(
    store: Store,
    extracted: Iterable[tuple[Article | LoadError, Outcome | None]],
    *,
    batch_size: int = BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Store articles whose pipeline already ran, in the order given: each input item with its
    outcome (the events, an error message, or None for a load error), as ``extract_items``
    returns them. The storing half of :func:`ingest` (same batches, same summary)."""
    if batch_size < 1:
        raise InputError(f"the batch size must be at least 1, got {batch_size}")
    summary = IngestSummary()
    done = 0
    batch: list[tuple[Article, list[ExtractedEvent]]] = []
    batch_started = 0.0

    def record(article: Article, result: Any) -> None:
        if isinstance(result, TimelineError):
            summary.errors.append(f"{_label(article)}: {result}")
            return
        summary.articles += 1
        summary.new_events += int(result.new_events)
        summary.merged_mentions += int(result.merged_mentions)
        summary.skipped += int(bool(result.skipped))

    def flush() -> None:
        if not batch:
            return
        items = batch[:]
        batch.clear()
        try:
            if len(items) == 1:
                results: list[Any] = [store.ingest_article(*items[0])]
            else:
                results = store.ingest_articles(items)
        except TimelineError as exc:
            if len(items) == 1:
                results = [exc]
            else:  # the batch failed as a whole: store its articles one by one
                results = []
                for article, events in items:
                    try:
                        results.append(store.ingest_article(article, events))
                    except TimelineError as one:
                        results.append(one)
        for (article, _), result in zip(items, results, strict=True):
            record(article, result)

    for item, outcome in extracted:
        done += 1
        if isinstance(item, LoadError):
            summary.errors.append(str(item))
        elif isinstance(outcome, str):
            summary.errors.append(f"{_label(item)}: {outcome}")
        else:
            assert outcome is not None  # an article always has an outcome
            if not batch:
                batch_started = _clock()
            batch.append((item, outcome))
            if len(batch) >= batch_size or _clock() - batch_started >= BATCH_SECONDS:
                flush()
        if progress is not None:
            progress(done, summary)
    if batch:
        flush()
        if progress is not None:
            progress(done, summary)
    return summary


def _label(article: Article) -> str:
    return article.doc_id or article.title or "<article>"


# -- extraction, in process or in a pool -------------------------------------------------------

Outcome = list[ExtractedEvent] | str  # the events, or an error message


def _run_one(text: str, published: date, coder: str = "rules") -> Outcome:
    from timeline.pipeline import pipeline

    try:
        return pipeline(text, published, coder) if coder != "rules" else pipeline(text, published)
    except Exception as exc:  # one pathological article must not stop a batch
        return f"extraction failed: {type(exc).__name__}: {exc}"


def _run_chunk(items: list[tuple[str, date]], coder: str = "rules") -> list[Outcome]:
    return [_run_one(text, published, coder) for text, published in items]


def extract_items(
    sources: Iterable[Article | LoadError], coder: str = "rules"
) -> list[tuple[Article | LoadError, Outcome | None]]:
    """The pipeline's half of :func:`ingest`, in this process: each input item with its outcome
    (the events, an error message, or None for a load error), in input order. No I/O beyond
    reading ``sources``: what :func:`store_extracted` stores."""
    return list(_extracted(sources, 1, CHUNK_SIZE, coder))


def _extracted(
    sources: Iterable[Article | LoadError], workers: int, chunk_size: int, coder: str = "rules",
    after_extract: Callable[[], None] | None = None,
) -> Iterator[tuple[Article | LoadError, Outcome | None]]:  # fmt: skip
    """Each input item with its extraction outcome (None for load errors), in input order;
    ``after_extract`` is called after each article extracted in this process."""
    if workers == 1:
        for item in sources:
            if isinstance(item, LoadError):
                yield item, None
            else:
                outcome = _run_one(item.text, item.published, coder)
                if after_extract is not None:
                    after_extract()
                yield item, outcome
        return

    it = iter(sources)
    max_inflight = workers * INFLIGHT_PER_WORKER
    # spawn, not fork: the parent may hold a database connection and a progress thread.
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[list[Article | LoadError], Future[list[Outcome]] | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:

        def fill() -> None:
            while len(pending) < max_inflight:
                batch = list(islice(it, chunk_size))
                if not batch:
                    return
                work = [(a.text, a.published) for a in batch if isinstance(a, Article)]
                pending.append((batch, pool.submit(_run_chunk, work, coder) if work else None))

        fill()
        while pending:
            batch, future = pending.popleft()
            try:
                outcomes = iter(future.result() if future is not None else [])
            except BrokenProcessPool as exc:
                raise TimelineError(
                    f"an extraction worker process died ({exc}); the articles before it are "
                    "stored: run again with --workers 1 (stored articles are skipped)"
                ) from None
            fill()  # keep the workers busy while this chunk is written
            for item in batch:
                yield item, (None if isinstance(item, LoadError) else next(outcomes))


# -- JSON shape for extract --------------------------------------------------------------------


def event_to_dict(event: ExtractedEvent) -> dict[str, Any]:
    """An extracted event in the DESIGN.md JSON shape, without ``id`` and ``mentions``
    (nothing is stored), plus its ``sentence`` so a dry run shows the evidence."""
    from timeline.records import EventRecord

    return EventRecord.from_extracted(event).to_dict()
