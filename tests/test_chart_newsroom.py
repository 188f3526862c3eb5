"""The chart as a newsroom graphic (issue #11): figure data of labels, planned events, colours,
actor-filtered lanes, year-gap focus, and the page's table of all events."""

from __future__ import annotations

import re
from typing import Any

from timeline.render import build_figure, prepare, render
from timeline.render.html import render_html
from timeline.render.model import style, type_colors


def ev(i: int, start: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": i,
        "type": "04",
        "summary": f"event {i}",
        "status": "happened",
        "start": start,
        "end": start,
        "granularity": "day",
        "actors": [{"name": "Leader A", "role": "source"}, {"name": "Leader B", "role": "target"}],
        "mentions": [{"source": "Wire", "published": start, "sentence": f"Sentence {i}."}],
    }
    base.update(kw)
    return base


def marks(figure: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [t for t in figure["data"] if t["meta"]["kind"] == kind]


def test_planned_events_are_hollow_or_dotted_with_a_legend_entry() -> None:
    events = [
        ev(1, "2021-03-10"),
        ev(2, "2021-03-12", status="planned"),
        ev(3, "2021-04-01", end="2021-04-30", granularity="month", status="planned"),
        ev(4, "2021-05-01", end="2021-05-31", granularity="month"),
    ]
    figure, _ = build_figure(prepare(events))
    points = {t["meta"]["planned"]: t for t in marks(figure, "point")}
    assert points[True]["marker"]["symbol"] == "circle-open"
    assert points[False]["marker"]["symbol"] == "circle"
    bars = {t["meta"]["planned"]: t for t in marks(figure, "bar")}
    assert bars[True]["line"]["dash"] == "dot" and "dash" not in bars[False]["line"]
    legend = [t for t in figure["data"] if t["showlegend"]]
    assert [t["name"] for t in legend] == ["04 consult", "planned (hollow dot, dotted bar)"]
    assert legend[1]["marker"]["symbol"] == "circle-open"
    # nothing planned: no planned legend entry
    figure, _ = build_figure(prepare([ev(1, "2021-03-10")]))
    assert not marks(figure, "legend")


def test_every_type_present_gets_its_own_colour() -> None:
    roots = [f"{i:02d}" for i in range(1, 21)]
    made_up = [f"custom-{i}" for i in range(40)]
    colours = type_colors([*roots, "other", "unknown", *made_up])
    assert len(colours) == 62 and len({c.lower() for c in colours.values()}) == 62
    assert colours["04"] == style()["type_colors"]["04"]  # root types keep their colour
    events = [ev(i, "2021-03-10", type=t) for i, t in enumerate([*roots, *made_up[:5]])]
    figure, _ = build_figure(prepare(events))
    per_type = {t["meta"]["type"]: t["marker"]["color"] for t in marks(figure, "point")}
    assert len(per_type) == 25 and len(set(per_type.values())) == 25


def test_labels_show_type_and_main_actor_only_in_lanes_with_room() -> None:
    limit = style()["label_max_per_lane"]
    few = [ev(i, f"2021-03-{i:02d}", actors=[{"name": "Few", "role": "source"}]) for i in (1, 2)]
    crowd = [
        ev(100 + i, f"2021-03-{1 + i % 28:02d}", actors=[{"name": "Crowd", "role": "source"}])
        for i in range(limit + 1)
    ]
    bar = ev(9, "2021-05-01", end="2021-05-31", granularity="month")
    bar["actors"] = [{"name": "Few", "role": "target"}, {"name": "<b>X</b>", "role": "source"}]
    figure, info = build_figure(prepare([*few, *crowd, bar]))
    lanes = figure["layout"]["yaxis"]["ticktext"]
    point = marks(figure, "point")[0]
    assert point["mode"] == "markers+text"
    by_lane: dict[str, list[str]] = {}
    for y, label in zip(point["y"], point["text"], strict=True):
        by_lane.setdefault(lanes[round(y)], []).append(label)
    assert by_lane["Few"] == ["consult · Few", "consult · Few"]
    assert set(by_lane["Crowd"]) == {""}  # too many marks in that lane: no labels
    anchor = marks(figure, "anchor")[0]
    assert anchor["text"] == ["consult · &lt;b&gt;X&lt;/b&gt;"] * 2  # escaped, main = source
    assert info.labels == 4
    # the huge levels-of-detail page and WebGL draw no labels
    figure, info = build_figure(prepare(few), spans=True)
    assert info.labels == 0 and all("text" not in t for t in figure["data"])
    figure, info = build_figure(prepare(few), webgl=True)
    assert info.labels == 0 and all("text" not in t for t in figure["data"])


def test_static_image_labels_are_placed_apart_or_dropped() -> None:
    """No script runs in a PNG/SVG/PDF: labels are placed in Python (above, else below, else
    beside the mark) and dropped where they would overlap; the page places them in JS."""
    crowd = [
        ev(i, f"2021-03-{1 + i:02d}", actors=[{"name": "C", "role": "source"}]) for i in range(12)
    ]
    year = ev(99, "2021-01-01", end="2021-12-31", granularity="year")
    year["actors"] = [{"name": "Other", "role": "source"}]
    figure, info = build_figure(prepare([*crowd, year]), static=True, hover="none")
    point = marks(figure, "point")[0]
    shown = [t for t in point["text"] if t]
    assert 0 < len(shown) < 12  # twelve days of a year-wide axis: not room for all
    assert info.labels == len(shown) + 1  # and the year bar's
    assert {
        p.split()[0] for p, t in zip(point["textposition"], point["text"], strict=True) if t
    } <= {
        "top",
        "bottom",
    }
    assert figure["layout"]["width"] == 1400
    # the page keeps every label (its script places them for the reader's screen)
    page, info = build_figure(prepare([*crowd, year]))
    assert all(marks(page, "point")[0]["text"]) and info.labels == 13
    assert "textposition" in marks(page, "point")[0]
    from timeline.render.chart import LABELS_JS

    assert "function placeLabels(gd)" in LABELS_JS and "plotly_afterplot" in LABELS_JS


def test_actor_filtered_chart_draws_only_the_chosen_lanes_others_in_hover() -> None:
    events = [
        ev(1, "2021-03-10"),
        ev(2, "2021-03-11", actors=[{"name": "Leader B", "role": "source"}]),
        ev(3, "2021-03-12", actors=[{"name": "Kim Jong Un", "role": "source"}]),
    ]
    figure, info = build_figure(prepare(events[:2]), actors=["leader b"])
    assert info.lanes == ["Leader B"]
    hovers = marks(figure, "point")[0]["hovertext"]
    assert "actors: Leader B (target)<br>participants: Leader A (source)" in hovers[0]
    assert "participants" not in hovers[1]
    # names are canonical actor names compared folded, never substrings of other names
    _, info = build_figure(prepare(events), actors=["LEADER-B", "Kim"])
    assert info.lanes == ["Leader B", "(other actors)"]
    # an event with none of the chosen actors (not one the CLI's query selects): a catch-all
    figure, info = build_figure(prepare(events[2:]), actors=["North Korea"])
    assert info.lanes == ["(other actors)"]
    assert "participants: Kim Jong Un (source)" in marks(figure, "point")[0]["hovertext"][0]
    # without --actor every actor has a lane, listed as actors
    figure, info = build_figure(prepare(events))
    assert set(info.lanes) == {"Leader A", "Leader B", "Kim Jong Un"}
    assert "participants" not in " ".join(marks(figure, "point")[0]["hovertext"])
    # grouping by type ignores the actor focus
    _, info = build_figure(prepare(events), group_by="type", actors=["Leader B"])
    assert info.lanes == ["04 consult"]


def test_a_wide_year_gap_focuses_the_busiest_years_and_says_so() -> None:
    events = [ev(1, "2001-06-01")] + [ev(i, f"2019-0{i}-10") for i in range(2, 8)]
    figure, info = build_figure(prepare(events))
    lo, hi = figure["layout"]["xaxis"]["range"]
    assert "2019-01" < lo < "2019-02-10" and "2019-07-10" < hi < "2019-09"
    assert info.focus == (lo, hi) and info.outside_focus == 1
    subtitle = figure["layout"]["title"]["subtitle"]["text"]
    assert "showing 2019–2019 (6 of 7 dated events" in subtitle and "“all”" in subtitle
    # the "all" button of the range selector shows every year
    buttons = figure["layout"]["xaxis"]["rangeselector"]["buttons"]
    assert buttons[-1]["step"] == "all"
    # a static image (PNG/SVG/PDF) shows the same range, and says what it leaves out
    still, info = build_figure(prepare(events), static=True, hover="none")
    assert still["layout"]["xaxis"]["range"] == [lo, hi] and info.focus == (lo, hi)
    note = still["layout"]["title"]["subtitle"]["text"]
    assert "showing 2019–2019 (6 of 7 dated events; 1 more, years away, not shown" in note
    assert "all events span 2001–2019" in note and "“all”" not in note  # no button there
    # no wide gap: the whole range
    figure, info = build_figure(prepare(events[1:]))
    assert info.focus is None and "subtitle" not in figure["layout"]["title"]
    figure, info = build_figure(prepare(events[1:]), static=True, hover="none")
    assert info.focus is None and "subtitle" not in figure["layout"]["title"]
    # the huge levels-of-detail page keeps the whole range (it draws density first)
    figure, info = build_figure(prepare(events), spans=True)
    assert info.focus is None and figure["layout"]["xaxis"]["range"][0] < "2001-06-01"
    # a steady spread over years is not a gap
    steady = [ev(i, f"{2000 + i}-01-01") for i in range(20)]
    assert build_figure(prepare(steady))[1].focus is None


def test_the_page_has_an_escaped_searchable_table_of_all_events() -> None:
    events = [
        ev(2, "2021-03-12", summary="<img src=x onerror=alert(1)> second"),
        ev(1, "2021-03-10", location="Capital <B>"),
        {**ev(3, "2021-01-01"), "start": None, "end": None, "granularity": None},
    ]
    events[0]["mentions"] = [
        {"source": "Wire", "published": "2021-03-12", "url": "https://example.org/a?x=1&y=2"},
        {"source": "Bad", "url": "javascript:alert(1)"},
    ]
    page = render_html(prepare(events))
    table = page[page.index('<table class="events"') :]
    rows = re.findall(r"<tr data-id=\"(\d+)\"", table)
    assert rows == ["1", "2", "3"]  # date order, undated last
    assert "&lt;img src=x onerror=alert(1)&gt; second" in table and "<img" not in table
    assert "Capital &lt;B&gt;" in table
    assert '<a href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer"' in table
    assert 'href="javascript' not in page
    assert 'id="timeline-search"' in page and "All 3 events" in page
    assert len(re.findall(r"<script\b", page)) == 2  # the search is in our one script
    # a big selection lists the first table_max_rows and says how to get all of them
    limit = style()["table_max_rows"]
    many = [ev(i, f"2021-{1 + i % 12:02d}-01") for i in range(limit + 3)]
    page = render(many, "html")
    assert isinstance(page, str)
    assert page.count("<tr data-id=") == limit
    assert f"<h2>The first {limit:,} of {limit + 3:,} events (by date)</h2>" in page
    assert f"the search looks in these {limit:,} only" in page
    assert "<code>-o events.csv</code>" in page


def test_cli_export_actor_draws_only_that_actors_lane(runner: Any, db_path: Any) -> None:
    import json

    from timeline.cli import app

    def cli(*args: str) -> str:
        result = runner.invoke(app, ["--db", str(db_path), *args])
        assert result.exit_code == 0, result.output
        return str(result.stdout)

    cli("add", "Leader A meets Leader B", "--date", "2021-03-10", "--type", "04",
        "--actor", "Leader A", "--actor", "Leader B")  # fmt: skip
    cli("add", "Leader B meets Leader C", "--date", "2021-03-12", "--type", "04",
        "--actor", "Leader B", "--actor", "Leader C", "--status", "planned")  # fmt: skip
    page = cli("export", "--actor", "Leader B", "--format", "html", "--cdn", "-o", "-")
    line = next(ln for ln in page.splitlines() if ln.startswith("  var figure = "))
    figure = json.loads(line.removeprefix("  var figure = ").removesuffix(";"))
    assert figure["layout"]["yaxis"]["ticktext"] == ["Leader B"]
    texts = " ".join(figure["hovertexts"])
    assert "participants: Leader A" in texts and "participants: Leader C" in texts
    assert page.count("<tr data-id=") == 2


def figure_of(page: str) -> dict[str, Any]:
    import json

    line = next(ln for ln in page.splitlines() if ln.startswith("  var figure = "))
    figure: dict[str, Any] = json.loads(line.removeprefix("  var figure = ").removesuffix(";"))
    return figure


def korea_db(runner: Any, db: Any) -> None:
    """Events whose actors the lexicon resolves: aliases, officials, a look-alike name."""
    from timeline.cli import app

    def add(text: str, day: str, *actors: str) -> None:
        args = ["--db", str(db), "add", text, "--date", day, "--type", "04"]
        for a in actors:
            args += ["--actor", a]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output

    add("Kim Jong Un meets Donald Trump", "2019-02-27", "Kim Jong Un", "Donald Trump")
    add("Pyongyang warns Seoul", "2019-03-05", "Pyongyang", "South Korea")
    add("Choe Son-hui briefs reporters", "2019-03-15", "Choe Son-hui")
    add("Moon Jae-in meets Donald Trump", "2019-04-11", "Moon Jae-in", "Donald Trump")
    add("DPRK and a think tank", "2019-04-20", "DPRK", "North Korea Watch Group")


def test_cli_actor_lanes_are_the_actors_the_query_resolves(runner: Any, db_path: Any) -> None:
    """--actor/--country lanes: the store's resolution (aliases, role phrases, a country's
    officials), never a substring of a name."""
    from timeline.cli import app

    korea_db(runner, db_path)

    def lanes(*args: str) -> list[str]:
        result = runner.invoke(
            app, ["--db", str(db_path), "export", *args, "--format", "html", "--cdn", "-o", "-"]
        )
        assert result.exit_code == 0, result.output
        figure = figure_of(result.stdout)
        return list(figure["layout"]["yaxis"]["ticktext"])

    # an alias: the lane is the canonical actor (not "Pyongyang"); "North Korea Watch Group"
    # contains "North Korea" but is another actor: a participant, not a lane
    assert lanes("--actor", "Pyongyang") == ["North Korea"]
    assert lanes("--actor", "north korea") == ["North Korea"]
    # a role phrase, resolved at the query's date
    assert lanes("--actor", "the North Korean leader", "--from", "2019-01-01") == ["Kim Jong Un"]
    # a country: the country and its officials, each in its lane; the others in the hover
    got = lanes("--country", "DPRK")
    assert sorted(got) == ["Choe Son-hui", "Kim Jong Un", "North Korea"]
    result = runner.invoke(
        app, ["--db", str(db_path), "export", "--country", "DPRK", "-f", "html", "--cdn", "-o", "-"]
    )
    texts = " ".join(figure_of(result.stdout)["hovertexts"])
    assert "participants: Donald Trump" in texts and "participants: South Korea" in texts
    assert "participants: North Korea Watch Group" in texts
    # --actor and --country together: the union of what each selects
    assert sorted(lanes("--actor", "Donald Trump", "--country", "North Korea")) == [
        "Donald Trump",
        "Kim Jong Un",
    ]
    # without a filter every actor has its lane
    assert len(lanes()) == 7
