"""Efficiency ratios measured in the real bubblewrap sandbox against the references."""

from __future__ import annotations

import statistics
import subprocess

import pytest

from codecanary.providers.simulated.faults import slow_down
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.scoring import efficiency
from codecanary.scoring.efficiency import EfficiencyMeter, instruction_counts_available
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

LIMITS = Limits(timeout_s=10)
DEDUPE = "python/dedupe-events"

QUADRATIC_DEDUPE = '''
def dedupe_events(deliveries):
    seen = []
    out = []
    for event_id, payload in deliveries:
        if event_id not in seen:
            seen.append(event_id)
            out.append(payload)
    return out
'''

HUNGRY_DEDUPE = '''
_BALLAST = []


def dedupe_events(deliveries):
    _BALLAST.append(b"x" * 150_000_000)  # touched pages: peak RSS really grows
    seen = set()
    out = []
    for event_id, payload in deliveries:
        if event_id not in seen:
            seen.add(event_id)
            out.append(payload)
    return out
'''

WRONG_DEDUPE = '''
def dedupe_events(deliveries):
    return [payload for _, payload in deliveries]
'''


class RecordingSandbox:
    """Wraps a sandbox and records which program each execution ran, in order."""

    name = "recording"

    def __init__(self, inner: BwrapSandbox, reference: str) -> None:
        self.inner = inner
        self.reference = reference
        self.order: list[str] = []

    async def execute(self, request: ExecRequest) -> ExecResult:
        is_reference = any(self.reference.strip() in text for text in request.files.values())
        self.order.append("R" if is_reference else "C")
        return await self.inner.execute(request)

    async def aclose(self) -> None:
        return None


