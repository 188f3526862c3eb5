"""The venue rules of :mod:`timeline.events.venues` (``lexicon/en/venues.tsv``): every rule's
example gives an event placed by it and its counter-example none; the phrase table
``tests/fixtures/venue_phrases.tsv`` checks the place and the rule, positive and negative rows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from timeline.events.lexicon import read_rows
from timeline.events.types import ExtractedEvent
from timeline.pipeline import pipeline
from timeline.textutil import fold

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(name: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


def _event(text: str, published: str, trigger: str) -> ExtractedEvent:
    events = pipeline(text.replace("\\n", "\n"), date.fromisoformat(published))
    hits = [e for e in events if e.trigger.lower() == trigger.lower()]
    assert len(hits) == 1, [(e.trigger, e.location) for e in events]
    return hits[0]


@pytest.mark.parametrize("row", _rows("venue_phrases.tsv"), ids=lambda r: r["id"])
def test_venue_phrase(row: dict[str, str]) -> None:
    ev = _event(row["text"], row["published"], row["trigger"])
    assert fold(ev.location or "") == fold(row["location"]), ev.rules
    assert (row["rule"] in ev.rules) == (row["expect"] == "yes"), ev.rules


def test_venue_table_has_both_kinds_for_every_rule() -> None:
    table = _rows("venue_phrases.tsv")
    for rule in {r["id"] for r in read_rows("venues.tsv")}:
        kinds = {r["expect"] for r in table if r["rule"] == rule}
        assert kinds == {"yes", "no"}, rule


@pytest.mark.parametrize("row", read_rows("venues.tsv"), ids=lambda r: r["id"])
def test_venue_rule_example_and_counter(row: dict[str, str]) -> None:
    published = date.fromisoformat(row["published"])
    fired = [e for e in pipeline(row["example"], published) if row["id"] in e.rules]
    assert fired, row["example"]
    missed = [e for e in pipeline(row["counter"], published) if row["id"] in e.rules]
    assert not missed, row["counter"]
