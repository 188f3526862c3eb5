"""Phrase tables for in-article context: coreference (pronouns, short names, nominal events)
and discourse dating, each with positive and negative rows (tests/fixtures/*.tsv)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from table_helpers import phrase_table

from timeline.events.discourse import is_byline
from timeline.events.lexicon import read_rows
from timeline.events.tokens import tokenize
from timeline.pipeline import pipeline

FIXTURES = Path(__file__).parent / "fixtures"


def _table(name: str) -> list[dict[str, str]]:
    return phrase_table(name)


COREF = _table("coref_phrases.tsv")
DATES = _table("discourse_dates.tsv")


def _events(row: dict[str, str]):  # noqa: ANN202
    text = row["text"].replace("\\n", "\n")
    return [e for e in pipeline(text, date.fromisoformat(row["published"]))
            if e.trigger.lower() == row["trigger"].lower()]  # fmt: skip


COREF_RULES = [r for r in read_rows("coref.tsv") if r["kind"].endswith("rule")]


@pytest.mark.parametrize("row", COREF_RULES, ids=[r["id"] for r in COREF_RULES])
def test_coref_rule_example_and_counter(row: dict[str, str]) -> None:
    """Every pronoun rule of ``coref.tsv`` resolves an actor of its example (the evidence
    names the rule) and none of its near miss; the phrase table has rows of its shape."""
    published = date.fromisoformat(row["published"])

    def fired(text: str) -> list[str]:
        return [x for e in pipeline(text, published) for x in e.evidence
                if x.startswith("actor.") and f"({row['id']}:" in x]  # fmt: skip

    assert fired(row["example"]), row["example"]
    assert not fired(row["counter"]), row["counter"]
    shape = row["id"].removeprefix("coref.")
    assert any(r["id"].startswith(f"coref.{shape}") for r in COREF), shape
    assert any(r["id"].startswith(f"neg.coref.{shape}") for r in COREF), shape


def test_tables_have_positive_and_negative_rows() -> None:
    assert sum(r["expected"] == "-" for r in COREF) >= 4
    assert sum(r["expected"] != "-" for r in COREF) >= 6
    assert sum(r["expected"] == "undated" for r in DATES) >= 4
    assert sum(".." in r["expected"] for r in DATES) >= 3


@pytest.mark.parametrize("row", COREF, ids=[r["id"] for r in COREF])
def test_coreference(row: dict[str, str]) -> None:
    events = _events(row)
    if row["expected"] == "-":
        assert events == [], [(e.trigger, [a.name for a in e.actors]) for e in events]
        return
    assert len(events) == 1, [(e.trigger, [a.name for a in e.actors]) for e in events]
    (ev,) = events
    assert {a.name for a in ev.actors} == set(row["expected"].split("|")), row["note"]
    if row["id"].startswith("pron.") and row["id"] != "pron.short_name":
        assert "actor.pronoun" in ev.rules
        assert any(e.startswith("actor.pronoun:") for e in ev.evidence)
    if row["id"].startswith("nom."):
        assert "actor.nominal_anaphor" in ev.rules and "merge.same_event" in ev.rules
    if row["id"] in ("obj.him", "obj.her_object"):
        assert "actor.object_pronoun" in ev.rules
        assert any(e.startswith("actor.object_pronoun:") for e in ev.evidence)
        target = next(a for a in ev.actors if a.rule == "actor.object_pronoun")
        assert "actor.object_pronoun" in (target.evidence or "")
    if row["id"] == "shared.subject_and":
        assert "actor.shared_subject" in ev.rules or "actor.sentence_subject" in ev.rules
    if row["id"] == "plan.reported_would":
        assert ev.status == "planned" and "status.reported_plan" in ev.rules


@pytest.mark.parametrize("row", DATES, ids=[r["id"] for r in DATES])
def test_discourse_dating(row: dict[str, str]) -> None:
    events = _events(row)
    assert len(events) == 1, [(e.trigger, e.start) for e in events]
    (ev,) = events
    rule = row["note"].split(":", 1)[0]
    if rule.startswith("time.") and " " not in rule:  # the note names the rule that decides
        assert rule in ev.rules, (rule, ev.rules)
        assert any(e.startswith(f"{rule}:") for e in ev.evidence), ev.evidence
    if row["expected"] == "undated":
        assert ev.start is None and "time.undated" in ev.rules, (ev.start, ev.rules, row["note"])
        if "conflict" in row["id"]:
            assert "time.discourse.story_day_conflict" in ev.rules, ev.rules
        return
    start, end = (date.fromisoformat(x) for x in row["expected"].split(".."))
    assert (ev.start, ev.end) == (start, end), (ev.rules, row["note"])
    if row["id"].startswith(("prev.", "para.")):
        assert any(r.startswith("time.discourse.") for r in ev.rules)
        assert any(e.startswith("time.discourse.") and "past tense" in e for e in ev.evidence)
    if row["id"].startswith("story."):  # the lead's date and how it was read
        assert "time.discourse.story_day" in ev.rules
        why = next(e for e in ev.evidence if e.startswith("time.discourse.story_day:"))
        assert "lead" in why and ("time.clause_timex" in why or "timex rule" in why), why
    if row["id"].startswith("offset."):
        assert "time.discourse.offset" in ev.rules
        assert any(e.startswith("time.discourse.offset:") for e in ev.evidence)


STORY_ROOTS = [r for r in read_rows("story_day.tsv") if r["kind"] == "event_root"]
PUBLISHED = date(2022, 7, 23)


@pytest.mark.parametrize("row", STORY_ROOTS, ids=[r["id"] for r in STORY_ROOTS])
def test_story_day_roots_examples(row: dict[str, str]) -> None:
    """Each verbal root that may take the story day has a story whose last paragraph's event
    of that root takes the lead's day (rule time.discourse.story_day)."""
    text = row["example"].replace("\\n", "\n")
    events = pipeline(text, PUBLISHED)
    *_, last = text.split("\n\n")
    late = [e for e in events if e.trigger in last and e.type == row["word"]]
    assert late, [(e.trigger, e.type) for e in events]
    for e in late:
        assert "time.discourse.story_day" in e.rules, e.rules
        assert e.start == e.end and e.start is not None
        assert 0 <= (PUBLISHED - e.start).days <= 7


