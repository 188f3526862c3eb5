"""Article-level context for the extractor: who the pronouns are, which date governs the next
sentence, which statements only attribute another event.

Rules (ids recorded in ``ExtractedEvent.rules``, the evidence in ``ExtractedEvent.evidence``):

- [actor.pronoun] a subject pronoun ("he said", "it imposed", "they accused") is resolved by the
  rules of ``coref.tsv``, tried in order (the evidence names the rule and the antecedent:
  "actor.pronoun: 'He' = X (coref.previous_subject: ...)"): coref.sentence_subject (the person
  subject of its own sentence, named before it: "Modi was in Port Moresby, where he and Marape
  hosted ..."), coref.previous_named (the sentence before, in the same paragraph, had no person
  subject and names one person: "... above all the foreign minister, Jean-Yves Le Drian. Last
  week he called ..."), coref.previous_subject (centering: the latest person subject, of an event or
  opening a sentence without one: "His Somali counterpart, Abdullahi Issa, was more guarded.
  He said ..."; a quotation's speaker counts), coref.gender (a later subject of the other
  gender, known from a title such as "Mrs.", passed over), coref.they_group (the latest group
  subject a few sentences back: students, protesters, the opposition), coref.it_state (the last
  state or organisation subject); a reporter or newsreader is never an antecedent. Without one
  the event keeps no actor for it (and is dropped when it has none). [coref.them_group] "Police
  arrested them": the group of coref.they_group, unless it is the verb's own subject. Only the
  latest few subjects are kept: a pronoun never scans the article.
- [time.discourse.previous_sentence] / [time.discourse.paragraph] an event without a time
  expression in its clause takes the governing date of the previous sentence, or of an earlier
  sentence of the same paragraph, only when both are in the simple past (a present, perfect or
  future event stays as it is); the reason says which date and why.
- [time.discourse.coordinated_clause] an undated past-tense event in a main clause joined by
  "and"/"but" (words list ``coordinated_clause_words``) takes the date of its sentence's
  earlier clause-dated past event ("declared a state of siege on Sunday, and air force planes
  bombed ..."), before any neighbouring sentence's date.
- [time.discourse.main_clause_only] only a main clause's date governs the next sentence: an
  event in a relative clause (opened by a ``subordinate`` cue: "The leaders, who had met on
  Tuesday, agreed ...") dates that clause and nothing after it.
- [time.discourse.past_perfect] a past perfect dated in its clause ("had met ... on Friday") is a
  flashback: its date governs no later sentence (the earlier governing date stays).
- [time.discourse.dated_break] a sentence with no event whose own past date governs nothing
  (a tense we cannot read, several dates) ends the earlier date: the next sentence stays undated
  rather than reach over it.
- [time.discourse.story_day] in a story of several paragraphs whose lead paragraph reports a
  main event dated to one day at most ``max_lead_age_days`` (``story_day.tsv``) before
  publication ("The Senate voted ... on Thursday"), an undated simple-past verbal reaction (an
  ``event_root``: statement, appeal, praise, criticism, rejection, threat ...) of a later
  paragraph ("Botha condemned the vote") takes the lead's day, unless it is a past perfect, a
  noun, not happened (planned, reported), in a clause opened by a ``clause_opener``
  ("after Washington accused it"), what a speech verb before it reports ("said Kyiv refused"),
  placed after another event than the lead's ("after the talks"), with a time expression in
  its clause ("weeks ago"), or in a paragraph that names a past date of its own other than the
  lead's day (a background paragraph; "recently" counts, a plan's date does not; a day of the
  story's last ``max_lead_age_days`` told in a later sentence of the paragraph does not). The
  evidence names the lead's date and how it was read.
- [time.discourse.live_entry] on a web live page (at least ``live_min_stamps`` lines that
  stamp an entry with a time of day, "18:40 CEST", and a dated line, "Updated June 15, 2024,
  20:05 CEST"; ``story_day.tsv``), an entry whose stamp keeps the page's time order and is no
  later than the dated line's time is of the dated line's day: its undated reactions take that
  day under the story day's conditions (``live_entries``); otherwise no day.
- [time.discourse.perfect_lead] a lead with no date in the present perfect ("Refugees have
  crossed the border ...") under a dated line of its own ("14 March 2019", at most
  ``dated_line_max_age_days`` before publication) gives the story day: the dated line's.
- [time.discourse.lead_scene] a simple-past telling addressed to the body the lead names
  ("told the council" under "The Security Council rejected the draft last night"), by another
  actor than the neighbours', takes the story day, not the neighbours' older date.
- [time.discourse.anaphoric] "the following month" in a past event's clause that the tagger
  counted from another date (a noun's year, the publication date) counts from the date before
  it: the sentence's last past date, else its paragraph's governing date.
- [time.reduced_relative] / [time.deadline] a date in "a pledge made by X <date>" is the
  pledge's, and one after "by" that runs past publication is a deadline: neither dates an act
  or keeps it from its neighbours' date or the story day.
- [time.discourse.hours_after] a sentence opening "Within hours," after a sentence dated to one
  day is told of that day or the next.
- [time.discourse.eve_of] "on the eve of the talks" is the day before the talks' day that an
  earlier sentence gives; none given: undated, never the neighbours' date.
- [time.discourse.story_day_conflict] an event that the previous sentence, in another
  paragraph, and the story day would date differently stays undated.
- [time.discourse.lead_timex] a lead whose events govern no date (no trigger, a perfect with
  a trailing attribution, an event only in a "when" clause) takes its story day from the lead
  sentence's one main-clause past date.
- [time.discourse.lead_object] "welcomed the accord" the lead names, after a paragraph dated
  over ``max_lead_age_days`` before the lead: the story day, not story_day_conflict.
- [time.short_duration] "for more than an hour" (hours or minutes after "for") is the act's own
  length: no other date in its clause.
- [time.discourse.offset] "voted on Saturday ..., five days after the country carried out a
  test": an event in the clause after a duration and an ``offset_word`` (after/before) is the
  sentence's one past day date minus (plus) that duration.
- [time.own_conjunct] / [time.duration_span] / [time.noun_year] / [time.quoted_cue]
  (``clause_scope``, data ``date_scope.tsv``): a verb joined by "and (will)" to a dated
  predicate takes its own conjunct's date ("flies on Friday and will hold talks on Saturday");
  a visit dated by one day "for a three-day visit" lasts three days; a year that modifies a
  noun ("the 1942 treaty") dates nothing (the sentence drops it: ``document.noun_year``); a
  report-date cue inside a quotation never dates the verb outside it (``Sentence.cue``).
- [time.discourse.when_clause] "began on July 13, when the delegations met ...": a past event
  in a clause opened by a ``when_opener`` right after "<past date>," takes that date.
- [time.discourse.reported_past_perfect] "His adviser said Kyiv had refused": a reported past
  perfect does not take the neighbours' date when that date is another statement's.
- [time.discourse.other_telling] "Reagan called them a giveaway on Tuesday. Byrd told
  reporters ...": a verbal reaction after another actor's dated reaction is not told on that
  reaction's day: it takes the story day when its conditions hold but for that date.
- [time.discourse.flashback] "The opposition had walked out of the election on polling day":
  a past perfect that no speech verb of its sentence reports happened before the neighbours'
  time: it never takes their date (a reported one, "said both sides had agreed", may).
- [report.attribution] a speech event that only attributes another event of its sentence
  ("..., police said"; "announced that Iran and Iraq had agreed") is not an event of its own;
  the event it reports records the attribution as evidence.
- [actor.nominal_anaphor] a definite event noun without actors of its own ("the talks in
  Geneva", "the summit") is the latest earlier event of its family in the article.
- [report.byline] bylines and credits ("contributed to this report") hold no events.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from timeline.events.lexicon import Entity, read_rows
from timeline.events.tokens import Token
from timeline.events.types import ExtractedEvent
from timeline.events.voices import Bullet, bullet_at, dated_bullets, source_lines
from timeline.events.words import words


@cache
def cue_set(kind: str) -> frozenset[str]:
    """The one-word cues of ``kind`` in ``cues.tsv`` (lower case)."""
    return frozenset(r["cue"].lower() for r in read_rows("cues.tsv") if r["kind"] == kind)


@cache
def _byline_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(r["cue"].lower().split()) for r in read_rows("cues.tsv") if r["kind"] == "byline"
    )


@cache
def _byline_firsts() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _byline_phrases() if phrase)


def is_byline(tokens: list[Token]) -> bool:
    """A byline or credit line ("Reporting by ...", "... contributed to this report")."""
    words = [t.lower for t in tokens]
    firsts = _byline_firsts()
    if firsts.isdisjoint(words):  # most sentences: no phrase can start anywhere
        return False
    for phrase in _byline_phrases():
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return True
    return False


@dataclass(slots=True)
class GoverningDate:
    start: date
    end: date
    granularity: str
    text: str
    value: str | None
    unit: int  # sentence number
    paragraph: int
    words: frozenset[str] = frozenset()  # the governing sentence's lower-cased words
    evidence: str = ""  # how the date was read (named by the story-day rule)
    speech: bool = False  # the date is a statement's ("said last night that ...")
    speakers: frozenset[str] = frozenset()  # the governing event's sources (names)
    root: str = ""  # the governing event's CAMEO root
    rule: str = ""  # the rule that set an entry's day (time.discourse.source_line)


class Salient(NamedTuple):
    """A subject the article named: a candidate antecedent of a later pronoun."""

    unit: int  # its sentence's index in the article
    entity: Entity
    eventless: bool  # the opening subject of a sentence with no event
    plural: bool = False  # two people ("Ford and Brezhnev", "the two leaders": coref.ambiguous)
    gender: str = ""  # "m" | "f" of an unnamed office ("the ministry spokeswoman"), else ""


@dataclass(frozen=True, slots=True)
class CorefRule:
    id: str
    words: frozenset[str]  # the pronouns it resolves
    kind: str  # rule (a subject pronoun) or object_rule


_KEEP = 8  # salient subjects remembered per kind


@cache
def _coref_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_rows("coref.tsv"))


@cache
def _coref_rules() -> tuple[CorefRule, ...]:
    return tuple(CorefRule(r["id"], frozenset(r["words"].split("|")), r["kind"])
                 for r in _coref_rows() if r["kind"].endswith("rule"))  # fmt: skip


@cache
def coref_words(name: str) -> frozenset[str]:
    """A word list of ``coref.tsv`` (kind words)."""
    row = next(r for r in _coref_rows() if r["id"] == name and r["kind"] == "words")
    return frozenset(row["words"].split("|"))


@cache
def _coref_setting(name: str) -> int:
    return int(next(r["words"] for r in _coref_rows() if r["id"] == name))


_VAGUE = (date.min, date.min)  # a paragraph's past reference with no interval ("recently")


@dataclass(slots=True)
class Discourse:
    """What the article has said so far (one per ``extract`` call)."""

    published: date
    paragraph_breaks: list[int] = field(default_factory=list)
    last_person: Entity | None = None
    last_state: Entity | None = None
    governing: GoverningDate | None = None
    events: list[ExtractedEvent] = field(default_factory=list)  # extracted so far, in order
    dateline: str | None = None  # the city of the article's dateline ("GENEVA (Nov 21) -")
    sents: list[Any] = field(default_factory=list)  # every sentence (set by ``sentences``)
    lead: GoverningDate | None = None  # the first governing date of the lead paragraph
    _lead_paragraph: int | None = None
    _own_dates: dict[tuple[int, int], frozenset[tuple[date, date]]] = field(default_factory=dict)
    _bullets: list[Bullet] | None = None  # a chronology's dated bullets (time.dated_bullet)
    _entry_days: dict[int, GoverningDate] | None = None  # a live page's (time.discourse.live_entry)
    _perfect: list[GoverningDate | None] = field(default_factory=list)  # perfect_lead, once
    _lead_timex: list[GoverningDate | None] = field(default_factory=list)  # lead_timex, once
    #: the latest person and group subjects, oldest first (coreference; at most ``_KEEP``)
    persons: list[Salient] = field(default_factory=list)
    groups: list[Salient] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # person name -> "m" | "f" (a title)
    _genders: dict[str, str] | None = None  # every person's gender the article tells (once)
    _state_at: tuple[int, int] = (-1, -1)  # the sentence and paragraph of ``last_state``
    _starts: list[int] = field(default_factory=list)

    def entry_day(self, paragraph: int) -> GoverningDate | None:
        """The day of the live-page entry that ``paragraph`` belongs to, or None
        (time.discourse.live_entry, ``live_entries``)."""
        if self._entry_days is None:
            self._entry_days = live_entries(self.sents, self.paragraph, self.published)
            if not self._entry_days and self.sents:
                self._entry_days = source_sections(self.sents[0].text, self.paragraph,
                                                   self.published)  # fmt: skip
        return self._entry_days.get(paragraph)

    def bullet_of(self, s: Any) -> Bullet | None:
        """The dated bullet of a chronology that sentence ``s`` is on (status.dated_bullet,
        ``timeline.events.voices``), or None."""
        if self._bullets is None:
            self._bullets = []
            if self.sents:
                timexes = [t for x in self.sents for t in x.timexes]
                self._bullets = dated_bullets(self.sents[0].text, timexes)
        return bullet_at(self._bullets, [b.start for b in self._bullets], s.start)

    def release(self) -> None:
        """Drop the sentence list once the article is done: each sentence points back here
        (``Sentence.disc``), so the list made a reference cycle that only the garbage
        collector freed (ingest's heap grew ~4 MB per 1,000 articles between collections)."""
        self.sents = []

    @classmethod
    def of(cls, text: str, published: date) -> Discourse:
        breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
        return cls(published, breaks)

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_breaks, pos)

    def subject(self, entity: Entity | None, s: Any = None, x: Any = None) -> None:
        """Remember the subject of an event just extracted (``x``: its mention in sentence
        ``s``, which says its gender, whether it is plural and whether a reporter tells it)."""
        if entity is None:
            return
        if entity.kind == "person":
            self.last_person = entity
        elif entity.kind in ("country", "organization", "group"):
            if not (entity.kind == "group" and s is not None and x is not None
                    and x.rule.startswith("actor.agent") and _plural(s, x)):  # fmt: skip
                self.last_state = entity  # "it" is never "the protesters" (coref.it_state)
                if s is not None:
                    self._state_at = (self.unit_of(s), self.paragraph(s.start))
                else:
                    self._state_at = (-1, -1)
        if s is not None and x is not None:
            self.salient(s, x, eventless=False)

    def salient(self, s: Any, x: Any, eventless: bool) -> None:
        """[coref.previous_subject, coref.they_group] record the subject mention ``x`` of
        sentence ``s`` as a candidate antecedent (the latest few only: resolution never scans
        the article); a reporter or newsreader is none (``reporter_nouns``)."""
        ent = x.entity
        if ent is None or _reporter(s, x):
            return
        unit = self.unit_of(s)
        if ent.kind == "person" or _unnamed_office(s, x):
            if eventless and ent.kind == "person":
                self.last_person = ent
            gender = _gender(s, x)
            if gender and ent.kind == "person":
                self.gender[ent.name] = gender
            plural = _two_people(s, x)
            self.persons.append(Salient(unit, ent, eventless, plural, gender))
            if len(self.persons) > _KEEP:
                del self.persons[0]
        elif ent.kind == "group" or (ent.kind != "person" and _plural(s, x)):
            # a group; a plural organisation ("the Socialists") or state organ ("the soldiers")
            self.groups.append(Salient(unit, ent, eventless))
            if len(self.groups) > _KEEP:
                del self.groups[0]

    def has_subject(self, s: Any) -> bool:
        """Whether an event of sentence ``s`` recorded its subject (coref.previous_subject)."""
        unit = self.unit_of(s)
        return any(x.unit == unit for x in (*self.persons[-2:], *self.groups[-2:]))

    def gender_of(self, ent: Entity) -> str:
        """[coref.gender] "m" or "f" when the article tells a person's gender: a title before
        any mention of them ("Mrs. Thatcher", "King Salman"), a gendered office noun
        ("spokeswoman") or a first name of ``given_names.tsv`` ("Theresa May"); "" when it
        tells none or both."""
        if self._genders is None:
            self._genders = _article_genders(self.sents)
        said = {g for g in (self._genders.get(ent.name), self.gender.get(ent.name)) if g}
        said |= {g for n in (ent.name, *ent.aliases) if (g := _given_gender(n))}
        return next(iter(said)) if len(said) == 1 else ""

    def unit_of(self, s: Any) -> int:
        """The index of sentence ``s`` in the article (-1 when the list is gone)."""
        if len(self._starts) != len(self.sents):
            self._starts = [x.start for x in self.sents]
        k = bisect.bisect_left(self._starts, s.start)
        return k if k < len(self._starts) and self._starts[k] == s.start else -1

    def is_pronoun(self, word: str) -> bool:
        """A subject pronoun some coreference rule resolves (``coref.tsv``)."""
        return any(word in r.words for r in _coref_rules() if r.kind == "rule")

    def resolve_object(
        self, pronoun: str, s: Any, j: int, subjects: frozenset[str]
    ) -> tuple[Entity, str] | None:
        """[coref.them_group] an object pronoun right after the verb ("Police arrested them"):
        the latest group subject at most ``they_window`` sentences back that is not the
        verb's own subject (``subjects``: their names); (antecedent, evidence) or None."""
        for rule in _coref_rules():
            if rule.kind == "object_rule" and pronoun in rule.words:
                found = _they_group(self, pronoun, s, j)
                if found is not None and found[0].name not in subjects:
                    return found[0], f"{rule.id}: {found[1]}, not the verb's subject"
        return None

    def antecedent(self, pronoun: str) -> Entity | None:
        """The entity a subject pronoun refers to, without its sentence (see ``resolve``)."""
        found = self.resolve(pronoun)
        return None if found is None else found[0]

    def resolve(self, pronoun: str, s: Any = None, j: int = -1) -> tuple[Entity, str] | None:
        """(the antecedent, the evidence "coref.<rule>: why") of the subject pronoun
        ``pronoun`` at token ``j`` of sentence ``s``; the rules of ``coref.tsv`` in order. A
        pronoun inside a quotation is the quoted speaker's, never resolved from the narration
        (coref.quoted: "'He has understood,' the envoy said" is not the envoy)."""
        if s is not None and 0 <= j < len(s.quoted) and s.quoted[j]:
            return None
        for rule in _coref_rules():
            if pronoun not in rule.words or rule.kind != "rule":
                continue
            found = _RESOLVERS[rule.id](self, pronoun, s, j)
            if found is not None and found[0] is None:
                return None  # two candidates fit, or the sentence's own subject is unknown
            if found is not None and found[0] is not None:
                return found[0], f"{rule.id}: {found[1]}"
        return None

    def date_for(self, unit: int, paragraph: int) -> tuple[GoverningDate, str] | None:
        """The governing date an undated past-tense event of sentence ``unit`` may take."""
        g = self.governing
        if g is None:
            return None
        if g.unit == unit - 1:
            return g, "time.discourse.previous_sentence"
        if g.paragraph == paragraph:
            return g, "time.discourse.paragraph"
        return None

    def govern(self, g: GoverningDate) -> None:
        self.governing = g
        if self.lead is None and g.paragraph == self.lead_paragraph():
            self.lead = g

    def lead_paragraph(self) -> int:
        """The paragraph of the first sentence that is no headline, dateline line or byline
        (nor a dated dateline alone: "WASHINGTON, Oct. 28.")."""
        if self._lead_paragraph is None:
            from timeline.events.dateline_day import dateline_only

            first = next((s for s in self.sents
                          if not s.headline and not is_byline(s.tokens)
                          and not _capitals_line(s.text[s.start : s.end])
                          and not dateline_only(s.text[s.start : s.end], s.start,
                                                s.timexes)), None)  # fmt: skip
            self._lead_paragraph = -1 if first is None else self.paragraph(first.start)
            credit = _credit_after(self, self._lead_paragraph)
            if credit is not None:  # time.discourse.standfirst: the lead is below the credit
                self._lead_paragraph = -1
                after = [s for s in self.sents if self.paragraph(s.start) > credit
                         and not s.headline and not is_byline(s.tokens)]  # fmt: skip
                if after:
                    self._lead_paragraph = self.paragraph(after[0].start)
        return self._lead_paragraph

    def perfect_lead(self) -> GoverningDate | None:
        """[time.discourse.perfect_lead] the story day of a lead with no date that tells a
        recent act in the present perfect ("Refugees have crossed the border ..."), read from the
        article's dated line (``_perfect_lead``); None when either is missing."""
        if self.lead is not None:
            return None
        if not self._perfect:
            self._perfect.append(_perfect_lead(self))
        return self._perfect[0]

    def lead_timex(self) -> GoverningDate | None:
        """[time.discourse.lead_timex] the story day of a lead whose events gave no governing
        date (its verb is no trigger, a perfect, or its only event is in a "when" clause) read
        from the lead sentence's own time expression (``_lead_timex``); None when the lead
        already governs or its sentence has no single main-clause past date."""
        if self.lead is not None:
            return None
        if not self._lead_timex:
            self._lead_timex.append(_lead_timex(self))
        return self._lead_timex[0]

    def own_dates(self, paragraph: int, upto: int) -> frozenset[tuple[date, date]]:
        """The past dates a paragraph names outside quotations, datelines and relative
        clauses (the intervals; ``_VAGUE`` for a past reference with none: "recently"), in
        and, in its sentences after the one starting at ``upto``, those older than the story's
        days (``max_lead_age_days``) or vague: a recent day told after the event ("Perez
        praised both men. Carter met Torrijos on Tuesday") dates the later sentence, it does
        not make the earlier one background ("... Last June, Pretoria declared" does)."""
        key = (paragraph, upto)
        if key not in self._own_dates:
            out: set[tuple[date, date]] = set()
            recent = self.published - timedelta(days=_setting("max_lead_age_days"))
            for s in self.sents:
                if s.headline or self.paragraph(s.start) != paragraph:
                    continue
                past = _past_dates(s, self.published, True)
                if s.start > upto:  # time.discourse.later_flashback: "had urged ... last week"
                    past = [t for t in past if not _perfect_timex(s, t)]
                dates = [t.interval or _VAGUE for t in past]
                if s.start > upto:  # a later sentence's recent day is the story's, not background
                    dates = [d for d in dates if d == _VAGUE or d[0] < recent]
                out.update(dates)
            self._own_dates[key] = frozenset(out)
        return self._own_dates[key]

    def date_event(self, s: Any, c: Any, ev: ExtractedEvent, unit: int, paragraph: int) -> None:
        """Date an undated past event of sentence ``unit`` by its neighbours
        (time.discourse.previous_sentence, time.discourse.paragraph) or by the story day
        (time.discourse.story_day); when a previous sentence of another paragraph and the
        story day both apply and disagree, it stays undated
        (time.discourse.story_day_conflict)."""
        from timeline.events.extract import _after_other_event

        eve = eve_of(self, s, c.match)
        if eve is not None:
            if isinstance(eve, str):
                ev.rules.append("time.discourse.eve_of")
                ev.evidence.append(f"time.discourse.eve_of: {eve}: undated")
            else:
                take_date(ev, *eve)
            return
        found = self.date_for(unit, paragraph)
        g0 = self.governing
        if g0 is not None and g0.unit == unit - 1 and (near := hours_after(s, g0, self.published)):
            take_date(ev, *near)  # "Within hours, ..." after a dated sentence
            return
        if (
            found is not None
            and found[0].speech
            and past_perfect(s, c.match)
            and _reported_content(s, c.match)
        ):
            # "Zelensky said last night that ... His adviser said Kyiv had refused to sign":
            # the neighbours' date is another telling's; what had happened before this
            # telling happened on no day the text gives ("India launched strikes on
            # Wednesday. Pakistan said it had shot down five jets." keeps the strikes' day)
            ev.rules.append("time.discourse.reported_past_perfect")
            ev.evidence.append(
                f"time.discourse.reported_past_perfect: '{ev.trigger}' is a past perfect that "
                f"a speech verb reports, and the neighbours' '{found[0].text}' dates another "
                f"statement: undated"
            )
            return
        if found is not None and past_perfect(s, c.match) and not _reported_content(s, c.match):
            # "On Friday the State Department urged a new vote. The opposition had walked out
            # of the election on polling day itself.": a past perfect that no speech verb
            # reports is a flashback, before the neighbours' time: their date is not its own
            ev.rules.append("time.discourse.flashback")
            ev.evidence.append(
                f"time.discourse.flashback: '{ev.trigger}' is a past perfect in its own clause "
                f"(no speech verb reports it): it happened before the neighbours' "
                f"'{found[0].text}', on no day the text gives: undated"
            )
            return
        if found is not None and _after_other_event(s, c.match, found[0]):
            ev.rules.append("time.discourse.event_relative")
            found = None
        day = self.story_day(s, c, ev, paragraph)
        if found is None:
            if day is not None:
                take_date(ev, *day)
                if _telling(s, c, ev) is None and _reporting(s, c, ev) is not None:
                    ev.rules.append("time.discourse.reported_act")
                if day[0].rule in ("time.discourse.perfect_lead", "time.discourse.lead_timex"):
                    ev.rules.append(day[0].rule)
            return
        g = found[0]
        other = self.other_telling(s, c, ev, g, paragraph) or self.lead_scene(
            s, c, ev, g, paragraph
        )
        if other is not None:
            take_date(ev, *other)
            return
        lead = day[0] if day is not None else None
        crossed = g.paragraph != paragraph
        if lead is not None and crossed and (g.start, g.end) != (lead.start, lead.end):
            if day is not None and (noun := _lead_object(s, c.match, g, lead)):
                take_date(ev, *day)  # "welcomed the accord" after a background paragraph
                ev.rules.append("time.discourse.lead_object")
                ev.evidence.append(
                    f"time.discourse.lead_object: the previous paragraph's '{g.text}' is "
                    f"background (over {_setting('max_lead_age_days')} days before the lead), "
                    f"and 'the {noun}' names the lead's act: the story day"
                )
                return
            ev.rules.append("time.discourse.story_day_conflict")
            ev.evidence.append(
                f"time.discourse.story_day_conflict: the previous sentence, in another "
                f"paragraph, is dated '{g.text}' but the story's lead '{lead.text}': undated"
            )
            return
        take_date(ev, *found)

    def other_telling(
        self, s: Any, c: Any, ev: ExtractedEvent, g: GoverningDate, paragraph: int
    ) -> tuple[GoverningDate, str, str] | None:
        """[time.discourse.other_telling] "Reagan called them a giveaway in a radio commentary
        on Tuesday. Byrd told reporters he had not decided.": a verbal reaction (an
        ``event_root`` of ``story_day.tsv``) whose neighbours' date is another actor's dated
        reaction is not told on that day; it takes the story day when the story day's
        conditions hold but for that reaction's date. (date, rule, why) or None."""
        if g.root not in _story_roots() or g.unit < 0:
            return None
        mine = frozenset(a.name for a in ev.actors if a.role == "source")
        if not mine or not g.speakers or mine & g.speakers:
            return None  # the same speaker goes on telling on that day
        day = self.story_day(s, c, ev, paragraph, besides=(g.start, g.end))
        if day is None or (day[0].start, day[0].end) == (g.start, g.end):
            return None
        why = (
            f"time.discourse.other_telling: the neighbours' '{g.text}' dates another actor's "
            f"reaction ({', '.join(sorted(g.speakers))}); {day[2]}"
        )
        return day[0], "time.discourse.other_telling", why

    def lead_scene(
        self, s: Any, c: Any, ev: ExtractedEvent, g: GoverningDate, paragraph: int
    ) -> tuple[GoverningDate, str, str] | None:
        """[time.discourse.lead_scene] "Mbeki held talks in Harare last Saturday. South
        Africa's ambassador told the council that ...": a telling in the simple past addressed
        to the body of the lead's act (a ``scene_noun`` of ``story_day.tsv`` right after the
        verb that the lead's sentence names: the council that voted) by another actor than the
        neighbours' is told on the story day, not on the neighbours' older date; the story
        day's conditions hold but for the paragraph's own dates. (date, rule, why) or None."""
        from timeline.events.stages import is_speech

        lead = self.lead
        if lead is None or g.start >= lead.start or not is_speech(c.match):
            return None
        mine = frozenset(a.name for a in ev.actors if a.role == "source")
        if not mine or mine & g.speakers:
            return None  # the neighbours' own actor goes on: their day
        if any(n.split()[-1].lower() in g.words for n in mine):
            return None  # named in the neighbours' sentence: the same scene
        toks, m = s.tokens, c.match
        skip = _scene_skip()
        k = m.end
        while k < len(toks) and k < m.end + 3 and toks[k].lower in skip:
            k += 1
        noun = toks[k].lower if k < len(toks) else ""
        if noun not in _scene_nouns() or noun not in lead.words:
            return None
        day = self.story_day(s, c, ev, paragraph, besides=(g.start, g.end), scene=True)
        if day is None or (day[0].start, day[0].end) != (lead.start, lead.end):
            return None
        why = (
            f"time.discourse.lead_scene: '{ev.trigger} ... {toks[k].text}' addresses the body "
            f"of the lead's act, not the neighbours' '{g.text}' (another actor's); {day[2]}"
        )
        return day[0], "time.discourse.lead_scene", why

    def story_day(
        self,
        s: Any,
        c: Any,
        ev: ExtractedEvent,
        paragraph: int,
        besides: tuple[date, date] | None = None,
        scene: bool = False,
    ) -> tuple[GoverningDate, str, str] | None:
        """[time.discourse.story_day] the lead's day for an undated event of a later
        paragraph (the conditions are in the module's docstring); (date, rule, why) or None."""
        g = self.entry_day(paragraph)
        lead_par = self.lead_paragraph()
        rule = (
            (g.rule or "time.discourse.live_entry") if g is not None else "time.discourse.story_day"
        )
        if g is None:
            g = self.lead or self.perfect_lead() or self.lead_timex()
            if g is None or paragraph < lead_par + _setting("min_paragraph_after_lead"):
                return None
        age = (self.published - g.end).days
        if (
            g.granularity != "day"
            or g.start != g.end
            or not 0 <= age <= _setting("max_lead_age_days")
        ):
            return None  # an older lead: a feature or background story, no story day
        m = c.match
        told = _telling(s, c, ev) or _reporting(s, c, ev)
        if told is not None:
            m = told  # "He stated that Japan would contribute ...": the telling decides
        elif ev.type not in _story_roots():
            return None  # a material act in an undated paragraph is as often background
        elif ev.status != "happened":
            return None
        if m.noun or tense(s, m) != "past" or past_perfect(s, m):
            return None
        if _opened_clause(s, m) or _reported_content(s, m) or _timex_in_clause(s, m, g):
            return None  # background, what was said, or a time of its own ("weeks ago")
        if not scene and self.own_dates(paragraph, s.start) - {(g.start, g.end), besides}:
            return None  # the paragraph names a date of its own before or in the event's
            # sentence: background, not reaction
        from timeline.events.extract import _after_other_event

        lead = self.lead
        if g.rule and lead is not None and (lead.start, lead.end) == (g.start, g.end):
            # time.discourse.entry_lead: an entry or section of the lead's day tells of the
            # lead's event ("told reporters after the ceremony" of a signing)
            g = replace(g, words=g.words | lead.words)
        if _after_other_event(s, m, g):
            return None  # "after the talks": placed after another event than the lead's
        told_by = "" if told is None else f" (the telling '{s.tokens[m.start].text}' of a plan)"
        if told is not None and _telling(s, c, ev) is None:
            told_by = (f" (the telling '{s.tokens[m.start].text}' that reports it, rule "
                       f"time.discourse.reported_act)")  # fmt: skip
        if rule != "time.discourse.story_day":
            why = (
                f"{rule}: no other date in its clause or paragraph; a "
                f"simple-past event of paragraph {paragraph + 1} takes its entry's day: "
                f"{g.evidence}"
            )
            return g, rule, why
        where = "in its clause" if scene else "in its clause or paragraph"
        why = (
            f"time.discourse.story_day: no date {where}; a simple-past "
            f"event{told_by} of paragraph {paragraph + 1} takes the day of the story's lead "
            f"(paragraph {lead_par + 1}): {g.evidence}, {age} day(s) before publication"
        )
        return g, rule, why


