"""Reported acts (docs/events.md "Speech and reported acts"): what a speaker says an actor
will do is that act, planned (status.reported_plan), for every verb of saying and with or
without "that"; a speaker's readiness to act is an intent (type.reported_intent); a pronoun or
"his government" standing for the speaker makes the speaker the act's source
(actor.plan_speaker). Near misses: a denied plan, a conditional plan (filter.conditional_plan),
a guess with no verb of saying, a forecast about the world, an act told over years
(filter.durative_background). Our own sentences."""

from __future__ import annotations

import pytest
from table_helpers import actor_roles, check_typed_event

from timeline.pipeline import pipeline

PUBLISHED = "2021-06-18"

# sentence, type, status, trigger, actors ("name:role; ...", "" = not checked)
POSITIVE = [
    (  # "said X would" without "that"; a closed verb class of its own (compensate, 071)
        "The Peruvian president said Lima would compensate the miners' families.",
        "07", "planned", "compensate", "Peru:source",
    ),
    (  # "announced that X would": another verb of saying, the "that" form
        "Chile announced on Tuesday that it would pay reparations to Bolivia.",
        "07", "planned", "pay", "Chile:source; Bolivia:target",
    ),
    (  # press ... to (020), told by "told reporters that"
        "The Swedish minister told reporters that Stockholm would press its Nordic neighbours "
        "to tighten the embargo.",
        "02", "planned", "press", "Sweden:source",
    ),
    (  # stay at the negotiating table (040)
        "The Colombian president said Bogota would stay at the negotiating table in Havana.",
        "04", "planned", "stay", "",
    ),
    (  # expand trade (060) with a partner
        "The Indonesian president said Jakarta would expand trade with Vietnam.",
        "06", "planned", "expand", "Indonesia:source; Vietnam:target",
    ),
    (  # resume dialogue (040), "will" after the speech verb
        "Cuba's foreign minister said Havana will resume its dialogue with the Vatican.",
        "04", "planned", "resume", "Cuba:source; Holy See:target",
    ),
    (  # send peacekeeping forces (074)
        "Kenya said it would send peacekeeping forces to Haiti.",
        "07", "planned", "send", "Kenya:source; Haiti:target",
    ),
    (  # actor.plan_speaker: "it" after a person speaker stands for the speaker
        "Prime Minister Jacinda Ardern announced that it would send peacekeeping forces.",
        "07", "planned", "send", "Jacinda Ardern:source",
    ),
    (  # actor.plan_speaker: "his government" is the speaker's
        "The Japanese foreign minister told reporters that his government would impose "
        "sanctions on Iran.",
        "16", "planned", "impose", "Toshimitsu Motegi:source; Iran:target",
    ),
    (  # type.reported_intent: "ready to mediate" is an intent to mediate (039)
        "Germany said it was ready to mediate between Russia and Ukraine.",
        "03", "happened", "mediate", "Germany:source; Russia:target; Ukraine:target",
    ),
    (  # type.reported_intent: "prepared to send troops" is an intent to provide aid (033)
        "Kenya's foreign minister said Nairobi was prepared to send troops to Haiti.",
        "03", "happened", "send", "",
    ),
    (  # type.reported_intent with the help_resolve row: the speaker is the source
        "Norway's foreign minister said Oslo was willing to help resolve the dispute.",
        "03", "happened", "help", "",
    ),
    (  # the plain form: "it" resolved to the speaker
        "Japan said it would impose sanctions on Iran.",
        "16", "planned", "impose", "Japan:source; Iran:target",
    ),
]  # fmt: skip

NEGATIVE = [
    # (sentence, trigger that must not yield an event, why)
    ("Kenya said it would not send peacekeeping forces to Haiti.", "send", "denied plan"),
    ("Kenya said it would send peacekeeping forces to Haiti if asked.", "send", "conditional"),
    (
        "Chile said it would pay reparations to Bolivia unless the court ruled otherwise.",
        "pay",
        "conditional (unless)",
    ),
    ("Lima would compensate the miners' families.", "compensate", "no verb of saying"),
    ("Chile said relations with Bolivia would improve.", "improve", "no act of an actor"),
    ("Iran said it was not ready to resume talks with Washington.", "resume", "denied intent"),
    ("Pyongyang is ready to resume talks with Seoul.", "resume", "readiness, no speech verb"),
    (
        "The mayor of Lima, who had pressed the ministry for years to repair the bridge, "
        "resigned on Monday.",
        "pressed",
        "an act told over years is background",
    ),
    ("The Associated Press reported the news on Monday.", "press", "a name, not the verb"),
    ("Ardern told the press that the talks were useful.", "press", "the noun"),
]


@pytest.mark.parametrize(("text", "type_", "status", "trigger", "actors"), POSITIVE)
def test_reported_act(text: str, type_: str, status: str, trigger: str, actors: str) -> None:
    events = pipeline(text, PUBLISHED)
    check_typed_event(events, trigger, type_, status, actors)
    # the verb of saying only attributes the act: no second (statement) event
    assert not [e for e in events if e.type == "01"], [(e.type, e.trigger) for e in events]


@pytest.mark.parametrize(("text", "trigger", "why"), NEGATIVE)
def test_no_reported_act(text: str, trigger: str, why: str) -> None:
    events = pipeline(text, PUBLISHED)
    bad = [e for e in events if e.trigger == trigger]
    assert not bad, f"{why}: {[(e.type, e.summary, e.rules) for e in bad]}"


def test_conditional_plan_keeps_the_statement() -> None:
    """filter.conditional_plan: the plan is dropped, what was said stays a statement."""
    events = pipeline("Kenya said it would send peacekeeping forces to Haiti if asked.", PUBLISHED)
    assert [(e.type, e.trigger) for e in events] == [("01", "said")]


def test_second_speech_verb_tells_the_plan() -> None:
    """report.second_speech: "called X a sad day, but said Y would ..." keeps the label."""
    events = pipeline(
        "Boris Johnson called the vote a sad day for Europe, but said Britain would send "
        "troops to Cyprus.",
        PUBLISHED,
    )
    assert {e.trigger for e in events} == {"called", "send"}, [
        (e.type, e.trigger, e.rules) for e in events
    ]


@pytest.mark.parametrize(
    ("between", "told"),
    [
        ("He also questioned whether the mission had been invited.", False),
        ("Protests went on in Almaty.", True),  # another subject: the quotation is new
    ],
)
def test_quotation_after_an_eventless_sentence_of_the_speaker(between: str, told: bool) -> None:
    """filter.quote_elaboration across one eventless sentence with the speaker's pronoun."""
    text = (
        "US State Department spokesman Ned Price urged Kazakhstan to show restraint on Friday. "
        f'{between} "We are watching," he told reporters in Washington.'
    )
    events = pipeline(text, "2022-01-08")
    assert ("told" in {e.trigger for e in events}) is told


def test_a_reported_past_act_of_the_speaker() -> None:
    """actor.plan_speaker also for a past act told after "said he had"; not in the passive."""
    (ev,) = pipeline(
        "President Emmanuel Macron said he had appealed to the United Nations for help.",
        PUBLISHED,
    )
    assert (ev.type, actor_roles(ev)) == ("02", "Emmanuel Macron:source; United Nations:target")
    (ev,) = pipeline("Iran said it had been attacked by Israel.", PUBLISHED)
    assert actor_roles(ev) == "Israel:source; Iran:target"
