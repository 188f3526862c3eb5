"""The store as a library: manual events, queries, actors, ingest (idempotence, merging,
rollback)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cameo import plover
from timeline.dates import DateInterval
from timeline.errors import InputError, NotFoundError, StoreError
from timeline.events.types import ActorRef, Article, ExtractedEvent
from timeline.store import EventFilter, EventInput, EventUpdate, Store, open_store
from timeline.store.store import fts_query

EVENT_KEYS = {
    "id", "type", "cameo", "plover", "label", "summary", "status", "start", "end",
    "granularity", "date_text", "actors", "location", "confidence", "coder",
    "coder_probability", "origin", "mentions",
    "edited", "undated",
}  # fmt: skip


def day(d: date, text: str = "") -> DateInterval:
    return DateInterval(d, d, "day", text, d.isoformat())


def month(y: int, m: int, text: str = "") -> DateInterval:
    from timeline.dates import month_interval

    s, e = month_interval(y, m)
    return DateInterval(s, e, "month", text, f"{y}-{m:02d}")


def refs(*names: str) -> list[ActorRef]:
    return [ActorRef(name=n, kind="unknown") for n in names]


@pytest.fixture(autouse=True)
def no_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Store logic is tested apart from the lexicon's data: no name resolves canonically."""
    import timeline.store.names as names_mod
    import timeline.store.store as store_mod

    monkeypatch.setattr(store_mod, "resolve_actor", lambda name, when=None: None)
    monkeypatch.setattr(names_mod, "resolve_actor", lambda name, when=None: None)  # queries


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(str(db_path)) as s:
        yield s


def kim_putin(
    sentence_start: int = 0,
    start: date | None = date(2019, 4, 25),
    end: date | None = None,
    granularity: str = "day",
    actors: list[ActorRef] | None = None,
    type_: str = "04",
) -> ExtractedEvent:
    return ExtractedEvent(
        type=type_,
        label="consult",
        summary="Kim Jong Un meets Vladimir Putin in Vladivostok",
        sentence="Kim Jong Un met Vladimir Putin in Vladivostok.",
        sentence_start=sentence_start,
        sentence_end=sentence_start + 46,
        start=start,
        end=end or start,
        granularity=granularity if start else None,
        date_text="on Thursday" if start else None,
        timex_value=start.isoformat() if start else None,
        actors=actors
        if actors is not None
        else [
            ActorRef("Kim Jong Un", "person", "North Korea", "source", ("Kim Jong-un",)),
            ActorRef("Vladimir Putin", "person", "Russia", "target"),
        ],
        location="Vladivostok",
        confidence=0.8,
    )


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- manual events ---------------------------------------------------------------------------


def test_add_get_shape_and_precision(store: Store) -> None:
    eid = store.add_event(
        EventInput(
            "Party plenum", "other", interval=month(2019, 2, "in February"),
            actors=refs("Kim Jong Un"), location="Pyongyang", source="KCNA",
        )
    )  # fmt: skip
    ev = store.get_event(eid)
    assert set(ev) == EVENT_KEYS
    assert (ev["start"], ev["end"], ev["granularity"]) == ("2019-02-01", "2019-02-28", "month")
    assert ev["date_text"] == "in February"
    assert ev["origin"] == "manual" and ev["confidence"] == 1.0 and not ev["edited"]
    # a name the lexicon does not know: no code, resolved by the person (rule "manual")
    assert ev["actors"] == [
        {"name": "Kim Jong Un", "role": "participant", "country": None, "code": None,
         "rule": "manual", "evidence": None}
    ]  # fmt: skip
    assert ev["mentions"] == [
        {
            "document": None,
            "source": "KCNA",
            "published": None,
            "sentence": "Party plenum",
            "url": None,
        }
    ]
    assert ev["label"] == "domestic political event"


def test_add_validates_before_writing(store: Store, db_path: Path) -> None:
    with pytest.raises(InputError, match="unknown event type"):
        store.add_event(EventInput("x", "42"))
    with pytest.raises(InputError, match="CAMEO"):
        store.add_event(EventInput("x", "04", cameo="163"))
    with pytest.raises(InputError, match="status"):
        store.add_event(EventInput("x", "04", status="rumoured"))
    assert count(db_path, "event") == 0


