"""Ingest a partitioned archive on a Dask distributed cluster into a shared PostgreSQL store.

One task per partition (a file of the archive: a JSONL feed, a text or an HTML article). A worker
reads its partition, runs the pure ``pipeline()`` on each article and writes them to the store
in batches (one transaction per batch, each article all or nothing, see
:meth:`timeline.store.Store.ingest_articles`). Writers on PostgreSQL take a transaction-scoped
advisory lock for each batch, so concurrent writers never miss each other's events: the same
event reported in two partitions becomes one event with two mentions, as in one process.
Articles already stored (same content hash) are skipped, so a rerun after a failure adds only
what is missing::

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
from timeline.ingest import IngestSummary

#: Articles written per transaction by a worker.
BATCH_SIZE = 32
#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 10


class DistributedError(TimelineError):
    """The cluster failed: the scheduler cannot be reached or workers died (exit 1)."""


_STORES: dict[str, Any] = {}  # one open store per database URL in each worker process


def _worker_store(url: str) -> Any:
    from timeline.store import open_store

    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = open_store(url, create=False)
    return store


def ingest_partition(
    url: str,
    path: str,
    *,
    fmt: str = "auto",
    published: date | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
    batch_size: int = BATCH_SIZE,
    coder: str = "rules",
) -> IngestSummary:
    """The task run on a worker: ingest one partition into the store at ``url``."""
    from timeline.ingest import ingest
    from timeline.text import DEFAULT_MAX_BYTES, iter_articles

    store = _worker_store(url)
    articles = iter_articles(
        [path], fmt=fmt, published=published, source=source,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )  # fmt: skip
    return ingest(store, articles, batch_size=batch_size, coder=coder)


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
) -> IngestSummary:
    """Ingest every partition under ``paths`` on the cluster; the summary of all of them.

    Give ``scheduler`` (``tcp://host:8786``) or an existing ``client``. The schema is brought
    up to date here, once, before any task runs. DistributedError when the scheduler cannot be
    reached or a worker dies (articles committed before stay committed; rerun to finish).
    """
    from timeline.store import open_store

    _check_url(url)
    files = partitions(paths)
    own = client is None
    if own:
        client = _connect(scheduler, timeout)
    try:
        open_store(url, create=True).close()  # migrations once, not racing in the workers
        futures = [
            client.submit(
                ingest_partition, url, path, fmt=fmt, published=published, source=source,
                max_bytes=max_bytes, batch_size=batch_size, coder=coder,
                key=f"timeline-ingest-{i}-{path}",
                pure=False,
            )
            for i, path in enumerate(files)
        ]  # fmt: skip
        total = IngestSummary()
        try:
            results = client.gather(futures)
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
    "BATCH_SIZE",
    "DistributedError",
    "ingest_distributed",
    "ingest_partition",
    "partitions",
]
