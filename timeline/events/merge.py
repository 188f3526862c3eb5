"""Merging repeated mentions of one event within an article (same type, compatible actors
and dates): the dated mention gives the date, the city the location (rule ``merge.same_event``).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

from timeline.events.types import ActorRef, ExtractedEvent
from timeline.events.words import ordered, words


def _countries(ev: ExtractedEvent) -> set[str]:
    return {a.country for a in ev.actors if a.country}


def _same_side(a: str, b: str) -> bool:
    """Roles that can be one actor's: equal, or one of them a participant."""
    return a == b or "participant" in (a, b)


#: Codes of events without a direction (meet 040, phone 041, meet elsewhere 044, negotiate
#: 046, sign an agreement 057, cooperate materially 060 / militarily 062): "Xi met Putin" and
#: "Putin met Xi" are one meeting whatever the roles. A visit (042), hosting (043), mediation
#: (045), praise, sharing intelligence ... have a direction. Without a finer code, the roots
#: 04 and 06 count as symmetric (``symmetric_roots``).
SYMMETRIC_CODES = words("symmetric_codes")
SYMMETRIC_ROOTS = words("symmetric_roots")


def roles_matter(type_: str, code: str | None = None) -> bool:
    """False for an event without a direction (``SYMMETRIC_CODES``; with no finer code, the
    ``SYMMETRIC_ROOTS``), where source and target are only the order of the sentence; True
    for every directed one (statements, appeals, accusations, praise, visits, force ...).
    Two reports' roles are compared unless BOTH are symmetric."""
    if code is not None and len(code) >= 3:
        return code not in SYMMETRIC_CODES
    return type_[:2] not in SYMMETRIC_ROOTS


def roles_conflict(a: str | None, b: str | None) -> bool:
    """The merge policy on roles (shared by the in-article merge and the store's merge rule
    and its SQL lookup): one actor's two roles conflict only when it is the source in one
    report and the target in the other ("India accused Pakistan" / "Pakistan accused India").
    A participant or unknown role conflicts with nothing."""
    return a != b and a in ("source", "target") and b in ("source", "target")


#: The role that conflicts with each role (none for participant or unknown).
OPPOSITE_ROLE = {"source": "target", "target": "source"}


#: Codes that only name their root's family in general ("used force": 190); each merges with
#: any code of its root ("struck with aircraft": 195), while two specific codes stay apart.
GENERIC_CODES = words("generic_codes")


def generic_pair(a: str | None, b: str | None) -> bool:
    """Two finer codes of one root, one of them the root's generic code (``generic_codes``:
    190 "used force" and 195 "air strikes" may name one attack; 193 and 195 may not)."""
    return (
        a is not None
        and b is not None
        and len(a) >= 3
        and len(b) >= 3
        and a[:2] == b[:2]
        and (a in GENERIC_CODES or b in GENERIC_CODES)
    )


def represented_by(
    actor: ActorRef, others: list[ActorRef], any_side: bool = False, when: date | None = None
) -> str | None:
    """The rule by which one of ``others`` stands for ``actor`` on its side (``any_side``: on
    any side), else None: ``merge.same_actor``; ``merge.person_side``, a person and the state
    he acts for on ``when`` (the country of his actor code then: "President Reagan imposed
    tariffs" / "The United States imposed tariffs"; an official of an international body acts
    for no state); ``merge.organ_parent``, an organisation and its body (``organ_parents.tsv``:
    the Security Council and the United Nations); ``merge.person_body``, an official and the
    organisation or group whose code he has (``_member_of``). Both actors are kept (issue
    #12)."""
    side = [a for a in others if any_side or _same_side(a.role, actor.role)]
    if any(a.name == actor.name for a in side):
        return "merge.same_actor"
    for a in side:
        if actor.kind == "country" and a.kind == "person" and person_side(a, when) == actor.name:
            return "merge.person_side"
        if actor.kind == "person" and a.kind == "country" and person_side(actor, when) == a.name:
            return "merge.person_side"
        if actor.kind == "organization" and a.kind == "organization":
            parents = _organ_parents()
            if parents.get(actor.name) == a.name or parents.get(a.name) == actor.name:
                return "merge.organ_parent"
        if _member_of(actor, a, when) or _member_of(a, actor, when):
            return "merge.person_body"
    return None


_BODY_KINDS = frozenset({"organization", "group"})


def _member_of(person: ActorRef, body: ActorRef, when: date | None) -> bool:
    """``merge.person_body``: a person who acts for no state and whose actor code on ``when``
    is the organisation's or group's own ("Houthi negotiator Mohammed Abdulsalam" YEMREB and
    the Houthis; "UN envoy Martin Griffiths" IGOUNO and the United Nations). A body of an
    organisation (the Security Council) is not its officials' organisation."""
    if person.kind != "person" or body.kind not in _BODY_KINDS or body.name in _organ_parents():
        return False
    if person.country is not None and person_side(person, when) is not None:
        return False  # he acts for his state
    from timeline.events.lexicon import actor_code

    code = person.code or actor_code(person, when)
    return code is not None and code == (body.code or actor_code(body, when))


