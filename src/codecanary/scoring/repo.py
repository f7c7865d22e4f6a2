"""Scoring of repo-task samples: what an agent did to a working tree.

One primary failure class per failed sample, first match wins (a cause before
its symptoms, as in :mod:`codecanary.scoring.failures`):

1. ``agent_error``: the agent exited non-zero or could not start.
2. ``agent_timeout``: the agent hit its wall-clock limit.
3. ``no_change``: the tree is byte-for-byte the starting tree.
4. ``forbidden_edit``: a file outside the task's ``allowed_paths`` changed.
5. the hidden tests' own class (``wrong_answer``, ``compile_error``,
   ``syntax_error``, ``runtime_error``, ``timeout`` …), when they fail.
6. ``broke_existing_tests``: hidden tests pass, the repo's own tests do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from codecanary.sandbox.base import ExecResult, ExecStatus
from codecanary.scoring.failures import Evidence, FailureClass, classify
from codecanary.scoring.repo_counts import parse_test_counts
from codecanary.suites.repo_tree import DiffStats


@dataclass(frozen=True)
class AgentOutcome:
    """How the agent's turn ended (from the provider's response)."""

    finish_reason: str | None
    """``stop`` (normal), ``error`` (non-zero exit) or ``timeout``."""
    duration_s: float
    turns: int | None = None


@dataclass(frozen=True)
class RepoScore:
    failure: FailureClass | None
    metrics: dict[str, float]
    diagnostics: list[str] = field(default_factory=list)


def score_repo(outcome: AgentOutcome, diff: DiffStats, solution: DiffStats,
               forbidden: tuple[str, ...], hidden: ExecResult | None,
               existing: ExecResult | None, lint_findings: int | None,
               changed_code_lines: int) -> RepoScore:
    """Metrics and failure class of one repo-task sample.

    ``hidden`` is None only when the tests were not run (the agent made no change).
    """
    metrics: dict[str, float] = {
        "files_changed": float(len(diff.files)),
        "lines_changed": float(diff.lines),
        "forbidden_edit": float(bool(forbidden)),
        "agent_duration_s": outcome.duration_s,
        "agent_timeout": float(outcome.finish_reason == "timeout"),
    }
    notes: list[str] = []
    if solution.lines and diff.lines:
        metrics["diff_size_ratio"] = diff.lines / solution.lines
    if outcome.turns is not None:
        metrics["turns"] = float(outcome.turns)
    if hidden is not None:
        counts = parse_test_counts(hidden.stdout + "\n" + hidden.stderr)
        if counts is not None and counts.total:
            fraction = counts.fraction
        else:
            fraction = 1.0 if hidden.status is ExecStatus.OK else 0.0
        if hidden.status is not ExecStatus.OK and fraction >= 1.0:
            fraction = 0.0  # every counted test passed, yet the run failed (a crash)
        metrics["tests_passed_fraction"] = fraction
    if existing is not None:
        metrics["existing_tests_broken"] = float(existing.status is not ExecStatus.OK)
    if lint_findings is not None and changed_code_lines:
        metrics["lint_per_100_lines"] = 100.0 * lint_findings / changed_code_lines
    if forbidden:
        notes.append("edited outside allowed paths: " + ", ".join(forbidden[:5]))
    if existing is not None and existing.status is not ExecStatus.OK:
        notes.append("the repo's own tests fail after the change")
    return RepoScore(_classify(outcome, diff, forbidden, hidden, existing), metrics, notes)


def _classify(outcome: AgentOutcome, diff: DiffStats, forbidden: tuple[str, ...],
              hidden: ExecResult | None, existing: ExecResult | None) -> FailureClass | None:
    if outcome.finish_reason == "error":
        return FailureClass.AGENT_ERROR
    if outcome.finish_reason == "timeout":
        return FailureClass.AGENT_TIMEOUT
    if not diff.files:
        return FailureClass.NO_CHANGE
    if forbidden:
        return FailureClass.FORBIDDEN_EDIT
    if hidden is not None and hidden.status is not ExecStatus.OK:
        failure = classify(Evidence(has_code=True, result=as_program_result(hidden)))
        return failure or FailureClass.WRONG_ANSWER
    if existing is not None and existing.status is not ExecStatus.OK:
        return FailureClass.BROKE_EXISTING_TESTS
    return None


#: Test runners' words for "the tree did not build" (go, cargo, tsc).
_BUILD_FAILED = re.compile(r"\[build failed\]|\[setup failed\]|error: could not compile"
                           r"|\berror TS\d+:|^error\[E\d+\]", re.MULTILINE)


def as_program_result(result: ExecResult) -> ExecResult:
    """Test runners print to stdout and stderr alike; a failed build is a compile error."""
    output = (result.stdout + "\n" + result.stderr).strip()
    if result.status is ExecStatus.FAILED and _BUILD_FAILED.search(output):
        return result.model_copy(update={"status": ExecStatus.COMPILE_ERROR,
                                         "compile_output": output, "stderr": ""})
    return result.model_copy(update={"stderr": output})


def metrics_json(score: RepoScore) -> dict[str, Any]:
    return {k: round(v, 6) for k, v in score.metrics.items()}
