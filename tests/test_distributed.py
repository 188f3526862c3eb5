"""Ingest on a Dask cluster into PostgreSQL: the same store as one process, safe concurrent
writers, idempotent reruns, one-line errors when the cluster fails.

The cluster is a ``LocalCluster`` on 127.0.0.1 with 2 worker processes; the store is the
database named by ``TIMELINE_TEST_POSTGRES_URL`` (CI starts one; wiped first). Without it the
PostgreSQL tests are skipped with the reason; the cluster-failure tests always run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pg_helpers import wipe
from typer.testing import CliRunner

from timeline.cli import app
from timeline.distributed import DistributedError, ingest_distributed
from timeline.errors import InputError
from timeline.ingest import ingest
from timeline.store import EventFilter, open_store
from timeline.text import iter_articles

URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")
needs_pg = pytest.mark.skipif(not URL, reason="set TIMELINE_TEST_POSTGRES_URL to run")

SHARED = "Moon Jae-in met Donald Trump in Washington on Thursday."
# Partition a.jsonl and b.jsonl both report the Washington meeting (one event, two mentions).
PARTITIONS = {
    "a.jsonl": [
        {"id": "a-1", "published": "2019-04-11", "source": "Wire A",
         "text": f"{SHARED} The two leaders discussed the stalled nuclear talks."},
        {"id": "a-2", "published": "2019-04-12", "source": "Wire A",
         "text": "Kim Jong Un visited Vladivostok on Friday. Vladimir Putin hosted him."},
    ],
    "b.jsonl": [
        {"id": "b-1", "published": "2019-04-11", "source": "Wire B",
         "text": f"Officials in Seoul were upbeat. {SHARED}"},
        {"id": "b-2", "published": "2019-03-01", "source": "Wire B",
         "text": "Donald Trump and Kim Jong Un met in Hanoi on Thursday."},
    ],
}  # fmt: skip
TEXT = "published: 2019-04-10\nsource: Wire C\n\nXi Jinping called on Kim Jong Un on Wednesday.\n"


def write_archive(root: Path) -> Path:
    archive = root / "archive"
    (archive / "part").mkdir(parents=True)
    for name, rows in PARTITIONS.items():
        lines = "".join(json.dumps(r) + "\n" for r in rows)
        (archive / name).write_text(lines, encoding="utf-8")
    (archive / "part" / "c.txt").write_text(TEXT, encoding="utf-8")
    return archive


def canonical(url: str) -> list[tuple[Any, ...]]:
    """The stored events without database ids: what must not depend on the engine."""
    with open_store(url, create=False) as store:
        events = store.query(EventFilter(include_undated=True))
    rows = []
    for e in events:
        ev = e if isinstance(e, dict) else e.to_dict()
        rows.append(
            (
                ev["type"], ev["cameo"], ev["start"], ev["end"], ev["granularity"],
                ev["summary"], ev["status"], ev["location"],
                tuple(sorted((a["name"], a["role"]) for a in ev["actors"])),
                tuple(sorted((m["document"], m["sentence"]) for m in ev["mentions"])),
            )
        )  # fmt: skip
    return sorted(rows, key=repr)


def store_rows(url: str) -> dict[str, Any]:
    """Every stored row that ingest writes, without database ids or clock times: documents and
    events in id order (the order they were written), actors and aliases by name, and each
    event's actor links, mentions and merge notes. Two stores are the same when these are."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        meta = MetaData()
        meta.reflect(engine, only=["document", "event", "event_actor", "mention",
                                   "merge_note", "actor", "actor_alias"])  # fmt: skip
        t = meta.tables
        with engine.connect() as conn:

            def rows(name: str, *drop: str) -> list[dict[str, Any]]:
                table = t[name]
                out = []
                for r in conn.execute(select(table)).mappings():
                    out.append({k: str(v) if v is not None else None
                                for k, v in r.items() if k not in drop})  # fmt: skip
                return out

            docs = sorted(rows("document", "ingested_at"), key=lambda r: int(r["id"]))
            doc_key = {r.pop("id"): r["doc_id"] or r["sha256"] for r in docs}
            actors = rows("actor")
            actor_key = {r["id"]: r["name"] for r in actors}
            aliases = sorted(
                (actor_key[r["actor_id"]], r["alias"], r["folded"]) for r in rows("actor_alias")
            )
            events = sorted(rows("event", "created_at", "updated_at"), key=lambda r: int(r["id"]))
            detail: dict[str, dict[str, list[Any]]] = {
                r["id"]: {"actors": [], "mentions": [], "notes": []} for r in events
            }
            for r in rows("event_actor"):
                detail[r["event_id"]]["actors"].append(
                    (actor_key[r["actor_id"]], r["role"], r["code"], r["rule"], r["evidence"])
                )
            for r in rows("mention", "id"):
                r["document_id"] = doc_key.get(r["document_id"])
                detail[r.pop("event_id")]["mentions"].append(sorted(r.items()))
            for r in rows("merge_note", "id", "created_at"):
                r["document_id"] = doc_key.get(r["document_id"])
                detail[r.pop("event_id")]["notes"].append(sorted(r.items()))
            stored = []
            for r in events:
                more = {k: sorted(v, key=repr) for k, v in detail[r.pop("id")].items()}
                stored.append({**r, **more})
        return {
            "documents": docs,
            "actors": sorted((r["name"], r["folded"], r["kind"], r["country"]) for r in actors),
            "aliases": aliases,
            "events": stored,
        }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=40,
    ) as c:  # fmt: skip
        yield c


