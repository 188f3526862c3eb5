"""The seat of the chamber a speaker tells (rule loc.chamber_seat; docs/events.md "Places").

Each row is our own sentence: the event with ``trigger`` has ``place`` as its location ("-":
none), and when a place is expected the event records the rule."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import events_of

from timeline.events.chamber_seat import seat
from timeline.events.lexicon import read_rows
from timeline.pipeline import pipeline

# (id, published, text, trigger, place)
ROWS: list[tuple[str, str, str, str, str]] = [
    (
        "parliament",
        "2011-03-01",
        "Britain's foreign secretary told parliament on Monday that "
        "Libya's leader had lost all legitimacy.",
        "told",
        "London",
    ),
    (
        "commons_canada",
        "2018-06-05",
        "The Canadian prime minister told the Commons on Monday that the tariffs were an insult.",
        "told",
        "Ottawa",
    ),
    (
        "bundestag_bonn",
        "1990-02-16",
        "Chancellor Helmut Kohl told the Bundestag on Thursday "
        "that Germany would respect Poland's western border.",
        "told",
        "Bonn",
    ),
    (
        "bundestag_berlin",
        "2003-02-14",
        "Chancellor Gerhard Schroeder told the Bundestag on "
        "Thursday that Germany would not join a war in Iraq.",
        "told",
        "Berlin",
    ),
    (
        "chile_congress",
        "1991-05-22",
        "Chile's president told Congress on Tuesday that the economy had grown by seven percent.",
        "told",
        "Valparaíso",
    ),
    (
        "knesset_visitor",
        "1977-11-21",
        "Egyptian President Anwar Sadat arrived in Israel on "
        "Saturday. He addressed the Knesset on Sunday and called for a lasting peace.",
        "called",
        "Jerusalem",
    ),
    (
        "passive_plan",
        "2018-03-15",
        "The Dutch prime minister told parliament on Wednesday that "
        "two Russian diplomats would be expelled.",
        "expelled",
        "The Hague",
    ),
    (
        "senate_committee",
        "2004-09-10",
        "Secretary of State Colin Powell told the Senate Foreign "
        "Relations Committee on Thursday that the killings in Darfur were genocide.",
        "told",
        "Washington",
    ),
    # another actor's act told to the chamber did not happen there
    (
        "others_act",
        "2022-03-02",
        "Britain's defence secretary told parliament on Tuesday that "
        "Russian troops had shelled Ukrainian positions.",
        "shelled",
        "-",
    ),
    # a seat not known for the span (Pakistan before 1974) or a city the gazetteer lacks
    (
        "seat_unknown",
        "1972-07-15",
        "Pakistan's president told the National Assembly on Friday "
        "that the accord would be honoured.",
        "told",
        "-",
    ),
    (
        "no_chamber",
        "2011-03-01",
        "Britain's foreign secretary told reporters on Monday that "
        "Libya's leader had lost all legitimacy.",
        "told",
        "-",
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_chamber_seat(row: tuple[str, str, str, str, str]) -> None:
    _id, published, text, trigger, place = row
    events = events_of(text, published, trigger)
    assert events, f"no {trigger!r} event"
    ev = events[-1]
    got = ev.location or "-"
    assert got == place, (got, ev.rules)
    if place != "-" and ev.location:
        assert "loc.chamber_seat" in ev.rules


def test_seats_file_rows() -> None:
    """Every seats.tsv row names a known body, ISO dates in order, and a seat the gazetteer
    knows (or none on purpose)."""
    for row in read_rows("seats.tsv"):
        assert row["body"] in ("legislature", "government", "both"), row["id"]
        lo = date.fromisoformat(row["from"]) if row["from"] else date.min
        hi = date.fromisoformat(row["to"]) if row["to"] else date.max
        assert lo <= hi, row["id"]
        if row["seat"] and row["id"] not in ("seat.georgia_kutaisi", "seat.sri_lanka_kotte"):
            day = lo if row["from"] else hi
            body = "legislature" if row["body"] != "government" else "government"
            assert seat(row["state"], body, day) is not None, row["id"]


def test_chamber_examples() -> None:
    """Each chambers.tsv example's telling gets a place by the rule."""
    for row in read_rows("chambers.tsv"):
        events = pipeline(row["example"], date(2015, 6, 1))
        assert any("loc.chamber_seat" in e.rules for e in events), row["id"]
