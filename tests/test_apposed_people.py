"""People introduced by an apposition or a role phrase (``tests/fixtures/apposed_people.tsv``):
"NAME, the Russian ambassador,", "NAME, South Africa's envoy,", "Mr X's spokesman, NAME,",
"NAME, for China," and their later short references; the person is the actor, with the code
of the role phrase (a listed person keeps his own), and the role's state is no second actor."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import phrase_table

from timeline.pipeline import pipeline

ROWS = phrase_table("apposed_people.tsv")


def test_table_has_positive_and_negative_rows() -> None:
    assert sum(r["note"].startswith("negative") for r in ROWS) >= 3
    assert sum(not r["note"].startswith("negative") for r in ROWS) >= 3
    assert len({r["id"] for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_apposed_person(row: dict[str, str]) -> None:
    events = [e for e in pipeline(row["text"], date.fromisoformat(row["published"]))
              if e.trigger.lower() == row["trigger"]]  # fmt: skip
    if row["expected"].startswith("!"):  # whatever else, no actor of that name
        names = {a.name for e in events for a in e.actors}
        assert row["expected"][1:] not in names, row["note"]
        return
    if row["expected"] == "-":
        assert events == [], [(e.trigger, [(a.name, a.code) for a in e.actors]) for e in events]
        return
    assert len(events) == 1, [(e.trigger, [a.name for a in e.actors]) for e in events]
    got = "|".join(f"{a.name}={a.code}:{a.role}" for a in events[0].actors)
    assert got == row["expected"], (row["note"], events[0].rules)
