"""Acts in closed verb classes that news tells often (``tests/fixtures/recall_phrases.tsv``):
votes and resolutions, force movements, meetings, yielding, pickets, races left (session 16)."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import phrase_table

from timeline.events.types import ExtractedEvent
from timeline.pipeline import pipeline

ROWS = phrase_table("recall_phrases.tsv")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_recall_act(row: dict[str, str]) -> None:
    events = pipeline(row["text"], date.fromisoformat(row["published"]))
    seen = [(e.type, e.cameo, e.summary, e.rules) for e in events]
    if row["type"].startswith("!"):
        banned = row["type"][1:]
        assert not [e for e in events if banned in ("any", e.type)], (row["why"], seen)
        return
    typed = [e for e in events if e.type == row["type"]]
    assert len(typed) == int(row["n"] or 1), (row["why"], seen)

    def fits(e: ExtractedEvent) -> bool:
        actors = "; ".join(f"{a.name}:{a.role}" for a in e.actors)
        return (
            (not row["cameo"] or e.cameo == row["cameo"])
            and (not row["actors"] or actors == row["actors"])
            and (not row["rule"] or row["rule"] in e.rules)
        )

    assert any(fits(e) for e in typed), (row["why"], seen)


def test_ids_unique() -> None:
    ids = [r["id"] for r in ROWS]
    assert ids and len(ids) == len(set(ids))
