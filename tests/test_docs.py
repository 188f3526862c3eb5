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


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_architecture_names_only_existing_modules() -> None:
    """Each dotted name in docs/architecture.md resolves: a module, or a name in one."""
    import importlib

    names = sorted(set(re.findall(r"\btimeline(?:\.[A-Za-z_]+)+", ARCHITECTURE)))
    assert len(names) > 20
    missing = []
    for name in names:
        parts = name.split(".")
        for k in range(len(parts), 0, -1):
            try:
                obj: object = importlib.import_module(".".join(parts[:k]))
            except ModuleNotFoundError:
                continue
            for attr in parts[k:]:
                if not hasattr(obj, attr):
                    missing.append(name)
                    break
                obj = getattr(obj, attr)
            break
        else:
            missing.append(name)
    assert missing == []


def test_architecture_covers_every_package() -> None:
    """Every subpackage of timeline and every top-level module is named in the document."""
    pkg = ROOT / "timeline"
    named = set(re.findall(r"\btimeline(?:\.[A-Za-z_]+)+", ARCHITECTURE))
    for path in sorted(pkg.iterdir()):
        if path.name.startswith("_") or path.name in ("data",):
            continue
        if path.is_dir() and (path / "__init__.py").exists() or path.suffix == ".py":
            module = f"timeline.{path.stem}"
            assert any(n == module or n.startswith(module + ".") for n in named), module


def test_readme_python_api_example_runs() -> None:
    """The README's "Python API" section is runnable as written."""
    import contextlib
    import io
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], "README.md#python-api", "exec"), {"__name__": "readme"})
    printed = out.getvalue()
    assert "Thursday 2019-04-11 day" in printed
    assert "2019-04-08 2019-04-14 week" in printed
    assert "1 UN tightens sanctions" in printed
    assert "Kim Jong Un met Vladimir Putin" in printed  # the DataFrame's rows
