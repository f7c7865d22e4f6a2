"""Orchestration: run a panel against a subject, persist every sample, resume safely.

Each sample is committed as soon as it is scored, so a run killed at any point
(even by SIGKILL) loses at most the samples in flight; ``resume_run`` redoes only
the (task, sample index) pairs that are not stored.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import platform
import signal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from codecanary import __version__
from codecanary.audit.tokenizer.versioning import note_tokenizer_change, tokenizer_fingerprint
from codecanary.errors import CodecanaryError, SandboxUnavailable
from codecanary.extract import extract_code
from codecanary.interrupts import StopSignal
from codecanary.providers import GenerateRequest, Provider, ProviderError, create_provider
from codecanary.providers.retry import RetryPolicy, generate_with_retry
from codecanary.records import (
    MAX_INFRA_SHARE,
    RunRecord,
    RunStatus,
    SampleRecord,
    SampleStatus,
    SubjectSpec,
)
from codecanary.repo_runner import score_repo_sample
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox, open_sandbox
from codecanary.sandbox.calibrate import (
    CalibrationError,
    check_ground_truth,
    measure_runtime,
    scaled_timeout,
)
from codecanary.sandbox.languages import get_language
from codecanary.scoring.efficiency import EfficiencyMeter
from codecanary.scoring.failures import FailureClass
from codecanary.scoring.score import STATIC_CACHE, finish, metrics_json
from codecanary.scoring.testcount import instrument, parse_counts, settle
from codecanary.store import Store
from codecanary.suites.models import Suite, Task

SampleCallback = Callable[[SampleRecord], None]

#: A run stops when its first this-many samples all failed at the provider: the
#: endpoint is down or misconfigured, and hundreds of infra errors help nobody.
CIRCUIT_BREAKER = 5
#: Wall limit when timing a reference solution for timeout scaling.
REFERENCE_TIMEOUT_S = 60.0
#: HTTP statuses that no retry or later sample will fix (bad key, wrong model or URL).
FATAL_STATUSES = frozenset({401, 403, 404})


class RunAborted(CodecanaryError):
    """The subject cannot be reached or refuses every call; stored samples are kept."""


class RunInterrupted(Exception):
    """SIGINT or SIGTERM stopped a run: it is marked ``interrupted`` and can be resumed.

    Not a :class:`CodecanaryError`: nothing went wrong, and the message is not an error.
    """

    def __init__(self, run: RunRecord, signum: int) -> None:
        super().__init__(f"interrupted: run {run.id} ({run.n_samples}/{run.n_expected} "
                         f"samples stored); resume with codecanary run --resume {run.id}")
        self.run = run
        self.signum = signum
        self.exit_code = 128 + signum
        """The shell convention: 130 for SIGINT, 143 for SIGTERM."""


@dataclass(frozen=True)
class RunPlan:
    """Everything that defines a run before it starts."""

    subject: SubjectSpec
    suite: Suite
    task_ids: tuple[str, ...]
    samples: int = 1
    logical_time: datetime = field(default_factory=lambda: datetime.now(UTC))
    sandbox: str = "bwrap"
    limits: Limits = field(default_factory=Limits)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    ground_truth: int = 3
    """Reference solutions per language executed before the run (0: skip the check)."""
    efficiency: bool = True
    """Time passing answers to efficiency tasks on their large input (runtime/memory ratio)."""

    def settings(self) -> dict[str, Any]:
        """What ``--resume`` needs to rebuild this plan (never secrets)."""
        return {"subject": self.subject.model_dump(mode="json"), "sandbox": self.sandbox,
                "limits": self.limits.model_dump(mode="json"), "samples": self.samples,
                "efficiency": self.efficiency}


def fingerprint(plan: RunPlan, description: dict[str, Any]) -> dict[str, Any]:
    """The exact identity of what was measured, stored with each run."""
    system = plan.subject.system_prompt
    return {
        "provider": plan.subject.provider,
        "model": plan.subject.model,
        "generation": plan.subject.options,
        "system_prompt_sha256": hashlib.sha256(system.encode()).hexdigest() if system else None,
        "suite": plan.suite.name,
        "suite_version": plan.suite.version,
        "samples_per_task": plan.samples,
        "sandbox": plan.sandbox,
        "codecanary_version": __version__,
        "python_version": platform.python_version(),
        **({"agent": description} if description else {}),
        **tokenizer_fingerprint(plan.subject),
    }


class _Execution:
    """One run's moving parts: provider, sandbox, store, concurrency limit."""

    def __init__(self, store: Store, plan: RunPlan, run_id: str, provider: Provider,
                 sandbox: Sandbox, on_sample: SampleCallback | None,
                 stop: StopSignal | None = None) -> None:
        self.store = store
        self.stop = stop or StopSignal()
        self.plan = plan
        self.run_id = run_id
        self.provider = provider
        self.sandbox = sandbox
        self.on_sample = on_sample
        self.limit = asyncio.Semaphore(plan.subject.concurrency)
        self.reported_models: set[str] = set()
        self.answered = 0
        self.unanswered = 0
        self.reference_s: dict[str, float] = {}
        self.meter = EfficiencyMeter(sandbox, plan.limits)

    async def sample(self, task: Task, index: int) -> None:
        async with self.limit:
            if task.kind == "repo":
                record = await score_repo_sample(
                    task, index, run_id=self.run_id, provider=self.provider,
                    sandbox=self.sandbox, retry=self.plan.retry, limits=self.plan.limits,
                    system=self.plan.subject.system_prompt,
                    logical_time=self.plan.logical_time)
            else:
                record = await self._score(task, index)
        if self.stop.requested:
            return  # finished after Ctrl-C/SIGTERM: in doubt, so redone on --resume
        self.store.save_sample(record)
        if self.on_sample is not None:
            self.on_sample(record)
        self._breaker(record)

    def _breaker(self, record: SampleRecord) -> None:
        if record.status is not SampleStatus.INFRA_ERROR or record.exec_status is not None:
            self.answered += 1
            return
        self.unanswered += 1
        if self.answered == 0 and self.unanswered >= CIRCUIT_BREAKER:
            raise RunAborted(f"the first {self.unanswered} calls to {self.plan.subject.name} "
                             f"all failed; last error: {record.error}")

    async def _score(self, task: Task, index: int) -> SampleRecord:
        base: dict[str, Any] = {"run_id": self.run_id, "task_id": task.id, "sample_index": index}
        request = GenerateRequest(
            task_id=task.id, prompt=task.prompt, language=task.language,
            system=self.plan.subject.system_prompt, sample_index=index,
            logical_time=self.plan.logical_time, metadata=_task_metadata(task))
        retries: list[int] = []
        try:
            response = await generate_with_retry(
                self.provider, request, self.plan.retry,
                on_retry=lambda attempt, _error, _wait: retries.append(attempt))
        except ProviderError as exc:
            if exc.status in FATAL_STATUSES:
                raise RunAborted(f"{self.plan.subject.name}: {exc}") from exc
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR, error=str(exc),
                                attempts=len(retries) + 1)
        attempts = len(retries) + 1
        if response.model:
            self.reported_models.add(response.model)
        extraction = extract_code(response.text, language=task.language, prompt=task.prompt,
                                  prompt_is_code_prefix=task.prompt_is_code_prefix,
                                  entry_point=task.entry_point or None)
        base.update(
            response_text=response.text, code=extraction.code, extraction=str(extraction.method),
            model_reported=response.model, finish_reason=response.finish_reason,
            tokens_in=response.tokens_in, tokens_out=response.tokens_out,
            latency_s=response.latency_s, cost_usd=response.cost_usd, attempts=attempts)
        if not extraction.code.strip():
            return SampleRecord(**base, status=SampleStatus.FAILED,
                                failure_class=FailureClass.NO_CODE)
        code = extraction.code
        static = await STATIC_CACHE.analyse_async(task, code,
                                                  finish_reason=response.finish_reason)
        language = get_language(task.language)
        tests = _instrumented(task.language, task.tests, task.entry_point) or task.tests
        files = language.program_files(code, tests, task.entry_point)
        try:
            result = settle(await self.sandbox.execute(
                ExecRequest(language=task.language, files=files, limits=self.plan.limits)))
            if result.status is ExecStatus.TIMEOUT:
                result = settle(await self._retry_with_scaled_timeout(task, files, result))
            efficiency = None
            if (self.plan.efficiency and task.efficiency_input
                    and result.status is ExecStatus.OK and not static.corruption.corrupted):
                efficiency = await self.meter.measure(task, code)
        except SandboxUnavailable as exc:
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR, error=str(exc))
        base.update(exec_status=str(result.status), exit_code=result.exit_code,
                    stdout=result.stdout, stderr=(result.compile_output + result.stderr)[-8000:],
                    wall_s=result.wall_s, cpu_s=result.cpu_s,
                    peak_memory_mb=result.peak_memory_mb)
        if result.status is ExecStatus.SANDBOX_ERROR:
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR, error=result.detail)
        score = finish(task, static, result, tests=parse_counts(result.stderr),
                       efficiency=efficiency)
        status = SampleStatus.PASSED if score.failure is None else SampleStatus.FAILED
        return SampleRecord(**base, status=status, failure_class=score.failure,
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
            language = get_language(task.language)
            ref_files = language.program_files(task.reference, task.tests, task.entry_point)
            # The reference is timed under a generous limit of its own.
            generous = self.plan.limits.model_copy(
                update={"timeout_s": max(REFERENCE_TIMEOUT_S, self.plan.limits.timeout_s)})
            try:
                self.reference_s[task.id] = await measure_runtime(
                    self.sandbox, ExecRequest(language=task.language, files=ref_files,
                                              limits=generous), repeats=1)
            except CalibrationError:
                self.reference_s[task.id] = 0.0
        base = self.plan.limits.timeout_s
        limit = scaled_timeout(self.reference_s[task.id], base_s=base)
        if limit <= base:
            return timed_out
        limits = self.plan.limits.model_copy(update={"timeout_s": limit})
        return await self.sandbox.execute(
            ExecRequest(language=task.language, files=files, limits=limits))


@functools.lru_cache(maxsize=1024)
def _instrumented(language: str, tests: str, entry_point: str) -> str | None:
    """The counting harness of a task, built once per process."""
    return instrument(language, tests, entry_point)


def _ground_truth_items(plan: RunPlan) -> list[tuple[str, ExecRequest]]:
    """Up to ``plan.ground_truth`` reference programs per language of the panel."""
    per_language: dict[str, list[tuple[str, ExecRequest]]] = {}
    for task_id in plan.task_ids:
        task = plan.suite.task(task_id)
        if task.kind == "repo":
            continue  # repo tasks are checked by `suites validate`, not per run
        picked = per_language.setdefault(task.language, [])
        if not task.reference or len(picked) >= plan.ground_truth:
            continue
        files = get_language(task.language).program_files(task.reference, task.tests,
                                                          task.entry_point)
        picked.append((task.id, ExecRequest(language=task.language, files=files,
                                            limits=plan.limits)))
    return [item for items in per_language.values() for item in items]


def _task_metadata(task: Task) -> dict[str, Any]:
    """Task facts for the simulated provider; real providers never send metadata."""
    return {"reference": task.reference, "language": task.language,
            "categories": list(task.categories), "entry_point": task.entry_point,
            "difficulty": task.difficulty, "prompt_is_code_prefix": task.prompt_is_code_prefix}


def _preflight(plan: RunPlan) -> None:
    """Fail before any call is made if a language of the panel cannot run here."""
    for lang in sorted({plan.suite.task(t).language for t in plan.task_ids}):
        missing = get_language(lang).missing_tools()
        if missing:
            raise SandboxUnavailable(
                f"the panel has {lang} tasks but {', '.join(missing)} is not installed; "
                "run scripts/install-toolchains.sh as root or choose a panel without them")


async def _execute(store: Store, plan: RunPlan, run_id: str, todo: Iterable[tuple[Task, int]],
                   provider: Provider, on_sample: SampleCallback | None, stop: StopSignal) -> None:
    with stop.cancelling(asyncio.current_task()):
        await _execute_plan(store, plan, run_id, todo, provider, on_sample, stop)


async def _execute_plan(store: Store, plan: RunPlan, run_id: str,
                        todo: Iterable[tuple[Task, int]], provider: Provider,
                        on_sample: SampleCallback | None, stop: StopSignal) -> None:
    sandbox = open_sandbox(plan.sandbox)
    execution = _Execution(store, plan, run_id, provider, sandbox, on_sample, stop)
    try:
        describe = getattr(provider, "describe", None)
        description: dict[str, Any] = await describe() if describe else {}
        if plan.ground_truth:
            items = _ground_truth_items(plan)
            await check_ground_truth(sandbox, items, sample_size=len(items))
        store.update_fingerprint(run_id, fingerprint(plan, description))
        try:
            async with asyncio.TaskGroup() as group:
                for task, index in todo:
                    group.create_task(execution.sample(task, index))
        except* CodecanaryError as failures:
            raise failures.exceptions[0] from None
        final = fingerprint(plan, description)
        final["reported_models"] = sorted(execution.reported_models)
        store.update_fingerprint(run_id, final)
    finally:
        await sandbox.aclose()
        close = getattr(provider, "aclose", None)
        if close is not None:
            await close()


def _drive(store: Store, plan: RunPlan, run_id: str, todo: list[tuple[Task, int]],
           provider: Provider, on_sample: SampleCallback | None) -> RunRecord:
    stop = StopSignal()
    try:
        asyncio.run(_execute(store, plan, run_id, todo, provider, on_sample, stop))
    except (KeyboardInterrupt, asyncio.CancelledError, CodecanaryError) as exc:
        # After a stop signal, an error is its echo (a sandbox killed by the same Ctrl-C).
        if isinstance(exc, CodecanaryError) and not stop.requested:
            store.set_run_status(run_id, RunStatus.FAILED, str(exc))
            raise
        signum = stop.signum or signal.SIGINT
        store.set_run_status(run_id, RunStatus.INTERRUPTED,
                             f"interrupted by {signal.Signals(signum).name}")
        raise RunInterrupted(store.get_run(run_id), signum) from None
    run = store.get_run(run_id)
    if run.n_samples and run.n_infra_errors / run.n_samples > MAX_INFRA_SHARE:
        store.set_run_status(run_id, RunStatus.FAILED,
                             f"{run.n_infra_errors} of {run.n_samples} samples were infra errors")
    else:
        store.set_run_status(run_id, RunStatus.COMPLETED)
    return store.get_run(run_id)


def start_run(store: Store, plan: RunPlan, *, on_start: Callable[[str, int], None] | None = None,
              on_sample: SampleCallback | None = None) -> RunRecord:
    """Create a run for ``plan``, execute every sample, and return the stored run."""
    _preflight(plan)
    provider = create_provider(plan.subject.provider, plan.subject.model, plan.subject.options)
    suite_id = store.save_suite(plan.suite)
    subject_id = store.ensure_subject(plan.subject)
    note_tokenizer_change(store, plan.subject, plan.logical_time)
    run_id = uuid.uuid4().hex[:12]
    store.create_run(run_id=run_id, subject_id=subject_id, suite_id=suite_id,
                     logical_time=plan.logical_time, samples_per_task=plan.samples,
                     task_ids=plan.task_ids, settings=plan.settings(),
                     fingerprint=fingerprint(plan, {}))
    todo = [(plan.suite.task(t), i) for t in plan.task_ids for i in range(plan.samples)]
    if on_start is not None:
        on_start(run_id, len(todo))
    return _drive(store, plan, run_id, todo, provider, on_sample)


def resume_run(store: Store, run_id: str, *,
               on_start: Callable[[str, int], None] | None = None,
               on_sample: SampleCallback | None = None) -> RunRecord:
    """Finish a stored run: only the samples not yet stored are produced."""
    settings, suite_id, task_ids = store.run_settings(run_id)
    run = store.get_run(run_id)
    if run.status is RunStatus.RUNNING:
        pid, host = store.run_owner(run_id)
        raise CodecanaryError(f"run {run_id} is still running (process {pid} on {host}); "
                              "wait for it, or stop it with kill -TERM first")
    plan = RunPlan(subject=SubjectSpec.model_validate(settings["subject"]),
                   suite=store.load_suite(suite_id), task_ids=tuple(task_ids),
                   samples=int(settings["samples"]), logical_time=run.logical_time,
                   sandbox=settings["sandbox"], limits=Limits.model_validate(settings["limits"]),
                   efficiency=bool(settings.get("efficiency", True)))
    _preflight(plan)
    provider = create_provider(plan.subject.provider, plan.subject.model, plan.subject.options)
    done = store.done_keys(run_id)
    todo = [(plan.suite.task(t), i) for t in plan.task_ids for i in range(plan.samples)
            if (t, i) not in done]
    store.set_run_status(run_id, RunStatus.RUNNING)
    if on_start is not None:
        on_start(run_id, len(todo))
    return _drive(store, plan, run_id, todo, provider, on_sample)
