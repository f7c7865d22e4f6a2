"""A steady subject under a CPU hog switched on and off across days: no efficiency verdict.

The failure this guards against (issue #10 item 9): a reference timed once per
process made a run that met a busier machine than its reference did read slower
on every slice at once, and ``check`` called that a runtime regression.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from codecanary.monitor import run_check
from codecanary.records import SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite
from codecanary.suites.models import Suite

START = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 8
BASELINE_DAYS = 5
#: The hog is on for one baseline day and for two of the three checked days: a run
#: that meets a busier host than its baseline did must not read as a change.
HOG_DAYS = frozenset({2, 5, 7})
EFFICIENCY_METRICS = ("runtime_ratio", "memory_ratio")


@contextmanager
def cpu_hog(on: bool) -> Iterator[None]:
    """Two busy processes per CPU while the block runs (when ``on``)."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(2 * (os.cpu_count() or 1) if on else 0)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


def _panel() -> Suite:
    suite = load_suite("builtin")
    tasks = tuple(t for t in suite.tasks
                  if t.efficiency_input and t.language in ("python", "javascript"))
    return Suite(name="efficiency-busy-host", tasks=tasks)


@pytest.mark.slow
def test_steady_subject_under_an_intermittent_cpu_hog_has_no_efficiency_verdict(
        store: Store) -> None:
    suite = _panel()
    assert len(suite.tasks) >= 6
    spec = SubjectSpec(name="steady", provider="simulated", model="simulated-1",
                       options={"seed": 3, "skill": 0.9, "faults": []}, concurrency=4)
    runs = []
    for day in range(DAYS):
        with cpu_hog(on=day in HOG_DAYS):
            plan = RunPlan(subject=spec, suite=suite, task_ids=tuple(t.id for t in suite.tasks),
                           logical_time=START + timedelta(days=day), ground_truth=0)
            runs.append(start_run(store, plan))
    store.pin_baseline(store.subject_id("steady"), runs[0].suite_version, START,
                       START + timedelta(days=BASELINE_DAYS - 1, hours=12))
    checked = 0
    for run in runs[BASELINE_DAYS:]:
        result = run_check(store, "steady", run_id=run.id)
        efficiency = [v for v in result.verdicts if v.metric in EFFICIENCY_METRICS]
        assert any(v.slice == "overall" for v in efficiency), [v.metric for v in result.verdicts]
        moved = [(v.slice, v.metric, v.status, v.effect) for v in efficiency
                 if v.status in ("regressed", "improved")]
        assert not moved, (run.logical_time, moved)
        checked += len(efficiency)
    assert checked > 0
