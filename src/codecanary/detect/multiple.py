"""False-discovery control across the slices and metrics of one check.

Benjamini–Hochberg step-up (Benjamini and Hochberg 1995) through statsmodels'
``multipletests(method="fdr_bh")``, plus the minimum practical effect: a change
smaller than what the user cares about is never a regression, however small
its p-value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from statsmodels.stats.multitest import multipletests

from codecanary.errors import CodecanaryError


def bh_adjust(p_values: Sequence[float], alpha: float = 0.05) -> tuple[list[bool], list[float]]:
    """Benjamini–Hochberg: which hypotheses are rejected at FDR ``alpha``, and q-values.

    NaN p-values (nothing to test) get q = NaN and are never rejected; they do
    not count towards the number of tests.
    """
    if not 0.0 < alpha < 1.0:
        raise CodecanaryError(f"alpha must be between 0 and 1, got {alpha}")
    p = np.asarray(p_values, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise CodecanaryError("p-values must lie in [0, 1]")
    reject = np.zeros(p.size, dtype=bool)
    q = np.full(p.size, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        rej, qv, _, _ = multipletests(p[ok], alpha=alpha, method="fdr_bh")
        reject[ok], q[ok] = rej, qv
    return [bool(r) for r in reject], [float(v) for v in q]


def harm(effect: float, higher_is_better: bool, log_scale: bool = False) -> float:
    """Size of the change in the harmful direction (negative = an improvement).

    For ratios reported on the log scale (``log_scale``) the effect is a ratio,
    and harm is measured as the relative change (ratio − 1).
    """
    delta = effect - 1.0 if log_scale else effect
    return -delta if higher_is_better else delta


def is_practical(effect: float, min_effect: float, higher_is_better: bool,
                 log_scale: bool = False) -> bool:
    """True when the change is at least the minimum practical effect in either direction."""
    if min_effect < 0:
        raise CodecanaryError(f"minimum practical effect must be >= 0, got {min_effect}")
    return abs(harm(effect, higher_is_better, log_scale)) >= min_effect
