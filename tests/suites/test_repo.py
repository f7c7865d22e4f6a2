"""Repo tasks: loading, trees and patches, validation in the sandbox."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from codecanary.errors import SuiteError
from codecanary.sandbox import open_sandbox
from codecanary.suites import load_suite
from codecanary.suites.models import Suite
from codecanary.suites.repo import load_repo_dir, repo_spec
from codecanary.suites.repo_tree import (
    DiffStats,
    PatchError,
    added_lines,
    allowed,
    apply_patch,
    diff_trees,
    forbidden_changes,
    ignored_dirs,
    patch_stats,
    snapshot,
    write_tree,
)
from codecanary.suites.validate import TaskValidation, validate_suite

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
REPOS = Path(__file__).resolve().parents[2] / "src" / "codecanary" / "suites" / "repos"


def demo_suite() -> Suite:
    suite = load_suite("repos")
    tasks = tuple(t for t in suite.tasks if t.id.startswith("repos/demo-"))
    return suite.model_copy(update={"tasks": tasks})


def test_repos_suite_loads_as_repo_tasks() -> None:
    suite = demo_suite()
    assert {t.id for t in suite.tasks} >= {"repos/demo-py-stats", "repos/demo-go-clamp"}
    task = suite.task("repos/demo-py-stats")
    spec = repo_spec(task)
    assert task.kind == "repo" and task.language == "python"
    assert "stats/core.py" in spec.files and "hidden_tests/test_median.py" in spec.hidden_tests
    assert spec.test_command[0] == "python3" and spec.allowed_paths == ("stats/**", "README.md")
    assert task.reference == spec.solution_patch


def test_a_directory_of_repo_tasks_loads_by_path(tmp_path: Path) -> None:
    shutil.copytree(REPOS / "demo-py-stats", tmp_path / "mine" / "demo-py-stats")
    suite = load_suite(str(tmp_path / "mine"))
    assert suite.name == "mine" and [t.id for t in suite.tasks] == ["repos/demo-py-stats"]


def test_bad_task_toml_is_one_line(tmp_path: Path) -> None:
    task = tmp_path / "s" / "broken"
    shutil.copytree(REPOS / "demo-py-stats", task)
    (task / "task.toml").write_text('id = "x"\nlanguage = "cobol"\n')
    with pytest.raises(SuiteError, match=r"task.toml: invalid repo task: language"):
        load_repo_dir(tmp_path / "s")


def test_patch_apply_diff_and_stats(tmp_path: Path) -> None:
    spec = repo_spec(demo_suite().task("repos/demo-py-stats"))
    write_tree(spec.files, tmp_path)
    apply_patch(tmp_path, spec.solution_patch)
    after = snapshot(tmp_path)
    diff = diff_trees(spec.files, after)
    assert diff == DiffStats(("stats/core.py",), 3, 1) == patch_stats(spec.solution_patch)
    assert added_lines(spec.solution_patch) == {"stats/core.py": {17, 18, 19}}
    with pytest.raises(PatchError):
        apply_patch(tmp_path, spec.solution_patch)  # already applied


def test_build_output_and_caches_are_not_changes(tmp_path: Path) -> None:
    start = {"src/a.ts": "x\n", "build/keep.txt": "k\n"}
    write_tree({**start, "dist/src/a.js": "compiled\n", ".git/HEAD": "ref\n",
                "build/new.txt": "n\n", "__pycache__/a.pyc": "\0"}, tmp_path)
    after = snapshot(tmp_path, ignored_dirs(start))
    assert diff_trees(start, after).files == ("build/new.txt",)


def test_allowed_path_globs() -> None:
    assert allowed("stats/core.py", ("stats/**",))
    assert allowed("stats/a/b.py", ("stats/**",))
    assert not allowed("tests/test_x.py", ("stats/**", "README.md"))
    assert allowed("mathx/clamp.go", ("mathx/*.go",))
    assert not allowed("mathx/sub/x.go", ("mathx/*.go",))
    assert allowed("a/b/c.py", ("**/*.py",)) and allowed("c.py", ("**/*.py",))
    diff = DiffStats(("README.md", "go.mod"), 1, 0)
    assert forbidden_changes(diff, ("README.md",)) == ("go.mod",)


def test_validate_repo_tasks_in_the_sandbox() -> None:
    suite = demo_suite()

    async def go() -> list[TaskValidation]:
        sandbox = open_sandbox(SANDBOX)
        try:
            return await validate_suite(suite, sandbox, max_mutants=8)
        finally:
            await sandbox.aclose()

    results = {r.task_id: r for r in asyncio.run(go())}
    py = results["repos/demo-py-stats"]
    assert py.reference_ok, py.reference_detail
    assert py.mutants_compiled >= 3 and py.kill_rate is not None and py.kill_rate >= 0.8
    assert results["repos/demo-go-clamp"].reference_ok


def test_validate_flags_a_task_whose_tests_pass_unpatched(tmp_path: Path) -> None:
    task = tmp_path / "s" / "demo-py-stats"
    shutil.copytree(REPOS / "demo-py-stats", task)
    (task / "tests" / "hidden_tests" / "test_median.py").write_text(
        "import unittest\n\nclass T(unittest.TestCase):\n    def test_ok(self):\n"
        "        self.assertTrue(True)\n")
    suite = load_repo_dir(tmp_path / "s")

    async def go() -> list[TaskValidation]:
        sandbox = open_sandbox(SANDBOX)
        try:
            return await validate_suite(suite, sandbox, max_mutants=2)
        finally:
            await sandbox.aclose()

    (result,) = asyncio.run(go())
    assert not result.reference_ok
    assert "starting tree already passes" in result.reference_detail
