"""Shared fixtures: one fixed reference date, a temporary database, a CLI runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

#: The reference date of the bundled sample article: Thursday 2019-04-11.
REF = date(2019, 4, 11)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def ref() -> date:
    return REF


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never touch ./events.db: TIMELINE_DB points into the test's tmp dir."""
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "default-events.db"))
