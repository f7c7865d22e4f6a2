import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from codecanary.detect.failure_shift import failure_class_shift
from codecanary.detect.multiple import bh_adjust, harm, is_practical
from codecanary.detect.power import mde, plan, tasks_needed
from codecanary.errors import CodecanaryError


def test_bh_matches_statsmodels() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    reject, q = bh_adjust(p, 0.05)
    ref_rej, ref_q, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
    assert reject == list(ref_rej)
    assert q == pytest.approx(list(ref_q))


def test_bh_skips_nan_and_validates() -> None:
    reject, q = bh_adjust([0.01, float("nan"), 0.02])
    assert reject == [True, False, True] and math.isnan(q[1])
    assert q[0] == pytest.approx(0.02)
    with pytest.raises(CodecanaryError):
        bh_adjust([1.5])


def test_harm_and_practical_effect() -> None:
    assert harm(-0.05, higher_is_better=True) == pytest.approx(0.05)
    assert harm(1.3, higher_is_better=False, log_scale=True) == pytest.approx(0.3)
    assert not is_practical(-0.01, 0.02, True)
    assert is_practical(0.03, 0.02, True)


def test_mde_formula_and_inverse() -> None:
    var = 0.09
    m = mde(var, 164, 1, 28)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert m == pytest.approx(z * math.sqrt(var * (1 + 1 / 28) / 164))
    n = tasks_needed(var, m, 1, 28)
    assert n in (164, 165)


def test_power_at_mde_is_about_eighty_percent() -> None:
    rng = np.random.default_rng(5)
    n = 200
    p = rng.uniform(0.1, 0.9, n)
    var = float(np.mean(p * (1 - p)))
    effect = mde(var, n, 4, 4)
    q = np.clip(p - effect, 0, 1)
    sims = 3000
    base = rng.binomial(4, p, size=(sims, n)) / 4
    cur = rng.binomial(4, q, size=(sims, n)) / 4
    d = cur - base
    t = d.mean(axis=1) / (d.std(axis=1, ddof=1) / math.sqrt(n))
    power = float(np.mean(np.abs(t) > stats.t.ppf(0.975, n - 1)))
    assert 0.75 <= power <= 0.85


def test_plan_reports_periods_and_options() -> None:
    out = plan([0.5] * 100, target_mde=0.03, baseline_runs=28)
    assert out.mde_by_period["day"] > out.mde_by_period["week"] > out.mde_by_period["month"]
    assert [o.samples_per_task for o in out.options] == [1, 2, 3, 5, 10]
    assert out.options[0].tasks > out.options[-1].tasks
    bigger = plan([0.5] * 100, n_tasks=400)
    assert bigger.mde_by_period["day"] == pytest.approx(out.mde_by_period["day"] / 2)


def test_failure_shift_chi_square_matches_scipy() -> None:
    base = {"syntax": 40, "wrong_answer": 100, "timeout": 30}
    cur = {"syntax": 90, "wrong_answer": 95, "timeout": 25}
    res = failure_class_shift(base, cur)
    table = np.array([[40, 30, 100], [90, 25, 95]])
    assert res.method == "chi-square"
    assert res.p_value == pytest.approx(stats.chi2_contingency(table, correction=False)[1])
    assert res.largest_increase is not None and res.largest_increase.name == "syntax"


def test_failure_shift_small_counts() -> None:
    two = failure_class_shift({"a": 3, "b": 1}, {"a": 0, "b": 4})
    assert two.method == "fisher-exact"
    assert two.p_value == pytest.approx(stats.fisher_exact([[3, 1], [0, 4]]).pvalue)
    many = failure_class_shift({"a": 3, "b": 1, "c": 2}, {"a": 0, "b": 4, "c": 1})
    assert many.method == "chi-square-permutation" and 0 < many.p_value <= 1
    assert failure_class_shift({"a": 2}, {"a": 5}).p_value == 1.0
