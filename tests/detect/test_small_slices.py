"""Small slices, honest statistics: intervals that cover, never degenerate, never p = 0."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from codecanary.detect import MAX_MDE, MIN_TASKS, MetricSpec, compare_binary, decide
from codecanary.detect.verdict import SliceCheck


def _rates(rng: np.random.Generator, n: int) -> np.ndarray:
    kind = rng.choice(3, size=n, p=[0.40, 0.15, 0.45])
    p = np.where(kind == 0, rng.beta(30, 1, n),
                 np.where(kind == 1, rng.beta(1, 30, n), rng.uniform(0, 1, n)))
    return np.clip(p, 1e-4, 1 - 1e-4)


def _arm(rng: np.random.Generator, p: np.ndarray, m: int) -> dict[str, list[float]]:
    return {f"t{i}": list((rng.random(m) < p[i]).astype(float)) for i in range(p.size)}


@pytest.mark.slow
@pytest.mark.parametrize(("base_samples", "cur_samples"), [(48, 1), (1, 1), (3, 3)])
def test_slice_intervals_cover_at_every_size(base_samples: int, cur_samples: int) -> None:
    """Coverage of the 95% effect interval by simulation (>= 93% required).

    Per-task rates from the benchmark's mixture (many near 0 or 1), a common
    log-odds drop of random size; the estimand is the mean per-task change.
    Designs: a check (48 baseline samples, one current sample per task), the
    A/B gate with one sample per task (McNemar/Newcombe) and with three.
    """
    rng = np.random.default_rng(7)
    reps = 300
    for n in (2, 3, 5, 10, 30):
        covered = 0
        for _ in range(reps):
            p = _rates(rng, n)
            q = special.expit(special.logit(p) - rng.uniform(0.0, 1.5))
            comp = compare_binary(_arm(rng, p, base_samples), _arm(rng, q, cur_samples))
            covered += comp.interval.low <= float(np.mean(q - p)) <= comp.interval.high
            assert comp.interval.low < comp.interval.high
            assert comp.p_value > 0.0
        assert covered / reps >= 0.93, (n, base_samples, cur_samples, covered / reps)


def test_two_equal_differences_are_not_a_certainty() -> None:
    """The issue's case: two tasks, one sample each, both improved by the same amount."""
    base = {"a": [0.0, 0.0, 1.0], "b": [0.0, 1.0, 0.0]}
    cur = {"a": [1.0], "b": [1.0]}
    comp = compare_binary(base, cur)
    assert comp.interval.low < 0.0 < comp.interval.high
    assert comp.p_value > 0.05
    assert comp.insufficient is not None and f"at least {MIN_TASKS}" in comp.insufficient
    verdict = decide([SliceCheck("category:stdlib_api", MetricSpec("pass_rate"), comp)])[0]
    assert verdict.status == "insufficient_data"
    assert any("insufficient data" in r for r in verdict.reasons)


def test_deterministic_slice_has_a_positive_variance() -> None:
    base = {f"t{i}": [float(i % 2)] * 30 for i in range(8)}
    comp = compare_binary(base, {f"t{i}": [float(i % 2)] for i in range(8)})
    assert comp.effect == 0.0 and comp.interval.low < 0.0 < comp.interval.high
    assert comp.p_value == pytest.approx(1.0)


def test_large_mde_is_insufficient_even_with_enough_tasks() -> None:
    # Six coin-flip tasks, one sample per arm each: no verdict can be trusted.
    base = {f"t{i}": [float(i % 2)] for i in range(6)}
    cur = {f"t{i}": [float((i + 1) % 2)] for i in range(6)}
    comp = compare_binary(base, cur)
    assert comp.mde is not None and comp.mde > MAX_MDE
    assert comp.insufficient is not None and "detectable change" in comp.insufficient


def test_null_slices_rarely_get_a_verdict_word() -> None:
    """False-positive rate of regressed/improved on unchanged slices of 5 to 30 tasks."""
    rng = np.random.default_rng(11)
    words = total = 0
    for _ in range(150):
        checks = []
        for j, n in enumerate((5, 8, 12, 20, 30)):
            p = _rates(rng, n)
            checks.append(SliceCheck(f"s{j}", MetricSpec("pass_rate"),
                                     compare_binary(_arm(rng, p, 48), _arm(rng, p, 1))))
        verdicts = decide(checks)
        words += sum(v.status in ("regressed", "improved") for v in verdicts)
        total += len(verdicts)
    assert words / total <= 0.03
