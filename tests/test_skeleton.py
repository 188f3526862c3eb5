from __future__ import annotations

import subprocess
import sys

from timeline.cameo import label, plover, validate_type
from timeline.errors import InputError
from timeline.textutil import fold


def test_fold_is_case_accent_punctuation_insensitive() -> None:
    assert fold("Kim Jong-un") == fold("KIM JONG UN") == "kim jong un"
    assert fold("Pyongyáng") == "pyongyang"


def test_validate_type() -> None:
    assert validate_type("4") == "04"
    assert validate_type("other") == "other"
    assert label("04") == "consult"
    assert plover("16") == "SANCTION"
    # PLOVER files CAMEO 163 (impose embargo/sanctions) under COERCE, not under its root's SANCTION
    assert plover("163") == "COERCE"
    assert plover("1621") == plover("162")  # a 4-digit code falls back to its parent
    try:
        validate_type("42")
    except InputError as exc:
        assert "42" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("42 is not a root code")


def test_python_dash_m_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, check=True
    )
    assert "timeline" in out.stdout
