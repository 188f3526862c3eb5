"""Benchmark the exports on synthetic events: time and file size, against baselines.

    python scripts/bench_export.py                       # 1k, 10k, 100k: HTML; PNG for 1k/10k
    python scripts/bench_export.py --sizes 1000 --browser  # also load the pages in Chromium
    python scripts/bench_export.py --db events.db        # also time a real database's export

Baselines measured in the same run: ``json.dumps`` of the same events (the floor for any text
export) and, at 1k events, the naive figure (one plotly trace per event, ``plotly.io.to_html``).
``--browser`` opens each HTML page in headless Chromium without a GPU (Playwright) and reports
the first paint, a hover zoomed out (the density view of a large page), a zoom to two weeks and
a hover on a mark there, against the first paint of a 3-event page in the same run:

    python scripts/bench_export.py --sizes 100000 --browser --no-tables --png-max 0
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from timeline.render import export_events
from timeline.render.image import find_chromium

TYPES = [f"{i:02d}" for i in range(1, 21)] + ["other"]
GRAINS = ["day"] * 12 + ["multi"] * 3 + ["week"] * 2 + ["month"] * 2 + ["year"]
WORDS = (
    "minister envoy talks sanctions summit delegation agreement statement border council "
    "ceasefire visit leader meeting trade embassy capital proposal treaty support"
).split()


def synthetic_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` event dicts in the DESIGN.md shape: 5% undated, mixed precision, 300 actors."""
    rng = random.Random(seed)
    actors = [(f"Actor {i}", f"Country {i % 40}") for i in range(300)]
    day0 = date(2015, 1, 1)
    events = []
    for i in range(n):
        start = day0 + timedelta(days=rng.randrange(3650))
        grain = rng.choice(GRAINS)
        if grain == "multi":
            end, grain = start + timedelta(days=rng.randrange(1, 5)), "day"
        elif grain == "week":
            start -= timedelta(days=start.weekday())
            end = start + timedelta(days=6)
        elif grain == "month":
            start = start.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif grain == "year":
            start, end = date(start.year, 1, 1), date(start.year, 12, 31)
        else:
            end = start
        undated = rng.random() < 0.05
        who = rng.sample(actors, rng.choice((1, 2, 2)))
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 30))) + "."
        events.append(
            {
                "id": i + 1,
                "type": rng.choice(TYPES),
                "cameo": None,
                "plover": None,
                "label": "",
                "summary": f"{who[0][0]} {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "status": rng.choice(("happened", "planned", "reported")),
                "start": None if undated else start.isoformat(),
                "end": None if undated else end.isoformat(),
                "granularity": None if undated else grain,
                "date_text": None if undated else "in the period",
                "actors": [
                    {"name": name, "role": ("source", "target")[k], "country": country}
                    for k, (name, country) in enumerate(who)
                ],
                "location": f"City {rng.randrange(80)}",
                "confidence": round(rng.random(), 2),
                "origin": "extracted",
                "mentions": [
                    {
                        "document": f"doc-{i // 5}",
                        "source": f"Wire {i % 7}",
                        "published": end.isoformat() if not undated else None,
                        "sentence": sentence,
                    }
                ],
            }
        )
    return events


_CPU: list[float] = [0.0]  # CPU seconds of the last timed() call


def timed(fn: Any) -> tuple[float, Any]:
    """Wall seconds and the result; the CPU seconds (this process) go to ``_CPU[0]``.

    On a shared machine the wall time swings with the load; the CPU time much less.
    """
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    _CPU[0] = time.process_time() - c0
    return time.perf_counter() - t0, result


def naive_html(events: list[dict[str, Any]], path: Path) -> None:
    """The baseline a first attempt would write: one plotly trace (and shape) per event."""
    import plotly.graph_objects as go
    import plotly.io as pio

    fig = go.Figure()
    for ev in events:
        if ev["start"]:
            fig.add_trace(
                go.Scatter(
                    x=[ev["start"], ev["end"]],
                    y=[ev["actors"][0]["name"]] * 2,
                    mode="lines+markers",
                    hovertext=ev["mentions"][0]["sentence"],
                    name=ev["type"],
                )
            )
    path.write_text(pio.to_html(fig, include_plotlyjs=True), encoding="utf-8")


