"""Run-vs-baseline comparisons paired on task ids.

The same tasks are run in both arms, so the between-task spread in difficulty
cancels: only the within-task change is noise. Ignoring the pairing (an
unpaired two-proportion z-test) wastes most of the power of a panel whose
tasks sit near 0 or 1.

Methods:
- One sample per task in each arm: exact McNemar test (two-sided binomial
  test of the discordant pairs against 1/2), with Newcombe's paired interval.
- Several samples per task: difference of task-level means with a
  task-clustered standard error (tasks are the clusters; the estimator is the
  mean of per-task differences, so its cluster-robust variance is the sample
  variance of those differences over n_tasks), t reference with n_tasks − 1
  degrees of freedom; or a paired bootstrap that resamples tasks. The
  clustered variance is floored by the within-task binomial variance
  ``Σ p̄_i (1 − p̄_i)(1/m_i + 1/M_i) / n²`` (p̄_i the task's Jeffreys-shrunk
  rate over both arms, as in the daily statistic of
  :mod:`codecanary.detect.daily`): with one current sample per task, a few
  tasks can show identical differences by chance, and their sample variance of
  0 would give a degenerate interval and p = 0 from finite data.
- Continuous metrics (runtime ratio, lint density): task-level means compared
  with a paired t-test and a Wilcoxon signed-rank test, on the log scale for
  ratios.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from codecanary.detect.intervals import (
    Interval,
    PairedTable,
    RateEstimate,
    clustered_rate,
    paired_difference_interval,
)
from codecanary.errors import CodecanaryError

Outcomes = Mapping[str, Sequence[float]]
"""Per task id, the observed values of every sample (0/1 for pass/fail)."""

BinaryMethod = Literal["auto", "mcnemar", "cluster", "bootstrap"]

MIN_TASKS = 5
"""Minimum information rule, part 1: a slice of fewer tasks gets no verdict word.

