"""Phrase table for news text voices (tests/fixtures/voice_phrases.tsv): a chronology's dated
bullets, a statement's performative present and a monitoring report's source lines, each with
positive and near-miss rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from table_helpers import phrase_table

from timeline.events.lexicon import read_rows
from timeline.events.voices import dated_bullets, source_lines
from timeline.pipeline import pipeline
from timeline.temporal import tag

FIXTURES = Path(__file__).parent / "fixtures"


def _table(name: str) -> list[dict[str, str]]:
    return phrase_table(name)


ROWS = _table("voice_phrases.tsv")


def test_every_voice_has_positive_and_negative_rows() -> None:
    for voice in ("bullet", "perf", "source"):
        mine = [r for r in ROWS if r["id"].startswith(f"{voice}.")]
        assert sum(".neg." in r["id"] for r in mine) >= 1, voice
        assert sum(".neg." not in r["id"] for r in mine) >= 2, voice


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_voice_phrases(row: dict[str, str]) -> None:
    text = row["text"].replace("\\n", "\n")
    events = [e for e in pipeline(text, date.fromisoformat(row["published"]))
              if e.trigger.lower() == row["trigger"].lower()
              and row["actor"] in {a.name for a in e.actors}]  # fmt: skip
    assert len(events) == 1, [(e.trigger, [a.name for a in e.actors]) for e in events]
    (ev,) = events
    assert ev.status == row["status"], (ev.rules, row["note"])
    if row["expected"] == "undated":
        assert ev.start is None, (ev.start, ev.rules, row["note"])
    else:
        start, end = (date.fromisoformat(x) for x in row["expected"].split(".."))
        assert (ev.start, ev.end) == (start, end), (ev.rules, row["note"])
    rule = row["note"].split(":", 1)[0]
    if rule.startswith(("time.", "status.")) and " " not in rule:
        assert rule in ev.rules, (rule, ev.rules)
        assert any(e.startswith(f"{rule}:") for e in ev.evidence), ev.evidence
    if ".neg." in row["id"]:
        assert not {"status.dated_bullet", "status.performative", "time.source_line_day"} & set(
            ev.rules
        ), ev.rules


VOICE_ROWS = read_rows("voices.tsv")


@pytest.mark.parametrize(
    "row",
    [r for r in VOICE_ROWS if r["kind"] in ("bullet_separator", "bullet_mark")],
    ids=lambda r: r["id"],
)
def test_bullet_rows_examples(row: dict[str, str]) -> None:
    """Each separator or list mark opens a bullet in its example (two lines: a chronology)."""
    line = row["example"]
    text = f"{line}\n\n{line}"
    published = date(2031, 1, 1)
    assert len(dated_bullets(text, tag(text, published))) == 2, line


def test_source_line_row_example_and_near_miss() -> None:
    (row,) = [r for r in VOICE_ROWS if r["kind"] == "source_line"]
    text = f"{row['example']}\n\nThe minister arrived this afternoon."
    ((_, _, day),) = source_lines(text, date(1984, 3, 17), 3)
    assert day == date(1984, 3, 16)
    # a line that names no broadcast hour is no source line; nor one after publication
    assert source_lines("Radio Mozambique, Maputo, 16 Mar 84\n\nText", date(1984, 3, 17), 3) == []
    assert source_lines(f"{row['example']}\n\nText", date(1984, 3, 15), 3) == []


@pytest.mark.parametrize(
    "row", [r for r in VOICE_ROWS if r["kind"] == "performative"], ids=lambda r: r["id"]
)
def test_performative_rows_are_single_words_with_examples(row: dict[str, str]) -> None:
    assert row["word"].isalpha() and row["word"].lower() in row["example"].lower()
