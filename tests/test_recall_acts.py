"""Acts in closed verb classes that news tells often (``tests/fixtures/recall_phrases.tsv``):
votes and resolutions, force movements, meetings, yielding, pickets, races left (session 16)."""

from __future__ import annotations

import pytest
from table_helpers import check_act_row, phrase_table

ROWS = phrase_table("recall_phrases.tsv")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_recall_act(row: dict[str, str]) -> None:
    check_act_row(row)


def test_ids_unique() -> None:
    ids = [r["id"] for r in ROWS]
    assert ids and len(ids) == len(set(ids))
