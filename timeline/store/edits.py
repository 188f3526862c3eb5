"""A person's merges and splits of events, and the evidence of every merge (``merge_note``).

* ``merge_events(ids)``: the events become one (the lowest id stays): mentions, actors and
  merge notes move to it, the others are deleted.
* ``split_event(id, mention)``: one mention (1-based, as ``show`` lists them; default the
  last) leaves the event and becomes a new event with its actors, type and interval.
* ``merge_notes(id)``: why the event holds its mentions (rule and evidence), oldest first.

Both edits pin the article sentences involved (``event_tombstone`` rows naming the event,
see ``timeline.store.content``): ingesting the articles again, a variant of them or another
article with those sentences puts each sentence on the event the person chose, so a split
event is never fused again and a merge is never undone. Both events are marked edited.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Connection

from timeline.errors import InputError
from timeline.events.types import ExtractedEvent
from timeline.records import EventRecord
from timeline.store.common import (
    DOCUMENT,
    EVENT_ACTOR,
    MENTION,
    MERGE_NOTE,
    actor_details,
    check_role,
    now_utc,
    place_key,
    translated,
)
from timeline.store.content import TOMBSTONE, sentence_sha256
from timeline.store.events import EventStore
from timeline.store.migrations import FTS_TABLE
from timeline.store.models import Event
from timeline.store.spans import note_spans


@dataclass(frozen=True, slots=True)
class MergeNoteRecord:
    """One line of an event's merge history."""

    rule: str
    evidence: dict[str, Any]
    document: str | None
    sentence: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "evidence": self.evidence,
            "document": self.document,
            "sentence": self.sentence,
            "created_at": self.created_at.isoformat(),
        }


def _sentence_keys(
    conn: Connection, event_id: int, mention_ids: Iterable[int] | None = None
) -> set[str]:
    stmt = select(MENTION.c.sentence).where(
        MENTION.c.event_id == event_id, MENTION.c.document_id.is_not(None)
    )
    if mention_ids is not None:
        stmt = stmt.where(MENTION.c.id.in_(sorted(mention_ids)))
    keys = (sentence_sha256(s) for s in conn.execute(stmt).scalars())
    return {k for k in keys if k is not None}


def _pin(conn: Connection, keys: set[str], type_: str, event_id: int) -> None:
    """Later ingests put these sentences (of this type) on ``event_id``: earlier pins of them
    to other events go; deletion tombstones stay."""
    if not keys:
        return
    conn.execute(
        delete(TOMBSTONE).where(
            TOMBSTONE.c.sentence_sha256.in_(sorted(keys)),
            TOMBSTONE.c.type == type_,
            TOMBSTONE.c.event_id.is_not(None),
        )
    )
    now = now_utc()
    conn.execute(
        TOMBSTONE.insert(),
        [
            {"sentence_sha256": k, "type": type_, "event_id": event_id, "created_at": now}
            for k in sorted(keys)
        ],
    )


def _note(conn: Connection, event_id: int, rule: str, evidence: dict[str, Any]) -> None:
    conn.execute(
        MERGE_NOTE.insert(),
        {
            "event_id": event_id,
            "document_id": None,
            "sentence": None,
            "rule": rule,
            "evidence": json.dumps(evidence, sort_keys=True),
            "created_at": now_utc(),
        },
    )


#: An article reader for ``split_event``: (text, published) -> its events (a pure pipeline).
Reader = Callable[[str, date], list[ExtractedEvent]]

_LINK_COLUMNS = (
    EVENT_ACTOR.c.actor_id,
    EVENT_ACTOR.c.role,
    EVENT_ACTOR.c.code,
    EVENT_ACTOR.c.rule,
    EVENT_ACTOR.c.evidence,
)

#: The merge type policy of ``merge_events`` (recorded in the merge note as ``type_rule``).
TYPE_POLICY = (
    "the type with the most mentions among the merged events; on a tie the finer CAMEO code "
    "(more digits); on a tie the lowest id's"
)


