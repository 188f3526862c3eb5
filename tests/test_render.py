"""The render library: chart building, escaping, and every writer, from fixture event dicts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from timeline.errors import ExportError, InputError
from timeline.render import build_figure, export_events, prepare, render, resolve_format
from timeline.render.chart import plot_config
from timeline.render.html import render_html, script_json
from timeline.render.ics import to_ics
from timeline.render.model import type_color
from timeline.render.tables import CSV_COLUMNS, to_csv
from timeline.render.timelinejs import to_timelinejs

FIXTURE = Path(__file__).parent / "fixtures" / "render_events.json"
PAYLOADS = ("<script>", "<img src=x", "<b onmouseover", "<a href", "<b>bold")


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def by_kind(figure: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [t for t in figure["data"] if t["meta"]["kind"] == kind]


def segments(trace: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(x0, x1, y) of each None-separated bar segment."""
    xs, ys = trace["x"], trace["y"]
    return [(xs[i], xs[i + 1], ys[i]) for i in range(0, len(xs), 3)]


# -- format choice ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("t.html", "html"),
        ("T.HTM", "html"),
        ("t.png", "png"),
        ("t.svg", "svg"),
        ("t.pdf", "pdf"),
        ("t.json", "json"),
        ("t.csv", "csv"),
        ("t.ics", "ics"),
        ("story.timeline.json", "timelinejs"),
    ],
)
def test_format_from_extension(name: str, expected: str) -> None:
    assert resolve_format(Path(name)) == expected


def test_explicit_format_wins_and_unknown_is_input_error() -> None:
    assert resolve_format(Path("out.txt"), "csv") == "csv"
    assert resolve_format(Path("out.json"), "TimelineJS") == "timelinejs"
    with pytest.raises(InputError, match="unknown export format 'gif'"):
        resolve_format(Path("out.gif"), "gif")
    with pytest.raises(InputError, match="cannot tell the export format"):
        resolve_format(Path("out.xyz"))
    with pytest.raises(InputError, match="cannot tell"):
        resolve_format(Path("timeline"))


# -- the chart --------------------------------------------------------------------------------


def test_precision_is_drawn_not_hidden(events: list[dict[str, Any]]) -> None:
    figure, info = build_figure(prepare(events))
    bars = {t["meta"]["type"]: segments(t) for t in by_kind(figure, "bar")}
    lanes = info.lanes
    # month-precise sanctions: a bar over the whole of February (end exclusive), in both lanes
    assert sorted(bars["16"]) == sorted(
        [
            ("2021-02-01", "2021-03-01", lanes.index("Country B")),
            ("2021-02-01", "2021-03-01", lanes.index("Country C")),
        ]
    )
    # week-precise talks: a bar over the week
    assert bars["05"] == [("2021-03-01", "2021-03-08", lanes.index("Leader B"))]
    # a year-precise event with no actor: a bar over the year in the "(no actor)" lane, last
    assert bars["other"] == [("2021-01-01", "2022-01-01", len(lanes) - 1)]
    assert lanes[-1] == "(no actor)"
    # a day-precise three-day summit is a bar too; the one-day visit is a marker
    assert ("2021-04-05", "2021-04-08", lanes.index("Leader A")) in bars["04"]
    points = {t["meta"]["type"]: t for t in by_kind(figure, "point")}
    assert points["04"]["x"] == ["2021-03-10 12:00", "2021-03-10 12:00"]
    assert sorted(points["04"]["y"]) == sorted([lanes.index("Leader A"), lanes.index("Leader B")])


def test_marks_count_lane_appearances_and_undated_are_not_drawn(
    events: list[dict[str, Any]],
) -> None:
    views = prepare(events)
    figure, info = build_figure(views)
    expected = sum(len(v.lanes("actor")) for v in views if v.dated)
    n_points = sum(len(t["x"]) for t in by_kind(figure, "point"))
    n_bars = sum(len(segments(t)) for t in by_kind(figure, "bar"))
    n_anchors = sum(len(t["x"]) for t in by_kind(figure, "anchor"))
    assert n_points + n_bars == expected == info.points + info.bars == 9  # 3 dots, 6 bars
    assert n_anchors == n_bars  # every bar has a hover anchor
    assert (info.events, info.undated) == (6, 2)
    drawn = json.dumps(figure)
    assert "Leader A says talks will continue" not in drawn  # undated: never on a made-up date
    assert "2 undated events listed below the chart" in drawn


