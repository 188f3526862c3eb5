"""Names with spaced initials after a title: the periods of the initials are not words, so the
name run reaches the surname ("Prime Minister P. W. Botha", "President F. W. de Klerk"); before,
the four-word limit cut it to "P. W." and "F. W", a person who does not exist."""

from __future__ import annotations

import pytest
from table_helpers import events_of

ROWS = [
    ("Prime Minister P. W. Botha visited Mozambique on Friday.", "P. W. Botha"),
    ("President F. W. de Klerk visited Zambia on Friday.", "F. W. de Klerk"),
    ("President George H. W. Bush visited Panama on Friday.", "George Bush"),
]


@pytest.mark.parametrize(("text", "source"), ROWS)
def test_titled_name_with_initials(text: str, source: str) -> None:
    (ev,) = events_of(text, "1989-03-17", "visited")
    assert [a.name for a in ev.actors if a.role == "source"] == [source]
