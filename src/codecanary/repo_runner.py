"""One sample of a repo task: copy the tree, let the agent work, test, score.

Kept apart from :mod:`codecanary.runner` (which only dispatches here for
``kind = "repo"`` tasks). The provider gets a throwaway copy of ``repo/`` as
``request.metadata["workdir"]`` and edits it in place; the hidden tests are
copied in afterwards and run, with the repo's own tests, inside the sandbox.
"""

from __future__ import annotations

import asyncio
import difflib
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from codecanary.errors import CodecanaryError, SandboxUnavailable
from codecanary.providers import GenerateRequest, Provider, ProviderError
from codecanary.providers.retry import RetryPolicy, generate_with_retry
from codecanary.records import SampleRecord, SampleStatus
from codecanary.sandbox import ExecResult, ExecStatus, Limits, Sandbox
from codecanary.sandbox.tree import TREE_LIMITS, run_in_tree
from codecanary.scoring.failures import FailureClass
from codecanary.scoring.maintainability import lint_external
from codecanary.scoring.repo import AgentOutcome, metrics_json, score_repo
from codecanary.suites.models import Task
from codecanary.suites.repo import RepoSpec, repo_spec
from codecanary.suites.repo_tree import (
    DiffStats,
    diff_trees,
    forbidden_changes,
    ignored_dirs,
    patch_stats,
    snapshot,
    write_tree,
)

#: Largest stored diff of an agent's change (characters).
MAX_DIFF_CHARS = 100_000


_SPECS: dict[tuple[str, int], tuple[Task, RepoSpec]] = {}


def _spec(task: Task) -> RepoSpec:
    """Parsed once per task object (its files can be large)."""
    key = (task.id, id(task))
    if key not in _SPECS:
        _SPECS[key] = (task, repo_spec(task))  # the task is kept, so its id stays unique
    return _SPECS[key][1]


@functools.lru_cache(maxsize=256)
def _solution_stats(patch: str) -> DiffStats:
    return patch_stats(patch)


def request_for(task: Task, spec: RepoSpec, workdir: Path, index: int,
                system: str | None, logical_time: Any) -> GenerateRequest:
    """The provider call for one repo sample (the agent works in ``workdir``)."""
    return GenerateRequest(
        task_id=task.id, prompt=task.prompt, language=task.language, system=system,
        sample_index=index, logical_time=logical_time,
        metadata={"workdir": str(workdir), "kind": "repo", "language": task.language,
                  "categories": list(task.categories), "difficulty": task.difficulty,
                  "time_limit_s": spec.time_limit_s, "allowed_paths": list(spec.allowed_paths),
                  "solution_patch": spec.solution_patch})


def unified_diff(before: dict[str, str], after: dict[str, str], files: tuple[str, ...]) -> str:
    """The agent's change as a ``git diff``-style text (capped)."""
    parts: list[str] = []
    for path in files:
        parts.extend(difflib.unified_diff(
            before.get(path, "").splitlines(keepends=True),
            after.get(path, "").splitlines(keepends=True),
            f"a/{path}" if path in before else "/dev/null",
            f"b/{path}" if path in after else "/dev/null"))
    return "".join(parts)[:MAX_DIFF_CHARS]


async def test_tree(sandbox: Sandbox, spec: RepoSpec, tree: dict[str, str], limits: Limits,
                    language: str) -> tuple[ExecResult, ExecResult | None]:
    """Hidden tests (copied into ``tree``) and the repo's own tests, concurrently."""
    hidden_tree = {**tree, **spec.hidden_tests}
    hidden = run_in_tree(sandbox, hidden_tree, spec.test_command, limits, language)
    if spec.existing_test_command is None:
        return await hidden, None
    existing = run_in_tree(sandbox, tree, spec.existing_test_command, limits, language)
    both = await asyncio.gather(hidden, existing)
    return both[0], both[1]


_STARTING_PASSES: dict[tuple[str, int], bool] = {}


async def _existing_passed_at_start(sandbox: Sandbox, task: Task, spec: RepoSpec,
                                    limits: Limits) -> bool:
    """Whether the repo's own tests pass on the starting tree (once per task, lazily).

    Only a sample whose existing tests fail asks: tests that already failed before
    the agent started are not tests it broke.
    """
    key = (task.id, id(task))  # the task object is kept alive by _SPECS
    if key not in _STARTING_PASSES:
        assert spec.existing_test_command is not None
        result = await run_in_tree(sandbox, spec.files, spec.existing_test_command, limits,
                                   task.language)
        _STARTING_PASSES[key] = result.status is ExecStatus.OK
    return _STARTING_PASSES[key]


