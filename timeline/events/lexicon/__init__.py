"""Actor lexicon (STUB until the event extractor lands): canonical actors and aliases."""

from __future__ import annotations

from datetime import date

from timeline.events.types import ActorRef


def resolve_actor(name: str, when: date | None = None) -> ActorRef | None:
    """Canonical actor for ``name`` ("kim jong-un", "Pyongyang"); None when unknown."""
    return None