def _credit_after(disc: Discourse, lead_par: int) -> int | None:
    """[time.discourse.standfirst] the paragraph of a credit line of its own ("From Martin Roe
    in Dayton, Ohio", "By Jane Roe": a ``credit_opener`` of ``story_day.tsv``, then a
    capitalised name, at most 12 words, no final stop, no event) in the two paragraphs after
    the one first taken as the lead, or None: the paragraph above it is a standfirst, not the
    story's lead."""
    if lead_par < 0:
        return None
    openers = {r["word"] for r in _story_rows("credit_opener")}
    for s in disc.sents:
        par = disc.paragraph(s.start)
        if par <= lead_par or par > lead_par + 2:
            continue
        toks = s.tokens
        line = s.text[s.start : s.end].strip()
        if (
            2 < len(toks) <= 12 and toks[0].lower in openers and toks[0].is_cap
            and toks[1].is_cap and not line.endswith(".") and not s.matches
            and all(disc.paragraph(x.start) != par for x in disc.sents if x is not s)
        ):  # fmt: skip
            return par
    return None


def _lead_object(s: Any, m: Any, g: GoverningDate, lead: GoverningDate) -> str | None:
    """[time.discourse.lead_object] "The army seized the port in March 2020, when ...\n\nKenya
    welcomed the accord": a reaction whose object, right after its verb, is a
    ``lead_object_determiner`` ("the", "this") and a noun the lead's sentence names ("an
    accord") reacts to the lead's act, when the previous paragraph's date is background,
    more than ``max_lead_age_days`` before the lead's day. The noun (the story day applies), or
    None (a recent previous date, another noun: story_day_conflict, undated)."""
    if (lead.start - g.end).days <= _setting("max_lead_age_days"):
        return None
    toks = s.tokens
    k = m.end
    if k >= len(toks) or toks[k].lower not in {
        r["word"] for r in _story_rows("lead_object_determiner")
    }:
        return None
    for tok in toks[k + 1 : k + 4]:
        if not (tok.text.isalpha() and tok.text.islower()):
            return None
        if len(tok.lower) >= 4 and tok.lower in lead.words:
            return tok.lower
    return None


