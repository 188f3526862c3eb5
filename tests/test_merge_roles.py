"""The merge policy on roles and codes (tests/fixtures/merge_role_pairs.tsv): the in-article
merge (``timeline.events.merge``), the store's merge of one article's events and its merge
across articles (``timeline.store.ingest``, with its SQL lookup) must agree on every pair."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_helpers import backend_url

import timeline.store.ingest as ingest_mod
from timeline.events.merge import merge_events, roles_conflict, roles_matter
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store

PAIRS = Path(__file__).parent / "fixtures" / "merge_role_pairs.tsv"
DAY = date(2019, 3, 4)
COUNTRIES = set(
    "India Pakistan Iran Libya Russia Ukraine France Germany Israel Lebanon Portugal".split()
) | {"United States"}
ORGANIZATIONS = {"United Nations", "UN Security Council", "UN General Assembly"}


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
        name, role = part.split("=")
        name, _, country = name.partition("@")  # "Ronald Reagan@United States": his country
        kind = "country" if name in COUNTRIES else "person"
        kind = "organization" if name in ORGANIZATIONS else kind
        home = name if kind == "country" else (country or None)
        refs.append(ActorRef(name, kind, home, role=role))
    sentence = f"Report {offset}: {spec}."
    return ExtractedEvent(
        type=type_,
        cameo=code,
        label="",
        summary=sentence,
        sentence=sentence,
        sentence_start=offset * 100,
        sentence_end=offset * 100 + len(sentence),
        start=DAY,
        end=DAY,
        granularity="day",
        date_text="on Monday",
        actors=refs,
    )


def _pair(row: dict[str, str]) -> tuple[ExtractedEvent, ExtractedEvent]:
    return _event(row["type"], row["a"], 0), _event(row["type"], row["b"], 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(backend_url(request.param, tmp_path, "roles.db")) as s:
        yield s


def test_fixture_has_both_answers_and_the_required_kinds() -> None:
    ids = {r["id"] for r in ROWS}
    assert {r["merge"] for r in ROWS} == {"yes", "no"}
    assert {"reversed_accusation", "reversed_meeting", "reversed_downing"} <= ids
    assert len(ids) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_in_article_merge(row: dict[str, str]) -> None:
    a, b = _pair(row)
    merged = merge_events([a, b])
    assert len(merged) == (1 if (row["in_article"] or row["merge"]) == "yes" else 2), row["why"]
    if len(merged) == 1:  # both reports' actors are kept (a state beside its official)
        names = {x.name for x in merged[0].actors}
        assert names == {x.name for x in [*a.actors, *b.actors]}, row["why"]
        assert "merge.same_event" in merged[0].rules
        if row["evidence"]:
            assert row["evidence"] in merged[0].rules, row["why"]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_store_merges_as_in_article_and_across_articles(store: Store, row: dict[str, str]) -> None:
    want = 1 if row["merge"] == "yes" else 2
    a, b = _pair(row)
    # both reports in one article (the store's in-article merge, no pipeline merge before it)
    store.ingest_article(Article(text=f"one article {row['id']}", published=DAY), [a, b])
    assert len(store.query(EventFilter())) == want, row["why"]
    # then each report alone in its own article: each joins the event it belongs to
    a2, b2 = _pair(row)
    store.ingest_article(Article(text=f"article a {row['id']}", published=DAY), [a2])
    store.ingest_article(Article(text=f"article b {row['id']}", published=DAY), [b2])
    events = store.query(EventFilter())
    assert len(events) == want, row["why"]
    assert sorted(len(e.mentions) for e in events) == ([4] if want == 1 else [2, 2])


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_cross_article_in_a_fresh_store(tmp_path: Path, row: dict[str, str]) -> None:
    """Across articles with nothing stored before: the SQL lookup alone decides."""
    a, b = _pair(row)
    with open_store(str(tmp_path / "fresh.db")) as s:
        s.ingest_article(Article(text="first", published=DAY), [a])
        s.ingest_article(Article(text="second", published=DAY), [b])
        assert len(s.query(EventFilter())) == (1 if row["merge"] == "yes" else 2), row["why"]


def test_role_policy() -> None:
    assert roles_conflict("source", "target") and roles_conflict("target", "source")
    for a, b in [("source", "source"), ("participant", "target"), ("source", "participant"),
                 (None, "target"), ("target", "target")]:  # fmt: skip
        assert not roles_conflict(a, b)
    assert not roles_matter("04") and not roles_matter("06")
    assert not roles_matter("04", "040") and not roles_matter("05", "057")
    assert roles_matter("04", "042") and roles_matter("04", "043") and roles_matter("06", "064")
    for root in ("01", "02", "03", "05", "11", "12", "19"):
        assert roles_matter(root)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_sql_lookup_applies_the_policy_itself(
    store: Store, row: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The candidates the SQL lookup returns (before any Python test): the stored report for
    a "yes" pair, nothing for a "no" pair (reversed roles are ruled out in SQL, not only in
    the Python rule)."""
    a, b = _pair(row)
    store.ingest_article(Article(text="first", published=DAY), [a])
    returned: set[int] = set()
    read = ingest_mod._read_candidates

    def spy(rows, found, arms):  # type: ignore[no-untyped-def]
        returned.update(r[1] for r in rows)
        return read(rows, found, arms)

    monkeypatch.setattr(ingest_mod, "_read_candidates", spy)
    store.ingest_article(Article(text="second", published=DAY), [b])
    first = min(e.id or 0 for e in store.query(EventFilter()))
    assert returned == ({first} if row["merge"] == "yes" else set()), row["why"]
