"""Fraction of tests passed: the instrumented harness is equivalent and counts checks."""

from __future__ import annotations

import asyncio
import random

import pytest

from codecanary.languages import run_spec
from codecanary.providers.simulated.faults import wrong_variant
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.scoring.failures import Evidence, classify
from codecanary.scoring.testcount import MARKER, instrument, parse_counts, settle
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

pytestmark = pytest.mark.asyncio(loop_scope="module")

INSTRUMENTED = ("python", "rust", "javascript", "typescript", "go", "java", "cpp", "ruby")
LIMITS = Limits(timeout_s=5)

HUMANEVAL_TESTS = '''
def check(candidate):
    assert candidate(1) == 2
    for x in range(3):
        assert candidate(x) == x + 1, f"case {x}"
    assert candidate(10) == 11
'''




async def run(sandbox: BwrapSandbox, language: str, code: str, tests: str,
              entry_point: str) -> ExecResult:
    files = run_spec(language).program_files(code, tests, entry_point)
    return await sandbox.execute(ExecRequest(language=language, files=files, limits=LIMITS))


def panel(language: str) -> list[Task]:
    return [t for t in load_builtin().tasks if t.language == language]


async def test_parse_counts() -> None:
    assert parse_counts("noise\n__codecanary_tests__ 3 5\n") == (3, 5)
    assert parse_counts("__codecanary_tests__ 1 2\n__codecanary_tests__ 4 4") == (4, 4)
    assert parse_counts("__codecanary_tests__ 6 5\n") is None
    assert parse_counts("__codecanary_tests__ 0 0\n") is None
    assert parse_counts("Traceback ...\nNameError: x") is None


async def test_every_panel_language_is_instrumented() -> None:
    for language in INSTRUMENTED:
        tasks = panel(language)
        harnesses = [instrument(language, t.tests, t.entry_point) for t in tasks]
        done = [h for h in harnesses if h is not None]
        # Nearly every task of the panel gets a counting harness, and it reports counts.
        assert len(done) >= 0.9 * len(tasks), (language, len(done), len(tasks))
        assert all(f'{MARKER}' in h for h in done), language
    assert instrument("cobol", "DISPLAY 'x'.", "f") is None
    assert instrument("python", "x = 1\n", "f") is None  # no check at all
    assert instrument("python", "def broken(:\n", "f") is None


async def test_python_humaneval_counts_each_loop_iteration(sandbox: BwrapSandbox) -> None:
    tests = instrument("python", HUMANEVAL_TESTS, "inc")
    assert tests is not None and "def check(" in tests
    good = await run(sandbox, "python", "def inc(x):\n    return x + 1\n", tests, "inc")
    assert good.passed and parse_counts(good.stderr) == (5, 5), good.stderr
    # Wrong only for x == 1: two of five checks fail, the rest still run.
    bad_code = "def inc(x):\n    return x + 1 if x != 1 else 0\n"
    bad = await run(sandbox, "python", bad_code, tests, "inc")
    assert not bad.passed and bad.exit_code == 1
    assert parse_counts(bad.stderr) == (3, 5) and "AssertionError" in bad.stderr
    assert "case 1" in bad.stderr


