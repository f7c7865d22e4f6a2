"""A checked synthetic history with a language fault, shared by the report tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from codecanary.monitor import CheckResult, run_check
from codecanary.store import Store
from tests.monitor.panel import START, panel
from tests.monitor.synth import write_history


@pytest.fixture(scope="module")
def fault_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CheckResult]:
    db = tmp_path_factory.mktemp("report") / "report.db"
    store = Store.open(str(db))
    runs = write_history(store, "jsfault", panel(12), 40, seed=5,
                         samples=[3] * 25 + [1] * 15, drop_language="javascript",
                         drop_from=32, drop=0.5)
    store.pin_baseline(store.subject_id("jsfault"), runs[0].suite_version, START,
                       START + timedelta(days=24))
    result = run_check(store, "jsfault")
    store.close()
    assert result.exit_code == 1
    return db, result
