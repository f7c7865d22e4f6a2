"""Suite validation: every reference passes, and the tests kill mutants of it.

Test strength is measured the way mutation testing does (DeMillo, Lipton and
Sayward 1978): small faults are seeded into the reference (operator swaps,
off-by-one bounds and constants, negated conditions, dropped statements) and a
strong test suite fails on ("kills") most of those that still compile. A mutant
that no longer compiles says nothing about the tests and is left out of the
denominator; one that loops forever is killed by its timeout.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from codecanary.languages import run_spec
from codecanary.mutate import Mutant, mutants
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox
from codecanary.sandbox.calibrate import scaled_timeout
from codecanary.scoring.failures import Evidence, FailureClass, classify
from codecanary.suites.models import Suite, Task

#: A task is strong when its tests kill at least this share of compilable mutants.
STRONG_KILL_RATE = 0.8


@dataclass(frozen=True)
class TaskValidation:
    task_id: str
    language: str
    reference_ok: bool
    reference_detail: str = ""
    efficiency_ok: bool | None = None
    mutants_total: int = 0
    mutants_compiled: int = 0
    mutants_killed: int = 0
    survivors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kill_rate(self) -> float | None:
        return self.mutants_killed / self.mutants_compiled if self.mutants_compiled else None

    @property
    def strong(self) -> bool:
        rate = self.kill_rate
        return rate is not None and rate >= STRONG_KILL_RATE


def _request(task: Task, code: str, tests: str, timeout_s: float) -> ExecRequest:
    files = run_spec(task.language).program_files(code, tests, task.entry_point)
    return ExecRequest(language=task.language, files=files, limits=Limits(timeout_s=timeout_s))


def _detail(result: ExecResult) -> str:
    text = (result.compile_output + "\n" + result.stderr).strip().splitlines()
    return f"{result.status.value}: {text[-1][:200] if text else result.detail}"


def _compiled(result: ExecResult) -> bool:
    if result.status is ExecStatus.OK:
        return True
    failure = classify(Evidence(has_code=True, result=result))
    return failure not in (FailureClass.COMPILE_ERROR, FailureClass.SYNTAX_ERROR)


async def validate_task(task: Task, sandbox: Sandbox, *, max_mutants: int = 20,
                        seed: int = 0, limit: asyncio.Semaphore | None = None,
                        ) -> TaskValidation:
    """Run the reference (and efficiency harness), then the seeded mutants.

    ``limit`` bounds executions in flight: compilers are heavy, and an
    overloaded machine would turn slow-but-correct mutants into timeouts.
    """
    gate = limit or asyncio.Semaphore(os.cpu_count() or 2)

    async def execute(request: ExecRequest) -> ExecResult:
        async with gate:
            return await sandbox.execute(request)

    if task.kind == "repo":
        from codecanary.suites.validate_repo import validate_repo

        async def gated(work: Awaitable[ExecResult]) -> ExecResult:
            async with gate:
                return await work

        repo = await validate_repo(task, sandbox, gated, max_mutants=max_mutants, seed=seed)
        return TaskValidation(task.id, task.language, repo.ok, repo.detail,
                              mutants_total=repo.total, mutants_compiled=repo.compiled,
                              mutants_killed=repo.killed, survivors=repo.survivors)
    if not task.reference:
        return TaskValidation(task.id, task.language, False, "no reference solution")
    reference = await execute(_request(task, task.reference, task.tests, 30.0))
    if reference.status is not ExecStatus.OK:
        return TaskValidation(task.id, task.language, False, _detail(reference))
    efficiency_ok = None
    if task.efficiency_input:
        harness = await execute(
            _request(task, task.reference, task.efficiency_input, 60.0))
        efficiency_ok = harness.status is ExecStatus.OK
    timeout = scaled_timeout(reference.wall_s, base_s=2.0, k=5.0)
    seeded = mutants(task.reference, task.language, max_mutants=max_mutants, seed=seed)
    results = await asyncio.gather(*(
        execute(_request(task, m.source, task.tests, timeout)) for m in seeded))
    compiled = [(m, r) for m, r in zip(seeded, results, strict=True) if _compiled(r)]
    survivors = tuple(_describe(m) for m, r in compiled if r.status is ExecStatus.OK)
    return TaskValidation(
        task.id, task.language, True, efficiency_ok=efficiency_ok,
        mutants_total=len(seeded), mutants_compiled=len(compiled),
        mutants_killed=len(compiled) - len(survivors), survivors=survivors)


def _describe(mutant: Mutant) -> str:
    return f"line {mutant.line}: {mutant.description}"


async def validate_suite(suite: Suite, sandbox: Sandbox, *, max_mutants: int = 20,
                         seed: int = 0, concurrency: int = 4,
                         on_task: Callable[[TaskValidation], None] | None = None,
                         ) -> list[TaskValidation]:
    """Validate every task of ``suite``; results are in suite order."""
    limit = asyncio.Semaphore(concurrency)
    executions = asyncio.Semaphore(os.cpu_count() or 2)

    async def one(task: Task) -> TaskValidation:
        async with limit:
            result = await validate_task(task, sandbox, max_mutants=max_mutants, seed=seed,
                                         limit=executions)
        if on_task is not None:
            on_task(result)
        return result

    return list(await asyncio.gather(*(one(t) for t in suite.tasks)))
