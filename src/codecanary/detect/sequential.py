"""Online detection of small sustained shifts: Page's one-sided CUSUM.

Each run contributes one standardized paired statistic ``z`` per slice and
metric (see :mod:`codecanary.detect.daily`). Page's CUSUM (Page 1954)
accumulates evidence of a sustained harmful shift::

    S_t = max(0, S_{t-1} + x_t − k),   alarm when S_t ≥ h

where ``x_t`` is ``z`` oriented so that positive means worse. The reference
value ``k`` is half the standardized shift the detector is tuned for; the
threshold ``h`` is chosen for a target in-control average run length ARL0 (mean
number of runs between false alarms).

Two ways to set ``h`` from ARL0 are provided:
- Siegmund's approximation for normal increments (Siegmund 1985,
  ``ARL0 ≈ (e^{2kb} − 2kb − 1) / (2k²)`` with ``b = h + 1.166``);
- the Markov-chain approximation of Brook and Evans (1972) for an arbitrary
  discrete increment distribution. Paired pass/fail statistics on a few dozen
  tasks are visibly skewed (rare failures of near-certain tasks), so codecanary
  calibrates with the exact null distribution of the daily statistic (a
  Poisson-binomial count) through the Markov chain.

The detector state is a plain dict with a ``schema_version`` so it survives
between runs; missing runs simply do not update it, and a varying number of
tasks is absorbed by the standardization of ``z``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from codecanary.errors import CodecanaryError

SCHEMA_VERSION = 1
Direction = Literal["decrease", "increase"]


def siegmund_arl(h: float, k: float) -> float:
    """Siegmund's approximation of the in-control ARL of a CUSUM on N(0, 1) data."""
    b = h + 1.166
    if abs(k) < 1e-9:
        return b * b
    two_kb = 2.0 * k * b
    return (math.exp(two_kb) - two_kb - 1.0) / (2.0 * k * k)


def siegmund_threshold(k: float, arl0: float) -> float:
    """Threshold ``h`` whose Siegmund ARL0 equals ``arl0`` (normal increments)."""
    _check_design(k, arl0)
    return _bisect(lambda h: siegmund_arl(h, k), arl0)


def _check_design(k: float, arl0: float) -> None:
    if k < 0 or not math.isfinite(k):
        raise CodecanaryError(f"CUSUM reference value k must be >= 0, got {k}")
    if arl0 <= 1:
        raise CodecanaryError(f"target ARL0 must exceed 1 run, got {arl0}")


def _bisect(arl: Any, target: float) -> float:
    low, high = 0.0, 1.0
    while arl(high) < target:
        high *= 2.0
        if high > 1e4:
            raise CodecanaryError("no CUSUM threshold reaches the target ARL0")
    for _ in range(60):
        mid = (low + high) / 2.0
        if arl(mid) < target:
            low = mid
        else:
            high = mid
        if high - low < 2e-3:
            break
    return high


def markov_arl(
    h: float,
    k: float,
    support: NDArray[np.float64],
    probs: NDArray[np.float64],
    n_states: int = 300,
) -> float:
    """Brook–Evans Markov-chain ARL of a CUSUM from S_0 = 0.

    Args:
        h: Threshold.
        k: Reference value.
        support: Values the increment ``x`` can take (before subtracting k).
        probs: Their probabilities.
        n_states: Number of sub-intervals of [0, h).

    Returns:
        Expected number of steps until ``S ≥ h``.
    """
    if h <= 0:
        return 1.0
    order = np.argsort(support)
    xs = np.asarray(support, float)[order] - k
    cdf = np.cumsum(np.asarray(probs, float)[order])
    width = h / (n_states - 1)
    # State 0 is the atom S = 0; state j ≥ 1 stands for the midpoint of ((j−1)w, jw],
    # so states 1..n−1 tile (0, h] and anything beyond h is absorbed (the alarm).
    reps = np.concatenate([[0.0], (np.arange(1, n_states) - 0.5) * width])
    edges = np.arange(0, n_states) * width  # upper edges of states 0..n−1
    # P(rep + x ≤ edge) for every (state, edge), from the increment CDF.
    idx = np.searchsorted(xs, edges[None, :] - reps[:, None], side="right")
    below = np.where(idx > 0, cdf[np.maximum(idx - 1, 0)], 0.0)
    trans = np.diff(np.concatenate([np.zeros((n_states, 1)), below], axis=1), axis=1)
    system = np.eye(n_states) - trans
    arl = np.linalg.solve(system, np.ones(n_states))
    return float(arl[0])


