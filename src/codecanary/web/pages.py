"""Server-rendered pages (Jinja2, autoescaped). Each one has its twin under ``/api/``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from codecanary.errors import CodecanaryError
from codecanary.report.html.document import parse_ref
from codecanary.report.html.render import environment, figures_payload, urlpart
from codecanary.report.html.verdict import verdict_view
from codecanary.web.data import FILTERS, Dashboard

router = APIRouter()


def _dash(request: Request) -> Dashboard:
    dash: Dashboard = request.app.state.dashboard
    return dash


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def sample_path(root: str, ref: str) -> str:
    parts = parse_ref(ref)
    if parts is None:
        return f"{root}/"
    run_id, task_id, index = parts
    return f"{root}/samples/{urlpart(run_id)}/{index}/{urlpart(task_id)}"


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    root = _root(request)
    html = environment(web=True).get_template(template).render(
        root=root, sample_href=lambda ref: sample_path(root, ref),
        run_href=lambda run_id: f"{root}/runs/{urlpart(run_id)}", **context)
    return HTMLResponse(html)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    cards = _dash(request).overview()
    figures = {f"spark-{i}": c.spark for i, c in enumerate(cards) if c.spark}
    return _page(request, "overview.html.j2", cards=cards, title="Subjects",
                 payload=figures_payload(figures, []))


@router.get("/subjects/{name}", response_class=HTMLResponse)
def subject(request: Request, name: str, days: int = Query(90, ge=1, le=3660)) -> HTMLResponse:
    view = _dash(request).subject(name, days)
    return _page(request, "subject.html.j2", view=view, title=name,
                 payload=figures_payload(view.figures, view.series.dates))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run(request: Request, run_id: str, status: str | None = None, language: str | None = None,
        category: str | None = None, failure_class: str | None = None) -> HTMLResponse:
    filters = {"status": status, "language": language, "category": category,
               "failure_class": failure_class}
    page = _dash(request).run(run_id, filters)
    return _page(request, "run.html.j2", page=page, filters=filters, names=FILTERS,
                 title=f"run {run_id}")


@router.get("/samples/{run_id}/{index}/{task_id:path}", response_class=HTMLResponse)
def sample(request: Request, run_id: str, index: int, task_id: str) -> HTMLResponse:
    page = _dash(request).sample(run_id, task_id, index)
    return _page(request, "sample.html.j2", page=page, sample=page.sample, prompt=page.prompt,
                 title=f"{task_id} #{index}")


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: str | None = None, b: str | None = None) -> HTMLResponse:
    verdict, error = None, ""
    if a and b:
        try:
            verdict = verdict_view(_dash(request).compare(a, b))
        except CodecanaryError as exc:
            error = str(exc)
    return _page(request, "compare.html.j2", a=a or "", b=b or "", verdict=verdict,
                 error=error, title="Compare runs")


@router.get("/audits", response_class=HTMLResponse)
def audits(request: Request) -> HTMLResponse:
    return _page(request, "audits.html.j2", audits=_dash(request).audits(), title="Audits")
