"""recall3 (session 14): a pair noun for two armed sides ("the two forces", "both armies")
names the sides of the article's latest joint act (words list ``pair_anaphor_nouns``). Our own
sentences; each case gives the event that must carry the pair, and a near miss."""

from __future__ import annotations

import pytest

from timeline.pipeline import pipeline

CASES = [
    (
        "Fighting between the Sudanese army and the Rapid Support Forces broke out in Khartoum "
        "on April 15. A 72-hour ceasefire that the two forces agreed to on April 24 did not hold.",
        "2023-05-12",
        "agreed",
        {("Sudan", "source"), ("Rapid Support Forces", "source")},
    ),
    (
        "Fighting between Armenia and Azerbaijan broke out on September 27. "
        "Both armies agreed to a ceasefire on October 10.",
        "2020-10-20",
        "agreed",
        {("Armenia", "source"), ("Azerbaijan", "source")},
    ),
    (
        "Fighting between Armenia and Azerbaijan broke out on September 27. "
        "The two forces agreed to a ceasefire on October 10.",
        "2020-10-20",
        "agreed",
        {("Armenia", "source"), ("Azerbaijan", "source")},
    ),
]


@pytest.mark.parametrize(("text", "published", "trigger", "actors"), CASES)
def test_pair_of_forces(text: str, published: str, trigger: str, actors: set) -> None:
    ev = next(e for e in pipeline(text, published) if e.trigger == trigger)
    assert {(a.name, a.role) for a in ev.actors} == actors


def test_forces_of_one_state_are_no_pair() -> None:
    text = (
        "Fighting between Armenia and Azerbaijan broke out on September 27. "
        "Russian forces agreed to a ceasefire on October 10."
    )
    ev = next(e for e in pipeline(text, "2020-10-20") if e.trigger == "agreed")
    assert {a.name for a in ev.actors} == {"Russia"}
