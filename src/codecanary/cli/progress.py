"""A rich progress bar with ETA and a live pass count, fed by runner callbacks."""

from __future__ import annotations

from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from codecanary.cli.common import err_console
from codecanary.records import SampleRecord, SampleStatus


class RunProgress:
    def __init__(self, label: str, *, enabled: bool = True) -> None:
        self.label = label
        self.passed = self.failed = self.infra = 0
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[green]{task.fields[passed]} passed[/] "
                       "[red]{task.fields[failed]} failed[/] "
                       "[yellow]{task.fields[infra]} infra[/]"),
            TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
            console=err_console, disable=not enabled, transient=False,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def on_start(self, run_id: str, total: int) -> None:
        self._task = self._progress.add_task(f"{self.label} {run_id}", total=total,
                                             passed=0, failed=0, infra=0)

    def on_sample(self, sample: SampleRecord) -> None:
        if sample.status is SampleStatus.PASSED:
            self.passed += 1
        elif sample.status is SampleStatus.FAILED:
            self.failed += 1
        else:
            self.infra += 1
        if self._task is not None:
            self._progress.update(self._task, advance=1, passed=self.passed,
                                  failed=self.failed, infra=self.infra)
