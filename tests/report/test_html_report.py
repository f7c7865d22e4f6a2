"""``codecanary report``: one offline HTML file, checked in Chromium."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from codecanary.cli import main
from codecanary.monitor import CheckResult
from codecanary.store import Store
from tests.web.browser import chromium, plots_with_traces, watched_page
from tests.web.history import HOSTILE, SUBJECT, demo_history

pytestmark = pytest.mark.slow  # a real-pipeline history and a browser

HOSTILE_NOTE = "rollout " + HOSTILE


@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built before the browser: the pipeline runs its own event loop."""
    return demo_history(tmp_path_factory)


@pytest.fixture(scope="module")
def browser(history_db: Path) -> Any:
    with chromium() as opened:
        yield opened


def _report(db: Path, subject: str, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), "report", "--subject", subject,
                                       "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    return out.read_text("utf-8")


def _assert_offline(html: str) -> None:
    markup = re.sub(r"(?s)<script[^>]*>.*?</script>", "<script></script>", html)
    assert "<script></script>" in markup
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "<script src" not in markup and "stylesheet" not in markup
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = htmllib.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "'sha256-" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_report_of_a_real_pipeline_history_renders_offline(
        history_db: Path, tmp_path: Path, browser: Any) -> None:
    html = _report(history_db, SUBJECT, tmp_path / "r.html", "--days", "30")
    _assert_offline(html)
    assert len(html.encode()) < 2_500_000  # Plotly inlined compressed
    page, watch = watched_page(browser)
    page.goto((tmp_path / "r.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_selector("#fig-pass_rate .main-svg")
    plots = plots_with_traces(page)
    assert len(plots) >= 5 and all(n > 0 for n in plots)
    assert page.locator("#fig-pass_rate .xtitle").text_content() == "run date (UTC)"
    assert page.locator("#fig-pass_rate .ytitle").text_content() == "pass rate (%)"
    assert watch.errors == [] and watch.dialogs == []
    # nothing fetched: fully offline (blob: is the inlined Plotly, decompressed)
    assert watch.foreign(("file://", "data:", "blob:")) == []


def test_report_of_a_regression_shows_verdict_evidence_and_inert_notes(
        fault_check: tuple[Path, CheckResult], tmp_path: Path, browser: Any) -> None:
    src, result = fault_check
    db = tmp_path / "copy.db"
    shutil.copyfile(src, db)
    store = Store.open(str(db))
    store.add_event(store.subject_id("jsfault"), "deploy", result.run.logical_time, HOSTILE_NOTE)
    store.close()
    out = tmp_path / "fault.html"
    html = _report(db, "jsfault", out)
    _assert_offline(html)
    page, watch = watched_page(browser)
    page.goto(out.as_uri())
    page.wait_for_selector("#fig-pass_rate .main-svg")
    page.wait_for_timeout(300)
    assert "regressed" in page.locator("#verdict .badge").first.inner_text()
    assert "language:javascript" in page.locator("#verdict").inner_text()
    named = result.named()
    assert named is not None and named.flipped_pass_to_fail
    flipped = page.locator("#flipped-table").inner_text()
    assert all(t in flipped for t in named.flipped_pass_to_fail)
    for href in page.eval_on_selector_all("#flipped-table a", "as => as.map(a => a.hash)"):
        assert page.locator(href).count() == 1  # every link lands on an embedded sample
    assert HOSTILE_NOTE in page.locator("#pass-rate").inner_text()
    assert page.locator("main script, main img, a#evil").count() == 0
    assert "estimated change start" in (page.locator("#fig-pass_rate").text_content() or "")
    assert watch.errors == [] and watch.dialogs == []
    assert watch.foreign(("file://", "data:", "blob:")) == []


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "e.db"), "report", "--subject",
                                       "ghost", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "ghost" in result.stderr
