"""Signal shifts: how often a fingerprint shows in the current samples vs the baseline.

Each signal is a per-sample rate (e.g. the share of answers cut off, or holding an
insecure call). Its shift is the difference of two independent proportions,
current − baseline, with Newcombe's hybrid score interval (Newcombe 1998, method
10) and the score test's p-value, both from statsmodels
(``confint_proportions_2indep``/``test_proportions_2indep``). Samples of one task
are treated as independent here: the interval is a little narrow when a task's
samples agree, which is why a signal also needs a minimum size to count
(:func:`Signal.strength`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

from codecanary.detect.intervals import Interval
from codecanary.diagnose.vocabulary import foreign_text, has_anti_pattern
from codecanary.records import SampleRecord, SampleStatus

SYNTAX_CLASSES = frozenset({"syntax_error", "compile_error"})
WRONG_CLASSES = frozenset({"wrong_answer", "runtime_error", "api_misuse"})
FULL_STRENGTH = 0.10
"""A shift of this many rate points (significant) counts as the full signal."""
MIN_SHIFT = 0.02


@dataclass(frozen=True)
class Signal:
    """One fingerprint's rate in each arm and the shift, with interval and counts."""

    name: str
    base_k: int
    base_n: int
    cur_k: int
    cur_n: int
    delta: float
    interval: Interval
    p_value: float

    @property
    def strength(self) -> float:
        """0 unless the increase is significant (interval above 0) and ≥ 2 points;
        then the shift over :data:`FULL_STRENGTH`, capped at 1."""
        if self.interval.low <= 0 or self.delta < MIN_SHIFT:
            return 0.0
        return min(1.0, self.delta / FULL_STRENGTH)

    def describe(self) -> str:
        b = self.base_k / self.base_n if self.base_n else 0.0
        c = self.cur_k / self.cur_n if self.cur_n else 0.0
        return (f"{self.name}: {b:.1%} (n={self.base_n}) -> {c:.1%} (n={self.cur_n}), "
                f"{self.delta * 100:+.1f} points [{self.interval.low * 100:+.1f}, "
                f"{self.interval.high * 100:+.1f}]")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "baseline": {"k": self.base_k, "n": self.base_n},
                "current": {"k": self.cur_k, "n": self.cur_n}, "delta": self.delta,
                "interval": list(self.interval), "p_value": self.p_value,
                "strength": self.strength}


def rate_shift(name: str, base_k: int, base_n: int, cur_k: int, cur_n: int) -> Signal:
    """Current − baseline proportion with Newcombe's interval and the score test."""
    if base_n == 0 or cur_n == 0:
        return Signal(name, base_k, base_n, cur_k, cur_n, 0.0, Interval(-1.0, 1.0), 1.0)
    delta = cur_k / cur_n - base_k / base_n
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        low, high = confint_proportions_2indep(cur_k, cur_n, base_k, base_n,
                                               method="newcomb", compare="diff")
        p = 1.0 if base_k == cur_k == 0 or (base_k == base_n and cur_k == cur_n) else float(
            test_proportions_2indep(cur_k, cur_n, base_k, base_n, method="score").pvalue)
    return Signal(name, base_k, base_n, cur_k, cur_n, delta, Interval(float(low), float(high)),
                  1.0 if math.isnan(p) else p)


Predicate = Callable[[SampleRecord, str], bool]
"""Whether a sample (of a task in the given language) shows the fingerprint."""


def _judged(samples: Sequence[SampleRecord]) -> list[SampleRecord]:
    return [s for s in samples if s.status is not SampleStatus.INFRA_ERROR]


def _failed(s: SampleRecord) -> bool:
    return s.status is SampleStatus.FAILED


PREDICATES: dict[str, Predicate] = {
    "syntax_failure": lambda s, _: _failed(s) and s.failure_class in SYNTAX_CLASSES,
    "truncated": lambda s, _: s.finish_reason == "length" or s.failure_class == "truncated",
    "timeout": lambda s, _: _failed(s) and s.failure_class == "timeout",
    "foreign_text": lambda s, _: foreign_text(s.code or ""),
    "anti_pattern": lambda s, lang: has_anti_pattern(s.code or "", lang),
}
"""Signals read from every judged sample (infra errors left out)."""


def signal_shifts(base: Sequence[SampleRecord], cur: Sequence[SampleRecord],
                  language: Callable[[str], str]) -> dict[str, Signal]:
    """Every signal of :data:`PREDICATES` plus ``infra_error`` (over all samples).

    ``wrong_answer`` and ``unchanged_failure`` need the baseline's passing answers:
    :func:`codecanary.diagnose.rank.diagnose` adds them.
    """
    jb, jc = _judged(base), _judged(cur)
    out = {}
    for name, pred in PREDICATES.items():
        kb = sum(pred(s, language(s.task_id)) for s in jb)
        kc = sum(pred(s, language(s.task_id)) for s in jc)
        out[name] = rate_shift(name, kb, len(jb), kc, len(jc))
    ib = sum(s.status is SampleStatus.INFRA_ERROR for s in base)
    ic = sum(s.status is SampleStatus.INFRA_ERROR for s in cur)
    out["infra_error"] = rate_shift("infra_error", ib, len(base), ic, len(cur))
    return out


def metric_shift(name: str, base: Sequence[SampleRecord], cur: Sequence[SampleRecord],
                 threshold: float) -> Signal | None:
    """A numeric metric as a rate: the share of samples above ``threshold``.

    None when neither arm carries the metric (e.g. runtime ratio without efficiency).
    """
    def values(samples: Sequence[SampleRecord]) -> list[float]:
        return [float(v) for s in _judged(samples)
                if isinstance(v := s.metrics.get(name), int | float)]
    vb, vc = values(base), values(cur)
    if not vb or not vc:
        return None
    return rate_shift(f"{name}>{threshold:g}", sum(v > threshold for v in vb), len(vb),
                      sum(v > threshold for v in vc), len(vc))
