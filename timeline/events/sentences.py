"""Sentence splitting with character offsets, robust to news layout.

Headlines, captions and paragraphs are separate lines: a line break ends a sentence unless the
next line continues it (starts in lower case, or the line ends with a comma or hyphen). Inside a
line a sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes/brackets) followed by a space
and an upper-case letter, digit or opening quote, unless the word before the period is a known
abbreviation ("U.S.", "Mr.", "Jan."), a single initial ("J. Smith") or a run of two or three
initials ("B.J. Habibie", "P.J. Patterson"). A broadcast speaker label opening a line ("ANCHOR:",
"CORRESPONDENT:") belongs to no sentence.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from timeline.textutil import fold

_LINE = re.compile(r"[^\n]+")
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"((?:[A-Za-z]\.)*[A-Za-z]+)\.*$")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,2}[A-Z]")  # "B.J. Habibie", "J.R.R. Tolkien": initials
_OPENERS = "\"'“‘([" + "—–-"
_CONTINUE_AFTER = (",", "-", "–", "—", "(", ";", "/")


@cache
def abbreviations() -> frozenset[str]:
    """Folded abbreviations (without their final period) that do not end a sentence."""
    path = resources.files("timeline.events.lexicon").joinpath("en/abbreviations.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences of ``text``.

    ``text[start:end]`` is the sentence without surrounding white space.

    >>> t = "Title line\\n\\nMr. Kim met U.S. envoys. They left."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Title line', 'Mr. Kim met U.S. envoys.', 'They left.']
    """
    blocks = _blocks(text)
    out: list[tuple[int, int]] = []
    for start, end in blocks:
        label = _SPEAKER.match(text, start, end)
        if label:  # "ANCHOR: Army officers in Gabon seized power": the speaker is no sentence
            start = label.end()
        out.extend(_split_block(text, start, end))
    return out


# a broadcast transcript's speaker label opening a line ("ANCHOR:", "CORRESPONDENT:", "JOHN
# SMITH:"): one to three upper-case words, a colon, then a capitalised sentence
_SPEAKER = re.compile(r"\s*[A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+){0,2}:\s+(?=[A-Z\"“])")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Lines of text, joining a line with the next when the next one continues it."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    blocks: list[tuple[int, int]] = []
    for start, end in lines:
        if blocks:
            prev_start, prev_end = blocks[-1]
            prev = text[prev_start:prev_end].rstrip()
            nxt = text[start:end].lstrip()
            gap = text[prev_end:start]
            if gap.count("\n") == 1 and (nxt[:1].islower() or prev.endswith(_CONTINUE_AFTER)):
                blocks[-1] = (prev_start, end)
                continue
        blocks.append((start, end))
    return blocks


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    abbrevs = abbreviations()
    cuts = [start]
    for m in _END.finditer(text, start, end):
        nxt = _next_char(text, m.end(), end)
        if nxt is None or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1:
            word = _WORD_BEFORE.search(text, max(start, m.start() - 30), m.start() + 1)
            if word:
                w = word.group(1)
                if fold(w) in abbrevs or (len(w) == 1 and w.isupper()) or _INITIALS.fullmatch(w):
                    continue
        cuts.append(m.end())
    cuts.append(end)
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
    return spans


def _next_char(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None