def _type_choice(conn: Connection, events: Sequence[Event]) -> dict[str, Any]:
    """Which merged event's type the merge keeps (``TYPE_POLICY``) and why."""
    ids = [e.id for e in events if e.id is not None]
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    rows = conn.execute(
        select(MENTION.c.event_id, func.count())
        .where(MENTION.c.event_id.in_(ids))
        .group_by(MENTION.c.event_id)
    ).all()
    counts.update(dict(rows))
    by_type: dict[str, int] = {}
    for e in events:
        by_type[e.type] = by_type.get(e.type, 0) + counts.get(e.id or 0, 0)

    def key(e: Event) -> tuple[int, int, int]:
        return (by_type[e.type], len(e.cameo or e.type), -(e.id or 0))

    ranked = sorted(events, key=key, reverse=True)
    best = ranked[0]
    rival = next((e for e in ranked if (e.type, e.cameo) != (best.type, best.cameo)), None)
    if rival is None:
        rule = "one type"
    elif key(rival)[0] < key(best)[0]:
        rule = "most mentions"
    elif key(rival)[1] < key(best)[1]:
        rule = "finer CAMEO code"
    else:
        rule = "lowest id"
    return {
        "type": best.type,
        "cameo": best.cameo,
        "type_rule": rule,
        "type_policy": TYPE_POLICY,
        "types": {str(e.id): [e.type, e.cameo, counts.get(e.id or 0, 0)] for e in events},
        "from": best.id,
        "event": best,
    }


def _reread(
    conn: Connection,
    ev: Event,
    doc_key: int | None,
    sent_start: int | None,
    sentence: str | None,
    reader: Reader | None,
) -> tuple[ExtractedEvent | None, str]:
    """The event the moved sentence itself yields in its article (same type, else the same
    type family), and how it was found ("sentence") or why not."""
    if doc_key is None:
        return None, "kept: a manual mention has no article to read"
    row = conn.execute(
        select(DOCUMENT.c.text, DOCUMENT.c.published).where(DOCUMENT.c.id == doc_key)
    ).first()
    if row is None:  # pragma: no cover - a mention's document is never deleted alone
        return None, "kept: the article is gone"
    if reader is None:
        from timeline.pipeline import pipeline

        reader = pipeline
    published = row[1] if isinstance(row[1], date) else date.fromisoformat(str(row[1]))
    events = reader(row[0], published)
    here = [
        e
        for e in events
        if (sent_start is not None and e.sentence_start == sent_start)
        or (sent_start is None and sentence and e.sentence.strip() == sentence.strip())
    ]
    from timeline.events.merge import _family

    for same in (
        lambda e: e.type == ev.type and (e.cameo or e.type) == (ev.cameo or ev.type),
        lambda e: e.type == ev.type,
        lambda e: _family(e.cameo) == _family(ev.cameo),
    ):
        hits = [e for e in here if same(e)]
        if hits:
            return hits[0], "sentence"
    return None, "kept: the sentence yields no event of this type on its own"


def _take_reading(new: Event, found: ExtractedEvent) -> None:
    """The new event takes the date, status and place its own sentence gives."""
    new.start = found.start
    new.end = found.end or found.start
    new.granularity = (found.granularity or "day") if found.start else None
    new.date_text = found.date_text if found.start else None
    new.timex_value = found.timex_value if found.start else None
    new.status = found.status
    if found.location:
        new.location = found.location
        new.location_folded = place_key(found.location)
    if found.summary.strip():
        new.summary = found.summary.strip()


