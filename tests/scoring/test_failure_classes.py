"""The taxonomy on realistic broken answers, executed for real in each language.

Each case is a small task (``add``) answered the way models get it wrong; the
program runs in the bubblewrap sandbox and the classifier must name the class a
person reading the output would name.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codecanary.languages import run_spec
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.base import ExecResult, ExecStatus
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.scoring.failures import (
    PRECEDENCE,
    Evidence,
    FailureClass,
    classify,
    matching_classes,
)

F = FailureClass
TESTS = {
    "python": "assert add(2, 3) == 5\nassert add(-1, 1) == 0\n",
    "javascript": ("const assert = require('node:assert');\n"
                   "assert.strictEqual(add(2, 3), 5);\nassert.strictEqual(add(-1, 1), 0);\n"),
    "typescript": ("if (add(2, 3) !== 5) { throw new Error('add(2, 3) failed'); }\n"
                   "if (add(-1, 1) !== 0) { throw new Error('add(-1, 1) failed'); }\n"),
    "go": ('package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n'
           '\tif add(2, 3) != 5 {\n\t\tfmt.Fprintln(os.Stderr, "FAIL add(2, 3)")\n'
           '\t\tos.Exit(1)\n\t}\n}\n'),
    "rust": "fn main() {\n    assert_eq!(add(2, 3), 5);\n    assert_eq!(add(-1, 1), 0);\n}\n",
    "java": ("public class Main {\n    public static void main(String[] args) {\n"
             "        if (Solution.add(2, 3) != 5) {\n"
             "            System.err.println(\"FAIL add(2, 3)\");\n            System.exit(1);\n"
             "        }\n    }\n}\n"),
    "cpp": ("#include <cstdio>\nint main() {\n    if (add(2, 3) != 5) {\n"
            "        std::fprintf(stderr, \"FAIL add(2, 3)\\n\");\n        return 1;\n    }\n"
            "    return 0;\n}\n"),
}



def _java(body: str) -> str:
    return f"class Solution {{\n    static int add(int a, int b) {{\n{body}    }}\n}}\n"


def _go(body: str, imports: str = "") -> str:
    return f"package main\n{imports}\nfunc add(a, b int) int {{\n{body}}}\n"


CASES: dict[str, dict[FailureClass, str]] = {
    "python": {
        F.SYNTAX_ERROR: "def add(a, b)\n    return a + b\n",
        F.API_MISUSE: "import math\n\ndef add(a, b):\n    return math.fsum_all([a, b])\n",
        F.RUNTIME_ERROR: "def add(a, b):\n    return [a][b]\n",
        F.TIMEOUT: "def add(a, b):\n    while True:\n        pass\n",
        F.MEMORY_LIMIT: "def add(a, b):\n    cells = [0] * (10 ** 10)\n    return a + b\n",
        F.WRONG_ANSWER: "def add(a, b):\n    return a - b\n",
    },
    "javascript": {
        F.SYNTAX_ERROR: "function add(a, b) {\n  return a + * b;\n}\n",
        F.API_MISUSE: "function add(a, b) {\n  return Math.sum(a, b);\n}\n",
        F.RUNTIME_ERROR: ("function add(a, b) {\n  const cfg = null;\n"
                          "  return cfg.base + a + b;\n}\n"),
        F.TIMEOUT: "function add(a, b) {\n  while (true) {}\n}\n",
        F.MEMORY_LIMIT: ("function add(a, b) {\n  const keep = [];\n"
                         "  while (true) keep.push(new Array(1e6).fill(a));\n}\n"),
        F.WRONG_ANSWER: "function add(a, b) {\n  return a - b;\n}\n",
    },
    "typescript": {
        F.SYNTAX_ERROR: "function add(a: number, b: number): number {\n  return a + * b;\n}\n",
        F.COMPILE_ERROR: "function add(a: number, b: number): number {\n  return 'sum';\n}\n",
        F.API_MISUSE: "function add(a: number, b: number): number {\n  return Math.sum(a, b);\n}\n",
        F.RUNTIME_ERROR: ("function add(a: number, b: number): number {\n"
                          "  const cfg = JSON.parse('null') as { base: number };\n"
                          "  return cfg.base + a + b;\n}\n"),
        F.WRONG_ANSWER: "function add(a: number, b: number): number {\n  return a - b;\n}\n",
    },
    "go": {
        F.SYNTAX_ERROR: "package main\n\nfunc add(a, b int) int {\n\treturn a + b +\n}\n",
        F.COMPILE_ERROR: "package main\n\nfunc add(a, b int) int {\n\treturn a + \"1\"\n}\n",
        F.API_MISUSE: ('package main\n\nimport "strings"\n\nfunc add(a, b int) int {\n'
                       '\treturn strings.Sum(a, b)\n}\n'),
        F.RUNTIME_ERROR: _go("\tvar xs []int\n\treturn xs[a+b]\n"),
        F.TIMEOUT: "package main\n\nfunc add(a, b int) int {\n\tfor {\n\t}\n}\n",
        F.WRONG_ANSWER: "package main\n\nfunc add(a, b int) int {\n\treturn a - b\n}\n",
    },
    "rust": {
        F.SYNTAX_ERROR: "fn add(a: i64, b: i64) -> i64 {\n    a + b +\n}\n",
        F.COMPILE_ERROR: "fn add(a: i64, b: i64) -> i64 {\n    a + \"1\"\n}\n",
        F.API_MISUSE: "fn add(a: i64, b: i64) -> i64 {\n    a.saturating_plus(b)\n}\n",
        F.RUNTIME_ERROR: ("fn add(a: i64, b: i64) -> i64 {\n    let v: Vec<i64> = Vec::new();\n"
                          "    v[(a + b) as usize]\n}\n"),
        F.MEMORY_LIMIT: ("fn add(a: i64, b: i64) -> i64 {\n    let mut v = Vec::new();\n"
                         "    loop {\n        v.push(vec![a as u8; 1 << 24]);\n"
                         "        if v.len() > 1 << 20 { return b; }\n    }\n}\n"),
        F.WRONG_ANSWER: "fn add(a: i64, b: i64) -> i64 {\n    a - b\n}\n",
    },
    "java": {
        F.SYNTAX_ERROR: _java("        return a + ;\n"),
        F.COMPILE_ERROR: _java("        return \"sum\";\n"),
        F.API_MISUSE: _java("        return Math.sum(a, b);\n"),
        F.RUNTIME_ERROR: _java("        int[] xs = new int[0];\n        return xs[a + b];\n"),
        F.WRONG_ANSWER: _java("        return a - b;\n"),
    },
    "cpp": {
        F.SYNTAX_ERROR: "int add(int a, int b) {\n    return a + ;\n}\n",
        F.COMPILE_ERROR: "int add(int a, int b) {\n    int* p = a;\n    return *p + b;\n}\n",
        F.API_MISUSE: ("#include <numeric>\nint add(int a, int b) {\n"
                       "    return std::sum(a, b);\n}\n"),
        F.RUNTIME_ERROR: ("#include <vector>\nint add(int a, int b) {\n    std::vector<int> v;\n"
                          "    return v.at(a + b);\n}\n"),
        F.TIMEOUT: ("int add(int a, int b) {\n    volatile int spin = 0;\n"
                    "    while (true) { spin++; }\n}\n"),
        F.MEMORY_LIMIT: ("#include <vector>\nint add(int a, int b) {\n"
                         "    std::vector<std::vector<char>> keep;\n"
                         "    while (true) keep.emplace_back(1 << 20, 'x');\n}\n"),
        F.WRONG_ANSWER: "int add(int a, int b) {\n    return a - b;\n}\n",
    },
}
LIMITS = Limits(timeout_s=3.0, memory_mb=512)



async def _run(sandbox: BwrapSandbox, language: str, code: str) -> ExecResult:
    files = run_spec(language).program_files(code, TESTS[language], "add")
    return await sandbox.execute(ExecRequest(language=language, files=files, limits=LIMITS))


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("language", "expected"),
                         [(lang, cls) for lang, cases in CASES.items() for cls in cases])
async def test_realistic_failures_get_their_class(sandbox: BwrapSandbox, language: str,
                                                  expected: FailureClass) -> None:
    result = await _run(sandbox, language, CASES[language][expected])
    got = classify(Evidence(has_code=True, result=result))
    assert got is expected, (result.status, result.compile_output[-600:], result.stderr[-600:])


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("language", sorted(TESTS))
async def test_the_right_answer_passes(sandbox: BwrapSandbox, language: str) -> None:
    code = CASES[language][F.WRONG_ANSWER].replace("a - b", "a + b")
    result = await _run(sandbox, language, code)
    assert result.status is ExecStatus.OK, result.compile_output + result.stderr
    assert classify(Evidence(has_code=True, result=result)) is None


def _ok() -> ExecResult:
    return ExecResult(status=ExecStatus.OK, exit_code=0)


def _failed(stderr: str) -> ExecResult:
    return ExecResult(status=ExecStatus.FAILED, exit_code=1, stderr=stderr)


def test_precedence_causes_before_symptoms() -> None:
    name_error = _failed("Traceback (most recent call last):\nNameError: name 'x' is not defined")
    assert classify(Evidence(has_code=False, result=None)) is F.NO_CODE
    # corruption explains the name error it causes, and fails even a passing answer
    assert classify(Evidence(has_code=True, result=name_error, corrupted=True)) \
        is F.CORRUPTED_OUTPUT
    assert classify(Evidence(has_code=True, result=_ok(), corrupted=True)) is F.CORRUPTED_OUTPUT
    assert classify(Evidence(has_code=True, result=name_error, wrong_language=True)) \
        is F.WRONG_LANGUAGE
    assert classify(Evidence(has_code=True, result=name_error, truncated=True)) is F.TRUNCATED
    # a cut answer that still passes is not a failure
    assert classify(Evidence(has_code=True, result=_ok(), truncated=True)) is None
    assert classify(Evidence(has_code=True, result=name_error)) is F.API_MISUSE


def test_passing_tests_can_still_fail_on_constraints_and_efficiency() -> None:
    assert classify(Evidence(has_code=True, result=_ok(), constraint_violations=2)) \
        is F.CONSTRAINT_VIOLATION
    assert classify(Evidence(has_code=True, result=_ok(), efficiency_status="timeout")) \
        is F.TIMEOUT
    assert classify(Evidence(has_code=True, result=_ok(), efficiency_status="failed")) \
        is F.WRONG_ANSWER
    assert classify(Evidence(has_code=True, result=_ok(), efficiency_status="ok")) is None


def test_assertion_after_a_crash_is_still_a_crash() -> None:
    text = ("Traceback (most recent call last):\n  File \"main.py\", line 3\n"
            "    assert f() == 1\nZeroDivisionError: division by zero")
    assert classify(Evidence(has_code=True, result=_failed(text))) is F.RUNTIME_ERROR
    assert classify(Evidence(has_code=True, result=_failed(
        "Traceback (most recent call last):\nAssertionError"))) is F.WRONG_ANSWER


def _ended(status: ExecStatus, stderr: str, exit_code: int | None = None) -> ExecResult:
    return ExecResult(status=status, exit_code=exit_code, stderr=stderr)


def test_classify_follows_the_documented_precedence() -> None:
    # A run that timed out after a NameError: the cause (api_misuse) comes before the
    # symptom (timeout), as PRECEDENCE says.
    hung = _ended(ExecStatus.TIMEOUT, "NameError: name 'cache' is not defined\n")
    assert {F.API_MISUSE, F.TIMEOUT} <= matching_classes(Evidence(has_code=True, result=hung))
    assert classify(Evidence(has_code=True, result=hung)) is F.API_MISUSE
    assert PRECEDENCE.index(F.API_MISUSE) < PRECEDENCE.index(F.TIMEOUT)


@pytest.mark.parametrize("stderr", [
    # Go: a counted failed check, then a fatal error the harness cannot recover
    "FAIL add(2, 3)\n__codecanary_tests__ failed\nfatal error: stack overflow\n\n"
    "goroutine 1 [running]:\nmain.add(...)\n",
    # Go: a counted failure, then a panic outside a check
    "__codecanary_tests__ failed\npanic: runtime error: index out of range [3] with length 0\n"
    "FAIL: the harness panicked after a check failed\n",
    # Rust: a counted assertion, then a panic the hook turns into a failure
    "assertion `left == right` failed\n  left: -1\n right: 5\n__codecanary_tests__ failed\n"
    "thread 'main' panicked at src/main.rs:4:5:\nindex out of bounds: the len is 0\n"
    "assertion failed: a check failed; the harness then stopped at a panic\n",
    # Python (HumanEval/39): an assertion, then a later check raised an error
    "__codecanary_tests__ failed\nTraceback (most recent call last):\n  File \"main.py\", "
    "line 60\nAssertionError\nFAIL: a check raised an error after an earlier check failed\n",
])
def test_a_failed_check_is_the_outcome_whatever_ran_on_after_it(stderr: str) -> None:
    result = _ended(ExecStatus.FAILED, stderr, exit_code=1)
    assert classify(Evidence(has_code=True, result=result)) is F.WRONG_ANSWER


def test_a_crash_before_any_failed_check_is_still_a_crash() -> None:
    result = _ended(ExecStatus.FAILED, "panic: runtime error: index out of range [0] with "
                    "length 0\n\ngoroutine 1 [running]:\nmain.add(...)\n", exit_code=2)
    assert classify(Evidence(has_code=True, result=result)) is F.RUNTIME_ERROR


_STATUSES = st.sampled_from(list(ExecStatus))
_TEXTS = st.sampled_from([
    "", "NameError: x", "Traceback (most recent call last):\nZeroDivisionError",
    "AssertionError", "SyntaxError: bad", "panic: runtime error: x",
    "__codecanary_tests__ failed\n", "undefined: foo", "FAIL add",
])


@given(_STATUSES, st.lists(_TEXTS, max_size=3), st.lists(_TEXTS, max_size=2), st.booleans(),
       st.booleans(), st.booleans(), st.sampled_from([None, True, False]),
       st.integers(0, 2), st.sampled_from([None, "ok", "failed", "timeout"]))
def test_classify_is_the_first_matching_class_in_precedence(
        status: ExecStatus, stderr: list[str], compile_out: list[str], corrupted: bool,
        wrong_language: bool, truncated: bool, syntax_valid: bool | None, violations: int,
        efficiency: str | None) -> None:
    result = ExecResult(status=status, stderr="\n".join(stderr),
                        compile_output="\n".join(compile_out))
    evidence = Evidence(has_code=True, result=result, corrupted=corrupted,
                        wrong_language=wrong_language, truncated=truncated,
                        syntax_valid=syntax_valid, constraint_violations=violations,
                        efficiency_status=efficiency)
    found = matching_classes(evidence)
    got = classify(evidence)
    if got is None:
        assert not found
    else:
        assert got in found
        assert all(PRECEDENCE.index(got) <= PRECEDENCE.index(other) for other in found)
