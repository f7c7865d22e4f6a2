"""Scoring of repo-task samples: test-runner summaries and agent failure classes."""

from __future__ import annotations

from codecanary.sandbox import ExecResult, ExecStatus
from codecanary.scoring.failures import FailureClass
from codecanary.scoring.repo import AgentOutcome, score_repo
from codecanary.scoring.repo_counts import Counts, parse_test_counts
from codecanary.suites.repo_tree import DiffStats, is_test_path

OK = ExecResult(status=ExecStatus.OK, stderr="Ran 4 tests in 0.01s\n\nOK\n")
FAIL = ExecResult(status=ExecStatus.FAILED, exit_code=1,
                  stderr="AssertionError: 1 != 2\nRan 4 tests in 0.01s\n\nFAILED (failures=1)\n")
DONE = AgentOutcome("stop", 3.0, turns=5)
SOLUTION = DiffStats(("a.py",), 2, 1)
CHANGE = DiffStats(("a.py",), 4, 2)


def test_runner_summaries() -> None:
    assert parse_test_counts("Ran 6 tests in 0.1s\nFAILED (failures=2, errors=1)") == Counts(3, 6)
    assert parse_test_counts("Ran 3 tests in 0.1s\n\nOK") == Counts(3, 3)
    assert parse_test_counts("# tests 5\n# pass 4\n# fail 1\n") == Counts(4, 5)
    assert parse_test_counts("ℹ pass 2\nℹ fail 0\n") == Counts(2, 2)
    assert parse_test_counts("test result: FAILED. 3 passed; 1 failed; 0 ignored") == Counts(3, 4)
    go_v = "=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n--- FAIL: TestB (0.00s)\n"
    assert parse_test_counts(go_v) == Counts(1, 2)
    assert parse_test_counts("ok  \texample.com/x\t0.01s\n") is None
    assert parse_test_counts("something else") is None


def test_pass_and_metrics() -> None:
    score = score_repo(DONE, CHANGE, SOLUTION, (), OK, OK, 1, 50)
    assert score.failure is None
    assert score.metrics["tests_passed_fraction"] == 1.0
    assert score.metrics["diff_size_ratio"] == 2.0 and score.metrics["lines_changed"] == 6
    assert score.metrics["existing_tests_broken"] == 0.0 and score.metrics["turns"] == 5
    assert score.metrics["lint_per_100_lines"] == 2.0


def test_failure_precedence() -> None:
    none = DiffStats((), 0, 0)
    assert score_repo(AgentOutcome("error", 1), CHANGE, SOLUTION, (), OK, OK, None, 0
                      ).failure is FailureClass.AGENT_ERROR
    assert score_repo(AgentOutcome("timeout", 9), none, SOLUTION, (), None, None, None, 0
                      ).failure is FailureClass.AGENT_TIMEOUT
    assert score_repo(DONE, none, SOLUTION, (), None, None, None, 0
                      ).failure is FailureClass.NO_CHANGE
    assert score_repo(DONE, CHANGE, SOLUTION, ("go.mod",), OK, OK, None, 0
                      ).failure is FailureClass.FORBIDDEN_EDIT
    failed = score_repo(DONE, CHANGE, SOLUTION, (), FAIL, OK, None, 0)
    assert failed.failure is FailureClass.WRONG_ANSWER
    assert failed.metrics["tests_passed_fraction"] == 0.75
    assert score_repo(DONE, CHANGE, SOLUTION, (), OK, FAIL, None, 0
                      ).failure is FailureClass.BROKE_EXISTING_TESTS


def test_a_tree_that_does_not_build_is_a_compile_error() -> None:
    go = ExecResult(status=ExecStatus.FAILED, exit_code=1,
                    stdout="FAIL\texample.com/x/mathx [build failed]\n",
                    stderr="mathx/clamp.go:9:2: undefined: foo\n")
    assert score_repo(DONE, CHANGE, SOLUTION, (), go, None, None, 0
                      ).failure is FailureClass.API_MISUSE
    tsc = ExecResult(status=ExecStatus.FAILED, exit_code=2,
                     stdout="src/a.ts(3,5): error TS2322: Type 'string' is not assignable\n")
    assert score_repo(DONE, CHANGE, SOLUTION, (), tsc, None, None, 0
                      ).failure is FailureClass.COMPILE_ERROR


def test_test_paths() -> None:
    for path in ("tests/store.test.js", "pkg/a_test.go", "test_x.py", "src/__tests__/a.ts",
                 "hidden_tests/test_median.py", "src/a.spec.ts"):
        assert is_test_path(path), path
    for path in ("src/store.js", "stats/core.py", "latest/a.go", "contest.py"):
        assert not is_test_path(path), path