def test_bar_hover_anchor_is_the_middle_of_the_interval(events: list[dict[str, Any]]) -> None:
    figure, _ = build_figure(prepare(events))
    anchors = {t["meta"]["type"]: t["x"] for t in by_kind(figure, "anchor")}
    assert anchors["05"] == ["2021-03-04 12:00"]  # 7 days from 03-01: middle of the 4th day
    assert set(anchors["16"]) == {"2021-02-15"}  # 28 days from 02-01


def test_colour_and_legend_by_type(events: list[dict[str, Any]]) -> None:
    figure, _ = build_figure(prepare(events))
    legend = [t["name"] for t in figure["data"] if t["showlegend"]]
    assert legend == [
        "04 consult",
        "05 engage in diplomatic cooperation",
        "11 disapprove",
        "16 reduce relations",
        "other domestic political event",
        "planned (hollow dot, dotted bar)",  # the fixture has a planned event
    ]
    for trace in figure["data"]:
        if trace["meta"]["kind"] == "legend":
            continue
        colour = type_color(trace["meta"]["type"])
        if trace["meta"]["kind"] == "bar":  # translucent: precision is a wash of colour
            r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert trace["line"]["color"] == f"rgba({r},{g},{b},0.35)"
        else:
            assert trace["marker"]["color"] == colour
        assert trace["legendgroup"] == trace["meta"]["type"]
    assert type_color("04") != type_color("16")


def test_group_by_type_and_country(events: list[dict[str, Any]]) -> None:
    _, by_type = build_figure(prepare(events), group_by="type")
    assert by_type.lanes[0] == "04 consult"
    assert set(by_type.lanes) == {
        "04 consult",
        "05 engage in diplomatic cooperation",
        "11 disapprove",
        "16 reduce relations",
        "other domestic political event",
    }
    assert by_type.points + by_type.bars == 6  # one lane per event
    _, by_country = build_figure(prepare(events), group_by="country")
    assert set(by_country.lanes) == {"Country A", "Country B", "Country C", "(no country)"}


def test_hover_has_phrase_interval_precision_actors_location_source_sentence(
    events: list[dict[str, Any]],
) -> None:
    figure, _ = build_figure(prepare(events))
    texts = [t for tr in figure["data"] for t in tr.get("hovertext", [])]
    month = next(t for t in texts if "sanctions on Country C" in t)
    assert "“in February” · 2021-02-01 – 2021-02-28 (month)" in month
    assert "Country B (source), Country C (target)" in month
    assert "source: Wire One, 2021-03-11" in month
    assert "Country B imposed sanctions on Country C in February." in month
    visit = next(t for t in texts if "Leader A visits" in t)
    assert "location: Capital B" in visit
    assert "04 consult (042)" in visit and "status: happened" in visit


def test_all_article_and_user_text_is_escaped(events: list[dict[str, Any]]) -> None:
    figure, _ = build_figure(prepare(events), title="<img src=x onerror=alert(1)> title")
    text = json.dumps(figure)
    for payload in PAYLOADS:
        assert payload not in text
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in text
    assert figure["layout"]["title"]["text"] == "&lt;img src=x onerror=alert(1)&gt; title"
    assert any("&lt;img src=x" in tick for tick in figure["layout"]["yaxis"]["ticktext"])
    # our own markup is still there: plotly shows bold summaries and line breaks
    assert "<br>" in text and "<b>" in text


def test_webgl_above_threshold_and_one_bar_trace_per_type() -> None:
    many = [
        {
            "id": i,
            "type": ("04", "16")[i % 2],
            "summary": f"event {i}",
            "start": f"2020-{1 + i % 12:02d}-01",
            "end": f"2020-{1 + i % 12:02d}-{1 + i % 2 * 27:02d}",
            "granularity": ("day", "month")[i % 2],
            "actors": [{"name": f"Actor {i % 60}", "role": "source"}],
        }
        for i in range(6000)
    ]
    figure, info = build_figure(prepare(many))
    assert info.webgl
    assert {t["type"] for t in figure["data"]} == {"scattergl"}
    assert len(by_kind(figure, "bar")) == 1  # 3000 bars, one trace of segments
    assert len(info.lanes) == 40 and info.lanes[-1] == "(21 other actors)"
    assert info.points + info.bars == 6000
    small, small_info = build_figure(prepare(many[:100]))
    assert not small_info.webgl
    assert {t["type"] for t in small["data"]} == {"scatter"}
    forced, _ = build_figure(prepare(many[:10]), webgl=True)
    assert {t["type"] for t in forced["data"]} == {"scattergl"}


