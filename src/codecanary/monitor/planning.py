"""``plan``: what the subject's current budget can detect, from its own history.

Per-task pass rates come from the subject's recent runs (infra errors left
out); :func:`codecanary.detect.plan` turns their within-task variances into the
minimum detectable effect per day / week / month and the tasks × samples needed
for a target effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.detect import PowerPlan, RateEstimate, clustered_rate, plan
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import subject_runs
from codecanary.monitor.data import RunCache
from codecanary.store import Store


@dataclass(frozen=True)
class SubjectPlan:
    """The power plan and the history it was estimated from."""

    subject: str
    n_runs: int
    n_tasks: int
    mean_pass_rate: float
    """Mean of the per-task pass rates (each task counts once)."""
    pooled: RateEstimate
    """All scored samples pooled, with its task-clustered Wilson interval and n."""
    power: PowerPlan


def plan_subject(store: Store, subject: str, *, suite: str | None = None,
                 target_mde: float | None = 0.03, history: int = 30,
                 baseline_runs: int = 90) -> SubjectPlan:
    """Power plan for ``subject`` from its last ``history`` runs.

    Args:
        store: The store.
        subject: Subject name.
        suite: Restrict to runs of this suite.
        target_mde: Effect (rate points) to size the panel for.
        history: Recent runs used to estimate per-task pass rates.
        baseline_runs: Runs in the baseline the plan assumes.
    """
    if target_mde is not None and not 0 < target_mde < 1:
        raise CodecanaryError(f"--mde must be between 0 and 1 (rate points), got {target_mde}")
    runs = subject_runs(store, subject, suite)[-history:]
    data = RunCache(store).data(runs)
    rates = [sum(v) / len(v) for v in data.pass_outcomes.values() if v]
    if not rates:
        raise CodecanaryError(f"subject {subject!r} has no scored samples to plan from")
    samples = max(1, runs[-1].samples_per_task)
    power = plan(rates, samples_per_day=samples, baseline_runs=baseline_runs,
                 target_mde=target_mde)
    return SubjectPlan(subject, len(runs), len(rates), sum(rates) / len(rates),
                       clustered_rate(data.pass_outcomes), power)
