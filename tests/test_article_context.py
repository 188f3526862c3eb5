"""Article context (#13): the home state of bare generic agents (rule actor.agent_home) and the
day of a live page's entries (rule time.discourse.live_entry). The phrase rows are in
tests/fixtures/agent_phrases.tsv (agent.home_*) and tests/fixtures/discourse_dates.tsv
(live.*); these tests check the rule ids and evidence the rows rely on, and the data rows."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from timeline.events.lexicon import read_rows
from timeline.pipeline import pipeline

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(name: str, prefix: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader([ln for ln in lines if ln and not ln.startswith("#")], delimiter="\t",
                          quoting=csv.QUOTE_NONE)  # fmt: skip
    return [r for r in rows if r["id"].startswith(prefix)]


HOME = _rows("agent_phrases.tsv", "agent.home_")


def test_home_rows_are_positive_and_negative() -> None:
    assert sum(r["note"].startswith("negative") for r in HOME) >= 2
    assert sum(not r["note"].startswith("negative") for r in HOME) >= 2


@pytest.mark.parametrize("row", HOME, ids=[r["id"] for r in HOME])
def test_home_state_records_its_rule_and_evidence(row: dict[str, str]) -> None:
    text = row["text"].replace("\\n", "\n")
    (ev,) = [e for e in pipeline(text, date.fromisoformat(row["published"]))
             if e.trigger.lower() == row["trigger"]]  # fmt: skip
    home = [a for a in ev.actors if "home state: dateline" in (a.evidence or "")]
    if row["note"].startswith("negative"):
        assert home == [], [(a.name, a.rule) for a in ev.actors]
        return
    assert home and any(r in ev.rules for r in ("actor.agent_home", "actor.generic_office"))
    for a in home:
        assert a.evidence is not None and "home state: dateline" in a.evidence, a.evidence


LIVE_ROWS = [r for r in read_rows("story_day.tsv") if r["kind"] in ("live_stamp", "live_anchor")]


@pytest.mark.parametrize("row", LIVE_ROWS, ids=[r["id"] for r in LIVE_ROWS])
def test_live_page_data_rows_match_their_examples(row: dict[str, str]) -> None:
    first = row["example"].split("\\n", 1)[0]
    if row["kind"] == "live_stamp":
        assert re.match(row["word"], first), (row["word"], first)
        assert not re.match(row["word"], "2 hours ago")
    else:
        assert first.lower().startswith(row["word"])


PAGE = (
    "LIVE: Talks in Geneva\n\nLast updated 15 June 2024 16:40 BST\n\n"
    "{a}\nThe Swiss envoy criticised the delay.\n\n{b}\nThe minister praised the mediators."
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("14:05", "16:40", date(2024, 6, 15)),  # oldest first: read from the bottom
        ("16:40 BST", "14:05 BST", date(2024, 6, 15)),  # latest first
        ("4:40 pm", "2:05 pm", date(2024, 6, 15)),  # a 12-hour clock
        ("16:50", "14:05", None),  # later than the dated line: the top is of no known day
    ],
)
def test_live_entry_days(a: str, b: str, expected: date | None) -> None:
    events = pipeline(PAGE.format(a=a, b=b), date(2024, 6, 15))
    (ev,) = [e for e in events if e.trigger == "criticised"]
    assert ev.start == expected, ev.rules
    if expected is not None:
        assert "time.discourse.live_entry" in ev.rules
        why = next(e for e in ev.evidence if e.startswith("time.discourse.live_entry:"))
        assert a in why and "Last updated 15 June 2024 16:40 BST" in why, why
