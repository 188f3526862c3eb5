"""Event dicts (the DESIGN.md JSON shape) -> the few facts every export needs.

Every writer goes through :func:`prepare`: dates parsed once, undated events kept apart (never
plotted on a made-up date), swimlanes computed per grouping, one escaped hover text per event.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from timeline import cameo
from timeline.errors import InputError
from timeline.records import EventRecord
from timeline.textutil import fold

GROUP_BYS: tuple[str, ...] = ("actor", "type", "country")

#: The lane of events that have no actor (or no actor country) to be grouped by.
NO_ACTOR = "(no actor)"
NO_COUNTRY = "(no country)"
#: The lane of an actor-filtered chart's events that have none of the chosen actors.
OTHER_ACTORS = "(other actors)"


@cache
def style() -> dict[str, Any]:
    """The chart style shipped as data (``render/style.json``)."""
    text = resources.files("timeline.render").joinpath("style.json").read_text(encoding="utf-8")
    return json.loads(text)


def type_color(type_: str) -> str:
    colors: dict[str, str] = style()["type_colors"]
    return colors.get(type_, colors["unknown"])


def type_colors(types: Iterable[str]) -> dict[str, str]:
    """One distinct colour per type present: a root type keeps its ``style.json`` colour; any
    other type (or a clash) gets a new hue (golden-angle steps), never one already in use.

    >>> colours = type_colors(["04", "x-made-up", "y-made-up", "16"])
    >>> colours["04"], colours["16"], len(set(colours.values()))
    ('#008856', '#BE0032', 4)
    """
    colors: dict[str, str] = style()["type_colors"]
    present = sorted(set(types), key=lambda t: (t not in colors or t == "unknown", t))
    out: dict[str, str] = {}
    used: set[str] = set()
    step = 0
    for t in present:
        colour = colors.get(t)
        if colour is None or t == "unknown" or colour.lower() in used:
            while True:
                colour = _hue(step)
                step += 1
                if colour.lower() not in used and colour.lower() not in _reserved():
                    break
        out[t] = colour
        used.add(colour.lower())
    return out


@cache
def _reserved() -> frozenset[str]:
    return frozenset(c.lower() for c in style()["type_colors"].values())


def _hue(step: int) -> str:
    """The ``step``-th generated colour: golden-angle hues, three lightness levels."""
    import colorsys

    h = (0.11 + step * 0.618033988749895) % 1.0
    light = (0.42, 0.58, 0.32)[(step // 7) % 3]
    r, g, b = colorsys.hls_to_rgb(h, light, 0.7)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def type_label(type_: str | None) -> str:
    """Legend label of a root type: ``"04 consult"``, ``"other domestic political event"``."""
    if not type_ or type_ == "unknown":
        return "unknown type"
    if type_ not in cameo.codes():
        return type_
    return f"{type_} {cameo.label(type_)}"


def esc(text: object) -> str:
    """Escape text for plotly's HTML-like labels (it decodes only &amp; &lt; &gt; and numbers).

    >>> esc('<b onmouseover="x()">A & B</b>')
    '&lt;b onmouseover="x()"&gt;A &amp; B&lt;/b&gt;'
    """
    return html.escape("" if text is None else str(text), quote=False)


@dataclass(frozen=True, slots=True)
class EventView:
    """One event as the writers see it. ``start``/``end`` are None for an undated event."""

    event: Mapping[str, Any]
    id: str
    type: str
    start: date | None
    end: date | None
    granularity: str | None

    @property
    def dated(self) -> bool:
        return self.start is not None

    @property
    def is_point(self) -> bool:
        """Day-precise single-day events are drawn as markers; everything else is a bar."""
        return (
            self.start is not None
            and self.start == self.end
            and self.granularity
            in (
                None,
                "day",
            )
        )

    @property
    def actors(self) -> list[Mapping[str, Any]]:
        return [a for a in self.event.get("actors") or [] if a and a.get("name")]

    @property
    def mentions(self) -> list[Mapping[str, Any]]:
        return [m for m in self.event.get("mentions") or [] if m]

    @property
    def low_confidence(self) -> bool:
        """Drawn faded: confidence below ``style.json``'s ``low_confidence`` (0.5)."""
        c = self.event.get("confidence")
        try:
            return c is not None and float(c) < float(style()["low_confidence"])
        except (TypeError, ValueError):
            return False

    @property
    def summary(self) -> str:
        return str(self.event.get("summary") or self.event.get("label") or "(no summary)")

    @property
    def sentence(self) -> str | None:
        for m in self.mentions:
            if m.get("sentence"):
                return str(m["sentence"])
        return None

    @property
    def planned(self) -> bool:
        """A planned (announced, not yet happened) event: drawn hollow / dotted."""
        return str(self.event.get("status") or "").lower() == "planned"

    def short_label(self, limit: int = 30) -> str:
        """The mark's label: type word + main actor (the source, else the first), plain text.

        >>> actors = [{"name": "B", "role": "target"}, {"name": "A", "role": "source"}]
        >>> v = prepare([{"id": 1, "type": "04", "start": "2021-03-10", "actors": actors}])[0]
        >>> v.short_label()
        'consult · A'
        """
        word = cameo.label(self.type) if self.type in cameo.codes() else self.type
        actors = self.actors
        main = next((a for a in actors if a.get("role") == "source"), actors[0] if actors else None)
        text = f"{word} · {main['name']}" if main else word
        return _clip(" ".join(text.split()), limit)

    def focus_lanes(self, focus: Sequence[str]) -> list[str]:
        """The actor lanes of an actor-filtered chart: the event's actors named in ``focus``
        (canonical actor names, compared folded: case, accents and punctuation aside). The
        CLI resolves ``--actor``/``--country`` to those names first, as its query does
        (``Store.chosen_actors``: aliases, role phrases, a country's officials). An event with
        none of them (only possible for events not selected by that query) is in the
        ``(other actors)`` lane."""
        chosen = {fold(name) for name in focus}
        names = dict.fromkeys(str(a["name"]) for a in self.actors)
        lanes = [n for n in names if fold(n) in chosen]
        return lanes or [OTHER_ACTORS]

    def lanes(self, group_by: str) -> list[str]:
        """The swimlanes this event appears in (an event with two actors is in both lanes)."""
        if group_by == "type":
            return [type_label(self.type)]
        if group_by == "country":
            names = [a.get("country") for a in self.actors]
            fallback = NO_COUNTRY
        else:
            names = [a.get("name") for a in self.actors]
            fallback = NO_ACTOR
        lanes = list(dict.fromkeys(str(n) for n in names if n))
        return lanes or [fallback]

    def date_line(self) -> str:
        """``"in February" · 2019-02-01 – 2019-02-28 (month)`` (plain text, not escaped)."""
        if self.start is None or self.end is None:
            return "undated"
        span = self.start.isoformat()
        if self.end != self.start:
            span += f" – {self.end.isoformat()}"
        gran = self.granularity or "day"
        phrase = self.event.get("date_text")
        return f"“{phrase}” · {span} ({gran})" if phrase else f"{span} ({gran})"

    def actors_line(self) -> str:
        parts = []
        for a in self.actors:
            role = a.get("role")
            parts.append(f"{a['name']} ({role})" if role else str(a["name"]))
        return ", ".join(parts)

    def source_line(self) -> str:
        seen: dict[str, None] = {}
        for m in self.mentions:
            label = m.get("source") or m.get("document")
            if label:
                published = m.get("published")
                seen.setdefault(f"{label}, {published}" if published else str(label))
        labels = list(seen)
        if not labels:
            return "manual" if self.event.get("origin") == "manual" else ""
        more = f" (+{len(labels) - 1} more)" if len(labels) > 1 else ""
        return labels[0] + more

    def hover(self, lanes: Sequence[str] = ()) -> str:
        """The hover label: every piece of article or user text escaped, joined by ``<br>``.

        ``lanes`` (an actor-filtered chart): the event's chosen actors are listed as
        ``actors``, the others as ``participants``.

        The plain lines are escaped in one pass (fast for 100k events); the only markup in
        the result is ours: ``<b>`` summary, ``<br>`` line breaks, ``<i>`` sentence lines.
        """
        st = style()
        ev = self.event
        lines = [self.date_line()]
        actors = self.actors
        if actors and lanes:
            chosen = [a for a in actors if a["name"] in lanes]
            others = [a for a in actors if a["name"] not in lanes]
            if chosen:
                lines.append("actors: " + _actors_text(chosen))
            if others:
                lines.append("participants: " + _actors_text(others))
        elif actors:
            lines.append("actors: " + self.actors_line())
        if ev.get("location"):
            lines.append(f"location: {ev['location']}")
        kind = type_label(self.type)
        if ev.get("cameo") and ev.get("cameo") != self.type:
            kind += f" ({ev['cameo']})"
        lines.append(f"status: {ev.get('status') or '?'} · {kind}")
        if ev.get("confidence") is not None:
            coder = f" ({ev['coder']})" if ev.get("coder") else ""
            try:
                lines.append(f"confidence: {float(ev['confidence']):.2f}{coder}")
            except (TypeError, ValueError):
                pass
        source = self.source_line()
        if source:
            lines.append("source: " + source)
        width = st["hover_wrap_chars"]
        # every line wrapped, so the label is never wider than ``hover_wrap_chars``
        lines = [w for line in lines for w in (wrap(line, width) if len(line) > width else [line])]
        body = esc("\n".join(lines)).replace("\n", "<br>")
        summary = wrap(" ".join(_clip(self.summary, 160).split()), width) or [""]
        head = "<b>" + "</b><br><b>".join(esc(s) for s in summary) + f"</b><br>{body}"
        sentence = self.sentence
        if not sentence:
            return head
        clipped = _clip(" ".join(sentence.split()), st["hover_sentence_chars"])
        wrapped = esc("\n".join(wrap(f"“{clipped}”", st["hover_wrap_chars"])))
        return head + "<br><i>" + wrapped.replace("\n", "</i><br><i>") + "</i>"


