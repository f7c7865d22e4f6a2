"""The Ray executor on a local Ray instance: same outcomes as local, no sample lost."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codecanary.config import BUILTIN_SUBJECTS
from codecanary.records import RunStatus, SampleRecord
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
SUITE = load_suite("builtin")


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[None]:
    # One small local instance for the whole module; a cluster would use address=...
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def _plan(executor: str) -> RunPlan:
    python = [t.id for t in SUITE.tasks if t.language == "python"][:8]
    subject = BUILTIN_SUBJECTS["simulated"].model_copy(
        update={"options": {"seed": 7, "skill": 0.6}, "concurrency": 8})
    return RunPlan(subject=subject, suite=SUITE, task_ids=tuple(python), samples=2,
                   sandbox=SANDBOX, executor=executor, ground_truth=1)


def _actor_pids() -> list[int]:
    """Worker processes of this module's Ray instance that host a SampleActor."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            title = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit() and title.startswith(b"ray::SampleActor"):
            pids.append(int(entry.name))
    return sorted(pids)


def _outcomes(samples: list[SampleRecord]) -> list[tuple[Any, ...]]:
    return [(s.task_id, s.sample_index, s.status, s.failure_class, s.exec_status,
             s.exit_code, s.code) for s in samples]


def test_ray_run_stores_the_same_outcomes_as_local(store: Store, ray_instance: None) -> None:
    local = start_run(store, _plan("local"))
    remote = start_run(store, _plan("ray"))
    assert local.status is remote.status is RunStatus.COMPLETED
    assert remote.n_samples == local.n_samples == 16
    assert _outcomes(store.samples(remote.id)) == _outcomes(store.samples(local.id))
    assert {s.status for s in store.samples(local.id)} != {"passed"}  # faults were exercised
    assert store.run_settings(remote.id)[0]["executor"] == "ray"


def test_a_worker_killed_mid_run_loses_no_sample(store: Store, ray_instance: None) -> None:
    baseline = start_run(store, _plan("local"))
    killed: list[int] = []

    def kill_a_worker(_record: SampleRecord) -> None:
        if not killed:  # after the first stored sample: the others are in flight
            pid = _actor_pids()[0]
            os.kill(pid, signal.SIGKILL)  # as a lost node would: no clean-up at all
            killed.append(pid)

    run = start_run(store, _plan("ray"), on_sample=kill_a_worker)
    assert killed
    assert run.status is RunStatus.COMPLETED
    assert run.n_samples == 16 and run.n_infra_errors == 0
    keys = [(s.task_id, s.sample_index) for s in store.samples(run.id)]
    assert len(keys) == len(set(keys)) == 16
    assert _outcomes(store.samples(run.id)) == _outcomes(store.samples(baseline.id))


def test_doctor_sees_the_ray_instance(ray_instance: None) -> None:
    from codecanary.doctor import check_ray

    check = check_ray(None)
    assert check.ok and "2 CPUs" in check.detail
