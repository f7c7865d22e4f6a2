"""Human-readable rendering of runs and their slices."""

from __future__ import annotations

from rich.table import Column, Table

from codecanary.cli.common import console
from codecanary.records import RunRecord
from codecanary.report.rates import format_rate
from codecanary.report.summary import SliceSummary
from codecanary.scoring.metrics import METRICS


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
        shown = format_rate(rate.value, rate.low, rate.high)
        classes = ", ".join(f"{k} {v}" for k, v in list(item.failure_classes.items())[:3])
        table.add_row(item.slice, shown, str(rate.n), str(item.n_tasks), classes)
    console.print(table)
    if len(slices) > max_slices:
        console.print(f"… {len(slices) - max_slices} more slices (use --json)")


def print_metrics(slices: list[SliceSummary], names: list[str], *, max_slices: int = 40) -> None:
    """The overall metrics table, then one per-slice table for each metric in ``names``."""
    if not slices or not slices[0].metrics:
        return
    overall = slices[0]
    table = Table(Column("metric", no_wrap=True), Column("value [95% CI]", no_wrap=True), "n",
                  "tasks", "better", "meaning", title="scoring metrics (overall)")
    for name, item in overall.metrics.items():
        info = METRICS[name]
        table.add_row(name, item.value_text(), str(item.n), str(item.n_tasks),
                      "higher" if info.higher_is_better else "lower", info.description)
    console.print(table)
    wanted = list(overall.metrics) if names == ["all"] else names
    for name in wanted:
        per_slice = Table(Column("slice", no_wrap=True), Column("value [95% CI]", no_wrap=True),
                          "n", "tasks", title=f"{name} by slice")
        for part in slices[:max_slices]:
            summary = part.metrics.get(name)
            if summary is not None:
                per_slice.add_row(part.slice, summary.value_text(),
                                  str(summary.n), str(summary.n_tasks))
        console.print(per_slice)
    if not names:
        console.print("per slice: add [bold]--metric NAME[/] (or --metric all)")