class LoadedHost:
    """A fake sandbox whose host load changes over time: every run costs ``load`` x its
    own CPU time, and the load steps through ``loads`` one pair (two runs) at a time."""

    name = "loaded"

    def __init__(self, loads: list[float], reference: str, candidate_cost: float) -> None:
        self.loads = loads
        self.reference = reference
        self.candidate_cost = candidate_cost
        self.runs = 0

    async def execute(self, request: ExecRequest) -> ExecResult:
        load = self.loads[min(self.runs // 2, len(self.loads) - 1)]
        self.runs += 1
        is_reference = any(self.reference.strip() in text for text in request.files.values())
        cost = 0.2 * (1.0 if is_reference else self.candidate_cost)
        return ExecResult(status=ExecStatus.OK, exit_code=0, cpu_s=cost * load,
                          wall_s=cost * load * 1.5, peak_memory_mb=50.0)

    async def aclose(self) -> None:
        return None


def task(task_id: str) -> Task:
    return load_builtin().task(task_id)


@pytest.mark.parametrize(("which", "stderr", "expected"), [
    (None, "", False),  # no perf at all
    ("/usr/bin/perf", "<not supported>,,instructions:u,0,100.00,,\n", False),  # VM, container
    ("/usr/bin/perf", "123456,,instructions:u,401234,100.00,,\n", True),
    ("/usr/bin/perf", "<not counted>,,instructions:u,0,0.00,,\n", False),
])
def test_perf_probe_reads_what_perf_says(monkeypatch: pytest.MonkeyPatch, which: str | None,
                                         stderr: str, expected: bool) -> None:
    def fake_run(argv: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        assert argv[0] == which and "instructions:u" in argv
        return subprocess.CompletedProcess(argv, 0, "", stderr)

    monkeypatch.setattr(efficiency.shutil, "which", lambda _name: which)
    monkeypatch.setattr(efficiency.subprocess, "run", fake_run)
    instruction_counts_available.cache_clear()
    try:
        assert instruction_counts_available() is expected
    finally:
        instruction_counts_available.cache_clear()


@pytest.mark.asyncio(loop_scope="module")
async def test_task_without_efficiency_input_gives_none(sandbox: BwrapSandbox) -> None:
    plain = next(t for t in load_builtin().tasks if not t.efficiency_input)
    assert await EfficiencyMeter(sandbox, LIMITS).measure(plain, plain.reference) is None


@pytest.mark.slow
@pytest.mark.parametrize("task_id", [DEDUPE, "rust/interval-coverage",
                                     "javascript/count-inversions", "go/budget-pairs"])
@pytest.mark.asyncio(loop_scope="module")
async def test_reference_against_itself_is_about_one(sandbox: BwrapSandbox,
                                                      task_id: str) -> None:
    # One reading is noisy: 16 runs of the same rust/interval-coverage binary took
    # 0.094-0.177 s CPU on this VM. The median of three independent readings (the
    # reference retimed each time) is what must sit near 1.
    t = task(task_id)
    readings = []
    for _ in range(3):
        result = await EfficiencyMeter(sandbox, LIMITS).measure(t, t.reference)
        assert result is not None and result.status == "ok", result
        assert result.method == "cpu_time_paired"
        assert result.runtime_ratio is not None and result.memory_ratio is not None, result
        readings.append(result)
    runtime = statistics.median(r.runtime_ratio or 0.0 for r in readings)
    memory = statistics.median(r.memory_ratio or 0.0 for r in readings)
    assert 0.6 <= runtime <= 1.6, readings
    assert 0.6 <= memory <= 1.6, readings


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_quadratic_answer_has_a_large_ratio(sandbox: BwrapSandbox) -> None:
    result = await EfficiencyMeter(sandbox, LIMITS).measure(task(DEDUPE), QUADRATIC_DEDUPE)
    assert result is not None and result.status in ("ok", "timeout"), result
    assert result.runtime_ratio is not None and result.runtime_ratio > 3, result
    # One clearly slow (or censored) run is enough.
    assert result.repeats == 1


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_memory_hungry_answer_has_a_large_memory_ratio(sandbox: BwrapSandbox) -> None:
    result = await EfficiencyMeter(sandbox, LIMITS).measure(task(DEDUPE), HUNGRY_DEDUPE)
    assert result is not None and result.status == "ok", result
    assert result.memory_ratio is not None and result.memory_ratio > 2, result


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_failing_harness_is_failed(sandbox: BwrapSandbox) -> None:
    result = await EfficiencyMeter(sandbox, LIMITS).measure(task(DEDUPE), WRONG_DEDUPE)
    assert result is not None and result.status == "failed", result
    assert result.runtime_ratio is None and "FAIL large input" in result.detail


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_timeout_is_censored_at_the_budget(sandbox: BwrapSandbox) -> None:
    meter = EfficiencyMeter(sandbox, Limits(timeout_s=2), budget_factor=2)
    result = await meter.measure(task(DEDUPE), QUADRATIC_DEDUPE)
    assert result is not None and result.status == "timeout", result
    assert result.reference_cpu_s is not None and result.runtime_ratio is not None
    # Censored lower bound: budget (capped at the 2 s limit) / reference CPU.
    assert result.runtime_ratio == pytest.approx(2.0 / result.reference_cpu_s)


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_reference_and_candidate_runs_are_interleaved(sandbox: BwrapSandbox) -> None:
    t = task(DEDUPE)
    recording = RecordingSandbox(sandbox, t.reference)
    result = await EfficiencyMeter(recording, LIMITS, repeats=3).measure(t, HUNGRY_DEDUPE)
    assert result is not None and result.status == "ok" and result.repeats == 3, result
    assert recording.order == ["R", "C"] * 3


@pytest.mark.asyncio
@pytest.mark.parametrize("loads", [[1.0, 3.0, 1.0], [3.0, 1.0, 1.0], [1.0, 1.0, 4.0],
                                   [2.5, 2.5, 2.5]])
async def test_a_load_burst_does_not_move_the_ratio(loads: list[float]) -> None:
    # Each pair meets one moment of the host: a burst slows both of its runs alike.
    t = task(DEDUPE)
    same = await EfficiencyMeter(LoadedHost(loads, t.reference, 1.0), LIMITS).measure(
        t, QUADRATIC_DEDUPE)
    assert same is not None and same.status == "ok", same
    assert same.runtime_ratio == pytest.approx(1.0)
    assert same.memory_ratio == pytest.approx(1.0)
    slower = await EfficiencyMeter(LoadedHost(loads, t.reference, 2.0), LIMITS).measure(
        t, QUADRATIC_DEDUPE)
    assert slower is not None and slower.runtime_ratio == pytest.approx(2.0)


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
async def test_simulated_slowdown_raises_the_runtime_ratio(sandbox: BwrapSandbox) -> None:
    t = task(DEDUPE)
    slowed = slow_down(t.reference, t.language, t.entry_point)
    assert slowed is not None
    result = await EfficiencyMeter(sandbox, LIMITS).measure(t, slowed)
    assert result is not None and result.status == "ok", result
    assert result.runtime_ratio is not None and result.runtime_ratio > 1.5, result
