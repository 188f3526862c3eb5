"""The one builder of ``EventRecord`` rows: shared by ``Store.query`` (SQLite and PostgreSQL)
and the stdlib read path (``timeline.store.sqlite_read``), so the two cannot drift.

It takes the event rows as plain DBAPI tuples (``EVENT_COLUMNS``, in that order), reads their
links, actors and mentions with plain statements through the same DBAPI connection and builds
the records in one pass: no SQLAlchemy (the stdlib read path must not import it), no ORM
object, no attribute access per row. On a 1M-event store, building the ~760 records of an
actor's month this way costs a few milliseconds, against ~15 ms through SQLAlchemy rows
(issue 10). Dates arrive as ISO text from SQLite and as ``date`` from PostgreSQL: both
become ``date``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from operator import itemgetter
from typing import Any

from timeline import cameo
from timeline.events.types import ROLES
from timeline.records import ActorLink, EventRecord, MentionRecord

#: The event columns a record is built from, in the order of the rows ``build_records`` takes.
EVENT_COLUMNS = (
    "id", "type", "cameo", "label", "summary", "status", "start", "end", "granularity",
    "date_text", "location", "confidence", "origin", "coder", "coder_probability", "edited",
    "source",
)  # fmt: skip
#: ``EVENT_COLUMNS`` as a SELECT list of the ``event`` table ("end" is a reserved word).
EVENT_SELECT = ", ".join(f'"{c}"' if c == "end" else c for c in EVENT_COLUMNS)
CHUNK = 500  # ids per statement where the driver's limit is not known (SQLite before 3.32: 999)
MAX_CHUNK = 10_000  # ids per statement at most (one statement per kind for a large read)
ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}

#: Runs one statement (``?`` or ``%s`` marks, as ``mark`` says) and returns its rows.
Execute = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]

_LINKS = "SELECT event_id, actor_id, role, code, rule, evidence FROM event_actor WHERE event_id {}"
_ACTORS = "SELECT id, name, country FROM actor WHERE id {}"
_MENTIONS = (
    "SELECT mention.event_id, mention.sentence, mention.document_id, document.doc_id, "
    "document.title, document.url, document.source, document.published FROM mention "
    "LEFT OUTER JOIN document ON document.id = mention.document_id "
    "WHERE mention.event_id {} ORDER BY mention.id"
)

# An ``EventRecord`` is built from a dict of all its fields (``object.__new__`` and its
# ``__dict__``): the frozen dataclass's ``__init__`` sets each of its ~20 fields through
# ``object.__setattr__``, which costs more than the rest of a record. ``_RECORD_DEFAULTS``
# holds every field the rows do not give (derived from the class, so a new field with a
# default is never missing; tests compare with records built by ``__init__``).
_RECORD_FIELDS = tuple(f.name for f in fields(EventRecord))
_ROW_FIELDS = (
    "id", "type", "cameo", "plover", "label", "summary", "status", "start", "end",
    "granularity", "date_text", "actors", "location", "confidence", "origin", "mentions",
    "coder", "coder_probability", "edited",
)  # fmt: skip
_RECORD_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(EventRecord) if f.name not in _ROW_FIELDS
}
assert set(_ROW_FIELDS) | set(_RECORD_DEFAULTS) == set(_RECORD_FIELDS)


def _members(mark: str, ids: Sequence[int]) -> tuple[str, Sequence[Any]]:
    """The test "is one of these ids" and its parameters: ``= ANY(%s)`` with one array for
    psycopg (one short statement text whatever the number of ids: psycopg parses a statement's
    text on every call, and 762 ``%s`` marks cost it ~1.5 ms), ``IN (?, ?, ...)`` for sqlite3."""
    if mark == "%s":
        return "= ANY(%s)", [list(ids)]
    return f"IN ({', '.join([mark] * len(ids))})", ids


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


#: Stored dates already read, by their stored value (ISO text from SQLite, ``date`` from
#: PostgreSQL): a store holds a few thousand distinct dates, read again by every query.
_DATES: dict[Any, date] = {}
_MAX_DATES = 100_000


def _read_date(value: Any) -> date:
    """A stored date (not None) as ``date``, remembered in ``_DATES``. Callers look it up
    first: ``_DATES.get(value) or (value and _read_date(value))`` (None stays None)."""
    if isinstance(value, date):  # PostgreSQL (a datetime is cut to its date)
        out = value if type(value) is date else date(value.year, value.month, value.day)
    else:
        out = date.fromisoformat(str(value)[:10])
    if len(_DATES) >= _MAX_DATES:
        _DATES.clear()
    _DATES[value] = out
    return out


_first = itemgetter(0)  # a link's sort key: stable, never compares the links themselves


def build_records(
    execute: Execute,
    rows: Sequence[Sequence[Any]],
    mark: str = "?",
    chunk: int = CHUNK,
    mentions: bool = True,
) -> list[EventRecord]:
    """The records of these event rows (``EVENT_COLUMNS``, in their order): actors sorted by
    role then name, mentions in stored order; ``execute`` reads the links, actors and
    mentions (``mark``: the driver's parameter mark, ``?`` for sqlite3, ``%s`` for psycopg;
    ``chunk``: ids per statement, within the driver's limit of parameters; ``mentions``:
    False reads no mention, every record's ``mentions`` is empty: for a listing that shows
    none, such as ``timeline query``'s table).

    The cycle collector is paused while they are built: the records hold no cycles, and
    the thousands of objects they are made of would otherwise start collections that walk
    the whole heap of a process that has imported SQLAlchemy (~2 ms of ~10 on a 1M store)."""
    with gc_paused():
        return _build(execute, rows, mark, max(1, min(chunk, MAX_CHUNK)), mentions)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off inside (and back as it was after): for reads that allocate
    thousands of acyclic rows and records."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _build(
    execute: Execute, rows: Sequence[Sequence[Any]], mark: str, size: int, with_mentions: bool
) -> list[EventRecord]:
    date_of, as_date = _DATES.get, _read_date
    ids = [r[0] for r in rows]
    sources = {r[0]: r[16] for r in rows}
    # an event's links with their sort key (role, then name), sorted once they are all read
    links_of: dict[int, list[tuple[tuple[int, str], ActorLink]]] = {}
    mentions_of: dict[int, list[MentionRecord]] = {}
    names: dict[int, tuple[str, str | None]] = {}
    # frozen: one object per actor, role and resolution (code, rule, evidence)
    shared: dict[tuple[Any, ...], tuple[tuple[int, str], ActorLink]] = {}
    for chunk in _chunks(ids, size):
        test, params = _members(mark, chunk)
        links = list(execute(_LINKS.format(test), params))
        wanted = sorted({link[1] for link in links} - names.keys())
        for some in _chunks(wanted, size):
            some_test, some_params = _members(mark, some)
            for actor_id, name, country in execute(_ACTORS.format(some_test), some_params):
                names[actor_id] = (name, country)
        for event_id, actor_id, role, code, rule, evidence in links:
            key = (actor_id, role, code, rule, evidence)
            link = shared.get(key)
            if link is None:
                name, country = names[actor_id]
                link = shared[key] = (
                    (ROLE_ORDER.get(role, 9), name),
                    ActorLink(name, role, country, code, rule, evidence),
                )
            got = links_of.get(event_id)
            if got is None:
                links_of[event_id] = [link]
            else:
                got.append(link)
        if not with_mentions:
            continue
        for event_id, sentence, doc_key, doc_id, title, url, source, published in execute(
            _MENTIONS.format(test), params
        ):
            if doc_key is not None:
                mention = MentionRecord(
                    doc_id or title or url or f"document {doc_key}",
                    source,
                    (date_of(published) or as_date(published)) if published else None,
                    sentence,
                    url,
                )
            else:
                mention = MentionRecord(None, sources.get(event_id), None, sentence, None)
            got_m = mentions_of.get(event_id)
            if got_m is None:
                mentions_of[event_id] = [mention]
            else:
                got_m.append(mention)
    plover: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    new = object.__new__
    set_attr = object.__setattr__
    extra = _RECORD_DEFAULTS
    out = []
    for (event_id, type_, code, label, summary, status, start, end, granularity, date_text,
         location, confidence, origin, coder, coder_probability, edited, _) in rows:  # fmt: skip
        key = code or type_
        if key not in plover:
            plover[key] = cameo.plover(key)
        if not label:
            label = labels.get(key) or labels.setdefault(key, cameo.label(key))
        linked = links_of.get(event_id)
        if linked is None:
            actors: tuple[ActorLink, ...] = ()
        elif len(linked) == 1:
            actors = (linked[0][1],)
        elif len(linked) == 2:
            one, two = linked
            actors = (two[1], one[1]) if two[0] < one[0] else (one[1], two[1])
        else:
            actors = tuple([pair[1] for pair in sorted(linked, key=_first)])
        said = mentions_of.get(event_id)
        record = new(EventRecord)
        set_attr(record, "__dict__", {
            "id": event_id, "type": type_, "cameo": code, "plover": plover[key],
            "label": label, "summary": summary, "status": status,
            "start": date_of(start) or (start and as_date(start)),
            "end": date_of(end) or (end and as_date(end)), "granularity": granularity,
            "date_text": date_text, "actors": actors, "location": location,
            "confidence": confidence, "origin": origin,
            "mentions": tuple(said) if said else (), "coder": coder,
            "coder_probability": coder_probability, "edited": bool(edited), **extra,
        })  # fmt: skip
        out.append(record)
    return out


def sqlite_chunk(conn: Any) -> int:
    """Ids per statement on a ``sqlite3`` connection: its limit of parameters."""
    import sqlite3

    try:
        return int(conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):  # pragma: no cover - before Python 3.11
        return CHUNK
