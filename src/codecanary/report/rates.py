"""A rate as users see it: value, 95% interval and the count it rests on.

:func:`rate_text` is the one formatter of a rate in every text output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from codecanary.detect.intervals import RateEstimate, clustered_rate, wilson_interval


class Rate(BaseModel):
    """A rate in JSON outputs (``runs show --json``): k of n with its interval."""

    model_config = ConfigDict(frozen=True)

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    def __str__(self) -> str:
        return rate_text(self)


def wilson(k: int, n: int, confidence: float = 0.95) -> Rate:
    """``k`` of ``n`` with its Wilson score interval; no value when ``n`` is 0."""
    if n <= 0:
        return Rate(k=0, n=0, value=None, low=None, high=None)
    low, high = wilson_interval(k, n, confidence)
    return Rate(k=k, n=n, value=k / n, low=low, high=high)


def clustered(outcomes: Mapping[str, Sequence[float]], confidence: float = 0.95) -> Rate:
    """0/1 samples grouped by task: the rate with its task-clustered Wilson interval.

    Equal to :func:`wilson` when every task has one sample.
    """
    est = clustered_rate(outcomes, confidence)
    if est.n == 0:
        return Rate(k=0, n=0, value=None, low=None, high=None)
    return Rate(k=est.successes, n=est.n, value=est.rate, low=est.interval.low,
                high=est.interval.high)


def rate_text(rate: Rate | RateEstimate | None) -> str:
    """``62.0% [58.1%, 65.7%] (n=400)``: a rate always with its interval and n."""
    if rate is None:
        return "n/a"
    value: float | None
    low: float | None
    high: float | None
    if isinstance(rate, RateEstimate):
        value, low, high, n = rate.rate, rate.interval.low, rate.interval.high, rate.n
        extra = f", {rate.n_tasks} tasks" if rate.n_tasks is not None else ""
    else:
        value, low, high, n, extra = rate.value, rate.low, rate.high, rate.n, ""
    if value is None or low is None or high is None or value != value:
        return f"— (n={n})"
    return f"{format_rate(value, low, high)} (n={n}{extra})"


def format_rate(value: float | None, low: float | None, high: float | None) -> str:
    """``62.0% [58.1%, 65.7%]``: the one way a rate and its interval are written
    (callers that show n in a column of its own use this directly)."""
    if value is None or low is None or high is None or value != value:
        return "—"
    return f"{value:.1%} [{low:.1%}, {high:.1%}]"
