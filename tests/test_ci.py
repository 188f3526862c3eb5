"""CI proves what the README promises: `.ci/run` runs the README's two quick-start commands.

The two commands are taken from the README's "Quick start" section (its first two ``bash``
blocks) and must stand in `.ci/run` as lines of their own, character for character, in the
same order, with nothing that upgrades pip before them (a new user's venv has the pip that
`python3 -m venv` brings).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def quick_start_commands(readme: str) -> list[str]:
    """The shell commands of the README's Quick start section, one per ``bash`` block."""
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.M | re.S)
    assert section, "README.md has no '## Quick start' section"
    blocks = re.findall(r"```bash\n(.*?)```", section.group(1), re.S)
    commands = []
    for block in blocks:
        lines = [ln for ln in block.strip().splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(lines) == 1, f"a quick-start block must be one command, got {lines}"
        commands.append(lines[0].strip())
    return commands


def ci_lines(script: str) -> list[str]:
    lines = (ln.strip() for ln in script.splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_the_readme_has_two_quick_start_commands() -> None:
    commands = quick_start_commands(README)
    assert len(commands) == 2, commands
    main_job, tests = commands
    assert "ingest examples/" in main_job and "export --output timeline.html" in main_job
    assert "pip install -e '.[dev]'" in tests and tests.endswith("pytest")


def test_ci_runs_the_readme_commands_verbatim_and_in_order() -> None:
    lines = ci_lines(CI_RUN)
    positions = []
    for command in quick_start_commands(README):
        assert command in lines, f".ci/run does not run the README command:\n{command}"
        positions.append(lines.index(command))
    assert positions == sorted(positions), "the README commands run out of order in .ci/run"


def test_ci_does_not_upgrade_pip_before_the_readme_commands() -> None:
    first = quick_start_commands(README)[0]
    before = ci_lines(CI_RUN)[: ci_lines(CI_RUN).index(first)]
    for line in before:
        upgrade = r"pip\b[^|;&]*install[^|;&]*(--upgrade|-U)\b[^|;&]*\bpip\b"
        assert not re.search(upgrade, line), line
        assert "pip install" not in line, f".ci/run installs before the README does: {line}"


def test_the_guard_sees_a_changed_command() -> None:
    """The check is not vacuous: a CI script running a different command fails it."""
    commands = quick_start_commands(README)
    altered = CI_RUN.replace(commands[1], commands[1].replace("'.[dev]'", "'.[dev,postgres]'"))
    assert commands[1] not in ci_lines(altered)
