"""Maintainability: ruff on Python, lexer rules elsewhere, lizard complexity, line counts."""

from __future__ import annotations

import asyncio
import statistics
import time
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecanary.scoring import score
from codecanary.scoring.maintainability import (
    Lint,
    length_ratio,
    lint_external,
    measure_maintainability,
)
from codecanary.scoring.score import StaticCache
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

LANGS = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")


@lru_cache(maxsize=1)
def _tasks() -> tuple[Task, ...]:
    return tuple(load_builtin().tasks)


def test_python_findings_come_from_ruff() -> None:
    code = (
        "import os\n\n"
        "def f(xs=[]):\n"
        "    # collect\n"
        "    unused = 1\n"
        "    try:\n"
        "        return xs[0]\n"
        "    except:\n"
        "        return None\n"
    )
    m = measure_maintainability(code, "python")
    assert m.linter.startswith("ruff ")
    codes = {f.split()[2] for f in m.findings}
    assert {"F401", "F841", "B006", "E722"} <= codes, m.findings
    assert m.findings[0].startswith("line 1: F401")
    assert m.code_lines == 7 and m.comment_ratio == pytest.approx(1 / 8, abs=1e-3)
    assert m.lint_per_100_lines == pytest.approx(100 * m.lint_findings / 7, abs=1e-2)


PY_LINTED = "import os\n\ndef f(xs=[]):\n    unused = 1\n    return xs\n"


async def test_awaited_lint_matches_the_blocking_one() -> None:
    lint = await lint_external(PY_LINTED, "python")
    assert lint is not None and lint.linter.startswith("ruff ")
    assert measure_maintainability(PY_LINTED, "python", lint=lint) == \
        measure_maintainability(PY_LINTED, "python")
    assert await lint_external("int main() { return 0; }", "cpp") is None


async def test_static_cache_awaits_lint_once_per_answer() -> None:
    task = next(t for t in _tasks() if t.language == "python")
    cache = StaticCache(size=4)
    first = await cache.analyse_async(task, PY_LINTED, finish_reason="stop")
    again = await cache.analyse_async(task, PY_LINTED, finish_reason="stop")
    assert again is first and cache.hits == 1
    assert first.maintainability is not None and first.maintainability.lint_findings >= 3
    assert cache.analyse(task, PY_LINTED, finish_reason="stop") is first


async def test_static_cache_shares_an_analysis_under_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    task = next(t for t in _tasks() if t.language == "python")
    calls: list[str] = []

    async def counting(code: str, language: str) -> Lint | None:
        calls.append(code)
        return await lint_external(code, language)

    monkeypatch.setattr(score, "lint_external", counting)
    cache = StaticCache(size=4)
    reports = await asyncio.gather(*(cache.analyse_async(task, PY_LINTED, finish_reason="stop")
                                     for _ in range(5)))
    assert len(calls) == 1 and all(r is reports[0] for r in reports)
    assert cache.hits == 4


LINTED = {
    "javascript": ("function f(a) {\n  var x = 1;\n  if (a == 2) { x = 3; }\n  return x;\n}\n",
                   ("`var`", "loose equality")),
    "typescript": ("function f(a: number): number {\n  const tmp = 4;\n"
                   "  try { return a; } catch (e) {}\n"
                   "  return 0;\n}\n", ("never used", "empty catch")),
    "go": ("package main\n\nfunc f(a int) int {\nloop:\n\tif a > 0 {\n\t\ta--\n\t\tgoto loop\n\t}\n"
           "\treturn a // TODO tidy\n}\n", ("goto", "TODO")),
    "rust": ("fn f(a: i64) -> i64 {\n    let mut spare = 0;\n    a\n}\n", ("never used",)),
    "java": ("class S {\n    static int f(String s) {\n        try { return Integer.parseInt(s); }"
             " catch (NumberFormatException e) { }\n        return 0;\n    }\n}\n",
             ("empty catch",)),
    "cpp": ("#include <vector>\nusing namespace std;\nint f(int a) {\n    return a; "
            + "/" * 130 + "\n}\n",
            ("using namespace std", "longer than 120")),
}


@pytest.mark.parametrize("language", sorted(LINTED))
def test_lexer_rules(language: str) -> None:
    code, expected = LINTED[language]
    m = measure_maintainability(code, language)
    assert m.linter == "lexer rules + lizard"
    for word in expected:
        assert any(word in f for f in m.findings), (word, m.findings)


NESTED = {
    "python": "def f(a):\n    if a:\n        for i in range(a):\n            while i:\n"
              "                i -= 1\n"
              "                if i and a:\n                    return 1\n    return 0\n",
    "javascript": "function f(a) {\n  if (a) { for (let i = 0; i < a; i++) { while (i) { i--; "
                  "if (i && a) { return 1; } } } }\n  return 0;\n}\n",
    "go": "package main\n\nfunc f(a int) int {\n\tif a > 0 {\n\t\tfor i := 0; i < a; i++ {\n"
          "\t\t\tif i > 1 && a > 2 {\n\t\t\t\treturn 1\n\t\t\t}\n\t\t}\n\t}\n\treturn 0\n}\n",
}


@pytest.mark.parametrize("language", sorted(NESTED))
def test_cyclomatic_complexity_from_lizard(language: str) -> None:
    assert measure_maintainability(NESTED[language], language).cyclomatic_complexity >= 5
    assert measure_maintainability("x = 1\n", "python").cyclomatic_complexity == 1


def test_length_ratio() -> None:
    ref = "def f(a):\n    # why\n    return a\n"
    assert length_ratio(ref + "\n\n", ref, "python") == 1.0
    assert length_ratio("def f(a):\n    b = a\n    c = b\n    return c\n", ref, "python") == 2.0
    assert length_ratio("x = 1\n", "# only a comment\n", "python") is None


def test_references_measure_cleanly_and_fast() -> None:
    times: dict[str, list[float]] = {}
    for task in _tasks():
        start = time.perf_counter()
        m = measure_maintainability(task.reference, task.language)
        times.setdefault(task.language, []).append(time.perf_counter() - start)
        assert m.code_lines > 0 and m.cyclomatic_complexity >= 1
        assert len(m.findings) <= 10 and 0.0 <= m.comment_ratio <= 1.0
        assert not any("E999" in f or "F821" in f for f in m.findings), (task.id, m.findings)
        assert length_ratio(task.reference, task.reference, task.language) == 1.0
    # A loose bound (2 shared cores): ruff is one subprocess per call.
    assert all(statistics.median(v) < 0.25 for v in times.values()), times


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200), st.sampled_from((*LANGS, "cobol")))
def test_never_raises(code: str, language: str) -> None:
    measure_maintainability(code, language)
    length_ratio(code, code, language)
