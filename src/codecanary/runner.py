"""Orchestration: run a panel against a subject, persist every sample, resume safely.

Each sample is committed as soon as it is scored, so a run killed at any point
(even by SIGKILL) loses at most the samples in flight; ``resume_run`` redoes only
the (task, sample index) pairs that are not stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import platform
import signal
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from codecanary import __version__
from codecanary.audit.tokenizer.versioning import note_tokenizer_change, tokenizer_fingerprint
from codecanary.errors import CodecanaryError, SandboxUnavailable
from codecanary.executors import Executor, open_executor
from codecanary.executors.base import missing_toolchains
from codecanary.extract import extract_code
from codecanary.interrupts import StopSignal
from codecanary.languages import run_spec
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
from codecanary.sample_writer import SampleWriter
from codecanary.sandbox import ExecRequest, Limits, Sandbox, open_sandbox
from codecanary.scoring.failures import FailureClass
from codecanary.store import Store
from codecanary.suites.models import Suite, Task

SampleCallback = Callable[[SampleRecord], None]

#: A run stops when its first this-many samples all failed at the provider: the
#: endpoint is down or misconfigured, and hundreds of infra errors help nobody.
CIRCUIT_BREAKER = 5
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
    executor: str = "local"
    """Where samples execute: ``local`` or ``ray`` (see :mod:`codecanary.executors`)."""
    address: str | None = None
    """The Ray cluster for ``executor="ray"``: ``auto``, ``ray://host:10001``, or None."""

    def settings(self) -> dict[str, Any]:
        """What ``--resume`` needs to rebuild this plan (never secrets)."""
        return {"subject": self.subject.model_dump(mode="json"), "sandbox": self.sandbox,
                "limits": self.limits.model_dump(mode="json"), "samples": self.samples,
                "efficiency": self.efficiency, "executor": self.executor,
                "address": self.address}


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
    """One run's moving parts: provider, executor, store, concurrency limit."""

    def __init__(self, writer: SampleWriter, plan: RunPlan, run_id: str, provider: Provider,
                 executor: Executor, on_sample: SampleCallback | None,
                 stop: StopSignal | None = None) -> None:
        self.writer = writer
        self.stop = stop or StopSignal()
        self.plan = plan
        self.run_id = run_id
        self.provider = provider
        self.executor = executor
        self.on_sample = on_sample
        # The subject's concurrency bounds provider calls (its rate limits are about
        # calls): a slot is not held while the answer executes, so the executor is
        # fed up to its own capacity, not to the provider's. ``in_flight`` bounds the
        # answers waiting for execution, so an interrupted run wastes few calls.
        self.limit = asyncio.Semaphore(plan.subject.concurrency)
        self.in_flight = asyncio.Semaphore(plan.subject.concurrency + executor.capacity)
        self.reported_models: set[str] = set()
        self.answered = 0
        self.unanswered = 0
        self._tree_sandbox: Sandbox | None = None

    def tree_sandbox(self) -> Sandbox:
        """The sandbox a repo task's tests run in, opened on the first repo task.

        An agent edits a working tree on the driver's machine, so its hidden tests
        run here too, whatever executor runs the function-level samples.
        """
        if self._tree_sandbox is None:
            self._tree_sandbox = open_sandbox(self.plan.sandbox)
        return self._tree_sandbox

    async def aclose(self) -> None:
        sandbox, self._tree_sandbox = self._tree_sandbox, None
        if sandbox is not None:
            await sandbox.aclose()

    async def sample(self, task: Task, index: int) -> None:
        async with self.in_flight:
            if task.kind == "repo":
                async with self.limit:
                    record = await score_repo_sample(
                        task, index, run_id=self.run_id, provider=self.provider,
                        sandbox=self.tree_sandbox(), retry=self.plan.retry,
                        limits=self.plan.limits, system=self.plan.subject.system_prompt,
                        logical_time=self.plan.logical_time)
            else:
                record = await self._score(task, index)
        if self.stop.requested:
            return  # finished after Ctrl-C/SIGTERM: in doubt, so redone on --resume
        # Group commit: reported done only once the batch holding it is committed.
        await self.writer.save(record)
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
            async with self.limit:
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
        evaluation = await self.executor.evaluate(task, extraction.code,
                                                  response.finish_reason)
        return SampleRecord(**base, **evaluation.fields())


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
        files = run_spec(task.language).program_files(task.reference, task.tests,
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
    """Fail before any call is made if a language of the panel cannot run here.

    Only for the local executor: Ray workers check their own node when they start.
    """
    if plan.executor != "local":
        return
    missing = missing_toolchains([plan.suite.task(t).language for t in plan.task_ids])
    if missing:
        raise SandboxUnavailable(missing[0])


async def _execute(store: Store, plan: RunPlan, run_id: str, todo: Iterable[tuple[Task, int]],
                   provider: Provider, on_sample: SampleCallback | None, stop: StopSignal) -> None:
    with stop.cancelling(asyncio.current_task()):
        await _execute_plan(store, plan, run_id, todo, provider, on_sample, stop)


async def _execute_plan(store: Store, plan: RunPlan, run_id: str,
                        todo: Iterable[tuple[Task, int]], provider: Provider,
                        on_sample: SampleCallback | None, stop: StopSignal) -> None:
    executor = open_executor(plan.executor, sandbox=plan.sandbox, limits=plan.limits,
                             efficiency=plan.efficiency, address=plan.address)
    execution: _Execution | None = None
    try:
        await executor.start(sorted({plan.suite.task(t).language for t in plan.task_ids}))
        execution = _Execution(SampleWriter(store), plan, run_id, provider, executor,
                               on_sample, stop)
        describe = getattr(provider, "describe", None)
        description: dict[str, Any] = await describe() if describe else {}
        if plan.ground_truth:
            items = _ground_truth_items(plan)
            await executor.check_ground_truth(items)
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
        if execution is not None:
            await execution.aclose()
        await executor.aclose()
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
              on_sample: SampleCallback | None = None,
              pairs: Sequence[tuple[str, int]] | None = None) -> RunRecord:
    """Create a run for ``plan``, execute every sample, and return the stored run.

    ``pairs`` lists the (task id, sample index) pairs to produce when tasks have
    different sample counts (``evaluate``); by default every task gets ``plan.samples``.
    """
    _preflight(plan)
    provider = create_provider(plan.subject.provider, plan.subject.model, plan.subject.options)
    suite_id = store.save_suite(plan.suite)
    subject_id = store.ensure_subject(plan.subject)
    note_tokenizer_change(store, plan.subject, plan.logical_time)
    run_id = uuid.uuid4().hex[:12]
    settings = plan.settings()
    if pairs is None:
        pairs = [(t, i) for t in plan.task_ids for i in range(plan.samples)]
    else:  # uneven sample counts: what resume and the expected count must know
        settings["sample_counts"] = dict(Counter(t for t, _ in pairs))
    store.create_run(run_id=run_id, subject_id=subject_id, suite_id=suite_id,
                     logical_time=plan.logical_time, samples_per_task=plan.samples,
                     task_ids=plan.task_ids, settings=settings,
                     fingerprint=fingerprint(plan, {}))
    todo = [(plan.suite.task(t), i) for t, i in pairs]
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
                   efficiency=bool(settings.get("efficiency", True)),
                   executor=str(settings.get("executor", "local")),
                   address=settings.get("address"))
    _preflight(plan)
    provider = create_provider(plan.subject.provider, plan.subject.model, plan.subject.options)
    done = store.done_keys(run_id)
    counts = settings.get("sample_counts") or {}
    todo = [(plan.suite.task(t), i) for t in plan.task_ids
            for i in range(int(counts.get(t, plan.samples))) if (t, i) not in done]
    store.set_run_status(run_id, RunStatus.RUNNING)
    if on_start is not None:
        on_start(run_id, len(todo))
    return _drive(store, plan, run_id, todo, provider, on_sample)
