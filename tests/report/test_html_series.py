"""The report's aggregation: per run, slice, metric and failure class (no browser)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from codecanary.detect import wilson_interval
from codecanary.report.html.charts import pass_rate_figure, plain, small_multiples
from codecanary.report.html.render import figures_payload
from codecanary.report.html.series import build_series, rate_point
from codecanary.store.views import RunRow, SampleRow, TaskFacets

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _run(i: int) -> RunRow:
    return RunRow(f"r{i}", T0 + timedelta(days=i), "completed", 1, "v1", 1, 0, 0, 0)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (3, 10), (57, 220), (219, 220)])
def test_rate_point_is_the_wilson_interval(k: int, n: int) -> None:
    low, high = wilson_interval(k, n)
    p = rate_point(k, n)
    assert p.value == k / n and p.n == n
    assert p.low == pytest.approx(low, abs=1e-12) and p.high == pytest.approx(high, abs=1e-12)
    assert rate_point(0, 0).value is None


def test_series_leave_infra_errors_out_and_slice_by_facets() -> None:
    runs = [_run(0), _run(1)]
    facets = {"a": TaskFacets("a", "python", ("loops",), "easy"),
              "b": TaskFacets("b", "go", ("loops", "strings"), None)}
    rows = [
        SampleRow("r0", "a", 0, "passed", None, {"runtime_ratio": 2.0}),
        SampleRow("r0", "b", 0, "failed", "wrong_answer", {"runtime_ratio": 0.5}),
        SampleRow("r1", "a", 0, "failed", "timeout", {}),
        SampleRow("r1", "b", 0, "infra_error", None, {}),
    ]
    s = build_series(runs, rows, facets)
    assert [(p.k, p.n) for p in s.overall] == [(1, 2), (0, 1)]
    assert [(p.k, p.n) for p in s.slices["language:go"]] == [(0, 1), (0, 0)]
    assert [(p.k, p.n) for p in s.slices["category:loops"]] == [(1, 2), (0, 1)]
    assert "difficulty:easy" in s.slices and "difficulty:None" not in s.slices
    assert s.metrics["runtime_ratio"][0].value == pytest.approx(1.0)  # geometric mean
    assert s.metrics["runtime_ratio"][1].n == 0
    assert s.failure_shares == {"wrong_answer": [0.5, 0.0], "timeout": [0.0, 1.0]}


def test_figures_label_axes_and_escape_stored_text() -> None:
    runs = [_run(0), _run(1)]
    facets = {"a": TaskFacets("a", "<b>py</b>", ("x",), None)}
    rows = [SampleRow("r0", "a", 0, "passed", None, {}),
            SampleRow("r1", "a", 0, "failed", "<img src=x>", {})]
    s = build_series(runs, rows, facets)
    fig = pass_rate_figure(s, [])
    assert fig["layout"]["yaxis"]["title"]["text"] == "pass rate (%)"
    assert fig["layout"]["xaxis"]["type"] == "date"
    multiples = small_multiples(s, "language")
    assert multiples is not None
    assert "&lt;b&gt;py&lt;/b&gt;" in multiples["layout"]["annotations"][0]["text"]
    assert plain("a & <b>") == "a &amp; &lt;b&gt;"
    payload = str(figures_payload({"p": fig, "m": multiples}, s.dates))
    assert "<" not in payload and '"@dates"' in payload
