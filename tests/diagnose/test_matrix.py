"""The forgetting matrix against statsmodels/scipy reference values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.multitest import multipletests

from codecanary.diagnose import forgetting_matrix
from codecanary.diagnose.movement import cochran_q
from codecanary.errors import CodecanaryError

LANGS = ("python", "go", "rust")


def _arm(rates: dict[str, float], seed: int, samples: int, n: int = 12) -> dict[str, list[float]]:
    rng = np.random.default_rng(seed)
    out = {}
    for lang, rate in rates.items():
        for i in range(n):
            p = min(1.0, max(0.0, rate + 0.3 * ((i % 4) - 1.5) / 1.5))
            out[f"{lang}/{i}"] = [float(x) for x in rng.random(samples) < p]
    return out


def _slices(arm: dict[str, list[float]]) -> dict[str, list[str]]:
    slices: dict[str, list[str]] = {"overall": sorted(arm)}
    for lang in LANGS:
        slices[f"language:{lang}"] = sorted(t for t in arm if t.startswith(lang))
    return slices


BASE = _arm({"python": 0.6, "go": 0.8, "rust": 0.8}, 1, 40)
V1 = _arm({"python": 0.95, "go": 0.3, "rust": 0.75}, 2, 40)
V2 = _arm({"python": 0.95, "go": 0.2, "rust": 0.4}, 3, 40)


def test_cells_match_a_paired_t_and_bh_over_the_matrix() -> None:
    m = forgetting_matrix("base", BASE, [("v1", V1), ("v2", V2)], _slices(BASE),
                          targets=["language:python"])
    for cell in m.vs_base:
        ids = _slices(BASE)[cell.slice]
        arm = V1 if cell.version == "v1" else V2
        d = np.array([np.mean(arm[t]) - np.mean(BASE[t]) for t in ids])
        assert cell.effect == pytest.approx(d.mean())
        # task-clustered t (docs/statistics.md), its variance floored by the within-task
        # binomial variance with Jeffreys-shrunk rates over both arms
        floor = sum(p * (1 - p) * (1 / len(arm[t]) + 1 / len(BASE[t]))
                    for t in ids
                    for p in [(sum(arm[t]) + sum(BASE[t]) + 0.5)
                              / (len(arm[t]) + len(BASE[t]) + 1)]) / len(ids) ** 2
        var = d.var(ddof=1) / d.size
        se = np.sqrt(max(var, floor))
        q = stats.t.ppf(0.975, d.size - 1)
        assert cell.interval.low == pytest.approx(max(-1.0, d.mean() - q * se))
        assert cell.interval.high == pytest.approx(min(1.0, d.mean() + q * se))
        if var > floor:  # then it is exactly scipy's paired t-test
            ref = stats.ttest_rel([np.mean(arm[t]) for t in ids],
                                  [np.mean(BASE[t]) for t in ids])
            assert cell.p_value == pytest.approx(ref.pvalue, rel=1e-6)
        else:
            assert cell.p_value == pytest.approx(
                2 * stats.t.sf(abs(d.mean()) / se, d.size - 1), rel=1e-6)
    _, q_ref, _, _ = multipletests([c.p_value for c in m.vs_base], method="fdr_bh")
    assert [c.q_value for c in m.vs_base] == pytest.approx(list(q_ref))
    assert {c.reference for c in m.vs_previous} == {"v1"}
    assert m.cell("v2", "language:rust", previous=True) is not None


def test_summary_in_continual_learning_terms() -> None:
    m = forgetting_matrix("base", BASE, [("v1", V1), ("v2", V2)], _slices(BASE),
                          targets=["language:python"], min_effect=0.05)
    v1, v2 = m.summaries
    assert v1.target_gain is not None and v1.target_gain.effect > 0.2
    assert "language:go" in v1.forgotten and "language:python" not in v1.forgotten
    assert set(v2.forgotten) >= {"language:go", "language:rust"}
    retained = [t for t in BASE if not t.startswith("python")]
    d = np.array([np.mean(V2[t]) - np.mean(BASE[t]) for t in retained])
    assert v2.retained_change is not None
    assert v2.retained_change.effect == pytest.approx(d.mean())
    assert v2.retained_change.n_tasks == len(retained)
    ref = stats.ttest_rel([np.mean(V2[t]) for t in retained],
                          [np.mean(BASE[t]) for t in retained])
    low, high = ref.confidence_interval(0.95)
    assert tuple(v2.retained_change.interval) == pytest.approx((low, high))


def test_one_sample_per_task_uses_the_exact_mcnemar_test() -> None:
    base = {t: v[:1] for t, v in BASE.items()}
    v1 = {t: v[:1] for t, v in V1.items()}
    m = forgetting_matrix("base", base, [("v1", v1)], {"overall": sorted(base)})
    cell = m.vs_base[0]
    b = np.array([base[t][0] for t in sorted(base)])
    c = np.array([v1[t][0] for t in sorted(base)])
    table = [[np.sum((b == 1) & (c == 1)), np.sum((b == 1) & (c == 0))],
             [np.sum((b == 0) & (c == 1)), np.sum((b == 0) & (c == 0))]]
    assert cell.p_value == pytest.approx(mcnemar(table, exact=True).pvalue)


def test_unchanged_versions_forget_nothing() -> None:
    m = forgetting_matrix("base", BASE, [("same", BASE)], _slices(BASE))
    assert m.summaries[0].forgotten == () and m.summaries[0].improved == ()


def test_bad_arguments_are_errors() -> None:
    with pytest.raises(CodecanaryError, match="at least one version"):
        forgetting_matrix("base", BASE, [], _slices(BASE))
    with pytest.raises(CodecanaryError, match="unknown target slice"):
        forgetting_matrix("base", BASE, [("v1", V1)], _slices(BASE), targets=["language:x"])


def test_cochran_q_matches_statsmodels() -> None:
    effects = np.array([-0.30, 0.02, -0.05, 0.10])
    ses = np.array([0.08, 0.05, 0.06, 0.07])
    ref = combine_effects(effects, ses ** 2, method_re="chi2")
    assert cochran_q(list(effects), list(ses)) == pytest.approx(
        stats.chi2.sf(ref.q, len(effects) - 1))
    assert cochran_q([0.1], [0.1]) == 1.0
