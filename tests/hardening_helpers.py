"""Helpers shared by the hardening tests (issue 15): a CLI runner on a given database, the
one-line error contract, and the JSON of a query."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from timeline.cli import app

ARTICLE = """published: 2019-04-11
title: Moon and Trump meet at the White House
source: Example Wire

South Korean President Moon Jae-in met US President Donald Trump in Washington on Thursday.

The two leaders discussed the stalled nuclear talks with North Korea, officials said.
"""


def run(runner: CliRunner, db: Path, *args: str, stdin: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def one_error(result: Result, code: int) -> str:
    text = result.stdout + result.stderr
    assert result.exit_code == code, text
    assert "Traceback" not in text and "unexpected" not in text, text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    return lines[0]


def events(runner: CliRunner, db: Path, *args: str) -> list[dict[str, Any]]:
    result = run(runner, db, "query", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
