"""A rate as users see it: value, 95% interval and the count it rests on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from codecanary.detect.intervals import wilson_interval


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
    """``k`` of ``n`` with its Wilson score interval; no value when ``n`` is 0."""
    if n <= 0:
        return Rate(k=0, n=0, value=None, low=None, high=None)
    low, high = wilson_interval(k, n, confidence)
    return Rate(k=k, n=n, value=k / n, low=low, high=high)
