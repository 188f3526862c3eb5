"""Temporal tagging: find time expressions and anchor them to the document creation time.

- ``tag(text, dct)``: TIMEX3 expressions of a text (rules as data + tense-aware anchoring).
- ``parse_date_phrase(phrase, ref)``: one user-typed date phrase -> ``DateInterval``, with
  the same semantics (used by ``add --date`` and ``query --from/--to``).
"""

from __future__ import annotations

from timeline.temporal.phrase import parse_date_phrase
from timeline.temporal.tagger import tag
from timeline.temporal.types import Timex

__all__ = ["Timex", "parse_date_phrase", "tag"]
