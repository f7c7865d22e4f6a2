"""Small simulated histories for the diagnosis tests: a few days, two languages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from codecanary.records import RunRecord
from codecanary.runner import RunPlan, start_run
from codecanary.sandbox import Limits
from codecanary.store import Store
from tests.monitor.panel import START, panel, subject

FAULT_DAY = 3
LIMITS = Limits(timeout_s=2.0)


def history(store: Store, name: str, faults: Sequence[dict[str, Any]], *, per_language: int = 8,
            days: int = FAULT_DAY + 1, samples: int = 3, seed: int = 7,
            event: tuple[str, str] | None = None, first_day: int = 0) -> list[RunRecord]:
    """``days`` daily runs; faults start on day :data:`FAULT_DAY` (the last by default)."""
    suite = panel(per_language)
    start = (START + timedelta(days=FAULT_DAY)).isoformat()
    spec = subject(name, [{**f, "start": start} for f in faults], seed=seed)
    runs = []
    for day in range(first_day, days):
        plan = RunPlan(subject=spec, suite=suite, task_ids=tuple(t.id for t in suite.tasks),
                       samples=samples, logical_time=START + timedelta(days=day),
                       ground_truth=0, limits=LIMITS)
        runs.append(start_run(store, plan))
    sid = store.subject_id(name)
    if first_day == 0:
        store.pin_baseline(sid, runs[0].suite_version, START,
                           START + timedelta(days=FAULT_DAY - 1), note="diagnosis test")
    if event is not None:
        store.add_event(store.subject_id(name), event[0], START + timedelta(days=FAULT_DAY),
                        event[1])
    return runs
