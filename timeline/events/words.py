"""The closed word lists and confidence weights of the event stages, read from data files.

``lexicon/en/words.tsv`` (one list per line: id, ``|``-separated words, where, example) and
``lexicon/en/confidence.tsv`` (id, weight, when, example), both through ``read_tsv``.

    >>> "after" in words("clause_words")
    True
    >>> weight("dated")
    0.1
"""

from __future__ import annotations

from functools import cache

from timeline.events.lexicon import read_rows


@cache
def _lists() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in read_rows("words.tsv"):
        if row["id"] in out:
            raise ValueError(f"words.tsv: duplicate list id {row['id']!r}")
        out[row["id"]] = tuple(w for w in row["words"].split("|") if w)
    return out


def ordered(list_id: str) -> tuple[str, ...]:
    """A word list in file order (KeyError for an unknown id: a typo in code, not data)."""
    return _lists()[list_id]


@cache
def words(list_id: str) -> frozenset[str]:
    """A word list as a set."""
    return frozenset(ordered(list_id))


@cache
def _weights() -> dict[str, float]:
    return {row["id"]: float(row["weight"]) for row in read_rows("confidence.tsv")}


def weight(weight_id: str) -> float:
    """A confidence weight (``confidence.tsv``)."""
    return _weights()[weight_id]


def examples() -> list[tuple[str, str, str]]:
    """(file, id, example) of every word list and weight that has an example."""
    out = [("words.tsv", r["id"], r["example"]) for r in read_rows("words.tsv")]
    out += [("confidence.tsv", r["id"], r["example"]) for r in read_rows("confidence.tsv")]
    return [x for x in out if x[2].strip()]


__all__ = ["examples", "ordered", "weight", "words"]