@needs_pg
def test_two_workers_store_what_one_process_stores_and_a_rerun_adds_nothing(
    tmp_path: Path, cluster: Any
) -> None:
    archive = write_archive(tmp_path)
    wipe(URL)
    summary = ingest_distributed(URL, [str(archive)], scheduler=cluster.scheduler_address)
    assert summary.errors == [] and summary.articles == 5 and summary.skipped == 0
    single = f"{tmp_path / 'single.db'}"
    with open_store(single) as store:
        one = ingest(store, iter_articles([str(archive)]))
    assert one.errors == []
    distributed = canonical(URL)
    assert distributed == canonical(single)
    assert store_rows(URL) == store_rows(single)
    assert (summary.new_events, summary.merged_mentions) == (one.new_events, one.merged_mentions)
    # the meeting both partitions report is one event with a mention from each
    (meeting,) = [row for row in distributed if any(s == SHARED for _, s in row[-1])]
    assert {doc for doc, _ in meeting[-1]} == {"a-1", "b-1"}

    again = ingest_distributed(URL, [str(archive)], scheduler=cluster.scheduler_address)
    assert (again.articles, again.skipped, again.new_events, again.merged_mentions) == (5, 5, 0, 0)
    assert canonical(URL) == distributed


# A chain of reports: A (1 January) ~ B (January, "earlier this month") ~ C (20 January), but
# A !~ C. Which of them merge depends on the order they reach the store. In archive order
# (a.jsonl, b.jsonl, c.jsonl) B joins A (the oldest of its candidates) and C stays alone; had
# B or C been written before A, B would have joined C (or been narrowed to C's day) and A
# would stay alone. A comes last in a.jsonl, after fillers that make a.jsonl slow, so workers
# that write each partition as they read it store B or C first.
CHAIN_A = {"id": "chain-a", "published": "2016-01-02", "source": "Wire A", "text":
           "Kim Jong Un condemned the missile launch on Friday, calling it a "
           "provocation."}  # fmt: skip
CHAIN = {
    "b.jsonl": [{"id": "chain-b", "published": "2016-01-21", "source": "Wire B", "text":
                 "North Korean leader Kim Jong Un condemned the missile launch earlier this "
                 "month, calling it a provocation."}],
    "c.jsonl": [{"id": "chain-c", "published": "2016-01-21", "source": "Wire C", "text":
                 "Kim Jong Un condemned the missile launch on Wednesday, calling it a "
                 "provocation."}],
}  # fmt: skip


def write_chain_archive(root: Path) -> Path:
    archive = root / "chain"
    archive.mkdir()
    fillers = [
        {"id": f"filler-{i}", "published": f"{1980 + i}-03-09", "source": "Wire F",
         "text": f"Angela Merkel said on Monday that round {i} of the negotiations had made "
                 "progress. Vladimir Putin hosted Xi Jinping at a state dinner on Sunday."}
        for i in range(40)
    ]  # fmt: skip
    for name, rows in {"a.jsonl": [*fillers, CHAIN_A], **CHAIN}.items():
        (archive / name).write_text("".join(json.dumps(r) + "\n" for r in rows))
    return archive


@needs_pg
def test_two_workers_merge_a_chain_of_reports_in_archive_order(
    tmp_path: Path, cluster: Any
) -> None:
    archive = write_chain_archive(tmp_path)
    single = f"{tmp_path / 'single.db'}"
    with open_store(single) as store:
        one = ingest(store, iter_articles([str(archive)]))
    expected = canonical(single)
    chain = [row for row in expected if row[0] == "11"]
    # in archive order B joins A and C stays alone (the case this test is about)
    assert [{doc for doc, _ in row[-1]} for row in chain] == [{"chain-a", "chain-b"}, {"chain-c"}]
    wipe(URL)
    summary = ingest_distributed(URL, [str(archive)], scheduler=cluster.scheduler_address)
    assert summary.errors == [] and summary.articles == one.articles == 43
    assert canonical(URL) == expected
    assert store_rows(URL) == store_rows(single)  # every row, documents and events in order
    assert (summary.new_events, summary.merged_mentions) == (one.new_events, one.merged_mentions)


