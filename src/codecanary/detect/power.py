"""Power and budget planning for paired run-vs-baseline comparisons.

For a paired comparison of task-level means, between-task spread cancels; the
variance of the difference of pass rates over n tasks, with m current and M
baseline samples per task, is ``mean_i σ_i² (1/m + 1/M) / n`` with
``σ_i² = p_i (1 − p_i)`` the within-task Bernoulli variance. The minimum
detectable effect (two-sided level α, power 1 − β; normal approximation) is::

    MDE = (z_{1−α/2} + z_{1−β}) · sqrt(mean σ² (1/m + 1/M) / n)

and solving for n gives the tasks needed for a target MDE (Chow, Shao and
Wang, "Sample Size Calculations in Clinical Research", paired means).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from codecanary.errors import CodecanaryError

PERIODS: Mapping[str, int] = {"day": 1, "week": 7, "month": 30}


def within_task_variance(pass_rates: Sequence[float]) -> float:
    """Mean within-task Bernoulli variance p(1 − p) over the observed tasks."""
    p = np.asarray(pass_rates, dtype=float)
    if p.size == 0 or np.any((p < 0) | (p > 1)):
        raise CodecanaryError("need per-task pass rates in [0, 1]")
    return float(np.mean(p * (1.0 - p)))


def _zsum(alpha: float, power: float) -> float:
    if not (0 < alpha < 1 and 0 < power < 1):
        raise CodecanaryError("alpha and power must be between 0 and 1")
    return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))


def mde(mean_variance: float, n_tasks: int, samples: float, baseline_samples: float,
        alpha: float = 0.05, power: float = 0.8) -> float:
    """Minimum detectable difference of pass rates (see module docstring)."""
    if n_tasks < 1 or samples <= 0 or baseline_samples <= 0:
        raise CodecanaryError("tasks and samples must be positive")
    se = math.sqrt(mean_variance * (1 / samples + 1 / baseline_samples) / n_tasks)
    return _zsum(alpha, power) * se


def tasks_needed(mean_variance: float, target_mde: float, samples: float,
                 baseline_samples: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Tasks needed so that a paired comparison detects ``target_mde``."""
    if target_mde <= 0:
        raise CodecanaryError(f"target MDE must be positive, got {target_mde}")
    z = _zsum(alpha, power)
    return math.ceil(z * z * mean_variance * (1 / samples + 1 / baseline_samples)
                     / target_mde**2)


@dataclass(frozen=True)
class BudgetOption:
    """Tasks needed at a given number of samples per task."""

    samples_per_task: int
    tasks: int


@dataclass(frozen=True)
class PowerPlan:
    """What the current budget can see, and what a target effect would need."""

    mean_variance: float
    n_tasks: int
    samples_per_day: int
    mde_by_period: dict[str, float]
    target_mde: float | None
    options: tuple[BudgetOption, ...]


def plan(pass_rates: Sequence[float], *, samples_per_day: int = 1,
         n_tasks: int | None = None,
         baseline_runs: int = 28, target_mde: float | None = None,
         alpha: float = 0.05, power: float = 0.8,
         sample_choices: Sequence[int] = (1, 2, 3, 5, 10)) -> PowerPlan:
    """Detectable effect per day/week/month of the current budget, and options for a target.

    Args:
        pass_rates: Observed per-task pass rates of the panel.
        samples_per_day: Samples per task per daily run.
        n_tasks: Tasks per run in the budget (default: as many as observed);
            the observed mean within-task variance is assumed to carry over.
        baseline_runs: Daily runs in the baseline window.
        target_mde: Optional effect (in rate points, e.g. 0.03) to plan for.
        alpha: Two-sided level.
        power: Target power.
        sample_choices: Samples per task for which to report the tasks needed,
            for the period of one day.
    """
    var = within_task_variance(pass_rates)
    if var <= 0.0:
        # Every task always passed or always failed: the binomial variance that
        # sizes the detectable effect is estimated as 0, and an MDE of 0 points
        # would be a promise, not an estimate.
        raise CodecanaryError(
            "cannot estimate without variation: every task always passed or always failed "
            "in this history; plan from a history with some variation (more runs, or "
            "samples at a temperature above 0)")
    n = len(pass_rates) if n_tasks is None else n_tasks
    base = baseline_runs * samples_per_day
    by_period = {
        name: mde(var, n, days * samples_per_day, base, alpha, power)
        for name, days in PERIODS.items()
    }
    options: tuple[BudgetOption, ...] = ()
    if target_mde is not None:
        options = tuple(
            BudgetOption(s, tasks_needed(var, target_mde, s, baseline_runs * s, alpha, power))
            for s in sample_choices
        )
    return PowerPlan(var, n, samples_per_day, by_period, target_mde, options)
