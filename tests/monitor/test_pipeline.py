"""End to end through the real pipeline: simulated provider, sandbox, store, monitor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from codecanary.monitor import compare_runs, run_check
from codecanary.records import RunRecord
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from tests.monitor.panel import START, daily_runs, panel, subject

FAULT = {"kind": "forgetting", "rate": 1.0, "languages": ["javascript"]}


def _run(store: Store, name: str, faults: list[dict[str, object]], day: int,
         samples: int = 2) -> RunRecord:
    suite = panel(8)
    plan = RunPlan(subject=subject(name, faults), suite=suite,
                   task_ids=tuple(t.id for t in suite.tasks), samples=samples,
                   logical_time=START + timedelta(days=day), ground_truth=0)
    return start_run(store, plan)


def test_compare_gate_flags_a_candidate_that_forgot_a_language(store: Store) -> None:
    current = _run(store, "ab", [], 0)
    same = _run(store, "ab", [], 1)
    broken = _run(store, "ab", [FAULT], 2)
    ok = compare_runs(store, current.id, same.id)
    assert ok.exit_code == 0
    bad = compare_runs(store, current.id, broken.id)
    assert bad.exit_code == 1
    js = next(v for v in bad.verdicts if v.slice == "language:javascript")
    assert js.status == "regressed" and js.interval.high < 0
    py = next(v for v in bad.verdicts if v.slice == "language:python")
    assert py.status != "regressed"
    assert bad.samples_for(js)


@pytest.mark.slow
def test_steady_then_language_fault_end_to_end(store: Store) -> None:
    suite = panel(10)
    fault_at = START + timedelta(days=30)
    spec = subject("e2e", [{"kind": "forgetting", "rate": 0.6, "languages": ["javascript"],
                            "start": fault_at.isoformat()}])
    runs = daily_runs(store, spec, suite, 36)
    sid = store.subject_id("e2e")
    store.pin_baseline(sid, runs[0].suite_version, START, START + timedelta(days=19))
    # Daily checks over the 10 steady monitored days: never a regression.
    for run in runs[20:30]:
        assert run_check(store, "e2e", run_id=run.id).exit_code == 0
    result = run_check(store, "e2e")
    named = result.named()
    assert result.exit_code == 1 and named is not None
    assert named.slice == "language:javascript"
    assert named.change_at is not None
    assert abs((START.date().fromisoformat(named.change_at[:10]) - fault_at.date()).days) <= 2


class _BrokenSandbox:
    """Every execution fails on the host's side (a sandbox crash, not the model)."""

    async def execute(self, request: object) -> object:
        from codecanary.sandbox.base import ExecResult, ExecStatus

        return ExecResult(status=ExecStatus.SANDBOX_ERROR, detail="bwrap crashed")

    async def aclose(self) -> None:
        return None


def test_a_run_of_mostly_infra_errors_is_failed_not_completed(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from codecanary.executors import local as local_executor
    from codecanary.records import RunStatus

    monkeypatch.setattr(local_executor, "open_sandbox", lambda name, **kw: _BrokenSandbox())
    run = _run(store, "down", [], 0, samples=1)
    assert run.n_infra_errors == run.n_samples > 0
    assert run.status is RunStatus.FAILED and run.error and "infra errors" in run.error
