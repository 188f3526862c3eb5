"""The timeline chart as a plain plotly figure dict (pure: no I/O, deterministic).

Swimlanes (actor, type or country) on the y axis, time on the x axis. A day-precise event is a
marker; an event known only to the week, month, year ... or spanning several days is a
translucent bar over its whole interval (drawn as one line-segment trace per type, segments
separated by ``None``), with a hover anchor at its middle. Colour = event type. Large sets switch
to WebGL (``scattergl``). Undated events are never drawn (see :mod:`timeline.render.html`).

Each trace carries ``meta = {"kind": "point"|"bar"|"anchor", "type": ...}`` so tests (and users'
scripts) can count what was drawn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from timeline import cameo
from timeline.render.model import EventView, esc, order_lanes, style, type_color, type_label


@dataclass(slots=True)
class _TypeMarks:
    px: list[str] = field(default_factory=list)  # point x (noon of the day)
    py: list[float] = field(default_factory=list)
    ptext: list[Any] = field(default_factory=list)  # hover text, or its index when shared
    bx: list[str | None] = field(default_factory=list)  # bar segments, None-separated
    by: list[float | None] = field(default_factory=list)
    ax: list[str] = field(default_factory=list)  # bar hover anchors (interval middle)
    ay: list[float] = field(default_factory=list)
    atext: list[Any] = field(default_factory=list)
    plo: list[int] = field(default_factory=list)  # day numbers (days since 1970-01-01) of
    phi: list[int] = field(default_factory=list)  # each point / bar, for the page's zoom
    blo: list[int] = field(default_factory=list)
    bhi: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChartInfo:
    """What the chart drew: marks = lane appearances (an event in two lanes counts twice)."""

    events: int
    undated: int
    lanes: list[str]
    points: int
    bars: int
    webgl: bool


def _type_order(type_: str) -> tuple[int, str]:
    roots = cameo.root_codes()
    return (roots.index(type_), type_) if type_ in roots else (len(roots), type_)


def _lane_names(
    lanes: list[str], max_lanes: int, group_by: str
) -> tuple[list[str], dict[str, int]]:
    """Lane index per lane name; lanes past ``max_lanes`` share one "(N other ...)" lane."""
    if len(lanes) <= max_lanes:
        return lanes, {name: i for i, name in enumerate(lanes)}
    kept = lanes[: max_lanes - 1]
    rest = len(lanes) - len(kept)
    noun = {"actor": "actors", "country": "countries", "type": "types"}[group_by]
    shown = [*kept, f"({rest} other {noun})"]
    index = {name: i for i, name in enumerate(kept)}
    for name in lanes[max_lanes - 1 :]:
        index[name] = max_lanes - 1
    return shown, index


def build_figure(
    views: Sequence[EventView],
    *,
    group_by: str = "actor",
    title: str | None = None,
    static: bool = False,
    webgl: bool | None = None,
    hover: str = "inline",
    spans: bool = False,
) -> tuple[dict[str, Any], ChartInfo]:
    """Build the figure dict for ``views`` (from :func:`timeline.render.model.prepare`).

    ``static`` drops the range slider and zoom buttons (for PNG/SVG/PDF). ``webgl`` forces or
    forbids WebGL traces; by default they are used above ``style.json``'s ``webgl_threshold``
    marks. ``title`` is user text and is escaped.

    ``hover``: ``"inline"`` puts the hover texts in each trace (a plain plotly figure);
    ``"shared"`` stores each event's text once in ``figure["hovertexts"]`` and the traces get
    ``hoverrefs`` (indexes) instead, which the HTML page resolves before plotting (an event in
    two lanes is not written twice); ``"none"`` leaves them out (static images).

    ``spans`` adds ``lo``/``hi`` to each trace: the first and last day of each mark as day
    numbers (days since 1970-01-01), which the HTML page uses to pick the marks of a zoomed range.
    """
    if hover not in ("inline", "shared", "none"):
        raise ValueError(f"hover must be inline, shared or none, not {hover!r}")
    texts: list[str] = []
    st = style()
    dated = [v for v in views if v.dated]
    undated = len(views) - len(dated)
    event_lanes = [v.lanes(group_by) for v in dated]
    lanes, lane_index = _lane_names(order_lanes(event_lanes), st["max_lanes"], group_by)

    # Marks that would sit exactly on top of each other (same lane, same day or same interval)
    # are fanned out vertically inside their lane, so none hides another.
    rows_of = [sorted({lane_index[lane] for lane in own}) for own in event_lanes]
    stack_total: Counter[tuple[int, date, date, bool]] = Counter()
    for v, rows in zip(dated, rows_of, strict=True):
        assert v.start is not None and v.end is not None  # dated views only
        for y in rows:
            stack_total[(y, v.start, v.end, v.is_point)] += 1
    stack_seen: Counter[tuple[int, date, date, bool]] = Counter()

    def stacked(y: int, key: tuple[int, date, date, bool]) -> float | int:
        n = stack_total[key]
        if n == 1:
            return y
        k = stack_seen[key]
        stack_seen[key] += 1
        spread = min(0.6, 0.16 * (n - 1))
        return round(y - spread / 2 + k * spread / (n - 1), 3)

    marks: dict[tuple[str, bool], _TypeMarks] = defaultdict(_TypeMarks)
    n_points = n_bars = 0
    for v, rows in zip(dated, rows_of, strict=True):
        assert v.start is not None and v.end is not None
        text: Any = None
        if hover == "inline":
            text = v.hover()
        elif hover == "shared":
            text = len(texts)
            texts.append(v.hover())
        m = marks[(v.type, v.low_confidence)]
        lo, hi = _day_number(v.start), _day_number(v.end)
        if v.is_point:
            x = f"{v.start.isoformat()} 12:00"
            for y in rows:
                m.px.append(x)
                m.py.append(stacked(y, (y, v.start, v.end, True)))
                m.ptext.append(text)
                m.plo.append(lo)
                m.phi.append(hi)
            n_points += len(rows)
        else:
            x0 = v.start.isoformat()
            x1 = (v.end + timedelta(days=1)).isoformat()  # the bar covers the whole last day
            xm = _middle(v.start, v.end)
            for y in rows:
                ys = stacked(y, (y, v.start, v.end, False))
                m.bx.extend((x0, x1, None))
                m.by.extend((ys, ys, None))
                m.ax.append(xm)
                m.ay.append(ys)
                m.atext.append(text)
                m.blo.append(lo)
                m.bhi.append(hi)
            n_bars += len(rows)

    use_gl = webgl if webgl is not None else (n_points + n_bars) > st["webgl_threshold"]
    kind = "scattergl" if use_gl else "scatter"
    traces: list[dict[str, Any]] = []
    for type_, faded in sorted(marks, key=lambda k: (_type_order(k[0]), k[1])):
        m = marks[(type_, faded)]
        full = type_color(type_)
        # low-confidence events are drawn faded (style.json low_confidence, ..._opacity)
        alpha = st["low_confidence_opacity"] if faded else 1.0
        color = _rgba(full, alpha) if faded else full
        name = esc(type_label(type_))
        legend_on_points = bool(m.px)
        if faded and (type_, False) in marks:
            legend_on_points = True  # the full-colour traces carry the legend entry
        if m.bx:
            traces.append(
                {
                    "type": kind,
                    "mode": "lines",
                    "x": m.bx,
                    "y": m.by,
                    "name": name,
                    "legendgroup": type_,
                    "showlegend": not legend_on_points,
                    # translucency in the colour, not the trace: WebGL lines ignore opacity
                    "line": {
                        "color": _rgba(full, st["bar_opacity"] * alpha),
                        "width": st["bar_width_px"],
                    },
                    "connectgaps": False,
                    "hoverinfo": "skip",
                    "meta": {"kind": "bar", "type": type_, "faded": faded},
                }
            )
            traces.append(
                {
                    "type": kind,
                    "mode": "markers",
                    "x": m.ax,
                    "y": m.ay,
                    "name": name,
                    "legendgroup": type_,
                    "showlegend": False,
                    **_hover_keys(hover, m.atext),
                    "marker": {
                        "color": color,
                        "symbol": "line-ns-open",
                        "size": st["bar_width_px"],
                        "line": {"color": color, "width": 2},
                    },
                    "meta": {"kind": "anchor", "type": type_, "faded": faded},
                }
            )
        if m.px:
            traces.append(
                {
                    "type": kind,
                    "mode": "markers",
                    "x": m.px,
                    "y": m.py,
                    "name": name,
                    "legendgroup": type_,
                    "showlegend": not (faded and (type_, False) in marks),
                    **_hover_keys(hover, m.ptext),
                    "marker": {
                        "color": color,
                        "size": st["marker_size_px"],
                        "symbol": "circle",
                        "line": {"color": "#ffffff", "width": 1},
                    },
                    "meta": {"kind": "point", "type": type_, "faded": faded},
                }
            )

    if spans:
        for t in traces:
            m = marks[(t["meta"]["type"], t["meta"]["faded"])]
            t["lo"], t["hi"] = (m.plo, m.phi) if t["meta"]["kind"] == "point" else (m.blo, m.bhi)
    n_lanes = max(len(lanes), 1)
    heading = title if title else _default_title(len(dated))
    xaxis: dict[str, Any] = {
        "type": "date",
        "title": {"text": ""},
        "showgrid": True,
        "gridcolor": "#eeeeee",
    }
    if not static:
        xaxis["rangeslider"] = {"visible": True, "thickness": 0.05}
        xaxis["rangeselector"] = {
            "buttons": [
                {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
                {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
                {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
                {"step": "all", "label": "all"},
            ]
        }
    layout: dict[str, Any] = {
        # title and subtitle at the very top, the zoom buttons below them, above the plot
        "title": {
            "text": esc(heading),
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 14},
        },
        "height": max(420, 230 + st["lane_height_px"] * n_lanes),
        "margin": {"l": 20, "r": 20, "t": 70 if static else 115, "b": 40},
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#ffffff", "font": {"size": 12}},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "xaxis": xaxis,
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": [esc(lane) for lane in lanes],
            "range": [n_lanes - 0.5, -0.5],  # first lane on top
            "automargin": True,
            "showgrid": True,
            "gridcolor": "#f3f3f3",
            "zeroline": False,
        },
        "legend": {"title": {"text": "event type"}, "traceorder": "normal"},
        "showlegend": True,
    }
    if undated:
        where = "not drawn" if static else "listed below the chart"
        layout["title"]["subtitle"] = {
            "text": f"{undated} undated event{'s' if undated != 1 else ''} {where}"
        }
    if dated:
        xaxis["range"] = _x_range(dated)
    info = ChartInfo(
        events=len(dated),
        undated=undated,
        lanes=lanes,
        points=n_points,
        bars=n_bars,
        webgl=use_gl,
    )
    figure: dict[str, Any] = {"data": traces, "layout": layout}
    if hover == "shared":
        figure["hovertexts"] = texts
    return figure, info


def _hover_keys(hover: str, values: list[Any]) -> dict[str, Any]:
    if hover == "inline":
        return {"hovertext": values, "hoverinfo": "text"}
    if hover == "shared":
        return {"hoverrefs": values, "hoverinfo": "text"}
    return {"hoverinfo": "skip"}


def _default_title(n: int) -> str:
    return f"Timeline: {n} dated event{'s' if n != 1 else ''}"


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _x_range(dated: Sequence[EventView]) -> list[str]:
    """The initial x range: all events with a margin of 3% of the span (at least a day)."""
    lo = min(v.start for v in dated if v.start is not None)
    hi = max(v.end for v in dated if v.end is not None) + timedelta(days=1)
    pad = max(timedelta(days=1), (hi - lo) * 0.03)
    return [(lo - pad).isoformat(), (hi + pad).isoformat()]


_EPOCH = date(1970, 1, 1).toordinal()


def _day_number(day: date) -> int:
    return day.toordinal() - _EPOCH


def _middle(start: date, end: date) -> str:
    """The middle of the inclusive interval ``start..end`` (midnight or noon of a day)."""
    days = (end - start).days + 1
    mid = start + timedelta(days=days // 2)
    return mid.isoformat() if days % 2 == 0 else f"{mid.isoformat()} 12:00"


def plot_config(filename: str = "timeline") -> dict[str, Any]:
    """The plotly.js config of the interactive page."""
    return {
        "responsive": True,
        "displaylogo": False,
        "scrollZoom": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
