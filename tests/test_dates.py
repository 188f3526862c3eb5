"""timeline.dates: the one parser of dates typed by people and given to the library.

Phrase table ``fixtures/typed_dates.tsv`` (every TIMEX3 value the tagger prints reads back with
the same interval and granularity), a round-trip property per granularity, refusals.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import (
    GRANULARITIES,
    as_date,
    interval_value,
    parse_date,
    parse_date_phrase,
    parse_published,
    parse_timex_value,
)
from timeline.errors import InputError
from timeline.temporal.values import format_at, value_interval

TABLE = Path(__file__).parent / "fixtures" / "typed_dates.tsv"


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['phrase']}@{r['prefer']}")
def test_phrase_table(row: dict[str, str]) -> None:
    got = parse_date(row["phrase"], date.fromisoformat(row["ref"]), prefer=row["prefer"])
    assert (got.start.isoformat(), got.end.isoformat(), got.granularity) == (
        row["start"],
        row["end"],
        row["granularity"],
    )
    assert (got.value or "") == row["value"]
    assert got.rule and got.reason  # --explain always has something to say


@pytest.mark.parametrize(
    "value", ["2019-W15", "2019-Q2", "2019-SU", "199", "2019-04-11TNI", "2019-02", "2019-H1"]
)
def test_tagger_values_read_back_as_the_tagger_reads_them(value: str) -> None:
    start, end, gran = value_interval(value) or (None, None, None)
    got = parse_date(value, date(2019, 4, 11))
    assert (got.start, got.end, got.granularity) == (start, end, gran)


_PERIODS = [g for g in GRANULARITIES if g != "day"] + ["day"]


@given(
    d=st.dates(min_value=date(1000, 1, 1), max_value=date(9990, 12, 31)),
    granularity=st.sampled_from(_PERIODS),
)
def test_round_trip_interval_value_interval(d: date, granularity: str) -> None:
    """The period of ``granularity`` containing ``d`` -> its value -> the same period."""
    value = format_at(d, granularity)
    start, end, gran = value_interval(value) or (None, None, None)
    assert start is not None and end is not None and start <= d <= end
    assert interval_value(start, end, gran) == value
    back = parse_date(value, date(2019, 4, 11))
    assert (back.start, back.end, back.granularity) == (start, end, gran)
    assert parse_date(back.value or "", date(2019, 4, 11)).value == back.value


def test_periods_past_9999_are_refused_not_clipped() -> None:
    for value in ("9999-H2", "9999-WI"):
        with pytest.raises(InputError, match="after the year 9999"):
            parse_date(value, date(2019, 4, 11))


@given(year=st.integers(1000, 9998), half=st.sampled_from([1, 2]))
def test_round_trip_halves(year: int, half: int) -> None:
    got = parse_date(f"{year}-H{half}", date(2019, 4, 11))
    assert interval_value(got.start, got.end, got.granularity) == f"{year}-H{half}"
    assert got.end - got.start >= timedelta(days=180)


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("2019-13", "there is no month 13"),
        ("2019-00", "there is no month 0"),
        ("2019-02-30", "February 2019 has 28 days"),
        ("2019-13-01", "there is no month 13"),
        ("2019-W54", "2019 has ISO weeks 1..52"),
        ("2019-W53", "2019 has ISO weeks 1..52"),
        ("2019-Q5", "quarters are Q1..Q4"),
        ("2019-H3", "halves are H1 and H2"),
        ("2019-04-11T25:00", "no such time of day"),
        ("-2019-01-01", "not a valid date"),
        ("0000", "year 0000 does not exist"),
        ("12345", "not a valid date"),
        ("03/04/2025", "--date-order"),
        ("on 03/04/2025", "--date-order"),
        ("03/04/2025 at noon", "--date-order"),
        ("03/04/25", "write the year in full"),
        ("3/4", "give the year"),
        ("31/31/2025", "not a valid date"),
        ("", "empty date"),
        ("   ", "empty date"),
        ("banana", "not a date"),
        ("three weeks", "a duration"),
        ("every week", "a repetition"),
    ],
)
def test_refused(phrase: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace(".", r"\.").replace("(", r"\(")):
        parse_date(phrase, date(2019, 4, 11))


@pytest.mark.parametrize(
    ("order", "expected"), [("DMY", date(2025, 4, 3)), ("MDY", date(2025, 3, 4)), ("dmy", None)]
)
def test_date_order_reads_ambiguous_numeric_dates(order: str, expected: date | None) -> None:
    got = parse_date("03/04/2025", date(2019, 4, 11), date_order=order)
    assert got.start == (expected or date(2025, 4, 3))
    assert order.upper() in got.reason


def test_date_order_must_fit_the_date() -> None:
    with pytest.raises(InputError, match="not a valid date in MDY order"):
        parse_date("14/03/2025", date(2019, 4, 11), date_order="MDY")
    with pytest.raises(InputError, match="unknown date order"):
        parse_date("03/04/2025", date(2019, 4, 11), date_order="YMD")


@pytest.mark.parametrize(
    "ref", [date(2019, 4, 11), datetime(2019, 4, 11, 23, 0), "2019-04-11", "2019-04-11T08:30:00Z"]
)
def test_reference_date_as_date_datetime_or_iso_string(ref: object) -> None:
    assert parse_date_phrase("on Wednesday", ref).start == date(2019, 4, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 20190411, 2019.4, b"2019-04-11", ["2019-04-11"]])
def test_reference_date_of_another_type_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="date"):
        parse_date_phrase("on Wednesday", bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        as_date(bad)


@pytest.mark.parametrize("bad", ["11/04/2019x", "April 2019", "2019-04-11T25:00", "yesterday"])
def test_reference_date_bad_string_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        as_date(bad)


def test_phrase_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        parse_date(None, date(2019, 4, 11))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-04-11", date(2019, 4, 11)),
        ("2019-04-11T23:30:00Z", date(2019, 4, 11)),
        ("11 April 2019", date(2019, 4, 11)),
        ("14/03/2019", date(2019, 3, 14)),
    ],
)
def test_parse_published(value: str, expected: date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2019-04-11T25:00", "-2019-01-01", "+2019-01-01", "2019-04-11T12:61", "03/04/2019", "2019-13"],
)
def test_parse_published_refuses(value: str) -> None:
    """Issue 15 group 7: an impossible time or a sign is not silently dropped."""
    with pytest.raises(InputError, match="publication date"):
        parse_published(value)


def test_timex_shape_is_never_handed_to_a_fuzzier_parser() -> None:
    assert parse_timex_value("in February") is None
    with pytest.raises(InputError):
        parse_timex_value("2019-13")
