"""Bulk writes for imports and benchmarks: many samples in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from codecanary.records import SampleRecord
from codecanary.store import schema as s
from codecanary.store.store import Store, json_safe

BATCH = 5000


def insert_samples(store: Store, records: Iterable[SampleRecord]) -> int:
    """Insert samples in batches of :data:`BATCH` per transaction; return the count.

    Unlike :meth:`Store.save_sample` (one commit per sample, so a crash loses
    nothing), a batch is all or nothing and a duplicate key fails the batch.
    """
    now = datetime.now(UTC)
    batch: list[dict[str, Any]] = []
    count = 0

    def flush() -> None:
        if batch:
            with store.engine.begin() as conn:
                conn.execute(insert(s.samples), batch)
            batch.clear()

    for record in records:
        values = record.model_dump(exclude={"schema_version"})
        values["metrics"] = json_safe(values["metrics"])
        values["created_at"] = now
        batch.append(values)
        count += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return count
