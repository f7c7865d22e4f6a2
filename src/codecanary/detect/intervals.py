"""Confidence intervals for rates and for paired differences of rates.

Every rate codecanary shows carries its interval and its sample count, so the
value types here bundle all three.

Methods:
- Wilson score interval for one binomial proportion (Wilson 1927), computed by
  statsmodels' ``proportion_confint(method="wilson")``.
- For samples that repeat tasks (several samples per task, or several runs),
  the Wilson interval at Kish's effective sample size n / deff, the design
  effect deff being the task-clustered variance of the pooled rate over its
  binomial variance, truncated below at 1 (Korn & Graubard 1998, "Confidence
  intervals for proportions with small expected number of positive counts
  estimated from survey data", Survey Methodology 24:193).
- Newcombe's hybrid score interval for a difference of paired proportions
  (Newcombe 1998, "Improved confidence intervals for the difference between
  binomial proportions based on paired data", Stat. Med. 17:2635, method 10).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from codecanary.errors import CodecanaryError


class Interval(NamedTuple):
    """A two-sided confidence interval."""

    low: float
    high: float


class RateEstimate(BaseModel):
    """A proportion with its Wilson interval and the count it rests on.

    The one rate type: statistics, reports and JSON outputs all carry it
    (``report.rates.Rate`` is this class); written by
    :func:`codecanary.report.rates.rate_text`. ``value``, ``low`` and ``high``
    are None when ``n`` is 0.
    """

    model_config = ConfigDict(frozen=True)

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None
    n_tasks: int | None = None
    """Set when the samples repeat tasks and the interval is task-clustered."""
    confidence: float = 0.95

    @property
    def successes(self) -> int:
        return self.k

    @property
    def rate(self) -> float:
        """The value, NaN when there is no sample."""
        return math.nan if self.value is None else self.value

    @property
    def interval(self) -> Interval:
        return Interval(0.0 if self.low is None else self.low,
                        1.0 if self.high is None else self.high)

    def __str__(self) -> str:
        return rate_text(self)


def rate_text(rate: RateEstimate | None) -> str:
    """``62.0% [58.1%, 65.7%] (n=400)``: a rate always with its interval and n.

    With :func:`format_rate`, the one way a rate is written in every output.
    """
    if rate is None:
        return "n/a"
    if rate.value is None:
        return f"— (n={rate.n})"
    extra = f", {rate.n_tasks} tasks" if rate.n_tasks is not None else ""
    return f"{format_rate(rate.value, rate.low, rate.high)} (n={rate.n}{extra})"


def format_rate(value: float | None, low: float | None, high: float | None) -> str:
    """``62.0% [58.1%, 65.7%]`` (callers that show n in a column of its own)."""
    if value is None or low is None or high is None or value != value:
        return "—"
    return f"{value:.1%} [{low:.1%}, {high:.1%}]"


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise CodecanaryError(f"confidence must be between 0 and 1, got {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a binomial proportion.

    Args:
        successes: Number of successes (0 <= successes <= n).
        n: Number of trials; n = 0 gives the uninformative interval [0, 1].
        confidence: Two-sided confidence level.

    Returns:
        The interval, clipped to [0, 1].
    """
    if n < 0 or successes < 0 or successes > n:
        raise CodecanaryError(f"invalid counts for a rate: {successes} successes of {n}")
    return _wilson(float(successes), float(n), confidence)


def _wilson(successes: float, n: float, confidence: float) -> Interval:
    _z(confidence)  # validates the level
    if n == 0:
        return Interval(0.0, 1.0)
    low, high = proportion_confint(successes, n, alpha=1.0 - confidence, method="wilson")
    return Interval(max(0.0, float(low)), min(1.0, float(high)))


