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


# -- issue 11: the publication date as date, datetime or ISO string, never ignored ------------


def test_pipeline_accepts_an_iso_string_and_a_datetime() -> None:
    from datetime import datetime

    from timeline.pipeline import pipeline

    text = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday."
    by_date = pipeline(text, date(2019, 4, 11))
    assert by_date and by_date[0].start == date(2019, 4, 11)
    assert pipeline(text, "2019-04-11") == by_date
    assert pipeline(text, datetime(2019, 4, 11, 9, 30)) == by_date


@pytest.mark.parametrize("bad", [None, 20190411, b"2019-04-11", ("2019", 4, 11)])
def test_pipeline_refuses_other_types(bad: object) -> None:
    from timeline.pipeline import pipeline

    with pytest.raises(TypeError):
        pipeline("Kim met Putin on Thursday.", bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2019-13-01", "April 2019", "", "2019-04-11T25:00"])
def test_pipeline_refuses_a_bad_date_string(bad: str) -> None:
    from timeline.errors import InputError
    from timeline.pipeline import pipeline

    with pytest.raises(InputError):
        pipeline("Kim met Putin on Thursday.", bad)


def test_parse_date_phrase_is_the_dates_module_entry_point() -> None:
    import timeline
    from timeline.dates import parse_date_phrase

    assert timeline.parse_date_phrase is parse_date_phrase
    assert timeline.parse_date_phrase("2019-W15", "2019-04-11").granularity == "week"
