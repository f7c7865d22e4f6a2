"""Which stored runs a run is compared against: a rolling window or a pinned one.

The rolling window keeps the most recent runs out (``lag``): a window that
includes them absorbs a drop while the online detector is still accumulating
it (docs/statistics.md, "Baseline for the online detector"). A pinned golden
window never moves, so slow drift is not absorbed either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from codecanary.errors import CodecanaryError
from codecanary.records import MAX_INFRA_SHARE, RunRecord, RunStatus
from codecanary.store import Store

DEFAULT_LAG = 28
"""Most recent runs kept out of the rolling baseline."""
DEFAULT_WINDOW = 182
"""Runs in the rolling baseline (about half a year of daily runs)."""


@dataclass(frozen=True)
class BaselineWindow:
    """The runs of a baseline and how they were chosen."""

    kind: Literal["rolling", "pinned", "run"]
    """``run``: a single reference run (the A/B gate's current version)."""
    runs: tuple[RunRecord, ...]
    start: datetime | None = None
    end: datetime | None = None

    @property
    def key(self) -> str:
        """Identifies the window's definition (a change re-designs the detectors)."""
        if self.kind == "run":
            return f"run:{self.runs[0].id}"
        if self.kind == "pinned":
            assert self.start is not None and self.end is not None
            return f"pinned:{self.start.isoformat()}/{self.end.isoformat()}"
        return "rolling"

    def describe(self) -> str:
        if not self.runs:
            return f"{self.kind} baseline (no runs)"
        first, last = self.runs[0].logical_time, self.runs[-1].logical_time
        if self.kind == "run":
            return f"run {self.runs[0].id} ({first:%Y-%m-%d})"
        return (f"{self.kind} baseline: {len(self.runs)} runs, "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")


def usable(run: RunRecord) -> bool:
    """Whether a run says something about the model: completed, mostly real samples.

    Runs stored before the runner marked mostly-infra runs ``failed`` are held
    to the same rule here.
    """
    if run.status is not RunStatus.COMPLETED:
        return False
    return not (run.n_samples and run.n_infra_errors / run.n_samples > MAX_INFRA_SHARE)


def unusable_reason(run: RunRecord) -> str:
    """One line saying why ``run`` cannot be checked (see :func:`usable`)."""
    if run.status is RunStatus.COMPLETED:
        return (f"{run.n_infra_errors} of its {run.n_samples} samples are infra errors "
                f"(more than {MAX_INFRA_SHARE:.0%})")
    return f"it is {run.status.value}" + (f" ({run.error})" if run.error else "")


def subject_runs(store: Store, subject: str, suite: str | None = None,
                 suite_version: str | None = None) -> list[RunRecord]:
    """Usable runs (:func:`usable`) of ``subject`` on one suite version, oldest first.

    Without ``suite_version``, the version of the subject's latest usable run
    (of ``suite`` when given) is used: results only compare within one version.
    """
    runs = [r for r in store.list_runs(subject=subject, suite=suite) if usable(r)]
    if not runs:
        what = f" on suite {suite!r}" if suite else ""
        raise CodecanaryError(f"no completed runs for subject {subject!r}{what}; "
                              "run `codecanary run` first")
    version = suite_version or runs[0].suite_version
    return sorted((r for r in runs if r.suite_version == version),
                  key=lambda r: (r.logical_time, r.started_at))


def baseline_for(store: Store, runs: list[RunRecord], current: RunRecord, *,
                 lag: int = DEFAULT_LAG, window: int = DEFAULT_WINDOW,
                 subject_id: int | None = None) -> BaselineWindow:
    """The baseline of ``current`` among ``runs`` (same subject and suite version).

    Args:
        store: Where a pinned window is looked up.
        runs: The subject's runs on the suite version, oldest first.
        current: The run being checked.
        lag: Rolling only: most recent earlier runs left out.
        window: Rolling only: at most this many runs before those.
        subject_id: The subject's row id (looked up when omitted).
    """
    sid = store.subject_id(current.subject) if subject_id is None else subject_id
    pinned = store.pinned_baseline(sid, current.suite_version)
    if pinned is not None:
        start, end = pinned
        if start <= current.logical_time <= end:
            raise CodecanaryError(
                f"the pinned baseline {start:%Y-%m-%d}..{end:%Y-%m-%d} contains the checked run "
                f"{current.id} ({current.logical_time:%Y-%m-%d}); a run cannot be its own "
                "baseline: check a later run, or pin a window that ends before it")
        chosen = tuple(r for r in runs if start <= r.logical_time <= end and r.id != current.id)
        if not chosen:
            raise CodecanaryError(
                f"the pinned baseline {start:%Y-%m-%d}..{end:%Y-%m-%d} holds no completed "
                f"runs of {current.subject!r}; pin another window or `baseline unpin`")
        return BaselineWindow("pinned", chosen, start, end)
    if lag < 0 or window < 1:
        raise CodecanaryError("baseline lag must be >= 0 and window >= 1")
    earlier = [r for r in runs if r.logical_time < current.logical_time]
    kept = earlier[: max(0, len(earlier) - lag)]
    chosen = tuple(kept[-window:])
    if not chosen:
        raise CodecanaryError(
            f"no baseline for run {current.id}: {len(earlier)} earlier run(s), and the "
            f"rolling baseline leaves out the latest {lag}; run more days, pass a smaller "
            "--lag, or `codecanary baseline pin`")
    return BaselineWindow("rolling", chosen)