With 4 tasks and one sample each, even a drop of every task is not significant
at 5% by an exact test (McNemar: p = 2/2⁴ = 0.125); such a slice can only ever
say ``insufficient_data`` (docs/statistics.md, "Small slices")."""
MAX_MDE = 0.5
"""Minimum information rule, part 2: the largest minimum detectable effect (80%
power at two-sided 5%, in rate points) with which a pass-rate slice still gets
a verdict word."""


@dataclass(frozen=True)
class PairedComparison:
    """Result of comparing current samples with baseline samples on shared tasks.

    ``effect`` is current minus baseline (for ratios on the log scale it is the
    geometric-mean ratio, reported as a ratio with ``log_scale=True``).
    """

    method: str
    n_tasks: int
    n_samples_baseline: int
    n_samples_current: int
    effect: float
    interval: Interval
    p_value: float
    baseline_mean: float
    current_mean: float
    baseline_rate: RateEstimate | None = None
    current_rate: RateEstimate | None = None
    p_value_wilcoxon: float | None = None
    log_scale: bool = False
    flipped_pass_to_fail: tuple[str, ...] = ()
    flipped_fail_to_pass: tuple[str, ...] = ()
    worst_tasks: tuple[str, ...] = ()
    """Task ids ordered from the largest harmful change, for evidence."""
    mde: float | None = None
    """Minimum detectable effect of this comparison (80% power, two-sided 5%)."""
    insufficient: str | None = None
    """Why this comparison cannot support a verdict (minimum information rule)."""


def _shared(baseline: Outcomes, current: Outcomes) -> list[str]:
    ids = sorted(t for t in baseline if t in current and len(baseline[t]) and len(current[t]))
    if len(ids) < 2:
        raise CodecanaryError(
            f"need at least 2 tasks with samples in both baseline and current run, got {len(ids)}"
        )
    return ids


def _task_means(data: Outcomes, ids: Sequence[str]) -> NDArray[np.float64]:
    return np.array([float(np.mean(np.asarray(data[t], dtype=float))) for t in ids])


def _count(data: Outcomes, ids: Sequence[str]) -> int:
    return sum(len(data[t]) for t in ids)


def _check_binary(data: Outcomes, ids: Sequence[str], name: str) -> None:
    for t in ids:
        values = np.asarray(data[t], dtype=float)
        if not np.all((values == 0.0) | (values == 1.0)):
            raise CodecanaryError(f"{name} outcomes for task {t!r} must be 0 or 1")


def compare_binary(
    baseline: Outcomes,
    current: Outcomes,
    *,
    method: BinaryMethod = "auto",
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> PairedComparison:
    """Paired comparison of pass rates over the task ids present in both arms.

    Args:
        baseline: Per task, 0/1 outcomes of every baseline sample (all runs of
            the baseline window together).
        current: Per task, 0/1 outcomes of the current run's samples.
        method: ``mcnemar`` (needs exactly one sample per task per arm),
            ``cluster`` (task-clustered SE), ``bootstrap`` (paired bootstrap over
            tasks) or ``auto`` (McNemar when possible, else cluster).
        confidence: Two-sided level of the effect interval.
        n_boot: Bootstrap resamples (``bootstrap`` only).
        seed: Bootstrap seed.

    Returns:
        Effect (current − baseline pass rate), interval, p-value, counts and
        flipped task ids (by majority: task-level rate crossing 1/2).
    """
    ids = _shared(baseline, current)
    _check_binary(baseline, ids, "baseline")
    _check_binary(current, ids, "current")
    b_mean = _task_means(baseline, ids)
    c_mean = _task_means(current, ids)
    nb, nc = _count(baseline, ids), _count(current, ids)
    single = all(len(baseline[t]) == 1 and len(current[t]) == 1 for t in ids)
    if method == "auto":
        method = "mcnemar" if single else "cluster"
    if method == "mcnemar" and not single:
        raise CodecanaryError("McNemar needs exactly one sample per task in each arm")
    lost = [t for t, b, c in zip(ids, b_mean, c_mean, strict=True) if b >= 0.5 > c]
    gained = [t for t, b, c in zip(ids, b_mean, c_mean, strict=True) if c >= 0.5 > b]
    diffs = c_mean - b_mean
    order = np.argsort(diffs, kind="stable")
    worst = tuple(ids[i] for i in order if diffs[i] < 0)
    effect = float(np.mean(diffs))
    if method == "mcnemar":
        n_lost, n_gained = len(lost), len(gained)
        both = sum(1 for b, c in zip(b_mean, c_mean, strict=True) if b == 1.0 and c == 1.0)
        table = PairedTable(both, n_lost, n_gained, len(ids) - both - n_lost - n_gained)
        discordant = n_lost + n_gained
        p = 1.0 if discordant == 0 else float(stats.binomtest(n_lost, discordant, 0.5).pvalue)
        interval = paired_difference_interval(table, confidence)
        label = "mcnemar-exact"
    elif method == "cluster":
        floor = _binomial_variance(baseline, current, ids)
        interval, p = _t_interval(diffs, confidence, floor)
        label = "task-clustered-t"
    elif method == "bootstrap":
        interval, p = _bootstrap(diffs, confidence, n_boot, seed)
        label = "paired-bootstrap"
    else:
        raise CodecanaryError(f"unknown paired method {method!r}")
    detectable = _mde(math.sqrt(_information_variance(baseline, current, ids)))
    # A difference of two pass rates lies in [−1, 1]. The t and bootstrap
    # intervals do not know that: on a 3-task slice t(2) has q = 4.3 and the
    # interval can span ±150 points. Intersecting a confidence set with the
    # parameter space keeps its coverage (the true value is always inside the
    # space), so clipping is exact, not a heuristic.
    interval = clip_interval(interval, -1.0, 1.0)
    return PairedComparison(
        method=label,
        n_tasks=len(ids),
        n_samples_baseline=nb,
        n_samples_current=nc,
        effect=effect,
        interval=interval,
        p_value=min(1.0, p),
        baseline_mean=float(np.mean(b_mean)),
        current_mean=float(np.mean(c_mean)),
        baseline_rate=clustered_rate({t: baseline[t] for t in ids}, confidence),
        current_rate=clustered_rate({t: current[t] for t in ids}, confidence),
        flipped_pass_to_fail=tuple(lost),
        flipped_fail_to_pass=tuple(gained),
        worst_tasks=worst,
        mde=detectable,
        insufficient=_insufficient(len(ids), detectable),
    )


def _binomial_variance(baseline: Outcomes, current: Outcomes, ids: Sequence[str]) -> float:
    """Within-task binomial variance of the mean paired difference (module docstring)."""
    total = 0.0
    for t in ids:
        big_m, m = len(baseline[t]), len(current[t])
        passed = float(np.sum(baseline[t])) + float(np.sum(current[t]))
        p = (passed + 0.5) / (big_m + m + 1.0)  # Jeffreys-style shrinkage over both arms
        total += p * (1.0 - p) * (1.0 / m + 1.0 / big_m)
    return total / len(ids) ** 2


def _information_variance(baseline: Outcomes, current: Outcomes, ids: Sequence[str]) -> float:
    """Variance of the mean paired difference under no change, from the baseline rates.

    It measures what the slice can tell (its design), not what this run
    happened to show: the observed spread grows with a real drop.
    """
    total = 0.0
    for t in ids:
        big_m, m = len(baseline[t]), len(current[t])
        p = (float(np.sum(baseline[t])) + 0.5) / (big_m + 1.0)
        total += p * (1.0 - p) * (1.0 / m + 1.0 / big_m)
    return total / len(ids) ** 2


def _mde(se: float) -> float:
    """Minimum detectable effect, (z_{0.975} + z_{0.8}) · SE, as ``codecanary plan`` uses."""
    return (float(stats.norm.ppf(0.975)) + float(stats.norm.ppf(0.8))) * se


def _insufficient(n_tasks: int, detectable: float | None) -> str | None:
    if n_tasks < MIN_TASKS:
        return f"only {n_tasks} tasks (a verdict needs at least {MIN_TASKS})"
    if detectable is not None and detectable > MAX_MDE:
        return (f"detectable change {detectable * 100:.0f} points exceeds "
                f"{MAX_MDE * 100:.0f} (too few tasks or samples)")
    return None


def clip_interval(interval: Interval, low: float, high: float) -> Interval:
    """``interval`` intersected with the feasible range [low, high] of the parameter."""
    return Interval(min(max(interval.low, low), high), max(min(interval.high, high), low))


def _t_interval(diffs: NDArray[np.float64], confidence: float,
                floor: float = 0.0) -> tuple[Interval, float]:
    """Mean of per-task differences with its task-clustered SE and t(n−1) reference.

    ``floor`` is a lower bound on the variance of the mean (the within-task
    binomial variance for pass rates). Without one, identical differences
    (SE = 0) give the degenerate point interval; callers flag it.
    """
    n = diffs.size
    mean = float(np.mean(diffs))
    se = math.sqrt(max(float(np.var(diffs, ddof=1)) / n, floor))
    if se == 0.0:
        return Interval(mean, mean), (1.0 if mean == 0.0 else _sign_flip_p(diffs))
    q = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1))
    p = float(2.0 * stats.t.sf(abs(mean) / se, n - 1))
    return Interval(mean - q * se, mean + q * se), max(p, float(np.finfo(float).tiny))


def _sign_flip_p(diffs: NDArray[np.float64]) -> float:
    """Exact two-sided sign-flip (Fisher randomization) p-value when all |d| are equal.

    Only used for the degenerate case of identical differences, where the
    observed mean is the most extreme of the 2ⁿ sign patterns: p = 2 / 2ⁿ.
    """
    return min(1.0, 2.0 / 2.0 ** diffs.size)


def _bootstrap(
    diffs: NDArray[np.float64], confidence: float, n_boot: int, seed: int
) -> tuple[Interval, float]:
    """Percentile interval and two-sided p-value from resampling tasks (Efron 1979)."""
    if n_boot < 100:
        raise CodecanaryError(f"n_boot must be at least 100, got {n_boot}")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, diffs.size, size=(n_boot, diffs.size))
    means = diffs[idx].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    # p-value by inverting the percentile interval: twice the smaller tail mass at 0.
    below = (np.sum(means <= 0.0) + 1) / (n_boot + 1)
    above = (np.sum(means >= 0.0) + 1) / (n_boot + 1)
    return Interval(float(low), float(high)), float(min(1.0, 2.0 * min(below, above)))


def compare_continuous(
    baseline: Outcomes,
    current: Outcomes,
    *,
    log_ratio: bool = False,
    confidence: float = 0.95,
) -> PairedComparison:
    """Paired comparison of a continuous metric on task-level means.

    Args:
        baseline: Per task, the metric's baseline values (e.g. runtime ratios).
        current: Per task, the current values.
        log_ratio: Compare means of logs (for ratios such as runtime vs the
            reference); the effect and interval are then reported as the
            geometric-mean ratio current/baseline.
        confidence: Two-sided level of the effect interval.

    Returns:
        Effect, interval, paired-t p-value and Wilcoxon signed-rank p-value.
    """
    ids = _shared(baseline, current)
    if log_ratio:
        for t in ids:
            if np.any(np.asarray(baseline[t], dtype=float) <= 0) or np.any(
                np.asarray(current[t], dtype=float) <= 0
            ):
                raise CodecanaryError(f"log-ratio metric needs positive values (task {t!r})")
        b = np.array([float(np.mean(np.log(np.asarray(baseline[t], float)))) for t in ids])
        c = np.array([float(np.mean(np.log(np.asarray(current[t], float)))) for t in ids])
    else:
        b, c = _task_means(baseline, ids), _task_means(current, ids)
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(c))):
        raise CodecanaryError("continuous metric has non-finite values")
    diffs = c - b
    interval, p = _t_interval(diffs, confidence)
    insufficient = _insufficient(len(ids), None)
    if insufficient is None and np.all(diffs == diffs[0]) and diffs[0] != 0.0:
        insufficient = "every task changed by exactly the same amount: no variation to size " \
            "the uncertainty"
    p_w: float | None = None
    if np.any(diffs != 0.0):
        p_w = float(stats.wilcoxon(c, b).pvalue)
    order = np.argsort(-diffs, kind="stable")  # largest increase first (worse for costs)
    effect = float(np.mean(diffs))
    if log_ratio:
        effect = math.exp(effect)
        interval = Interval(math.exp(interval.low), math.exp(interval.high))
    return PairedComparison(
        method="paired-t",
        n_tasks=len(ids),
        n_samples_baseline=_count(baseline, ids),
        n_samples_current=_count(current, ids),
        effect=effect,
        interval=interval,
        p_value=p,
        baseline_mean=float(np.mean(b)),
        current_mean=float(np.mean(c)),
        p_value_wilcoxon=p_w,
        log_scale=log_ratio,
        worst_tasks=tuple(ids[i] for i in order if diffs[i] > 0),
        insufficient=insufficient,
    )
