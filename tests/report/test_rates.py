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


def test_run_rates_cluster_repeated_tasks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A run of 24 tasks x 3 samples is not shown with the interval of 72 independent answers;
    a run of one sample per task is plain Wilson."""
    from codecanary.report.rates import clustered, run_rates
    from codecanary.store import Store
    from codecanary.store.views import task_outcomes
    from tests.monitor.panel import panel
    from tests.monitor.synth import write_history

    store = Store.open(str(tmp_path / "rates.db"))
    runs = write_history(store, "mixed", panel(12), 2, seed=3, samples=[3, 1])
    rates = run_rates(store, runs)
    repeated, single = runs
    outcomes = task_outcomes(store, [repeated.id])[repeated.id]
    assert sum(len(v) for v in outcomes.values()) == repeated.n_passed + repeated.n_failed == 72
    assert rates[repeated.id] == clustered(outcomes)
    naive = wilson(repeated.n_passed, 72)
    assert rates[repeated.id].n_tasks == 24
    assert (rates[repeated.id].high - rates[repeated.id].low) >= (naive.high - naive.low)
    assert rates[single.id] == wilson(single.n_passed, single.n_passed + single.n_failed)