def test_interactive_controls_and_static_variant(events: list[dict[str, Any]]) -> None:
    figure, _ = build_figure(prepare(events))
    xaxis = figure["layout"]["xaxis"]
    assert xaxis["rangeslider"]["visible"] is True
    labels = [b["label"] for b in xaxis["rangeselector"]["buttons"]]
    assert labels == ["1m", "6m", "1y", "all"]
    assert xaxis["range"][0] < "2021-01-01" and xaxis["range"][1] > "2022-01-01"
    static, _ = build_figure(prepare(events), static=True)
    assert "rangeslider" not in static["layout"]["xaxis"]
    assert "2 undated events not drawn" in json.dumps(static["layout"])
    assert plot_config()["displaylogo"] is False


def test_bad_dates_name_the_event() -> None:
    with pytest.raises(InputError, match="event 9: start is not an ISO date"):
        prepare([{"id": 9, "type": "04", "start": "last spring"}])
    with pytest.raises(InputError, match="event 3: end 2020-01-01 is before start"):
        prepare([{"id": 3, "type": "04", "start": "2020-02-01", "end": "2020-01-01"}])
    (view,) = prepare([{"id": 1, "type": "04", "start": date(2020, 5, 1)}])
    assert view.end == date(2020, 5, 1) and view.is_point


# -- the HTML page ----------------------------------------------------------------------------


def test_html_is_deterministic_self_contained_and_escaped(events: list[dict[str, Any]]) -> None:
    views = prepare(events)
    page = render_html(views, title="<script>window.__pwned=9</script>")
    assert page == render_html(views, title="<script>window.__pwned=9</script>")
    assert "Plotly.newPlot('timeline-chart'" in page
    assert "<script src=" not in page and len(page) > 3_000_000  # plotly.js inlined
    # the only script elements are ours: plotly.js and the figure
    assert len(re.findall(r"<script\b", page)) == 2
    assert len(re.findall(r"</script>", page, flags=re.IGNORECASE)) == 2
    for payload in ("<img src=x", "<b onmouseover", "window.__pwned=9</script>"):
        assert payload not in page
    assert "<title>&lt;script&gt;window.__pwned=9&lt;/script&gt;</title>" in page
    # the undated list shows the text, escaped
    assert "2 undated events" in page
    assert "Undated &lt;img src=x onerror=&quot;window.__pwned=7&quot;&gt; pledge" in page
    assert "Country C pledged &lt;script&gt;window.__pwned=8&lt;/script&gt; cooperation." in page


def test_html_cdn_links_plotly(events: list[dict[str, Any]]) -> None:
    page = render_html(prepare(events), cdn=True)
    assert re.search(r'<script src="https://cdn\.plot\.ly/plotly-[\d.]+\.min\.js"', page)
    assert len(page) < 200_000


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_html_with_only_undated_events_lists_them(events: list[dict[str, Any]]) -> None:
    undated = [e for e in events if e["start"] is None]
    page = render(undated, "html")
    assert isinstance(page, str) and "2 undated events" in page


# -- tables and calendars ---------------------------------------------------------------------


def test_json_is_the_event_shape(events: list[dict[str, Any]]) -> None:
    text = render(events, "json")
    assert isinstance(text, str) and json.loads(text) == events