_HOVER_JS = """() => {
  // screen position of a drawn thing to hover: a density cell or a mark in the top lanes
  const gd = document.querySelector('.js-plotly-plot');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const [r0, r1] = xa.range.map(v => xa.r2l(v));
  for (const t of gd._fullData) {
    if (t.meta && t.meta.kind === 'density') {
      for (let li = 0; li < t.z.length; li++) {
        const k = t.z[li].findIndex(v => v !== null && v > 0);
        if (k >= 0) return [box.left + xa.d2p(t.x[k]), box.top + ya.d2p(li), 'density'];
      }
    }
  }
  for (const t of gd._fullData) {
    if (!t.meta || (t.meta.kind !== 'point' && t.meta.kind !== 'anchor')) continue;
    for (let i = 0; i < t.x.length; i++) {
      const xl = xa.d2l(t.x[i]);
      if (xl > r0 && xl < r1 && t.y[i] < 8) {
        return [box.left + xa.d2p(t.x[i]), box.top + ya.d2p(t.y[i]), 'marks'];
      }
    }
  }
  return null;
}"""


def _hover(page: Any) -> tuple[float, str]:
    """Seconds from moving the mouse onto a drawn thing to its hover label; what was hovered."""
    target = page.evaluate(_HOVER_JS)
    if target is None:
        raise SystemExit("nothing to hover on the page")
    x, y, what = target
    page.mouse.move(1, 1)
    page.wait_for_timeout(200)
    t0 = time.perf_counter()
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=60_000)
    return time.perf_counter() - t0, what


