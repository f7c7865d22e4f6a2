"""The examples in docs/tasks.md are real tasks: they load, and their references pass."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

from codecanary.sandbox import open_sandbox
from codecanary.suites.builtin import load_task_file
from codecanary.suites.models import Task
from codecanary.suites.validate import validate_task

DOC = Path(__file__).resolve().parents[2] / "docs" / "tasks.md"
SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")


def _examples() -> list[Task]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    return [load_task_file(b, "docs/tasks.md") for b in blocks if b.startswith("id = ")]


def test_one_example_per_language() -> None:
    assert sorted(t.language for t in _examples()) == sorted(
        ["python", "javascript", "typescript", "go", "rust", "java", "cpp"])


@pytest.mark.slow
def test_example_references_pass_and_tests_are_strong() -> None:
    async def go() -> list[tuple[str, bool, float | None]]:
        sandbox = open_sandbox(SANDBOX)
        try:
            results = [await validate_task(t, sandbox, max_mutants=8) for t in _examples()]
        finally:
            await sandbox.aclose()
        return [(r.task_id, r.reference_ok, r.kill_rate) for r in results]

    for task_id, ok, kill_rate in asyncio.run(go()):
        assert ok, task_id
        assert kill_rate is None or kill_rate >= 0.5, (task_id, kill_rate)
