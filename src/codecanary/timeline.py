"""Timeline events (deploy, tokenizer, data, harness) for a subject, stored or configured.

An event may be recorded before a subject's first run (a deploy announced ahead
of the daily run): a subject defined in ``codecanary.toml`` (or built in) is
registered in the store on the spot.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from codecanary.config import Config
from codecanary.errors import StoreError
from codecanary.store import Store

KINDS = ("deploy", "tokenizer", "data", "harness")


def subject_row(store: Store, config: Config, name: str) -> int:
    """The subject's row id, registering a configured subject that has no run yet."""
    try:
        return store.subject_id(name)
    except StoreError:
        return store.ensure_subject(config.subject(name))


def add_event(store: Store, config: Config, subject: str, kind: str,
              at: datetime | None = None, note: str = "") -> tuple[int, datetime]:
    """Record an event (``at`` defaults to now, UTC); return its id and time."""
    when = at or datetime.now(UTC)
    return store.add_event(subject_row(store, config, subject), kind, when, note), when


def events_of(store: Store, config: Config, subject: str) -> list[dict[str, Any]]:
    """A subject's events, oldest first (none yet for a configured subject never run)."""
    try:
        return store.events(store.subject_id(subject))
    except StoreError:
        config.subject(subject)  # unknown everywhere: say so, naming the known ones
        return []


def delete_event(store: Store, event_id: int) -> None:
    if not store.delete_event(event_id):
        raise StoreError(f"no event {event_id} in this database (see codecanary event list)")
