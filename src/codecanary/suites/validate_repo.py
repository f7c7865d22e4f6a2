"""Validation of repo tasks: the tests separate the broken tree from the fixed one.

A repo task is sound when (1) the starting tree fails its hidden tests, (2) the
tree with ``solution.patch`` applied passes them and the repo's own tests, and
(3) mutants of the patched change — seeded only on lines the patch adds, with
:mod:`codecanary.mutate` — are killed by the hidden tests (DeMillo, Lipton and
Sayward 1978, as for function tasks).
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from codecanary.mutate import Mutant, lexed_languages, mutants
from codecanary.sandbox import ExecResult, ExecStatus, Sandbox
from codecanary.sandbox.tree import TREE_LIMITS, run_in_tree
from codecanary.scoring.repo import as_program_result
from codecanary.suites.models import Task
from codecanary.suites.repo import RepoSpec, repo_spec
from codecanary.suites.repo_tree import PatchError, added_lines, is_test_path, patched

Execute = Callable[[Awaitable[ExecResult]], Awaitable[ExecResult]]


@dataclass(frozen=True)
class RepoValidation:
    ok: bool
    detail: str = ""
    total: int = 0
    compiled: int = 0
    killed: int = 0
    survivors: tuple[str, ...] = ()


def _detail(what: str, result: ExecResult) -> str:
    lines = (result.stdout + "\n" + result.stderr).strip().splitlines()
    return f"{what}: {result.status.value}: {lines[-1][:200] if lines else result.detail}"


def changed_mutants(spec: RepoSpec, fixed: dict[str, str], language: str, *,
                    max_mutants: int, seed: int) -> list[tuple[str, Mutant]]:
    """(file, mutant) for mutants of the patched files on lines the patch adds."""
    if language not in lexed_languages():
        return []
    found: list[tuple[str, Mutant]] = []
    for rel, lines in sorted(added_lines(spec.solution_patch).items()):
        if rel not in fixed or not lines or is_test_path(rel):
            continue  # mutating the repo's own tests says nothing about the hidden ones
        try:
            every = mutants(fixed[rel], language)
        except Exception:  # a file in another language (config, docs)
            continue
        found.extend((rel, m) for m in every if m.line in lines)
    if len(found) > max_mutants:
        found = sorted(random.Random(seed).sample(found, max_mutants), key=lambda fm: fm[1].line)
    return found


async def validate_repo(task: Task, sandbox: Sandbox, execute: Execute, *,
                        max_mutants: int, seed: int) -> RepoValidation:
    """Starting tree fails, patched tree passes, mutants of the change are killed."""
    spec = repo_spec(task)
    with tempfile.TemporaryDirectory(prefix="cc-validate-") as tmp:
        try:
            fixed = await asyncio.to_thread(patched, spec.files, spec.solution_patch, Path(tmp))
        except PatchError as exc:
            return RepoValidation(False, f"solution.patch: {exc}")

    def hidden(tree: dict[str, str]) -> Awaitable[ExecResult]:
        return execute(run_in_tree(sandbox, {**tree, **spec.hidden_tests}, spec.test_command,
                                   TREE_LIMITS, task.language))

    runs = [hidden(spec.files), hidden(fixed)]
    if spec.existing_test_command is not None:
        runs.append(execute(run_in_tree(sandbox, fixed, spec.existing_test_command,
                                        TREE_LIMITS, task.language)))
    results = await asyncio.gather(*runs)
    if results[0].status is ExecStatus.OK:
        return RepoValidation(False, "the starting tree already passes the hidden tests")
    if results[1].status is not ExecStatus.OK:
        return RepoValidation(False, _detail("patched tree fails the hidden tests", results[1]))
    if len(results) > 2 and results[2].status is not ExecStatus.OK:
        return RepoValidation(False, _detail("patched tree fails its own tests", results[2]))
    seeded = changed_mutants(spec, fixed, task.language, max_mutants=max_mutants, seed=seed)
    outcomes = await asyncio.gather(*(hidden({**fixed, rel: m.source}) for rel, m in seeded))
    compiled = [(rel, m, r) for (rel, m), r in zip(seeded, outcomes, strict=True)
                if as_program_result(r).status is not ExecStatus.COMPILE_ERROR]
    survivors = tuple(f"{rel} {m.description}" for rel, m, r in compiled
                      if r.status is ExecStatus.OK)
    return RepoValidation(True, "", len(seeded), len(compiled), len(compiled) - len(survivors),
                          survivors)