def _capitals_line(text: str) -> bool:
    """A sentence all in capital letters ("MOZAMBIQUE: MACHEL AND BOTHA SIGN ACCORD") is a
    headline, never the lead (time.discourse.story_day)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)


def _dated_line(disc: Discourse, lead_par: int) -> tuple[Any, int] | None:
    """The article's dated line above its lead ("14 March 2019", "Published 14 March
    2019": a line of its own that is one calendar day, optionally after a ``live_anchor``
    word) at most ``dated_line_max_age_days`` before publication: (its time expression, its
    sentence's index), or None (none, or two)."""
    found: list[tuple[Any, int]] = []
    anchors = {" ".join(a) for a in _anchor_words()}
    for k, s in enumerate(disc.sents):
        if disc.paragraph(s.start) >= lead_par:
            break
        if len(s.timexes) != 1:
            continue
        t = s.timexes[0]
        line = s.text[s.start : s.end].strip().rstrip(".")
        head = line[: max(0, t.start - s.start)].strip().lower()
        if (
            t.type != "DATE" or t.interval is None or t.interval[0] != t.interval[1]
            or not any(ch.isdigit() for ch in t.text) or not line.endswith(t.text)
            or (head and head not in anchors)
        ):  # fmt: skip
            continue
        if 0 <= (disc.published - t.interval[0]).days <= _setting("dated_line_max_age_days"):
            found.append((t, k))
    return found[0] if len(found) == 1 else None


def _perfect_timex(s: Any, t: Any) -> bool:
    """[time.discourse.later_flashback] time expression ``t`` dates a past perfect of its clause
    ("The United States praised the decision. Its envoy had urged Seoul during a visit last
    week to keep the pact."): told after an undated event, a flashback is before that event's
    time, which it takes as the story's now; it does not make the paragraph background as a
    simple past "Last June, Pretoria declared ..." does."""
    k = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), None)
    if k is None:
        return False
    lo = s.clause_start(k)
    return any(not x.noun and s.clause_start(x.start) == lo and past_perfect(s, x)
               for x in s.matches)  # fmt: skip


def _perfect_verb(s: Any) -> int | None:
    """The index of the present-perfect auxiliary ("has", "have": ``perfect_aux``) of the
    first verb of sentence ``s``'s main clause ("Refugees ... have crossed the border", "Dozens have
    been killed"), or None: a trigger verb before it, a clause opener before it, or no
    participle after it (an -ed form, ``irregular_past`` or a ``perfect_participle``)."""
    toks = s.tokens
    aux = {r["word"] for r in _story_rows("perfect_aux")}
    parts = {r["word"] for r in _story_rows("perfect_participle")} | _IRREGULAR_PAST
    subord = cue_set("subordinate") | _openers()
    for i, tok in enumerate(toks):
        if tok.lower in subord:
            return None  # the main clause ended before any perfect
        if any(not x.noun and x.start <= i for x in s.matches):
            return None  # a verb event (a telling too) before it: the lead's tense is its
        if tok.lower not in aux:
            continue
        j = i + 1
        if j < len(toks) and toks[j].lower == "been":
            j += 1
        w = toks[j] if j < len(toks) else None
        if w is not None and w.text.islower() and (_PAST_HINT.search(w.lower) or w.lower in parts):
            return i
        return None
    return None


def _perfect_lead(disc: Discourse) -> GoverningDate | None:
    """[time.discourse.perfect_lead] "14 March 2019" under the headline, then a lead in the
    present perfect with no date ("Refugees have crossed the border ..."): news of a recent
    act, told on the dated line's day; that day is the story day. No dated line, a
    lead with a date of its own in its paragraph, a lead in another tense: None."""
    lead_par = disc.lead_paragraph()
    if lead_par < 0:
        return None
    line = _dated_line(disc, lead_par)
    if line is None:
        return None
    t, unit = line
    lead = [s for s in disc.sents if not s.headline and disc.paragraph(s.start) == lead_par]
    if not lead or any(_past_dates(x, disc.published, True) for x in lead):
        return None  # a lead that names a date of its own: its rules decide
    s = lead[0]
    i = _perfect_verb(s)
    if i is None:
        return None
    verb = " ".join(x.text for x in s.tokens[i : i + 3])
    day = t.interval[0]
    why = (
        f"the lead's '{verb}' is a present perfect (news of a recent act, no date in its "
        f"paragraph; rule time.discourse.perfect_lead) under the article's dated line "
        f"'{t.text}' = {t.value} (timex rule {t.rule})"
    )
    return GoverningDate(day, day, "day", t.text, t.value, unit, lead_par,
                         frozenset(x.lower for x in s.tokens), why,
                         rule="time.discourse.perfect_lead")  # fmt: skip


def _lead_timex(disc: Discourse) -> GoverningDate | None:
    """[time.discourse.lead_timex] "The presidents posed for photographs at the summit
    yesterday, closing a quarrel that began when ...": the lead sentence (the first of the
    lead paragraph) names exactly one past date of its own outside its dateline, quotations
    and clauses opened by a relative word or a ``clause_opener`` ("when", "since", "after":
    background), and reads as past: that date is the story day even though no event of the
    lead dated it (its verb is no trigger, a present perfect with a trailing attribution
    "..., the mediators announced late last night", or its only event stands in the "when"
    clause). A lead with two such dates, none, or a date only in a subordinate clause: None."""
    lead_par = disc.lead_paragraph()
    if lead_par < 0:
        return None
    s = next((x for x in disc.sents
              if not x.headline and disc.paragraph(x.start) == lead_par), None)  # fmt: skip
    if s is None or not _past_sentence(s):
        return None
    from timeline.events.dateline_day import opens_with_dateline

    dates = []
    for t in _past_dates(s, disc.published):
        if opens_with_dateline(s.text, s.start, t):
            continue  # the filing date of a dateline the stage did not recognise
        k = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), None)
        if k is None or _clause_head(s, k) in _openers() | _SPAN_BOUNDS:
            continue  # "when Colombian forces bombed a camp on Saturday": background
        if _relative_date(s, t) or _planned_clause(s, k):
            continue
        dates.append(t)
    if len(dates) != 1 or dates[0].interval is None:
        return None
    t = dates[0]
    unit = disc.unit_of(s)
    why = (
        f"the lead sentence's one main-clause date '{t.text}' = {t.value} (timex rule "
        f"{t.rule}; no event of the lead governs; rule time.discourse.lead_timex)"
    )
    return GoverningDate(t.interval[0], t.interval[1], t.granularity or "day", t.text, t.value,
                         unit, lead_par, frozenset(x.lower for x in s.tokens), why,
                         rule="time.discourse.lead_timex")  # fmt: skip


def eve_of(disc: Discourse, s: Any, m: Any) -> tuple[GoverningDate, str, str] | str | None:
    """[time.discourse.eve_of] "The envoy met both army chiefs on the eve of the talks": an
    event placed on the eve (``eve_word`` of ``date_scope.tsv``) of a named
    event noun is dated the day before that noun's day, read from the latest earlier sentence
    that names the noun with, after it within ``eve_window`` tokens, one past calendar day
    ("talks ..., which opened in Geneva on May 6": May 5; later mentions with no day are passed
    over, one with two days stops the search); never the neighbours' date. (date, rule, why);
    a reason (str) when the noun's day is not found (undated); None when no eve is named."""
    from timeline.events.document import scope_words

    toks = s.tokens
    clause = s.clause[m.start]
    eve_words = scope_words("eve_word")
    k = next((i for i in range(len(toks) - 3) if s.clause[i] == clause
              and toks[i].lower in eve_words and toks[i + 1].lower == "of"), None)  # fmt: skip
    if k is None:
        return None
    j = k + 2
    while j < len(toks) and toks[j].lower in _EVENT_DETERMINERS:
        j += 1
    if j >= len(toks) or not toks[j].text.isalpha() or not toks[j].text.islower():
        return None
    noun = toks[j].lower
    window = next(int(r["word"]) for r in read_rows("date_scope.tsv") if r["kind"] == "eve_window")
    for x in reversed(disc.sents[: max(0, disc.unit_of(s))]):
        at = [i for i, t in enumerate(x.tokens) if t.lower == noun]
        if not at:
            continue
        lo = x.tokens[at[-1]].end
        hi = x.tokens[min(len(x.tokens) - 1, at[-1] + window)].end
        days = [t for t in x.timexes if t.type == "DATE" and t.interval is not None
                and t.interval[0] == t.interval[1] and t.interval[1] <= disc.published
                and lo <= t.start < hi]  # fmt: skip
        if not days:
            continue  # "commit to the talks": a mention with no day of its own
        if len(days) > 1:
            break
        day = days[0].interval[0] - timedelta(days=1)
        g = GoverningDate(day, day, "day", f"the eve of the {noun}", day.isoformat(), -1, -1)
        why = (
            f"time.discourse.eve_of: the eve of the {noun}, whose day an earlier sentence "
            f"gives as '{days[0].text}' = {days[0].value}: the day before, {day.isoformat()}"
        )
        return g, "time.discourse.eve_of", why
    return f"'{toks[k].text} of the {noun}': the day of the {noun} is not given before it"


_EVENT_DETERMINERS = words("event_relative_determiners")  # the, its, their ...


