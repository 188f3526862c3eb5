"""The event stages: small functions of a candidate event, run in order.

Each stage takes a :class:`Candidate` (one trigger match in one sentence) and returns it
(possibly changed, with the ids of the rules that decided appended to ``rules``) or ``None`` to
drop it (after appending the id of the rule that dropped it). ``STAGES`` is the default order:

    filters (quoted, negated, complement, hypothetical) -> voice -> roles -> status -> place
    -> dating -> type refinement -> confidence -> summary

The document stage (sentences, mentions, trigger matches) runs before them
(:mod:`timeline.events.document`) and merging after them (:mod:`timeline.events.merge`).
``extract(..., stages=...)`` takes another list: that is where a learned event coder plugs in,
as one more stage (see ``timeline/events/README.md``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from timeline import cameo
from timeline.events import venues
from timeline.events.actors import Mention
from timeline.events.chamber_seat import chamber_seat, seat
from timeline.events.document import Match, Sentence, cue_before, cue_in, cues
from timeline.events.gazetteer import Place
from timeline.events.lexicon import Entity, lexicon, to_ref
from timeline.events.roles import (
    _infinitive_after,
    act_doers,
    after_quotation,
    find_actors,
    latest_pair,
    named_act_first,
    object_clauses,
    participle_after,
    standing_claim,
    within_reach,
)
from timeline.events.summary import summary_line
from timeline.events.tokens import Token
from timeline.events.types import ActorRef, ExtractedEvent
from timeline.events.voices import present_voice, voice_timex
from timeline.events.words import ordered, weight, words
from timeline.temporal.types import Timex

_DO = words("do_aux")
_BE = words("be_forms")
_RELATIVE = words("relative")


@dataclass(slots=True)
class Candidate:
    """One trigger match on its way to becoming an event; the stages fill it in."""

    sentence: Sentence
    match: Match
    published: date
    rules: list[str] = field(default_factory=list)
    clause_start: int = 0  # first token of the trigger's clause
    status: str = "happened"
    present: bool = False  # a present-tense verb ("meets")
    passive: bool = False
    actors: list[ActorRef] = field(default_factory=list)
    actor_rules: list[str] = field(default_factory=list)
    subject: list[Mention] = field(default_factory=list)
    object: list[Mention] = field(default_factory=list)
    location: tuple[str, str] | None = None  # (place name, its country)
    timex: Timex | None = None  # the time expression that dated it
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    date_text: str | None = None
    timex_value: str | None = None
    type: str = "other"
    cameo: str | None = None
    label: str = ""
    confidence: float = 0.5
    summary: str = ""
    plover: str | None = None  # set by a coder that retypes (else from ``cameo``)
    coder: str = "rules"  # who decided the type: rules | model | rules+model
    probability: float | None = None  # a learned coder's probability of the type
    evidence: list[str] = field(default_factory=list)  # how context decided (pronouns ...)

    @classmethod
    def of(cls, s: Sentence, m: Match, published: date) -> Candidate:
        return cls(s, m, published, [f"trigger.{m.trigger.id}"], s.clause_start(m.start))

    @property
    def code(self) -> str:
        """The trigger's CAMEO code ("040") or "other"."""
        return self.match.trigger.cameo

    def to_event(self) -> ExtractedEvent:
        s, m, toks = self.sentence, self.match, self.sentence.tokens
        return ExtractedEvent(
            type=self.type,
            label=self.label,
            summary=self.summary,
            sentence=s.text[s.start : s.end],
            sentence_start=s.start,
            sentence_end=s.end,
            cameo=self.cameo,
            plover=self.plover or (cameo.plover(self.cameo) if self.cameo else None),
            status=self.status,
            start=self.start,
            end=self.end,
            granularity=self.granularity,
            date_text=self.date_text,
            timex_value=self.timex_value,
            actors=self.actors,
            location=self.location[0] if self.location else None,
            confidence=self.confidence,
            trigger=s.text[toks[m.start].start : toks[m.end - 1].end],
            rules=self.rules,
            coder=self.coder,
            probability=self.probability,
            evidence=self.evidence,
        )


Stage = Callable[[Candidate], Candidate | None]


def _drop(c: Candidate, rule: str) -> Candidate | None:
    c.rules.append(rule)
    return None


# -- filters: is it an event at all? --------------------------------------------------------


def filter_quoted(c: Candidate) -> Candidate | None:
    """Inside a long quotation: what someone said, not an event the article reports."""
    return _drop(c, "filter.quoted") if c.sentence.quoted[c.match.start] else c


def filter_negated(c: Candidate) -> Candidate | None:
    """ "did not meet"; a noun after a cancelling verb ("called off the planned summit")."""
    toks, m = c.sentence.tokens, c.match
    cue = cue_before(toks, m.start, c.clause_start, "negation")
    if cue:
        return _drop(c, f"filter.negated.{cue}")
    if m.noun:
        cue = cue_before(toks, m.start, c.clause_start, "negation_noun")
        if cue:
            return _drop(c, f"filter.negated.{cue}")
    return c


def filter_complement(c: Candidate) -> Candidate | None:
    """A denied "that" clause ("Iran denied that it had attacked"); a word read as a verb that
    is an adverb after a verb of motion ("fly back": rule filter.adverb_particle, words lists
    ``particle_triggers``, ``motion_verbs``); a speech verb inside a relative clause
    (filter.relative_attribution). (An infinitive that is only
    wanted, "urged Washington to lift", is dropped by ``voice``, after the modal cues.)"""
    toks, lo = c.sentence.tokens, c.clause_start
    if lo > 0 and toks[lo].lower == "that":
        at = before_time_adjunct(c.sentence, lo)  # "denied on Monday that it had attacked"
        cue = cue_before(toks, at, max(0, at - 3), "negation_complement")
        if cue:
            return _drop(c, f"filter.complement.{cue}")
    if (
        lo > 0
        and toks[lo].lower in ("that", "which")
        and c.match.start == lo + 1
        and toks[lo - 1].lower in _DOCUMENT_NOUNS
    ):
        # "vetoed a resolution that called for pauses": the text calls, no actor acts
        return _drop(c, "filter.document_subject")
    m = c.match
    if lo > 0 and toks[lo].lower == "that" and _demanded_complement(c):
        # "the council demanded that Teheran free them": the act demanded is the demand's
        # content (the demand is the event), not an act of its own
        return _drop(c, "filter.demanded_complement")
    if m.trigger.id in _OUTBREAK_TRIGGERS and not _war_subject(c):
        # "war broke out", "fighting broke out"; not "a fire broke out", "protests broke out"
        return _drop(c, "filter.no_war_subject")
    if m.trigger.id in _FORCE_SUBJECT_TRIGGERS and not _force_subject(toks, m.start):
        # "Ethiopian and Somali forces clashed"; not "Trump and Zelensky clashed" (words)
        return _drop(c, "filter.no_force_subject")
    if m.trigger.id in _MEMBER_SUBJECT_TRIGGERS and not _force_subject(toks, m.start, _MEMBERS):
        # "opposition MPs walked out of the chamber"; not "the envoy ... walked out" (words)
        return _drop(c, "filter.no_member_subject")
    if m.trigger.id in _PLACE_OBJECT_TRIGGERS and not _place_after(c):
        # "went to Teheran for talks" is a visit; "went to the polls", "went to war" are not
        return _drop(c, "filter.no_place_object")
    if m.trigger.id in _PARTNER_OBJECT_TRIGGERS and not _partner_after(c):
        # "spoke today with Sergei Lavrov" is a meeting; "spoke with reporters" is not
        return _drop(c, "filter.no_partner_object")
    if m.trigger.id in _PARTICLE_TRIGGERS and m.start > 0 and toks[m.start - 1].lower in _MOTION:
        # "He will fly back to Washington": an adverb after a verb of motion, not "to back"
        return _drop(c, "filter.adverb_particle")
    if m.trigger.id in _UNNAMED_OBJECT_TRIGGERS and any(t.is_cap for t in toks[m.end : m.obj_end]):
        # "resumed the Lisbon talks with Morocco": a named process, whose sides the noun
        # row reads (actor.light_verb_subject takes no subject past a name)
        return _drop(c, "filter.named_object")
    if m.end < len(toks) and f"{m.trigger.id}:{toks[m.end].lower}" in _IDIOM_NEXT:
        # "stormed to victory", "stormed out of the talks": an idiom, no assault (idiom_next)
        return _drop(c, "filter.idiom")
    if m.noun and _opposed(c):
        # "marched to protest against Mr. Bush's visit": the visit is what they oppose, told
        # as the reason of the protest; it is no event of its own here
        return _drop(c, "filter.opposed_noun")
    if m.noun and _requested(c):
        # "called for a return to the six-party talks": talks asked for are not held
        return _drop(c, "filter.requested_noun")
    if _free_relative_label(c.sentence, m):
        # "bombed what New Delhi described as a training camp": the label names the object of
        # another verb; no comment of its own
        return _drop(c, "filter.free_relative_label")
    if is_speech(c.match) and _relative_attribution(c):
        # "firms it said had sold drone parts", "components that Washington says help Russia":
        # the speaker only attributes a description of the noun; no statement event
        return _drop(c, "filter.relative_attribution")
    if is_speech(m) and _announces_told_act(c):
        # "reached an agreement and afterwards announced it to the press": the telling of the
        # act just told is no second event
        return _drop(c, "filter.announced_act")
    return c


_TIME_ADJUNCT_PREPS = words("time_adjunct_prepositions")


def before_time_adjunct(s: Sentence, i: int) -> int:
    """[filter.complement] The token index where a time adjunct right before token ``i``
    begins ("denied on Monday that ...": the index of "on"), else ``i``: a time expression of
    the sentence and the preposition before it (words list ``time_adjunct_prepositions``)."""
    toks = s.tokens
    k = i
    while k > 0 and any(t.start <= toks[k - 1].start and toks[k - 1].end <= t.end
                        for t in s.timexes):  # fmt: skip
        k -= 1
    if k < i and k > 0 and toks[k - 1].lower in _TIME_ADJUNCT_PREPS:
        k -= 1
    return k


_TOLD_ACT_PRONOUNS = words("told_act_pronouns")


def _announces_told_act(c: Candidate) -> bool:
    """[filter.announced_act] a speech verb whose object is a pronoun (words list
    ``told_act_pronouns``: it, them) after a verb event told earlier in the same sentence. A
    label verb ("called it 'a great day'") in another clause than that event ("X welcomed the
    deal, while Kohl called it ...") labels it: a comment of its own."""
    s, m = c.sentence, c.match
    toks = s.tokens
    label = m.trigger.id in _LABEL_TRIGGERS or m.trigger.id in _FIXED_LABEL_TRIGGERS
    return (
        m.end < len(toks)
        and toks[m.end].lower in _TOLD_ACT_PRONOUNS
        and any(
            x.end <= m.start
            and not x.noun
            and not is_speech(x)
            and not (label and s.clause[x.start] != s.clause[m.start])
            for x in s.matches
        )
    )


_ASKING_ROOTS_FILTER = words("asking_roots")
_FREE_RELATIVES = words("free_relative_words")


def _free_relative_label(s: Sentence, m: Match) -> bool:
    """ "struck what the army called launch pads", "bombed what New Delhi described as a
    camp": a label verb (``label_triggers``, ``fixed_label_triggers``) whose subject (at most
    three tokens) follows a word of ``free_relative_words`` describes another verb's object."""
    if m.trigger.id not in _LABEL_TRIGGERS and m.trigger.id not in _FIXED_LABEL_TRIGGERS:
        return False
    return any(s.tokens[k].lower in _FREE_RELATIVES for k in range(max(0, m.start - 4), m.start))


_PLACE_OBJECT_TRIGGERS = words("place_object_triggers")


def _demanded_complement(c: Candidate) -> bool:
    """[filter.demanded_complement] the candidate's clause opens with "that" within four tokens
    after a request or demand verb (CAMEO roots of ``asking_roots``) of the sentence: "demanded
    that Denmark pull out", "urged on Friday that Israel withdraw"."""
    lo = c.clause_start
    return any(
        not x.noun
        and x.trigger.cameo[:2] in _ASKING_ROOTS_FILTER
        and x.start < lo
        and lo - max(x.end, x.obj_end) <= 4
        for x in c.sentence.matches
    )


def _place_after(c: Candidate) -> bool:
    """[filter.no_place_object] a trigger of ``place_object_triggers`` ("went to") needs a
    place or a country or city named right after its object word ("went to Teheran", "went
    to the United States"), not "went to the polls"."""
    k = c.match.obj_end
    toks = c.sentence.tokens
    if k < len(toks) and toks[k].lower == "the":
        k += 1
    return any(
        x.start == k
        and (x.place is not None or (x.entity is not None and x.entity.kind == "country"))
        for x in c.sentence.mentions
    )


_PARTNER_OBJECT_TRIGGERS = words("partner_object_triggers")
_PARTNER_STOPS = words("partner_object_stops")
_PAIR_ANAPHOR_NOUNS = words("pair_anaphor_nouns")


def _partner_after(c: Candidate) -> bool:
    """[filter.no_partner_object] a trigger of ``partner_object_triggers`` ("spoke with")
    needs an actor right after its object word, past title words but before any word of
    ``partner_object_stops`` ("spoke today with African Union Commission Chairperson Moussa
    Faki", "spoke with both leaders"); "spoke with reporters", "spoke with emotion about
    Russia" are no meetings."""
    toks, k = c.sentence.tokens, c.match.obj_end
    starts = {x.start for x in c.sentence.mentions if x.is_actor}
    for j in range(k, min(k + 7, len(toks))):
        if j in starts or toks[j].lower in _PAIR_ANAPHOR_NOUNS:
            return True
        if toks[j].lower in _PARTNER_STOPS or not toks[j].text.isalpha():
            return False
    return False


_OPPOSING_WORDS = words("opposing_prepositions")


def _opposed(c: Candidate) -> bool:
    """[filter.opposed_noun] an event noun within six tokens after "against" (words list
    ``opposing_prepositions``) of its clause, with no verb trigger between: "to protest
    against Mr. Bush's visit", "rallies against the summit"."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    for k in range(m.start - 1, max(-1, m.start - 7), -1):
        if s.clause[k] != clause or any(x.start == k and not x.noun for x in s.matches):
            return False
        if s.tokens[k].lower in _OPPOSING_WORDS:
            return True
    return False


def _requested(c: Candidate) -> bool:
    """[filter.requested_noun] an event noun within eight tokens after a request or demand
    verb of its clause (CAMEO roots of ``asking_roots``: "urged", "called for"), with no
    other verb between, is what was asked for, not an event."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    verbs = [
        x for x in s.matches if not x.noun and x.end <= m.start and s.clause[x.start] == clause
    ]
    if not verbs:
        return False
    x = verbs[-1]
    return x.trigger.cameo[:2] in _ASKING_ROOTS and m.start - x.end <= 8


_PARTICLE_TRIGGERS = words("particle_triggers")
_IDIOM_NEXT = words("idiom_next")
_UNNAMED_OBJECT_TRIGGERS = words("unnamed_object_triggers")
_MOTION = words("motion_verbs")
_RELATIVE_GAP_VERBS = words("relative_gap_verbs")
_RELATIVE_OPENERS = words("relative_object_openers")


def _relative_attribution(c: Candidate) -> bool:
    """[filter.relative_attribution] a speech verb inside a relative clause whose gap is the
    subject of what follows: right before an auxiliary or finite verb ("firms it said had
    sold ...": words list ``relative_gap_verbs``), or after "that"/"which" that follows a noun,
    with only its subject between ("components that Washington says help Russia rebuild":
    ``relative_object_openers``)."""
    s, m, toks, lo = c.sentence, c.match, c.sentence.tokens, c.clause_start
    if m.end < len(toks) and toks[m.end].lower in _RELATIVE_GAP_VERBS:
        return True
    if lo == 0 or toks[lo].lower not in _RELATIVE_OPENERS or m.end >= len(toks):
        return False
    if toks[m.end].lower == "that" or not toks[m.end].text.isalpha():
        return False  # "the report that Washington says that ...", "..., Washington says."
    prev = toks[lo - 1]
    if not (prev.text.isalpha() and prev.text.islower()) or any(
        x.start <= lo - 1 < x.end for x in s.matches
    ):
        return False  # "said that Washington says ...": a complement, not a relative clause
    subject = [x for x in s.mentions if x.start == lo + 1 and x.end == m.start]
    return bool(subject) or (m.start == lo + 2 and toks[lo + 1].lower in _PRONOUN_SUBJECTS)


_PRONOUN_SUBJECTS = words("speaker_pronouns")


_DOCUMENT_NOUNS = words("document_nouns")


def filter_hypothetical(c: Candidate) -> Candidate | None:
    """ "could impose", "would meet"; a trigger in an "if" clause."""
    toks, m, lo = c.sentence.tokens, c.match, c.clause_start
    if _durative_background(c):
        return _drop(c, "filter.durative_background")
    modal = cue_before(toks, m.start, lo, "modal")
    if modal and cue_before(toks, m.start, lo, "reported_plan") and _speech_before(c):
        if _conditional_plan(c):
            return _drop(c, "filter.conditional_plan")  # "said it would send aid if asked"
        c.status = "planned"  # "Japan said it would impose": a reported plan, not a guess
        c.rules.append("status.reported_plan")
        return c
    if not is_speech(m) and cue_before(toks, m.start, lo, "reported_intent") and _speech_before(c):
        # "said the bloc was ready to help resolve the crisis": an intent told now (CAMEO 03)
        c.rules.append("status.reported_intent")
        return c
    if (
        modal
        and cue_before(toks, m.start, lo, "reported_demand")
        and _speech_before(c)
        and not is_speech(m)
    ):
        # "Cook told parliament that the rebels must free the hostages", "said sanctions must
        # be eased": what the speaker says must be done is a demand (CAMEO 10) of the speaker
        c.rules.append("status.reported_demand")
        return c
    cue = modal or cue_in(toks, lo, m.start, "condition")
    return _drop(c, f"filter.hypothetical.{cue}") if cue else c


def _durative_background(c: Candidate) -> bool:
    """[filter.durative_background] "Perez, who had pressed Washington for years to return the
    canal, praised both men": a verb act in the perfect ("has", "had": cues ``perfect``)
    followed in its clause within six tokens by a bare span of years (cues ``durative``: "for
    years", "for decades") is a background told over years, no dated event."""
    toks, m, s = c.sentence.tokens, c.match, c.sentence
    if m.noun or not cue_before(toks, m.start, c.clause_start, "perfect"):
        return False
    hi = m.end
    while hi < min(len(toks), m.end + 6) and s.clause[hi] == s.clause[m.start]:
        hi += 1
    return cue_in(toks, m.end, hi, "durative") is not None


def _conditional_plan(c: Candidate) -> bool:
    """[filter.conditional_plan] "said it would send aid if asked", "said Chile would resume
    talks unless the shelling went on": a reported plan under a condition after it (cues of
    kind ``plan_condition``, in the sentence after the trigger) is no plan of the speaker. A
    conditional plan of force (roots ``reported_threat_roots``: "said it would strike back if
    attacked") is kept: it is a threat (type.reported_threat)."""
    toks, m = c.sentence.tokens, c.match
    if m.trigger.cameo[:2] in _THREAT_ROOTS:
        return False
    return cue_in(toks, m.end, len(toks), "plan_condition") is not None


def filter_visit_purpose(c: Candidate) -> Candidate | None:
    """[filter.visit_purpose] "flew to Asmara for talks with Isaias", "will visit Washington
    for talks with Reagan": talks named as the purpose of a visit or trip told by an earlier
    verb of the sentence (CAMEO 04) are that visit, not a second event."""
    toks, m = c.sentence.tokens, c.match
    if _visit_background(c):
        return _drop(c, "filter.visit_background")
    if not m.noun or m.start < 1 or not m.trigger.cameo.startswith("04"):
        return c
    k = m.start - 1
    if toks[k].lower in _PURPOSE_ADJECTIVES and k >= 1:
        k -= 1  # "for further talks"
    if toks[k].lower != "for":
        return c
    if any(
        x.start < m.start and not x.noun and x.trigger.cameo.startswith("04")
        for x in c.sentence.matches
    ):
        return _drop(c, "filter.visit_purpose")
    return c


_PURPOSE_ADJECTIVES = words("purpose_adjectives")
_BACKGROUND_VISIT = words("background_visit_openers")


def _visit_background(c: Candidate) -> bool:
    """[filter.visit_background] "Kishida, who is visiting the Republic of Korea, held a
    meeting with Yun": a visit told in a progressive relative clause (words list
    ``background_visit_openers``: "who is", "who was") of the subject of a later meeting verb
    of the sentence (CAMEO 04) is the meeting's setting, not a second event."""
    toks, m = c.sentence.tokens, c.match
    if m.noun or m.trigger.cameo != "042" or m.start < 2 or m.form != 4:
        return False
    if f"{toks[m.start - 2].lower} {toks[m.start - 1].lower}" not in _BACKGROUND_VISIT:
        return False
    return any(
        x.start > m.end and not x.noun and x.trigger.cameo.startswith("04")
        and x.trigger.cameo != "042"
        for x in c.sentence.matches
    )  # fmt: skip


def is_speech(m: Match) -> bool:
    """A verb of saying (CAMEO 01 statements: say, tell, announce, declare ...)."""
    return not m.noun and m.trigger.cameo.startswith("01")


def _speech_date(c: Candidate) -> Timex | None:
    """[time.reported_plan_telling] a reported plan with no date of its own in a "that" clause
    takes the date of the speech verb that tells it ("He said on Sunday that Ethiopia would
    withdraw"), as "said on Friday it would impose" does; never a future date."""
    s = c.sentence
    speech = [x for x in s.matches if is_speech(x) and x.end <= c.match.start]
    if not speech:
        return None
    tx = _governing_timex(s, speech[-1])
    if tx is None or tx.interval is None or tx.interval[1] > c.published:
        return None
    c.rules.append("time.reported_plan_telling")
    return tx


def _speech_before(c: Candidate) -> bool:
    return any(is_speech(x) and x.end <= c.match.start for x in c.sentence.matches)


# -- voice, roles, status, place, dating ----------------------------------------------------


