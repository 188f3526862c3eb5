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
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from timeline.render.chart import LABELS_JS, build_figure, plot_config
from timeline.render.model import EventView, style, type_label

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

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
p.focus button, .table-tools input { font: inherit; font-size: 0.85rem; }
.table-tools { display: flex; gap: 0.75rem; align-items: center; margin: 0.5rem 0; }
.table-tools input { width: min(28rem, 100%); padding: 0.25rem 0.4rem; }
table.events { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
table.events th, table.events td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem;
  text-align: left; vertical-align: top; }
table.events td.date { white-space: nowrap; }
table.events tr.planned td.date::after { content: " (planned)"; color: #666; }
"""

#: The table search (plain JS, no library): rows whose text contains every typed word stay.
#: Event delegation, so it works whatever the order of the page's parts.
_TABLE_JS = r"""
  document.addEventListener('input', function (ev) {
    if (!ev.target || ev.target.id !== 'timeline-search') return;
    var words = ev.target.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    var rows = document.querySelectorAll('#timeline-events tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (r._text === undefined) r._text = r.textContent.toLowerCase();
      var ok = words.every(function (w) { return r._text.indexOf(w) !== -1; });
      r.style.display = ok ? '' : 'none';
      if (ok) shown += 1;
    }
    var count = document.getElementById('timeline-search-count');
    count.textContent = shown + ' of ' + rows.length + ' shown' + (count.dataset.of || '');
  });
  document.addEventListener('click', function (ev) {
    if (!ev.target || ev.target.id !== 'timeline-show-all') return;
    Plotly.relayout(document.getElementById('timeline-chart'), {'xaxis.autorange': true});
  });
"""


#: The page's own script (no data in it). Small sets are plotted as built. Above style.json's
#: ``lod_threshold`` marks the page has levels of detail: while the visible range holds more than
#: ``lod_max_marks`` marks it draws one density heatmap (marks per lane and period, a few hundred
#: cells per lane: fast without a GPU); zoomed in, it draws the marks of that range only, as SVG,
#: with their hover texts. The hover texts of such a page sit in inert JSON script elements at
#: the end of the page, in chunks of events (sorted by date) parsed only when marks of that chunk
#: are drawn, so they delay neither the first paint nor a zoom.
_PAGE_JS = r"""
  var texts = figure.hovertexts || null, lod = figure.lod;
  var gd = document.getElementById('timeline-chart');
  if (!lod) {
    figure.data.forEach(function (t) {
      if (t.hoverrefs) {
        t.hovertext = t.hoverrefs.map(function (i) { return texts[i]; });
        delete t.hoverrefs;
      }
    });
    Plotly.newPlot('timeline-chart', figure.data, figure.layout, config).then(function () {
      placeLabels(gd);
    });
    return;
  }
  var DAY = 86400000;
  function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
  function isoTime(d) {
    return new Date(Math.round(d * DAY)).toISOString().slice(0, 19).replace('T', ' ');
  }
  function middle(lo, hi) {  // as the Python chart: the middle of the inclusive interval
    var days = hi - lo + 1, mid = lo + Math.floor(days / 2);
    return days % 2 === 0 ? iso(mid) : iso(mid) + ' 12:00';
  }
  function toDays(v) {  // an axis range value (date string or ms) as fractional day number
    if (typeof v === 'number') return v / DAY;
    var m = String(v).match(/^(-?\d+)-(\d+)-(\d+)(?:[ T](\d+)(?::(\d+)(?::(\d+(?:\.\d*)?))?)?)?/);
    if (!m) return NaN;
    return (Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), 0) +
            1000 * +(m[6] || 0)) / DAY;
  }
  var chunks = [], chunkSize = lod.chunk;
  function hoverText(i) {  // parse the chunk of hover texts that holds event i, once
    var c = Math.floor(i / chunkSize);
    if (chunks[c] === undefined) {
      var el = document.getElementById('timeline-hovertexts-' + c);
      chunks[c] = JSON.parse(el.textContent);
      el.textContent = '';
    }
    return chunks[c][i - c * chunkSize];
  }
  function marksOf(t, keep) {
    var o = {}, k, kind = t.meta.kind;
    for (k in t) if (k !== 'lo' && k !== 'hi' && k !== 'hoverrefs' && k !== 'y') o[k] = t[k];
    var x = [], y = [], h = [], refs = t.hoverrefs;
    keep.forEach(function (i) {
      var lo = t.lo[i], hi = t.hi[i];
      if (kind === 'bar') {
        x.push(iso(lo), iso(hi + 1), null);  // the bar covers the whole last day
        y.push(t.y[i], t.y[i], null);
      } else {
        x.push(kind === 'point' ? iso(lo) + ' 12:00' : middle(lo, hi));
        y.push(t.y[i]);
        if (refs) h.push(hoverText(refs[i]));
      }
    });
    o.x = x;
    o.y = y;
    if (refs) o.hovertext = h;
    return o;
  }
  var full = figure.layout.xaxis.range.slice(), lanes = figure.layout.yaxis.ticktext;
  var layout = figure.layout;
  layout.xaxis.rangeslider.range = full.slice();
  layout.xaxis.rangeslider.autorange = false;
  function density(a, b) {  // marks per lane and period over a..b (day numbers)
    var nb = lod.bins, w = (b - a) / nb, z = [], text = [], L = lanes.length, li, k;
    for (li = 0; li < L; li++) z.push(new Array(nb).fill(0));
    figure.data.forEach(function (t) {
      if (t.meta.kind === 'anchor') return;  // a bar is counted once, by its segment
      for (var i = 0; i < t.lo.length; i++) {
        var lo = t.lo[i], hi = t.hi[i] + 1;
        if (hi <= a || lo >= b) continue;
        var row = z[Math.round(t.y[i])];
        var k0 = Math.max(0, Math.floor((lo - a) / w));
        var k1 = Math.min(nb - 1, Math.floor((Math.min(hi, b) - a) / w - 1e-9));
        for (k = k0; k <= k1; k++) row[k] += 1;
      }
    });
    var x = [];
    for (k = 0; k < nb; k++) x.push(isoTime(a + (k + 0.5) * w));
    for (li = 0; li < L; li++) {
      var row = z[li], tr = [];
      for (k = 0; k < nb; k++) {
        if (row[k] === 0) { row[k] = null; tr.push(''); continue; }
        tr.push('<b>' + lanes[li] + '</b><br>' + row[k] + ' event' + (row[k] === 1 ? '' : 's') +
                ' in ' + iso(Math.floor(a + k * w)) + ' – ' + iso(Math.floor(a + (k + 1) * w)) +
                '<br><i>zoom in to see each event</i>');
      }
      text.push(tr);
    }
    return {
      type: 'heatmap', x: x, y: lanes.map(function (_, i) { return i; }), z: z, text: text,
      hoverinfo: 'text', ygap: 2, showscale: false, zmin: 0,
      colorscale: [[0, '#c6dbef'], [0.25, '#6baed6'], [0.6, '#2171b5'], [1, '#08306b']],
      name: 'events per period', meta: {kind: 'density'}
    };
  }
  var busy = false, revision = 0;
  function draw(range) {
    var a = toDays(range[0]), b = toDays(range[1]), picked = [], total = 0;
    figure.data.forEach(function (t) {
      var keep = [];
      for (var i = 0; i < t.lo.length; i++) if (t.lo[i] < b && t.hi[i] + 1 > a) keep.push(i);
      if (t.meta.kind !== 'anchor') total += keep.length;
      picked.push(keep);
    });
    var view = total > lod.max_marks ? 'density' : 'marks', data;
    if (view === 'marks' && document.readyState === 'loading') {  // hover texts still loading
      document.addEventListener('DOMContentLoaded', function () { draw(range); });
      view = 'density';
    }
    if (view === 'density') {
      data = [density(a, b)];
    } else {
      data = [];
      figure.data.forEach(function (t, j) {
        if (picked[j].length) data.push(marksOf(t, picked[j]));
      });
    }
    revision += 1;
    var lay = Object.assign({}, layout, {
      showlegend: view === 'marks', datarevision: revision,
      xaxis: Object.assign({}, layout.xaxis, {range: range.slice(), autorange: false})
    });
    gd.setAttribute('data-view', view);
    gd.setAttribute('data-marks', String(total));
    busy = true;
    return Promise.resolve(Plotly.react(gd, data, lay, config)).then(
      function () { busy = false; }, function () { busy = false; });
  }
  draw(full).then(function () {
    gd.on('plotly_relayout', function (ev) {
      if (busy) return;
      if (ev['xaxis.autorange']) { draw(full); return; }
      var r = ev['xaxis.range'] ||
              (ev['xaxis.range[0]'] !== undefined ? [ev['xaxis.range[0]'], ev['xaxis.range[1]']]
                                                   : null);
      if (r) draw(r);
    });
  });
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
    actors: Sequence[str] = (),
) -> str:
    """The whole page as a string. ``cdn`` links plotly.js instead of inlining it (~4.7 MB)."""
    st = style()
    marks = sum(len(v.lanes(group_by)) for v in views if v.dated)
    lod = marks > st["lod_threshold"] and webgl is None
    if lod:  # hover texts in date order, so that a zoomed range needs few of their chunks
        views = sorted(views, key=lambda v: (v.start is None, v.start or date.min))
    figure, info = build_figure(
        views,
        group_by=group_by,
        title=title,
        webgl=False if lod else webgl,
        hover="shared",
        spans=lod,
        actors=actors,
    )
    hover_json = ""
    if lod:
        chunk = st["lod_hover_chunk"]
        figure["lod"] = {"max_marks": st["lod_max_marks"], "bins": st["lod_bins"], "chunk": chunk}
        for t in figure["data"]:  # the page rebuilds x from the day numbers lo/hi
            del t["x"]
            if t["meta"]["kind"] == "bar":
                t["y"] = t["y"][0::3]
        texts = figure.pop("hovertexts")
        hover_json = "\n".join(
            f'<script type="application/json" id="timeline-hovertexts-{i // chunk}">'
            f"{script_json(texts[i : i + chunk])}</script>"
            for i in range(0, len(texts), chunk)
        )
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
        f"  var config = {script_json(plot_config())};",
        _TABLE_JS,
        LABELS_JS,
        _PAGE_JS,
        "})();",
        "</script>",
        _focus_note(info.outside_focus),
        _legend_note(info.events, info.points, info.bars),
        _undated_section(undated),
        _events_table(views, st["table_max_rows"]),
        hover_json,
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