def hours_after(s: Any, g: GoverningDate, published: date) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.hours_after] "In a televised address late on Wednesday, he appealed for
    help. Within hours, the alliance's chairman announced ...": a sentence that opens with an
    ``hours_after`` phrase of ``date_scope.tsv`` and a comma is told of the hours after the
    previous sentence's day ``g`` (even across a paragraph break): that day, or that day or the
    next when ``g``'s sentence was late in the day (a ``late_day_word`` in it: "late on
    Wednesday", "last night"; never after publication). "Within hours of the vote, ..." (no
    comma: another event's hours) takes nothing here. (date, rule, why) or None."""
    from timeline.events.document import scope_words

    if g.granularity != "day" or g.start != g.end:
        return None
    toks = s.tokens
    k = 0
    while k < len(toks) and not toks[k].key:
        k += 1
    head = " ".join(t.lower for t in toks[k : k + 5])
    phrase = next((p for p in sorted(scope_words("hours_after"), key=len, reverse=True)
                   if head.startswith(p + " ,")), None)  # fmt: skip
    if phrase is None:
        return None
    late = (set(g.text.lower().split()) | g.words) & scope_words("late_day_word")
    end = min(g.end + timedelta(days=1), published) if late else g.end
    day = GoverningDate(g.start, end, "day", f"{phrase} ({g.text})", None, -1, -1)
    span = "that day or the next (late in the day)" if end != g.end else "that day"
    why = (
        f"time.discourse.hours_after: the sentence opens with '{phrase},' after the previous "
        f"sentence's '{g.text}' = {g.start.isoformat()}: {span} "
        f"({g.start.isoformat()}..{end.isoformat()})"
    )
    return day, "time.discourse.hours_after", why


def _telling(s: Any, c: Any, ev: ExtractedEvent) -> Any:
    """The speech verb that tells a reported plan or demand ("He stated that the Government
    would contribute ...": ``stated``), the last one before it in its sentence, or None: the
    plan is dated as its telling would be (time.reported_plan_telling; under the story day's
    conditions read on the telling)."""
    if "status.reported_plan" not in ev.rules and "status.reported_demand" not in ev.rules:
        return None
    from timeline.events.stages import is_speech

    speech = [x for x in s.matches if is_speech(x) and x.end <= c.match.start]
    return speech[-1] if speech else None


def _reporting(s: Any, c: Any, ev: ExtractedEvent) -> Any:
    """[time.discourse.reported_act] "Shultz told a news conference that the United States
    recognized the new government": a verbal act (an ``event_root`` of ``story_day.tsv``) in
    the simple past that a simple-past speech verb of its sentence reports (``_reported_content``)
    is told as of the telling: the speech verb, which then decides the story day as a reported
    plan's telling does, or None. A past perfect ("said Chile had offered") and a material act
    ("said rebels attacked a convoy") happened before the telling, on no day the text gives."""
    from timeline.events.stages import is_speech

    m = c.match
    if ev.type not in _story_roots() or ev.status != "happened" or m.noun:
        return None
    if tense(s, m) != "past" or past_perfect(s, m) or not _reported_content(s, m):
        return None
    coord = words("coordinated_clause_words")
    speech = [x for x in s.matches if is_speech(x) and x.end <= m.start
              and not any(t.lower in coord for t in s.tokens[x.end : m.start])]  # fmt: skip
    return speech[-1] if speech else None


def subject_mention(s: Any) -> Any:
    """The mention that opens sentence ``s`` as its subject, or None: the first actor
    outside quotations at the start ("Abdullahi Issa ...", "The opposition ..."), after an
    opening adjunct ("In Addis Ababa, Emperor Haile Selassie ...") or in apposition to an
    opening role phrase ("His Somali counterpart, Abdullahi Issa, ..."); words lists
    ``subject_determiners``, ``subject_adjunct_openers`` of ``coref.tsv``."""
    first = next((x for x in s.mentions if x.is_actor and not x.quoted), None)
    if first is None:
        return None
    toks = s.tokens
    k = first.start
    titles = coref_words("gender_male") | coref_words("gender_female")
    if k > 1 and toks[k - 1].text == "." and toks[k - 2].lower in titles:
        k -= 2  # "Mr. Berisha"
    elif k > 0 and toks[k - 1].lower in titles:
        k -= 1
    if k > 0 and toks[k - 1].lower in coref_words("subject_determiners"):
        k -= 1
    if k == 1 and toks[0].lower in coref_words("subject_conjunctions"):
        k = 0  # "And the President has made clear that he ..."
    if k == 0:
        return first
    if k < 2 or k > 8 or toks[k - 1].text != "," or any(x.start < first.start for x in s.matches):
        return None
    head = toks[: k - 1]
    if any(not t.key and not t.is_possessive for t in head):
        return None  # another comma, a quotation mark: no simple opening phrase
    opener = head[0].lower in coref_words("subject_adjunct_openers")
    owner = head[0].lower in coref_words("subject_determiners") or (
        len(head) > 2 and head[1].is_possessive  # "Iran's chief negotiator, Ali Larijani,"
    )
    apposed = owner and first.entity.kind == "person"
    return first if opener or apposed else None


def _reporter(s: Any, x: Any) -> bool:
    """A reporter or newsreader named in ``s`` ("Our correspondent in Nairobi, Ann
    Fielding"): never an antecedent (``reporter_nouns``)."""
    nouns = coref_words("reporter_nouns")
    toks = s.tokens
    lo = max(0, x.start - 5)
    if nouns.isdisjoint([t.lower for t in toks[lo : x.end]]):
        return False  # most mentions: no reporter word near
    if any(t.lower in nouns for t in toks[x.start : x.end]):
        return True
    for r in range(x.start - 1, lo - 1, -1):
        t = toks[r]
        if t.lower in nouns:  # "Our correspondent in Nairobi, Ann Fielding", not "asked by"
            before = toks[r - 1] if r > 0 else None
            return (
                before is None
                or before.is_cap
                or before.lower in coref_words("subject_determiners")
            )
        if t.key and not t.is_cap and t.lower not in ("in", "for", "at"):
            return False
    return False


def _gender(s: Any, x: Any) -> str:
    """ "m" or "f" when a title says it ("Mrs. Thatcher", "Emperor Haile Selassie") or a
    gendered office noun in the mention ("the ministry spokeswoman"), else ""."""
    toks = s.tokens
    k = x.start - 1
    if k >= 0 and toks[k].text == ".":
        k -= 1
    said = set()
    for t in [*toks[x.start : x.end], *(toks[k : k + 1] if k >= 0 else [])]:
        if t.lower in coref_words("gender_female"):
            said.add("f")
        elif t.lower in coref_words("gender_male") or t.lower in coref_words("office_male"):
            said.add("m")
        if t.lower in coref_words("office_female"):
            said.add("f")
    return next(iter(said)) if len(said) == 1 else ""


@cache
def _given_names() -> dict[str, str]:
    return {r["name"]: r["gender"] for r in read_rows("given_names.tsv")}


def _given_gender(name: str) -> str:
    """The gender of a person's first name (``given_names.tsv``; titles such as "Marshal"
    skipped), "" for a one-word name or a name the list lacks."""
    titles = coref_words("name_titles")
    words = [w for w in name.lower().replace(".", " ").split() if w not in titles]
    return _given_names().get(words[0], "") if len(words) >= 2 else ""


def _article_genders(sents: list[Any]) -> dict[str, str]:
    """[coref.gender] person name -> "m" | "f" from the titles of all its mentions in the
    article (a name with titles of both genders gets none)."""
    seen: dict[str, set[str]] = {}
    for s in sents:
        for x in s.mentions:
            if x.is_actor and x.entity is not None and x.entity.kind == "person":
                g = _gender(s, x)
                if g:
                    seen.setdefault(x.entity.name, set()).add(g)
    return {name: next(iter(g)) for name, g in seen.items() if len(g) == 1}


def _unnamed_office(s: Any, x: Any) -> bool:
    """ "The South African prime minister", "a State Department spokesman": one office holder
    the article does not name, read as the state (actor.role_country); a later "he" is the
    same state (coref.previous_subject), never a person named before it."""
    if x.entity.kind != "country" or x.rule != "actor.role_country":
        return False
    word = s.tokens[x.end - 1].lower
    return not (word.endswith("s") and not word.endswith(("ss", "us")))


def _two_people(s: Any, x: Any) -> bool:
    """[coref.ambiguous] a subject that names two or more people ("Ford and Brezhnev met",
    "The two leaders agreed"): a later "he" or "she" could be either."""
    toks = s.tokens
    if x.end - x.start > 1 and toks[x.end - 1].lower in coref_words("pair_nouns"):
        return True
    people = [y for y in s.mentions if y.is_actor and y.entity is not None
              and y.entity.kind == "person" and y.entity != x.entity]  # fmt: skip
    for y in people:
        lo, hi = (x.end, y.start) if y.start >= x.end else (y.end, x.start)
        gap = [t.lower for t in toks[lo:hi]]
        if gap and gap[-1] == "and" and all(w in (",", "and") for w in gap) and len(gap) <= 2:
            return True
    return False


def _plural(s: Any, x: Any) -> bool:
    """An organisation or a state's organ named by a plural noun ("the Socialists", "the
    soldiers", "Syrian troops"; not a name such as "the United States" or "the Philippines")."""
    word = s.tokens[x.end - 1]
    if x.entity.kind == "country" and (word.is_cap or not x.rule.startswith(_ORGAN_RULES)):
        return False
    return word.lower.endswith("s") and not word.lower.endswith(("ss", "us"))


_ORGAN_RULES = ("actor.agent", "actor.organ", "actor.article_organ")


def _agrees(disc: Discourse, ent: Entity, pronoun: str, sal: Salient | None = None) -> bool:
    """[coref.gender] "she" never refers to a man nor "he" to a woman, when the article tells
    the gender (``Discourse.gender_of``; an unnamed office by its own noun)."""
    want = "f" if pronoun == "she" else "m"
    if sal is not None and sal.entity.kind != "person":
        return sal.gender in ("", want)
    return disc.gender_of(ent) in ("", want)


def _sentence_subject(disc: Discourse, pronoun: str, s: Any, j: int) -> tuple[Entity, str] | None:
    """[coref.sentence_subject] the person subject of the pronoun's own sentence, before it."""
    if s is None or j <= 0:
        return None
    x = subject_mention(s)
    if x is None or x.end > j or x.entity.kind != "person" or not _agrees(disc, x.entity, pronoun):
        return None
    if _reporter(s, x):
        return None
    return x.entity, f"the subject '{x.text}' of its own sentence, named before it"


def _titled_subject(
    disc: Discourse, pronoun: str, s: Any, j: int
) -> tuple[Entity | None, str] | None:
    """[coref.titled_subject] "Mrs May said she had spoken ...", "Mr Lee was sworn in on
    Friday. In his address he called ...": the pronoun's sentence, or the sentence before it
    when that one had no person subject, opens with an honorific and a name
    (``subject_honorifics``) that no person mention covers; the pronoun is that person: the
    one person of the article so far whose last name it is and whose gender agrees, else no
    one (never an earlier subject: the sentence's subject is someone else)."""
    if s is None:
        return None
    found = _honorific_subject(disc, pronoun, s, j)
    if found is not None:
        return found
    own = subject_mention(s)
    if own is not None and own.start < j:
        return None  # "And the President has made clear that he ...": coref.sentence_subject
    unit = disc.unit_of(s)
    if unit >= 1 and not any(x.unit >= unit - 1 for x in disc.persons):
        prev = disc.sents[unit - 1]
        if disc.paragraph(prev.start) == disc.paragraph(s.start):
            found = _honorific_subject(disc, pronoun, prev, len(prev.tokens))
    return found


def _honorific_subject(
    disc: Discourse, pronoun: str, s: Any, j: int
) -> tuple[Entity | None, str] | None:
    """The person an opening "Mrs May" of sentence ``s`` (before token ``j``) names when no
    person mention covers it (see ``_titled_subject``); None when it opens otherwise."""
    toks = s.tokens
    k = 1 if toks and toks[0].lower in coref_words("subject_conjunctions") else 0
    if j <= k + 1 or toks[k].lower not in coref_words("subject_honorifics"):
        return None
    w = k + 2 if k + 2 < j and toks[k + 1].text == "." else k + 1
    if w >= j or not toks[w].is_cap:
        return None
    if any(x.start <= w < x.end and x.entity is not None and x.entity.kind == "person"
           for x in s.mentions):  # fmt: skip
        return None  # a known person: coref.sentence_subject
    title, name = toks[k].lower, toks[w].lower
    if (pronoun == "she" and title in coref_words("gender_male")) or (
        pronoun == "he" and title in coref_words("gender_female")
    ):
        return None, "the honorific's gender differs"
    unit = disc.unit_of(s)
    people = (y for t in disc.sents[: unit + 1] for y in t.mentions)
    found = {x.entity.name: x.entity for x in people
             if x.is_actor and x.entity is not None and x.entity.kind == "person"
             and any(n.lower().split()[-1:] == [name] for n in (x.entity.name, *x.entity.aliases))
             and _agrees(disc, x.entity, pronoun)}  # fmt: skip
    said = f"'{toks[k].text} {toks[w].text}' opening sentence {unit + 1}"
    if len(found) != 1:
        return None, f"{said} names no one person of the article"
    ent = next(iter(found.values()))
    return ent, f"{said} is {ent.name}"


def _previous_named(disc: Discourse, pronoun: str, s: Any, j: int) -> tuple[Entity, str] | None:
    """[coref.previous_named] the sentence before had no person subject but names one person
    (outside quotations, no reporter): "... remarks by French ministers, above all the foreign
    minister, Jean-Yves Le Drian. Last week he called the junta illegitimate"."""
    unit = disc.unit_of(s) if s is not None else -1
    if unit < 1 or (disc.persons and disc.persons[-1].unit >= unit - 1):
        return None
    prev = disc.sents[unit - 1]
    if disc.paragraph(prev.start) != disc.paragraph(s.start):
        return None
    named = {x.entity.name: x for x in prev.mentions
             if x.is_actor and not x.quoted and x.entity.kind == "person"}  # fmt: skip
    if len(named) != 1:
        return None
    x = next(iter(named.values()))
    if not _agrees(disc, x.entity, pronoun) or _reporter(prev, x):
        return None
    return x.entity, "the one person named in the sentence before, which had no person subject"


def _previous_subject(
    disc: Discourse, pronoun: str, s: Any, j: int, passed: bool = False
) -> tuple[Entity | None, str] | None:
    """[coref.previous_subject] the latest person subject whose gender agrees (never one of
    the other gender: coref.gender); none when the latest is of the other gender (``passed``
    is False) or of the same (``passed`` is True)."""
    for k, sal in enumerate(reversed(disc.persons)):
        if not _agrees(disc, sal.entity, pronoun, sal):
            continue
        if (k > 0) != passed:
            return None
        if sal.plural:  # [coref.ambiguous] "Ford and Brezhnev met. He said ...": either
            return None, "coref.ambiguous: the latest subject names two people"
        rivals = {x.entity.name for x in disc.persons if x.unit == sal.unit
                  and x.entity != sal.entity and _agrees(disc, x.entity, pronoun, x)}  # fmt: skip
        if rivals:  # [coref.ambiguous] two people were subjects of that one sentence
            return None, f"coref.ambiguous: {sal.entity.name} and {min(rivals)} fit alike"
        topic = _paragraph_topic(disc, pronoun, s, sal)
        if topic is not None and topic != sal.entity:
            return (
                None,
                f"coref.ambiguous: {topic.name} led the paragraph, {sal.entity.name} ended it",
            )
        what = "a sentence without an event" if sal.eventless else "an event"
        why = f"the latest person subject (of {what}, sentence {sal.unit + 1})"
        if passed:
            later = disc.persons[-1].entity.name
            why += f"; a later subject of the other gender ({later}) passed over"
        return sal.entity, why
    if not passed and not disc.persons and disc.last_person is not None:
        return disc.last_person, "the last person that was the subject of an event"
    return None


