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


def _name_key(name: str) -> str:
    return " ".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


@cache
def type_names() -> dict[str, str]:
    """Type name -> root code, from ``data/type_names.tsv`` and the root labels."""
    names = {_name_key(r["name"]): r["code"] for r in read_tsv("timeline.data", "type_names.tsv")}
    for code in root_codes():
        names.setdefault(_name_key(codes()[code].label), code)
    return names


def validate_type(code: str) -> str:
    """The normalised root type of a code or a name (``"4"`` -> ``"04"``, ``"consult"`` ->
    ``"04"``, ``"sanction"`` -> ``"16"``); raise InputError if unknown."""
    c = code.strip().lower()
    if c.isdigit() and len(c) == 1:
        c = "0" + c
    if c in root_codes():
        return c
    by_name = type_names().get(_name_key(code))
    if by_name is not None:
        return by_name
    raise InputError(
        f"unknown event type {code!r}: use a CAMEO root code 01..20, 'other' or a type name "
        f"({', '.join(sorted(n for n in type_names() if ' ' not in n)[:6])} ...)"
    )


def validate_prefix(code: str) -> str:
    """A CAMEO code used as a prefix filter (``"16"`` matches 161, 163 ...); InputError if no
    code of the table starts with it."""
    c = code.strip()
    if c.isdigit() and len(c) == 1:
        c = "0" + c
    if not (c.isdigit() and 2 <= len(c) <= 4) or not any(k.startswith(c) for k in codes()):
        raise InputError(f"unknown CAMEO code {code!r}: use 2 to 4 digits, e.g. 16 or 163")
    return c


def plover_categories() -> list[str]:
    return sorted({c.plover for c in codes().values() if c.plover})


def validate_plover(name: str) -> str:
    """A PLOVER category as written in the table (``"consult"`` -> ``"CONSULT"``)."""
    key = name.strip().upper()
    for cat in plover_categories():
        if key == cat or key in cat.split("|"):
            return cat
    raise InputError(
        f"unknown PLOVER category {name!r}: use one of {', '.join(plover_categories())}"
    )


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
