"""One loader for every resource file the package ships (TSV tables with a header line).

    >>> rows = read_tsv("timeline.data", "cameo.tsv")
    >>> rows[0]["code"], rows[0]["label"]
    ('01', 'make public statement')

Lines starting with ``#`` are comments and blank lines are skipped; cells are split on tabs
only (no quoting: a ``"`` is an ordinary character). The temporal tagger reads its rules
through its own module (``timeline.temporal.rules``).
"""

from __future__ import annotations

import csv
from importlib import resources


def read_tsv(package: str, path: str) -> list[dict[str, str]]:
    """The rows of the TSV file ``path`` (may contain ``/``) inside ``package``, as dicts."""
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and ln[0] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


__all__ = ["read_tsv"]
