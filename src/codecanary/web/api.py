"""The JSON API: one endpoint per page, the same data the page shows."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request

from codecanary.report.html.series import RatePoint
from codecanary.web.data import Dashboard

router = APIRouter(prefix="/api")


def _dash(request: Request) -> Dashboard:
    dash: Dashboard = request.app.state.dashboard
    return dash


def _rate(p: RatePoint | None) -> dict[str, Any] | None:
    return None if p is None else asdict(p)


@router.get("/subjects")
def subjects(request: Request) -> list[dict[str, Any]]:
    out = []
    for card in _dash(request).overview():
        last = card.row.last_run
        out.append({"name": card.row.name, "provider": card.row.provider,
                    "model": card.row.model, "n_runs": card.row.n_runs, "status": card.status,
                    "last_run": None if last is None else {
                        "id": last.id, "logical_time": last.logical_time.isoformat(),
                        "pass_rate": _rate(card.last_rate), "infra_errors": last.n_infra}})
    return out


@router.get("/subjects/{name}")
def subject(request: Request, name: str, days: int = Query(90, ge=1, le=3660)
            ) -> dict[str, Any]:
    view = _dash(request).subject(name, days)
    s = view.series
    return {
        "subject": view.subject, "days": days, "n_runs_total": view.n_runs_total,
        "runs": [{"id": r.id, "logical_time": r.logical_time.isoformat(),
                  "pass_rate": _rate(p), "infra_errors": r.n_infra}
                 for r, p in zip(s.runs, s.overall, strict=True)],
        "baseline": {"kind": s.baseline_kind, "runs": s.baseline_runs,
                     "pass_rate": _rate(s.baseline)},
        "slices": {k: [_rate(p) for p in v] for k, v in s.slices.items()},
        "metrics": {k: [asdict(p) for p in v] for k, v in s.metrics.items()},
        "failure_shares": s.failure_shares,
        "events": [asdict(e) for e in view.events],
        "change_start": view.change_start,
        "verdict": None if view.verdict is None else asdict(view.verdict),
        "verdict_note": view.verdict_note,
        "flipped": [asdict(f) for f in view.flipped],
        "diagnosis": [asdict(t) for t in view.diagnosis],
        "figures": view.figures,
    }


@router.get("/runs/{run_id}")
def run(request: Request, run_id: str, status: str | None = None, language: str | None = None,
        category: str | None = None, failure_class: str | None = None) -> dict[str, Any]:
    page = _dash(request).run(run_id, {"status": status, "language": language,
                                       "category": category, "failure_class": failure_class})
    r = page.run
    return {"id": r.id, "subject": page.subject, "logical_time": r.logical_time.isoformat(),
            "status": r.status, "n_passed": r.n_passed, "n_failed": r.n_failed,
            "n_infra": r.n_infra, "total_samples": page.total, "options": page.options,
            "samples": [line._asdict() for line in page.lines]}


@router.get("/samples/{run_id}/{index}/{task_id:path}")
def sample(request: Request, run_id: str, index: int, task_id: str) -> dict[str, Any]:
    page = _dash(request).sample(run_id, task_id, index)
    return {"subject": page.subject, "sample": page.sample.model_dump(mode="json"),
            "prompt": page.prompt,
            "baseline_passing": None if page.baseline is None
            else page.baseline.model_dump(mode="json"),
            "diff": [row._asdict() for row in page.diff]}


@router.get("/compare")
def compare(request: Request, a: str, b: str) -> dict[str, Any]:
    return _dash(request).compare(a, b)


@router.get("/audits")
def audits(request: Request) -> dict[str, Any]:
    return {kind: [asdict(t) for t in tables]
            for kind, tables in _dash(request).audits().items()}
