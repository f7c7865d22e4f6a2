"""Constraint checks on the panel's constrained tasks and edited variants of them."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from codecanary.errors import CodecanaryError
from codecanary.scoring.constraints import Violation, check_constraints
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

INDENT = {"python": "    ", "go": "\t", "rust": "    ", "java": "        "}
TERM = {"python": "", "go": "", "ruby": ""}
COMMENT = {"python": "# ", "ruby": "# "}


@functools.cache
def _tasks() -> dict[str, Task]:
    return {t.id: t for t in load_builtin().tasks}


def _constrained(kind: str) -> list[str]:
    return sorted(i for i, t in _tasks().items() if any(c["kind"] == kind for c in t.constraints))


def _def_line(task: Task) -> int:
    """1-based line of the entry point's definition (first line naming it and opening a body)."""
    simple = task.entry_point.rsplit(".", 1)[-1]
    for number, text in enumerate(task.reference.splitlines(), 1):
        if simple + "(" in text and text.rstrip().endswith(("{", ":")) and "//" not in text:
            return number
        if task.language == "ruby" and text.lstrip().startswith(f"def {simple}"):
            return number
    raise AssertionError(f"no definition line for {task.id}")


def _insert_after_def(task: Task, statement: str) -> tuple[str, int]:
    lines = task.reference.splitlines()
    at = _def_line(task)
    indent = INDENT.get(task.language, "  ")
    lines.insert(at, indent + statement)
    return "\n".join(lines) + "\n", at + 1


def _check(task: Task, code: str, constraints: Any = None) -> list[Violation]:
    return check_constraints(code, task.language, constraints or task.constraints,
                             task.entry_point)


def test_panel_has_32_constrained_tasks() -> None:
    assert sum(1 for t in _tasks().values() if t.constraints) == 32  # 4 of them Ruby


def test_every_reference_satisfies_its_constraints() -> None:
    failing = {t.id: check_constraints(t.reference, t.language, t.constraints, t.entry_point)
               for t in _tasks().values() if t.constraints}
    assert {k: v for k, v in failing.items() if v} == {}


@pytest.mark.parametrize("task_id", _constrained("forbid_call"))
def test_forbid_call_catches_method_and_plain_calls(task_id: str) -> None:
    task = _tasks()[task_id]
    rule = next(c for c in task.constraints if c["kind"] == "forbid_call")
    name = rule["names"][0]
    call = f"xs.{name}()" if "." not in name else f"{name}(xs)"
    end = ";" if task.language not in TERM else ""
    code, line = _insert_after_def(task, call + end)
    violations = _check(task, code, [rule])
    assert [(v.kind, v.line) for v in violations] == [("forbid_call", line)]
    assert name in violations[0].message
    # mentioning the name in a comment or string is not a call
    mention = COMMENT.get(task.language, "// ")
    code, _ = _insert_after_def(task, f"{mention}{call} is not used here")
    assert _check(task, code, [rule]) == []


def test_forbid_call_qualified_names_and_python_aliases() -> None:
    task = _tasks()["python/rank-scores-nosort"]
    code = "from heapq import heappush as hp\n" + task.reference + "\nhp([], 1)\n"
    line = len(code.splitlines())
    assert [v.line for v in _check(task, code)] == [line]
    code = "import heapq as h\n" + task.reference + "\nh.heapify([])\n"
    assert [v.line for v in _check(task, code)] == [line]
    # a different module's heapify is not heapq.heapify
    code = task.reference + "\nmyheap.heapify([])\n"
    assert _check(task, code) == []
    java = "import java.util.*;\nclass A { void f(List<Integer> xs) { Collections.sort(xs); } }\n"
    rule = [{"kind": "forbid_call", "names": ["Collections.sort"]}]
    assert [v.line for v in check_constraints(java, "java", rule, "A")] == [2]
    cpp = "#include <algorithm>\nvoid f(int* a) {\n  std::sort(a, a + 3);\n}\n"
    rule = [{"kind": "forbid_call", "names": ["sort"]}]
    assert [v.line for v in check_constraints(cpp, "cpp", rule, "f")] == [3]


