"""Small text helpers shared by the store, the lexicon and the CLI."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Kim Jong-un" -> "kim jong un".

    >>> fold("  Kim Jong-Un ") == fold("kim jong un") == "kim jong un"
    True
    >>> fold("Pyongyáng")
    'pyongyang'
    """
    # names and words are folded again and again (once per mention, per sentence): the short
    # ones are remembered; a long text is folded each time, so the cache stays small
    return _fold_short(text) if len(text) <= 64 else _fold(text)


@lru_cache(maxsize=1 << 15)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


# C0 controls except newline, DEL and the C1 controls (ESC, BEL, CSI U+009B ...): a terminal
# acts on them. Tab becomes a space; the rest is shown as a visible \xNN escape.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Text safe to print on a terminal: control characters escaped, newlines kept.

    >>> printable("Evil\x1b[31m red\x07\tend")
    'Evil\\x1b[31m red\\x07 end'
    """
    return _CONTROL.sub(_escape_control, text)


def _escape_control(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\t" else f"\\x{ord(ch):02x}"


def key_prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every space-separated key and its leading words ("new", "new york" for "new york
    city"): a lookup that extends a key word by word can stop at the first one not in it."""
    out: set[str] = set()
    for k in keys:
        words = k.split(" ")
        out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(out)
