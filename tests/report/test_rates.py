import pytest
from statsmodels.stats.proportion import proportion_confint

from codecanary.report.rates import wilson


@pytest.mark.parametrize(("k", "n"), [(0, 1), (0, 10), (3, 10), (10, 10), (50, 164), (163, 164)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    rate = wilson(k, n)
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert rate.low == pytest.approx(low, abs=1e-12)
    assert rate.high == pytest.approx(high, abs=1e-12)
    assert rate.n == n


def test_wilson_empty_has_no_value() -> None:
    rate = wilson(0, 0)
    assert rate.value is None and str(rate) == "— (n=0)"
