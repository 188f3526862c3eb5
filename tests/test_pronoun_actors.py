"""Pronoun actors: gender agreement, an honorific subject the mentions missed, no actor when two
people fit alike (rules coref.gender, coref.titled_subject, coref.ambiguous; own mini-stories in
tests/fixtures/pronoun_actors.tsv, positive and negative rows)."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import phrase_table

from timeline.events.discourse import Discourse, _given_gender
from timeline.events.lexicon import Entity, read_rows
from timeline.pipeline import pipeline

ROWS = phrase_table("pronoun_actors.tsv")


def _from_pronoun(evidence: list[str]) -> list[str]:
    return [e for e in evidence if e.startswith("actor.pronoun:")]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_pronoun_actor(row: dict[str, str]) -> None:
    text = row["text"].replace("\\n", "\n")
    events = [e for e in pipeline(text, date.fromisoformat(row["published"]))
              if e.trigger.lower() == row["trigger"]]  # fmt: skip
    if row["expected"] == "-":
        assert not any(_from_pronoun(e.evidence) for e in events), row["note"]
        return
    assert len(events) == 1, [(e.trigger, [a.name for a in e.actors]) for e in events]
    (ev,) = events
    assert {a.name for a in ev.actors} == set(row["expected"].split("|")), row["note"]
    why = _from_pronoun(ev.evidence)
    assert why and f"({row['rule']}:" in why[0], why


def test_table_has_both_kinds() -> None:
    assert sum(r["expected"] == "-" for r in ROWS) >= 5
    assert sum(r["expected"] != "-" for r in ROWS) >= 5


def test_given_names_file() -> None:
    rows = read_rows("given_names.tsv")
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["name"] for r in rows}) == len(rows)  # a name has one gender
    assert {r["gender"] for r in rows} == {"m", "f"}


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Hillary Clinton", "f"),
        ("Sergei Lavrov", "m"),
        ("Marshal Samora Machel", "m"),
        ("Kim Jong Un", ""),
        ("Rice", ""),
        ("Andrea Nahles", ""),
    ],  # fmt: skip
)
def test_given_gender(name: str, gender: str) -> None:
    """A first name of the list, titles skipped; a family name first or one word: unknown."""
    assert _given_gender(name) == gender


def test_titles_and_names_disagreeing_give_no_gender() -> None:
    disc = Discourse.of("", date(2020, 1, 1))
    disc.gender["Hillary Clinton"] = "m"  # a title said otherwise: no gender rather than a guess
    assert disc.gender_of(Entity("Hillary Clinton", "person", None)) == ""
    assert disc.gender_of(Entity("Sergei Lavrov", "person", None)) == "m"
