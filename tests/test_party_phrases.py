"""Party selection (docs/events.md "Party selection"): which mentions become an event's
source, target or participants. Rows of ``fixtures/party_phrases.tsv``: our own sentences,
each rule with rows where it must act and rows where it must not."""

from __future__ import annotations

import pytest
from table_helpers import events_of, phrase_table

ROWS = phrase_table("party_phrases.tsv")
_ALL_EVENTS = ("actor.one_per_partner", "actor.respective_sides")  # rules that split an event


def _roles(text: str) -> set[tuple[str, str]]:
    if text == "-":
        return set()
    return {tuple(p.strip().rsplit(":", 1)) for p in text.split(";")}  # type: ignore[misc]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_party_phrase(row: dict[str, str]) -> None:
    events = events_of(row["text"], row["published"], row["trigger"])
    if row["actors"] == "none":  # no event: no party could be named
        assert not events, (row["id"], [(a.name, a.role) for e in events for a in e.actors])
        return
    assert events, f"no {row['trigger']!r} event"
    if row["rule"] in _ALL_EVENTS:  # every event of the trigger, "|" between
        got_all = sorted(sorted((a.name, a.role) for a in e.actors) for e in events)
        want_all = sorted(sorted(_roles(part)) for part in row["actors"].split("|"))
        assert got_all == want_all, (row["id"], got_all)
        return
    ev = events[-1]
    got = {(a.name, a.role) for a in ev.actors}
    assert got == _roles(row["actors"]), (row["id"], got, ev.rules)


def test_every_rule_has_both_kinds_of_rows() -> None:
    kinds: dict[str, set[str]] = {}
    for row in ROWS:
        kinds.setdefault(row["rule"], set()).add(row["expect"])
    assert all(k == {"yes", "no"} for k in kinds.values()), kinds