def calibrate_threshold(
    k: float,
    arl0: float,
    support: NDArray[np.float64] | None = None,
    probs: NDArray[np.float64] | None = None,
) -> float:
    """Threshold for a target ARL0: Markov chain if a distribution is given, else Siegmund."""
    _check_design(k, arl0)
    if support is None or probs is None:
        return siegmund_threshold(k, arl0)
    return _bisect(lambda h: markov_arl(h, k, support, probs), arl0)


def cusum_scan(
    x: NDArray[np.float64], k: float | NDArray[np.float64], h: float | NDArray[np.float64],
    *, reset: bool = True,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Vectorised CUSUM over the first axis of ``x`` (time); NaN means no run.

    Args:
        x: Increments oriented so that positive is harmful, shape (T, ...).
        k: Reference value(s), broadcastable to ``x.shape[1:]``.
        h: Threshold(s), broadcastable likewise.
        reset: Restart at 0 after each alarm (as after an acknowledged alarm).

    Returns:
        The statistic path and the alarm indicator, both shaped like ``x``.
    """
    s = np.zeros(x.shape[1:])
    path = np.empty_like(x, dtype=float)
    alarms = np.zeros(x.shape, dtype=bool)
    for t in range(x.shape[0]):
        step = x[t]
        s = np.where(np.isnan(step), s, np.maximum(0.0, s + np.nan_to_num(step) - k))
        alarms[t] = s >= h
        path[t] = s
        if reset:
            s = np.where(alarms[t], 0.0, s)
    return path, alarms


@dataclass(frozen=True)
class CusumStep:
    """Outcome of one update."""

    statistic: float
    level: float
    """statistic / threshold; ≥ 1 is an alarm, ≥ 0.5 counts as suspected."""
    alarm: bool
    run_start: str | None
    """Label of the first run of the current excursion above 0 (CUSUM change estimate)."""


@dataclass
class CusumDetector:
    """Serializable one-sided CUSUM for one slice and metric.

    Attributes:
        k: Reference value in standardized units.
        h: Threshold.
        direction: ``decrease`` for metrics where lower is worse (pass rate),
            ``increase`` where higher is worse (runtime, lint density).
    """

    k: float
    h: float
    direction: Direction = "decrease"
    statistic: float = 0.0
    n_updates: int = 0
    run_start: str | None = None
    alarm_at: str | None = None
    history: list[tuple[str, float, float]] = field(default_factory=list)
    max_history: int = 400

    def update(self, z: float, at: str) -> CusumStep:
        """Add one run's standardized statistic ``z`` labelled ``at`` (e.g. an ISO date)."""
        if not math.isfinite(z):
            raise CodecanaryError(f"CUSUM input must be finite, got {z} at {at}")
        x = -z if self.direction == "decrease" else z
        before = self.statistic
        self.statistic = max(0.0, before + x - self.k)
        if self.statistic > 0.0 and before == 0.0:
            self.run_start = at
        elif self.statistic == 0.0:
            self.run_start = None
        self.n_updates += 1
        alarm = self.statistic >= self.h
        if alarm and self.alarm_at is None:
            self.alarm_at = at
        self.history.append((at, float(z), self.statistic))
        del self.history[: max(0, len(self.history) - self.max_history)]
        return CusumStep(self.statistic, self.level, alarm, self.run_start)

    @property
    def level(self) -> float:
        return self.statistic / self.h

    def reset(self) -> None:
        """Restart after an alarm was handled (the baseline is re-established)."""
        self.statistic, self.run_start, self.alarm_at = 0.0, None, None

    def z_series(self) -> tuple[list[str], list[float]]:
        """Stored run labels and their z values, oldest first (for change dating)."""
        return [a for a, _, _ in self.history], [z for _, z, _ in self.history]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "k": self.k,
            "h": self.h,
            "direction": self.direction,
            "statistic": self.statistic,
            "n_updates": self.n_updates,
            "run_start": self.run_start,
            "alarm_at": self.alarm_at,
            "history": [list(item) for item in self.history],
            "max_history": self.max_history,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CusumDetector:
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise CodecanaryError(
                f"CUSUM state has schema_version {version!r}; this codecanary reads "
                f"{SCHEMA_VERSION}: reset the detector state"
            )
        try:
            history: Sequence[Sequence[Any]] = data.get("history", [])
            return cls(
                k=float(data["k"]),
                h=float(data["h"]),
                direction=data.get("direction", "decrease"),
                statistic=float(data["statistic"]),
                n_updates=int(data["n_updates"]),
                run_start=data.get("run_start"),
                alarm_at=data.get("alarm_at"),
                history=[(str(a), float(z), float(s)) for a, z, s in history],
                max_history=int(data.get("max_history", 400)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CodecanaryError(f"corrupt CUSUM state: {exc}") from None
