"""Event phrase table and negatives (``tests/fixtures/event_phrases.tsv``,
``event_negatives.tsv``), in the style of the tagger's: one sentence, one expected event (or
none of a type), through the whole pipeline."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from timeline.pipeline import pipeline

FIXTURES = Path(__file__).parent / "fixtures"


def rows(name: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", rows("event_phrases.tsv"), ids=lambda r: r["id"])
def test_event_phrase(row: dict[str, str]) -> None:
    events = pipeline(row["sentence"], date.fromisoformat(row["published"]))
    assert len(events) == 1, [e.summary for e in events]
    (ev,) = events
    got = {
        "type": ev.type,
        "cameo": ev.cameo or "",
        "status": ev.status,
        "start": ev.start.isoformat() if ev.start else "",
        "end": ev.end.isoformat() if ev.end else "",
        "granularity": ev.granularity or "",
        "actors": "; ".join(f"{a.name}:{a.role}" for a in ev.actors),
        "location": ev.location or "",
    }
    assert got == {k: row[k] for k in got}, ev.rules


@pytest.mark.parametrize("row", rows("event_negatives.tsv"), ids=lambda r: r["id"])
def test_event_negative(row: dict[str, str]) -> None:
    events = pipeline(row["sentence"], date.fromisoformat(row["published"]))
    banned = row["must_not_type"]
    bad = [e for e in events if banned == "any" or e.type == banned]
    assert not bad, f"{row['why']}: {[(e.type, e.summary, e.rules) for e in bad]}"


def test_tables_have_unique_ids() -> None:
    for name in ("event_phrases.tsv", "event_negatives.tsv"):
        ids = [r["id"] for r in rows(name)]
        assert len(ids) == len(set(ids)) and ids, name