def test_update_marks_edited_and_replaces_actors(store: Store) -> None:
    eid = store.add_event(EventInput("Talks", "04", interval=day(date(2019, 4, 11)),
                                     actors=refs("A", "B")))  # fmt: skip
    ev = store.update_event(
        eid, EventUpdate(type="16", cameo="163", actors=refs("C"), location="Hanoi")
    )
    assert ev["edited"] and ev["type"] == "16" and ev["cameo"] == "163"
    assert ev["plover"] == plover("163")
    assert [a["name"] for a in ev["actors"]] == ["C"]
    assert ev["location"] == "Hanoi"
    ev = store.update_event(eid, EventUpdate(type="04"))  # a new root drops the finer code
    assert ev["cameo"] is None and ev["label"] == "consult"
    ev = store.update_event(eid, EventUpdate(undated=True))
    assert ev["start"] is None and ev["undated"]


def test_unknown_id(store: Store) -> None:
    for call in (
        lambda: store.get_event(42),
        lambda: store.update_event(42, EventUpdate(summary="x")),
        lambda: store.delete_event(42),
    ):
        with pytest.raises(NotFoundError, match="no event with id 42"):
            call()


def test_delete_removes_event_roles_mentions_and_index(store: Store, db_path: Path) -> None:
    eid = store.add_event(EventInput("Summit in Hanoi", "04", actors=refs("A")))
    assert store.query(EventFilter(search="Hanoi"))
    store.delete_event(eid)
    assert store.query(EventFilter(search="Hanoi")) == []
    assert count(db_path, "mention") == count(db_path, "event_actor") == 0
    assert count(db_path, "actor") == 1  # actors stay


# -- queries ---------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_event(EventInput("Party plenum", "other", interval=month(2019, 2),
                               actors=refs("Kim Jong Un")))  # fmt: skip
    store.add_event(EventInput("Moon meets Trump", "04", interval=day(date(2019, 4, 11)),
                               actors=refs("Moon Jae-in", "Donald Trump"),
                               location="Washington, D.C."))  # fmt: skip
    store.add_event(EventInput("Kim and Trump summit in Hanoi", "04",
                               interval=DateInterval(date(2019, 2, 27), date(2019, 2, 28)),
                               actors=refs("Kim Jong-un", "Donald Trump"),
                               location="Hanoi", status="happened"))  # fmt: skip
    store.add_event(EventInput("Sanctions stay, says a diplomat", "16", actors=refs("UN"),
                               status="reported"))  # fmt: skip
    return store


def summaries(events: list[dict]) -> list[str]:
    return [e["summary"] for e in events]


def test_sorted_by_start_undated_last(filled: Store) -> None:
    assert summaries(filled.query(EventFilter())) == [
        "Party plenum",
        "Kim and Trump summit in Hanoi",
        "Moon meets Trump",
        "Sanctions stay, says a diplomat",
    ]


def test_overlap_semantics(filled: Store) -> None:
    # A month-precise event overlaps a range inside its month; undated events are excluded.
    got = summaries(
        filled.query(EventFilter(date_from=date(2019, 2, 28), date_to=date(2019, 3, 1)))
    )
    assert got == ["Party plenum", "Kim and Trump summit in Hanoi"]
    assert summaries(filled.query(EventFilter(date_from=date(2019, 4, 11)))) == ["Moon meets Trump"]
    assert summaries(filled.query(EventFilter(date_to=date(2019, 2, 1)))) == ["Party plenum"]
    assert filled.query(EventFilter(date_from=date(2019, 5, 1))) == []


def test_actor_folding_and_all_of(filled: Store) -> None:
    # "Kim Jong-un" was typed for one event and "Kim Jong Un" for another: one actor.
    assert len(filled.query(EventFilter(actors=["kim jong un"]))) == 2
    got = filled.query(EventFilter(actors=["KIM JONG-UN", "donald trump"]))
    assert summaries(got) == ["Kim and Trump summit in Hanoi"]
    assert filled.query(EventFilter(actors=["Kim Jong Un", "Moon Jae-in"])) == []
    assert filled.query(EventFilter(actors=["Nobody"])) == []