STORY = ("WASHINGTON - The Senate voted on July 21 to impose sanctions on South Africa.\n\n"
         "Officials were studying the law.\n\n"
         "In Pretoria, Foreign Minister Pik Botha condemned the vote.")  # fmt: skip


@pytest.mark.parametrize(
    ("published", "expected"),
    [(date(2022, 7, 23), date(2022, 7, 21)), (date(2022, 7, 28), date(2022, 7, 21)),
     (date(2022, 7, 29), None), (date(2022, 8, 23), None)],
)  # fmt: skip
def test_story_day_needs_a_recent_lead(published: date, expected: date | None) -> None:
    """The lead's day dates the reaction only when the lead is at most 7 days
    (``story_day.max_lead_age``) before publication; an older lead is a feature story."""
    (ev,) = [e for e in pipeline(STORY, published) if e.trigger == "condemned"]
    assert ev.start == expected, ev.rules
    assert ("time.discourse.story_day" in ev.rules) is (expected is not None)


def test_pronoun_resolution_records_its_evidence() -> None:
    text = "Antony Blinken met Abdel Fattah al-Sisi in Cairo on Sunday. He said aid must flow."
    (said,) = [e for e in pipeline(text, date(2023, 10, 17)) if e.trigger == "said"]
    assert "actor.pronoun" in said.rules
    assert any(e.startswith("actor.pronoun: 'He' = Antony Blinken") for e in said.evidence)


def test_trailing_attribution_is_not_an_event() -> None:
    text = "Syrian rebels attacked an army post near Aleppo on Sunday, a monitoring group said."
    events = pipeline(text, date(2013, 9, 10))
    assert [e.trigger for e in events] == ["attacked"]
    assert "report.attribution" in events[0].rules


def test_statement_alone_stays_an_event() -> None:
    text = "Iranian Foreign Minister Mohammad Javad Zarif said Tehran had acted in self-defence."
    (ev,) = pipeline(text, date(2020, 1, 8))
    assert ev.type == "01" and "report.attribution" not in ev.rules


@pytest.mark.parametrize(
    ("line", "byline"),
    [("A colleague in Moscow contributed to this report.", True),
     ("Reporting by Jane Roe; Editing by John Doe", True),
     ("Lavrov met Kerry in Geneva on Monday.", False),
     ("The report contributed to the talks.", False)],
)  # fmt: skip
def test_bylines(line: str, byline: bool) -> None:
    assert is_byline(tokenize(line)) is byline
    if byline:
        assert pipeline(f"Kerry met Lavrov in Geneva on Monday. {line}", date(2013, 9, 10))


AGENTS = _table("agent_phrases.tsv")


@pytest.mark.parametrize("row", AGENTS, ids=[r["id"] for r in AGENTS])
def test_generic_and_non_state_actors(row: dict[str, str]) -> None:
    events = _events(row)
    if row["expected"] == "-":
        assert events == [], [(e.trigger, [a.name for a in e.actors]) for e in events]
        return
    (ev,) = events
    want = dict(x.split("=") for x in row["expected"].split("|"))
    assert {a.name: a.code or "" for a in ev.actors} == want, row["note"]  # "name=": no code


def test_two_statements_of_one_speaker_stay_two() -> None:
    text = ("Sergei Lavrov said on Monday that the talks were useful. "
            "Lavrov said on Monday that sanctions would fail.")  # fmt: skip
    events = pipeline(text, date(2013, 9, 10))
    assert [e.type for e in events] == ["01", "01"]
