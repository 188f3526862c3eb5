"""The reference article (``examples/nk_sanctions_2019-04-11.txt``, published Thursday
2019-04-11): exactly its 8 hand-annotated time expressions, with their values and intervals.

This is the case dateparser alone gets wrong ("on Thursday" -> a week earlier, "in February" ->
an invented day, "in five days" -> a date, "We" -> Wednesday, no "the past week").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline.temporal import tag
from timeline.text import split_headers

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "nk_sanctions_2019-04-11.txt"
DCT = date(2019, 4, 11)

#: (start, end, text, type, value, interval, granularity): offsets into the article body (the
#: file read as UTF-8, without its ``published:``/``source:`` header lines).
GOLD = [
    (416, 424, "February", "DATE", "2019-02", ("2019-02-01", "2019-02-28"), "month"),
    (728, 736, "Thursday", "DATE", "2019-04-11", ("2019-04-11", "2019-04-11"), "day"),
    (1265, 1273, "February", "DATE", "2019-02", ("2019-02-01", "2019-02-28"), "month"),
    (1525, 1534, "five days", "DURATION", "P5D", None, None),
    (1540, 1553, "the past week", "DURATION", "P1W", ("2019-04-04", "2019-04-11"), "week"),
    (1659, 1668, "Wednesday", "DATE", "2019-04-10", ("2019-04-10", "2019-04-10"), "day"),
    (3377, 3385, "Thursday", "DATE", "2019-04-11", ("2019-04-11", "2019-04-11"), "day"),
    (3668, 3677, "Wednesday", "DATE", "2019-04-10", ("2019-04-10", "2019-04-10"), "day"),
]


def _row(t):  # type: ignore[no-untyped-def]
    interval = (t.interval[0].isoformat(), t.interval[1].isoformat()) if t.interval else None
    return (t.start, t.end, t.text, t.type, t.value, interval, t.granularity)


def _body() -> str:
    headers, body = split_headers(ARTICLE.read_text(encoding="utf-8"))
    assert headers["published"] == DCT.isoformat()
    return body


def test_reference_article_has_exactly_the_gold_expressions() -> None:
    body = _body()
    assert [_row(t) for t in tag(body, DCT)] == GOLD
    assert [body[s:e] for s, e, *_ in GOLD] == [g[2] for g in GOLD]


def test_reference_article_reasons() -> None:
    found = tag(_body(), DCT)
    reasons = {t.start: t.reason for t in found}
    assert reasons[728] == "DCT is a Thursday: the Thursday = DCT"
    assert "latest Wednesday before DCT" in reasons[1659]
    assert "ending at DCT" in reasons[1540]


def test_reference_article_excerpt_words_that_are_not_dates() -> None:
    # "We" (not Wednesday), "May" the verb, "march" the verb, "a second" the ordinal,
    # "hours before" (no number): none is a time expression.
    text = (
        "“We are ready,” Kim said. Sanctions may be eased and protesters may march, "
        "hours before a second summit in Hanoi."
    )
    assert tag(text, DCT) == []
