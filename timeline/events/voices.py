"""News text voices: structures of a whole text that change how its verbs are read
(data: ``lexicon/en/voices.tsv``).

- [status.dated_bullet, time.dated_bullet] a FACTBOX or chronology: at least ``bullet_min``
  lines that open with a date and a separator ("Oct 30, 1991 - The Madrid peace conference
  opens ..."). A bullet's historical present tells what happened on the bullet's date (kept at
  its precision: "May 1993 - Savir joins ..." is a month), not a plan and not the publication
  day; a later sentence of the bullet with no date of its own ("Rabin promises autonomy within
  a year.") takes the bullet's date, unless a ``bullet_later`` word ("Bilateral talks later move
  to Washington") places it after that date on no day the text gives (undated). A single
  line-opening date ("Oct 30 - The ministers met ...") or a dash inside a sentence is no bullet.
- [status.performative, time.performative_present] a statement's authors in the present tense
  of a ``performative`` verb ("The Kingdom and the United States welcome the signing in Jeddah
  on May 11", "The facilitators urge both sides ...") act by saying so on the statement's day:
  happened, dated by the publication date, another date in the clause being the object's.
  "will welcome" stays planned.
- [time.source_line_day] a monitoring service's source line ("Radio Mozambique, Maputo, in
  Portuguese 1730 gmt 16 Mar 84"), a line of its own, sets the day of the section below it (to
  the next source line) like a dated dateline: its "this afternoon" is that day's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from timeline.events.lexicon import read_rows
from timeline.temporal.types import Timex

_MAX_LEAD = 8  # the most characters (space, a list mark) before a bullet's date on its line
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@cache
def _rows(kind: str) -> tuple[dict[str, str], ...]:
    return tuple(r for r in read_rows("voices.tsv") if r["kind"] == kind)


@cache
def _patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["word"]) for r in _rows(kind))


@cache
def _lines_pattern(kind: str) -> re.Pattern[str]:
    """All the line patterns of ``kind`` as one multi-line pattern over a whole text: a text
    none of whose stripped lines matches one of them has no match (a quick pre-check)."""
    bodies = [r["word"].removeprefix("^").removesuffix("$") for r in _rows(kind)]
    alts = "|".join(f"(?:{b})" for b in bodies) or "(?!)"
    return re.compile(rf"^\s*(?:{alts})\s*$", re.M)  # \s: what str.strip() removes


@cache
def voice_words(kind: str) -> frozenset[str]:
    """The words of a word kind of ``voices.tsv`` (``bullet_later``, ``performative``)."""
    return frozenset(r["word"].lower() for r in _rows(kind))


def _setting(name: str) -> int:
    return next((int(r["value"]) for r in _rows("setting") if r["word"] == name), 2)


@dataclass(frozen=True, slots=True)
class Bullet:
    """A dated bullet: its line (character offsets) and the date opening it."""

    start: int
    end: int
    timex: Timex


def _bullet_at(text: str, pos: int, end: int, at: dict[int, Timex]) -> Bullet | None:
    """The dated bullet of the line ``text[pos:end]`` (``at``: the time expressions by their
    start), or None."""
    line = text[pos:end]
    lead = len(line) - len(line.lstrip())
    for mark in _patterns("bullet_mark"):
        found = mark.match(line, lead)
        if found is not None:
            lead = found.end()
            break
    t = at.get(pos + lead)
    if t is None or t.type != "DATE" or t.interval is None or t.end > end:
        return None
    if not any(ch.isdigit() for ch in t.text):
        return None  # "Friday - ..." is no chronology's date
    rest = text[t.end : end]
    if not any(p.match(rest) for p in _patterns("bullet_separator")):
        return None
    return Bullet(pos, end, t)


def dated_bullets(text: str, timexes: list[Timex]) -> list[Bullet]:
    """The dated bullets of a chronology (at least ``bullet_min`` of them), else none; a line
    is looked at only when a time expression starts within its first few characters."""
    at = {t.start: t for t in timexes}
    out: list[Bullet] = []
    seen: set[int] = set()
    for start in sorted(at):
        pos = text.rfind("\n", 0, start) + 1
        if pos in seen or start - pos > _MAX_LEAD:
            continue
        seen.add(pos)
        end = text.find("\n", start)
        b = _bullet_at(text, pos, len(text) if end < 0 else end, at)
        if b is not None:
            out.append(b)
    return out if len(out) >= _setting("bullet_min") else []


def bullet_at(bullets: list[Bullet], starts: list[int], pos: int) -> Bullet | None:
    """The bullet (of ``bullets``, sorted, ``starts`` their starts) whose line holds ``pos``."""
    k = bisect.bisect_right(starts, pos) - 1
    return bullets[k] if k >= 0 and pos < bullets[k].end else None


def _year(two: str, published: date) -> int:
    """A two-digit year ("84") in the century that puts it at or before publication."""
    y = int(two)
    if len(two) == 4:
        return y
    y += published.year - published.year % 100
    return y - 100 if y > published.year else y


def source_lines(text: str, published: date, max_age: int) -> list[tuple[int, int, date]]:
    """[time.source_line_day] every monitoring source line of its own with a day at most
    ``max_age`` days before publication (not after it): (line end, section end, day)."""
    found: list[tuple[int, int, date]] = []
    if _lines_pattern("source_line").search(text) is None:
        return found  # no line of the text has the shape (one scan in C, not one per line)
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        for p in _patterns("source_line"):
            m = p.match(line)
            if m is None or m["month"].lower()[:3] not in _MONTHS:
                continue
            try:
                day = date(_year(m["year"], published), _MONTHS.index(m["month"].lower()[:3]) + 1,
                           int(m["day"]))  # fmt: skip
            except ValueError:
                continue
            found.append((pos, end, day))
            break
        pos = end + 1
    if not found:
        return []
    # a section runs from its line to the next source line (or the end of the text)
    stops = [start for start, _, _ in found[1:]] + [len(text)]
    return [(end, stop, day) for (_, end, day), stop in zip(found, stops, strict=True)
            if 0 <= (published - day).days <= max_age]  # fmt: skip


def present_voice(c: Any) -> str | None:
    """Why the present-tense verb of candidate ``c`` tells a happening, not a plan: it is on a
    chronology's dated bullet of a day no later than publication (status.dated_bullet), or a
    statement's authors act by saying it (status.performative); else None. The rule's
    evidence is added to ``c.evidence``."""
    s, m = c.sentence, c.match
    bullet = s.disc.bullet_of(s) if s.disc is not None else None
    word = s.tokens[m.start].text
    if bullet is not None:
        assert bullet.timex.interval is not None
        if bullet.timex.interval[1] > c.published:
            return None
        c.evidence.append(f"status.dated_bullet: '{word}' is a historical present on the dated "
                          f"bullet '{bullet.timex.text}' of a chronology: happened")  # fmt: skip
        return "status.dated_bullet"
    if not s.headline and s.tokens[m.start].lower in voice_words("performative"):
        c.evidence.append(f"status.performative: '{word}' in the present tense is the act of "
                          f"saying so, on the statement's day: happened")  # fmt: skip
        return "status.performative"
    return None


def voice_timex(c: Any, tx: Timex | None) -> Timex | None:
    """The date of candidate ``c`` after its voice (``tx``: its clause's time expression): a
    performative present's clause date other than the statement's day is its object's
    (time.performative_present: the statement's day instead, None here); a bullet's undated
    verb takes the bullet's date (time.dated_bullet) unless a ``bullet_later`` word places it
    after that date (time.dated_bullet_later: undated)."""
    s, m = c.sentence, c.match
    if "status.performative" in c.rules:
        if tx is not None and tx.interval not in (None, (c.published, c.published)):
            c.rules.append("time.performative_present")
            c.evidence.append(f"time.performative_present: '{tx.text}' dates the object of a "
                              f"performative present, which is of the statement's day")  # fmt: skip
            return None
        return tx
    if tx is not None or m.noun or s.disc is None:
        return tx
    bullet = s.disc.bullet_of(s)
    if bullet is None:
        return None
    later = voice_words("bullet_later")
    if word := next((t.text for t in s.tokens if t.lower in later), None):
        c.rules.append("time.dated_bullet_later")
        c.evidence.append(f"time.dated_bullet_later: '{word}' places it after the bullet's "
                          f"'{bullet.timex.text}' on no day the text gives: undated")  # fmt: skip
        return None
    c.rules.append("time.dated_bullet")
    c.evidence.append(f"time.dated_bullet: no date in its sentence; it is on the chronology's "
                      f"bullet dated '{bullet.timex.text}'")  # fmt: skip
    return bullet.timex
