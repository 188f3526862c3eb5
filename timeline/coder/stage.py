"""The learned coder as one stage after the rule extractor: ``code_events``.

``coder`` is one of :data:`timeline.coder.policy.CODERS`:

- ``rules``: the rule events as they are (``coder="rules"``, no classifier probability);
- ``both``: the policy of :mod:`timeline.coder.policy` per sentence: the model checks the rules'
  PLOVER type (agree / keep / override) and adds events in sentences where the rules found none;
- ``model``: the model decides the type of every PLOVER event (a rule event whose sentence the
  model reads as no event is dropped) and adds events like ``both``; the rules still give the
  actors, dates, status and the negation/hypothetical filtering.

Every event gets ``coder`` (rules | model | rules+model), ``probability`` (the classifier's
probability of the decided class, None under ``rules``) and the policy's rule id in ``rules``.
A model-only event needs a subject that is an actor of the lexicon (never an invented actor) and
a finite event verb of the CAMEO table (not "those imposing sanctions", not a noun such as "the
meeting", not a headline without one); it is dropped when a negation (except for
REJECT), modal or condition cue precedes its verb, and it takes the time expression of its
sentence, else stays undated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from functools import cache

from timeline import cameo
from timeline.coder.features import VerbHit, may_have_verbs, merge_plover, prepare, token_spans
from timeline.coder.model import NONE, CoderModel, Prediction, load_model
from timeline.coder.policy import CODERS, combine
from timeline.coder.roles import Roles, anchor_start, find_roles
from timeline.errors import InputError
from timeline.events.actors import Context, Mention, find_mentions
from timeline.events.document import Sentence, quote_spans
from timeline.events.document import clauses as _clauses
from timeline.events.document import cue_before as _cue_before
from timeline.events.document import cue_in as _cue_in
from timeline.events.document import quoted_tokens as _quoted
from timeline.events.document import split_units as _split_units
from timeline.events.lexicon import to_ref
from timeline.events.stages import STAGES, Candidate, Stage, with_stage
from timeline.events.tokens import Token
from timeline.events.types import ExtractedEvent
from timeline.temporal.types import Timex

_BE = frozenset({"is", "are", "was", "were", "be", "been", "am", "'s", "’s"})
_NEGATION_OK = frozenset({"REJECT"})  # "refused to", "would not accept" are rejections


def check_coder(coder: str) -> str:
    if coder not in CODERS:
        raise InputError(f"unknown coder {coder!r}: use one of {', '.join(CODERS)}")
    return coder


def coder_stages(
    coder: str, stages: Sequence[Stage] = STAGES, model: CoderModel | None = None
) -> tuple[Stage, ...]:
    """The event stages with the learned coder plugged in as one stage after ``confidence``
    (``rules``: the stages unchanged). The stage recodes every rule candidate that has a PLOVER
    type by the policy; :func:`code_events` then adds the events the rules missed."""
    check_coder(coder)
    if coder == "rules":
        return tuple(stages)
    stage = candidate_stage(coder, model or load_model())
    return with_stage(stage, after="confidence", stages=stages)


def candidate_stage(coder: str, model: CoderModel) -> Stage:
    """A stage (Candidate -> Candidate | None) applying ``coder`` (model | both)."""
    cache: dict[tuple[int, int], Prediction] = {}

    def learned_coder(c: Candidate) -> Candidate | None:
        code = c.cameo or c.type
        plover = _merged(cameo.plover(code)) if code != "other" else None
        if plover is None:
            return c  # statements, appeals, domestic "other": the rules' own
        s = c.sentence
        key = (s.start, s.end)
        pred = cache.get(key)
        if pred is None:
            if len(cache) > 256:
                cache.clear()
            pred = cache[key] = model.predict(s.text[s.start : s.end])
        if coder == "both":
            d = combine(plover, c.confidence, pred, dict(pred.probs))
            c.rules.append(d.rule)
            c.coder = d.decided_by
            c.probability = None if d.probability is None else round(d.probability, 4)
            if d.rule == "coder.agree":
                c.confidence = round(max(c.confidence, pred.probability), 2)
            elif d.rule == "coder.model_override":
                _retype(c, pred)
            return c
        if not pred.is_event:
            c.rules.append("coder.model_no_event")
            return None
        c.probability = round(pred.probability, 4)
        if plover == pred.plover:
            c.coder = "rules+model"
            c.rules.append("coder.model_type")
        elif _is_anchor(c, pred):
            _retype(c, pred)
            c.rules.append("coder.model_type")
        else:
            # the model's class is about another verb of the sentence ("met ... but failed to
            # reach an agreement"): this trigger keeps the rules' type
            c.probability = round(dict(pred.probs).get(plover, 0.0), 4)
            c.rules.append("coder.model_other_verb")
        return c

    return learned_coder


def code_events(
    text: str,
    published: date,
    timexes: list[Timex],
    events: list[ExtractedEvent],
    coder: str = "rules",
    model: CoderModel | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> list[ExtractedEvent]:
    """The article's events plus the model's events in sentences where the rules found no
    PLOVER event (the rule events were recoded by :func:`candidate_stage` already).

    ``sentences``: the extractor's sentences of this article (``extract(...,
    sentences_out=...)``, as :func:`timeline.pipeline.pipeline` passes them); without them the
    actor mentions are looked up again, sentence by sentence."""
    check_coder(coder)
    if coder == "rules":
        return events
    model = model or load_model()
    by_sentence: dict[int, list[ExtractedEvent]] = {}
    for ev in events:
        by_sentence.setdefault(ev.sentence_start, []).append(ev)
    added: list[ExtractedEvent] = []
    ctx = Context(published)
    quotes = quote_spans(text)
    q_starts = [s for s, _ in quotes]
    spans, unit_list = _split_units(text)  # the extractor's, not split and tokenised again
    units = {u[0]: u for u in unit_list}
    labels = frozenset(c for c in model.classes if c != NONE)
    # the extractor's sentences of this article: their actor mentions were found with the whole
    # article's context and the sentence's own date (office holders), so they are reused, not
    # looked up again (without them: look them up)
    known = None if sentences is None else {s.start: s.mentions for s in sentences}
    for s_start, s_end in _spans(spans, by_sentence):
        if any(e.plover for e in by_sentence.get(s_start, [])):
            continue
        if s_start not in units:
            continue
        sentence = text[s_start:s_end]
        _, u_end, tokens = units[s_start]
        if u_end == s_end and not may_have_verbs([t.lower for t in tokens]):
            continue  # no event verb of the CAMEO table: no model event (see _model_event)
        quoted = _quoted(quotes, q_starts, tokens)
        if known is not None:
            # a model event needs a source actor among the sentence's mentions (_actors): a
            # sentence without one is not classified
            mentions = [m for m in known.get(s_start, ()) if m.is_actor]
            if not mentions:
                continue
            probe = ctx
        else:
            # the sentence's actors, found on a copy of the article context: a sentence without
            # actors that would not change the context either can give no event (not
            # classified); the copy becomes the context once the sentence's actors are looked
            # up for an event. The probe and the verb checks below are pure filters (the
            # context changes only when an event is made), so their order does not change the
            # events: the probe, which lets through the fewest sentences, goes first
            probe = _copy_context(ctx)
            mentions = [m for m in find_mentions(tokens, probe, published, quoted) if m.is_actor]
            if not mentions and _same_context(probe, ctx):
                continue
        prepared = prepare(sentence)
        if not prepared[2]:
            continue
        s_end = u_end
        if not _may_add(text[s_start:s_end], s_start, tokens, quoted, prepared[2], labels):
            continue  # no class the model could give has a usable event verb: not classified
        pred = model.predict(sentence, prepared)
        decision = combine(None, None, pred)
        if decision.plover is None:
            continue
        found = _anchor(text[s_start:s_end], s_start, tokens, quoted, pred.hits, pred.plover)
        if found is None:
            continue
        ctx = probe
        new = _model_event(text, published, s_start, s_end, tokens, timexes, pred, found, mentions)
        if new is not None:
            added.append(new)
    out = events + added
    out.sort(key=lambda e: e.sentence_start)
    return out


@cache
def _context_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Context))


def _copy_context(ctx: Context) -> Context:
    """A copy of ``ctx`` whose containers (people, lists, word sets) can change on their own."""
    values = {}
    for name in _context_fields():
        v = getattr(ctx, name)
        if isinstance(v, dict):
            v = {k: set(x) if isinstance(x, set) else x for k, x in v.items()}
        elif isinstance(v, list):
            v = list(v)
        values[name] = v
    return Context(**values)


def _same_context(a: Context, b: Context) -> bool:
    for name in _context_fields():
        x, y = getattr(a, name), getattr(b, name)
        if x is not y and x != y:
            return False
    return True


def _may_add(
    sentence: str,
    s_start: int,
    tokens: list[Token],
    quoted: list[bool],
    hits: list[VerbHit],
    labels: frozenset[str],
) -> bool:
    """Whether a model event is possible in this sentence for some class of ``labels``: the
    checks of :func:`_model_event` that come before the sentence's actors are looked up (its
    event verb, quotation, finite verb, negation, modal and condition cues) depend on the class
    only through the verb hit it picks and the negation exception, so the classifier is run only
    where one of those pairs passes (same events, fewer sentences classified)."""
    first: dict[str, VerbHit] = {}
    for h in hits:
        first.setdefault(merge_plover(h.plover), h)
    # (hit, negation allowed) of every class: its own first hit, else the sentence's first hit
    pairs = {(h, label in _NEGATION_OK) for label, h in first.items() if label in labels}
    rest = labels.difference(first)  # classes without a hit of their own: the first hit
    if not rest.isdisjoint(_NEGATION_OK):
        pairs.add((hits[0], True))
    if not rest.issubset(_NEGATION_OK):
        pairs.add((hits[0], False))
    spans = token_spans(sentence)
    clause = None
    for hit, negation_ok in sorted(pairs, key=lambda p: (p[0].index, p[1])):
        at = anchor_start(sentence, hit, spans)
        if at is None:
            continue
        if clause is None:
            clause = _clauses(tokens)
        if _anchor_ok(tokens, quoted, clause, s_start + at, negation_ok):
            return True
    return False


def _anchor(
    sentence: str,
    s_start: int,
    tokens: list[Token],
    quoted: list[bool],
    hits: tuple[VerbHit, ...] | list[VerbHit],
    label: str,
) -> tuple[Roles, int] | None:
    """The roles and the event verb's token of a model event of class ``label``, or None when
    the sentence cannot carry one (see :func:`_anchor_ok`)."""
    roles = find_roles(sentence, hits, label)
    if roles.anchor is None:
        return None  # no event verb of the CAMEO table: the class alone ("sanctions lifted")
    pos = s_start + roles.anchor[0]
    anchor = _anchor_ok(tokens, quoted, _clauses(tokens), pos, label in _NEGATION_OK)
    return None if anchor is None else (roles, anchor)


def _anchor_ok(
    tokens: list[Token], quoted: list[bool], clause: list[int], pos: int, negation_ok: bool
) -> int | None:
    """The token of the event verb at character ``pos``, or None when it is quoted, not a
    finite verb, or negated (except for REJECT), modal or conditional in its clause."""
    anchor = _token_at(tokens, pos)
    if anchor is None:
        return None
    if quoted[anchor]:
        return None
    word = tokens[anchor].lower
    before = {t.lower for t in tokens[max(0, anchor - 2) : anchor]}
    if word.endswith("ing") and not before & _BE:
        return None  # "those imposing sanctions", "by ensuring": not a finite event verb
    lo = anchor
    while lo > 0 and clause[lo - 1] == clause[anchor]:
        lo -= 1
    if not negation_ok and _cue_before(tokens, anchor, lo, "negation"):
        return None
    if _cue_before(tokens, anchor, lo, "modal") or _cue_in(tokens, lo, anchor, "condition"):
        return None
    return anchor


def _is_anchor(c: Candidate, pred: Prediction) -> bool:
    """Whether the model's event verb is this candidate's trigger (or the model has none)."""
    s, toks = c.sentence, c.sentence.tokens
    text = s.text[s.start : s.end]
    anchor = find_roles(text, pred.hits, pred.plover).anchor
    if anchor is None:
        return True
    lo = toks[c.match.start].start - s.start
    hi = toks[c.match.end - 1].end - s.start
    return anchor[0] < hi and anchor[1] > lo


def _spans(
    spans: list[tuple[int, int]], by_sentence: dict[int, list[ExtractedEvent]]
) -> list[tuple[int, int]]:
    """Sentence spans as the extractor cut them (its run-on pieces start where its events do)."""
    starts = {a for a, _ in spans}
    extra = [(ev[0].sentence_start, ev[0].sentence_end) for k, ev in by_sentence.items()
             if k not in starts]  # fmt: skip
    return sorted(spans + extra)


def _retype(c: Candidate, pred: Prediction) -> None:
    """The model's class replaces the rules' type (root, finer code where the table has it)."""
    c.coder = "model"
    c.probability = round(pred.probability, 4)
    code = pred.cameo or "010"
    c.type, c.cameo = code[:2], _known_code(code)
    c.plover = _plover_of(code, pred.plover)
    c.label = cameo.label(c.cameo or c.type)
    c.confidence = round(pred.probability, 2)


def _known_code(code: str) -> str | None:
    """The code itself or its 3-digit parent when the project's CAMEO table has it, else None
    (the event keeps its root type only)."""
    known = cameo.codes()
    return next((k for k in (code, code[:3]) if len(k) >= 3 and k in known), None)


def _plover_of(code: str, label: str) -> str:
    p = cameo.plover(code)
    return p if p and _merged(p) == label else label.split("|")[0]


def _merged(plover: str | None) -> str | None:
    return "CONCEDE|RETREAT" if plover in ("CONCEDE", "RETREAT") else plover


def _model_event(
    text: str,
    published: date,
    s_start: int,
    s_end: int,
    tokens: list[Token],
    timexes: list[Timex],
    pred: Prediction,
    found: tuple[Roles, int],
    mentions: list[Mention],
) -> ExtractedEvent | None:
    """The model's event in a sentence: ``found`` are its roles and event verb (:func:`_anchor`),
    ``mentions`` its actor mentions."""
    sentence = text[s_start:s_end]
    roles, anchor = found
    rules = ["coder.model_only", roles.rule]
    actors = _actors(tokens, mentions, roles, s_start, anchor)
    if not actors:
        return None
    status = "happened"
    if anchor is not None and _cue_before(tokens, anchor, max(0, anchor - 4), "planned"):
        status = "planned"
        rules.append("status.future")
    start = end = None
    granularity = date_text = timex_value = None
    inside = [t for t in timexes if s_start <= t.start < s_end and t.interval is not None]
    if inside:
        pos = tokens[anchor].start if anchor is not None else s_start
        tx = min(inside, key=lambda t: abs(t.start - pos))
        start, end = tx.interval  # type: ignore[misc]
        granularity, date_text, timex_value = tx.granularity or "day", tx.text, tx.value
        rules.append("time.clause_timex")
        if start > published and status == "happened":
            status = "planned"
            rules.append("status.future_date")
    else:
        rules.append("time.undated")
    code = pred.cameo or "010"
    finer = _known_code(code)
    trigger = text[tokens[anchor].start : tokens[anchor].end] if anchor is not None else ""
    src = next((a.name for a in actors if a.role == "source"), None)
    tgt = next((a.name for a in actors if a.role == "target"), None)
    summary = " ".join(x for x in (src, trigger or cameo.label(finer or code[:2]), tgt) if x)
    rules.extend(f"model.{h.row}" for h in pred.hits if _merged(h.plover) == pred.plover)
    return ExtractedEvent(
        type=code[:2],
        label=cameo.label(finer or code[:2]),
        summary=summary,
        sentence=sentence,
        sentence_start=s_start,
        sentence_end=s_end,
        cameo=finer,
        plover=_plover_of(code, pred.plover),
        status=status,
        start=start,
        end=end,
        granularity=granularity,
        date_text=date_text,
        timex_value=timex_value,
        actors=actors,
        confidence=round(min(0.95, pred.probability), 2),
        trigger=trigger,
        rules=rules,
        coder="model",
        probability=round(pred.probability, 4),
    )


def _token_at(tokens: list[Token], pos: int) -> int | None:
    for i, t in enumerate(tokens):
        if t.start <= pos < t.end or t.start >= pos:
            return i
    return None


def _actors(
    tokens: list[Token],
    mentions: list[Mention],
    roles: Roles,
    s_start: int,
    anchor: int | None,
) -> list:
    """Lexicon actors for the source and target phrases (a mention inside the phrase, else the
    nearest mention on that side of the verb)."""

    def inside(span: tuple[int, int] | None) -> Mention | None:
        if span is None:
            return None
        lo, hi = s_start + span[0], s_start + span[1]
        return next(
            (m for m in mentions if tokens[m.start].start < hi and tokens[m.end - 1].end > lo),
            None,
        )

    src = inside(roles.source)
    if src is None:
        return []  # the subject is not a known actor ("The comments signalled ..."): no event
    tgt = inside(roles.target)
    if tgt is None and anchor is not None and not roles.passive:
        tgt = next((m for m in mentions if m.start > anchor and m is not src), None)
    out = []
    if src.entity is not None:
        out.append(to_ref(src.entity, mention=src.text, role="source"))
    if tgt is not None and tgt.entity is not None and tgt is not src:
        if not out or out[0].name != tgt.entity.name:
            out.append(to_ref(tgt.entity, mention=tgt.text, role="target"))
    return out
