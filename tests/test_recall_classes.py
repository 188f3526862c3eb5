"""Acts told in two-event sentences that the phrase table (one event per sentence) cannot hold:
each case names the events the sentence must yield (type, trigger, actors with roles, date),
and the near miss that must not yield the second one (our own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.pipeline import pipeline

CASES = [
    (  # trigger.participial_adjunct: an accusation as the adjunct of an expulsion
        "Russia expelled two Polish diplomats on Friday, accusing Poland of spying.",
        "2022-09-10",
        {("16", "expelled"), ("11", "accusing")},
    ),
    (  # ... attached to the latest of several verbs: the clause the comma closes
        "The war broke out in 2020, when Ethiopia ordered an offensive against Eritrea, "
        "accusing it of attacking a base.",
        "2022-11-03",
        {("19", "ordered"), ("11", "accusing")},
    ),
    (  # report.coordinated_predicate: "said ..., and asked that" are two acts of the speaker
        "Park said that she hoped the deal would help, and asked that Japan implement it.",
        "2015-12-29",
        {("01", "said"), ("02", "asked")},
    ),
    (  # filter.visit_background: the visit is the meeting's setting
        "Fumio Kishida, who is visiting South Korea, held a meeting with Yun Byung-se in Seoul "
        "on Monday.",
        "2015-12-29",
        {("04", "held")},
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_events_of_the_sentence(text: str, published: str, expected: set[tuple[str, str]]) -> None:
    got = {(e.type, e.trigger) for e in pipeline(text, published)}
    assert got == expected


def test_where_clause_takes_the_date_it_follows() -> None:
    """time.discourse.when_clause: "met in Seoul on November 2, where they agreed"."""
    events = pipeline(
        "Abe met Park in Seoul on November 2, where they agreed to accelerate consultations.",
        "2015-12-29",
    )
    agreed = [e for e in events if e.trigger == "agreed"]
    assert agreed and agreed[0].start == date(2015, 11, 2)
    assert "time.discourse.when_clause" in agreed[0].rules


def test_a_later_clause_subject_is_no_war_side() -> None:
    """actor.war_sides: "A truce collapsed when fighting resumed": the sides are the states of
    the latest event with two states, never the truce's subject."""
    events = pipeline(
        "Ethiopia and Eritrea signed a truce in March. The government said the truce collapsed "
        "when fighting resumed in August.",
        "2022-09-02",
    )
    fought = [e for e in events if e.trigger == "resumed"]
    assert fought and {a.name for a in fought[0].actors} == {"Ethiopia", "Eritrea"}


def test_emphatic_pronoun_is_the_subject() -> None:
    """actor.pronoun past "himself": "told Park that he himself apologized"."""
    events = pipeline(
        "Prime Minister Abe told President Park that he himself apologized to South Korea.",
        "2015-12-29",
    )
    apology = [e for e in events if e.type == "05"]
    assert apology and apology[0].actors[0].name == "Shinzo Abe"


def test_participial_object_pronoun_is_the_heads_target() -> None:
    """actor.participial_object and time.discourse.participial_clause: "ordered an offensive
    against Eritrea, accusing it of ...": "it" is Eritrea and the accusation takes the date of
    the order, however that was dated."""
    events = pipeline(
        "The war broke out in 2020, when Ethiopia ordered an offensive against Eritrea, "
        "accusing it of attacking a base.",
        "2022-11-03",
    )
    accusation = [e for e in events if e.trigger == "accusing"]
    assert accusation
    assert [(a.name, a.role) for a in accusation[0].actors] == [
        ("Ethiopia", "source"),
        ("Eritrea", "target"),
    ]
    assert accusation[0].start == date(2020, 1, 1)