async def _lint(tree: dict[str, str], files: tuple[str, ...], language: str
                ) -> tuple[int | None, int]:
    """Linter findings on the changed files, and their non-blank lines."""
    if language != "python":
        return None, 0
    changed = [tree[p] for p in files if p.endswith(".py") and p in tree]
    if not changed:
        return None, 0
    results = await asyncio.gather(*(lint_external(text, "python") for text in changed))
    findings = sum(len(r.findings) for r in results if r is not None)
    lines = sum(1 for text in changed for line in text.splitlines() if line.strip())
    return findings, lines


async def score_repo_sample(task: Task, index: int, *, run_id: str, provider: Provider,
                            sandbox: Sandbox, retry: RetryPolicy, limits: Limits,
                            system: str | None = None, logical_time: Any = None
                            ) -> SampleRecord:
    """Produce and score one sample of a repo task (never raises for the agent's faults)."""
    if not getattr(provider, "edits_trees", False):
        raise CodecanaryError(
            f"task {task.id} is a repo task, but provider {getattr(provider, 'name', '?')!r} "
            "only answers prompts; use provider \"agent\" or \"simulated-agent\"")
    spec = _spec(task)
    base: dict[str, Any] = {"run_id": run_id, "task_id": task.id, "sample_index": index}
    tmp = Path(tempfile.mkdtemp(prefix="cc-agent-"))
    try:
        workdir = tmp / "repo"
        await asyncio.to_thread(write_tree, spec.files, workdir)
        request = request_for(task, spec, workdir, index, system, logical_time)
        retries: list[int] = []
        try:
            response = await generate_with_retry(
                provider, request, retry,
                on_retry=lambda attempt, _error, _wait: retries.append(attempt))
        except ProviderError as exc:
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR, error=str(exc),
                                attempts=len(retries) + 1)
        after = await asyncio.to_thread(snapshot, workdir, ignored_dirs(spec.files))
    finally:
        await asyncio.to_thread(shutil.rmtree, tmp, True)
    diff = diff_trees(spec.files, after)
    turns = response.raw.get("num_turns")
    outcome = AgentOutcome(response.finish_reason, response.latency_s,
                           int(turns) if isinstance(turns, int | float) else None)
    base.update(response_text=response.text[-8000:], code=unified_diff(spec.files, after,
                                                                        diff.files),
                extraction="tree", model_reported=response.model,
                finish_reason=response.finish_reason, tokens_in=response.tokens_in,
                tokens_out=response.tokens_out, latency_s=response.latency_s,
                cost_usd=response.cost_usd, attempts=len(retries) + 1)
    hidden: ExecResult | None = None
    existing: ExecResult | None = None
    tree_limits = TREE_LIMITS.model_copy(
        update={"timeout_s": max(limits.timeout_s, TREE_LIMITS.timeout_s)})
    if diff.files:
        try:
            hidden, existing = await test_tree(sandbox, spec, after, tree_limits,
                                               task.language)
        except SandboxUnavailable as exc:
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR, error=str(exc))
        if ExecStatus.SANDBOX_ERROR in (hidden.status, existing and existing.status):
            return SampleRecord(**base, status=SampleStatus.INFRA_ERROR,
                                failure_class=FailureClass.INFRA_ERROR,
                                error=hidden.detail or (existing.detail if existing else ""))
        if (existing is not None and existing.status is not ExecStatus.OK
                and not await _existing_passed_at_start(sandbox, task, spec, tree_limits)):
            existing = None  # already failing before the agent started: not its doing
        base.update(exec_status=str(hidden.status), exit_code=hidden.exit_code,
                    stdout=hidden.stdout[-8000:], stderr=hidden.stderr[-8000:],
                    wall_s=hidden.wall_s, cpu_s=hidden.cpu_s,
                    peak_memory_mb=hidden.peak_memory_mb)
    lint, code_lines = await _lint(after, diff.files, task.language)
    score = score_repo(outcome, diff, _solution_stats(spec.solution_patch),
                       forbidden_changes(diff, spec.allowed_paths), hidden, existing, lint,
                       code_lines)
    status = SampleStatus.PASSED if score.failure is None else SampleStatus.FAILED
    return SampleRecord(**base, status=status, failure_class=score.failure,
                        metrics=metrics_json(score), diagnostics=score.diagnostics)
