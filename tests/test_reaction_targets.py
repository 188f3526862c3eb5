"""Reactions to an earlier act and groups named by their number (rules actor.object_anaphor,
actor.group_anaphor; docs/events.md "Reactions and counted groups").

Each row is a mini-story of our own: the event of ``trigger`` (its last one in the story) must
have exactly the actors listed ("name/role|name/role"); "-" for a reaction that must keep its
source alone (no target is better than a wrong one)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.events.extract import extract
from timeline.events.roles import act_doers
from timeline.events.types import ActorRef, ExtractedEvent
from timeline.temporal import tag

REF = date(2023, 9, 20)

# (id, story, trigger, expected actors; "-": the source alone, the reaction has no target)
ROWS: list[tuple[str, str, str, str]] = [
    # --- reaction nouns that name a speech act: the source of the latest accusation
    (
        "criticism",
        "Denmark accused Iran of plotting attacks on exiles on Monday. Iran rejected "
        "the criticism on Tuesday.",
        "rejected",
        "Iran/source|Denmark/target",
    ),
    (
        "claims",
        "Ghana accused Togo of harbouring rebels on Monday. Togo dismissed the claims on Tuesday.",
        "dismissed",
        "Togo/source|Ghana/target",
    ),
    # the act aimed at the reacting actor comes first, not the latest of the family
    (
        "charge_aimed_at_the_reactor",
        "Britain accused Russia of poisoning a defector on Monday. Iran accused Israel of "
        "sabotage on Monday. Russia rejected the charge on Tuesday.",
        "rejected",
        "Russia/source|United Kingdom/target",
    ),
    (
        "strike_aimed_at_the_reactor",
        "Israel launched an air strike on Syria on Monday. Turkey shelled Kurdish positions on "
        "Monday. Syria condemned the strike on Tuesday.",
        "condemned",
        "Syria/source|Israel/target",
    ),
    (
        "criticism_no_act",
        "Ghana hosted talks with Togo on Monday. Togo rejected the criticism on Tuesday.",
        "rejected",
        "-",
    ),
    # --- outcomes: the source of the latest veto, vote or ruling, past a nearer act of
    # another family (the accusation is no outcome)
    (
        "outcome_veto",
        "Russia vetoed the draft resolution on Friday. Britain accused Russia of "
        "cynicism on Friday. Syria welcomed the outcome on Saturday.",
        "welcomed",
        "Syria/source|Russia/target",
    ),
    (
        "outcome_two_vetoes",
        "Russia and China vetoed the draft resolution on Friday. Zimbabwe "
        "welcomed the outcome on Saturday.",
        "welcomed",
        "Zimbabwe/source|Russia/target|China/target",
    ),
    (
        "result_sentence",
        "A Moscow court sentenced Alexei Navalny to prison on Tuesday. Germany "
        "criticised the result on Wednesday.",
        "criticised",
        "Germany/source|Russia/target",
    ),
    (
        "outcome_of_a_signing",
        "Egypt and Jordan signed a water accord on Monday. Israel welcomed the outcome on Tuesday.",
        "welcomed",
        "-",
    ),
    # --- the act whose own object repeats the noun comes first; else the latest of the family
    (
        "named_act",
        "Ghana and Togo signed a declaration on the border on Monday. Togo also "
        "signed a memorandum on trade with Benin. Nigeria rejected the declaration on Tuesday.",
        "rejected",
        "Nigeria/source|Ghana/target|Togo/target",
    ),
    (
        "latest_act_when_none_named",
        "Ghana and Togo signed a pact on the border on Monday. Togo "
        "also signed a memorandum on trade with Benin. Nigeria rejected the declaration on "
        "Tuesday.",
        "rejected",
        "Nigeria/source|Togo/target|Benin/target",
    ),
    # --- the look-back: the same or the previous paragraph, or the lead paragraph
    (
        "reach_previous_paragraph",
        "Ghana and Togo signed a border accord on Monday.\n\n"
        "The border runs for 600 kilometres through farmland.\n\nGhana accused Togo of harbouring "
        "rebels in 2019.\n\nTogo rejected the charge on Tuesday.",
        "rejected",
        "Togo/source|Ghana/target",
    ),
    (
        "reach_lead_paragraph",
        "Ghana accused Togo of harbouring rebels on Monday.\n\nThe border "
        "runs for 600 kilometres through farmland.\n\nTrade across it has doubled in a decade.\n\n"
        "Togo rejected the charge on Tuesday.",
        "rejected",
        "Togo/source|Ghana/target",
    ),
    (
        "out_of_reach",
        "Ghana and Togo signed a border accord on Monday.\n\nGhana accused Togo of "
        "harbouring rebels in 2019.\n\nThe border runs for 600 kilometres through farmland.\n\n"
        "Trade across it has doubled in a decade.\n\nTogo rejected the charge on Tuesday.",
        "rejected",
        "-",
    ),
    # --- groups named by their number: exactly that many actors of the noun's kind
    (
        "three_leaders",
        "Emmanuel Macron met Olaf Scholz and Pedro Sanchez in Paris on Monday. "
        "The three leaders condemned the coup in Niger.",
        "condemned",
        "Emmanuel Macron/source|Olaf Scholz/source|Pedro Sánchez/source",
    ),
    (
        "three_countries_of_leaders",
        "Emmanuel Macron met Olaf Scholz and Pedro Sanchez in Paris "
        "on Monday. The three leaders condemned the coup in Niger. Algeria accused the three "
        "countries of meddling on Tuesday.",
        "accused",
        "Algeria/source|France/target|Germany/target|Spain/target",
    ),
    (
        "four_countries",
        "France, Germany, Italy and Spain signed a declaration on migration in "
        "Madrid on Monday. Morocco criticised the four countries on Tuesday.",
        "criticised",
        "Morocco/source|France/target|Germany/target|Italy/target|Spain/target",
    ),
    (
        "two_countries_of_leaders",
        "Joe Biden met Xi Jinping in Bali on Monday. The two "
        "countries agreed to resume talks on climate.",
        "agreed",
        "United States/participant|China/participant",
    ),
    (
        "three_nations",
        "Brazil, India and South Africa signed a trade pact on Monday. The three nations "
        "criticised the tariffs on Tuesday.",
        "criticised",
        "Brazil/source|India/source|South Africa/source",
    ),
    (
        "between_three_countries",
        "Brazil, India and South Africa signed a trade pact on Monday. Norway hosted talks "
        "between the three countries on Tuesday.",
        "hosted",
        "Norway/participant|Brazil/participant|India/participant|South Africa/participant",
    ),
    (
        "three_countries_opening_infinitive",
        "Peru, Chile and Bolivia signed a border treaty in 1929. The three countries' congresses "
        "voted on Oct. 16 to accept a binding ruling.",
        "accept",
        "Peru/source|Chile/source|Bolivia/source",
    ),
    (
        "two_sides_of_leaders",
        "Xi Jinping met Joe Biden in Bali on Monday. The two sides agreed to resume talks on "
        "climate.",
        "agreed",
        "China/participant|United States/participant",
    ),
    (
        "two_sides_of_groups",
        "Sudan's army met RSF commanders in Jeddah on Monday. The two sides agreed to a truce.",
        "agreed",
        "Sudan/source|Rapid Support Forces/source",
    ),
    # --- reactions to an agreement told earlier: its parties are the targets (settled in
    # session 16 for every gold part); a reaction to a welcome is no reaction to the deal
    (
        "agreement_parties",
        "Chile and Argentina signed a border treaty in Rome on Monday. Brazil welcomed the "
        "agreement on Tuesday.",
        "welcomed",
        "Brazil/source|Chile/target|Argentina/target",
    ),
    (
        "deal_after_a_welcome",
        "Peru and Ecuador agreed on Friday to reopen their border. Colombia welcomed the deal on "
        "Saturday. Bolivia denounced the deal on Sunday.",
        "denounced",
        "Bolivia/source|Peru/target|Ecuador/target",
    ),
    (
        "agreement_untold",
        "Kenya hosted talks with Uganda on Monday. Tanzania welcomed the agreement on Tuesday.",
        "welcomed",
        "-",
    ),
    (
        "treaty_of_a_year_untold",
        "Greece and Albania held talks in Tirana on Monday. Serbia criticised the 1997 treaty "
        "on Tuesday.",
        "criticised",
        "-",
    ),
]

# (id, story, trigger): a counted group that names no earlier event's actors adds none
NO_GROUP: list[tuple[str, str, str]] = [
    (
        "opening_count_mismatch",
        "Peru and Ecuador signed a border treaty in 1942. The three countries' congresses voted "
        "on Oct. 16 to accept a binding ruling.",
        "accept",
    ),
    (
        "between_count_mismatch",
        "Brazil and India signed a trade pact on Monday. Norway hosted talks between the three "
        "countries on Tuesday.",
        "hosted",
    ),
    # a title is no group noun: two ministers met, "the two presidents" are not them
    (
        "title_is_no_group",
        "Sergei Lavrov met Antony Blinken in Bali on Friday. Indonesia offered to host talks "
        "between the two presidents.",
        "offered",
    ),
    (
        "count_mismatch",
        "Emmanuel Macron met Olaf Scholz in Berlin on Monday. The three leaders "
        "condemned the coup in Niger.",
        "condemned",
    ),
    (
        "kind_mismatch",
        "France, Germany and Italy signed a declaration on migration in Madrid on "
        "Monday. The three leaders condemned the coup in Niger.",
        "condemned",
    ),
    (
        "object_count_mismatch",
        "France and Germany signed a declaration on migration in Madrid on "
        "Monday. Morocco criticised the three countries on Tuesday.",
        "criticised",
    ),
]


def _event(text: str, trigger: str):  # noqa: ANN202
    events = [e for e in extract(text, REF, tag(text, REF)) if e.trigger == trigger]
    assert events, (trigger, text)
    return events[-1]


@pytest.mark.parametrize(("story", "trigger", "expected"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_reaction_and_group_actors(story: str, trigger: str, expected: str) -> None:
    ev = _event(story, trigger)
    got = {(a.name, a.role) for a in ev.actors}
    if expected == "-":
        assert not any(a.role == "target" for a in ev.actors), got
        assert "actor.object_anaphor" not in ev.rules
        return
    want = {tuple(x.split("/")) for x in expected.split("|")}
    assert got == want
    resolved = [a for a in ev.actors if a.rule in ("actor.object_anaphor", *_GROUP_RULES)]
    assert resolved and all(a.evidence for a in resolved)


@pytest.mark.parametrize(("story", "trigger"), [r[1:] for r in NO_GROUP],
                         ids=[r[0] for r in NO_GROUP])  # fmt: skip
def test_counted_group_without_a_match_names_no_one(story: str, trigger: str) -> None:
    events = [e for e in extract(story, REF, tag(story, REF)) if e.trigger == trigger]
    for ev in events:  # the verb may be dropped for want of a subject: also right
        assert not any(a.rule in _GROUP_RULES for a in ev.actors), ev.actors


_GROUP_RULES = ("actor.group_anaphor", "actor.pair_anaphor", "actor.between_pair")


# (id, publication day, story, trigger, the person "the <demonym> leader" must be, or "-": his
# country stays, no person guessed)
LEADERS: list[tuple[str, str, str, str, str]] = [
    (
        "president_is_leader",
        "2006-06-13",
        "President Olusegun Obasanjo and Paul Biya signed an "
        "agreement in New York on Monday. Mr Biya thanked the Nigerian leader.",
        "thanked",
        "Olusegun Obasanjo",
    ),
    (
        "prime_minister_is_leader",
        "2006-09-17",
        "Prime Minister Manmohan Singh met Pervez "
        "Musharraf in Havana on Saturday. Mr Musharraf praised the Indian leader.",
        "praised",
        "Manmohan Singh",
    ),
    (
        "minister_is_no_leader",
        "2006-06-13",
        "Foreign Minister Joy Ogwu and Paul Biya signed an "
        "agreement in Abuja on Monday. Mr Biya thanked the Nigerian leader.",
        "thanked",
        "-",
    ),
]


@pytest.mark.parametrize(("day", "story", "trigger", "person"), [r[1:] for r in LEADERS],
                         ids=[r[0] for r in LEADERS])  # fmt: skip
def test_demonym_leader_is_the_head_named_earlier(
    day: str, story: str, trigger: str, person: str
) -> None:
    """[actor.nominal_person, words lists ``leader_titles``, ``leader_title_deputies``]"""
    ref = date.fromisoformat(day)
    ev = next(e for e in extract(story, ref, tag(story, ref)) if e.trigger == trigger)
    targets = [a for a in ev.actors if a.role == "target"]
    if person == "-":
        assert all(a.rule != "actor.nominal_person" for a in targets), targets
    else:
        assert [(a.name, a.rule) for a in targets] == [(person, "actor.nominal_person")]


def _ev(*actors: ActorRef) -> ExtractedEvent:
    return ExtractedEvent("11", "accuse", "", "", 0, 0, actors=list(actors))


def test_act_doers_drop_the_state_a_person_acts_for() -> None:
    envoy = ActorRef("Zara Envoy", "person", "Ghana", "source")
    ghana = ActorRef("Ghana", "country", None, "source")
    togo = ActorRef("Togo", "country", None, "target")
    assert act_doers(_ev(envoy, ghana, togo)) == [envoy]
    # a state of its own (not the person's) stays a doer; a target never is one
    benin = ActorRef("Benin", "country", None, "source")
    assert act_doers(_ev(envoy, benin, togo)) == [envoy, benin]
    assert act_doers(_ev(ghana, togo)) == [ghana]


def test_states_of_people_keep_their_organ() -> None:
    """[actor.pair_anaphor] "Xi met Biden ... the two sides agreed": the states, coded as the
    governments the two men act for (CHNGOV, USAGOV), not the bare states."""
    story = "Xi Jinping met Joe Biden in Bali on Monday. The two sides agreed to resume talks."
    ev = _event(story, "agreed")
    assert {(a.name, a.code) for a in ev.actors} == {
        ("China", "CHNGOV"),
        ("United States", "USAGOV"),
    }
