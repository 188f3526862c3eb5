"""Manual events: add, correct, delete, get, and the typed records the store returns.

Actor names arrive resolved (``Chooser``: see ``timeline.store.store``); the records
(``timeline.records.EventRecord``) keep dates as ``date`` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.engine import Row
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from timeline import cameo
from timeline.errors import InputError, NotFoundError
from timeline.events.types import ActorRef
from timeline.records import EventRecord
from timeline.store.actors import ActorChoice, ActorRegistry
from timeline.store.common import (
    EVENT,
    MAX_ID,
    check_status,
    now_utc,
    place_key,
    translated,
)
from timeline.store.content import bury
from timeline.store.migrations import FTS_TABLE
from timeline.store.models import Event, EventActor, Mention
from timeline.store.record_rows import (
    EVENT_COLUMNS,
    MAX_CHUNK,
    Execute,
    build_records,
    sqlite_chunk,
)
from timeline.store.spans import note_spans
from timeline.store.types import EventInput, EventUpdate

#: Resolves a user-typed actor at a date (the event's start) before it reaches the registry.
Chooser = Callable[[ActorRef, date | None], ActorChoice]


class EventStore(ActorRegistry):
    """Manual event CRUD (``add``, ``edit``, ``delete``, ``show``)."""

    def _add_event(self, data: EventInput, choose: Chooser) -> int:
        """Insert a manual event (``choose`` resolves the names in ``data.actors``); its id."""
        with self._session(write=True) as s:
            event_id = self._insert_event(s, data, choose)
            s.commit()
            return event_id

    def _insert_event(self, s: Session, data: EventInput, choose: Chooser) -> int:
        """Insert a manual event in the session ``s`` (not committed); its id."""
        type_ = cameo.validate_type(data.type)
        code = cameo.validate_cameo(data.cameo) if data.cameo else None
        if code and code[:2] != type_:
            raise InputError(f"CAMEO code {code} is not of type {type_}")
        status = check_status(data.status)
        if data.origin not in ("manual", "extracted"):
            raise InputError(f"unknown origin {data.origin!r}: use manual or extracted")
        summary = data.summary.strip()
        if not summary:
            raise InputError("the event text is empty")
        iv = data.interval
        now = now_utc()
        ev = Event(
            type=type_,
            cameo=code,
            label=cameo.label(code or type_),
            summary=summary,
            status=status,
            origin=data.origin,
            confidence=data.confidence,
            start=iv.start if iv else None,
            end=iv.end if iv else None,
            granularity=iv.granularity if iv else None,
            date_text=(iv.text or None) if iv else None,
            timex_value=iv.value if iv else None,
            location=(data.location or "").strip() or None,
            location_folded=place_key(data.location),
            source=(data.source or "").strip() or None,
            created_at=now,
            updated_at=now,
        )
        s.add(ev)
        s.flush()
        assert ev.id is not None
        when = iv.start if iv else None
        actors = [self._link_for(s, choose(ref, when), ref.role) for ref in data.actors]
        self._set_actors(s, ev.id, actors, replace=False)
        s.add(
            Mention(
                event_id=ev.id,
                document_id=None,
                sentence=summary,
                date_text=ev.date_text,
                timex_value=ev.timex_value,
            )
        )
        s.flush()
        self._fts_refresh(s.connection(), [ev.id])
        note_spans(s.connection(), [(ev.granularity, ev.start, ev.end)])
        return ev.id

    def _update_event(self, event_id: int, update: EventUpdate, choose: Chooser) -> EventRecord:
        """Apply a manual correction; the event is marked edited (re-ingest never touches it)."""
        with self._session(write=True) as s:
            ev = self._apply_update(s, event_id, update, choose)
            s.commit()
            return self._records(s, [ev])[0]

    def _apply_update(
        self, s: Session, event_id: int, update: EventUpdate, choose: Chooser
    ) -> Event:
        """Apply a manual correction in the session ``s`` (not committed)."""
        type_ = cameo.validate_type(update.type) if update.type is not None else None
        status = check_status(update.status) if update.status is not None else None
        ev = self._get(s, event_id)
        # Before the change: re-ingesting its article gives this event the mention.
        bury(s.connection(), event_id, ev.type, edited=True)
        if type_ is not None:
            ev.type = type_
        if update.cameo is not None:
            ev.cameo = cameo.validate_cameo(update.cameo) if update.cameo.strip() else None
        if ev.cameo and ev.cameo[:2] != ev.type:
            if update.cameo:
                raise InputError(f"CAMEO code {ev.cameo} is not of type {ev.type}")
            ev.cameo = None  # the type changed: the finer code no longer applies
        ev.label = cameo.label(ev.cameo or ev.type)
        if update.summary is not None:
            if not update.summary.strip():
                raise InputError("the event text is empty")
            ev.summary = update.summary.strip()
        if status is not None:
            ev.status = status
        if update.undated:
            ev.start = ev.end = ev.granularity = ev.date_text = ev.timex_value = None
        elif update.interval is not None:
            iv = update.interval
            ev.start, ev.end, ev.granularity = iv.start, iv.end, iv.granularity
            ev.date_text, ev.timex_value = iv.text or None, iv.value
        if update.location is not None:
            ev.location = update.location.strip() or None
            ev.location_folded = place_key(ev.location)
        if update.source is not None:
            ev.source = update.source.strip() or None
        if update.confidence is not None:
            if not 0.0 <= update.confidence <= 1.0:
                raise InputError("confidence must be between 0 and 1")
            ev.confidence = update.confidence
        if update.actors is not None:
            actors = [self._link_for(s, choose(ref, ev.start), ref.role) for ref in update.actors]
            self._set_actors(s, event_id, actors, replace=True)
        ev.edited = True
        ev.updated_at = now_utc()
        s.add(ev)
        s.flush()
        self._fts_refresh(s.connection(), [event_id])
        note_spans(s.connection(), [(ev.granularity, ev.start, ev.end)])
        return ev

    @translated
    def delete_event(self, event_id: int) -> None:
        with self._session(write=True) as s:
            ev = self._get(s, event_id)
            # Re-ingesting any variant of its articles never brings it back.
            bury(s.connection(), event_id, ev.type, edited=False)
            s.delete(ev)
            s.flush()
            # Explicit, for databases without ON DELETE CASCADE enforcement.
            for model in (EventActor, Mention):
                s.exec(delete(model).where(col(model.event_id) == event_id))  # type: ignore[call-overload]
            if self._has_fts:
                s.connection().execute(
                    text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": event_id}
                )
            s.commit()

    def _get(self, s: Session, event_id: int) -> Event:
        if not 1 <= event_id <= MAX_ID:  # beyond 64 bits the driver would overflow
            raise NotFoundError(f"no event with id {event_id}")
        ev = s.get(Event, event_id)
        if ev is None:
            raise NotFoundError(f"no event with id {event_id}")
        return ev

    def _records(
        self, s: Session, events: Sequence[Event | Row[Any]], mentions: bool = True
    ) -> list[EventRecord]:
        return load_records(s, events, mentions)

    @translated
    def get_event(self, event_id: int) -> EventRecord:
        with self._session() as s:
            return self._records(s, [self._get(s, event_id)])[0]


#: The event columns a record is built from (``load_records`` takes rows of these, or
#: ``Event`` objects).
RECORD_COLUMNS = tuple(EVENT.c[name] for name in EVENT_COLUMNS)


def _event_tuple(e: Event | Row[Any]) -> tuple[Any, ...]:
    """The ``RECORD_COLUMNS`` of an event: a row as is, an ``Event`` by attribute."""
    if isinstance(e, Event):
        return tuple(getattr(e, c.name) for c in RECORD_COLUMNS)
    return tuple(e)


def driver_execute(s: Session) -> tuple[Execute, str, int]:
    """A plain DBAPI ``execute`` on the session's connection (same transaction) for
    ``build_records``, the driver's parameter mark and ids per statement."""
    conn = s.connection()
    raw = conn.connection.driver_connection
    qmark = conn.dialect.paramstyle == "qmark"
    mark = "?" if qmark else "%s"
    chunk = sqlite_chunk(raw) if qmark else MAX_CHUNK  # psycopg: up to 65,535 parameters

    dbapi_error = conn.dialect.loaded_dbapi.Error

    def execute(sql: str, params: Sequence[Any]) -> list[Any]:
        cur = raw.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(sql, params)
            return cur.fetchall()  # type: ignore[no-any-return]
        except dbapi_error as exc:  # as SQLAlchemy raises it: the store's error line
            raise DBAPIError.instance(sql, params, exc, dbapi_error) from exc
        finally:
            cur.close()

    return execute, mark, chunk


def load_records(
    s: Session, events: Sequence[Event | Row[Any]], mentions: bool = True
) -> list[EventRecord]:
    """The typed records of these events (``Event`` objects or rows of ``RECORD_COLUMNS``):
    ``timeline.store.record_rows.build_records``, the builder the stdlib read path uses too
    (``mentions``: False leaves every record's mentions empty, unread)."""
    execute, mark, chunk = driver_execute(s)
    return build_records(execute, [_event_tuple(e) for e in events], mark, chunk, mentions)