def person_side(person: ActorRef, when: date | None) -> str | None:
    """The state ``person`` acts for on ``when``: his country, unless his actor code then is
    another's or an international body's ("Ban Ki-moon" acts for the UN, not South Korea)."""
    from timeline.events.lexicon import actor_code, lexicon
    from timeline.events.lexicon.coded import country_segment

    if person.country is None:
        return None
    code = person.code or actor_code(person, when)
    if code is None:
        return person.country
    iso = lexicon().country_iso3.get(person.country)
    return person.country if iso is not None and country_segment(code) == iso else None


@cache
def _organ_parents() -> dict[str, str]:
    """Organ -> the organisation it acts for (``organ_parents.tsv``)."""
    from timeline.events.lexicon import read_rows

    return {row["organ"]: row["parent"] for row in read_rows("organ_parents.tsv")}


_MEETING_CODES = words("meeting_codes")


def _family(code: str | None) -> str | None:
    """Codes that name one happening differently: a meeting, talks, a summit elsewhere."""
    return "meeting" if code in _MEETING_CODES else code


def _headline_dated(ev: ExtractedEvent) -> bool:
    """A headline's present tense only says "recently": its date yields to the body's."""
    return "status.headline_present" in ev.rules and ev.date_text == "report date"


_BACK_REFERENCES = ("actor.nominal_anaphor", "actor.attached_to_noun")
_PLAN_AND_ACT = frozenset({"planned", "happened"})


def _back_reference(ev: ExtractedEvent) -> bool:
    """An event named by a noun ("the talks", "Kim's visit"), not told by a verb."""
    return any(r in ev.rules for r in _BACK_REFERENCES)


_SEPARATE_WORDS = words("separate_meeting_words")


def _told_apart(ev: ExtractedEvent) -> bool:
    """[merge.separate_meeting] A meeting told as held apart from the others ("held separate
    talks with each leader", "also met on their own"): words of ``separate_meeting_words`` in
    the six words after its trigger, before a comma."""
    if not ev.trigger or _family(ev.cameo) != "meeting":
        return False
    return _apart_after(ev.sentence, ev.trigger)


@lru_cache(maxsize=4096)
def _apart_after(sentence: str, trigger: str) -> bool:
    """Whether separate-meeting words follow ``trigger`` in ``sentence`` (see ``_told_apart``;
    cached: a merge compares every pair of events)."""
    at = sentence.find(trigger)
    if at < 0:
        return False
    after = sentence[at + len(trigger) :].split(",")[0].lower().split()[:6]
    text = f" {' '.join(w.strip('.;:') for w in after)} "
    return any(f" {w} " in text for w in _SEPARATE_WORDS)


def _trigger_rule(ev: ExtractedEvent) -> str | None:
    return next((r for r in ev.rules if r.startswith("trigger.")), None)