def _paragraph_topic(disc: Discourse, pronoun: str, s: Any, sal: Salient) -> Entity | None:
    """[coref.ambiguous] for a pronoun before any person subject of its own paragraph: the
    first agreeing person subject of the paragraph ``sal`` (the latest) is in, its topic; a
    topic other than the latest subject leaves the pronoun with no antecedent ("A arrived.
    B flew in. / He met ...": either)."""
    if s is None or sal.unit < 0 or sal.unit >= len(disc.sents):
        return None
    where = disc.paragraph(disc.sents[sal.unit].start)
    if where >= disc.paragraph(s.start):
        return None  # the pronoun's own paragraph has a person subject: the latest wins
    same = [x for x in disc.persons if 0 <= x.unit < len(disc.sents)
            and disc.paragraph(disc.sents[x.unit].start) == where
            and _agrees(disc, x.entity, pronoun, x)]  # fmt: skip
    return same[0].entity if same else None


def _gender_subject(
    disc: Discourse, pronoun: str, s: Any, j: int
) -> tuple[Entity | None, str] | None:
    """[coref.gender] the latest person subject whose gender agrees, passing over later ones."""
    return _previous_subject(disc, pronoun, s, j, passed=True)


def _they_group(disc: Discourse, pronoun: str, s: Any, j: int) -> tuple[Entity, str] | None:
    """[coref.they_group] the latest group subject at most ``they_window`` sentences back."""
    if not disc.groups:
        return None
    sal = disc.groups[-1]
    unit = disc.unit_of(s) if s is not None else sal.unit
    if unit - sal.unit > _coref_setting("they_window"):
        return None
    what = "a sentence without an event" if sal.eventless else "an event"
    return sal.entity, f"the latest group subject (of {what}, sentence {sal.unit + 1})"


def _it_state(disc: Discourse, pronoun: str, s: Any, j: int) -> tuple[Entity, str] | None:
    """[coref.it_state] the last state or organisation that was the subject of an event, in
    the pronoun's paragraph and at most ``it_window`` sentences back ("it" is local: a state
    of an earlier paragraph is no antecedent, e.g. after a new dateline)."""
    if disc.last_state is None:
        return None
    unit, where = disc._state_at
    if s is not None and unit >= 0:
        if disc.paragraph(s.start) != where or disc.unit_of(s) - unit > _coref_setting("it_window"):
            return None
    return disc.last_state, "the last state or organisation that was the subject of an event"


_RESOLVERS: dict[str, Any] = {
    "coref.titled_subject": _titled_subject,
    "coref.sentence_subject": _sentence_subject,
    "coref.previous_named": _previous_named,
    "coref.previous_subject": _previous_subject,
    "coref.gender": _gender_subject,
    "coref.they_group": _they_group,
    "coref.it_state": _it_state,
}


def take_date(ev: ExtractedEvent, g: GoverningDate, rule: str, why: str | None = None) -> None:
    """Date ``ev`` by the discourse date ``g`` (the caller checked the tenses); ``why`` is the
    evidence when the rule gives its own."""
    ev.start, ev.end = g.start, g.end
    ev.granularity = g.granularity
    ev.date_text = g.text
    ev.timex_value = g.value
    ev.rules = [r for r in ev.rules if r != "time.undated"] + [rule]
    where = {
        "time.discourse.previous_sentence": "the previous sentence",
        "time.discourse.coordinated_clause": "the clause its clause is joined to by 'and'",
        "time.discourse.participial_clause": "the clause its participle follows",
        "time.discourse.speech_conjunct": "the speech verb whose second predicate it is",
    }.get(rule, "its paragraph")
    ev.evidence.append(
        why
        or f"{rule}: no date in its clause; '{g.text}' governs {where} and both are in the "
        f"past tense"
    )
    ev.confidence = round(max(0.05, ev.confidence - 0.05), 2)


# -- sentence-level passes (run by extract() after the stages) ------------------------------

_PAST_HINT = re.compile(r"[a-z]{3,}ed$")
_IRREGULAR_PAST = words("irregular_past")  # "sent", "fled", "took": past with no -ed
_NOT_AFTER = frozenset({"the", "a", "an", "of", "is", "are", "be", "been", "has", "have", "will"})


def tense(s: Any, m: Any) -> str | None:
    """past (simple or past perfect), perfect (has/have), present, future, or None (nouns)."""
    from timeline.events.document import by_gerund, cue_before

    if m.noun:
        return None
    toks = s.tokens
    lo = s.clause_start(m.start)
    planned = cue_before(toks, m.start, lo, "planned")
    if planned and _in_past_timex(s, lo, m.start):
        planned = None  # time.past_narrative_cue: "and the next day it withdrew": past
    if planned or cue_before(toks, m.start, lo, "modal"):
        return "future"
    if m.form == 0 and m.start > 0 and toks[m.start - 1].lower == "to":
        # "voted on Monday to ratify", "agreed on Thursday to impose": the deciding verb's tense
        if cue_before(toks, m.start, max(0, lo - 3), "infinitive_decided"):
            return "past"
    if m.form in (2, 3):
        perf = cue_before(toks, m.start, lo, "perfect")
        return "perfect" if perf in ("perf.has", "perf.have") else "past"
    if m.form == 4 and any(
        t.lower in _PAST_PROGRESSIVE for t in toks[max(lo, m.start - 2) : m.start]
    ):
        return "past"  # "began withdrawing", "were meeting"
    if m.form == 4 and by_gerund(toks, m.start):
        return "past"  # "responded by ordering": the tense of the verb before "by"
    return "present"


def _in_past_timex(s: Any, lo: int, hi: int) -> bool:
    """[time.past_narrative_cue] the ``planned`` cue before a verb (tokens ``lo``..``hi``)
    is a word of a past time expression ("the next day", "the next morning": dated on or
    before publication), not a plan ("the next round of talks", "next week"). Only the words
    of ``past_time_cues`` (``words.tsv``) may be read so."""
    published = getattr(s.disc, "published", None)
    if published is None:
        return False
    toks = s.tokens
    for j in range(lo, hi):
        if toks[j].lower not in _PAST_TIME_CUES:
            continue
        t = next((x for x in s.timexes if x.start <= toks[j].start < x.end), None)
        return t is not None and t.interval is not None and t.interval[1] <= published
    return False


_PAST_TIME_CUES = words("past_time_cues")
_PAST_PROGRESSIVE = frozenset({"was", "were", "began", "started", "continued", "had"})


def past_perfect(s: Any, m: Any) -> bool:
    """ "Orban had met Kristersson in Budapest on Friday": a past perfect tells what came before
    the story's time (a flashback): its date governs no later sentence (rule
    time.discourse.past_perfect)."""
    from timeline.events.document import cue_before

    if m.noun or m.form not in (2, 3):
        return False
    return cue_before(s.tokens, m.start, s.clause_start(m.start), "perfect") == "perf.had"


def _past_sentence(s: Any) -> bool:
    """A sentence without events reads as past when an -ed form follows a word that is not a
    determiner, preposition or auxiliary ("Ministers gathered Thursday."), or an irregular
    participle follows "was"/"were" (words list ``past_passive_participles``: "The new state
    was born in Juba today.", rule time.discourse.past_passive)."""
    toks = s.tokens
    return any(
        ((_PAST_HINT.search(tok.lower) or tok.lower in _IRREGULAR_PAST)
         and toks[i - 1].lower not in _NOT_AFTER)
        or (tok.lower in _PAST_PASSIVE and toks[i - 1].lower in ("was", "were"))
        for i, tok in enumerate(toks[1:], 1)
    )  # fmt: skip


_PAST_PASSIVE = words("past_passive_participles")


def _usable_dates(s: Any, published: date) -> list[Any]:
    if not s.timexes:
        return []  # most sentences
    from timeline.events.stages import dateline_end, timex_quoted

    head = dateline_end(s)  # the filing date of a dateline governs nothing
    return [
        t for t in s.timexes
        if t.interval and t.interval[1] <= published
        and (t.type == "DATE" or (t.type == "TIME" and t.interval[0] == t.interval[1]))
        and t.start >= head and not timex_quoted(s, t)
    ]  # fmt: skip  # a part of a day ("tonight", "last night") is that day


def breaks_discourse(s: Any, pairs: list[Any], published: date) -> bool:
    """[time.discourse.dated_break] a sentence with no event that names a past date of its own
    but governs nothing (several dates, or a tense we cannot read: "The city has been calm since
    Monday.") ends the earlier sentences' date: the next sentence must not reach over it."""
    return not s.headline and not pairs and bool(_usable_dates(s, published))


def _relative_date(s: Any, t: Any) -> bool:
    """The time expression ``t`` stands in a relative clause ("the deal that the rivals signed
    in March", "talks, which stalled last November"): the noun's time, which governs nothing
    (time.discourse.main_clause_only; the sentence still ends the earlier date)."""
    k = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), None)
    if k is None:
        return False
    return (
        _clause_head(s, k) in cue_set("subordinate")
        or relative_that(s, _head_at(s, k))
        or inserted_participle(s, k)
        or perfect_complement(s, k)
    )


def perfect_complement(s: Any, k: int) -> bool:
    """[time.discourse.perfect_complement] token ``k`` stands in a "that" complement told in the
    past perfect ("He added that the inspectors had returned to Damascus on Wednesday", "recalled
    that the two had agreed on a plan on 14 September"): its date is the reported act's, before
    the telling; it governs no later sentence and is no date of the paragraph's own
    ("He added that the inspectors will return on Wednesday" is not one)."""
    head = _head_at(s, k)
    toks = s.tokens
    if toks[head].lower != "that" or head == 0 or relative_that(s, head):
        return False
    return any(t.lower in _PERFECT_AUX for t in toks[head + 1 : k])


_PERFECT_AUX = frozenset({"had", "'d", "’d"})


def inserted_participle(s: Any, k: int) -> bool:
    """Token ``k`` stands in a participial phrase set off by commas after a noun, a reduced
    relative clause ("The accord, drafted in 2016, replaces ...", "The treaty, signed in
    1994, collapsed on Monday"): the noun's time, which governs no later sentence
    (time.discourse.main_clause_only)."""
    toks = s.tokens
    j = k - 1
    while j >= 0 and toks[j].text not in _INSERT_MARKS:
        j -= 1
    if j < 1 or toks[j].text != "," or not toks[j - 1].text[-1:].isalpha():
        return False
    if any(t.text in _INSERT_MARKS for t in toks[:j]):
        return False  # "Iran, the rival of the Gulf, announced ...": that comma closes an
        # apposition, the verb after it is the main one
    w = toks[j + 1]
    if not (w.text.islower() and (_PAST_HINT.search(w.lower) or w.lower in _IRREGULAR_PAST)):
        return False
    e = k + 1
    while e < len(toks) and toks[e].text not in _INSERT_MARKS and toks[e].text != ".":
        e += 1
    return e < len(toks) and toks[e].text == ","


_INSERT_MARKS = frozenset({",", ";", ":", "(", ")", "—", "–"})


def relative_that(s: Any, k: int) -> bool:
    """Token ``k`` is a relative "that" (words list ``relative_that``): right after a
    lower-case word that is no verb ("the meeting that she held on Wednesday", "talks that
    began in May"), not a complementizer after a verb ("informed that", "said that"), and not
    opening a modal description (``relative_modals``: "a partner that could not be trusted on
    Friday" holds no dated act, so a date after it is the main verb's)."""
    toks = s.tokens
    if k < 1 or toks[k].lower not in _RELATIVE_THAT:
        return False
    if k + 1 < len(toks) and toks[k + 1].lower in _RELATIVE_MODALS:
        return False  # "a partner that could not be trusted on Friday": no dated act of its own
    prev = toks[k - 1]
    if not (prev.text.isalpha() and prev.text.islower()) or prev.lower in _IRREGULAR_PAST:
        return False
    if _PAST_HINT.search(prev.lower) or prev.lower.endswith("s") and len(prev.lower) < 4:
        return False  # "informed that", "announced that"; "is that", "was that"
    if any(t.start <= prev.start < t.end for t in s.timexes):
        return False  # time.discourse.timex_that: "admitted yesterday that", "said last week
        # that": the speech verb's date, then its complementizer
    return not any(not x.noun and x.start <= k - 1 < x.end for x in s.matches)


_RELATIVE_THAT = words("relative_that")
_RELATIVE_MODALS = words("relative_modals")


_SPAN_BOUNDS = words("span_bound_prepositions")  # "since Yoon announced in March": a bound


def _background_clause(s: Any, c: Any) -> bool:
    """[time.discourse.main_clause_only] a clause opened by a ``background_opener``
    (``story_day.tsv``: "a quarrel that began when troops shelled a post last Saturday") whose
    date stands in it tells background: it governs no later sentence and is no lead. A "when"
    clause right after the main clause's date ("on Sunday when he met Kim") is told of that
    date and governs."""
    head = _head_at(s, c.match.start)
    background = frozenset(r["word"] for r in _story_rows("background_opener"))
    if s.tokens[head].lower not in background or c.timex is None:
        return False
    return bool(c.timex.start >= s.tokens[head].start)


