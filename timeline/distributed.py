"""Ingest a partitioned archive on a Dask distributed cluster into a shared PostgreSQL store.

Every file of the archive (a JSONL feed, a text or an HTML article) is a partition. Each has two
tasks:

* ``extract_partition``: read the partition and run the pure ``pipeline()`` on each article.
  No I/O besides reading the file, so these run in parallel on every worker, in any order, and
  Dask may run one again after a worker is lost;
* ``write_partition``: store those articles in batches (one transaction per batch, each
  article all or nothing, see :meth:`timeline.store.Store.ingest_articles`). The write task of
  partition ``i`` depends on the write task of partition ``i - 1``, so the partitions are
  committed one after the other **in archive order** (the order ``timeline ingest ARCHIVE/``
  reads them in one process).

Why the order matters: which reports merge into one event depends on the order they reach
the store (a coarse "earlier this month" report joins the oldest matching day event, or gets
narrowed to the first day event written after it). Writing in archive order makes the store
equal to a single-process ingest of the same archive, row for row, whatever the number of
workers and whichever finishes first. The order is a Dask dependency, not a lock that a worker
waits on: no worker thread sits idle waiting for its turn (it extracts other partitions
meanwhile), and a dead worker blocks nothing: Dask runs its tasks again elsewhere (or, once
``distributed.scheduler.allowed-failures`` is spent, the run stops with one error).
Extraction runs at most ``ahead`` partitions ahead of the writes (its results wait in the
workers' memory until written). Writers on PostgreSQL still take a transaction-scoped advisory
lock per batch, so another ingest into the same store at the same time is safe too (its
articles interleave with these batch by batch). Articles already stored (same content hash)
are skipped, so a rerun after a failure adds only what is missing::

    from timeline.distributed import ingest_distributed
    summary = ingest_distributed(
        "postgresql+psycopg://user@db-host/timeline", ["archive/"],
        scheduler="tcp://scheduler-host:8786",
    )
    print(summary.line())

The workers need ``timeline`` installed and the partitions' paths readable (a shared file
system). Dask (``pip install 'timeline[distributed]'``) is imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from timeline.errors import InputError, TimelineError
from timeline.events.types import Article
from timeline.ingest import IngestSummary, Outcome
from timeline.text import LoadError

#: Articles written per transaction by a worker.
BATCH_SIZE = 32
#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 10
#: Partitions extracted ahead of the last one written, per worker thread of the cluster.
AHEAD_PER_THREAD = 2


class DistributedError(TimelineError):
    """The cluster failed: the scheduler cannot be reached or workers died (exit 1)."""


_STORES: dict[str, Any] = {}  # one open store per database URL in each worker process


def _worker_store(url: str) -> Any:
    from timeline.store import open_store

    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = open_store(url, create=False)
    return store


def extract_partition(
    path: str,
    *,
    fmt: str = "auto",
    published: date | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
    coder: str = "rules",
    after: Any = None,
) -> list[tuple[Article | LoadError, Outcome | None]]:
    """A task: the partition's articles with their events (pure; no store). ``after`` is
    the write task this one waits for (it bounds how far extraction runs ahead)."""
    from timeline.ingest import check_ingest_coder, extract_items
    from timeline.text import DEFAULT_MAX_BYTES, iter_articles

    check_ingest_coder(coder)
    articles = iter_articles(
        [path], fmt=fmt, published=published, source=source,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )  # fmt: skip
    return extract_items(articles, coder)


def write_partition(
    url: str,
    extracted: list[tuple[Article | LoadError, Outcome | None]],
    previous: IngestSummary | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """A task: store a partition's extracted articles in the store at ``url``, in order.
    ``previous`` is the summary of the partition before it: this task runs after it."""
    from timeline.ingest import store_extracted

    return store_extracted(_worker_store(url), extracted, batch_size=batch_size)


def partitions(paths: Iterable[str]) -> list[str]:
    """The archive's partitions: every file under the given files and directories, sorted."""
    from timeline.text import expand_paths

    files = expand_paths(paths)
    if "-" in files:
        raise InputError("--engine dask reads files, not standard input")
    return files


