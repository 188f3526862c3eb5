"""Where a legislature sits, for what a speaker tells it (rule ``loc.chamber_seat``).

"Thatcher told parliament on Tuesday that ...", "Powell told the Senate Foreign Relations
Committee ...", "Sadat addressed the Knesset": when the trigger's clause names no place, the
telling - and the speaker's own act told in it ("Cook told MPs that the rebels must free the
hostages") - took place where the chamber sits. The chamber's state is its own (the Knesset:
Israel) or the speaker's (parliament, the Senate); its seat on the article's date comes from
``lexicon/en/seats.tsv`` (Bonn before 1999, Cape Town, Valparaíso since 1990 ...), else the
gazetteer's capital; a teller of no known state ("Senator Jim Webb told the Senate") takes the
chamber's own (the lexicon's US Senate). No place when no state is known, when the seat of that
span is not known, or when the act told is another actor's ("told parliament that the United
States had acted in self-defence": the Americans did not act in London).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from timeline.events.lexicon import read_rows, split_list
from timeline.events.words import words

if TYPE_CHECKING:
    from timeline.events.stages import Candidate

_TELL = words("chamber_tell_verbs")


@cache
def _chambers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(phrase words, the chamber's own state or "") longest phrase first."""
    out = [
        (tuple(p.split()), row["state"].strip())
        for row in read_rows("chambers.tsv")
        for p in split_list(row["phrase"])
    ]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


@cache
def _seat_rows() -> dict[str, list[tuple[str, str, date | None, date | None]]]:
    """state -> (body, seat or "", from, to) rows of ``seats.tsv``."""
    out: dict[str, list[tuple[str, str, date | None, date | None]]] = {}
    for row in read_rows("seats.tsv"):
        lo, hi = row["from"].strip(), row["to"].strip()
        if row["body"] not in ("legislature", "government", "both") or not all(
            len(d) == 10 and d[4] == d[7] == "-" and d.replace("-", "").isdigit()
            for d in (lo, hi) if d
        ):  # fmt: skip
            raise ValueError(f"seats.tsv row {row['id']!r}: bad body or date (YYYY-MM-DD)")
        out.setdefault(row["state"], []).append((
            row["body"],
            row["seat"].strip(),
            date.fromisoformat(lo) if lo else None,
            date.fromisoformat(hi) if hi else None,
        ))  # fmt: skip
    return out


def seat(state: str, body: str, on: date) -> tuple[str, str] | None:
    """(city, country) where ``state``'s ``body`` ("legislature" | "government") sat on ``on``:
    a dated row of seats.tsv, else today's capital; None when the row leaves the seat unknown
    or the gazetteer does not know the city."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    for kind, city, lo, hi in _seat_rows().get(state, []):
        if kind not in (body, "both") or (lo and on < lo) or (hi and on > hi):
            continue
        if not city:
            return None
        place = gazetteer().places.get(fold(city))
        return (place.name, place.country) if place is not None else None
    cap = gazetteer().capitals.get(state)
    return (cap.name, cap.country) if cap is not None else None


def _chamber_at(lowers: list[str], k: int) -> str | None:
    """The chamber's own state ("" for the speaker's) when a chamber phrase starts at ``k``."""
    for phrase, state in _chambers():
        if tuple(lowers[k : k + len(phrase)]) == phrase:
            return state
    return None


def _chamber_len(lowers: list[str], k: int) -> int:
    """The number of words of the (longest) chamber phrase starting at ``k``."""
    return next((len(p) for p, _ in _chambers() if tuple(lowers[k : k + len(p)]) == p), 0)


def chamber_seat(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.chamber_seat] the seat of the chamber the event's source told (see the module)."""
    s, m = c.sentence, c.match
    toks = s.tokens
    lowers = [t.lower for t in toks]
    for k in range(m.start + 1):
        if lowers[k] not in _TELL or s.quoted[k]:
            continue
        state = _chamber_at(lowers, k + 1)
        if state is None:
            continue
        lo = s.clause_start(k)
        tellers = [x.entity for x in s.mentions if x.is_actor and lo <= x.start and x.end <= k]
        names = {e.name for e in tellers if e is not None}
        said = " ".join(t.text for t in toks[lo:k])  # "He addressed the Knesset ...": a pronoun
        names |= {a.name for a in c.actors if a.mention and a.mention in said}
        sources = [a for a in c.actors if a.role in ("source", "participant")]
        # "The Canadian prime minister told the Commons that Ottawa would expel ...": his state's
        states = {e.state for e in tellers if e is not None and e.state}
        if k != m.start and not (
            any(a.name in names or a.state in states for a in sources)
            or (not sources and c.status == "planned")
        ):
            return None, None  # "told parliament that the United States had acted": not here
        known = [a.state for a in sources] + [e.state for e in tellers if e is not None]
        # "Senator Jim Webb told the Senate": a teller of no known state, the chamber's own
        end = k + 1 + _chamber_len(lowers, k + 1)
        known += [x.entity.state for x in s.mentions if x.entity and k < x.start < end]
        state = state or next((x for x in known if x), "")
        where = seat(state, "legislature", c.published) if state else None
        return (where, "loc.chamber_seat") if where else (None, None)
    return None, None
