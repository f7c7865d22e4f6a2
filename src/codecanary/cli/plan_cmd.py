"""``codecanary plan``: the detectable effect of the current budget, and what a target needs."""

from __future__ import annotations

import click

from codecanary.cli.common import console, emit_json, open_store
from codecanary.monitor import plan_subject
from codecanary.report.rates import rate_text


@click.command()
@click.option("--subject", required=True, help="Subject name.")
@click.option("--suite", default=None, help="Suite name (default: the latest run's).")
@click.option("--mde", type=float, default=0.03, show_default=True,
              help="Target detectable drop in rate points.")
@click.option("--history", type=click.IntRange(min=1), default=30, show_default=True,
              help="Recent runs to estimate per-task pass rates from.")
@click.option("--baseline-runs", type=click.IntRange(min=1), default=90, show_default=True,
              help="Runs in the baseline window.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def plan(ctx: click.Context, subject: str, suite: str | None, mde: float, history: int,
         baseline_runs: int, as_json: bool) -> None:
    """Minimum detectable effect per day/week/month, and tasks x samples for --mde."""
    result = plan_subject(open_store(ctx), subject, suite=suite, target_mde=mde,
                          history=history, baseline_runs=baseline_runs)
    p = result.power
    if as_json:
        emit_json({"subject": subject, "runs": result.n_runs, "tasks": result.n_tasks,
                   "mean_pass_rate": result.mean_pass_rate,
                   "pass_rate": {"rate": result.pooled.rate, "n": result.pooled.n,
                                 "interval": list(result.pooled.interval)},
                   "mean_within_task_variance": p.mean_variance,
                   "samples_per_day": p.samples_per_day, "mde_by_period": p.mde_by_period,
                   "target_mde": p.target_mde,
                   "options": [{"samples_per_task": o.samples_per_task, "tasks": o.tasks}
                               for o in p.options]})
        return
    console.print(f"{subject}: {result.n_tasks} tasks x {p.samples_per_day} sample(s)/day, "
                  f"estimated from {result.n_runs} runs; pass rate {rate_text(result.pooled)}, "
                  f"mean within-task variance {p.mean_variance:.3f}")
    console.print(f"paired comparison vs {baseline_runs} baseline runs "
                  "(alpha 0.05 two-sided, 80% power), detectable drop:")
    for period, value in p.mde_by_period.items():
        console.print(f"  per {period:<5} {value * 100:5.1f} points")
    if p.target_mde is not None:
        console.print(f"to detect {p.target_mde * 100:.1f} points in one day you need:")
        for o in p.options:
            console.print(f"  {o.tasks:6d} tasks x {o.samples_per_task} sample(s) "
                          f"= {o.tasks * o.samples_per_task} samples/day")