def governing_date(
    s: Any, pairs: list[tuple[Any, ExtractedEvent]], published: date, unit: int, paragraph: int
) -> GoverningDate | None:
    """The date that governs sentence ``s`` for the next ones: a past-tense event dated by its
    clause (never by a relative clause opened by a ``subordinate`` cue: rule
    time.discourse.main_clause_only), else the sentence's one past date outside quotations.
    Headlines govern nothing."""
    if s.headline:
        return None
    from timeline.events.stages import is_speech

    subord = cue_set("subordinate")
    for c, ev in pairs:
        if (
            s.tokens[c.clause_start].lower in subord
            or _clause_head(s, c.match.start) in _SPAN_BOUNDS
            or _background_clause(s, c)
            or relative_that(s, c.clause_start)
            or inserted_participle(s, c.match.start)
        ):
            continue  # time.discourse.main_clause_only: "The leaders, who had met on Tuesday,
            # agreed ...", "after the meeting that she held on Wednesday": a relative clause's
            # date dates that clause, never the next sentence
        if (
            "time.clause_timex" in ev.rules
            and ev.start is not None
            and ev.end is not None
            and ev.end <= published
            and tense(s, c.match) == "past"
            and not past_perfect(s, c.match)
        ):
            return GoverningDate(ev.start, ev.end, ev.granularity or "day", ev.date_text or "",
                                 ev.timex_value, unit, paragraph,
                                 frozenset(t.lower for t in s.tokens),
                                 f"'{ev.trigger}' dated by its clause's '{ev.date_text}' = "
                                 f"{ev.timex_value} (rule time.clause_timex)",
                                 is_speech(c.match),
                                 frozenset(a.name for a in ev.actors if a.role == "source"),
                                 ev.type or "")  # fmt: skip
    if pairs:
        return None  # the sentence's events say their own dates (or none)
    usable = _usable_dates(s, published)
    if len(usable) == 1 and _past_sentence(s) and not _relative_date(s, usable[0]):
        t = usable[0]
        return GoverningDate(t.interval[0], t.interval[1], t.granularity or "day", t.text,
                             t.value, unit, paragraph,
                             frozenset(x.lower for x in s.tokens),
                             f"its past sentence's one date '{t.text}' = {t.value} "
                             f"(timex rule {t.rule})")  # fmt: skip
    return None


# -- story day and relative offsets (data: ``story_day.tsv``) --------------------------------


@cache
def _story_rows(kind: str) -> tuple[dict[str, str], ...]:
    return tuple(r for r in read_rows("story_day.tsv") if r["kind"] == kind)


@cache
def _setting(name: str) -> int:
    return next(int(r["value"]) for r in _story_rows("setting") if r["word"] == name)


@cache
def _openers() -> frozenset[str]:
    return frozenset(r["word"].lower() for r in _story_rows("clause_opener"))


@cache
def _story_roots() -> frozenset[str]:
    return frozenset(r["word"] for r in _story_rows("event_root"))


@cache
def _scene_nouns() -> frozenset[str]:
    return frozenset(r["word"].lower() for r in _story_rows("scene_noun"))


@cache
def _scene_skip() -> frozenset[str]:
    return frozenset(r["word"].lower() for r in _story_rows("scene_skip"))


@cache
def _offset_words() -> dict[str, int]:
    return {r["word"].lower(): int(r["value"]) for r in _story_rows("offset_word")}


def _clause_head(s: Any, i: int) -> str:
    """The first word (not punctuation) of the clause of token ``i``, lower case."""
    toks = s.tokens
    k = s.clause_start(i)
    while k < i and not toks[k].key:
        k += 1
    return toks[k].lower


def _head_at(s: Any, i: int) -> int:
    """The index of the first word (not punctuation) of the clause of token ``i``."""
    toks = s.tokens
    k = s.clause_start(i)
    while k < i and not toks[k].key:
        k += 1
    return k


def _opened_clause(s: Any, m: Any) -> bool:
    """The trigger's clause is opened by a ``clause_opener`` ("after Washington accused it",
    "who criticised the vote"): it tells background, not the story's day."""
    return _clause_head(s, m.start) in _openers()


def _reported_content(s: Any, m: Any) -> bool:
    """ "His adviser said Kyiv refused to sign": a verb event after a speech verb of its
    sentence, with no "and"/"but" between them, is what was said; its day is not the
    telling's."""
    from timeline.events.stages import is_speech

    toks = s.tokens
    coord = words("coordinated_clause_words")
    return any(
        is_speech(x) and x.end <= m.start
        and not any(t.lower in coord for t in toks[x.end : m.start])
        for x in s.matches
    )  # fmt: skip


def _past_dates(s: Any, published: date, vague: bool = False) -> list[Any]:
    """The sentence's past dates and times (with an interval) outside its dateline, quotations
    and relative clauses; with ``vague`` (a paragraph's own dates), also the past references
    with no interval ("recently", value PAST_REF), and not a plan's date ("will meet today")."""
    if not s.timexes:
        return []
    from timeline.events.stages import dateline_end, timex_quoted

    head = dateline_end(s)
    subord = cue_set("subordinate")
    out = []
    for t in s.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        if t.interval is None:
            if not vague or not (t.value or "").startswith("PAST"):
                continue
        elif t.interval[1] > published:
            continue
        if t.start < head or timex_quoted(s, t):
            continue
        k = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), None)
        if k is not None and (_clause_head(s, k) in subord or relative_that(s, _head_at(s, k))):
            continue  # "talks, which stalled last November", "the meeting that she held on
            # Wednesday": the noun's date
        if k is not None and reduced_relative(s, t, -1) is not None:
            continue  # "a pledge made by its president last week": the noun's date
        if k is not None and perfect_complement(s, k):
            continue  # "added that the team had returned on Wednesday": the reported act's
        if k is not None and vague and _planned_clause(s, k):
            continue  # "The council will meet on Tuesday": a plan's day, not the paragraph's
        out.append(t)
    return out


def _planned_clause(s: Any, k: int) -> bool:
    """A ``planned`` cue ("will", "is to") in the clause of token ``k``."""
    from timeline.events.document import cue_in

    lo = s.clause_start(k)
    hi = lo
    while hi < len(s.tokens) and s.clause[hi] == s.clause[k]:
        hi += 1
    return cue_in(s.tokens, lo, hi, "planned") is not None


def _timex_in_clause(s: Any, m: Any, day: GoverningDate | None = None) -> bool:
    """A time expression other than a set ("nightly") in the trigger's clause: a date, a past
    reference ("recently") or a duration ("weeks ago", "for years"); not a present or future
    reference (``content_time_value`` in ``date_scope.tsv``: "said the money could now go to
    schools" tells what was said, not when), nor, for a live page's entry (``day`` with the
    rule time.discourse.live_entry), a time of the entry's own day ("said in a video posted
    earlier this afternoon"), nor a duration of hours or minutes ("argued for more than an
    hour", after a ``short_duration_preposition``: the act's own length on its day, rule
    time.short_duration; "within three hours" counts from another event and still blocks)."""
    from timeline.events.document import scope_words

    clause = s.clause[m.start]
    content = scope_words("content_time_value")
    spans = scope_words("short_duration_preposition")
    same = (day.start, day.end) if day is not None and day.text.startswith("live:") else None
    return any(
        t.type != "SET" and (t.value or "").lower() not in content
        and not _short_duration(s, t, spans)
        and s.clause_of_char(t.start) == clause
        and (same is None or t.interval != same)
        and not other_time(s, t, m.end)
        for t in s.timexes
    )  # fmt: skip


def _short_duration(s: Any, t: Any, spans: frozenset[str]) -> bool:
    """[time.short_duration] ``t`` is a duration of hours or minutes after a
    ``short_duration_preposition`` ("denounced the raid for more than an hour"): the length of
    the act on its own day, no other date."""
    if t.type != "DURATION" or not (t.value or "").startswith("PT"):
        return False
    k = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), 0)
    return k > 0 and s.tokens[k - 1].lower in spans


def own_conjunct_date(s: Any, c: Any, ev: ExtractedEvent, published: date) -> None:
    """[time.own_conjunct] "He flies to Pakistan on Friday and will hold talks in Islamabad on
    Saturday": a verb joined by "and"/"but" (``coordinated_clause_words``; only
    ``conjunct_aux`` words of ``date_scope.tsv`` between) to a predicate whose date its clause
    took is dated by the date of its own conjunct, when it has one (the first date after it,
    before the next verb event)."""
    t0 = c.timex
    if t0 is None or ev.start is None or "time.clause_timex" not in ev.rules:
        return
    from timeline.events.document import scope_words
    from timeline.events.stages import timex_quoted

    m, toks = c.match, s.tokens
    if t0.end > toks[m.start].start:
        return
    first = m.start
    if m.noun:  # "will hold talks": the noun shares the conjunct of the verb right before it
        verb = next((x for x in s.matches if not x.noun and m.start - 2 <= x.end <= m.start),
                    None)  # fmt: skip
        if verb is None:
            return
        first = verb.start
    j = first - 1
    aux = scope_words("conjunct_aux")
    while j >= 0 and toks[j].end > t0.end and toks[j].lower in aux:
        j -= 1
    if j < 0 or toks[j].end <= t0.end or toks[j].lower not in words("coordinated_clause_words"):
        return
    clause = s.clause[m.start]
    stop = min((toks[x.start].start for x in s.matches if x.start >= m.end and not x.noun),
               default=s.end)  # fmt: skip
    own = [
        t for t in s.timexes
        if t.interval is not None and toks[m.end - 1].end <= t.start < stop
        and s.clause_of_char(t.start) == clause and not timex_quoted(s, t)
    ]  # fmt: skip
    if not own or own[0] is t0:
        return
    t = own[0]
    assert t.interval is not None
    start, end = t.interval
    value, note = t.value, ""
    if ev.status == "planned" and end < published:
        if t.rule != "weekday" or start != end:
            _undate(ev, "time.own_conjunct", f"its own conjunct's '{t.text}' = {t.value} "
                    "is past but the verb is a plan")  # fmt: skip
            return
        while start < published:  # "will hold talks on Saturday": the coming Saturday
            start += timedelta(days=7)
        end, value = start, start.isoformat()
        note = f" (a plan's weekday: the next {t.text.split()[-1]} after publication)"
    ev.start, ev.end = start, end
    ev.granularity = t.granularity or "day"
    ev.date_text, ev.timex_value = t.text, value
    ev.rules.append("time.own_conjunct")
    ev.evidence.append(
        f"time.own_conjunct: '{ev.trigger}' is joined by '{toks[j].text}' to the predicate "
        f"dated '{t0.text}'; its own conjunct names '{t.text}' = {value}{note}"
    )
    if ev.start > published and ev.status == "happened" and not (ev.type or "").startswith("01"):
        ev.status = "planned"
        ev.rules.append("status.future_date")


def clause_scope(s: Any, c: Any, ev: ExtractedEvent, published: date) -> None:
    """The clause-date rules that read a sentence's coordination and spans after the stages:
    time.noun_year (recorded), time.own_conjunct, then time.duration_span."""
    clause = s.clause[c.match.start]
    if ev.start is None and (q := s.quoted_cues.get("report_date")):
        ev.rules.append("time.quoted_cue")
        ev.evidence.append(f"time.quoted_cue: the report-date cue {q} is inside a quotation: "
                           f"the speaker's time, not the time of '{ev.trigger}'")  # fmt: skip
    from timeline.events.document import noun_date

    for t in s.noun_years:
        if s.clause_of_char(t.start) == clause:
            if noun_date(s.tokens, t):
                ev.rules.append("time.noun_date")
                ev.evidence.append(f"time.noun_date: '{t.text}' follows 'of' after a noun: the "
                                   f"noun's time, it dates no event")  # fmt: skip
                break
            ev.rules.append("time.noun_year")
            ev.evidence.append(f"time.noun_year: '{t.text}' modifies the noun after it: it "
                               f"dates no event")  # fmt: skip
            break
    t0 = c.timex
    if t0 is not None and ev.start is not None and "time.clause_timex" in ev.rules:
        # the clause's own date read against the story: "the following month", "a week
        # later", "the same evening" (tried in this order, the first that applies wins)
        finders = (
            lambda: anaphoric_date(s, c.match, published, t0),
            lambda: weeks_offset(s, ev, t0, published),
            lambda: same_day_date(s, t0),
        )
        for finder in finders:
            if (found := finder()) is not None:
                ev.rules.remove("time.clause_timex")
                take_date(ev, *found)
                return
    if (
        t0 is not None and ev.start is not None and "time.clause_timex" in ev.rules
        and ev.status == "happened" and deadline(s, t0, published)
    ):  # fmt: skip
        _undate(ev, "time.deadline", f"'{t0.text}' after 'by' is a deadline that runs past "
                f"publication: the time of what is to be done, not of '{ev.trigger}'")  # fmt: skip
        return
    if t0 is not None and ev.start is not None and "time.clause_timex" in ev.rules:
        j = reduced_relative(s, t0, c.match.end)
        if j is not None:
            toks = s.tokens
            _undate(ev, "time.reduced_relative", f"'{t0.text}' is in '{toks[j - 1].text} "
                    f"{toks[j].text} {toks[j + 1].text} ...', a clause that tells of the noun "
                    f"before it, not of '{ev.trigger}'")  # fmt: skip
            return
    own_conjunct_date(s, c, ev, published)
    duration_span(s, c, ev)
    coordinated_dates(s, c, ev)


def _weeks_words(kind: str) -> dict[str, int]:
    from timeline.events.document import scope_words

    return {w.split("|")[0]: int(w.split("|")[1]) for w in scope_words(kind)}


