"""The FastAPI application: read-only routes over one store."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from codecanary.errors import CodecanaryError
from codecanary.report.html.render import charts_js, environment, plotly_js
from codecanary.store import Store
from codecanary.web import api, pages
from codecanary.web.data import Dashboard
from codecanary.web.security import SecurityMiddleware


def _style() -> str:
    from importlib.resources import files

    return (files("codecanary.report.html") / "static" / "style.css").read_text("utf-8")


STATIC: dict[str, tuple[str, Callable[[], str]]] = {
    "plotly.min.js": ("text/javascript", plotly_js),
    "charts.js": ("text/javascript", charts_js),
    "style.css": ("text/css", _style),
}


def create_app(store: Store, *, token: str | None = None) -> FastAPI:
    """The dashboard over ``store``; with ``token``, every request must carry it."""
    app = FastAPI(title="codecanary", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.dashboard = Dashboard(store)
    app.add_middleware(SecurityMiddleware, token=token)

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        found = STATIC.get(name)
        if found is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(found[1](), media_type=found[0],
                        headers={"Cache-Control": "public, max-age=3600"})

    @app.exception_handler(CodecanaryError)
    def not_found(request: Request, exc: CodecanaryError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=404)
        html = environment(web=True).get_template("error.html.j2").render(
            root=request.scope.get("root_path", ""), message=str(exc), title="Not found")
        return HTMLResponse(html, status_code=404)

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


__all__ = ["create_app"]