# A wrong answer that fails the first check and loops on the second: the original
# harness stops at the failure, the counting one runs on into the timeout.
RUN_ON = {
    "python": ("def f(x):\n    while x == 2:\n        pass\n    return x\n",
               "assert f(1) == 2\nassert f(2) == 3\n"),
    "rust": ("fn f(x: i32) -> i32 { while x == 2 {} x }",
             "fn main() {\n    assert_eq!(f(1), 2);\n    assert_eq!(f(2), 3);\n}\n"),
    "javascript": ("function f(x) { while (x === 2) {} return x; }",
                   "function __eq(got, want) {\n"
                   "  if (got !== want) throw new Error('FAIL ' + got);\n}\n"
                   "__eq(f(1), 2);\n__eq(f(2), 3);\n"),
    "typescript": ("function f(x: number): number { while (x === 2) {} return x; }",
                   "function __eq(got: number, want: number): void {\n"
                   "  if (got !== want) throw new Error('FAIL ' + got);\n}\n"
                   "__eq(f(1), 2);\n__eq(f(2), 3);\n"),
    "go": ("package main\n\nfunc f(x int) int {\n\tfor x == 2 {\n\t}\n\treturn x\n}\n",
           "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n"
           "func eq(got, want int) {\n\tif got != want {\n"
           "\t\tfmt.Fprintln(os.Stderr, \"FAIL\", got)\n\t\tos.Exit(1)\n\t}\n}\n\n"
           "func main() {\n\teq(f(1), 2)\n\teq(f(2), 3)\n}\n"),
    "java": ("class Sol {\n    static int f(int x) { while (x == 2) { } return x; }\n}\n",
             "public class Main {\n    static void eq(int got, int want) {\n"
             "        if (got != want) { System.err.println(\"FAIL \" + got); System.exit(1); }\n"
             "    }\n    public static void main(String[] a) {\n"
             "        eq(Sol.f(1), 2);\n        eq(Sol.f(2), 3);\n    }\n}\n"),
    # volatile: a C++ loop without side effects may be assumed to end (-O2 drops it).
    "cpp": ("int f(int x) { volatile int spin = 0; while (x == 2) { spin = spin + 1; } return x; }",
            "#include <cstdlib>\n#include <iostream>\n"
            "static void eq(int got, int want) {\n"
            "    if (got != want) { std::cerr << \"FAIL \" << got << \"\\n\"; std::exit(1); }\n}\n"
            "int main() {\n    eq(f(1), 2);\n    eq(f(2), 3);\n    return 0;\n}\n"),
    "ruby": ("def f(x)\n  while x == 2\n  end\n  x\nend\n",
             "def __eq(got, want)\n  return if got == want\n\n  $stderr.puts(\"FAIL #{got}\")\n"
             "  exit(1)\nend\n\n__eq(f(1), 2)\n__eq(f(2), 3)\n"),
}


@pytest.mark.slow  # two runs into the time limit per language (longer on a busy host)
@pytest.mark.parametrize("language", INSTRUMENTED)
async def test_settle_restores_the_original_outcome_after_running_on(
        sandbox: BwrapSandbox, language: str) -> None:
    code, plain = RUN_ON[language]
    tests = instrument(language, plain, "f")
    assert tests is not None
    original = await run(sandbox, language, code, plain, "f")
    assert original.status is ExecStatus.FAILED, original
    ran_on = await run(sandbox, language, code, tests, "f")
    assert ran_on.status is ExecStatus.TIMEOUT, ran_on
    settled = settle(ran_on)
    assert settled.status is ExecStatus.FAILED and "ran on into timeout" in settled.detail
    # Without a failed check first, a timeout is the answer's own.
    loops_first = code.replace("=== 2", "=== 1").replace("== 2", "== 1")
    looping = await run(sandbox, language, loops_first, tests, "f")
    assert looping.status is ExecStatus.TIMEOUT and settle(looping) is looping


async def test_python_other_errors_still_propagate(sandbox: BwrapSandbox) -> None:
    tests = instrument("python", HUMANEVAL_TESTS, "inc")
    assert tests is not None
    result = await run(sandbox, "python", "def inc(x):\n    return undefined_name\n", tests,
                       "inc")
    assert not result.passed and "NameError" in result.stderr
    assert parse_counts(result.stderr) is None


async def test_rust_counts_and_keeps_std_messages(sandbox: BwrapSandbox) -> None:
    tests = '''fn main() {
    assert_eq!(double(2), 4);
    assert_eq!(double(3), 6, "three");
    assert!(double(0) == 0, "zero {}", 0);
    assert_ne!(double(1), 3);
}
'''
    instrumented = instrument("rust", tests, "double")
    assert instrumented is not None
    good = await run(sandbox, "rust", "fn double(x: i32) -> i32 { x * 2 }", instrumented, "")
    assert good.passed and parse_counts(good.stderr) == (4, 4), good.stderr
    bad = await run(sandbox, "rust", "fn double(x: i32) -> i32 { x + 2 }", instrumented, "")
    assert not bad.passed and bad.exit_code == 101
    assert parse_counts(bad.stderr) == (1, 4), bad.stderr
    assert "assertion `left == right` failed: three\n  left: 5\n right: 6" in bad.stderr


