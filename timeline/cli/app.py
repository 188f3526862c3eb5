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


class _ErrorBoundaryGroup(TyperGroup):
    """Turn library errors into one line on stderr and an exit status; never a traceback."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
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
    _store: Store | None = field(default=None, repr=False)

    def store(self, create: bool = True) -> Store:
        """Open the store lazily (commands that need no database never touch it)."""
        if self._store is None:
            from timeline.store import open_store

            self._store = open_store(self.db, create=create)
        return self._store


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
            help="Database: a SQLite file path or any SQLAlchemy URL.",
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
) -> None:
    ctx.obj = AppState(db=db)


def state(ctx: typer.Context) -> AppState:
    obj = ctx.find_object(AppState)
    return obj if obj is not None else AppState()
