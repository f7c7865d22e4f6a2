"""Monitoring: the layer between the store and the statistics in ``codecanary.detect``.

``run_check`` reads as one straight line, each step a function of the
previous step's value: load runs (:mod:`~codecanary.monitor.history`) →
baseline (:mod:`~codecanary.monitor.baseline`) → paired comparison per slice
and metric (:mod:`~codecanary.monitor.run_check`) → sequential evidence, fed
once per run with persisted state, each alarm with its pooled since-change
comparison (:mod:`~codecanary.monitor.feed`) → verdicts → evidence samples
(:mod:`~codecanary.monitor.result`). See docs/monitoring.md.
"""

from codecanary.monitor.baseline import BaselineWindow, baseline_for, subject_runs, usable
from codecanary.monitor.compare import compare_runs
from codecanary.monitor.data import RunData, panel_slices
from codecanary.monitor.feed import FeedSettings, sequential_evidence
from codecanary.monitor.history import History, load_history
from codecanary.monitor.planning import SubjectPlan, plan_subject
from codecanary.monitor.result import CheckResult
from codecanary.monitor.run_check import run_check

__all__ = [
    "BaselineWindow",
    "CheckResult",
    "FeedSettings",
    "History",
    "RunData",
    "SubjectPlan",
    "baseline_for",
    "compare_runs",
    "load_history",
    "panel_slices",
    "plan_subject",
    "run_check",
    "sequential_evidence",
    "subject_runs",
    "usable",
]
