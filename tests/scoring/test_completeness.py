"""Completeness signals: positives per language, the reference corpus, simulated truncation."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecanary.providers.simulated.faults import truncate
from codecanary.scoring.completeness import Completeness, check_completeness
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

LANGS = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")


@lru_cache(maxsize=1)
def _tasks() -> tuple[Task, ...]:
    return tuple(load_builtin().tasks)


def _check(code: str, language: str, entry: str = "", finish: str | None = None) -> Completeness:
    return check_completeness(code, language, entry_point=entry, finish_reason=finish)


TRUNCATED = {
    "python": "def f(xs):\n    total = 0\n    for x in xs:\n",
    "javascript": "function f(xs) {\n  let total = 0;\n  for (const x of xs) {\n    total +=",
    "typescript": "function f(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0",
    "go": "package main\n\nfunc f(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n",
    "rust": "fn f(xs: &[i64]) -> i64 {\n    xs.iter().sum::<i64>() + \"abc",
    "java": "class S {\n    static int f(int[] xs) {\n        int t = 0;\n        return t",
    "cpp": "#include <vector>\nint f(const std::vector<int>& xs) {\n    int t = 0;\n    return t.",
}


@pytest.mark.parametrize("language", LANGS)
def test_truncated_examples_are_flagged(language: str) -> None:
    c = _check(TRUNCATED[language], language)
    assert c.truncated and c.truncation_reasons


def test_finish_reason_length_and_max_tokens() -> None:
    for reason in ("length", "max_tokens"):
        c = _check("def f():\n    return 1\n", "python", finish=reason)
        assert c.truncation_reasons == (f"finish_reason={reason}",)
    assert not _check("def f():\n    return 1\n", "python", finish="stop").truncated


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    code = 'function f() {\n  // a ( b [ c {\n  return "({[";\n}\n'
    assert not _check(code, "javascript").truncated
    assert "unterminated string" in _check('x = "abc', "python").truncation_reasons
    assert _check('def f():\n    return """doc', "python").truncated


PLACEHOLDERS = {
    "python": ("def f(x):\n    \"\"\"Doc.\"\"\"\n    raise NotImplementedError\n",
               "NotImplementedError"),
    "javascript": ('function f(x) {\n  throw new Error("not implemented");\n}\n',
                   "not implemented"),
    "typescript": ("function f(x: number): number {\n  // TODO: implement\n  return 0;\n}\n",
                   "TODO"),
    "go": ('package main\n\nfunc f(x int) int {\n\tpanic("TODO")\n}\n', "panic"),
    "rust": ("fn f(x: i64) -> i64 {\n    todo!()\n}\n", "todo!"),
    "java": ("class S {\n    static int f(int x) {\n"
             "        throw new UnsupportedOperationException();\n    }\n}\n", "Unsupported"),
    "cpp": ("int f(int x) {\n    // FIXME: finish this\n    return 0;\n}\n", "FIXME"),
}


@pytest.mark.parametrize("language", LANGS)
def test_placeholders_are_flagged(language: str) -> None:
    code, word = PLACEHOLDERS[language]
    c = _check(code, language)
    assert c.placeholder and any(word in r for r in c.placeholder_reasons), c
    assert not c.truncated


def test_python_pass_and_ellipsis_bodies() -> None:
    assert _check("def f():\n    pass\n", "python").placeholder
    assert _check("def f():\n    ...\n", "python").placeholder
    abstract = ("from abc import ABC, abstractmethod\nclass A(ABC):\n"
                "    @abstractmethod\n    def f(self): ...\n")
    assert not _check(abstract, "python").placeholder


@pytest.mark.parametrize(("language", "code"), [
    ("python", "def g(x):\n    return x\n"),
    ("javascript", "function g(x) { return x; }\n"),
    ("go", "package main\n\nfunc g(x int) int { return x }\n"),
    ("rust", "fn g(x: i64) -> i64 { x }\n"),
    ("java", "class S {\n    static int g(int x) { return x; }\n}\n"),
    ("cpp", "int g(int x) { return x; }\n"),
])
def test_missing_entry_point(language: str, code: str) -> None:
    assert _check(code, language, entry="f").missing_entry_point
    assert not _check(code, language, entry="g").missing_entry_point
    assert not _check(code, language, entry="").missing_entry_point


def test_references_are_never_flagged() -> None:
    flagged = []
    for task in _tasks():
        c = _check(task.reference, task.language, entry=task.entry_point)
        if c.truncated or c.missing_entry_point or c.placeholder:
            flagged.append((task.id, c))
    assert len(_tasks()) == 254  # 221 + 33 Ruby
    assert flagged == []


@pytest.mark.slow
def test_simulated_truncation_detection_rate() -> None:
    rng = random.Random(7)
    hits = total = 0
    for task in _tasks():
        for _ in range(3):
            cut = truncate(task.reference, rng, code_start=0)
            total += 1
            hits += _check(cut, task.language, entry=task.entry_point).truncated
    assert hits / total > 0.9, hits / total


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from((*LANGS, "cobol")), st.text(max_size=10))
def test_never_raises(code: str, language: str, entry: str) -> None:
    check_completeness(code, language, entry_point=entry, finish_reason=None)


@pytest.mark.parametrize(("language", "code"), [
    ("javascript", "const limit = 5\nmodule.exports = limit\n"),  # no semicolons (ASI)
    ("go", "package main\n\nvar limit = 10\n"),
    ("cpp", "int f() { return 1; }\n// Time complexity: O(n)\n"),
    ("java", "class S {\n    static int f() { return 1; }\n}\n// O(1) time."),
    ("python", "def f():\n    return 1\n\n\nif __name__ == '__main__':\n    print(f())"),
])
def test_finished_answers_in_other_styles_are_not_truncated(language: str, code: str) -> None:
    assert not _check(code, language).truncated