def voice(c: Candidate) -> Candidate | None:
    """Tense and voice of a verb trigger: planned ("will meet", "is set to visit"), present
    ("meets"), passive ("was received by"); a noun trigger may be planned ("the planned talks")."""
    trig, toks, m, lo = c.match.trigger, c.sentence.tokens, c.match, c.clause_start
    if m.noun:
        if cue_before(toks, m.start, lo, "planned"):
            c.status = "planned"
            c.rules.append("status.planned_noun")
        return c
    prev = toks[m.start - 1].lower if m.start > 0 else ""
    intent = "status.reported_intent" in c.rules  # "said it was ready to mediate"
    if m.form == 0 and prev == "to" and not intent:
        plan = cue_before(toks, m.start + 1, max(0, lo - 3), "infinitive_plan")
        decided = cue_before(toks, m.start, max(0, lo - 3), "infinitive_decided")
        purpose = cue_before(toks, m.start, max(0, lo - 3), "infinitive_purpose")
        if not plan and decided and (_material(m) or _voted(decided, m) or decided in _FIRST_TO):
            c.rules.append(f"status.{decided}")  # "agreed to impose sanctions": decided, done
        elif not plan and purpose and trig.cameo.startswith("14"):
            c.rules.append(f"status.{purpose}")  # "gathered to protest": a protest, done
        elif (
            not plan
            and trig.cameo[:2] in ("18", "19")
            and (attempt := cue_before(toks, m.start, max(0, lo - 3), "infinitive_attempt"))
        ):
            c.rules.append(f"status.{attempt}")  # "tried to storm the base": the assault, done
        elif not plan:  # "urged Washington to lift", "failed to reach": a complement
            return _drop(c, "filter.complement.infinitive")
        else:
            c.status = "planned"
            c.rules.append(f"status.{plan}")
    elif _decision_told_by_infinitive(c):
        return _drop(c, "filter.decision_absorbed")  # the decided act is the event
    elif _plan_told_by_infinitive(c):
        return _drop(c, "filter.plan_absorbed")  # the planned visit is the event
    elif m.form == 0 and cue_before(toks, m.start, lo, "planned"):
        c.status = "planned"
        c.rules.append("status.future")
    elif m.form == 0 and (
        prev in _DO
        or intent
        or "status.reported_plan" in c.rules
        or "status.reported_demand" in c.rules
    ):
        pass  # "did meet"; "said it would impose" (planned, not a present-tense report)
    elif m.form == 1 and m.end < len(toks) and toks[m.end].lower in _COMPOUND_HEADS:
        # "the South Africa sanctions bill": a noun before the noun it modifies, no verb
        return _drop(c, "filter.noun_compound")
    elif m.form in (0, 1):
        c.present = True
    elif m.form in (2, 3):
        be = any(toks[j].lower in _BE for j in range(_passive_window(c), m.start))
        perfect = cue_before(toks, m.start, lo, "perfect")
        if trig.forms[2] != trig.forms[3] and m.form == 3 and not perfect:
            c.passive = True
        elif be and not perfect:
            c.passive = True
        elif be and perfect and toks[m.start - 1].lower == "been":
            c.passive = True
    if m.form in (2, 3) and _participle_adjective(c):
        # "over deported Ukrainian children", "16,000 deported children": a participle after
        # a preposition or a number describes the noun after it; no act is told
        return _drop(c, "filter.participle_adjective")
    if m.form in (2, 3) and not c.passive and _by_relative(c) and _dated_relative(c):
        c.passive = True  # "a truce declared by the government in March": its agent after "by"
    if m.form in (2, 3) and not c.passive and _reduced_relative(c):
        # "until the fate of Japanese citizens abducted by the North was settled": a participle
        # after a noun describes that noun with an act told elsewhere, no event of this story
        return _drop(c, "filter.reduced_relative")
    if trig.id in _ADJACENT_OBJECT and not any(
        len(o) == m.obj_end - m.end for o in trig.objects
    ):  # "fought Azerbaijani troops despite the deal": the deal is not what was fought
        return _drop(c, "filter.object_not_adjacent")
    if m.form in (2, 3) and not c.passive and _relative_participle(c):
        # "put on trial officers accused of war crimes": the charge describes the officers
        return _drop(c, "filter.relative_participle")
    if m.form in (2, 3) and not c.passive and _object_participle(c):
        # "accused Pretoria of backing gangs trained abroad": the training is no act told here
        return _drop(c, "filter.object_participle")
    if c.passive and trig.roles == 2 and "by" not in (t.lower for t in toks[m.end : m.end + 6]):
        # "minutes after he was declared the winner": a statement needs its speaker; a passive
        # speech verb with no "by" agent tells what was said of its subject, nobody speaks
        return _drop(c, "filter.passive_statement")
    if c.passive:
        c.rules.append("voice.passive")
    return c


_COMPOUND_HEADS = words("compound_heads")
_PARTICIPLE_PREPOSITIONS = words("participle_prepositions")


_PASSIVE_BREAKS = words("passive_breaks")


def _passive_window(c: Candidate) -> int:
    """The first token where a be-form makes the participle passive: ten tokens back in the
    clause, but not past a coordinator (words list ``passive_breaks``) after a word that is no
    participle ("said the annexation was illegal and told reporters": "told" is active; "was
    seized and taken by" stays passive)."""
    toks, m = c.sentence.tokens, c.match
    lo = max(c.clause_start, m.start - 10)
    for j in range(m.start - 1, lo, -1):
        if toks[j].lower in _PASSIVE_BREAKS:
            before = toks[j - 1].lower
            if not (_PAST_FORM.match(before) or before in _IRREGULAR_PAST_WORDS):
                return j + 1
    return lo


def _participle_adjective(c: Candidate) -> bool:
    """[filter.participle_adjective] a past participle right after a preposition (words list
    ``participle_prepositions``) or a number and right before a lower-case or capitalised
    word that is no determiner: "over deported Ukrainian children", "16,000 deported
    children" (an adjective; "had deported 16,000 children" is a verb)."""
    toks, m = c.sentence.tokens, c.match
    if m.start == 0 or m.end >= len(toks) or not toks[m.end].text.isalpha():
        return False
    if toks[m.end].lower in _AGENT_DETERMINERS or toks[m.end].lower == "by":
        return False
    prev = toks[m.start - 1]
    return prev.lower in _PARTICIPLE_PREPOSITIONS or prev.text.replace(",", "").isdigit()


_NOT_AGENT_AFTER_BY = words("by_quantities")
_FORCE_NOUNS = words("force_subject_nouns")
_AGENT_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "a", "an"})
_NOT_NOUN_BEFORE = words("aux_between") | words("do_aux") | words("be_forms")


def _reduced_relative(c: Candidate) -> bool:
    """A past participle right after a lower-case noun that does not open its clause and right
    before "by" and a determiner or a name ("citizens abducted by the North", "a tanker seized
    by Iran"; rule filter.reduced_relative); "by the thousands" (words list ``by_quantities``)
    is no agent."""
    toks, m, lo = c.sentence.tokens, c.match, c.clause_start
    i = m.start
    if m.end + 1 >= len(toks) or toks[m.end].lower != "by":
        return False
    prev, nxt = toks[i - 1] if i else toks[0], toks[m.end + 1]
    # "Militias backed by Iran fired": the sentence's first word, a force noun capitalised only
    # as the first word; "Iran, backed by Russia, rejected": an apposed participle after a comma
    opening = i == 1 and prev.lower in _FORCE_NOUNS
    apposed = i >= 2 and prev.text == "," and toks[i - 2].is_cap
    if not (opening or apposed) and (
        i - 1 <= lo
        or not (prev.text.isalpha() and prev.text.islower())
        or prev.lower in _NOT_NOUN_BEFORE
    ):
        return False
    if _dated_relative(c):
        return False  # "A humanitarian truce declared by the government in March": told here
    if nxt.lower in _AGENT_DETERMINERS:
        return m.end + 2 < len(toks) and toks[m.end + 2].lower not in _NOT_AGENT_AFTER_BY
    return nxt.is_cap


_ADJACENT_OBJECT = words("adjacent_object_triggers")


def _relative_participle(c: Candidate) -> bool:
    """[filter.relative_participle] a participle whose active form puts its object between the
    verb and a preposition ("accused X of", "charged X with"; cues ``relative_participle``),
    told right after a lower-case noun that does not open its clause and right before that
    preposition ("officers accused of war crimes", "two men charged with spying"): a reduced
    relative describing the noun, no act of the story. After a be-form it is the passive;
    after a subject pronoun an object relative ("the envoy it accused of spying"): an act."""
    toks, m, lo = c.sentence.tokens, c.match, c.clause_start
    i = m.start
    if i - 1 <= lo or m.end >= len(toks):
        return False
    prev = toks[i - 1]
    if not (prev.text.isalpha() and prev.text.islower()) or prev.lower in _NOT_NOUN_BEFORE:
        return False
    by_kind = cues().by_kind
    if any(prev.lower in by_kind[k] for k in ("pronoun_person", "pronoun_state", "plan_subject")):
        return False  # "the diplomat it accused of spying": the pronoun is the accuser
    return cue_in(toks, m.start, m.end + 1, "relative_participle") is not None


_NO_OBJECT_AFTER = words("participle_no_object_after")
_OBJECT_POSITION_BEFORE = words("participle_noun_governors")
_OBJECT_PARTICIPLES = words("object_participle_triggers")


def _object_participle(c: Candidate) -> bool:
    """[filter.object_participle] a past participle of a verb that always takes its object
    right after it (trigger ids of words list ``object_participle_triggers``: "train",
    "seize"; never "protested", "marched", which take none) told with no
    object (next: a preposition, an adverb, "and", punctuation or the end; words list
    ``participle_no_object_after``) right after a lower-case plural noun that is itself an
    object (after an -ing verb or a preposition of words list ``participle_noun_governors``,
    at most two lower-case words between): "accused Pretoria of backing gangs trained abroad",
    "of sending militants trained in camps" - a reduced relative describing the noun, no act
    of the story. "said militants seized the town" (an object follows) and "the rebels seized
    it" (a subject) stay acts."""
    toks, m, trig = c.sentence.tokens, c.match, c.match.trigger
    i = m.start
    if trig.id not in _OBJECT_PARTICIPLES or i < 2 or m.end != i + 1:
        return False
    nxt = toks[m.end] if m.end < len(toks) else None
    if nxt is not None and nxt.text.isalnum() and nxt.lower not in _NO_OBJECT_AFTER:
        return False  # "militants seized the town": an object follows
    noun = toks[i - 1]
    if not (noun.text.isalpha() and noun.text.islower() and noun.lower.endswith("s")):
        return False
    for k in range(i - 2, max(c.clause_start, i - 5) - 1, -1):
        w = toks[k]
        if w.lower in _OBJECT_POSITION_BEFORE or (w.lower.endswith("ing") and len(w.lower) > 5):
            return True
        if not (w.text.isalpha() and w.text.islower()):
            return False
    return False


def _by_relative(c: Candidate) -> bool:
    """The participle right after its object noun ("a truce declared by", the last word of
    one of the trigger's objects) and right before "by" and no quantity ("by the thousands":
    words list ``by_quantities``)."""
    toks, m = c.sentence.tokens, c.match
    if not (0 < m.start < m.end < len(toks) - 2) or toks[m.end].lower != "by":
        return False
    if toks[m.end + 2].lower in _NOT_AGENT_AFTER_BY:
        return False
    prev = toks[m.start - 1].lower
    return any(obj[-1] == prev for obj in m.trigger.objects if not obj[0].startswith("~"))


def _dated_relative(c: Candidate) -> bool:
    """[voice.dated_reduced_relative] a reduced relative headed by the trigger's object noun
    whose agent phrase is followed by a date of its own within six tokens ("a truce declared
    by the government in March collapsed") tells an event of the story, unlike an undated "a
    ceasefire mediated by Qatar"; a year that modifies a noun ("the 1942 treaty") does not
    count."""
    s, m = c.sentence, c.match
    if m.end + 1 >= len(s.tokens) or not m.trigger.objects:
        return False  # only a trigger whose object noun heads the relative ("truce declared")
    lo = s.tokens[m.end].start
    hi = s.tokens[min(m.end + 6, len(s.tokens) - 1)].end
    return any(lo <= x.start < hi and x.type == "DATE" and x not in s.noun_years for x in s.timexes)


def _material(m: Match) -> bool:
    """A material act decided when agreed (CAMEO roots 06-20: aid, sanctions, force ...), not
    talk; yielding (08: release, withdraw, exchange prisoners) agreed to is a promise (CAMEO
    03, "agreed to exchange prisoners"), not the act."""
    root = m.trigger.cameo[:2]
    if m.trigger.cameo in _AGREED_PROMISES:
        return False  # "agreed to expand trade": a promise to cooperate (030), not the act
    return root.isdigit() and root >= "06" and root != "08"


_AGREED_PROMISES = words("agreed_promise_codes")
_REPORTED_PROMISES = words("reported_promise_triggers")


_VOTED_CUES = words("vote_cues")
# [status.dec.first_*] "became the first country to recognise X": the act, done, whatever its root
_FIRST_TO = words("first_to_cues")
_VOTED_NOT_DONE = words("vote_not_done_roots")


def _voted(cue: str, m: Match) -> bool:
    """ "voted on Monday to ratify Sweden's bid", "voted to report Iran to the Security Council":
    what a body votes to do is done by the vote (cue ids of words list ``vote_cues``), whatever
    its root, except a meeting voted for (``vote_not_done_roots``), which is still to come."""
    return cue in _VOTED_CUES and m.trigger.cameo[:2] not in _VOTED_NOT_DONE


def _decision_told_by_infinitive(c: Candidate) -> bool:
    """ "agreed on Thursday to impose sanctions": the bare "agreed" (a generic agreement,
    CAMEO 030) when a decided material act follows as a "to"-infinitive in its clause."""
    s, m = c.sentence, c.match
    if (
        m.noun
        or m.trigger.cameo != "030"
        or not cue_before(s.tokens, m.end, m.start, "infinitive_decided")
    ):
        return False
    return any(_material(x) for x in _infinitives_after(c))


def _plan_told_by_infinitive(c: Candidate) -> bool:
    """[filter.plan_absorbed] "has accepted an invitation to visit New Delhi": a generic
    acceptance (CAMEO 030) whose own word opens an ``infinitive_plan`` cue ("accepted an
    invitation to", cues.tsv) before a verb trigger's "to"-infinitive in its clause is told
    by that planned act (the visit), not an event of its own."""
    s, m = c.sentence, c.match
    if m.noun or m.trigger.cameo != "030":
        return False
    return any(
        cue_in(s.tokens, m.start, x.start, "infinitive_plan") is not None
        and cue_in(s.tokens, m.start + 1, x.start, "infinitive_plan") is None
        for x in _infinitives_after(c)
    )


