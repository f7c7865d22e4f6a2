"""Step 4 of a check: the online detectors' evidence for the checked run.

The subject's CUSUM bank is fed once per run, in logical-time order, with
persisted state; for every slice whose detector alarmed, the pass rate pooled
over every run since the estimated change start is compared with the baseline
(task-clustered), which confirms the alarm or not in
:func:`codecanary.detect.decide`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from codecanary.detect import (
    Event,
    PooledChange,
    SequentialEvidence,
    SequentialMonitor,
    compare_binary,
)
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import BaselineWindow, baseline_for
from codecanary.monitor.data import RunData, as_outcomes, is_ratio
from codecanary.monitor.history import History
from codecanary.monitor.state import MonitorState

MAX_CATCHUP = 120
"""At most this many unfed runs are fed to the detectors in one check."""

Evidence = dict[str, SequentialEvidence]
"""Slice (or metric) name → the online detector's evidence."""


@dataclass(frozen=True)
class FeedSettings:
    """What the detectors are designed for; a change re-designs them."""

    min_effect: float
    lag: int
    window: int
    false_alarms_per_year: float
    reset: bool = False


def sequential_evidence(history: History, window_now: BaselineWindow, base: RunData,
                        slices: dict[str, list[str]], settings: FeedSettings,
                        ) -> tuple[Evidence, int]:
    """The checked run's evidence, each alarm with its pooled since-change comparison.

    Returns:
        The evidence (empty when no detector could be designed) and how many runs
        were fed in this call.
    """
    evidence, fed = feed_detectors(history, window_now, slices, settings)
    return {name: _with_pooled(name, ev, history, base, slices)
            for name, ev in evidence.items()}, fed


def _with_pooled(name: str, ev: SequentialEvidence, history: History, base: RunData,
                 slices: dict[str, list[str]]) -> SequentialEvidence:
    if not ev.alarm or not ev.change_at or name not in slices:
        return ev
    pooled_runs = [r for r in history.runs if ev.change_at <= r.logical_time.isoformat()
                   and r.logical_time <= history.current.logical_time]
    if not pooled_runs:
        return ev
    ids = slices[name]
    after = history.cache.data(pooled_runs)
    try:
        comp = compare_binary(
            {t: base.pass_outcomes[t] for t in ids if t in base.pass_outcomes},
            {t: after.pass_outcomes[t] for t in ids if t in after.pass_outcomes},
            method="cluster")
    except CodecanaryError:
        return ev
    return replace(ev, pooled=PooledChange(ev.change_at, len(pooled_runs), comp))


def _events(history: History) -> list[Event]:
    return [Event(e["at"], str(e["kind"]), str(e["note"]))
            for e in history.store.events(history.subject_id)]


def _load_state(history: History, key: str, reset: bool) -> MonitorState | None:
    raw = None if reset else history.store.monitor_state(history.subject_id,
                                                         history.current.suite_version)
    if not raw:
        return None
    try:
        state = MonitorState.from_dict(raw)
    except CodecanaryError:
        return None  # stored by another version: derived data, re-designed below
    return state if state.design_key == key else None


def feed_detectors(history: History, window_now: BaselineWindow,
                   slices: dict[str, list[str]], settings: FeedSettings,
                   ) -> tuple[Evidence, int]:
    """Feed every unfed run up to the checked one; return its evidence and the count.

    The detectors are designed from ``window_now`` on first use (or when the
    baseline definition or settings changed) and start right after that
    baseline; each run is fed once, in logical-time order, against its own
    baseline (the same pinned window, or its own rolling window).
    """
    store, sid, current, cache = history.store, history.subject_id, history.current, history.cache
    key = (f"{window_now.key}|min_effect={settings.min_effect}"
           f"|budget={settings.false_alarms_per_year}")
    state = _load_state(history, key, settings.reset)
    if state is not None and (stored := state.evidence_for(current.id)) is not None:
        return stored, 0
    if state is None:
        base = cache.data(window_now.runs)
        metrics = {m: as_outcomes(base.metrics[m]) for m in base.metrics if is_ratio(m)}
        try:
            monitor = SequentialMonitor.design(
                as_outcomes(base.pass_outcomes), slices, metrics=metrics or None,
                min_effect=settings.min_effect,
                false_alarms_per_year=settings.false_alarms_per_year)
        except CodecanaryError:
            return {}, 0
        state = MonitorState(monitor, key)
        # Start right after the baseline: the runs in between are the monitored past.
        state.last_time = window_now.runs[-1].logical_time.isoformat()
    events = _events(history)
    todo = [r for r in history.runs if r.logical_time <= current.logical_time
            and r.id not in state.processed
            and (state.last_time is None or r.logical_time.isoformat() > state.last_time)]
    todo = todo[-MAX_CATCHUP:]
    evidence: Evidence = {}
    for run in todo:
        try:
            win = window_now if run.id == current.id else baseline_for(
                store, history.runs, run, lag=settings.lag, window=settings.window,
                subject_id=sid)
        except CodecanaryError:
            continue
        base, cur = cache.data(win.runs), cache.data([run])
        evidence = state.monitor.update(
            as_outcomes(base.pass_outcomes), as_outcomes(cur.pass_outcomes),
            run.logical_time.isoformat(), events,
            metrics_baseline={m: as_outcomes(v) for m, v in base.metrics.items()},
            metrics_current={m: as_outcomes(v) for m, v in cur.metrics.items()})
        evidence = _keep_episode_dates(evidence, state.evidence_for(state.processed[-1])
                                       if state.processed else None)
        state.record(run.id, run.logical_time.isoformat(), evidence)
    store.save_monitor_state(sid, current.suite_version, state.to_dict())
    if todo and todo[-1].id == current.id:
        return evidence, len(todo)
    return state.evidence_for(current.id) or {}, len(todo)


def _keep_episode_dates(now: Evidence, before: Evidence | None) -> Evidence:
    """Keep the change date estimated at an alarm's first run while the alarm lasts.

    Re-estimating on every later run lets PELT's "last segment" wander to a
    later noise break inside the shifted stretch; the first estimate is made
    closest to the change and is the one an alert already reported.
    """
    if not before:
        return now
    out = {}
    for name, ev in now.items():
        prev = before.get(name)
        if ev.alarm and prev is not None and prev.alarm and prev.change_at:
            ev = replace(ev, change_at=prev.change_at, change_method=prev.change_method,
                         event=prev.event)
        out[name] = ev
    return out
