"""A small stored history made by the real pipeline, shared by the web and report tests.

The quickstart demo (:func:`codecanary.monitor.demo.run_demo`: simulated
provider, bwrap sandbox, scoring, store, check) on a six-task panel plus one
task whose prompt is hostile HTML; then one hostile answer is stored next to
the real ones, as a compromised model could produce it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from codecanary.monitor.demo import DEMO_SUBJECT, run_demo
from codecanary.records import SampleRecord, SampleStatus
from codecanary.store import Store
from codecanary.suites.models import Suite, Task
from tests.monitor.panel import panel

SUBJECT = DEMO_SUBJECT
HOSTILE = ('<script>alert("answer")</script><img src=x onerror="alert(\'img\')">'
           '<a id="evil" href="javascript:alert(\'link\')">click</a>'
           '<iframe src="https://example.invalid/"></iframe>')
HOSTILE_TASK = "python/hostile_prompt"
TODAY = datetime(2026, 3, 1, tzinfo=UTC)

_built: dict[str, Path] = {}


def _suite() -> Suite:
    base = panel(3)
    hostile = Task(
        id=HOSTILE_TASK, language="python", entry_point="double",
        categories=("arithmetic",), difficulty="easy",
        prompt="Write `double(x)` returning 2*x. " + HOSTILE,
        tests="assert double(2) == 4\nassert double(-1) == -2\n",
        reference="def double(x):\n    return 2 * x\n")
    return Suite(name="dashboard-test-panel", tasks=(*base.tasks, hostile))


def demo_history(factory: pytest.TempPathFactory) -> Path:
    """The path of the shared history database (built once per test session)."""
    if "db" in _built:
        return _built["db"]
    db = factory.mktemp("dashboard") / "history.db"
    store = Store.open(str(db))
    suite = _suite()
    result = run_demo(store, suite, [t.id for t in suite.tasks], fault_language="javascript",
                      days=6, baseline_days=4, baseline_samples=2, today=TODAY)
    latest = result.runs[-1]
    store.save_sample(SampleRecord(
        run_id=latest.id, task_id=HOSTILE_TASK, sample_index=7, status=SampleStatus.FAILED,
        failure_class="wrong_answer", response_text="```python\n" + HOSTILE + "\n```",
        code=HOSTILE, stdout=HOSTILE, stderr=HOSTILE, exec_status="ok", exit_code=1,
        metrics={"lint_per_100_lines": 3.0}, diagnostics=[HOSTILE]))
    store.close()
    _built["db"] = db
    return db


def hostile_sample_path() -> tuple[str, int, str]:
    """``(run_id, index, task_id)`` of the hostile sample (after ``demo_history``)."""
    store = Store.open(str(_built["db"]))
    try:
        latest = store.list_runs(subject=SUBJECT, limit=1)[0]
    finally:
        store.close()
    return latest.id, 7, HOSTILE_TASK
