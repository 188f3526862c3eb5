"""Negative list: words that look like time expressions but are not (duckling's negativeCorpus).

``tests/fixtures/timex_negatives.tsv`` gives a sentence and a word or phrase in it that must not
be tagged: no timex may overlap its (word-bounded) occurrence. The DCT is the fixed reference
Thursday 2019-04-11.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from timeline.temporal import tag

FIXTURES = Path(__file__).parent / "fixtures"
DCT = date(2019, 4, 11)


def load_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = load_table(FIXTURES / "timex_negatives.tsv")


def occurrence(sentence: str, word: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, sentence)]


def test_negative_table_is_well_formed() -> None:
    assert len(ROWS) >= 40
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert list(row) == ["id", "sentence", "must_not_tag"], row["id"]
        assert len(occurrence(row["sentence"], row["must_not_tag"])) == 1, row["id"]


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_not_a_time_expression(row: dict[str, str]) -> None:
    ((start, end),) = occurrence(row["sentence"], row["must_not_tag"])
    timexes = tag(row["sentence"], DCT)
    bad = [t for t in timexes if t.start < end and start < t.end]
    assert not bad, ", ".join(f"{t.text!r} {t.type} {t.value} (rule {t.rule})" for t in bad)
