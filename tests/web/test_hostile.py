"""Model output is hostile: a stored answer full of HTML and script renders inert."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.web.browser import watched_page
from tests.web.history import HOSTILE, HOSTILE_TASK, hostile_sample_path

pytestmark = pytest.mark.slow  # a real-pipeline history and a browser


def test_hostile_sample_renders_as_text(server: str, browser: Any, history_db: Path) -> None:
    run_id, index, task_id = hostile_sample_path()
    page, watch = watched_page(browser)
    response = page.goto(f"{server}/samples/{run_id}/{index}/{quote(task_id, safe='')}")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # let any (wrongly) injected handler fire
    assert watch.dialogs == []
    assert watch.errors == []
    assert watch.foreign((server,)) == []  # the iframe/img were never requested
    for selector in ("main script", "main img", "main iframe", "a#evil", "a[href^='javascript:']"):
        assert page.locator(selector).count() == 0, selector
    # Shown verbatim as text, in the answer, code, stdout, stderr, diagnostics and prompt.
    for block in ("pre.answer", "pre.code", "pre.stdout", "pre.stderr", "pre.prompt"):
        assert HOSTILE in page.locator(block).inner_text(), block
    assert HOSTILE in page.locator("ul.diagnostics").inner_text()


def test_hostile_prompt_task_in_the_run_table(server: str, browser: Any) -> None:
    run_id, _, _ = hostile_sample_path()
    page, watch = watched_page(browser)
    page.goto(f"{server}/runs/{run_id}?failure_class=wrong_answer")
    page.wait_for_load_state("networkidle")
    assert HOSTILE_TASK in page.locator("#samples").inner_text()
    assert watch.dialogs == [] and watch.errors == []
