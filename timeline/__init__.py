"""timeline: news articles in, a trustworthy timeline of diplomatic events out."""

from __future__ import annotations

from timeline.dates import DateInterval
from timeline.errors import InputError, TimelineError
from timeline.temporal import Timex, parse_date_phrase, tag

__version__ = "0.1.0"

__all__ = [
    "DateInterval",
    "InputError",
    "TimelineError",
    "Timex",
    "__version__",
    "parse_date_phrase",
    "tag",
]
