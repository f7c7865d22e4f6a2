"""Shift of the failure-class mix between baseline and current failures.

Chi-square test of homogeneity on the 2 × K table of failure-class counts
(Pearson 1900; scipy ``chi2_contingency``, no continuity correction for K > 2),
with each class's share of failures reported as a rate with its Wilson interval.
When expected counts are small (< 5 in over 20% of cells, Cochran's rule) the
p-value comes from Fisher's exact test for two classes, or a seeded Monte Carlo
permutation test otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from codecanary.detect.intervals import RateEstimate, rate_estimate
from codecanary.errors import CodecanaryError


@dataclass(frozen=True)
class ClassShare:
    """One failure class: its share of failures in each arm."""

    name: str
    baseline: RateEstimate
    current: RateEstimate

    @property
    def change(self) -> float:
        return self.current.rate - self.baseline.rate


@dataclass(frozen=True)
class FailureShift:
    """Result of comparing the failure-class mixes."""

    p_value: float
    method: str
    classes: tuple[ClassShare, ...]

    @property
    def largest_increase(self) -> ClassShare | None:
        """The class whose share of failures grew most (None if nothing grew)."""
        grown = [c for c in self.classes if c.change > 0]
        return max(grown, key=lambda c: c.change) if grown else None


def _chi2(table: NDArray[np.int64]) -> float:
    return float(stats.chi2_contingency(table, correction=False)[0])


def failure_class_shift(baseline: Mapping[str, int], current: Mapping[str, int],
                        n_perm: int = 2000, seed: int = 0) -> FailureShift:
    """Test whether failures are distributed differently over classes now.

    Args:
        baseline: Failure class → count in the baseline.
        current: Failure class → count in the current run.
        n_perm: Permutations for the small-sample Monte Carlo test.
        seed: Its seed.
    """
    names = sorted(c for c in set(baseline) | set(current)
                   if baseline.get(c, 0) + current.get(c, 0) > 0)
    if any(v < 0 for v in [*baseline.values(), *current.values()]):
        raise CodecanaryError("failure-class counts must be non-negative")
    b = np.array([baseline.get(c, 0) for c in names], dtype=int)
    c = np.array([current.get(c, 0) for c in names], dtype=int)
    nb, nc = int(b.sum()), int(c.sum())
    shares = tuple(ClassShare(n, rate_estimate(int(x), nb), rate_estimate(int(y), nc))
                   for n, x, y in zip(names, b, c, strict=True))
    if len(names) < 2 or nb == 0 or nc == 0:
        return FailureShift(1.0, "none", shares)
    table = np.vstack([b, c])
    expected = stats.contingency.expected_freq(table)
    if np.mean(expected < 5) <= 0.2:
        p = float(stats.chi2_contingency(table, correction=False)[1])
        return FailureShift(p, "chi-square", shares)
    if len(names) == 2:
        return FailureShift(float(stats.fisher_exact(table).pvalue), "fisher-exact", shares)
    # Permutation test: shuffle arm labels over the pooled failures.
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(names)), b + c)
    observed = _chi2(table)
    hits = 0
    for _ in range(n_perm):
        perm = rng.permutation(labels)
        tb = np.bincount(perm[:nb], minlength=len(names))
        tc = np.bincount(perm[nb:], minlength=len(names))
        hits += _chi2(np.vstack([tb, tc])) >= observed - 1e-12
    return FailureShift((hits + 1) / (n_perm + 1), "chi-square-permutation", shares)
