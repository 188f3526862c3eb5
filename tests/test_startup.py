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
from timeline.cli import MODULES, app

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
    assert "timeline" in names and not names & {*STORE, *CHARTS, "pydantic", "rich"}


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


def imported_modules(args: list[str], cwd: Path | None = None) -> set[str]:
    """Every module (dotted names) that ``python -m timeline ARGS`` imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "timeline", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_a_command_imports_only_its_own_command_module(tmp_path: Path) -> None:
    """``timeline query`` loads the module of ``query``, not those of export, ingest, tag;
    JSON output needs no rich."""
    names = imported_modules(
        ["--db", str(ROOT / "events.db"), "query", "--format", "json"], cwd=tmp_path
    )
    assert "timeline.cli.events" in names  # the probe sees real imports
    others = {"timeline.cli.export", "timeline.cli.ingest", "timeline.cli.tag", "rich"}
    assert not names & others


def test_the_command_map_names_each_commands_module() -> None:
    """``timeline.cli.COMMAND_MODULES`` (a start-up shortcut) is exact: every command, the
    module that registers it."""
    import timeline.cli as cli

    registered = {}
    for info in app.registered_commands:
        name = (info.name or info.callback.__name__).replace("_", "-")  # type: ignore[union-attr]
        registered[name] = info.callback.__module__.rsplit(".", 1)[-1]  # type: ignore[union-attr]
    assert registered == cli.COMMAND_MODULES
    assert set(registered.values()) == set(cli.MODULES)


@pytest.mark.parametrize(
    "args,name",
    [
        (["query"], "query"),
        (["--db", "x.db", "query", "--db", "y.db"], "query"),
        (["--db=x.db", "-q", "tag", "-"], "tag"),
        (["-d", "tag", "export", "out.html"], "export"),
        (["--help"], None),
        (["--version"], None),
        (["-V", "query"], None),
        ([], None),
        (["--db"], None),
    ],
)
def test_command_name(args: list[str], name: str | None) -> None:
    from timeline.cli import command_name

    assert command_name(args) == name


def test_help_lists_every_command() -> None:
    """``timeline --help`` loads every command module: the list is complete."""
    import timeline.cli as cli

    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("│ ")]
    assert set(cli.COMMAND_MODULES) <= set(listed)


def test_an_unknown_command_is_still_refused_with_a_suggestion() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "quer"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 2
    assert "No such command 'quer'" in proc.stderr and "query" in proc.stderr


@pytest.mark.parametrize("args", [["--version"], ["-q", "-V"], ["--db", "x.db", "--version"]])
def test_version_loads_no_command(args: list[str]) -> None:
    names = imported_modules(args)
    commands = {f"timeline.cli.{m}" for m in MODULES}
    assert "timeline.cli.application" in names and not commands & names


def test_version_in_a_process_prints_the_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "-V"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == f"timeline {timeline.__version__}"
