"""User-typed absolute dates in other formats and languages fall back to dateparser."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.errors import InputError
from timeline.temporal import parse_date_phrase

REF = date(2019, 4, 11)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "granularity"),
    [
        ("27 février 2019", "2019-02-27", "2019-02-27", "day"),
        ("27. Februar 2019", "2019-02-27", "2019-02-27", "day"),
        ("1 de marzo de 2019", "2019-03-01", "2019-03-01", "day"),
        ("27-Feb-2019", "2019-02-27", "2019-02-27", "day"),
        ("février 2019", "2019-02-01", "2019-02-28", "month"),
    ],
)
def test_foreign_absolute_dates_keep_precision(
    phrase: str, start: str, end: str, granularity: str
) -> None:
    got = parse_date_phrase(phrase, REF)
    assert (got.start.isoformat(), got.end.isoformat(), got.granularity) == (
        start,
        end,
        granularity,
    )
    assert got.rule == "dateparser"


@pytest.mark.parametrize("phrase", ["jeudi", "la semaine dernière", "not a date", "room 2019b"])
def test_no_year_no_fallback(phrase: str) -> None:
    """Relative or yearless foreign phrases are refused, never guessed."""
    with pytest.raises(InputError):
        parse_date_phrase(phrase, REF)


def test_english_rules_win_over_the_fallback() -> None:
    assert parse_date_phrase("in February", REF).rule != "dateparser"
