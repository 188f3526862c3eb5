"""Plural and enumerated subjects and objects (docs/events.md "Plural subjects and objects"):
rules actor.plural_pronoun, actor.shared_them, actor.parallel_doers, actor.mission_venue, the
apposed conjunct of a subject chain and counted groups past an "as did" addition.

Each row is a mini-story of our own: the LAST event of ``trigger`` must have exactly the actors
listed ("name/role|name/role"); "-" means the verb must name none of the rule's actors (no
actor is better than a guessed one)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.events.extract import extract
from timeline.temporal import tag

REF = date(2023, 9, 20)

_RULES = ("actor.plural_pronoun", "actor.shared_them", "actor.parallel_doers")

# (id, story, trigger, expected actors or "-")
ROWS: list[tuple[str, str, str, str]] = [
    # --- "they" after a joint act: its doers (same sentence or the one before)
    (
        "they_same_sentence",
        "Chile and Peru signed a border treaty in Lima on Monday, and they will meet again in "
        "Santiago in May.",
        "meet",
        "Chile/participant|Peru/participant",
    ),
    (
        "they_next_sentence",
        "President Lula and President Gustavo Petro met in Leticia on Tuesday. They will meet "
        "again in Brasilia in June.",
        "meet",
        "Luiz Inacio Lula da Silva/participant|Gustavo Petro/participant",
    ),
    # an act with a target: "they" could be either side, no one
    (
        "they_after_accusation",
        "Ghana accused Togo and Benin of harbouring rebels on Monday. They will meet in Accra "
        "on Friday.",
        "meet",
        "-",
    ),
    # two sentences back, or another paragraph: too far
    (
        "they_too_far",
        "Chile and Peru signed a border treaty in Lima on Monday. Bolivia protested on Tuesday."
        " Brazil sent an envoy to La Paz. They will meet again in Santiago in May.",
        "meet",
        "-",
    ),
    (
        "they_other_paragraph",
        "Chile and Peru signed a border treaty in Lima on Monday.\n\nThey will meet again in "
        "Santiago in May.",
        "meet",
        "-",
    ),
    # --- an embassy after "at": the venue, not a party
    (
        "embassy_venue",
        "Chile and Peru signed a border treaty on Monday, and they will meet again at the "
        "Peruvian Embassy in Santiago on Friday.",
        "meet",
        "Chile/participant|Peru/participant",
    ),
    (
        "embassy_object_kept",
        "Protesters in Lima attacked the Chilean Embassy on Friday.",
        "attacked",
        "protesters (Peru)/source|Chile/target",
    ),
    # --- "them" after "and" shares the earlier verb's other actors
    (
        "shared_them",
        "Emmanuel Macron met the prime ministers of Serbia and Kosovo on Friday and urged them "
        "to resume talks.",
        "urged",
        "Emmanuel Macron/source|Serbia/target|Kosovo/target",
    ),
    (
        "shared_them_relative",
        "Ghana, which accused Togo and Benin of harbouring rebels on Monday, urged them to hand "
        "over the suspects.",
        "urged",
        "Ghana/source|Togo/target|Benin/target",
    ),
    (
        "shared_them_other_subject",
        "Ghana accused Togo and Benin of harbouring rebels on Monday, and Nigeria urged them to "
        "talk.",
        "urged",
        "-",
    ),
    (
        "shared_them_one_other",
        "Emmanuel Macron met Olaf Scholz on Friday and urged them to resume talks.",
        "urged",
        "-",
    ),
    # --- "both governments" after two parallel acts aimed at the subject
    (
        "parallel_doers",
        "Ghana closed its border with Togo on Monday. Benin recalled its ambassador from Togo "
        "on Tuesday. Togo accused both countries of meddling on Wednesday.",
        "accused",
        "Togo/source|Ghana/target|Benin/target",
    ),
    (
        "parallel_doers_before_of",
        "Quito broke off relations with Bogota on Monday, and Caracas expelled Colombian "
        "diplomats on Tuesday. Colombia accused both governments of ties to the ELN.",
        "accused",
        "Colombia/source|Ecuador/target|Venezuela/target",
    ),
    # --- the apposed name after "and his counterpart," stays in the subject chain
    (
        "counterpart_apposed",
        "President Lula and his Colombian counterpart, Gustavo Petro, yesterday signed an "
        "accord on the Amazon.",
        "signed",
        "Luiz Inacio Lula da Silva/participant|Gustavo Petro/participant",
    ),
    # --- a list set off by dashes spells out the group named before it
    (
        "dash_list",
        "Cuba and the group - that's Brazil, Mexico and Chile - signed a trade pact in Havana "
        "on Monday.",
        "signed",
        "Cuba/participant|Brazil/participant|Mexico/participant|Chile/participant",
    ),
    (
        "dash_list_bare",
        "Cuba and its allies - Brazil, Mexico and Chile - signed a trade pact in Havana on Monday.",
        "signed",
        "Cuba/participant|Brazil/participant|Mexico/participant|Chile/participant",
    ),
    (
        "dash_clause_not_a_list",
        "Cuba and the group - which met in Lima - signed a trade pact in Havana on Monday.",
        "signed",
        "Cuba/participant",
    ),
    # --- "the presidents of A, B and C" are the three listed holders on the date
    # (actor.plural_title, session 16: the states when one of them is not listed); a
    # handshake is a joint act
    (
        "presidents_of_shake_hands",
        "The presidents of Chile, Peru and Bolivia shook hands at a summit in Quito on Friday.",
        "shook",
        "Gabriel Boric/participant|Dina Boluarte/participant|Luis Arce/participant",
    ),
    # --- "the three countries" after "A, B and C ..., as did D": the named three
    (
        "counted_past_as_did",
        "Brazil, Chile and Peru welcomed the ceasefire on Monday, as did Mexico. The three "
        "countries also praised Norway.",
        "praised",
        "Brazil/source|Chile/source|Peru/source|Norway/target",
    ),
    (
        "counted_all_four",
        "Brazil, Chile and Peru welcomed the ceasefire on Monday, as did Mexico. The four "
        "countries also praised Norway.",
        "praised",
        "Brazil/source|Chile/source|Peru/source|Mexico/source|Norway/target",
    ),
]


def _event(text: str, trigger: str):  # noqa: ANN202
    events = [e for e in extract(text, REF, tag(text, REF)) if e.trigger == trigger]
    return events[-1] if events else None


@pytest.mark.parametrize(("story", "trigger", "expected"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_plural_actors(story: str, trigger: str, expected: str) -> None:
    ev = _event(story, trigger)
    if expected == "-":
        assert ev is None or not any(a.rule in _RULES for a in ev.actors), ev
        return
    assert ev is not None, (trigger, story)
    got = {(a.name, a.role) for a in ev.actors}
    assert got == {tuple(x.split("/")) for x in expected.split("|")}