# Native harnesses: a helper that exits, checks in main and in a loop there, and one
# inline check that is not counted. "double" is right, wrong on 2 and 3 (two checks
# of four fail), or wrong only on -1 (the inline check fails).
NATIVE = {
    "go": ("""package main

import (
	"fmt"
	"os"
)

func check(name string, got, want int) {
	if got != want {
		fmt.Fprintf(os.Stderr, "FAIL %s: got %d want %d\\n", name, got, want)
		os.Exit(1)
	}
}

func main() {
	check("one", double(1), 2) // os.Exit(1) in a comment stays
	for _, x := range []int{2, 3} {
		check("loop", double(x), 2*x)
	}
	check("zero", double(0), 0)
	if double(-1) != -2 {
		fmt.Fprintln(os.Stderr, "FAIL inline")
		os.Exit(1)
	}
}
""", "package main\n\nfunc double(x int) int {\n\tif {cond} {\n\t\treturn 0\n\t}\n"
     "\treturn 2 * x\n}\n"),
    "java": ("""public class Main {
    static void check(String name, int got, int want) {
        if (got != want) {
            System.err.println("FAIL " + name + ": got " + got + " want " + want);
            System.exit(1);
        }
    }

    public static void main(String[] a) {
        check("one", Sol.twice(1), 2); // System.exit(1) in a comment stays
        for (int x : new int[] {2, 3}) check("loop", Sol.twice(x), 2 * x);
        check("zero", Sol.twice(0), 0);
        if (Sol.twice(-1) != -2) {
            System.err.println("FAIL inline");
            System.exit(1);
        }
    }
}
""", "class Sol {\n    static int twice(int x) {\n        if ({cond}) return 0;\n"
     "        return 2 * x;\n    }\n}\n"),
    "cpp": ("""#include <cstdlib>
#include <iostream>

static void check(const char* name, int got, int want) {
    if (got != want) {
        std::cerr << "FAIL " << name << ": got " << got << " want " << want << "\\n";
        std::exit(1);
    }
}

int main() {
    check("one", twice(1), 2);  // std::exit(1) in a comment stays
    for (int x : {2, 3}) {
        check("loop", twice(x), 2 * x);
    }
    check("zero", twice(0), 0);
    if (twice(-1) != -2) {
        std::cerr << "FAIL inline\\n";
        return 1;
    }
}
""", "int twice(int x) {\n    if ({cond}) return 0;\n    return 2 * x;\n}\n"),
}


@pytest.mark.parametrize("language", ["go", "java", "cpp"])
async def test_native_counts_checks_and_keeps_inline_failures(
        sandbox: BwrapSandbox, language: str) -> None:
    tests, template = NATIVE[language]
    instrumented = instrument(language, tests, "")
    assert instrumented is not None
    assert "in a comment stays" in instrumented
    right = await run(sandbox, language, template.replace("{cond}", "false"), instrumented, "")
    assert right.passed and parse_counts(right.stderr) == (4, 4), right
    partly = template.replace("{cond}", "x == 2 || x == 3")
    original = await run(sandbox, language, partly, tests, "")
    assert original.status is ExecStatus.FAILED and "FAIL loop" in original.stderr
    bad = await run(sandbox, language, partly, instrumented, "")
    assert bad.status is ExecStatus.FAILED and bad.exit_code == 1, bad
    assert parse_counts(bad.stderr) == (2, 4), bad.stderr
    assert bad.stderr.count("FAIL loop") == 2 and "__codecanary_tests__ failed" in bad.stderr
    # The inline check is not counted: it still ends the program, with no counts line.
    inline = await run(sandbox, language, template.replace("{cond}", "x < 0"), instrumented, "")
    assert inline.status is ExecStatus.FAILED and inline.exit_code == 1, inline
    assert "FAIL inline" in inline.stderr and parse_counts(inline.stderr) is None


# Wrong on 2, then exits 0 itself on 3: the original stops at the failure on 2.
EXITS_ZERO = {
    "go": "package main\n\nimport \"os\"\n\nfunc double(x int) int {\n\tif x == 3 {\n"
          "\t\tos.Exit(0)\n\t}\n\tif x == 2 {\n\t\treturn 0\n\t}\n\treturn 2 * x\n}\n",
    "java": "class Sol {\n    static int twice(int x) {\n        if (x == 3) System.exit(0);\n"
            "        if (x == 2) return 0;\n        return 2 * x;\n    }\n}\n",
    "cpp": "#include <cstdlib>\nint twice(int x) {\n    if (x == 3) std::exit(0);\n"
           "    if (x == 2) return 0;\n    return 2 * x;\n}\n",
}


