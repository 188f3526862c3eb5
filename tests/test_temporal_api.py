"""``tag(text, dct)``: what it accepts as the reference date, and how an internal error shows.

``tag`` never raises on any text, but a bug is not hidden: it is logged (logger
``timeline.temporal``) with the rule and the document, and raised under ``TIMELINE_DEBUG=1``.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from timeline.temporal import anchor as anchor_module
from timeline.temporal import rules as rules_module
from timeline.temporal import tag

TEXT = "They met on Thursday. The file is dated 2019-02-27."


@pytest.mark.parametrize(
    "dct",
    [
        date(2019, 4, 11),
        datetime(2019, 4, 11, 23, 30),
        datetime(2019, 4, 11, 9, 0, tzinfo=UTC),
        "2019-04-11",
        "2019-04-11T09:30:00",
        "2019-04-11T09:30:00Z",
        "2019-04-11T09:30:00+09:00",
        " 2019-04-11 ",
    ],
    ids=repr,
)
def test_reference_date_forms(dct: object) -> None:
    found = tag(TEXT, dct)  # type: ignore[arg-type]
    assert [(t.text, t.value) for t in found] == [
        ("Thursday", "2019-04-11"),
        ("2019-02-27", "2019-02-27"),
    ]


@pytest.mark.parametrize("dct", [None, 20190411, 2019.0, b"2019-04-11", ["2019-04-11"], True])
def test_other_reference_dates_raise_type_error(dct: object) -> None:
    with pytest.raises(TypeError, match="reference date"):
        tag(TEXT, dct)  # type: ignore[arg-type]


@pytest.mark.parametrize("dct", ["", "yesterday", "2019-13-45", "11/04/2019"])
def test_a_string_that_is_no_iso_date_raises_value_error(dct: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        tag(TEXT, dct)


def test_empty_text_still_checks_the_reference_date() -> None:
    assert tag("", "2019-04-11") == []
    with pytest.raises(TypeError):
        tag("", None)  # type: ignore[arg-type]


@pytest.fixture
def broken_weekday(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the anchoring of weekdays (any exception type, not only ValueError)."""
    original = anchor_module.Anchor.resolve

    def resolve(self: anchor_module.Anchor, value: str, start: int, end: int):
        if value.startswith("@wd("):
            raise ZeroDivisionError("simulated bug")
        return original(self, value, start, end)

    monkeypatch.setattr(anchor_module.Anchor, "resolve", resolve)


@pytest.mark.usefixtures("broken_weekday")
def test_internal_error_is_logged_with_rule_and_document(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    with caplog.at_level(logging.ERROR, logger="timeline.temporal"):
        found = tag(TEXT, date(2019, 4, 11))
    assert [t.text for t in found] == ["2019-02-27"]  # the other expressions are kept
    (record,) = caplog.records
    message = record.getMessage()
    assert "rule weekday" in message
    assert "'Thursday'" in message
    assert "They met on Thursday." in message  # the document
    assert "ZeroDivisionError: simulated bug" in message


@pytest.mark.usefixtures("broken_weekday")
def test_internal_error_raises_under_timeline_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError, match="simulated bug"):
        tag(TEXT, date(2019, 4, 11))


def test_a_failing_scanner_is_logged_and_raises_under_debug(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(self: rules_module.RuleSet, text: str):
        raise KeyError("simulated scanner bug")

    monkeypatch.setattr(rules_module.RuleSet, "finditer", boom)
    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    with caplog.at_level(logging.ERROR, logger="timeline.temporal"):
        assert tag(TEXT, date(2019, 4, 11)) == []
    assert "They met on Thursday." in caplog.text
    assert "simulated scanner bug" in caplog.text
    monkeypatch.setenv("TIMELINE_DEBUG", "1")
    with pytest.raises(KeyError):
        tag(TEXT, date(2019, 4, 11))


def test_fiscal_start_sets_the_interval_of_fiscal_years() -> None:
    text = "Sales in fiscal 2020 rose, and FY2021 will be better."
    calendar = tag(text, date(2020, 11, 2))
    assert [(t.text, t.value, t.interval) for t in calendar] == [
        ("fiscal 2020", "2020", (date(2020, 1, 1), date(2020, 12, 31))),
        ("FY2021", "2021", (date(2021, 1, 1), date(2021, 12, 31))),
    ]
    federal = tag(text, date(2020, 11, 2), fiscal_start=10)
    assert [(t.value, t.interval) for t in federal] == [
        ("2020", (date(2019, 10, 1), date(2020, 9, 30))),
        ("2021", (date(2020, 10, 1), date(2021, 9, 30))),
    ]
    for bad in (0, 13, "10"):
        with pytest.raises(ValueError, match="fiscal_start"):
            tag(text, date(2020, 11, 2), fiscal_start=bad)  # type: ignore[arg-type]
