"""Fixtures for the detection tests."""

from __future__ import annotations

import os

# The Markov-chain solves are tiny; threads only fight over the shared cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


def _panel_rates(rng: np.random.Generator, n: int) -> np.ndarray:
    """Per-task pass rates like the benchmark's: many near 0 or 1."""
    kind = rng.choice(3, size=n, p=[0.40, 0.15, 0.45])
    p = np.where(kind == 0, rng.beta(30, 1, n),
                 np.where(kind == 1, rng.beta(1, 30, n), rng.uniform(0, 1, n)))
    return np.clip(p, 1e-4, 1 - 1e-4)


@pytest.fixture
def panel_rates():  # type: ignore[no-untyped-def]
    """Factory: ``panel_rates(rng, n)`` draws per-task pass rates."""
    return _panel_rates
