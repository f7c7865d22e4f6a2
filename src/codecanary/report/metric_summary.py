"""Aggregate one per-sample metric over a run or a slice: value, 95% interval, n.

- Rate metrics (0/1 per sample) use the Wilson score interval, as pass rates do.
- Mean metrics use the task-clustered (cluster-robust) standard error of the
  mean with ``G − 1`` degrees of freedom, G being the number of tasks: samples of
  one task are not independent, so the task is the unit of replication
  (Cameron & Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference",
  with the usual ``G/(G−1)`` small-sample factor; this equals statsmodels' OLS
  intercept with ``cov_type="cluster"``).
- Geometric-mean metrics (positive ratios) get the same on the log scale,
  transformed back, so ×2 and ×0.5 weigh alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict
from scipy import stats

from codecanary.detect.intervals import wilson_interval
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

    def to_text(self) -> str:
        if self.value is None:
            return f"— (n={self.n})"
        if self.aggregate == Aggregate.RATE:
            return f"{self.value:.1%} [{_pct(self.low)}, {_pct(self.high)}] n={self.n}"
        return (f"{self.value:.3g} [{_num(self.low)}, {_num(self.high)}] "
                f"n={self.n} ({self.n_tasks} tasks)")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


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
        k = sum(1 for vs in present.values() for v in vs if v >= 0.5)
        low, high = wilson_interval(k, n, confidence)
        return empty.model_copy(update={"value": k / n, "low": low, "high": high})
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
    return empty.model_copy(update={"value": mean, "low": lo, "high": hi})
