"""Small text helpers shared by the store, the lexicon and the CLI."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Kim Jong-un" -> "kim jong un".

    >>> fold("  Kim Jong-Un ") == fold("kim jong un") == "kim jong un"
    True
    >>> fold("Pyongyáng")
    'pyongyang'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()