@pytest.mark.parametrize("language", ["go", "java", "cpp"])
async def test_native_answer_exiting_zero_after_a_failure_still_fails(
        sandbox: BwrapSandbox, language: str) -> None:
    tests = NATIVE[language][0]
    instrumented = instrument(language, tests, "")
    assert instrumented is not None
    original = await run(sandbox, language, EXITS_ZERO[language], tests, "")
    assert original.status is ExecStatus.FAILED
    result = await run(sandbox, language, EXITS_ZERO[language], instrumented, "")
    if language != "go":  # Java and C++ catch the exit itself (shutdown hook, atexit)
        assert result.exit_code == 1 and "FAIL: the program exited" in result.stderr, result
    settled = settle(result)
    assert settled.status is ExecStatus.FAILED and parse_counts(settled.stderr) is None


SWALLOWING_CPP = """#include <cstdlib>
#include <functional>
#include <iostream>

static void t_num(const char* name, int got, int want) {
    if (got != want) {
        std::cerr << "FAIL " << name << ": got " << got << "\\n";
        std::exit(1);
    }
}

static void t_throws(const char* name, const std::function<void()>& f) {
    try {
        f();
    } catch (...) {
        return;
    }
    std::cerr << "FAIL " << name << ": no exception\\n";
    std::exit(1);
}

int main() {
    t_throws("inner", [] { t_num("inner value", twice(2), 4); throw 1; });
    t_num("after", twice(1), 2);
    return 0;
}
"""


async def test_cpp_failure_caught_inside_a_check_still_counts(sandbox: BwrapSandbox) -> None:
    # t_throws's catch (...) swallows our failure from the lambda's t_num; the check
    # returns normally, yet it failed: counted as failed, never as passed.
    instrumented = instrument("cpp", SWALLOWING_CPP, "")
    assert instrumented is not None
    wrong = NATIVE["cpp"][1].replace("{cond}", "x == 2")
    original = await run(sandbox, "cpp", wrong, SWALLOWING_CPP, "")
    assert original.status is ExecStatus.FAILED and "FAIL inner value" in original.stderr
    result = await run(sandbox, "cpp", wrong, instrumented, "")
    assert result.status is ExecStatus.FAILED and parse_counts(result.stderr) == (1, 2), result
    right = await run(sandbox, "cpp", NATIVE["cpp"][1].replace("{cond}", "false"),
                      instrumented, "")
    assert right.passed and parse_counts(right.stderr) == (2, 2), right


REFUSED = {
    "go": [  # a goroutine or a recover of its own could cross our panic; no helper exits
        NATIVE["go"][0].replace("\tcheck(\"zero\"", "\tgo check(\"zero\""),
        NATIVE["go"][0].replace("func main() {", "func main() {\n\tdefer func() { recover() }()"),
        "package main\n\nimport \"os\"\n\nfunc main() {\n\tif f() {\n\t\tos.Exit(1)\n\t}\n}\n",
        NATIVE["go"][0].replace('"os"', 'sys "os"').replace("os.", "sys."),
        NATIVE["go"][0] + "\nfunc main() {}\n",
    ],
    "java": [  # our Error would be caught by the harness; no Main; two mains
        NATIVE["java"][0].replace("        if (got != want) {",
                                  "        try { if (got != want) {").replace(
            "System.exit(1);\n        }", "System.exit(1);\n        } } catch (Throwable t) { }"),
        NATIVE["java"][0].replace("class Main", "class Tests"),
        NATIVE["java"][0].replace("public static void main(String[] a) {",
                                  "static void main(int x) { }\n    "
                                  "public static void main(String[] a) {"),
    ],
    "cpp": [  # catch (...) around an exit; main with arguments; noexcept helpers
        NATIVE["cpp"][0].replace("        std::exit(1);",
                                 "        try { std::exit(1); } catch (...) { }"),
        NATIVE["cpp"][0].replace("int main() {", "int main(int argc, char** argv) {"),
        NATIVE["cpp"][0].replace("int want) {", "int want) noexcept {"),
        "int main() {\n    if (twice(1) != 2) return 1;\n    return 0;\n}\n",
    ],
}


@pytest.mark.parametrize("language", ["go", "java", "cpp"])
async def test_native_refuses_shapes_it_cannot_keep_equivalent(language: str) -> None:
    for tests in REFUSED[language]:
        assert tests != NATIVE[language][0]
        assert instrument(language, tests, "") is None, tests
    assert instrument(language, NATIVE[language][0] + "\n// __cc\n", "") is None


