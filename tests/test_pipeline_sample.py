"""Acceptance: the reference article yields its seven events (real tagger, no hand timexes).

The article is the user's own document shipped in ``examples/``; published Thursday
2019-04-11. At least 6 of the 7 events must match on type, actors and dates; at most 3 other
events may be extracted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.events.types import ExtractedEvent
from timeline.pipeline import pipeline
from timeline.text import split_headers

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "nk_sanctions_2019-04-11.txt"
PUBLISHED = date(2019, 4, 11)

# (id, type, actors, start, end, granularity, locations accepted); a merged event keeps the states
# beside their leaders (issue #12: "the Vietnam summit with the US" and "Kim ... Trump")
EXPECTED = [
    ("hanoi-summit", "04", {"Kim Jong Un", "Donald Trump", "North Korea", "United States"},
     date(2019, 2, 1), date(2019, 2, 28), "month", {"Hanoi", "Vietnam"}),
    ("kim-statement", "01", {"Kim Jong Un"}, PUBLISHED, PUBLISHED, "day", {None}),
    ("moon-trump-washington", "04", {"Moon Jae-in", "Donald Trump"},
     PUBLISHED, PUBLISHED, "day", {"Washington"}),
    ("kim-site-visits", "04", {"Kim Jong Un"}, date(2019, 4, 4), PUBLISHED, "week", {None}),
    ("plenary-statement", "01", {"Kim Jong Un"}, date(2019, 4, 10), date(2019, 4, 10), "day",
     {None}),
    ("spa-session", "other", {"Supreme People's Assembly"}, PUBLISHED, PUBLISHED, "day", {None}),
    ("choe-appointed", "other", {"Choe Son-hui"}, date(2019, 4, 10), date(2019, 4, 10), "day",
     {None}),
]  # fmt: skip


def _body() -> str:
    """The article body as ingest sees it (header lines such as ``published:`` removed)."""
    headers, body = split_headers(SAMPLE.read_text(encoding="utf-8"))  # fails if missing
    assert headers.get("published", "2019-04-11") == "2019-04-11"
    return body


@pytest.fixture(scope="module", params=["rules", "both", "model"])
def events(request: pytest.FixtureRequest) -> list[ExtractedEvent]:
    """The events of every coder: the learned coder keeps all seven gold events."""
    return pipeline(_body(), PUBLISHED, request.param)


def _matches(ev: ExtractedEvent, exp: tuple) -> bool:  # type: ignore[type-arg]
    _id, type_, actors, start, end, gran, locations = exp
    return (
        ev.type == type_
        and {a.name for a in ev.actors} == actors
        and (ev.start, ev.end, ev.granularity) == (start, end, gran)
        and ev.location in locations
    )


@pytest.mark.parametrize("exp", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_gold_event_found(events: list[ExtractedEvent], exp: tuple) -> None:  # type: ignore[type-arg]
    found = [ev for ev in events if _matches(ev, exp)]
    assert len(found) == 1, [(e.type, [a.name for a in e.actors], e.start, e.end) for e in events]


def test_at_most_three_other_events(events: list[ExtractedEvent]) -> None:
    others = [ev for ev in events if not any(_matches(ev, exp) for exp in EXPECTED)]
    assert len(others) <= 3, [(e.type, e.summary) for e in others]


def test_washington_meeting_is_planned_in_washington(events: list[ExtractedEvent]) -> None:
    (meeting,) = [ev for ev in events if _matches(ev, EXPECTED[2])]
    assert meeting.status == "planned" and meeting.location == "Washington"
    assert {a.role for a in meeting.actors} == {"participant"}
    assert {a.country for a in meeting.actors} == {"South Korea", "United States"}


def test_hanoi_summit_is_a_meeting_at_a_third_location(events: list[ExtractedEvent]) -> None:
    (summit,) = [ev for ev in events if _matches(ev, EXPECTED[0])]
    assert summit.cameo == "044" and summit.plover == "CONSULT"
    assert summit.date_text == "February" and summit.status == "happened"


def test_pipeline_is_deterministic() -> None:
    text = _body()
    assert pipeline(text, PUBLISHED) == pipeline(text, PUBLISHED)
