"""Everything the report (and the dashboard's subject page) shows about one subject.

Reads the store through :mod:`codecanary.store.views`, the check through its
JSON document, and the online detectors' per-run evidence from their stored
state; builds the figures of :mod:`codecanary.report.html.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from codecanary.errors import CodecanaryError
from codecanary.monitor.baseline import DEFAULT_LAG, DEFAULT_WINDOW
from codecanary.report.html import charts
from codecanary.report.html.hooks import StoredTable, diagnosis_tables
from codecanary.report.html.series import (
    CHART_METRICS,
    SubjectSeries,
    build_series,
    set_baseline,
)
from codecanary.report.html.verdict import VerdictView, verdict_view
from codecanary.store import Store
from codecanary.store.views import (
    RunRow,
    monitor_state_raw,
    pinned_window,
    sample_rows,
    subject_events,
    subject_runs_plain,
    task_facets,
    with_counts,
)

MAX_STREAMS = 6
"""CUSUM streams drawn at most (the alarmed ones first, then the highest)."""


@dataclass(frozen=True)
class EventView:
    at: str
    kind: str
    note: str


@dataclass(frozen=True)
class FlippedTask:
    task_id: str
    slice: str
    samples: tuple[str, ...]
    """References ``run_id/task_id#index`` of its failing samples in the checked run."""


@dataclass
class SubjectView:
    subject: str
    days: int
    n_runs_total: int
    series: SubjectSeries
    events: list[EventView]
    change_start: str | None
    verdict: VerdictView | None
    verdict_note: str
    flipped: list[FlippedTask]
    diagnosis: list[StoredTable]
    figures: dict[str, charts.Figure] = field(default_factory=dict)

    @property
    def latest(self) -> RunRow | None:
        return self.series.runs[-1] if self.series.runs else None


def baseline_run_ids(store: Store, subject: str, runs: list[RunRow],
                  check: dict[str, Any] | None) -> tuple[list[str], str]:
    """The check's baseline runs, else the pinned window, else the rolling default."""
    if check is not None:
        base = check.get("baseline") or {}
        return [str(r) for r in base.get("runs", [])], str(base.get("kind", ""))
    if not runs:
        return [], ""
    latest = runs[-1]
    same = [r for r in runs if r.suite_version == latest.suite_version]
    pinned = pinned_window(store, subject, latest.suite_version)
    if pinned is not None:
        return [r.id for r in same if pinned[0] <= r.logical_time <= pinned[1]], "pinned"
    earlier = [r for r in same if r.logical_time < latest.logical_time]
    kept = earlier[: max(0, len(earlier) - DEFAULT_LAG)][-DEFAULT_WINDOW:]
    return [r.id for r in kept], "rolling"


def _detector_levels(store: Store, subject: str, runs: list[RunRow]
                     ) -> tuple[dict[str, list[float | None]], bool, str | None]:
    """Per stream, the stored CUSUM level of each run (None where not kept)."""
    if not runs:
        return {}, False, None
    raw = monitor_state_raw(store, subject, runs[-1].suite_version) or {}
    evidence = raw.get("evidence")
    if not isinstance(evidence, dict):
        return {}, False, None
    streams: dict[str, list[float | None]] = {}
    alarmed: set[str] = set()
    change: str | None = None
    for i, run in enumerate(runs):
        per = evidence.get(run.id)
        if not isinstance(per, dict):
            continue
        for name, ev in per.items():
            if not isinstance(ev, dict) or not isinstance(ev.get("level"), int | float):
                continue
            streams.setdefault(name, [None] * len(runs))[i] = float(ev["level"])
            if ev.get("alarm"):
                alarmed.add(name)
                if i == len(runs) - 1 and ev.get("change_at"):
                    change = change or str(ev["change_at"])
    peak = {n: max((v for v in ys if v is not None), default=0.0) for n, ys in streams.items()}
    ranked = sorted(streams, key=lambda n: (n not in alarmed, -peak[n]))
    chosen = [n for n in ranked if n in alarmed][:MAX_STREAMS] or ranked[:3]
    return {n: streams[n] for n in chosen}, bool(alarmed), change


def _named_change(check: dict[str, Any] | None) -> str | None:
    """The change start of the verdict the check names first, if dated."""
    named = (check or {}).get("named")
    if not isinstance(named, dict):
        return None
    for v in (check or {}).get("verdicts", []):
        if v.get("slice") == named.get("slice") and v.get("metric") == named.get("metric"):
            return str(v["change_at"]) if v.get("change_at") else None
    return None


def _flipped(verdict: VerdictView | None) -> list[FlippedTask]:
    if verdict is None:
        return []
    seen: dict[str, FlippedTask] = {}
    for line in verdict.lines:
        if line.status not in ("regressed", "suspected"):
            continue
        for task in line.flipped:
            if task in seen:
                continue
            refs = tuple(e for e in line.evidence if e.split("/", 1)[-1].startswith(task + "#"))
            seen[task] = FlippedTask(task, line.slice, refs)
    return list(seen.values())


def build_view(store: Store, subject: str, *, days: int = 90,
               check: dict[str, Any] | None = None, check_note: str = "") -> SubjectView:
    """The subject's last ``days`` days of runs, with the check's verdict when given."""
    all_runs = subject_runs_plain(store, subject)
    if not all_runs:
        raise CodecanaryError(f"no completed runs for subject {subject!r}; "
                              "run `codecanary run` first")
    version = all_runs[-1].suite_version
    all_runs = [r for r in all_runs if r.suite_version == version]
    start = all_runs[-1].logical_time - timedelta(days=days - 1) if days > 0 else None
    ids, kind = baseline_run_ids(store, subject, all_runs, check)
    wanted = set(ids)
    counted = with_counts(store, [r for r in all_runs if r.id in wanted
                                  or start is None or r.logical_time >= start])
    runs = [r for r in counted if start is None or r.logical_time >= start]
    facets = task_facets(store, runs[-1].suite_id)
    samples = sample_rows(store, [r.id for r in runs], CHART_METRICS)
    series = build_series(runs, samples, facets)
    set_baseline(series, counted, ids, kind)
    events = [EventView(e["at"].isoformat(), str(e["kind"]), str(e["note"]))
              for e in subject_events(store, subject)
              if start is None or e["at"] >= start]
    levels, any_alarm, change = _detector_levels(store, subject, runs)
    verdict = verdict_view(check) if check is not None else None
    change = _named_change(check) or change
    view = SubjectView(subject, days, len(all_runs), series, events, change, verdict,
                       check_note, _flipped(verdict), diagnosis_tables(store, subject))
    markers = [charts.Marker(e.at, f"{e.kind}: {e.note}"[:60], "#CC79A7") for e in events]
    if change:
        markers.append(charts.Marker(change, "estimated change start", "#D55E00", "dash"))
    figures: dict[str, charts.Figure | None] = {
        "pass_rate": charts.pass_rate_figure(series, markers),
        "language": charts.small_multiples(series, "language"),
        "category": charts.small_multiples(series, "category"),
        "difficulty": charts.small_multiples(series, "difficulty"),
        "cusum": charts.cusum_figure(series.dates, levels, any_alarm),
        "metrics": charts.metrics_figure(series),
        "failures": charts.failure_figure(series),
    }
    view.figures = {k: v for k, v in figures.items() if v is not None}
    return view
