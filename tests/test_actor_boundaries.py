"""Where a lexicon name ends (``tests/fixtures/actor_boundary_phrases.tsv``): a multiword name
does not run across a phrase boundary into a lower-case word its spellings capitalise."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import phrase_table

from timeline.events.actors import Context, find_mentions
from timeline.events.document import units

ROWS = phrase_table("actor_boundary_phrases.tsv")


def test_table_has_positive_and_negative_rows() -> None:
    assert sum(r["note"].startswith("negative") for r in ROWS) >= 2
    assert sum(not r["note"].startswith("negative") for r in ROWS) >= 2


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_name_boundary(row: dict[str, str]) -> None:
    ctx = Context(date.fromisoformat(row["published"]))
    names: list[str] = []
    for _, _, tokens in units(row["text"]):
        for m in find_mentions(tokens, ctx):
            if m.is_actor and m.entity is not None:
                names.append(m.entity.name)
    assert "|".join(names) == row["expected"], (row["id"], row["note"])
