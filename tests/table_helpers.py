"""Phrase tables of the tests: tab-separated fixtures with a header row, ``#`` comment lines."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from timeline.events.types import ExtractedEvent
from timeline.pipeline import pipeline

FIXTURES = Path(__file__).parent / "fixtures"


def phrase_table(name: str) -> list[dict[str, str]]:
    """The rows of ``tests/fixtures/<name>`` (no quoting: phrases keep their quotation marks)."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader([ln for ln in lines if ln and not ln.startswith("#")], delimiter="\t",
                          quoting=csv.QUOTE_NONE)  # fmt: skip
    return list(rows)


def events_of(text: str, published: str, trigger: str) -> list[ExtractedEvent]:
    """The events of ``text`` (published on the ISO date) whose trigger word is ``trigger``."""
    return [e for e in pipeline(text, date.fromisoformat(published)) if e.trigger == trigger]


def only_event(text: str, published: str, trigger: str) -> ExtractedEvent:
    """The one event of ``text`` with that trigger (a phrase row yields exactly one)."""
    events = events_of(text, published, trigger)
    assert len(events) == 1, [(e.trigger, e.start) for e in events]
    return events[0]


def check_actor_row(row: tuple[str, ...]) -> None:
    """A story-actor row (id, published, text, trigger, expected, rule, why): the last event
    with the trigger has exactly the ``expected`` actors ("Name=CODE,..."; empty: no event or
    no actor) and the evidence of its actors names ``rule``."""
    _id, published, text, trigger, expected, rule, why = row
    events = events_of(text, published, trigger)
    got = None
    if events:
        ev = events[-1]
        got = (
            {a.name: a.code or "" for a in ev.actors},
            " ".join(a.evidence or "" for a in ev.actors),
        )
    if not expected:
        assert got is None or not got[0], f"{why}: {got}"
        return
    assert got is not None, f"{why}: no {trigger!r} event"
    actors, evidence = got
    want = dict(item.split("=") for item in expected.split(","))
    assert actors == want, why
    assert rule in evidence, f"{why}: {evidence}"


def actor_roles(ev: ExtractedEvent) -> str:
    """The event's actors as 'name:role' joined by '; ' (the phrase tables' notation)."""
    return "; ".join(f"{a.name}:{a.role}" for a in ev.actors)


def check_typed_event(
    events: list[ExtractedEvent], trigger: str, type_: str, status: str, actors: str
) -> ExtractedEvent:
    """The one event of ``events`` with that trigger has the type and status (and the actors,
    when given); returns it for further checks."""
    got = [e for e in events if e.trigger == trigger]
    assert len(got) == 1, [(e.type, e.trigger, e.rules) for e in events]
    (ev,) = got
    assert (ev.type, ev.status) == (type_, status), ev.rules
    if actors:
        assert actor_roles(ev) == actors, ev.rules
    return ev


def check_act_row(row: dict[str, str]) -> None:
    """An act-class row (found_phrases.tsv, recall_phrases.tsv): ``n`` events (default 1) of
    ``type`` ("!X": none of type X, "!any": none at all), one of them with the ``cameo``, the
    ``actors`` ("name:role; ...") and the ``rule`` given (empty = any)."""
    events = pipeline(row["text"], date.fromisoformat(row["published"]))
    seen = [(e.type, e.cameo, e.summary, e.rules) for e in events]
    if row["type"].startswith("!"):
        banned = row["type"][1:]
        assert not [e for e in events if banned in ("any", e.type)], (row["why"], seen)
        return
    typed = [e for e in events if e.type == row["type"]]
    assert len(typed) == int(row["n"] or 1), (row["why"], seen)

    def fits(e: ExtractedEvent) -> bool:
        actors = "; ".join(f"{a.name}:{a.role}" for a in e.actors)
        return (
            (not row["cameo"] or e.cameo == row["cameo"])
            and (not row["actors"] or actors == row["actors"])
            and (not row["rule"] or row["rule"] in e.rules)
        )

    assert any(fits(e) for e in typed), (row["why"], seen)
