"""The ``@actor`` object alternative of ``triggers.tsv`` (rule trigger.actor_object): a known
actor mention heading a trigger's object ("recognised the PLO"), or ending an object phrase
("took their plan to Kyiv"). Our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.events.document import ACTOR_SLOT, _object_words, sentences, triggers


def _matches(text: str) -> list[str]:
    return [m.trigger.id for s in sentences(text, date(2023, 3, 11), []) for m in s.matches]


def test_actor_slot_is_one_object_word() -> None:
    assert _object_words("@actor") == (ACTOR_SLOT,)
    assert _object_words("peace plan to @actor") == ("peace", "plan", "to", ACTOR_SLOT)


def test_rows_with_an_actor_object_also_name_it_in_the_header() -> None:
    rows = [t for t in triggers() if any(ACTOR_SLOT in o for o in t.objects)]
    assert {t.id for t in rows} >= {"recognise", "recognize", "take_to_actor", "bring_to_actor"}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Israel on Friday recognised the Palestine Liberation Organization.", "recognise"),
        ("Germany formally recognized Croatia on Monday.", "recognize"),
        ("Merkel took the peace plan to Kyiv on Thursday.", "take_to_actor"),
        ("Pompeo brought a message to Pyongyang on Saturday.", "bring_to_actor"),
        # a word object is still preferred: "as an independent" (its end is the object's end)
        ("Turkey recognised Kosovo as an independent state in 2008.", "recognise"),
        ("Merkel took the peace plan to Kyiv for talks on Thursday.", "take_to_actor"),
    ],
)
def test_actor_object_matches(text: str, trigger: str) -> None:
    assert trigger in _matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "Britain recognised the need for talks with Iran on Monday.",  # not the object's head
        "Britain recognised China's concerns on Monday.",  # a possessive
        "Germany recognised the efforts of France on Monday.",  # past a lower-case noun
        "Japan recognised that China had a point on Monday.",  # a clause, not an object
        "Britain did not recognise, in the end, any of them.",
        "France took the plan to heart on Monday.",  # no actor after "to"
        "NATO recognised China as a systemic challenge on Tuesday.",  # actor_object_stops
        "The committee recognised Ukraine for its efforts on Tuesday.",
    ],
)
def test_actor_object_near_misses(text: str) -> None:
    assert not {"recognise", "recognize", "take_to_actor"} & set(_matches(text))
