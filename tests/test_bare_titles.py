"""Bare definite titles that stand for a person or organ (timeline/events/bare_titles.py,
rule actor.bare_title).

Phrase table of mini-stories written for these tests: (id, published, text, the trigger of
the event looked at, the actors expected on it as name=code ("" = no actor from the title: no
event with that trigger, or one without the title's actor), the evidence rule an actor must
carry, why). Positive and negative twins: a title the story introduced, a title bound at its
first bare use, the home state's holder on the date, two presidents named, a deputy's title, a
venue dateline, no office holder known, "the Administration" in and out of a US story.
"""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import check_actor_row, events_of

from timeline.events.actors import Context, find_mentions
from timeline.events.lexicon import dated_surname, derived_surname
from timeline.events.tokens import tokenize

ROWS = [
    # 1. the one person the story introduced with the title
    ("introduced.unlisted", "1981-05-12",
     "HELSINKI - President Tomas Varga of Wendland arrived on Monday for a three-day visit.\n\n"
     "The President met the Finnish foreign minister on Tuesday.",
     "met", "Tomas Varga=,Finland=FINGOV", "actor.bare_title",
     "the President is the visitor the story named with that title, not Finland's"),
    # 1. a foreign leader introduced with the title beats the home state's holder
    ("introduced.foreign", "2015-09-23",
     "SEATTLE - Chinese President Xi Jinping arrived on Tuesday for his first state visit.\n\n"
     "The President met business leaders in Seattle on Wednesday.",
     "met", "Xi Jinping=CHNGOV", "actor.bare_title",
     "the one president the story introduced"),
    # 1. a multi-word title
    ("introduced.prime_minister", "2016-03-02",
     "Prime Minister Malcolm Turnbull and Shinzo Abe's envoy met in Canberra on Monday.\n\n"
     "The Prime Minister later criticised China on Tuesday.",
     "criticised", "Malcolm Turnbull=AUSGOV,China=CHN", "actor.bare_title",
     "the Prime Minister = the person introduced with both title words"),
    # 4. nobody introduced: the home state's holder on the date
    ("home.holder", "2015-07-15",
     "WASHINGTON - The United States will keep its sanctions on Iran, officials said on "
     "Monday.\n\nThe President criticised Iran on Tuesday.",
     "criticised", "Barack Obama=USAGOV,Iran=IRN", "actor.bare_title",
     "the US president on the article's date"),
    # 1+4: bound at its first bare use, the Secretary stays the same person
    ("bound.secretary", "2015-07-15",
     "WASHINGTON - The United States and Japan held talks on Monday, the United States "
     "said.\n\nThe Secretary met the Japanese foreign minister on Monday. Defense Secretary "
     "Ash Carter will fly to Tokyo next month.\n\nThe Secretary also criticised North Korea "
     "on Tuesday.",
     "criticised", "John Kerry=USAGOV,North Korea=PRK", "actor.bare_title",
     "the first bare 'the Secretary' was the Secretary of State; a defence secretary named "
     "later does not take it over"),
    # 3: a person named without the title, holding the office on that date
    ("dated.secretary_of_state", "2015-07-15",
     "VIENNA - John Kerry and Mohammad Javad Zarif met on Monday.\n\nThe Secretary of State "
     "praised Austria on Tuesday.",
     "praised", "John Kerry=USAGOV,Austria=AUT", "actor.bare_title",
     "Kerry was Secretary of State on that date and the story named him"),
    # organ row: the Administration of a US story
    ("organ.administration", "2015-07-15",
     "WASHINGTON - The United States will keep its sanctions on Iran, officials said on "
     "Monday.\n\nSeveral senators criticised the Administration on Tuesday.",
     "criticised", "United States=USAGOV", "actor.bare_title",
     "the Administration of a US story is the US government"),
    # header place of a transcript: the home state of its bare titles
    ("header.transcript", "2015-07-15",
     "Daily Briefing\nWashington, DC\nJuly 15, 2015\n\nIran, France and Germany met in Vienna "
     "yesterday, and Iran and France will meet again.\n\nThe President criticised Iran "
     "yesterday.",
     "criticised", "Barack Obama=USAGOV,Iran=IRN", "actor.bare_title",
     "a transcript's header place is its home state"),
    # negative: two presidents introduced, no home state to tell them apart
    ("neg.two_presidents", "2023-02-21",
     "President Joe Biden met President Volodymyr Zelensky in Warsaw on Monday.\n\nThe "
     "president criticised Russia on Tuesday.",
     "criticised", "Russia=RUS", "",
     "two presidents named: the title is ambiguous, no actor"),
    # two presidents, one of them of the story's home state
    ("two_presidents.home", "2023-02-21",
     "WASHINGTON - President Joe Biden met President Volodymyr Zelensky at the White House "
     "on Monday, the White House said. The United States will send more aid.\n\nThe "
     "President criticised Russia on Tuesday.",
     "criticised", "Joe Biden=USAGOV,Russia=RUS", "actor.bare_title",
     "the home state's president of the two"),
    # negative: a deputy's title is no president
    ("neg.deputy", "2018-05-02",
     "Vice President Mike Pence met the Colombian foreign minister in Bogota on Monday.\n\n"
     "The President criticised Venezuela on Tuesday.",
     "criticised", "Venezuela=VEN", "",
     "Pence was introduced as Vice President; no home state: nobody"),
    # a deputy's own bare title is the deputy
    ("introduced.vice_president", "2018-05-02",
     "Vice President Mike Pence met the Colombian foreign minister in Bogota on Monday.\n\n"
     "The Vice President criticised Venezuela on Tuesday.",
     "criticised", "Mike Pence=USAGOV,Venezuela=VEN", "actor.bare_title",
     "the one person introduced as Vice President"),
    # negative: a venue dateline is no home state
    ("neg.venue_dateline", "2015-07-15",
     "GENEVA - Iran and France held talks on Monday.\n\nThe Foreign Minister criticised Iran "
     "on Tuesday.",
     "criticised", "Iran=IRN", "",
     "told from Geneva about two other states: not Switzerland's foreign minister"),
    # no holder of the office known on that date: the home state acting through its office
    # (as "the Nigerian president" is), never a person guessed
    ("no_holder.home_state", "1955-03-02",
     "ACCRA - Ghana and Togo signed a trade accord on Monday. Ghana will build a road, and "
     "Ghana will pay for it.\n\nThe Prime Minister criticised Togo on Tuesday.",
     "criticised", "Ghana=GHAGOV,Togo=TGO", "actor.agent_home",
     "no known prime minister of the home state in 1955: Ghana's government, no person"),
    # negative: the Administration in a story of another state
    ("neg.administration_abroad", "2015-07-15",
     "LONDON - Britain will keep its sanctions on Iran, British officials said on Monday. "
     "Britain named the banks.\n\nSeveral MPs criticised the Administration on Tuesday.",
     "criticised", "", "",
     "'the Administration' is the US usage: nobody in a British story"),
    # negative: a title followed by "of" is no bare title
    ("neg.of_country", "2015-07-15",
     "WASHINGTON - The United States will keep its sanctions on Iran, officials said on "
     "Monday.\n\nThe President of Iran criticised the sanctions on Tuesday.",
     "criticised", "Hassan Rouhani=IRNGOV", "",
     "'the President of Iran' is Iran's president, never the home state's"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_bare_titles(row: tuple[str, ...]) -> None:
    check_actor_row(row)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # "Prime Minister Dr. NAME": the honorific is no name
        (["Prime Minister Dr. Abiy Ahmed opened the summit on Monday."], "Abiy Ahmed"),
        # "President NAME" read as the name alone still introduces him with the title
        (
            ["President Kofi Mensah arrived on Monday.", "The President met the envoy."],
            "Kofi Mensah",
        ),
        # an apposed name is left to the apposition rules
        (
            [
                "President Kofi Mensah arrived on Monday.",
                "The Prime Minister, Ama Owusu, met the envoy.",
            ],
            "Ama Owusu",
        ),
        # the title's possessive is left to other rules
        (
            ["President Kofi Mensah arrived on Monday.", "The President's aides met the envoy."],
            None,
        ),
    ],
)
def test_title_mentions(sentences: list[str], expected: str | None) -> None:
    ctx = Context(date(2019, 7, 5))
    last = []
    for sent in sentences:
        last = find_mentions(tokenize(sent), ctx)
    people = [m.entity.name for m in last if m.entity is not None and m.entity.kind == "person"]
    if expected is None:
        assert not any(m.rule == "actor.bare_title" for m in last), last
    else:
        assert expected in people, last


@pytest.mark.parametrize("word", ["Prime", "Minister", "President", "Secretary", "General"])
def test_a_title_word_is_no_derived_surname(word: str) -> None:
    """The derived lexicon has people whose last name is a title word (a Grenadian minister
    George Prime); "after Prime Minister's Questions" must not introduce him."""
    assert not derived_surname(word)
    assert dated_surname(word, date(2018, 3, 14)) is None


def test_prime_minister_questions_introduce_nobody() -> None:
    text = (
        "Theresa May spoke after Prime Minister's Questions on Wednesday. "
        "On Monday the Prime Minister had told MPs that Russia was responsible."
    )
    told = events_of(text, "2018-03-15", "told")
    assert [[a.name for a in e.actors if a.role == "source"] for e in told] == [["Theresa May"]]
