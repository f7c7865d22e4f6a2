"""Stored runs → :class:`DiagnosisInput` and forgetting-matrix arms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from codecanary.diagnose.evidence import DiagnosisInput, EventNote, TaskInfo, outcomes
from codecanary.diagnose.matrix import ForgettingMatrix, forgetting_matrix
from codecanary.diagnose.rank import Diagnosis, diagnose
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import DEFAULT_LAG, DEFAULT_WINDOW, baseline_for, usable
from codecanary.monitor.data import panel_slices
from codecanary.monitor.history import load_history
from codecanary.monitor.result import CheckResult
from codecanary.records import RunRecord, SampleRecord
from codecanary.store import Store
from codecanary.suites.models import Suite

#: Fingerprint keys that describe the harness rather than the model.
HARNESS_KEYS = ("system_prompt", "temperature", "top_p", "max_tokens", "reasoning_effort",
                "command", "agent_version", "sandbox", "timeout_s")
EVENT_MARGIN = timedelta(days=1)


def task_infos(suite: Suite) -> dict[str, TaskInfo]:
    return {t.id: TaskInfo(t.language, tuple(t.categories), t.difficulty) for t in suite.tasks}


def _samples(store: Store, runs: Sequence[RunRecord]) -> list[SampleRecord]:
    return [s for r in runs for s in store.samples(r.id)]


def _harness_changes(base: Sequence[RunRecord], current: RunRecord) -> list[str]:
    changed = []
    for key in HARNESS_KEYS:
        before = {repr(r.fingerprint.get(key)) for r in base}
        if repr(current.fingerprint.get(key)) not in before:
            changed.append(key)
    return changed


def diagnosis_input(store: Store, subject: str, *, run_id: str | None = None,
                    against: str | None = None, lag: int = DEFAULT_LAG,
                    window: int = DEFAULT_WINDOW) -> DiagnosisInput:
    """The subject's run (latest or ``run_id``) against its baseline or run ``against``."""
    history = load_history(store, subject, None, run_id)
    current = history.current
    if against is not None:
        base_runs = [store.get_run(against)]
        if base_runs[0].suite_version != current.suite_version:
            raise CodecanaryError(f"run {against} is on another suite version than "
                                  f"{current.id}; diagnose compares the same panel only")
    else:
        base_runs = list(baseline_for(store, history.runs, current, lag=lag, window=window,
                                      subject_id=history.subject_id).runs)
    return runs_input(store, history.subject_id, base_runs, current, label=subject)


def runs_input(store: Store, subject_id: int, base_runs: Sequence[RunRecord],
               current: RunRecord, label: str = "", since: str | None = None) -> DiagnosisInput:
    """The input for ``current`` against ``base_runs``; events from the end of the
    baseline to the current run (a day's margin either side).

    ``since`` (an ISO date): the current arm pools every run of the same suite
    version from that day up to ``current``, as a confirmed alarm's effect does.
    """
    start = max(r.logical_time for r in base_runs) - EVENT_MARGIN
    end = current.logical_time + EVENT_MARGIN
    events = [EventNote(str(e["kind"]), e["at"], str(e.get("note") or ""))
              for e in store.events(subject_id) if start <= e["at"] <= end]
    arm = [current]
    if since is not None:
        first = datetime.fromisoformat(since[:10]).replace(tzinfo=UTC)
        arm = [r for r in store.list_runs(subject=current.subject, limit=10_000)
               if r.suite_version == current.suite_version and r.status == current.status
               and first <= r.logical_time <= current.logical_time] or [current]
    return DiagnosisInput(_samples(store, base_runs), _samples(store, arm),
                          task_infos(store.run_suite(current.id)), events,
                          _harness_changes(base_runs, current), label=label)


def diagnose_check(store: Store, result: CheckResult) -> Diagnosis | None:
    """The likely cause behind a check that regressed (None when nothing regressed).

    A diagnosis never changes a check's outcome: when it cannot be made (e.g. a
    baseline without samples) the answer is None.
    """
    if result.exit_code != 1 or not result.baseline.runs:
        return None
    try:
        sid = store.subject_id(result.subject)
        return diagnose(runs_input(store, sid, result.baseline.runs, result.run,
                                   label=result.subject, since=_pooled_since(result)))
    except CodecanaryError:
        return None


def _pooled_since(result: CheckResult) -> str | None:
    """The earliest change start a regressed verdict pooled its runs from, if any.

    One run is noisy; when the regression was confirmed over every run since the
    change, the fingerprints are read over those same runs.
    """
    starts = [p.since for v in result.verdicts if v.status == "regressed"
              for p in [result.pooled_for(v)] if p is not None]
    return min(starts) if starts else None


def diagnose_subject(store: Store, subject: str, *, run_id: str | None = None,
                     against: str | None = None, min_effect: float = 0.05,
                     alpha: float = 0.05) -> Diagnosis:
    """Rank the likely causes of the change in ``subject``'s run (see :func:`diagnose`)."""
    return diagnose(diagnosis_input(store, subject, run_id=run_id, against=against),
                    min_effect=min_effect, alpha=alpha)


def resolve_arm(store: Store, name: str) -> RunRecord:
    """A run id (or unique prefix), else a subject name's latest usable run."""
    try:
        return store.get_run(store.resolve_run_id(name))
    except CodecanaryError:
        pass
    runs = [r for r in store.list_runs(subject=name) if usable(r)]
    if not runs:
        raise CodecanaryError(f"{name!r} is neither a run id nor a subject with a usable run "
                              "(see `codecanary subjects` and `codecanary runs list`)")
    return max(runs, key=lambda r: r.logical_time)


def forgetting_from_store(store: Store, base: str, versions: Sequence[str], *,
                          targets: Sequence[str] = (), min_effect: float = 0.05,
                          alpha: float = 0.05) -> ForgettingMatrix:
    """The forgetting matrix of ``versions`` (subjects or runs) against ``base``."""
    base_run = resolve_arm(store, base)
    arms = []
    for name in versions:
        run = resolve_arm(store, name)
        if run.suite_version != base_run.suite_version:
            raise CodecanaryError(f"{name!r} ran another suite version than the base "
                                  f"{base!r}; the matrix compares one panel only")
        arms.append((name, outcomes(store.samples(run.id))))
    base_out = outcomes(store.samples(base_run.id))
    shared = set(base_out).intersection(*(set(o) for _, o in arms))
    slices = panel_slices(store.run_suite(base_run.id), shared)
    return forgetting_matrix(base, base_out, arms, slices, targets=targets,
                             min_effect=min_effect, alpha=alpha)