def _actors_text(actors: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(
        f"{a['name']} ({a['role']})" if a.get("role") else str(a["name"]) for a in actors
    )


@cache
def _wrap_re(width: int) -> re.Pattern[str]:
    # up to ``width`` characters ending at a space (or the end), else a too-long word's chunk
    return re.compile(rf"(\S.{{0,{width - 1}}})(?:\s+|$)|(\S{{1,{width}}})")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (textwrap.wrap is ~10x slower, and 100k hovers must stay fast).

    >>> wrap("one two three four", 9)
    ['one two', 'three', 'four']
    >>> wrap("abcdefghij kl", 4)
    ['abcd', 'efgh', 'ij', 'kl']
    """
    return [(m.group(1) or m.group(2)).rstrip() for m in _wrap_re(width).finditer(text)]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _parse(value: Any, event_id: str, key: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"event {event_id}: {key} is not an ISO date: {value!r}") from None


def prepare(events: Iterable[Mapping[str, Any]]) -> list[EventView]:
    """Views of the store's records (or of event dicts, dates parsed); InputError naming the
    event on a bad date."""
    views = []
    for ev in events:
        event_id = str(ev.get("id", "?"))
        if isinstance(ev, EventRecord):  # the store's typed record: dates are dates already
            start, end = ev.start, ev.end or ev.start
        else:  # an event dict (JSON): ISO strings
            start = _parse(ev.get("start"), event_id, "start")
            end = _parse(ev.get("end"), event_id, "end") or start
        if start is None:
            end = None
        elif end is not None and end < start:
            raise InputError(f"event {event_id}: end {end} is before start {start}")
        views.append(
            EventView(
                event=ev,
                id=event_id,
                type=str(ev.get("type") or "unknown"),
                start=start,
                end=end,
                granularity=ev.get("granularity") or ("day" if start else None),
            )
        )
    return views


def order_lanes(lanes_per_event: Iterable[list[str]]) -> list[str]:
    """Lanes by number of events (most first), ties by name: a stable, useful order.

    The catch-all lanes ("(no actor)", "(no country)") always come last.

    >>> order_lanes([["B", "A"], ["A"], [NO_ACTOR], [NO_ACTOR], [NO_ACTOR], ["C"]])
    ['A', 'B', 'C', '(no actor)']
    """
    counts: Counter[str] = Counter()
    for lanes in lanes_per_event:
        counts.update(lanes)
    fallback = {NO_ACTOR, NO_COUNTRY, OTHER_ACTORS}
    return sorted(counts, key=lambda lane: (lane in fallback, -counts[lane], lane))


def check_group_by(group_by: str) -> str:
    g = group_by.strip().lower()
    if g not in GROUP_BYS:
        raise InputError(f"unknown --group-by {group_by!r}: use actor, type or country")
    return g
