"""Deleting runs: by id, or every run older than an age.

The CLI asks for confirmation; these functions only select and delete. A run
still executing in a live process is never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from codecanary.errors import ConfigError, StoreError
from codecanary.records import RunRecord, RunStatus
from codecanary.store import Store

_AGE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_cutoff(value: str, *, now: datetime | None = None) -> datetime:
    """``30d``, ``12h``, ``2w`` (that long before ``now``) or an ISO date/time (UTC)."""
    found = _AGE.match(value)
    if found:
        return (now or datetime.now(UTC)) - int(found.group(1)) * _UNITS[found.group(2)]
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"not an age or date: {value!r} (e.g. 30d, 12h, 2w or "
                          "2026-11-01)") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def runs_to_delete(store: Store, refs: Sequence[str]) -> list[RunRecord]:
    """The runs named by ``refs`` (unique id prefixes), refusing ones still running."""
    runs = [store.get_run(store.resolve_run_id(ref)) for ref in refs]
    _refuse_running(runs)
    return list({r.id: r for r in runs}.values())


def runs_to_prune(store: Store, cutoff: datetime, *, subject: str | None = None
                  ) -> list[RunRecord]:
    """Runs whose logical time is before ``cutoff`` (live runs are left alone)."""
    return [r for r in store.list_runs(subject=subject, before=cutoff)
            if r.status is not RunStatus.RUNNING]


def delete_runs(store: Store, runs: Sequence[RunRecord]) -> int:
    """Delete ``runs`` and their samples; return how many were deleted."""
    return store.delete_runs([r.id for r in runs])


def _refuse_running(runs: Sequence[RunRecord]) -> None:
    live = [r.id for r in runs if r.status is RunStatus.RUNNING]
    if live:
        raise StoreError(f"run {live[0]} is still running; stop it before deleting it")
