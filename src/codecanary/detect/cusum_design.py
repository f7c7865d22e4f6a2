"""Design of the CUSUM bank: one detector per slice and metric stream, one shared budget.

A check watches many streams at once (overall, each language, each category,
continuous metrics); a false alarm on any of them is a false alarm for the user.
The yearly budget is split across streams (weighted Bonferroni on alarm rates:
the rate of "any alarm" is at most the sum of the streams' rates), each stream
gets ARL0 = runs_per_year / its share, and its threshold is calibrated for that
ARL0 (:func:`codecanary.detect.daily.design_cusum`).

Default split (:data:`DEFAULT_SHARES`): the overall pass rate, where most real
regressions show first and which has the most data, gets 25% for its slow
stream (tuned to the minimum practical effect ``min_effect``, e.g. 2 points) and
17% for its fast one (5 points); each continuous metric 3%; the remaining
slices share the rest equally. Slices are tuned to ``slice_effect`` (15
points): a slice of two dozen tasks cannot see a 2-point drop within weeks
anyway, and a small k slows the response to the large, localized drops that
slices exist to catch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from codecanary.detect.daily import DetectorDesign, design_cusum, shrunk_rate
from codecanary.detect.sequential import CusumDetector, Direction, calibrate_threshold
from codecanary.detect.verdict import DEFAULT_MIN_EFFECT
from codecanary.errors import CodecanaryError

Array = NDArray[np.float64]
OVERALL = "overall"
"""The slice holding the whole panel (the one name used by detect, monitor and reports)."""


@dataclass(frozen=True)
class SliceSpec:
    """A slice: its name and a boolean mask over the panel's tasks."""

    name: str
    members: NDArray[np.bool_]


@dataclass(frozen=True)
class ContinuousSpec:
    """A continuous metric stream on the whole panel (e.g. log runtime).

    ``sd`` is the standard deviation of its daily paired statistic under no
    change (see :func:`codecanary.detect.daily.continuous_z`); ``design_effect``
    the smallest shift worth catching on the same scale.
    """

    name: str
    sd: float
    design_effect: float
    direction: Direction = "increase"


@dataclass
class Stream:
    """One designed detector of the bank.

    ``source`` is the input it reads: a slice name for pass-rate streams, a
    metric name for continuous streams (``kind`` says which); ``watches`` is
    the slice or metric it reports on (``overall`` for both overall streams).
    """

    name: str
    watches: str
    kind: Literal["slice", "continuous"]
    design: DetectorDesign | None
    """None when restored from stored state (the design is only kept for reports)."""
    detector: CusumDetector


@dataclass
class MonitorPlan:
    """The designed bank: its streams and the budget they share.

    Streams are: one per slice (in the order given), then a second, fast
    overall stream when ``fast_effect`` was set, then one per continuous metric.
    """

    streams: list[Stream]
    false_alarms_per_year: float
    runs_per_year: float
    skipped: dict[str, str] = field(default_factory=dict)
    """Stream name → why no detector was designed for it (e.g. no variation)."""

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.streams]

    @property
    def watches(self) -> list[str]:
        return [s.watches for s in self.streams]


DEFAULT_SHARES = {"overall": 0.25, "overall:fast": 0.17, "continuous": 0.03}
"""Budget shares: the slow and the fast overall stream, and each continuous metric.

The slices share what is left equally. Continuous metrics get little: a cost
metric that moves at all on a third of the panel (runtime ×1.5) is seen on the
first run even at a 3% share, while the small overall drops need every nat of
threshold (see docs/statistics.md, "Budget split").
"""


def budget_shares(names: Sequence[str], n_continuous: int,
                  shares: dict[str, float] | None = None) -> list[float]:
    """Split of the false-alarm budget over the slice streams ``names``.

    Streams named ``overall`` and ``overall:fast`` take their share from
    ``shares`` (default :data:`DEFAULT_SHARES`), continuous metrics take
    ``shares["continuous"]`` each, and the remaining slices share the rest
    equally. When there are no other slices, the overall streams take it all.
    """
    table = {**DEFAULT_SHARES, **(shares or {})}
    cont = table["continuous"] * n_continuous
    fixed = {n: table[n] for n in names if n in (OVERALL, f"{OVERALL}:fast")}
    others = [n for n in names if n not in fixed]
    free = 1.0 - cont - sum(fixed.values())
    if free <= 0:
        raise CodecanaryError("budget shares of overall and continuous streams exceed 1")
    if not others:
        scale = (1.0 - cont) / sum(fixed.values())
        return [fixed[n] * scale for n in names]
    return [fixed.get(n, free / len(others)) for n in names]


