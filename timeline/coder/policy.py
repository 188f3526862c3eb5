"""How the rule coder and the learned coder are combined (``--coder both``).

The rules keep what they are good at (dated interval, status, negation and hypothetical
filtering, actors from the lexicon); the model decides where the rules have nothing, and checks
the rules' type where they have something. Per sentence:

1. The rules found an event with a PLOVER type X:
   - the model's class is X: X stays, ``coder.agree``; confidence = max(rule, model);
   - the model names another class Y with probability >= ``OVERRIDE`` and the rule's own
     confidence is below ``RULE_SURE``: the type becomes Y (CAMEO root of Y),
     ``coder.model_override``;
   - otherwise X stays, ``coder.rules_kept`` (the model's probability of X is recorded).
   Rule events without a PLOVER type (CAMEO 01/02 statements and appeals, domestic "other")
   are left to the rules.
2. The rules found nothing in the sentence: an event of the model's class Y when its probability
   is >= ``ADD`` (``coder.model_only``), with roles from :mod:`timeline.coder.roles`; never for
   NONE, empty or non-English sentences.

The thresholds were chosen by cross-validation on development data (``scripts/eval_plover.py
--cv``); they are data of the policy, not of the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.coder.model import Prediction

OVERRIDE = 0.7
RULE_SURE = 0.7
ADD = 0.5
CODERS = ("rules", "model", "both")


@dataclass(frozen=True, slots=True)
class Decision:
    plover: str | None  # the class decided, None = no event
    cameo: str | None  # CAMEO code for a model-decided type
    decided_by: str  # "rules" | "model" | "rules+model"
    probability: float | None  # the classifier's probability of the decided class
    rule: str  # coder.agree | coder.rules_kept | coder.model_override | coder.model_only | ...


def combine(
    rule_plover: str | None,
    rule_confidence: float | None,
    pred: Prediction,
    prob_of: dict[str, float] | None = None,
) -> Decision:
    """Decide one sentence's (or one rule event's) type from the rules' and the model's view.

    ``prob_of`` maps classes to the model's probabilities (to record the model's belief in the
    rules' class when the rules are kept); without it the kept class gets ``None``.
    """
    if rule_plover is not None:
        if pred.plover == rule_plover:
            return Decision(rule_plover, None, "rules+model", pred.probability, "coder.agree")
        if pred.is_event and pred.probability >= OVERRIDE and (rule_confidence or 0.0) < RULE_SURE:
            return Decision(
                pred.plover, pred.cameo, "model", pred.probability, "coder.model_override"
            )
        p = prob_of.get(rule_plover) if prob_of else None
        return Decision(rule_plover, None, "rules", p, "coder.rules_kept")
    if pred.is_event and pred.probability >= ADD:
        return Decision(pred.plover, pred.cameo, "model", pred.probability, "coder.model_only")
    return Decision(None, None, "model", pred.probability, f"coder.no_event.{pred.reason}")
