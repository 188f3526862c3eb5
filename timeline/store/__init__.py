"""The event store: SQLModel tables on SQLite (default) or any SQLAlchemy database.

>>> from timeline.store import open_store, EventInput
>>> with open_store(":memory:") as store:
...     event_id = store.add_event(EventInput(summary="Moon meets Trump", type="04"))
...     store.get_event(event_id)["label"]
'consult'
"""

from __future__ import annotations

from timeline.store.filters import EventFilter
from timeline.store.store import Store, open_store
from timeline.store.types import EventInput, EventUpdate, IngestResult

__all__ = ["EventFilter", "EventInput", "EventUpdate", "IngestResult", "Store", "open_store"]
