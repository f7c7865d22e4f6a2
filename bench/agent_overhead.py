"""codecanary's own overhead per repo-task sample, for a 200-file repository.

A synthetic Python repo task (``--files`` modules in packages, one bug, a hidden
test, a solution patch) is run through the real repo-sample path: copy the tree
to a throwaway directory, the ``simulated-agent`` applies the patch (``git
apply``), the hidden and existing tests run in the sandbox, scoring (diff,
allowed paths, ruff on changed files), and one SQLite commit. The agent's own
time is excluded by construction (the simulated agent only applies the patch,
which is part of what is measured); the tests' own time is the wall time the
sandbox reports for the test command inside (the slower of the two concurrent
runs) and is subtracted. Target: overhead <= 1 s per task.

    python bench/agent_overhead.py [--files 200] [--samples 10] [--sandbox bwrap]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codecanary.providers import create_provider
from codecanary.providers.retry import RetryPolicy
from codecanary.records import SubjectSpec
from codecanary.repo_runner import score_repo_sample
from codecanary.sandbox import Limits, open_sandbox
from codecanary.store import Store
from codecanary.suites.repo import load_repo_dir

_MODULE = '''"""Module {i} of a synthetic package."""


def value_{i}(x):
    """Return x scaled by {i}."""
    total = 0
    for step in range({k}):
        total += x * step
    return total + {i}
'''

TASK_TOML = '''id = "bench/big"
language = "python"
categories = ["bug_fix"]
difficulty = "easy"
instruction = "clamp() ignores its upper bound; fix it."
test_command = ["python3", "-m", "unittest", "discover", "-s", "hidden_tests", "-t", "."]
existing_test_command = ["python3", "-m", "unittest", "discover", "-s", "tests", "-t", "."]
allowed_paths = ["pkg/**"]
'''


def make_task(root: Path, n_files: int) -> Path:
    """A repo task with ``n_files`` files under ``root/big``."""
    task = root / "big"
    repo = task / "repo"
    for i in range(n_files - 4):
        path = repo / "pkg" / f"sub{i // 20}" / f"mod_{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_MODULE.format(i=i, k=3 + i % 5))
        (path.parent / "__init__.py").touch()
    (repo / "pkg" / "__init__.py").write_text("")
    (repo / "pkg" / "clamp.py").write_text(
        "def clamp(v, lo, hi):\n    if v < lo:\n        return lo\n    return v\n")
    (repo / "tests").mkdir()
    (repo / "tests" / "__init__.py").write_text("")
    (repo / "tests" / "test_low.py").write_text(
        "import unittest\nfrom pkg.clamp import clamp\n\n\nclass T(unittest.TestCase):\n"
        "    def test_low(self):\n        self.assertEqual(clamp(-1, 0, 5), 0)\n")
    hidden = task / "tests" / "hidden_tests"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("")
    (hidden / "test_high.py").write_text(
        "import unittest\nfrom pkg.clamp import clamp\n\n\nclass T(unittest.TestCase):\n"
        "    def test_high(self):\n        self.assertEqual(clamp(9, 0, 5), 5)\n")
    (task / "task.toml").write_text(TASK_TOML)
    (task / "solution.patch").write_text(
        "diff --git a/pkg/clamp.py b/pkg/clamp.py\n--- a/pkg/clamp.py\n+++ b/pkg/clamp.py\n"
        "@@ -1,4 +1,6 @@\n def clamp(v, lo, hi):\n     if v < lo:\n         return lo\n"
        "+    if v > hi:\n+        return hi\n     return v\n")
    return root


async def measure(root: Path, samples: int, sandbox_name: str, db: str
                  ) -> list[tuple[float, float, str]]:
    suite = load_repo_dir(root, "bench")
    (task,) = suite.tasks
    sandbox = open_sandbox(sandbox_name)
    provider = create_provider("simulated-agent", "bench", {"skill": 0.99})
    store = Store.open(db)
    subject = SubjectSpec(name="bench", provider="simulated-agent", model="bench")
    store.create_run(run_id="bench", subject_id=store.ensure_subject(subject),
                     suite_id=store.save_suite(suite), logical_time=datetime.now(UTC),
                     samples_per_task=samples + 1, task_ids=(task.id,), settings={},
                     fingerprint={})
    out: list[tuple[float, float, str]] = []
    try:
        for index in range(samples + 1):  # the first sample warms the zygotes up
            started = time.perf_counter()
            record = await score_repo_sample(task, index, run_id="bench", provider=provider,
                                             sandbox=sandbox, retry=RetryPolicy(),
                                             limits=Limits())
            store.save_sample(record)
            if index:
                out.append((time.perf_counter() - started, record.wall_s or 0.0,
                            str(record.status)))
    finally:
        await sandbox.aclose()
        store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--sandbox", default="bwrap")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_task(Path(tmp) / "suite", args.files)
        results = asyncio.run(measure(root, args.samples, args.sandbox,
                                      str(Path(tmp) / "bench.db")))
    totals = [r[0] for r in results]
    tests = [r[1] for r in results]
    overhead = [t - w for t, w, _ in results]
    print(f"repo files: {args.files}; samples: {len(results)}; sandbox: {args.sandbox}; "
          f"statuses: {sorted({r[2] for r in results})}")
    print(f"total per sample:     median {statistics.median(totals):.3f} s, "
          f"max {max(totals):.3f} s")
    print(f"tests' own wall time: median {statistics.median(tests):.3f} s")
    print(f"codecanary overhead:  median {statistics.median(overhead):.3f} s, "
          f"max {max(overhead):.3f} s (target <= 1 s)")


if __name__ == "__main__":
    main()
