"""``check``: the latest run of a subject against its baseline, per metric and slice.

Paired comparisons (:func:`codecanary.detect.compare_slices`) for pass rate and
any monitored metric present, the subject's online detectors fed with every
run not fed yet (state persisted; each run is fed once) and their alarms'
pooled since-change comparisons, then Benjamini–Hochberg per metric and the
verdict rule (:func:`codecanary.detect.decide`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from codecanary.detect import (
    DEFAULT_MIN_EFFECT,
    OVERALL,
    MetricSpec,
    SequentialEvidence,
    SliceCheck,
    Verdict,
    compare_slices,
    decide,
    failure_class_shift,
)
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import DEFAULT_LAG, DEFAULT_WINDOW, baseline_for
from codecanary.monitor.data import (
    PASS_RATE,
    RunData,
    as_outcomes,
    evidence_refs,
    monitored_metrics,
    panel_slices,
)
from codecanary.monitor.feed import FeedSettings, sequential_evidence
from codecanary.monitor.history import load_history
from codecanary.monitor.result import CheckResult
from codecanary.store import Store


def paired_checks(base: RunData, cur: RunData, slices: dict[str, list[str]], min_effect: float,
                  ratio_effect: float = 0.10) -> list[SliceCheck]:
    """Slice checks for pass rate and each monitored metric present in both arms.

    Directions, scales and kinds come from the scoring registry
    (:func:`codecanary.monitor.data.monitored_metrics`).
    """
    spec = MetricSpec(PASS_RATE, higher_is_better=True, min_effect=min_effect)
    checks = []
    for check in compare_slices(as_outcomes(base.pass_outcomes), as_outcomes(cur.pass_outcomes),
                                slices, spec):
        shift = None
        if check.comparison.effect < 0:  # only a harmful move needs the failure mix
            ids = slices[check.slice]
            shift = failure_class_shift(base.failure_counts(ids), cur.failure_counts(ids),
                                        n_perm=500)
        checks.append(SliceCheck(check.slice, spec, check.comparison, check.sequential, shift))
    for plan in monitored_metrics(base, cur):
        name = plan.name
        mspec = MetricSpec(name, higher_is_better=plan.higher_is_better,
                           min_effect=ratio_effect if plan.log_scale else min_effect)
        try:
            checks += compare_slices(as_outcomes(base.metrics[name]),
                                     as_outcomes(cur.metrics[name]), slices, mspec,
                                     continuous=not plan.binary,
                                     log_ratio=plan.log_scale and not plan.binary)
        except CodecanaryError:
            continue  # too few tasks carry this metric: nothing to compare
    return checks


def attach_evidence(verdicts: Sequence[Verdict], cur: RunData) -> dict[str, list[str]]:
    """Failing-sample references for each verdict (flipped tasks first)."""
    out = {}
    for v in verdicts:
        tasks = list(v.flipped_pass_to_fail) + [t for t in v.evidence
                                                 if t not in v.flipped_pass_to_fail]
        out[f"{v.slice}|{v.metric}"] = evidence_refs(cur, tasks)
    return out


def run_check(store: Store, subject: str, *, suite: str | None = None,
              run_id: str | None = None, min_effect: float = DEFAULT_MIN_EFFECT,
              alpha: float = 0.05, lag: int = DEFAULT_LAG, window: int = DEFAULT_WINDOW,
              false_alarms_per_year: float = 0.7, reset: bool = False) -> CheckResult:
    """Check a subject's latest run (or ``run_id``) against its baseline.

    One straight line: load runs → baseline → paired comparison → sequential
    evidence → verdicts → evidence samples.

    Args:
        store: The store holding the subject's runs.
        subject: Subject name.
        suite: Restrict to runs of this suite (default: the latest run's suite).
        run_id: Check this run instead of the latest one.
        min_effect: Minimum practical change of the pass rate (rate points).
        alpha: Level after Benjamini–Hochberg.
        lag: Rolling baseline: most recent runs left out.
        window: Rolling baseline: runs in the window.
        false_alarms_per_year: The online detectors' false-alarm budget.
        reset: Discard the stored detector state and re-design it.
    """
    history = load_history(store, subject, suite, run_id)
    window_now = baseline_for(store, history.runs, history.current, lag=lag, window=window,
                              subject_id=history.subject_id)
    base, cur = history.cache.data(window_now.runs), history.cache.data([history.current])
    slices = panel_slices(store.run_suite(history.current.id), current_task_ids(cur, base))
    checks = paired_checks(base, cur, slices, min_effect)
    settings = FeedSettings(min_effect, lag, window, false_alarms_per_year, reset)
    sequential, fed = sequential_evidence(history, window_now, base, slices, settings)
    verdicts = decide(with_sequential(checks, sequential), alpha)
    return CheckResult(subject, history.current, window_now, tuple(verdicts),
                       attach_evidence(verdicts, cur), fed, sequential)


def with_sequential(checks: Sequence[SliceCheck],
                    sequential: Mapping[str, SequentialEvidence]) -> list[SliceCheck]:
    """The checks with the online evidence of their stream attached.

    Pass-rate checks read their slice's evidence; a monitored metric's overall
    check reads the metric's own stream.
    """
    out = []
    for check in checks:
        key = check.slice if check.metric.name == PASS_RATE else (
            check.metric.name if check.slice == OVERALL else None)
        out.append(replace(check, sequential=sequential.get(key) if key else None))
    return out


def current_task_ids(cur: RunData, base: RunData) -> list[str]:
    return sorted(set(cur.pass_outcomes) & set(base.pass_outcomes))
