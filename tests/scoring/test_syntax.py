"""Syntax checks: every panel reference parses; broken answers point at the right line."""

from __future__ import annotations

import pytest

from codecanary.languages.treesitter import parse, parser_for
from codecanary.scoring.syntax import check_syntax
from codecanary.suites.builtin import load_builtin

LANGUAGES = ["python", "javascript", "typescript", "go", "rust", "java", "cpp"]


def test_every_panel_reference_parses() -> None:
    bad = []
    for task in load_builtin().tasks:
        report = check_syntax(task.reference, task.language)
        if not (report.checked and report.valid):
            bad.append((task.id, report.message))
    assert bad == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_parser_is_cached_and_parses(language: str) -> None:
    assert parser_for(language) is parser_for(language)
    assert parse("x", language) is not None


def test_unknown_language_is_not_checked() -> None:
    assert parser_for("cobol") is None
    report = check_syntax("IDENTIFICATION DIVISION.", "cobol")
    assert not report.checked and not report.valid


# (language, code, expected error line, open_at_end)
BROKEN = [
    # cut in the middle of a function
    ("python", "def f(x):\n    y = x\n    return y +", 3, True),
    ("javascript", "function f(x) {\n  const y = x;\n  return y +", 3, True),
    ("typescript", "function f(x: number): number {\n  const y = x;\n  return y +", 3, True),
    ("go", "package main\n\nfunc f(x int) int {\n\treturn x +\n", 4, True),
    ("rust", "fn f(x: i32) -> i32 {\n    let y = x;\n    y +", 3, True),
    ("java", "class A {\n  int f(int x) {\n    return x +", 3, True),
    ("cpp", "int f(int x) {\n  int y = x;\n  return y +", 3, True),
    # missing closing brace of a function followed by more code: the parser keeps
    # the block open to the end, which is what a missing brace looks like
    ("javascript", "function f(x) {\n  if (x) {\n    return 1;\n}\nfunction g() {}\n", 5, True),
    # stray token in the middle of an otherwise complete file
    ("python", "def f(x):\n    return x }\n\ndef g():\n    return 1\n", 2, False),
    ("javascript", "function f(x) {\n  return x; }\n}\nfunction g() { return 1; }\n", 3, False),
    ("typescript", "function f(): number {\n  return 1; }\n}\nfunction g(): number { return 1; }\n",
     3, False),
    ("go", "package main\n\nfunc f(x int) int {\n\treturn x }\n}\n\nfunc g() int { return 1 }\n",
     5, False),
    ("rust", "fn f(x: i32) -> i32 {\n    x }\n}\nfn g() -> i32 { 1 }\n", 3, False),
    ("java", "class A {\n  int f(int x) {\n    return x; }\n  }\n}\nclass B {}\n", 5, False),
    ("cpp", "int f(int x) {\n  return x; }\n}\nint g() { return 1; }\n", 3, False),
    # missing parenthesis mid-file
    ("python", "def f(x):\n    y = (x + 1\n    return y\n\ndef g():\n    return 2\n", 2, False),
    ("javascript", "function f(x) {\n  return g(x;\n}\nfunction g(y) { return y; }\n", 2, False),
    ("go", "package main\n\nfunc f(x int) int {\n\treturn g(x\n}\n\n"
     "func g(y int) int { return y }\n", 4, False),
    ("rust", "fn f(x: i32) -> i32 {\n    g(x\n}\nfn g(y: i32) -> i32 { y }\n", 2, False),
    ("java", "class A {\n  int f(int x) {\n    return g(x;\n  }\n  int g(int y) { return y; }\n}\n",
     3, False),
    ("cpp", "int g(int y) { return y; }\nint f(int x) {\n  return g(x;\n}\n", 3, False),
    ("typescript", "function f(x: number): number {\n  return g(x;\n}\nfunction g(y: number)"
     ": number { return y; }\n", 2, False),
    # Python bad indentation (tree-sitter accepts it; CPython does not)
    ("python", "def f(x):\n    y = x\n      return y\n", 3, False),
    ("python", "def f(x):\n    if x:\n    return 1\n    return 2\n", 3, False),
]


@pytest.mark.parametrize(("language", "code", "line", "open_at_end"), BROKEN)
def test_broken_answer_points_at_line(language: str, code: str, line: int,
                                      open_at_end: bool) -> None:
    report = check_syntax(code, language)
    assert report.checked and not report.valid
    assert report.error_line == line, report.message
    assert report.message.startswith(f"line {line}: ")
    assert report.open_at_end is open_at_end


def test_missing_and_unexpected_messages() -> None:
    assert check_syntax("function f(x) {\n  return g(x;\n}\n", "javascript").message == (
        "line 2: missing ')'")
    assert "unexpected '}'" in check_syntax("int f() { return 1; }\n}\n", "cpp").message


@pytest.mark.parametrize("language", LANGUAGES)
def test_reference_cut_in_half_is_open_at_end(language: str) -> None:
    tasks = [t for t in load_builtin().tasks if t.language == language][:5]
    for task in tasks:
        lines = task.reference.rstrip().splitlines()
        cut = "\n".join(lines[: max(2, len(lines) // 2)])
        report = check_syntax(cut, language)
        if report.valid:  # the cut can fall between two complete definitions
            continue
        assert report.open_at_end, (task.id, report)
