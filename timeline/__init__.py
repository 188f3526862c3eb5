"""timeline: news articles in, a trustworthy timeline of diplomatic events out.

The public names below are imported on first use, so ``import timeline`` (and every CLI
command that does not need the tagger) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it (imported lazily, PEP 562)
_LAZY = {
    "DateInterval": "timeline.dates",
    "InputError": "timeline.errors",
    "TimelineError": "timeline.errors",
    "Timex": "timeline.temporal",
    "parse_date_phrase": "timeline.dates",
    "tag": "timeline.temporal",
}

if TYPE_CHECKING:
    from timeline.dates import DateInterval, parse_date_phrase
    from timeline.errors import InputError, TimelineError
    from timeline.temporal import Timex, tag


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "DateInterval",
    "InputError",
    "TimelineError",
    "Timex",
    "__version__",
    "parse_date_phrase",
    "tag",
]
