"""Content keys and tombstones: what makes re-ingest idempotent beyond exact bytes.

* ``content_key(text)``: the text under Unicode NFKC, without format characters (zero-width
  spaces, byte-order marks, soft hyphens) and with every run of whitespace one space. Two
  articles with the same key are the same article (header lines are not part of the text:
  the loader strips them), so a whitespace-only or normal-form variant is skipped.
* Tombstones (``event_tombstone``): one row per (source sentence, event type) of an event a
  person deleted or edited. Re-ingesting any variant of the article (or another article with
  that sentence) never recreates a deleted event, and an edited event takes the new mention
  instead of a duplicate with the old, uncorrected date.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from timeline.store.models import EventTombstone, Mention

TOMBSTONE = EventTombstone.__table__  # type: ignore[attr-defined]
_MENTION = Mention.__table__  # type: ignore[attr-defined]

_SQL_TOMBSTONES = select(TOMBSTONE.c.sentence_sha256, TOMBSTONE.c.type, TOMBSTONE.c.event_id).where(
    TOMBSTONE.c.sentence_sha256.in_(bindparam("keys", expanding=True))
)
_RAW_TOMBSTONES = (
    f"SELECT sentence_sha256, type, event_id FROM {TOMBSTONE.name} WHERE sentence_sha256 IN ({{}})"
)
_SQL_SENTENCES = select(_MENTION.c.sentence).where(
    _MENTION.c.event_id == bindparam("event_id"), _MENTION.c.document_id.is_not(None)
)


def content_key(text: str) -> str:
    """Text normalised for comparison: NFKC, format characters dropped, whitespace collapsed.

    >>> content_key("Moon\\u00a0met  Trump.\\r\\n\\n\\ufeffThey talked.")
    'Moon met Trump. They talked.'
    """
    if text.isascii():  # NFKC leaves ASCII as it is and it holds no format character
        return " ".join(text.split())
    norm = unicodedata.normalize("NFKC", text)
    norm = "".join(ch for ch in norm if unicodedata.category(ch) != "Cf")
    return " ".join(norm.split())


def content_sha256(text: str) -> str:
    """The sha256 of ``content_key(text)``: equal for variants of the same article."""
    return hashlib.sha256(content_key(text).encode("utf-8")).hexdigest()


def sentence_sha256(sentence: str) -> str | None:
    """The key of a source sentence (None when it has no text)."""
    key = content_key(sentence or "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest() if key else None


def bury(conn: Connection, event_id: int, type_: str, *, edited: bool) -> None:
    """Record the event's article sentences before a person changes it.

    ``edited``: the event stays, so later mentions of these sentences go to it; otherwise it
    is being deleted: earlier edit tombstones of it become deletions too.
    """
    sentences = conn.execute(_SQL_SENTENCES, {"event_id": event_id}).scalars()
    keys = {k for k in map(sentence_sha256, sentences) if k is not None}
    if not edited:
        conn.execute(
            update(TOMBSTONE).where(TOMBSTONE.c.event_id == event_id).values(event_id=None)
        )
    target = event_id if edited else None
    have = {
        (row.sentence_sha256, row.type, row.event_id)
        for row in conn.execute(_SQL_TOMBSTONES, {"keys": sorted(keys)})
    } if keys else set()  # fmt: skip
    now = datetime.now(UTC)
    rows = [
        {"sentence_sha256": k, "type": type_, "event_id": target, "created_at": now}
        for k in sorted(keys)
        if (k, type_, target) not in have
    ]
    if rows:
        conn.execute(TOMBSTONE.insert(), rows)


def tombstones(
    conn: Connection, pairs: Iterable[tuple[str | None, str]]
) -> dict[tuple[str, str], int | None]:
    """For (sentence key, type) pairs: the edited event that takes their mentions, or None
    when they belong to a deleted event. Pairs without a tombstone are left out."""
    wanted = {(k, t) for k, t in pairs if k is not None}
    if not wanted:
        return {}
    found: dict[tuple[str, str], int | None] = {}
    keys = sorted({k for k, _ in wanted})
    from timeline.store import driver

    if driver.on(conn):
        sql = _RAW_TOMBSTONES.format(driver.marks(len(keys)))
        rows = driver.run(conn, sql, keys, fetch=True)
    else:
        rows = conn.execute(_SQL_TOMBSTONES, {"keys": keys}).all()
    for key, type_, event_id in rows:
        pair = (key, type_)
        if pair not in wanted:
            continue
        # An edited event that still exists wins over a deletion of the same sentence.
        if event_id is not None or pair not in found:
            found[pair] = event_id if event_id is not None else found.get(pair)
    return found


__all__ = ["bury", "content_key", "content_sha256", "sentence_sha256", "tombstones"]
