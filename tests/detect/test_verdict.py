import json
from dataclasses import replace

import pytest

from codecanary.detect.intervals import Interval
from codecanary.detect.paired import PairedComparison
from codecanary.detect.verdict import (
    MetricSpec,
    PooledChange,
    SequentialEvidence,
    SliceCheck,
    decide,
    exit_code,
    worst_status,
)
from codecanary.errors import CodecanaryError

PASS = MetricSpec("pass_rate", higher_is_better=True, min_effect=0.02)
RUNTIME = MetricSpec("runtime_ratio", higher_is_better=False, min_effect=0.10)


def comp(effect: float, p: float, log_scale: bool = False) -> PairedComparison:
    return PairedComparison(
        method="test", n_tasks=100, n_samples_baseline=100, n_samples_current=100,
        effect=effect, interval=Interval(effect - 0.01, effect + 0.01), p_value=p,
        baseline_mean=0.7, current_mean=0.7 + effect, log_scale=log_scale,
        flipped_pass_to_fail=("t1",), worst_tasks=("t1", "t2"),
    )


def pooled(effect: float, interval: Interval) -> PooledChange:
    return PooledChange("2026-03-01", 4, replace(comp(effect, 0.01), interval=interval))


def test_decision_rule() -> None:
    checks = [
        SliceCheck("overall", PASS, comp(-0.06, 0.0001)),  # significant, practical drop
        SliceCheck("python", PASS, comp(0.05, 0.0002)),  # significant gain
        SliceCheck("rust", PASS, comp(-0.01, 0.0003)),  # significant but tiny
        SliceCheck("go", PASS, comp(-0.04, 0.03)),  # nominal only
        SliceCheck("java", PASS, comp(-0.01, 0.6),  # CUSUM alarm, confirmed since the change
                   SequentialEvidence(1.2, True, "2026-03-01", "pelt",
                                      pooled=pooled(-0.05, Interval(-0.08, -0.02)))),
        SliceCheck("kotlin", PASS, comp(-0.01, 0.6),  # alarm, but no interval excludes 0
                   SequentialEvidence(1.1, True, "2026-03-01", "pelt",
                                      pooled=pooled(-0.02, Interval(-0.05, 0.01)))),
        SliceCheck("swift", PASS, comp(-0.05, 0.6),  # alarm, this run's interval confirms
                   SequentialEvidence(1.1, True)),
        SliceCheck("c", PASS, comp(-0.01, 0.6), SequentialEvidence(0.6, False)),  # half-way
        SliceCheck("overall", RUNTIME, comp(1.5, 0.0001, log_scale=True)),  # slower
        SliceCheck("js", PASS, comp(0.0, 0.9)),
    ]
    for filler in range(12):  # more tests so that p = 0.03 fails BH
        checks.append(SliceCheck(f"s{filler}", PASS, comp(0.0, 0.9)))
    verdicts = decide(checks)
    status = {(v.slice, v.metric): v.status for v in verdicts}
    assert status[("overall", "pass_rate")] == "regressed"
    assert status[("python", "pass_rate")] == "improved"
    assert status[("rust", "pass_rate")] == "stable"
    assert status[("go", "pass_rate")] == "suspected"
    assert status[("java", "pass_rate")] == "regressed"
    assert status[("kotlin", "pass_rate")] == "suspected"
    assert status[("swift", "pass_rate")] == "regressed"
    assert status[("c", "pass_rate")] == "suspected"
    assert status[("overall", "runtime_ratio")] == "regressed"
    assert status[("js", "pass_rate")] == "stable"
    java = next(v for v in verdicts if v.slice == "java")
    assert java.change_at == "2026-03-01" and java.evidence == ("t1", "t2")
    kotlin = next(v for v in verdicts if v.slice == "kotlin")
    assert any("includes no change" in r for r in kotlin.reasons)
    go = next(v for v in verdicts if v.slice == "go")
    assert go.q_value >= 0.05 and any("FDR" in r for r in go.reasons)
    assert worst_status(verdicts) == "regressed" and exit_code(verdicts) == 1
    json.dumps([v.to_dict() for v in verdicts])


def test_steady_check_exits_zero() -> None:
    verdicts = decide([SliceCheck("overall", PASS, comp(0.01, 0.5))])
    assert exit_code(verdicts) == 0 and worst_status(verdicts) == "stable"
    with pytest.raises(CodecanaryError):
        decide([])


def test_each_metric_is_its_own_fdr_family() -> None:
    """Secondary metrics must not dilute the pass rate's Benjamini–Hochberg family."""
    lint = MetricSpec("lint_per_100_lines", higher_is_better=False, min_effect=0.5)
    checks = [SliceCheck("overall", PASS, comp(-0.2, 0.004)),
              SliceCheck("js", PASS, comp(-0.3, 0.01))]
    checks += [SliceCheck(f"s{i}", lint, comp(0.0, 0.9)) for i in range(30)]
    verdicts = decide(checks)
    assert [v.q_value for v in verdicts[:2]] == pytest.approx([0.008, 0.01])
    assert all(v.status == "regressed" for v in verdicts[:2])
    pooled = decide(checks[:2] + [SliceCheck(f"s{i}", PASS, comp(0.0, 0.9)) for i in range(30)])
    assert pooled[0].q_value > 0.05  # one family of 32: the same drops are not called
