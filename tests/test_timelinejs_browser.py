"""The TimelineJS export as its consumer reads it: TimelineJS 3's own files, in headless Chromium.

TimelineJS comes from the npm registry (``@knight-lab/timelinejs``), never committed: `.ci/run`
installs it and points ``TIMELINE_TIMELINEJS_DIR`` at the package. Without it the test skips on a
developer's machine and fails in CI (``CI`` set), so a broken install cannot pass unseen. Every
request that leaves the temporary folder is refused, so the page renders from local files only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from timeline.render import render
from timeline.render.image import find_chromium

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

EVENTS: list[dict[str, Any]] = [
    {
        "id": 1,
        "type": "040",
        "summary": "Leader A met Leader B in Hanoi",
        "actors": [
            {"name": "Leader A", "role": "source"},
            {"name": "Leader B", "role": "target"},
        ],
        "location": "Hanoi",
        "start": "2019-02-01",
        "end": "2019-02-28",
        "granularity": "month",
        "value": "2019-02",
        "status": "happened",
        "sentence": "Leader A met Leader B in Hanoi in February.",
        "date_text": "in February",
    },
    {
        "id": 2,
        "type": "163",
        "summary": "Country C imposed sanctions on Country D <b>now</b>",
        "actors": [{"name": "Country C", "role": "source"}],
        "start": "2019-04-08",
        "end": "2019-04-14",
        "granularity": "week",
        "value": "2019-W15",
        "status": "happened",
        "sentence": "Country C imposed new sanctions this week.",
        "date_text": "this week",
    },
    {
        "id": 3,
        "type": "036",
        "summary": "Leader A plans a visit",
        "actors": [{"name": "Leader A", "role": "source"}],
        "start": "2019-04-11",
        "end": "2019-04-11",
        "granularity": "day",
        "value": "2019-04-11",
        "status": "planned",
        "sentence": "Leader A will visit on 11 April.",
        "date_text": "on 11 April",
    },
]


def timelinejs_dir() -> Path:
    where = os.environ.get("TIMELINE_TIMELINEJS_DIR")
    path = Path(where) if where else None
    if path is None or not (path / "dist" / "js" / "timeline.js").is_file():
        message = (
            "TimelineJS 3 not found: npm install @knight-lab/timelinejs and set "
            f"TIMELINE_TIMELINEJS_DIR to the package folder (now {where!r})"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _chromium() -> str:
    """The system Chromium; the test fails in CI without one and skips elsewhere."""
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI")
        pytest.skip("no Chromium: apt-get install chromium")
    return chromium


def _timeline_page(package: Path, data: Any, path: Path) -> Path:
    """A page that opens ``data`` with TimelineJS 3's own files from the npm ``package``."""
    js = (package / "dist" / "js" / "timeline.js").as_uri()
    css = (package / "dist" / "css" / "timeline.css").as_uri()
    path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<link rel='stylesheet' href='{css}'><script src='{js}'></script></head>"
        "<body><div id='tl' style='width: 1000px; height: 600px'></div><script>"
        f"window.tl = new TL.Timeline('tl', {json.dumps(data)}, "
        "{script_path: '" + (package / "dist" / "js").as_uri() + "/'});"
        "</script></body></html>",
        encoding="utf-8",
    )
    return path


def test_timelinejs_renders_our_export_with_display_dates(tmp_path: Path) -> None:
    package = timelinejs_dir()
    chromium = _chromium()
    data = json.loads(render(EVENTS, "timelinejs", title="Test story"))
    shown = {e["unique_id"]: e["display_date"] for e in data["events"]}
    assert shown == {
        "event-1": "February 2019",
        "event-2": "week of 8 April 2019",
        "event-3": "11 April 2019",
    }
    page_html = _timeline_page(package, data, tmp_path / "story.html")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            def route(r: Any) -> None:
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(page_html.as_uri())
            page.wait_for_selector(".tl-slide", state="attached", timeout=30_000)
            page.wait_for_function(
                "() => document.querySelectorAll('.tl-timemarker').length === 3", timeout=30_000
            )
            headlines = page.eval_on_selector_all(
                ".tl-slide .tl-headline", "els => els.map(e => e.textContent.trim())"
            )
            dates = page.eval_on_selector_all(
                ".tl-slide .tl-headline-date", "els => els.map(e => e.textContent.trim())"
            )
            injected = page.eval_on_selector_all(".tl-slide b", "els => els.length")
        finally:
            browser.close()
    assert not errors, errors
    assert "Test story" in headlines
    assert "Leader A met Leader B in Hanoi" in headlines
    # The escaped summary shows its markup as text, never as an element.
    assert any("<b>now</b>" in h for h in headlines), headlines
    assert injected == 0
    for want in ("February 2019", "week of 8 April 2019", "11 April 2019"):
        assert want in dates, (want, dates)


def test_timelinejs_shows_at_most_a_handful_of_groups(tmp_path: Path) -> None:
    """--group-by type: one row per type, at most MAX_GROUPS; the rarest types share one."""
    from timeline.render.timelinejs import MAX_GROUPS, OTHER_TYPES

    package = timelinejs_dir()
    chromium = _chromium()
    types = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    events = [
        {
            "id": 10 * i + k,
            "type": t,
            "summary": f"Event {t}-{k}",
            "start": f"2019-{1 + i:02d}-{1 + 3 * k:02d}",
            "end": f"2019-{1 + i:02d}-{1 + 3 * k:02d}",
            "granularity": "day",
        }
        for i, t in enumerate(types)
        for k in range(1 + (i < 3))  # 01..03 are the busiest
    ]
    data = json.loads(render(events, "timelinejs", group_by="type"))
    groups = {e["group"] for e in data["events"]}
    assert len(groups) == MAX_GROUPS and OTHER_TYPES in groups
    assert {"01 make public statement", "02 appeal", "03 express intent to cooperate"} <= groups
    page_html = _timeline_page(package, data, tmp_path / "groups.html")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort(),
            )
            page.goto(page_html.as_uri())
            page.wait_for_function(
                f"() => document.querySelectorAll('.tl-timemarker').length === {len(events)}",
                timeout=30_000,
            )
            shown = page.eval_on_selector_all(
                ".tl-timegroup-message", "els => els.map(e => e.textContent.trim())"
            )
        finally:
            browser.close()
    assert not errors, errors
    assert sorted(shown) == sorted(groups), shown