class EditStore(EventStore):
    """``merge_events``, ``split_event`` and ``merge_notes``."""

    @translated
    def merge_events(self, ids: Sequence[int]) -> EventRecord:
        """Make these events one: the lowest id stays, with every mention and actor of the
        others (its own type, summary and place; its interval, or the first other one when it
        is undated). InputError for fewer than two different ids."""
        if len(ids) < 2:
            raise InputError("give at least two event ids to merge")
        seen: set[int] = set()
        for i in ids:
            if i in seen:
                raise InputError(f"event {i} is given twice: an event cannot be merged with itself")
            seen.add(i)
        target_id = min(ids)
        others = sorted(seen - {target_id})
        with self._session(write=True) as s:
            conn = s.connection()
            target = self._get(s, target_id)
            events = [self._get(s, i) for i in others]
            typed = _type_choice(conn, [target, *events])
            for ev in [target, *events]:
                _pin(conn, _sentence_keys(conn, ev.id or 0), ev.type, target_id)
            have = {
                r[0]
                for r in conn.execute(
                    select(EVENT_ACTOR.c.actor_id).where(EVENT_ACTOR.c.event_id == target_id)
                )
            }
            for ev in events:
                assert ev.id is not None
                links = conn.execute(
                    select(*_LINK_COLUMNS).where(EVENT_ACTOR.c.event_id == ev.id)
                ).all()
                new = [
                    {**row._asdict(), "event_id": target_id}
                    for row in links
                    if row.actor_id not in have
                ]
                have.update(row.actor_id for row in links)
                conn.execute(delete(EVENT_ACTOR).where(EVENT_ACTOR.c.event_id == ev.id))
                if new:
                    conn.execute(EVENT_ACTOR.insert(), new)
                for table in (MENTION, MERGE_NOTE):
                    conn.execute(
                        update(table).where(table.c.event_id == ev.id).values(event_id=target_id)
                    )
                conn.execute(
                    update(TOMBSTONE)
                    .where(TOMBSTONE.c.event_id == ev.id)
                    .values(event_id=target_id)
                )
                if target.start is None and ev.start is not None:
                    target.start, target.end, target.granularity = ev.start, ev.end, ev.granularity
                    target.date_text, target.timex_value = ev.date_text, ev.timex_value
                if self._has_fts:
                    conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": ev.id})
                s.delete(ev)
            chosen = typed["from"]
            if chosen != target_id:
                source = typed["event"]
                target.type, target.cameo, target.label = source.type, source.cameo, source.label
                target.summary = source.summary
            del typed["event"]
            target.edited = True
            target.updated_at = now_utc()
            s.add(target)
            s.flush()
            _note(conn, target_id, "user-merge", {"merged": others, "into": target_id, **typed})
            self._fts_refresh(conn, [target_id])
            note_spans(conn, [(target.granularity, target.start, target.end)])
            s.commit()
            return self._records(s, [target])[0]

    @translated
    def split_event(
        self, event_id: int, mention: int | None = None, reader: Reader | None = None
    ) -> tuple[EventRecord, EventRecord]:
        """Move one mention (1-based, in ``show`` order; default the last) to a new event;
        return (the event, the new one). The new event's date, status, place and actors are
        read again from the moved sentence in its article (``reader``: text, published ->
        events; default the rules pipeline), so it no longer carries what the other
        mentions said; a sentence that yields no event of that type family (or a manual
        mention) keeps the event's values, and the split note says which. InputError when
        the event has one mention or ``mention`` is not one of its numbers."""
        with self._session(write=True) as s:
            conn = s.connection()
            ev = self._get(s, event_id)
            rows = conn.execute(
                select(
                    MENTION.c.id,
                    MENTION.c.sentence,
                    MENTION.c.document_id,
                    MENTION.c.sentence_start,
                )
                .where(MENTION.c.event_id == event_id)
                .order_by(MENTION.c.id)
            ).all()
            if len(rows) < 2:
                raise InputError(f"event {event_id} has only one mention: nothing to split")
            n = len(rows) if mention is None else mention
            if not 1 <= n <= len(rows):
                raise InputError(
                    f"event {event_id} has mentions 1..{len(rows)} (see 'timeline show'), not {n}"
                )
            moved_id, sentence, doc_key, sent_start = rows[n - 1]
            found, why = _reread(conn, ev, doc_key, sent_start, sentence, reader)
            moved_keys = _sentence_keys(conn, event_id, [moved_id])
            kept_keys = _sentence_keys(conn, event_id, [r[0] for r in rows if r[0] != moved_id])
            now = now_utc()
            new = Event(
                type=ev.type,
                cameo=ev.cameo,
                label=ev.label,
                summary=(sentence or ev.summary).strip()[:200] or ev.summary,
                status=ev.status,
                origin=ev.origin,
                edited=True,
                confidence=ev.confidence,
                coder=ev.coder,
                coder_probability=ev.coder_probability,
                start=ev.start,
                end=ev.end,
                granularity=ev.granularity,
                date_text=ev.date_text,
                timex_value=ev.timex_value,
                location=ev.location,
                location_folded=ev.location_folded,
                source=ev.source,
                created_at=now,
                updated_at=now,
            )
            if found is not None:
                _take_reading(new, found)
            s.add(new)
            s.flush()
            assert new.id is not None
            if found is not None and found.actors:
                new_links: dict[int, dict[str, Any]] = {}
                for ref in found.actors:
                    actor = self._upsert_actor(s, ref)
                    assert actor.id is not None
                    new_links.setdefault(
                        actor.id,
                        {"event_id": new.id, "actor_id": actor.id,
                         "role": check_role(ref.role), **actor_details(ref)},
                    )  # fmt: skip
                conn.execute(EVENT_ACTOR.insert(), list(new_links.values()))
            else:
                links = conn.execute(
                    select(*_LINK_COLUMNS).where(EVENT_ACTOR.c.event_id == event_id)
                ).all()
                if links:
                    conn.execute(
                        EVENT_ACTOR.insert(),
                        [{**row._asdict(), "event_id": new.id} for row in links],
                    )
            conn.execute(update(MENTION).where(MENTION.c.id == moved_id).values(event_id=new.id))
            _pin(conn, kept_keys - moved_keys, ev.type, event_id)
            _pin(conn, moved_keys, ev.type, new.id)
            ev.edited = True
            ev.updated_at = now
            s.add(ev)
            s.flush()
            evidence: dict[str, Any] = {"from": event_id, "to": new.id, "mention": n}
            evidence["reread"] = why
            if found is not None:
                evidence["date_text"] = found.date_text
                evidence["actors"] = [f"{a.name}/{a.role}" for a in found.actors]
            _note(conn, event_id, "user-split", evidence)
            _note(conn, new.id, "user-split", evidence)
            self._fts_refresh(conn, [event_id])
            self._fts_refresh(conn, [new.id], stale=[])
            s.commit()
            kept, made = self._records(s, [ev, new])
            return kept, made

    @translated
    def merge_notes(self, event_id: int) -> list[MergeNoteRecord]:
        """The event's merge history, oldest first (empty for events merged before m007)."""
        with self._session() as s:
            self._get(s, event_id)
            rows = (
                s.connection()
                .execute(
                    select(
                        MERGE_NOTE.c.rule,
                        MERGE_NOTE.c.evidence,
                        DOCUMENT.c.doc_id,
                        DOCUMENT.c.title,
                        MERGE_NOTE.c.document_id,
                        MERGE_NOTE.c.sentence,
                        MERGE_NOTE.c.created_at,
                    )
                    .outerjoin(DOCUMENT, DOCUMENT.c.id == MERGE_NOTE.c.document_id)
                    .where(MERGE_NOTE.c.event_id == event_id)
                    .order_by(MERGE_NOTE.c.id)
                )
                .all()
            )
        out = []
        for rule, evidence, doc_id, title, doc_key, sentence, created in rows:
            document = (doc_id or title or f"document {doc_key}") if doc_key is not None else None
            out.append(
                MergeNoteRecord(rule, json.loads(evidence or "{}"), document, sentence, created)
            )
        return out


__all__ = ["EditStore", "MergeNoteRecord"]
