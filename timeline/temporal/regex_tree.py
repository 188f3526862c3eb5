"""A small parser for the regex subset of the rule patterns, for the first-word index.

``rules.first_words`` needs the structure of a rule's regex (which words can a match start
with?). CPython's own parser (``re._parser``) is private and changes between versions, so the
rules are parsed here instead. The tree mirrors the shape of that parser's output: a pattern is
a list of ``(op, argument)`` nodes:

- ``(LITERAL, code)``: one character (``code`` = ``ord``);
- ``(IN, items)``: a character set; ``items`` are ``(LITERAL, code)``, ``(RANGE, (lo, hi))``,
  ``(CATEGORY, name)`` (``DIGIT``, ``SPACE``, ``WORD``, ``NOT_DIGIT``, ...) and ``(NEGATE,
  None)``;
- ``(BRANCH, (None, [alternative, ...]))``, each alternative a pattern;
- ``(SUBPATTERN, (name, pattern))``: a group (capturing, non-capturing or with inline flags);
- ``(MAX_REPEAT | MIN_REPEAT, (lo, hi, pattern))`` (``hi`` = ``MAXREPEAT`` when unbounded);
- ``(ASSERT | ASSERT_NOT, (direction, pattern))``: look-ahead (1) / look-behind (-1);
- ``(AT, name)``: ``\\b``, ``^``, ``$`` ...; ``(ANY, None)``: ``.``; ``(GROUPREF, name)``.

Only the syntax is read; the meaning stays Python's: ``re.compile`` checks every pattern.
"""

from __future__ import annotations

from typing import Any

LITERAL = "LITERAL"
IN = "IN"
RANGE = "RANGE"
CATEGORY = "CATEGORY"
NEGATE = "NEGATE"
BRANCH = "BRANCH"
SUBPATTERN = "SUBPATTERN"
MAX_REPEAT = "MAX_REPEAT"
MIN_REPEAT = "MIN_REPEAT"
ASSERT = "ASSERT"
ASSERT_NOT = "ASSERT_NOT"
AT = "AT"
ANY = "ANY"
GROUPREF = "GROUPREF"
MAXREPEAT = 1 << 30

Node = tuple[str, Any]
Pattern = list[Node]

_CATEGORIES = {
    "d": "DIGIT",
    "D": "NOT_DIGIT",
    "s": "SPACE",
    "S": "NOT_SPACE",
    "w": "WORD",
    "W": "NOT_WORD",
}
_AT = {"b": "BOUNDARY", "B": "NON_BOUNDARY", "A": "BEGINNING", "Z": "END"}
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}


