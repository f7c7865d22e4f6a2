"""Each ``simulated`` fault is recognised by its own signal, through the real pipeline.

A near-perfect simulated subject answers a slice of the built-in panel in every
language; with one fault switched on for every call, the stored samples must
carry that fault's signature (failure class or metric), and without the fault
they must not.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from typing import Any

import pytest

from codecanary.records import SampleRecord, SampleStatus, SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite

SUITE = load_suite("builtin")
SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
LANGUAGES = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")


def _tasks(per_language: int, category: str | None = None) -> tuple[str, ...]:
    picked: list[str] = []
    for lang in LANGUAGES:
        ids = [t.id for t in SUITE.tasks if t.language == lang
               and (category is None or category in t.categories)]
        picked += ids[:per_language]
    return tuple(picked)


def _run(store: Store, task_ids: tuple[str, ...], faults: list[dict[str, Any]],
         efficiency: bool = False) -> list[SampleRecord]:
    subject = SubjectSpec(name="sim", provider="simulated", model="sim",
                          options={"seed": 3, "skill": 0.995, "spread": 0.0, "faults": faults},
                          concurrency=4)
    plan = RunPlan(subject=subject, suite=SUITE, task_ids=task_ids, sandbox=SANDBOX,
                   ground_truth=0, efficiency=efficiency)
    run = start_run(store, plan)
    samples = store.samples(run.id)
    assert len(samples) == len(task_ids)
    assert not [s for s in samples if s.status is SampleStatus.INFRA_ERROR]
    return samples


def _classes(samples: list[SampleRecord]) -> Counter[str]:
    return Counter(s.failure_class or "passed" for s in samples)


@pytest.mark.slow
def test_no_fault_no_signal(store: Store) -> None:
    samples = _run(store, _tasks(2), [])
    assert _classes(samples)["passed"] >= len(samples) - 1
    for name in ("truncated", "corrupted", "api_misuse"):
        assert sum(s.metrics.get(name, 0) for s in samples) <= 1, name


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "expected", "share"), [
    ("truncation", "truncated", 0.9),
    ("token_corruption", "corrupted_output", 0.9),
    ("wrong_api", "api_misuse", 0.75),
    ("bug_injection", "wrong_answer", 0.6),
])
def test_fault_raises_its_failure_class(store: Store, fault: str, expected: str,
                                        share: float) -> None:
    samples = _run(store, _tasks(2), [{"kind": fault, "rate": 1.0}])
    classes = _classes(samples)
    assert classes[expected] >= share * len(samples), classes
    assert classes.most_common(1)[0][0] == expected, classes


@pytest.mark.slow
def test_slowdown_raises_runtime_ratio(store: Store) -> None:
    ids = _tasks(1, category="efficiency")
    before = _run(store, ids, [], efficiency=True)
    after = _run(store, ids, [{"kind": "slowdown", "rate": 1.0}], efficiency=True)

    def geomean(samples: list[SampleRecord]) -> float:
        ratios = [s.metrics["runtime_ratio"] for s in samples if "runtime_ratio" in s.metrics]
        assert len(ratios) >= len(ids) - 1, [s.task_id for s in samples]
        return math.exp(sum(math.log(r) for r in ratios) / len(ratios))

    assert 0.6 < geomean(before) < 1.5
    assert geomean(after) > 1.5 * geomean(before)
