"""Feeding the subject's online detectors, once per run, with persisted state."""

from __future__ import annotations

from dataclasses import replace

from codecanary.detect import Event, SequentialEvidence, SequentialMonitor
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import BaselineWindow, baseline_for
from codecanary.monitor.data import RunCache, as_outcomes, is_ratio
from codecanary.monitor.state import MonitorState
from codecanary.records import RunRecord
from codecanary.store import Store

MAX_CATCHUP = 120
"""At most this many unfed runs are fed to the detectors in one check."""


def _events(store: Store, subject_id: int) -> list[Event]:
    return [Event(e["at"], str(e["kind"]), str(e["note"])) for e in store.events(subject_id)]


def feed_detectors(store: Store, sid: int, runs: list[RunRecord], current: RunRecord,
                window_now: BaselineWindow, cache: RunCache, slices: dict[str, list[str]],
                min_effect: float, lag: int, window: int, budget: float, reset: bool,
                ) -> tuple[dict[str, SequentialEvidence] | None, int]:
    """Feed every unfed run up to ``current``; return ``current``'s evidence and the count.

    The detectors are designed from ``window_now`` on first use (or when the
    baseline definition or settings changed) and start right after that
    baseline; each run is fed once, in logical-time order, against its own
    baseline (the same pinned window, or its own rolling window).
    """
    version = current.suite_version
    key = f"{window_now.key}|min_effect={min_effect}|budget={budget}"
    raw = None if reset else store.monitor_state(sid, version)
    state = MonitorState.from_dict(raw) if raw else None
    if state is not None and state.design_key != key:
        state = None  # the baseline definition or settings changed: re-design
    if state is not None and (stored := state.evidence_for(current.id)) is not None:
        return stored, 0
    if state is None:
        base = cache.data(window_now.runs)
        metrics = {m: as_outcomes(base.metrics[m]) for m in base.metrics if is_ratio(m)}
        try:
            monitor = SequentialMonitor.design(
                as_outcomes(base.pass_outcomes), slices, metrics=metrics or None,
                min_effect=min_effect, false_alarms_per_year=budget)
        except CodecanaryError:
            return None, 0
        state = MonitorState(monitor, key)
        # Start right after the baseline: the runs in between are the monitored past.
        state.last_time = window_now.runs[-1].logical_time.isoformat()
    events = _events(store, sid)
    todo = [r for r in runs if r.logical_time <= current.logical_time
            and r.id not in state.processed
            and (state.last_time is None or r.logical_time.isoformat() > state.last_time)]
    todo = todo[-MAX_CATCHUP:]
    evidence: dict[str, SequentialEvidence] | None = None
    for run in todo:
        try:
            win = window_now if run.id == current.id else baseline_for(
                store, runs, run, lag=lag, window=window, subject_id=sid)
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
    store.save_monitor_state(sid, version, state.to_dict())
    if todo and todo[-1].id == current.id:
        return evidence, len(todo)
    return state.evidence_for(current.id), len(todo)


def _keep_episode_dates(now: dict[str, SequentialEvidence],
                        before: dict[str, SequentialEvidence] | None
                        ) -> dict[str, SequentialEvidence]:
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
