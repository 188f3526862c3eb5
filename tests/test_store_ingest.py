"""Ingest at scale: bounded SQL per article, in-article merging, the per-Store actor cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from timeline.errors import InputError
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, Store, open_store

PEOPLE = [f"Leader {c}" for c in "ABCDEFGH"]


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(str(db_path)) as s:
        yield s


def extracted(
    who: list[str],
    start: date | None,
    end: date | None = None,
    sentence_start: int = 0,
    type_: str = "04",
    aliases: tuple[str, ...] = (),
) -> ExtractedEvent:
    return ExtractedEvent(
        type=type_,
        label="consult",
        summary=f"{' and '.join(who)} meet",
        sentence=f"{' and '.join(who)} met.",
        sentence_start=sentence_start,
        sentence_end=sentence_start + 10,
        start=start,
        end=end or start,
        granularity="day" if start else None,
        date_text="on Monday" if start else None,
        actors=[ActorRef(w, "person", None, "participant", aliases) for w in who],
    )


def article_events(i: int, k: int) -> list[ExtractedEvent]:
    """``k`` events of known actors around day ``i``: some new, some merging with earlier ones."""
    base = date(2019, 1, 1) + timedelta(days=i)
    return [
        extracted(
            [PEOPLE[(i + j) % len(PEOPLE)], PEOPLE[(i + j + 1) % len(PEOPLE)]],
            base - timedelta(days=j % 3),
            sentence_start=100 * j,
            type_=("04", "05", "06")[j % 3],
        )
        for j in range(k)
    ]


class StatementCounter:
    def __init__(self, store: Store) -> None:
        self.n = 0
        event.listen(store.engine, "before_cursor_execute", self._count)

    def _count(self, *args: Any) -> None:
        self.n += 1

    def during(self, fn: Any) -> int:
        before = self.n
        fn()
        return self.n - before


def test_statements_per_article_are_bounded_by_its_events_not_the_database(store: Store) -> None:
    counter = StatementCounter(store)
    k = 6
    counts = []
    for i in range(60):
        events = article_events(i, k)
        art = Article(f"article {i}", date(2019, 1, 1) + timedelta(days=i))
        counts.append(counter.during(lambda a=art, e=events: store.ingest_article(a, e)))
    assert store.count(EventFilter()) > 100  # the database grew: merges had many candidates
    # After the first articles (new actors) every article costs the same few statements, no
    # matter how many events are stored: O(events of the article), never O(rows).
    steady = counts[10:]
    assert max(steady) <= 3 * k + 12, counts
    assert max(counts[40:]) <= max(counts[10:20]), counts
    # A re-ingested article costs one query.
    again = Article("article 3", date(2019, 1, 4))
    assert counter.during(lambda: store.ingest_article(again, article_events(3, k))) <= 3


def test_an_event_merges_into_one_added_earlier_in_the_same_article(store: Store) -> None:
    month = extracted(["Leader A", "Leader B"], date(2019, 4, 1), date(2019, 4, 30))
    exact = extracted(["Leader A", "Leader B", "Leader C"], date(2019, 4, 25), sentence_start=50)
    res = store.ingest_article(Article("one", date(2019, 4, 26)), [month, exact])
    assert (res.new_events, res.merged_mentions) == (1, 1)
    (ev,) = store.query(EventFilter())
    assert (ev["start"], ev["end"]) == ("2019-04-25", "2019-04-25")  # narrowed in the article
    assert sorted(a["name"] for a in ev["actors"]) == ["Leader A", "Leader B", "Leader C"]
    # The actor added by the merge counts for the next article: an A-C meeting that day.
    res = store.ingest_article(
        Article("two", date(2019, 4, 27)), [extracted(["Leader C"], date(2019, 4, 25))]
    )
    assert (res.new_events, res.merged_mentions) == (0, 1)
    assert store.query(EventFilter(search="met"))[0]["id"] == ev["id"]


def test_events_with_different_partners_or_places_do_not_merge(store: Store) -> None:
    """A shared actor is not enough: A-B and B-C the same day are two meetings (neither actor
    set holds the other), and so are two meetings of one person in two cities."""
    ab = extracted(["Leader A", "Leader B"], date(2019, 4, 25))
    bc = extracted(["Leader B", "Leader C"], date(2019, 4, 25), sentence_start=50)
    res = store.ingest_article(Article("one", date(2019, 4, 26)), [ab, bc])
    assert (res.new_events, res.merged_mentions) == (2, 0)
    here = extracted(["Leader D"], date(2019, 5, 2))
    here.location = "Geneva"
    there = extracted(["Leader D"], date(2019, 5, 2), sentence_start=50)
    there.location = "Moscow"
    res = store.ingest_article(Article("two", date(2019, 5, 3)), [here, there])
    assert (res.new_events, res.merged_mentions) == (2, 0)
    # a day does not merge into a year-precise event either
    year = extracted(["Leader E"], date(2019, 1, 1), date(2019, 12, 31))
    year.granularity = "year"
    day = extracted(["Leader E"], date(2019, 6, 5), sentence_start=50)
    res = store.ingest_article(Article("three", date(2019, 6, 6)), [year, day])
    assert (res.new_events, res.merged_mentions) == (2, 0)


def test_a_place_the_gazetteer_lacks_does_not_block_a_merge(store: Store) -> None:
    """ "met in Anchorage" and "met in Alaska" (a name kept as written, no gazetteer entry):
    the unknown place cannot say the meeting was elsewhere; two known cities still can."""
    city = extracted(["Leader F", "Leader G"], date(2025, 8, 15))
    city.location = "Anchorage"
    region = extracted(["Leader F", "Leader G"], date(2025, 8, 15))
    region.location = "Alaska"
    store.ingest_article(Article("city", date(2025, 8, 16)), [city])
    res = store.ingest_article(Article("region", date(2025, 8, 16)), [region])
    assert (res.new_events, res.merged_mentions) == (0, 1)
    other = extracted(["Leader F", "Leader G"], date(2025, 8, 15))
    other.location = "Moscow"
    res = store.ingest_article(Article("moscow", date(2025, 8, 16)), [other])
    assert res.new_events == 1


def test_events_years_apart_in_one_article_each_find_their_match(store: Store) -> None:
    events = [
        extracted(["Leader A"], date(2019, 4, 25)),
        extracted(["Leader B"], date(2001, 9, 11), sentence_start=40),
        extracted(["Leader C"], None, sentence_start=80),
    ]
    first = store.ingest_article(Article("first", date(2019, 4, 26)), events)
    second = store.ingest_article(Article("second", date(2019, 4, 27)), events)
    assert (first.new_events, first.merged_mentions) == (3, 0)
    assert (second.new_events, second.merged_mentions) == (0, 3)


def test_actor_cache_follows_other_writers(db_path: Path) -> None:
    """Two stores on one file: aliases and actors one adds are seen by the other's cache."""
    art = 0

    def ingest(s: Store, aliases: tuple[str, ...]) -> None:
        nonlocal art
        art += 1
        ev = extracted(["Kim Jong Un"], date(2019, 4, 25), aliases=aliases)
        s.ingest_article(Article(f"article {art}", date(2019, 4, 26)), [ev])

    with open_store(str(db_path)) as one, open_store(str(db_path)) as two:
        ingest(one, ())
        ingest(two, ("DPRK leader",))
        ingest(one, ("DPRK leader", "Chairman Kim"))  # would clash on a stale alias cache
        ingest(two, ("Chairman Kim",))
        (kim,) = one.actors("kim")
        assert sorted(kim["aliases"]) == ["Chairman Kim", "DPRK leader"]
        assert len(one.query(EventFilter())) == 1


def test_actor_cache_forgets_a_rolled_back_article(store: Store, db_path: Path) -> None:
    bad = extracted(["Leader Z"], date(2019, 4, 25), type_="99", sentence_start=30)
    with pytest.raises(InputError):
        store.ingest_article(
            Article("x", date(2019, 4, 26)), [extracted(["Leader Y"], date(2019, 4, 25)), bad]
        )
    assert store.actors() == []
    store.ingest_article(
        Article("x", date(2019, 4, 26)), [extracted(["Leader Y"], date(2019, 4, 25))]
    )
    assert [a["name"] for a in store.actors()] == ["Leader Y"]
    assert store.query(EventFilter())[0]["actors"][0]["name"] == "Leader Y"