@needs_pg
def test_cli_engine_dask(tmp_path: Path, cluster: Any) -> None:
    archive = write_archive(tmp_path)
    wipe(URL)
    args = ["--db", URL, "ingest", str(archive), "--engine", "dask", "--scheduler"]
    result = CliRunner().invoke(app, [*args, cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("ingested 5 articles:")
    assert len(canonical(URL)) == len(canonical_single(tmp_path, archive))


def canonical_single(tmp_path: Path, archive: Path) -> list[tuple[Any, ...]]:
    db = f"{tmp_path / 'cli-single.db'}"
    with open_store(db) as store:
        ingest(store, iter_articles([str(archive)]))
    return canonical(db)


@needs_pg
def test_a_worker_that_dies_is_one_error_and_a_rerun_finishes(tmp_path: Path) -> None:
    import dask
    from distributed import Client, LocalCluster

    archive = write_archive(tmp_path)
    wipe(URL)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=50,
    ) as c, Client(c) as client:  # fmt: skip
        client.register_plugin(DieOnPartition("b.jsonl"))
        with pytest.raises(DistributedError, match="run the same command again"):
            ingest_distributed(URL, [str(archive)], client=client)
    committed = canonical(URL)
    with open_store(URL, create=False) as store:
        stored = store.stats()["documents"]
    docs = {doc for row in committed for doc, _ in row[-1]}
    assert stored < 5 and not docs & {"b-1", "b-2"}  # the dead partition left nothing behind
    # what was committed before the death stays; a rerun on a healthy cluster finishes the job
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=50,
    ) as c:  # fmt: skip
        rest = ingest_distributed(URL, [str(archive)], scheduler=c.scheduler_address)
    assert rest.errors == [] and rest.articles == 5
    assert rest.skipped == stored  # what was committed is skipped, the rest is ingested
    assert canonical(URL) == canonical_single(tmp_path, archive)


try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a dev dependency
    WorkerPlugin = object  # type: ignore[assignment,misc]


class DieOnPartition(WorkerPlugin):
    """A worker plugin that kills its worker process when a task of one partition starts."""

    name = "die-on-partition"

    def __init__(self, partition: str) -> None:
        self.partition = partition

    def setup(self, worker: Any) -> None:
        self.worker = worker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).endswith(self.partition):
            os._exit(1)


class DieOnceOnWrite(WorkerPlugin):
    """Kills its worker process when the write task of one partition starts, the first time
    only (a flag file says it happened)."""

    name = "die-once-on-write"

    def __init__(self, partition: str, flag: str) -> None:
        self.partition, self.flag = partition, flag

    def setup(self, worker: Any) -> None:
        self.worker = worker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        name = str(key)
        if (
            finish == "executing"
            and name.startswith("timeline-write-")
            and name.endswith(self.partition)
            and not os.path.exists(self.flag)
        ):
            Path(self.flag).write_text("died")
            os._exit(1)


@needs_pg
def test_a_worker_lost_while_writing_blocks_nothing_and_the_store_is_the_same(
    tmp_path: Path,
) -> None:
    """Dask runs the lost write again on the other worker (the next partitions wait for it):
    the run finishes and the store is still a single-process ingest's."""
    import dask
    from distributed import Client, LocalCluster

    archive = write_chain_archive(tmp_path)
    flag = tmp_path / "died"
    wipe(URL)
    with dask.config.set({"distributed.scheduler.allowed-failures": 3}), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=50,
    ) as c, Client(c) as client:  # fmt: skip
        client.register_plugin(DieOnceOnWrite("b.jsonl", str(flag)))
        summary = ingest_distributed(URL, [str(archive)], client=client)
    assert flag.exists()  # a worker did die
    assert summary.errors == [] and summary.articles == 43
    single = f"{tmp_path / 'single.db'}"
    with open_store(single) as store:
        ingest(store, iter_articles([str(archive)]))
    assert store_rows(URL) == store_rows(single)


def test_an_unreachable_scheduler_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    archive = write_archive(tmp_path)
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    result = CliRunner().invoke(
        app, ["--db", url, "ingest", str(archive), "--engine", "dask",
              "--scheduler", "tcp://127.0.0.1:9"],
    )  # fmt: skip
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )


def test_engine_dask_needs_postgresql_and_a_scheduler(tmp_path: Path) -> None:
    archive = write_archive(tmp_path)
    db = tmp_path / "t.db"
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "ingest", str(archive), "--engine", "dask",
                                 "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert result.exit_code == 2 and "needs a shared PostgreSQL store" in result.output
    assert not db.exists()
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    result = runner.invoke(app, ["--db", url, "ingest", str(archive), "--engine", "dask"])
    assert result.exit_code == 2 and "--scheduler tcp://HOST:PORT" in result.output
    result = runner.invoke(app, ["--db", str(db), "ingest", str(archive),
                                 "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert result.exit_code == 2 and "--engine dask" in result.output
    assert not db.exists()


def test_ahead_must_be_positive(tmp_path: Path) -> None:
    archive = write_archive(tmp_path)
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    with pytest.raises(InputError, match="ahead must be at least 1"):
        ingest_distributed(url, [str(archive)], scheduler="tcp://127.0.0.1:9", ahead=0)
