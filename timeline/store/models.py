"""SQLModel tables: documents, events, actors and their aliases, event roles, mentions.

Dates are inclusive ISO dates (``start``..``end``) plus the ``granularity`` of the source text:
a month-precise event is stored as the whole month, never with an invented day. Names that are
looked up by users (actor names, aliases, locations) also keep a ``fold``-ed key, indexed.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Document(SQLModel, table=True):
    """One ingested article, identified by the sha256 of its text (line endings normalised)."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True, index=True)
    #: sha256 of the normalised text (``timeline.store.content``): variants are the same article.
    content_sha256: str | None = Field(default=None, max_length=64, index=True)
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: date
    text: str
    doc_id: str | None = None
    ingested_at: datetime


class Event(SQLModel, table=True):
    """A diplomatic event: type, interval with precision, status, provenance."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_start_end", "start", "end"),
        Index("ix_event_type", "type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=8)  # CAMEO root "01".."20" or "other"
    cameo: str | None = Field(default=None, max_length=8)
    label: str = ""
    summary: str
    status: str = Field(default="happened", max_length=16)  # happened | planned | reported
    origin: str = Field(default="manual", max_length=16)  # manual | extracted
    edited: bool = False  # set by manual edits: re-ingest never overwrites the event
    confidence: float = 1.0
    coder: str | None = Field(default=None, max_length=16)  # rules | model | rules+model (m004)
    coder_probability: float | None = None  # the learned coder's probability of the type (m004)
    start: date | None = None  # None = undated
    end: date | None = None
    granularity: str | None = Field(default=None, max_length=16)
    date_text: str | None = None
    timex_value: str | None = None
    location: str | None = None
    location_folded: str | None = None
    source: str | None = None  # free text for manual events ("Yonhap, 2019-04-12")
    created_at: datetime
    updated_at: datetime


class Actor(SQLModel, table=True):
    """A canonical actor: person, country, organization, group (or unknown)."""

    __tablename__ = "actor"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    folded: str = Field(index=True)
    kind: str = Field(default="unknown", max_length=16)
    country: str | None = None


class ActorAlias(SQLModel, table=True):
    """Another name of an actor ("DPRK", "Pyongyang"); the canonical name is an alias too."""

    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "folded", name="uq_actor_alias_folded"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", ondelete="CASCADE")
    alias: str
    folded: str = Field(index=True)


class EventActor(SQLModel, table=True):
    """An actor's role in an event: source, target or participant."""

    __tablename__ = "event_actor"

    # No single-column indexes (m012): the primary key (event_id, actor_id) and
    # ix_event_actor_actor_event (actor_id, event_id, m003) serve both lookups.
    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="actor.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(default="participant", max_length=16)
    #: the actor's CAMEO actor code in this event ("USAGOV", "SYRREB"), the rule that resolved
    #: the actor from the sentence and its evidence (m008; NULL for links made before)
    code: str | None = Field(default=None, max_length=16)
    rule: str | None = Field(default=None, max_length=48)
    evidence: str | None = None


class Mention(SQLModel, table=True):
    """Where an event was reported: a sentence of a document (None for manual events)."""

    __tablename__ = "mention"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    document_id: int | None = Field(
        default=None, foreign_key="document.id", index=True, ondelete="CASCADE"
    )
    sentence: str = ""
    sentence_start: int | None = None
    sentence_end: int | None = None
    date_text: str | None = None
    timex_value: str | None = None


class EventTombstone(SQLModel, table=True):
    """A source sentence of an event a person deleted (``event_id`` None) or edited: ingest
    never recreates the event from that sentence (same type), whatever article repeats it;
    an edited event takes the new mention. Created by migration m005."""

    __tablename__ = "event_tombstone"

    id: int | None = Field(default=None, primary_key=True)
    sentence_sha256: str = Field(max_length=64, index=True)
    type: str = Field(max_length=8)  # the event's type when it was deleted or edited
    event_id: int | None = None  # the edited event; None: deleted
    created_at: datetime


class MergeNote(SQLModel, table=True):
    """Why an event holds a mention or was changed by a person (created by migration m007).

    ``rule``: ``ingest-merge`` (an extracted event became a mention of a stored one),
    ``ingest-in-article`` (two events of one article fused), ``pinned`` (a sentence a person
    placed went back to its event), ``user-merge``, ``user-split``. ``evidence`` is JSON: the
    scores the rule used (shared actors, overlap in days, granularities) or the event ids.
    """

    __tablename__ = "merge_note"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(index=True)
    document_id: int | None = None
    sentence: str | None = None
    rule: str = Field(max_length=32)
    evidence: str = "{}"
    created_at: datetime


#: The tables of m001 (the models as they were then, plus columns later migrations add).
TABLES = (Document, Event, Actor, ActorAlias, EventActor, Mention)
