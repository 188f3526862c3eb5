"""The export-format registry: every format resolves through it, and a new format is one
module (a writer) plus one line in ``timeline.render.formats.FORMATS``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.render import export_events, resolve_format
from timeline.render import formats as registry
from timeline.render.formats import ExportFormat, by_file_name, format_help, output_help

FIXTURE = Path(__file__).parent / "fixtures" / "render_events.json"


def test_every_registered_writer_imports() -> None:
    for spec in registry.FORMATS:
        assert callable(spec.load_writer()), spec.name


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.html", "html"), ("a.HTM", "html"), ("a.png", "png"), ("a.svg", "svg"),
        ("a.pdf", "pdf"), ("a.json", "json"), ("a.csv", "csv"), ("a.ics", "ics"), ("a.tsv", "tsv"),
        ("a.timeline.json", "timelinejs"), ("A.TIMELINE.JSON", "timelinejs"),
    ],
)  # fmt: skip
def test_extensions(name: str, fmt: str) -> None:
    spec = by_file_name(name)
    assert spec is not None and spec.name == fmt
    assert resolve_format(Path(name)) == fmt


def test_unknown_extension_names_the_registry() -> None:
    with pytest.raises(InputError, match=r"\.html \.png \.svg \.pdf \.json \.csv \.tsv \.ics$"):
        resolve_format(Path("a.docx"))
    assert by_file_name(".json") is None  # a hidden file has no extension


def test_help_comes_from_the_registry() -> None:
    assert format_help() == (
        "html (interactive chart), png, svg, pdf (need Chromium), json, csv, "
        "tsv (GDELT/ACLED-style, importable), ics (calendar) or timelinejs"
    )
    assert "(.html .png .svg .pdf .json .csv .tsv .ics, and .timeline.json for TimelineJS)" in (
        output_help()
    )


def test_a_new_format_is_one_module_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tl_markdown_writer.py").write_text(
        "def export(job):\n"
        "    return ''.join(f'- {v.date_line()}: {v.summary}\\n' for v in job.views)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    line = ExportFormat("md", (".md",), "tl_markdown_writer:export", "listed", "Markdown")
    monkeypatch.setattr(registry, "FORMATS", (*registry.FORMATS, line))
    events = json.loads(FIXTURE.read_text(encoding="utf-8"))
    result = export_events(events, tmp_path / "out.md")
    assert result.format == "md" and result.events == len(events)
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert text.count("\n- ") + text.startswith("- ") == len(events)
    assert "md (Markdown)" in format_help()
    assert resolve_format(tmp_path / "x.txt", "MD") == "md"
    sys.modules.pop("tl_markdown_writer", None)
