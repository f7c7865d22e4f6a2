"""A regressed subject through the app (no browser): verdict, flipped tasks, live links."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient

from codecanary.monitor import run_check
from codecanary.store import Store
from codecanary.web import create_app
from tests.monitor.panel import START, panel
from tests.monitor.synth import write_history


def test_regressed_subject_links_every_flipped_task_to_its_sample(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "r.db"))
    runs = write_history(store, "jsfault", panel(12), 40, seed=5, samples=[3] * 25 + [1] * 15,
                         drop_language="javascript", drop_from=32, drop=0.5)
    store.pin_baseline(store.subject_id("jsfault"), runs[0].suite_version, START,
                       START + timedelta(days=24))
    # The daily check ran up to two days ago: showing the subject must feed the
    # detectors the last two runs in memory only.
    run_check(store, "jsfault", run_id=runs[-3].id, min_effect=0.03)
    before = store.monitor_state(store.subject_id("jsfault"), runs[0].suite_version)
    client = TestClient(create_app(store))
    page = client.get("/subjects/jsfault")
    assert page.status_code == 200
    assert 'class="badge regressed"' in page.text and 'id="flipped-table"' in page.text
    api = client.get("/api/subjects/jsfault").json()
    assert api["verdict"]["status"] == "regressed" and api["change_start"]
    flipped = [f["task_id"] for f in api["flipped"]]
    assert flipped and all(task in page.text for task in flipped)
    links = set(re.findall(r'href="(/samples/[^"]+)"', page.text))
    assert links
    for link in links:
        assert client.get(unescape(link)).status_code == 200, link
    overview = client.get("/").text
    assert 'class="badge regressed"' in overview
    # Read-only: showing the subject re-ran the check without saving detector state.
    assert store.monitor_state(store.subject_id("jsfault"), runs[0].suite_version) == before
    store.close()
