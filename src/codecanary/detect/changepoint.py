"""Dating a change once an alarm fires, and lining it up with timeline events.

Two estimates of when the change began:
- PELT (Killick, Fearnhead and Eckley 2012) through ``ruptures`` with an L2
  (mean-shift) cost on the daily standardized statistic, ``jump=1`` so every
  run is a candidate start. The start of the last segment is the change start.
- The CUSUM estimate (Page 1954; the maximum-likelihood change time for a
  known shift): the first run after the last time the CUSUM statistic was 0.
  Used when PELT finds no break (short or noisy series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import numpy as np
import ruptures as rpt
from numpy.typing import NDArray

from codecanary.detect.sequential import Direction
from codecanary.errors import CodecanaryError


@dataclass(frozen=True)
class ChangeEstimate:
    """Estimated first run of a change (index into the series and its label)."""

    index: int
    label: str
    method: Literal["pelt", "cusum"]


def pelt_change_start(z: Sequence[float] | NDArray[np.float64], penalty: float | None = None,
                      min_size: int = 2) -> int | None:
    """Index of the first run of the last segment found by PELT, or None.

    Args:
        z: Daily standardized statistics (unit variance under no change).
        penalty: Cost of adding a change point. Default ``2·log(n)``: the
            BIC/SIC penalty for a mean-shift model with unit noise variance,
            where each change adds two parameters (its location and the new
            mean), each costing log(n) in −2·log-likelihood (Yao 1988).
        min_size: Minimum segment length in runs.
    """
    series = np.asarray(z, dtype=float)
    if series.ndim != 1 or not np.all(np.isfinite(series)):
        raise CodecanaryError("change dating needs a finite 1-D series")
    n = series.size
    if n < 2 * min_size:
        return None
    pen = 2.0 * math.log(n) if penalty is None else penalty
    algo = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(series.reshape(-1, 1))
    breaks = [b for b in algo.predict(pen=pen) if b < n]
    return breaks[-1] if breaks else None


def cusum_change_start(z: Sequence[float] | NDArray[np.float64], k: float,
                       direction: Direction = "decrease") -> int | None:
    """First run after the CUSUM was last at zero (None if it ends at zero)."""
    s, start = 0.0, None
    for i, value in enumerate(z):
        x = -value if direction == "decrease" else value
        new = max(0.0, s + x - k)
        if new > 0.0 and s == 0.0:
            start = i
        elif new == 0.0:
            start = None
        s = new
    return start


def estimate_change(labels: Sequence[str], z: Sequence[float], k: float,
                    direction: Direction = "decrease") -> ChangeEstimate | None:
    """PELT estimate of the change start, falling back to the CUSUM estimate.

    A PELT break is kept only when the mean after it moved in the harmful
    direction; otherwise the CUSUM estimate is used.
    """
    if len(labels) != len(z):
        raise CodecanaryError("labels and statistics differ in length")
    if not z:
        return None
    series = np.asarray(z, dtype=float)
    start = pelt_change_start(series)
    if start is not None:
        before, after = series[:start].mean(), series[start:].mean()
        harmful = after < before if direction == "decrease" else after > before
        if harmful:
            return ChangeEstimate(start, labels[start], "pelt")
    fallback = cusum_change_start(series, k, direction)
    if fallback is None:
        return None
    return ChangeEstimate(fallback, labels[fallback], "cusum")


@dataclass(frozen=True)
class Event:
    """A marker on a subject's timeline (deploy, tokenizer, data, harness)."""

    at: datetime
    kind: str
    note: str = ""


def align_event(change_at: datetime, events: Sequence[Event],
                window: timedelta = timedelta(days=7),
                slack: timedelta = timedelta(0)) -> Event | None:
    """Nearest event at or before the change start (within ``window``).

    ``slack`` also admits events up to that long after the estimated start,
    since the estimate itself is uncertain by a run or two.
    """
    candidates = [e for e in events if change_at - window <= e.at <= change_at + slack]
    if not candidates:
        return None
    return min(candidates, key=lambda e: abs((change_at - e.at).total_seconds()))
