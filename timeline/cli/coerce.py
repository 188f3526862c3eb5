"""Option values without pydantic for the common cases (start-up, issue 8).

Typer 0.29 converts every option value (defaults included) through a pydantic ``TypeAdapter``
built when the command runs: importing pydantic and building the adapters costs a command
tens of milliseconds before it does any work. The values our commands take are simple: text,
lists of text, our own ``parser=`` functions, enum choices and whole numbers. This module
converts those directly and hands anything else, and every value it would reject, to Typer's
own conversion, so results and error messages are Typer's (``tests/test_cli_coerce.py``
compares the two on every option of every command).

With a Typer that converts values differently (no ``typer._coercion``), nothing is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, get_args, get_origin

try:  # Typer's runtime conversion (0.29); absent in other versions
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice
except ImportError:  # pragma: no cover - another Typer: leave its conversion alone
    RuntimeParam = None  # type: ignore[assignment,misc]

_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


class _Fallback(Exception):
    """The value is not one of the simple cases: Typer converts it."""


def _simple(annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
    """The converted value, or ``_Fallback`` when Typer's conversion must decide."""
    origin = get_origin(annotation)
    if info.parser is not None:
        if origin is list:
            items = value if isinstance(value, list | tuple) else [value]
            return [_parse(info.parser, item) for item in items]
        if origin is not None:
            raise _Fallback
        return _parse(info.parser, value)
    if annotation is str:
        if isinstance(value, str):
            return value
        raise _Fallback
    if origin is list and get_args(annotation) == (str,):
        items = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(item, str) for item in items):
            return list(items)
        raise _Fallback
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        try:
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            raise _Fallback from None
    if annotation is int and not info.clamp:
        if type(value) is int:
            n = value
        elif isinstance(value, str) and _PLAIN_INT.fullmatch(value):
            n = int(value)
        else:
            raise _Fallback
        if (info.min is not None and n < info.min) or (info.max is not None and n > info.max):
            raise _Fallback
        return n
    raise _Fallback


def _parse(parser: Any, value: Any) -> Any:
    try:
        return parser(value)
    except ValueError:  # Typer words the message ("Value error, ...")
        raise _Fallback from None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class LightParam(RuntimeParam):
        """Simple values converted here; anything else by Typer's own ``RuntimeParam``."""

        descriptor: Any = None
        _typer: list[Any] = field(default_factory=list, repr=False, compare=False)

        def typer_param(self) -> Any:
            if not self._typer:
                self._typer.append(build_runtime_param(self.descriptor))
            return self._typer[0]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _simple(self.annotation, self.parameter_info, value, ctx)
            except (_Fallback, TypeError):  # TypeError: a Typer whose helpers changed shape
                return self.typer_param()._coerce_value(value, param=param, ctx=ctx)


def install(command: Any) -> int:
    """Give each parameter of ``command`` the light conversion; the number changed."""
    return sum(install_param(param) for param in getattr(command, "params", []))


def install_param(param: Any) -> bool:
    """Give one parameter the light conversion (True), unless Typer's is needed (False)."""
    if RuntimeParam is None:
        return False
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return False
    if descriptor.file_annotation is not None:
        return False
    try:
        light = LightParam(
            annotation=descriptor.annotation,
            parameter_info=descriptor.parameter_info,
            descriptor=descriptor,
        )
    except TypeError:  # a Typer whose RuntimeParam takes other fields: leave it alone
        return False
    param._runtime_param = light
    return True
