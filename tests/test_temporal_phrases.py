"""The temporal tagger's phrase table (duckling style) and the reference article.

``tests/fixtures/timex_phrases.tsv`` holds one expected time expression per row: a short
sentence (so that tense can be read), its document creation time, the exact span and the
TIMEX3 type/value plus the anchored interval and granularity. One generic runner checks every
row; the row id is in the test name (``pytest -k wd_said_wed``). The header of the TSV states
the conventions (spans, intervals of seasons/decades/weekends, ...).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import GRANULARITIES
from timeline.temporal import Timex, tag

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
COLUMNS = [
    "id",
    "sentence",
    "dct",
    "text",
    "type",
    "value",
    "interval_start",
    "interval_end",
    "granularity",
]


def load_table(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV fixture; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(reader)


ROWS = load_table(FIXTURES / "timex_phrases.tsv")


def describe(timexes: Iterable[Timex]) -> str:
    """A compact listing of what the tagger found, for failure messages."""
    found = [
        f"{t.text!r}@{t.start}:{t.type}:{t.value}:{t.interval}:{t.granularity}:{t.rule}"
        for t in timexes
    ]
    return "; ".join(found) or "nothing"


def show(fields: tuple[str, str, tuple[date, date] | None, str | None]) -> str:
    type_, value, interval, granularity = fields
    span = f"{interval[0]}..{interval[1]}" if interval else "-"
    return f"{type_} {value} [{span}] {granularity or '-'}"


def expected_of(row: dict[str, str]) -> tuple[str, str, tuple[date, date] | None, str | None]:
    interval = None
    if row["interval_start"]:
        interval = (
            date.fromisoformat(row["interval_start"]),
            date.fromisoformat(row["interval_end"]),
        )
    return row["type"], row["value"], interval, row["granularity"] or None


def test_table_is_well_formed() -> None:
    assert len(ROWS) >= 300
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for row in ROWS:
        assert list(row) == COLUMNS, row["id"]
        assert row["sentence"].count(row["text"]) == 1, f"{row['id']}: span must occur once"
        assert row["type"] in {"DATE", "TIME", "DURATION", "SET"}, row["id"]
        assert bool(row["interval_start"]) == bool(row["interval_end"]), row["id"]
        assert bool(row["interval_start"]) == bool(row["granularity"]), row["id"]
        if row["granularity"]:
            assert row["granularity"] in GRANULARITIES, row["id"]
            assert row["interval_start"] <= row["interval_end"], row["id"]
        date.fromisoformat(row["dct"])


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_phrase(row: dict[str, str]) -> None:
    sentence, text = row["sentence"], row["text"]
    start = sentence.index(text)
    timexes = tag(sentence, date.fromisoformat(row["dct"]))
    spans = [t for t in timexes if (t.start, t.end) == (start, start + len(text))]
    assert spans, f"no timex spans {text!r} in {sentence!r}; found: {describe(timexes)}"
    found = spans[0]
    assert found.text == text
    got = (found.type, found.value, found.interval, found.granularity)
    want = expected_of(row)
    assert got == want, f"got {show(got)}, want {show(want)} (rule {found.rule!r}: {found.reason})"


# The reference article's 8 gold expressions are checked, exactly, in test_temporal_sample.py.


def failures() -> list[str]:
    """One line per phrase-table row the tagger gets wrong (``python tests/...py``)."""
    lines = []
    for row in ROWS:
        sentence, text = row["sentence"], row["text"]
        start = sentence.index(text)
        timexes = tag(sentence, date.fromisoformat(row["dct"]))
        spans = [t for t in timexes if (t.start, t.end) == (start, start + len(text))]
        want = expected_of(row)
        if not spans:
            lines.append(f"{row['id']}: no span {text!r}; found {describe(timexes)}")
            continue
        t = spans[0]
        got = (t.type, t.value, t.interval, t.granularity)
        if got != want:
            lines.append(f"{row['id']}: {text!r} got {show(got)}, want {show(want)} ({t.rule})")
    return lines


if __name__ == "__main__":
    wrong = failures()
    print("\n".join(wrong))
    print(f"{len(ROWS) - len(wrong)}/{len(ROWS)} rows pass")
