"""Efficiency: the candidate's CPU time and peak memory on the task's large input,
relative to the reference measured in the same sandbox.

Method (``runtime_ratio``, ``memory_ratio`` in ``scoring/metrics.py``):

* Both arms run the task's ``efficiency_input`` harness in the same sandbox with the
  same limits, so toolchain, machine and isolation costs are shared. Interpreter or
  runtime start-up (CPython, Node, the JVM) is part of *both* arms: the ratio of a
  fast answer is therefore pulled towards 1, never away from it. Compilation is not
  timed (the sandbox builds once and caches the artefact).
* Time is CPU time (user + system of the whole process tree, from ``wait4``), not
  wall time: on a machine shared with other work the scheduler delays a program
  without charging it CPU, so CPU time is the more stable signal.
* Repeats are summarised by the **median**. Chen & Revels ("Robust benchmarking in
  noisy environments", 2016) argue for the minimum because timing noise is mostly
  additive and positive; most of that noise is scheduling delay, which CPU time
  already excludes, while the remaining variation (garbage collection, hash
  randomisation, allocator and cache state) is part of the program's real cost, as
  pyperf's documentation argues against the minimum. The median keeps that cost and
  ignores one outlier in either direction.
* The reference is measured with :data:`REFERENCE_REPEATS` runs, once per
  (task content, limits, sandbox backend) per process (a monitoring process runs
  the same panel over and over). The candidate gets ``repeats`` runs, but a run
  already more than :data:`CLEARLY_SLOW` × the reference stops the repeats: the
  verdict cannot change and a slow answer costs the most time to re-run.
* Budget: the candidate's wall-clock limit is ``max(budget_factor × reference wall,
  MIN_BUDGET_S)``, capped at ``limits.timeout_s`` (the user's hard cap always wins).
  A candidate killed at the budget is **censored**: its status is ``"timeout"`` and
  ``runtime_ratio`` is the lower bound ``budget / reference CPU`` (it used at least
  the budget), so a too-slow answer still shows up as a large ratio instead of a
  missing value.
* Hardware instruction counts (``perf stat -e instructions:u``) would remove most
  noise, but need perf counters that many VMs and containers do not expose;
  :func:`instruction_counts_available` probes for them. This version always
  measures CPU time and says so in ``Efficiency.method``.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import statistics
import subprocess
from dataclasses import dataclass

from codecanary.languages import run_spec
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox
from codecanary.suites.models import Task

REFERENCE_REPEATS = 5
CLEARLY_SLOW = 3.0
"""A single candidate run slower than this many times the reference ends the repeats."""
MIN_BUDGET_S = 2.0
_FLOOR_S = 1e-3  # CPU-time resolution guard: never divide by a zero reading


@dataclass(frozen=True)
class Efficiency:
    """One candidate's efficiency on a task's large input, relative to the reference."""

    runtime_ratio: float | None
    """Candidate CPU time / reference CPU time (medians); a lower bound on timeout."""
    memory_ratio: float | None
    """Candidate peak RSS / reference peak RSS (medians)."""
    candidate_cpu_s: float | None
    reference_cpu_s: float | None
    candidate_peak_mb: float | None
    reference_peak_mb: float | None
    status: str
    """``ok`` | ``failed`` (harness failed) | ``timeout`` (over budget) | ``error``."""
    method: str
    """``cpu_time`` (or ``instructions`` where perf counters exist; not used yet)."""
    repeats: int
    """Candidate runs actually timed."""
    detail: str
    """One line for people."""


@dataclass(frozen=True)
class ReferenceTiming:
    """The reference's medians on the efficiency input (cached per process)."""

    cpu_s: float
    wall_s: float
    peak_mb: float | None
    runs: int


# Process-wide: the same panel is measured many times by a monitoring process.
_REFERENCE_CACHE: dict[tuple[str, ...], ReferenceTiming] = {}
_REFERENCE_LOCKS: dict[tuple[object, ...], asyncio.Lock] = {}


def clear_reference_cache() -> None:
    """Forget every cached reference timing (e.g. after the machine changed)."""
    _REFERENCE_CACHE.clear()


