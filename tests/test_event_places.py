"""Where an event happened: mini-stories of our own, positive and negative, for the place
rules of session 15 (``timeline/events/venues.py``, ``stages.place``, ``extract``'s dateline
meeting). Each row: a story, its publication day, the trigger, the expected place ("" = none)
and the rule the event records (or must not record, with a leading "!")."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.pipeline import pipeline
from timeline.textutil import fold

ROWS: list[tuple[str, str, str, str, str, str]] = [
    # loc.here_dateline after the people told, and after a noun trigger's own verb
    (
        "here_after_reporters",
        "KARACHI, May 4 - Indian officials had told reporters here on Friday that "
        "their delegation would stay.",
        "1990-05-04",
        "told",
        "Karachi",
        "loc.here_dateline",
    ),
    (
        "here_after_reporters_no_dateline",
        "Indian officials had told reporters here on Friday that their delegation would stay.",
        "1990-05-04",
        "told",
        "",
        "!loc.here_dateline",
    ),
    (
        "here_after_noun_verb",
        "OSLO, June 9 - The talks between Norway and Sweden opened here on Wednesday.",
        "1990-06-09",
        "talks",
        "Oslo",
        "loc.here_dateline",
    ),
    (
        "here_not_without_dateline_noun",
        "The talks between Norway and Sweden opened here on Wednesday.",
        "1990-06-09",
        "talks",
        "",
        "!loc.here_dateline",
    ),
    # loc.reporters_today
    (
        "reporters_today",
        "OSLO, June 9 - Foreign Minister Thorvald Stoltenberg told reporters today that the "
        "gap had narrowed.",
        "1990-06-09",
        "told",
        "Oslo",
        "loc.reporters_today",
    ),
    (
        "message_today_not_here",
        "OSLO, June 9 - President Mikhail Gorbachev told President George Bush today that the "
        "troops would leave.",
        "1990-06-09",
        "leave",
        "",
        "!loc.reporters_today",
    ),
    # loc.signed_today
    (
        "signed_today",
        "OSLO, June 9 - Norway and Sweden signed a fisheries treaty late tonight after a week "
        "of haggling.",
        "1990-06-09",
        "signed",
        "Oslo",
        "loc.signed_today",
    ),
    (
        "signed_dateline_alone",
        "OSLO, June 9 - Norway and Sweden signed a fisheries treaty on Thursday after a week "
        "of haggling.",
        "1990-06-09",
        "signed",
        "",
        "!loc.signed_today",
    ),
    # loc.named_venue: a possessive inside the name, an embassy
    (
        "named_venue_possessive",
        "QUITO, March 2 - President Rodrigo Borja signed the accord with President Alan "
        "Garcia at the Governor's Palace on Friday.",
        "1988-03-03",
        "signed",
        "Quito",
        "loc.named_venue",
    ),
    (
        "named_venue_embassy",
        "OSLO, June 9 - Norway and Sweden will meet again at the Finnish Embassy on Monday.",
        "1990-06-09",
        "meet",
        "Oslo",
        "loc.named_venue",
    ),
    # loc.building_scene: a definite building noun in a story with a dateline city
    (
        "building_scene_guesthouse",
        "HANOI, June 3 - Vietnam and Cambodia signed the protocol at the guesthouse on Friday.",
        "1995-06-03",
        "signed",
        "Hanoi",
        "loc.building_scene",
    ),
    (
        "building_scene_not_without_dateline",
        "Vietnam and Cambodia signed the protocol at the guesthouse on Friday.",
        "1995-06-03",
        "signed",
        "",
        "!loc.building_scene",
    ),
    # loc.scene_setter after a date and "also"
    (
        "scene_after_date",
        "Also on Tuesday in Rome, Italy and Libya signed a friendship treaty.",
        "2008-09-01",
        "signed",
        "Rome",
        "loc.scene_setter",
    ),
    (
        "scene_not_a_date_alone",
        "On Tuesday, Italy and Libya signed a friendship treaty.",
        "2008-09-01",
        "signed",
        "",
        "!loc.scene_setter",
    ),
    # loc.scene_own_state
    (
        "scene_own_state",
        "In Canberra, Prime Minister Bob Hawke said Australia would recall its ambassador "
        "from Beijing.",
        "1989-06-06",
        "recall",
        "Canberra",
        "loc.scene_own_state",
    ),
    (
        "scene_other_state",
        "In Canberra, Prime Minister Bob Hawke said China had expelled two Australian reporters.",
        "1989-06-06",
        "expelled",
        "",
        "!loc.scene_own_state",
    ),
    # fronted and apposed venues
    (
        "fronted_after_talks",
        "After three days of talks in Lusaka, Angola and South Africa agreed on a "
        "ceasefire on Friday.",
        "1984-02-17",
        "agreed",
        "Lusaka",
        "",
    ),
    (
        "fronted_after_not_a_venue_noun",
        "After the bombing in Luanda, Angola accused South Africa on Friday.",
        "1984-02-17",
        "accused",
        "",
        "",
    ),
    (
        "apposed_venue",
        "NATO foreign ministers, at their meeting in Oslo, welcomed the treaty on Thursday.",
        "1992-06-05",
        "welcomed",
        "Oslo",
        "",
    ),
    (
        "long_fronted_venue",
        "At an emergency session of the Organisation of American States in Washington on "
        "Friday night, Venezuela accused Colombia of aggression.",
        "2008-03-08",
        "accused",
        "Washington",
        "",
    ),
    (
        "speaking_participle_apposed",
        "The opposition leader Morgan Tsvangirai, speaking in Lusaka, called the vote a fraud "
        "on Sunday.",
        "2008-07-12",
        "called",
        "Lusaka",
        "",
    ),
    (
        "speaking_participle_fronted",
        "Addressing a rally in Lahore, Nawaz Sharif criticised India on Friday.",
        "2008-07-12",
        "criticised",
        "Lahore",
        "",
    ),
    (
        "speaking_participle_no_place",
        "Morgan Tsvangirai, speaking after the vote, called the vote a fraud on Sunday.",
        "2008-07-12",
        "called",
        "",
        "",
    ),
    # loc.where_clause: the country or place "where" follows, before a later unknown name
    (
        "where_country_before_unknown_name",
        "The chancellor reached Bonn on Friday from Hungary, where he held talks with Prime "
        "Minister Jozsef Antall on Thursday and toured Visegrad.",
        "1991-05-04",
        "held",
        "Hungary",
        "",
    ),
    (
        "where_own_known_place_kept",
        "President George W. Bush flew on to Afghanistan, where he met President Hamid Karzai "
        "in Kabul on Wednesday.",
        "2006-03-02",
        "met",
        "Kabul",
        "!loc.where_clause",
    ),
    # loc.dateline_meeting: not for a meeting to come, nor with another place in its sentence
    (
        "dateline_meeting_not_planned",
        "OSLO, June 9 - The prime minister will hold separate talks with Sweden this week.",
        "1990-06-09",
        "hold",
        "",
        "!loc.dateline_meeting",
    ),
    (
        "dateline_meeting_elsewhere",
        "OSLO, June 9 - The deal was prepared in secret talks between Norway and Sweden, "
        "mostly in Finland.",
        "1990-06-09",
        "talks",
        "",
        "loc.dateline_elsewhere",
    ),
    (
        "dateline_meeting_kept",
        "OSLO, June 9 - Norway and Sweden held talks on Thursday on fishing quotas.",
        "1990-06-09",
        "held",
        "Oslo",
        "loc.dateline_meeting",
    ),
    # loc.the_capital: "the <demonym> capital" after a locative is that country's capital
    (
        "demonym_capital_summit",
        "The foreign ministers of Chile and Peru met at a summit in the Dominican capital on "
        "Friday.",
        "2009-05-16",
        "met",
        "Santo Domingo",
        "loc.the_capital",
    ),
    (
        "demonym_capital_not_named_region",
        "The foreign ministers of Chile and Peru met in the Peruvian Capital Region on Friday.",
        "2009-05-16",
        "met",
        "",
        "!loc.the_capital",
    ),
    # loc.city_modifier: a city's name before a venue noun after "at a"/"in a"
    (
        "city_modifier_hotel",
        "Negotiators of Chile and Peru resumed their talks at a Lima hotel on Thursday.",
        "2009-05-16",
        "resumed",
        "Lima",
        "loc.city_modifier",
    ),
    (
        "city_modifier_not_delegation",
        "President Michelle Bachelet met a Lima delegation on Thursday.",
        "2009-05-16",
        "met",
        "",
        "!loc.city_modifier",
    ),
    # doc.bracketed_acronym: "(FARC)" after a name opens no clause
    (
        "bracketed_acronym_place",
        "Peruvian troops attacked a base of the Tupac Amaru Revolutionary Movement (MRTA) "
        "some three kilometres inside Bolivia on Sunday.",
        "1992-05-12",
        "attacked",
        "Bolivia",
        "loc.preposition",
    ),
    (
        "bracketed_words_clause",
        "Peruvian troops attacked a base of the Tupac Amaru Revolutionary Movement (a rebel "
        "group long active inside Bolivia) on Sunday.",
        "1992-05-12",
        "attacked",
        "",
        "!loc.preposition",
    ),
    # loc.reduced_relative: a place in "a <noun> <participle> by ..." is the noun's act's
    (
        "reduced_relative_place",
        "Canada accused Iran of going back on a promise made by its president in Vienna.",
        "2009-06-20",
        "accused",
        "",
        "loc.reduced_relative",
    ),
    (
        "reduced_relative_own_passive",
        "The talks were hosted by Norway in Oslo on Monday.",
        "2009-06-20",
        "hosted",
        "Oslo",
        "!loc.reduced_relative",
    ),
    # places.tsv: an older spelling keeps its name and gives its country (loc.scene_own_state)
    (
        "old_spelling_own_state",
        "In Rangoon, the Burmese foreign minister said on Friday that Burma would expel two "
        "Chinese diplomats.",
        "1967-07-01",
        "expel",
        "Rangoon",
        "loc.scene_own_state",
    ),
    (
        "old_spelling_other_state",
        "In Rangoon, the Burmese foreign minister said on Friday that China had expelled two "
        "Burmese diplomats.",
        "1967-07-01",
        "expelled",
        "",
        "!loc.scene_own_state",
    ),
    # loc.shared_predicate: a verb right after "but" shares the place of its subject's first verb
    (
        "shared_predicate_but",
        "Chancellor Olaf Scholz praised the deal at a news conference in Berlin on Monday but "
        "urged Turkey to release the detained journalists.",
        "2023-05-16",
        "urged",
        "Berlin",
        "",
    ),
    (
        "shared_predicate_not_new_subject",
        "Chancellor Olaf Scholz praised the deal at a news conference in Berlin on Monday but "
        "Turkey rejected the demand.",
        "2023-05-16",
        "rejected",
        "",
        "",
    ),
    # loc.also_same_act: "also" + the previous sentence's act (same root, same states)
    (
        "also_same_act_ministers",
        "President Emmanuel Macron and Chancellor Angela Merkel signed a friendship treaty in "
        "Aachen on Tuesday. Their foreign ministers, Jean-Yves Le Drian and Heiko Maas, also "
        "initialled a protocol on border regions.",
        "2019-03-02",
        "initialled",
        "Aachen",
        "loc.also_same_act",
    ),
    (
        "also_same_act_not_third_state",
        "President Emmanuel Macron and Chancellor Angela Merkel signed a friendship treaty in "
        "Aachen on Tuesday. The Polish foreign minister, Jacek Czaputowicz, also initialled a "
        "protocol on border regions.",
        "2019-03-02",
        "initialled",
        "",
        "!loc.also_same_act",
    ),
    # loc.sub_dateline: a roundup's later dateline heads its section ("here" is its city)
    (
        "sub_dateline_here",
        "HELSINKI, Finland (Wire) - President Gerald Ford met Leonid Brezhnev here on "
        "Wednesday.\n\nWASHINGTON (Wire) - Senator Henry Jackson told reporters here that the "
        "pact was a mistake.",
        "1975-08-01",
        "told",
        "Washington",
        "loc.here_dateline",
    ),
    (
        "sub_dateline_first_section",
        "HELSINKI, Finland (Wire) - President Gerald Ford met Leonid Brezhnev here on "
        "Wednesday.\n\nWASHINGTON (Wire) - Senator Henry Jackson told reporters here that the "
        "pact was a mistake.",
        "1975-08-01",
        "met",
        "Helsinki",
        "loc.here_dateline",
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r[0])
def test_event_place(row: tuple[str, str, str, str, str, str]) -> None:
    _, text, published, trigger, where, rule = row
    events = pipeline(text, date.fromisoformat(published))
    hits = [e for e in events if e.trigger.lower() == trigger.lower()]
    assert len(hits) == 1, [(e.trigger, e.location) for e in events]
    ev = hits[0]
    assert fold(ev.location or "") == fold(where), (ev.location, ev.rules)
    if rule.startswith("!"):
        assert rule[1:] not in ev.rules, ev.rules
    elif rule:
        assert rule in ev.rules, ev.rules