def weeks_offset(
    s: Any, ev: ExtractedEvent, t: Any, published: date
) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.weeks_offset] "conceded defeat a day after the December 1 election, then
    changed his mind a week later and rejected the results": "<count> week(s) later/earlier"
    (``weeks_count``, ``weeks_direction`` of ``date_scope.tsv``), which the tagger read as a
    calendar week, counts whole weeks from the previous event of its sentence dated on one day,
    else the sentence's last single past day before it, else the governing single day of its
    paragraph: that day, never after publication. (date, rule, why) or None."""
    w = t.text.lower().split()
    if len(w) != 3 or w[1] not in ("week", "weeks") or t.granularity == "day":
        return None
    count, sign = _weeks_words("weeks_count"), _weeks_words("weeks_direction")
    n = int(w[0]) if w[0].isdigit() else count.get(w[0])
    if n is None or w[2] not in sign:
        return None
    disc = getattr(s, "disc", None)
    before = []
    if disc is not None and ev in disc.events:
        before = [x for x in disc.events[: disc.events.index(ev)] if x.sentence_start == s.start]
    prev = [x for x in before if x.start is not None and x.start == x.end]
    anchors = [x for x in _past_dates(s, published) if x.end <= t.start and x.interval]
    g = disc.governing if disc is not None else None
    if prev:
        base, text = prev[-1].start, f"'{prev[-1].trigger}' on {prev[-1].start}"
    elif anchors:
        return None  # the sentence's own date may be a noun's ("after the December 1 vote")
    elif (
        disc is not None
        and g is not None
        and g.start == g.end
        and g.paragraph == disc.paragraph(s.start)
    ):
        base, text = g.start, f"its paragraph's '{g.text}'"
    else:
        return None
    assert base is not None
    day = base + timedelta(days=7 * n * sign[w[2]])
    if day > published:
        return None
    why = (f"time.discourse.weeks_offset: '{t.text}' counts {n} week(s) from {text}: "
           f"{day.isoformat()} (the tagger read the week {t.value})")  # fmt: skip
    return (
        GoverningDate(day, day, "day", t.text, day.isoformat(), -1, -1),
        "time.discourse.weeks_offset",
        why,
    )


def deadline(s: Any, t: Any, published: date) -> bool:
    """[time.deadline] "condemned the launches and agreed to share warning data by the end of
    the year": a time expression right after a ``deadline_preposition`` ("by") whose interval
    runs past publication is the deadline of something to be done; it dates no act that
    happened (and does not keep the act from its neighbours' date or the story day). "By March
    1989 the troops had left" (a past deadline) still dates."""
    if t.interval is None or t.interval[1] <= published:
        return False
    from timeline.events.document import scope_words

    toks = s.tokens
    k = next((i for i, tok in enumerate(toks) if tok.start >= t.start), 0)
    return k > 0 and toks[k - 1].lower in scope_words("deadline_preposition")


def other_time(s: Any, t: Any, lo: int) -> bool:
    """The time expression ``t`` of a trigger's clause (the trigger ends at token ``lo``) is
    another thing's: a reduced relative clause's (time.reduced_relative) or a deadline
    (time.deadline); it keeps no neighbour's date or story day from the event."""
    published = getattr(getattr(s, "disc", None), "published", None)
    return reduced_relative(s, t, lo) is not None or (
        published is not None and deadline(s, t, published)
    )


def _anaphoric_words(text: str, nxt: Any, units: Any) -> bool:
    """Whether a time expression reads "the following/next <unit>" (see ``anaphoric_date``)."""
    w = text.lower().removeprefix("the ").split()
    return len(w) == 2 and w[0] in nxt and w[1] in units


@cache
def _reduced_relative_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(agent words, words that are no noun, participles) of ``reduced_relative``."""
    from timeline.events.document import scope_words

    agent = frozenset(scope_words("reduced_relative_agent"))
    not_noun = frozenset(scope_words("reduced_relative_not_noun") | _NOT_AFTER)
    parts = frozenset({r["word"] for r in _story_rows("perfect_participle")} | _IRREGULAR_PAST)
    return agent, not_noun, parts


def reduced_relative(s: Any, t: Any, lo: int) -> int | None:
    """[time.reduced_relative] the time expression ``t`` stands in a reduced passive relative
    clause after token ``lo`` ("accused Moscow of breaking a pledge made by its president
    at the summit earlier this week"): a noun, a participle (-ed, ``irregular_past`` or a
    ``perfect_participle`` of ``story_day.tsv``) and its agent (``reduced_relative_agent``:
    "by"), with no clause mark between the participle and the date; the index of the
    participle, or None. "The talks were hosted by Egypt on Monday" (a
    ``reduced_relative_not_noun`` before the participle) is the verb's own passive."""
    toks = s.tokens
    k = next((i for i, tok in enumerate(toks) if tok.start >= t.start), len(toks))
    agent, not_noun, parts = _reduced_relative_words()
    for j in range(k - 1, lo + 1, -1):
        if toks[j].text in _INSERT_MARKS or toks[j].text in _QUOTE_MARKS:
            return None
        if toks[j].lower not in agent:
            continue
        part, noun = toks[j - 1], toks[j - 2]
        if (
            part.text.islower() and (_PAST_HINT.search(part.lower) or part.lower in parts)
            and noun.text.isalpha() and noun.text.islower() and noun.lower not in not_noun
            and not any(not x.noun and x.start <= j - 2 < x.end for x in s.matches)
        ):  # fmt: skip
            return j - 1
        return None
    return None


_QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»"})


def coordinated_dates(s: Any, c: Any, ev: ExtractedEvent) -> None:
    """[time.coordinated_dates] "hosted five rounds of talks in 2021 and 2022": the clause's
    date joined by "and" to a later date of the same granularity dates the event across both
    (from the first's start to the second's end); joined by "or" ("in 2021 or 2022") it is
    one of them, the text does not say which: undated (words list ``date_conjunctions``)."""
    t0 = c.timex
    if t0 is None or ev.start is None or "time.clause_timex" not in ev.rules:
        return
    nxt = next((t for t in s.timexes if t.start > t0.end), None)
    if nxt is None or nxt.interval is None or t0.interval is None:
        return
    joint = s.text[t0.end : nxt.start].strip().lower()
    if joint not in _DATE_CONJUNCTIONS or nxt.granularity != t0.granularity:
        return  # ", and the next day it withdrew ...": another clause's date
    if s.clause_of_char(nxt.start) != s.clause_of_char(t0.start):
        return
    if nxt.interval[0] <= t0.interval[1]:
        return  # not a later date: a range told otherwise
    if _DATE_CONJUNCTIONS[joint] == "or":
        _undate(ev, "time.coordinated_dates", f"'{t0.text} {joint} {nxt.text}' names either")
        return
    ev.end = nxt.interval[1]
    ev.rules.append("time.coordinated_dates")
    ev.evidence.append(
        f"time.coordinated_dates: '{t0.text} {joint} {nxt.text}': from "
        f"{ev.start.isoformat()} to {ev.end.isoformat()}"
    )


_DATE_CONJUNCTIONS = {w: ("or" if w.endswith("or") else "and")
                      for w in words("date_conjunctions")}  # fmt: skip


_DAYS = re.compile(r"^P(\d+)D$")
_WEEKS = re.compile(r"^P(\d+)W$")


def duration_span(s: Any, c: Any, ev: ExtractedEvent) -> None:
    """[time.duration_span] "is due to host Xi in Moscow on Monday for a three-day state
    visit": a visit or meeting (a ``span_root`` of ``date_scope.tsv``) dated by one day of its
    clause, with a duration of days right after that day ("for a three-day", "for two days":
    a ``span_preposition``, at most ``span_max_days``), lasts those days from that day."""
    from timeline.events.document import scope_words

    t0 = c.timex
    if t0 is None or ev.start is None or ev.start != ev.end or ev.granularity != "day":
        return
    if not any((ev.type or "").startswith(r) for r in scope_words("span_root")):
        return
    toks = s.tokens
    k = bisect.bisect_left(toks, t0.end, key=lambda x: x.end)  # the date's last token
    rest = toks[k + 1 : k + 4]
    if not rest or rest[0].lower not in scope_words("span_preposition"):
        return
    clause = s.clause[k]
    limit = max(int(w) for w in scope_words("span_max_days"))
    for t in s.timexes:
        d = _DAYS.match(t.value or "") if t.type == "DURATION" else None
        w = _WEEKS.match(t.value or "") if t.type == "DURATION" else None
        if (d is None and w is None) or not rest[0].start < t.start <= rest[-1].start:
            continue
        days = int(d.group(1)) if d else 7 * int(w.group(1)) if w else 0
        if not 1 < days <= limit or s.clause_of_char(t.start) != clause:
            return
        ev.end = ev.start + timedelta(days=days - 1)
        ev.rules.append("time.duration_span")
        ev.evidence.append(
            f"time.duration_span: '{t0.text} {rest[0].text} ... {t.text}': {days} days from "
            f"{ev.start.isoformat()} to {ev.end.isoformat()}"
        )
        return


def when_date(s: Any, m: Any, published: date) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.when_clause] "The talks began on July 13, when the delegations met
    Turkish officials for the first time since March": a past event in a clause that a
    ``when_opener`` (``date_scope.tsv``) opens right after "<date>," is told of that date
    (a past date of the sentence, outside quotations and the dateline). (date, rule, why) or
    None."""
    from timeline.events.document import scope_words
    from timeline.events.stages import dateline_end, timex_quoted

    if m.noun or not s.timexes or past_perfect(s, m):
        return None
    plan = tense(s, m) in ("future", "present")  # time.discourse.when_plan: a future date's
    if tense(s, m) != "past" and not plan:
        return None
    toks = s.tokens
    k = s.clause_start(m.start)
    while k < m.start and not toks[k].key:
        k += 1
    opener = scope_words("when_plan_opener" if plan else "when_opener")
    if k < 2 or toks[k].lower not in opener or toks[k - 1].text != ",":
        return None
    head = dateline_end(s)
    t = next((x for x in s.timexes if x.end == toks[k - 2].end), None)
    if (
        t is None or t.interval is None or t.start < head
        or timex_quoted(s, t) or t.type not in ("DATE", "TIME")
        or (t.interval[1] > published if not plan else t.interval[0] <= published)
    ):  # fmt: skip
        return None  # a past event after a past date; a plan after a future date
    g = GoverningDate(t.interval[0], t.interval[1], t.granularity or "day", t.text, t.value,
                      -1, -1)  # fmt: skip
    rule = "time.discourse.when_plan" if plan else "time.discourse.when_clause"
    why = (
        f"{rule}: its clause opens with '{toks[k].text}' right after "
        f"'{t.text}' = {t.value} (timex rule {t.rule}): the clause is told of that date"
    )
    return g, rule, why


def _undate(ev: ExtractedEvent, rule: str, why: str) -> None:
    """Take a date back: a wrong date is worse than none."""
    ev.start = ev.end = None
    ev.granularity = ev.date_text = ev.timex_value = None
    ev.rules = [r for r in ev.rules if r != "time.clause_timex"] + [rule, "time.undated"]
    ev.evidence.append(f"{rule}: {why}: undated")


_DURATION = re.compile(r"^P(\d+)([DW])$")


def offset_date(s: Any, m: Any, published: date) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.offset] "voted on Saturday to impose sanctions, five days after the
    country carried out a test": an event in the clause that a duration and an
    ``offset_word`` open is the sentence's one earlier past day date minus (after) or plus
    (before) the duration; never a date after publication. (date, rule, why) or None."""
    if not s.timexes or m.noun:
        return None
    if (found := anaphoric_date(s, m, published)) is not None:
        return found
    toks = s.tokens
    if (found := _offset_after(s, m, published)) is not None:
        return found
    for t in s.timexes:
        d = _DURATION.match(t.value or "") if t.type == "DURATION" else None
        if d is None or t.start > toks[m.start].start:
            continue
        k = next((i for i, tok in enumerate(toks) if tok.start >= t.end), None)
        if k is None or k >= m.start or toks[k].lower not in _offset_words():
            continue
        if any(tok.text in (",", ";", ":") for tok in toks[k : m.start]):
            continue  # the event is not in the clause the offset word opens
        anchors = [x for x in _past_dates(s, published) if x.start < t.start]
        if len(anchors) != 1 or anchors[0].granularity != "day":
            return None
        a = anchors[0]
        assert a.interval is not None
        days = int(d.group(1)) * (7 if d.group(2) == "W" else 1)
        sign = _offset_words()[toks[k].lower]
        day = a.interval[0] + timedelta(days=sign * days)
        if a.interval[0] != a.interval[1] or day > published:
            return None
        text = f"{t.text} {toks[k].text} {a.text}"
        g = GoverningDate(day, day, "day", text, day.isoformat(), -1, -1)
        why = (
            f"time.discourse.offset: its clause follows '{t.text} {toks[k].text}' and the "
            f"sentence is dated '{a.text}' = {a.value} (timex rule {a.rule}): {day.isoformat()}"
        )
        return g, "time.discourse.offset", why
    return None


def _offset_after(s: Any, m: Any, published: date) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.offset_after] "conceded defeat a day after the December 1 election":
    an undated past event followed in its clause by a duration and an ``offset_word`` whose
    phrase names one past day (up to the next comma) is that day plus (after) or minus
    (before) the duration; never after publication. (date, rule, why) or None."""
    if tense(s, m) != "past" or past_perfect(s, m):
        return None
    toks = s.tokens
    for t in s.timexes:
        d = _DURATION.match(t.value or "") if t.type == "DURATION" else None
        if d is None or t.start < toks[m.end - 1].end:
            continue
        k = next((i for i, tok in enumerate(toks) if tok.start >= t.end), None)
        first = next((i for i, tok in enumerate(toks) if tok.start >= t.start), None)
        if k is None or first is None or toks[k].lower not in _offset_words():
            continue
        gap = toks[m.end : first]
        commas = sum(tok.text == "," for tok in gap)
        if any(tok.text in (";", ":") or tok.lower in ("and", "but") for tok in gap) or (
            commas % 2 or (commas and gap[-1].text != ",")
        ):
            return None  # the duration is not in the event's clause (an apposition, "to
            # Adama Barrow, a lawyer, a day after", is)
        if any(not x.noun and m.end <= x.start < first for x in s.matches):
            return None  # another verb event stands between: the offset is its
        end = next((i for i in range(k, len(toks)) if toks[i].text in (",", ";", ":")), len(toks))
        stop = toks[end].start if end < len(toks) else s.end
        days_in = [x for x in _past_dates(s, published) if t.end <= x.start < stop]
        if len(days_in) != 1 or days_in[0].interval is None:
            return None
        a = days_in[0]
        if a.interval[0] != a.interval[1]:
            return None
        n = int(d.group(1)) * (7 if d.group(2) == "W" else 1)
        day = a.interval[0] - timedelta(days=_offset_words()[toks[k].lower] * n)
        if day > published:
            return None
        g = GoverningDate(day, day, "day", f"{t.text} {toks[k].text} {a.text}",
                          day.isoformat(), -1, -1)  # fmt: skip
        why = (f"time.discourse.offset_after: '{t.text} {toks[k].text}' follows it and names "
               f"'{a.text}' = {a.value}: {day.isoformat()}")  # fmt: skip
        return g, "time.discourse.offset_after", why
    return None


def anaphoric_date(
    s: Any, m: Any, published: date, only: Any = None
) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.anaphoric] "In March 1999 a tribunal awarded the islands to Namibia ...
    and the two presidents met in Lusaka the following month": an undated past event whose
    clause names "the following/next <unit>" (``anaphoric_next``, ``anaphoric_unit`` of
    ``date_scope.tsv``) that the tagger could not anchor on a date before publication (it
    took another date, a noun's year, or the publication date) is the unit after the date
    that governs it: the sentence's last past date before it, else the governing date of its
    paragraph; never a date after publication, never finer than the anchor (a year's "next
    month" is no month). With ``only`` (the time expression that dated the event in its
    clause), that expression when the tagger counted it from another date ("based on a 1947
    map ... the following year" was 1948). (date, rule, why) or None."""
    from timeline.events.document import scope_words

    nxt, units = scope_words("anaphoric_next"), scope_words("anaphoric_unit")
    if not any(_anaphoric_words(t.text, nxt, units) for t in s.timexes):
        return None  # (the tense, read next, costs more than this look at the timexes)
    if tense(s, m) != "past":
        return None
    clause = s.clause[m.start]
    for t in s.timexes:
        w = t.text.lower().removeprefix("the ").split()
        if len(w) != 2 or w[0] not in nxt or w[1] not in units:
            continue
        if s.clause_of_char(t.start) != clause or (only is not None and t is not only):
            continue
        own = [x for x in _past_dates(s, published) if x.end <= t.start and x.interval]
        disc = getattr(s, "disc", None)
        g = disc.governing if disc is not None else None
        if own:
            a = own[-1]
            base, gran, text, how = a.interval, a.granularity, a.text, f"timex rule {a.rule}"
        elif g is not None and disc is not None and g.paragraph == disc.paragraph(s.start):
            base, gran, text, how = (g.start, g.end), g.granularity, g.text, "its paragraph's date"
        else:
            return None
        shifted = _next_unit(base, gran, w[1])
        if shifted is None or shifted[1] > published or (t.interval or (None, None)) == shifted:
            return None  # the tagger's value stands (or no day the text gives)
        value = shifted[0].isoformat()[: {"day": 10, "month": 7, "year": 4}[w[1]]]
        day = GoverningDate(shifted[0], shifted[1], w[1], t.text, value, -1, -1)
        why = (f"time.discourse.anaphoric: '{t.text}' counts from '{text}' ({how}), the "
               f"date before it: {value} (the tagger read {t.value})")  # fmt: skip
        return day, "time.discourse.anaphoric", why
    return None