@functools.cache
def instruction_counts_available() -> bool:
    """Whether ``perf stat`` can count user-space instructions here.

    False when perf is missing, or when the kernel or hypervisor does not expose the
    counter (perf prints ``<not supported>``; ``perf_event_paranoid`` may also deny
    it). Probed once per process.
    """
    perf = shutil.which("perf")
    if perf is None:
        return False
    try:
        out = subprocess.run([perf, "stat", "-x", ",", "-e", "instructions:u", "true"],
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    for line in out.stderr.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("instructions"):
            return fields[0].strip().isdigit()
    return False


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _peak(results: list[ExecResult]) -> float | None:
    peaks = [r.peak_memory_mb for r in results if r.peak_memory_mb is not None]
    return _median(peaks) if peaks else None


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None:
        return None
    return max(num, _FLOOR_S) / max(den, _FLOOR_S)


def _reason(result: ExecResult) -> str:
    text = (result.detail or result.compile_output or result.stderr or "").strip()
    lines = text.splitlines()
    return lines[-1][:160] if lines else f"exit code {result.exit_code}"


class EfficiencyMeter:
    """Measures candidates against the reference on a task's efficiency input.

    Args:
        sandbox: the backend that also runs the tests (same environment).
        limits: the run's limits; the candidate's wall clock is further capped by
            the budget (see the module docstring).
        repeats: timed candidate runs (fewer when the first is clearly slow).
        budget_factor: the candidate may take this many times the reference's wall
            time (at least ``MIN_BUDGET_S``) before it is stopped.
    """

    def __init__(self, sandbox: Sandbox, limits: Limits, *, repeats: int = 3,
                 budget_factor: float = 10.0) -> None:
        if repeats < 1:
            raise ValueError("repeats must be at least 1")
        if budget_factor <= 1:
            raise ValueError("budget_factor must be greater than 1")
        self.sandbox = sandbox
        self.limits = limits
        self.repeats = repeats
        self.budget_factor = budget_factor

    def _request(self, task: Task, code: str, limits: Limits) -> ExecRequest:
        assert task.efficiency_input is not None
        files = run_spec(task.language).program_files(code, task.efficiency_input,
                                                          task.entry_point)
        return ExecRequest(language=task.language, files=files, limits=limits)

    def budget_s(self, reference: ReferenceTiming) -> float:
        """The candidate's wall-clock limit for this reference."""
        return min(self.limits.timeout_s,
                   max(self.budget_factor * reference.wall_s, MIN_BUDGET_S))

    async def reference(self, task: Task) -> ReferenceTiming | ExecResult:
        """The reference's timing (cached), or the failed run if it does not pass."""
        key = (task.content_hash(), self.limits.model_dump_json(), self.sandbox.name)
        cached = _REFERENCE_CACHE.get(key)
        if cached is not None:
            return cached
        # One lock per key and event loop: concurrent measures of one task share one
        # reference measurement (asyncio locks cannot cross loops).
        lock = _REFERENCE_LOCKS.setdefault((*key, id(asyncio.get_running_loop())),
                                           asyncio.Lock())
        async with lock:
            cached = _REFERENCE_CACHE.get(key)
            if cached is not None:
                return cached
            request = self._request(task, task.reference, self.limits)
            results: list[ExecResult] = []
            # Sequential, not gathered: concurrent runs would compete for the CPUs.
            for _ in range(REFERENCE_REPEATS):
                result = await self.sandbox.execute(request)
                if not result.passed:
                    return result
                results.append(result)
            timing = ReferenceTiming(cpu_s=_median([r.cpu_s for r in results]),
                                     wall_s=_median([r.wall_s for r in results]),
                                     peak_mb=_peak(results), runs=len(results))
            _REFERENCE_CACHE[key] = timing
            return timing

    async def measure(self, task: Task, code: str) -> Efficiency | None:
        """Time ``code`` on ``task``'s efficiency input against the reference.

        Returns:
            None when the task has no efficiency input; otherwise an
            :class:`Efficiency` whose status says whether the ratios are usable.
        """
        if not task.efficiency_input:
            return None
        ref = await self.reference(task)
        if isinstance(ref, ExecResult):
            return _outcome(None, "error", 0,
                            f"the reference fails on the efficiency input here "
                            f"({ref.status.value}: {_reason(ref)})")
        budget = self.budget_s(ref)
        limits = self.limits.model_copy(update={"timeout_s": budget, "cpu_s": None})
        request = self._request(task, code, limits)
        results: list[ExecResult] = []
        for _ in range(self.repeats):
            result = await self.sandbox.execute(request)
            if result.status is ExecStatus.TIMEOUT:
                # Censored: it used at least the whole budget.
                return _outcome(ref, "timeout", len(results) + 1,
                                f"over the {budget:.2f} s budget: at least "
                                f"{budget / max(ref.cpu_s, _FLOOR_S):.1f}x the reference "
                                f"({ref.cpu_s:.2f} s)", censored_cpu=budget)
            if result.status is ExecStatus.SANDBOX_ERROR:
                return _outcome(ref, "error", len(results) + 1,
                                f"sandbox error: {_reason(result)}")
            if not result.passed:
                return _outcome(ref, "failed", len(results) + 1,
                                f"fails on the efficiency input ({result.status.value}: "
                                f"{_reason(result)})")
            results.append(result)
            if result.cpu_s > CLEARLY_SLOW * ref.cpu_s:
                break
        cpu = _median([r.cpu_s for r in results])
        return _outcome(ref, "ok", len(results), "", cpu=cpu, peak=_peak(results))


def _outcome(ref: ReferenceTiming | None, status: str, runs: int, detail: str, *,
             cpu: float | None = None, peak: float | None = None,
             censored_cpu: float | None = None) -> Efficiency:
    ref_cpu = ref.cpu_s if ref else None
    ref_peak = ref.peak_mb if ref else None
    runtime = _ratio(censored_cpu if censored_cpu is not None else cpu, ref_cpu)
    if status == "ok" and runtime is not None and cpu is not None and ref_cpu is not None:
        word = "slower than" if runtime >= 1 else "the time of"
        detail = (f"{runtime:.1f}x {word} the reference ({cpu:.2f} s vs {ref_cpu:.2f} s CPU)"
                  if runtime >= 1 else
                  f"{runtime:.2f}x {word} the reference ({cpu:.2f} s vs {ref_cpu:.2f} s CPU)")
    return Efficiency(runtime_ratio=runtime, memory_ratio=_ratio(peak, ref_peak),
                      candidate_cpu_s=censored_cpu if censored_cpu is not None else cpu,
                      reference_cpu_s=ref_cpu, candidate_peak_mb=peak,
                      reference_peak_mb=ref_peak, status=status, method="cpu_time",
                      repeats=runs, detail=detail)
