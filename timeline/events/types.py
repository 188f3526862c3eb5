"""Records passed from the article pipeline to the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROLES = ("source", "target", "participant")
ACTOR_KINDS = ("person", "country", "organization", "group")
STATUSES = ("happened", "planned", "reported")
ORIGINS = ("manual", "extracted")


@dataclass(slots=True)
class Article:
    """One input document: its text and publication date (the DCT) plus metadata."""

    text: str
    published: date
    source: str | None = None
    url: str | None = None
    title: str | None = None
    doc_id: str | None = None  # the JSONL "id" or the file name


@dataclass(slots=True)
class ActorRef:
    """A canonical actor as resolved by the lexicon (or a new one found by a title pattern)."""

    name: str  # canonical name: "Kim Jong Un", "North Korea", "United Nations"
    kind: str = "person"  # person | country | organization | group
    country: str | None = None  # canonical country name ("North Korea"), None for IGOs
    role: str = "participant"  # source | target | participant
    aliases: tuple[str, ...] = ()  # known other names, stored as ActorAlias rows
    mention: str = ""  # the surface text in the sentence ("the North Korean leader")
    code: str | None = None  # CAMEO actor code on the event's date ("USAGOV", "SYRREB")
    #: how the actor was resolved: the mention rule ("actor.alias", "actor.pronoun",
    #: "actor.generic_office" ...) and its evidence (surface text, role rule, code rule)
    rule: str | None = None
    evidence: str | None = None

    @property
    def state(self) -> str | None:
        """The state the actor acts for: a country itself, else a person's or body's country."""
        return self.name if self.kind == "country" else self.country


@dataclass(slots=True)
class ExtractedEvent:
    """One event found in an article sentence."""

    type: str  # CAMEO root "01".."20" or "other"
    label: str  # human label: "consult (meeting)"
    summary: str  # one line: "Moon Jae-in meets Donald Trump in Washington"
    sentence: str  # the source sentence
    sentence_start: int  # char offsets of the sentence in the article text
    sentence_end: int
    cameo: str | None = None  # finer CAMEO code ("042") where known
    plover: str | None = None  # PLOVER category ("CONSULT")
    status: str = "happened"  # happened | planned | reported
    start: date | None = None  # None = undated (kept, flagged, never guessed)
    end: date | None = None
    granularity: str | None = None
    date_text: str | None = None  # the time expression that dated it ("on Thursday")
    timex_value: str | None = None  # its TIMEX3 value ("2019-04-11")
    actors: list[ActorRef] = field(default_factory=list)
    location: str | None = None  # canonical place name ("Washington")
    confidence: float = 0.5
    trigger: str = ""  # the trigger word(s) ("meets")
    rules: list[str] = field(default_factory=list)  # ids of the rules that decided
    coder: str = "rules"  # which coder decided the type: rules | model | rules+model
    probability: float | None = None  # the learned coder's probability of the type (None: rules)
    #: how context decided something ("actor.pronoun: 'He' = Antony Blinken, ...")
    evidence: list[str] = field(default_factory=list)

    @property
    def undated(self) -> bool:
        return self.start is None
