"""Phrase tables of the tests: tab-separated fixtures with a header row, ``#`` comment lines."""

from __future__ import annotations

import csv
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def phrase_table(name: str) -> list[dict[str, str]]:
    """The rows of ``tests/fixtures/<name>`` (no quoting: phrases keep their quotation marks)."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader([ln for ln in lines if ln and not ln.startswith("#")], delimiter="\t",
                          quoting=csv.QUOTE_NONE)  # fmt: skip
    return list(rows)