IMPORTS = [
    ("python", "import re\n", ["re"], "import regex\n"),
    ("python", "from re import match\n", ["re"], "from res import match\n"),
    ("python", "import os.path\n", ["os"], "import osx\n"),
    ("go", 'import (\n\t"fmt"\n\t"strings"\n)\n', ["strings"], 'import "fmt"\n'),
    ("javascript", "const fs = require('node:fs');\n", ["fs"], "const fs = require('fsx');\n"),
    ("typescript", "import { x } from 'lodash/fp';\n", ["lodash"], "import { x } from './m';\n"),
    ("rust", "use std::collections::HashMap;\n", ["std::collections"], "use std::fmt;\n"),
    ("java", "import java.util.regex.Pattern;\n", ["java.util.regex"], "import java.util.List;\n"),
    ("cpp", "#include <regex>\n", ["regex"], "#include <string>\n"),
]


@pytest.mark.parametrize(("language", "line", "names", "other"), IMPORTS)
def test_forbid_import_on_references(language: str, line: str, names: list[str],
                                     other: str) -> None:
    task = next(t for t in _tasks().values() if t.language == language)
    rule = [{"kind": "forbid_import", "names": names}]
    body = task.reference
    offset = next(i for i, x in enumerate(line.splitlines()) if names[0] in x)
    if language == "go":  # imports go after the package clause
        head, _, rest = body.partition("\n")
        code, at = head + "\n" + line + rest, 2 + offset
    else:
        code, at = line + body, 1 + offset
    violations = _check(task, code, rule)
    assert [(v.kind, v.line) for v in violations] == [("forbid_import", at)]
    if language == "go":
        code = body.partition("\n")[0] + "\n" + other + body.partition("\n")[2]
    else:
        code = other + body
    assert _check(task, code, rule) == []


def test_forbid_import_on_panel_tasks() -> None:
    for task_id in _constrained("forbid_import"):
        task = _tasks()[task_id]
        module = task.constraints[0]["names"][0]
        if task.language == "python":
            code = f"import {module}\n" + task.reference
            assert [v.line for v in _check(task, code)] == [1]
        else:
            head, _, rest = task.reference.partition("\n")
            code = f'{head}\nimport "{module}"\n{rest}'
            assert [v.line for v in _check(task, code)] == [2]


SELF_CALL = {
    "python": "if not {a}: return {f}({a})",
    "javascript": "if (false) {f}(null);",
    "typescript": "if (false) {f}(null as any);",
    "java": "if (false) {f}(null);",
    "cpp": "if (false) {f}(\"\");",
    "go": "if false {{ {f}(nil) }}",
    "rust": "if false {{ {f}(root); }}",
    "ruby": "return {f}({a}) if false",
}


@pytest.mark.parametrize("task_id", _constrained("no_recursion"))
def test_no_recursion_catches_a_self_call(task_id: str) -> None:
    task = _tasks()[task_id]
    simple = task.entry_point.rsplit(".", 1)[-1]
    code, line = _insert_after_def(task, SELF_CALL[task.language].format(f=simple, a="items"))
    violations = _check(task, code)
    assert [(v.kind, v.line) for v in violations] == [("no_recursion", line)]


def test_no_recursion_through_a_helper_and_not_for_other_objects() -> None:
    task = _tasks()["python/flatten-iterative"]
    code = "def flatten(items):\n    return _go(items)\n\n\ndef _go(x):\n    return _go(x[1:])\n"
    assert [v.line for v in _check(task, code)] == [6]
    js = _tasks()["javascript/clone-iterative"]
    code = js.reference + (
        "\nconst o = { deepClone() { return 1; } };\nfunction x() { o.deepClone(); }\n")
    assert _check(js, code, [{"kind": "no_recursion"}]) == []


LOOPS = {
    "python": "for _ in []: pass",
    "javascript": "for (const _ of []) {}",
    "typescript": "while (false) {}",
    "java": "do {} while (false);",
    "cpp": "for (char c : text) { (void)c; }",
    "go": "for i := 0; i < 1; i++ {}",
    "rust": "loop { break; }",
    "ruby": "while false do end",
}


@pytest.mark.parametrize("task_id", _constrained("no_loops"))
def test_no_loops(task_id: str) -> None:
    task = _tasks()[task_id]
    code, line = _insert_after_def(task, LOOPS[task.language])
    assert [(v.kind, v.line) for v in _check(task, code)] == [("no_loops", line)]
    code, _ = _insert_after_def(task, COMMENT.get(task.language, "// ")
                                + "for each item, while it lasts")
    assert _check(task, code) == []


