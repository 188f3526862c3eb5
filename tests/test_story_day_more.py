"""Dating by story context, second table (our own mini-stories; ``\\n\\n`` is a paragraph
break): the story day of a present-perfect lead under a dated line
(time.discourse.perfect_lead), a date in a reduced relative clause
(time.reduced_relative), a telling addressed to the lead's body after an older scene
(time.discourse.lead_scene), "the following month" counted from the date before it
(time.discourse.anaphoric), a deadline past publication (time.deadline), a "since" clause
that governs no next sentence, an all-capitals headline that is no lead, and a monitoring
section of the lead's day whose "after the ceremony" names the lead's event, and "Within
hours," after a dated sentence (time.discourse.hours_after), "on the eve of the talks"
(time.discourse.eve_of). Every rule has
positive rows and negative rows (undated, or dated by another rule); a wrong date is worse
than none."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import only_event

_HEAD = "Border crisis deepens\n\n"
_LINE = "14 March 2019\n\n"
_LEAD = "Thousands of refugees have crossed the border since the fighting spread north.\n\n"
_MID = "Aid agencies were overwhelmed.\n\n"
_REACT = "The UN refugee chief urged both governments to open more crossings."
_STORY = _HEAD + _LINE + _LEAD + _MID + _REACT

_COUNCIL = ("UNITED NATIONS - The Security Council rejected the draft resolution last night.\n\n"
            "Officials were studying the text.\n\n")  # fmt: skip
_PLEDGE = "The French envoy accused Moscow of breaking a pledge made by its president "

_APPEAL = "Bolivia's president asked its neighbours to mediate "
_HOURS = "Within hours, Peru condemned the blockade."
_TALKS = ("Swiss mediators brought the two armies together for talks, which opened in Geneva "
          "on May 6.")  # fmt: skip
_EVE = "Egypt's foreign minister met both army chiefs on the eve of the talks."
_CAMP = ("WASHINGTON - Biden hosted the two leaders at Camp David on Friday.\n\n"
         "Officials were studying the text.\n\n")  # fmt: skip
_SINCE = ("The two governments have worked together since Yoon announced a plan in March. "
          "Japan condemned the launches.")  # fmt: skip
_SIMLA = (
    "SIMLA, India, July 3 - President Zulfikar Ali Bhutto and Prime Minister Indira "
    "Gandhi signed an agreement today.\n\nMrs. Gandhi called the accord a first step.\n\n"
)
_ROUNDUP = (
    "HELSINKI, Finland (Wire) - President Gerald Ford signed the Final Act today.\n\n"
    "Ford met Leonid Brezhnev on Wednesday.\n\n"
)
_VOTE = "GENEVA - The council adopted the plan this evening.\n\n"
_CAPS = "ZAMBIA: BANDA AND KAUNDA SIGN BORDER PACT\n\n"
_STUDY = "Officials were studying the text.\n\n"
_PRAISE = "Malawi's foreign minister praised the pact."
_RADIO = ("ZAMBIA: LEADERS SIGN PACT\n\nRadio Zambia, Lusaka, in English 1800 gmt 1 May 90\n\n"
          "Text of report\n\nPresident Kaunda and President Banda this afternoon signed a "
          "border pact at Chipata.\n\nRadio Malawi, Blantyre, in English 1900 gmt 1 May 90\n\n"
          "Excerpts from report\n\nMalawi's foreign minister told reporters ")  # fmt: skip

# (id, published, text, trigger, expected "start..end" or "undated", rule that decides or "")
ROWS = [
    # time.discourse.perfect_lead: the dated line's day is the story day
    ("perfect.urged", "2019-03-14", _STORY, "urged", "2019-03-14..2019-03-14",
     "time.discourse.perfect_lead"),
    ("perfect.next_day", "2019-03-15", _STORY, "urged", "2019-03-14..2019-03-14",
     "time.discourse.perfect_lead"),
    ("perfect.passive", "2019-03-14",
     _HEAD + _LINE + "Dozens of people have been killed in clashes in the capital.\n\n" + _MID
     + "Germany's foreign minister condemned the violence.", "condemned",
     "2019-03-14..2019-03-14", "time.discourse.perfect_lead"),
    ("perfect.published_line", "2019-03-14",
     _HEAD + "Published 14 March 2019\n\n" + _LEAD + _MID + _REACT, "urged",
     "2019-03-14..2019-03-14", "time.discourse.perfect_lead"),
    ("neg.perfect.no_line", "2019-03-14", _HEAD + _LEAD + _MID + _REACT, "urged", "undated", ""),
    ("neg.perfect.old_line", "2019-03-20", _STORY, "urged", "undated", ""),
    ("neg.perfect.simple_past_lead", "2019-03-14",
     _HEAD + _LINE + "Thousands of refugees crossed the border as the fighting spread.\n\n"
     + _MID + _REACT, "urged", "undated", ""),
    ("neg.perfect.lead_in_1994", "2019-03-14",
     _HEAD + _LINE + "Thousands of refugees have returned to the villages they fled in 1994.\n\n"
     + _MID + _REACT, "urged", "undated", ""),
    ("neg.perfect.past_perfect", "2019-03-14",
     _STORY.replace("chief urged", "chief had urged"), "urged", "undated", ""),
    ("neg.perfect.background_year", "2019-03-14",
     _STORY.replace("The UN refugee chief urged", "In 1994 the UN refugee chief urged"),
     "urged", "1994-01-01..1994-12-31", "time.clause_timex"),
    ("neg.perfect.plan", "2019-03-14",
     _STORY.replace("chief urged", "chief will urge"), "urge", "undated", ""),
    # time.reduced_relative: the date of "a pledge made by X <date>" is the pledge's
    ("reduced.story_day", "2008-07-12", _COUNCIL + _PLEDGE + "at the summit earlier this week.",
     "accused", "2008-07-11..2008-07-11", "time.reduced_relative"),
    ("reduced.no_story", "2008-07-12",
     "Talks stalled.\n\n" + _PLEDGE + "at the summit earlier this week.", "accused",
     "undated", "time.reduced_relative"),
    ("neg.reduced.own_passive", "2008-07-12",
     "Iran was condemned by the council on Wednesday.", "condemned",
     "2008-07-09..2008-07-09", "time.clause_timex"),
    ("neg.reduced.no_agent", "2008-07-12",
     "The French envoy accused Moscow of breaking its pledge on Wednesday.", "accused",
     "2008-07-09..2008-07-09", "time.clause_timex"),
    # time.discourse.lead_scene: "told the council" of the lead's vote, not last Saturday's
    ("scene.council", "2008-07-12",
     _COUNCIL + "The mediator met the president in the capital last Saturday. The Brazilian "
     "ambassador told the council that mediation deserved more time.", "told",
     "2008-07-11..2008-07-11", "time.discourse.lead_scene"),
    ("neg.scene.reporters", "2008-07-12",
     _COUNCIL + "The mediator met the president in the capital last Saturday. The Brazilian "
     "ambassador told reporters that mediation deserved more time.", "told",
     "2008-07-05..2008-07-05", "time.discourse.previous_sentence"),
    ("neg.scene.same_actor", "2008-07-12",
     _COUNCIL + "Celso Amorim met the Zambian president in Lusaka last Saturday. Mr Amorim "
     "told the council that mediation deserved more time.", "told",
     "2008-07-05..2008-07-05", "time.discourse.previous_sentence"),
    ("neg.scene.not_in_lead", "2008-07-12",
     "MOSCOW - Russia rejected the draft resolution last night.\n\nOfficials were studying the "
     "text.\n\nThe mediator met the president in the capital last Saturday. The Brazilian "
     "ambassador told the council that mediation deserved more time.", "told",
     "2008-07-05..2008-07-05", "time.discourse.previous_sentence"),
    # time.discourse.anaphoric: "the following month" after a noun's year
    ("anaphoric.month", "2006-06-13",
     "In March 1999 a tribunal awarded the river islands to Namibia under an 1890 agreement. "
     "Botswana appealed, and Presidents Nujoma and Masire met in Lusaka the following month.",
     "met", "1999-04-01..1999-04-30", "time.discourse.anaphoric"),
    ("anaphoric.year", "2006-06-13",
     "The war ended in 1995 under a plan based on a 1947 map. Eritrea protested, and "
     "Isaias Afwerki met Meles Zenawi in Lusaka the following year.", "met",
     "1996-01-01..1996-12-31", "time.discourse.anaphoric"),
    ("neg.anaphoric.year_to_month", "2006-06-13",
     "The war ended in 1995 under a plan based on a 1947 map. Eritrea protested, and "
     "Isaias Afwerki met Meles Zenawi in Lusaka the following month.", "met", "undated",
     ""),
    ("neg.anaphoric.tagger_right", "2006-06-13",
     "Rebels seized the port on 3 March 1999. The army retook it the next day, and Chiluba "
     "met the rebel leader in Lusaka.", "met", "1999-03-04..1999-03-04", ""),
    ("neg.anaphoric.plan", "2006-06-13",
     "In March 1999 a tribunal awarded the river islands to Namibia under an 1890 agreement. "
     "Presidents Nujoma and Masire will meet in Lusaka the following month.", "meet",
     "2006-07-01..2006-07-31", "time.clause_timex"),  # a plan: the month after publication
    # time.deadline: "by the end of the year" past publication dates no act that happened
    ("deadline.story_day", "2023-08-18", _CAMP + "Japan and South Korea condemned the launches "
     "and agreed to share radar data by the end of the year.", "condemned",
     "2023-08-18..2023-08-18", "time.deadline"),
    ("deadline.plan_undated", "2023-08-18", _CAMP + "Japan and South Korea condemned the "
     "launches and agreed to share radar data by the end of the year.", "share", "undated",
     "time.deadline"),
    ("neg.deadline.past", "2000-01-01",
     "Vietnam withdrew its troops from Cambodia by September 1989.", "withdrew",
     "1989-09-01..1989-09-30", "time.clause_timex"),
    ("neg.deadline.no_by", "2023-08-18",
     "Japan and South Korea condemned the launches earlier this year.", "condemned",
     "2023-01-01..2023-12-31", "time.clause_timex"),
    # a "since" clause bounds a state: its own date stays its own and governs no next sentence
    ("since.own_date", "2023-08-18", _SINCE, "announced", "2023-03-01..2023-03-31",
     "time.clause_timex"),
    ("neg.since.next_sentence", "2023-08-18", _SINCE, "condemned", "undated", ""),
    # an all-capitals headline is no lead; the lead under it gives the story day
    ("capitals.lead_below", "1990-05-02", _CAPS + "President Kaunda of Zambia and President "
     "Banda of Malawi signed a border pact at Chipata yesterday.\n\n" + _STUDY + _PRAISE,
     "praised", "1990-05-01..1990-05-01", "time.discourse.story_day"),
    ("neg.capitals.no_lead", "1990-05-02", _CAPS + _STUDY + _PRAISE, "praised", "undated", ""),
    # a monitoring section of the lead's day: "after the ceremony" names the lead's signing
    ("entry.ceremony", "1990-05-02", _RADIO + "after the ceremony that the border was secure.",
     "told", "1990-05-01..1990-05-01", "time.discourse.source_line"),
    ("neg.entry.other_event", "1990-05-02", _RADIO + "after the talks that the border was "
     "secure.", "told", "undated", ""),
    # time.discourse.hours_after: "Within hours," after a dated sentence: that day or the next
    ("hours.within", "2022-01-06", _APPEAL + "late on Wednesday.\n\n" + _HOURS, "condemned",
     "2022-01-05..2022-01-06", "time.discourse.hours_after"),
    ("hours.clipped", "2022-01-05", _APPEAL + "late on Wednesday.\n\n" + _HOURS, "condemned",
     "2022-01-05..2022-01-05", "time.discourse.hours_after"),
    ("hours.same_day", "2022-01-06", _APPEAL + "on Wednesday.\n\n" + _HOURS, "condemned",
     "2022-01-05..2022-01-05", "time.discourse.hours_after"),
    ("neg.hours.of_event", "2022-01-06", _APPEAL + "late on Wednesday. Within hours of the "
     "request, Peru condemned the blockade.", "condemned", "2022-01-05..2022-01-05",
     "time.discourse.previous_sentence"),
    ("neg.hours.undated_before", "2022-01-06", _APPEAL + "at last.\n\n" + _HOURS,
     "condemned", "undated", ""),
    ("neg.hours.month_before", "2022-01-06", _APPEAL + "in March.\n\n" + _HOURS, "condemned",
     "2021-03-01..2021-03-31", "time.discourse.previous_sentence"),
    # time.discourse.eve_of: the day before the named event's day given earlier
    ("eve.talks", "2023-05-12", _TALKS + " " + _EVE, "met", "2023-05-05..2023-05-05",
     "time.discourse.eve_of"),
    ("eve.later_mention", "2023-05-12", _TALKS + " Both sides pledged to attend the talks. "
     + _EVE, "met", "2023-05-05..2023-05-05", "time.discourse.eve_of"),
    ("neg.eve.no_day", "2023-05-12", "Blinken phoned both commanders on May 9. " + _EVE,
     "met", "undated", "time.discourse.eve_of"),
    ("neg.eve.two_days", "2023-05-12", "The talks opened on May 6 and closed on May 8. " + _EVE,
     "met", "undated", "time.discourse.eve_of"),
    # time.discourse.perfect_complement: a past-perfect "that" complement's date is the
    # reported act's; it governs no next sentence (the story day does)
    ("complement.added", "2013-09-27", _VOTE + "The envoy added that the inspectors had "
     "returned to Damascus on Wednesday. The French minister praised the vote.", "praised",
     "2013-09-27..2013-09-27", "time.discourse.story_day"),
    ("complement.recalled", "2013-09-27", _VOTE + "Foreign Minister Sergei Lavrov recalled "
     "that Russia and America had agreed on a plan on 14 September. He praised the vote.",
     "praised", "2013-09-27..2013-09-27", "time.discourse.story_day"),
    # time.discourse.past_passive: "was"/"were" and an irregular participle make an eventless
    # sentence past, so its date governs the next one
    ("passive.shown", "2011-07-09", "The new flag was shown to the crowd in Juba on Friday. "
     "President Salva Kiir praised the designers.", "praised", "2011-07-08..2011-07-08",
     "time.discourse.previous_sentence"),
    ("neg.passive.present", "2011-07-09", "The new flag is shown to the crowd in Juba on "
     "Friday. President Salva Kiir praised the designers.", "praised", "undated", ""),
    # time.discourse.same_day: "the same evening" is the previous sentence's events' day, not
    # the last date the tagger saw (a relative clause's)
    ("same.evening", "2023-05-12", "Foreign Minister Annalena Baerbock met Wang Yi on Tuesday "
     "about a ship that sank in the Baltic on 2 May. The same evening Chancellor Olaf Scholz "
     "criticised China.", "criticised", "2023-05-09..2023-05-09", "time.discourse.same_day"),
    ("neg.same.two_days", "2023-05-12", "Foreign Minister Annalena Baerbock met Wang Yi on "
     "Tuesday and Chancellor Olaf Scholz criticised China on Wednesday. The same evening Poland "
     "condemned China.", "condemned", "2023-05-10..2023-05-10", "time.clause_timex"),
    # time.discourse.participial_clause of a told plan: "said they would fight the accord,
    # accusing ...": the participle is the telling's, dated like the plan by the telling
    ("toldpart.accusing", "1972-07-03", _SIMLA + "In Rawalpindi, opposition leaders said they "
     "would fight the accord in the National Assembly, accusing President Bhutto of betraying "
     "Kashmir.", "accusing", "1972-07-03..1972-07-03", "time.discourse.participial_clause"),
    ("neg.toldpart.untold_plan", "1972-07-03", _SIMLA + "In Rawalpindi, opposition leaders "
     "will fight the accord in the National Assembly, accusing President Bhutto of betraying "
     "Kashmir.", "accusing", "undated", ""),
    # time.discourse.speech_conjunct: "said on Tuesday that ... will ... and accused ...": the
    # speech verb's second predicate, on its date; after a past perfect ("had") none
    ("conjunct.will", "2015-08-27", "President Nicolas Maduro said on Tuesday that the border "
     "will stay closed and accused Colombia of smuggling fuel.", "accused",
     "2015-08-25..2015-08-25", "time.discourse.speech_conjunct"),
    ("neg.conjunct.had", "2015-08-27", "President Nicolas Maduro said on Tuesday that "
     "Colombian troops had crossed the border and accused Colombia of smuggling fuel.",
     "accused", "undated", ""),
    # time.discourse.sub_dateline: a roundup's sub-dateline ends the earlier sections' dates
    ("subdate.story_day", "1975-08-01", _ROUNDUP + "WASHINGTON (Wire) - Senator Henry Jackson "
     "criticised the pact.", "criticised", "1975-08-01..1975-08-01", "time.discourse.story_day"),
    ("neg.subdate.no_dateline", "1975-08-01", _ROUNDUP + "Senator Henry Jackson criticised the "
     "pact.", "criticised", "undated", ""),
    ("neg.complement.simple_past", "2013-09-27", _VOTE + "The envoy added that the "
     "inspectors returned to Damascus on Wednesday. The French minister praised the vote.",
     "praised", "2013-09-25..2013-09-25", "time.discourse.previous_sentence"),
]  # fmt: skip


_NEW = (
    "time.discourse.perfect_lead",
    "time.reduced_relative",
    "time.discourse.lead_scene",
    "time.discourse.anaphoric",
)


@pytest.mark.parametrize(("rid", "published", "text", "trigger", "expected", "rule"), ROWS,
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_story_context_dates(
    rid: str, published: str, text: str, trigger: str, expected: str, rule: str
) -> None:
    ev = only_event(text, published, trigger)
    if rule:
        assert rule in ev.rules, (rid, ev.rules)
    if rule in _NEW:  # the evidence names the rule and why
        assert any(x.startswith(f"{rule}:") or f"rule {rule}" in x for x in ev.evidence), (
            ev.evidence
        )
    if expected == "undated":
        assert ev.start is None and "time.undated" in ev.rules, (rid, ev.start, ev.rules)
        return
    start, end = (date.fromisoformat(x) for x in expected.split(".."))
    assert (ev.start, ev.end) == (start, end), (rid, ev.rules, ev.evidence)
    if rid.startswith("neg."):  # dated, but by its own rule, never by the one it tests
        tested = {
            "perfect": "time.discourse.perfect_lead",
            "reduced": "time.reduced_relative",
            "scene": "time.discourse.lead_scene",
            "anaphoric": "time.discourse.anaphoric",
            "deadline": "time.deadline",
            "since": "time.discourse.story_day",
            "capitals": "time.discourse.story_day",
            "entry": "time.discourse.source_line",
            "hours": "time.discourse.hours_after",
            "eve": "time.discourse.eve_of",
            "complement": "time.discourse.story_day",
            "passive": "time.discourse.previous_sentence",
            "same": "time.discourse.same_day",
            "toldpart": "time.discourse.participial_clause",
            "conjunct": "time.discourse.speech_conjunct",
            "subdate": "time.discourse.story_day",
        }
        assert tested[rid.split(".")[1]] not in ev.rules, ev.rules  # fmt: skip


def test_every_rule_has_positive_and_negative_rows() -> None:
    for kind in (
        "perfect",
        "reduced",
        "scene",
        "anaphoric",
        "deadline",
        "since",
        "capitals",
        "entry",
        "hours",
        "eve",
        "complement",
        "passive",
        "same",
        "toldpart",
        "conjunct",
        "subdate",
    ):
        assert sum(r[0].startswith(f"{kind}.") for r in ROWS) >= 1, kind
        assert sum(r[0].startswith(f"neg.{kind}.") for r in ROWS) >= 1, kind
