from datetime import datetime, timedelta

import numpy as np
import pytest

from codecanary.detect.changepoint import (
    Event,
    align_event,
    cusum_change_start,
    estimate_change,
    pelt_change_start,
)
from codecanary.errors import CodecanaryError


def test_pelt_dates_a_simulated_step() -> None:
    rng = np.random.default_rng(0)
    errors = []
    for _ in range(50):
        z = np.r_[rng.standard_normal(45), rng.standard_normal(15) - 1.5]
        start = pelt_change_start(z)
        errors.append(abs(start - 45) if start is not None else 99)
    assert np.median(errors) <= 1
    assert np.mean(np.array(errors) <= 3) >= 0.8


def test_pelt_finds_nothing_on_steady_data() -> None:
    rng = np.random.default_rng(1)
    found = sum(pelt_change_start(rng.standard_normal(60)) is not None for _ in range(50))
    assert found <= 10


def test_cusum_start_and_fallback() -> None:
    z = [0.5, 0.2, -1.0, -2.0, -1.5]
    assert cusum_change_start(z, 0.5) == 2
    assert cusum_change_start([1.0, 1.0], 0.5) is None
    est = estimate_change(["a", "b", "c"], [0.0, -3.0, -3.0], 0.5)
    assert est is not None and est.label == "b" and est.method == "cusum"
    with pytest.raises(CodecanaryError):
        estimate_change(["a"], [1.0, 2.0], 0.5)


def test_estimate_change_prefers_pelt_on_harmful_step() -> None:
    rng = np.random.default_rng(2)
    z = list(np.r_[rng.standard_normal(30), rng.standard_normal(10) - 2.0])
    est = estimate_change([f"d{i}" for i in range(40)], z, 0.5)
    assert est is not None and est.method == "pelt" and abs(est.index - 30) <= 3


def test_align_event_picks_nearest_preceding_within_window() -> None:
    t0 = datetime(2026, 3, 10)
    events = [
        Event(t0 - timedelta(days=20), "deploy", "old"),
        Event(t0 - timedelta(days=3), "tokenizer", "tok v2"),
        Event(t0 - timedelta(days=1), "harness", "agent 1.4"),
        Event(t0 + timedelta(days=2), "data", "later"),
    ]
    assert align_event(t0, events).note == "agent 1.4"  # type: ignore[union-attr]
    assert align_event(t0, events[:1]) is None
    assert align_event(t0, events[3:], slack=timedelta(days=2)) is not None
