"""The store: every read and write of runs, samples, suites, subjects and events.

No SQL lives outside this package; the CLI, runner and statistics call these methods.
"""

from __future__ import annotations

import math
import os
import socket
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CursorResult,
    Engine,
    Row,
    and_,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from codecanary.errors import StoreError
from codecanary.records import RunRecord, RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.store import schema as s
from codecanary.store.db import open_engine
from codecanary.store.housekeeping import Housekeeping
from codecanary.store.outcomes import Outcomes
from codecanary.store.slots import SlotLeases
from codecanary.suites.models import Suite, Task

#: Run ids per ``IN (...)`` when counting samples (well under SQLite's variable limit).
_IN_CHUNK = 500


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_safe(value: Any) -> Any:
    """NaN and ±inf become null: JSON has no such numbers and PostgreSQL refuses them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _alive(pid: int | None, host: str | None) -> bool:
    """Whether the process that owns a run still exists (unknowable elsewhere: True)."""
    if pid is None or host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Store(Housekeeping, SlotLeases, Outcomes):
    def __init__(self, engine: Engine, *, read_only: bool = False,
                 keep_state: bool = True) -> None:
        self.engine = engine
        self.read_only = read_only
        self.keep_state = keep_state and not read_only
        """False: the online detectors' state is computed but never saved (``--no-update``)."""

    @classmethod
    def open(cls, db: str | None = None, *, create: bool = True, read_only: bool = False,
             keep_state: bool = True) -> Store:
        """Open (and migrate) ``db``; a SQLite file that cannot be written opens read-only."""
        engine = open_engine(db, create=create, read_only=read_only)
        ro = read_only or engine.url.query.get("mode") == "ro" or "immutable" in engine.url.query
        return cls(engine, read_only=ro, keep_state=keep_state)

    def close(self) -> None:
        self.engine.dispose()

    # suites -------------------------------------------------------------
    def save_suite(self, suite: Suite) -> int:
        """Store a suite version and its tasks once; return its row id.

        Two processes saving the same new version at once (two runs starting on
        PostgreSQL): the unique key lets one insert win; the other reads its row.
        """
        try:
            return self._save_suite(suite)
        except IntegrityError:
            return self._save_suite(suite)

    def _save_suite(self, suite: Suite) -> int:
        with self.engine.begin() as conn:
            existing = conn.execute(select(s.suites.c.id).where(
                s.suites.c.name == suite.name, s.suites.c.version == suite.version)).scalar()
            if existing is not None:
                return int(existing)
            suite_id = _new_id(conn.execute(insert(s.suites).values(
                name=suite.name, version=suite.version, description=suite.description,
                source=suite.source, n_tasks=len(suite.tasks), created_at=_now(),
            )))
            conn.execute(insert(s.tasks), [
                {"suite_id": suite_id, "task_id": t.id, "language": t.language,
                 "categories": list(t.categories), "difficulty": t.difficulty,
                 "content_hash": t.content_hash(), "data": t.model_dump(mode="json")}
                for t in suite.tasks
            ])
            return int(suite_id)

    def load_suite(self, suite_id: int) -> Suite:
        """The exact suite version a run used, from the store (not from files)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.suites).where(s.suites.c.id == suite_id)).one()
            data = conn.execute(select(s.tasks.c.data).where(s.tasks.c.suite_id == suite_id)
                                .order_by(s.tasks.c.id)).scalars().all()
        suite = Suite(name=row.name, description=row.description, source=row.source,
                      tasks=tuple(Task.model_validate(d) for d in data))
        if suite.version != row.version:
            raise StoreError(f"stored suite {row.name} does not hash to its version {row.version}")
        return suite

    # subjects -----------------------------------------------------------
    def ensure_subject(self, spec: SubjectSpec) -> int:
        """The subject's row id, created on first use (a concurrent creator wins cleanly)."""
        try:
            return self._ensure_subject(spec)
        except IntegrityError:
            return self._ensure_subject(spec)

    def _ensure_subject(self, spec: SubjectSpec) -> int:
        with self.engine.begin() as conn:
            existing = conn.execute(select(s.subjects.c.id).where(
                s.subjects.c.name == spec.name)).scalar()
            if existing is not None:
                conn.execute(update(s.subjects).where(s.subjects.c.id == existing).values(
                    provider=spec.provider, model=spec.model))
                return int(existing)
            return _new_id(conn.execute(insert(s.subjects).values(
                name=spec.name, provider=spec.provider, model=spec.model, created_at=_now(),
            )))

    def subject_id(self, name: str) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(select(s.subjects.c.id).where(s.subjects.c.name == name)).scalar()
        if found is None:
            raise StoreError(f"no runs stored for subject {name!r}")
        return int(found)

    # runs ---------------------------------------------------------------
    def create_run(self, *, run_id: str, subject_id: int, suite_id: int, logical_time: datetime,
                   samples_per_task: int, task_ids: Sequence[str], settings: dict[str, Any],
                   fingerprint: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(s.runs).values(
                id=run_id, subject_id=subject_id, suite_id=suite_id, status=RunStatus.RUNNING,
                started_at=_now(), logical_time=logical_time, samples_per_task=samples_per_task,
                task_ids=list(task_ids), settings=settings, fingerprint=fingerprint,
                pid=os.getpid(), host=socket.gethostname()))

    def set_run_status(self, run_id: str, status: RunStatus, error: str | None = None) -> None:
        finished = None if status is RunStatus.RUNNING else _now()
        # A resumed run belongs to the process that resumes it.
        owner = {"pid": os.getpid(), "host": socket.gethostname()} \
            if status is RunStatus.RUNNING else {}
        with self.engine.begin() as conn:
            conn.execute(update(s.runs).where(s.runs.c.id == run_id).values(
                status=status, finished_at=finished, error=error, **owner))

    def update_fingerprint(self, run_id: str, fingerprint: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(s.runs).where(s.runs.c.id == run_id).values(
                fingerprint=fingerprint))

    def run_settings(self, run_id: str) -> tuple[dict[str, Any], int, list[str]]:
        """(settings, suite row id, task ids) of a stored run, for ``--resume``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.runs.c.settings, s.runs.c.suite_id, s.runs.c.task_ids)
                               .where(s.runs.c.id == run_id)).first()
        if row is None:
            raise StoreError(f"no run {run_id!r} in this database")
        return dict(row.settings), int(row.suite_id), list(row.task_ids)

    def run_suite(self, run_id: str) -> Suite:
        """The suite version ``run_id`` ran on, as stored."""
        return self.load_suite(self.run_settings(run_id)[1])

    def _run_query(self) -> Any:
        return (
            select(s.runs, s.subjects.c.name.label("subject"), s.subjects.c.provider,
                   s.subjects.c.model, s.suites.c.name.label("suite"),
                   s.suites.c.version.label("suite_version"))
            .join(s.subjects, s.subjects.c.id == s.runs.c.subject_id)
            .join(s.suites, s.suites.c.id == s.runs.c.suite_id)
        )

    def _runs(self, query: Any) -> list[RunRecord]:
        """Rows of ``query`` as records, with sample counts for just those runs.

        Counted in a second query over the selected run ids (the unique key on
        ``samples (run_id, ...)`` serves it): joining a count over every sample
        read the whole table, seconds at a year of history.
        """
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            counts: dict[str, Row[Any]] = {}
            ids = [row.id for row in rows]
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start:start + _IN_CHUNK]
                counts.update((c.run_id, c) for c in conn.execute(
                    select(
                        s.samples.c.run_id,
                        func.count().label("n_samples"),
                        func.sum(case((s.samples.c.status == SampleStatus.PASSED, 1), else_=0))
                        .label("n_passed"),
                        func.sum(case((s.samples.c.status == SampleStatus.FAILED, 1), else_=0))
                        .label("n_failed"),
                        func.sum(case((s.samples.c.status == SampleStatus.INFRA_ERROR, 1),
                                      else_=0)).label("n_infra"),
                    ).where(s.samples.c.run_id.in_(chunk)).group_by(s.samples.c.run_id)))
        return [self._to_run(row, counts.get(row.id)) for row in rows]

    @staticmethod
    def _to_run(row: Row[Any], count: Row[Any] | None) -> RunRecord:
        n_tasks = len(row.task_ids)
        status = RunStatus(row.status)
        if status is RunStatus.RUNNING and not _alive(row.pid, row.host):
            status = RunStatus.INTERRUPTED  # its process is gone: killed, crashed, rebooted
        return RunRecord(
            id=row.id, subject=row.subject, provider=row.provider, model=row.model,
            suite=row.suite, suite_version=row.suite_version, status=status,
            started_at=_utc(row.started_at), finished_at=_utc(row.finished_at),
            logical_time=_utc(row.logical_time), samples_per_task=row.samples_per_task,
            n_tasks=n_tasks, n_expected=_expected_samples(row),
            n_samples=count.n_samples if count else 0,
            n_passed=(count.n_passed or 0) if count else 0,
            n_failed=(count.n_failed or 0) if count else 0,
            n_infra_errors=(count.n_infra or 0) if count else 0,
            fingerprint=row.fingerprint, error=row.error,
        )

    def get_run(self, run_id: str) -> RunRecord:
        found = self._runs(self._run_query().where(s.runs.c.id == run_id))
        if not found:
            raise StoreError(f"no run {run_id!r} in this database")
        return found[0]

    def list_runs(self, *, subject: str | None = None, suite: str | None = None,
                  limit: int | None = None, before: datetime | None = None
                  ) -> list[RunRecord]:
        """Runs, newest logical time first; ``before``: logical time strictly earlier."""
        query = self._run_query().order_by(s.runs.c.logical_time.desc(),
                                           s.runs.c.started_at.desc())
        if before is not None:
            query = query.where(s.runs.c.logical_time < before)
        if subject is not None:
            query = query.where(s.subjects.c.name == subject)
        if suite is not None:
            query = query.where(s.suites.c.name == suite)
        if limit is not None:
            query = query.limit(limit)
        return self._runs(query)

    # samples ------------------------------------------------------------
    def save_sample(self, record: SampleRecord) -> bool:
        """Commit one sample now; False if that (task, index) was already stored."""
        values = record.model_dump(exclude={"schema_version"})
        values["metrics"] = json_safe(values["metrics"])
        values["created_at"] = _now()
        try:
            with self.engine.begin() as conn:
                # Parameters bound, not inlined: one compiled statement serves every sample.
                conn.execute(insert(s.samples), values)
        except IntegrityError:
            return False
        return True

    def save_samples(self, records: Sequence[SampleRecord]) -> list[bool]:
        """Commit ``records`` in one transaction; per record, False if already stored.

        A duplicate (task, index) fails the batch insert; the batch is then redone one
        record per transaction, so duplicates are skipped and the rest still stored.
        """
        now = _now()
        rows = [{**r.model_dump(exclude={"schema_version"}), "created_at": now}
                for r in records]
        if not rows:
            return []
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(s.samples), rows)
        except IntegrityError:
            return [self.save_sample(r) for r in records]
        return [True] * len(rows)

    def done_keys(self, run_id: str) -> set[tuple[str, int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.samples.c.task_id, s.samples.c.sample_index)
                                .where(s.samples.c.run_id == run_id))
            return {(r.task_id, r.sample_index) for r in rows}

    def samples(self, run_id: str, task_ids: Iterable[str] | None = None) -> list[SampleRecord]:
        """A run's samples in (task, index) order (statistics read :meth:`outcomes`)."""
        drop = {"id", "created_at"}
        query = select(*[c for c in s.samples.c if c.name not in drop]) \
            .where(s.samples.c.run_id == run_id)
        if task_ids is not None:
            query = query.where(s.samples.c.task_id.in_(list(task_ids)))
        query = query.order_by(s.samples.c.task_id, s.samples.c.sample_index)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            names = list(result.keys())
            rows = result.all()
        # zip over the column names once: RowMapping per row cost more than validation.
        return [SampleRecord.model_validate(dict(zip(names, row, strict=True)))
                for row in rows]

    # events -------------------------------------------------------------
    def add_event(self, subject_id: int, kind: str, at: datetime, note: str = "") -> int:
        with self.engine.begin() as conn:
            return _new_id(conn.execute(insert(s.events).values(
                subject_id=subject_id, kind=kind, at=at, note=note, created_at=_now(),
            )))

    def events(self, subject_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.events).where(and_(s.events.c.subject_id == subject_id))
                                .order_by(s.events.c.at)).mappings().all()
        return [{**r, "at": _utc(r["at"])} for r in rows]

    # monitoring: pinned baselines, detector state, alerts ----------------
    # (added with migration 2; used by codecanary.monitor and report.alerts)
    def pin_baseline(self, subject_id: int, suite_version: str, start: datetime,
                     end: datetime, note: str = "") -> None:
        """Pin (or re-pin) the golden baseline window of a subject and suite version."""
        where = and_(s.baselines.c.subject_id == subject_id,
                     s.baselines.c.suite_version == suite_version)
        with self.engine.begin() as conn:
            conn.execute(delete(s.baselines).where(where))
            conn.execute(insert(s.baselines).values(
                subject_id=subject_id, suite_version=suite_version, start=start, end=end,
                note=note, created_at=_now()))

    def pinned_baseline(self, subject_id: int, suite_version: str
                        ) -> tuple[datetime, datetime] | None:
        """The pinned window ``(start, end)`` (inclusive), or None for rolling."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.baselines.c.start, s.baselines.c.end).where(
                s.baselines.c.subject_id == subject_id,
                s.baselines.c.suite_version == suite_version)).first()
        if row is None:
            return None
        start, end = _utc(row.start), _utc(row.end)
        assert start is not None and end is not None
        return start, end

    def unpin_baseline(self, subject_id: int, suite_version: str) -> bool:
        """Back to the rolling baseline; False if nothing was pinned."""
        with self.engine.begin() as conn:
            result = conn.execute(delete(s.baselines).where(
                s.baselines.c.subject_id == subject_id,
                s.baselines.c.suite_version == suite_version))
        return bool(result.rowcount)

    def monitor_state(self, subject_id: int, suite_version: str) -> dict[str, Any] | None:
        """The serialized sequential-detector state, or None before the first check."""
        with self.engine.connect() as conn:
            found = conn.execute(select(s.monitor_state.c.state).where(
                s.monitor_state.c.subject_id == subject_id,
                s.monitor_state.c.suite_version == suite_version)).scalar()
        return dict(found) if found is not None else None

    def save_monitor_state(self, subject_id: int, suite_version: str,
                           state: dict[str, Any] | None) -> None:
        """Replace the detector state (None deletes it, forcing a re-design).

        Nothing is written when the store keeps no state (read-only, ``--no-update``).
        """
        if not self.keep_state:
            return
        where = and_(s.monitor_state.c.subject_id == subject_id,
                     s.monitor_state.c.suite_version == suite_version)
        with self.engine.begin() as conn:
            conn.execute(delete(s.monitor_state).where(where))
            if state is not None:
                conn.execute(insert(s.monitor_state).values(
                    subject_id=subject_id, suite_version=suite_version, state=state,
                    updated_at=_now()))

    def open_alerts(self, subject_id: int) -> list[dict[str, Any]]:
        """Alerts of a subject that are still open (regression not yet recovered)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.alerts).where(
                s.alerts.c.subject_id == subject_id, s.alerts.c.closed_at.is_(None))
                .order_by(s.alerts.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def open_alert(self, subject_id: int, slice_name: str, metric: str, run_id: str,
                   payload: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            return _new_id(conn.execute(insert(s.alerts).values(
                subject_id=subject_id, slice=slice_name, metric=metric, status="open",
                opened_at=_now(), opened_run=run_id, payload=payload)))

    def close_alert(self, alert_id: int, run_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(s.alerts).where(s.alerts.c.id == alert_id).values(
                status="closed", closed_at=_now(), closed_run=run_id))

    def clear_subject(self, name: str) -> None:
        """Delete a subject and everything stored for it (the quickstart's own data)."""
        with self.engine.begin() as conn:
            sid = conn.execute(select(s.subjects.c.id).where(s.subjects.c.name == name)).scalar()
            if sid is None:
                return
            run_ids = select(s.runs.c.id).where(s.runs.c.subject_id == sid)
            conn.execute(delete(s.samples).where(s.samples.c.run_id.in_(run_ids)))
            for table in (s.runs, s.events, s.baselines, s.monitor_state, s.alerts):
                conn.execute(delete(table).where(table.c.subject_id == sid))
            conn.execute(delete(s.subjects).where(s.subjects.c.id == sid))


def _expected_samples(row: Row[Any]) -> int:
    """Samples a run should hold; ``evaluate`` runs may have uneven counts per task."""
    counts = (row.settings or {}).get("sample_counts")
    if isinstance(counts, dict):
        return sum(int(n) for n in counts.values())
    return len(row.task_ids) * int(row.samples_per_task)
