"""Monitoring: the layer between the store and the statistics in ``codecanary.detect``.

Builds per-task outcome maps from stored samples for a run and its baseline
(rolling, or a pinned golden window), runs the paired checks per slice and
metric, keeps the subject's online detectors between runs, and returns verdicts
with their evidence. See docs/monitoring.md.
"""

from codecanary.monitor.baseline import BaselineWindow, baseline_for, subject_runs
from codecanary.monitor.compare import compare_runs
from codecanary.monitor.data import RunData, panel_slices
from codecanary.monitor.planning import SubjectPlan, plan_subject
from codecanary.monitor.result import CheckResult
from codecanary.monitor.run_check import run_check

__all__ = [
    "BaselineWindow",
    "CheckResult",
    "RunData",
    "SubjectPlan",
    "baseline_for",
    "compare_runs",
    "panel_slices",
    "plan_subject",
    "run_check",
    "subject_runs",
]
