"""Regression detection: paired comparisons, online detectors, change dating, verdicts.

Pure statistics on plain arrays and task-id-keyed mappings; no storage, no I/O.
See docs/statistics.md for the methods and how to read a verdict.
"""

from codecanary.detect.changepoint import ChangeEstimate, Event, align_event, estimate_change
from codecanary.detect.cusum_bank import SequentialMonitor
from codecanary.detect.cusum_design import OVERALL, MonitorPlan, Stream, plan_monitors
from codecanary.detect.failure_shift import FailureShift, failure_class_shift
from codecanary.detect.intervals import (
    Interval,
    PairedTable,
    RateEstimate,
    clustered_rate,
    paired_difference_interval,
    rate_estimate,
    wilson_interval,
)
from codecanary.detect.multiple import bh_adjust
from codecanary.detect.paired import (
    MAX_MDE,
    MIN_TASKS,
    PairedComparison,
    compare_binary,
    compare_continuous,
)
from codecanary.detect.power import PowerPlan, mde, plan, tasks_needed
from codecanary.detect.sequential import CusumDetector, calibrate_threshold, siegmund_threshold
from codecanary.detect.slice_comparison import Slices, compare_slices
from codecanary.detect.verdict import (
    DEFAULT_MIN_EFFECT,
    LATEST_RUN,
    MetricSpec,
    PooledChange,
    SequentialEvidence,
    SliceCheck,
    Verdict,
    decide,
    exit_code,
    worst_status,
)

__all__ = [
    "DEFAULT_MIN_EFFECT",
    "LATEST_RUN",
    "MAX_MDE",
    "MIN_TASKS",
    "OVERALL",
    "ChangeEstimate",
    "CusumDetector",
    "Event",
    "FailureShift",
    "Interval",
    "MetricSpec",
    "MonitorPlan",
    "PairedComparison",
    "PairedTable",
    "PooledChange",
    "PowerPlan",
    "RateEstimate",
    "SequentialEvidence",
    "SequentialMonitor",
    "SliceCheck",
    "Slices",
    "Stream",
    "Verdict",
    "align_event",
    "bh_adjust",
    "calibrate_threshold",
    "clustered_rate",
    "compare_binary",
    "compare_continuous",
    "compare_slices",
    "decide",
    "estimate_change",
    "exit_code",
    "failure_class_shift",
    "mde",
    "paired_difference_interval",
    "plan",
    "plan_monitors",
    "rate_estimate",
    "siegmund_threshold",
    "tasks_needed",
    "wilson_interval",
    "worst_status",
]