def test_actor_query_goes_through_the_lexicon(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.store.names as names_mod  # query_keys: the names a query name denotes

    def fake_resolve(name: str, when: date | None = None) -> ActorRef | None:
        return (
            ActorRef("Kim Jong Un", "person", "North Korea") if name == "Supreme Leader" else None
        )

    monkeypatch.setattr(names_mod, "resolve_actor", fake_resolve)
    assert len(filled.query(EventFilter(actors=["Supreme Leader"]))) == 2


def test_type_status_location_limit(filled: Store) -> None:
    assert len(filled.query(EventFilter(types=["04"]))) == 2
    assert len(filled.query(EventFilter(types=["04", "16"]))) == 3
    assert summaries(filled.query(EventFilter(status=["reported"]))) == [
        "Sanctions stay, says a diplomat"
    ]
    assert summaries(filled.query(EventFilter(location="washington dc"))) == ["Moon meets Trump"]
    assert summaries(filled.query(EventFilter(location="%"))) == []  # no wildcards
    assert len(filled.query(EventFilter(limit=1))) == 1


def test_full_text_search(filled: Store) -> None:
    assert summaries(filled.query(EventFilter(search="hanoi"))) == ["Kim and Trump summit in Hanoi"]
    assert summaries(filled.query(EventFilter(search="sanction"))) == [
        "Sanctions stay, says a diplomat"
    ]  # prefix match
    assert len(filled.query(EventFilter(search="Trump"))) == 2
    for hostile in ['"', "AND(", 'NOT "', "*", "summit OR", "a:b", "NEAR(x y", "'); DROP"]:
        filled.query(EventFilter(search=hostile))  # never raises
    # Quotes and operators are plain text: a quoted word still finds its event.
    assert summaries(filled.query(EventFilter(search='"Hanoi"'))) == [
        "Kim and Trump summit in Hanoi"
    ]
    assert filled.query(EventFilter(search="summit OR")) == []  # "or" is a word to find


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_any_search_text_is_safe(text: str) -> None:
    with open_store(":memory:") as store:
        store.add_event(EventInput("Summit in Hanoi", "04"))
        result = store.query(EventFilter(search=text))
    assert result == [] or result[0]["summary"] == "Summit in Hanoi"


def test_search_without_fts5_falls_back_to_like(filled: Store) -> None:
    # The path PostgreSQL (or a SQLite built without FTS5) takes.
    filled._has_fts = False
    assert summaries(filled.query(EventFilter(search="hanoi SUMMIT"))) == [
        "Kim and Trump summit in Hanoi"
    ]
    assert summaries(filled.query(EventFilter(search="sanction"))) == [
        "Sanctions stay, says a diplomat"
    ]
    assert filled.query(EventFilter(search="%")) == []
    assert filled.query(EventFilter(search="hanoi zzz")) == []


def test_unknown_actors(filled: Store) -> None:
    assert filled.unknown_actors(["kim jong-un", "Nobody", "donald trump"]) == ["Nobody"]


def test_concurrent_writers_wait_for_each_other(db_path: Path) -> None:
    import threading

    open_store(str(db_path)).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with open_store(str(db_path)) as s:
                for i in range(8):
                    text = f"Writer {n} article {i}: Kim Jong Un met Vladimir Putin."
                    s.ingest_article(Article(text, date(2019, 4, 25)), [kim_putin()])
                    s.add_event(EventInput(f"note {n}-{i}", "01"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(db_path, "document") == 24 and count(db_path, "mention") == 24 + 24
    assert count(db_path, "event") == 1 + 24  # one merged meeting, 24 notes


_days = st.integers(min_value=0, max_value=60)


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(st.one_of(st.none(), st.tuples(_days, _days)), min_size=1, max_size=8),
    lo=st.one_of(st.none(), _days),
    hi=st.one_of(st.none(), _days),
)
def test_overlap_and_order_match_a_brute_force_model(
    spans: list[tuple[int, int] | None], lo: int | None, hi: int | None
) -> None:
    from datetime import timedelta

    base = date(2019, 1, 1)
    with open_store(":memory:") as store:
        expected = []
        for i, span in enumerate(spans):
            iv = None
            if span is not None:
                a, b = sorted(span)
                iv = DateInterval(base + timedelta(a), base + timedelta(b))
            eid = store.add_event(EventInput(f"event {i}", "04", interval=iv))
            expected.append((eid, span and sorted(span)))
        f = EventFilter(
            date_from=base + timedelta(lo) if lo is not None else None,
            date_to=base + timedelta(hi) if hi is not None else None,
        )
        if f.date_from and f.date_to and f.date_from > f.date_to:
            with pytest.raises(InputError):
                store.query(f)
            return
        got = [e["id"] for e in store.query(f)]
    ranged = lo is not None or hi is not None

    def matches(span: list[int] | None) -> bool:
        if span is None:
            return not ranged
        return (lo is None or span[1] >= lo) and (hi is None or span[0] <= hi)

    keep = [(eid, span) for eid, span in expected if matches(span)]
    keep.sort(key=lambda x: (x[1] is None, x[1][0] if x[1] else 0, x[0]))
    assert got == [eid for eid, _ in keep]


def test_fts_query_quotes_everything() -> None:
    assert fts_query('"') is None
    assert fts_query("AND( sanctions") == '"AND" "sanctions"*'


def test_actors_listing(filled: Store) -> None:
    rows = filled.actors()
    trump = next(r for r in rows if r["name"] == "Donald Trump")
    assert trump == {"name": "Donald Trump", "kind": "unknown", "country": None,
                     "aliases": [], "events": 2}  # fmt: skip
    kim = filled.actors("jong")
    assert [(r["name"], r["events"]) for r in kim] == [("Kim Jong Un", 2)]
    assert rows[0]["events"] >= rows[-1]["events"]


def test_stats(filled: Store) -> None:
    st = filled.stats()
    assert st["events"] == 4 and st["undated"] == 1
    assert st["by_type"]["04"] == {"label": "consult", "events": 2}
    assert st["first"] == "2019-02-01" and st["last"] == "2019-04-11"
    assert st["schema_version"] >= 2


# -- ingest ----------------------------------------------------------------------------------


ARTICLE = Article("Kim Jong Un met Vladimir Putin in Vladivostok.", date(2019, 4, 25), "Yonhap")


def test_ingest_is_idempotent_by_content(store: Store, db_path: Path) -> None:
    first = store.ingest_article(ARTICLE, [kim_putin()])
    assert (first.new_events, first.merged_mentions, first.skipped) == (1, 0, False)
    again = store.ingest_article(ARTICLE, [kim_putin()])
    assert again.skipped and again.document_id == first.document_id
    crlf = Article(ARTICLE.text.replace(".", ".\r\n"), ARTICLE.published)
    lf = Article(ARTICLE.text.replace(".", ".\n"), ARTICLE.published)
    other = Article(ARTICLE.text + " They talked for two hours.", ARTICLE.published)
    assert not store.ingest_article(other, []).skipped
    # Whitespace and line endings do not make new content (#15: normalised content).
    assert store.ingest_article(lf, []).skipped
    assert store.ingest_article(crlf, []).skipped
    assert count(db_path, "event") == 1 and count(db_path, "mention") == 1


def test_ingest_rolls_back_the_whole_article(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    original = Store._add_mention

    def failing(self: Store, *args: object) -> bool:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("injected failure")
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_add_mention", failing)
    other = kim_putin(sentence_start=50, actors=[ActorRef("Xi Jinping")], start=date(2019, 1, 8))
    with pytest.raises(RuntimeError):
        store.ingest_article(ARTICLE, [kim_putin(), other])
    for table in ("document", "event", "mention", "actor", "event_actor", "actor_alias"):
        assert count(db_path, table) == 0, table
    monkeypatch.setattr(Store, "_add_mention", original)
    assert store.ingest_article(ARTICLE, [kim_putin(), other]).new_events == 2


def test_invalid_extracted_event_rolls_back(store: Store, db_path: Path) -> None:
    with pytest.raises(InputError):
        store.ingest_article(ARTICLE, [kim_putin(), kim_putin(type_="99")])
    assert count(db_path, "document") == 0 and count(db_path, "event") == 0


def test_merging_across_articles_and_narrowing(store: Store) -> None:
    april = kim_putin(start=date(2019, 4, 1), end=date(2019, 4, 30), granularity="month")
    store.ingest_article(ARTICLE, [april])
    second = Article("Another report: Kim met Putin on Thursday.", date(2019, 4, 26), "KCNA")
    res = store.ingest_article(second, [kim_putin(sentence_start=16)])
    assert (res.new_events, res.merged_mentions) == (0, 1)
    (ev,) = store.query(EventFilter())
    assert [m["source"] for m in ev["mentions"]] == ["Yonhap", "KCNA"]
    # The more precise mention narrows an extracted event's interval.
    assert (ev["start"], ev["end"], ev["granularity"]) == ("2019-04-25", "2019-04-25", "day")
    assert [a["role"] for a in ev["actors"]] == ["source", "target"]


def test_no_merge_without_shared_actor_type_or_overlap(store: Store) -> None:
    store.ingest_article(ARTICLE, [kim_putin()])
    text = "Three more reports."
    res = store.ingest_article(
        Article(text, date(2019, 5, 2)),
        [
            kim_putin(type_="05"),
            kim_putin(actors=[ActorRef("Moon Jae-in"), ActorRef("Donald Trump")]),
            kim_putin(start=date(2019, 5, 1)),
        ],
    )
    assert (res.new_events, res.merged_mentions) == (3, 0)


def test_duplicates_in_one_article_merge(store: Store) -> None:
    res = store.ingest_article(ARTICLE, [kim_putin(), kim_putin(sentence_start=60)])
    assert (res.new_events, res.merged_mentions) == (1, 1)


def test_undated_merges_only_with_undated_sharing_all_actors(store: Store) -> None:
    store.ingest_article(ARTICLE, [kim_putin(start=None)])
    res = store.ingest_article(
        Article("b", date(2019, 5, 1)),
        [
            kim_putin(start=None),
            kim_putin(start=None, actors=[ActorRef("Kim Jong Un")]),
            kim_putin(start=date(2019, 4, 25)),
        ],
    )
    assert (res.new_events, res.merged_mentions) == (2, 1)


def test_manual_and_edited_events_are_never_overwritten(store: Store) -> None:
    manual = store.add_event(
        EventInput("Kim-Putin summit (my notes)", "04", interval=month(2019, 4),
                   actors=refs("Kim Jong Un"), location="Russia")
    )  # fmt: skip
    before = store.get_event(manual)
    res = store.ingest_article(ARTICLE, [kim_putin()])
    assert res.merged_mentions == 1
    after = store.get_event(manual)
    assert len(after["mentions"]) == 2
    for key in ("summary", "start", "end", "granularity", "location", "origin"):
        assert after[key] == before[key], key
    assert [a["name"] for a in after["actors"]] == ["Kim Jong Un"]  # Putin not added

    # An extracted event corrected by hand keeps the correction.
    store.ingest_article(Article("c", date(2019, 3, 1)), [kim_putin(start=date(2019, 2, 28),
                         actors=[ActorRef("Kim Jong Un"), ActorRef("Donald Trump")])])  # fmt: skip
    (extracted,) = store.query(EventFilter(origin="extracted"))
    store.update_event(extracted["id"], EventUpdate(summary="Hanoi summit", location="Hanoi"))
    store.ingest_article(Article("d", date(2019, 3, 2)), [kim_putin(start=date(2019, 2, 28),
                         actors=[ActorRef("Donald Trump")])])  # fmt: skip
    fixed = store.get_event(extracted["id"])
    assert (fixed["summary"], fixed["location"], fixed["edited"]) == ("Hanoi summit", "Hanoi", True)
    assert len(fixed["mentions"]) == 2


def test_ingest_actor_details_and_aliases(store: Store) -> None:
    store.add_event(EventInput("typed by hand", "04", actors=refs("kim jong-un")))
    store.ingest_article(ARTICLE, [kim_putin()])
    kim = store.actors("kim")[0]
    # The extractor's canonical data fills in what the hand-typed name lacked.
    assert (kim["kind"], kim["country"]) == ("person", "North Korea")


# -- opening -----------------------------------------------------------------------------------


def test_open_memory_and_url(tmp_path: Path) -> None:
    with open_store(":memory:") as s:
        assert s.add_event(EventInput("x", "04")) == 1
    with open_store(f"sqlite:///{tmp_path / 'u.db'}") as s:
        assert s.query(EventFilter()) == []
    assert (tmp_path / "u.db").exists()


def test_open_missing_read_only_does_not_create(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no database at"):
        open_store(str(path), create=False)
    assert not path.exists()


def test_sqlite_settings(store: Store, db_path: Path) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    with sqlite3.connect(db_path) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
