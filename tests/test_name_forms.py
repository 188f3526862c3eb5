"""Name forms: which canonical actor a written form denotes (docs/events.md "Name forms";
rows in ``tests/fixtures/name_form_phrases.tsv``): British title-case acronyms
(lexicon.title_case_acronym), leaders the curated people list adds before 2000, honorific
surnames. Our own sentences, positive and negative."""

from __future__ import annotations

import pytest
from table_helpers import events_of, phrase_table

ROWS = phrase_table("name_form_phrases.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_name_form(row: dict[str, str]) -> None:
    events = events_of(row["text"], row["published"], row["trigger"])
    got = [a.name for a in events[-1].actors] if events else []
    want = [n for n in row["names"].split("|") if n]
    assert got == want, row["why"]
