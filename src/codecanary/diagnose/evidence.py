"""What a diagnosis reads: the two arms' samples, task facets, timeline events.

Pure data (no store): :mod:`codecanary.diagnose.load` builds it from stored runs,
the bench builds it from replayed samples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from codecanary.detect import OVERALL
from codecanary.records import SampleRecord, SampleStatus


class TaskInfo(NamedTuple):
    language: str
    categories: tuple[str, ...] = ()
    difficulty: str | None = None


class EventNote(NamedTuple):
    """A timeline event (``codecanary event add`` or a recorded tokenizer audit)."""

    kind: str
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class DiagnosisInput:
    """Baseline and current samples of one subject, with what is known around them."""

    base: Sequence[SampleRecord]
    current: Sequence[SampleRecord]
    tasks: dict[str, TaskInfo]
    events: Sequence[EventNote] = ()
    """Events between the end of the baseline and the current run (near the change)."""
    fingerprint_changes: Sequence[str] = ()
    """Harness settings that differ between the baseline's runs and the current run."""
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def language(self, task_id: str) -> str:
        info = self.tasks.get(task_id)
        return info.language if info is not None else "unknown"


def outcomes(samples: Sequence[SampleRecord]) -> dict[str, list[float]]:
    """Per task, 0/1 pass outcomes (infra errors left out)."""
    out: dict[str, list[float]] = defaultdict(list)
    for s in samples:
        if s.status is not SampleStatus.INFRA_ERROR:
            out[s.task_id].append(1.0 if s.status is SampleStatus.PASSED else 0.0)
    return dict(out)


def slices_of(tasks: dict[str, TaskInfo], task_ids: Sequence[str]) -> dict[str, list[str]]:
    """Slice → task ids as :func:`codecanary.monitor.data.panel_slices` cuts a panel."""
    slices: dict[str, list[str]] = defaultdict(list)
    for t in sorted(task_ids):
        info = tasks.get(t)
        if info is None:
            continue
        slices[OVERALL].append(t)
        slices[f"language:{info.language}"].append(t)
        for c in info.categories:
            slices[f"category:{c}"].append(t)
        if info.difficulty:
            slices[f"difficulty:{info.difficulty}"].append(t)
    everything = set(slices[OVERALL])
    return {n: ids for n, ids in slices.items()
            if n == OVERALL or (len(ids) >= 2 and set(ids) != everything)}
