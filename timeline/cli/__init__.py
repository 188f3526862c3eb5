"""Command-line interface: a thin Typer layer over the ``timeline`` library."""

from __future__ import annotations

# Importing the command modules registers their commands on ``app``.
from timeline.cli import events as _events  # noqa: F401
from timeline.cli import export as _export  # noqa: F401
from timeline.cli import importer as _importer  # noqa: F401
from timeline.cli import ingest as _ingest  # noqa: F401
from timeline.cli import tag as _tag  # noqa: F401
from timeline.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
