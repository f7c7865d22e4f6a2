"""Per-task pass probabilities and the seeded random streams of the simulated provider.

Each task's probability of a correct answer is logit-normal: ``sigmoid(mu + spread·z)``
with ``z`` a standard normal drawn from ``hash(seed, task id)``. ``mu`` is solved so
that the *population* mean ``E[sigmoid(mu + spread·Z)]`` equals ``skill``; the
expectation is computed by Gauss–Hermite quadrature (probabilists' Hermite
polynomials, ``numpy.polynomial.hermite_e.hermegauss``) and ``mu`` found by
bisection, since the mean is strictly increasing in ``mu``. A wide ``spread`` puts
many tasks near 0 or 1, as real panels have.
"""

from __future__ import annotations

import hashlib
import math
import random
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np

_NORMAL = NormalDist()
_QUAD_POINTS = 96


def stream(*parts: object) -> random.Random:
    """An independent random stream named by ``parts`` (stable across processes)."""
    key = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@lru_cache(maxsize=1)
def _quadrature() -> tuple[np.ndarray[Any, np.dtype[np.float64]],
                           np.ndarray[Any, np.dtype[np.float64]]]:
    nodes, weights = np.polynomial.hermite_e.hermegauss(_QUAD_POINTS)
    return nodes, weights


def logit_normal_mean(mu: float, spread: float) -> float:
    """``E[sigmoid(mu + spread·Z)]``, Z standard normal, by Gauss–Hermite quadrature."""
    nodes, weights = _quadrature()
    values = 1.0 / (1.0 + np.exp(-(mu + spread * nodes)))
    return float(np.dot(weights, values) / math.sqrt(2.0 * math.pi))


@lru_cache(maxsize=64)
def location_for(skill: float, spread: float) -> float:
    """The ``mu`` whose logit-normal mean is ``skill`` (bisection to 1e-10)."""
    lo, hi = -60.0, 60.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if logit_normal_mean(mid, spread) < skill:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return (lo + hi) / 2


def task_probability(seed: int, task_id: str, skill: float, spread: float) -> float:
    """Probability that one answer to ``task_id`` is correct (before faults)."""
    u = stream(seed, task_id, "difficulty").random()
    z = _NORMAL.inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
    return _sigmoid(location_for(skill, spread) + spread * z)
