import math

import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from codecanary.detect.intervals import (
    PairedTable,
    paired_difference_interval,
    rate_estimate,
    wilson_interval,
)
from codecanary.errors import CodecanaryError


@pytest.mark.parametrize(("x", "n"), [(0, 10), (3, 10), (10, 10), (7, 164), (150, 164), (1, 1)])
@pytest.mark.parametrize("conf", [0.9, 0.95, 0.99])
def test_wilson_matches_statsmodels(x: int, n: int, conf: float) -> None:
    low, high = proportion_confint(x, n, alpha=1 - conf, method="wilson")
    got = wilson_interval(x, n, conf)
    assert got.low == pytest.approx(low, abs=1e-12)
    assert got.high == pytest.approx(high, abs=1e-12)


def test_rate_estimate_carries_n_and_interval() -> None:
    r = rate_estimate(45, 50)
    assert r.n == 50 and r.rate == 0.9
    assert r.interval.low < 0.9 < r.interval.high
    assert "n=50" in str(r)
    assert math.isnan(rate_estimate(0, 0).rate)


def test_bad_counts_raise() -> None:
    with pytest.raises(CodecanaryError):
        wilson_interval(5, 3)
    with pytest.raises(CodecanaryError):
        wilson_interval(1, 3, confidence=1.5)


@pytest.mark.parametrize("table", [(20, 10, 20, 10), (40, 5, 8, 1), (9, 3, 6, 2)])
def test_newcombe_paired_reduces_to_unpaired_when_phi_is_zero(table: tuple[int, ...]) -> None:
    a, b, c, d = table
    assert a * d == b * c  # phi = 0: the paired interval equals Newcombe's unpaired one
    t = PairedTable(a, b, c, d)
    n = t.n
    low, high = confint_proportions_2indep(a + c, n, a + b, n, method="newcomb", compare="diff")
    got = paired_difference_interval(t)
    assert got.low == pytest.approx(low, abs=1e-10)
    assert got.high == pytest.approx(high, abs=1e-10)


def test_paired_interval_narrower_with_positive_correlation() -> None:
    correlated = paired_difference_interval(PairedTable(60, 5, 2, 33))
    wide = confint_proportions_2indep(62, 100, 65, 100, method="newcomb", compare="diff")
    assert correlated.high - correlated.low < wide[1] - wide[0]
    assert correlated.low < -0.03 < correlated.high


def test_paired_interval_coverage(rng: np.random.Generator) -> None:
    # Correlated pairs: P(both)=.6, P(lost)=.1, P(gained)=.05, P(neither)=.25.
    probs = np.array([0.6, 0.1, 0.05, 0.25])
    truth = (probs[0] + probs[2]) - (probs[0] + probs[1])
    tables = rng.multinomial(80, probs, size=1500)
    hits = 0
    for row in tables:
        iv = paired_difference_interval(PairedTable(*map(int, row)))
        hits += iv.low <= truth <= iv.high
    assert 0.93 <= hits / len(tables) <= 0.975


def test_clustered_rate_coverage_with_repeated_tasks() -> None:
    """Samples that repeat tasks: the clustered interval covers the panel's mean rate."""
    from codecanary.detect.intervals import clustered_rate

    rng = np.random.default_rng(3)
    hits, trials = 0, 600
    for _ in range(trials):
        p = rng.beta(0.6, 0.4, size=20)
        data = {f"t{i}": list((rng.random(12) < p[i]).astype(float)) for i in range(20)}
        est = clustered_rate(data)
        hits += est.interval.low <= 0.6 <= est.interval.high
        assert est.n == 240 and est.n_tasks == 20
    assert hits / trials >= 0.93
