"""Score one answer: static signals before execution, then metrics and a failure class.

:func:`analyse` reads the code without running it (syntax through tree-sitter,
completeness, corruption, language, the task's constraints, maintainability).
After the sandbox has run the tests (and, on efficiency tasks, the large input),
:func:`finish` turns everything into the sample's metrics (names from
:mod:`codecanary.scoring.metrics`), one-line diagnostics, and the primary
failure class (:mod:`codecanary.scoring.failures`).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from codecanary.sandbox.base import ExecResult, ExecStatus
from codecanary.scoring.completeness import Completeness, check_completeness
from codecanary.scoring.constraints import Violation, check_constraints
from codecanary.scoring.corruption import Corruption, check_corruption, wrong_language
from codecanary.scoring.efficiency import Efficiency
from codecanary.scoring.failures import Evidence, FailureClass, api_misuse_in, classify
from codecanary.scoring.maintainability import (
    Lint,
    Maintainability,
    length_ratio,
    lint_external,
    measurable,
    measure_maintainability,
)
from codecanary.scoring.syntax import SyntaxReport, check_syntax
from codecanary.suites.models import Task

#: Diagnostics kept per sample (the first ones explain the most).
MAX_DIAGNOSTICS = 12
#: Static reports kept in memory: identical answers (frequent at temperature 0, and
#: from a subject that repeats itself day after day) are analysed once per process.
STATIC_CACHE_SIZE = 4096


@dataclass(frozen=True)
class StaticReport:
    """What reading the code (without running it) found."""

    syntax: SyntaxReport
    completeness: Completeness
    corruption: Corruption
    other_language: str | None
    violations: tuple[Violation, ...]
    maintainability: Maintainability | None
    """None when the code does not parse (lint of broken code means little)."""
    length_ratio: float | None
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class Score:
    failure: FailureClass | None
    metrics: dict[str, float]
    diagnostics: list[str] = field(default_factory=list)


def allowed_text(task: Task) -> str:
    """Text whose scripts an answer may legitimately contain (prompt, tests, reference)."""
    return "\n".join((task.prompt, task.tests, task.reference or ""))


def analyse(task: Task, code: str, *, finish_reason: str | None,
            lint: Lint | None = None) -> StaticReport:
    """Static signals of ``code`` as an answer to ``task`` (never raises on bad code).

    ``lint`` is the external linter's result when the caller ran it already
    (:meth:`StaticCache.analyse_async`); otherwise it runs here.
    """
    started = time.perf_counter()
    syntax = check_syntax(code, task.language)
    completeness = check_completeness(code, task.language, entry_point=task.entry_point,
                                      finish_reason=finish_reason)
    corruption = check_corruption(code, task.language, allowed_text=allowed_text(task))
    other = wrong_language(code, task.language)
    violations = tuple(check_constraints(code, task.language, task.constraints,
                                         task.entry_point)) if task.constraints else ()
    parses = syntax.valid or not syntax.checked
    # A language without lexer rules has no maintainability figures (absent, not 0).
    quality = measure_maintainability(code, task.language, lint=lint) \
        if parses and measurable(task.language) else None
    ratio = length_ratio(code, task.reference, task.language) if parses and task.reference \
        else None
    return StaticReport(syntax=syntax, completeness=completeness, corruption=corruption,
                        other_language=other, violations=violations, maintainability=quality,
                        length_ratio=ratio, elapsed_s=time.perf_counter() - started)


class StaticCache:
    """A bounded, thread-safe LRU of :func:`analyse` results keyed by task and answer."""

    def __init__(self, size: int = STATIC_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str, str | None], StaticReport] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str, str | None], asyncio.Future[None]] = {}
        self.hits = 0

    def analyse(self, task: Task, code: str, *, finish_reason: str | None) -> StaticReport:
        key = self._key(task, code, finish_reason)
        report = self._get(key)
        if report is None:
            report = self._put(key, analyse(task, code, finish_reason=finish_reason))
        return report

    async def analyse_async(self, task: Task, code: str, *,
                            finish_reason: str | None) -> StaticReport:
        """:meth:`analyse`, with the external linter awaited instead of blocking the loop.

        The rest runs inline on the caller's thread: CPython 3.11's ``ast.parse`` is
        not safe to run in two threads at once, and it costs milliseconds. Samples
        that ask for the same analysis while it is under way (several samples of a
        task at temperature 0 arrive together) wait for that one instead of
        starting their own.
        """
        key = self._key(task, code, finish_reason)
        pending = self._pending.get(key)
        loop = asyncio.get_running_loop()
        if pending is not None and pending.get_loop() is loop:
            await asyncio.wait([pending])  # whatever became of it, the cache says
        report = self._get(key)
        if report is not None:
            return report
        done: asyncio.Future[None] = loop.create_future()
        self._pending[key] = done
        try:
            lint = await lint_external(code, task.language)
            return self._put(key, analyse(task, code, finish_reason=finish_reason, lint=lint))
        finally:
            if self._pending.get(key) is done:
                del self._pending[key]
            done.set_result(None)

    @staticmethod
    def _key(task: Task, code: str, finish_reason: str | None) -> tuple[str, str, str | None]:
        return task.content_hash(), hashlib.sha256(code.encode()).hexdigest(), finish_reason

    def _get(self, key: tuple[str, str, str | None]) -> StaticReport | None:
        with self._lock:
            report = self._items.get(key)
            if report is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return report

    def _put(self, key: tuple[str, str, str | None], report: StaticReport) -> StaticReport:
        with self._lock:
            self._items[key] = report
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return report


STATIC_CACHE = StaticCache()


def finish(task: Task, static: StaticReport, result: ExecResult | None, *,
           tests: tuple[int, int] | None = None,
           efficiency: Efficiency | None = None) -> Score:
    """Metrics, diagnostics and failure class of an answer that was analysed and run.

    Args:
        task: The task answered.
        static: :func:`analyse`'s report.
        result: The test run (None if the code was not executed).
        tests: (passed, total) assertions, when the harness could count them.
        efficiency: The efficiency measurement, on efficiency tasks whose tests passed.
    """
    metrics: dict[str, float] = {}
    notes: list[str] = []
    s = static
    if s.syntax.checked:
        metrics["syntax_valid"] = float(s.syntax.valid)
        if not s.syntax.valid:
            notes.append(f"syntax: {s.syntax.message}")
    c = s.completeness
    metrics["truncated"] = float(c.truncated)
    metrics["missing_entry_point"] = float(c.missing_entry_point)
    metrics["placeholder"] = float(c.placeholder)
    notes += [f"truncated: {r}" for r in c.truncation_reasons]
    if c.missing_entry_point:
        notes.append(f"entry point {task.entry_point!r} is not defined")
    notes += [f"placeholder: {r}" for r in c.placeholder_reasons]
    metrics["corrupted"] = float(s.corruption.corrupted)
    notes += [f"corruption: {r}" for r in s.corruption.reasons]
    metrics["wrong_language"] = float(s.other_language is not None)
    if s.other_language is not None:
        notes.append(f"wrong language: looks like {s.other_language}, not {task.language}")
    if task.constraints:
        metrics["constraints_met"] = float(not s.violations)
        notes += [f"constraint {v.kind}: {v.message}" for v in s.violations]
    if s.maintainability is not None:
        m = s.maintainability
        metrics["lint_per_100_lines"] = m.lint_per_100_lines
        metrics["cyclomatic_complexity"] = float(m.cyclomatic_complexity)
        metrics["comment_ratio"] = m.comment_ratio
        notes += [f"lint: {f}" for f in m.findings[:3]]
    if s.length_ratio is not None:
        metrics["length_ratio"] = s.length_ratio
    if result is not None:
        misuse = api_misuse_in(result.compile_output + "\n" + result.stderr)
        metrics["api_misuse"] = float(misuse and result.status is not ExecStatus.OK)
    metrics.update(_test_metrics(result, tests))
    if efficiency is not None:
        if efficiency.runtime_ratio is not None:
            metrics["runtime_ratio"] = efficiency.runtime_ratio
        if efficiency.memory_ratio is not None:
            metrics["memory_ratio"] = efficiency.memory_ratio
        notes.append(f"efficiency: {efficiency.detail}")
    failure = classify(Evidence(
        has_code=True, result=result, corrupted=s.corruption.corrupted,
        wrong_language=s.other_language is not None,
        truncated=c.truncated, syntax_valid=s.syntax.valid if s.syntax.checked else None,
        constraint_violations=len(s.violations),
        efficiency_status=efficiency.status if efficiency is not None else None))
    return Score(failure=failure, metrics=metrics, diagnostics=notes[:MAX_DIAGNOSTICS])


def _test_metrics(result: ExecResult | None, tests: tuple[int, int] | None
                  ) -> dict[str, float]:
    """``tests_passed_fraction`` where it is known (counted, all passed, or none ran)."""
    if tests is not None and tests[1] > 0:
        return {"tests_passed_fraction": tests[0] / tests[1]}
    if result is None:
        return {}
    if result.status is ExecStatus.OK:
        return {"tests_passed_fraction": 1.0}
    if result.status is ExecStatus.COMPILE_ERROR:
        return {"tests_passed_fraction": 0.0}  # no test could run
    return {}


def metrics_json(score: Score) -> dict[str, Any]:
    """The metrics as stored (rounded so the JSON stays readable)."""
    return {k: round(v, 6) for k, v in score.metrics.items()}
