import json

import numpy as np
import pytest
from scipy import stats

from codecanary.detect.cusum_design import DEFAULT_SHARES, budget_shares
from codecanary.detect.daily import design_cusum, null_increments, poisson_binomial_pmf
from codecanary.detect.sequential import (
    CusumDetector,
    calibrate_threshold,
    cusum_scan,
    markov_arl,
    siegmund_arl,
    siegmund_threshold,
)
from codecanary.errors import CodecanaryError


def _normal_grid() -> tuple[np.ndarray, np.ndarray]:
    xs = np.linspace(-8, 8, 1601)
    p = stats.norm.pdf(xs)
    return xs, p / p.sum()


@pytest.mark.parametrize(("h", "k", "published"), [(4.0, 0.5, 336.0), (5.0, 0.5, 930.0)])
def test_siegmund_matches_published_one_sided_arl(h: float, k: float, published: float) -> None:
    # One-sided ARL0 of the standard CUSUM (Montgomery, SQC, Table 9.3 doubled: 168, 465).
    assert siegmund_arl(h, k) == pytest.approx(published, rel=0.02)


def test_markov_chain_agrees_with_siegmund_for_normal_increments() -> None:
    xs, p = _normal_grid()
    for h, k in [(4.0, 0.5), (6.0, 0.3), (3.0, 1.0)]:
        # Both are approximations; they agree to within a few percent.
        assert markov_arl(h, k, xs, p) == pytest.approx(siegmund_arl(h, k), rel=0.1)
    h = calibrate_threshold(0.5, 1000.0, xs, p)
    assert h == pytest.approx(siegmund_threshold(0.5, 1000.0), abs=0.1)


def test_markov_chain_matches_monte_carlo_on_skewed_increments(panel_rates) -> None:
    rng = np.random.default_rng(3)
    rates = panel_rates(rng, 23)
    base_n = np.full(23, 100.0)
    x, probs = null_increments(rates, base_n)
    k, h = 0.5, 4.0
    predicted = markov_arl(h, k, x, probs)
    draws = rng.choice(x, size=(6000, 400), p=probs)  # 400 streams
    _, alarms = cusum_scan(draws, k, h, reset=True)
    observed = alarms.shape[0] * alarms.shape[1] / max(alarms.sum(), 1)
    assert observed == pytest.approx(predicted, rel=0.12)


def test_poisson_binomial_matches_binomial() -> None:
    pmf = poisson_binomial_pmf(np.full(30, 0.3))
    assert pmf == pytest.approx(stats.binom.pmf(np.arange(31), 30, 0.3), abs=1e-12)


def test_detector_matches_scan_and_survives_serialization() -> None:
    rng = np.random.default_rng(4)
    z = rng.standard_normal(60) - np.r_[np.zeros(40), np.full(20, 1.5)]
    det = CusumDetector(k=0.5, h=5.0)
    first_alarm = None
    for i, value in enumerate(z):
        det = CusumDetector.from_dict(json.loads(json.dumps(det.to_dict())))
        step = det.update(float(value), f"day{i}")
        if step.alarm and first_alarm is None:
            first_alarm = i
    path, alarms = cusum_scan(-z.reshape(-1, 1), 0.5, 5.0, reset=False)
    assert det.statistic == pytest.approx(path[-1, 0])
    assert first_alarm == int(np.argmax(alarms[:, 0]))
    assert first_alarm is not None and first_alarm >= 40
    assert det.alarm_at == f"day{first_alarm}"
    assert det.run_start is not None and int(det.run_start[3:]) >= 35


def test_missing_days_do_not_update() -> None:
    x = np.array([[1.0], [np.nan], [1.0]])
    path, _ = cusum_scan(x, 0.5, 10.0)
    assert list(path[:, 0]) == [0.5, 0.5, 1.0]


