"""Dataset-level statistics and the shift against a reference dataset.

Rates carry Wilson score intervals (Wilson 1927) and their n. The shift of a flag
rate is tested with Fisher's exact test on the 2x2 table (flagged/not, reference/
current; scipy's ``fisher_exact``) and sized by the rate ratio and Cohen's h
(Cohen 1988: h = 2 asin sqrt(p1) - 2 asin sqrt(p2); 0.2 small, 0.5 medium, 0.8
large). The language mix is tested with Pearson's chi-square test of homogeneity
on the language x dataset table, sized by Cramér's V; the length distribution
with the two-sample Kolmogorov-Smirnov test, whose statistic D (the largest gap
between the two empirical CDFs) is its own effect size.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from codecanary.audit.dataset.models import (
    FLAGS,
    DistributionShift,
    FlagShift,
    LengthStats,
    Shift,
)
from codecanary.report.rates import wilson

_LENGTH_SAMPLE = 200_000


@dataclass
class Tally:
    """Running counts of one audit (constant memory apart from a length sample)."""

    records: int = 0
    flagged: int = 0
    flag_counts: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=list)
    _seen_lengths: int = 0

    def add_length(self, length: int, index: int) -> None:
        """Keep a deterministic reservoir sample of code lengths (Vitter's algorithm R)."""
        self._seen_lengths += 1
        if len(self.lengths) < _LENGTH_SAMPLE:
            self.lengths.append(length)
            return
        slot = (index * 2654435761) % self._seen_lengths  # seeded by position, no RNG state
        if slot < _LENGTH_SAMPLE:
            self.lengths[slot] = length


def length_stats(lengths: list[int]) -> LengthStats | None:
    if not lengths:
        return None
    arr = np.asarray(lengths, dtype=float)
    p10, median, p90 = np.percentile(arr, [10, 50, 90])
    return LengthStats(median=float(median), p10=float(p10), p90=float(p90),
                       mean=float(arr.mean()))


def cohens_h(p1: float, p2: float) -> float:
    return 2.0 * math.asin(math.sqrt(p1)) - 2.0 * math.asin(math.sqrt(p2))


def compare(reference: Tally, current: Tally) -> Shift:
    """Flag-rate and distribution shifts from ``reference`` to ``current``."""
    flags: list[FlagShift] = []
    for name in FLAGS:
        k1, n1 = reference.flag_counts.get(name, 0), reference.records
        k2, n2 = current.flag_counts.get(name, 0), current.records
        if k1 == 0 and k2 == 0:
            continue
        _, p = stats.fisher_exact([[k2, n2 - k2], [k1, n1 - k1]])
        r1, r2 = k1 / n1 if n1 else 0.0, k2 / n2 if n2 else 0.0
        flags.append(FlagShift(flag=name, reference=wilson(k1, n1), current=wilson(k2, n2),
                               ratio=r2 / r1 if r1 > 0 else None, cohens_h=cohens_h(r2, r1),
                               p_value=float(p), test="Fisher's exact test"))
    dists: list[DistributionShift] = []
    langs = sorted(set(reference.languages) | set(current.languages))
    if len(langs) >= 2:
        table = np.array([[reference.languages.get(x, 0) for x in langs],
                          [current.languages.get(x, 0) for x in langs]], dtype=float)
        table = table[:, table.sum(axis=0) > 0]
        if table.shape[1] >= 2 and (table.sum(axis=1) > 0).all():
            chi2, p, _, _ = stats.chi2_contingency(table)
            v = math.sqrt(chi2 / (table.sum() * (min(table.shape) - 1)))
            top = max(langs, key=lambda x: abs(_share(current.languages, x)
                                               - _share(reference.languages, x)))
            dists.append(DistributionShift(
                name="language", statistic=float(chi2), effect=v, effect_name="Cramér's V",
                p_value=float(p), test="chi-square test of homogeneity",
                summary=f"largest move: {top} {_share(reference.languages, top):.1%} -> "
                        f"{_share(current.languages, top):.1%}"))
    if reference.lengths and current.lengths:
        ks = stats.ks_2samp(reference.lengths, current.lengths)
        m1, m2 = float(np.median(reference.lengths)), float(np.median(current.lengths))
        dists.append(DistributionShift(
            name="length", statistic=float(ks.statistic), effect=float(ks.statistic),
            effect_name="KS D", p_value=float(ks.pvalue), test="two-sample Kolmogorov-Smirnov",
            summary=f"median {m1:.0f} -> {m2:.0f} characters"))
    return Shift(reference_records=reference.records, flags=flags, distributions=dists)


def _share(counts: Counter[str], key: str) -> float:
    total = sum(counts.values())
    return counts.get(key, 0) / total if total else 0.0
