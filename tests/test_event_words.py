"""Every cue and every word-list example of the event stages runs through ``extract()``, and
each cue's example shows the cue's effect (dropped by it, or the status/date rule it names)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.events.extract import extract
from timeline.events.lexicon import read_rows
from timeline.events.stages import STAGES
from timeline.events.types import ExtractedEvent
from timeline.events.words import examples, ordered, weight
from timeline.temporal import tag

REF = date(2019, 4, 11)
CUES = read_rows("cues.tsv")

#: kind -> the rule id a cue's example must produce ("{id}" is the cue's id); "drop:" means
#: the example's candidate is dropped by that rule.
EFFECT = {
    "negation": "drop:filter.negated.{id}",
    "negation_noun": "drop:filter.negated.{id}",
    "negation_complement": "drop:filter.complement.{id}",
    "modal": "drop:filter.hypothetical.{id}",
    "condition": "drop:filter.hypothetical.{id}",
    "infinitive_plan": "status.{id}",
    "reported": "status.{id}",
    "report_date": "time.report_date.{id}",
    "plan_condition": "drop:filter.conditional_plan",
    "durative": "drop:filter.durative_background",
    "plan_subject": "actor.plan_speaker",
    "reported_intent": "type.reported_intent",
    "relative_participle": "drop:filter.relative_participle",
    "blame_predicate": "type.said_blame",
    "blame_agent": "type.said_blame",
    "blame_harm": "type.said_blame",
    "guarantee_predicate": "type.said_guarantee",
}


def run(text: str) -> tuple[list[ExtractedEvent], list[tuple[str, str]]]:
    dropped: list[tuple[str, str]] = []
    return extract(text, REF, tag(text, REF), dropped=dropped), dropped


#: Cues whose example is a fragment (no actor, or no trigger): it runs through extract() but
#: cannot show the cue's effect. This set may only shrink: a new cue needs an example sentence
#: that shows its effect, and an example made a full sentence must leave the set.
KNOWN_FRAGMENTS = frozenset(
    {
        "neg.nt", "neg.no", "neg.failure", "neg.without", "mod.would",
        "mod.must", "mod.d", "mod.can", "mod.asked", "cond.if",
        "cond.unless", "plan.ll", "plan.shall", "plan.is_to", "plan.are_to",
        "plan.going_to", "plan.upcoming", "plan.planned", "plan.scheduled", "plan.proposed",
        "plan.next", "plan.forthcoming", "inf.plan", "inf.scheduled",
        "inf.will_travel", "rep.was_reported", "rep.allegedly", "date.today",
        "date.this_morning", "date.hours_after", "date.later_today", "aux.are", "aux.were",
        "aux.been", "aux.be", "perf.have", "perf.had", "pass.is", "pass.are", "pass.was",
        "pass.were", "pass.been", "pass.be", "pass.get", "loc.in", "loc.at", "loc.near",
        "loc.outside", "loc.inside", "loc.across", "loc.into", "loc.within", "loc.around",
        "loc.throughout", "loc.to", "loc.from", "loc.via", "loc.toward", "subj.ministry",
        "subj.army", "subj.navy", "subj.spokesman",
        "subj.spokeswoman", "negn.postponed", "negn.scrapped", "negn.delayed", "negn.no",
        "negn.without", "negc.rejected", "negc.false", "ana.two_leaders",
        "ana.both_leaders", "ana.the_leaders", "ana.two_men", "ana.two_ministers",
        "ana.two_presidents",
    }
)  # fmt: skip


def shows_effect(row: dict[str, str]) -> bool:
    """Whether the cue's example, run through extract(), shows what the cue does."""
    events, dropped = run(row["example"])
    effect = EFFECT.get(row["kind"])
    if effect is None:  # cues that help recognise an event (or its actors, place, voice)
        if row["kind"] == "planned":
            return any(e.status == "planned" for e in events)
        return bool(events)
    rule = effect.removeprefix("drop:").format(id=row["id"])
    if effect.startswith("drop:"):
        return rule in {r for _, r in dropped}
    return any(rule in e.rules for e in events)


@pytest.mark.parametrize("row", CUES, ids=lambda r: r["id"])
def test_cue_example_through_extract(row: dict[str, str]) -> None:
    if row["id"] in KNOWN_FRAGMENTS:
        assert not shows_effect(row), f"{row['id']} works now: remove it from KNOWN_FRAGMENTS"
    else:
        assert shows_effect(row), f"{row['id']}: {row['example']!r} does not show the cue"


def test_known_fragments_are_cues() -> None:
    assert KNOWN_FRAGMENTS <= {r["id"] for r in CUES}


@pytest.mark.parametrize(("file", "list_id", "example"), examples(), ids=lambda x: str(x))
def test_word_list_example_through_extract(file: str, list_id: str, example: str) -> None:
    events, dropped = run(example)
    assert events or dropped, f"{file} {list_id}: nothing found in {example!r}"


def test_weights_and_lists_load() -> None:
    assert weight("min") < weight("max")
    assert ordered("grain_order")[0] == "day"
    with pytest.raises(KeyError):
        ordered("no such list")


def test_stage_names_are_unique() -> None:
    names = [s.__name__ for s in STAGES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("row", read_rows("event_nouns.tsv"), ids=lambda r: r["noun"])
def test_event_noun_example_takes_the_earlier_source_as_target(row: dict[str, str]) -> None:
    """ "Russia condemned the strike": the source of the earlier event is the target."""
    events, _ = run(row["example"])
    first, last = events[0], events[-1]
    roots = row["roots"].split("|")
    voted = "voted" in roots and (
        "status.dec.voted" in first.rules or "trigger.override_veto" in first.rules
    )  # "the vote", "the resolution": an act decided by a vote, of any type
    assert first.type in roots or first.cameo in roots or voted, (row["noun"], first.type)
    sources = {a.name for a in first.actors if a.role in ("source", "participant")}
    targets = [a for a in last.actors if a.role == "target"]
    assert targets and {a.name for a in targets} <= sources, row
    assert "actor.object_anaphor" in last.rules
    assert all(a.rule == "actor.object_anaphor" and a.evidence for a in targets)


def test_event_noun_without_an_earlier_event_adds_no_target() -> None:
    events, _ = run("Russia condemned the strike on Tuesday.")
    assert [a.role for e in events for a in e.actors] == ["source"]
