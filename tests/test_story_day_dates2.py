"""Dating by story context, third table (session 16 round 2, our own mini-stories; ``\\n\\n``
is a paragraph break): a verbal act that a simple-past telling reports takes the telling's
story day (time.discourse.reported_act). Every rule has positive rows and negative rows
(undated, or dated by another rule); a wrong date is worse than none."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import only_event

_EXPEL = ("OTTAWA, June 4 - Canada expelled two Indian diplomats yesterday.\n\n"
          "Officials were studying the file.\n\n")  # fmt: skip
_CLOSE = "Ecuador yesterday closed its border with Peru.\n\nChile welcomed the move.\n\n"
_DEAL = "Talks end in deal\n\nThe war is over on paper.\n\n"
_SIGN = ("The presidents of Chad and Sudan yesterday signed an accord.\n\nOfficials were "
         "studying the text.\n\nThe French foreign minister welcomed the accord.")  # fmt: skip
_TOLD = "The foreign minister told reporters in Toronto that "

# (id, published, text, trigger, expected "start..end" or "undated", rule that decides or "")
ROWS = [
    # time.discourse.reported_act: a reported verbal act in the simple past is told of the
    # telling's day
    ("reported.told", "2023-06-05", _EXPEL + _TOLD + "Australia supported the expulsions.",
     "supported", "2023-06-03..2023-06-03", "time.discourse.reported_act"),
    ("reported.said", "2023-06-05", _EXPEL + "A spokesman said Britain condemned the "
     "killing.", "condemned", "2023-06-03..2023-06-03", "time.discourse.reported_act"),
    ("neg.reported.material", "2023-06-05", _EXPEL + _TOLD + "Indian agents attacked a "
     "temple.", "attacked", "undated", ""),
    ("neg.reported.past_perfect", "2023-06-05", _EXPEL + _TOLD + "Australia had supported "
     "the expulsions.", "supported", "undated", ""),
    ("neg.reported.present_telling", "2023-06-05", _EXPEL + "The foreign minister tells "
     "reporters that Australia supported the expulsions.", "supported", "undated", ""),
    # time.discourse.later_flashback: a later past perfect's date leaves the story day alone
    ("flashback.last_week", "2015-03-11", _CLOSE + "Brazil criticised the decision. Its envoy "
     "had urged Quito during a visit to Lima last week to keep the crossing open.",
     "criticised", "2015-03-10..2015-03-10", "time.discourse.story_day"),
    ("flashback.january", "2015-03-11", _CLOSE + "Brazil criticised the decision. Its envoy "
     "had urged Quito in January to keep the crossing open.", "criticised",
     "2015-03-10..2015-03-10", "time.discourse.story_day"),
    ("neg.flashback.simple_past", "2015-03-11", _CLOSE + "Brazil criticised the decision. Its "
     "envoy urged Quito in January to keep the crossing open.", "criticised", "undated", ""),
    # time.discourse.when_plan: a plan in a "when" clause after a future date is of that date
    ("whenplan.month", "2019-05-20", "President Tokayev is due to visit Tashkent again in "
     "June, when the two leaders are expected to sign a broader trade treaty.", "sign",
     "2019-06-01..2019-06-30", "time.discourse.when_plan"),
    ("whenplan.day", "2019-05-20", "Leaders of Kenya and Uganda will meet in Nairobi on June "
     "3, when they will sign a border pact.", "sign", "2019-06-03..2019-06-03",
     "time.discourse.when_plan"),
    ("neg.whenplan.while", "2019-05-20", "Leaders of Kenya and Uganda will meet in Nairobi in "
     "June, while Ethiopia is expected to sign a border pact.", "sign", "undated", ""),
    ("neg.whenplan.past_date", "2019-05-20", "The envoys met in Vienna last Monday, when they "
     "promised to sign the accord.", "promised", "2019-05-13..2019-05-13",
     "time.discourse.when_clause"),
    # time.discourse.perfect_conjunct: a verb after "and" that follows a past-perfect
    # complement takes none of the complement's dates; the teller's date when the teller is its
    # source (time.discourse.perfect_conjunct_teller)
    ("perfconj.teller", "2002-09-18", "Chairman Kim Jong Il admitted yesterday that agents of "
     "his country had kidnapped Japanese citizens in the 1970s and 1980s and apologized to "
     "Prime Minister Junichiro Koizumi.", "apologized", "2002-09-17..2002-09-17",
     "time.discourse.perfect_conjunct_teller"),
    ("perfconj.undated", "2002-09-18", "Prime Minister Tony Blair admitted yesterday that "
     "British soldiers had tortured prisoners in Kenya in the 1950s and apologized to President "
     "Kibaki.", "apologized", "undated", "time.discourse.perfect_conjunct"),
    ("neg.perfconj.own_date", "2002-09-18", "Chairman Kim Jong Il admitted yesterday that "
     "agents of his country had kidnapped Japanese citizens in the 1970s and apologized to "
     "Prime Minister Junichiro Koizumi on Tuesday.", "apologized", "2002-09-17..2002-09-17",
     "time.clause_timex"),
    ("neg.perfconj.had", "2002-09-18", "Prime Minister Tony Blair admitted yesterday that "
     "British soldiers had tortured prisoners in Kenya in the 1950s and had apologized to "
     "President Kibaki.", "apologized", "1950-01-01..1959-12-31", "time.clause_timex"),
    # time.discourse.offset_after: "<verb> ... a day after the <date> <noun>" is that day + 1
    ("offafter.apposition", "2016-12-20", "President Jammeh conceded defeat to Adama Barrow, a "
     "lawyer, a day after the December 1 election.", "conceded", "2016-12-02..2016-12-02",
     "time.discourse.offset_after"),
    ("offafter.before_verb", "2016-12-20", "Ethiopia closed its border with Eritrea two days "
     "before Eritrea attacked the port on December 4.", "closed", "2016-12-02..2016-12-02",
     "time.discourse.offset_after"),
    ("neg.offafter.own_clause", "2016-12-20", "President Jammeh conceded defeat to Adama "
     "Barrow, a lawyer, and a day after the December 1 election he fled.", "conceded",
     "undated", ""),
    ("neg.offafter.vague", "2016-12-20", "Ethiopia closed its border with Eritrea two days "
     "after the talks in Asmara in December.", "closed", "undated", ""),
    # time.discourse.weeks_offset: "a week later" counts whole weeks from the previous event
    ("weeks.previous_event", "2016-12-20", "President Jammeh conceded defeat to Adama Barrow, "
     "a lawyer, a day after the December 1 election, then changed his mind a week later and "
     "rejected the results.", "rejected", "2016-12-09..2016-12-09",
     "time.discourse.weeks_offset"),
    ("weeks.paragraph", "2017-01-20", "Senegal closed its border with Gambia on December 12. "
     "Three weeks later Nigeria condemned Jammeh.", "condemned", "2017-01-02..2017-01-02",
     "time.discourse.weeks_offset"),
    ("neg.weeks.month_anchor", "2016-12-20", "President Jammeh conceded defeat to Adama Barrow "
     "in November. A week later Jammeh rejected the results.", "rejected",
     "2016-11-01..2016-11-30", "time.clause_timex"),
    ("neg.weeks.past_publication", "2016-12-20", "Senegal closed its border with Gambia on "
     "December 12. Three weeks later Nigeria condemned Jammeh.", "condemned", "undated", ""),
    # time.discourse.standfirst: a paragraph above a credit line is no lead
    ("standfirst.from", "2019-05-21", _DEAL + "From Jane Roe in Geneva\n\n" + _SIGN,
     "welcomed", "2019-05-20..2019-05-20", "time.discourse.story_day"),
    ("standfirst.by", "2019-05-21", _DEAL + "By Jane Roe\n\n" + _SIGN, "welcomed",
     "2019-05-20..2019-05-20", "time.discourse.story_day"),
    ("neg.standfirst.no_credit", "2019-05-21", _DEAL + _SIGN, "welcomed", "undated", ""),
    ("neg.standfirst.sentence", "2019-05-21", _DEAL + "From Geneva the news came late.\n\n"
     + _SIGN, "welcomed", "undated", ""),
]  # fmt: skip

_TESTED = {
    "reported": "time.discourse.reported_act",
    "flashback": "time.discourse.story_day",
    "whenplan": "time.discourse.when_plan",
    "perfconj": "time.discourse.perfect_conjunct",
    "offafter": "time.discourse.offset_after",
    "weeks": "time.discourse.weeks_offset",
    "standfirst": "time.discourse.story_day",
}


@pytest.mark.parametrize(("rid", "published", "text", "trigger", "expected", "rule"), ROWS,
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_story_context_dates(
    rid: str, published: str, text: str, trigger: str, expected: str, rule: str
) -> None:
    ev = only_event(text, published, trigger)
    if rule:
        assert rule in ev.rules, (rid, ev.rules)
    if rule and not rid.startswith("neg."):  # the evidence names the rule and why
        assert any(rule in x for x in ev.evidence), ev.evidence
    if rid.startswith("neg."):  # never the rule it tests
        assert _TESTED[rid.split(".")[1]] not in ev.rules, ev.rules
    if expected == "undated":
        assert ev.start is None and "time.undated" in ev.rules, (rid, ev.start, ev.rules)
        return
    start, end = (date.fromisoformat(x) for x in expected.split(".."))
    assert (ev.start, ev.end) == (start, end), (rid, ev.rules, ev.evidence)


def test_every_rule_has_positive_and_negative_rows() -> None:
    for kind in _TESTED:
        assert sum(r[0].startswith(f"{kind}.") for r in ROWS) >= 1, kind
        assert sum(r[0].startswith(f"neg.{kind}.") for r in ROWS) >= 1, kind
