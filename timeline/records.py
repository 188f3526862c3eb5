"""The typed event record the store hands to render and the CLI (dates kept as ``date``).

``EventRecord.to_dict()`` is the DESIGN.md event JSON shape (dates as ISO strings). The record
also reads like that dict (``record["start"]``, ``record.get("actors")``), so code written for
the JSON shape (and the JSON fixtures render is tested with) works on either; new code should
use the attributes. Light to import: no database, no lexicon.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.events.types import ExtractedEvent


@dataclass(frozen=True, slots=True)
class ActorLink:
    """An actor of an event, as shown: canonical name, role and country."""

    name: str
    role: str
    country: str | None = None
    code: str | None = None  # CAMEO actor code in this event ("USAGOV"; None: not known)
    rule: str | None = None  # the rule that resolved the actor ("actor.alias", "manual")
    evidence: str | None = None  # the surface text, the role rule, the code rule

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "country": self.country,
            "code": self.code,
            "rule": self.rule,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """Where an event was read: the document (None for a manual event), source, sentence."""

    document: str | None
    source: str | None
    published: date | None
    sentence: str | None
    url: str | None = None  # the article's address, when it has one

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
            "url": self.url,
        }


@dataclass(frozen=True, eq=False)
class EventRecord(Mapping[str, Any]):
    """One event. ``id`` is None (and ``mentions`` empty) for an extracted, unstored event."""

    id: int | None
    type: str
    cameo: str | None
    plover: str | None
    label: str
    summary: str
    status: str
    start: date | None
    end: date | None
    granularity: str | None
    date_text: str | None
    actors: tuple[ActorLink, ...] = ()
    location: str | None = None
    confidence: float = 0.5
    origin: str = "extracted"
    mentions: tuple[MentionRecord, ...] = ()
    coder: str | None = None  # rules | model | rules+model (None: manual, or stored before m004)
    coder_probability: float | None = None  # the learned coder's probability of the type
    edited: bool = False
    sentence: str | None = None  # an unstored extracted event's evidence (``extract``)
    _dict: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def undated(self) -> bool:
        return self.start is None

    @property
    def stored(self) -> bool:
        return self.id is not None

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md JSON shape. A stored event: with ``id``, ``mentions``, ``edited`` and
        ``undated``; an extracted one (``extract``): without them, with its ``sentence``."""
        cached = self._dict
        if cached is None:
            cached = self._build_dict()
            object.__setattr__(self, "_dict", cached)
        return dict(cached)

    def _build_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {} if self.id is None else {"id": self.id}
        out.update(
            {
                "type": self.type,
                "cameo": self.cameo,
                "plover": self.plover,
                "label": self.label,
                "summary": self.summary,
                "status": self.status,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "granularity": self.granularity,
                "date_text": self.date_text,
                "actors": [a.to_dict() for a in self.actors],
                "location": self.location,
                "confidence": self.confidence,
                "coder": self.coder,
                "coder_probability": self.coder_probability,
                "origin": self.origin,
            }
        )
        if self.id is None:
            out["sentence"] = self.sentence
        else:
            out["mentions"] = [m.to_dict() for m in self.mentions]
            out["edited"] = self.edited
            out["undated"] = self.start is None
        return out

    # -- read like the JSON dict -------------------------------------------------------------

    def _view(self) -> dict[str, Any]:
        cached = self._dict
        if cached is None:
            cached = self._build_dict()
            object.__setattr__(self, "_dict", cached)
        return cached

    def __getitem__(self, key: str) -> Any:
        return self._view()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventRecord):
            return self._view() == other._view()
        if isinstance(other, Mapping):
            return self._view() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a mutable-looking mapping: not hashable

    @classmethod
    def from_extracted(cls, event: ExtractedEvent) -> EventRecord:
        """An extracted (unstored) event, as ``extract`` prints it."""
        from timeline import cameo

        return cls(
            id=None,
            type=event.type,
            cameo=event.cameo,
            plover=event.plover or cameo.plover(event.cameo or event.type),
            label=event.label,
            summary=event.summary,
            status=event.status,
            start=event.start,
            end=event.end,
            granularity=event.granularity,
            date_text=event.date_text,
            actors=tuple(
                ActorLink(a.name, a.role, a.country, a.code, a.rule, a.evidence)
                for a in event.actors
            ),
            location=event.location,
            confidence=event.confidence,
            origin="extracted",
            sentence=event.sentence,
            coder=event.coder,
            coder_probability=event.probability,
        )


def as_dict(event: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON shape of a record or of an event dict (returned as is)."""
    if isinstance(event, EventRecord):
        return event.to_dict()
    return dict(event)


__all__ = ["ActorLink", "EventRecord", "MentionRecord", "as_dict"]
