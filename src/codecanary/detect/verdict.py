"""Verdicts per slice and metric: improved | stable | suspected | regressed | insufficient_data.

Decision rule (α = 0.05 by default; q is the Benjamini–Hochberg adjusted
p-value over the slices of one metric: each metric is its own family, so the
pass rate, the primary endpoint, does not lose power to every secondary metric
the scoring adds — FDR is controlled within each pre-specified family, as for
primary and secondary endpoints of a trial; across k families it is at most kα):

- **regressed**: the sequential detector for this slice and metric alarmed
  *and* the effect's interval lies wholly on the harmful side (the cumulative
  estimate over the runs since the detector's change start when the caller
  supplies it, ``SequentialEvidence.since_change``, else this run's), or q < α
  with the effect in the harmful direction and at least the minimum practical
  effect. An alarm whose interval still includes "no change" is only
  **suspected**: the CUSUM accumulates evidence that a shift happened, but a
  verdict that prints an interval crossing 0 next to "regressed" contradicts
  itself, and the pooled post-change interval tightens within a few runs;
- **improved**: q < α with the effect in the good direction and at least the
  minimum practical effect (and no alarm);
- **suspected**: otherwise, when the effect is harmful and either the nominal
  p < α with at least the minimum practical effect (it did not survive FDR
  control) or the CUSUM is at least half its threshold;
- **stable**: everything else, including significant changes smaller than the
  minimum practical effect;
- **insufficient_data**: the slice is below the minimum information rule
  (fewer than :data:`~codecanary.detect.paired.MIN_TASKS` tasks, or a minimum
  detectable effect above :data:`~codecanary.detect.paired.MAX_MDE`); it never
  gets another word, whatever its numbers.

What a verdict shows is what it rests on (one rule for every output): for an
alarm confirmed by the pooled since-change interval, ``effect``, ``interval``,
``p_value`` and ``n_tasks`` are the pooled comparison's and ``basis`` says
"since DATE, N runs pooled"; otherwise they are the latest run's. The latest
run's own comparison is always kept in ``run_effect``/``run_interval``. A
``regressed`` or ``improved`` verdict's interval lies wholly on its side of
no change by construction: a significant q whose interval still touches no
change (exact McNemar p and Newcombe's interval can disagree at the margin)
is only ``suspected`` or ``stable``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import BaseModel

from codecanary.detect.changepoint import Event
from codecanary.detect.failure_shift import FailureShift
from codecanary.detect.intervals import Interval, RateEstimate
from codecanary.detect.multiple import bh_adjust, harm
from codecanary.detect.paired import PairedComparison
from codecanary.errors import CodecanaryError

Status = Literal["improved", "stable", "insufficient_data", "suspected", "regressed"]
SEVERITY: dict[str, int] = {"improved": 0, "stable": 1, "insufficient_data": 1,
                            "suspected": 2, "regressed": 3}
DEFAULT_MIN_EFFECT = 0.02
"""Smallest pass-rate change (rate points) ever called a regression or an
improvement: the one default of ``check``, ``compare``, the library and the docs."""
LATEST_RUN = "latest run"
NO_INTERVAL = Interval(math.nan, math.nan)


@dataclass(frozen=True)
class MetricSpec:
    """How to read a metric: its direction and the smallest change that matters."""

    name: str
    higher_is_better: bool = True
    min_effect: float = DEFAULT_MIN_EFFECT
    """In the metric's units; for ratios (log_scale) a relative change, e.g. 0.10."""


@dataclass(frozen=True)
class PooledChange:
    """The effect pooled over every run since an alarm's estimated change start.

    One run's interval is wide; pooling the runs since the change (tasks as
    clusters, several samples per task) sizes the drop much more tightly.
    """

    since: str
    n_runs: int
    comparison: PairedComparison

    @property
    def basis(self) -> str:
        return f"since {self.since[:10]}, {self.n_runs} runs pooled"


@dataclass(frozen=True)
class SequentialEvidence:
    """State of the slice's online detector after the current run."""

    level: float
    """CUSUM statistic / threshold."""
    alarm: bool
    change_at: str | None = None
    change_method: str | None = None
    event: Event | None = None
    localized: bool = True
    """False when the rest of the panel dropped too: the alarm belongs to the whole panel."""
    pooled: PooledChange | None = None
    """The effect pooled over every run since ``change_at`` (same units as the
    run's effect), which confirms an alarm when its interval excludes no change."""


@dataclass(frozen=True)
class SliceCheck:
    """Everything known about one slice and metric in this check."""

    slice: str
    metric: MetricSpec
    comparison: PairedComparison
    sequential: SequentialEvidence | None = None
    failure_shift: FailureShift | None = None


