"""Helpers shared by the tests that run against the CI's PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def wipe(url: str) -> None:
    """Drop every table of the test database at ``url`` (it is one the tests may wipe)."""
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        meta.drop_all(engine)
    finally:
        engine.dispose()


def backend_url(backend: str, directory: Path, name: str) -> str:
    """The database one test runs on: the SQLite file ``directory/name``, or for
    ``"postgresql"`` the CI's test database, wiped first (the test is skipped when
    TIMELINE_TEST_POSTGRES_URL is not set)."""
    if backend == "postgresql":
        url = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip("set TIMELINE_TEST_POSTGRES_URL to run")
        wipe(url)
        return url
    return str(directory / name)
