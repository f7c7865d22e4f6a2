"""The standardized paired statistic of one run, and CUSUM design from a baseline.

For a slice of n tasks, run t and per-task baseline rates p̂_i (from M_i
baseline samples) with m_i current samples of mean ȳ_i::

    D_t = mean_i (ȳ_i − p̂_i),   Var(D_t) = Σ_i p̃_i (1 − p̃_i) (1/m_i + 1/M_i) / n²

with p̃_i = (M_i p̂_i + 1/2) / (M_i + 1) (a Jeffreys-style shrinkage so that a
task that always passed in the baseline still has a positive variance). Under
no change ``z = D_t / sd`` is approximately standard normal. Weighting every
task equally makes ``D_t`` the score statistic for a common shift of the
log-odds of passing (a Rasch/IRT model: logit P(pass_i) = ability − difficulty_i),
the locally most powerful test against a model that became uniformly weaker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from codecanary.detect.sequential import CusumDetector, Direction, calibrate_threshold
from codecanary.errors import CodecanaryError

Array = NDArray[np.float64]


def shrunk_rate(rate: Array, n: Array) -> Array:
    """Jeffreys-style shrunk rate (n·rate + 1/2)/(n + 1), used only in variances."""
    return (rate * n + 0.5) / (n + 1.0)


def paired_z(
    current_mean: Array, current_n: Array, base_rate: Array, base_n: Array,
    membership: Array | None = None,
) -> tuple[Array, Array, Array]:
    """Vectorised paired statistic of a run against per-task baseline rates.

    Args:
        current_mean: Per-task mean outcome of the current run, shape (..., n_tasks).
        current_n: Current samples per task (0 = task not run), same shape.
        base_rate: Baseline per-task pass rate, same shape.
        base_n: Baseline samples per task (0 = no baseline), same shape.
        membership: Optional (n_tasks, n_slices) 0/1 matrix; slices on the last axis.

    Returns:
        ``(z, effect, se)`` per slice (or for the whole panel when no membership).
    """
    used = (current_n > 0) & (base_n > 0)
    m = np.where(used, current_n, 1.0)
    big_m = np.where(used, base_n, 1.0)
    p = shrunk_rate(base_rate, big_m)
    var = np.where(used, p * (1.0 - p) * (1.0 / m + 1.0 / big_m), 0.0)
    diff = np.where(used, current_mean - base_rate, 0.0)
    weights = used.astype(float)
    if membership is None:
        membership = np.ones((current_mean.shape[-1], 1))
    count = weights @ membership
    safe = np.maximum(count, 1.0)
    effect = (diff @ membership) / safe
    se = np.sqrt(var @ membership) / safe
    z = np.where((count > 0) & (se > 0), effect / np.where(se > 0, se, 1.0), 0.0)
    return z, effect, se


def continuous_z(
    current_mean: Array, current_n: Array, base_mean: Array, base_var: Array, base_n: Array,
    membership: Array | None = None,
) -> tuple[Array, Array, Array]:
    """Paired statistic of a continuous metric (e.g. log runtime) against the baseline.

    ``base_var`` is each task's within-task variance of the metric in the
    baseline; the daily difference of task means has variance
    ``Σ_i s_i² (1/m_i + 1/M_i) / n²`` under no change.
    """
    used = (current_n > 0) & (base_n > 1)
    m = np.where(used, current_n, 1.0)
    big_m = np.where(used, base_n, 1.0)
    var = np.where(used, base_var * (1.0 / m + 1.0 / big_m), 0.0)
    diff = np.where(used, current_mean - base_mean, 0.0)
    if membership is None:
        membership = np.ones((current_mean.shape[-1], 1))
    count = used.astype(float) @ membership
    safe = np.maximum(count, 1.0)
    effect = (diff @ membership) / safe
    se = np.sqrt(var @ membership) / safe
    z = np.where((count > 0) & (se > 0), effect / np.where(se > 0, se, 1.0), 0.0)
    return z, effect, se


def poisson_binomial_pmf(p: Array) -> Array:
    """Exact distribution of a sum of independent Bernoulli(p_i) (by convolution)."""
    pmf = np.zeros(p.size + 1)
    pmf[0] = 1.0
    for i, pi in enumerate(p, start=1):
        pmf[1 : i + 1] = pmf[1 : i + 1] * (1.0 - pi) + pmf[:i] * pi
        pmf[0] *= 1.0 - pi
    return pmf


def null_increments(
    base_rate: Array, base_n: Array, samples_per_task: int = 1,
    direction: Direction = "decrease",
) -> tuple[Array, Array]:
    """Support and probabilities of the oriented daily ``x`` under no change.

    The pass count of the run is Poisson-binomial over the shrunk baseline rates
    (each repeated ``samples_per_task`` times); ``z`` is an affine function of it.
    """
    m = float(samples_per_task)
    p = shrunk_rate(base_rate, base_n)
    counts = np.arange(p.size * samples_per_task + 1, dtype=float)
    pmf = poisson_binomial_pmf(np.repeat(p, samples_per_task))
    sd = math.sqrt(float(np.sum(p * (1 - p) * (1.0 / m + 1.0 / base_n))))
    if sd == 0.0:
        raise CodecanaryError("baseline has no variance: cannot design a detector")
    z = (counts / m - float(np.sum(base_rate))) / sd
    x = -z if direction == "decrease" else z
    keep = pmf > 1e-14
    return x[keep], pmf[keep] / pmf[keep].sum()


@dataclass(frozen=True)
class DetectorDesign:
    """How a slice's CUSUM was designed (kept for the report)."""

    slice_sd: float
    design_effect: float
    k: float
    h: float
    arl0: float


def design_cusum(
    base_rate: Array,
    base_n: Array,
    *,
    design_effect: float,
    arl0: float,
    samples_per_task: int = 1,
    direction: Direction = "decrease",
    k_bounds: tuple[float, float] = (0.25, 1.5),
) -> tuple[CusumDetector, DetectorDesign]:
    """A pass-rate CUSUM for one slice, tuned to ``design_effect`` at ARL0.

    ``k`` is half the design effect in standardized units (the optimal reference
    value for that shift), clipped to ``k_bounds`` so that tiny slices do not get
    a uselessly small k; ``h`` comes from the Brook–Evans Markov chain on the
    exact Poisson-binomial null distribution of the daily statistic.
    """
    if design_effect <= 0:
        raise CodecanaryError(f"design effect must be positive, got {design_effect}")
    n = base_rate.size
    p = shrunk_rate(base_rate, base_n)
    m = float(samples_per_task)
    sd = math.sqrt(float(np.sum(p * (1 - p) * (1.0 / m + 1.0 / base_n)))) / n
    k = min(max(design_effect / sd / 2.0, k_bounds[0]), k_bounds[1])
    support, probs = null_increments(base_rate, base_n, samples_per_task, direction)
    h = calibrate_threshold(k, arl0, support, probs)
    detector = CusumDetector(k=k, h=h, direction=direction)
    return detector, DetectorDesign(sd, design_effect, k, h, arl0)
