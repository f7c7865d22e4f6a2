"""Store queries behind the everyday commands: id prefixes, one sample, deletes, export.

A mixin of :class:`codecanary.store.Store`, kept apart so ``store.py`` stays about
runs and samples as the runner writes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select

from codecanary.errors import StoreError
from codecanary.records import SampleRecord
from codecanary.store import schema as s

#: How many candidates an ambiguous prefix lists.
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class SampleFilter:
    """Which samples ``export`` writes; every field narrows (None: no constraint)."""

    subject: str | None = None
    suite: str | None = None
    run_ids: tuple[str, ...] = ()
    status: str | None = None
    task_prefix: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class SubjectRow:
    name: str
    provider: str
    model: str
    n_runs: int


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Housekeeping:
    engine: Engine

    def resolve_run_id(self, prefix: str) -> str:
        """The one run whose id is ``prefix`` or starts with it, as git resolves hashes."""
        if not prefix:
            raise StoreError("empty run id")
        with self.engine.connect() as conn:
            exact = conn.execute(select(s.runs.c.id).where(s.runs.c.id == prefix)).scalar()
            if exact is not None:
                return str(exact)
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found = conn.execute(select(s.runs.c.id)
                                 .where(s.runs.c.id.like(f"{escaped}%", escape="\\"))
                                 .order_by(s.runs.c.id).limit(MAX_CANDIDATES + 1)
                                 ).scalars().all()
        if not found:
            raise StoreError(f"no run {prefix!r} in this database")
        if len(found) > 1:
            shown = ", ".join(found[:MAX_CANDIDATES]) + (", …" if len(found) > MAX_CANDIDATES
                                                          else "")
            raise StoreError(f"run id {prefix!r} is ambiguous: it matches {shown}; "
                             "give more characters")
        return str(found[0])

    def run_owner(self, run_id: str) -> tuple[int | None, str | None]:
        """(pid, host) of the process that last started or resumed ``run_id``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.runs.c.pid, s.runs.c.host)
                               .where(s.runs.c.id == run_id)).first()
        return (None, None) if row is None else (row.pid, row.host)

    def sample(self, run_id: str, task_id: str, index: int) -> SampleRecord:
        """One stored sample, by the reference ``RUN/TASK#i`` it is cited with."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.samples).where(
                s.samples.c.run_id == run_id, s.samples.c.task_id == task_id,
                s.samples.c.sample_index == index)).mappings().first()
        if row is None:
            raise StoreError(f"run {run_id} has no sample {task_id}#{index}")
        return SampleRecord.model_validate(
            {k: v for k, v in row.items() if k not in ("id", "created_at")})

    def delete_runs(self, run_ids: Sequence[str]) -> int:
        """Delete runs and their samples in one transaction; return how many runs went."""
        if not run_ids:
            return 0
        with self.engine.begin() as conn:
            conn.execute(delete(s.samples).where(s.samples.c.run_id.in_(list(run_ids))))
            result = conn.execute(delete(s.runs).where(s.runs.c.id.in_(list(run_ids))))
        return int(result.rowcount or 0)

    def delete_event(self, event_id: int) -> bool:
        """False when no event has that id."""
        with self.engine.begin() as conn:
            result = conn.execute(delete(s.events).where(s.events.c.id == event_id))
        return bool(result.rowcount)

    def subject_rows(self) -> list[SubjectRow]:
        """Every stored subject with its number of runs, by name."""
        n_runs = (select(s.runs.c.subject_id, func.count().label("n"))
                  .group_by(s.runs.c.subject_id).subquery())
        query = (select(s.subjects.c.name, s.subjects.c.provider, s.subjects.c.model, n_runs.c.n)
                 .outerjoin(n_runs, n_runs.c.subject_id == s.subjects.c.id)
                 .order_by(s.subjects.c.name))
        with self.engine.connect() as conn:
            return [SubjectRow(r.name, r.provider, r.model, int(r.n or 0))
                    for r in conn.execute(query)]

    def sample_rows(self, where: SampleFilter) -> Iterator[dict[str, Any]]:
        """Samples with their run's subject, suite and logical time, oldest run first."""
        query = (select(s.runs.c.id.label("run_id_"), s.subjects.c.name.label("subject"),
                        s.suites.c.name.label("suite"), s.suites.c.version.label("suite_version"),
                        s.runs.c.logical_time, s.samples)
                 .join(s.runs, s.runs.c.id == s.samples.c.run_id)
                 .join(s.subjects, s.subjects.c.id == s.runs.c.subject_id)
                 .join(s.suites, s.suites.c.id == s.runs.c.suite_id)
                 .order_by(s.runs.c.logical_time, s.runs.c.id, s.samples.c.task_id,
                           s.samples.c.sample_index))
        if where.subject is not None:
            query = query.where(s.subjects.c.name == where.subject)
        if where.suite is not None:
            query = query.where(s.suites.c.name == where.suite)
        if where.run_ids:
            query = query.where(s.runs.c.id.in_(list(where.run_ids)))
        if where.status is not None:
            query = query.where(s.samples.c.status == where.status)
        if where.task_prefix is not None:
            query = query.where(s.samples.c.task_id.startswith(where.task_prefix,
                                                                autoescape=True))
        if where.since is not None:
            query = query.where(s.runs.c.logical_time >= where.since)
        if where.until is not None:
            query = query.where(s.runs.c.logical_time < where.until)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                record = {k: v for k, v in row.items() if k not in ("id", "run_id_")}
                record["logical_time"] = _utc(row["logical_time"])
                record["created_at"] = _utc(row["created_at"])
                yield record
