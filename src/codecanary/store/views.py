"""Read-only query functions for the HTML report and the dashboard.

They return light typed rows (no prompt, answer or sandbox text unless asked
for one sample) so that a year of daily runs of a 220-task panel aggregates in
well under a second. No SQL lives outside ``codecanary.store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import case, func, select

from codecanary.records import SampleRecord, SampleStatus
from codecanary.store import schema as s
from codecanary.store.store import Store, _utc

#: SQLite limits bound parameters per statement; larger id lists go in chunks.
_CHUNK = 500


class RunRow(NamedTuple):
    """One run of a subject with its sample counts (infra errors kept apart)."""

    id: str
    logical_time: datetime
    status: str
    suite_id: int
    suite_version: str
    samples_per_task: int
    n_passed: int
    n_failed: int
    n_infra: int


class SampleRow(NamedTuple):
    """What the charts need from one sample: no text columns, only the asked metrics."""

    run_id: str
    task_id: str
    sample_index: int
    status: str
    failure_class: str | None
    metrics: dict[str, Any]


class TaskFacets(NamedTuple):
    """The slicing facets of one task (no prompt, tests or reference)."""

    task_id: str
    language: str
    categories: tuple[str, ...]
    difficulty: str | None


@dataclass(frozen=True)
class SubjectRow:
    """One subject of the overview page, with its latest run (if any)."""

    name: str
    provider: str
    model: str
    n_runs: int
    last_run: RunRow | None


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _counts() -> Any:
    st = s.samples.c.status
    return (
        func.coalesce(func.sum(case((st == SampleStatus.PASSED, 1), else_=0)), 0),
        func.coalesce(func.sum(case((st == SampleStatus.FAILED, 1), else_=0)), 0),
        func.coalesce(func.sum(case((st == SampleStatus.INFRA_ERROR, 1), else_=0)), 0),
    )


def subject_runs_plain(store: Store, subject: str, *, completed_only: bool = True
                       ) -> list[RunRow]:
    """A subject's runs, oldest first, without sample counts (zeros): a cheap listing."""
    query = (
        select(s.runs.c.id, s.runs.c.logical_time, s.runs.c.status, s.runs.c.suite_id,
               s.suites.c.version, s.runs.c.samples_per_task)
        .join(s.subjects, s.subjects.c.id == s.runs.c.subject_id)
        .join(s.suites, s.suites.c.id == s.runs.c.suite_id)
        .where(s.subjects.c.name == subject)
        .order_by(s.runs.c.logical_time, s.runs.c.started_at)
    )
    if completed_only:
        query = query.where(s.runs.c.status == "completed")
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        at = _utc(r.logical_time)
        assert at is not None
        out.append(RunRow(r.id, at, r.status, int(r.suite_id), r.version,
                          int(r.samples_per_task), 0, 0, 0))
    return out


def with_counts(store: Store, rows: Sequence[RunRow]) -> list[RunRow]:
    """``rows`` with their passed / failed / infra-error sample counts filled in."""
    passed, failed, infra = _counts()
    counts: dict[str, tuple[int, int, int]] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks([r.id for r in rows]):
            for r in conn.execute(select(s.samples.c.run_id, passed, failed, infra)
                                  .where(s.samples.c.run_id.in_(list(chunk)))
                                  .group_by(s.samples.c.run_id)).all():
                counts[r[0]] = (int(r[1]), int(r[2]), int(r[3]))
    return [r._replace(n_passed=c[0], n_failed=c[1], n_infra=c[2])
            if (c := counts.get(r.id)) else r for r in rows]


def subject_run_rows(store: Store, subject: str, *, since: datetime | None = None,
                     last: int | None = None, completed_only: bool = True) -> list[RunRow]:
    """A subject's runs with their counts, oldest first (from ``since``, or the ``last`` n)."""
    rows = subject_runs_plain(store, subject, completed_only=completed_only)
    if since is not None:
        rows = [r for r in rows if r.logical_time >= since]
    if last is not None:
        rows = rows[-last:] if last > 0 else []
    return with_counts(store, rows)


def latest_run_id(store: Store, subject: str) -> str | None:
    """The id of the subject's latest completed run (one indexed lookup)."""
    with store.engine.connect() as conn:
        found = conn.execute(
            select(s.runs.c.id).join(s.subjects, s.subjects.c.id == s.runs.c.subject_id)
            .where(s.subjects.c.name == subject, s.runs.c.status == "completed")
            .order_by(s.runs.c.logical_time.desc(), s.runs.c.started_at.desc())
            .limit(1)).scalar()
    return str(found) if found is not None else None


def subject_rows(store: Store) -> list[SubjectRow]:
    """Every subject with its number of runs and its latest completed run."""
    with store.engine.connect() as conn:
        subjects = conn.execute(
            select(s.subjects.c.id, s.subjects.c.name, s.subjects.c.provider,
                   s.subjects.c.model).order_by(s.subjects.c.name)).all()
        n_runs: dict[int, int] = dict(conn.execute(
            select(s.runs.c.subject_id, func.count()).group_by(s.runs.c.subject_id)).all())
    out = []
    for sub in subjects:
        rows = subject_run_rows(store, sub.name, last=1)
        last = rows[-1] if rows else None
        out.append(SubjectRow(sub.name, sub.provider, sub.model,
                              int(n_runs.get(sub.id, 0)), last))
    return out