def _compatible(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    if a.type != b.type:
        return False
    if (_told_apart(a) or _told_apart(b)) and (
        a.sentence_start != b.sentence_start or not (_back_reference(a) or _back_reference(b))
    ):
        return False  # a meeting held apart is not the joint one told by another verb
    if (
        a.type == "other"
        and a.sentence_start != b.sentence_start
        and _trigger_rule(a) != _trigger_rule(b)
        and not (_back_reference(a) or _back_reference(b))
    ):
        return False  # merge.distinct_other: "accepted the resignation" ... "removed him as
        # head of the council": the domestic type holds many acts; two verbs are two acts
    if a.type == "01" and a.sentence_start != b.sentence_start and a.start and b.start:
        return False  # two dated statements of one speaker are two statements
    if (
        a.status != b.status
        and a.sentence_start != b.sentence_start
        and {a.status, b.status} == _PLAN_AND_ACT
        and not (_back_reference(a) or _back_reference(b))
    ):
        return False  # "said it would impose a tariff" ... "also restricted exports": a plan
        # and an act told in two sentences are two events ("the talks", a noun naming the
        # planned summit again, still joins it)
    if _family(a.cameo) != _family(b.cameo) and not generic_pair(a.cameo, b.cameo):
        return False  # a visit is not the summit it led to
    if (
        a.sentence_start != b.sentence_start or not (_back_reference(a) or _back_reference(b))
    ) and verbal_targets_differ(a.type, a.cameo, _targets(a), b.cameo, _targets(b)):
        # "praised the deal" ... "praised Trump"; "welcomed the decision and thanked Kenya"
        # (two verbs of one sentence): two acts aimed at two things (merge.distinct_targets)
        return False
    if (
        a.sentence_start != b.sentence_start
        and (a.start is not None or b.start is not None)
        and "time.discourse.flashback" in (*a.rules, *b.rules)
    ):
        return False  # a flashback, undated because it came before its neighbours' date, is
        # no dated event told elsewhere ("had walked out of the election" ... "boycotted the
        # runoffs on Sunday")
    flexible = _headline_dated(a) or _headline_dated(b)
    if a.start is not None and b.start is not None and not flexible:
        assert a.end is not None and b.end is not None
        if a.end < b.start or b.end < a.start:
            return False
    return _actor_evidence(a, b) is not None


def _actor_evidence(a: ExtractedEvent, b: ExtractedEvent) -> frozenset[str] | None:
    """The rules by which every actor of one event stands in the other (``represented_by``),
    or None when neither event's actors are all in the other."""
    for x_ev, y_ev in ((b, a), (a, b)):
        any_side = not roles_matter(y_ev.type, y_ev.cameo) and not roles_matter(
            x_ev.type, x_ev.cameo
        )
        found = all_represented(x_ev.actors, y_ev.actors, any_side, y_ev.start)
        if found is not None:
            return found
    return None


def all_represented(
    actors: list[ActorRef], others: list[ActorRef], any_side: bool, when: date | None
) -> frozenset[str] | None:
    """The rules by which each of ``actors`` is stood for by one of ``others``
    (``represented_by``), or None when one of them is not (shared by the in-article merge and
    the store's merge across articles, ``timeline.store.ingest``)."""
    found = [represented_by(x, others, any_side, when) for x in actors]
    return frozenset(r for r in found if r) if all(found) else None


#: Verbal acts (statements, appeals, intents, approvals, demands, accusations, rejections,
#: threats): two of them in different sentences aimed at different targets are two acts.
_VERBAL_ROOTS = words("verbal_roots")


def verbal_targets_differ(
    type_: str, code_a: str | None, targets_a: set[str], code_b: str | None, targets_b: set[str]
) -> bool:
    """Two verbal acts of type ``type_`` (``verbal_roots``; one of them directed) aimed at
    different targets (names): two acts when told in two sentences (``merge.distinct_targets``;
    the store's merge across articles applies it to reports matched by the actors they stand
    for: "urged Japan" / "urged Shinzo Abe" stay two appeals)."""
    return (
        type_ in _VERBAL_ROOTS
        and (roles_matter(type_, code_a) or roles_matter(type_, code_b))
        and targets_a != targets_b
    )


def _targets(ev: ExtractedEvent) -> set[str]:
    return {a.name for a in ev.actors if a.role == "target"}


_GRAIN_RANK = {g: i for i, g in enumerate(ordered("grain_order"))}


def merge_events(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge events of one article that report the same happening (same type, compatible
    actors and dates): the dated mention gives the date, the city the location."""
    out: list[ExtractedEvent] = []
    for ev in events:
        for kept in out:
            if _compatible(kept, ev):
                _absorb(kept, ev)
                break
        else:
            out.append(ev)
    return out


def _precise(ev: ExtractedEvent) -> int:
    if ev.start is None:
        return 99
    rank = _GRAIN_RANK.get(ev.granularity or "day", 50)
    return rank + (10 if ev.date_text == "report date" else 0)


def _absorb(kept: ExtractedEvent, ev: ExtractedEvent) -> None:
    old_location = kept.location
    if _precise(ev) < _precise(kept):
        for f in ("start", "end", "granularity", "date_text", "timex_value", "sentence",
                  "sentence_start", "sentence_end", "trigger", "status", "summary"):  # fmt: skip
            setattr(kept, f, getattr(ev, f))
    evidence = _actor_evidence(kept, ev) or frozenset()
    for actor in ev.actors:
        # a person and the state he acts for are both kept (issue #12: a country is never
        # dropped when its officials appear); only the same actor is not added twice
        if represented_by(actor, kept.actors, True, kept.start) != "merge.same_actor":
            kept.actors.append(actor)
    if ev.location and (kept.location is None or _is_city(ev.location, kept.location)):
        kept.location = ev.location
    for loc in (ev.location, old_location):
        if loc and kept.location and loc != kept.location and kept.summary.endswith(f" in {loc}"):
            kept.summary = kept.summary[: -len(loc)] + kept.location
    kept.confidence = max(kept.confidence, ev.confidence)
    # the merge's evidence: the rule and how the actors matched (merge.person_side ...)
    why = sorted(evidence - {"merge.same_actor"})
    kept.rules = list(dict.fromkeys([*kept.rules, *ev.rules, "merge.same_event", *why]))
    if kept.cameo != ev.cameo and ev.cameo == "044":
        kept.cameo = "044"


def _is_city(new: str, old: str) -> bool:
    """True when ``new`` is a city in the country ``old`` ("Hanoi" refines "Vietnam")."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    places = gazetteer().places
    p_new, p_old = places.get(fold(new)), places.get(fold(old))
    return (
        p_new is not None
        and p_old is not None
        and p_new.kind == "city"
        and p_old.kind == "country"
        and p_new.country == p_old.name
    )


__all__ = [
    "GENERIC_CODES",
    "OPPOSITE_ROLE",
    "all_represented",
    "generic_pair",
    "merge_events",
    "represented_by",
    "roles_conflict",
    "roles_matter",
    "verbal_targets_differ",
]
