"""Step 1 of a check: the subject's stored runs and the run being checked.

The latest attempt decides what ``check`` looks at: when it failed, was
interrupted, is still running or is mostly infra errors, ``check`` refuses
(one line, exit 2) instead of silently reporting an older run as today's.
"""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import subject_runs, unusable_reason, usable
from codecanary.monitor.data import RunCache
from codecanary.records import RunRecord
from codecanary.store import Store


@dataclass(frozen=True)
class History:
    """A subject's usable runs on one suite version and the run being checked."""

    store: Store
    subject: str
    subject_id: int
    runs: list[RunRecord]
    """Usable runs, oldest first."""
    current: RunRecord
    cache: RunCache


def load_history(store: Store, subject: str, suite: str | None = None,
                 run_id: str | None = None) -> History:
    """The runs of ``subject`` (of ``suite`` when given) and the run to check.

    Raises:
        CodecanaryError: No usable run; ``run_id`` is not a usable run of the subject;
            or, without ``run_id``, the subject's latest run is not usable.
    """
    if run_id is None:
        attempts = store.list_runs(subject=subject, suite=suite, limit=1)
        if attempts and not usable(attempts[0]):
            latest = attempts[0]
            raise CodecanaryError(
                f"the latest run of {subject!r}, {latest.id} "
                f"({latest.logical_time:%Y-%m-%d}), cannot be checked: "
                f"{unusable_reason(latest)}; re-run it, or pass --run to check an earlier run")
    runs = subject_runs(store, subject, suite)
    if run_id is None:
        current = runs[-1]
    else:
        matches = [r for r in runs if r.id == run_id]
        if not matches:
            raise CodecanaryError(f"run {run_id!r} is not a usable run of {subject!r} on the "
                                  "checked suite version (see `codecanary runs show`)")
        current = matches[0]
    return History(store, subject, store.subject_id(subject), runs, current, RunCache(store))
