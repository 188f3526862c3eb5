"""Event extraction: sentences -> typed events with actors, roles, location, time and status.

The work is an ordered list of small stages over candidate events (one per trigger match):

1. document (:mod:`timeline.events.document`): sentences, tokens, clauses, quotations, actor
   and place mentions (:mod:`timeline.events.actors`), trigger matches (``triggers.tsv``);
2. the stages of :mod:`timeline.events.stages`: filters (quoted, negated, complement,
   hypothetical) -> voice -> roles -> status -> place -> dating -> type refinement ->
   confidence -> summary; each returns the candidate, changed, or drops it;
3. the article context (:mod:`timeline.events.discourse`): attributions dropped, discourse
   dating; pronouns and nominal events are resolved in the roles stage from the same context;
4. merging (:mod:`timeline.events.merge`) of events repeated within the article, then the
   CAMEO actor codes of the actors.

Every decision is recorded as a rule id in ``ExtractedEvent.rules``. Words are data
(``lexicon/en/*.tsv``); ``timeline/events/README.md`` says how to add a trigger, a cue, an
actor or a stage.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from timeline.events.discourse import (
    Discourse,
    GoverningDate,
    breaks_discourse,
    clause_scope,
    drop_attributions,
    governing_date,
    is_byline,
    offset_date,
    other_time,
    subject_mention,
    take_date,
    tense,
    when_date,
)
from timeline.events.document import (
    Match,
    Sentence,
    Trigger,
    event_noun_stems,
    quote_spans,
    sentences,
    triggers,
)
from timeline.events.lexicon import actor_code_rule
from timeline.events.merge import merge_events
from timeline.events.roles import participial_head
from timeline.events.stages import (
    STAGES,
    Candidate,
    Stage,
    is_speech,
    run_stages,
    split_parties,
)
from timeline.events.types import ExtractedEvent
from timeline.events.words import words
from timeline.temporal.types import Timex

#: Meetings, talks and summits (not visits, whose place is the host's): without a place of
#: their own they take the dateline's city (words list ``dateline_venue_codes``).
_VENUE_CODES = words("dateline_venue_codes")


#: Event roots whose source state acts through its armed forces (code <ISO3>MIL).
_MILITARY_ROOTS = words("military_roots")


def _reported_plan(ev: ExtractedEvent, sent: Sentence) -> bool:
    """[loc.no_dateline_plan] a meeting a speaker says will be held ("announced that the
    United States will resume its dialogue with the PLO"), or that the copy says is to come
    ("he will hold separate talks this week"), is not held where the copy is filed: the
    dateline gives it no place. Nor does it give one to a meeting whose sentence names another
    place ("secret talks ..., mostly in China"; rule loc.dateline_elsewhere)."""
    if ev.status == "planned":
        return True
    own = [
        x for x in sent.mentions
        if x.place is not None and x.rule != "loc.dateline" and not x.quoted
    ]  # fmt: skip
    if own:
        ev.rules.append("loc.dateline_elsewhere")
        return True
    return False


def extract(
    text: str,
    published: date,
    timexes: list[Timex],
    *,
    stages: Sequence[Stage] = STAGES,
    dropped: list[tuple[str, str]] | None = None,
    sentences_out: list[Sentence] | None = None,
) -> list[ExtractedEvent]:
    """Events of an article ``text`` published on ``published`` with its time expressions.

    ``stages``: the candidate stages, in order (default ``STAGES``; a learned coder is one
    more, see :func:`timeline.events.stages.with_stage`). ``dropped`` (optional) collects
    ``(trigger rule, dropping rule)`` for every candidate a stage dropped. ``sentences_out``
    (optional) collects the article's sentences with their actor and place mentions (the
    learned coder reuses them: :func:`timeline.coder.stage.code_events`).
    """
    events: list[ExtractedEvent] = []
    disc = Discourse.of(text, published)
    made = sentences(text, published, timexes, disc)
    if sentences_out is not None:
        sentences_out.extend(made)
    for unit, sent in enumerate(made):
        if is_byline(sent.tokens):
            continue  # report.byline: credits and bylines hold no events
        if (sub := _dateline_of(sent)) is not None:  # a roundup's sub-dateline: from here on
            disc.dateline, disc.governing = sub, None
        pairs = []
        for m in sent.matches:
            c = run_stages(Candidate.of(sent, m, published), stages, dropped)
            if c is not None:
                ev = c.to_event()
                pairs.append((c, ev))
                disc.events.append(ev)
        _coordinated_targets(sent, pairs)
        if not pairs or not disc.has_subject(sent):
            _eventless_subject(sent, disc)  # no event, or none with a subject ("X was sworn in")
        told = pairs  # a dropped attribution's date still governs ("X said on Friday that ...")
        pairs = drop_attributions(sent, pairs)
        paragraph = disc.paragraph(sent.start)
        dated_here: tuple[Candidate, ExtractedEvent] | None = None  # last clause-dated event
        for c, ev in pairs:
            clause_scope(sent, c, ev, published)  # "on Friday and will hold talks on Saturday"
            if (
                ev.location is None
                and disc.dateline
                and ev.cameo in _VENUE_CODES
                and not _reported_plan(ev, sent)  # "said it would resume talks": where, untold
            ):
                ev.location = disc.dateline  # wire copy: the talks are held where it is filed
                ev.rules.append("loc.dateline_meeting")
                ev.evidence.append(f"loc.dateline_meeting: no place in its clause; the "
                                   f"article's dateline is {disc.dateline}")  # fmt: skip
            if ev.start is None and (attached := _attached_clause(sent, c, pairs)):
                # "met Xi in Beijing on Friday, urging China to ...": part of the event it
                # follows, on its date
                take_date(ev, _governing_of(attached[0], unit, paragraph), attached[1])
            elif ev.start is None and (off := offset_date(sent, c.match, published)):
                take_date(ev, *off)  # time.discourse.offset: "five days after the test"
            elif ev.start is None and (when := when_date(sent, c.match, published)):
                take_date(ev, *when)  # time.discourse.when_clause: "on July 13, when ... met"
            elif (
                ev.start is None
                and not sent.headline
                and (tense(sent, c.match) == "past" or _told_in_past(sent, c))
                and not _clause_has_date(sent, c.match, disc.entry_day(paragraph))
            ):
                if (
                    dated_here is not None
                    and _coordinated(sent, c.match)
                    and tense(sent, dated_here[0].match) == "past"
                ):
                    # "declared a state of siege on Sunday, and air force planes bombed ...":
                    # a main clause joined by "and" shares its sentence's date, never the
                    # previous sentence's
                    take_date(ev, _governing_of(dated_here[1], unit, paragraph),
                              "time.discourse.coordinated_clause")  # fmt: skip
                elif (why := _dated_apart(sent, c.match, published)) is not None:
                    ev.rules.append(why)  # the neighbours' date would be a wrong date
                    ev.evidence.append(f"{why}: '{ev.trigger}' is in a clause opened by a "
                                       f"time or relative word, in a sentence with a past "
                                       f"date of its own: no neighbour's date")  # fmt: skip
                else:
                    # the neighbours' date, or the story day (timeline.events.discourse)
                    disc.date_event(sent, c, ev, unit, paragraph)
            if (
                ("time.clause_timex" in ev.rules or "time.discourse.story_day" in ev.rules)
                and ev.end is not None
                and ev.end <= published
            ):
                # its tense is checked only when a clause needs its date; a story-day reaction
                # lends its day to the clause joined to it ("marched on the Congress, and the
                # police fired tear gas")
                dated_here = (c, ev)
        g = governing_date(sent, told, published, unit, paragraph)
        if g is not None:
            disc.govern(g)
        elif breaks_discourse(sent, told, published):
            disc.governing = None  # time.discourse.dated_break
        events.extend(x for c, ev in pairs for x in split_parties(c, ev))
    merged = merge_events(events)
    for ev in merged:
        for actor in ev.actors:
            actor.code, code_rule = actor_code_rule(actor, ev.start or published)
            if (
                actor.kind == "country"
                and actor.role == "source"
                and ev.type in _MILITARY_ROOTS
                and actor.code
                and len(actor.code) == 3
            ):
                actor.code += "MIL"  # "North Korea shelled ...": the state acting by force
                code_rule = "code.military_act"
            base = actor.evidence or actor.rule or "resolved"
            actor.evidence = f"{base}; code {actor.code or 'none'} by {code_rule}"
    return merged


_COORDINATORS = words("coordinated_clause_words")


def _dateline_of(s: Sentence) -> str | None:
    """[loc.sub_dateline] the city of a dateline that opens ``s``: the article's, or a roundup's
    later "WASHINGTON (Wire) -", whose section it heads (its "here", its meetings' city); no
    earlier sentence's date reaches over it (time.discourse.sub_dateline)."""
    return next(
        (x.place.name for x in s.mentions
         if x.rule == "loc.dateline" and x.place is not None and x.place.kind == "city"),
        None,
    )  # fmt: skip


def _attached_clause(
    s: Sentence,
    c: Candidate,
    pairs: list[tuple[Candidate, ExtractedEvent]],
) -> tuple[ExtractedEvent, str] | None:
    """The dated past event the trigger's clause belongs to, with the rule: a participial
    adjunct of it ("met Xi on Friday, urging China to ...", "when Abiy ordered an offensive,
    accusing it of ...": the head's own date, however it was dated). A "where" clause right
    after a date ("held a summit in Seoul on November 2, where they agreed") is
    ``time.discourse.when_clause`` (``when_opener`` in ``date_scope.tsv``)."""
    head = participial_head(s, c.match)
    for hc, hev in pairs if head is not None else ():
        if (
            hc.match is head
            and hev.start is not None
            and (tense(s, head) == "past" or _told_plan_head(s, head, hev))
        ):
            return hev, "time.discourse.participial_clause"
    return _speech_conjunct(s, c)


def _speech_conjunct(s: Sentence, c: Candidate) -> tuple[ExtractedEvent, str] | None:
    """[time.discourse.speech_conjunct] "Maduro affirmed on Tuesday ... that the closure will be
    maintained and accused Colombian paramilitarism of ...": a simple-past verb right after
    "and" (no subject of its own) that follows a "that" complement told in the future or present
    (words list ``nonpast_complement_words``) cannot belong to it: it is the speech verb's second
    predicate, on the speech verb's own date (dated in its clause). A past-perfect complement
    ("admitted yesterday that agents had abducted ... and apologized") may share its "had": no
    date is taken."""
    toks, m = s.tokens, c.match
    if m.noun or m.start < 2 or toks[m.start - 1].lower != "and" or tense(s, m) != "past":
        return None
    nonpast = words("nonpast_complement_words")
    for x in reversed([x for x in s.matches if is_speech(x) and x.end < m.start]):
        between = [t.lower for t in toks[x.end : m.start]]
        if "that" not in between or any(w in ("had", "'d") for w in between):
            return None
        if not nonpast & set(between[between.index("that") :]):
            return None
        said = " ".join(t.text for t in toks[x.start : x.end]).lower()
        for ev in s.disc.events if s.disc is not None else ():
            if (
                ev.sentence_start == s.start
                and ev.trigger.lower() == said
                and ev.start is not None
                and "time.clause_timex" in ev.rules
            ):
                return ev, "time.discourse.speech_conjunct"
        return None
    return None


def _told_plan_head(s: Sentence, head: Match, hev: ExtractedEvent) -> bool:
    """ "opposition leaders said they would fight the accord, accusing the President of ...":
    the participle's head is a plan a past telling reports (the telling's own participle, dated
    by the telling like the plan: time.discourse.participial_clause)."""
    return hev.status == "planned" and any(
        is_speech(x) and x.end <= head.start and tense(s, x) == "past" for x in s.matches
    )


def _coordinated(s: Sentence, m: Match) -> bool:
    """The trigger's clause is a main clause joined by a coordinator (", and air force planes
    bombed ..."; words list ``coordinated_clause_words``), not a subordinate one."""
    toks = s.tokens
    lo = s.clause_start(m.start)
    k = lo + 1 if lo < len(toks) and toks[lo].text in (",", ";") else lo
    if 0 < m.start < len(toks) and toks[m.start - 1].lower in _COORDINATORS:
        return True  # "accepted ..., restored ... and declared ...": a predicate of a list
    return lo > 0 and k < m.start and toks[k].lower in _COORDINATORS


_SHARED_TARGET_ROOTS = words("coordinated_target_roots")


def _coordinated_targets(s: Sentence, pairs: list[tuple[Candidate, ExtractedEvent]]) -> None:
    """ "Clinton imposed sanctions on India, and Japan froze new loans": an event of a root of
    ``coordinated_target_roots`` with no target, in a main clause joined by "and", takes the
    targets of the same root's event before it in the sentence (rule actor.coordinated_target)."""
    for k, (c, ev) in enumerate(pairs):
        force = ev.type in _FORCE_CHAIN_ROOTS
        if ev.type not in _SHARED_TARGET_ROOTS and not force:
            continue
        if any(a.role == "target" for a in ev.actors):
            continue
        shared = force and "actor.shared_subject" in ev.rules  # "invaded X and seized"
        end = c.match.obj_end
        if force and end < len(s.tokens) and s.tokens[end].lower in _OWN_POSSESSIVES:
            continue  # "and arrested its own protesters": the subject's own, no shared target
        if not ev.actors or not (shared or _coordinated(s, c.match)):
            continue
        # "Iraqi troops invaded Kuwait and seized the emir's palace": a force act of the same
        # source (roots of coordinated_force_roots) shares the target of the act before it
        prev = [
            e
            for _, e in pairs[:k]
            if (e.type == ev.type or (force and _same_force_source(e, ev)))
            and any(a.role == "target" for a in e.actors)
        ]
        if not prev:
            continue
        sources = {a.name for a in ev.actors}
        extra = [replace(a, role="target") for a in prev[-1].actors
                 if a.role == "target" and a.name not in sources]  # fmt: skip
        if extra:
            ev.actors = [*ev.actors, *extra]
            ev.rules.append("actor.coordinated_target")
            ev.evidence.append(f"actor.coordinated_target: '{ev.trigger}' shares the target of "
                               f"'{prev[-1].trigger}' (one sentence, joined by 'and')")  # fmt: skip


_FORCE_CHAIN_ROOTS = words("coordinated_force_roots")
_OWN_POSSESSIVES = frozenset({"its", "their", "his", "her"})


def _same_force_source(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Two force acts (``coordinated_force_roots``) of the same sources."""

    def doers(e: ExtractedEvent) -> set[str]:
        return {x.name for x in e.actors if x.role != "target"}

    return a.type in _FORCE_CHAIN_ROOTS and bool(doers(a)) and doers(a) == doers(b)


def _eventless_subject(s: Sentence, disc: Discourse) -> None:
    """[actor.pronoun_eventless_subject] "Senator Richard Lugar led the fight for the override.
    He said ...", "His Somali counterpart, Abdullahi Issa, was more guarded. He said ...": a
    person or group opening a sentence with no event as its subject is the subject a following
    "he"/"she"/"they" refers to, as the subject of an event would be
    (``discourse.subject_mention``; rules coref.previous_subject, coref.they_group)."""
    if s.headline:
        return
    first = subject_mention(s)
    if first is not None and first.entity is not None:
        disc.salient(s, first, eventless=True)


def _told_in_past(s: Sentence, c: Candidate) -> bool:
    """ "Malmstrom said the bloc would impose duties": a reported plan is dated by its telling
    (time.reported_plan_telling); a past-tense telling with no date of its own takes its
    neighbours' date as the telling itself would."""
    if "status.reported_plan" not in c.rules and "status.reported_demand" not in c.rules:
        return False  # "told parliament that the rebels must free the hostages": the same
    speech = [x for x in s.matches if is_speech(x) and x.end <= c.match.start]
    return bool(speech) and tense(s, speech[-1]) == "past"


def _governing_of(ev: ExtractedEvent, unit: int, paragraph: int) -> GoverningDate:
    assert ev.start is not None and ev.end is not None
    return GoverningDate(ev.start, ev.end, ev.granularity or "day", ev.date_text or "",
                         ev.timex_value, unit, paragraph)  # fmt: skip


def _clause_has_date(s: Sentence, m: Match, entry: GoverningDate | None = None) -> bool:
    """A date in the trigger's own clause that its rules did not take (inside what was said,
    later than the verb): the neighbours' date must not stand in for it. A live page's entry
    day (``entry``, time.discourse.live_entry) is no other date ("said in a video posted
    earlier this afternoon" in an entry stamped that day)."""
    clause = s.clause[m.start]
    same = (entry.start, entry.end) if entry is not None else None
    return any(
        t.interval is not None and t.interval != same and s.clause_of_char(t.start) == clause
        and not other_time(s, t, m.end)  # "a pledge made by X last week": the pledge's
        for t in s.timexes
    )  # fmt: skip


_TIME_CLAUSE_OPENERS = words("time_clause_openers")


def _dated_apart(s: Sentence, m: Match, published: date) -> str | None:
    """[time.discourse.time_clause] an undated past event in a clause opened by "after" or
    "before" (words list ``time_clause_openers``) in a sentence that names a past date of its
    own ("withdrew from the treaty in January 2003, after Washington accused it") happened
    before or after that date, on no day the text gives: it must not take the previous
    sentence's date (the rule id, else None)."""
    from timeline.events.stages import dateline_end, timex_quoted

    toks = s.tokens
    first = s.clause_start(m.start)
    while first < m.start and not toks[first].key:
        first += 1
    if toks[first].lower not in _TIME_CLAUSE_OPENERS:
        return None
    head = dateline_end(s)
    if any(
        t.interval is not None and t.interval[1] <= published and t.start >= head
        and not timex_quoted(s, t)
        for t in s.timexes
    ):  # fmt: skip
        return "time.discourse.time_clause"
    return None


_EVENT_RELATIVE = words("event_relative_prepositions")
_EVENT_DETERMINERS = words("event_relative_determiners")


_PHRASE_STOPS = words("partner_object_stops") | words("participle_prepositions")


def _after_other_event(s: Sentence, m: Match, g: GoverningDate) -> bool:
    """[time.discourse.event_relative] "told reporters after the vote": an event placed after
    or before another one ("after/before/following the <noun>", words lists
    ``event_relative_prepositions``, ``event_relative_determiners``) takes the neighbours' date
    only when the governing sentence tells of that noun ("voted", "talks"); otherwise that
    date is another event's, and the event stays undated."""
    toks = s.tokens
    clause = s.clause[m.start]
    for k in range(m.end, len(toks) - 2):
        if s.clause[k] != clause and s.clause_start(k) != k:
            return False  # past the trigger's clause and the clause right after it
        if toks[k].lower in _EVENT_RELATIVE and toks[k + 1].lower in _EVENT_DETERMINERS:
            nouns = [t.lower for t in itertools.takewhile(
                lambda t: t.text.isalpha() and t.text.islower() and t.lower not in _PHRASE_STOPS,
                toks[k + 2 : k + 5])]  # fmt: skip  # "a stormy session": adjective and noun
            first = next((t.lower for t in toks[k + 2 : k + 5] if t.text.isalpha()
                          and t.text.islower()), None)  # fmt: skip
            nouns = nouns or ([first] if first else [])
            if not nouns:
                return False
            stems = tuple(x for n in nouns for x in (n[:4], *event_noun_stems(n)))
            return not any(w.startswith(stems) for w in g.words)  # "the ceremony" of a signing
    return False


__all__ = ["Trigger", "extract", "merge_events", "quote_spans", "triggers"]
