"""The learned event coder: a linear (softmax) head over :mod:`timeline.coder.features`.

The weights ship inside the package (``data/coder_model.json.gz``, fitted by
``scripts/train_coder.py`` on the project's own sentences and CAMEO-derived patterns; see
``docs/model_card.md``). Loading needs no network and no numpy: inference is a sparse dot product
in pure Python (about 20 features per sentence).
"""

from __future__ import annotations

import gzip
import json
import math
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from timeline.coder.features import Prepared, VerbHit, english_share, featurize, merge_plover
from timeline.errors import TimelineError

NONE = "NONE"
MODEL_FILE = "coder_model.json.gz"
REINSTALL = (
    "reinstall timeline (pip install --force-reinstall -e .) or rebuild it with "
    "python scripts/train_coder.py"
)
# a sentence of at least MIN_FOREIGN_WORDS lower-case words, fewer than MIN_KNOWN_SHARE of them
# known to the model and fewer than MIN_ENGLISH_SHARE English function words is not English
MIN_FOREIGN_WORDS = 4
MIN_KNOWN_SHARE = 0.35
MIN_ENGLISH_SHARE = 0.12
MIN_WORDS = 3


class ModelError(TimelineError):
    """The coder's model file is missing or unreadable (exit status 1)."""


@dataclass(frozen=True, slots=True)
class Prediction:
    """The coder's reading of one sentence."""

    plover: str  # one of the 15 classes, or "NONE"
    probability: float  # of that class
    cameo: str | None  # CAMEO code: of the verb pattern that agrees with the class, else default
    hits: tuple[VerbHit, ...]
    reason: str  # "model", "not_english", "empty"
    probs: tuple[tuple[str, float], ...] = ()  # every class's probability (empty if not coded)

    @property
    def is_event(self) -> bool:
        return self.plover != NONE


class CoderModel:
    """Classes, weights and the PLOVER -> CAMEO defaults of a fitted head."""

    def __init__(self, data: dict, source: str) -> None:
        try:
            self.classes: list[str] = list(data["classes"])
            self.weights: dict[str, list[float]] = data["weights"]
            self.default_cameo: dict[str, str] = dict(data["default_cameo"])
            self.meta: dict = dict(data.get("meta", {}))
            n = len(self.classes)
            if n < 2 or NONE not in self.classes or not self.weights:
                raise ValueError("no classes or weights")
            for vec in self.weights.values():
                if len(vec) != n:
                    raise ValueError("a weight row has the wrong length")
                break
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"corrupt coder model file {source} ({exc}); {REINSTALL}") from exc
        self.source = source

    def scores(self, feats: list[str]) -> list[float]:
        get = self.weights.get
        rows = [r for f in feats if (r := get(f)) is not None]
        return self._softmax(rows)

    def _softmax(self, rows: list[list[float]]) -> list[float]:
        acc = list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * len(self.classes)
        top = max(acc)
        exps = [math.exp(a - top) for a in acc]
        total = sum(exps)
        return [e / total for e in exps]

    def known_share(self, feats: list[str]) -> tuple[int, float]:
        """(number, share known to the model) of the sentence's lower-case word stems: the
        share is low for another language ("Le président a rencontré son homologue")."""
        plain = [f for f in feats if f.startswith("s:") and f not in ("s:<cap>", "s:<num>")]
        if not plain:
            return 0, 1.0
        return len(plain), sum(1 for f in plain if f in self.weights) / len(plain)

    def is_foreign(self, feats: list[str], words: list[str]) -> bool:
        """Not English: few known stems and few English function words (a short headline such
        as "Russia invades Ukraine" is left to the model)."""
        if english_share(words) >= MIN_ENGLISH_SHARE:
            return False  # the cheap test first (most sentences are English)
        n, known = self.known_share(feats)
        return n >= MIN_FOREIGN_WORDS and known < MIN_KNOWN_SHARE

    def predict(self, text: str, prepared: Prepared | None = None) -> Prediction:
        """The class of one sentence (``prepared``: its :func:`features.prepare`, if known)."""
        feats, words, hits = featurize(text, prepared)
        if len(words) < MIN_WORDS:
            return Prediction(NONE, 1.0, None, tuple(hits), "empty")
        if self.is_foreign(feats, words):
            return Prediction(NONE, 1.0, None, tuple(hits), "not_english")
        probs = self.scores(feats)
        k = max(range(len(probs)), key=probs.__getitem__)
        label = self.classes[k]
        code = None
        if label != NONE:
            agreeing = [h for h in hits if merge_plover(h.plover) == label]
            code = agreeing[0].cameo if agreeing else self.default_cameo.get(label)
        table = tuple(zip(self.classes, probs, strict=True))
        return Prediction(label, round(probs[k], 4), code, tuple(hits), "model", table)


MODEL_ENV = "TIMELINE_CODER_MODEL"


def load_model(path: str | Path | None = None) -> CoderModel:
    """The shipped model, or the one at ``path`` or in ``$TIMELINE_CODER_MODEL``; raises
    :class:`ModelError` naming the file."""
    if path is None:
        path = os.environ.get(MODEL_ENV) or None
    if path is None:
        return _shipped()
    return _cached(str(path))


@cache
def _cached(path: str) -> CoderModel:
    return _load(Path(path))


@cache
def _shipped() -> CoderModel:
    ref = resources.files("timeline.coder").joinpath(f"data/{MODEL_FILE}")
    return _load(Path(str(ref)))


def _load(path: Path) -> CoderModel:
    if not path.is_file():
        raise ModelError(f"coder model file not found: {path}; {REINSTALL}")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"corrupt coder model file {path} ({exc}); {REINSTALL}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"corrupt coder model file {path} (not a model); {REINSTALL}")
    return CoderModel(data, str(path))
