"""Tokenisation with character offsets, shared by the mention finder and the trigger matcher."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

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


class Token(NamedTuple):
    """A token of an article (immutable: a tuple, built without a Python-level ``__init__``)."""

    text: str
    start: int  # char offsets in the article text
    end: int
    key: str  # folded text ("" for punctuation)
    lower: str  # lower-cased text
    is_cap: bool  # starts with an upper-case letter
    first: str = ""  # first word of ``key`` ("son" for "Son-hui"), the lexicon index key

    @property
    def is_word(self) -> bool:
        return bool(self.key)

    @property
    def is_possessive(self) -> bool:
        return self.lower in ("'s", "’s")


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=1 << 16)
def _forms(token: str) -> tuple[str, str, bool, str]:
    """(folded key, lower case, capitalised, first word of the key) of a token string,
    computed once per string."""
    lower = token.lower()
    key = lower if _ASCII_WORD.fullmatch(token) else fold(token)
    return key, lower, token[0].isupper(), key.split(" ", 1)[0]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    forms, new = _forms, tuple.__new__
    return [
        new(Token, ((t := m.group()), *m.span(), *forms(t)))
        for m in _TOKEN.finditer(text, start, len(text) if end is None else end)
    ]
