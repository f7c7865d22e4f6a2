"""Human-readable rendering of runs and their slices."""

from __future__ import annotations

from rich.table import Column, Table

from codecanary.cli.common import console
from codecanary.records import RunRecord
from codecanary.report.summary import SliceSummary


def print_run(run: RunRecord, slices: list[SliceSummary], *, max_slices: int = 40) -> None:
    done = f"{run.n_samples}/{run.n_expected} samples"
    console.print(
        f"[bold]run {run.id}[/] · subject [bold]{run.subject}[/] ({run.provider}:{run.model}) · "
        f"suite {run.suite}@{run.suite_version} · {run.status} · {done} · "
        f"logical time {run.logical_time:%Y-%m-%d %H:%M}"
    )
    if run.error:
        console.print(f"[red]error:[/] {run.error}")
    if run.n_infra_errors:
        console.print(f"[yellow]{run.n_infra_errors} infra errors[/] (provider or sandbox "
                      "failures; excluded from pass rates)")
    table = Table(Column("slice", no_wrap=True), Column("pass rate [95% CI]", no_wrap=True),
                  "n", "tasks", "top failure classes")
    for item in slices[:max_slices]:
        rate = item.pass_rate
        shown = "—" if rate.value is None or rate.low is None or rate.high is None else \
            f"{rate.value:.1%} [{rate.low:.1%}, {rate.high:.1%}]"
        classes = ", ".join(f"{k} {v}" for k, v in list(item.failure_classes.items())[:3])
        table.add_row(item.slice, shown, str(rate.n), str(item.n_tasks), classes)
    console.print(table)
    if len(slices) > max_slices:
        console.print(f"… {len(slices) - max_slices} more slices (use --json)")
