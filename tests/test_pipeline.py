"""The pure pipeline: text + publication date -> events, deterministic, no clock."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.pipeline import pipeline, pipeline_with_timexes

TEXT = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday.\n\n"
    "The two leaders signed a joint statement, Xinhua said."
)


def test_pipeline_tags_once_and_returns_timexes() -> None:
    events, timexes = pipeline_with_timexes(TEXT, date(2023, 3, 22))
    assert any(t.text.endswith("Tuesday") for t in timexes)
    meet = next(e for e in events if e.type == "04")
    assert {a.name for a in meet.actors} == {"Xi Jinping", "Vladimir Putin"}
    assert meet.location == "Moscow" and meet.start == date(2023, 3, 21)
    assert pipeline(TEXT, date(2023, 3, 22)) == events


def test_pipeline_depends_only_on_its_inputs() -> None:
    a = pipeline(TEXT, date(2023, 3, 22))
    b = pipeline(TEXT, date(2023, 3, 29))
    assert [e.start for e in a if e.type == "04"] == [date(2023, 3, 21)]
    assert [e.start for e in b if e.type == "04"] == [date(2023, 3, 28)]


def test_extraction_code_never_reads_the_clock() -> None:
    """The pipeline is a pure function of (text, published): no today()/now() anywhere in it."""
    import re
    from pathlib import Path

    import timeline.events
    import timeline.pipeline

    files = [Path(timeline.pipeline.__file__)]
    files += sorted(Path(timeline.events.__file__).parent.rglob("*.py"))
    clock = re.compile(r"\.(today|now|utcnow)\s*\(|\btime\.(time|monotonic)\s*\(")
    offenders = [f.name for f in files if clock.search(f.read_text(encoding="utf-8"))]
    assert files and offenders == []


@pytest.mark.parametrize("text", ["", "   \n\n ", "no capital letters or events here"])
def test_pipeline_on_empty_or_eventless_text(text: str) -> None:
    assert pipeline(text, date(2020, 1, 1)) == []