def test_state_version_and_corruption_errors() -> None:
    state = CusumDetector(k=0.5, h=4.0).to_dict()
    with pytest.raises(CodecanaryError, match="schema_version"):
        CusumDetector.from_dict({**state, "schema_version": 99})
    broken = dict(state)
    del broken["k"]
    with pytest.raises(CodecanaryError, match="corrupt"):
        CusumDetector.from_dict(broken)
    with pytest.raises(CodecanaryError):
        CusumDetector(k=0.5, h=4.0).update(float("nan"), "x")
    with pytest.raises(CodecanaryError):
        siegmund_threshold(0.5, 0.5)


def test_false_alarm_rate_with_known_rates_matches_target_arl(panel_rates) -> None:
    """With the true rates, the Markov-chain design hits the target ARL0 on skewed data."""
    rng = np.random.default_rng(11)
    n, days, streams, arl0 = 24, 2000, 300, 300.0
    p = panel_rates(rng, n)
    big = np.full(n, 1e9)
    det, _ = design_cusum(p, big, design_effect=0.1, arl0=arl0)
    y = (rng.random((days, streams, n)) < p).astype(float)
    z = (y - p).sum(axis=2) / np.sqrt(np.sum(p * (1 - p)))
    _, alarms = cusum_scan(-z, det.k, det.h)
    observed = days * streams / alarms.sum()
    assert 0.85 * arl0 <= observed <= 1.2 * arl0


@pytest.mark.slow
def test_false_alarm_rate_with_estimated_baselines(panel_rates) -> None:
    """Designed from 120-run baselines, steady data alarm at most ~1.5x as often as planned.

    The design treats the baseline rates as exact; estimation error shifts the
    mean of z by about N(0, 1/M) per baseline, which lowers the realised ARL0 on
    average (docs/statistics.md, "Assumptions").
    """
    rng = np.random.default_rng(12)
    n, base_days, days, streams, arl0 = 24, 120, 1500, 20, 300.0
    total_days, total_alarms = 0, 0
    for _ in range(15):
        p = panel_rates(rng, n)
        hist = (rng.random((base_days, n)) < p).mean(axis=0)
        det, _ = design_cusum(hist, np.full(n, float(base_days)), design_effect=0.1,
                              arl0=arl0)
        y = (rng.random((days, streams, n)) < p).astype(float)
        ps = (hist * base_days + 0.5) / (base_days + 1)
        sd = np.sqrt(np.sum(ps * (1 - ps) * (1 + 1 / base_days)))
        z = (y - hist).sum(axis=2) / sd
        _, alarms = cusum_scan(-z, det.k, det.h)
        total_days += days * streams
        total_alarms += int(alarms.sum())
    observed = total_days / total_alarms
    assert observed >= arl0 / 1.6


def test_budget_shares_split_the_whole_budget() -> None:
    names = ["overall", "language:a", "language:b", "overall:fast", "category:x"]
    shares = budget_shares(names, n_continuous=2)
    assert abs(sum(shares) + 2 * DEFAULT_SHARES["continuous"] - 1.0) < 1e-12
    assert shares[0] == DEFAULT_SHARES["overall"] and shares[3] == DEFAULT_SHARES["overall:fast"]
    assert shares[1] == shares[2] == shares[4]
    alone = budget_shares(["overall", "overall:fast"], n_continuous=1)
    assert abs(sum(alone) + DEFAULT_SHARES["continuous"] - 1.0) < 1e-12
    with pytest.raises(CodecanaryError, match="exceed 1"):
        budget_shares(names, 0, {"overall": 0.9, "overall:fast": 0.2})


def test_a_metric_without_variation_gets_no_detector_and_no_crash() -> None:
    """A deterministic subject's runtime ratio has SD 0: no stream, a reason, no ZeroDivision."""
    from codecanary.detect.cusum_design import ContinuousSpec, SliceSpec, plan_monitors

    rate = np.array([0.0, 1.0] * 10)
    plan = plan_monitors(rate, 30.0, [SliceSpec("overall", np.ones(20, dtype=bool))],
                         [ContinuousSpec("runtime_ratio", 0.0, 0.1)])
    assert "runtime_ratio" not in plan.watches and "runtime_ratio" in plan.skipped
    assert plan.streams and all(s.design is not None and s.design.h > 0 for s in plan.streams)