def sample_rows(store: Store, run_ids: Sequence[str], metrics: Sequence[str] = ()
                ) -> list[SampleRow]:
    """Light rows of every sample of ``run_ids``: status, failure class and the named
    numeric ``metrics`` (extracted by the database, so the JSON is never parsed here)."""
    out: list[SampleRow] = []
    names = list(metrics)
    cols = [s.samples.c.run_id, s.samples.c.task_id, s.samples.c.sample_index,
            s.samples.c.status, s.samples.c.failure_class,
            *(s.samples.c.metrics[name].as_float() for name in names)]
    with store.engine.connect() as conn:
        for chunk in _chunks(list(run_ids)):
            rows = conn.execute(select(*cols).where(s.samples.c.run_id.in_(list(chunk)))
                                .order_by(s.samples.c.run_id, s.samples.c.task_id,
                                          s.samples.c.sample_index)).all()
            out.extend(SampleRow(r[0], r[1], int(r[2]), r[3], r[4],
                                 {n: v for n, v in zip(names, r[5:], strict=True)
                                  if v is not None})
                       for r in rows)
    return out


def task_facets(store: Store, suite_id: int) -> dict[str, TaskFacets]:
    """Task id → its language, categories and difficulty, for one stored suite version."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.tasks.c.task_id, s.tasks.c.language,
                                   s.tasks.c.categories, s.tasks.c.difficulty)
                            .where(s.tasks.c.suite_id == suite_id)).all()
    return {r.task_id: TaskFacets(r.task_id, r.language, tuple(r.categories or ()),
                                  r.difficulty) for r in rows}


def task_prompt(store: Store, suite_id: int, task_id: str) -> str | None:
    """The prompt of one task of a stored suite version (None if unknown)."""
    with store.engine.connect() as conn:
        data = conn.execute(select(s.tasks.c.data).where(
            s.tasks.c.suite_id == suite_id, s.tasks.c.task_id == task_id)).scalar()
    if not isinstance(data, dict):
        return None
    prompt = data.get("prompt")
    return str(prompt) if prompt is not None else None


def one_sample(store: Store, run_id: str, task_id: str, index: int) -> SampleRecord | None:
    """One full sample (answer, code, sandbox output, metrics), or None."""
    found = [x for x in store.samples(run_id, [task_id]) if x.sample_index == index]
    return found[0] if found else None


def passing_sample(store: Store, run_ids: Sequence[str], task_id: str) -> SampleRecord | None:
    """The latest passing sample of ``task_id`` among ``run_ids`` (e.g. a baseline)."""
    query = (select(s.samples.c.run_id, s.samples.c.sample_index)
             .join(s.runs, s.runs.c.id == s.samples.c.run_id)
             .where(s.samples.c.task_id == task_id,
                    s.samples.c.status == SampleStatus.PASSED)
             .order_by(s.runs.c.logical_time.desc(), s.samples.c.sample_index))
    with store.engine.connect() as conn:
        for chunk in _chunks(list(run_ids)):
            row = conn.execute(query.where(s.samples.c.run_id.in_(list(chunk))).limit(1)).first()
            if row is not None:
                return one_sample(store, row.run_id, task_id, int(row.sample_index))
    return None


def run_subject(store: Store, run_id: str) -> str | None:
    """The subject name of a run (None if there is no such run)."""
    with store.engine.connect() as conn:
        found = conn.execute(select(s.subjects.c.name)
                             .join(s.runs, s.runs.c.subject_id == s.subjects.c.id)
                             .where(s.runs.c.id == run_id)).scalar()
    return str(found) if found is not None else None


def monitor_state_raw(store: Store, subject: str, suite_version: str) -> dict[str, Any] | None:
    """The stored detector document of a subject (read-only; None before a check)."""
    with store.engine.connect() as conn:
        sid = conn.execute(select(s.subjects.c.id).where(s.subjects.c.name == subject)).scalar()
    if sid is None:
        return None
    return store.monitor_state(int(sid), suite_version)


def subject_events(store: Store, subject: str) -> list[dict[str, Any]]:
    """The subject's timeline events, oldest first (empty for an unknown subject)."""
    with store.engine.connect() as conn:
        sid = conn.execute(select(s.subjects.c.id).where(s.subjects.c.name == subject)).scalar()
    return [] if sid is None else store.events(int(sid))


def pinned_window(store: Store, subject: str, suite_version: str
                  ) -> tuple[datetime, datetime] | None:
    """The subject's pinned golden window on a suite version, if any."""
    with store.engine.connect() as conn:
        sid = conn.execute(select(s.subjects.c.id).where(s.subjects.c.name == subject)).scalar()
    return None if sid is None else store.pinned_baseline(int(sid), suite_version)


def task_outcomes(store: Store, run_ids: Sequence[str]) -> dict[str, dict[str, list[float]]]:
    """Per run, per task: the 0/1 outcome of every scored sample (infra errors left out).

    What a task-clustered pass rate needs when a run repeats tasks; one grouped
    query per chunk of runs, no text columns read.
    """
    out: dict[str, dict[str, list[float]]] = {run_id: {} for run_id in run_ids}
    passed = case((s.samples.c.status == SampleStatus.PASSED.value, 1), else_=0)
    for start in range(0, len(run_ids), _CHUNK):
        chunk = list(run_ids[start:start + _CHUNK])
        query = (select(s.samples.c.run_id, s.samples.c.task_id,
                        func.sum(passed).label("k"), func.count().label("n"))
                 .where(s.samples.c.run_id.in_(chunk),
                        s.samples.c.status.in_([SampleStatus.PASSED.value,
                                                SampleStatus.FAILED.value]))
                 .group_by(s.samples.c.run_id, s.samples.c.task_id))
        with store.engine.connect() as conn:
            for row in conn.execute(query):
                k, n = int(row.k or 0), int(row.n)
                out[row.run_id][row.task_id] = [1.0] * k + [0.0] * (n - k)
    return out
