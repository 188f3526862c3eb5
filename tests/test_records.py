"""The typed event record (store -> render/CLI), the store's parts and the one TSV loader."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import DateInterval
from timeline.events.types import ActorRef, ExtractedEvent
from timeline.ingest import event_to_dict
from timeline.records import ActorLink, EventRecord, MentionRecord, as_dict
from timeline.resources import read_tsv
from timeline.store import EventFilter, EventInput, open_store

ROOT = Path(__file__).resolve().parents[1]


def _record(**kw: object) -> EventRecord:
    base: dict[str, object] = {
        "id": 3,
        "type": "04",
        "cameo": "042",
        "plover": "CONSULT",
        "label": "make a visit",
        "summary": "Moon visits Washington",
        "status": "happened",
        "start": date(2019, 4, 11),
        "end": date(2019, 4, 11),
        "granularity": "day",
        "date_text": "on Thursday",
        "actors": (ActorLink("Moon Jae-in", "source", "South Korea"),),
        "location": "Washington",
        "confidence": 0.8,
        "origin": "extracted",
        "mentions": (MentionRecord("a.txt", "Yonhap", date(2019, 4, 11), "Moon visits."),),
    }
    base.update(kw)
    return EventRecord(**base)  # type: ignore[arg-type]


def test_record_keeps_dates_and_gives_the_json_shape() -> None:
    rec = _record()
    assert rec.start == date(2019, 4, 11) and not rec.undated
    d = rec.to_dict()
    assert d["start"] == "2019-04-11" and d["end"] == "2019-04-11"
    assert d["actors"] == [
        {"name": "Moon Jae-in", "role": "source", "country": "South Korea", "code": None,
         "rule": None, "evidence": None}
    ]  # fmt: skip
    assert d["mentions"][0]["published"] == "2019-04-11"
    assert d["edited"] is False and d["undated"] is False
    assert list(d)[:3] == ["id", "type", "cameo"]
    # It reads like that dict, and compares equal to it.
    assert rec["start"] == "2019-04-11" and rec.get("location") == "Washington"
    assert dict(rec) == d and rec == d and as_dict(rec) == d
    d["summary"] = "changed"  # to_dict() hands out a copy
    assert rec["summary"] == "Moon visits Washington"
    assert _record(summary="other") != rec


def test_undated_record() -> None:
    rec = _record(start=None, end=None, granularity=None, date_text=None)
    assert rec.undated and rec.to_dict()["undated"] is True and rec["start"] is None


def test_extracted_record_has_the_extract_shape() -> None:
    ev = ExtractedEvent(
        type="04", label="consult", summary="Moon meets Trump", sentence="Moon met Trump.",
        sentence_start=0, sentence_end=15, start=date(2019, 4, 11), end=date(2019, 4, 11),
        granularity="day", actors=[ActorRef("Moon Jae-in", country="South Korea")],
    )  # fmt: skip
    d = event_to_dict(ev)
    assert "id" not in d and "mentions" not in d and d["sentence"] == "Moon met Trump."
    assert d["plover"] == "CONSULT" and d["start"] == "2019-04-11" and d["origin"] == "extracted"


def test_store_returns_typed_records(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "e.db")) as store:
        iv = DateInterval(date(2019, 2, 1), date(2019, 2, 28), "month", "in February", "2019-02")
        eid = store.add_event(EventInput(summary="Plenum", type="01", interval=iv))
        (rec,) = store.query(EventFilter())
        assert isinstance(rec, EventRecord) and rec.id == eid
        assert (rec.start, rec.end, rec.granularity) == (
            date(2019, 2, 1),
            date(2019, 2, 28),
            "month",
        )
        assert store.get_event(eid) == rec and rec.mentions[0].sentence == "Plenum"


@pytest.mark.parametrize(
    "part", ["actors", "events", "queries", "ingest", "common", "sqlite_read", "sqlite_file"]
)
def test_store_parts_do_not_resolve_names(part: str) -> None:
    """Actor resolution happens before the store's parts (in the facade): they never import
    the lexicon."""
    tree = ast.parse((ROOT / "timeline" / "store" / f"{part}.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "timeline.events.lexicon" not in imported
    assert "resolve_actor" not in (ROOT / "timeline" / "store" / f"{part}.py").read_text()


def test_read_tsv_skips_comments_and_keeps_quotes(tmp_path: Path) -> None:
    rows = read_tsv("timeline.data", "cameo.tsv")
    assert rows[0]["code"] == "01" and all(not r["code"].startswith("#") for r in rows)
    assert {"code", "label", "plover", "example"} <= set(rows[0])


def test_one_tsv_loader() -> None:
    """Every resource file outside the tagger is read through ``read_tsv``."""
    offenders = []
    for path in (ROOT / "timeline").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("timeline/temporal/") or rel == "timeline/resources.py":
            continue
        if "csv.DictReader" in path.read_text(encoding="utf-8"):
            offenders.append(rel)
    assert offenders == []
