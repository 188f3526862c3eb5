"""The event store: SQLModel tables on SQLite (default) or any SQLAlchemy database.

>>> from timeline.store import open_store, EventInput
>>> with open_store(":memory:") as store:
...     event_id = store.add_event(EventInput(summary="Moon meets Trump", type="04"))
...     store.get_event(event_id)["label"]
'consult'

The names are imported on first use (PEP 562): SQLAlchemy and SQLModel cost a noticeable part
of a command's start-up, and commands such as ``tag`` or ``extract`` never need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "EventFilter": "timeline.store.filters",
    "EventInput": "timeline.store.types",
    "EventRecord": "timeline.records",
    "EventUpdate": "timeline.store.types",
    "IngestResult": "timeline.store.types",
    "Store": "timeline.store.store",
    "open_store": "timeline.store.store",
}

if TYPE_CHECKING:
    from timeline.records import EventRecord
    from timeline.store.filters import EventFilter
    from timeline.store.store import Store, open_store
    from timeline.store.types import EventInput, EventUpdate, IngestResult


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline.store' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "EventFilter",
    "EventInput",
    "EventRecord",
    "EventUpdate",
    "IngestResult",
    "Store",
    "open_store",
]
