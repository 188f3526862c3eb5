"""Merges across articles of actors that stand for one another (issue #12,
tests/fixtures/merge_side_pairs.tsv): the store's merge (``timeline.store.ingest``: its side
lookup and ``_represented``) agrees with the in-article merge (``timeline.events.merge``) in
both orders of the two articles, keeps both reports' actors and records the rule."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_helpers import backend_url
from sqlalchemy import select

from timeline.events.merge import merge_events
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store
from timeline.store.common import MERGE_NOTE

PAIRS = Path(__file__).parent / "fixtures" / "merge_side_pairs.tsv"
DAY = date(2019, 3, 4)
ORGANIZATIONS = {"United Nations", "UN Security Council"}


def _rows() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as fh:
        return list(
            csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        )


ROWS = _rows()


def _event(type_: str, spec: str, offset: int) -> ExtractedEvent:
    code, actors = spec.split(";")
    refs = []
    for part in actors.split(","):
        who, role = part.split("=")
        who, _, actor_code = who.partition("#")
        name, _, country = who.partition("@")
        if country:
            refs.append(ActorRef(name, "person", country, role=role, code=actor_code))
        elif name in ORGANIZATIONS:
            refs.append(ActorRef(name, "organization", None, role=role, code=actor_code))
        else:
            refs.append(ActorRef(name, "country", name, role=role, code=actor_code))
    sentence = f"Report {offset}: {spec}."
    return ExtractedEvent(
        type=type_, cameo=code, label="", summary=sentence, sentence=sentence,
        sentence_start=offset * 100, sentence_end=offset * 100 + len(sentence),
        start=DAY, end=DAY, granularity="day", date_text="on Monday", actors=refs,
    )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(backend_url(request.param, tmp_path, "sides.db")) as s:
        yield s


def test_fixture_has_both_answers() -> None:
    assert {r["merge"] for r in ROWS} == {"yes", "no"}
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    assert {"merge.person_side", "merge.organ_parent"} <= {r["evidence"] for r in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_in_article_merge(row: dict[str, str]) -> None:
    a, b = _event(row["type"], row["a"], 0), _event(row["type"], row["b"], 1)
    merged = merge_events([a, b])
    assert len(merged) == (1 if row["merge"] == "yes" else 2), row["why"]
    if row["evidence"]:
        assert row["evidence"] in merged[0].rules, row["why"]


@pytest.mark.parametrize("order", ["ab", "ba"])
@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_store_merges_across_articles(store: Store, row: dict[str, str], order: str) -> None:
    reports = {k: _event(row["type"], row[k], i) for i, k in enumerate("ab")}
    for k in order:
        store.ingest_article(Article(text=f"article {k} {row['id']}", published=DAY), [reports[k]])
    events = store.query(EventFilter())
    if row["merge"] == "no":
        assert len(events) == 2, row["why"]
        return
    assert len(events) == 1, row["why"]
    (event,) = events
    assert len(event.mentions) == 2
    # both reports' actors are kept: the state beside its official, the organ beside its body
    names = {a.name for k in "ab" for a in reports[k].actors}
    assert {a.name for a in event.actors} == names, row["why"]
    with store._engine.connect() as conn:
        notes = [json.loads(e) for e in conn.execute(select(MERGE_NOTE.c.evidence)).scalars()]
    assert [n.get("actor_rules") for n in notes] == [[row["evidence"]]], row["why"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_side_sql_is_the_compiled_statement(dialect: str) -> None:
    """The side lookup assembled from one compiled arm is the whole statement compiled."""
    from sqlalchemy import union_all
    from sqlalchemy.dialects import postgresql, sqlite

    from timeline.store.ingest import _compile, _side_arm, _side_outer, _side_sql

    d = sqlite.dialect() if dialect == "sqlite" else postgresql.dialect()
    for arms, terms, null_term, width in [(4, 2, True, 4), (8, 1, False, 8)]:
        parts = [_side_arm(k, terms, null_term, width) for k in range(arms)]
        whole = _compile(_side_outer(union_all(*parts).subquery("ids")), d, ())
        got = _side_sql(d, arms, terms, null_term, width)
        assert (got.sql, got.order, got.date_at) == (whole.sql, whole.order, whole.date_at)