def _check_url(url: str) -> None:
    if not url.startswith(("postgresql", "postgres")):
        raise InputError(
            "--engine dask needs a shared PostgreSQL store: --db postgresql+psycopg://..."
        )


def _connect(scheduler: str | None, timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--engine dask needs Dask distributed: pip install 'timeline[distributed]'"
        ) from None
    if not scheduler:
        raise InputError("--engine dask needs --scheduler tcp://HOST:PORT")
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"cannot reach the Dask scheduler at {scheduler}: {reason}"
        raise DistributedError(message) from None


def ingest_distributed(
    url: str,
    paths: Sequence[str],
    *,
    scheduler: str | None = None,
    client: Any = None,
    fmt: str = "auto",
    published: date | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
    batch_size: int = BATCH_SIZE,
    timeout: float = CONNECT_TIMEOUT,
    coder: str = "rules",
    ahead: int | None = None,
) -> IngestSummary:
    """Ingest every partition under ``paths`` on the cluster; the summary of all of them.

    Give ``scheduler`` (``tcp://host:8786``) or an existing ``client``. The schema is brought
    up to date here, once, before any task runs. The partitions are extracted in parallel and
    written in archive order (the module's docstring), at most ``ahead`` partitions extracted
    and not yet written (default: ``AHEAD_PER_THREAD`` per worker thread). DistributedError
    when the scheduler cannot be reached or a worker dies for good (articles committed before
    stay committed; rerun to finish).
    """
    from timeline.store import open_store

    _check_url(url)
    if ahead is not None and ahead < 1:
        raise InputError(f"ahead must be at least 1, got {ahead}")
    files = partitions(paths)
    own = client is None
    if own:
        client = _connect(scheduler, timeout)
    try:
        open_store(url, create=True).close()  # migrations once, not racing in the workers
        if ahead is None:
            ahead = AHEAD_PER_THREAD * max(1, sum(client.nthreads().values()))
        writes: list[Any] = []
        for i, path in enumerate(files):
            # ``ahead`` partitions after the last one written at most: its write is a
            # dependency. Earlier partitions first; a write as soon as it may run.
            extracted = client.submit(
                extract_partition, path, fmt=fmt, published=published, source=source,
                max_bytes=max_bytes, coder=coder,
                after=writes[i - ahead] if i >= ahead else None,
                key=f"timeline-extract-{i}-{path}", pure=False, priority=-i,
            )  # fmt: skip
            writes.append(
                client.submit(
                    write_partition,
                    url,
                    extracted,
                    writes[-1] if writes else None,
                    batch_size=batch_size,
                    key=f"timeline-write-{i}-{path}",
                    pure=False,
                    priority=1,
                )  # fmt: skip
            )
            del extracted  # held by its write only: released once written
        total = IngestSummary()
        try:
            results = client.gather(writes)
        except TimelineError:
            raise
        except Exception as exc:  # KilledWorker, CommClosedError, a lost scheduler ...
            reason = str(exc).splitlines()[0] if str(exc) else ""
            raise DistributedError(
                f"the Dask cluster failed ({type(exc).__name__}{': ' + reason if reason else ''})"
                "; the articles committed so far stay stored: run the same command again to "
                "ingest the rest"
            ) from None
        for part in results:
            total.articles += part.articles
            total.new_events += part.new_events
            total.merged_mentions += part.merged_mentions
            total.skipped += part.skipped
            total.errors.extend(part.errors)
        return total
    finally:
        if own:
            client.close()


__all__ = [
    "AHEAD_PER_THREAD",
    "BATCH_SIZE",
    "DistributedError",
    "extract_partition",
    "ingest_distributed",
    "partitions",
    "write_partition",
]