@dataclass(frozen=True)
class Verdict:
    """The verdict for one slice and metric, with its evidence."""

    slice: str
    metric: str
    status: Status
    effect: float
    interval: Interval
    p_value: float
    q_value: float
    n_tasks: int
    n_samples: int
    method: str
    baseline_rate: RateEstimate | None
    current_rate: RateEstimate | None
    change_at: str | None
    change_method: str | None
    event: Event | None
    flipped_pass_to_fail: tuple[str, ...]
    flipped_fail_to_pass: tuple[str, ...]
    failure_shift: FailureShift | None
    evidence: tuple[str, ...]
    reasons: tuple[str, ...]
    basis: str = LATEST_RUN
    """What ``effect``/``interval``/``p_value``/``n_tasks`` come from: the latest run,
    or "since DATE, N runs pooled" for an alarm-confirmed verdict."""
    run_effect: float = math.nan
    """The latest run's own effect and interval (equal to the above when ``basis``
    is the latest run)."""
    run_interval: Interval = NO_INTERVAL
    log_scale: bool = False
    min_effect: float = DEFAULT_MIN_EFFECT

    @property
    def pooled(self) -> bool:
        return self.basis != LATEST_RUN

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN becomes None; datetimes as ISO strings)."""
        def clean(value: Any) -> Any:
            if isinstance(value, BaseModel):
                return clean(value.model_dump())
            if isinstance(value, float) and math.isnan(value):
                return None
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            if hasattr(value, "isoformat"):
                return value.isoformat()
            return value
        return {str(k): clean(v) for k, v in asdict(self).items()}


def decide(checks: Sequence[SliceCheck], alpha: float = 0.05,
           max_evidence: int = 10) -> list[Verdict]:
    """Turn the comparisons of one check into verdicts (rule in the module docstring)."""
    if not checks:
        raise CodecanaryError("nothing to decide: no slice comparisons")
    q_values: dict[int, float] = {}
    families: dict[str, list[int]] = {}
    for i, check in enumerate(checks):
        families.setdefault(check.metric.name, []).append(i)
    for members in families.values():
        _, qs = bh_adjust([checks[i].comparison.p_value for i in members], alpha)
        q_values.update(zip(members, qs, strict=True))
    return [_one(c, q_values[i], alpha, max_evidence) for i, c in enumerate(checks)]


def _one(check: SliceCheck, q: float, alpha: float, max_evidence: int) -> Verdict:
    comp, metric, seq = check.comparison, check.metric, check.sequential
    pooled = seq.pooled if seq is not None else None
    alarm = seq is not None and seq.alarm
    # An alarm is confirmed by the pooled since-change interval when the caller
    # supplies one, else by this run's own interval.
    confirming = pooled.comparison.interval if pooled is not None else comp.interval
    confirmed = alarm and _side(confirming, check) > 0
    shown = pooled.comparison if confirmed and pooled is not None else comp
    size = harm(comp.effect, metric.higher_is_better, comp.log_scale)
    practical = abs(size) >= metric.min_effect
    run_side = _side(comp.interval, check)
    reasons: list[str] = []
    if comp.insufficient is not None and not confirmed:
        reasons.append(f"insufficient data: {comp.insufficient}")
    if alarm:
        reasons.append("sequential detector alarmed")
        if seq is not None and not seq.localized:
            reasons.append("the rest of the panel dropped too: a panel-wide change "
                           "that showed here first")
    if q < alpha:
        reasons.append(("latest run alone: " if confirmed and pooled is not None else "")
                       + f"q = {q:.3g} < {alpha} after Benjamini–Hochberg")
        if not practical:
            reasons.append(f"change {abs(size):.3g} below minimum practical effect "
                           f"{metric.min_effect:.3g}")
    if alarm and not confirmed:
        reasons.append("but the pooled since-change interval still includes no change"
                       if pooled is not None else
                       "but the effect interval still includes no change")
    status: Status
    if comp.insufficient is not None and not confirmed:
        status = "insufficient_data"
    elif confirmed or (q < alpha and run_side > 0 and practical):
        status = "regressed"
    elif alarm:
        status = "suspected"
    elif q < alpha and run_side < 0 and practical:
        status = "improved"
    elif size > 0 and ((comp.p_value < alpha and practical)
                       or (seq is not None and seq.level >= 0.5)):
        status = "suspected"
        if comp.p_value < alpha and q >= alpha:
            reasons.append(f"nominal p = {comp.p_value:.3g} did not survive FDR control")
        if seq is not None and seq.level >= 0.5:
            reasons.append(f"CUSUM at {seq.level:.0%} of its threshold")
    else:
        status = "stable"
    evidence = comp.worst_tasks[:max_evidence]
    return Verdict(
        slice=check.slice, metric=metric.name, status=status, effect=shown.effect,
        interval=shown.interval, p_value=shown.p_value, q_value=q, n_tasks=shown.n_tasks,
        n_samples=shown.n_samples_current, method=shown.method,
        baseline_rate=shown.baseline_rate, current_rate=shown.current_rate,
        change_at=seq.change_at if seq else None,
        change_method=seq.change_method if seq else None,
        event=seq.event if seq else None,
        flipped_pass_to_fail=comp.flipped_pass_to_fail,
        flipped_fail_to_pass=comp.flipped_fail_to_pass,
        failure_shift=check.failure_shift, evidence=evidence, reasons=tuple(reasons),
        basis=pooled.basis if confirmed and pooled is not None else LATEST_RUN,
        run_effect=comp.effect, run_interval=comp.interval, log_scale=comp.log_scale,
        min_effect=metric.min_effect,
    )


def _side(interval: Interval, check: SliceCheck) -> int:
    """+1 if ``interval`` lies wholly on the harmful side of no change, −1 if wholly on
    the good side, 0 if it includes no change."""
    metric, log_scale = check.metric, check.comparison.log_scale
    low = harm(interval.low, metric.higher_is_better, log_scale)
    high = harm(interval.high, metric.higher_is_better, log_scale)
    if min(low, high) > 0:
        return 1
    if max(low, high) < 0:
        return -1
    return 0


def worst_status(verdicts: Sequence[Verdict]) -> Status:
    """The most severe status (regressed > suspected > stable, insufficient_data > improved)."""
    if not verdicts:
        return "stable"
    return max((v.status for v in verdicts), key=lambda s: SEVERITY[s])


def exit_code(verdicts: Sequence[Verdict]) -> int:
    """CLI exit code: 1 if anything regressed, else 0 (errors exit 2 elsewhere)."""
    return 1 if any(v.status == "regressed" for v in verdicts) else 0
