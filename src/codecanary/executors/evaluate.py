"""Evaluate one extracted answer: static analysis, sandbox runs, efficiency, score.

This is the part of a sample that an executor may run away from the driver:
everything after the provider has answered and the code has been extracted.
It needs only the task, the code and the run's execution settings, and it
returns a typed :class:`Evaluation` that the driver merges into the stored
sample, so the local and Ray executors store exactly the same outcomes.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from codecanary.errors import SandboxUnavailable
from codecanary.languages import run_spec
from codecanary.records import SampleStatus
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox
from codecanary.sandbox.calibrate import CalibrationError, measure_runtime, scaled_timeout
from codecanary.scoring.efficiency import EfficiencyMeter
from codecanary.scoring.failures import FailureClass
from codecanary.scoring.score import STATIC_CACHE, finish, metrics_json
from codecanary.scoring.testcount import instrument, parse_counts, settle
from codecanary.suites.models import Task

#: Wall limit when timing a reference solution for timeout scaling.
REFERENCE_TIMEOUT_S = 60.0


class Evaluation(BaseModel):
    """What executing and scoring one answer found (the sample's execution fields)."""

    model_config = ConfigDict(frozen=True)

    status: SampleStatus
    failure_class: str | None = None
    exec_status: str | None = None
    exit_code: int | None = None
    stdout: str | None = None
    stderr: str | None = None
    wall_s: float | None = None
    cpu_s: float | None = None
    peak_memory_mb: float | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)
    diagnostics: list[str] = Field(default_factory=list)
    error: str | None = None

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for :class:`~codecanary.records.SampleRecord`."""
        return dict(self)


def infra_error(message: str) -> Evaluation:
    """An evaluation the execution side could not complete (never a model failure)."""
    return Evaluation(status=SampleStatus.INFRA_ERROR, failure_class=FailureClass.INFRA_ERROR,
                      error=message)


class SampleEvaluator:
    """Runs and scores answers on one sandbox with one run's limits.

    Args:
        sandbox: where programs run.
        limits: the run's limits.
        efficiency: time passing answers to efficiency tasks on their large input.
    """

    def __init__(self, sandbox: Sandbox, limits: Limits, *, efficiency: bool = True) -> None:
        self.sandbox = sandbox
        self.limits = limits
        self.efficiency = efficiency
        self.meter = EfficiencyMeter(sandbox, limits)
        self.reference_s: dict[str, float] = {}

    async def evaluate(self, task: Task, code: str, finish_reason: str | None) -> Evaluation:
        """Analyse, execute and score ``code`` as an answer to ``task``."""
        static = await STATIC_CACHE.analyse_async(task, code, finish_reason=finish_reason)
        language = run_spec(task.language)
        tests = _instrumented(task.language, task.tests, task.entry_point) or task.tests
        files = language.program_files(code, tests, task.entry_point)
        try:
            result = settle(await self.sandbox.execute(
                ExecRequest(language=task.language, files=files, limits=self.limits)))
            if result.status is ExecStatus.TIMEOUT:
                result = settle(await self._retry_with_scaled_timeout(task, files, result))
            efficiency = None
            if (self.efficiency and task.efficiency_input
                    and result.status is ExecStatus.OK and not static.corruption.corrupted):
                efficiency = await self.meter.measure(task, code)
        except SandboxUnavailable as exc:
            return infra_error(str(exc))
        run: dict[str, Any] = dict(
            exec_status=str(result.status), exit_code=result.exit_code, stdout=result.stdout,
            stderr=(result.compile_output + result.stderr)[-8000:], wall_s=result.wall_s,
            cpu_s=result.cpu_s, peak_memory_mb=result.peak_memory_mb)
        if result.status is ExecStatus.SANDBOX_ERROR:
            return Evaluation(**run, status=SampleStatus.INFRA_ERROR,
                              failure_class=FailureClass.INFRA_ERROR, error=result.detail)
        score = finish(task, static, result, tests=parse_counts(result.stderr),
                       efficiency=efficiency)
        status = SampleStatus.PASSED if score.failure is None else SampleStatus.FAILED
        return Evaluation(**run, status=status, failure_class=score.failure,
                          metrics=metrics_json(score), diagnostics=score.diagnostics)

    async def _retry_with_scaled_timeout(self, task: Task, files: dict[str, str],
                                         timed_out: ExecResult) -> ExecResult:
        """EvalPlus-style limit ``max(base, k × reference runtime here)``, paid lazily.

        Only a timed-out sample needs to know its task's reference runtime: if the
        reference itself is slow on this machine, the sample gets the scaled limit
        and runs again, so a slow or loaded machine does not manufacture timeouts.
        """
        if not task.reference:
            return timed_out
        if task.id not in self.reference_s:
            language = run_spec(task.language)
            ref_files = language.program_files(task.reference, task.tests, task.entry_point)
            # The reference is timed under a generous limit of its own.
            generous = self.limits.model_copy(
                update={"timeout_s": max(REFERENCE_TIMEOUT_S, self.limits.timeout_s)})
            try:
                self.reference_s[task.id] = await measure_runtime(
                    self.sandbox, ExecRequest(language=task.language, files=ref_files,
                                              limits=generous), repeats=1)
            except CalibrationError:
                self.reference_s[task.id] = 0.0
        base = self.limits.timeout_s
        limit = scaled_timeout(self.reference_s[task.id], base_s=base)
        if limit <= base:
            return timed_out
        limits = self.limits.model_copy(update={"timeout_s": limit})
        return await self.sandbox.execute(
            ExecRequest(language=task.language, files=files, limits=limits))


@functools.lru_cache(maxsize=1024)
def _instrumented(language: str, tests: str, entry_point: str) -> str | None:
    """The counting harness of a task, built once per process."""
    return instrument(language, tests, entry_point)