def test_no_loops_counts_python_comprehensions() -> None:
    task = _tasks()["python/chunk-documented"]
    assert [v.line for v in _check(task, task.reference, [{"kind": "no_loops"}])] == [5]


def test_max_line_length() -> None:
    task = _tasks()["typescript/describe-duration"]
    rule = [c for c in task.constraints if c["kind"] == "max_line_length"]
    code, line = _insert_after_def(task, "// " + "x" * 75)  # 2 + 3 + 75 = 80: at the limit
    assert _check(task, code, rule) == []
    code, line = _insert_after_def(task, "// " + "x" * 76)
    assert [v.line for v in _check(task, code, rule)] == [line]


def test_max_lines_counts_non_blank_lines() -> None:
    task = _tasks()["cpp/rle-compact"]
    filled = len([x for x in task.reference.splitlines() if x.strip()])
    room = "// fits\n\n" * (15 - filled)
    assert _check(task, task.reference + room + "\n\n\n") == []
    code = task.reference + room + "// one more\n"
    assert [v.line for v in _check(task, code)] == [len(code.splitlines())]
    py = _tasks()["python/chunk-documented"]
    rule = [c for c in py.constraints if c["kind"] == "max_lines"]
    code = py.reference + "\n" + "x = 1\n\n" * 8
    # 5 reference lines + blank + pairs: the 13th non-blank line is the 8th `x = 1`
    assert [v.line for v in _check(py, code, rule)] == [6 + 2 * 7 + 1]


CLASS_EDITS = {
    "cpp/bounded-queue-class": (" : public JobQueue", ""),
    "java/token-bucket-class": (" implements RateLimiter", ""),
    "typescript/memory-store": (" implements KeyValueStore<V>", ""),
    "rust/backoff-iterator": ("impl Iterator for Backoff", "impl Backoff"),
}


@pytest.mark.parametrize("task_id", _constrained("require_class"))
def test_require_class(task_id: str) -> None:
    task = _tasks()[task_id]
    name = task.constraints[0]["name"]
    old, new = CLASS_EDITS[task_id]
    code = task.reference.replace(old, new)
    class_line = next(i for i, x in enumerate(code.splitlines(), 1)
                      if f"class {name}" in x or f"struct {name}" in x)
    assert [(v.kind, v.line) for v in _check(task, code)] == [("require_class", class_line)]
    renamed = task.reference.replace(name, name + "Impl")
    assert [(v.kind, v.line) for v in _check(task, renamed)] == [("require_class", None)]


def test_require_class_python_and_go() -> None:
    rule = [{"kind": "require_class", "name": "Lru", "implements": "Cache"}]
    assert check_constraints("class Lru(base.Cache):\n    pass\n", "python", rule, "Lru") == []
    assert [v.line for v in check_constraints("class Lru:\n    pass\n", "python", rule,
                                              "Lru")] == [1]
    go = ("package main\n\ntype Cache interface {\n\tGet(k string) int\n}\n\n"
          "type Lru struct{}\n\nfunc (c *Lru) Get(k string) int { return 0 }\n")
    assert check_constraints(go, "go", rule, "Lru") == []
    broken = go.replace("func (c *Lru) Get", "func (c *Lru) Fetch")
    assert [v.line for v in check_constraints(broken, "go", rule, "Lru")] == [7]


def test_require_call() -> None:
    task = _tasks()["rust/median-without-sorting"]
    rule = [c for c in task.constraints if c["kind"] == "require_call"]
    assert _check(task, task.reference, rule) == []
    code = task.reference.replace("select_nth_unstable(", "select_nth_unstable_by_key(")
    assert [v.kind for v in _check(task, code, rule)] == ["require_call"]
    reduce_rule = [{"kind": "require_call", "names": ["functools.reduce"]}]
    ok = ("from functools import reduce\n\n"
          "def total(xs):\n    return reduce(lambda a, b: a + b, xs)\n")
    assert check_constraints(ok, "python", reduce_rule, "total") == []
    bad = ok.replace("from functools import reduce\n", "from mylib import reduce\n")
    assert len(check_constraints(bad, "python", reduce_rule, "total")) == 1


