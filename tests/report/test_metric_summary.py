import math

import numpy as np
import pytest
import statsmodels.api as sm

from codecanary.report.metric_summary import clustered_mean, summarize_metric
from codecanary.scoring.metrics import METRICS


def _statsmodels_interval(values: dict[str, list[float]]) -> tuple[float, float, float]:
    y = np.array([v for vs in values.values() for v in vs])
    groups = np.array([i for i, vs in enumerate(values.values()) for _ in vs])
    fit = sm.OLS(y, np.ones_like(y)).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                         use_t=True)
    low, high = fit.conf_int(alpha=0.05)[0]
    return float(fit.params[0]), float(low), float(high)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clustered_mean_matches_statsmodels_cluster_robust_ols(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = {f"t{i}": list(rng.normal(rng.normal(0, 2), 1, size=rng.integers(1, 5)))
              for i in range(12)}
    mean, low, high = clustered_mean(values)
    ref = _statsmodels_interval(values)
    assert (mean, low, high) == pytest.approx(ref, rel=1e-9)


def test_clustered_interval_covers_the_truth_at_nominal_rate() -> None:
    """Simulation: tasks with their own means, correlated samples; 95% coverage."""
    rng = np.random.default_rng(7)
    hits = 0
    trials = 2000
    for _ in range(trials):
        task_means = rng.normal(1.0, 1.0, size=20)
        values = {str(i): list(rng.normal(m, 0.5, size=3)) for i, m in enumerate(task_means)}
        _, low, high = clustered_mean(values)
        assert low is not None and high is not None
        hits += low <= 1.0 <= high
    assert 0.93 <= hits / trials <= 0.97


def test_rate_metric_uses_wilson_and_counts_samples() -> None:
    summary = summarize_metric(METRICS["truncated"], {"a": [1.0, 0.0], "b": [0.0], "c": []})
    assert summary.n == 3 and summary.n_tasks == 2
    assert summary.value == pytest.approx(1 / 3)
    assert summary.low is not None and summary.low < 1 / 3 < (summary.high or 0)


def test_geometric_mean_is_symmetric_in_log_space() -> None:
    summary = summarize_metric(METRICS["runtime_ratio"], {"a": [2.0], "b": [0.5]})
    assert summary.value == pytest.approx(1.0)
    assert summary.low is not None and summary.high is not None
    assert math.log(summary.high) == pytest.approx(-math.log(summary.low))


def test_single_task_has_no_interval_and_empty_has_no_value() -> None:
    one = summarize_metric(METRICS["lint_per_100_lines"], {"a": [3.0, 5.0]})
    assert one.value == 4.0 and one.low is None
    assert "—" in one.to_text()
    assert summarize_metric(METRICS["lint_per_100_lines"], {}).value is None


def test_bounded_metric_intervals_respect_their_bounds() -> None:
    lint = METRICS["lint_per_100_lines"]
    # Mostly zero densities with a few large ones: the t interval would go negative.
    values = {f"t{i}": [0.0] for i in range(19)} | {"t19": [12.0]}
    summary = summarize_metric(lint, values)
    assert summary.low is not None and summary.low >= 0.0 and summary.high is not None
    comments = METRICS["comment_ratio"]
    zero = summarize_metric(comments, {f"t{i}": [0.0, 0.0] for i in range(10)})
    # Never the degenerate [0, 0]: the exact bound for 10 tasks all at 0.
    assert zero.low == 0.0 and zero.high == pytest.approx(1 - 0.025 ** (1 / 10))
    full = summarize_metric(comments, {f"t{i}": [1.0] for i in range(10)})
    assert full.high == 1.0 and full.low == pytest.approx(0.025 ** (1 / 10))


def test_rate_metric_interval_is_clustered_by_task() -> None:
    """Repeated samples of the same tasks: the interval is wider than independent Wilson."""
    from codecanary.detect.intervals import wilson_interval

    info = METRICS["syntax_valid"]
    values = {f"t{i}": [float(i % 4 != 0)] * 12 for i in range(20)}  # 20 tasks x 12
    summary = summarize_metric(info, values)
    naive = wilson_interval(180, 240)
    assert summary.low is not None and summary.high is not None
    assert summary.high - summary.low > 2 * (naive.high - naive.low)
