"""The CLI error boundary: usage errors and unexpected failures are one line, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from timeline.cli import app


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "Error: No such option: --bogus (see 'timeline --help')"),
        (["query", "--bogus"], "Error: No such option: --bogus (see 'timeline query --help')"),
        (["show"], "Error: Missing argument 'ID'. (see 'timeline show --help')"),
        (["no-such-command"], "Error: No such command 'no-such-command'."),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    result = runner.invoke(app, args)
    lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
    assert result.exit_code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected)


def test_no_arguments_prints_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.stdout + result.stderr
    assert "Error" not in result.stdout + result.stderr


def test_unexpected_exception_is_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.store

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(timeline.store, "open_store", boom)
    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    result = runner.invoke(app, ["stats"])
    text = result.stdout + result.stderr
    assert result.exit_code == 1
    assert "Traceback" not in text
    assert [ln for ln in text.splitlines() if ln.strip()] == [
        "Error: unexpected ZeroDivisionError: boom (set TIMELINE_DEBUG=1 for details)"
    ]


@pytest.mark.parametrize(
    ("event", "label"),
    [
        ({"start": "2019-04-11", "end": "2019-04-11", "granularity": "day"}, "2019-04-11"),
        ({"start": "2019-02-01", "end": "2019-02-28", "granularity": "month"}, "2019-02 (month)"),
        ({"start": "2019-01-01", "end": "2019-12-31", "granularity": "year"}, "2019 (year)"),
        (
            {"start": "2019-04-04", "end": "2019-04-11", "granularity": "week"},
            "2019-04-04..04-11 (week)",
        ),
        (
            {"start": "2018-12-31", "end": "2019-01-06", "granularity": "week"},
            "2018-12-31..2019-01-06 (week)",
        ),
        ({"start": None, "end": None, "granularity": None}, "undated"),
    ],
)
def test_date_label_shows_precision(event: dict[str, str | None], label: str) -> None:
    from timeline.cli.output import date_label

    assert date_label(event) == label


@pytest.mark.parametrize("first", ["tag", "events", "export", "importer", "ingest"])
def test_app_is_the_typer_app_after_a_command_module(first: str) -> None:
    """Importing a command module first must not shadow ``timeline.cli.app`` with a module."""
    import subprocess
    import sys

    code = (
        f"import timeline.cli.{first}\n"
        "import typer\n"
        "from timeline.cli import app\n"
        "assert isinstance(app, typer.Typer), type(app)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