DOC_EDITS = {  # task -> lines (1-based, inclusive) holding its documentation
    "python/chunk-documented": (2, 2),
    "go/compact-runs": (5, 5),
    "javascript/tag-record-pure": (1, 6),
    "typescript/describe-duration": (1, 5),
    "ruby/initials-documented": (1, 2),
}


@pytest.mark.parametrize("task_id", _constrained("require_docstring"))
def test_require_docstring(task_id: str) -> None:
    task = _tasks()[task_id]
    first, last = DOC_EDITS[task_id]
    rule = [{"kind": "require_docstring"}]
    lines = task.reference.splitlines()
    code = "\n".join(lines[: first - 1] + lines[last:]) + "\n"
    def_line = _def_line(task) - (last - first + 1 if first > 1 or task.language != "python"
                                  else 0)
    if task.language == "python":
        def_line = 1
    assert [(v.kind, v.line) for v in _check(task, code, rule)] == [
        ("require_docstring", def_line)]
    gap = "\n".join([*lines[:last], "", *lines[last:]]) if task.language != "python" else None
    if gap is not None:  # a comment separated by a blank line is not a doc comment
        assert len(_check(task, gap, rule)) == 1


GLOBALS = [
    ("python", "count = 0\n\ndef f():\n    global count\n    count += 1\n", 4),
    ("python", "CACHE = {}\n\ndef f(k):\n    CACHE[k] = 1\n", 4),
    ("javascript", "let n = 0;\nfunction f() {\n  n += 1;\n}\n", 3),
    ("javascript", "function f() {\n  globalThis.seen = true;\n}\n", 2),
    ("typescript", "const seen: string[] = [];\nfunction f(): void {\n  seen[0] = 'a';\n}\n", 3),
    ("go", "package main\n\nvar count int\n\nfunc f() {\n\tcount++\n}\n", 6),
    ("rust", "static mut N: u32 = 0;\nfn f() {\n    unsafe { N += 1; }\n}\n", 3),
    ("java", "class A {\n  static int n;\n  static void f() {\n    n++;\n  }\n}\n", 4),
    ("cpp", "int n = 0;\nvoid f() {\n  n = n + 1;\n}\n", 3),
]


@pytest.mark.parametrize(("language", "code", "line"), GLOBALS)
def test_no_global_mutation(language: str, code: str, line: int) -> None:
    rule = [{"kind": "no_global_mutation"}]
    assert [v.line for v in check_constraints(code, language, rule, "f")] == [line]


def test_no_global_mutation_allows_locals_and_shadowing() -> None:
    rule = [{"kind": "no_global_mutation"}]
    task = _tasks()["javascript/tag-record-pure"]
    code = "let calls = 0;\n" + task.reference.replace(
        "const clean", "let calls = 0;\n  calls += 1;\n  const clean")
    assert _check(task, code, rule) == []
    code = "let calls = 0;\n" + task.reference.replace("const clean", "calls += 1;\n  const clean")
    assert [v.line for v in _check(task, code, rule)] == [9]
    py = "count = 0\n\ndef f(count):\n    count += 1\n    x = {}\n    x[1] = 2\n"
    assert check_constraints(py, "python", rule, "f") == []


def test_unknown_kind_raises() -> None:
    with pytest.raises(CodecanaryError, match="unknown constraint kind"):
        check_constraints("x = 1\n", "python", [{"kind": "no_goto"}], "f")


def test_broken_code_never_raises() -> None:
    every = [{"kind": "forbid_call", "names": ["sort"]}, {"kind": "forbid_import", "names": ["re"]},
             {"kind": "no_recursion"}, {"kind": "no_loops"},
             {"kind": "max_line_length", "value": 80},
             {"kind": "max_lines", "value": 5}, {"kind": "require_class", "name": "X"},
             {"kind": "require_call", "names": ["f"]}, {"kind": "require_docstring"},
             {"kind": "no_global_mutation"}]
    for task in list(_tasks().values())[::7]:
        cut = task.reference[: len(task.reference) // 2] + " } ) ] {"
        result = check_constraints(cut, task.language, every, task.entry_point)
        assert all(isinstance(v, Violation) for v in result)
