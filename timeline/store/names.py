"""What user-typed names in a query denote, resolved against the actor lexicon: the folded
keys of an ``--actor`` name and the canonical country of a ``--country``. Shared by the store
(``timeline.store.store``) and the SQLite read path (``timeline.store.sqlite_read``); no
database here.
"""

from __future__ import annotations

from datetime import date

from timeline.errors import InputError
from timeline.events.lexicon import resolve_actor
from timeline.textutil import fold


def query_keys(name: str, when: date | None) -> set[str]:
    """The folded names a query name denotes: itself and its canonical lexicon actor.

    A name ("Moon") is resolved at any date; a role phrase ("the South Korean president")
    needs ``when``.
    """
    keys = {fold(name)}
    canonical = resolve_actor(name, when) or (resolve_actor(name, None) if when else None)
    if canonical is not None:
        keys.add(fold(canonical.name))
    keys.discard("")
    return keys


def country_name(name: str) -> str:
    """The canonical country a user-typed ``--country`` denotes ("DPRK", "North Korean" ->
    "North Korea"); InputError for a known actor that is not a country."""
    ref = resolve_actor(name, None)
    if ref is None:
        return name.strip()
    if ref.kind != "country":
        raise InputError(f"--country {name!r} is not a country (try --actor)")
    return ref.name
