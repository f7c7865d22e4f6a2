"""What the dashboard's pages and API show, computed once per stored state.

Every view is keyed by the latest completed run it rests on, so a new run
refreshes it and nothing else does. The check (verdicts) is the slow part: it
runs without writing (see :func:`codecanary.report.html.verdict.check_document`)
and is cached per subject and latest run; :meth:`Dashboard.warm` fills the
cache in the background when the server starts.
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from typing import Any, NamedTuple

from codecanary.errors import CodecanaryError
from codecanary.monitor import compare_runs
from codecanary.records import SampleRecord
from codecanary.report.html import charts
from codecanary.report.html.hooks import StoredTable, audit_tables
from codecanary.report.html.series import RatePoint, rate_point
from codecanary.report.html.verdict import check_document
from codecanary.report.html.view import SubjectView, baseline_run_ids, build_view
from codecanary.store import Store
from codecanary.store.views import (
    RunRow,
    SampleRow,
    SubjectRow,
    latest_run_id,
    one_sample,
    passing_sample,
    run_subject,
    sample_rows,
    subject_rows,
    subject_run_rows,
    subject_runs_plain,
    task_facets,
    task_prompt,
    with_counts,
)

SPARK_RUNS = 30


@dataclass(frozen=True)
class SubjectCard:
    """One row of the overview."""

    row: SubjectRow
    status: str
    """The latest check's status, or ``unchecked`` while it is being computed."""
    last_rate: RatePoint | None
    spark: charts.Figure | None


class SampleLine(NamedTuple):
    """One row of the run page's samples table."""

    task_id: str
    sample_index: int
    status: str
    failure_class: str
    language: str
    categories: str
    difficulty: str


@dataclass(frozen=True)
class RunPage:
    run: RunRow
    subject: str
    lines: list[SampleLine]
    options: dict[str, list[str]]
    """Filter name → the values present in this run."""
    total: int


class DiffRow(NamedTuple):
    tag: str
    left_no: int | None
    left: str
    right_no: int | None
    right: str


@dataclass(frozen=True)
class SamplePage:
    subject: str
    sample: SampleRecord
    prompt: str | None
    baseline: SampleRecord | None
    diff: list[DiffRow]


