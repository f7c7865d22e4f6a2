"""A rate as users see it: value, 95% interval and the count it rests on.

One type (:class:`codecanary.detect.intervals.RateEstimate`, also exported
here as ``Rate``) and one formatter (:func:`rate_text`, :func:`format_rate`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from codecanary.detect.intervals import (
    RateEstimate,
    clustered_rate,
    format_rate,
    rate_estimate,
    rate_text,
)

if TYPE_CHECKING:
    from codecanary.records import RunRecord
    from codecanary.store import Store

Rate = RateEstimate
"""The one rate type (kept under this name for the report and CLI code)."""

__all__ = ["Rate", "clustered", "format_rate", "rate_text", "run_rates", "wilson"]


def wilson(k: int, n: int, confidence: float = 0.95) -> Rate:
    """``k`` of ``n`` with its Wilson score interval; no value when ``n`` is 0."""
    return rate_estimate(max(k, 0) if n > 0 else 0, max(n, 0), confidence)


def clustered(outcomes: Mapping[str, Sequence[float]], confidence: float = 0.95) -> Rate:
    """0/1 samples grouped by task: the rate with its task-clustered Wilson interval.

    Equal to :func:`wilson` when every task has one sample.
    """
    return clustered_rate(outcomes, confidence)


def run_rates(store: Store, runs: Sequence[RunRecord]) -> dict[str, Rate]:
    """Each run's pass rate: Wilson with one sample per task, task-clustered otherwise.

    Samples that repeat a task are not independent (Kish's design effect, see
    :func:`codecanary.detect.intervals.clustered_rate`), so a run of 20 tasks x 3
    samples is not shown with the interval of 60 independent answers.
    """
    from codecanary.store.views import task_outcomes

    repeated = [r.id for r in runs if r.samples_per_task > 1]
    outcomes = task_outcomes(store, repeated) if repeated else {}
    return {r.id: clustered(outcomes[r.id]) if r.id in outcomes
            else wilson(r.n_passed, r.n_passed + r.n_failed) for r in runs}
