"""``codecanary runs``: list and inspect stored runs."""

from __future__ import annotations

import click
from rich.table import Table

from codecanary.cli.common import console, emit_json, open_store
from codecanary.cli.show import print_metrics, print_run
from codecanary.report.rates import wilson
from codecanary.report.summary import run_to_json, summarize
from codecanary.scoring.metrics import METRICS


@click.group()
def runs() -> None:
    """List and inspect stored runs."""


@runs.command("list")
@click.option("--subject", default=None)
@click.option("--suite", default=None)
@click.option("--limit", type=click.IntRange(min=1), default=50)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_runs(ctx: click.Context, subject: str | None, suite: str | None, limit: int,
              as_json: bool) -> None:
    """Recent runs, newest logical time first."""
    records = open_store(ctx).list_runs(subject=subject, suite=suite, limit=limit)
    if as_json:
        emit_json([r.model_dump(mode="json", exclude={"fingerprint"}) for r in records])
        return
    table = Table("id", "subject", "suite", "logical time", "status", "samples",
                  "pass rate [95% CI]", "infra")
    for r in records:
        rate = wilson(r.n_passed, r.n_passed + r.n_failed)
        table.add_row(r.id, r.subject, f"{r.suite}@{r.suite_version[:8]}",
                      f"{r.logical_time:%Y-%m-%d %H:%M}", str(r.status),
                      f"{r.n_samples}/{r.n_expected}", str(rate), str(r.n_infra_errors))
    console.print(table)


@runs.command("show")
@click.argument("run_id")
@click.option("--json", "as_json", is_flag=True)
@click.option("--samples", "with_samples", is_flag=True, help="Include per-sample records.")
@click.option("--metric", "metric_names", multiple=True, metavar="NAME",
              help="Show this scoring metric per slice (repeatable; 'all' for every one).")
@click.pass_context
def show_run(ctx: click.Context, run_id: str, as_json: bool, with_samples: bool,
             metric_names: tuple[str, ...]) -> None:
    """One run: pass rate, scoring metrics and failure classes, overall and per slice.

    Every figure carries its 95% interval and the count it rests on.
    """
    unknown = [m for m in metric_names if m != "all" and m not in METRICS]
    if unknown:
        raise click.UsageError(f"unknown metric {unknown[0]!r}; known: {', '.join(METRICS)}")
    store = open_store(ctx)
    record = store.get_run(run_id)
    samples = store.samples(run_id)
    slices = summarize(record, samples, store.run_suite(run_id))
    if as_json:
        emit_json(run_to_json(record, slices, samples if with_samples else None))
        return
    print_run(record, slices)
    print_metrics(slices, list(metric_names))
    if with_samples:
        table = Table("task", "#", "status", "failure class", "exec", "latency s")
        for s in samples:
            table.add_row(s.task_id, str(s.sample_index), str(s.status), s.failure_class or "",
                          s.exec_status or "", f"{s.latency_s:.2f}" if s.latency_s else "")
        console.print(table)
