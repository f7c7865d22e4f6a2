"""Driving and rendering ``suites validate``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Column, Table

from codecanary.cli.common import console, err_console
from codecanary.report.rates import Rate, wilson
from codecanary.sandbox import open_sandbox
from codecanary.suites.models import Suite
from codecanary.suites.validate import STRONG_KILL_RATE, TaskValidation, validate_suite


@dataclass(frozen=True)
class ValidationReport:
    suite: str
    version: str
    tasks: list[TaskValidation]

    @property
    def broken(self) -> list[TaskValidation]:
        return [t for t in self.tasks if not t.reference_ok or t.efficiency_ok is False]

    def strong_share(self) -> Rate:
        """Share of tasks whose tests kill >= 80% of compilable mutants."""
        measured = [t for t in self.tasks if t.kill_rate is not None]
        return wilson(sum(t.strong for t in measured), len(measured))

    def to_json(self) -> dict[str, Any]:
        return {
            "suite": self.suite, "version": self.version, "n_tasks": len(self.tasks),
            "references_failed": [t.task_id for t in self.broken],
            "strong_kill_rate": STRONG_KILL_RATE,
            "strong_share": self.strong_share().model_dump(),
            "tasks": [{"id": t.task_id, "language": t.language, "reference_ok": t.reference_ok,
                       "reference_detail": t.reference_detail, "efficiency_ok": t.efficiency_ok,
                       "mutants": t.mutants_total, "compiled": t.mutants_compiled,
                       "killed": t.mutants_killed, "kill_rate": t.kill_rate,
                       "survivors": list(t.survivors)} for t in self.tasks],
        }


def run_validation(suite: Suite, sandbox_name: str, *, max_mutants: int, seed: int,
                   progress: bool) -> ValidationReport:
    bar = Progress(TextColumn("validate"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err_console, disable=not progress, transient=True)

    async def go() -> list[TaskValidation]:
        sandbox = open_sandbox(sandbox_name)
        task = bar.add_task("validate", total=len(suite.tasks))
        try:
            return await validate_suite(suite, sandbox, max_mutants=max_mutants, seed=seed,
                                        on_task=lambda _: bar.advance(task))
        finally:
            await sandbox.aclose()

    with bar:
        results = asyncio.run(go())
    return ValidationReport(suite.name, suite.version, results)


def print_validation(report: ValidationReport) -> None:
    table = Table(Column("task", no_wrap=True), "reference", "mutants killed", "kill rate",
                  "survivors")
    for t in report.tasks:
        ref = "ok" if t.reference_ok else f"[red]FAILED[/] {t.reference_detail}"
        if t.efficiency_ok is False:
            ref += " [red](efficiency harness failed)[/]"
        rate = t.kill_rate
        shown = "—" if rate is None else f"{rate:.0%}"
        if rate is not None and rate < STRONG_KILL_RATE:
            shown = f"[yellow]{shown}[/]"
        table.add_row(t.task_id, ref, f"{t.mutants_killed}/{t.mutants_compiled}", shown,
                      "; ".join(t.survivors[:2]))
    console.print(table)
    console.print(f"references: {len(report.tasks) - len(report.broken)}/{len(report.tasks)} "
                  f"pass; tasks killing >= {STRONG_KILL_RATE:.0%} of compilable mutants: "
                  f"{report.strong_share()}")
