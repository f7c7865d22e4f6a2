"""Every dashboard page in Chromium: it opens, charts render, navigation and filters work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from codecanary.store import Store
from tests.web.browser import plots_with_traces, save_copy, watched_page
from tests.web.history import SUBJECT

pytestmark = pytest.mark.slow  # a real-pipeline history and a browser


def _runs(db: Path) -> list[str]:
    store = Store.open(str(db))
    try:
        return [r.id for r in store.list_runs(subject=SUBJECT)]
    finally:
        store.close()


def _open(browser: Any, url: str) -> tuple[Any, Any]:
    page, watch = watched_page(browser)
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return page, watch


def test_every_page_opens_with_charts_and_no_console_error(
        server: str, browser: Any, history_db: Path, tmp_path: Path) -> None:
    latest, before = _runs(history_db)[:2]
    pages = {
        "/": 1, f"/subjects/{SUBJECT}": 5, f"/runs/{latest}": 0,
        f"/samples/{latest}/0/python/weighted_excess_0": 0,
        f"/compare?a={before}&b={latest}": 0, "/audits": 0,
    }
    for path, min_plots in pages.items():
        page, watch = _open(browser, server + path)
        plots = plots_with_traces(page)
        assert len(plots) >= min_plots, path
        assert all(n > 0 for n in plots), (path, plots)  # every chart drew something
        assert watch.errors == [] and watch.dialogs == [], path
        assert watch.foreign((server,)) == [], path
        if path.startswith("/subjects/"):
            shot = tmp_path / "subject.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            save_copy(shot, os.environ.get("CODECANARY_DOCS_SCREENSHOT"))
        page.close()


def test_navigation_filters_and_sample_diff(server: str, browser: Any) -> None:
    page, watch = _open(browser, server + "/")
    page.click("a.subject-link")
    page.wait_for_url(f"**/subjects/{SUBJECT}")
    assert page.locator("#fig-pass_rate .js-plotly-plot, #fig-pass_rate.js-plotly-plot").count()
    page.click("#runs-table a.run-link >> nth=0")
    page.wait_for_url("**/runs/*")
    total = page.locator("tr.sample-row").count()
    assert total > 0
    statuses = page.eval_on_selector_all("#filter-status option", "os => os.map(o => o.value)")
    assert "passed" in statuses
    with page.expect_navigation():
        page.select_option("#filter-status", "passed")  # the form submits on change
    assert "status=passed" in page.url
    shown = page.locator("tr.sample-row")
    assert 0 < shown.count() <= total
    assert page.locator("tr.sample-row .badge").all_inner_texts() == ["passed"] * shown.count()
    with page.expect_navigation():
        page.select_option("#filter-language", "python")
    assert all(t == "python" for t in
               page.locator("tr.sample-row td:nth-child(5)").all_inner_texts())
    page.click("a.sample-link >> nth=0")
    page.wait_for_url("**/samples/**")
    for heading in ("Raw answer", "Extracted code", "Sandbox stdout", "Scoring signals"):
        assert page.get_by_role("heading", name=heading).count() == 1
    assert page.locator("table.diff, p.empty").count() == 1
    page.click("#nav-audits")
    page.wait_for_url("**/audits")
    assert page.locator("#no-audits").count() == 1
    assert watch.errors == [] and watch.dialogs == []


def test_json_api_serves_every_view(server: str, history_db: Path) -> None:
    latest, before = _runs(history_db)[:2]
    with httpx.Client(base_url=server) as client:
        subjects = client.get("/api/subjects").json()
        assert [s["name"] for s in subjects] == [SUBJECT]
        assert subjects[0]["last_run"]["pass_rate"]["n"] > 0
        view = client.get(f"/api/subjects/{SUBJECT}").json()
        assert view["runs"] and all("low" in r["pass_rate"] for r in view["runs"])
        assert view["verdict"]["status"] in ("stable", "improved", "suspected", "regressed")
        assert set(view["figures"]) >= {"pass_rate", "language", "failures"}
        run = client.get(f"/api/runs/{latest}", params={"status": "failed"}).json()
        assert all(s["status"] == "failed" for s in run["samples"])
        sample = client.get(f"/api/samples/{latest}/0/python/weighted_excess_0").json()
        assert sample["sample"]["task_id"] == "python/weighted_excess_0"
        assert "diff" in sample
        compare = client.get("/api/compare", params={"a": before, "b": latest}).json()
        assert compare["verdicts"]
        assert client.get("/api/audits").json() == {}
        missing = client.get("/api/runs/nope")
        assert missing.status_code == 404 and "nope" in missing.json()["error"]
        assert client.post("/api/subjects").status_code == 405  # read-only
