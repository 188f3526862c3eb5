"""The exported chart as a person sees it: opened in headless Chromium through Playwright.

Skipped only when no Chromium is installed (CI installs Debian's ``chromium``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from timeline.render import export_events, prepare
from timeline.render.image import find_chromium

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "render_events.json"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Every payload in the fixture sets window.__pwned or opens an alert if it ever runs.
COUNTS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const out = {point: 0, bar: 0, anchor: 0, types: []};
  for (const t of gd._fullData) {
    const kind = t.meta.kind;
    const n = kind === 'bar' ? t.x.filter(x => x !== null).length / 2 : t.x.length;
    out[kind] += n;
    out.types.push(t.type);
  }
  return out;
}"""


def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium: apt-get install chromium")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


class Opened:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda req: self.requests.append(req.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def pwned(self) -> Any:
        return self.page.evaluate("() => window.__pwned")


def open_page(browser: Any, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    opened = Opened(page)
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    return opened


def test_chart_renders_one_mark_per_event_lane_and_hover_shows_the_sentence(
    browser: Any, events: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "t.html"
    export_events(events, out, title="<img src=x onerror=\"window.__pwned='title'\">")
    opened = open_page(browser, out)
    page = opened.page
    try:
        counts = page.evaluate(COUNTS_JS)
        views = prepare(events)
        # day-precise one-day events are dots, everything else a bar (+ its hover anchor)
        expected_points = sum(len(v.lanes("actor")) for v in views if v.dated and v.is_point)
        expected_bars = sum(len(v.lanes("actor")) for v in views if v.dated and not v.is_point)
        assert (counts["point"], counts["bar"]) == (expected_points, expected_bars) == (3, 6)
        assert counts["anchor"] == expected_bars
        assert set(counts["types"]) == {"scatter"}
        # and they are really drawn: one SVG point per dot and per bar anchor
        drawn = page.evaluate(
            "() => document.querySelectorAll('.cartesianlayer .scatterlayer .point').length"
        )
        assert drawn == counts["point"] + counts["anchor"]

        # hover the one-day visit with the mouse, as a person would
        label = hover(page, kind="point", type_="04")
        assert "Leader A arrived in Capital B on Wednesday" in label
        assert "on Wednesday" in label and "2021-03-10 (day)" in label

        # hover the bar anchor of the month-precise event: the interval and precision show
        label = hover(page, kind="anchor", type_="16")
        assert "2021-02-01 – 2021-02-28 (month)" in label
        assert "Country B imposed sanctions on Country C in February." in label

        # the injection event shows its characters and runs nothing
        label = hover(page, kind="point", type_="11")
        assert "<script>window.__pwned = 1; alert(1)</script>" in label
        assert '<img src=x onerror="window.__pwned=5;alert(5)">' in label
        # plotly would turn <a> and <b> into live SVG markup: they must show as text
        flat = " ".join(label.split())  # the sentence is wrapped over several lines
        assert '<a href="javascript:window.__pwned=9">a link</a> <b>bold</b>' in flat
        assert page.evaluate("() => document.querySelectorAll('.hoverlayer a').length") == 0
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 2
        undated = page.inner_text("#undated")
        assert "Country C pledged <script>window.__pwned=8</script> cooperation." in undated
        assert 'Undated <img src=x onerror="window.__pwned=7"> pledge' in undated
        assert page.title() == "<img src=x onerror=\"window.__pwned='title'\">"
        assert "<img src=x" in page.text_content(".gtitle")

        # the zoom buttons work: "1m" narrows the x range to a month
        buttons = page.locator(".rangeselector .button")
        assert buttons.count() == 4
        before = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.xaxis.range")
        buttons.nth(0).click()
        after = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.xaxis.range")
        assert after != before

        assert opened.pwned() is None
        assert opened.dialogs == [] and opened.errors == []
        assert all(url.startswith("file:") for url in opened.requests)  # works offline
    finally:
        page.close()


def hover(page: Any, *, kind: str, type_: str) -> str:
    """Move the mouse onto the first mark of a trace; return the hover label's lines."""
    x, y = page.evaluate(
        """([kind, type]) => {
          const gd = document.querySelector('.js-plotly-plot');
          const t = gd._fullData.find(t => t.meta.kind === kind && t.meta.type === type);
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
          return [box.left + xa.d2p(t.x[0]), box.top + ya.d2p(t.y[0])];
        }""",
        [kind, type_],
    )
    page.mouse.move(1, 1)
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.hoverlayer .hovertext tspan.line'))
                 .map(t => t.textContent).join('\\n')"""
    )


def test_large_export_uses_webgl_and_renders(browser: Any, tmp_path: Path) -> None:
    many = [
        {
            "id": i,
            "type": ("04", "16", "13")[i % 3],
            "summary": f"event {i}",
            "start": f"20{10 + i % 10}-{1 + i % 12:02d}-01",
            "end": f"20{10 + i % 10}-{1 + i % 12:02d}-{1 + (i % 3 == 1) * 27:02d}",
            "granularity": "month" if i % 3 == 1 else "day",
            "actors": [{"name": f"Actor {i % 30}", "role": "source"}],
            "mentions": [{"sentence": f"Sentence number {i}."}],
        }
        for i in range(6000)
    ]
    out = tmp_path / "big.html"
    export_events(many, out)
    opened = open_page(browser, out)
    try:
        counts = opened.page.evaluate(COUNTS_JS)
        assert set(counts["types"]) == {"scattergl"}
        assert counts["point"] + counts["bar"] == 6000 and counts["bar"] == 2000
        assert "Sentence number" in hover(opened.page, kind="point", type_="13")
        assert opened.errors == [] and opened.dialogs == []
    finally:
        opened.page.close()


def test_png_svg_pdf_through_kaleido(events: list[dict[str, Any]], tmp_path: Path) -> None:
    chromium()
    png = export_events(events, tmp_path / "t.png", title="<b>escaped</b>")
    assert png.summary().endswith("(png); 2 undated skipped")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    export_events(events, tmp_path / "t.svg", title="<b>escaped</b>")
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "<b>" not in svg
    assert "&#60;b&#62;escaped&#60;/b&#62;" in svg or "&lt;b&gt;escaped&lt;/b&gt;" in svg
    export_events(events, tmp_path / "t.pdf")
    assert (tmp_path / "t.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.pdf", "t.png", "t.svg"]


def test_static_image_shows_the_pages_year_gap_focus_and_says_so(tmp_path: Path) -> None:
    """PNG/SVG/PDF open on the same busiest years as the page, with a note on the image."""
    import re

    from test_chart_newsroom import ev

    from timeline.render import build_figure

    chromium()
    events = [ev(1, "2001-06-01")] + [ev(i, f"2019-0{i}-10") for i in range(2, 8)]
    page_figure, page_info = build_figure(prepare(events), hover="shared")
    export_events(events, tmp_path / "gap.svg")
    svg = (tmp_path / "gap.svg").read_text(encoding="utf-8")
    ticks = re.findall(r'class="xtick"><text[^>]*>([^<]*)</text>', svg)
    assert ticks and all(t.endswith("2019") for t in ticks), ticks  # no 2001..2018 axis
    assert "showing 2019–2019 (6 of 7 dated events; 1 more, years away, not shown" in svg
    assert "all events span 2001–2019" in svg
    still, info = build_figure(prepare(events), static=True, hover="none")
    assert info.focus == page_info.focus is not None
    assert still["layout"]["xaxis"]["range"] == page_figure["layout"]["xaxis"]["range"]
    png = export_events(events, tmp_path / "gap.png")
    assert png.bytes > 0 and (tmp_path / "gap.png").read_bytes()[:4] == b"\x89PNG"


def _many_events(n: int) -> list[dict[str, Any]]:
    """``n`` events over about 8 years, one per day, in 25 actor lanes; every 3rd a month bar."""
    from datetime import date, timedelta

    out = []
    for i in range(n):
        day = date(2012, 1, 1) + timedelta(days=i % 2900)
        month = i % 3 == 1
        start = day.replace(day=1) if month else day
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1) if month else day
        out.append(
            {
                "id": i + 1,
                "type": ("04", "16", "13")[i % 3],
                "summary": f"event {i}",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "granularity": "month" if month else "day",
                "actors": [{"name": f"Actor {i % 25}", "role": "source"}],
                "mentions": [{"sentence": f"Sentence number {i}."}],
            }
        )
    return out


def test_a_very_large_export_draws_density_zoomed_out_and_the_marks_zoomed_in(
    browser: Any, tmp_path: Path
) -> None:
    from timeline.render.model import style

    n = style()["lod_threshold"] + 1000
    many = _many_events(n)
    # an injection payload in the latest event (its chunk of hover texts is parsed on zoom)
    last = max((e for e in many if e["granularity"] == "day"), key=lambda e: e["start"])
    last["summary"] = "<img src=x onerror=\"window.__pwned='lod'\"> last"
    last["mentions"] = [{"sentence": "</script><script>window.__pwned='lod2'</script>"}]
    out = tmp_path / "huge.html"
    export_events(many, out)
    opened = open_page(browser, out)
    page = opened.page
    try:
        page.wait_for_selector(".js-plotly-plot[data-view='density']")
        kinds = page.evaluate(
            "() => document.querySelector('.js-plotly-plot')._fullData.map(t => t.type)"
        )
        assert kinds == ["heatmap"]  # one trace for all marks: no WebGL needed
        total = page.evaluate(
            """() => document.querySelector('.js-plotly-plot')._fullData[0].z
                     .flat().reduce((s, v) => s + (v || 0), 0)"""
        )
        assert total >= n  # every mark is counted in each period its interval overlaps
        # hover a density cell: how many events, where and when
        x, y = page.evaluate(
            """() => {
              const gd = document.querySelector('.js-plotly-plot');
              const t = gd._fullData[0], xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
              const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
              const k = t.z[0].findIndex(v => v > 0);
              return [box.left + xa.d2p(t.x[k]), box.top + ya.d2p(0)];
            }"""
        )
        page.mouse.move(x, y)
        page.wait_for_selector(".hoverlayer .hovertext")
        label = page.evaluate("() => document.querySelector('.hoverlayer .hovertext').textContent")
        assert "Actor 0" in label and " events in " in label and "zoom in" in label

        # zoom to two weeks: each mark of that range is drawn, with its hover
        lo, hi = "2016-05-10", "2016-05-24"
        page.evaluate(
            """([lo, hi]) => Plotly.relayout(document.querySelector('.js-plotly-plot'),
                                             {'xaxis.range': [lo, hi]})""",
            [lo, hi],
        )
        page.wait_for_selector(".js-plotly-plot[data-view='marks']")
        counts = page.evaluate(COUNTS_JS)
        inside = [e for e in many if e["start"] < hi and e["end"] >= lo]
        points = sum(1 for e in inside if e["granularity"] == "day")
        assert counts["point"] == points > 0
        assert counts["bar"] == counts["anchor"] == len(inside) - points > 0
        assert set(counts["types"]) == {"scatter"}
        label = hover(page, kind="point", type_="04")
        assert "Sentence number" in label and "(day)" in label
        page.evaluate(
            """([d]) => Plotly.relayout(document.querySelector('.js-plotly-plot'),
                                        {'xaxis.range': [d + ' 06:00', d + ' 18:00']})""",
            [last["start"]],
        )
        page.wait_for_function(
            "() => document.querySelector('.js-plotly-plot').getAttribute('data-marks') !== '0'"
        )
        label = hover(page, kind="point", type_=last["type"])
        assert "<img src=x onerror=\"window.__pwned='lod'\"> last" in label
        assert "</script><script>window.__pwned='lod2'</script>" in label

        # the "all" button goes back to the whole range, as density
        page.locator(".rangeselector .button").nth(3).click()
        page.wait_for_selector(".js-plotly-plot[data-view='density']")
        assert opened.pwned() is None
        assert opened.dialogs == [] and opened.errors == []
        assert all(url.startswith("file:") for url in opened.requests)
    finally:
        page.close()


# -- the chart as a newsroom graphic (#11) ------------------------------------------------------


def _newsroom_events() -> list[dict[str, Any]]:
    def ev(i: int, start: str, end: str | None = None, **kw: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "id": i,
            "type": "04",
            "summary": f"Event number {i}",
            "status": "happened",
            "start": start,
            "end": end or start,
            "granularity": "day" if end is None else "month",
            "actors": [
                {"name": "Leader A", "role": "source"},
                {"name": "Leader B", "role": "target"},
            ],
            "mentions": [
                {
                    "source": f"Wire {i}",
                    "published": start,
                    "url": f"https://news.example/{i}",
                    "sentence": "A long sentence " * 30,
                }
            ],
        }
        base.update(kw)
        return base

    types = ["01", "02", "03", "04", "05", "06", "10", "12", "16", "17", "custom-a", "custom-b"]
    out = [ev(1, "2003-05-01", summary="An early <img src=x onerror=\"window.__pwned='t'\">")]
    for i, t in enumerate(types):
        out.append(ev(10 + i, f"2020-{1 + i:02d}-15", type=t))
    out.append(ev(40, "2020-06-01", "2020-06-30", status="planned", summary="Summit planned"))
    out.append(ev(41, "2020-07-20", status="planned", summary="Talks planned"))
    out.append(ev(42, "2020-08-03", actors=[{"name": "Kim Jong Un", "role": "source"}]))
    return out


def test_newsroom_chart_labels_planned_colours_focus_table(browser: Any, tmp_path: Path) -> None:
    events = _newsroom_events()
    out = tmp_path / "news.html"
    export_events(events, out)
    page = browser.new_page(viewport={"width": 900, "height": 800})
    opened = Opened(page)
    page.goto(out.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    try:
        # labels are drawn on the marks (type + main actor)
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll('.scatterlayer .textpoint text'))"
            ".map(t => t.textContent)"
        )
        # (the range slider draws a copy): the lone mark of its lane has a label, the
        # crowded lanes (more than label_max_per_lane marks) have none
        assert set(labels) == {"consult · Kim Jong Un"}
        # planned events: hollow ring and dotted bar, explained in the legend
        styles = page.evaluate(
            """() => document.querySelector('.js-plotly-plot')._fullData
                 .filter(t => t.meta.planned)
                 .map(t => [t.meta.kind, t.marker && t.marker.symbol, t.line && t.line.dash])"""
        )
        assert ["point", "circle-open", None] in [[k, s, None] for k, s, _ in styles]
        assert any(k == "bar" and d == "dot" for k, _, d in styles)
        legend = page.evaluate("() => document.querySelector('.legend').textContent")
        assert "planned (hollow dot, dotted bar)" in legend
        # every type present has its own colour, as drawn in the SVG
        colours = page.evaluate(
            """() => {
              const by = {};
              for (const t of document.querySelector('.js-plotly-plot')._fullData) {
                if (t.meta.kind === 'point' && !t.meta.planned) by[t.meta.type] = t.marker.color;
              }
              return by;
            }"""
        )
        assert len(colours) == 12 and len(set(colours.values())) == 12
        # the lonely 2003 event: the chart opens on 2020, the button shows every year
        rng = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.xaxis.range")
        titles = page.evaluate("() => document.querySelector('.infolayer').textContent")
        assert str(rng[0]) > "2019" and "showing 2020–2020" in titles
        page.click("#timeline-show-all")
        page.wait_for_function(
            "() => String(document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range[0])"
            " < '2003-05-01'"
        )
        page.locator(".rangeselector .button").nth(0).click()  # zoom back to one month
        # the hover of a mark at the right edge is wrapped and inside the page, never clipped
        page.evaluate(
            "() => Plotly.relayout(document.querySelector('.js-plotly-plot'), "
            "{'xaxis.range': ['2020-01-01', '2020-12-31']})"
        )
        for type_ in ("custom-b", "01"):  # the last mark (December) and the first (January)
            label = hover(page, kind="point", type_=type_)
            assert "A long sentence" in label
            box = page.evaluate(
                """() => {
                  const r = document.querySelector('.hoverlayer .hovertext')
                    .getBoundingClientRect();
                  const g = document.querySelector('.js-plotly-plot').getBoundingClientRect();
                  return [r.left, r.right, r.top, r.bottom, g.left, g.right, g.top, g.bottom];
                }"""
            )
            left, right, top, bottom, gl, gr, gt, gb = box
            assert gl <= left < right <= gr and gt <= top < bottom <= gb, box
        # the table lists every event with its source link; the search filters it
        rows = page.locator("#timeline-events tbody tr")
        assert rows.count() == len(events)
        assert page.locator("#timeline-events a[href='https://news.example/40']").count() == 1
        page.fill("#timeline-search", "summit")
        assert page.inner_text("#timeline-search-count") == f"1 of {len(events)} shown"
        visible = page.locator("#timeline-events tbody tr:visible")
        assert visible.count() == 1 and "Summit planned" in visible.inner_text()
        page.fill("#timeline-search", "wire 1")  # every word must match: "Wire 1", "Wire 10" ...
        assert page.locator("#timeline-events tbody tr:visible").count() >= 2
        page.fill("#timeline-search", "")
        assert page.locator("#timeline-events tbody tr:visible").count() == len(events)
        assert "An early <img src=x" in page.inner_text("#timeline-events")
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert opened.pwned() is None
        assert opened.dialogs == [] and opened.errors == []
        assert all(url.startswith("file:") for url in opened.requests)
    finally:
        page.close()


def _lanes(page: Any) -> list[str]:
    """The chart's lane labels (its y-axis ticks), top to bottom as drawn."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.yaxislayer-above .ytick text'))"
        ".map(t => t.textContent)"
    )