def rate_estimate(successes: int, n: int, confidence: float = 0.95) -> RateEstimate:
    """A rate with its Wilson interval and n (no value when n = 0)."""
    interval = wilson_interval(successes, n, confidence)
    if n == 0:
        return RateEstimate(k=0, n=0, value=None, low=None, high=None, confidence=confidence)
    return RateEstimate(k=successes, n=n, value=successes / n, low=interval.low,
                        high=interval.high, confidence=confidence)


def clustered_rate(outcomes: Mapping[str, Sequence[float]],
                   confidence: float = 0.95) -> RateEstimate:
    """The pooled pass rate of 0/1 samples grouped by task, with a task-clustered interval.

    Wilson at Kish's effective sample size (module docstring): samples of one
    task are not independent, so 240 samples of 20 tasks carry much less
    information than 240 independent ones.
    """
    groups = [list(v) for v in outcomes.values() if len(v)]
    n = sum(len(g) for g in groups)
    k = round(sum(sum(g) for g in groups))
    if n == 0:
        return RateEstimate(k=0, n=0, value=None, low=None, high=None, n_tasks=0,
                            confidence=confidence)
    p = k / n
    n_eff = float(n)
    if len(groups) > 1 and 0.0 < p < 1.0:
        g = len(groups)
        v_cluster = g / (g - 1) * sum((sum(x) - p * len(x)) ** 2 for x in groups) / n**2
        deff = max(1.0, v_cluster / (p * (1.0 - p) / n))
        n_eff = n / deff
    low, high = _wilson(p * n_eff, n_eff, confidence)
    return RateEstimate(k=k, n=n, value=p, low=low, high=high, n_tasks=len(groups),
                        confidence=confidence)


class PairedTable(NamedTuple):
    """Counts of a paired binary comparison over the same tasks.

    ``both`` passed in both, ``lost`` passed in baseline and failed now
    (pass→fail), ``gained`` failed in baseline and passes now, ``neither``
    failed in both.
    """

    both: int
    lost: int
    gained: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.lost + self.gained + self.neither


def paired_difference_interval(table: PairedTable, confidence: float = 0.95) -> Interval:
    """Newcombe's hybrid score interval for ``p_current - p_baseline`` on paired data.

    Combines the Wilson intervals of the two marginal rates with the phi
    correlation of the 2×2 table (Newcombe 1998, method 10), which keeps
    near-nominal coverage even with few discordant pairs, where the Wald
    interval collapses.

    Args:
        table: The paired 2×2 counts.
        confidence: Two-sided confidence level.

    Returns:
        Interval for the current rate minus the baseline rate.
    """
    n = table.n
    if min(table) < 0:
        raise CodecanaryError(f"negative count in paired table {tuple(table)}")
    if n == 0:
        return Interval(-1.0, 1.0)
    a, b, c, d = table.both, table.lost, table.gained, table.neither
    base_pass = a + b  # passed in baseline
    cur_pass = a + c  # passes now
    p_base, p_cur = base_pass / n, cur_pass / n
    l_base, u_base = wilson_interval(base_pass, n, confidence)
    l_cur, u_cur = wilson_interval(cur_pass, n, confidence)
    margins = float(a + b) * float(c + d) * float(a + c) * float(b + d)
    if margins == 0.0:
        phi = 0.0
    else:
        # Newcombe's correction of phi towards zero when ad > bc.
        cross = float(a * d - b * c)
        if cross > 0:
            cross = max(cross - n / 2.0, 0.0)
        phi = cross / math.sqrt(margins)
    theta = p_cur - p_base
    dl_cur, du_cur = p_cur - l_cur, u_cur - p_cur
    dl_base, du_base = p_base - l_base, u_base - p_base
    delta = math.sqrt(max(dl_cur**2 - 2.0 * phi * dl_cur * du_base + du_base**2, 0.0))
    eps = math.sqrt(max(du_cur**2 - 2.0 * phi * du_cur * dl_base + dl_base**2, 0.0))
    return Interval(max(-1.0, theta - delta), min(1.0, theta + eps))
