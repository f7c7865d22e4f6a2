"""Synthetic histories written straight into a store (fast; no sandbox).

Per-task pass probabilities like a real panel's (many near 0 or 1); a drop is
applied to the tasks of one language from a given day on. Used for the fast
tests; the slow ones go through the real pipeline with the simulated provider.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from codecanary.records import RunRecord, RunStatus, SampleRecord, SampleStatus
from codecanary.store import Store
from codecanary.suites.models import Suite
from tests.monitor.panel import START, subject


def task_rates(suite: Suite, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    out = {}
    for task in suite.tasks:
        kind = rng.choice(3, p=[0.4, 0.15, 0.45])
        p = rng.beta(30, 1) if kind == 0 else rng.beta(1, 30) if kind == 1 else rng.uniform()
        out[task.id] = float(p)
    return out


def write_history(store: Store, name: str, suite: Suite, days: int, *, seed: int = 1,
                  samples: Sequence[int] | int = 1, drop_language: str | None = None,
                  drop_from: int | None = None, drop: float = 0.4,
                  first: datetime = START, runtime_from: int | None = None,
                  runtime_factor: float = 1.0) -> list[RunRecord]:
    """``days`` daily completed runs; from day ``drop_from`` the language's rates fall.

    With ``runtime_from``, every sample carries a ``runtime_ratio`` metric
    (log-normal around 1), multiplied by ``runtime_factor`` from that day on.
    """
    rates = task_rates(suite, seed)
    rng = np.random.default_rng(seed + 1000)
    sid = store.ensure_subject(subject(name))
    suite_id = store.save_suite(suite)
    ids = [t.id for t in suite.tasks]
    language = {t.id: t.language for t in suite.tasks}
    out = []
    for day in range(days):
        m = samples if isinstance(samples, int) else samples[day]
        run_id = f"{name[:8]}{day:04d}"
        store.create_run(run_id=run_id, subject_id=sid, suite_id=suite_id,
                         logical_time=first + timedelta(days=day), samples_per_task=m,
                         task_ids=ids, settings={}, fingerprint={})
        for t in ids:
            p = rates[t]
            if drop_language and drop_from is not None and day >= drop_from \
                    and language[t] == drop_language:
                p = p * (1 - drop)
            for i in range(m):
                passed = bool(rng.random() < p)
                metrics = {}
                if runtime_from is not None:
                    factor = runtime_factor if day >= runtime_from else 1.0
                    metrics["runtime_ratio"] = float(np.exp(rng.normal(0, 0.2))) * factor
                store.save_sample(SampleRecord(
                    metrics=metrics,
                    run_id=run_id, task_id=t, sample_index=i,
                    status=SampleStatus.PASSED if passed else SampleStatus.FAILED,
                    failure_class=None if passed else
                    ("wrong_answer" if day < (drop_from or days) else "runtime_error")))
        store.set_run_status(run_id, RunStatus.COMPLETED)
        out.append(store.get_run(run_id))
    return out