def _infinitives_after(c: Candidate) -> list[Match]:
    """The verb triggers of the candidate's clause told as a "to"-infinitive within 5 tokens
    after its trigger ("agreed on Thursday to impose", "accepted an invitation to visit")."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    return [
        x
        for x in s.matches
        if not x.noun
        and m.end < x.start <= m.end + 5
        and s.clause[x.start] == clause
        and s.tokens[x.start - 1].lower == "to"
    ]


def roles(c: Candidate) -> Candidate | None:
    """The actors and their roles; a trigger without actors is no event."""
    if "status.reported_demand" in c.rules:
        return _demand_actors(c)
    if (claim := standing_claim(c.sentence, c.match)) is not None:  # "whose party says it won"
        return _drop(c, claim)
    actors, actor_rules, subj, obj = find_actors(c.sentence, c.match, c.passive, c.evidence)
    if not actors and c.match.noun:
        actors, actor_rules = _nominal_anaphor(c)
    if c.match.trigger.id in _OUTBREAK_TRIGGERS and (
        not actors or "actor.sentence_subject" in actor_rules
    ):
        # "A truce collapsed when fighting resumed": the subject of another clause is no side
        actors, actor_rules = _war_sides(c)
    if not is_speech(c.match):  # "said it would send troops": the speaker's act
        actors, actor_rules = _plan_speaker(c, actors, actor_rules)
    if c.match.trigger.id in _CHARGE_REQUESTS:  # "asked the court to charge X": X accused
        actors, actor_rules = _charged_person(c, actors, actor_rules)
    if not actors:
        return _drop(c, "filter.no_actor")
    if c.match.trigger.roles == 0 and not obj and not c.passive and c.code[:2] in _MILITARY_ROOTS:
        housed = _housed_target(c, actors)
        if housed:
            actors = actors + housed
            actor_rules = [*actor_rules, "actor.housed_target"]
    if (
        c.code[:2] in _COERCIVE_ROOTS
        and c.match.trigger.roles == 0
        and not any(a.role == "target" for a in actors)
    ):
        ousted = _ousted(c, actors)
        if ousted:
            actors = actors + ousted
            actor_rules = [*actor_rules, "actor.ousted"]
    trig_id = c.match.trigger.id
    labelled = trig_id in _FIXED_LABEL_TRIGGERS or (
        trig_id in _LABEL_TRIGGERS and _label_polarity(c) is not None
    )
    if (c.match.trigger.roles == 0 or labelled) and not obj and not c.passive:
        # "condemned the strike"; "called the move blackmail" (a label that criticises or
        # praises the act named: its doer is the target, as for "condemned the move")
        # 'called the deal "a failure" of Netanyahu's policy': the label's owner, not the deal's
        # parties, is criticised (actor.label_owner below)
        owned = labelled and _label_owner(c, actors) is not None
        extra = [] if owned else _object_anaphor(c, actors)
        if extra:
            actors = actors + extra
            actor_rules = [*actor_rules, "actor.object_anaphor"]
    if labelled and not any(a.role == "target" for a in actors):
        named = _labelled_actor(c, actors) or _label_owner(c, actors)
        if named is not None:  # "called Russia a terrorist state": Russia is criticised
            rule = named.rule or "actor.labelled_object"
            actors, actor_rules = [*actors, named], [*actor_rules, rule]
    if c.match.trigger.id in _COMMAND_TRIGGERS and not _foreign_target(actors):
        # "Putin ordered troops to withdraw": a command to one's own organs is no demand (the
        # act commanded is its own event); "the court ordered Myanmar to ..." is
        return _drop(c, "filter.own_command")
    if trig_id in _THREAT_AGAINST and not any(a.role == "target" for a in actors):
        aimed = _threat_against(c, actors)
        if aimed is not None:
            actors, actor_rules = [*actors, aimed], [*actor_rules, "actor.threat_against"]
    if trig_id in _REFUSALS and not any(a.role == "target" for a in actors):
        partner = _refused_partner(c, actors)
        if partner is not None:
            actors, actor_rules = [*actors, partner], [*actor_rules, "actor.refused_partner"]
    if trig_id in _OWN_BODY_TRIGGERS:
        actors, actor_rules = _own_body_target(c, actors, actor_rules)
    if trig_id in _CASE_TRIGGERS and not any(a.role == "target" for a in actors):
        sued = _case_defendant(c, actors)  # "Gambia brought the case": the court's defendant
        actors, actor_rules = actors + sued, actor_rules + ["actor.case_defendant"] * bool(sued)
    if trig_id in _UNDO_TRIGGERS and c.sentence.tokens[c.match.obj_end - 1].lower == "them":
        undone = _undone_targets(c, actors)
        if undone is None:
            return _drop(c, "filter.no_undone_act")  # "lifted most of them": of what?
        actors, actor_rules = [*actors, *undone], [*actor_rules, "actor.undone_act"]
    if trig_id in _ANSWER_TRIGGERS and not any(a.role == "target" for a in actors):
        answered = _answered_target(c, actors)
        if answered is not None:
            actors, actor_rules = [*actors, answered], [*actor_rules, "actor.answered_act"]
    if trig_id in _DOCUMENT_OBJECT_TRIGGERS and any(a.role == "target" for a in actors):
        # "vetoed a Security Council resolution", "vetoed a resolution calling for the
        # withdrawal of its troops from Afghanistan": a veto's object is a text; the actors
        # named in or around it are not the veto's target
        actors = [a for a in actors if a.role != "target"]
        actor_rules = [*actor_rules, "actor.document_object"]
    if (wrong := _wrong_parties(trig_id, actors)) is not None:
        return _drop(c, wrong)
    if c.code[:2] in _ASKING_ROOTS_FILTER:
        held, holder = _release_holder(c, actors)
        if holder:  # "called for Navalny's immediate release": the state that holds him
            kept = [a for a in actors if not (a.role == "target" and a.name == held)]
            actors, actor_rules = [*kept, *holder], [*actor_rules, "actor.release_holder"]
    if not c.passive and any(a.role in ("source", "participant") for a in actors):
        also = _as_did(c, actors)
        if also:  # "welcomed the agreement on Friday, as did Iraq, Oman and Qatar"
            actors, actor_rules = [*actors, *also], [*actor_rules, "actor.as_did"]
    if (missing := _missing_party(c, trig_id, actors)) is not None:
        return _drop(c, missing)
    c.actors, c.actor_rules, c.subject, c.object = actors, actor_rules, subj, obj
    c.rules.extend(actor_rules)
    if c.clause_start > 0 and c.sentence.tokens[c.clause_start].lower in _TIME_OPENERS:
        c.rules.append("clause.time_subordinate")  # "days after the Council approved ..."
    if c.sentence.disc is not None and subj:  # a quotation's speaker too (coreference)
        c.sentence.disc.subject(subj[0].entity, c.sentence, subj[0])
    if _elaborates(c):
        # "The Kremlin dismissed the move. '...,' Peskov told reporters.": the quotation only
        # tells the act of the sentence before in the speaker's words; no second event
        return _drop(c, "filter.quote_elaboration")
    return c


_APART_WORDS = words("separate_meeting_words")
_CALL_WORDS = words("separate_call_words")
_JOINT_CALL_WORDS = words("joint_call_words")


_RESPECTIVE_WORDS = words("respective_words")


def split_parties(c: Candidate, ev: ExtractedEvent) -> list[ExtractedEvent]:
    """The events one told act stands for: one per side of a reciprocal act
    (``respective_sides``), one per partner of a meeting held apart (``one_per_partner``)."""
    sides = respective_sides(c, ev)
    return sides if len(sides) > 1 else one_per_partner(c, ev)


def respective_sides(c: Candidate, ev: ExtractedEvent) -> list[ExtractedEvent]:
    """[actor.respective_sides] "Venezuela and Colombia recalled their respective ambassadors",
    "Ghana and Togo expelled each other's diplomats": two doers (sources) with no target
    whose object holds a reciprocal word (words list ``respective_words``, within four words
    after the verb's object words begin) did two acts, each aimed at the other; ``[ev]``
    otherwise (a meeting, a joint act, three doers)."""
    sources = [a for a in ev.actors if a.role == "source"]
    if len(sources) != 2 or len(ev.actors) != 2 or ev.type in ("04", "03", "05", "06"):
        return [ev]
    toks = c.sentence.tokens
    near = " ".join(t.lower for t in toks[c.match.end : max(c.match.obj_end, c.match.end) + 4])
    if not any(f" {w} " in f" {near} " for w in _RESPECTIVE_WORDS):
        return [ev]
    out = []
    for a, b in ((sources[0], sources[1]), (sources[1], sources[0])):
        copy = replace(ev, actors=[replace(a), replace(b, role="target")],
                       rules=[*ev.rules, "actor.respective_sides"])  # fmt: skip
        copy.evidence = [*ev.evidence, f"actor.respective_sides: '{ev.trigger}' of {a.name}, "
                         f"aimed at {b.name} (a reciprocal act)"]  # fmt: skip
        out.append(copy)
    return out


def one_per_partner(c: Candidate, ev: ExtractedEvent) -> list[ExtractedEvent]:
    """[actor.one_per_partner] "met separately on Thursday with the prime ministers of Greece
    and Turkey", "had spoken by telephone to the presidents of Chile, Peru and Brazil": a
    meeting (04) held apart with each of two or more partners named after the verb (words of
    ``separate_meeting_words`` between the verb and the first partner) or a telephone talk
    with such a list (words list ``separate_call_words``, no word of ``joint_call_words``:
    "a conference call" is one) is one meeting per partner, each with the verb's subject;
    ``[ev]`` otherwise. The copies share the event's date, place and trigger."""
    if ev.type != "04" or not c.object or c.match.noun:
        return [ev]
    named = {x.entity.name for x in c.object if x.entity is not None}
    partners = [a for a in ev.actors if a.name in named and a.role != "source"]
    others = [a for a in ev.actors if a not in partners]
    if len(partners) < 2 or not others:
        return [ev]
    toks = c.sentence.tokens
    first = min(x.start for x in c.object)
    span = [t.lower for t in toks[c.match.start : first]]
    text = f" {' '.join(span)} "
    apart = any(f" {w} " in text for w in _APART_WORDS)
    last = max(x.end for x in c.object) + 2  # "... with A and B together"
    call = any(w in _CALL_WORDS for w in span) and not any(
        t.lower in _JOINT_CALL_WORDS for t in toks[c.match.start : last]
    )
    if not (apart or call):
        return [ev]
    why = "held apart" if apart else "a telephone talk"
    out = []
    for a in partners:
        copy = replace(ev, actors=[replace(x) for x in (*others, a)],
                       rules=[*ev.rules, "actor.one_per_partner"])  # fmt: skip
        copy.evidence = [*ev.evidence, f"actor.one_per_partner: '{ev.trigger}' is {why}: "
                         f"one meeting with {a.name} of {len(partners)}"]  # fmt: skip
        out.append(copy)
    return out


def _wrong_parties(trig_id: str, actors: list[ActorRef]) -> str | None:
    """The filter that drops an event whose trigger asks for parties of a kind it lacks."""
    if trig_id in _FOREIGN_TARGET_TRIGGERS and not _foreign_target(actors):
        # "The OAS suspended Honduras": a bare "suspend" reduces relations only with a foreign
        # target (a member state); "the court suspended the law" is no event
        return "filter.no_foreign_target"
    if trig_id in _BODY_SOURCE_TRIGGERS and not _body_sources(actors):
        # "Pakistan's National Assembly ousted Khan in a no-confidence vote": a removal by a
        # legislature, court or party is domestic politics; "the army ousted" (a coup) is not
        return "filter.no_body_source"
    return None


def _missing_party(c: Candidate, trig_id: str, actors: list[ActorRef]) -> str | None:
    """The filter that drops an event whose trigger needs a party it has not: a court, a
    ruling's target, an acting source, an army."""
    if trig_id in _COURT_TRIGGERS and not _court_source(actors):
        # "a Moscow court ruled that ...", "the tribunal ruled that ...": a ruling only of a
        # court; "the president ruled that the talks were over" is no event
        return "filter.no_court_source"
    if trig_id in _COURT_TRIGGERS and not any(a.role == "target" for a in actors):
        return "filter.no_ruling_target"  # "ruled that the election was invalid"
    if (
        trig_id in _SOURCE_REQUIRED_TRIGGERS
        and not c.passive
        and not any(a.role in ("source", "participant") for a in actors)
    ):
        return "filter.no_source"  # "An earthquake struck Turkey": no actor acted
    if trig_id in _MILITARY_SOURCE_TRIGGERS and not _body_sources(actors, _MILITARY_AGENTS):
        # "The last Syrian troops left Lebanon": leaving a country is a withdrawal only for an
        # army; "Pelosi left Taipei" is a journey, no event
        return "filter.no_military_source"
    return None


def _plan_speaker(
    c: Candidate, actors: list[ActorRef], rules: list[str]
) -> tuple[list[ActorRef], list[str]]:
    """[actor.plan_speaker] "Pashinyan announced that it would send peacekeeping forces",
    "He said that his government would expand trade with Mozambique", "said he had appealed to
    the CSTO": an act told in the complement of a speech verb (right after it or after its
    "that") whose subject stands for the speaker (cues of kind ``plan_subject``: a pronoun,
    "his government"), with only auxiliaries between subject and verb (words list
    ``own_act_modals``, cues ``perfect`` and ``aux``), is the speaker's act: the speaker is its
    source (participant for a meeting), in place of what the article's last subject made of
    the pronoun. Not in the passive ("said it had been attacked": the subject is no doer)."""
    toks, m = c.sentence.tokens, c.match
    if c.passive:
        return actors, rules
    speech = [x for x in c.sentence.matches if is_speech(x) and x.end <= m.start]
    if not speech:
        return actors, rules
    j = _complement_of(toks, speech[-1])
    n = next(
        (n for n in (1, 2) if j + n <= len(toks) and cue_in(toks, j, j + n, "plan_subject")), 0
    )
    if not n or not 0 <= m.start - (j + n) <= 3:
        return actors, rules
    if not all(_auxiliary(t.lower) for t in toks[j + n : m.start]):
        return actors, rules
    found = _speaker(c)
    if found is None:
        return actors, rules
    said = " ".join(t.lower for t in toks[j : j + n])  # what the subject was made of
    doers = [a for a in actors if a.role != "target" and a.mention.lower() == said]
    role = "participant" if m.trigger.roles == 1 else "source"
    own = [_as_role(a, role) for a in found[1]]
    names = {a.name for a in own}
    kept = [a for a in actors if a.name not in names and a not in doers]
    return own + kept, [*rules, "actor.plan_speaker"]


_CHARGE_REQUESTS = words("charge_request_triggers")


def _charged_person(
    c: Candidate, actors: list[ActorRef], rules: list[str]
) -> tuple[list[ActorRef], list[str]]:
    """[actor.charged_person] "said he would ask the International Criminal Court to charge
    Maduro": a request to a court or prosecutor to charge, indict or try someone (rows of
    words list ``charge_request_triggers``, 112) accuses that one: the actor named within
    three tokens after the infinitive's verb is the target, in place of the court asked. None
    named ("asked the court to indict the commanders"): the actors stay."""
    s, m = c.sentence, c.match
    toks = s.tokens
    k = next((k for k in range(m.end, min(len(toks), m.end + 7)) if toks[k].lower == "to"), None)
    if k is None:
        return actors, rules
    x = next(
        (x for x in s.mentions
         if x.is_actor and x.entity is not None and k + 2 <= x.start <= k + 5 and not x.quoted),
        None,
    )  # fmt: skip
    if x is None or x.entity is None:
        return actors, rules
    kept = [a for a in actors if a.role != "target" and a.name != x.entity.name]
    return [*kept, _ref_of(x, "target", "actor.charged_person")], [*rules, "actor.charged_person"]


def _auxiliary(word: str) -> bool:
    by_kind = cues().by_kind
    return word in _OWN_ACT_MODALS or word in by_kind["perfect"] or word in by_kind["aux"]


def _as_role(a: ActorRef, role: str) -> ActorRef:
    a.role = role
    a.evidence = f"{a.evidence or a.rule}; {role} by actor.plan_speaker"
    return a


def _labelled_actor(c: Candidate, actors: list[ActorRef]) -> ActorRef | None:
    """[actor.labelled_object] "called Russia a terrorist state", "called the Malian
    government illegitimate": the actor named right after a label verb (after "the" or a
    possessor's "'s") is the one praised or criticised, its target."""
    s, m = c.sentence, c.match
    k = m.end + (m.end < len(s.tokens) and s.tokens[m.end].lower == "the")
    names = {a.name for a in actors}
    x = next(
        (x for x in s.mentions if x.start == k and x.is_actor and not x.quoted),
        None,
    )
    if x is None or x.entity is None or x.entity.name in names:
        return None
    return _ref_of(x, "target", "actor.labelled_object")


_CASE_TRIGGERS = words("case_triggers")
_CASE_NOUNS = words("case_nouns")


def _case_defendant(c: Candidate, actors: list[ActorRef]) -> list[ActorRef]:
    """[actor.case_defendant] "The court ordered Myanmar to ... Gambia brought the case in
    November": a definite case noun (``case_nouns``) names the case of the article's latest
    act of a court (a source named with ``court_nouns``): that act's target is the defendant,
    the target of bringing the case. No court act told, or the commenter itself: none."""
    s, m = c.sentence, c.match
    toks = s.tokens
    k = next((k for k in range(m.end, m.obj_end) if toks[k].lower in _CASE_NOUNS), None)
    if k is None or toks[k - 1].lower not in ("the", "that", "this") or s.disc is None:
        return []
    have = {a.name for a in actors} | {a.country for a in actors if a.country}
    for ev in reversed(s.disc.events):
        if not any(
            a.role == "source" and not _COURT_NOUNS.isdisjoint(a.name.lower().split())
            for a in ev.actors
        ):
            continue
        out = []
        for a in ev.actors:
            if a.role != "target" or a.name in have or (a.country or "") in have:
                continue
            said = f"{toks[k - 1].text} {toks[k].text}"
            why = (f"'{said}' = the case of {ev.trigger!r} ({ev.label}): its target "
                   f"{a.name}; target by actor.case_defendant")  # fmt: skip
            out.append(_as_target(c, a, "actor.case_defendant", why))
        return out
    return []


def _as_target(c: Candidate, a: ActorRef, rule: str, why: str) -> ActorRef:
    """Actor ``a`` of an earlier event as this candidate's target, by ``rule`` (evidence
    ``why``, also appended to the candidate's evidence)."""
    c.evidence.append(f"{rule}: {why}")
    return ActorRef(a.name, a.kind, a.country, "target", a.aliases, a.mention, a.code, rule, why)


_LABEL_OWNER_PREPOSITIONS = words("label_owner_prepositions")


def _label_owner(c: Candidate, actors: list[ActorRef]) -> ActorRef | None:
    """[actor.label_owner] 'called the deal "a complete and dangerous failure" of Prime
    Minister Benjamin Netanyahu's foreign policy': a possessor after "of" (words list
    ``label_owner_prepositions``) inside the label, in the verb's clause within fourteen
    tokens, owns what the label judges: the target. "a failure of Israeli policy" names none."""
    s, m = c.sentence, c.match
    toks = s.tokens
    clause = s.clause[m.start]
    names = {a.name for a in actors} | {a.country for a in actors if a.country}
    for k in range(m.end, min(len(toks) - 1, m.end + 14)):
        if s.clause[k] != clause:
            return None
        if toks[k].lower not in _LABEL_OWNER_PREPOSITIONS:
            continue
        x = next(
            (
                x
                for x in s.mentions
                if x.is_actor and x.possessive and k < x.start <= k + 3 and x.entity is not None
            ),
            None,
        )  # fmt: skip  ("of Prime Minister Benjamin Netanyahu's": titles before the name)
        if x is None or x.entity is None or x.entity.name in names:
            return None
        return _ref_of(x, "target", "actor.label_owner")
    return None


_ANSWER_TRIGGERS = words("answer_triggers")
_UNDO_TRIGGERS = {item.partition("=")[0]: item.partition("=")[2] for item in words("undo_triggers")}


def _undone_targets(c: Candidate, actors: list[ActorRef]) -> list[ActorRef] | None:
    """[actor.undone_act] "the United States imposed sanctions that month. Washington lifted
    most of them in September 2001": "them" is the latest earlier event of the root the
    trigger undoes (words list ``undo_triggers``: "lift_sanctions=16"); its targets are the
    targets here. None when the article told no such event."""
    disc = c.sentence.disc
    root = _UNDO_TRIGGERS[c.match.trigger.id]
    if disc is None:
        return None
    prior = next((ev for ev in reversed(disc.events) if ev.type == root), None)
    if prior is None:
        return None
    names = {a.name for a in actors}
    return [
        ActorRef(
            a.name,
            a.kind,
            a.country,
            role="target",
            aliases=a.aliases,
            mention=a.mention,
            code=a.code,
            rule="actor.undone_act",
            evidence=f"'them' = the {prior.trigger!r} of {prior.label!r} (actor.undone_act)",
        )
        for a in prior.actors
        if a.role == "target" and a.name not in names
    ]


def _answered_target(c: Candidate, actors: list[ActorRef]) -> ActorRef | None:
    """[actor.answered_act] "India tested nuclear weapons in May 1998, and the United States
    imposed sanctions that month": sanctions (``answer_triggers``) with no target of their
    own answer the material act (roots 06-20, not 08) of an earlier clause of the sentence;
    that act's subject, a state other than the sanctioner, is their target."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    acts = [x for x in s.matches if not x.noun and x.end <= m.start and s.clause[x.start] != clause]
    if not acts or not _material(acts[-1]):
        return None
    x = acts[-1]
    subject = [
        y
        for y in s.mentions
        if y.is_actor
        and not y.quoted
        and y.end <= x.start
        and s.clause[y.start] == s.clause[x.start]
    ]
    if not subject or subject[-1].entity is None or subject[-1].entity.kind != "country":
        return None
    if subject[-1].entity.name in {a.name for a in actors}:
        return None
    return _ref_of(subject[-1], "target", "actor.answered_act")


_OUTBREAK_TRIGGERS = words("outbreak_triggers")
_WAR_NOUNS = words("war_nouns")
_WAR_SIDE_PREPOSITIONS = words("war_side_prepositions")


def _war_subject(c: Candidate) -> bool:
    """[filter.no_war_subject] "war broke out", or a war noun opening its clause's subject
    with its sides after a preposition of ``war_side_prepositions`` ("Fighting between the
    army and the RSF broke out"); not "a fire broke out", "protests broke out"."""
    toks, start = c.sentence.tokens, c.match.start
    if start > 0 and toks[start - 1].lower in _WAR_NOUNS:
        return True
    clause = c.sentence.clause[start] if start < len(c.sentence.clause) else -1
    for k in range(start - 2, max(-1, start - 12), -1):
        if c.sentence.clause[k] != clause or any(x.start == k for x in c.sentence.matches):
            return False
        if toks[k].lower in _WAR_NOUNS and toks[k + 1].lower in _WAR_SIDE_PREPOSITIONS:
            return True
    return False


_FORCE_SUBJECT_TRIGGERS = words("force_subject_triggers")
_FORCE_NOUNS = words("force_subject_nouns")
_FORCE_ADVERBS = words("force_subject_adverbs")
_MEMBER_SUBJECT_TRIGGERS = words("member_subject_triggers")
_MEMBERS = words("member_subject_nouns")


def _force_subject(toks: list[Token], i: int, nouns: frozenset[str] = _FORCE_NOUNS) -> bool:
    """Whether the verb at ``i`` follows an armed force noun (words list
    ``force_subject_nouns``: "forces", "troops"), adverbs between skipped ("first", "briefly";
    words list ``force_subject_adverbs`` and -ly words): "Indian and Chinese troops clashed"."""
    j = i - 1
    while j >= 0 and (toks[j].lower in _FORCE_ADVERBS or toks[j].lower.endswith("ly")):
        j -= 1
    if j >= 0 and toks[j].lower in nouns:
        return True
    # "Troops of the two countries clashed": the force noun heads an "of" phrase
    return any(
        toks[k].lower in nouns and toks[k + 1].lower == "of" for k in range(max(0, j - 6), j - 1)
    ) and all(t.text not in ",;" for t in toks[max(0, j - 6) : j + 1])


def _war_sides(c: Candidate) -> tuple[list[ActorRef], list[str]]:
    """[actor.war_sides] "The last war broke out in the disputed jungle in January 1995": a
    war that breaks out with no side named is fought by the states of the latest earlier
    event with two or more states (:func:`timeline.events.roles.latest_pair`)."""
    m = c.match
    sides = latest_pair(c.sentence, m.start - 1, m.start, c.evidence, frozenset({"country"}))
    refs = [_ref_of(x, "participant", "actor.war_sides") for x in sides]
    return refs, (["actor.war_sides"] if refs else [])


def _demand_actors(c: Candidate) -> Candidate | None:
    """[actor.demand_speaker] "Cook told parliament that the rebels must free the hostages": a
    reported demand's source is the speaker (the actors of the speech verb before it); the
    subject of the demanded act, when an actor, is its target (actor.demand_subject). A
    speaker demanding of itself ("Xi said China must modernise", "we must") makes no demand
    (filter.own_demand)."""
    s, m = c.sentence, c.match
    found = _speaker(c)
    if found is None:
        return _drop(c, "filter.no_actor")
    speech, sources, subj = found
    own = {a.name for a in sources} | {a.country for a in sources if a.country}
    lo = max(c.clause_start, speech.end)
    addressees = [x for x in s.mentions if x.is_actor and speech.end <= x.start < lo]
    addressed = bool(addressees)
    for k in range(lo, m.start):
        word = s.tokens[k].lower
        if word in _OWN_PRONOUNS or (word in _SPEAKER_PRONOUNS and not addressed):
            # "said we must", "said it must": the speaker's own act; "told Iran that it
            # must free the sailors": the addressee's
            return _drop(c, "filter.own_demand")
    subject = [
        x for x in s.mentions
        if x.is_actor and x.entity is not None and lo <= x.start and x.end <= m.start
        and not x.possessive
    ]  # fmt: skip
    targets: list[ActorRef] = []
    if subject and not c.passive:
        x = subject[-1]
        if x.entity is not None and (x.entity.name in own or (x.entity.country or "") in own):
            return _drop(c, "filter.own_demand")
        ref = _ref_of(x, "target", "actor.demand_subject")
        targets.append(ref)
    elif (
        addressees
        and not c.passive
        and _SPEAKER_PRONOUNS & {s.tokens[k].lower for k in range(lo, m.start)}
    ):
        # "told Iran that it must free the sailors": the pronoun is the addressee
        targets.append(_ref_of(addressees[0], "target", "actor.demand_addressee"))
    for a in sources:
        a.rule = a.rule or "actor.demand_speaker"
    c.actors = sources + targets
    c.actor_rules = ["actor.demand_speaker"] + [a.rule for a in targets if a.rule]
    c.subject = subj
    c.rules.extend(c.actor_rules)
    c.evidence.append(f"actor.demand_speaker: the speaker of {s.tokens[speech.start].text!r}")
    return c


_QUOTE_MARKS = "\"“”‘’' \t\n"
_OPEN_QUOTES = ('"', "“")


def _elaborates(c: Candidate) -> bool:
    """[filter.quote_elaboration] a statement in a sentence opening with a quotation, right after
    a sentence (nothing but quotation marks between) with an act of the same speaker other
    than a statement (a welcome, a rejection, a threat ...): the same speaker, or a speaker
    of the state that acted ("The Kremlin dismissed ... Peskov told reporters")."""
    s, m = c.sentence, c.match
    opening = s.text[s.start : s.start + 1]
    if not is_speech(m) or s.disc is None or not (any(s.quoted[:2]) or opening in _OPEN_QUOTES):
        return False  # only a sentence that opens with the quotation: '"...," he said'

    speakers = {a.name for a in c.actors if a.role == "source"}
    speakers |= {a.country for a in c.actors if a.role == "source" and a.country}
    earlier = [ev for ev in s.disc.events if ev.sentence_end <= s.start]
    if not earlier or not speakers:
        return False
    last = max(ev.sentence_end for ev in earlier)
    if not _same_speaker_between(s.text[last : s.start]):
        return False  # another sentence between: not the act just told
    return any(
        ev.type not in ("01", "other")
        and any(a.role == "source" and a.name in speakers for a in ev.actors)
        and not _group_act(ev)
        for ev in earlier
        if ev.sentence_end == last
    )


def _group_act(ev: ExtractedEvent) -> bool:
    """[filter.quote_elaboration] an act that several, named by one plural phrase, did ("they
    agreed", "the two leaders condemned": actor.plural_pronoun, actor.pair_anaphor,
    actor.group_anaphor): a quotation of one of them is his own statement, not the group's
    act told again."""
    rules = {a.rule for a in ev.actors if a.role == "source"}
    doers = sum(a.role == "source" for a in ev.actors)
    return doers >= 2 and bool(rules & _GROUP_PHRASE_RULES)


_GROUP_PHRASE_RULES = frozenset(
    {"actor.plural_pronoun", "actor.pair_anaphor", "actor.group_anaphor"}
)


def _same_speaker_between(between: str) -> bool:
    """[filter.quote_elaboration] nothing but quotation marks between the act and the quotation,
    or one sentence with no event that goes on with the speaker as a pronoun subject ("He also
    questioned whether the mission had been invited."), in the same paragraph."""
    text = between.strip(_QUOTE_MARKS)
    if not text:
        return True
    if "\n" in text or text.rstrip(".").count(". ") or not text.endswith("."):
        return False
    return text.split(maxsplit=1)[0].lower() in _PRONOUN_SUBJECTS


_THREAT_AGAINST = words("threat_against_triggers")


def _threat_against(c: Candidate, actors: list[ActorRef]) -> ActorRef | None:
    """[actor.threat_against] "warned that South Africa would retaliate against American grain
    exports": the actor named right after "against" (within two tokens) in the next twelve
    tokens of a threat with no target is its target."""
    s, m = c.sentence, c.match
    toks = s.tokens
    have = {a.name for a in actors}
    for k in range(m.end, min(len(toks), m.end + 12)):
        if toks[k].lower != "against":
            continue
        x = next((x for x in s.mentions if x.is_actor and k < x.start <= k + 2), None)
        if x is None or x.entity is None or x.entity.name in have:
            return None
        return _ref_of(x, "target", "actor.threat_against")
    return None


_REFUSALS = words("refusal_triggers")


def _refused_partner(c: Candidate, actors: list[ActorRef]) -> ActorRef | None:
    """[actor.refused_partner] "Kyiv had refused to sign any document with Russia", "refused to
    meet the American envoy": the first actor named in the refused infinitive (eight tokens,
    the clause) is whom the refusal is aimed at."""
    s, m = c.sentence, c.match
    toks = s.tokens
    clause = s.clause[m.start]
    to = next(
        (
            k
            for k in range(m.end, min(len(toks) - 1, m.end + 4))
            if toks[k].lower == "to" and s.clause[k] == clause
        ),
        None,
    )  # fmt: skip  ("refused on Thursday to sign")
    if to is None:
        return None
    have = {a.name for a in actors} | {a.country for a in actors if a.country}
    x = next(
        (x for x in s.mentions
         if x.is_actor and x.entity is not None and to + 2 <= x.start <= to + 9
         and s.clause[x.start] == clause and not x.possessive),
        None,
    )  # fmt: skip
    if x is None or x.entity is None or x.entity.name in have:
        return None
    return _ref_of(x, "target", "actor.refused_partner")


_OWN_BODY_TRIGGERS = words("own_body_triggers")
_DOCUMENT_OBJECT_TRIGGERS = words("document_object_triggers")
_TIME_OPENERS = words("subordinate_openers")
_OWN_PRONOUNS = words("first_person_pronouns")


def _own_body_target(
    c: Candidate, actors: list[ActorRef], actor_rules: list[str]
) -> tuple[list[ActorRef], list[str]]:
    """[actor.own_body] "Fujimori dissolved Congress": a leader dissolves his own country's
    legislature (words list ``own_body_triggers``), whatever country the bare name of the
    body would be alone ("Congress"): the target is the source's country."""
    sources = [a for a in actors if a.role == "source"]
    country = sources[0].country if sources and sources[0].kind == "person" else None
    entity = lexicon().entity(country) if country else None
    if entity is None:
        return actors, actor_rules
    ref = to_ref(entity, mention=entity.name, role="target")
    ref.rule = "actor.own_body"
    ref.evidence = f"the legislature of {sources[0].name}'s country; target by actor.own_body"
    return [*sources, ref], [*actor_rules, "actor.own_body"]


def _speaker(c: Candidate) -> tuple[Match, list[ActorRef], list[Mention]] | None:
    """The speech verb before the candidate whose speaker is known, the nearest first ("She
    said ... and told reporters that ...": "told" has no subject of its own, "said" has),
    with the speaker's actors and subject mentions; None without one."""
    s, m = c.sentence, c.match
    for speech in reversed([x for x in s.matches if is_speech(x) and x.end <= m.start]):
        said, _, subj, _ = find_actors(s, speech, False, c.evidence)
        sources = [a for a in said if a.role == "source"]
        if sources:
            return speech, sources, subj
    return None


def _ref_of(x: Mention, role: str, rule: str) -> ActorRef:
    ref = to_ref(x.entity, mention=x.text, role=role) if x.entity else None
    assert ref is not None
    ref.code, ref.rule = x.code, rule
    ref.evidence = f"{x.text!r} = {ref.name} ({x.rule}); {role} by {rule}"
    return ref


_RELEASE_NOUNS = words("release_nouns")


def _release_holder(c: Candidate, actors: list[ActorRef]) -> tuple[str | None, list[ActorRef]]:
    """[actor.release_holder] "called for Navalny's immediate release", "demanded the release
    of Nouri": a demand for a person's release (a noun of ``release_nouns`` after the person's
    possessive within two words, or "<noun> of <person>") is aimed at those who hold him: the
    doers of the article's latest detention, sentence or seizure (roots 17, 18) of him, who
    replace him as the target. Returns (the person, the holders); no other target may be
    named ("urged Pakistan to respect Khan's rights and free him" keeps Pakistan)."""
    s, m = c.sentence, c.match
    toks, clause = s.tokens, s.clause[m.start]
    person = None
    for x in s.mentions:
        if x.start < m.end or s.clause[x.start] != clause or x.entity is None:
            continue
        if x.entity.kind != "person" or x.start - m.end > 8:
            continue
        after = [t.lower for t in toks[x.end + 1 : x.end + 3]] if x.possessive else []
        before = [t.lower for t in toks[max(0, x.start - 3) : x.start]]
        if not _RELEASE_NOUNS.isdisjoint(after) or (
            before[-1:] == ["of"] and not _RELEASE_NOUNS.isdisjoint(before)
        ):
            person = x.entity.name
            break
    if person is None or s.disc is None:
        return None, []
    if any(a.role == "target" and a.name != person for a in actors):
        return None, []
    have = {a.name for a in actors}
    for ev in reversed(s.disc.events):
        if ev.type not in ("17", "18") or not any(
            a.role == "target" and a.name == person for a in ev.actors
        ):
            continue
        why = f"the release of {person}: held by the doers of {ev.trigger!r} ({ev.type})"
        return person, [
            _as_target(c, a, "actor.release_holder", why)
            for a in ev.actors
            if a.role == "source" and a.name not in have
        ]
    return None, []


_AS_DID = words("as_did_auxiliaries")


def _as_did(c: Candidate, actors: list[ActorRef]) -> list[ActorRef]:
    """[actor.as_did] "Antonio Guterres welcomed the agreement on Friday, as did Iraq, Oman,
    Qatar and the United Arab Emirates": the actors right after ", as <auxiliary>" (words list
    ``as_did_auxiliaries``) later in the sentence, with no other verb trigger between, did the
    same act: more doers in the subject's role."""
    s, m = c.sentence, c.match
    toks = s.tokens
    k = next(
        (k for k in range(m.end, len(toks) - 2)
         if toks[k].text == "," and toks[k + 1].lower == "as" and toks[k + 2].lower in _AS_DID),
        None,
    )  # fmt: skip
    if k is None or any(m.end <= y.start < k and not y.noun for y in s.matches):
        return []
    role = next(a.role for a in actors if a.role in ("source", "participant"))
    have = {a.name for a in actors}
    out: list[ActorRef] = []
    j = k + 3 + (k + 3 < len(toks) and toks[k + 3].lower == "the")
    for x in (x for x in s.mentions if x.start >= j and x.is_actor):
        if x.start != j or x.entity is None:
            break  # the list ends at the first word that is no actor, "and" or a comma
        if x.entity.name not in have:
            have.add(x.entity.name)
            out.append(_ref_of(x, role, "actor.as_did"))
        j = x.end
        while j < len(toks) and toks[j].lower in (",", "and", "the"):
            j += 1
    return out


_COMMAND_TRIGGERS = words("command_triggers")
_FOREIGN_TARGET_TRIGGERS = words("foreign_target_triggers")
_BODY_SOURCE_TRIGGERS = words("body_source_triggers")
_BODY_SOURCE_AGENTS = words("body_source_agents")
_MILITARY_SOURCE_TRIGGERS = words("military_source_triggers")
_MILITARY_AGENTS = words("military_source_agents")
_SOURCE_REQUIRED_TRIGGERS = words("source_required_triggers")


def _body_sources(actors: list[ActorRef], agents: frozenset[str] = _BODY_SOURCE_AGENTS) -> bool:
    """Every source is a state's legislature, court or party (code ending in a word of
    ``body_source_agents``) or a domestic body of the lexicon ("the Knesset"); with
    ``agents`` = ``military_source_agents``: every source is a state's armed forces."""
    sources = [a for a in actors if a.role == "source"]
    lex = lexicon()
    return bool(sources) and all(
        (a.code is not None and a.code[3:] in agents)
        or (agents is _BODY_SOURCE_AGENTS and (e := lex.entity(a.name)) is not None and e.domestic)
        for a in sources
    )


_COURT_TRIGGERS = words("court_triggers")
_COURT_AGENTS = words("court_source_agents")


def _court_source(actors: list[ActorRef]) -> bool:
    """A source is a court: its code ends in a segment of ``court_source_agents`` (RUSJUD,
    IGOJUD, IGOICJ, IGOEURCOE)."""
    from timeline.events.lexicon import actor_code

    return any(
        a.role == "source" and (code := a.code or actor_code(a, None)) is not None
        and code[-3:] in _COURT_AGENTS
        for a in actors
    )  # fmt: skip


def _court_own_national(c: Candidate) -> bool:
    """[type.court_own_national] "a Moscow court ruled that Alexei Navalny had broken the
    terms of his probation": a state's court ruling against a person of its own state is legal
    action against him (173), not a criticism."""
    if c.match.trigger.id not in _COURT_TRIGGERS:
        return False
    states = {a.state for a in c.actors if a.role == "source"}
    return any(a.role == "target" and a.kind == "person" and a.country in states
               for a in c.actors)  # fmt: skip


_OUSTING = words("ousting_participles")
_COERCIVE_ROOTS = frozenset({"17", "18", "19", "20"})


def _ousted(c: Candidate, actors: list[ActorRef]) -> list[ActorRef]:
    """ "seized power in a coup on Tuesday, ousting Prime Minister Thaksin Shinawatra": the
    person or state named right after an ousting participle (words list ``ousting_participles``)
    after a comma is the target of a coercive act (17-20) that has none (rule actor.ousted)."""
    s, m = c.sentence, c.match
    toks = s.tokens
    if _OUSTING.isdisjoint([t.lower for t in toks[m.end :]]):
        return []
    verbs = {y.start for y in s.matches if y is not m and not y.noun}
    for k in range(m.end, len(toks) - 1):
        if toks[k].lower in _OUSTING and toks[k - 1].text == ",":
            x = next((x for x in s.mentions if x.start == k + 1 and x.is_actor), None)
            if x is None or x.entity is None or any(a.name == x.entity.name for a in actors):
                return []
            ref = to_ref(x.entity, x.text, "target")
            ref.rule, ref.evidence = "actor.ousted", f"'{x.text}' after '{toks[k].text}'"
            return [ref]
        if k in verbs:
            return []  # another verb's clause
    return []


def _foreign_target(actors: list[ActorRef]) -> bool:
    """A source and a target of different countries (an organisation counts as foreign)."""
    sources = {a.country or a.name for a in actors if a.role == "source"}
    targets = {a.country or a.name for a in actors if a.role == "target"}
    return bool(sources) and bool(targets) and not targets <= sources


def _nominal_anaphor(c: Candidate) -> tuple[list[ActorRef], list[str]]:
    """ "The talks in Geneva", "the summit": a definite event noun without actors of its own is
    the latest earlier event of its family in the article (rule actor.nominal_anaphor);
    without one it is no event (actors are never invented)."""
    s, m = c.sentence, c.match
    if s.disc is None or m.start == 0 or s.tokens[m.start - 1].lower not in ("the", "that"):
        return [], []
    if any(not x.noun and x.end == m.start - 1 for x in s.matches):
        return [], []  # "criticised the trip": the object of another event, not a new one
    from timeline.events.merge import _family

    family = _family(m.trigger.cameo)
    for ev in reversed(s.disc.events):
        if _family(ev.cameo) == family and ev.actors:
            c.evidence.append(
                f"actor.nominal_anaphor: '{s.tokens[m.start - 1].text} {s.tokens[m.start].text}'"
                f" = the {ev.label} of {', '.join(a.name for a in ev.actors)} ({ev.trigger!r})"
            )
            refs = [
                ActorRef(
                    a.name,
                    a.kind,
                    a.country,
                    a.role,
                    a.aliases,
                    a.mention,
                    a.code,
                    "actor.nominal_anaphor",
                    f"{s.tokens[m.start - 1].text} {s.tokens[m.start].text!s} = the "
                    f"{ev.label} of {a.name} ({ev.trigger!r}); was: {a.evidence or a.rule}",
                )
                for a in ev.actors
            ]
            return refs, ["actor.nominal_anaphor"]
    return [], []


_MILITARY_ROOTS = words("military_roots")
_HOUSING = words("housing_verbs")


def _housed_target(c: Candidate, actors: list[ActorRef]) -> list[ActorRef]:
    """ "fired missiles at two bases in Iraq that house US troops": force aimed at a place
    whose relative clause names who is there targets them (rule actor.housed_target)."""
    s, m = c.sentence, c.match
    toks = s.tokens
    have = {a.name for a in actors}
    for j in range(m.end, min(len(toks) - 1, m.end + 14)):
        if toks[j].lower not in ("that", "which", ",") or toks[j + 1].lower not in _HOUSING:
            if toks[j].lower not in _HOUSING or toks[j - 1].lower in ("that", "which"):
                continue
            k = j + 1  # "bases housing US troops"
        else:
            k = j + 2
        for x in s.mentions:
            if x.is_actor and k <= x.start <= k + 2 and x.entity is not None:
                if x.entity.name in have:
                    return []
                ref = to_ref(x.entity, mention=x.text, role="target")
                ref.code, ref.rule = x.code, "actor.housed_target"
                ref.evidence = (f"{x.text!r} = {ref.name} ({x.rule}); target by "
                                f"actor.housed_target ('{toks[k - 1].text} {x.text}')")  # fmt: skip
                c.evidence.append(f"actor.housed_target: {ref.evidence}")
                return [ref]
        return []
    return []


_ANAPHOR_DETS = frozenset({"the", "that", "this", "these", "those", "its", "their", "his", "her"})


@cache
def _event_nouns() -> dict[str, frozenset[str]]:
    from timeline.events.lexicon import read_rows, split_list

    return {
        r["noun"].lower(): frozenset(split_list(r["roots"])) for r in read_rows("event_nouns.tsv")
    }


_EVENT_PRONOUNS = {"them": True, "it": False}  # pronoun -> names a plural noun


def _pronoun_event_noun(s: Sentence, j: int) -> str | None:
    """[actor.object_anaphor] "Borrell condemned the expulsions. Merkel called them
    unjustified": an object pronoun right after the verb names the last event noun (after a
    determiner) of the previous sentence, when their number agrees; else None."""
    toks = s.tokens
    if j >= len(toks) or toks[j].lower not in _EVENT_PRONOUNS or s.disc is None:
        return None
    plural = _EVENT_PRONOUNS[toks[j].lower]
    sents = s.disc.sents
    at = next((i for i, x in enumerate(sents) if x is s), 0)
    if at == 0:
        return None
    prev, nouns = sents[at - 1].tokens, _event_nouns()
    for k in range(len(prev) - 1, 0, -1):
        word = prev[k].lower
        if word in nouns and word.endswith("s") == plural:
            before = [t.lower for t in prev[max(0, k - 3) : k]]
            return word if not _ANAPHOR_DETS.isdisjoint(before) else None
    return None


def _object_anaphor(c: Candidate, actors: list[ActorRef], at: int | None = None) -> list[ActorRef]:
    """ "Russia condemned the strike": the object names an event told earlier in the article;
    its source (or its participants) is the target (rule actor.object_anaphor, data
    ``event_nouns.tsv``). Nothing when no earlier event of those types has one."""
    s, m = c.sentence, c.match
    toks = s.tokens
    j = m.end if at is None else at  # "said the warrant was justified": the complement's noun
    clause = s.clause[min(j, len(toks) - 1)]
    nouns = _event_nouns()
    noun = _pronoun_event_noun(s, j) if at is None else None
    k = j
    owner = ""
    if noun is None:
        if j + 1 < len(toks) and toks[j].is_cap and toks[j + 1].is_possessive:
            owner = toks[j].lower  # "welcomed Floderus's release": the release of Floderus
            j += 1
        if j >= len(toks) or (toks[j].lower not in _ANAPHOR_DETS and not toks[j].is_possessive):
            return []
        k = j + 1
        while k < len(toks) and k <= j + 3 and s.clause[k] == clause:
            word = toks[k].lower
            if word in nouns:
                break
            if not toks[k].text.isalpha() or toks[k].is_cap:
                return []
            k += 1
        else:
            return []
        noun = toks[k].lower
    roots = nouns[noun]
    have = {a.name for a in actors}
    # "Viktor Orban praised the vote" (of Hungary's parliament): a comment on an act of the
    # commenter's own state names no target (the country the lexicon gives a known person;
    # never an organisation's, nor a country guessed for an unknown name)
    lex = lexicon()
    own = {
        a.country for a in actors
        if a.role == "source" and a.kind == "person" and a.country
        and (e := lex.entity(a.name)) is not None and e.country == a.country
    }  # fmt: skip
    matching = [
        ev
        for ev in reversed(s.disc.events if s.disc is not None else [])
        if (ev.type in roots or (ev.cameo or "") in roots or _voted_in(ev, roots))
        and within_reach(s, ev)
    ]  # fmt: skip  (roots are CAMEO roots or finer codes: "042" a visit, not a meeting)
    if owner:  # the act done to (or by) the possessor named, else none
        matching = [e for e in matching if any(owner in a.name.lower().split() for a in e.actors)]
    matching = named_act_first(matching, noun, actors)
    for ev in matching[:1]:
        if "clause.time_subordinate" in ev.rules:
            # "offered to send police, days after the Council approved a mission. Haiti
            # welcomed the decision": the act of the main clause, not of the "after" clause
            ev = next(
                (e for e in matching if e.sentence_start == ev.sentence_start
                 and "clause.time_subordinate" not in e.rules),
                ev,
            )  # fmt: skip
        doers = act_doers(ev)
        if any(a.name in have for a in doers):
            return []  # "Venezuela recalled its envoy. It said the decision ...": not its own
        out = []
        for a in doers:
            if a.name in have or (a.country or a.name) in own:
                continue
            said = f"{toks[j].text} {toks[k].text}" if k > j else f"{toks[j].text}: the {noun}"
            why = (f"'{said}' = the {ev.label} of {a.name} "
                   f"({ev.trigger!r}); target by actor.object_anaphor")  # fmt: skip
            out.append(_as_target(c, a, "actor.object_anaphor", why))
        return out
    return []


def status(c: Candidate) -> Candidate | None:
    """A present-tense headline or caption is no event ("Russia invades Ukraine"); present
    tense of a non-statement (planned), reported ("reportedly", "according to")."""
    statement = c.code.startswith("01")
    s = c.sentence
    if c.present and s.headline and s.text[s.end :].strip():
        # "Russia invades Ukraine" above a body: a headline or caption, not an event (#12)
        return _drop(c, "filter.headline")
    if c.present and s.headline:
        c.rules.append("status.headline_present")  # a line alone: news of the day
    if c.present and not statement and c.status == "happened":
        kept = present_voice(c)
        if kept is not None:
            c.rules.append(kept)  # a chronology's bullet, a statement's own act: happened
        else:
            c.status = "planned"
            c.rules.append("status.present_tense")
    reported = c.sentence.cue("reported")
    if reported and c.status == "happened" and _counted_attribution(c):
        # "police detained more than 1,000 of them, according to OVD-Info": the source
        # vouches for the count, the act itself is told as done
        c.rules.append("status.count_attribution")
    elif reported and c.status == "happened":
        c.status = "reported"
        c.rules.append(f"status.{reported}")
    return c


_COUNT_WORDS = words("counted_attribution_words")


def _counted_attribution(c: Candidate) -> bool:
    """ "detained more than 1,000 of them, according to OVD-Info", "killed dozens of people in
    Minsk, according to medics": "according to" after a number or a count word (words list
    ``counted_attribution_words``) between the trigger and it, outside a time expression,
    attributes the count, not the act."""
    s, toks = c.sentence, c.sentence.tokens
    k = next(
        (k for k in range(c.match.end, len(toks) - 1)
         if toks[k].lower == "according" and toks[k + 1].lower == "to"),
        None,
    )  # fmt: skip
    if k is None:
        return False
    dated = [(t.start, t.end) for t in s.timexes]
    return any(
        (w.lower in _COUNT_WORDS or any(ch.isdigit() for ch in w.text))
        and not any(a <= w.start < b for a, b in dated)
        for w in toks[c.match.end : k]
    )


def place(c: Candidate) -> Candidate | None:
    """A place in the trigger's clause; for a visit, the capital visited; else the venue the
    paragraph or the dateline gives (:mod:`timeline.events.venues`)."""
    dropped: list[str] = []
    location, rule = _location(c.sentence, c.match, dropped)
    if location is None and c.code == "042":
        location, rule = _visited_place(c.object)
    if location is None and c.match.trigger.id in _TERRITORIAL:
        location, rule = _taken_territory(c)
    if c.match.trigger.id in _WITHDRAWALS:
        location, rule = _withdrawn_from(c, location, rule)
    if c.match.trigger.id in _FROM_HOST:
        _host_left(c)
    if c.code[:2] in _ADDRESSEE_TO_ROOTS:
        _addressee_to(c)
    if location is None:
        location, rule = _organ_city(c)
    if location is None:
        location, rule = chamber_seat(c)
    main = _repressing_match(c) if location is None else None
    if main is not None:  # "fired tear gas at protesters in Nairobi who marched": Nairobi
        location, rule = _location(c.sentence, main)
        rule = "loc.repressed_protest" if location else None
    if location is None:
        own = frozenset(a.state for a in c.actors if a.role != "target" and a.state)
        location, rule = venues.venue(c.sentence, c.match, c.match.trigger.roles == 2, own)
    if location is None:
        location, rule = _visit_scene(c)
    if location is None:
        location, rule = _residence_venue(c)
    if location is None:
        location, rule = _crowd_scene(c)
    if location is None:
        location, rule = _court_scene(c)
    if location is None:
        location, rule = _also_same_act(c)
    c.rules.extend(r for r in dropped if r != rule)
    c.location = location
    if rule:
        c.rules.append(rule)
    if location and location[1] and c.match.trigger.id in _TERRITORY_AGENT:
        _territory_agent(c, location)
    if c.code == "042" and location and location[1]:
        _host_of_visit(c, location)
    elif (
        (c.code[:2] in _MILITARY_TARGET_ROOTS or (c.code[:2] == "15" and _aimed(c)))
        and location
        and location[0] == location[1]
    ):
        if _attacked_country(c, location[1]) and _aimed_at_place(c, location[0]):
            c.location = None  # "fired missiles at Israel": a target, not a venue
            c.rules.append("loc.target_not_venue")
    elif c.code[:2] in _MILITARY_TARGET_ROOTS and location and location[1]:
        _attacked_country(c, location[1])  # "bombed targets around Tripoli": Libya
    return c


_LOCAL_ORGANS = words("local_organ_codes")
#: prepositions that resume a trigger's adjuncts after an apposition's comma
_RESUMING_PREPS = frozenset({"to", "at", "in", "from"})


def _residence_venue(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.seat_residence] "congratulated the mediators in a statement from State House",
    "received the envoy at the presidential palace": a head of state's seat named by a common
    name (words of the venues.tsv row) in the trigger's clause, after it, is in the capital of
    the source's country."""

    s, m = c.sentence, c.match
    toks = s.tokens
    # the trigger's adjuncts, past appositions ("summoned the ambassador, Alexander Yakovenko,
    # to the Foreign Office"), up to the next verb trigger or what was said
    stop = min(
        (x.start for x in s.matches
         if x.start >= m.end and not x.noun and not toks[x.start].is_cap),
        default=len(toks),
    )  # fmt: skip
    span = []
    for k in range(m.end, stop):
        if toks[k].lower == "that" or toks[k].text in ('"', "“", "”") or s.quoted[k]:
            break
        if k > m.end and s.clause[k] != s.clause[k - 1]:
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if (
                toks[k].text != ","
                or nxt is None
                or not (nxt.is_cap or nxt.lower in _RESUMING_PREPS)
            ):
                break  # "a day after Marcos fled the presidential palace": another clause
        span.append(toks[k].lower)
    text = " ".join(span)
    if not any(f" {w} " in f" {text} " for w in venues.rules()["loc.seat_residence"]):
        return None, None
    for a in c.actors:
        if a.role in ("source", "participant") and a.country:
            # the government's seat on the day (seats.tsv: Lagos before 1991), else the capital
            where = seat(a.country, "government", c.published)
            return (where, "loc.seat_residence") if where else (None, None)
    return None, None


_CROWD_PRONOUNS = words("crowd_object_pronouns")


def _crowd_scene(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.crowd_scene] "Navalny's supporters poured into central Moscow on Tuesday night, and
    police detained more than 1,000 of them": a repression (roots of ``repression_roots``)
    of "them" (``crowd_object_pronouns``, at most eight tokens after the trigger) in a clause
    joined by "and" to an earlier one of the sentence happened at the place that clause names
    (the nearest before)."""
    if c.code[:2] not in _REPRESSION_ROOTS:
        return None, None
    s, m = c.sentence, c.match
    toks = s.tokens
    if not any(toks[k].lower in _CROWD_PRONOUNS for k in range(m.end, min(len(toks), m.end + 8))):
        return None, None
    lo = s.clause_start(m.start)
    if not any(t.lower == "and" for t in toks[max(0, lo - 1) : m.start]):
        return None, None
    before = [
        x for x in s.mentions
        if x.place is not None and x.rule != "loc.dateline" and not x.quoted and x.end <= lo
    ]  # fmt: skip
    if not before:
        return None, None
    pl = before[-1].place
    assert pl is not None
    return (pl.name, pl.country), "loc.crowd_scene"


_COURT_NOUNS = words("court_nouns")


def _court_scene(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.court_anaphor] "On Tuesday a Moscow court ruled ... '...,' Navalny told the court":
    "the court" (``court_nouns``) in the trigger's clause is the court an earlier sentence of
    the same paragraph named with its city ("a Moscow court"): the act happened there."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    s, m = c.sentence, c.match
    toks = s.tokens
    clause = s.clause[m.start]
    if not any(
        toks[k].lower in _COURT_NOUNS and toks[k - 1].lower == "the" and s.clause[k] == clause
        for k in range(1, len(toks))
    ):
        return None, None
    prev = venues.previous_in_paragraph(s)
    while prev is not None:
        pt = prev.tokens
        for k in range(1, len(pt)):
            if pt[k].lower not in _COURT_NOUNS:
                continue
            for n in (2, 1):
                pl = gazetteer().places.get(fold(" ".join(t.text for t in pt[max(0, k - n) : k])))
                if pl is not None and pl.kind == "city":
                    return (pl.name, pl.country), "loc.court_anaphor"
        prev = venues.previous_in_paragraph(prev)
    return None, None


def _country_of_place(name: str) -> str:
    """The country of a canonical place name an earlier event recorded ("" if unknown)."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    pl = gazetteer().places.get(fold(name))
    if pl is not None:
        return pl.country
    return name if lexicon().countries.get(name) is not None else ""


_VISIT_SCENE_ROOTS = words("visit_scene_roots")
_VISIT_SCENE_TRIGGERS = words("visit_scene_triggers")


def _visit_scene(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.visit_continued] "Borrell flew to Moscow on Thursday. He held talks with Lavrov on
    Friday.", "Abiy flew to Asmara on Sunday ... The two leaders signed a declaration on
    Monday": a meeting (roots of ``visit_scene_roots``) or a signing (``visit_scene_triggers``;
    not a mere agreement: "agreed on a six-point plan" has no place) with no place of its own,
    done (not planned), one of whose actors is the visitor of the latest visit (042) or a
    participant of the latest meeting (04) of the same paragraph that has a place, happened
    there; so does any act told "At their joint news conference," (a fronted occasion of
    ``fronted_venue_nouns`` naming no place)."""
    s = c.sentence
    disc = s.disc
    if disc is None or c.status == "planned" or not disc.events or c.match.noun:
        return None, None  # a noun ("resuming talks") names talks, not the visitor's act
    toks = s.tokens
    comma = next((k for k, t in enumerate(toks[:10]) if t.text == ","), None)
    occasion = (
        comma is not None
        and toks[0].lower in ("at", "during")
        and c.match.start > comma
        and any(t.lower in _VENUE_NOUNS for t in toks[1:comma])
    )
    scene = c.code[:2] in _VISIT_SCENE_ROOTS or c.match.trigger.id in _VISIT_SCENE_TRIGGERS
    if not scene and not occasion:
        return None, None
    para = disc.paragraph(s.start)
    names = {a.name for a in c.actors}
    for e in reversed(disc.events):
        if disc.paragraph(e.sentence_start) != para:
            break
        if e.location is None or e.status == "planned" or e.type != "04":
            continue
        roles = ("source",) if e.cameo == "042" else ("participant", "source")
        if any(a.name in names for a in e.actors if a.role in roles):
            return (e.location, _country_of_place(e.location)), "loc.visit_continued"
        return None, None
    return None, None


def _organ_city(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.organ_city] "A Stockholm court sentenced Nouri", "Moscow police detained": the
    city that names the source organ (a court, the police: words list ``local_organ_codes``)
    is where it acted."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    for a in c.actors:
        if a.role != "source" or a.kind != "country" or not a.code or not a.mention:
            continue
        if a.code[3:6] not in _LOCAL_ORGANS:
            continue
        words_ = a.mention.split()
        for n in range(len(words_) - 1, 0, -1):
            pl = gazetteer().places.get(fold(" ".join(words_[:n])))
            if pl is not None and pl.kind == "city" and pl.country == a.name:
                return (pl.name, pl.country), "loc.organ_city"
    return None, None


_WITHDRAWALS = words("withdrawal_triggers")
_LEFT_PLACE = words("left_place_triggers")
_FROM_HOST = words("from_host_triggers")


def _add_target_country(c: Candidate, country: Entity, text: str, rule: str, why: str) -> None:
    """Add ``country`` as the candidate's target, found in ``text`` by ``rule``."""
    c.actors = [*c.actors, ActorRef(country.name, "country", country.name, "target",
                                    country.aliases, text, None, rule, why)]  # fmt: skip
    c.rules.append(rule)
    c.evidence.append(f"{rule}: {why}")


def _addressee_to(c: Candidate) -> None:
    """[actor.addressee_to] "appealed to Washington", "complained to Beijing": a capital after
    "to" in the trigger's clause, within four words of the trigger, is the state addressed
    (its target) when none is named; any other place is no party (loc.addressee_to)."""
    s, m = c.sentence, c.match
    if any(a.role == "target" for a in c.actors):
        return
    from timeline.events.gazetteer import gazetteer

    lex = lexicon()
    for x in s.mentions:
        if not m.end <= x.start <= m.end + 4 or s.tokens[x.start - 1].lower != "to":
            continue
        if x.place is None or s.clause[x.start] != s.clause[m.start]:
            return
        cap = gazetteer().capitals.get(x.place.country)
        country = lex.countries.get(x.place.country)
        if cap is None or cap.name != x.place.name or country is None:
            return
        if any(a.name == country.name for a in c.actors):
            return
        why = (
            f"'{x.text}' after 'to' is the capital of {country.name}; target by actor.addressee_to"
        )
        _add_target_country(c, country, x.text, "actor.addressee_to", why)
        return


def _host_left(c: Candidate) -> None:
    """ "recalled its ambassador from Tehran", "recalling its ambassador in Bogota" (the post,
    loc.envoy_post): the state of the place left is the target (rule actor.host_left) when
    none is named."""
    s, m = c.sentence, c.match
    if any(a.role == "target" for a in c.actors):
        return
    lex = lexicon()
    for x in s.mentions:
        if x.start < m.end or x.start == 0:
            continue
        if s.tokens[x.start - 1].lower != "from" and not venues.envoy_post(s, m, x, _FROM_HOST):
            continue
        country = lex.countries.get(x.place.country) if x.place is not None else x.entity
        if country is None or country.kind != "country":
            return
        if any(a.name == country.name for a in c.actors):
            return
        why = f"'{x.text}' is in {country.name}; target by actor.host_left"
        _add_target_country(c, country, x.text, "actor.host_left", why)
        return


def _withdrawn_from(
    c: Candidate, location: tuple[str, str] | None, rule: str | None
) -> tuple[tuple[str, str] | None, str | None]:
    """ "troops began withdrawing from southern Lebanon": leaving a place is military
    de-escalation (CAMEO 087) there, not a break with its state (166, "withdrew from the
    deal"); the place is the location and no target (rule type.withdrew_from_place)."""
    s, m = c.sentence, c.match
    lex = lexicon()
    after = [x for x in s.mentions if x.start >= m.end and s.clause[x.start] == s.clause[m.start]]
    for x in after[:1]:
        ent = x.entity or (lex.countries.get(x.place.country) if x.place is not None else None)
        between = [t.lower for t in s.tokens[m.end : x.start]]
        if ent is None or ent.kind != "country" or ent.name not in lex.countries:
            break
        direct = not between and m.trigger.id in _LEFT_PLACE  # "troops left Lebanon"
        if not direct and (
            not between
            or between[0] not in ("from", "out", "back")
            or len(between) > 4
            or "from" not in between
        ):
            break
        if x.place is not None:
            location, rule = (x.place.name, x.place.country), "loc.withdrawn_from"
        c.match = replace(m, trigger=replace(m.trigger, cameo="087"))
        c.actors = [a for a in c.actors if not (a.role == "target" and a.name == ent.name)]
        c.rules.append("type.withdrew_from_place")
        return (location or (ent.name, ent.name)), (rule or "loc.withdrawn_from")
    return location, rule


_TERRITORIAL = words("territorial_triggers")


def _taken_territory(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """ "invaded Panama", "seized the Falkland Islands": force that takes ground happens in the
    country or territory it takes (rule loc.taken_territory); the seizure of a territory is
    force (CAMEO 190), not the seizure of property (171)."""
    lex = lexicon()
    for x in c.object[:1]:
        ent = x.entity
        if x.rule == "actor.demonym" or x.start > c.match.end + 2:
            break  # "seized a British tanker": property, not ground
        if ent is not None and ent.kind == "country" and ent.name in lex.countries:
            if c.code == "171":
                c.match = replace(c.match, trigger=replace(c.match.trigger, cameo="190"))
                c.rules.append("type.seized_territory")
            return (ent.name, ent.name), "loc.taken_territory"
    return None, None


_COORD_AND = words("coordinating_and")


def _aimed_at_place(c: Candidate, name: str) -> bool:
    """ "fired missiles at Israel": the country aimed at is no venue; force "into" a country
    ("fired rockets into Israel", "an offensive into southern Iraq") happens there."""
    s = c.sentence
    return any(
        x.place is not None and x.place.name == name and x.start > 0
        and s.tokens[x.start - 1].lower in _AIMED_AT - {"into"}
        for x in s.mentions
    )  # fmt: skip


_MILITARY_TARGET_ROOTS = words("military_roots") - {"15"}


def _attacked_country(c: Candidate, country_name: str) -> bool:
    """ "launched a ground offensive into southern Iraq": force used in a country with no
    target named is used against that country (rule actor.attacked_place)."""
    if any(a.role == "target" for a in c.actors) or c.match.trigger.roles == 1:
        return False  # "Fighting between the SAF and the RSF broke out in Khartoum": both sides
    country = lexicon().countries.get(country_name)
    # the state's own people and organs using force at home attack no one by place; its
    # rebels ("an offensive on San Salvador") attack the state
    if country is None or any(a.country == country.name and a.kind != "group" for a in c.actors):
        return False
    why = f"force used in {country.name} with no other target; target by actor.attacked_place"
    _add_target_country(c, country, country.name, "actor.attacked_place", why)
    return True


_TERRITORY_AGENT = words("territory_agent_triggers")
_REPRESSION_ROOTS = words("repression_roots")


def _repressing_match(c: Candidate) -> Match | None:
    """ "riot police dispersed supporters who had gathered to protest", "fired tear gas at
    protesters on Tuesday who marched against the plan": a protest told in a relative clause
    of the crowd that an earlier verb of the sentence represses (roots of words list
    ``repression_roots``) happened where and when that repression did; its verb, else None."""
    if c.code[:2] != "14" or "actor.relative_antecedent" not in c.rules:
        return None
    return next(
        (x for x in c.sentence.matches
         if x.start < c.match.start and not x.noun
         and x.trigger.cameo[:2] in _REPRESSION_ROOTS),
        None,
    )  # fmt: skip


def _territory_agent(c: Candidate, location: tuple[str, str]) -> None:
    """[actor.territory_state] "Floderus was arrested at Tehran airport": a passive arrest
    with no agent named (words list ``territory_agent_triggers``) is the act of the state
    where it happened."""
    if "voice.passive" not in c.rules or any(a.role == "source" for a in c.actors):
        return
    country = lexicon().countries.get(location[1])
    if country is None:
        return
    why = f"'{location[0]}' is in {country.name}; source by actor.territory_state"
    ref = ActorRef(country.name, "country", country.name, "source", country.aliases,
                   location[0], None, "actor.territory_state", why)  # fmt: skip
    c.actors = [ref, *c.actors]
    c.rules.append("actor.territory_state")
    c.evidence.append(f"actor.territory_state: {why}")


def _host_of_visit(c: Candidate, location: tuple[str, str]) -> None:
    """ "flew to Moscow", "traveled to Pyongyang": a visit without a named host has the
    country of the place visited as its target (rule actor.visited_place)."""
    if any(a.role == "target" for a in c.actors):
        return
    lex = lexicon()
    country = lex.countries.get(location[1])
    if country is None or any(a.name == country.name for a in c.actors):
        return
    if all(a.country == country.name for a in c.actors):
        return  # a trip at home is no visit of a host
    why = f"'{location[0]}' is in {country.name}; target by actor.visited_place"
    _add_target_country(c, country, location[0], "actor.visited_place", why)


def dating(c: Candidate) -> Candidate | None:
    """The time expression governing the clause, else the report date where the text says so
    (or the verb is in the present), else undated (never guessed)."""
    published = c.published
    refused: list[str] = []
    tx = _governing_timex(c.sentence, c.match, refused)
    if (
        tx is not None
        and tx.interval is not None
        and tx.interval[0] > published
        and c.status == "happened"
        and not c.match.noun
        and c.match.form in (2, 3)
        and not c.code.startswith(("01", "036"))  # "agreed to a summit on May 20": planned
        and not _infinitive_before(c, tx)
    ):
        # "had agreed to a ceasefire from August 20": a past verb is not dated in the future;
        # the date belongs to what was agreed
        c.rules.append("time.future_date_past_verb")
        tx = None
    if tx is None and refused[:1] and refused[0].startswith("time.discourse.perfect_conjunct"):
        tx = _teller_timex(c)  # "admitted yesterday that ... had abducted ... and apologized"
    if tx is None and ("status.reported_plan" in c.rules or "status.reported_demand" in c.rules):
        tx = _speech_date(c)  # "said on Sunday that Ethiopia would withdraw": the telling's day
    main = _repressing_match(c) if tx is None else None
    if main is not None:  # "dispersed supporters who had gathered to protest": that day
        tx = _governing_timex(c.sentence, main)
        if tx is not None:
            c.rules.append("time.repressed_protest")
    tx = voice_timex(c, tx)
    c.timex = tx
    if tx is not None and tx.interval is not None:
        c.start, c.end = tx.interval
        c.granularity = tx.granularity or "day"
        c.date_text, c.timex_value = tx.text, tx.value
        c.rules.append("time.clause_timex")
        if c.start > published and c.status == "happened" and not c.code.startswith("01"):
            c.status = "planned"
            c.rules.append("status.future_date")
        return c
    cue = c.sentence.cue("report_date")
    later = "time.dated_bullet_later" in c.rules  # "talks later move": after the bullet's day
    if cue in _RELATIVE_REPORT_CUES and _past_after_cue(c.sentence):
        # "called off the invasion hours before it was to begin": hours before a past happening,
        # not before the report (rule time.relative_to_past); "hours before Moon meets Trump" is
        c.rules.append("time.relative_to_past")
        cue = None
    if not later and (cue or c.present):
        c.start = c.end = published
        c.granularity = "day"
        c.date_text = "report date"
        c.timex_value = published.isoformat()
        c.rules.append(f"time.report_date.{cue}" if cue else "time.report_date.present_tense")
    else:
        for why in refused[:1]:  # time.apart_clause, time.coordinated_date
            c.rules.append(why.split(":")[0])
            c.evidence.append(why)
        c.rules.append("time.undated")
    return c


_RELATIVE_REPORT_CUES = words("relative_report_cues")
_PAST_AUX = frozenset({"was", "were", "had", "did"})
_IRREGULAR_PAST_WORDS = words("irregular_past")


def _past_after_cue(s: Sentence) -> bool:
    """ "hours before it was to begin": the clause after "hours before/after" is in the past."""
    from timeline.events.sentences import abbreviations

    toks = s.tokens
    for i in range(len(toks) - 2):
        if toks[i].lower == "hours" and toks[i + 1].lower in ("before", "after"):
            for j in range(i + 2, min(len(toks), i + 10)):
                t, low = toks[j], toks[j].lower
                if t.text == "." and toks[j - 1].lower in abbreviations():
                    continue  # "hours after Mrs. Aquino was sworn in": a title's stop
                if not t.key:
                    break  # the clause ends
                if (
                    low in _PAST_AUX
                    or low in _IRREGULAR_PAST_WORDS
                    or (len(low) > 4 and low.endswith("ed"))
                ):
                    return True
    return False


def type_refinement(c: Candidate) -> Candidate | None:
    """The CAMEO root and code: a meeting of domestic bodies is no diplomacy; a meeting held
    in a third country is a summit elsewhere (044)."""
    code = c.code
    type_, cameo_code = (code, None) if code == "other" else (code[:2], code)
    if type_ == "04" and _all_domestic(c.actors):
        type_, cameo_code = "other", None
        c.rules.append("type.domestic_body")
    if (
        cameo_code == "040"
        and c.location
        and c.location[1]  # a place the gazetteer lacks has no country: never "elsewhere"
        and _third_location(c.actors, c.location[1])
    ):
        cameo_code = "044"
        c.rules.append("type.third_location")
    if c.match.trigger.id in _LABEL_TRIGGERS:
        label = _label_polarity(c)
        if label is not None:  # "called the move a land grab": criticism, not a comment
            type_, cameo_code = label[:2], label
            c.rules.append(f"type.label_{'criticism' if label == '111' else 'praise'}")
    if (
        type_ in ("18", "19")
        and c.match.trigger.id in _RIOT_TRIGGERS
        and _crowd_source(c)
        and not _foreign_mission_target(c)
    ):
        # "protesters stormed the parliament", "protesters clashed with security forces": a
        # violent protest (the table has no 145)
        type_, cameo_code = "14", "140"
        c.rules.append("type.violent_protest")
    if c.match.trigger.id in _ORDER_TRIGGERS and _ordered_to_leave(c):
        # "ordered a Soviet official to leave the country": an expulsion, not a demand
        type_, cameo_code = "16", "166"
        c.rules.append("type.ordered_to_leave")
    if c.match.trigger.id in _PLEDGE_TRIGGERS:
        pledged = _pledged_aid(c)
        if pledged is not None:
            # "has pledged $100 million to support the mission": a promise of money or aid is
            # an intent to provide aid (033/0331), not praise because of "support"
            type_, cameo_code = "03", pledged
            c.rules.append("type.pledged_aid")
    if c.match.trigger.id in _WARNING_TRIGGERS and _warning_statement(c):
        # "warned that relations were beginning to stabilise": a statement about the world; a
        # threat only when the speaker says what it would do ("warned that it would veto")
        type_, cameo_code = "01", "010"
        c.actors = [a for a in c.actors if a.role == "source"]
        c.rules.append("type.warning_statement")
    if type_ == "02" and _deadline_after(c):
        # "asked for an explanation by midnight on Tuesday": a request with a deadline
        type_, cameo_code = "10", "100"
        c.rules.append("type.deadline_demand")
    if type_ == "15" and _aimed(c):
        type_, cameo_code = "19", "195"  # "fired missiles at a base": an attack, not a test
        c.rules.append("type.fired_at")
    retyped = _reported_act_type(c) or _in_kind(c)
    if retyped is not None:
        type_, cameo_code = retyped
    if type_ == "10" and "loc.withdrawn_from" in c.rules:
        # [loc.demand_not_withdrawal] "said Iraq must leave Kuwait": the demand was not made
        # in Kuwait (the withdrawal's place is no place of the demand)
        c.location = None
        c.rules.append("loc.demand_not_withdrawal")
    if c.match.trigger.id in _CALL_OFF_TRIGGERS and _called_off_campaign(c):
        type_, cameo_code = "08", "080"  # "would call off the protests": a concession
        c.rules.append("type.called_off_campaign")
    if _court_own_national(c):
        type_, cameo_code = "17", "173"
        c.rules.append("type.court_own_national")
    if c.match.trigger.id in _ENACTING:
        enacted = _enacted_act(c)
        if enacted is None and c.match.trigger.id in _ENACTED_REQUIRED:
            return _drop(c, "filter.no_enacted_act")  # "passed the budget": no act abroad
        if enacted is not None:
            type_, cameo_code = enacted
    elif c.match.trigger.id in _VETO_TRIGGERS and _domestic_veto(c):
        # "Mr. Reagan vetoed the bill": a president's veto of his legislature's bill is
        # domestic politics; "Russia vetoed the resolution" (a council's text) stays 12
        type_, cameo_code = "other", None
        c.rules.append("type.domestic_veto")
    elif (
        c.match.trigger.id in _BILL_REJECTIONS
        and _domestic_veto(c)
        and _body_sources(c.actors)
        and not any(a.role == "target" for a in c.actors)
    ):
        # "The Senate rejected the bill": a legislature voting down a bill is domestic
        type_, cameo_code = "other", None
        c.rules.append("type.domestic_rejection")
    elif type_ == "03" and _domestic_intent(c):
        # "the junta proposed to stay in power for five more years": no partner, domestic
        type_, cameo_code = "other", None
        c.rules.append("type.domestic_intent")
    if c.match.trigger.id in _OWN_BODY_TRIGGERS and not _by_force(c):
        # "dissolved parliament and called an early election": constitutional, domestic;
        # "dissolved Congress and suspended the constitution" (a self-coup) stays 17
        type_, cameo_code = "other", None
        c.actors = [a for a in c.actors if a.role != "target"]
        c.rules.append("type.dissolved_domestic")
    c.type, c.cameo = type_, cameo_code
    words_ = " ".join(c.match.trigger.forms[0])
    c.label = cameo.label(cameo_code) if cameo_code else f"{cameo.label('other')}: {words_}"
    return c


# -- what a vote or bill enacts; reported demands, threats and judgements ------------------

_ENACTING = words("enacting_triggers")
_ENACTED_REQUIRED = words("enacted_act_required")
_ENACTED_DOCUMENTS = words("enacted_document_nouns")
_ENACTED_NOUNS = words("enacted_act_nouns")
_VETO_TRIGGERS = words("veto_triggers")
_DOMESTIC_BILLS = words("domestic_bill_nouns")
_VOTE_ACTS = words("vote_act_triggers")
_THREAT_ROOTS = words("reported_threat_roots")
_JUDGING_SPEECH = words("judging_speech_triggers")
_ACCUSING_VERBS = words("accusing_verbs")
_CRIME_WORDS = words("crime_words")
_PREDICATE_NEGATIONS = words("predicate_negations")


def _voted_in(ev: ExtractedEvent, roots: frozenset[str]) -> bool:
    """The root "voted" of ``event_nouns.tsv`` ("the vote", "the resolution"): an event a body
    decided by a vote ("voted to impose", rule status.dec.voted) or an act that is a vote
    (words list ``vote_act_triggers``: "overrode the veto")."""
    return "voted" in roots and (
        "status.dec.voted" in ev.rules or any(f"trigger.{t}" in ev.rules for t in _VOTE_ACTS)
    )


def _enacted_act(c: Candidate) -> tuple[str, str | None] | None:
    """[type.enacted_act] "voted to override the veto of a bill imposing sanctions on South
    Africa", "passed a bill imposing sanctions on Russia", "override the veto of sanctions
    against South Africa": a vote on a bill (words list ``enacting_triggers``) does what the
    bill does, the act of a participle right after a bill noun (``enacted_document_nouns``)
    or a noun of ``enacted_act_nouns``; the actors named after it (not a possessor) are the
    targets. Without one, "overrode the veto" repeats the latest override of the article
    (:func:`_enacted_anaphor`)."""
    s, m = c.sentence, c.match
    toks, clause = s.tokens, s.clause[m.start]
    hi = m.end
    while hi < len(toks) and hi < m.end + 16 and s.clause[hi] == clause:
        hi += 1
    act = _enacted_participle(s, m.end, hi) or _enacted_noun(s, m.end, hi)
    if act is None:
        return _enacted_anaphor(c)
    code, k, why = act
    sources = {a.name for a in c.actors if a.role != "target"}
    found = [
        x for x in s.mentions
        if x.is_actor and x.entity is not None and m.end <= x.start < hi and not x.possessive
        and x.entity.name not in sources and not (x.start < k and x.end > k)
        and (x.start > k or x.end == k or toks[x.end].lower in _ENACTED_NOUNS)
    ]  # fmt: skip
    if found:
        x = found[0]
        ref = to_ref(x.entity, mention=x.text, role="target") if x.entity else None
        assert ref is not None
        ref.code, ref.rule = x.code, "actor.enacted_target"
        ref.evidence = f"{x.text!r} = {ref.name} ({x.rule}); target of {why}"
        c.actors = [a for a in c.actors if a.role != "target"] + [ref]
    c.rules.append("type.enacted_act")
    c.evidence.append(f"type.enacted_act: {why}")
    return (code[:2], code) if code != code[:2] else (code, None if code == "other" else code)


def _enacted_participle(s: Sentence, lo: int, hi: int) -> tuple[str, int, str] | None:
    """The code of a trigger's -ing form right after a bill noun ("a bill imposing economic
    sanctions"), with its object; statements and domestic acts do not count."""
    from timeline.events.document import _object_after, _trigger_index

    toks = s.tokens
    index = _trigger_index()
    for k in range(lo + 1, hi):
        if toks[k - 1].lower not in _ENACTED_DOCUMENTS:
            continue
        for trig, idx in index.get(toks[k].lower, []):
            if idx != 4 or trig.pos != "verb" or len(trig.forms[4]) != 1:
                continue
            if trig.cameo == "other" or trig.cameo.startswith("01"):
                continue
            if trig.objects and _object_after(toks, s.clause, k + 1, trig.objects) is None:
                continue
            return trig.cameo, k, f"'{toks[k - 1].text} {toks[k].text}' ({trig.id})"
    return None


def _enacted_noun(s: Sentence, lo: int, hi: int) -> tuple[str, int, str] | None:
    """ "the veto of sanctions against South Africa", "the South Africa sanctions bill": a noun
    of ``enacted_act_nouns`` names the act; its code is the first root of ``event_nouns.tsv``."""
    nouns = _event_nouns()
    for k in range(lo, hi):
        word = s.tokens[k].lower
        if word in _ENACTED_NOUNS and word in nouns:
            root = sorted(nouns[word])[0]
            return root, k, f"'{s.tokens[k].text}' (event_nouns.tsv: {root})"
    return None


def _enacted_anaphor(c: Candidate) -> tuple[str, str | None] | None:
    """[type.enacted_anaphor] "The House overrode the veto": a definite object repeats the
    latest earlier enacting event of the article whose act was found (type.enacted_act): its
    type and its targets."""
    s, m = c.sentence, c.match
    if s.disc is None or m.end >= len(s.tokens) or s.tokens[m.end].lower not in ("the", "that"):
        return None
    rule = f"trigger.{m.trigger.id}"
    for ev in reversed(s.disc.events):
        if rule not in ev.rules or "type.enacted_act" not in ev.rules:
            continue
        have = {a.name for a in c.actors}
        for a in ev.actors:
            if a.role == "target" and a.name not in have:
                why = f"'the {s.tokens[m.end + 1].text}' = {ev.trigger!r} of {a.name}"
                how = "actor.enacted_anaphor"
                c.actors.append(ActorRef(a.name, a.kind, a.country, "target", a.aliases,
                                         a.mention, None, how, why))  # fmt: skip
        c.rules.append("type.enacted_anaphor")
        c.evidence.append(f"type.enacted_anaphor: the act of {ev.trigger!r} ({ev.type})")
        return ev.type, ev.cameo
    return None


_BILL_REJECTIONS = words("bill_rejection_triggers")
_FORCE_WORDS = words("force_context_words")


def _by_force(c: Candidate) -> bool:
    """A dissolution told with force or a suspended order in its sentence: another coercive or
    violent act (roots 17-20) or a word of ``force_context_words`` ("suspended the
    constitution", "martial law", "troops")."""
    s, m = c.sentence, c.match
    if any(x is not m and x.trigger.cameo[:2] in _COERCIVE_ROOTS for x in s.matches):
        return True
    return any(t.lower in _FORCE_WORDS for t in s.tokens)


def _domestic_veto(c: Candidate) -> bool:
    """ "vetoed the bill", "vetoed legislation": the object (within three tokens, in the
    clause) is a bill of the speaker's own legislature (``domestic_bill_nouns``)."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    return any(
        s.tokens[k].lower in _DOMESTIC_BILLS and s.clause[k] == clause
        for k in range(m.end, min(len(s.tokens), m.end + 3))
    )


def _reported_act_type(c: Candidate) -> tuple[str, str] | None:
    """The type of what a speaker is reported to do: a demand ("said sanctions must be
    eased", rule type.reported_demand), a threat ("said Ukraine would respond militarily":
    a reported plan of force, roots ``reported_threat_roots``, is a threat told now, rule
    type.reported_threat), a judgement ("said the warrant was justified",
    :func:`_said_label`) or an accusation ("said Putin had committed war crimes",
    :func:`_said_accusation`)."""
    if "status.reported_demand" in c.rules:
        c.rules.append("type.reported_demand")
        return "10", "100"
    if "status.reported_intent" in c.rules:
        c.rules.append("type.reported_intent")
        _speaker_as_source(c)
        return "03", _intent_code(c.code)
    if "status.reported_plan" in c.rules and c.passive:
        _passive_plan_speaker(c)
    if (
        "status.reported_plan" in c.rules
        and c.match.trigger.id in _REPORTED_PROMISES
        and not c.passive
    ):
        # [type.reported_promise] "said his government would cooperate fully with the
        # inspectors": cooperation promised in words is an intent (030), as when agreed
        c.rules.append("type.reported_promise")
        _speaker_as_source(c)
        return "03", "030"
    if "status.reported_plan" in c.rules and c.code[:2] in _THREAT_ROOTS:
        c.status = "happened"
        c.rules.append("type.reported_threat")
        _speaker_as_source(c)
        return "13", "138"
    if c.match.trigger.id not in _JUDGING_SPEECH or c.passive:
        return None
    if _claimed_attack(c):
        c.rules.append("type.claimed_attack")
        return "18", "180"
    label = _said_label(c)
    if label is not None:
        return label
    if _said_ultimatum(c):
        return "13", "139"
    return _said_accusation(c) or _said_blame(c) or _said_guarantee(c) or _said_war_threat(c)


_ULTIMATUM_WORDS = words("ultimatum_conjunctions")
_CONDITION_SUBJECTS = words("ultimatum_condition_subjects")


def _said_ultimatum(c: Candidate) -> bool:
    """[type.said_ultimatum] "told the rebel leader that the talks would end at dawn unless he
    signed", "said it would quit the coalition unless its demand was met": a consequence told
    with a modal (``own_act_modals``) and a condition of ``ultimatum_conjunctions`` after it is
    an ultimatum (13, 139) when it is told to an addressee (the addressee its target) or the
    consequence is the speaker's own act (a speaker pronoun its subject). "said the talks would
    continue unless the rebels walked out" (a forecast about others) stays a statement."""
    s, m = c.sentence, c.match
    toks = s.tokens
    j = _complement_start(c)
    if j == m.end:
        return False  # no "that" clause
    modal = next(
        (k for k in range(j, min(len(toks), j + 8)) if toks[k].lower in _OWN_ACT_MODALS), None
    )
    if modal is None:
        return False
    cond = next((k for k in range(modal + 1, len(toks)) if toks[k].lower in _ULTIMATUM_WORDS), None)
    if cond is None:
        return False
    addressee = next(
        (x for x in s.mentions if x.is_actor and x.entity is not None and m.end <= x.start < j - 1),
        None,
    )
    subject = [t.lower for t in toks[j:modal]]
    if addressee is None and not (len(subject) == 1 and subject[0] in _SPEAKER_PRONOUNS):
        return False
    if addressee is not None and not _addressee_condition(s, cond + 1, addressee):
        return False  # "told Congress that the economy would grow unless rates rose"
    named = addressee.entity.name if addressee is not None and addressee.entity else None
    if addressee is not None and all(a.name != named for a in c.actors):
        _mention_target(c, addressee, "actor.ultimatum_addressee", "target by type.said_ultimatum")
    c.rules.append("type.said_ultimatum")
    return True


def _addressee_condition(s: Sentence, k: int, addressee: Mention) -> bool:
    """The condition of an ultimatum is the addressee's act: its subject (token ``k``) is a
    pronoun of ``ultimatum_condition_subjects`` ("unless he signed") or the addressee named
    again ("unless Kabila signed")."""
    if k < len(s.tokens) and s.tokens[k].lower in _CONDITION_SUBJECTS:
        return True
    return any(
        x.start == k and x.entity is not None and addressee.entity is not None
        and x.entity.name == addressee.entity.name
        for x in s.mentions
    )  # fmt: skip


_INTENT_CODES = ordered("reported_intent_codes")


def _intent_code(code: str) -> str:
    """[type.reported_intent] the CAMEO 03 code of an act the speaker is ready to do (words
    list ``reported_intent_codes``, ``act=intent`` pairs, the longest act prefix first):
    "ready to mediate" 039, "ready to resume talks" 036, "ready to send aid" 033, else 030."""
    for pair in _INTENT_CODES:
        act, _, intent = pair.partition("=")
        if code.startswith(act):
            return intent
    return "030"


_CLAIM_PHRASES = words("claimed_attack_phrases")
_ATTACK_NOUNS = words("claimed_attack_nouns")


def _claimed_attack(c: Candidate) -> bool:
    """[type.claimed_attack] "Jaish-e-Mohammed said it had carried out the attack", "the group
    said it was behind the bombing": a speaker claiming an attack (a phrase of
    ``claimed_attack_phrases`` in the complement, then within three tokens a noun of
    ``claimed_attack_nouns``) tells the attack as its own act (18), at the place the
    complement names, else for "the attack" the first place of the sentence before in the
    paragraph (loc.claimed_attack)."""
    toks = c.sentence.tokens
    j = _complement_start(c)
    text = " ".join(t.lower for t in toks[j : j + 6])
    for phrase in _CLAIM_PHRASES:
        k = f" {text} ".find(f" {phrase} ")
        if k < 0:
            continue
        n = j + len(text[:k].split()) + len(phrase.split())
        if not any(t.lower in _ATTACK_NOUNS for t in toks[n : n + 3]):
            return False
        if c.location is None:
            _claimed_attack_place(c, n)
        return True
    return False


def _first_place(mentions: list[Mention], start: int) -> Place | None:
    return next(
        (x.place for x in mentions
         if x.place is not None and x.start >= start and x.rule != "loc.dateline"
         and not x.quoted),
        None,
    )  # fmt: skip


def _claimed_attack_place(c: Candidate, n: int) -> None:
    """[loc.claimed_attack] the place after the claimed attack ("the bombing in Mogadishu"),
    else for "the attack" the first place of the sentence before in the paragraph."""
    toks = c.sentence.tokens
    place = _first_place(c.sentence.mentions, n)
    prev = venues.previous_in_paragraph(c.sentence)
    if place is None and prev is not None and n < len(toks) and toks[n].lower == "the":
        place = _first_place(prev.mentions, 0)
    if place is not None:
        c.location = (place.name, place.country)
        c.rules.append("loc.claimed_attack")


def _passive_plan_speaker(c: Candidate) -> None:
    """[actor.passive_plan_speaker] "Imran Khan told parliament that the pilot would be
    released", "Iran said the sailors would be released": a reported plan told in the passive
    with no agent is the speaker's own act: the speaker is its source (never its target)."""
    toks, m = c.sentence.tokens, c.match
    if any(a.role == "source" for a in c.actors) or any(
        t.lower == "by" for t in toks[m.end : m.end + 6]
    ):
        return  # "would be met ... by Craig": an agent named, known or not
    found = _speaker(c)
    if found is None:
        return
    sources = found[1]
    names = {a.name for a in sources}
    for a in sources:
        a.evidence = f"{a.evidence or a.rule}; source by actor.passive_plan_speaker"
    c.actors = sources + [a for a in c.actors if a.role == "target" and a.name not in names]
    c.rules.append("actor.passive_plan_speaker")


def _speaker_as_source(c: Candidate) -> None:
    """[actor.threat_speaker] "Zelensky said Ukraine would respond militarily": the speaker
    threatens; the speaker's actors replace the sources of the act told."""
    found = _speaker(c)
    if found is not None:
        sources = found[1]
        for a in sources:
            a.evidence = f"{a.evidence or a.rule}; source by actor.threat_speaker"
        c.actors = sources + [a for a in c.actors if a.role == "target"]
        c.rules.append("actor.threat_speaker")


def _complement_start(c: Candidate) -> int:
    """The first token of a speech verb's complement: after "that" within six tokens (past a
    date or an addressee: "told reporters on Friday that"), else right after the verb."""
    return _complement_of(c.sentence.tokens, c.match)


def _complement_of(toks: list[Token], m: Match) -> int:
    k = next((j for j in range(m.end, min(len(toks), m.end + 7)) if toks[j].lower == "that"), None)
    return m.end if k is None else k + 1


def _said_label(c: Candidate) -> tuple[str, str] | None:
    """[type.said_label] "said the warrant was justified", "said the strikes were illegal": a
    complement whose subject names an earlier event (``event_nouns.tsv``) and whose
    predicate holds a word of ``positive_labels`` / ``negative_labels`` praises (051) or
    criticises (111) it; the event's doer is the target (actor.object_anaphor)."""
    s = c.sentence
    toks = s.tokens
    j = _complement_start(c)
    if j == c.match.end:  # no "that": past a date or an addressee ("said on Friday the ...")
        j = next((k for k in range(j, min(len(toks), j + 4)) if toks[k].lower in _ANAPHOR_DETS), j)
    nouns = _event_nouns()
    k = next(
        (k for k in range(j + 1, min(len(toks), j + 4))
         if toks[k].lower in nouns or toks[k].lower in _JUDGED_NOUNS),
        None,
    )  # fmt: skip
    if j >= len(toks) or toks[j].lower not in _ANAPHOR_DETS or k is None or k + 1 >= len(toks):
        return None
    label = _predicate_label(toks, k + 1)
    if label is None:
        return None
    c.actors = c.actors + _object_anaphor(c, c.actors, j)
    c.rules.append(f"type.said_label_{'criticism' if label == '111' else 'praise'}")
    return label[:2], label


_JUDGED_NOUNS = words("judged_nouns")
_JUDGING_PREDICATES = words("judging_predicate_verbs")
_SUFFICIENCY = words("sufficiency_words")


def _predicate_label(toks: list[Token], k: int) -> str | None:
    """What the predicate from token ``k`` says of the thing named before it: criticism (111)
    for a verb of ``judging_predicate_verbs`` ("the law went against the bloc's values", "the
    move undermined the talks"), for "was" + a word of ``negative_labels`` or for a negated
    word of ``sufficiency_words`` ("the offer was not enough"); praise (051) for "was" + a
    word of ``positive_labels`` (not only ``significance_labels``); else None ("the strikes
    were not justified": no label to trust)."""
    head = " ".join(t.lower for t in toks[k : k + 2])
    if toks[k].lower in _JUDGING_PREDICATES or head in _JUDGING_PREDICATES:
        return "111"
    if toks[k].lower not in _BE:
        return None
    predicate = {t.lower for t in toks[k + 1 : k + 5]}
    if predicate & _PREDICATE_NEGATIONS or toks[k].lower.endswith("n't"):
        return "111" if predicate & _SUFFICIENCY else None
    if predicate & _NEGATIVE_LABELS:
        return "111"
    if predicate & _POSITIVE_LABELS and not _significance_only(predicate):
        return "051"
    return None


def _said_accusation(c: Candidate) -> tuple[str, str] | None:
    """[type.said_accusation] "told reporters that Putin had clearly committed war crimes": a
    complement in which a named actor "committed" (``accusing_verbs``) a crime
    (``crime_words``) accuses that actor (112), its target."""
    s = c.sentence
    toks = s.tokens
    j = _complement_start(c)
    for p in range(j, min(len(toks), j + 8)):
        if toks[p].lower not in _ACCUSING_VERBS:
            continue
        if not any(t.lower in _CRIME_WORDS for t in toks[p + 1 : p + 6]):
            return None
        return _complement_target(
            c, j, range(p - 4, p + 1), ("actor.accused", f"'{toks[p].text}' a crime"),
            "type.said_accusation", ("11", "112"),
        )  # fmt: skip
    return None


_CALL_OFF_TRIGGERS = words("call_off_triggers")
_CAMPAIGN_NOUNS = words("campaign_nouns")


def _called_off_campaign(c: Candidate) -> bool:
    """[type.called_off_campaign] "said the movement would call off the protests", "suspended
    its boycott": calling off or suspending a campaign of pressure (a noun of words list
    ``campaign_nouns`` within four tokens after the trigger) is a concession (080), not a cut
    in relations like calling off a summit (164)."""
    toks, m = c.sentence.tokens, c.match
    return any(t.lower in _CAMPAIGN_NOUNS for t in toks[m.end : min(len(toks), m.end + 4)])


_IN_KIND = words("in_kind_triggers")


def _in_kind(c: Candidate) -> tuple[str, str] | None:
    """[type.in_kind] "said Moscow would respond in kind", "vowed to reciprocate": an answer in
    kind (trigger rows of words list ``in_kind_triggers``) repeats the act it answers: the
    article's latest earlier event whose target is this event's source (coerced or reduced,
    roots 10-20) gives its code, and its sources become this event's targets ("London
    expelled 23 Russian diplomats ... Moscow would respond in kind": an expulsion of British
    diplomats, 16). With no such act a reported answer is a threat told now (13, happened, the
    speaker its source: type.reported_threat); else the row's own code stays."""
    if c.match.trigger.id not in _IN_KIND or c.sentence.disc is None:
        return None
    mine = {a.name for a in c.actors if a.role in ("source", "participant")}
    if not mine:
        return None
    for ev in reversed(c.sentence.disc.events):
        if ev.type[:1] != "1" or ev.type in ("10", "11"):
            continue
        if not any(a.role == "target" and a.name in mine for a in ev.actors):
            continue
        code = ev.cameo or ev.type
        have = {a.name for a in c.actors}
        why = f"answered in kind: the doers of {ev.trigger!r} ({ev.type})"
        c.actors = [a for a in c.actors if a.role != "target"] + [
            _as_target(c, a, "actor.in_kind", why)
            for a in ev.actors
            if a.role == "source" and a.name not in have
        ]
        c.rules.append("type.in_kind")
        return ev.type, code
    if "status.reported_plan" in c.rules:  # "said Tehran would respond in kind": a threat told
        c.status = "happened"
        c.rules.append("type.reported_threat")
        _speaker_as_source(c)
        return "13", "130"
    return None


def _said_blame(c: Candidate) -> tuple[str, str] | None:
    """[type.said_blame] "said the United States believed that Russia was responsible for the
    attack", "told parliament that it was likely Iran was to blame": a complement (nested
    "believed that ..." included, sixteen tokens) in which a named actor, right before a
    be-form, is "responsible" / "to blame" (cues ``blame_predicate``: alone or "for" a harm of
    cues ``blame_harm``) or "behind" a harm (cues ``blame_agent``) blames that actor (112), its
    target. "responsible for the budget" is no blame; a denial ("was not responsible") none."""
    toks = c.sentence.tokens
    by_kind = cues().by_kind
    j = _complement_start(c)
    for p in range(j + 2, min(len(toks), j + 16)):
        low = toks[p].lower
        cands = [(w, "blame_predicate") for w, _, _ in by_kind["blame_predicate"].get(low, ())]
        cands += [(w, "blame_agent") for w, _, _ in by_kind["blame_agent"].get(low, ())]
        for words_, kind in cands:
            q = p + len(words_)
            if [t.lower for t in toks[p:q]] != list(words_):
                continue
            near = range(p - 1, max(j, p - 4) - 1, -1)
            be = next((k for k in near if toks[k].lower in _BE), None)
            if be is None or cue_in(toks, be, p, "negation") is not None:
                return None
            if not _blamed_harm(toks, q, kind):
                return None
            return _complement_target(
                c, j, range(be - 2, be + 1), ("actor.blamed", f"blamed by '{toks[p].text}'"),
                "type.said_blame", ("11", "112"),
            )  # fmt: skip
    return None


def _complement_target(
    c: Candidate,
    start: int,
    ends: range,
    target: tuple[str, str],
    rule: str,
    code: tuple[str, str],
) -> tuple[str, str] | None:
    """The reported complement's actor (``_new_actor_ending``) becomes the event's target
    (``target``: its rule and why) and the type rule is recorded: ``code``; none: None."""
    x = _new_actor_ending(c, start, ends)
    if x is None:
        return None
    _mention_target(c, x, *target)
    c.rules.append(rule)
    return code


def _new_actor_ending(c: Candidate, start: int, ends: range) -> Mention | None:
    """The first actor mention of the sentence from token ``start`` on that ends in ``ends``
    and is not yet one of the event's actors (the subject of a reported complement)."""
    have = {a.name for a in c.actors}
    return next(
        (x for x in c.sentence.mentions
         if x.is_actor and x.entity is not None and start <= x.start and x.end in ends
         and x.entity.name not in have),
        None,
    )  # fmt: skip


def _said_guarantee(c: Candidate) -> tuple[str, str] | None:
    """[type.said_guarantee] "said in a joint declaration that Mr Conde would be free to return",
    "said the opposition leader would be allowed to leave": a complement in which a named actor
    "would/will be" free or allowed to act (cues ``guarantee_predicate``) is a promise to that
    actor (030), its target. A denial ("would not be allowed") or a plain forecast with no
    actor before it stays a statement."""
    toks = c.sentence.tokens
    index = cues().by_kind["guarantee_predicate"]
    j = _complement_start(c)
    for p in range(j + 1, min(len(toks) - 1, j + 12)):
        if toks[p].lower not in _BE:
            continue
        if not any(
            [t.lower for t in toks[p + 1 : p + 1 + len(w)]] == list(w)
            for w, _, _ in index.get(toks[p + 1].lower, ())
        ):
            continue
        modal = p - 1
        if modal < j or toks[modal].lower not in _OWN_ACT_MODALS:
            return None
        why = f"'{toks[p + 1].text} to' told of it"
        return _complement_target(
            c, j, range(modal, modal + 1), ("actor.guaranteed", why),
            "type.said_guarantee", ("03", "030"),
        )  # fmt: skip
    return None


def _blamed_harm(toks: list[Token], q: int, kind: str) -> bool:
    """After a blame predicate at ``q``: a harm (cues ``blame_harm``) within four tokens, right
    after "for" for ``blame_predicate``; the predicate may also end its clause ("was
    responsible.") unless it is "behind"."""
    end = min(len(toks), q + 5)
    if kind == "blame_agent":
        return cue_in(toks, q, end, "blame_harm") is not None
    if q >= len(toks) or toks[q].text in (",", ".", ";", ":", '"', "”", "'"):
        return True
    return toks[q].lower == "for" and cue_in(toks, q + 1, end, "blame_harm") is not None


def _mention_target(c: Candidate, x: Mention, rule: str, note: str) -> None:
    """Actor mention ``x`` added to the candidate as its target by ``rule`` (evidence: the
    mention, its resolution and ``note``)."""
    ref = to_ref(x.entity, mention=x.text, role="target") if x.entity else None
    assert ref is not None
    ref.code, ref.rule = x.code, rule
    ref.evidence = f"{x.text!r} = {ref.name} ({x.rule}); {note}"
    c.actors = [*c.actors, ref]


_DOMESTIC_INTENTS = words("domestic_intent_phrases")


def _domestic_intent(c: Candidate) -> bool:
    """[type.domestic_intent] "they proposed to stay in power for up to five more years": an
    intent (03) with no target whose infinitive ("to" within three tokens of the trigger) is a
    phrase of ``domestic_intent_phrases`` is about the speaker's own rule: other."""
    if any(a.role == "target" for a in c.actors):
        return False
    toks, m = c.sentence.tokens, c.match
    k = next((k for k in range(m.end, min(len(toks), m.end + 3)) if toks[k].lower == "to"), None)
    if k is None:
        return False
    return any(
        [t.lower for t in toks[k + 1 : k + 1 + len(w.split())]] == w.split()
        for w in _DOMESTIC_INTENTS
    )


_WAR_THREAT_WORDS = words("war_threat_phrases")
_THREAT_MODALS = words("war_threat_modals")


def _said_war_threat(c: Candidate) -> tuple[str, str] | None:
    """[type.said_war_threat] "said his country would regard further pressure from the United
    States as a declaration of war": a complement that names an act as "a declaration of war",
    "an act of war" (``war_threat_phrases``) after a modal of what is to come
    (``war_threat_modals``: would, will) threatens force (13, 138) against the first actor
    the complement names (no speaker's own actor), its target."""
    s = c.sentence
    toks = s.tokens
    j = _complement_start(c)
    text = " " + " ".join(t.lower for t in toks[j:]) + " "
    if not any(f" {w} " in text for w in _WAR_THREAT_WORDS):
        return None
    if not any(t.lower in _THREAT_MODALS for t in toks[j:]):
        return None  # "said the declaration of war in 1941 had been a mistake": no threat
    have = {a.name for a in c.actors}
    own = {a.country for a in c.actors if a.country} | have
    x = next(
        (x for x in s.mentions
         if x.is_actor and x.entity is not None and x.start >= j and not x.quoted
         and x.entity.name not in own),
        None,
    )  # fmt: skip
    if x is not None:
        _mention_target(c, x, "actor.threatened", "target by actor.threatened")
    c.rules.append("type.said_war_threat")
    return "13", "138"


_RIOT_TRIGGERS = words("riot_triggers")
_CROWD_AGENTS = words("crowd_agents")
_ORDER_TRIGGERS = words("order_triggers")
_LEAVING_VERBS = words("leaving_verbs")


def _ordered_to_leave(c: Candidate) -> bool:
    """ "ordered a Soviet official to leave the country": the infinitive the order governs
    (words ``leaving_verbs``) makes it an expulsion, 166 (rule type.ordered_to_leave)."""
    toks, m = c.sentence.tokens, c.match
    k = next(
        (j for j in range(m.end, min(len(toks) - 1, m.obj_end + 1)) if toks[j].lower == "to"),
        None,
    )
    return k is not None and toks[k + 1].lower in _LEAVING_VERBS


_PLEDGE_TRIGGERS = words("pledge_triggers")
_MONEY_WORDS = words("money_words")
_AID_WORDS = words("aid_words")


def _pledged_aid(c: Candidate) -> str | None:
    """The CAMEO code of a pledge whose object, within four tokens of the verb, is money
    ("pledged $100 million", "pledged 5 billion yen": words ``money_words``, 0331 economic aid)
    or aid ("pledged humanitarian aid": ``aid_words``, 033), else None (rule type.pledged_aid)."""
    s, m = c.sentence, c.match
    window = [t.lower for t in s.tokens[m.end : m.end + 4]]
    if any(w in _MONEY_WORDS for w in window):
        return "0331"
    if any(w in _AID_WORDS for w in window):
        return "033"
    return None


_WARNING_TRIGGERS = words("warning_triggers")
_OWN_ACT_MODALS = words("own_act_modals")
_SPEAKER_PRONOUNS = words("speaker_pronouns")
_WARNING_ANY = words("warning_conditional_subjects")


def _warning_statement(c: Candidate) -> bool:
    """ "warned (on Tuesday) that <clause>" whose subject is not the speaker acting ("the move
    would set a precedent", "relations were ..."): a statement (010), not a threat (rule
    type.warning_statement). "warned that it would veto", "warned that Tehran would respond"
    (the speaker's own state) and "warned NATO" stay threats (13)."""
    s, m = c.sentence, c.match
    toks = s.tokens
    k = next((j for j in range(m.end, min(len(toks), m.end + 6)) if toks[j].lower == "that"), None)
    if k is None or any(x.is_actor and m.end <= x.start < k for x in s.mentions):
        return False  # "warned NATO", "warned Iran that ...": a warning to someone, a threat
    if k + 1 < len(toks) and toks[k + 1].lower in _WARNING_ANY:
        # [type.warning_conditional] "warned that any attempt to blockade the island would
        # fail": a warning to whoever would do it is a threat (13), not a statement
        c.rules.append("type.warning_conditional")
        return False
    modal = next(
        (j for j in range(k + 1, min(len(toks), k + 6)) if toks[j].lower in _OWN_ACT_MODALS),
        None,
    )
    if modal is None:
        return True  # "warned that relations were beginning to stabilise"
    subject = [t.lower for t in toks[k + 1 : modal]]
    if len(subject) == 1 and subject[0] in _SPEAKER_PRONOUNS:
        return False  # "warned that it would veto": the speaker's own act
    sources = {a.name for a in c.actors if a.role == "source"}
    sources |= {a.country for a in c.actors if a.role == "source" and a.country}
    own = [
        x for x in s.mentions
        if x.is_actor and k < x.start < modal and x.entity is not None
        and (x.entity.name in sources or (x.entity.country or "") in sources)
    ]  # fmt: skip
    return not own


_DEADLINE_BY = words("deadline_by_heads")
_DEADLINE_WITHIN = words("deadline_within_units")


def _deadline_after(c: Candidate) -> bool:
    """[type.deadline_demand] an appeal with a deadline in the trigger's clause after it ("asked
    for an explanation by midnight", "called on Iran to free the sailors within 48 hours") is
    a demand (10, 100): "by" (past "the") and a word of ``deadline_by_heads``, or "within" and
    a word of ``deadline_within_units`` in the next three tokens. "asked for help by telephone"
    stays an appeal."""
    s, m = c.sentence, c.match
    toks = s.tokens
    clause = s.clause[m.start]
    for k in range(m.end, min(len(toks), m.end + 14)):
        if s.clause[k] != clause:
            break
        w = toks[k].lower
        nxt = [t.lower for t in toks[k + 1 : k + 4] if t.lower != "the"]
        if w == "by" and nxt and nxt[0] in _DEADLINE_BY:
            return True
        if w == "within" and set(nxt) & _DEADLINE_WITHIN:
            return True
    return False


def _foreign_mission_target(c: Candidate) -> bool:
    """ "protesters stormed its embassy in Tehran": a crowd's assault on a foreign state's
    diplomatic mission (a noun of ``mission_nouns`` in the object, a target state other than
    the crowd's) stays an assault (18), not a violent protest."""
    from timeline.events.roles import _MISSION_NOUNS

    toks, m = c.sentence.tokens, c.match
    if _MISSION_NOUNS.isdisjoint(t.lower for t in toks[m.end : m.end + 4]):
        return False
    crowd = {a.country for a in c.actors if a.role == "source"}
    return any(a.role == "target" and a.kind == "country" and a.name not in crowd
               for a in c.actors)  # fmt: skip


def _crowd_source(c: Candidate) -> bool:
    """Every source is a crowd ("protesters (Armenia)", "students (Iran)"): word list
    ``crowd_agents``; a state organ or an armed group is no crowd."""
    sources = [a for a in c.actors if a.role == "source"]
    return bool(sources) and all(
        a.kind == "group" and a.name.split(" (")[0].lower() in _CROWD_AGENTS for a in sources
    )


_AIMED_AT = words("aimed_at")
_LABEL_TRIGGERS = words("label_triggers")
_FIXED_LABEL_TRIGGERS = words("fixed_label_triggers")
_NEGATIVE_LABELS = words("negative_labels")
_POSITIVE_LABELS = words("positive_labels")
_SIGNIFICANCE_LABELS = words("significance_labels")
_NEGATED_LABELS = words("negated_labels")


def _label_polarity(c: Candidate) -> str | None:
    """What "called X a Y" / "described X as Y" says of X: criticism (111) when Y holds a word
    of ``negative_labels`` ("a land grab", "illegal"), praise (051) for ``positive_labels``
    ("a historic achievement"), else None (a comment, 010)."""
    s, m = c.sentence, c.match
    # the object's last word too: "called the tariffs regrettable" (the label is the object)
    window = s.tokens[max(m.end, m.obj_end - 1) : m.obj_end + 6]
    words_ = {t.lower for t in window}
    if words_ & _NEGATIVE_LABELS or _negated_label(window):
        return "111"
    if words_ & _POSITIVE_LABELS and not _significance_only(words_):
        return "051"
    return None


def _significance_only(words_: set[str]) -> bool:
    """[type.label_significance] "described the handover as historic", "called the outcome a
    triumph": a label whose only positive words say how much the thing matters
    (``significance_labels``) is an optimistic comment (010, no target); a word of conduct
    ("courageous", "statesmanlike", "justified") still praises (051)."""
    positive = words_ & _POSITIVE_LABELS
    return bool(positive) and positive <= _SIGNIFICANCE_LABELS


def _negated_label(window: list[Token]) -> bool:
    """ "a partner that could not be trusted", "a mediator that cannot be relied on": a word of
    ``negated_labels`` at most three tokens after a negation (``predicate_negations``,
    "cannot", "-n't") says the object is not to be trusted: criticism."""
    for k, t in enumerate(window):
        if t.lower in _NEGATED_LABELS and any(
            w.lower in _PREDICATE_NEGATIONS or w.lower == "cannot" or w.lower.endswith("n't")
            for w in window[max(0, k - 3) : k]
        ):
            return True
    return False


def _aimed(c: Candidate) -> bool:
    """A show of force aimed at something ("launched missiles at a Syrian air base"): "at"
    (words ``aimed_at``) within eight tokens after the trigger, in its clause."""
    s, m = c.sentence, c.match
    clause = s.clause[m.start]
    stop = min(len(s.tokens), m.end + 8)
    toks = s.tokens
    return any(
        toks[k].lower in _AIMED_AT
        and s.clause[k] == clause
        and (toks[k].lower != "into" or (k + 1 < len(toks) and toks[k + 1].is_cap))
        for k in range(m.end, stop)
    )  # "fired rockets into Israel", not "fired missiles into the sea"


def confidence(c: Candidate) -> Candidate | None:
    """The trigger's confidence with the weights of ``confidence.tsv``."""
    value = c.match.trigger.confidence + (weight("dated") if c.timex is not None else 0.0)
    value += weight("several_actors") if len(c.actors) > 1 else 0.0
    value += weight("sentence_subject") if "actor.sentence_subject" in c.actor_rules else 0.0
    if c.sentence.tokens[c.clause_start].lower in _RELATIVE:
        value += weight("background_clause")  # "who had been arrested", "a tanker it seized"
        c.rules.append("confidence.background_clause")
    c.confidence = round(min(weight("max"), max(weight("min"), value)), 2)
    return c


def summary(c: Candidate) -> Candidate | None:
    """One line in canonical names."""
    where = c.location[0] if c.location else None
    c.summary = summary_line(c.sentence, c.match, c.subject, c.object, c.passive, where)
    return c


#: The default stages, in order. ``extract(..., stages=...)`` accepts another sequence.
STAGES: tuple[Stage, ...] = (
    filter_quoted,
    filter_negated,
    filter_complement,
    filter_hypothetical,
    filter_visit_purpose,
    voice,
    roles,
    status,
    place,
    dating,
    type_refinement,
    confidence,
    summary,
)


def with_stage(stage: Stage, *, after: str, stages: Sequence[Stage] = STAGES) -> tuple[Stage, ...]:
    """``stages`` with ``stage`` inserted after the stage named ``after`` (e.g. a learned
    coder after ``"type_refinement"``). ValueError for an unknown name."""
    names = [s.__name__ for s in stages]
    if after not in names:
        raise ValueError(f"no stage named {after!r}: the stages are {', '.join(names)}")
    k = names.index(after) + 1
    return (*stages[:k], stage, *stages[k:])


def run_stages(
    c: Candidate, stages: Sequence[Stage], dropped: list[tuple[str, str]] | None = None
) -> Candidate | None:
    """Run ``c`` through ``stages``; None when one drops it (``dropped`` gets the trigger rule
    and the dropping rule, for explanations)."""
    for stage in stages:
        result = stage(c)
        if result is None:
            if dropped is not None:
                dropped.append((c.rules[0], c.rules[-1] if len(c.rules) > 1 else stage.__name__))
            return None
        c = result
    return c


# -- helpers of the place, dating and type stages -------------------------------------------


def _location(
    s: Sentence, m: Match, dropped: list[str] | None = None
) -> tuple[tuple[str, str], str] | tuple[None, None]:
    c = s.clause[m.start]
    places = [
        x for x in s.mentions if x.place is not None and x.rule != "loc.dateline" and not x.quoted
    ]
    places = _not_venues(s, m, places, [] if dropped is None else dropped)
    clauses = object_clauses(s, m) | {c}
    if _subjectless_but(s, m):  # "welcomed the ruling in Pasay City but called on ...": one
        clauses.add(c - 1)  # subject's two predicates share the place (loc.shared_predicate)
    clauses |= {  # "bombed what New Delhi described as a camp near Balakot": one object
        s.clause[x.end]
        for x in s.matches
        if x.end < len(s.tokens) and s.clause[x.start] == c and _free_relative_label(s, x)
    }
    same = [x for x in places if s.clause[x.start] in clauses]
    # "recalled its ambassador from Tehran", "fired rockets from Gaza": an origin, not where
    same = [x for x in same if x.start == 0 or s.tokens[x.start - 1].lower != "from"]
    # [loc.addressee_to] "appealed to Washington", "complained to Beijing": whom the act
    # addresses (roots of ``addressee_to_roots``), not where it happened
    if m.trigger.cameo[:2] in _ADDRESSEE_TO_ROOTS:
        kept = [x for x in same if x.start == 0 or s.tokens[x.start - 1].lower != "to"]
        if len(kept) < len(same) and dropped is not None:
            dropped.append("loc.addressee_to")
        same = kept
    # "shot down over Kashmir" is where; "talks over Kashmir", "sanctions over Crimea" are topics
    if m.trigger.cameo[:2] not in _OVER_PLACE_ROOTS:
        same = [x for x in same if x.start == 0 or s.tokens[x.start - 1].lower != "over"]
    cut = participle_after(s, m.obj_end, reduced=False)  # "a treaty absorbing Crimea into"
    if m.trigger.cameo[:2] in _ASKING_ROOTS:  # "ordered Israel to halt its offensive in Rafah":
        cut = min(cut, _infinitive_after(s, m.end))  # the place of what is asked for
    # "recalled its envoy ... and carried out strikes inside Iran": the next verb's place
    nxt = min(
        (
            x.start
            for x in s.matches
            if x.start >= m.end and not x.noun and not _free_relative_label(s, x)
        ),
        default=cut,
    )  # "bombed what New Delhi described as a camp near Balakot": Balakot
    # "told visiting European Union leaders in Beijing": the people told, then where
    addressed = [x for x in same if m.trigger.roles == 2 and _after_addressee(s, m, x)]
    same = [x for x in same if x.start < min(cut, nxt) or x in addressed]
    # "over its role in the war in Bosnia", "agreed to a ceasefire in Hodeidah": a place that
    # names where another happening is (words list place_naming_nouns), not this event's
    same = [x for x in same if not _named_elsewhere(s, m, x) and not _in_reason(s, m, x)]
    kept = [x for x in same if not _in_reduced_relative(s, m, x)]
    if len(kept) < len(same) and dropped is not None:
        dropped.append("loc.reduced_relative")
    same = kept
    trailing: list[Mention] = []
    where_rule = ""
    if (
        same
        and not m.noun
        and all(x.rule == "loc.unknown_name" for x in same)
        and (where := _where_place(s, m, places))
    ):
        # [loc.where_clause] "from Poland, where he held talks with Gierek and laid a wreath at
        # Auschwitz": the known place "where" follows is the clause's, before a later name no
        # lexicon knows ("where he met Karzai in Kabul" keeps Kabul)
        same, where_rule = where, "loc.where_clause"
    if not same and not m.noun:
        same = _fronted_venue(s, m, places) or _where_place(s, m, places)
        same = same or (trailing := _trailing_place(s, m, places, min(cut, nxt)))
    if m.trigger.roles == 2:  # "said in Seoul", not the place inside what was said
        # ("addressed the Knesset in Jerusalem": after the trigger's object)
        same = [
            x for x in same
            if x.end <= m.start or x.start <= m.obj_end + 2 or _after_addressee(s, m, x)
        ]  # fmt: skip
    if m.noun:
        same += [x for x in places if x.end == m.start and x not in same]
    if not same:
        return None, None
    # a gazetteer place before a name kept as written ("near Tiananmen Square in Beijing")
    same.sort(
        key=lambda x: (x.rule == "loc.unknown_name", x.start < m.start, abs(x.start - m.start))
    )
    pl = same[0].place
    assert pl is not None
    if where_rule:
        return (pl.name, pl.country), where_rule
    return (pl.name, pl.country), "loc.trailing_place" if trailing else same[0].rule


_ADDRESSEES = words("addressee_nouns")
_ADDRESSEE_PREPS = frozenset({"in", "at"})
_ADDRESSEE_TRIGGERS = words("addressee_object_triggers")


def _after_addressee(s: Sentence, m: Match, x: Mention) -> bool:
    """ "told visiting European Union leaders in Beijing", "declared the
    chancellor to journalists in Bogota": a place right after "in"/"at" and the people told
    (words list ``addressee_nouns``; after "to" unless the verb takes them as its object,
    ``addressee_object_triggers``), within eight tokens of the verb and before any "that",
    comma or quotation mark, is where the telling was."""
    toks = s.tokens
    k = x.start
    if k - m.end > 8 or k < 2 or toks[k - 1].lower not in _ADDRESSEE_PREPS:
        return False
    if toks[k - 2].lower not in _ADDRESSEES:
        return False
    gap = toks[m.end : k - 2]
    if m.trigger.id not in _ADDRESSEE_TRIGGERS and not any(t.lower == "to" for t in gap):
        return False  # "said the talks with leaders in Kyiv were useful": inside what was said
    return not any(t.lower == "that" or t.text in (",", '"', "“", "”") for t in gap)


_PLACE_RELATIVES = words("place_relatives")


def _where_place(s: Sentence, m: Match, places: list[Mention]) -> list[Mention]:
    """ "was in Port Moresby on Monday, where he and Marape hosted a summit": a clause opened
    by "where" (words list ``place_relatives``) happens at the place it follows (at most four
    tokens before it: a date or a comma between)."""
    lo = s.clause_start(m.start)
    k = lo + 1 if s.tokens[lo].text == "," else lo
    if lo == 0 or k >= m.start or s.tokens[k].lower not in _PLACE_RELATIVES:
        return []
    near = [x for x in places if x.end <= lo and lo - x.end <= 4]
    last = max((x for x in s.mentions if x.end <= lo), key=lambda x: x.end, default=None)
    if (
        last is not None
        and last.place is None
        and last.entity is not None
        and last.entity.kind == "country"
        and lo - last.end <= 1
    ):  # "from Poland, where he held talks": the country the clause follows
        from timeline.events.gazetteer import Place

        name = last.entity.name
        return [replace(last, place=Place(name=name, country=name, kind="country"))]
    if near and last is not None and near[-1].end < last.end:
        return []  # another name stands between the place and "where"
    return near[-1:]


def _not_venues(s: Sentence, m: Match, places: list[Mention], dropped: list[str]) -> list[Mention]:
    """Places that name no venue of this event: a building's name ("at Hyderabad House"), a
    government's seat ("the Government in Pretoria"), the capital an envoy is recalled to
    (:mod:`timeline.events.venues`); the rule of each one dropped goes to ``dropped``."""
    kept = []
    for x in places:
        why = (
            "loc.named_venue" if venues.building_not_venue(s, x)
            else "loc.seat_not_venue" if venues.seat_not_venue(s, m, x)
            else "loc.recalled_home" if venues.recalled_home(s, m, x, _FROM_HOST)
            else "loc.envoy_post" if venues.envoy_post(s, m, x, _FROM_HOST)
            else None
        )  # fmt: skip
        if why is None:
            kept.append(x)
        elif (
            why != "loc.named_venue"
            and why not in dropped
            and s.clause[x.start] == s.clause[m.start]
        ):
            dropped.append(why)
    return kept


_ASKING_ROOTS = words("asking_roots")
_OVER_PLACE_ROOTS = words("over_place_roots")
_ADDRESSEE_TO_ROOTS = words("addressee_to_roots")
_PLACE_NAMING_NOUNS = words("place_naming_nouns")
_ON_THE_GROUND_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
_VENUE_NOUNS = words("fronted_venue_nouns")
_FRONTED_VENUE_PREPS = words("fronted_venue_prepositions")
_SPEAKING = words("speaking_participles")


def _named_elsewhere(s: Sentence, m: Match, x: Mention) -> bool:
    """ "the war in Bosnia": the place after "<noun> in", the noun outside the trigger's own
    words ("declared a ceasefire in Gaza" keeps Gaza)."""
    if m.trigger.cameo[:2] in _ON_THE_GROUND_ROOTS:
        return False  # "killed three people in the war in Syria": force happens there
    toks = s.tokens
    k = x.start - 1
    if k >= 3 and toks[k].lower == "of" and toks[k - 2].lower == "the":
        k -= 3  # "a ceasefire in the port of Hodeidah"
    if k < 1 or toks[k].lower != "in":
        return False
    k -= 1
    return toks[k].lower in _PLACE_NAMING_NOUNS and not (m.start <= k < m.obj_end)


_REASON_PREPS = words("reason_prepositions")
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their"})


def _in_reason(s: Sentence, m: Match, x: Mention) -> bool:
    """ "charged two agents with murder over the sinking of the ship in Auckland harbour": a
    place inside a reason phrase (words list ``reason_prepositions`` and a determiner after the
    trigger's object) is where the cause happened, not this event's venue; a place right after
    it stays ("shot down a drone over the Strait of Hormuz")."""
    toks = s.tokens
    for k in range(m.obj_end, x.start - 3):
        if toks[k].lower in _REASON_PREPS and toks[k + 1].lower in _DETERMINERS:
            return True
    return False


def _also_same_act(c: Candidate) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """[loc.also_same_act] "The two prime ministers signed the declaration at the Governor's
    House. The foreign secretaries also signed a memorandum ...": a verb trigger with "also"
    right before it, whose clause names no place, happened where the previous sentence of its
    paragraph placed an act of the same CAMEO root whose doers share a state with its own (or
    its doers' states are unknown: two named secretaries); one such place only. "also" with
    another act ("also criticised"), of another state's doers ("Japan's foreign minister also
    called on ...") or across a paragraph break takes none."""
    s, m = c.sentence, c.match
    toks = s.tokens
    if m.noun or m.start < 1 or toks[m.start - 1].lower != "also" or s.quoted[m.start]:
        return None, None
    prev = venues.previous_in_paragraph(s)
    disc = s.disc
    if prev is None or disc is None:
        return None, None
    own = {a.state for a in c.actors if a.role != "target" and a.state}
    names = {
        e.location for e in disc.events
        if e.sentence_start == prev.start and e.type == c.code[:2] and e.location
        and (not own or own & {a.state for a in e.actors if a.role != "target" and a.state})
    }  # fmt: skip
    if len(names) != 1:
        return None, None
    name = next(iter(names))
    assert name is not None
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    place = gazetteer().places.get(fold(name))
    return (name, place.country if place is not None else ""), "loc.also_same_act"


def _subjectless_but(s: Sentence, m: Match) -> bool:
    """[loc.shared_predicate] "welcomed the ruling at a briefing in Pasay City but called on
    all sides to ...": a verb trigger right after "but" (an adverb may stand between: "but
    also urged") has the subject of the clause before it, and shares its place; "but Germany
    refused" (a subject of its own) does not."""
    toks = s.tokens
    k = m.start - 1
    if (
        k >= 1
        and toks[k].text.islower()
        and (toks[k].lower == "also" or toks[k].lower.endswith("ly"))
    ):
        k -= 1
    return (
        not m.noun
        and k >= 1
        and toks[k].lower == "but"
        and s.clause[k] == s.clause[m.start]
        and s.clause[k - 1] == s.clause[m.start] - 1
    )


def _in_reduced_relative(s: Sentence, m: Match, x: Mention) -> bool:
    """[loc.reduced_relative] "accused Russia of going back on a commitment made by President
    Medvedev at the G8 summit in Japan": a place after the trigger inside a reduced passive
    relative clause (a noun, a participle and "by", as time.reduced_relative reads it) is where
    the noun's act happened, not this event's venue ("was hosted by Egypt in Cairo" is the
    verb's own passive and keeps Cairo)."""
    from timeline.events.discourse import reduced_relative

    if x.start <= m.end:
        return False
    return reduced_relative(s, _Probe(s.tokens[x.start].start), m.end - 1) is not None


@dataclass(frozen=True, slots=True)
class _Probe:
    """A text position read like a time expression's start (``reduced_relative``)."""

    start: int


_VISIT_NOUNS = words("fronted_visit_nouns")


def _fronted_venue(s: Sentence, m: Match, places: list[Mention]) -> list[Mention]:
    """ "At UN-sponsored talks in Sweden, Yemen's government and the rebels agreed ...": a
    sentence-opening "At/During/After <talks|summit ...> in <place>," phrase is the venue of
    the main clause's events (words lists fronted_venue_prepositions, fronted_venue_nouns), and
    so is one apposed right before the trigger ("EU leaders, at their summit in Brussels,
    welcomed"); a speaking participle needs no venue noun ("Speaking in Harare, ...", "Mr
    Tsvangirai, speaking in Harare, called ..."; words list speaking_participles)."""
    toks = s.tokens
    lo: int | None = 1
    openers = _FRONTED_VENUE_PREPS | _SPEAKING
    if toks and toks[0].lower in openers:
        comma = next((k for k, t in enumerate(toks[:18]) if t.text == ","), None)
    else:
        lo = next(
            (k + 2 for k in range(1, m.start - 3)
             if toks[k].text == "," and toks[k + 1].lower in openers),
            None,
        )  # fmt: skip
        comma = None if lo is None else next(
            (k for k in range(lo, min(m.start, lo + 12)) if toks[k].text == ","), None
        )  # fmt: skip
        if comma is None or comma + 1 != m.start:
            return []
    if comma is None or lo is None or m.start < comma:
        return []
    nouns = {t.lower for t in toks[lo:comma]}
    if toks[lo - 1].lower not in _SPEAKING and nouns.isdisjoint(_VENUE_NOUNS | _VISIT_NOUNS):
        return []
    # "During a visit to Beijing on Monday, Putin signed": the place visited (words list
    # fronted_visit_nouns) is the venue, as "in" a place is for talks
    preps = {"in", "to"} if not nouns.isdisjoint(_VISIT_NOUNS) else {"in"}
    return [
        x for x in places if lo <= x.start and x.end <= comma and toks[x.start - 1].lower in preps
    ]


_TRAILING_PLACE_PREPS = words("trailing_place_prepositions")
_CLAUSE_WORDS = words("clause_words")


def _trailing_place(s: Sentence, m: Match, places: list[Mention], stop: int) -> list[Mention]:
    """[loc.trailing_place] "held a meeting with Mr. Yun, Minister of Foreign Affairs of the
    Republic of Korea, in Seoul.": a last phrase ", in <place>" (words list
    ``trailing_place_prepositions``) closing the sentence after appositions of the trigger's
    object (clauses that open with no clause word: no "who", "which", "when" ...) is where the
    trigger happened; never past another verb (``stop``)."""
    toks, c = s.tokens, s.clause[m.start]
    for x in places:
        k = x.start - 1
        if (
            s.clause[x.start] <= c
            or x.start >= stop
            or k < 1
            or toks[k].lower not in (_TRAILING_PLACE_PREPS)
            or toks[k - 1].text != ","
        ):
            continue
        dated = [j for j in range(x.end, len(toks))
                 if any(tx.start <= toks[j].start < tx.end for tx in s.timexes)]  # fmt: skip
        rest = [
            j for j in range(x.end, len(toks))
            if toks[j].text not in (".", '"', "”", "’", "'") and j not in dated
            and not (j + 1 in dated and toks[j].lower in ("on", "in", "at", "last", "this"))
        ]  # fmt: skip
        if rest:
            continue  # only the sentence's last phrase (a date may follow)
        opens = {s.clause_start(j) for j in range(m.end, k - 1)}
        if all(
            toks[j].text == "," and j + 1 < len(toks) and toks[j + 1].lower not in _CLAUSE_WORDS
            for j in opens
            if j >= m.end
        ):
            return [x]
    return []


def _visited_place(obj: list[Mention]) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """ "visited Pyongyang": the capital is the place visited (and its state the target)."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    for x in obj:
        if x.rule == "actor.metonym":
            place = gazetteer().places.get(fold(x.text))
            if place is not None and place.kind == "city":
                return (place.name, place.country), "loc.visited_capital"
    first = obj[0] if obj else None
    if first is not None and first.entity is not None and first.entity.kind == "country":
        if first.rule in ("actor.alias",) and not first.possessive:
            # "flew to Egypt", "visited China": the country visited
            return (first.entity.name, first.entity.name), "loc.visited_country"
    return None, None


_ADDRESSEE_DETERMINERS = frozenset({"the", "a", "an"})
_PAST_FORM = re.compile(r"[a-z]{3,}ed$")
_CLAUSE_VERBS = words("be_forms") | words("base_ok") | words("irregular_past")


def _plain_object(s: Sentence, m: Match, t: Timex) -> bool:
    """ "declared independence from the Soviet Union on Sunday": a
    date after a plain object of a speech verb (no verb, "that", comma or quote before it)
    dates the verb; "said the talks ended on Monday" keeps the date in what was said."""
    toks = s.tokens
    for k in range(m.end, len(toks)):
        tok = toks[k]
        if tok.start >= t.start:
            after = next((x for x in toks[k:] if x.start >= t.end), None)
            # "said talks in Hanoi on Monday were useful": the date is the subject's
            return k > m.end and not (after is not None and _verb_like(after.lower))
        if not tok.key or tok.lower == "that" or _verb_like(tok.lower) or s.quoted[k]:
            return False
    return False


def _verb_like(word: str) -> bool:
    return word in _CLAUSE_VERBS or bool(_PAST_FORM.search(word))


_DATELINE_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


def dateline_end(s: Sentence) -> int:
    """The character offset where a dateline ends: its first dash within a few tokens
    ("MANILA, Feb 27 - ", "GENEVA (Nov 21) - "); a date before it is the day the story was
    filed, not the day of an event (0 when there is no dateline). A dateline whose place is no
    gazetteer place ("UNITED NATIONS, May 31 - ") counts when its words are all capitals and a
    date stands before the dash."""
    if s.mentions and s.mentions[0].rule == "loc.dateline":
        for t in s.tokens[s.mentions[0].end : s.mentions[0].end + 8]:
            if t.text in _DATELINE_DASHES:
                return t.end
        return 0
    first = s.tokens[0].text if s.tokens else ""
    if len(first) < 2 or not first.isupper():
        return 0  # no all-capitals dateline
    dash = next((i for i, t in enumerate(s.tokens[:10]) if t.text in _DATELINE_DASHES), None)
    if dash is None or dash < 2 or not _all_caps(s.tokens[0].text):
        return 0
    cut = s.tokens[dash].start
    dates = [(t.start, t.end) for t in s.timexes if t.end <= cut]
    if not dates:
        return 0
    for t in s.tokens[:dash]:
        if (
            t.text.isalpha()
            and not _all_caps(t.text)
            and not any(a <= t.start < b for a, b in dates)
        ):
            return 0  # "Russia, China - ..." or a sentence, not a dateline
    return s.tokens[dash].end


def _all_caps(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


_TAIL_STOPS = words("relative") | words("subordinate_openers")


def _attribution_tail_end(s: Sentence, m: Match) -> int:
    """The end offset of the attribution after an inverted speech verb: up to the first
    relative or subordinate opener or quotation (exclusive), else the sentence's end."""
    for k in range(m.end, len(s.tokens)):
        if s.quoted[k] or s.tokens[k].lower in _TAIL_STOPS:
            return s.tokens[k].start - 1
    return s.tokens[-1].end


def _governing_timex(s: Sentence, m: Match, notes: list[str] | None = None) -> Timex | None:
    """The time expression of the trigger's clause, else one in a clause without a trigger
    that may lend it (``_not_lent``; ``notes`` collects why a date was not lent)."""
    if not s.timexes:
        return None
    c = s.clause[m.start]
    trig_pos = s.tokens[m.start].start
    usable = [t for t in s.timexes if t.interval is not None]
    head = dateline_end(s)
    if head:  # "MANILA, Feb 27 - ...": the filing date dates no event
        usable = [t for t in usable if t.start >= head]
    if not s.quoted[m.start]:  # a date inside a quotation never dates the telling
        usable = [t for t in usable if not timex_quoted(s, t)]
    # "annulled the result of last month's election on Friday": a possessive date names a
    # noun's time (the election's), never the verb's
    usable = [t for t in usable if s.text[t.end : t.end + 2] not in _POSSESSIVE]
    # "met ... for the first time since March": the bound of a span dates no event in it
    usable = [t for t in usable if not _span_bound(s, t, c)]
    if (m.trigger.roles == 2 or is_speech(m)) and not m.trigger.objects:
        # "said on Monday (that) ...", not what was said ("claimed a victory in a speech on
        # Monday": a verb with its object has no content clause)
        # next to the verb, or right after its addressee ("urged Soviet leader Mikhail
        # Gorbachev on Friday to ...", "told the Security Council on Friday that ...")
        reach = m.end
        addressee = next((x for x in s.mentions if x.start in (m.end, m.end + 1)), None)
        if addressee is not None:
            reach = addressee.end
            while reach < len(s.tokens) - 1 and s.tokens[reach].is_cap:
                reach += 1  # "told the Senate Foreign Relations Committee on Thursday"
        elif (
            reach + 1 < len(s.tokens)
            and s.tokens[reach].lower in _ADDRESSEE_DETERMINERS
            and s.tokens[reach + 1].text.islower()
        ):
            reach += 2  # a common-noun addressee: "told the nation on Wednesday that ..."
        if reach < len(s.tokens) and s.tokens[reach].lower == "by":
            reach += 2  # "told Vladimir Putin by telephone on Saturday"
        near = s.tokens[min(len(s.tokens), reach + 3) - 1].end
        if after_quotation(s, m):
            # '"...," said John R. Bolton, the American ambassador, on Saturday.': after a
            # quotation the verb's tail is all attribution (no content clause), so a date
            # after the speaker's apposition dates the telling, unless a relative or
            # subordinate clause opens before it (the date still reads time.clause_timex)
            near = max(near, _attribution_tail_end(s, m))
        usable = [
            t for t in usable if t.start < trig_pos or t.start <= near or _plain_object(s, m, t)
        ]
    if not usable:
        return None
    same = [t for t in usable if s.clause_of_char(t.start) == c]
    if m.start > 0 and s.tokens[m.start - 1].lower in _COORD_AND:
        # "recalled its envoy on Wednesday and carried out strikes on Thursday": a verb after
        # "and" is dated by the date of its own phrase, not the first verb's
        own = [t for t in same if t.start > trig_pos]
        if not own and _perfect_conjunct(s, m, same):
            if notes is not None:
                notes.append(f"time.discourse.perfect_conjunct: '{s.tokens[m.start].text}' "
                             f"follows a past-perfect complement whose '{same[0].text}' is "
                             f"the complement's act's time, not its own")  # fmt: skip
            return None
        same = own or same
    if same:
        return min(same, key=lambda t: abs(t.start - trig_pos))
    from timeline.events.discourse import cue_set, relative_that

    subord = cue_set("subordinate")  # a relative clause's date dates only that clause
    free = [
        t for t in usable
        if not _busy_clause(s, m, t)
        and s.tokens[_clause_first(s, t.start)].lower not in subord
        and not relative_that(s, _clause_first(s, t.start))  # "the talks that began on Monday"
    ]  # fmt: skip
    occasion = _fronted_occasion_timex(s, m, usable)
    if occasion is not None:
        return occasion
    lent = [t for t in free if _not_lent(s, m, t) is None]
    if notes is not None and free and not lent:
        notes.extend(why for t in free[:1] if (why := _not_lent(s, m, t)))
    if lent:
        return min(lent, key=lambda t: abs(t.start - trig_pos))
    return None


_OCCASION_OPENERS = words("fronted_occasion_prepositions")


def _fronted_occasion_timex(s: Sentence, m: Match, usable: list[Timex]) -> Timex | None:
    """[time.fronted_occasion] "During a visit to Beijing on Monday, Putin signed ...", "At
    talks in Geneva on Friday, the two sides agreed ...": the date of a sentence-opening
    occasion phrase (words list ``fronted_occasion_prepositions``; a venue or visit noun in
    it, words lists ``fronted_venue_nouns``, ``fronted_visit_nouns``) up to its comma dates
    the main clause after it ("After talks on Monday," does not: a later act)."""
    toks = s.tokens
    if not toks or toks[0].lower not in _OCCASION_OPENERS:
        return None
    comma = next((k for k, t in enumerate(toks[:18]) if t.text == ","), None)
    if comma is None or m.start <= comma:
        return None
    if {t.lower for t in toks[1:comma]}.isdisjoint(_VENUE_NOUNS | _VISIT_NOUNS):
        return None
    end = toks[comma].start
    inside = [t for t in usable if t.end <= end]
    return inside[-1] if len(inside) == 1 else None


def _perfect_conjunct(s: Sentence, m: Match, shared: list[Timex]) -> bool:
    """[time.discourse.perfect_conjunct] "admitted yesterday that agents had abducted ... in the
    1970s and apologized": a verb after "and" with no date of its own after it, whose clause's
    dates stand in a past-perfect "that" complement before it, takes none of them: it is the
    speech verb's second predicate or a second act of the complement, and neither is of the
    complement's date."""
    from timeline.events.discourse import perfect_complement

    toks = s.tokens
    if any(t.lower in ("had", "'d", "’d") for t in toks[max(0, m.start - 2) : m.start]):
        return False  # "and had apologized": the complement's own second act
    firsts = [next((i for i, tok in enumerate(toks) if tok.start >= t.start), None) for t in shared]
    return bool(firsts) and all(k is not None and perfect_complement(s, k) for k in firsts)


def _teller_timex(c: Candidate) -> Timex | None:
    """[time.discourse.perfect_conjunct] "Kim admitted yesterday that agents had abducted ...
    in the 1970s and apologized to Koizumi": when the roles stage made the sentence's subject
    (the teller) the source of the verb after "and" (``actor.sentence_subject``), it is the
    telling verb's second predicate and takes the past date right before the complement's
    "that" (in the telling's clause); otherwise none."""
    s, m = c.sentence, c.match
    if "actor.sentence_subject" not in c.rules:
        return None
    toks = s.tokens
    h = next((i for i in range(m.start - 1, 0, -1) if toks[i].lower == "that"), None)
    if h is None:
        return None
    head = dateline_end(s)
    near = [t for t in s.timexes
            if t.interval is not None and t.interval[1] <= c.published and t.start >= head
            and t.end <= toks[h].start and s.clause_of_char(t.start) == s.clause[h - 1]
            and not timex_quoted(s, t)]  # fmt: skip
    if not near:
        return None
    t = max(near, key=lambda t: t.end)
    c.rules.append("time.discourse.perfect_conjunct_teller")
    c.evidence.append(
        f"time.discourse.perfect_conjunct_teller: '{toks[m.start].text}' has the "
        f"sentence's subject as source: the telling's '{t.text}' before 'that'"
    )
    return t


def _busy_clause(s: Sentence, m: Match, t: Timex) -> bool:
    """The clause of ``t`` holds a trigger other than ``m`` that the date may date. A
    "to"-infinitive after the date is none ("will travel to Tokyo, Seoul and Beijing next week
    to press for sanctions": the date is the journey's, the infinitive its purpose;
    time.infinitive_after_date)."""
    c = s.clause_of_char(t.start)
    return any(
        s.clause[x.start] == c
        for x in s.matches
        if x is not m
        and not (
            not x.noun
            and x.form == 0
            and x.start > 0
            and s.tokens[x.start - 1].lower == "to"
            and s.tokens[x.start].start > t.end
        )
    )


def _not_lent(s: Sentence, m: Match, t: Timex) -> str | None:
    """Why the date ``t`` of another clause (one without a trigger) must not date the trigger
    ``m`` (rule id and evidence), or None. [time.apart_clause] "handed the pilot back on Friday
    night, two days after his MiG-21 was shot down": a clause opened by an ``apart_opener``
    (``date_scope.tsv``: after, before) places its event apart from the sentence's date;
    [time.coordinated_date] "accused Islamabad of sheltering the group, and the next day it
    withdrew ...": a later main clause opened by a ``coordinated_opener`` (", and", ", but")
    dates its own verb, never the one before it; [time.relative_clause] "after a week in which
    hundreds were deported": a relative clause (opened by a ``subordinate`` cue of ``cues.tsv``
    or a relative "that") borrows no date of another clause."""
    from timeline.events.document import scope_words

    head = _clause_first(s, s.tokens[m.start].start)
    if (
        s.tokens[head].lower in scope_words("apart_opener")
        and head < m.start
        and _comma_before(s, head)
    ):
        return (
            f"time.apart_clause: '{s.tokens[m.start].text}' is in a clause opened by "
            f"'{s.tokens[head].text}', apart from the time of '{t.text}' in another clause"
        )
    from timeline.events.discourse import cue_set, relative_that

    if head < m.start and (
        s.tokens[head].lower in cue_set("subordinate") or relative_that(s, head)
    ):
        return (
            f"time.relative_clause: '{s.tokens[m.start].text}' is in a relative clause opened "
            f"by '{s.tokens[head].text}': the time of '{t.text}' in another clause is not its"
        )
    k = _clause_first(s, t.start)
    if (
        t.start > s.tokens[m.start].start
        and s.tokens[k].lower in scope_words("coordinated_opener")
        and k > 0
        and s.tokens[k - 1].text in (",", ";")
    ):
        return (
            f"time.coordinated_date: '{t.text}' is in a later main clause opened by "
            f"', {s.tokens[k].text}': that clause's own verb's date"
        )
    return None


def _comma_before(s: Sentence, k: int) -> bool:
    """ ", two days after", ", shortly before": a comma before token ``k``, past a duration
    and the words of ``apart_modifier`` (``date_scope.tsv``); not "On Feb 26 - after days of
    protests - the United States recognised ..." (the opener heads no clause of its own)."""
    from timeline.events.document import scope_words

    skip = scope_words("apart_modifier")
    durations = [t for t in s.timexes if t.type == "DURATION"]
    j = k - 1
    while j >= 0 and (
        s.tokens[j].lower in skip or any(t.start <= s.tokens[j].start < t.end for t in durations)
    ):
        j -= 1
    return j >= 0 and s.tokens[j].text in (",", ";")


def _infinitive_before(c: Candidate, tx: Timex) -> bool:
    """ "agreed to meet on May 20": a "to"-infinitive between the trigger and the date (the
    date is the planned act's; the old reading, planned on that date, stays)."""
    toks = c.sentence.tokens
    for k in range(c.match.end, len(toks) - 1):
        if toks[k].start >= tx.start:
            break
        if toks[k].lower == "to" and toks[k + 1].text.isalpha() and toks[k + 1].text.islower():
            if toks[k + 1].lower not in ("a", "an", "the", "its", "their", "his", "her"):
                return True
    return False


def _clause_first(s: Sentence, pos: int) -> int:
    """Index of the word that opens the clause holding character ``pos``."""
    k = max(0, bisect.bisect_right(s.tokens, pos, key=lambda x: x.start) - 1)
    j = s.clause_start(k)
    while j < k and not s.tokens[j].key:
        j += 1
    return j


_POSSESSIVE = ("'s", "’s")


_SPAN_BOUNDS = words("span_bound_prepositions")


def _span_bound(s: Sentence, t: Timex, clause: int) -> bool:
    """Whether the time expression ``t`` follows a span preposition ("since March", rule
    time.span_bound) or stands in a clause it opens other than the trigger's ``clause``: it
    bounds a state ("the first time since March"), not the event's day."""
    k = bisect.bisect_left(s.tokens, t.start, key=lambda x: x.start)
    if k > 0 and s.tokens[k - 1].lower in _SPAN_BOUNDS:
        return True
    # "since the invasion began in February last year": a date in another clause opened by
    # "since" (the clause's own event keeps it: "since Russia invaded in February")
    return (
        s.clause_of_char(t.start) != clause
        and s.tokens[_clause_first(s, t.start)].lower in _SPAN_BOUNDS
    )


def timex_quoted(s: Sentence, t: Timex) -> bool:
    """Whether the time expression ``t`` starts inside a quotation."""
    k = max(0, bisect.bisect_right(s.tokens, t.start, key=lambda x: x.start) - 1)
    return s.quoted[k]


def _all_domestic(actors: list[ActorRef]) -> bool:
    """Every actor is a state's own political body: a domestic organisation of the lexicon, or
    one state acting through its legislature ("The Senate met": ``USALEG``, actor.chamber)."""
    lex = lexicon()
    ents = [lex.entity(a.name) for a in actors]
    if bool(ents) and all(e is not None and e.domestic for e in ents):
        return True
    return (
        bool(actors)
        and all(a.code is not None and a.code[3:] == "LEG" for a in actors)
        and len({a.name for a in actors}) == 1
    )


def _third_location(actors: list[ActorRef], country: str) -> bool:
    countries = {a.country for a in actors}
    return len(actors) >= 2 and None not in countries and country not in countries


__all__ = [
    "STAGES",
    "one_per_partner",
    "respective_sides",
    "split_parties",
    "is_speech",
    "timex_quoted",
    "Candidate",
    "Stage",
    "confidence",
    "dating",
    "filter_complement",
    "filter_hypothetical",
    "filter_negated",
    "filter_quoted",
    "filter_visit_purpose",
    "place",
    "roles",
    "run_stages",
    "status",
    "summary",
    "type_refinement",
    "voice",
    "with_stage",
]
