"""The forgetting matrix: version × slice paired effects against a base (and the previous version).

Continual-learning papers summarise a sequence of fine-tunes with an accuracy
matrix and backward transfer, BWT (Lopez-Paz and Ranzato 2017, "Gradient
Episodic Memory"): the mean change on tasks learned *before*. Here the "tasks"
are panel slices, the matrix cells are paired run-vs-base comparisons on the
same panel (:func:`codecanary.detect.paired.compare_binary`: exact McNemar with
Newcombe's interval for one sample per task, task-clustered t otherwise), and:

- **target gain**: the paired effect on the union of the target slices' tasks;
- **retained change** (the BWT analogue): the paired effect on every task *outside*
  the target slices, with its interval;
- **forgotten slices**: non-target slices whose drop is significant after
  Benjamini–Hochberg over the whole matrix (one family: every version × slice
  cell vs the base) and at least the minimum practical effect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from codecanary.detect import OVERALL
from codecanary.detect.intervals import Interval
from codecanary.detect.multiple import bh_adjust
from codecanary.detect.paired import Outcomes, PairedComparison, compare_binary
from codecanary.errors import CodecanaryError


@dataclass(frozen=True)
class Cell:
    """One version × slice paired effect (current − reference pass rate)."""

    version: str
    slice: str
    effect: float
    interval: Interval
    p_value: float
    q_value: float
    n_tasks: int
    reference: str
    """``base`` or the previous version's name."""

    @property
    def significant_drop(self) -> bool:
        return self.interval.high < 0

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "slice": self.slice, "against": self.reference,
                "effect": self.effect, "interval": list(self.interval),
                "p_value": self.p_value, "q_value": self.q_value, "n_tasks": self.n_tasks}


@dataclass(frozen=True)
class Change:
    """A paired effect on a set of tasks, with its interval and size."""

    effect: float
    interval: Interval
    p_value: float
    n_tasks: int

    def to_dict(self) -> dict[str, Any]:
        return {"effect": self.effect, "interval": list(self.interval), "p_value": self.p_value,
                "n_tasks": self.n_tasks}


@dataclass(frozen=True)
class VersionSummary:
    """The continual-learning summary of one version against the base."""

    version: str
    target_gain: Change | None
    retained_change: Change | None
    """Mean change on tasks outside the targets (BWT analogue)."""
    forgotten: tuple[str, ...]
    improved: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version,
                "target_gain": None if self.target_gain is None else self.target_gain.to_dict(),
                "retained_change": None if self.retained_change is None
                else self.retained_change.to_dict(),
                "forgotten": list(self.forgotten), "improved": list(self.improved)}


@dataclass(frozen=True)
class ForgettingMatrix:
    """Cells vs the base and vs the previous version, and each version's summary."""

    base: str
    versions: tuple[str, ...]
    slices: tuple[str, ...]
    targets: tuple[str, ...]
    vs_base: tuple[Cell, ...]
    vs_previous: tuple[Cell, ...]
    summaries: tuple[VersionSummary, ...]
    min_effect: float
    alpha: float
    notes: tuple[str, ...] = field(default=())

    def cell(self, version: str, slice_name: str, previous: bool = False) -> Cell | None:
        for c in self.vs_previous if previous else self.vs_base:
            if c.version == version and c.slice == slice_name:
                return c
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base, "versions": list(self.versions), "slices": list(self.slices),
                "targets": list(self.targets), "min_effect": self.min_effect,
                "alpha": self.alpha, "vs_base": [c.to_dict() for c in self.vs_base],
                "vs_previous": [c.to_dict() for c in self.vs_previous],
                "summaries": [s.to_dict() for s in self.summaries], "notes": list(self.notes)}


def _restrict(data: Outcomes, ids: Sequence[str]) -> dict[str, Sequence[float]]:
    return {t: data[t] for t in ids if t in data and len(data[t])}


def paired_change(reference: Outcomes, current: Outcomes, ids: Sequence[str],
                  confidence: float = 0.95) -> PairedComparison | None:
    """The paired pass-rate comparison on ``ids`` (None with fewer than 2 shared tasks)."""
    ref, cur = _restrict(reference, ids), _restrict(current, ids)
    if len(set(ref) & set(cur)) < 2:
        return None
    return compare_binary(ref, cur, confidence=confidence)


