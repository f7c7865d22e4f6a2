"""The quickstart ends with the HTML report and the ``serve`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from codecanary.cli import main
from tests.monitor.panel import panel

pytestmark = pytest.mark.slow  # the quickstart through the real pipeline


def test_quickstart_writes_the_report_and_prints_serve(tmp_path: Path) -> None:
    suite_file = tmp_path / "panel.jsonl"
    suite_file.write_text("".join(t.model_dump_json() + "\n" for t in panel(2).tasks))
    db = tmp_path / "qs.db"
    result = CliRunner().invoke(main, [
        "--db", str(db), "quickstart", "--suite", str(suite_file), "--quiet",
        "--tasks-per-language", "2", "--days", "4", "--baseline-days", "2",
        "--baseline-samples", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = tmp_path / "codecanary-report.html"  # the tests run in tmp_path
    assert report.exists() and report.stat().st_size > 1_000_000  # Plotly inlined
    out = " ".join(result.stdout.split())
    assert str(report.resolve()) in out.replace(" ", "") or "codecanary-report.html" in out
    assert f"codecanary --db {db} serve" in out
