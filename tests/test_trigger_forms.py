"""A verb form written "-" in triggers.tsv is no trigger: "state" and "states" are nouns far
more often than verbs in news ("Upper Nile state", "member states"); "stated" still is."""

from __future__ import annotations

import pytest
from table_helpers import events_of

# (text, published, trigger word, events expected with that trigger)
ROWS = [
    ("China stated its position on the talks on Monday.", "2022-10-14", "stated", 1),
    (
        "Rebels killed at least 20 people in Upper Nile state last week, the UN said.",
        "2022-10-14",
        "state",
        0,
    ),
    (
        "Member states of the African Union welcomed the decision on Monday.",
        "2022-10-14",
        "states",
        0,
    ),
]


@pytest.mark.parametrize(("text", "published", "trigger", "count"), ROWS)
def test_dash_form_is_no_trigger(text: str, published: str, trigger: str, count: int) -> None:
    assert len(events_of(text, published, trigger)) == count
