"""Screenshot the sample timeline for the README: ``docs/img/sample_timeline.png``.

Exports the sample database (``events.db`` at the top of the repository, built by
``scripts/build_sample_db.py``; built on the fly in a temp dir when missing) to HTML with
``timeline export``, opens it in headless Chromium (Playwright with the system Chromium), hovers
an event so the label with its source sentence shows, and saves a screenshot of the chart.

Usage: python scripts/make_screenshot.py [--db events.db] [--output docs/img/sample_timeline.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.render import export_events  # noqa: E402
from timeline.render.image import find_chromium  # noqa: E402
from timeline.store import EventFilter, open_store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TITLE = "Sample timeline: North Korea sanctions article of 2019-04-11"

# Hover a mark in the lowest lane (its label then covers the least), the longest text first.
HOVER_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  let best = null;
  for (const t of gd._fullData) {
    if (t.meta.kind !== 'point' && t.meta.kind !== 'anchor') continue;
    t.x.forEach((x, i) => {
      const score = t.y[i] * 10000 + (t.hovertext[i] || '').length;
      if (!best || score > best.score) best = {t, i, score};
    });
  }
  if (!best) return null;
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  return [box.left + xa.d2p(best.t.x[best.i]), box.top + ya.d2p(best.t.y[best.i])];
}"""


def sample_db(db: Path, workdir: Path) -> Path:
    if db.exists():
        return db
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_sample_db import build

    built = workdir / "events.db"
    print(f"{db} not found; building the sample into {built}: {build(ROOT / 'examples', built)}")
    return built


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=ROOT / "events.db")
    ap.add_argument("--output", type=Path, default=ROOT / "docs" / "img" / "sample_timeline.png")
    ap.add_argument("--group-by", default="actor")
    args = ap.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print("no Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = sample_db(args.db, Path(tmp))
        with open_store(str(db), create=False) as store:
            events = store.query(EventFilter())
        page_path = Path(tmp) / "sample.html"
        result = export_events(events, page_path, group_by=args.group_by, title=TITLE)
        print(result.summary())
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 640}, device_scale_factor=1)
            page.goto(page_path.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg")
            # the hover label sits inside the chart: hover, then shoot the whole page top
            point = page.evaluate(HOVER_JS)
            if point:
                page.mouse.move(*point)
                page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
            page.screenshot(path=str(args.output), full_page=True)
            browser.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
