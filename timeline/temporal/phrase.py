"""One user-typed date phrase -> ``DateInterval``: kept as a name of the temporal package.

The implementation is :func:`timeline.dates.parse_date_phrase`, the one date-parsing entry
point of the CLI and the library (TIMEX3 values, strict ISO, ``--date-order`` for numeric
dates, phrases through this package's tagger, dateparser for absolute dates in other formats
and languages). This module only re-exports it, so ``timeline.temporal.parse_date_phrase``
and ``timeline.parse_date_phrase`` are the same function.
"""

from __future__ import annotations

from timeline.dates import parse_date_phrase

__all__ = ["parse_date_phrase"]
