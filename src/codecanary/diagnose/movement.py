"""How the slices moved: which dropped, which gained, and whether the drop is localized.

Each slice's paired effect comes from the forgetting matrix machinery (one
version: the current run against the baseline). Localization is tested per
dimension (languages, categories, difficulty bands) with Cochran's Q test of
homogeneity (Cochran 1954): Q = Σ wᵢ(eᵢ − ē_w)², wᵢ = 1/SEᵢ², χ²(k − 1) under
"every slice moved the same", SEᵢ read back from each 95% interval's half-width.
Forgetting moves slices differently (a narrow gain, broad or specific losses);
a serving fault or bad data moves them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scipy import stats

from codecanary.detect import OVERALL
from codecanary.detect.paired import Outcomes
from codecanary.diagnose.matrix import Cell, forgetting_matrix

_Z = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class Movement:
    cells: tuple[Cell, ...]
    dropped: tuple[str, ...]
    gained: tuple[str, ...]
    heterogeneity_p: float
    """Smallest Cochran's Q p-value over the dimensions (1.0 when untestable)."""
    overall_drop: bool

    @property
    def localized(self) -> bool:
        return self.heterogeneity_p < 0.01 and bool(self.dropped)

    @property
    def both_ways(self) -> bool:
        return bool(self.dropped) and bool(self.gained)

    def to_dict(self) -> dict[str, Any]:
        return {"dropped": list(self.dropped), "gained": list(self.gained),
                "heterogeneity_p": self.heterogeneity_p, "localized": self.localized,
                "cells": [c.to_dict() for c in self.cells]}


def cochran_q(effects: Sequence[float], ses: Sequence[float]) -> float:
    """p-value of Cochran's Q test that all ``effects`` are equal (1.0 if k < 2)."""
    pairs = [(e, s) for e, s in zip(effects, ses, strict=True) if s > 0]
    if len(pairs) < 2:
        return 1.0
    w = [1.0 / s ** 2 for _, s in pairs]
    mean = sum(wi * e for wi, (e, _) in zip(w, pairs, strict=True)) / sum(w)
    q = sum(wi * (e - mean) ** 2 for wi, (e, _) in zip(w, pairs, strict=True))
    return float(stats.chi2.sf(q, len(pairs) - 1))


def slice_movement(base: Outcomes, current: Outcomes, slices: dict[str, list[str]],
                   min_effect: float = 0.05, alpha: float = 0.05) -> Movement:
    matrix = forgetting_matrix("baseline", base, [("current", current)], slices,
                               min_effect=min_effect, alpha=alpha)
    cells = matrix.vs_base
    dropped = tuple(c.slice for c in cells if c.slice != OVERALL and c.q_value < alpha
                    and c.effect <= -min_effect)
    gained = tuple(c.slice for c in cells if c.slice != OVERALL and c.q_value < alpha
                   and c.effect >= min_effect)
    p_min = 1.0
    for dim in ("language:", "category:", "difficulty:"):
        mine = [c for c in cells if c.slice.startswith(dim)]
        ses = [max((c.interval.high - c.interval.low) / (2 * _Z), 1e-3) for c in mine]
        p_min = min(p_min, cochran_q([c.effect for c in mine], ses))
    overall = next((c for c in cells if c.slice == OVERALL), None)
    return Movement(cells, dropped, gained, p_min,
                    overall is not None and overall.q_value < alpha and overall.effect < 0)
