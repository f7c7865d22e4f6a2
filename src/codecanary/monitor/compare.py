"""``compare``: the pre-deployment A/B gate, candidate run vs current run.

Both runs must be on the same suite version (the same panel); the comparison
is paired on task ids, per slice and metric, with Benjamini–Hochberg across
them. No online detector is involved: it is a single two-run decision.
"""

from __future__ import annotations

from codecanary.detect import DEFAULT_MIN_EFFECT, decide
from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import BaselineWindow, unusable_reason, usable
from codecanary.monitor.data import RunCache, panel_slices
from codecanary.monitor.result import CheckResult
from codecanary.monitor.run_check import attach_evidence, current_task_ids, paired_checks
from codecanary.store import Store


def compare_runs(store: Store, current_id: str, candidate_id: str, *,
                 min_effect: float = DEFAULT_MIN_EFFECT, alpha: float = 0.05) -> CheckResult:
    """Compare ``candidate_id`` (B) against ``current_id`` (A) on their shared tasks.

    Raises:
        CodecanaryError: A run is missing or unfinished, or the suite versions differ.
    """
    a, b = store.get_run(current_id), store.get_run(candidate_id)
    for run in (a, b):
        if not usable(run):
            raise CodecanaryError(f"run {run.id} cannot be compared: {unusable_reason(run)}")
    if a.suite_version != b.suite_version:
        raise CodecanaryError(
            f"runs are on different panels: {a.id} used {a.suite}@{a.suite_version}, "
            f"{b.id} used {b.suite}@{b.suite_version}; compare runs of one suite version")
    cache = RunCache(store)
    base, cur = cache.data([a]), cache.data([b])
    slices = panel_slices(store.run_suite(b.id), current_task_ids(cur, base))
    verdicts = decide(paired_checks(base, cur, slices, min_effect), alpha)
    window = BaselineWindow("run", (a,), a.logical_time, a.logical_time)
    return CheckResult(b.subject, b, window, tuple(verdicts), attach_evidence(verdicts, cur))
