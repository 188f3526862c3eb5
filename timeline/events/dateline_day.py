"""[time.dateline_day] A dated dateline sets the story's day.

"WASHINGTON, Oct. 28." over a story printed in the paper of October 29: the correspondent
filed it on the 28th, so its "to-day" is the 28th, its "yesterday" the 27th and its "last
night" the night of the 27th; the paper's date is not the day the text was written. When the
article opens (within ``dateline_max_line`` lines) with a dateline line (a place and a calendar
day: "CAIRO, March 9.", "Caracas, 27 August.", "GENEVA (Nov 21) -", "BRASILIA, Oct. 26 -",
"SIMLA, India, July 3 (OWS) -")
whose day is at most ``dateline_max_age_days`` (``story_day.tsv``) before publication, the time
expressions are anchored to that day instead of the publication date; a dateline on the
publication day, after it or older than that changes nothing. Every expression whose value
moved says so in its reason, and every event dated by one records the rule and why.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date
from functools import cache

from timeline.events.lexicon import read_rows
from timeline.events.types import ExtractedEvent
from timeline.events.voices import source_lines
from timeline.temporal import Timex, tag

#: what may stand on a dateline's line before its date: a place of capitalised words
#: ("WASHINGTON", "Caracas", "PORT MORESBY", "N'DJAMENA", "St. John's"), its country or state
#: after a comma ("SIMLA, India,", "BANDUNG, Indonesia,": rule time.dateline_region), then ","
#: or "("
_PLACE = re.compile(r"[A-Z][A-Za-z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?(?:,\s*|\s*\(\s*)")
#: what may follow its date: the end of the line, a full stop, a dash, a parenthesis
_AFTER = re.compile(r"\s*(?:[.)]|\s[-–—]|\s\(|$)")
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


@cache
def _settings() -> dict[str, int]:
    rows = read_rows("story_day.tsv")
    return {r["word"]: int(r["value"]) for r in rows if r["kind"] == "setting"}


def dateline_day(text: str, published: date, timexes: list[Timex]) -> Timex | None:
    """The dateline's date when it dates the story before publication (see the module's
    docstring), else None."""
    limit = _settings().get("dateline_max_line", 8)
    max_age = _settings().get("dateline_max_age_days", 3)
    lines = 0
    pos = 0
    while lines < limit and pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            lines += 1
            t = next((x for x in timexes if pos <= x.start < end), None)
            if t is not None and _is_dateline(text, pos, end, t):
                assert t.interval is not None
                age = (published - t.interval[0]).days
                return t if 0 < age <= max_age else None
        pos = end + 1
    return None


def _is_dateline(text: str, pos: int, end: int, t: Timex) -> bool:
    """``t`` is the calendar day of a dateline that opens the line at ``pos``."""
    if t.type != "DATE" or t.interval is None or not _FULL_DAY.match(t.value or ""):
        return False
    if t.interval[0] != t.interval[1] or not any(ch.isdigit() for ch in t.text):
        return False  # "Tuesday" or "today" is no dateline's date
    head = text[pos : t.start]
    return _PLACE.fullmatch(head) is not None and _AFTER.match(text[t.end : end]) is not None


def dateline_timexes(
    text: str, published: date, timexes: list[Timex]
) -> tuple[list[Timex], dict[tuple[str, str], str]]:
    """The article's time expressions anchored to its dateline's day when it has one before
    publication (``timexes`` unchanged otherwise), and the moved ones: (text, new value) ->
    the reason (for ``mark_events``)."""
    line = dateline_day(text, published, timexes)
    if line is None:
        return _source_line_timexes(text, published, timexes)
    assert line.interval is not None
    day = line.interval[0]
    before = {(t.start, t.end): t.value for t in timexes}
    out: list[Timex] = []
    moved: dict[tuple[str, str], str] = {}
    for t in tag(text, day):
        old = before.get((t.start, t.end))
        if old is not None and old != t.value:
            why = (
                f"time.dateline_day: '{t.text}' is read from the dateline's day "
                f"'{line.text}' = {day.isoformat()}, not the publication date "
                f"{published.isoformat()} ({old})"
            )
            t = replace(t, reason=f"{t.reason}; {why}" if t.reason else why)
            moved[(t.text, t.value)] = why
        out.append(t)
    return out, moved


def _source_line_timexes(
    text: str, published: date, timexes: list[Timex]
) -> tuple[list[Timex], dict[tuple[str, str], str]]:
    """[time.source_line_day] a monitoring service's dated source lines
    (``timeline.events.voices``): the expressions of the section below each are read from
    its day, like a dated dateline's."""
    sections = source_lines(text, published, _settings().get("dateline_max_age_days", 3))
    if not sections:
        return timexes, {}
    out = list(timexes)
    moved: dict[tuple[str, str], str] = {}
    tagged: dict[date, dict[tuple[int, int], Timex]] = {}  # one tagging per day, not section
    starts = [lo for lo, _, _ in sections]
    for k, t in enumerate(out):
        n = bisect.bisect_right(starts, t.start) - 1
        if n < 0 or t.start >= sections[n][1]:
            continue  # above the first source line, or past its section
        day = sections[n][2]
        if day not in tagged:
            tagged[day] = {(x.start, x.end): x for x in tag(text, day)}
        new = tagged[day].get((t.start, t.end))
        if new is None or new.value == t.value:
            continue
        why = (f"time.source_line_day: '{t.text}' is read from the day of the source line "
               f"above it, {day.isoformat()}, not the publication date "
               f"{published.isoformat()} ({t.value})")  # fmt: skip
        out[k] = replace(new, reason=f"{new.reason}; {why}" if new.reason else why)
        moved[(new.text, new.value)] = why
    return out, moved


def mark_events(events: list[ExtractedEvent], moved: dict[tuple[str, str], str]) -> None:
    """Record rule time.dateline_day on every event dated by a moved expression."""
    if not moved:
        return
    for ev in events:
        why = moved.get((ev.date_text or "", ev.timex_value or ""))
        if why is not None and ev.start is not None:
            ev.rules.append(why.split(":")[0])  # time.dateline_day, time.source_line_day
            ev.evidence.append(why)


def dateline_only(text: str, start: int, timexes: list[Timex]) -> bool:
    """A sentence (``text`` at offset ``start``) that is a dateline and nothing else
    ("WASHINGTON, Oct. 28.", "Caracas, 27 August."): no lead; the story's lead paragraph is
    the next one (time.discourse.story_day)."""
    t = next((x for x in timexes if start <= x.start < start + len(text)), None)
    if t is None:
        return False
    head, tail = text[: t.start - start], text[t.end - start :]
    return _PLACE.fullmatch(head) is not None and re.fullmatch(r"\s*[.)]?\s*", tail) is not None


def opens_with_dateline(text: str, start: int, t: Timex) -> bool:
    """[time.discourse.lead_timex] the time expression ``t`` is the filing date of a dateline
    that opens the sentence at ``start`` of ``text`` ("Nairobi, May 3, 2021 (KNA) - ...",
    "CAIRO, March 9 - ..."): the day the story was filed, not a date of its lead's event."""
    head = text[start : t.start]
    return _PLACE.fullmatch(head) is not None and _AFTER.match(text[t.end : t.end + 40]) is not None
