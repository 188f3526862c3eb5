"""Helpers shared by the tests that run against the CI's PostgreSQL server."""

from __future__ import annotations


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
