"""Regression detection: paired comparisons, online detectors, change dating, verdicts.

Pure statistics on plain arrays and task-id-keyed mappings; no storage, no I/O.
See docs/statistics.md for the methods and how to read a verdict.
"""

from codecanary.detect.changepoint import ChangeEstimate, Event, align_event, estimate_change
from codecanary.detect.check import SequentialMonitor, compare_slices
from codecanary.detect.failures import FailureShift, failure_class_shift
from codecanary.detect.intervals import (
    Interval,
    PairedTable,
    RateEstimate,
    paired_difference_interval,
    rate_estimate,
    wilson_interval,
)
from codecanary.detect.multiple import bh_adjust
from codecanary.detect.paired import PairedComparison, compare_binary, compare_continuous
from codecanary.detect.power import PowerPlan, mde, plan, tasks_needed
from codecanary.detect.sequential import CusumDetector, calibrate_threshold, siegmund_threshold
from codecanary.detect.verdict import (
    MetricSpec,
    SequentialEvidence,
    SliceCheck,
    Verdict,
    decide,
    exit_code,
    worst_status,
)

__all__ = [
    "ChangeEstimate",
    "CusumDetector",
    "Event",
    "FailureShift",
    "Interval",
    "MetricSpec",
    "PairedComparison",
    "PairedTable",
    "PowerPlan",
    "RateEstimate",
    "SequentialEvidence",
    "SequentialMonitor",
    "SliceCheck",
    "Verdict",
    "align_event",
    "bh_adjust",
    "calibrate_threshold",
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
    "rate_estimate",
    "siegmund_threshold",
    "tasks_needed",
    "wilson_interval",
    "worst_status",
]
