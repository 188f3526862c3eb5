"""The interactive HTML page: the plotly chart plus the list of undated events.

The page is written by hand rather than by ``plotly.io.to_html`` so that it is deterministic
(no random div ids) and every piece of text is escaped for the context it lands in:
figure JSON inside ``<script>`` has ``<``, ``>``, ``&`` and the JS line separators as ``\\uXXXX``
escapes; text in the page body goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from timeline.render.chart import build_figure, plot_config
from timeline.render.model import EventView, type_label

CDN_URL = "https://cdn.plot.ly/plotly-{version}.min.js"

_SCRIPT_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 1rem;
  color: #222; }
#timeline-chart { width: 100%; }
h2 { font-size: 1.05rem; margin-top: 1.5rem; }
table.undated { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
table.undated th, table.undated td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem;
  text-align: left; vertical-align: top; }
table.undated td.sentence { color: #555; font-style: italic; }
p.note { color: #666; font-size: 0.8rem; }
"""


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _SCRIPT_SAFE:  # str.replace is ~30x faster than str.translate here
        text = text.replace(char, escape)
    return text


@cache
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def plotly_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def render_html(
    views: Sequence[EventView],
    *,
    group_by: str = "actor",
    title: str | None = None,
    cdn: bool = False,
    webgl: bool | None = None,
) -> str:
    """The whole page as a string. ``cdn`` links plotly.js instead of inlining it (~4.7 MB)."""
    figure, info = build_figure(views, group_by=group_by, title=title, webgl=webgl, hover="shared")
    page_title = html.escape(title or "timeline")
    if cdn:
        lib = f'<script src="{CDN_URL.format(version=plotly_version())}" charset="utf-8"></script>'
    else:
        lib = f'<script type="text/javascript">{plotly_js()}</script>'
    undated = [v for v in views if not v.dated]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="timeline">',
        f"<title>{page_title}</title>",
        f"<style>{_CSS}</style>",
        lib,
        "</head>",
        "<body>",
        '<div id="timeline-chart" class="timeline-chart"></div>',
        '<script type="text/javascript">',
        "(function () {",
        f"  var figure = {script_json(figure)};",
        "  var texts = figure.hovertexts;",
        "  figure.data.forEach(function (t) {",
        "    if (t.hoverrefs) {",
        "      t.hovertext = t.hoverrefs.map(function (i) { return texts[i]; });",
        "      delete t.hoverrefs;",
        "    }",
        "  });",
        f"  var config = {script_json(plot_config())};",
        "  Plotly.newPlot('timeline-chart', figure.data, figure.layout, config);",
        "})();",
        "</script>",
        _legend_note(info.events, info.points, info.bars),
        _undated_section(undated),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _legend_note(events: int, points: int, bars: int) -> str:
    return (
        '<p class="note">Dots are events known to the day; translucent bars span the whole '
        "interval of events known only to the week, month, quarter or year (or lasting several "
        f"days). {events} dated events drawn as {points} dots and {bars} bars (an event with "
        "several actors appears in each of their lanes).</p>"
    )


def _undated_section(undated: Sequence[EventView]) -> str:
    if not undated:
        return ""
    n = len(undated)
    rows = []
    for v in undated:
        cells = [
            html.escape(v.id),
            html.escape(type_label(v.type)),
            html.escape(v.summary),
            html.escape(v.actors_line()),
            html.escape(str(v.event.get("location") or "")),
            html.escape(str(v.event.get("status") or "")),
            html.escape(v.source_line()),
        ]
        tds = "".join(f"<td>{c}</td>" for c in cells)
        rows.append(f'<tr>{tds}<td class="sentence">{html.escape(v.sentence or "")}</td></tr>')
    head = "".join(
        f"<th>{h}</th>"
        for h in ("id", "type", "summary", "actors", "location", "status", "source", "sentence")
    )
    is_open = " open" if n <= 200 else ""
    return (
        f'<details id="undated"{is_open}><summary><h2 style="display:inline">{n} undated '
        f"event{'s' if n != 1 else ''} (no date in the source; not drawn)</h2></summary>\n"
        f'<table class="undated"><thead><tr>{head}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></details>"
    )
