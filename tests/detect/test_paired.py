import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

from codecanary.detect.intervals import Interval
from codecanary.detect.paired import clip_interval, compare_binary, compare_continuous
from codecanary.errors import CodecanaryError


def _single(rng: np.random.Generator, n: int, p_base: float, p_cur: float):
    base = {f"t{i}": [int(rng.random() < p_base)] for i in range(n)}
    cur = {f"t{i}": [int(rng.random() < p_cur)] for i in range(n)}
    return base, cur


@pytest.mark.parametrize("seed", range(6))
def test_mcnemar_matches_statsmodels_exact(seed: int) -> None:
    rng = np.random.default_rng(seed)
    base, cur = _single(rng, 40 + 10 * seed, 0.7, 0.55)
    res = compare_binary(base, cur)
    ids = sorted(base)
    b = np.array([base[t][0] for t in ids])
    c = np.array([cur[t][0] for t in ids])
    table = [[np.sum((b == 1) & (c == 1)), np.sum((b == 1) & (c == 0))],
             [np.sum((b == 0) & (c == 1)), np.sum((b == 0) & (c == 0))]]
    assert res.method == "mcnemar-exact"
    assert res.p_value == pytest.approx(mcnemar(table, exact=True).pvalue, rel=1e-9)
    assert res.effect == pytest.approx(c.mean() - b.mean())
    trios = list(zip(ids, b, c, strict=True))
    assert set(res.flipped_pass_to_fail) == {t for t, x, y in trios if x and not y}
    assert set(res.flipped_fail_to_pass) == {t for t, x, y in trios if y and not x}
    assert res.interval.low <= res.effect <= res.interval.high
    assert res.baseline_rate is not None and res.baseline_rate.n == len(ids)


def test_cluster_method_matches_one_sample_t_on_task_differences(rng: np.random.Generator) -> None:
    base = {f"t{i}": list((rng.random(5) < 0.6).astype(int)) for i in range(50)}
    cur = {f"t{i}": list((rng.random(3) < 0.5).astype(int)) for i in range(50)}
    res = compare_binary(base, cur)
    ids = sorted(base)
    d = np.array([np.mean(cur[t]) - np.mean(base[t]) for t in ids])
    ref = stats.ttest_1samp(d, 0.0)
    ci = ref.confidence_interval(0.95)
    assert res.method == "task-clustered-t"
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert res.interval.low == pytest.approx(ci.low) and res.interval.high == pytest.approx(ci.high)
    assert res.n_samples_baseline == 250 and res.n_samples_current == 150


def test_bootstrap_agrees_with_cluster_roughly(rng: np.random.Generator) -> None:
    base = {f"t{i}": list((rng.random(4) < 0.6).astype(int)) for i in range(80)}
    cur = {f"t{i}": list((rng.random(4) < 0.45).astype(int)) for i in range(80)}
    a = compare_binary(base, cur, method="cluster")
    b = compare_binary(base, cur, method="bootstrap", n_boot=2000, seed=1)
    assert b.effect == pytest.approx(a.effect)
    assert b.interval.low == pytest.approx(a.interval.low, abs=0.03)
    assert b.interval.high == pytest.approx(a.interval.high, abs=0.03)


@pytest.mark.slow
def test_clustered_interval_coverage_by_simulation() -> None:
    rng = np.random.default_rng(7)
    n_tasks, hits, sims = 60, 0, 400
    p = rng.uniform(0.05, 0.95, n_tasks)
    q = np.clip(p - 0.05, 0, 1)
    truth = float(np.mean(q - p))
    for _ in range(sims):
        base = {f"t{i}": list((rng.random(4) < p[i]).astype(int)) for i in range(n_tasks)}
        cur = {f"t{i}": list((rng.random(3) < q[i]).astype(int)) for i in range(n_tasks)}
        iv = compare_binary(base, cur).interval
        hits += iv.low <= truth <= iv.high
    assert 0.92 <= hits / sims <= 0.98


def test_continuous_matches_scipy_paired_tests(rng: np.random.Generator) -> None:
    base = {f"t{i}": list(rng.lognormal(0.0, 0.3, 3)) for i in range(40)}
    cur = {t: list(np.asarray(v) * rng.lognormal(0.1, 0.2, 3)) for t, v in base.items()}
    res = compare_continuous(base, cur)
    ids = sorted(base)
    b = np.array([np.mean(base[t]) for t in ids])
    c = np.array([np.mean(cur[t]) for t in ids])
    assert res.p_value == pytest.approx(stats.ttest_rel(c, b).pvalue, rel=1e-9)
    assert res.p_value_wilcoxon == pytest.approx(stats.wilcoxon(c, b).pvalue, rel=1e-9)
    logres = compare_continuous(base, cur, log_ratio=True)
    lb = np.array([np.mean(np.log(base[t])) for t in ids])
    lc = np.array([np.mean(np.log(cur[t])) for t in ids])
    assert logres.effect == pytest.approx(np.exp(np.mean(lc - lb)))
    assert logres.p_value == pytest.approx(stats.ttest_rel(lc, lb).pvalue, rel=1e-9)
    assert logres.interval.low < logres.effect < logres.interval.high


def test_bad_inputs_raise_codecanary_errors() -> None:
    with pytest.raises(CodecanaryError, match="at least 2 tasks"):
        compare_binary({"a": [1]}, {"a": [0]})
    with pytest.raises(CodecanaryError, match="0 or 1"):
        compare_binary({"a": [1], "b": [2]}, {"a": [0], "b": [1]})
    with pytest.raises(CodecanaryError, match="McNemar"):
        compare_binary({"a": [1, 1], "b": [0]}, {"a": [0], "b": [1]}, method="mcnemar")
    with pytest.raises(CodecanaryError, match="positive"):
        compare_continuous({"a": [1.0], "b": [0.0]}, {"a": [1.0], "b": [2.0]}, log_ratio=True)


def test_small_slice_interval_stays_in_feasible_range() -> None:
    # Three tasks, as the quickstart's category:data_structures: t(2) has q = 4.3,
    # so the raw clustered interval spans more than ±100 points.
    baseline = {"a": [1.0] * 6, "b": [1.0] * 6, "c": [0.0] * 6}
    current = {"a": [0.0, 0.0, 0.0], "b": [1.0, 1.0, 1.0], "c": [1.0, 1.0, 1.0]}
    comp = compare_binary(baseline, current, method="cluster")
    diffs = np.array([-1.0, 0.0, 1.0])
    raw_half = float(stats.t.ppf(0.975, 2)) * diffs.std(ddof=1) / np.sqrt(3)
    assert raw_half > 1.0  # the unclipped interval would leave [−1, 1]
    assert comp.interval.low == -1.0 and comp.interval.high == 1.0
    boot = compare_binary(baseline, current, method="bootstrap", n_boot=500)
    assert -1.0 <= boot.interval.low <= boot.interval.high <= 1.0


def test_clip_interval() -> None:
    assert clip_interval(Interval(-1.4, 0.3), -1.0, 1.0) == Interval(-1.0, 0.3)
    assert clip_interval(Interval(-0.2, 0.3), -1.0, 1.0) == Interval(-0.2, 0.3)
    assert clip_interval(Interval(1.2, 1.5), -1.0, 1.0) == Interval(1.0, 1.0)
