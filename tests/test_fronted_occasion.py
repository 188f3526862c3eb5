"""A sentence-opening occasion phrase dates its main clause (rule time.fronted_occasion; words
lists fronted_occasion_prepositions, fronted_venue_nouns, fronted_visit_nouns). Our own
sentences: (text, published, trigger, expected start or "-" for undated)."""

from __future__ import annotations

import pytest
from table_helpers import events_of

ROWS = [
    (
        "During a visit to Beijing on Monday, Vladimir Putin signed a gas deal with Xi Jinping.",
        "2023-10-20",
        "signed",
        "2023-10-16",
    ),
    (
        "At talks in Geneva on Monday, Iran and the United States agreed to a prisoner swap.",
        "2023-10-20",
        "agreed",
        "2023-10-16",
    ),
    # "after" an occasion: a later act, not of its date
    (
        "After talks in Geneva on Monday, Iran and the United States agreed to a prisoner swap.",
        "2023-10-20",
        "agreed",
        "-",
    ),
    # a date of the main clause wins
    (
        "During a visit to Beijing on Monday, Vladimir Putin signed a gas deal on Tuesday.",
        "2023-10-20",
        "signed",
        "2023-10-17",
    ),
]


@pytest.mark.parametrize(("text", "published", "trigger", "start"), ROWS)
def test_fronted_occasion(text: str, published: str, trigger: str, start: str) -> None:
    (ev,) = events_of(text, published, trigger)
    assert (str(ev.start) if ev.start else "-") == start, ev.rules