def side_by_side(old: str, new: str) -> list[DiffRow]:
    """A side-by-side line diff (baseline passing answer | this answer)."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        span = max(i2 - i1, j2 - j1)
        for k in range(span):
            li, rj = i1 + k, j1 + k
            rows.append(DiffRow(tag, li + 1 if li < i2 else None, a[li] if li < i2 else "",
                                rj + 1 if rj < j2 else None, b[rj] if rj < j2 else ""))
    return rows


FILTERS = ("status", "language", "category", "failure_class")


class Dashboard:
    """The store as the dashboard reads it, with the slow parts cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._checks: dict[tuple[str, str], tuple[dict[str, Any] | None, str]] = {}
        self._views: dict[tuple[str, str, int], SubjectView] = {}

    # checks -----------------------------------------------------------
    def check(self, subject: str, latest: str) -> tuple[dict[str, Any] | None, str]:
        key = (subject, latest)
        with self._lock:
            if key in self._checks:
                return self._checks[key]
        notes: list[str] = []
        doc = check_document(self.store, subject, on_error=notes.append)
        found = (doc, notes[0] if notes else "")
        with self._lock:
            for old in [k for k in self._checks if k[0] == subject and k[1] != latest]:
                del self._checks[old]
            self._checks[key] = found
        return found

    def cached_status(self, subject: str, latest: str) -> str:
        with self._lock:
            found = self._checks.get((subject, latest))
        if found is None:
            return "unchecked"
        return str(found[0]["status"]) if found[0] else "unknown"

    def warm(self) -> None:
        """Compute every subject's check (call from a background thread)."""
        for row in subject_rows(self.store):
            if row.last_run is not None:
                try:
                    self.check(row.name, row.last_run.id)
                except Exception:  # warming must never kill the server
                    continue

    # pages ------------------------------------------------------------
    def overview(self) -> list[SubjectCard]:
        cards = []
        for row in subject_rows(self.store):
            spark, last = None, None
            if row.last_run is not None:
                runs = subject_run_rows(self.store, row.name, last=SPARK_RUNS)
                points = [rate_point(r.n_passed, r.n_passed + r.n_failed) for r in runs]
                spark = charts.sparkline(points, [r.logical_time.isoformat() for r in runs])
                last = points[-1]
            status = (self.cached_status(row.name, row.last_run.id) if row.last_run
                      else "no runs")
            cards.append(SubjectCard(row, status, last, spark))
        return cards

    def subject(self, subject: str, days: int = 90) -> SubjectView:
        latest = latest_run_id(self.store, subject)
        if latest is None:
            raise CodecanaryError(f"no completed runs for subject {subject!r}")
        key = (subject, latest, days)
        with self._lock:
            if key in self._views:
                return self._views[key]
        doc, note = self.check(subject, latest)
        view = build_view(self.store, subject, days=days, check=doc, check_note=note)
        with self._lock:
            # A new run makes the subject's older views stale: keep memory bounded.
            for old in [k for k in self._views if k[0] == subject and k[1] != latest]:
                del self._views[old]
            self._views[key] = view
        return view

    def run(self, run_id: str, filters: dict[str, str | None]) -> RunPage:
        subject = run_subject(self.store, run_id)
        if subject is None:
            raise CodecanaryError(f"no run {run_id!r} in this database")
        plain = [r for r in subject_runs_plain(self.store, subject, completed_only=False)
                 if r.id == run_id]
        run = with_counts(self.store, plain)[0]
        facets = task_facets(self.store, run.suite_id)
        lines = [_line(s, facets) for s in sample_rows(self.store, [run_id])]
        options = {
            "status": sorted({x.status for x in lines}),
            "language": sorted({x.language for x in lines}),
            "category": sorted({c for x in lines for c in x.categories.split(", ") if c}),
            "failure_class": sorted({x.failure_class for x in lines if x.failure_class}),
        }
        shown = [x for x in lines if _matches(x, filters)]
        return RunPage(run, subject, shown, options, len(lines))

    def sample(self, run_id: str, task_id: str, index: int) -> SamplePage:
        subject = run_subject(self.store, run_id)
        sample = one_sample(self.store, run_id, task_id, index)
        if subject is None or sample is None:
            raise CodecanaryError(f"no sample {run_id}/{task_id}#{index} in this database")
        runs = subject_runs_plain(self.store, subject)
        run = next((r for r in runs if r.id == run_id), None)
        doc = None
        if runs:
            with self._lock:
                doc = self._checks.get((subject, runs[-1].id), (None, ""))[0]
        ids, _ = baseline_run_ids(self.store, subject, runs, doc)
        base = passing_sample(self.store, [i for i in ids if i != run_id], task_id)
        diff = side_by_side(base.code or "", sample.code or "") if base is not None else []
        prompt = task_prompt(self.store, run.suite_id, task_id) if run is not None else None
        return SamplePage(subject, sample, prompt, base, diff)

    def compare(self, a: str, b: str) -> dict[str, Any]:
        """The A/B gate's check document (B = candidate vs A = current)."""
        return compare_runs(self.store, a, b).to_dict()

    def audits(self) -> dict[str, list[StoredTable]]:
        return audit_tables(self.store)


def _line(s: SampleRow, facets: dict[str, Any]) -> SampleLine:
    f = facets.get(s.task_id)
    return SampleLine(s.task_id, s.sample_index, s.status, s.failure_class or "",
                      f.language if f else "", ", ".join(f.categories) if f else "",
                      (f.difficulty or "") if f else "")


def _matches(line: SampleLine, filters: dict[str, str | None]) -> bool:
    for name, want in filters.items():
        if not want:
            continue
        if name == "category":
            if want not in line.categories.split(", "):
                return False
        elif getattr(line, name) != want:
            return False
    return True
