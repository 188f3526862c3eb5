"""Docs stay in step with the code: every command has help, an example and a README entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_expected_command_exists() -> None:
    expected = {"add", "query", "show", "edit", "delete", "actors", "stats", "tag", "ingest",
                "extract", "export"}  # fmt: skip
    assert expected <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"'timeline {command} --help' has no Example: block"


@pytest.mark.parametrize("command", _commands())
def test_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"^timeline (\[--db[^\]]*\] )?{command}\b", README, re.M) or re.search(
        rf"### .*\b{command}\b", README
    ), f"README.md does not document 'timeline {command}'"


def test_readme_quick_start_commands_name_real_files() -> None:
    for path in re.findall(r"\b(examples/[\w.\-]+)", README):
        assert (ROOT / path).exists(), path
    assert "pip install -e '.[dev]'" in README and "pytest" in README