class RegexSyntaxError(ValueError):
    """The pattern uses syntax this parser does not know (or is malformed)."""


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0

    def error(self, what: str) -> RegexSyntaxError:
        return RegexSyntaxError(f"{what} at position {self.i} of {self.s!r}")

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def take(self, text: str) -> bool:
        if self.s.startswith(text, self.i):
            self.i += len(text)
            return True
        return False

    def alternation(self) -> Pattern:
        branches = [self.sequence()]
        while self.take("|"):
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        return [(BRANCH, (None, branches))]

    def sequence(self) -> Pattern:
        items: Pattern = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            atom = self.atom()
            if atom is None:
                continue
            quant = self.quantifier()
            if quant is None:
                items.append(atom)
                continue
            if atom[0] in (AT, ASSERT, ASSERT_NOT):
                raise self.error("nothing to repeat")
            lo, hi, lazy = quant
            items.append((MIN_REPEAT if lazy else MAX_REPEAT, (lo, hi, [atom])))
        return items

    def quantifier(self) -> tuple[int, int, bool] | None:
        ch = self.peek()
        if ch == "?":
            lo, hi = 0, 1
            self.i += 1
        elif ch == "*":
            lo, hi = 0, MAXREPEAT
            self.i += 1
        elif ch == "+":
            lo, hi = 1, MAXREPEAT
            self.i += 1
        elif ch == "{":
            close = self.s.find("}", self.i)
            body = self.s[self.i + 1 : close] if close > 0 else ""
            lo_s, comma, hi_s = body.partition(",")
            if close < 0 or not (lo_s.isdigit() or (comma and hi_s.isdigit())):
                return None  # a literal "{", as in Python
            if (lo_s and not lo_s.isdigit()) or (hi_s and not hi_s.isdigit()):
                return None
            lo = int(lo_s) if lo_s else 0
            hi = (int(hi_s) if hi_s else MAXREPEAT) if comma else lo
            if hi < lo:
                raise self.error("bad repeat interval")
            self.i = close + 1
        else:
            return None
        lazy = self.take("?")
        if self.peek() in ("+", "*", "?") and self.peek():
            raise self.error("multiple repeat")
        return lo, hi, lazy

    def atom(self) -> Node | None:
        ch = self.s[self.i]
        self.i += 1
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.charset()
        if ch == "\\":
            return self.escape()
        if ch == ".":
            return (ANY, None)
        if ch == "^":
            return (AT, "BEGINNING")
        if ch == "$":
            return (AT, "END")
        if ch in "*+?":
            raise self.error("nothing to repeat")
        return (LITERAL, ord(ch))

    def group(self) -> Node | None:
        name: str | None = None
        if self.take("?"):
            if self.take("#"):
                close = self.s.find(")", self.i)
                if close < 0:
                    raise self.error("unterminated comment")
                self.i = close + 1
                return None
            if self.take("P<"):
                close = self.s.find(">", self.i)
                if close < 0:
                    raise self.error("unterminated group name")
                name, self.i = self.s[self.i : close], close + 1
            elif self.take("P="):
                close = self.s.find(")", self.i)
                if close < 0:
                    raise self.error("unterminated group reference")
                ref, self.i = self.s[self.i : close], close + 1
                return (GROUPREF, ref)
            elif self.take(":"):
                pass
            elif self.take("="):
                return self.close((ASSERT, (1, self.alternation())))
            elif self.take("!"):
                return self.close((ASSERT_NOT, (1, self.alternation())))
            elif self.take("<="):
                return self.close((ASSERT, (-1, self.alternation())))
            elif self.take("<!"):
                return self.close((ASSERT_NOT, (-1, self.alternation())))
            else:  # inline flags: (?i:...), (?-i:...), (?i)
                start = self.i
                while self.peek() and self.peek() in "aiLmsux-":
                    self.i += 1
                if self.i == start:
                    raise self.error("unknown extension")
                if self.take(")"):
                    return None  # global flags: no structure
                if not self.take(":"):
                    raise self.error("bad inline flags")
        return self.close((SUBPATTERN, (name, self.alternation())))

    def close(self, node: Node) -> Node:
        if not self.take(")"):
            raise self.error("missing )")
        return node

    def escape(self) -> Node:
        if self.i >= len(self.s):
            raise self.error("bad escape (end of pattern)")
        ch = self.s[self.i]
        self.i += 1
        if ch in _CATEGORIES:
            return (IN, [(CATEGORY, _CATEGORIES[ch])])
        if ch in _AT:
            return (AT, _AT[ch])
        if ch.isdigit():
            return (GROUPREF, ch)
        if ch in _CONTROL:
            return (LITERAL, ord(_CONTROL[ch]))
        if ch.isalpha():
            raise self.error(f"unsupported escape \\{ch}")
        return (LITERAL, ord(ch))

    def charset(self) -> Node:
        items: list[Node] = []
        if self.take("^"):
            items.append((NEGATE, None))
        first = True
        while True:
            if self.i >= len(self.s):
                raise self.error("unterminated character set")
            ch = self.s[self.i]
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            self.i += 1
            if ch == "\\":
                if self.i >= len(self.s):
                    raise self.error("bad escape in set")
                esc = self.s[self.i]
                self.i += 1
                if esc in _CATEGORIES:
                    items.append((CATEGORY, _CATEGORIES[esc]))
                    continue
                if esc.isalnum() and esc not in _CONTROL:
                    raise self.error(f"unsupported escape \\{esc} in set")
                ch = _CONTROL.get(esc, esc)
            if self.peek() == "-" and self.peek(2)[1:] not in ("]", ""):
                self.i += 1
                hi = self.s[self.i]
                self.i += 1
                if hi == "\\":
                    hi = self.s[self.i]
                    self.i += 1
                if ord(hi) < ord(ch):
                    raise self.error("bad character range")
                items.append((RANGE, (ord(ch), ord(hi))))
            else:
                items.append((LITERAL, ord(ch)))
        if len(items) == 1 and items[0][0] == LITERAL:
            return items[0]  # "[.]" is the character itself
        return (IN, items)


def parse(source: str) -> Pattern:
    """The tree of ``source``; raises ``RegexSyntaxError`` on syntax it does not know."""
    parser = _Parser(source)
    tree = parser.alternation()
    if parser.i != len(source):
        raise parser.error("unbalanced parenthesis")
    return tree
