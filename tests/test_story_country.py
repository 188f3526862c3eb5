"""Unnamed domestic actors resolved by the story's state (timeline/events/home_country.py).

Phrase table of mini-stories written for these tests: each row is (id, published, text, the
trigger of the event looked at, the actors expected on it as name=code ("" = no event with that
trigger at all), the evidence rule an actor must carry, why). Positive and negative twins: a
story about one state, about two states named about as often, a story told from a foreign
dateline, the narrator's "here", a chamber with and without its scene, "the Kingdom", armed
groups no state is known for.
"""

from __future__ import annotations

import pytest
from table_helpers import check_actor_row

from timeline.events.home_country import dominant_state, narrator_here
from timeline.events.tokens import tokenize

VISIT = (
    "ISLAMABAD, March 4 - Indian Prime Minister Manmohan Singh arrived on Saturday for two days "
    "of talks. India hopes the visit will revive trade, and Indian officials said a rail link "
    "was on the agenda.\n\nThe Indian delegation includes India's trade minister.\n\n"
)
ACCORD = (
    "Japan and South Korea reached an agreement on Monday. Japan will fund a foundation, and "
    "South Korea will manage it. Japan also promised an apology.\n\n"
    "The ministers met in Seoul on Monday.\n\n"
)

ROWS = [
    # the state the story names most (five times, the other once): its opposition
    ("home.dominant", "2021-06-09",
     "Ghana and Togo signed a border agreement in Accra on Monday.\n\nGhanaian officials said "
     "the deal would reopen trade, and Ghana will build two customs posts. Ghana also promised "
     "new roads.\n\nThe opposition criticised the agreement on Tuesday.",
     "criticised", "opposition (Ghana)=GHAOPP,Ghana=GHA,Togo=TGO", "actor.story_home",
     "Ghana is named far more often than Togo: the opposition is Ghana's (the agreement's "
     "parties are its targets: actor.object_anaphor, session 16)"),
    # negative: two states named about as often, the place two paragraphs back: no guess
    ("home.two_states", "2021-06-09",
     "Ethiopia and Kenya signed a water agreement in Nairobi on Monday.\n\nEthiopia will share "
     "data on the dam, and Kenya will fund a study.\n\nThe opposition criticised the agreement "
     "on Tuesday.",
     "criticised", "", "",
     "a story about two states has no home state: whose opposition is not said"),
    # negative: a venue dateline, the two parties named alike
    ("home.venue_dateline", "2021-06-09",
     "GENEVA - Armenia and Azerbaijan held talks on Monday.\n\nArmenia proposed a border "
     "commission. Azerbaijan asked for guarantees.\n\nThe opposition criticised the talks on "
     "Tuesday.",
     "criticised", "", "",
     "told from Geneva about two other states: the opposition is neither Swiss nor guessed"),
    # the dateline's state is the one state the story names
    ("home.sole_dateline", "2021-06-09",
     "HARARE - The two leaders signed a trade accord on Monday.\n\nThe accord lowers tariffs "
     "on maize.\n\nPolice arrested twelve traders on Tuesday.",
     "arrested", "Zimbabwe=ZWECOP", "actor.story_home",
     "the only state of the story is the dateline's"),
    # negative: a foreign dateline; the visitor is named most, the story is told from the host
    ("home.foreign_dateline", "2006-03-05",
     VISIT + "The opposition criticised the visit on Sunday.",
     "criticised", "", "",
     "dateline in Pakistan, India named most: no home state, no guessed opposition"),
    # the narrator's "here" is the dateline's city: the crowd and the police are Pakistan's
    ("here.dateline", "2006-03-05",
     VISIT + "Hundreds of activists protested against the visit here on Saturday. Police fired "
     "tear gas at them.",
     "protested", "activists (Pakistan)=PAKOPP", "actor.here_scene",
     "'here' in a story datelined Islamabad"),
    ("here.paragraph", "2006-03-05",
     VISIT + "Hundreds of activists protested against the visit here on Saturday. Police fired "
     "tear gas at them.",
     "fired", "Pakistan=PAKCOP", "",
     "the sentence after 'here' in the same paragraph has that place too"),
    # negative twin: no "here", no home state, the dateline two paragraphs back
    ("here.absent", "2006-03-05",
     VISIT + "Hundreds of activists protested against the visit on Saturday.",
     "protested", "", "",
     "without 'here' the activists' state is not said"),
    # a chamber in a sentence that opens with its scene
    ("chamber.scene", "2019-08-07",
     "In Canberra, members of the House of Representatives criticised the trade minister on "
     "Tuesday.",
     "criticised", "Australia=AUSLEG", "actor.chamber_scene",
     "the House of Representatives in Canberra is Australia's"),
    # negative twin: no scene, the lexicon's chamber of that name
    ("chamber.bare", "2019-08-07",
     "Members of the House of Representatives criticised the trade minister on Tuesday.",
     "criticised", "United States=USALEG", "",
     "no scene: the chamber stays the one the lexicon knows"),
    # "the Kingdom" after the state named in that form
    ("state_form.kingdom", "2019-08-07",
     "The Kingdom of Morocco and Spain signed a fisheries accord in Rabat on Monday.\n\nSpain "
     "will pay for the licences.\n\nThe Kingdom thanked the European Union for its support.",
     "thanked", "Morocco=MARGOV,European Union=IGOEUREEC", "actor.organ_antecedent",
     "'the Kingdom' = the Kingdom of Morocco named before"),
    # negative twin: no state named as a kingdom, no home state
    ("state_form.none", "2019-08-07",
     "Morocco and Spain signed a fisheries accord in Rabat on Monday.\n\nSpain will pay for the "
     "licences.\n\nThe Kingdom thanked the European Union for its support.",
     "thanked", "European Union=IGOEUREEC", "",
     "'the Kingdom' with no antecedent is no actor"),
    # armed groups no state is known for: the group as named, with no country
    ("unplaced.militants", "2019-08-07",
     "Talks on the ceasefire resumed on Monday.\n\nMilitants killed four soldiers at a "
     "checkpoint on Tuesday.",
     "killed", "militants=", "actor.group_unplaced",
     "no state in the story: the militants, not a guessed state's"),
    ("unplaced.side_thread", "2015-02-13",
     "Russia and Ukraine agreed on a ceasefire in Minsk on Thursday. Russia promised to pull "
     "back its artillery, and Ukraine will hold local elections.\n\nThe German chancellor flew "
     "to Washington on Monday.\n\nRebels shelled the town on Friday.",
     "shelled", "rebels=", "actor.group_unplaced",
     "the place of the paragraph before is a side thread's (Washington): not the rebels' state"),
    # negative: an object after a preposition is no acting group
    ("unplaced.object", "2019-08-07",
     "Talks on the ceasefire resumed on Monday.\n\nThe assembly voted on Tuesday to open talks "
     "with the rebels.",
     "talks", "", "",
     "'talks with the rebels' voted for: the rebels do not act"),
    # the scene of the story's principal states carries over one paragraph
    ("carryover.adjacent", "2015-12-29",
     ACCORD + "The Japanese minister apologised to the former comfort women.",
     "apologised", "Japan=JPNGOV,comfort women (South Korea)=KORCVL", "actor.scene_carryover",
     "Seoul, the place of the paragraph before, is in a principal state"),
    ("carryover.older", "2015-12-29",
     ACCORD + "The agreement covers a fund of one billion yen.\n\nThe Japanese minister "
     "apologised to the former comfort women.",
     "apologised", "Japan=JPNGOV", "",
     "the place is two paragraphs back: it carries nothing"),
    # a group named with a religious adjective, of the story's home state
    ("group.settlers", "2020-03-03",
     "TEL AVIV - Israel froze the building permits on Friday. Israeli officials said the freeze "
     "would last a year.\n\nJewish settler leaders criticised the freeze on Sunday.",
     "criticised", "settlers (Israel)=ISRCVL", "actor.agent_home",
     "settler leaders are settlers of the story's state (the dateline's, named in its sentence)"),
    ("group.settlers_no_state", "2020-03-03",
     "Jewish settler leaders criticised the freeze on Sunday.",
     "criticised", "", "",
     "no state anywhere in the story: no guessed settlers' state"),
    # crowds and rioters are protesters of the place
    ("group.crowds", "2020-03-03",
     "In Nairobi, crowds attacked a police station on Monday.",
     "attacked", "protesters (Kenya)=KENCVL,Kenya=KENCOP", "",
     "crowds in Nairobi are Kenyan protesters"),
    ("group.rioters", "2020-03-03",
     "In Nairobi, rioters attacked a police station on Monday.",
     "attacked", "protesters (Kenya)=KENOPP,Kenya=KENCOP", "",
     "rioters are named protesters too"),
    # a place after a movement preposition is where, never a target
    ("place.through", "2006-06-13",
     "Hundreds of Nigerian youths marched through Brackenford on Sunday.",
     "marched", "youths (Nigeria)=NGACVL", "",
     "Brackenford (a name no lexicon knows) is the place of the march"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_story_country(row: tuple[str, ...]) -> None:
    check_actor_row(row)


@pytest.mark.parametrize(
    ("sentence", "quoted", "expected"),
    [
        ("Hundreds of students marched on the parliament here on Sunday.", None, True),
        ("Here is the text of the statement.", None, False),  # a presentative, no place
        ('"We are glad to be here," the envoy said.', "here", False),  # the speaker's here
        ("Police dispersed the crowd on Sunday.", None, False),
    ],
)
def test_narrator_here(sentence: str, quoted: str | None, expected: bool) -> None:
    tokens = tokenize(sentence)
    marks = [quoted is not None and t.lower == quoted for t in tokens] if quoted else None
    assert narrator_here(tokens, marks) is expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"Ghana": 5, "Togo": 1}, "Ghana"),
        ({"Ghana": 4, "Togo": 2}, "Ghana"),  # twice as often
        ({"Kenya": 3, "Ethiopia": 2}, None),  # about as often: no home
        ({"Ghana": 2}, None),  # named too rarely to tell
        ({}, None),
    ],
)
def test_dominant_state(counts: dict[str, int], expected: str | None) -> None:
    state, why = dominant_state(counts)
    assert state == expected
    assert bool(why) is (expected is not None)
