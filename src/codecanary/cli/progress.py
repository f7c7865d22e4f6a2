"""A rich progress bar fed by runner callbacks: rate, ETA, failures and infra errors so far.

Drawn on stderr only when stderr is a terminal, so piped or logged output stays clean.
"""

from __future__ import annotations

from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from codecanary.cli.common import err_console
from codecanary.records import SampleRecord, SampleStatus


class RateColumn(ProgressColumn):
    """Samples per second over the run so far (rich's own speed column is per byte)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-.-/s" if speed is None else f"{speed:.1f}/s", style="cyan")


class RunProgress:
    def __init__(self, label: str, *, enabled: bool = True) -> None:
        self.label = label
        self.passed = self.failed = self.infra = 0
        self._progress = Progress(
            # Fits 80 columns: id, bar, done/total, samples/s, outcomes so far, ETA.
            TextColumn("[bold]{task.description}"), BarColumn(bar_width=10),
            MofNCompleteColumn(), RateColumn(),
            TextColumn("[green]{task.fields[passed]} ok[/] "
                       "[red]{task.fields[failed]} failed[/] "
                       "[yellow]{task.fields[infra]} infra[/]"),
            TextColumn("eta"), TimeRemainingColumn(),
            console=err_console, disable=not (enabled and err_console.is_terminal),
            transient=False,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def on_start(self, run_id: str, total: int) -> None:
        label = run_id if self.label == "run" else f"{self.label} {run_id}"
        self._task = self._progress.add_task(label, total=total,
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