_SAME_DAY = re.compile(r"(?:that|the) same (?:day|morning|afternoon|evening|night)", re.IGNORECASE)


def same_day_date(s: Any, t: Any) -> tuple[GoverningDate, str, str] | None:
    """[time.discourse.same_day] "On Monday the Prime Minister had told MPs that ..., who were
    found on a bench on March 4. The same evening the Foreign Secretary summoned ...": "the same
    day/evening" (``t``, the time expression that dated the event in its clause) is the day of
    the previous sentence of its paragraph's own events (dated in their clauses, all on one
    day), not the last date the tagger saw (a relative clause's "March 4"); no such events, or
    events on several days: the tagger's value stands. (date, rule, why) or None."""
    if not _SAME_DAY.fullmatch(t.text.strip()):
        return None
    disc = getattr(s, "disc", None)
    sents = getattr(disc, "sents", None) if disc is not None else None
    if not sents or disc is None:
        return None
    k = next((i for i, x in enumerate(sents) if x.start == s.start), None)
    if not k or disc.paragraph(sents[k - 1].start) != disc.paragraph(s.start):
        return None
    prev = sents[k - 1]
    days = {
        (e.start, e.date_text, e.timex_value) for e in disc.events
        if e.sentence_start == prev.start and "time.clause_timex" in e.rules
        and e.start is not None and e.start == e.end
    }  # fmt: skip
    if len(days) != 1:
        return None
    day, text, value = next(iter(days))
    assert day is not None
    if t.interval is not None and t.interval[0] == day:
        return None  # the tagger read it so
    g = GoverningDate(day, day, "day", text or "", value, -1, -1)
    why = (f"time.discourse.same_day: '{t.text}' is the day of the previous sentence's own "
           f"events, '{text}' = {value} (the tagger read {t.value})")  # fmt: skip
    return g, "time.discourse.same_day", why


def _next_unit(base: tuple[date, date], gran: str | None, unit: str) -> tuple[date, date] | None:
    """The day, month or year after the one ``base`` falls in (``gran``: its granularity;
    a unit finer than it has none: the year after 2002 is 2003, its next month is unknown)."""
    order = {"day": 0, "month": 1, "year": 2}
    if gran not in order or order[gran] > order[unit]:
        return None
    start = base[0]
    if unit == "day":
        if base[0] != base[1]:
            return None
        d = start + timedelta(days=1)
        return d, d
    if unit == "month":
        y, mo = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        first = date(y, mo, 1)
        nxt = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
        return first, nxt - timedelta(days=1)
    return date(start.year + 1, 1, 1), date(start.year + 1, 12, 31)


def _bare_attribution(s: Any, c: Any, ev: ExtractedEvent, is_speech: Any) -> bool:
    """ "Lukashenko brokered a deal that ended the mutiny, the Kremlin said.": a speech verb
    closing the sentence after a comma only names the source of what the sentence reports
    about other actors, even when that report holds no event we know (rule
    report.attribution_only); "The talks were useful, Moon said." stays a statement."""
    m = c.match
    if not is_speech(m) or s.quoted[m.start]:
        return False
    toks = s.tokens
    lo = s.clause_start(m.start)
    rest = [t for t in toks[m.end :] if t.key]
    if rest and _circumstance_after(s, m):  # "..., the court said in a statement."
        rest = []
    if lo < 4 or toks[lo].text != "," or rest or sum(1 for t in toks[lo : m.start] if t.key) > 5:
        return False
    speaker = {a.name for a in ev.actors}
    doers = [
        x for x in s.mentions
        if x.is_actor and x.end <= lo and not x.quoted
        # an organ of the speaker's own state ("US Marines landed ..., the Pentagon said")
        and (x.entity.name not in speaker or x.rule.startswith("actor.agent"))
    ]  # fmt: skip
    if not doers:  # "The talks were useful, Moon said.": what was said is the news
        return False
    ev.rules.append("report.attribution_only")
    return True


def drop_attributions(
    s: Any, pairs: list[tuple[Any, ExtractedEvent]]
) -> list[tuple[Any, ExtractedEvent]]:
    """Speech events that only attribute another event of the sentence are not events
    (rule report.attribution): a trailing "..., police said", or "X announced that Y had
    agreed" (a verb event follows the speech verb with no relative clause between)."""
    if not pairs:
        return []  # most sentences
    from timeline.events.stages import is_speech

    pairs = _attributed(s, pairs, is_speech)
    return [(c, ev) for c, ev in pairs if not _bare_attribution(s, c, ev, is_speech)]


def _coordinated_predicate(toks: Any, i: int) -> bool:
    """[report.coordinated_predicate] "Park said that she hoped ..., and asked that Japan
    implement it": a verb right after ", and" is a second predicate of the speaker, not the
    content of the speech verb before it."""
    return i >= 2 and toks[i - 1].lower == "and" and toks[i - 2].text == ","


def _second_speech(s: Any, m: Any, o: Any, is_speech: Any) -> bool:
    """[report.second_speech] "Tsvangirai called the veto a sad day, but said the MDC would stay
    at the table": a speech verb with an object of its own (a label: "called the veto a sad
    day") tells its own content; a speech verb opened by "but" or "and" between it and the
    event is the speaker's second predicate, and it, not the first, tells the event ("said
    the vote was clear and told reporters that Moscow must ..." : "said" still attributes)."""
    toks = s.tokens
    return bool(m.trigger.objects) and any(
        is_speech(x) and m.end <= x.start < o.start and toks[x.start - 1].lower in ("but", "and")
        for x in s.matches
    )


def _attributed(
    s: Any, pairs: list[tuple[Any, ExtractedEvent]], is_speech: Any
) -> list[tuple[Any, ExtractedEvent]]:
    from timeline.events.roles import contact_relative

    toks = s.tokens
    if len(pairs) < 2 or not any(is_speech(c.match) for c, _ in pairs):
        return pairs
    subord = cue_set("subordinate")
    out = []
    for c, ev in pairs:
        m = c.match
        if not is_speech(m):
            out.append((c, ev))
            continue
        others = [(o.match, e) for o, e in pairs if not is_speech(o.match)]
        before = [(o, e) for o, e in others if o.end <= m.start]
        after = [
            (o, e) for o, e in others
            if o.start >= m.end and not o.noun
            and not any(t.lower in subord for t in toks[m.end : o.start])
            and not contact_relative(s, o)  # "the standards Albania had promised"
            and not _coordinated_predicate(toks, o.start)  # "said ..., and asked that"
            and not _second_speech(s, m, o, is_speech)  # "called ..., but said X would"
        ]  # fmt: skip
        lo = s.clause_start(m.start)
        trailing = (
            before
            and lo > 0
            and toks[lo].text == ","
            and (
                (
                    sum(1 for t in toks[m.end :] if t.key) <= 6
                    and not any(x.start >= m.end for x in s.matches)
                )
                or _circumstance_after(s, m)
            )
        )
        target = before[-1][1] if trailing else (after[0][1] if after else None)
        target_m = before[-1][0] if trailing else (after[0][0] if after else None)
        if target is None or target_m is None:
            out.append((c, ev))
            continue
        who = ", ".join(a.name for a in ev.actors) or "an unnamed source"
        target.evidence.append(f"report.attribution: reported by {who} ('{ev.trigger}')")
        target.rules.append("report.attribution")
        if (
            not trailing
            and target.start is None
            and ev.start is not None
            and ev.date_text != "report date"
            and (
                "time.future_date_past_verb" in target.rules
                or ("time.clause_timex" in ev.rules and past_perfect(s, target_m))
            )
        ):
            # "announced on Monday that Iran and Iraq had agreed to a ceasefire from August
            # 20", "announced on Monday that it had conducted a nuclear test": told as done
            # by the telling's day, it takes that date (the gold convention: p02, k02, n01)
            target.start, target.end, target.granularity = ev.start, ev.end, ev.granularity
            target.date_text, target.timex_value = ev.date_text, ev.timex_value
            target.rules = [r for r in target.rules if r != "time.undated"]
            target.rules.append("time.reporting_verb")
            why = (
                "its clause's date is later than the report"
                if "time.future_date_past_verb" in target.rules
                else "a past perfect told as done by a telling dated in its own clause"
            )
            target.evidence.append(
                f"time.reporting_verb: {why}; it takes the date of '{ev.trigger}' "
                f"({ev.date_text!r})"
            )
    return out


_CIRCUMSTANCE = words("telling_circumstance_prepositions")


def _circumstance_after(s: Any, m: Any) -> bool:
    """ "..., Blinken said during a visit to Nairobi in July.": what follows the speech verb
    is only where or when it was said (a phrase opened by a word of
    ``telling_circumstance_prepositions``, at most 12 words, no verb event in it), so the
    attribution still trails (rule report.attribution)."""
    toks = s.tokens
    if m.end >= len(toks) or toks[m.end].lower not in _CIRCUMSTANCE:
        return False
    return sum(1 for t in toks[m.end :] if t.key) <= 12 and not any(
        x.start >= m.end and not x.noun for x in s.matches
    )


__all__ = [
    "Discourse",
    "clause_scope",
    "GoverningDate",
    "cue_set",
    "drop_attributions",
    "governing_date",
    "is_byline",
    "offset_date",
    "own_conjunct_date",
    "take_date",
    "when_date",
    "tense",
]


# -- monitoring source lines (data: ``voices.tsv``, kind source_line) ---------------------------


def source_sections(text: str, paragraph: Any, published: date) -> dict[int, GoverningDate]:
    """[time.discourse.source_line] a monitoring report's sections: paragraph -> the day of the
    source line above it ("Radio Mozambique, Maputo, in Portuguese 1730 gmt 16 Mar 84"), the
    story day of its undated reactions under the story day's conditions, like a live entry's."""
    out: dict[int, GoverningDate] = {}
    for lo, hi, day in source_lines(text, published, _setting("dateline_max_age_days")):
        line = text[text.rfind("\n", 0, lo) + 1 : lo].strip()
        why = f"the monitoring report's source line '{line}' dates its section {day.isoformat()}"
        g = GoverningDate(day, day, "day", f"source: {line}", day.isoformat(), -1, paragraph(lo),
                          evidence=why, rule="time.discourse.source_line")  # fmt: skip
        for p in range(paragraph(lo), paragraph(max(lo, hi - 1)) + 1):
            out[p] = g
    return out


# -- live pages (data: ``story_day.tsv``, kinds live_stamp, live_anchor) ------------------------

_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?:\s?([ap])\.?m\.?)?", re.IGNORECASE)


@cache
def _stamp_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["word"]) for r in _story_rows("live_stamp"))


@cache
def _anchor_words() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r["word"].lower().split()) for r in _story_rows("live_anchor"))


def _minutes(text: str) -> int | None:
    """The time of day in ``text`` ("20:05", "2.05 pm") as minutes after midnight."""
    found = _CLOCK.search(text)
    if found is None:
        return None
    hour, minute, half = int(found[1]), int(found[2]), (found[3] or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return hour * 60 + minute if hour < 24 and minute < 60 else None


def _line(s: Any) -> str:
    return str(s.text[s.start : s.end]).strip()


def _live_anchor(sents: list[Any], published: date) -> tuple[Any, date, int] | None:
    """The live page's dated line ("Updated June 15, 2024, 20:05 CEST"): a line of its own
    opened by a ``live_anchor`` word with one day's date and a time of day; (sentence, day,
    minutes) or None."""
    for s in sents:
        if not s.headline:
            continue
        words_ = tuple(t.lower for t in s.tokens if t.key)
        if not any(words_[: len(a)] == a for a in _anchor_words()):
            continue
        days = [t.interval for t in s.timexes if t.interval and t.interval[0] == t.interval[1]]
        minutes = _minutes(_line(s))
        if len(days) == 1 and minutes is not None and days[0][0] <= published:
            return s, days[0][0], minutes
    return None


def live_entries(sents: list[Any], paragraph: Any, published: date) -> dict[int, GoverningDate]:
    """[time.discourse.live_entry] a live page's entries and their day: paragraph -> date.
    A live page has at least ``live_min_stamps`` lines of their own that stamp an entry with a
    time of day (``live_stamp``: "18:40 CEST") and a dated line (``live_anchor``: "Updated June
    15, 2024, 20:05 CEST"). An entry runs from its stamp to the next stamp or heading line
    ("Background"). The stamps next to the dated line that keep one time order (the latest at
    the top, or at the bottom) and none later than the dated line's time are of its day; past a
    stamp that breaks the order (the page crossed midnight) or with no dated line, no entry
    has a day: the text gives none ("1 hour ago" is no stamp)."""
    stamps = [(k, s) for k, s in enumerate(sents)
              if s.headline and any(p.match(_line(s)) for p in _stamp_patterns())]  # fmt: skip
    if len(stamps) < _setting("live_min_stamps"):
        return {}
    anchor = _live_anchor(sents, published)
    if anchor is None:
        return {}
    line, day, limit = anchor
    times = [_minutes(_line(s)) or 0 for _, s in stamps]
    order = range(len(stamps)) if times[0] >= times[-1] else range(len(stamps) - 1, -1, -1)
    dated: list[int] = []
    for n in order:  # from the latest stamp on
        if times[n] > limit:
            break
        dated.append(n)
        limit = times[n]
    out: dict[int, GoverningDate] = {}
    for n in dated:
        k, stamp = stamps[n]
        stop = stamps[n + 1][0] if n + 1 < len(stamps) else len(sents)
        heading = next((j for j in range(k + 1, stop) if sents[j].headline), stop)
        first, last = paragraph(stamp.start), paragraph(sents[heading - 1].start)
        why = (
            f"the live page's entry stamped '{_line(stamp)}', a time of {day.isoformat()} by "
            f"its line '{_line(line)}' (the stamps keep one time order, none later)"
        )
        g = GoverningDate(day, day, "day", f"live: {_line(stamp)}", day.isoformat(), k, first,
                          evidence=why)  # fmt: skip
        for p in range(first, last + 1):
            out[p] = g
    return out