def browser_check(path: Path, zoom: bool = True) -> dict[str, Any]:
    """Headless Chromium without a GPU: first paint, hover zoomed out, zoom in, hover a mark."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise SystemExit("--browser needs Chromium")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        # first paint: the chart is drawn and the browser has rendered a frame after it (the
        # rest of the page, e.g. the hover texts of a large page, may still be loading)
        page.goto(path.as_uri(), timeout=300_000, wait_until="commit")
        page.wait_for_function(
            "() => { const gd = document.querySelector('.js-plotly-plot');"
            " return gd && gd._fullData !== undefined && gd.querySelector('.main-svg'); }",
            timeout=300_000,
            polling=20,
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        load = time.perf_counter() - t0
        page.wait_for_load_state("load", timeout=300_000)
        loaded = time.perf_counter() - t0
        hover_out, view_out = _hover(page)
        if not zoom:
            browser.close()
            return {"load_s": load, "loaded_s": loaded, "hover_out_s": hover_out}
        # zoom to the two weeks around the middle of the chart: the marks of that range are drawn
        zoom = page.evaluate(
            """async () => {
              const gd = document.querySelector('.js-plotly-plot');
              const xa = gd._fullLayout.xaxis;
              const [a, b] = gd._fullLayout.xaxis.range.map(v => xa.r2l(v));
              const mid = (a + b) / 2, day = 86400000;
              const t0 = performance.now();
              await Plotly.relayout(gd, {'xaxis.range': [xa.l2r(mid - 7 * day),
                                                         xa.l2r(mid + 7 * day)]});
              await new Promise(r => setTimeout(r, 0));
              return (performance.now() - t0) / 1000;
            }"""
        )
        page.wait_for_timeout(300)
        hover_in, view_in = _hover(page)
        browser.close()
    return {
        "load_s": load,
        "loaded_s": loaded,
        "hover_out_s": hover_out,
        "view_out": view_out,
        "zoom_s": zoom,
        "hover_in_s": hover_in,
        "view_in": view_in,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--png-max", type=int, default=10_000, help="PNG only up to this size")
    ap.add_argument("--browser", action="store_true", help="load each HTML page in Chromium")
    ap.add_argument("--db", help="also export this timeline database (all events) to HTML")
    ap.add_argument("--no-tables", action="store_true", help="skip the CSV and ICS exports")
    ap.add_argument("--keep", type=Path, help="write the files here instead of a temp dir")
    args = ap.parse_args(argv)

    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    has_chromium = find_chromium() is not None
    print(f"{'events':>8} {'format':<10} {'seconds':>8} {'cpu s':>6} {'MB':>8}  note")
    floor = None
    if args.browser and has_chromium:
        # the browser baseline of this run: plotly.js and a chart of 3 events
        small = out_dir / "bench_floor.html"
        export_events(synthetic_events(40)[:3], small)
        floor = browser_check(small, zoom=False)
        print(
            f"{3:>8} {'chromium':<10} {floor['load_s']:>8.2f} {'':>6} {'':>8}  first paint of "
            f"plotly.js and 3 events (browser baseline); hover {floor['hover_out_s']:.2f}s"
        )
    for n in args.sizes:
        events = synthetic_events(n)
        t_json, text = timed(lambda ev=events: json.dumps(ev))
        c_json = _CPU[0]
        print(
            f"{n:>8} {'json.dumps':<10} {t_json:>8.2f} {c_json:>6.2f} {len(text) / 1e6:>8.1f}  "
            "baseline"
        )
        html = out_dir / f"bench_{n}.html"
        t_html, result = timed(lambda ev=events, p=html: export_events(ev, p))
        c_html = _CPU[0]
        note = f"{c_html / c_json:.1f}x json.dumps (cpu); {result.undated} undated listed"
        size = result.bytes / 1e6
        print(f"{n:>8} {'html':<10} {t_html:>8.2f} {c_html:>6.2f} {size:>8.1f}  {note}")
        cdn = out_dir / f"bench_{n}_cdn.html"
        t_cdn, r_cdn = timed(lambda ev=events, p=cdn: export_events(ev, p, cdn=True))
        print(f"{n:>8} {'html --cdn':<10} {t_cdn:>8.2f} {_CPU[0]:>6.2f} {r_cdn.bytes / 1e6:>8.1f}")
        if n <= 1_000:
            naive = out_dir / f"bench_{n}_naive.html"
            t_naive, _ = timed(lambda ev=events, p=naive: naive_html(ev, p))
            size = naive.stat().st_size / 1e6
            ratio = f"ours is {_CPU[0] / c_html:.1f}x faster (cpu)"
            print(
                f"{n:>8} {'naive':<10} {t_naive:>8.2f} {_CPU[0]:>6.2f} {size:>8.1f}  "
                f"one trace/event; {ratio}"
            )
        if has_chromium and n <= args.png_max:
            png = out_dir / f"bench_{n}.png"
            t_png, r_png = timed(lambda ev=events, p=png: export_events(ev, p))
            print(
                f"{n:>8} {'png':<10} {t_png:>8.2f} {_CPU[0]:>6.2f} {r_png.bytes / 1e6:>8.2f}  "
                "cpu excludes Chromium"
            )
        for fmt in () if args.no_tables else ("csv", "ics"):
            path = out_dir / f"bench_{n}.{fmt}"
            t_fmt, r_fmt = timed(lambda ev=events, p=path: export_events(ev, p))
            print(f"{n:>8} {fmt:<10} {t_fmt:>8.2f} {_CPU[0]:>6.2f} {r_fmt.bytes / 1e6:>8.1f}")
        if floor is not None:
            check = browser_check(html)
            print(
                f"{n:>8} {'chromium':<10} {check['load_s']:>8.2f} {'':>6} {'':>8}  first paint; "
                f"whole page loaded {check['loaded_s']:.2f}s; hover {check['hover_out_s']:.2f}s "
                f"({check['view_out']}), zoom to 2 weeks "
                f"{check['zoom_s']:.2f}s, hover {check['hover_in_s']:.2f}s ({check['view_in']}); "
                f"paint {check['load_s'] / floor['load_s']:.1f}x the baseline; "
                "targets: paint < 5 s, hover < 0.5 s"
            )
        sys.stdout.flush()
    if args.db:
        from timeline.store import EventFilter, open_store

        with open_store(args.db, create=False) as store:
            t_q, events = timed(lambda: store.query(EventFilter()))
            path = out_dir / "db.html"
            t_h, res = timed(lambda: export_events(events, path))
            print(
                f"{len(events):>8} {'db html':<10} {t_q + t_h:>8.2f} {'':>6} "
                f"{res.bytes / 1e6:>8.1f}  query {t_q:.2f}s"
            )
    print(f"files in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
