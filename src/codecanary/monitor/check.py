"""``check``: the latest run of a subject against its baseline, per metric and slice.

Paired comparisons (:func:`codecanary.detect.compare_slices`) for pass rate and
any continuous metric present, the subject's online detectors fed with every
run not fed yet (state persisted; each run is fed once), Benjamini–Hochberg over
slices × metrics and the verdict rule (:func:`codecanary.detect.decide`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from codecanary.detect import (
    MetricSpec,
    PairedComparison,
    SequentialEvidence,
    SliceCheck,
    Verdict,
    compare_binary,
    compare_slices,
    decide,
    exit_code,
    failure_class_shift,
    worst_status,
)
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import (
    DEFAULT_LAG,
    DEFAULT_WINDOW,
    BaselineWindow,
    baseline_for,
    subject_runs,
)
from codecanary.monitor.data import (
    OVERALL,
    PASS_RATE,
    RunCache,
    RunData,
    as_outcomes,
    evidence_refs,
    monitored_metrics,
    panel_slices,
)
from codecanary.monitor.feed import feed_detectors
from codecanary.records import RunRecord
from codecanary.store import Store


@dataclass(frozen=True)
class SinceChange:
    """A regressed slice's pass rate over all runs since its change began vs the baseline.

    One run's interval is wide; pooling the runs since the change (tasks as
    clusters, several samples per task) sizes the drop much more tightly.
    """

    since: str
    n_runs: int
    comparison: PairedComparison


@dataclass(frozen=True)
class CheckResult:
    """A check's verdicts with the context needed to report them."""

    subject: str
    run: RunRecord
    baseline: BaselineWindow
    verdicts: tuple[Verdict, ...]
    evidence_samples: dict[str, list[str]] = field(default_factory=dict)
    """``slice|metric`` → references ``run_id/task_id#index`` of failing samples."""
    fed_runs: int = 0
    sequential: dict[str, SequentialEvidence] = field(default_factory=dict)
    """The online detectors' evidence after this run, per slice (or metric)."""
    since_change: dict[str, SinceChange] = field(default_factory=dict)
    """``slice|metric`` → the effect pooled over every run since the estimated change."""

    def named(self) -> Verdict | None:
        """The regression to name first (docs/statistics.md, "Naming the slice").

        Among regressed pass-rate verdicts whose detector alarmed, a sub-slice whose
        drop is specific to it (localized) and furthest past its threshold wins over
        ``overall``; without any alarm, the regressed verdict with the smallest q.
        """
        regressed = [v for v in self.verdicts if v.status == "regressed"]
        if not regressed:
            return None
        alarmed = [(self.sequential[v.slice].level, v) for v in regressed
                   if v.metric == PASS_RATE and v.slice in self.sequential
                   and self.sequential[v.slice].alarm]
        local = [(lvl, v) for lvl, v in alarmed
                 if v.slice != OVERALL and self.sequential[v.slice].localized]
        for pool in (local, alarmed):
            if pool:
                return max(pool, key=lambda item: item[0])[1]
        return min(regressed, key=lambda v: v.q_value)

    @property
    def status(self) -> str:
        return worst_status(self.verdicts)

    @property
    def exit_code(self) -> int:
        return exit_code(self.verdicts)

    def samples_for(self, verdict: Verdict) -> list[str]:
        return self.evidence_samples.get(f"{verdict.slice}|{verdict.metric}", [])

    def _since_dict(self, v: Verdict) -> dict[str, Any] | None:
        found = self.since_change.get(f"{v.slice}|{v.metric}")
        if found is None:
            return None
        c = found.comparison
        return {"since": found.since, "runs": found.n_runs, "effect": c.effect,
                "interval": list(c.interval), "p_value": c.p_value, "n_tasks": c.n_tasks,
                "method": c.method}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the whole check."""
        named = self.named()
        return {
            "subject": self.subject, "run": self.run.id,
            "logical_time": self.run.logical_time.isoformat(),
            "suite": self.run.suite, "suite_version": self.run.suite_version,
            "baseline": {"kind": self.baseline.kind,
                         "runs": [r.id for r in self.baseline.runs],
                         "description": self.baseline.describe()},
            "status": self.status, "exit_code": self.exit_code,
            "named": None if named is None else {"slice": named.slice, "metric": named.metric},
            "verdicts": [{**v.to_dict(), "evidence_samples": self.samples_for(v),
                          "since_change": self._since_dict(v)} for v in self.verdicts],
        }


def paired_checks(base: RunData, cur: RunData, slices: dict[str, list[str]], min_effect: float,
                  sequential: dict[str, SequentialEvidence] | None = None,
                  ratio_effect: float = 0.10) -> list[SliceCheck]:
    """Slice checks for pass rate and each monitored metric present in both arms.

    Directions, scales and kinds come from the scoring registry
    (:func:`codecanary.monitor.data.monitored_metrics`).
    """
    spec = MetricSpec(PASS_RATE, higher_is_better=True, min_effect=min_effect)
    slice_seq = {k: v for k, v in (sequential or {}).items() if k in slices}
    checks = []
    for check in compare_slices(as_outcomes(base.pass_outcomes), as_outcomes(cur.pass_outcomes),
                                slices, spec, sequential=slice_seq):
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
        seq = {OVERALL: sequential[name]} if sequential and name in sequential else None
        try:
            checks += compare_slices(as_outcomes(base.metrics[name]),
                                     as_outcomes(cur.metrics[name]), slices, mspec,
                                     continuous=not plan.binary,
                                     log_ratio=plan.log_scale and not plan.binary,
                                     sequential=seq)
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
              run_id: str | None = None, min_effect: float = 0.02, alpha: float = 0.05,
              lag: int = DEFAULT_LAG, window: int = DEFAULT_WINDOW,
              false_alarms_per_year: float = 0.7, reset: bool = False) -> CheckResult:
    """Check a subject's latest run (or ``run_id``) against its baseline.

    Args:
        store: The store holding the subject's runs.
        subject: Subject name.
        suite: Restrict to runs of this suite (default: the latest run's suite).
        run_id: Check this run instead of the latest one.
        min_effect: Minimum practical drop of the pass rate (rate points).
        alpha: Level after Benjamini–Hochberg.
        lag: Rolling baseline: most recent runs left out.
        window: Rolling baseline: runs in the window.
        false_alarms_per_year: The online detectors' false-alarm budget.
        reset: Discard the stored detector state and re-design it.
    """
    runs = subject_runs(store, subject, suite)
    if run_id is not None:
        matches = [r for r in runs if r.id == run_id]
        if not matches:
            raise CodecanaryError(f"run {run_id!r} is not a completed run of {subject!r} "
                                  "on the checked suite version")
        current = matches[0]
    else:
        current = runs[-1]
    sid = store.subject_id(subject)
    cache = RunCache(store)
    window_now = baseline_for(store, runs, current, lag=lag, window=window, subject_id=sid)
    base, cur = cache.data(window_now.runs), cache.data([current])
    slices = panel_slices(store.run_suite(current.id), current_task_ids(cur, base))
    sequential, fed = feed_detectors(store, sid, runs, current, window_now, cache, slices,
                                  min_effect, lag, window, false_alarms_per_year, reset)
    since = _since_change(sequential or {}, runs, current, base, cache, slices)
    confirmed = {name: replace(ev, since_change=since[f"{name}|{PASS_RATE}"].comparison.interval)
                 if f"{name}|{PASS_RATE}" in since else ev
                 for name, ev in (sequential or {}).items()}
    verdicts = decide(paired_checks(base, cur, slices, min_effect, confirmed or None), alpha)
    shown = {f"{v.slice}|{v.metric}" for v in verdicts if v.status in ("regressed", "suspected")}
    since = {key: value for key, value in since.items() if key in shown}
    return CheckResult(subject, current, window_now, tuple(verdicts),
                       attach_evidence(verdicts, cur), fed, dict(confirmed), since)


def _since_change(sequential: dict[str, SequentialEvidence], runs: list[RunRecord],
                  current: RunRecord, base: RunData, cache: RunCache,
                  slices: dict[str, list[str]]) -> dict[str, SinceChange]:
    """Pass rate pooled over the runs since each alarmed slice's change start.

    It confirms (or not) the alarm in :func:`codecanary.detect.decide`: an alarm
    is ``regressed`` only if this pooled interval excludes no change.
    """
    out = {}
    for name, ev in sequential.items():
        if not ev.alarm or not ev.change_at or name not in slices:
            continue
        pooled = [r for r in runs if ev.change_at <= r.logical_time.isoformat()
                  and r.logical_time <= current.logical_time]
        if not pooled:
            continue
        ids = slices[name]
        after = cache.data(pooled)
        try:
            comp = compare_binary(
                {t: base.pass_outcomes[t] for t in ids if t in base.pass_outcomes},
                {t: after.pass_outcomes[t] for t in ids if t in after.pass_outcomes},
                method="cluster")
        except CodecanaryError:
            continue
        out[f"{name}|{PASS_RATE}"] = SinceChange(ev.change_at, len(pooled), comp)
    return out


def current_task_ids(cur: RunData, base: RunData) -> list[str]:
    return sorted(set(cur.pass_outcomes) & set(base.pass_outcomes))