async def _check_task(sandbox: BwrapSandbox, task: Task) -> tuple[bool, bool]:
    """(instrumented, a wrong variant's failures were counted) for one panel task."""
    language = task.language
    tests = instrument(language, task.tests, task.entry_point)
    if tests is None:
        return False, False
    ref = await run(sandbox, language, task.reference, tests, task.entry_point)
    counts = parse_counts(ref.stderr)
    assert ref.passed and counts is not None, (task.id, ref.stderr[-500:])
    assert counts[0] == counts[1] > 0, task.id
    mutant = wrong_variant(task.reference, language, random.Random(7))
    if mutant is None:
        return True, False
    original = await run(sandbox, language, mutant.source, task.tests, task.entry_point)
    if original.passed:
        return True, False  # an equivalent mutant: nothing to count
    wrong = settle(await run(sandbox, language, mutant.source, tests, task.entry_point))
    assert not wrong.passed, (task.id, wrong.stderr)
    assert wrong.status is original.status, (task.id, wrong.detail)
    if language in NATIVE:  # their messages are ours: the classifier must agree too
        assert (classify(Evidence(has_code=True, result=wrong))
                is classify(Evidence(has_code=True, result=original))), task.id
    wrong_counts = parse_counts(wrong.stderr)
    if wrong_counts is None:  # None when it crashed before any check failed
        return True, False
    assert 0 <= wrong_counts[0] < wrong_counts[1], task.id
    return True, True


async def _check_panel(sandbox: BwrapSandbox, language: str) -> tuple[int, int]:
    # Two tasks at a time: compiles dominate and the machine has two cores.
    limit = asyncio.Semaphore(2)

    async def one(task: Task) -> tuple[bool, bool]:
        async with limit:
            return await _check_task(sandbox, task)

    results = await asyncio.gather(*(one(task) for task in panel(language)))
    return sum(i for i, _ in results), sum(c for _, c in results)


@pytest.mark.slow
@pytest.mark.parametrize("language", INSTRUMENTED)
async def test_whole_panel_reference_passes_and_wrong_variant_fails(
        sandbox: BwrapSandbox, language: str) -> None:
    instrumented, counted_wrong = await _check_panel(sandbox, language)
    assert instrumented >= 30  # of 31-33 tasks per language
    assert counted_wrong > 0


async def test_js_declarations_and_function_bodies_are_left_alone() -> None:
    tests = """function __fail(c) { console.error('FAIL ' + c); throw new Error('FAIL ' + c); }
function __eq(c, got, want) { if (got !== want) __fail(c); }
{
  __eq('one', f(1), 2);
  const e = __eq('two', f(2), 3);
  for (const x of [1, 2]) {
    __eq('loop', f(x), x + 1);
  }
  __eq('three', `${f(3)}`, '4');
}
"""
    out = instrument("javascript", tests, "f")
    assert out is not None
    assert out.count("try { __eq(") == 2  # 'one' and 'three' only
    assert "const e = __eq('two'" in out and "function __eq(c, got, want) { if" in out


async def test_native_wraps_only_statement_level_helper_calls() -> None:
    java = NATIVE["java"][0].replace(
        '        check("zero", Sol.twice(0), 0);',
        '        int y;\n        check("assigns", y = Sol.twice(0), 0);\n'
        '        if (y == 0) check("in an if", y, 0);\n        System.out.println(y);')
    out = instrument("java", java, "")
    # "one" and the loop only: an assignment would not survive the try (definite
    # assignment), and if-bodies are not descended into.
    assert out is not None and out.count("__ccDepth = 1;") == 2
    assert 'check("assigns", y = Sol.twice(0), 0);' in out
    go = NATIVE["go"][0].replace(
        '\tcheck("zero", double(0), 0)',
        '\tcheck("zero", func() int { if double(0) != 0 { os.Exit(1) }; return 0 }(), 0)')
    out = instrument("go", go, "")
    assert out is not None and out.count("defer __ccDone()") == 3
    assert "func() int { if double(0) != 0 { __ccExit(1) }; return 0 }()" in out
    assert "os.Exit(1)" not in out.split("type __ccFail")[0].replace("// os.Exit(1)", "")
