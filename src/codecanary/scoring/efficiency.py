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
* **Paired, interleaved timing.** Each candidate run is paired with a reference
  run made just before it (reference, candidate, reference, candidate, ...), and
  the ratio is the median of the per-pair ratios. A busy host slows both members
  of a pair alike, so its load cancels in the ratio; a reference timed once and
  cached would instead put one moment's load into every ratio of a run, and a
  run that met a busier machine than its reference did would read slower on
  every slice at once. Because each sample has its own reference readings, the
  timing noise is independent from sample to sample and task to task, so it
  shows up in the task-level variance the detector already estimates, instead
  of as a shared shift it would take for an effect.
* ``repeats`` pairs are timed, but a candidate already more than
  :data:`CLEARLY_SLOW` × its paired reference stops the repeats: the verdict
  cannot change and a slow answer costs the most time to re-run.
* Budget: the candidate's wall-clock limit is ``max(budget_factor × paired
  reference wall, MIN_BUDGET_S)``, capped at ``limits.timeout_s`` (the user's hard
  cap always wins). A candidate killed at the budget is **censored**: its status
  is ``"timeout"`` and ``runtime_ratio`` is the lower bound ``budget / reference
  CPU`` (it used at least the budget), so a too-slow answer still shows up as a
  large ratio instead of a missing value.
* Hardware instruction counts (``perf stat -e instructions:u``) would remove most
  noise, but need perf counters that many VMs and containers do not expose;
  :func:`instruction_counts_available` probes for them. This version always
  measures CPU time and says so in ``Efficiency.method``.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import subprocess
from dataclasses import dataclass

from codecanary.languages import run_spec
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox
from codecanary.suites.models import Task

CLEARLY_SLOW = 3.0
"""A single candidate run slower than this many times the reference ends the repeats."""
MIN_BUDGET_S = 2.0
_FLOOR_S = 1e-3  # CPU-time resolution guard: never divide by a zero reading


@dataclass(frozen=True)
class Efficiency:
    """One candidate's efficiency on a task's large input, relative to the reference."""

    runtime_ratio: float | None
    """Median over pairs of candidate CPU time / paired reference CPU time; a lower
    bound on timeout."""
    memory_ratio: float | None
    """Median over pairs of candidate peak RSS / paired reference peak RSS."""
    candidate_cpu_s: float | None
    reference_cpu_s: float | None
    candidate_peak_mb: float | None
    reference_peak_mb: float | None
    status: str
    """``ok`` | ``failed`` (harness failed) | ``timeout`` (over budget) | ``error``."""
    method: str
    """``cpu_time_paired`` (``instructions`` where perf counters exist; not used yet)."""
    repeats: int
    """Candidate runs actually timed (each paired with a reference run)."""
    detail: str
    """One line for people."""


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

    def budget_s(self, reference_wall_s: float) -> float:
        """The candidate's wall-clock limit after a reference run of this wall time."""
        return min(self.limits.timeout_s,
                   max(self.budget_factor * reference_wall_s, MIN_BUDGET_S))

    async def measure(self, task: Task, code: str) -> Efficiency | None:
        """Time ``code`` on ``task``'s efficiency input against the reference, paired.

        Returns:
            None when the task has no efficiency input; otherwise an
            :class:`Efficiency` whose status says whether the ratios are usable.
        """
        if not task.efficiency_input:
            return None
        reference_request = self._request(task, task.reference, self.limits)
        refs: list[ExecResult] = []
        cands: list[ExecResult] = []
        # Sequential, never gathered: concurrent runs of one pair would compete.
        for _ in range(self.repeats):
            ref = await self.sandbox.execute(reference_request)
            if not ref.passed:
                return _outcome(refs, cands, "error", len(cands),
                                f"the reference fails on the efficiency input here "
                                f"({ref.status.value}: {_reason(ref)})")
            refs.append(ref)
            budget = self.budget_s(ref.wall_s)
            limits = self.limits.model_copy(update={"timeout_s": budget, "cpu_s": None})
            result = await self.sandbox.execute(self._request(task, code, limits))
            if result.status is ExecStatus.TIMEOUT:
                # Censored: it used at least the whole budget.
                ref_cpu = _median([r.cpu_s for r in refs])
                return _outcome(refs, cands, "timeout", len(cands) + 1,
                                f"over the {budget:.2f} s budget: at least "
                                f"{budget / max(ref_cpu, _FLOOR_S):.1f}x the reference "
                                f"({ref_cpu:.2f} s)", censored_cpu=budget)
            if result.status is ExecStatus.SANDBOX_ERROR:
                return _outcome(refs, cands, "error", len(cands) + 1,
                                f"sandbox error: {_reason(result)}")
            if not result.passed:
                return _outcome(refs, cands, "failed", len(cands) + 1,
                                f"fails on the efficiency input ({result.status.value}: "
                                f"{_reason(result)})")
            cands.append(result)
            if result.cpu_s > CLEARLY_SLOW * max(ref.cpu_s, _FLOOR_S):
                break
        return _outcome(refs, cands, "ok", len(cands), "")


def _paired(cands: list[ExecResult], refs: list[ExecResult], field: str) -> float | None:
    pairs = zip(cands, refs, strict=False)  # a censored last candidate has no reading
    values = [_ratio(getattr(c, field), getattr(r, field)) for c, r in pairs]
    known = [v for v in values if v is not None]
    return _median(known) if known else None


def _outcome(refs: list[ExecResult], cands: list[ExecResult], status: str, runs: int,
             detail: str, *, censored_cpu: float | None = None) -> Efficiency:
    ref_cpu = _median([r.cpu_s for r in refs]) if refs else None
    ref_peak = _peak(refs)
    cpu = _median([c.cpu_s for c in cands]) if cands else None
    peak = _peak(cands)
    if censored_cpu is not None:
        runtime, cpu = _ratio(censored_cpu, ref_cpu), censored_cpu
    elif status == "ok":
        runtime = _paired(cands, refs, "cpu_s")
    else:
        runtime = None
    memory = _paired(cands, refs, "peak_memory_mb") if status == "ok" else None
    if status == "ok" and runtime is not None and cpu is not None and ref_cpu is not None:
        word = "slower than" if runtime >= 1 else "the time of"
        shown = f"{runtime:.1f}x" if runtime >= 1 else f"{runtime:.2f}x"
        detail = (f"{shown} {word} the reference ({cpu:.2f} s vs {ref_cpu:.2f} s CPU, "
                  f"median of {len(cands)} interleaved pair(s))")
    return Efficiency(runtime_ratio=runtime, memory_ratio=memory, candidate_cpu_s=cpu,
                      reference_cpu_s=ref_cpu, candidate_peak_mb=peak,
                      reference_peak_mb=ref_peak, status=status, method="cpu_time_paired",
                      repeats=runs, detail=detail)
