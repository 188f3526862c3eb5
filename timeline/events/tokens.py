"""Tokenisation with character offsets, shared by the mention finder and the trigger matcher."""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.textutil import fold

# "U.S." | words (with inner hyphens before lower case: "Son-hui", "self-reliance") |
# the possessive "'s" | any other single non-space character.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|\w+(?:-[a-z0-9]\w*)*(?:['’](?![sS]\b)[a-z]\w*)?"
    r"|['’][sS]\b"
    r"|[^\w\s]"
)
QUOTE_CHARS = frozenset("\"“”‘’'")
TRANSPARENT = frozenset({"-", "'", "’", "‐", "‑"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # char offsets in the article text
    end: int
    key: str  # folded text ("" for punctuation)
    lower: str  # lower-cased text

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return bool(self.key)

    @property
    def is_possessive(self) -> bool:
        return self.lower in ("'s", "’s")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    out = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        t = m.group()
        out.append(Token(t, m.start(), m.end(), fold(t), t.lower()))
    return out
