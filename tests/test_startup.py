"""Start-up: `--version`, and no command imports what it does not use.

Timings live in ``scripts/bench_startup.py``; these tests check the cause that the timings
depend on: which heavy libraries a fresh ``python -m timeline ...`` process imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import timeline
from timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Kim Jong Un met Donald Trump in Hanoi in February.\n"
STORE = ("sqlalchemy", "sqlmodel")
CHARTS = ("plotly", "kaleido")


def imported(args: list[str], stdin: str | None = None, cwd: Path | None = None) -> set[str]:
    """Top-level packages that ``python -m timeline ARGS`` imported (``-X importtime``)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "timeline", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(runner: CliRunner, flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"timeline {timeline.__version__}"


def test_version_matches_the_installed_metadata() -> None:
    from importlib.metadata import version

    assert version("timeline") == timeline.__version__


def test_help_imports_neither_the_store_nor_the_charts() -> None:
    names = imported(["--help"])
    assert "timeline" in names and not names & {*STORE, *CHARTS, "dateparser", "pydantic"}


def test_tag_does_not_import_the_store() -> None:
    names = imported(["tag", "-", "--dct", "2019-04-11"], stdin=SENTENCE)
    assert "timeline" in names and not names & {*STORE, *CHARTS, "pydantic"}


def test_extract_does_not_import_the_store() -> None:
    names = imported(["extract", "-", "--published", "2019-04-11"], stdin=SENTENCE)
    assert "timeline" in names and not names & {*STORE, *CHARTS, "pydantic"}


def test_query_on_a_sqlite_file_imports_neither_sqlalchemy_nor_the_charts(tmp_path: Path) -> None:
    """A SQLite file at the current schema is read with ``sqlite3`` alone
    (``timeline.store.sqlite_read``); option values need no pydantic (``timeline.cli.coerce``)."""
    names = imported(["--db", str(ROOT / "events.db"), "query"], cwd=tmp_path)
    assert "sqlite3" in names  # the probe sees real imports: a query reads the database
    assert not names & {*STORE, *CHARTS, "pydantic"}


def test_query_on_an_older_schema_goes_through_the_store(tmp_path: Path) -> None:
    """The store upgrades an older schema on a read, as before: SQLAlchemy does it."""
    import shutil

    db = tmp_path / "v1.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_v1.db", db)
    names = imported(["--db", str(db), "query", "--format", "json"], cwd=tmp_path)
    assert "sqlalchemy" in names


def test_query_on_a_url_goes_through_sqlalchemy(tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(ROOT / "events.db", db)
    names = imported(["--db", f"sqlite:///{db}", "query"], cwd=tmp_path)
    assert "sqlalchemy" in names


def test_import_timeline_is_light_and_its_names_still_work() -> None:
    code = (
        "import sys, timeline; assert 'timeline.temporal' not in sys.modules;"
        "from timeline import tag, parse_date_phrase, DateInterval, Timex;"
        "import timeline.store as s; assert 'sqlalchemy' not in sys.modules;"
        "s.open_store; assert 'sqlalchemy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
