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


# abbreviated titles keep their name (actor.title_name past the title's full stop), and a
# listed name is also known without its middle initials (lexicon.without_initials)
ABBREVIATED = [
    (
        "Gen. Fidel Ramos pledged his support to the government on Tuesday.",
        "pledged",
        "Fidel V. Ramos",
    ),
    (
        "Lt. Gen. Fidel V. Ramos pledged his support to the government on Tuesday.",
        "pledged",
        "Fidel V. Ramos",
    ),
    (
        "Gen. Omar Torrijos pledged his support to the government on Tuesday.",
        "pledged",
        "Omar Torrijos",
    ),
]


@pytest.mark.parametrize(("text", "trigger", "source"), ABBREVIATED)
def test_abbreviated_title(text: str, trigger: str, source: str) -> None:
    (ev,) = events_of(text, "1986-02-26", trigger)
    assert [a.name for a in ev.actors if a.role == "source"] == [source]


def test_surname_like_a_title_keeps_the_persons_code() -> None:
    """ "Hun Sen" is no senator: "Sen" is no title (only "Gen.", "Adm." ... of titles.tsv)."""
    (ev,) = events_of("Hun Sen met Xi Jinping in Beijing on Monday.", "2019-05-01", "met")
    assert {a.name: a.code for a in ev.actors}["Hun Sen"] != "KHMLEG"


def test_abbreviation_alone_is_no_title() -> None:
    """A lower-case "rep." of a firm names no person."""
    assert not events_of("The rep. of the firm criticised the deal on Monday.", "2020-01-06",
                         "criticised")  # fmt: skip


def test_without_initials_only_when_one_person_drops_to_it() -> None:
    from timeline.events.lexicon import Entity, _add_without_initials

    ramos = Entity("Fidel V. Ramos", "person", "Philippines")
    smith_a, smith_b = Entity("John A. Smith", "person"), Entity("John B. Smith", "person")
    bush = Entity("George H. W. Bush", "person", "United States")
    listed = Entity("George Bush", "person", "United States")
    index = {
        "fidel v ramos": [ramos],
        "john a smith": [smith_a],
        "john b smith": [smith_b],
        "george h w bush": [bush],
        "george bush": [listed],
    }
    _add_without_initials(index)
    assert index["fidel ramos"] == [ramos]
    assert "john smith" not in index  # two people drop to it: no one
    assert index["george bush"] == [listed]  # a listed name is never taken over
