"""Error hierarchy. The library raises these; the CLI maps them to one line and an exit code.

Exit codes (DESIGN.md section 4): 0 ok, 1 runtime error, 2 usage / bad input.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base class: a runtime failure the user can act on (exit status 1)."""

    exit_code = 1


class InputError(TimelineError):
    """Bad input from the user: a malformed date, an unknown code, a bad file (exit status 2)."""

    exit_code = 2


class NotFoundError(TimelineError):
    """A thing the user named does not exist (an event id, an actor)."""

    exit_code = 1


class StoreError(TimelineError):
    """The database cannot be opened, is locked, is not a timeline database, ..."""

    exit_code = 1


class ExportError(TimelineError):
    """An export cannot be written (no Chromium for images, empty selection, ...)."""

    exit_code = 1
