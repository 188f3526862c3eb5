"""The event stages: the default order, small stages, and the hook a learned coder uses."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from timeline import cameo
from timeline.events.extract import extract
from timeline.events.stages import STAGES, Candidate, type_refinement, with_stage
from timeline.temporal import tag

REF = date(2019, 4, 11)
TEXT = "Moon Jae-in met Donald Trump at the White House on Thursday."
EVENTS = Path(__file__).resolve().parents[1] / "timeline" / "events"


def test_default_order() -> None:
    assert [s.__name__ for s in STAGES] == [
        "filter_quoted", "filter_negated", "filter_complement", "filter_hypothetical",
        "filter_visit_purpose", "voice", "roles", "status", "place", "dating",
        "type_refinement", "confidence", "summary",
    ]  # fmt: skip


def test_a_coder_plugs_in_as_one_stage() -> None:
    """A learned coder is a stage: it sees every candidate after the rules and may recode it
    (recording its rule id) or drop it."""
    seen: list[str] = []

    def coder(c: Candidate) -> Candidate | None:
        seen.append(c.match.trigger.id)
        c.type, c.cameo, c.label = "05", "057", "sign formal agreement"
        c.rules.append("coder.test")
        return c

    stages = with_stage(coder, after="type_refinement")
    assert stages.index(coder) == STAGES.index(type_refinement) + 1
    (ev,) = extract(TEXT, REF, tag(TEXT, REF), stages=stages)
    assert seen == ["meet"] and ev.type == "05" and ev.cameo == "057"
    assert "coder.test" in ev.rules and ev.plover == cameo.plover("057")
    (plain,) = extract(TEXT, REF, tag(TEXT, REF))
    assert plain.type == "04"  # the default list is untouched


def test_a_stage_can_drop_and_the_drop_is_recorded() -> None:
    def veto(c: Candidate) -> None:
        c.rules.append("coder.veto")
        return None

    dropped: list[tuple[str, str]] = []
    assert extract(TEXT, REF, tag(TEXT, REF), stages=(*STAGES, veto), dropped=dropped) == []
    assert dropped == [("trigger.meet", "coder.veto")]


def test_with_stage_names_the_stages_on_a_typo() -> None:
    with pytest.raises(ValueError, match="no stage named 'typo'.*type_refinement"):
        with_stage(lambda c: c, after="typo")


@pytest.mark.parametrize(
    "module", ["stages.py", "document.py", "roles.py", "summary.py", "merge.py", "extract.py"]
)
def test_stage_functions_are_small(module: str) -> None:
    tree = ast.parse((EVENTS / module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno < 120, f"{module}:{node.name}"


# --- article-level rules of the i12ext session (several sentences each) --------------------


def _events(text: str, published: date) -> list:
    return extract(text, published, tag(text, published))


def test_a_quotation_that_retells_the_act_before_is_no_second_event() -> None:
    text = (
        "The Kremlin dismissed the move on Friday. "
        '"It has no meaning for our country," spokesman Dmitry Peskov told reporters.'
    )
    dropped: list[tuple[str, str]] = []
    events = extract(text, date(2023, 3, 18), tag(text, date(2023, 3, 18)), dropped=dropped)
    assert [e.type for e in events] == ["12"]
    assert ("trigger.tell", "filter.quote_elaboration") in dropped


def test_a_told_statement_after_an_act_is_kept_and_so_is_another_speaker() -> None:
    # the sentence does not open with the quotation: a statement of its own (fresh11 s01)
    kept = _events(
        "Bishop Desmond Tutu welcomed the decision on Thursday. "
        'He told reporters that "the Senate has stood with the oppressed."',
        date(1986, 10, 3),
    )
    assert [e.type for e in kept] == ["05", "01"]
    other = _events(
        "The Kremlin dismissed the move on Friday. "
        '"It is justice," President Joe Biden told reporters.',
        date(2023, 3, 18),
    )
    assert [e.type for e in other] == ["12", "01"]


def test_a_person_opening_an_eventless_sentence_is_the_next_he() -> None:
    text = (
        "Senator Richard Lugar led the fight for the override on Thursday. "
        "He said the vote sent a clear message."
    )
    (ev,) = _events(text, date(1986, 10, 3))
    assert [a.name for a in ev.actors] == ["Richard Lugar"] and "actor.pronoun" in ev.rules


def test_the_house_overrode_the_veto_repeats_the_act_of_the_first_override() -> None:
    text = (
        "The Senate voted on Thursday to override the President's veto of a bill imposing "
        "sanctions on South Africa. The House of Representatives overrode the veto on Monday. "
        "Pretoria condemned the vote on Friday."
    )
    first, second, third = _events(text, date(1986, 10, 3))
    assert (first.type, second.type) == ("16", "16")
    assert "type.enacted_anaphor" in second.rules
    assert [a.name for a in second.actors if a.role == "target"] == ["South Africa"]
    assert third.type == "11" and [a.name for a in third.actors if a.role == "target"] == [
        "United States"
    ]


def test_overrode_the_veto_without_an_earlier_override_stays_domestic() -> None:
    (ev,) = _events("The House of Representatives overrode the veto on Monday.", date(1986, 10, 3))
    assert ev.type == "other" and "type.enacted_anaphor" not in ev.rules


def test_it_after_an_accusing_verb_is_the_last_state_subject() -> None:
    text = (
        "North Korea withdrew from the treaty in January 2003, after Washington accused it "
        "of running a secret programme."
    )
    _, accused = _events(text, date(2006, 10, 14))
    assert [(a.name, a.role) for a in accused.actors] == [
        ("United States", "source"),
        ("North Korea", "target"),
    ]
    assert "actor.object_pronoun_state" in accused.rules


def test_it_before_a_label_or_for_the_subject_itself_is_no_target() -> None:
    (labelled,) = _events("Tony Blair called it a courageous step on Friday.", REF)
    assert [a.role for a in labelled.actors] == ["source"]
    text = "Iran tested a missile on Monday. Iran defended it on Tuesday."
    *_, defended = _events(text, REF)
    assert "actor.object_pronoun_state" not in defended.rules


def test_a_verb_after_and_shares_the_subject_of_the_finite_verb_not_the_infinitive() -> None:
    text = "France urged Iran to free the vessel and called for calm on Saturday."
    urged, called = _events(text, date(2019, 7, 21))
    assert [a.name for a in called.actors if a.role == "source"] == ["France"]
    assert [a.name for a in urged.actors if a.role == "target"] == ["Iran"]


def test_a_short_quotation_retelling_a_demand_is_no_second_event() -> None:
    text = (
        "Jeremy Hunt said on Saturday that Iran must free the crew. "
        '"This is unacceptable," he told the BBC.'
    )
    (ev,) = _events(text, date(2019, 7, 21))
    assert ev.type == "10" and "type.reported_demand" in ev.rules


def test_a_participle_after_and_stays_passive_after_a_participle_only() -> None:
    text = "Two British journalists were arrested and deported by Iran on Friday."
    _, deported = _events(text, date(2019, 7, 21))
    assert "voice.passive" in deported.rules
    assert [(a.name, a.role) for a in deported.actors][0] == ("Iran", "source")
    text = (
        "Britain said the talks were useful and told reporters on Friday that Iran must free "
        "the crew."
    )
    (ev,) = _events(text, date(2019, 7, 21))
    assert ev.type == "10" and [a.name for a in ev.actors] == ["United Kingdom", "Iran"]


def test_praise_of_an_act_of_ones_own_state_names_no_target() -> None:
    text = (
        "Hungary's parliament voted on Monday to ratify Sweden's bid to join NATO. "
        "Viktor Orban praised the vote on Tuesday. Germany welcomed the vote on Tuesday."
    )
    _, orban, germany = _events(text, date(2024, 2, 28))
    assert [a.role for a in orban.actors] == ["source"]
    assert [(a.name, a.role) for a in germany.actors] == [
        ("Germany", "source"),
        ("Hungary", "target"),
    ]


def test_the_decision_is_the_main_clause_act_not_the_after_clause_act() -> None:
    text = (
        "Kenya's President William Ruto on Monday offered to send police officers to Haiti, "
        "days after the United Nations Security Council approved a security mission for Haiti. "
        "Haitian Prime Minister Ariel Henry welcomed the decision on Monday."
    )
    *_, welcomed = _events(text, date(2023, 10, 17))
    assert [a.name for a in welcomed.actors if a.role == "target"] == ["William Ruto"]


def test_the_decision_is_an_act_not_a_comment_on_one() -> None:
    text = (
        "The United States vetoed the resolution on Tuesday. Benjamin Netanyahu welcomed the "
        "veto on Tuesday. Hamas condemned the decision on Wednesday."
    )
    *_, condemned = _events(text, date(2024, 2, 22))
    assert [a.name for a in condemned.actors if a.role == "target"] == ["United States"]


def test_a_decision_of_the_commenter_itself_names_no_target() -> None:
    text = (
        "Venezuela recalled its ambassador from Brazil on Wednesday. "
        "Venezuela's foreign ministry said on Thursday the decision was illegitimate."
    )
    _, said = _events(text, date(2016, 9, 2))
    assert said.type == "11" and [a.role for a in said.actors] == ["source"]


def test_the_nation_in_the_object_is_the_last_country_named_before() -> None:
    text = (
        "Kenya on Monday offered to send police officers to Haiti, days after the Security "
        "Council approved a security mission for the Caribbean nation."
    )
    _, approved = _events(text, date(2023, 10, 17))
    assert [(a.name, a.role) for a in approved.actors] == [
        ("UN Security Council", "source"),
        ("Haiti", "target"),
    ]
    assert "actor.nation_object" in approved.rules
    (alone,) = _events(
        "The Security Council approved a security mission for the Caribbean nation on Monday.",
        date(2023, 10, 17),
    )
    assert [a.role for a in alone.actors] == ["source"]  # no country named before: none


def test_the_two_leaders_are_the_two_people_of_the_latest_event_of_people() -> None:
    text = (
        "George W. Bush and Manmohan Singh met in Washington in July 2005. President Pervez "
        "Musharraf of Pakistan spoke to reporters. The two leaders agreed on the outline of a "
        "nuclear deal."
    )
    # "agreed on the outline of a nuclear deal" is an agreement (trigger.agree_deal, 05)
    agreed = [e for e in _events(text, date(2006, 3, 3)) if "trigger.agree_deal" in e.rules][0]
    assert [a.name for a in agreed.actors] == ["George W. Bush", "Manmohan Singh"]
    assert "actor.pair_anaphor" in agreed.rules
    # a country and its leader are no pair of leaders
    mixed = "Pakistan and Pervez Musharraf met in Islamabad. The two leaders agreed on a deal."
    assert not [e for e in _events(mixed, date(2006, 3, 3)) if "trigger.agree_deal" in e.rules]


def test_a_veto_has_no_target_whatever_its_resolution_names() -> None:
    text = (
        "The Soviet Union vetoed a resolution calling for the withdrawal of its troops from "
        "Afghanistan on Jan. 7."
    )
    (veto,) = _events(text, date(1980, 1, 14))
    assert [(a.name, a.role) for a in veto.actors] == [("Soviet Union", "source")]
    assert "actor.document_object" in veto.rules


def test_a_war_breaking_out_with_no_side_named_is_fought_by_the_last_pair_of_states() -> None:
    text = (
        "Peru and Ecuador signed a treaty in 1942. Opposition leaders accused President "
        "Alberto Fujimori of giving away land. The last war broke out in the disputed jungle "
        "in January 1995."
    )
    war = [e for e in _events(text, date(1998, 10, 27)) if e.type == "19"][0]
    assert [(a.name, a.role) for a in war.actors] == [
        ("Peru", "participant"),
        ("Ecuador", "participant"),
    ]
    assert "actor.war_sides" in war.rules


def test_an_object_relative_clause_tells_the_act_of_its_subject() -> None:
    text = (
        "Peru and Ecuador signed a treaty in 1942. The last war broke out in January 1995 and "
        "ended with a cease-fire that both sides signed in Brasilia on Feb. 17, 1995."
    )
    signed = [e for e in _events(text, date(1998, 10, 27)) if e.start == date(1995, 2, 17)]
    assert [(e.type, [a.name for a in e.actors]) for e in signed] == [("05", ["Peru", "Ecuador"])]


def test_bare_negotiators_are_the_latest_two_sides_and_the_attribution_is_no_statement() -> None:
    text = (
        "China and the European Union held talks in Brussels in September. Negotiators will "
        "meet again next week, an EU spokesman said."
    )
    evs = _events(text, date(2024, 10, 4))
    meet = [e for e in evs if "trigger.meet" in e.rules][0]
    assert [(a.name, a.role) for a in meet.actors] == [
        ("China", "participant"),
        ("European Union", "participant"),
    ]
    assert meet.status == "planned" and "actor.pair_anaphor" in meet.rules
    assert not [e for e in evs if e.type == "01"]  # the trailing "an EU spokesman said"
    # with no two sides told before, the negotiators are nobody
    assert not _events("Negotiators will meet again next week.", date(2024, 10, 4))


def test_said_its_decisions_were_irresponsible_criticises_the_doer_of_the_decision() -> None:
    text = (
        "Mali expelled the French ambassador on Monday. France said on Tuesday that its "
        "decisions were irresponsible."
    )
    _, said = _events(text, date(2022, 2, 2))
    assert said.type == "11" and "type.said_label_criticism" in said.rules
    assert [(a.name, a.role) for a in said.actors] == [("France", "source"), ("Mali", "target")]
    # no label, no criticism
    plain = text.replace("irresponsible", "final")
    assert _events(plain, date(2022, 2, 2))[1].type == "01"


def test_sanctions_with_no_target_answer_the_act_of_the_clause_before() -> None:
    text = (
        "India tested nuclear weapons in May 1998, and the United States imposed sanctions "
        "that month."
    )
    _, imposed = _events(text, date(2006, 3, 3))
    assert [(a.name, a.role) for a in imposed.actors] == [
        ("United States", "source"),
        ("India", "target"),
    ]
    assert "actor.answered_act" in imposed.rules
    # a meeting is no act that sanctions answer
    met = "The EU met in Brussels on Monday, and the United States imposed sanctions on Tuesday."
    _, alone = _events(met, date(2022, 10, 1))
    assert [a.role for a in alone.actors] == ["source"]


def test_backing_tariffs_is_a_vote_its_critics_name_as_target() -> None:
    text = (
        "European Union governments on Friday backed tariffs on electric cars from China. "
        "Beijing called the vote a setback for free trade."
    )
    backed, called = _events(text, date(2024, 10, 4))
    assert (backed.type, backed.cameo) == ("16", "163")
    assert called.type == "11"
    assert [(a.name, a.role) for a in called.actors] == [
        ("China", "source"),
        ("European Union", "target"),
    ]


def test_lifted_most_of_them_undoes_the_latest_sanctions_and_keeps_their_target() -> None:
    text = (
        "India tested nuclear weapons in May 1998, and the United States imposed sanctions "
        "that month. Washington lifted most of them in September 2001."
    )
    lifted = _events(text, date(2006, 3, 3))[-1]
    assert (lifted.type, lifted.cameo) == ("08", "085")
    assert [(a.name, a.role) for a in lifted.actors] == [
        ("United States", "source"),
        ("India", "target"),
    ]
    assert "actor.undone_act" in lifted.rules
    # with no sanctions told before, "them" is nothing to lift
    assert not _events("Washington lifted most of them in September 2001.", date(2006, 3, 3))


def test_an_infinitive_after_the_two_countries_voted_has_the_last_two_states() -> None:
    text = (
        "Peru and Ecuador signed a treaty in 1942. Opposition leaders accused President "
        "Alberto Fujimori of giving away land. The two countries' congresses voted on Oct. 16 "
        "to accept a binding ruling."
    )
    accepted = [e for e in _events(text, date(1998, 10, 27)) if "trigger.accept" in e.rules][0]
    assert [(a.name, a.role) for a in accepted.actors] == [
        ("Peru", "source"),
        ("Ecuador", "source"),
    ]
    assert accepted.start == date(1998, 10, 16)
    # no "the two"/"both" at the clause's start: nobody to borrow
    other = text.replace("The two countries' congresses", "Lawmakers")
    assert not [e for e in _events(other, date(1998, 10, 27)) if "trigger.accept" in e.rules]
