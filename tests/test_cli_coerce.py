"""The light option conversion (``timeline.cli.coerce``) agrees with Typer's own on every
parameter of every command: the same value, or the same error."""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args, get_origin

import pytest
import typer.main

from timeline.cli import app, coerce

pytestmark = pytest.mark.skipif(
    coerce.RuntimeParam is None, reason="this Typer has no pydantic conversion to avoid"
)

RAW = [
    "",
    " ",
    "x",
    "abc",
    "table",
    " JSON ",
    "json",
    "csv",
    "jsonl",
    "timeml",
    "rules",
    "0",
    "1",
    "3",
    "12",
    "13",
    "-1",
    "007",
    "+3",
    " 4",
    "1.5",
    "0.25",
    "1e3",
    "99999999999999999999999",
    "2019-04-11",
    "date",
    "-date",
    "id",
]


def _params() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    out = []
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            if getattr(param, "type_descriptor", None) is not None:
                out.append((f"{command.name}:{param.name}", (command, param)))
    return out


PARAMS = _params()


def _outcome(fn: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = fn(value, param=param, ctx=ctx)
    except Exception as exc:  # the error itself is what must agree
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return ("error", (type(exc).__name__, message))
    return ("value", (type(result).__name__, result))


def _samples(param: Any) -> list[Any]:
    annotation = param.type_descriptor.annotation
    defaults = [] if param.default is None else [param.default]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        defaults += list(annotation)
    if get_origin(annotation) in (list, tuple):
        return defaults + [[v] for v in RAW] + [RAW[2:6], ["1", "2"], ("3", "x")]
    return defaults + RAW


@pytest.mark.parametrize("name,pair", PARAMS, ids=[n for n, _ in PARAMS])
def test_light_conversion_agrees_with_typer(name: str, pair: tuple[Any, Any]) -> None:
    command, param = pair
    descriptor = param.type_descriptor
    if descriptor.file_annotation is not None:
        pytest.skip("file parameters keep Typer's conversion")
    light = coerce.LightParam(
        annotation=descriptor.annotation,
        parameter_info=descriptor.parameter_info,
        descriptor=descriptor,
    )
    reference = light.typer_param()  # Typer's own conversion of this parameter
    ctx = typer.main.click.Context(command) if hasattr(typer.main, "click") else None
    if ctx is None:
        from typer import _click

        ctx = _click.Context(command)
    for value in _samples(param):
        got = _outcome(light._coerce_value, value, param, ctx)
        want = _outcome(reference._coerce_value, value, param, ctx)
        assert got == want, (name, value)


def test_every_command_takes_the_light_conversion() -> None:
    """The hook is active with the installed Typer: no parameter is left to pydantic's
    adapters unless it has to be (files)."""
    group = typer.main.get_command(app)
    from timeline.cli.application import _tidy_help

    _tidy_help(group)
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            if getattr(param, "type_descriptor", None) is None:
                continue
            if param.type_descriptor.file_annotation is None:
                assert isinstance(param._runtime_param, coerce.LightParam), param.name


def test_simple_values_never_build_a_pydantic_adapter() -> None:
    """The common values are converted here, not handed to Typer's conversion."""
    group = typer.main.get_command(app)
    command = group.commands["tag"]  # type: ignore[attr-defined]
    for param in command.params:
        descriptor = param.type_descriptor
        light = coerce.LightParam(
            annotation=descriptor.annotation,
            parameter_info=descriptor.parameter_info,
            descriptor=descriptor,
        )
        samples = [param.default] if param.default is not None else []
        ann = descriptor.annotation
        if isinstance(ann, type) and issubclass(ann, Enum):
            samples += [m.value for m in ann]
        if ann is int:
            samples += ["4"]
        if get_origin(ann) is list and get_args(ann) == (str,):
            samples += [["a", "b"]]
        for value in samples:
            if isinstance(value, bool):
                continue
            light._coerce_value(value, param=param, ctx=None)
        assert not light._typer, (param.name, samples)
