"""The lead's own time expression as the story day (our own mini-stories; ``\\n\\n`` is a
paragraph break): a lead whose verb is no trigger, or whose only event stands in a "when"
clause, still dates the story by its one main-clause date (time.discourse.lead_timex); the
filing date of a dateline the stages did not read is not that date; a duration of hours after
"for" is the act's own length, no other date (time.short_duration); "after a stormy session"
of a lead's summit is the lead's event (``event_noun`` session). Every rule has positive rows
and negative rows (undated); a wrong date is worse than none."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import only_event

_MID = "Officials were studying the text.\n\n"
_POSED = ("LIMA - The three presidents posed for photographs at a regional summit in the "
          "Peruvian capital yesterday, closing a quarrel that began when Chilean troops "
          "shelled a border post.\n\n")  # fmt: skip
_PRAISE = "Bolivia's foreign minister praised the outcome."
_AGENCY = ("Nairobi, May 3, 2021 (KNA) - The two rival factions have settled their dispute "
           "over the harbour, the mediators announced in Mombasa late last night.\n\n")  # fmt: skip
_CONGRAT = "Uganda's president congratulated both factions on the accord."
_ACCORD = ("Nairobi, May 3, 2021 (KNA) - The two rival factions have signed an accord on the "
           "harbour, the mediators announced in Mombasa late last night.\n\n")  # fmt: skip
_SIGNED = "GENEVA - The two ministers signed the water treaty on Tuesday.\n\n"

# (id, published, text, trigger, expected "start..end" or "undated", rule that decides or "")
ROWS = [
    # time.discourse.lead_timex: the lead sentence's one main-clause date
    (
        "lead.no_trigger",
        "2011-05-21",
        _POSED + _MID + _PRAISE,
        "praised",
        "2011-05-20..2011-05-20",
        "time.discourse.lead_timex",
    ),
    (
        "lead.perfect_attribution",
        "2021-05-03",
        _AGENCY + _MID + _CONGRAT,
        "congratulated",
        "2021-05-02..2021-05-02",
        "time.discourse.lead_timex",
    ),
    (
        "lead.second_paragraph",
        "2011-05-21",
        _POSED + "Chile's president apologised to his Peruvian counterpart.",
        "apologised",
        "2011-05-20..2011-05-20",
        "time.discourse.lead_timex",
    ),
    # negatives: two dates, a date only in the "when" clause, an old lead, the dateline alone
    (
        "neg.lead.two_dates",
        "2011-05-21",
        "LIMA - The three presidents posed for photographs in Lima yesterday and in Quito on "
        "Monday, a year after Chilean troops shelled a border post.\n\n" + _MID + _PRAISE,
        "praised",
        "undated",
        "",
    ),
    (
        "neg.lead.when_only",
        "2011-05-21",
        "LIMA - The three presidents posed for photographs at a regional summit, closing a "
        "quarrel that began when Chilean troops shelled a border post last Saturday.\n\n"
        + _MID
        + _PRAISE,
        "praised",
        "undated",
        "",
    ),
    (
        "neg.lead.old",
        "2011-06-30",
        _POSED.replace("yesterday", "on May 20") + _MID + _PRAISE,
        "praised",
        "undated",
        "",
    ),
    (
        "neg.lead.dateline_only",
        "2021-05-03",
        "Nairobi, May 3, 2021 (KNA) - The two rival factions have settled their dispute over the "
        "harbour.\n\n" + _MID + _CONGRAT,
        "congratulated",
        "undated",
        "",
    ),
    (
        "neg.lead.plan",
        "2011-05-21",
        "LIMA - The three presidents will pose for photographs at the summit tomorrow, a year "
        "after Chilean troops shelled a border post.\n\n" + _MID + _PRAISE,
        "praised",
        "undated",
        "",
    ),
    # time.short_duration: "for more than an hour" is the act's own length
    (
        "short.for_hour",
        "2011-05-21",
        _POSED + _MID + "Ecuador's president denounced the raid for more than an hour.",
        "denounced",
        "2011-05-20..2011-05-20",
        "time.discourse.lead_timex",
    ),
    (
        "neg.short.for_weeks",
        "2011-05-21",
        _POSED + _MID + "Ecuador's president denounced the raid for weeks.",
        "denounced",
        "undated",
        "",
    ),
    # event_noun session: a session of the lead's summit is the lead's event
    (
        "session.summit",
        "2011-05-21",
        _POSED + _MID + "Peru's president thanked the host after a stormy session.",
        "thanked",
        "2011-05-20..2011-05-20",
        "time.discourse.lead_timex",
    ),
    (
        "neg.session.treaty",
        "2011-05-19",
        _SIGNED + _MID + "Peru's envoy thanked the host after a stormy session.",
        "thanked",
        "undated",
        "",
    ),
    # time.discourse.lead_object: "the accord" the lead names, after a background paragraph
    (
        "object.accord",
        "2021-05-03",
        _ACCORD
        + "The army seized the port on March 2, 2020, when the king fled.\n\n"
        + "Kenya welcomed the accord.",
        "welcomed",
        "2021-05-02..2021-05-02",
        "time.discourse.lead_object",
    ),
    (
        "neg.object.other_noun",
        "2021-05-03",
        _ACCORD
        + "The army seized the port on March 2, 2020, when the king fled.\n\n"
        + "Kenya condemned the killings.",
        "condemned",
        "undated",
        "",
    ),
    (
        "neg.object.recent",
        "2021-05-03",
        _ACCORD + "The army seized the port on April 30.\n\n" + "Kenya welcomed the accord.",
        "welcomed",
        "undated",
        "",
    ),
    # time.discourse.main_clause_only: a "when" clause's own date governs nothing; one right
    # after the main clause's date ("on Sunday when he met") is told of it and governs
    (
        "when.after_date",
        "2019-06-30",
        "Donald Trump crossed into North Korea on Sunday when he met Kim Jong Un at the "
        "border. The two leaders agreed to restart talks.",
        "agreed",
        "2019-06-30..2019-06-30",
        "time.discourse.previous_sentence",
    ),
    (
        "neg.when.own_date",
        "2019-06-30",
        "The mediation began when Abiy Ahmed met Kim Jong Un on June 7. The two leaders agreed "
        "to restart talks.",
        "agreed",
        "undated",
        "",
    ),
]

_KINDS = ("lead", "short", "session", "object", "when")


@pytest.mark.parametrize(("rid", "published", "text", "trigger", "expected", "rule"), ROWS,
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_lead_day(
    rid: str, published: str, text: str, trigger: str, expected: str, rule: str
) -> None:
    ev = only_event(text, published, trigger)
    if expected == "undated":
        assert ev.start is None and "time.undated" in ev.rules, (rid, ev.start, ev.rules)
        assert "time.discourse.lead_timex" not in ev.rules
        return
    assert rule in ev.rules, (rid, ev.rules)
    if rule.startswith("time.discourse.lead"):  # the evidence names the rule
        assert any(f"rule {rule}" in x or x.startswith(f"{rule}:") for x in ev.evidence)
    start, end = (date.fromisoformat(x) for x in expected.split(".."))
    assert (ev.start, ev.end) == (start, end), (rid, ev.rules, ev.evidence)


def test_every_rule_has_positive_and_negative_rows() -> None:
    for kind in _KINDS:
        assert sum(r[0].startswith(f"{kind}.") for r in ROWS) >= 1, kind
        assert sum(r[0].startswith(f"neg.{kind}.") for r in ROWS) >= 1, kind