def test_csv_flattens_and_neutralises_formulas(events: list[dict[str, Any]]) -> None:
    hostile = {**events[0], "id": 99, "summary": '=HYPERLINK("http://x")', "location": "@SUM"}
    rows = list(csv.DictReader(io.StringIO(to_csv([*events, hostile]))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(events) + 1
    first = rows[0]
    assert first["actors"] == "Leader A (source); Leader B (target)"
    assert (first["start"], first["end"], first["granularity"]) == (
        "2021-03-10",
        "2021-03-10",
        "day",
    )
    assert first["sources"] == "Wire One" and first["mentions"] == "1"
    assert first["sentence"].startswith("Leader A arrived in Capital B")
    undated = next(r for r in rows if r["id"] == "4")
    assert undated["start"] == "" and undated["granularity"] == ""
    assert rows[-1]["summary"] == '\'=HYPERLINK("http://x")' and rows[-1]["location"] == "'@SUM"


def test_ics_all_day_events_span_the_interval(events: list[dict[str, Any]]) -> None:
    stamp = datetime(2021, 5, 1, tzinfo=UTC)
    data = to_ics(prepare(events), title="Fixture", stamp=stamp)
    assert data == to_ics(prepare(events), title="Fixture", stamp=stamp)  # deterministic
    cal = Calendar.from_ical(data)
    vevents = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(vevents) == {f"event-{i}@timeline" for i in (1, 2, 3, 5, 6, 8)}  # undated skipped
    visit = vevents["event-1@timeline"]
    assert visit.decoded("dtstart") == date(2021, 3, 10)
    assert visit.decoded("dtend") == date(2021, 3, 11)  # exclusive end: one all-day event
    assert str(visit["location"]) == "Capital B" and str(visit["status"]) == "CONFIRMED"
    month = vevents["event-2@timeline"]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (
        date(2021, 2, 1),
        date(2021, 3, 1),
    )
    assert "in February" in str(month["description"])
    assert "month" in str(month["description"])
    year = vevents["event-6@timeline"]
    assert (year.decoded("dtstart"), year.decoded("dtend")) == (date(2021, 1, 1), date(2022, 1, 1))
    assert str(year["status"]) == "TENTATIVE"  # planned
    assert "<script>window.__pwned" in str(vevents["event-5@timeline"]["summary"])  # plain text


def test_timelinejs_dates_are_partial_by_precision(events: list[dict[str, Any]]) -> None:
    doc = json.loads(to_timelinejs(prepare(events), title="A <b>story</b>"))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert set(slides) == {f"event-{i}" for i in (1, 2, 3, 5, 6, 8)}
    assert slides["event-1"]["start_date"] == {"year": "2021", "month": "3", "day": "10"}
    assert "end_date" not in slides["event-1"]
    assert slides["event-2"]["start_date"] == {"year": "2021", "month": "2"}
    assert "end_date" not in slides["event-2"]  # the whole month, no invented day
    assert slides["event-2"]["display_date"] == "February 2021"  # the precision, in words
    assert "“in February”" in slides["event-2"]["text"]["text"]  # the phrase stays in the text
    assert slides["event-6"]["start_date"] == {"year": "2021"}
    assert slides["event-3"]["end_date"] == {"year": "2021", "month": "3", "day": "7"}
    assert slides["event-8"]["end_date"] == {"year": "2021", "month": "4", "day": "7"}
    assert all("group" not in s for s in doc["events"])  # a story: no groups by default
    hostile = slides["event-5"]
    assert hostile["text"]["headline"].startswith("&lt;script&gt;")
    assert "<img" not in hostile["text"]["text"] and "<script" not in hostile["text"]["text"]
    assert doc["title"]["text"]["headline"] == "A &lt;b&gt;story&lt;/b&gt;"
    dates = [s["start_date"] for s in doc["events"]]
    assert dates[0] == {"year": "2021"}  # sorted by start


# -- writing files ----------------------------------------------------------------------------


def test_export_writes_and_summarises(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    result = export_events(events, tmp_path / "t.html")
    assert (
        result.summary() == f"wrote 8 events to {tmp_path / 't.html'} (html); 2 undated "
        "listed below the chart"
    )
    ics = export_events(events, tmp_path / "t.ics")
    assert ics.summary() == f"wrote 6 events to {tmp_path / 't.ics'} (ics); 2 undated skipped"
    csv_result = export_events(events[:1], tmp_path / "one.csv")
    assert csv_result.summary() == f"wrote 1 event to {tmp_path / 'one.csv'} (csv)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.csv", "t.html", "t.ics"]


def test_empty_selection_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no events match; nothing written"):
        export_events([], tmp_path / "t.html")
    assert list(tmp_path.iterdir()) == []


def test_only_undated_events_in_a_dated_format_write_nothing(
    tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    undated = [e for e in events if e["start"] is None]
    with pytest.raises(ExportError, match="all 2 matching events are undated"):
        export_events(undated, tmp_path / "t.ics")
    assert list(tmp_path.iterdir()) == []


def test_no_chromium_is_one_line_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("TIMELINE_CHROMIUM", str(tmp_path / "no-such-browser"))
    (tmp_path / "old.png").write_bytes(b"previous image")
    for name in ("t.png", "t.svg", "t.pdf", "old.png"):
        with pytest.raises(ExportError) as err:
            export_events(events, tmp_path / name)
        assert str(err.value) == (
            "PNG/SVG/PDF export needs Chromium: install it (Debian/Ubuntu: sudo apt-get install "
            "chromium)"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]
    assert (tmp_path / "old.png").read_bytes() == b"previous image"


def test_a_failed_render_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: list[dict[str, Any]]
) -> None:
    import timeline.render.files as files

    target = tmp_path / "t.html"
    target.write_text("old")

    def broken_replace(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(ExportError, match="cannot write .*No space left on device"):
        export_events(events, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.html"]


def test_missing_directory_is_an_export_error(tmp_path: Path, events: list[dict]) -> None:
    with pytest.raises(ExportError, match="directory .* does not exist"):
        export_events(events, tmp_path / "nope" / "t.csv")


def test_unknown_group_by(events: list[dict[str, Any]]) -> None:
    with pytest.raises(InputError, match="unknown --group-by 'source'"):
        render(events, "html", group_by="source")


def test_docstring_examples() -> None:
    import doctest

    import timeline.render.model

    result = doctest.testmod(timeline.render.model)
    assert result.attempted >= 3 and result.failed == 0


def test_shared_hover_texts_are_written_once_per_event(events: list[dict[str, Any]]) -> None:
    views = prepare(events)
    inline, _ = build_figure(views)
    shared, _ = build_figure(views, hover="shared")
    assert len(shared["hovertexts"]) == 6  # one per dated event, though 9 marks carry one
    for a, b in zip(inline["data"], shared["data"], strict=True):
        if "hovertext" in a:
            assert [shared["hovertexts"][i] for i in b["hoverrefs"]] == a["hovertext"]
            assert "hovertext" not in b
    static, _ = build_figure(views, static=True, hover="none")
    assert not any("hovertext" in t or "hoverrefs" in t for t in static["data"])
    with pytest.raises(ValueError, match="hover must be"):
        build_figure(views, hover="tooltip")


def test_coinciding_marks_fan_out_inside_their_lane() -> None:
    same_day = [
        {
            "id": i,
            "type": t,
            "summary": f"e{i}",
            "start": "2020-05-01",
            "end": "2020-05-01",
            "granularity": "day",
            "actors": [{"name": "A", "role": "source"}],
        }
        for i, t in enumerate(("01", "04", "other"))
    ]
    same_month = [
        {
            "id": 10 + i,
            "type": "16",
            "summary": f"m{i}",
            "start": "2020-05-01",
            "end": "2020-05-31",
            "granularity": "month",
            "actors": [{"name": "A"}],
        }
        for i in range(2)
    ]
    alone = {
        "id": 20,
        "type": "04",
        "summary": "alone",
        "start": "2020-06-01",
        "end": "2020-06-01",
        "granularity": "day",
        "actors": [{"name": "A"}],
    }
    figure, info = build_figure(prepare([*same_day, *same_month, alone]))
    assert info.lanes == ["A"]
    point_ys = sorted(y for t in by_kind(figure, "point") for y in t["y"])
    assert point_ys == [-0.16, 0, 0, 0.16]  # three fanned out around the lane, one alone on it
    (bars,) = by_kind(figure, "bar")
    assert sorted({y for _, _, y in segments(bars)}) == [-0.08, 0.08]
    (anchors,) = by_kind(figure, "anchor")
    assert sorted(anchors["y"]) == [-0.08, 0.08]


def test_a_very_large_page_has_levels_of_detail_and_chunked_escaped_hover_texts() -> None:
    from datetime import timedelta

    from timeline.render.model import style

    st = style()
    n = st["lod_threshold"] + 1
    day0 = date(2015, 1, 1)
    many = [
        {
            "id": i,
            "type": "04",
            "summary": f"<script>alert({i})</script>",
            "start": (day0 + timedelta(days=i % 900)).isoformat(),
            "end": (day0 + timedelta(days=i % 900)).isoformat(),
            "granularity": "day",
            "actors": [{"name": f"A{i % 7}"}],
        }
        for i in range(n)
    ]
    page = render(many, "html")
    assert isinstance(page, str)
    assert page == render(many, "html")  # deterministic
    figure = json.loads(re.search(r"var figure = (.*);\n", page).group(1))
    assert figure["lod"]["max_marks"] == st["lod_max_marks"]
    assert "hovertexts" not in figure  # they follow the chart, in chunks
    (points,) = figure["data"]
    assert "x" not in points and len(points["lo"]) == len(points["hi"]) == n
    assert points["lo"] == sorted(points["lo"])  # date order: a zoom needs few chunks
    chunks = re.findall(
        r'<script type="application/json" id="timeline-hovertexts-(\d+)">(.*?)</script>', page
    )
    assert [int(c) for c, _ in chunks] == list(range(-(-n // st["lod_hover_chunk"])))
    texts = [t for _, body in chunks for t in json.loads(body)]
    assert len(texts) == n and all("&lt;script&gt;alert(" in t for t in texts)
    assert "<script>alert(" not in page
    # below the threshold the page is one plain figure, as before
    small = render(many[: st["lod_threshold"] // 2], "html")
    assert isinstance(small, str)
    small_figure = json.loads(re.search(r"var figure = (.*);\n", small).group(1))
    assert "lod" not in small_figure and len(small_figure["hovertexts"]) == st["lod_threshold"] // 2
    assert len(re.findall(r"<script\b", small)) == 2