def _focus_note(outside: int) -> str:
    if not outside:
        return ""
    return (
        f'<p class="note focus">The chart opens on its busiest years: {outside} '
        f"event{'s' if outside != 1 else ''} lie years away. "
        '<button type="button" id="timeline-show-all">Show all years</button></p>'
    )


_SAFE_SCHEMES = ("http://", "https://")


def _source_links(v: EventView) -> str:
    """The event's sources, escaped; an http(s) address is a link (no other scheme is)."""
    out: dict[str, None] = {}
    for m in v.mentions:
        label = str(m.get("source") or m.get("title") or m.get("document") or "source")
        if m.get("published"):
            label += f", {m['published']}"
        url = str(m.get("url") or "")
        if url.lower().startswith(_SAFE_SCHEMES):
            out.setdefault(
                f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer" '
                f'target="_blank">{html.escape(label)}</a>'
            )
        else:
            out.setdefault(html.escape(label))
    if not out and v.event.get("origin") == "manual":
        return "manual"
    return "<br>".join(out)


def _events_table(views: Sequence[EventView], limit: int) -> str:
    """Every event (date order, undated last) in a table with a search box."""
    order = sorted(views, key=lambda v: (v.start is None, v.start or date.min, v.end or date.min))
    n = len(order)
    rows = []
    for v in order[:limit]:
        if v.start is None or v.end is None:
            when = "undated"
        else:
            when = v.start.isoformat()
            if v.end != v.start:
                when += f" – {v.end.isoformat()}"
            if (v.granularity or "day") != "day":
                when += f" ({v.granularity})"
        cells = (
            f'<td class="date">{html.escape(when)}</td>',
            f"<td>{html.escape(type_label(v.type))}</td>",
            f"<td>{html.escape(v.actors_line())}</td>",
            f"<td>{html.escape(str(v.event.get('location') or ''))}</td>",
            f"<td>{html.escape(v.summary)}</td>",
            f'<td class="sources">{_source_links(v)}</td>',
        )
        cls = ' class="planned"' if v.planned else ""
        rows.append(f'<tr data-id="{html.escape(v.id, quote=True)}"{cls}>{"".join(cells)}</tr>')
    head = "".join(
        f"<th>{h}</th>" for h in ("date", "type", "actors", "place", "summary", "sources")
    )
    listed = min(n, limit)
    if n > limit:  # said in the heading, by the search box and in a note
        heading = f"The first {limit:,} of {n:,} events (by date)"
        more = (
            f'<p class="note table-limit" id="timeline-table-limit"><strong>This table lists '
            f"the first {limit:,} of the {n:,} events, by date (the chart draws them all); "
            f"the search looks in these {limit:,} only.</strong> For every event, run the same "
            "<code>timeline export</code> (same filters) with <code>-o events.csv</code> (or "
            "<code>events.tsv</code>) and open that file in a spreadsheet.</p>"
        )
        of_what = f" (first {limit:,} of {n:,} events)"
    else:
        heading = f"All {n} event{'s' if n != 1 else ''}"
        more = ""
        of_what = ""
    return (
        f'<section id="timeline-events-section"><h2>{heading}</h2>'
        '<div class="table-tools"><input type="search" id="timeline-search" '
        'placeholder="Search date, type, actor, place, summary, source" '
        'aria-label="Search the events">'
        f'<span id="timeline-search-count" class="note" data-of="{html.escape(of_what)}">'
        f"{listed} shown{of_what}</span></div>"
        f"{more}\n"
        f'<table class="events" id="timeline-events"><thead><tr>{head}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></section>"
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


def export(job: ExportJob) -> str:
    """The ``html`` export (registry writer)."""
    return render_html(
        job.views, group_by=job.group_by, title=job.title, cdn=job.cdn, actors=job.actors
    )