def plan_monitors(
    base_rate: Array,
    base_n: float | Array,
    slices: Sequence[SliceSpec],
    continuous: Sequence[ContinuousSpec] = (),
    *,
    false_alarms_per_year: float = 0.7,
    runs_per_year: float = 365.0,
    min_effect: float = DEFAULT_MIN_EFFECT,
    slice_effect: float = 0.15,
    fast_effect: float | None = 0.05,
    samples_per_task: int = 1,
    budget_split: dict[str, float] | None = None,
) -> MonitorPlan:
    """Design one CUSUM per slice and continuous metric from baseline rates.

    Args:
        base_rate: Per-task baseline pass rates over the whole panel.
        base_n: Baseline samples per task (scalar or per task).
        slices: Slices to watch; the one named ``overall`` is tuned to
            ``min_effect``, the others to ``slice_effect``.
        continuous: Continuous metric streams.
        false_alarms_per_year: Budget for alarms on steady data, all streams together.
        runs_per_year: Runs per year (365 for daily checks).
        min_effect: Minimum practical drop of the overall pass rate.
        slice_effect: Drop in a single slice the slice detectors are tuned to.
        fast_effect: When set, a second overall stream tuned to this larger drop
            (a dual CUSUM: the small-k stream is slow on big shifts, the large-k
            one reacts within days; Zhao, Tsung and Wang 2005).
        samples_per_task: Samples per task per run.
        budget_split: Overrides of :data:`DEFAULT_SHARES`.

    Returns:
        The plan with fresh detectors.
    """
    if false_alarms_per_year <= 0 or runs_per_year <= 0:
        raise CodecanaryError("false-alarm budget and runs per year must be positive")
    if not slices:
        raise CodecanaryError("nothing to monitor: no slices given")
    n = np.broadcast_to(np.asarray(base_n, dtype=float), base_rate.shape)
    streams = [(s.name, i, min_effect if s.name == OVERALL else slice_effect)
               for i, s in enumerate(slices)]
    overall = [i for i, s in enumerate(slices) if s.name == OVERALL]
    if fast_effect is not None and overall:
        streams.append((f"{OVERALL}:fast", overall[0], fast_effect))
    live = [c for c in continuous if c.sd > 0.0]
    shares = budget_shares([name for name, _, _ in streams], len(live), budget_split)
    out: list[Stream] = []
    for (name, source, effect), share in zip(streams, shares, strict=True):
        spec = slices[source]
        if not spec.members.any():
            raise CodecanaryError(f"slice {spec.name!r} has no tasks")
        arl0 = runs_per_year / (false_alarms_per_year * share)
        det, des = design_cusum(
            base_rate[spec.members], n[spec.members], design_effect=effect, arl0=arl0,
            samples_per_task=samples_per_task,
        )
        out.append(Stream(name, spec.name, "slice", des, det))
    cont_share = {**DEFAULT_SHARES, **(budget_split or {})}["continuous"]
    skipped = {c.name: "no variation in the baseline: cannot scale a detector"
               for c in continuous if c.sd <= 0.0}
    for cspec in live:
        arl0 = runs_per_year / (false_alarms_per_year * cont_share)
        k = min(max(cspec.design_effect / cspec.sd / 2.0, 0.25), 1.5)
        h = calibrate_threshold(k, arl0)  # normal increments: Siegmund
        det = CusumDetector(k=k, h=h, direction=cspec.direction)
        out.append(Stream(cspec.name, cspec.name, "continuous",
                          DetectorDesign(cspec.sd, cspec.design_effect, k, h, arl0), det))
    return MonitorPlan(out, false_alarms_per_year, runs_per_year, skipped)


def continuous_sd(base_var: Array, base_n: float | Array, samples_per_task: int = 1) -> float:
    """No-change SD of the daily continuous paired statistic over the whole panel."""
    n = np.broadcast_to(np.asarray(base_n, dtype=float), base_var.shape)
    var = float(np.sum(base_var * (1.0 / samples_per_task + 1.0 / n)))
    return math.sqrt(var) / base_var.size


def slice_sd(base_rate: Array, base_n: float | Array) -> float:
    """No-change SD of the daily paired pass-rate statistic (one sample per task)."""
    n = np.broadcast_to(np.asarray(base_n, dtype=float), base_rate.shape)
    p = shrunk_rate(base_rate, n)
    return math.sqrt(float(np.sum(p * (1 - p) * (1.0 + 1.0 / n)))) / base_rate.size


def localize(
    residuals: Array, variances: Array, members: NDArray[np.bool_], z_crit: float = 2.0
) -> bool:
    """Whether an alarm raised on a slice is specific to it.

    When a slice's detector alarms, a drop of the whole panel may simply have
    shown there first. Over the runs of the alarm's excursion, the rest of the
    panel (the slice's complement) is tested for a drop of its own: a one-sided
    z-test on the summed paired residuals ``ȳ − p̂`` of the complement's tasks,
    with their no-change variances. If the complement dropped too (z ≤ −z_crit)
    the alarm is attributed to the whole panel.

    Args:
        residuals: Paired residuals per run and task over the excursion, (runs, tasks).
        variances: Their no-change variances, same shape.
        members: The slice's tasks.
        z_crit: One-sided critical value for the complement's drop.

    Returns:
        True if the drop is localized in the slice, False if the rest dropped too.
    """
    rest = ~members
    if not rest.any():
        return True
    var = float(np.sum(variances[:, rest]))
    if var <= 0.0:
        return True
    z = float(np.sum(residuals[:, rest])) / math.sqrt(var)
    return z > -z_crit
