"""Command-line interface: a thin Typer layer over the ``timeline`` library.

Importing a command module registers its commands on ``app``. ``from timeline.cli import app``
registers them all (PEP 562). ``main`` (the ``timeline`` program) imports only the module of
the command it runs, when it can tell which one from the arguments; help, ``--version`` and
anything it cannot tell load every command, so the help lists them all.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.cli.application import app

#: The command modules, in the order their commands are listed in ``timeline --help``.
MODULES = ("events", "export", "importer", "ingest", "tag")

#: command -> the module that registers it: only a start-up shortcut (a command missing here,
#: or moved, still works: every module is then loaded). ``tests/test_startup.py`` keeps it exact.
COMMAND_MODULES = {
    "add": "events",
    "query": "events",
    "show": "events",
    "merge": "events",
    "split": "events",
    "edit": "events",
    "delete": "events",
    "actors": "events",
    "stats": "events",
    "export": "export",
    "import": "importer",
    "ingest": "ingest",
    "extract": "ingest",
    "tag": "tag",
}


def load_commands(modules: tuple[str, ...] = MODULES) -> None:
    for name in modules:
        # __import__, not importlib.import_module: ``python -X importtime`` (the start-up
        # probes of tests/test_startup.py and scripts/bench_startup.py) sees it
        __import__(f"timeline.cli.{name}")


def registered() -> set[str]:
    """The names of the commands registered on ``app`` so far."""
    from timeline.cli.application import app

    names = set()
    for info in app.registered_commands:
        name = info.name or getattr(info.callback, "__name__", None) or ""
        names.add(str(name).replace("_", "-"))
    return names


def _first_word(args: list[str]) -> str | None:
    """The first argument after the global options ``--db PATH`` and ``-q``."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--db", "-d"):
            i += 2
            continue
        if arg.startswith("--db=") or arg in ("--quiet", "-q"):
            i += 1
            continue
        return arg
    return None


def command_name(args: list[str]) -> str | None:
    """The command ``args`` run (``timeline [--db PATH] [-q] COMMAND ...``), or None: help,
    ``--version`` or an option this does not know before the command."""
    word = _first_word(args)
    return None if word is None or word.startswith("-") else word


def __getattr__(name: str) -> Any:
    if name == "app":
        load_commands()
        from timeline.cli.application import app

        globals()["app"] = app
        return app
    raise AttributeError(f"module 'timeline.cli' has no attribute {name!r}")


def main() -> None:
    from timeline.cli.application import app

    args = sys.argv[1:]
    if _first_word(args) in ("--version", "-V"):  # eager: printed before any command is read
        app()
        return
    module = COMMAND_MODULES.get(command_name(args) or "")
    if module is not None:
        load_commands((module,))
    if module is None or command_name(args) not in registered():
        load_commands()
    app()


__all__ = ["app", "main"]