def test_actor_filtered_export_draws_only_the_chosen_lanes(browser: Any, tmp_path: Path) -> None:
    events = [e for e in _newsroom_events() if e["id"] != 42]
    out = tmp_path / "actor.html"
    export_events(events, out, actors=["Leader B"])
    opened = open_page(browser, out)
    page = opened.page
    try:
        lanes = _lanes(page)
        assert lanes == ["Leader B"]
        page.evaluate(
            "() => Plotly.relayout(document.querySelector('.js-plotly-plot'), "
            "{'xaxis.range': ['2020-01-01', '2020-12-31']})"
        )
        label = hover(page, kind="point", type_="custom-b")
        assert "actors: Leader B (target)" in label and "participants: Leader A (source)" in label
        assert opened.errors == [] and opened.dialogs == []
    finally:
        page.close()


def test_cli_actor_export_draws_the_resolved_actors_lanes(
    browser: Any, tmp_path: Path, runner: Any, db_path: Path
) -> None:
    """`export --actor Pyongyang` / `--country DPRK`: the page's lanes are the actors the query
    resolved (North Korea; its officials), the others participants in the hover."""
    from test_chart_newsroom import korea_db

    from timeline.cli import app

    korea_db(runner, db_path)
    for args, want in (
        (["--actor", "Pyongyang"], ["North Korea"]),
        (["--country", "DPRK"], ["Choe Son-hui", "Kim Jong Un", "North Korea"]),
    ):
        out = tmp_path / f"{args[0].strip('-')}.html"
        result = runner.invoke(app, ["--db", str(db_path), "export", *args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        opened = open_page(browser, out)
        page = opened.page
        try:
            lanes = _lanes(page)
            assert sorted(lanes) == want
            if args[0] == "--country":
                label = hover(page, kind="point", type_="04")
                assert "participants: Donald Trump" in label, label
            assert opened.errors == [] and opened.dialogs == []
        finally:
            page.close()


# -- labels and hovers at any width (#11) -------------------------------------------------------

LABEL_BOXES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const a = gd.querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
  const shown = Array.from(gd.querySelectorAll(
      '.cartesianlayer .subplot.xy .scatterlayer .textpoint'))
    .filter(g => getComputedStyle(g).display !== 'none')
    .map(g => g.querySelector('text'))
    .filter(t => t && t.textContent);
  return {area: [a.left, a.right, a.top, a.bottom],
          labels: shown.map(t => { const r = t.getBoundingClientRect();
                                   return [t.textContent, r.left, r.right, r.top, r.bottom]; })};
}"""


def _crowded_events() -> list[dict[str, Any]]:
    """A lane of 12 marks on 12 days running, a lane of spaced marks, three on one day, and
    long hover texts."""

    def ev(i: int, start: str, who: str, **kw: Any) -> dict[str, Any]:
        return {
            "id": i,
            "type": "04",
            "summary": "A summit with a long description " * 4,
            "status": "happened",
            "start": start,
            "end": start,
            "granularity": "day",
            "actors": [{"name": who, "role": "source"}],
            "mentions": [{"source": "Wire", "sentence": "A long source sentence " * 25}],
            **kw,
        }

    out = [ev(i, f"2021-03-{1 + i:02d}", "Crowd") for i in range(12)]
    out += [ev(20 + i, f"2021-03-{1 + 2 * i:02d}", "Spaced lane") for i in range(5)]
    out += [ev(30 + i, "2021-03-05", "Same day") for i in range(3)]
    out.append(ev(40, "2021-03-01", "Spaced lane", end="2021-03-31", granularity="month"))
    return out


def _overlaps(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]
    ]


def _check_labels(page: Any) -> list[list[Any]]:
    got = page.evaluate(LABEL_BOXES_JS)
    left, right, top, bottom = got["area"]
    boxes = got["labels"]
    assert _overlaps(boxes) == [], boxes
    for _, lo, hi, t, b in boxes:  # inside the plot: never cut at its edges
        assert left - 1 <= lo < hi <= right + 1 and top - 1 <= t < b <= bottom + 1, (boxes, got)
    return boxes


def _hover_mark(page: Any, lane: int, which: str) -> list[float]:
    """Hover the first or last mark of a lane; the label's box and the chart's, the viewport."""
    x, y = page.evaluate(
        """([lane, which]) => {
          const gd = document.querySelector('.js-plotly-plot');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          const box = gd.querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
          const pts = [];
          for (const t of gd._fullData) {
            if (t.meta.kind !== 'point') continue;
            t.x.forEach((x, i) => { if (Math.round(t.y[i]) === lane) pts.push([x, t.y[i]]); });
          }
          pts.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
          const p = which === 'first' ? pts[0] : pts[pts.length - 1];
          return [box.left + xa.d2p(p[0]), box.top + ya.d2p(p[1])];
        }""",
        [lane, which],
    )
    page.mouse.move(1, 1)
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    text = page.evaluate("() => document.querySelector('.hoverlayer .hovertext').textContent")
    assert "A long source sentence" in text
    box: list[float] = page.evaluate(
        """() => {
          const r = document.querySelector('.hoverlayer .hovertext').getBoundingClientRect();
          const g = document.querySelector('.js-plotly-plot').getBoundingClientRect();
          return [r.left, r.right, r.top, r.bottom, g.left, g.right, g.top, g.bottom,
                  window.innerWidth];
        }"""
    )
    return box


@pytest.mark.parametrize("width", [420, 900, 1600])
def test_labels_never_collide_and_hovers_are_never_clipped(
    browser: Any, tmp_path: Path, width: int
) -> None:
    out = tmp_path / "crowd.html"
    export_events(_crowded_events(), out)
    page = browser.new_page(viewport={"width": width, "height": 900})
    opened = Opened(page)
    page.goto(out.as_uri())
    page.wait_for_selector(".js-plotly-plot[data-labels]", timeout=60_000)
    try:
        boxes = _check_labels(page)
        crowd = [b for b in boxes if b[0] == "consult · Crowd"]
        assert crowd, boxes  # a narrow chart still labels some marks
        if width >= 1600:  # room for every label of the crowded lane (above or below)
            assert len(crowd) == 12, boxes
        # zoomed in (plotly redraws the labels): placed again, still apart and inside
        page.evaluate(
            "() => Plotly.relayout(document.querySelector('.js-plotly-plot'), "
            "{'xaxis.range': ['2021-03-02', '2021-03-09']})"
        )
        page.wait_for_function(
            "() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range[0]"
            ".startsWith('2021-03-02')"
        )
        page.wait_for_timeout(100)
        _check_labels(page)
        page.evaluate(
            "() => Plotly.relayout(document.querySelector('.js-plotly-plot'), "
            "{'xaxis.autorange': true})"
        )
        lanes = page.evaluate(
            "() => document.querySelector('.js-plotly-plot').layout.yaxis.ticktext"
        )
        for lane in range(len(lanes)):
            for which in ("first", "last"):
                left, right, top, bottom, gl, gr, gt, gb, view = _hover_mark(page, lane, which)
                assert gl <= left < right <= gr and gt <= top < bottom <= gb, (lane, which)
                assert 0 <= left and right <= view
        assert opened.errors == [] and opened.dialogs == []
    finally:
        page.close()


def test_static_image_labels_never_collide(tmp_path: Path, browser: Any) -> None:
    """The SVG (no script runs in an image): labels placed in Python, measured in Chromium."""
    export_events(_crowded_events(), tmp_path / "crowd.svg")
    page = browser.new_page(viewport={"width": 1500, "height": 900})
    try:
        page.goto((tmp_path / "crowd.svg").as_uri())
        got = page.evaluate(
            """() => {
              const r = document.querySelector('clipPath.axesclip[id$="xy"] rect');
              const x = +r.getAttribute('x'), y = +r.getAttribute('y');
              return {area: [x, x + +r.getAttribute('width'), y, y + +r.getAttribute('height')],
                      labels: Array.from(document.querySelectorAll('.textpoint text'))
                        .filter(t => t.textContent).map(t => {
                          const b = t.getBoundingClientRect();
                          return [t.textContent, b.left, b.right, b.top, b.bottom]; })};
            }"""
        )
        left, right, top, bottom = got["area"]
        boxes = got["labels"]
        assert _overlaps(boxes) == [], boxes
        for _, lo, hi, t, b in boxes:
            assert left <= lo < hi <= right and top <= t < b <= bottom, (boxes, got["area"])
        # the sizes are estimated generously (the image's font varies by machine): most stay
        assert sum(1 for b in boxes if b[0] == "consult · Crowd") >= 8, boxes
    finally:
        page.close()


WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def test_a_truncated_table_says_so_and_how_to_get_every_event(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: Any, db_path: Path
) -> None:
    """Above table_max_rows the page says (heading, note, search count) that the table lists
    only the first events, and the hint it gives (the same export to .csv) gets all of them."""
    from timeline.cli import app
    from timeline.render.model import style

    monkeypatch.setitem(style(), "table_max_rows", 5)
    for i in range(8):
        result = runner.invoke(
            app,
            ["--db", str(db_path), "add", f"Event {WORDS[i]}", "--date", f"2021-03-{1 + i:02d}",
             "--type", "04", "--actor", "Leader A"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    out = tmp_path / "t.html"
    result = runner.invoke(
        app, ["--db", str(db_path), "export", "--actor", "Leader A", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    opened = open_page(browser, out)
    page = opened.page
    try:
        heading = page.inner_text("#timeline-events-section h2")
        assert heading == "The first 5 of 8 events (by date)"
        note = page.inner_text("#timeline-table-limit")
        assert "lists the first 5 of the 8 events" in note and "search looks in these 5" in note
        assert "-o events.csv" in note
        assert page.locator("#timeline-events tbody tr").count() == 5
        assert page.inner_text("#timeline-search-count") == "5 shown (first 5 of 8 events)"
        page.fill("#timeline-search", "event charlie")
        assert page.inner_text("#timeline-search-count") == "1 of 5 shown (first 5 of 8 events)"
        assert opened.errors == []
    finally:
        page.close()
    # the hint is right: the same export to .csv has every event
    csv_out = tmp_path / "events.csv"
    result = runner.invoke(
        app, ["--db", str(db_path), "export", "--actor", "Leader A", "-o", str(csv_out)]
    )
    assert result.exit_code == 0, result.output
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 1 + 8


TITLES_JS = """() => {
  const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                     return [r.left, r.right, r.top, r.bottom]; };
  const gd = document.querySelector('.js-plotly-plot');
  return {chart: box('.js-plotly-plot'), title: box('.infolayer .gtitle'),
          sub: box('.infolayer .gtitle-subtitle'), buttons: box('.rangeselector'),
          plot: box('.draglayer .xy .nsewdrag'), text: gd.layout.title.subtitle.text};
}"""


def test_a_long_title_and_subtitle_wrap_on_a_phone_and_unwrap_on_a_wide_window(
    browser: Any, tmp_path: Path
) -> None:
    out = tmp_path / "news.html"
    title = "A rather long title for a phone screen: North Korea's diplomacy in 2020"
    export_events(_newsroom_events(), out, title=title)
    page = browser.new_page(viewport={"width": 420, "height": 900})
    opened = Opened(page)
    page.goto(out.as_uri())
    page.wait_for_selector(".js-plotly-plot[data-labels]", timeout=60_000)
    try:
        for width in (420, 1600, 420):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(
                f"() => document.querySelector('.js-plotly-plot')._fullLayout.width > {width - 60}"
                f" && document.querySelector('.js-plotly-plot')._fullLayout.width < {width}"
            )
            page.wait_for_timeout(300)
            got = page.evaluate(TITLES_JS)
            left, right, top, bottom = got["chart"]
            for part in ("title", "sub"):  # inside the chart: nothing cut at its edges
                lo, hi, t, b = got[part]
                assert left <= lo < hi <= right and top <= t < b <= bottom, (width, part, got)
            # stacked: title, subtitle, zoom buttons, plot, none over another
            assert got["title"][3] <= got["sub"][2] + 1 and got["sub"][3] <= got["buttons"][2]
            assert got["buttons"][3] <= got["plot"][2] + 1, got
            assert ("<br>" in got["text"]) == (width == 420), got["text"]
            assert "showing 2020–2020" in page.text_content(".infolayer .gtitle-subtitle")
        assert opened.errors == [] and opened.dialogs == []
    finally:
        page.close()
