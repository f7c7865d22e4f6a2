"""A rate as users see it: value, 95% interval and the count it rests on."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict
from scipy.stats import norm


class Rate(BaseModel):
    model_config = ConfigDict(frozen=True)

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    def __str__(self) -> str:
        if self.value is None or self.low is None or self.high is None:
            return f"— (n={self.n})"
        return f"{self.value:.1%} [{self.low:.1%}, {self.high:.1%}] n={self.n}"


def wilson(k: int, n: int, confidence: float = 0.95) -> Rate:
    """Wilson score interval (Wilson 1927) for ``k`` successes in ``n`` trials.

    Preferred to the Wald interval: it keeps its coverage near 0 and 1, where many
    panel tasks sit.
    """
    if n <= 0:
        return Rate(k=0, n=0, value=None, low=None, high=None)
    z = float(norm.ppf(0.5 + confidence / 2))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Rate(k=k, n=n, value=p, low=max(0.0, centre - half), high=min(1.0, centre + half))
