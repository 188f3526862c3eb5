"""PNG / SVG / PDF through kaleido (v1 drives a Chrome/Chromium found on this machine).

Nothing is downloaded: the browser is the system one (``TIMELINE_CHROMIUM``, ``/usr/bin/chromium``
or a chromium/chrome on ``PATH``), plotly.js is the copy inside the plotly package and MathJax
is switched off.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.errors import ExportError

if TYPE_CHECKING:
    from timeline.render.formats import ExportJob

IMAGE_FORMATS = ("png", "svg", "pdf")
NO_CHROMIUM = (
    "PNG/SVG/PDF export needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium)"
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_WELL_KNOWN = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    """The browser to render with, or None. ``TIMELINE_CHROMIUM`` wins when set."""
    explicit = os.environ.get("TIMELINE_CHROMIUM")
    if explicit is not None:
        path = shutil.which(explicit) or explicit
        return path if explicit and os.path.isfile(path) and os.access(path, os.X_OK) else None
    for path in _WELL_KNOWN:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def figure_size(figure: dict[str, Any]) -> tuple[int, int]:
    from timeline.render.chart import STATIC_WIDTH

    layout = figure.get("layout", {})
    return int(layout.get("width") or STATIC_WIDTH), int(layout.get("height") or 600)


def render_image(figure: dict[str, Any], fmt: str, *, timeout: float = 120.0) -> bytes:
    """Render a figure dict to ``fmt`` bytes; raise ExportError (one line) on any failure."""
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"not an image format: {fmt!r}")
    browser = find_chromium()
    if browser is None:
        raise ExportError(NO_CHROMIUM)
    try:
        import kaleido
        from kaleido.errors import ChromeNotFoundError
    except ImportError:  # pragma: no cover - kaleido is a dependency
        raise ExportError("PNG/SVG/PDF export needs the kaleido package") from None

    import plotly

    width, height = figure_size(figure)
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    kopts: dict[str, Any] = {"path": browser, "mathjax": False, "timeout": timeout}
    if plotly_js.is_file():
        kopts["plotlyjs"] = str(plotly_js)
    try:
        data = kaleido.calc_fig_sync(
            figure,
            opts={"format": fmt, "width": width, "height": height, "scale": 1},
            kopts=kopts,
        )
    except ChromeNotFoundError:
        raise ExportError(NO_CHROMIUM) from None
    except Exception as exc:  # kaleido/choreographer raise many kinds; one line for the user
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ExportError(f"{fmt.upper()} rendering with {browser} failed: {detail}") from None
    if not data:
        raise ExportError(f"{fmt.upper()} rendering with {browser} produced no data")
    return bytes(data)


def export(job: ExportJob) -> bytes:
    """The ``png``/``svg``/``pdf`` exports (registry writer): the static chart, rendered."""
    from timeline.render.chart import build_figure

    figure, _ = build_figure(
        job.views,
        group_by=job.group_by,
        title=job.title,
        static=True,
        hover="none",
        actors=job.actors,
    )
    return render_image(figure, job.format)