def _cells(version: str, reference_name: str, reference: Outcomes, current: Outcomes,
           slices: Mapping[str, Sequence[str]]) -> list[tuple[str, PairedComparison]]:
    out = []
    for name, ids in slices.items():
        comp = paired_change(reference, current, ids)
        if comp is not None:
            out.append((name, comp))
    return out


def _family(rows: list[tuple[str, str, str, PairedComparison]], alpha: float) -> list[Cell]:
    """Cells of one BH family (Benjamini–Hochberg over every cell in it)."""
    if not rows:
        return []
    _, q = bh_adjust([r[3].p_value for r in rows], alpha)
    return [Cell(v, s, c.effect, c.interval, c.p_value, qv, c.n_tasks, ref)
            for (v, ref, s, c), qv in zip(rows, q, strict=True)]


def _change(comp: PairedComparison | None) -> Change | None:
    return None if comp is None else Change(comp.effect, comp.interval, comp.p_value,
                                            comp.n_tasks)


def forgetting_matrix(base_name: str, base: Outcomes,
                      versions: Sequence[tuple[str, Outcomes]],
                      slices: Mapping[str, Sequence[str]], *,
                      targets: Sequence[str] = (), min_effect: float = 0.05,
                      alpha: float = 0.05) -> ForgettingMatrix:
    """Version × slice paired effects against ``base`` and the previous version.

    Args:
        base_name: Label of the base (a subject or run).
        base: Per task, the base's 0/1 outcomes.
        versions: ``(name, outcomes)`` in order (each a checkpoint, subject or run).
        slices: Slice name → task ids (see :func:`codecanary.monitor.data.panel_slices`).
        targets: Slices the fine-tune aimed at (their gain is the target gain; the
            rest of the panel is "retained").
        min_effect: Smallest drop (rate points) called forgotten.
        alpha: Benjamini–Hochberg level.

    Raises:
        CodecanaryError: no versions, or an unknown target slice.
    """
    if not versions:
        raise CodecanaryError("the forgetting matrix needs at least one version")
    unknown = [t for t in targets if t not in slices]
    if unknown:
        raise CodecanaryError(f"unknown target slice {unknown[0]!r}; slices are: "
                              + ", ".join(sorted(slices)))
    base_rows: list[tuple[str, str, str, PairedComparison]] = []
    prev_rows: list[tuple[str, str, str, PairedComparison]] = []
    previous: tuple[str, Outcomes] | None = None
    for name, data in versions:
        base_rows += [(name, base_name, s, c) for s, c in _cells(name, base_name, base, data,
                                                                 slices)]
        if previous is not None:
            prev_rows += [(name, previous[0], s, c)
                          for s, c in _cells(name, previous[0], previous[1], data, slices)]
        previous = (name, data)
    vs_base, vs_prev = _family(base_rows, alpha), _family(prev_rows, alpha)
    target_ids = sorted({t for s in targets for t in slices[s]})
    retained_ids = sorted(set(slices.get(OVERALL, [])) - set(target_ids)) if targets else \
        list(slices.get(OVERALL, []))
    summaries = []
    for name, data in versions:
        mine = [c for c in vs_base if c.version == name]
        forgotten = tuple(c.slice for c in mine
                          if c.slice not in targets and c.slice != OVERALL
                          and c.q_value < alpha and c.effect <= -min_effect)
        improved = tuple(c.slice for c in mine if c.slice != OVERALL
                         and c.q_value < alpha and c.effect >= min_effect)
        summaries.append(VersionSummary(
            name, _change(paired_change(base, data, target_ids)) if targets else None,
            _change(paired_change(base, data, retained_ids)), forgotten, improved))
    return ForgettingMatrix(base_name, tuple(n for n, _ in versions), tuple(slices),
                            tuple(targets), tuple(vs_base), tuple(vs_prev), tuple(summaries),
                            min_effect, alpha)
