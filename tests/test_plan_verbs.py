"""Verb classes told in a speaker's words (docs/events.md "Speech and reported acts"):
extending cooperation (060), restoring relations (050), putting on trial / prosecuting (173),
fighting an accord (120), answering in kind (type.in_kind), holding an actor responsible and
a speaker's blame (type.said_blame, 112), asking a court to charge someone
(actor.charged_person), a promise that an actor is free to act (type.said_guarantee), and the
participle that only describes a noun (filter.relative_participle); calling off one's protests
(type.called_off_campaign). Positive and negative rows; our own sentences."""

from __future__ import annotations

import pytest
from table_helpers import check_typed_event

from timeline.pipeline import pipeline

PUBLISHED = "2021-06-18"

# sentence, trigger, type, status, actors ("name:role; ...", "" = not checked)
POSITIVE = [
    (  # extend cooperation (060), a reported plan
        "The Thai foreign minister said Bangkok would extend economic cooperation to Cambodia.",
        "extend", "06", "planned", "Thailand:source; Cambodia:target",
    ),
    (  # provide technical cooperation (060), done
        "Japan provided technical cooperation to Peru in 2018.",
        "provided", "06", "happened", "Japan:source; Peru:target",
    ),
    (  # restore relations (050): both sides take part; "they" after a pair of speakers
        "Chile and Bolivia announced on Monday that they would restore diplomatic relations.",
        "restore", "05", "planned", "Chile:participant; Bolivia:participant",
    ),
    (  # put on trial (173), the object before "on trial" or after it
        "A Kenyan spokesman said Nairobi would put on trial Somali fighters accused of piracy.",
        "put", "17", "planned", "",
    ),
    (
        "Senegal brought the former Chadian ruler to trial in Dakar in 2015.",
        "brought", "17", "happened", "",
    ),
    (  # fight an accord (120): the speaker's own plan ("they")
        "In Lima, opposition leaders said they would fight the treaty in Congress.",
        "fight", "12", "planned", "",
    ),
    (  # type.in_kind: the answer repeats the act it answers (an expulsion, 16)
        "Poland expelled two Belarusian diplomats on Monday. The Belarusian foreign ministry "
        "said Minsk would respond in kind.",
        "respond", "16", "planned", "Belarus:source; Poland:target",
    ),
    (  # type.in_kind with no act to answer: a threat told now
        "The Iranian foreign ministry said Tehran would retaliate in kind.",
        "retaliate", "13", "happened", "Iran:source",
    ),
    (  # hold X responsible (112): X is the target
        "Washington held Moscow responsible for the cyberattack on Monday.",
        "held", "11", "happened", "United States:source; Russia:target",
    ),
    (  # type.said_blame: "was responsible for" a harm, in a nested belief
        "Canada's ambassador said the government believed that India was responsible for the "
        "killing of a Sikh leader.",
        "said", "11", "happened", "Canada:source; India:target",
    ),
    (  # type.said_blame: "was to blame", told after "told X that"
        "The Afghan president told reporters that Pakistan was to blame for the bombing.",
        "told", "11", "happened", "Ashraf Ghani:source; Pakistan:target",
    ),
    (  # type.said_blame: "was behind" a harm
        "The Iraqi foreign minister said Syria was behind the bombings in Baghdad.",
        "said", "11", "happened", "Fuad Hussein:source; Syria:target",
    ),
    (  # type.said_blame: "responsible" ending its clause, after a hedge
        'The Peruvian president told parliament on Monday that it was "very likely" that '
        "Ecuador was responsible.",
        "told", "11", "happened", "",
    ),
    (  # actor.charged_person: asking a court to charge someone accuses that one (112)
        "The Peruvian president said he would ask the International Criminal Court to charge "
        "Maduro.",
        "ask", "11", "planned", "Francisco Sagasti:source; Nicolas Maduro:target",
    ),
    (  # type.said_guarantee: a named actor "would be free to" act is promised it (030)
        "Mexico said in a statement that Evo Morales would be free to return to Bolivia.",
        "said", "03", "happened", "Mexico:source; Evo Morales:target",
    ),
    (
        "The Brazilian government said Juan Guaido would be allowed to leave the embassy.",
        "said", "03", "happened", "Brazil:source; Juan Guaidó:target",
    ),
    (  # type.called_off_campaign: calling off one's protests is a concession (080)
        "The Belarusian opposition leader Svetlana Tikhanovskaya said the movement would call "
        "off the protests.",
        "call", "08", "planned", "",
    ),
    (  # suspend_protests (080)
        "The Armenian opposition suspended its protests in Yerevan on Friday.",
        "suspended", "08", "happened", "",
    ),
    (  # calling off a summit stays a cut in relations (164)
        "Trump called off the summit in May 2018.",
        "called", "16", "happened", "Donald Trump:source",
    ),
    (  # filter.relative_participle does not touch an object relative with a pronoun subject
        "Peru expelled a Chilean diplomat it accused of spying on Monday.",
        "accused", "11", "happened", "Peru:source; Chile:target",
    ),
]  # fmt: skip

NEGATIVE = [
    # (sentence, trigger that must not yield an event, why)
    ("The weather would extend the delay.", "extend", "no cooperation, no speaker"),
    ("The Iranian storm would respond in kind.", "respond", "no actor"),
    ("The rebels fought for weeks until the agreement was signed.", "fought", "no accord fought"),
    (
        "Armenian forces fought Azerbaijani troops despite the deal on Monday.",
        "fought",
        "filter.object_not_adjacent: the deal is not what was fought",
    ),
    (
        "Russia denied the charges against officers accused of spying.",
        "accused",
        "a participle describing the officers",
    ),
    (
        "Kenya asked Uganda to extradite three men charged with smuggling on Friday.",
        "charged",
        "a participle describing the men",
    ),
    ("Chile asked Peru to try harder on Monday.", "asked", "no charge asked for"),
    (
        "The minister held a meeting with officials responsible for the budget on Monday.",
        "held",
        "no one held responsible",
    ),
]

# sentence, speech verb: a statement (01) that blames or promises nobody
NOT_BLAME = [
    ("Chile said visitors would be free to enter the park.", "said"),
    (
        "The Brazilian government said Juan Guaido would not be allowed to leave the embassy.",
        "said",
    ),
    ("The Peruvian finance minister said the ministry was responsible for the budget.", "said"),
    ("Germany said Russia was not responsible for the attack.", "said"),
    ("The Iraqi foreign minister said Syria was behind the talks.", "said"),
]


@pytest.mark.parametrize(("text", "trigger", "type_", "status", "actors"), POSITIVE)
def test_plan_verb(text: str, trigger: str, type_: str, status: str, actors: str) -> None:
    events = pipeline(text, PUBLISHED)
    check_typed_event(events, trigger, type_, status, actors)


@pytest.mark.parametrize(("text", "trigger", "why"), NEGATIVE)
def test_no_plan_verb(text: str, trigger: str, why: str) -> None:
    events = pipeline(text, PUBLISHED)
    bad = [e for e in events if e.trigger == trigger]
    assert not bad, f"{why}: {[(e.type, e.summary, e.rules) for e in bad]}"


@pytest.mark.parametrize(("text", "trigger"), NOT_BLAME)
def test_statement_without_blame(text: str, trigger: str) -> None:
    events = pipeline(text, PUBLISHED)
    got = [(e.type, e.trigger) for e in events if e.trigger == trigger]
    assert got == [("01", trigger)], [(e.type, e.trigger, e.rules) for e in events]
