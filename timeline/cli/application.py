"""The Typer application object, the global options and the error boundary.

Command modules (``timeline/cli/*.py``) register themselves on ``app``. Only ``timeline/cli``
imports typer; everything it does is a call into the library.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from timeline.errors import TimelineError
from timeline.textutil import printable

if TYPE_CHECKING:
    from timeline.store import Store
    from timeline.store.sqlite_read import SqliteReader

DEFAULT_DB = "events.db"


def _usage_error_line(exc: Exception) -> str | None:
    """One line for a usage error (unknown option, missing argument); None for anything else."""
    if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
        return None
    if type(exc).__name__ == "NoArgsIsHelpError":  # `timeline` alone prints the help
        return None
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    message = " ".join(str(exc.format_message()).split())
    return f"Error: {message}{where}"


#: Global options that may also be written after the command (``timeline query --db x.db``).
_GLOBAL_WITH_VALUE = ("--db",)
_GLOBAL_FLAGS = ("--quiet", "-q")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move ``--db PATH``/``--db=PATH`` and ``--quiet`` written after the command to the
    front, where the group parses them (nothing after ``--`` is touched)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg in _GLOBAL_WITH_VALUE and i + 1 < len(args):
            front += args[i : i + 2]
            i += 2
            continue
        if arg.startswith(tuple(f"{o}=" for o in _GLOBAL_WITH_VALUE)) or arg in _GLOBAL_FLAGS:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


_DATE_OPTIONS = ("published", "dct", "ref", "date", "end", "date_from", "date_to")


def _tidy_help(group: Any) -> None:
    """Real metavars in every help page: flags show none (not ``<bool>``), an option without
    one shows its kind (``TEXT``, ``N``, ``PATH``), never ``<list[str]>``. Also gives every
    parameter the light value conversion of ``timeline.cli.coerce``."""
    if getattr(group, "_help_tidied", False):
        return
    from timeline.cli import coerce

    commands = [group, *getattr(group, "commands", {}).values()]
    for command in commands:
        _quiet_help_option(command)
        _plain_help_under_no_color(command)
        coerce.install(command)  # option values without pydantic where Typer's would agree
        for param in getattr(command, "params", []):
            if getattr(param, "param_type_name", "") == "argument":
                if param.metavar is None:
                    param.metavar = str(param.name or "value").upper()
                param.display_type_rich = _no_type  # the name column says it all
                continue
            if getattr(param, "param_type_name", "") != "option" or param.metavar is not None:
                continue
            if getattr(param, "is_flag", False):
                param.metavar = ""
                continue
            kind = getattr(getattr(param, "type", None), "name", "text").lower()
            if param.name in _DATE_OPTIONS:
                kind = "date"
            param.metavar = {
                "integer": "N",
                "path": "PATH",
                "float": "NUMBER",
                "date": "DATE",
            }.get(kind, "TEXT")
    group._help_tidied = True


def _no_type(ctx: Any) -> None:
    return None


def _quiet_help_option(command: Any) -> None:
    """``--help`` is a flag: no ``<bool>`` after it."""
    from timeline.cli import coerce

    original = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
            coerce.install_param(option)
        return option

    command.get_help_option = get_help_option


def _plain_help_under_no_color(command: Any) -> None:
    """Under NO_COLOR, help pages carry no escape codes at all. Typer's help console is set
    up only when a help page is written, so a command that prints no help never imports it."""
    original = command.format_help

    def format_help(ctx: Any, formatter: Any) -> Any:
        if os.environ.get("NO_COLOR"):
            from typer import rich_utils

            rich_utils.COLOR_SYSTEM = None
        return original(ctx, formatter)

    command.format_help = format_help


class _ErrorBoundaryGroup(TyperGroup):
    """Turn library errors into one line on stderr and an exit status; never a traceback."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        _tidy_help(self)
        if len(args) >= 2 and isinstance(args[1], list):
            args = (args[0], hoist_global_options(args[1]), *args[2:])
        try:
            return super().make_context(*args, **kwargs)
        except Exception as exc:
            line = _usage_error_line(exc)
            if line is None:
                raise
            typer.echo(line, err=True)
            raise typer.Exit(2) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            typer.echo(printable(f"Error: {exc}"), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(1) from None
        except Exception as exc:  # the last line of defence: one line, exit 1
            line = _usage_error_line(exc)
            if line is not None:
                typer.echo(line, err=True)
                raise typer.Exit(2) from None
            if _is_cli_signal(exc) or os.environ.get("TIMELINE_DEBUG"):
                raise
            typer.echo(
                printable(
                    f"Error: unexpected {type(exc).__name__}: {exc} "
                    "(set TIMELINE_DEBUG=1 for details)"
                ),
                err=True,
            )
            raise typer.Exit(1) from None


def _is_cli_signal(exc: BaseException) -> bool:
    """Typer's own exits, aborts and usage errors (click's, vendored or not) pass through."""
    return isinstance(exc, typer.Exit | typer.Abort) or type(exc).__module__.startswith(
        ("typer", "click")
    )


app = typer.Typer(
    cls=_ErrorBoundaryGroup,
    name="timeline",
    help="Turn diplomatic news into a trustworthy timeline of who did what, with whom, where "
    "and when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class AppState:
    """Global options, available to every command as ``ctx.obj``."""

    db: str = DEFAULT_DB
    quiet: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self, create: bool = True, readonly: bool = False) -> Store:
        """Open the store lazily (commands that need no database never touch it).

        ``readonly`` (read commands): a SQLite file is opened read-only, its journal mode left
        alone, so a 0444 file or a read-only directory works.
        """
        if self._store is None:
            from timeline.store import open_store

            self._store = open_store(self.db, create=create, readonly=readonly)
        return self._store

    def reader(self) -> Store | SqliteReader:
        """What a read-only listing queries: a SQLite file at the current schema is read with
        ``sqlite3`` alone (``timeline.store.sqlite_read``: no SQLAlchemy to import); anything
        else is the store opened read-only (URLs, PostgreSQL, a schema to upgrade)."""
        if self._store is not None:
            return self._store
        from timeline.store.sqlite_read import open_reader

        return open_reader(self.db) or self.store(create=False, readonly=True)


def _print_version(value: bool) -> None:
    if value:
        from timeline import __version__

        typer.echo(f"timeline {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str,
        typer.Option(
            "--db",
            "-d",
            envvar="TIMELINE_DB",
            metavar="PATH|URL",
            help="Database: a SQLite file path or any SQLAlchemy URL (also accepted after the "
            "command).",
            show_default=True,
        ),
    ] = DEFAULT_DB,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
    quiet_: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress, summaries or notes on stderr; only results and errors.",
        ),
    ] = False,
) -> None:
    ctx.obj = AppState(db=db, quiet=quiet_)


def state(ctx: typer.Context) -> AppState:
    obj = ctx.find_object(AppState)
    return obj if obj is not None else AppState()


def quiet(ctx: typer.Context) -> bool:
    """True under ``--quiet``: commands print results and errors only."""
    return state(ctx).quiet
