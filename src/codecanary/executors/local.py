"""The local executor: programs run in this process's sandbox (today's behaviour)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from codecanary.errors import SandboxUnavailable
from codecanary.executors.base import missing_toolchains
from codecanary.executors.evaluate import Evaluation, SampleEvaluator
from codecanary.sandbox import ExecRequest, Limits, Sandbox, open_sandbox
from codecanary.sandbox.calibrate import check_ground_truth
from codecanary.suites.models import Task

#: Niceness of sample programs under a run. The driver (provider calls, extraction,
#: scoring, commits) is one process against a dozen samples at a time; the
#: scheduler shares CPU per process, so at equal priority the driver got ~1/13 of
#: the CPU and starved the sandbox it feeds (runs reached 0.34x of execution alone).
SAMPLE_NICE = 10


class LocalExecutor:
    """Runs every sample on this machine.

    Args:
        sandbox: sandbox backend name (``bwrap`` or ``local``).
        limits: the run's limits.
        efficiency: time passing answers to efficiency tasks.
    """

    name = "local"

    def __init__(self, sandbox: str, limits: Limits, *, efficiency: bool = True) -> None:
        self.sandbox_name = sandbox
        self.limits = limits
        self.efficiency = efficiency
        # The bubblewrap pool's own default: 6 samples per CPU keep the CPUs busy.
        self.capacity = 6 * (os.cpu_count() or 1)
        self._sandbox: Sandbox | None = None
        self._evaluator: SampleEvaluator | None = None

    async def start(self, languages: Sequence[str]) -> None:
        missing = missing_toolchains(languages)
        if missing:
            raise SandboxUnavailable(missing[0])
        if self._sandbox is None:
            self._sandbox = open_sandbox(self.sandbox_name, nice=SAMPLE_NICE)
            self._evaluator = SampleEvaluator(self._sandbox, self.limits,
                                              efficiency=self.efficiency)

    def _ready(self) -> SampleEvaluator:
        if self._evaluator is None:
            raise SandboxUnavailable("the local executor was not started")
        return self._evaluator

    async def check_ground_truth(self, items: Sequence[tuple[str, ExecRequest]]) -> None:
        await check_ground_truth(self._ready().sandbox, items, sample_size=len(items))

    async def evaluate(self, task: Task, code: str, finish_reason: str | None) -> Evaluation:
        return await self._ready().evaluate(task, code, finish_reason)

    async def aclose(self) -> None:
        sandbox, self._sandbox, self._evaluator = self._sandbox, None, None
        if sandbox is not None:
            await sandbox.aclose()
