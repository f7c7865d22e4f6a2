"""The paired run-vs-baseline comparison of one metric in every slice of the panel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codecanary.detect.paired import Outcomes, compare_binary, compare_continuous
from codecanary.detect.verdict import MetricSpec, SequentialEvidence, SliceCheck
from codecanary.errors import CodecanaryError

Slices = Mapping[str, Sequence[str]]
"""Slice name → task ids; include ``overall`` for the whole panel."""


def compare_slices(
    baseline: Outcomes, current: Outcomes, slices: Slices, metric: MetricSpec, *,
    continuous: bool = False, log_ratio: bool = False,
    sequential: Mapping[str, SequentialEvidence] | None = None,
    confidence: float = 0.95,
) -> list[SliceCheck]:
    """Paired comparison of one metric in every slice with at least 2 shared tasks.

    Args:
        baseline: Per task, the baseline samples' values (0/1 for pass rate).
        current: Per task, the current run's values.
        slices: Slice name → task ids.
        metric: The metric's direction and minimum practical effect.
        continuous: Compare task-level means of a continuous metric.
        log_ratio: For continuous ratios, compare on the log scale.
        sequential: Per slice, the online detector's evidence (from
            :meth:`SequentialMonitor.update`).
        confidence: Level of the effect intervals.
    """
    checks: list[SliceCheck] = []
    for name, ids in slices.items():
        b = {t: baseline[t] for t in ids if t in baseline}
        c = {t: current[t] for t in ids if t in current}
        if len(set(b) & set(c)) < 2:
            continue
        if continuous:
            comp = compare_continuous(b, c, log_ratio=log_ratio, confidence=confidence)
        else:
            comp = compare_binary(b, c, confidence=confidence)
        seq = sequential.get(name) if sequential else None
        checks.append(SliceCheck(name, metric, comp, seq))
    if not checks:
        raise CodecanaryError("no slice shares at least 2 tasks between baseline and run")
    return checks


