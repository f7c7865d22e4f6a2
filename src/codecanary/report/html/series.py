"""A subject's history as chart-ready series: per run, per slice, per metric.

Pure aggregation of the light rows from :mod:`codecanary.store.views`. Infra
errors never count (they are not model failures). Every rate carries its
Wilson 95% interval and its sample count; metric points carry their n.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from codecanary.records import SampleStatus
from codecanary.scoring.metrics import Aggregate, metric_info
from codecanary.store.views import RunRow, SampleRow, TaskFacets

#: Metrics drawn over time (issue #15): efficiency ratios and lint density.
CHART_METRICS = ("runtime_ratio", "memory_ratio", "lint_per_100_lines")


@dataclass(frozen=True)
class RatePoint:
    """``k`` of ``n`` with the Wilson 95% interval (None values when n = 0)."""

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None


_Z95 = NormalDist().inv_cdf(0.975)


def rate_point(k: int, n: int) -> RatePoint:
    """``k`` of ``n`` with its Wilson score interval at 95%.

    The same interval as :func:`codecanary.detect.wilson_interval`, with the
    normal quantile computed once: a year of slices needs ~10,000 of them.
    """
    if n <= 0:
        return RatePoint(0, 0, None, None, None)
    p, z2 = k / n, _Z95 * _Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return RatePoint(k, n, p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class MetricPoint:
    """A run's aggregate of one metric (geometric mean for ratios) and its n."""

    value: float | None
    n: int


@dataclass
class SubjectSeries:
    """Everything the charts draw, aligned on ``runs`` (oldest first)."""

    runs: list[RunRow]
    overall: list[RatePoint]
    slices: dict[str, list[RatePoint]] = field(default_factory=dict)
    """``language:python`` / ``category:x`` / ``difficulty:easy`` → one point per run."""
    metrics: dict[str, list[MetricPoint]] = field(default_factory=dict)
    failure_shares: dict[str, list[float]] = field(default_factory=dict)
    """Failure class → share of the run's scored samples in that class."""
    baseline: RatePoint | None = None
    baseline_runs: list[str] = field(default_factory=list)
    baseline_kind: str = ""

    @property
    def dates(self) -> list[str]:
        return [r.logical_time.isoformat() for r in self.runs]


def slice_names(facets: TaskFacets) -> list[str]:
    names = [f"language:{facets.language}"]
    names += [f"category:{c}" for c in facets.categories]
    if facets.difficulty:
        names.append(f"difficulty:{facets.difficulty}")
    return names


def _aggregate(values: list[float], kind: Aggregate) -> float | None:
    if not values:
        return None
    if kind is Aggregate.GEOMEAN:
        positive = [v for v in values if v > 0]
        if not positive:
            return None
        return math.exp(sum(math.log(v) for v in positive) / len(positive))
    return sum(values) / len(values)


def build_series(runs: Sequence[RunRow], samples: Sequence[SampleRow],
                 facets: dict[str, TaskFacets]) -> SubjectSeries:
    """Aggregate ``samples`` of ``runs`` per run, slice, metric and failure class."""
    index = {r.id: i for i, r in enumerate(runs)}
    n_runs = len(runs)
    slice_k: dict[str, list[int]] = defaultdict(lambda: [0] * n_runs)
    slice_n: dict[str, list[int]] = defaultdict(lambda: [0] * n_runs)
    metric_values: dict[str, list[list[float]]] = defaultdict(
        lambda: [[] for _ in range(n_runs)])
    fail_counts: dict[str, list[int]] = defaultdict(lambda: [0] * n_runs)
    scored = [0] * n_runs
    passed = [0] * n_runs
    names_of: dict[str, list[str]] = {t: slice_names(f) for t, f in facets.items()}
    for row in samples:
        i = index.get(row.run_id)
        if i is None or row.status == SampleStatus.INFRA_ERROR:
            continue
        ok = row.status == SampleStatus.PASSED
        scored[i] += 1
        passed[i] += ok
        if not ok:
            fail_counts[row.failure_class or "unknown"][i] += 1
        for name in names_of.get(row.task_id, ()):
            slice_n[name][i] += 1
            slice_k[name][i] += ok
        for name in CHART_METRICS:
            value = row.metrics.get(name)
            if isinstance(value, int | float) and math.isfinite(value):
                metric_values[name][i].append(float(value))
    series = SubjectSeries(list(runs), [rate_point(k, n) for k, n in zip(passed, scored,
                                                                          strict=True)])
    for name in sorted(slice_n):
        series.slices[name] = [rate_point(k, n) for k, n in
                               zip(slice_k[name], slice_n[name], strict=True)]
    for name in CHART_METRICS:
        if name not in metric_values:
            continue
        info = metric_info(name)
        kind = info.aggregate if info else Aggregate.MEAN
        series.metrics[name] = [MetricPoint(_aggregate(v, kind), len(v))
                                for v in metric_values[name]]
    for cls in sorted(fail_counts, key=lambda c: -sum(fail_counts[c])):
        series.failure_shares[cls] = [c / n if n else 0.0
                                      for c, n in zip(fail_counts[cls], scored, strict=True)]
    return series


def set_baseline(series: SubjectSeries, all_runs: Sequence[RunRow], baseline_ids: Sequence[str],
                 kind: str) -> None:
    """The baseline band: the pooled pass rate of the baseline runs (which may predate
    the charted window), with its Wilson interval."""
    chosen = set(baseline_ids)
    if not chosen:
        return
    picked = [r for r in all_runs if r.id in chosen]
    series.baseline = rate_point(sum(r.n_passed for r in picked),
                                 sum(r.n_passed + r.n_failed for r in picked))
    series.baseline_runs = [r.id for r in picked]
    series.baseline_kind = kind
