"""Timeouts scaled to this machine, and the ground-truth check run before a run.

Timeouts follow EvalPlus: a sample's limit is ``max(base, k × reference runtime)``
where the reference runtime is measured here, in the current environment, so a
slow or loaded machine raises the limit instead of manufacturing failures.
The ground-truth check executes a sample of reference solutions first; if any
fails, the environment (toolchain, sandbox) changed and the run must not proceed,
or environment drift would be reported as model drift.
"""

from __future__ import annotations

import asyncio
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from codecanary.errors import CodecanaryError
from codecanary.sandbox.base import ExecRequest, ExecResult, Sandbox


class GroundTruthError(CodecanaryError):
    """Reference solutions fail in the current environment."""


class CalibrationError(CodecanaryError):
    """A reference solution could not be timed because it does not pass."""


def scaled_timeout(reference_s: float, *, base_s: float = 5.0, k: float = 4.0) -> float:
    """Wall-clock limit for a sample: ``max(base_s, k * reference_s)`` (EvalPlus)."""
    if reference_s < 0:
        raise ValueError("reference runtime must be non-negative")
    return max(base_s, k * reference_s)


async def measure_runtime(sandbox: Sandbox, request: ExecRequest, repeats: int = 3) -> float:
    """Median wall seconds of ``repeats`` passing runs of ``request``.

    The first run also warms the build cache, so compile time is not counted.

    Raises:
        CalibrationError: a run did not pass (the reference is broken here).
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    times: list[float] = []
    for _ in range(repeats):
        result = await sandbox.execute(request)
        if not result.passed:
            raise CalibrationError(
                f"reference {request.language} program did not pass while timing it "
                f"({result.status.value}: {_reason(result)})")
        times.append(result.wall_s)
    return statistics.median(times)


@dataclass(frozen=True)
class GroundTruthFailure:
    task_id: str
    status: str
    reason: str


@dataclass(frozen=True)
class GroundTruthReport:
    checked: tuple[str, ...]
    failures: tuple[GroundTruthFailure, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        if self.ok:
            return f"ground truth: {len(self.checked)} reference solutions pass"
        shown = ", ".join(f"{f.task_id} ({f.status})" for f in self.failures[:5])
        more = f" and {len(self.failures) - 5} more" if len(self.failures) > 5 else ""
        return (f"ground truth: {len(self.failures)} of {len(self.checked)} reference solutions "
                f"fail in this environment: {shown}{more}")


def _reason(result: ExecResult) -> str:
    text = (result.detail or result.compile_output or result.stderr or "").strip()
    lines = text.splitlines()
    return lines[-1][:200] if lines else f"exit code {result.exit_code}"


async def ground_truth_check(sandbox: Sandbox, items: Sequence[tuple[str, ExecRequest]],
                             sample_size: int = 20, seed: int = 0) -> GroundTruthReport:
    """Run a seeded random sample of reference solutions and report any that fail.

    Args:
        sandbox: the backend the run will use.
        items: ``(task_id, request built from the task's reference solution)``.
        sample_size: how many to check (all of them if fewer).
        seed: makes the sample reproducible.
    """
    chosen = list(items)
    if len(chosen) > sample_size:
        chosen = random.Random(seed).sample(chosen, sample_size)
    results = await asyncio.gather(*(sandbox.execute(request) for _, request in chosen))
    failures = tuple(
        GroundTruthFailure(task_id, result.status.value, _reason(result))
        for (task_id, _), result in zip(chosen, results, strict=True) if not result.passed
    )
    return GroundTruthReport(checked=tuple(task_id for task_id, _ in chosen), failures=failures)


def require_ground_truth(report: GroundTruthReport) -> None:
    """Stop the run with one clear line if any reference solution failed."""
    if not report.ok:
        first = report.failures[0]
        raise GroundTruthError(
            f"{report.summary()}; first: {first.reason}. The environment changed "
            "(toolchain or sandbox); fix it before running, or results would show drift "
            "that is not the model's")


async def check_ground_truth(sandbox: Sandbox, items: Sequence[tuple[str, ExecRequest]],
                             sample_size: int = 20, seed: int = 0) -> GroundTruthReport:
    """:func:`ground_truth_check` then :func:`require_ground_truth`; returns the report."""
    report = await ground_truth_check(sandbox, items, sample_size=sample_size, seed=seed)
    require_ground_truth(report)
    return report
