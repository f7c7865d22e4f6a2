"""Every language follows its harness convention: pass, fail, compile error, cached build."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from codecanary.languages import run_spec
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.bwrap import BwrapSandbox

pytestmark = pytest.mark.asyncio(loop_scope="module")


class Case(NamedTuple):
    code: str
    wrong: str
    tests: str
    broken: str | None  # does not compile (None: interpreted language)


CASES: dict[str, Case] = {
    "python": Case(
        "def add(a, b):\n    return a + b\n",
        "def add(a, b):\n    return a - b\n",
        "def check(candidate):\n    assert candidate(2, 3) == 5\n",
        None),
    "javascript": Case(
        "function add(a, b) { return a + b; }",
        "function add(a, b) { return a - b; }",
        "const assert = require('node:assert');\nassert.strictEqual(add(2, 3), 5);",
        None),
    "typescript": Case(
        "function add(a: number, b: number): number { return a + b; }",
        "function add(a: number, b: number): number { return a - b; }",
        "if (add(2, 3) !== 5) { throw new Error('add(2, 3)'); }",
        "function add(a: number, b: number): number { return 'x'; }"),
    "cpp": Case(
        "int add(int a, int b) { return a + b; }",
        "int add(int a, int b) { return a - b; }",
        "#include <cstdio>\nint main() { if (add(2, 3) != 5) { fprintf(stderr, \"add\\n\");"
        " return 1; } return 0; }",
        "int add(int a, int b) { return a + ; }"),
    "rust": Case(
        "fn add(a: i64, b: i64) -> i64 { a + b }",
        "fn add(a: i64, b: i64) -> i64 { a - b }",
        "fn main() { assert_eq!(add(2, 3), 5); }",
        "fn add(a: i64, b: i64) -> i64 { a + \"b\" }"),
    "java": Case(
        "import java.util.*;\npublic class Solution {\n  public static int add(int a, int b)"
        " { return a + b; }\n}",
        "public class Solution { public static int add(int a, int b) { return a - b; } }",
        "import java.util.List;\npublic class Main { public static void main(String[] a) {"
        " if (Solution.add(2, 3) != 5) { System.err.println(\"add\"); System.exit(1); } } }",
        "public class Solution { public static int add(int a, int b) { return a + ; } }"),
    "go": Case(
        "package main\n\nfunc Add(a, b int) int { return a + b }\n",
        "package main\n\nfunc Add(a, b int) int { return a - b }\n",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tif Add(2, 3) != 5 {"
        "\n\t\tfmt.Fprintln(os.Stderr, \"Add(2, 3)\")\n\t\tos.Exit(1)\n\t}\n}\n",
        "package main\n\nfunc Add(a, b int) int { return a + }\n"),
}

SLOW = {"typescript", "rust", "java", "go"}


def _request(language: str, code: str, tests: str) -> ExecRequest:
    lang = run_spec(language)
    entry = "Add" if language == "go" else "add"
    return ExecRequest(language=language, files=lang.program_files(code, tests, entry),
                       limits=Limits(timeout_s=20))


async def _check_language(sandbox: BwrapSandbox, language: str) -> None:
    case = CASES[language]
    good = await sandbox.execute(_request(language, case.code, case.tests))
    assert good.status.value == "ok", good
    bad = await sandbox.execute(_request(language, case.wrong, case.tests))
    assert bad.status.value == "failed", bad
    if case.broken is not None:
        broken = await sandbox.execute(_request(language, case.broken, case.tests))
        assert broken.status.value == "compile_error", broken
        assert broken.compile_output
        builds = set(sandbox.cache.builds.iterdir())
        again = await sandbox.execute(_request(language, case.code, case.tests))
        assert again.status.value == "ok"
        assert set(sandbox.cache.builds.iterdir()) == builds  # served from the cache


@pytest.mark.parametrize("language", sorted(set(CASES) - SLOW))
async def test_language_convention(sandbox: BwrapSandbox, language: str) -> None:
    await _check_language(sandbox, language)


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(SLOW))
async def test_compiled_language_convention(sandbox: BwrapSandbox, language: str) -> None:
    await _check_language(sandbox, language)


async def test_python_in_process_matches_interpreter_semantics(sandbox: BwrapSandbox) -> None:
    src = ("import sys, atexit\natexit.register(lambda: print('bye'))\n"
           "print(__name__, sys.argv)\nsys.stdout.write(sys.stdin.read().upper())\n"
           "raise SystemExit(7)\n")
    result = await sandbox.execute(ExecRequest(language="python", files={"main.py": src},
                                               stdin="abc"))
    assert result.exit_code == 7 and result.status.value == "failed"
    assert result.stdout == "__main__ ['main.py']\nABCbye\n"
    crash = await sandbox.execute(ExecRequest(language="python",
                                              files={"main.py": "1/0\n"}))
    assert crash.exit_code == 1 and "ZeroDivisionError" in crash.stderr
