"""CAMEO codes: validation, labels and PLOVER categories, read from ``data/cameo.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from timeline.errors import InputError
from timeline.resources import read_tsv


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    label: str
    plover: str | None


@cache
def codes() -> dict[str, CameoCode]:
    rows = read_tsv("timeline.data", "cameo.tsv")
    return {
        r["code"]: CameoCode(r["code"], r["label"], r["plover"] or None) for r in rows if r["code"]
    }


def root_codes() -> list[str]:
    return [c for c in codes() if len(c) == 2 or c == "other"]


def validate_type(code: str) -> str:
    """Return the normalised root type (``"4"`` -> ``"04"``); raise InputError if unknown."""
    c = code.strip().lower()
    if c.isdigit() and len(c) == 1:
        c = "0" + c
    if c not in root_codes():
        raise InputError(f"unknown event type {code!r}: use a CAMEO root code 01..20 or 'other'")
    return c


def validate_cameo(code: str) -> str:
    """Validate a finer CAMEO code ("042", "163"): it must be a code of ``data/cameo.tsv``
    (a known root is not enough: "049" and "0420" are not CAMEO codes)."""
    c = code.strip()
    if not (c.isdigit() and 2 <= len(c) <= 4) or c[:2] not in root_codes():
        raise InputError(f"unknown CAMEO code {code!r}")
    if c not in codes():
        raise InputError(
            f"unknown CAMEO code {code!r}: not in the CAMEO table (see timeline/data/cameo.tsv)"
        )
    return c


def label(code: str) -> str:
    known = codes()
    if code in known:
        return known[code].label
    return known[code[:2]].label if code[:2] in known else code


def plover(code: str) -> str | None:
    """PLOVER category: exact code, else its 3-digit parent, else the root."""
    known = codes()
    for key in (code, code[:3], code[:2]):
        if key in known and known[key].plover:
            return known[key].plover
    return None
