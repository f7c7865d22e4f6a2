"""Sample outcomes for statistics: the few columns ``check`` reads, many runs per query.

A mixin of :class:`codecanary.store.Store`. ``check`` pools a baseline window of
a few hundred runs (over 100,000 samples at 220 tasks × 3 samples): building a
validated :class:`~codecanary.records.SampleRecord` per sample, one query per
run, cost seconds; plain tuples of six columns, a few hundred runs per query,
do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Engine, select

from codecanary.records import SampleStatus
from codecanary.store import schema as s

#: Run ids per ``IN (...)`` (well under SQLite's variable limit).
_CHUNK = 400
_STATUS = {status.value: status for status in SampleStatus}


class SampleOutcome(NamedTuple):
    """One sample as statistics see it (the attributes they read of a SampleRecord)."""

    run_id: str
    task_id: str
    sample_index: int
    status: SampleStatus
    failure_class: str | None
    metrics: dict[str, Any]


class Outcomes:
    engine: Engine

    def outcomes(self, run_ids: Sequence[str]) -> dict[str, list[SampleOutcome]]:
        """Per run id (every one asked for, possibly empty), its samples' outcomes."""
        found: dict[str, list[SampleOutcome]] = {run_id: [] for run_id in run_ids}
        c = s.samples.c
        ids = list(found)
        with self.engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                rows = conn.execute(
                    select(c.run_id, c.task_id, c.sample_index, c.status, c.failure_class,
                           c.metrics)
                    .where(c.run_id.in_(ids[start:start + _CHUNK]))
                    .order_by(c.run_id, c.task_id, c.sample_index))
                for run_id, task_id, index, status, failure, metrics in rows:
                    found[run_id].append(SampleOutcome(run_id, task_id, index, _STATUS[status],
                                                       failure, metrics or {}))
        return found
