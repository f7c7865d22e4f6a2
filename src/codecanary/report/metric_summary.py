"""Aggregate one per-sample metric over a run or a slice: value, 95% interval, n.

- Rate metrics (0/1 per sample) use the Wilson score interval at the
  task-clustered effective sample size, as pass rates do
  (:func:`codecanary.detect.clustered_rate`).
- Mean metrics use the task-clustered (cluster-robust) standard error of the
  mean with ``G − 1`` degrees of freedom, G being the number of tasks: samples of
  one task are not independent, so the task is the unit of replication
  (Cameron & Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference",
  with the usual ``G/(G−1)`` small-sample factor; this equals statsmodels' OLS
  intercept with ``cov_type="cluster"``).
- Geometric-mean metrics (positive ratios) get the same on the log scale,
  transformed back, so ×2 and ×0.5 weigh alike.
- Intervals stay inside the metric's bounds (``MetricInfo.bounds``): the
  intersection of a confidence set with the parameter space keeps its
  coverage. When every task sits at a bound of a metric bounded on both sides
  the t interval is the point; the exact one-sided bound for G task means in
  [0, 1] that are all 0 is ``1 − (α/2)^(1/G)`` (P(X = 0) ≤ 1 − μ for X in
  [0, 1], so P(all G are 0) ≤ (1 − μ)^G), and symmetrically at 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict
from scipy import stats

from codecanary.detect.intervals import clustered_rate
from codecanary.report.rates import format_rate
from codecanary.scoring.metrics import Aggregate, MetricInfo


class MetricSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    aggregate: str
    value: float | None
    low: float | None
    high: float | None
    n: int
    """Samples carrying the metric."""
    n_tasks: int

    def value_text(self) -> str:
        """The value with its interval (rates through the one rate formatter)."""
        if self.value is None:
            return "—"
        if self.aggregate == Aggregate.RATE:
            return format_rate(self.value, self.low, self.high)
        return f"{self.value:.3g} [{_num(self.low)}, {_num(self.high)}]"

    def to_text(self) -> str:
        if self.value is None:
            return f"— (n={self.n})"
        return f"{self.value_text()} (n={self.n}, {self.n_tasks} tasks)"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3g}"


def clustered_mean(values: Mapping[str, Sequence[float]], confidence: float = 0.95
                   ) -> tuple[float, float | None, float | None]:
    """Mean over all samples and its task-clustered t interval (None when < 2 tasks)."""
    groups = [list(v) for v in values.values() if v]
    n = sum(len(g) for g in groups)
    if n == 0:
        raise ValueError("no values")
    mean = sum(sum(g) for g in groups) / n
    n_groups = len(groups)
    if n_groups < 2:
        return mean, None, None
    score_sq = sum(sum(x - mean for x in g) ** 2 for g in groups)
    se = math.sqrt(n_groups / (n_groups - 1) * score_sq) / n
    t = float(stats.t.ppf(0.5 + confidence / 2, n_groups - 1))
    return mean, mean - t * se, mean + t * se


def summarize_metric(info: MetricInfo, values: Mapping[str, Sequence[float]],
                     confidence: float = 0.95) -> MetricSummary:
    """``values``: per task id, the metric's value in each sample that carries it."""
    present = {task: [float(v) for v in vs] for task, vs in values.items() if vs}
    n = sum(len(v) for v in present.values())
    empty = MetricSummary(name=info.name, aggregate=info.aggregate, value=None, low=None,
                          high=None, n=n, n_tasks=len(present))
    if n == 0:
        return empty
    if info.aggregate is Aggregate.RATE:
        rate = clustered_rate({t: [1.0 if v >= 0.5 else 0.0 for v in vs]
                               for t, vs in present.items()}, confidence)
        return empty.model_copy(update={"value": rate.rate, "low": rate.interval.low,
                                        "high": rate.interval.high})
    if info.aggregate is Aggregate.GEOMEAN:
        logs = {t: [math.log(v) for v in vs if v > 0] for t, vs in present.items()}
        logs = {t: vs for t, vs in logs.items() if vs}
        if not logs:
            return empty
        mean, lo, hi = clustered_mean(logs, confidence)
        return empty.model_copy(update={
            "value": math.exp(mean), "low": None if lo is None else math.exp(lo),
            "high": None if hi is None else math.exp(hi),
            "n": sum(len(v) for v in logs.values()), "n_tasks": len(logs)})
    mean, lo, hi = clustered_mean(present, confidence)
    lo, hi = _within(info.bounds, mean, lo, hi, len(present), confidence)
    return empty.model_copy(update={"value": mean, "low": lo, "high": hi})


def _within(bounds: tuple[float, float | None], mean: float, lo: float | None,
            hi: float | None, n_tasks: int, confidence: float
            ) -> tuple[float | None, float | None]:
    """The interval intersected with the metric's bounds (module docstring)."""
    if lo is None or hi is None:
        return lo, hi
    low_bound, high_bound = bounds
    lo = max(lo, low_bound)
    hi = max(hi, low_bound)
    if high_bound is not None:
        lo, hi = min(lo, high_bound), min(hi, high_bound)
        span = high_bound - low_bound
        tail = (1.0 - confidence) / 2.0
        if lo == hi == low_bound:
            hi = low_bound + span * (1.0 - tail ** (1.0 / n_tasks))
        elif lo == hi == high_bound:
            lo = high_bound - span * (1.0 - tail ** (1.0 / n_tasks))
    return lo, hi
