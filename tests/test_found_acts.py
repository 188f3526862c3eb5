"""Acts in closed verb classes that news tells often (``tests/fixtures/found_phrases.tsv``):
talks begun or resumed, resignations accepted and dismissals from a post, questioning,
arson, internet cuts, attempted assaults, force subjects with "of", meetings held apart."""

from __future__ import annotations

import pytest
from table_helpers import check_act_row, phrase_table

ROWS = phrase_table("found_phrases.tsv")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_found_act(row: dict[str, str]) -> None:
    check_act_row(row)


def test_ids_unique() -> None:
    ids = [r["id"] for r in ROWS]
    assert ids and len(ids) == len(set(ids))
