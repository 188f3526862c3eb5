"""Event extraction: sentences -> typed events with actors, roles, location, time and status.

The work is an ordered list of small stages over candidate events (one per trigger match):

1. document (:mod:`timeline.events.document`): sentences, tokens, clauses, quotations, actor
   and place mentions (:mod:`timeline.events.actors`), trigger matches (``triggers.tsv``);
2. the stages of :mod:`timeline.events.stages`: filters (quoted, negated, complement,
   hypothetical) -> voice -> roles -> status -> place -> dating -> type refinement ->
   confidence -> summary; each returns the candidate, changed, or drops it;
3. merging (:mod:`timeline.events.merge`) of events repeated within the article, then the
   CAMEO actor codes of the actors.

Every decision is recorded as a rule id in ``ExtractedEvent.rules``. Words are data
(``lexicon/en/*.tsv``); ``timeline/events/README.md`` says how to add a trigger, a cue, an
actor or a stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from timeline.events.document import Trigger, quote_spans, sentences, triggers
from timeline.events.lexicon import actor_code
from timeline.events.merge import merge_events
from timeline.events.stages import STAGES, Candidate, Stage, run_stages
from timeline.events.types import ExtractedEvent
from timeline.temporal.types import Timex


def extract(
    text: str,
    published: date,
    timexes: list[Timex],
    *,
    stages: Sequence[Stage] = STAGES,
    dropped: list[tuple[str, str]] | None = None,
) -> list[ExtractedEvent]:
    """Events of an article ``text`` published on ``published`` with its time expressions.

    ``stages``: the candidate stages, in order (default ``STAGES``; a learned coder is one
    more, see :func:`timeline.events.stages.with_stage`). ``dropped`` (optional) collects
    ``(trigger rule, dropping rule)`` for every candidate a stage dropped.
    """
    events: list[ExtractedEvent] = []
    for sent in sentences(text, published, timexes):
        for m in sent.matches:
            c = run_stages(Candidate.of(sent, m, published), stages, dropped)
            if c is not None:
                events.append(c.to_event())
    merged = merge_events(events)
    for ev in merged:
        for actor in ev.actors:
            actor.code = actor_code(actor, ev.start or published)
    return merged


__all__ = ["Trigger", "extract", "merge_events", "quote_spans", "triggers"]
