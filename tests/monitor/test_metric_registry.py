"""Which metrics check/compare watch, and in which direction: the scoring registry decides."""

from __future__ import annotations

import numpy as np

from codecanary.detect import decide
from codecanary.monitor.data import RunData, is_monitored, is_ratio, metric_plan
from codecanary.monitor.run_check import paired_checks

TASKS = [f"t{i:02d}" for i in range(40)]
SLICES = {"overall": TASKS}


def _arms(metrics: dict[str, tuple[float, float]], seed: int = 3) -> tuple[RunData, RunData]:
    """Baseline (5 samples per task) and current run (1 sample) with metric levels.

    ``metrics`` maps a name to (baseline level, current level); each task has its
    own level multiplied by small log-normal noise, as per-task metrics do.
    """
    rng = np.random.default_rng(seed)
    base, cur = RunData(), RunData()
    for t in TASKS:
        base.pass_outcomes[t] = [float(rng.random() < 0.7) for _ in range(5)]
        cur.pass_outcomes[t] = [float(rng.random() < 0.7)]
        task_level = float(rng.lognormal(0.0, 0.3))
        for name, (before, after) in metrics.items():
            base.metrics[name][t] = [before * task_level * float(rng.lognormal(0.0, 0.05))
                                     for _ in range(5)]
            cur.metrics[name][t] = [after * task_level * float(rng.lognormal(0.0, 0.05))]
    return base, cur


def _status(base: RunData, cur: RunData) -> dict[str, str]:
    verdicts = decide(paired_checks(base, cur, SLICES, 0.02))
    return {v.metric: v.status for v in verdicts if v.slice == "overall"}


def test_runtime_increase_regressed_and_lint_decrease_improved() -> None:
    base, cur = _arms({"runtime_ratio": (1.0, 1.5), "lint_per_100_lines": (4.0, 2.0)})
    status = _status(base, cur)
    assert status["runtime_ratio"] == "regressed"
    assert status["lint_per_100_lines"] == "improved"


def test_lint_increase_regressed_and_runtime_decrease_improved() -> None:
    base, cur = _arms({"runtime_ratio": (1.5, 1.0), "lint_per_100_lines": (2.0, 4.0)})
    status = _status(base, cur)
    assert status["runtime_ratio"] == "improved"
    assert status["lint_per_100_lines"] == "regressed"


def test_unmonitored_metrics_are_not_compared_unknown_ratios_are() -> None:
    base, cur = _arms({"tests_passed_fraction": (0.9, 0.2), "syntax_valid": (1.0, 0.0),
                       "cyclomatic_complexity": (3.0, 9.0), "novel_ratio": (1.0, 1.6)})
    status = _status(base, cur)
    assert "tests_passed_fraction" not in status
    assert "syntax_valid" not in status
    assert "cyclomatic_complexity" not in status
    assert status["novel_ratio"] == "regressed"  # unknown *_ratio: a cost, log scale


def test_registry_answers() -> None:
    assert is_monitored("runtime_ratio") and is_monitored("lint_per_100_lines")
    assert not is_monitored("truncated") and not is_monitored("comment_ratio")
    assert not is_monitored("mystery_score") and is_monitored("mystery_ratio")
    lint = metric_plan("lint_per_100_lines")
    assert not lint.higher_is_better and not lint.log_scale and not lint.binary
    runtime = metric_plan("runtime_ratio")
    assert not runtime.higher_is_better and runtime.log_scale
    assert metric_plan("truncated").binary
    # The online detector watches monitored log-scale costs only.
    assert is_ratio("runtime_ratio") and is_ratio("length_ratio")
    assert not is_ratio("comment_ratio") and not is_ratio("lint_per_100_lines")
