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
from timeline.render.model import EventView, esc, order_lanes, style, type_colors, type_label


@dataclass(slots=True)
class _TypeMarks:
    px: list[str] = field(default_factory=list)  # point x (noon of the day)
    py: list[float] = field(default_factory=list)
    ptext: list[Any] = field(default_factory=list)  # hover text, or its index when shared
    plabel: list[str] = field(default_factory=list)  # the mark's short label ("" = hidden)
    alabel: list[str] = field(default_factory=list)
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
    labels: int = 0  # marks with a visible short label
    focus: tuple[str, str] | None = None  # the initial x range when a wide gap is skipped
    outside_focus: int = 0  # dated events outside that initial range


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
    actors: Sequence[str] = (),
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

    ``actors`` (an actor-filtered export, ``group_by="actor"``: the canonical names its
    ``--actor``/``--country`` resolve to, ``Store.chosen_actors``): only these actors' lanes
    are drawn; the other actors show as participants in the hover.

    Marks carry a short label (type + main actor) while their lane has at most
    ``label_max_per_lane`` marks; planned events are hollow dots / dotted bars (with a legend
    entry); each type present gets its own colour; when the events sit in clusters years
    apart, the initial range is the busiest cluster (the subtitle says so; "all" shows all),
    in a static image too (its subtitle says how many events it leaves out).
    """
    if hover not in ("inline", "shared", "none"):
        raise ValueError(f"hover must be inline, shared or none, not {hover!r}")
    texts: list[str] = []
    st = style()
    dated = [v for v in views if v.dated]
    undated = len(views) - len(dated)
    focus = list(actors) if group_by == "actor" else []
    event_lanes = [v.focus_lanes(focus) if focus else v.lanes(group_by) for v in dated]
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

    # short labels where they fit: lanes with few marks, small SVG charts only
    per_lane: Counter[int] = Counter(y for rows in rows_of for y in rows)
    label_on = not spans  # a levels-of-detail page (huge) draws no labels
    label_max = st["label_max_per_lane"] if label_on else 0
    n_labels = 0

    marks: dict[tuple[str, bool, bool], _TypeMarks] = defaultdict(_TypeMarks)
    n_points = n_bars = 0
    for v, rows, own in zip(dated, rows_of, event_lanes, strict=True):
        assert v.start is not None and v.end is not None
        text: Any = None
        lanes_of = own if focus else ()
        if hover == "inline":
            text = v.hover(lanes_of)
        elif hover == "shared":
            text = len(texts)
            texts.append(v.hover(lanes_of))
        label = esc(v.short_label()) if label_max else ""
        m = marks[(v.type, v.low_confidence, v.planned)]
        lo, hi = _day_number(v.start), _day_number(v.end)
        if v.is_point:
            x = f"{v.start.isoformat()} 12:00"
            for y in rows:
                m.px.append(x)
                m.py.append(stacked(y, (y, v.start, v.end, True)))
                m.ptext.append(text)
                shown = label if per_lane[y] <= label_max else ""
                m.plabel.append(shown)
                n_labels += bool(shown)
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
                shown = label if per_lane[y] <= label_max else ""
                m.alabel.append(shown)
                n_labels += bool(shown)
                m.blo.append(lo)
                m.bhi.append(hi)
            n_bars += len(rows)

    use_gl = webgl if webgl is not None else (n_points + n_bars) > st["webgl_threshold"]
    kind = "scattergl" if use_gl else "scatter"
    traces: list[dict[str, Any]] = []
    colours = type_colors(k[0] for k in marks)
    labelled = n_labels > 0 and not use_gl  # WebGL text is slow and blurry: no labels there
    for type_, faded, planned in sorted(marks, key=lambda k: (_type_order(k[0]), k[1], k[2])):
        m = marks[(type_, faded, planned)]
        full = colours[type_]
        # low-confidence events are drawn faded (style.json low_confidence, ..._opacity)
        alpha = st["low_confidence_opacity"] if faded else 1.0
        color = _rgba(full, alpha) if faded else full
        name = esc(type_label(type_))
        meta = {"type": type_, "faded": faded, "planned": planned}
        if m.bx:
            traces.append(
                {
                    "type": kind,
                    "mode": "lines",
                    "x": m.bx,
                    "y": m.by,
                    "name": name,
                    "legendgroup": type_,
                    "showlegend": False,
                    # translucency in the colour, not the trace: WebGL lines ignore opacity
                    "line": {
                        "color": _rgba(full, st["bar_opacity"] * alpha),
                        "width": st["bar_width_px"],
                        **({"dash": "dot"} if planned else {}),
                    },
                    "connectgaps": False,
                    "hoverinfo": "skip",
                    "meta": {"kind": "bar", **meta},
                }
            )
            anchor: dict[str, Any] = {
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
                "meta": {"kind": "anchor", **meta},
            }
            if labelled and any(m.alabel):
                _add_labels(anchor, m.alabel, st)
            traces.append(anchor)
        if m.px:
            point: dict[str, Any] = {
                "type": kind,
                "mode": "markers",
                "x": m.px,
                "y": m.py,
                "name": name,
                "legendgroup": type_,
                "showlegend": False,
                **_hover_keys(hover, m.ptext),
                "marker": {
                    "color": color,
                    "size": st["marker_size_px"],
                    # a planned event: a hollow ring in the type's colour
                    "symbol": "circle-open" if planned else "circle",
                    "line": {"color": color, "width": 2}
                    if planned
                    else {"color": "#ffffff", "width": 1},
                },
                "meta": {"kind": "point", **meta},
            }
            if labelled and any(m.plabel):
                _add_labels(point, m.plabel, st)
            traces.append(point)
    # one legend entry per type, on its most typical trace (a full-colour happened dot first)
    carriers: dict[str, dict[str, Any]] = {}
    for t in sorted(
        (t for t in traces if t["meta"]["kind"] != "anchor"),
        key=lambda t: (t["meta"]["kind"] != "point", t["meta"]["faded"], t["meta"]["planned"]),
    ):
        carriers.setdefault(t["meta"]["type"], t)
    for t in carriers.values():
        t["showlegend"] = True
    if any(k[2] for k in marks):
        traces.append(_planned_legend(kind, st))

    if spans:
        for t in traces:
            if t["meta"]["kind"] == "legend":
                t["lo"], t["hi"] = [], []
                continue
            m = marks[(t["meta"]["type"], t["meta"]["faded"], t["meta"]["planned"])]
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
        # never cut: lines are wrapped in Python (hover_wrap_chars), names never truncated
        "hoverlabel": {
            "align": "left",
            "bgcolor": "#ffffff",
            "font": {"size": 12},
            "namelength": -1,
        },
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
    notes = []
    if undated:
        where = "not drawn" if static else "listed below the chart"
        notes.append(f"{undated} undated event{'s' if undated != 1 else ''} {where}")
    focus_range: tuple[str, str] | None = None
    outside = 0
    if dated:
        xaxis["range"] = _x_range(dated)
        # the same focus on the page and in a static image (which says what it leaves out)
        cluster = None if spans else _busiest_cluster(dated, st)
        if cluster is not None:
            inside, lo_day, hi_day = cluster
            outside = len(dated) - len(inside)
            xaxis["range"] = _x_range(inside)
            focus_range = (xaxis["range"][0], xaxis["range"][1])
            shown = (
                f"showing {lo_day.year}–{hi_day.year} ({len(inside)} of {len(dated)} dated events"
            )
            if static:
                first = min(v.start for v in dated if v.start is not None)
                last = max(v.end for v in dated if v.end is not None)
                notes.append(
                    f"{shown}; {outside} more, years away, not shown: all events span "
                    f"{first.year}–{last.year})"
                )
            else:
                notes.append(f"{shown}; {outside} more years away): press “all” to see every year")
    if notes:
        layout["title"]["subtitle"] = {"text": " · ".join(notes)}
    if static and labelled:  # no script runs in an image: place the labels here
        layout["width"] = STATIC_WIDTH
        n_labels = _place_static_labels(traces, layout, st)
    info = ChartInfo(
        events=len(dated),
        undated=undated,
        lanes=lanes,
        points=n_points,
        bars=n_bars,
        webgl=use_gl,
        labels=n_labels if labelled else 0,
        focus=focus_range,
        outside_focus=outside,
    )
    figure: dict[str, Any] = {"data": traces, "layout": layout}
    if hover == "shared":
        figure["hovertexts"] = texts
    return figure, info


#: The width of a static image (PNG/SVG/PDF), in pixels.
STATIC_WIDTH = 1400
_CHAR_EM = 0.55  # a generous average character width of the label font, in ems
_CELL_PX = 64  # the column width of the label placement's index


def _place_static_labels(
    traces: list[dict[str, Any]], layout: dict[str, Any], st: dict[str, Any]
) -> int:
    """Labels of a static image, placed as the page's ``LABELS_JS`` places them (no script
    runs in an image): in date order, above the mark, else below it, nudged inward at the
    plot's edges; a label that would overlap one already placed or a mark is dropped. Pixel
    boxes are estimated from the layout (generously). Returns the labels kept."""
    font = st["label_font_px"]
    radius = st["marker_size_px"] / 2
    width = float(layout["width"])
    height = float(layout["height"])
    margin = layout["margin"]
    lanes = layout["yaxis"]["ticktext"]
    legend = [t["name"] for t in traces if t.get("showlegend")]
    legend_w = 60 + _CHAR_EM * 12 * max((len(n) for n in legend), default=0)
    left = margin["l"] + 12 + _CHAR_EM * 12 * max((len(n) for n in lanes), default=0)
    right = width - margin["r"] - legend_w
    top = margin["t"]
    bottom = height - margin["b"] - 22  # the x axis tick labels
    lo, hi = (_day_value(v) for v in layout["xaxis"]["range"])
    n = max(len(lanes), 1)

    def px(x: str, y: float) -> tuple[float, float]:
        return (
            left + (right - left) * (_day_value(x) - lo) / (hi - lo),
            top + (bottom - top) * (y + 0.5) / n,
        )

    marks: list[tuple[float, float, dict[str, Any], int]] = []
    # every placed label and every mark, in square cells of the plot: a box is checked
    # against the few in its cells only (thousands of marks stay fast)
    taken: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def cells(box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        x0, x1, y0, y1 = box
        xs = range(int((x0 - 2) // _CELL_PX), int((x1 + 2) // _CELL_PX) + 1)
        ys = range(int((y0 - 2) // _CELL_PX), int((y1 + 2) // _CELL_PX) + 1)
        return [(i, j) for i in xs for j in ys]

    def take(box: tuple[float, float, float, float]) -> None:
        for c in cells(box):
            taken[c].append(box)

    for t in traces:
        if t["meta"]["kind"] not in ("point", "anchor") or not t["x"] or t["x"][0] is None:
            continue
        for i, (x, y) in enumerate(zip(t["x"], t["y"], strict=True)):
            cx, cy = px(x, y)
            take((cx - radius, cx + radius, cy - radius, cy + radius))
            if t.get("text") and t["text"][i]:
                marks.append((cx, cy, t, i))

    def free(box: tuple[float, float, float, float]) -> bool:
        x0, x1, y0, y1 = box
        if x0 < left or x1 > right or y0 < top or y1 > bottom:
            return False
        return not any(
            x0 < o[1] + 2 and o[0] < x1 + 2 and y0 < o[3] + 2 and o[2] < y1 + 2
            for c in cells(box)
            for o in taken.get(c, ())
        )

    for t in traces:
        if t.get("text"):
            t["textposition"] = ["top center"] * len(t["text"])
    kept = 0
    label_h = font * 1.25
    for cx, cy, t, i in sorted(marks, key=lambda m: (m[0], m[1])):
        w = _CHAR_EM * font * len(str(t["text"][i])) + 4
        box = None
        for align, x0 in (("center", cx - w / 2), ("right", cx + 2), ("left", cx - 2 - w)):
            for side, y0 in (("top", cy - radius - 2 - label_h), ("bottom", cy + radius + 2)):
                if free(b := (x0, x0 + w, y0, y0 + label_h)):
                    box = (f"{side} {align}", b)
                    break
            if box:
                break
        if box is None:
            t["text"][i] = ""
            continue
        t["textposition"][i] = box[0]
        take(box[1])
        kept += 1
    for t in traces:
        if t.get("text") and not any(t["text"]):
            t["mode"] = "markers"
            for k in ("text", "textposition", "textfont"):
                t.pop(k, None)
    return kept


def _day_value(x: str) -> float:
    """A plotly date string ("2021-03-10", "2021-03-10 12:00") as a fractional day number."""
    day = date.fromisoformat(x[:10]).toordinal()
    if len(x) > 10:
        hours, _, minutes = x[11:].partition(":")
        return day + (int(hours) + int(minutes or 0) / 60) / 24
    return float(day)


def _hover_keys(hover: str, values: list[Any]) -> dict[str, Any]:
    if hover == "inline":
        return {"hovertext": values, "hoverinfo": "text"}
    if hover == "shared":
        return {"hoverrefs": values, "hoverinfo": "text"}
    return {"hoverinfo": "skip"}


def _add_labels(trace: dict[str, Any], labels: list[str], st: dict[str, Any]) -> None:
    trace["mode"] = "markers+text"
    trace["text"] = labels
    trace["textposition"] = "top center"
    trace["textfont"] = {"size": st["label_font_px"], "color": "#333333"}


def _planned_legend(kind: str, st: dict[str, Any]) -> dict[str, Any]:
    """A legend-only trace explaining the hollow dots / dotted bars of planned events."""
    return {
        "type": kind,
        "mode": "markers",
        "x": [None],
        "y": [None],
        "name": "planned (hollow dot, dotted bar)",
        "legendgroup": "planned",
        "showlegend": True,
        "hoverinfo": "skip",
        "marker": {
            "color": "#555555",
            "size": st["marker_size_px"],
            "symbol": "circle-open",
            "line": {"color": "#555555", "width": 2},
        },
        "meta": {"kind": "legend", "type": None, "faded": False, "planned": True},
    }


def _busiest_cluster(
    dated: Sequence[EventView], st: dict[str, Any]
) -> tuple[list[EventView], date, date] | None:
    """Split the events at empty gaps of at least ``gap_focus_years`` years that are also at
    least ``gap_focus_share`` of the whole span; the cluster with the most events (None when
    there is no such gap)."""
    order = sorted(dated, key=lambda v: (v.start, v.end))
    first = order[0].start
    last = max(v.end for v in order if v.end is not None)
    assert first is not None
    span = (last - first).days
    min_gap = max(365.25 * st["gap_focus_years"], span * st["gap_focus_share"])
    clusters: list[list[EventView]] = [[order[0]]]
    reach = order[0].end
    assert reach is not None
    for v in order[1:]:
        assert v.start is not None and v.end is not None
        if (v.start - reach).days >= min_gap:
            clusters.append([])
        clusters[-1].append(v)
        reach = max(reach, v.end)
    if len(clusters) == 1:
        return None
    best = max(clusters, key=len)  # the earliest of equally busy clusters
    lo = best[0].start
    hi = max(v.end for v in best if v.end is not None)
    assert lo is not None
    return best, lo, hi


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


#: The page's mark-label placement (plain JS, defines ``placeLabels(gd)``; run after every
#: redraw: load, zoom, resize). Label pixel sizes depend on the viewport, so this is done in
#: the browser: in date order, each label stays where plotly put it (above its mark) or flips
#: below it, shifted sideways to stay inside the plot; a label that would overlap a label
#: already placed, or another mark, or not fit, is hidden (its mark keeps its hover). A title
#: or subtitle wider than the chart (a phone) is wrapped first, the chart growing to fit.
LABELS_JS = r"""
  var measure = document.createElement('canvas').getContext('2d');
  function wrapLabel(text, el, width) {  // plotly label text (escaped) -> lines that fit
    var cs = getComputedStyle(el), lines = [], line = '';
    measure.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
    function size(t) {
      return measure.measureText(
        t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).width;
    }
    text.split(' ').forEach(function (w) {
      var next = line ? line + ' ' + w : w;
      if (line && size(next) > width) { lines.push(line); line = w; } else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }
  // A title or subtitle wider than the chart (a phone) is wrapped over several lines and
  // the plot moves down to make room; a wider window unwraps it. True when it relayouts.
  function fitTitles(gd) {
    var lay = gd.layout, title = lay.title || {}, sub = title.subtitle || {};
    if (!gd._tlTitles) gd._tlTitles = {title: title.text || '', sub: sub.text || '',
                                       top: lay.margin.t, height: lay.height,
                                       pad: (title.pad || {}).t || 0};
    var o = gd._tlTitles, width = gd.clientWidth - 24, update = {}, extra = 0, grow = 0;
    [['title.text', o.title, '.gtitle', title.text, 22],
     ['title.subtitle.text', o.sub, '.gtitle-subtitle', sub.text, 16]].forEach(function (p) {
      var el = gd.querySelector('.infolayer ' + p[2]);
      if (!p[1] || !el) return;
      var lines = wrapLabel(p[1], el, width), want = lines.join('<br>');
      extra += (lines.length - 1) * p[4];
      if (p[2] === '.gtitle') grow = (lines.length - 1) * p[4] / 2;  // it grows both ways
      if (want !== p[3]) update[p[0]] = want;
    });
    if (!Object.keys(update).length) return false;
    update['margin.t'] = o.top + extra;
    update.height = o.height + extra;  // the plot keeps its size
    update.autosize = true;  // (a new height would stop plotly following the window width)
    update['title.pad.t'] = o.pad + grow;
    Plotly.relayout(gd, update);
    return true;
  }
  function placeLabels(gd) {
    var PAD = 1;
    function hits(b, boxes) {
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (b.l < o.r + PAD && o.l < b.r + PAD && b.t < o.b + PAD && o.t < b.b + PAD) return true;
      }
      return false;
    }
    function pass() {
      if (fitTitles(gd)) return;  // its redraw runs this again
      var drag = gd.querySelector('.draglayer .xy .nsewdrag');
      if (!drag) return;
      var a = drag.getBoundingClientRect();
      var groups = Array.prototype.slice.call(gd.querySelectorAll(
        '.cartesianlayer .subplot.xy .scatterlayer .textpoint'));
      groups.forEach(function (g) {  // undo the previous pass (plotly reuses the nodes)
        var mine = g.getAttribute('data-tl-set');
        if (mine !== null && g.getAttribute('transform') === mine)
          g.setAttribute('transform', g.getAttribute('data-tl-base'));
        g.removeAttribute('data-tl-set');
        g.removeAttribute('data-hidden');
        g.style.display = '';
      });
      var dots = [];
      gd.querySelectorAll('.cartesianlayer .subplot.xy .scatterlayer .point').forEach(
        function (p) {
          var r = p.getBoundingClientRect();
          if (r.width) dots.push({l: r.left, r: r.right, t: r.top, b: r.bottom});
        });
      var items = [];
      groups.forEach(function (g) {
        var t = g.querySelector('text'), r = t && t.textContent ? t.getBoundingClientRect()
                                                                 : null;
        if (!r || !r.width) return;
        var my = a.top + parseFloat(t.getAttribute('y')), mx = a.left + parseFloat(
          t.getAttribute('x'));
        items.push({g: g, r: r, my: my, mx: mx});
      });
      items.sort(function (p, q) { return p.mx - q.mx || p.my - q.my; });
      var placed = [];
      items.forEach(function (it) {
        var r = it.r, flip = 2 * (it.my - (r.top + r.bottom) / 2), found = null;
        [0, flip].some(function (dy) {
          var dx = 0;
          if (r.left < a.left) dx = a.left - r.left;
          else if (r.right > a.right) dx = a.right - r.right;
          var b = {l: r.left + dx, r: r.right + dx, t: r.top + dy, b: r.bottom + dy};
          if (b.l < a.left - 0.5 || b.r > a.right + 0.5 || b.t < a.top - 0.5 ||
              b.b > a.bottom + 0.5 || hits(b, placed) || hits(b, dots)) return false;
          found = {dx: dx, dy: dy, box: b};
          return true;
        });
        var g = it.g;
        if (!found) {
          g.style.display = 'none';
          g.setAttribute('data-hidden', '1');
          return;
        }
        placed.push(found.box);
        var base = g.getAttribute('transform') || '';
        g.setAttribute('data-tl-base', base);
        if (found.dx || found.dy) {
          var set = (base + ' translate(' + found.dx.toFixed(2) + ',' + found.dy.toFixed(2) +
                     ')').trim();
          g.setAttribute('transform', set);
          g.setAttribute('data-tl-set', set);
        }
      });
      gd.setAttribute('data-labels', String(placed.length));
    }
    gd.on('plotly_afterplot', pass);
    pass();
  }
"""


def plot_config(filename: str = "timeline") -> dict[str, Any]:
    """The plotly.js config of the interactive page."""
    return {
        "responsive": True,
        "displaylogo": False,
        "scrollZoom": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
