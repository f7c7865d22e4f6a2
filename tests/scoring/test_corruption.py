"""Corruption signals: positives per language, the reference corpus, simulated corruption."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecanary.providers.simulated.faults import corrupt_tokens
from codecanary.scoring.corruption import check_corruption, wrong_language
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Task

LANGS = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")


@lru_cache(maxsize=1)
def _tasks() -> tuple[Task, ...]:
    return tuple(load_builtin().tasks)


FOREIGN = {
    "python": "def f(xs):\n    ผลลัพธ์ = sum(xs)\n    return ผลลัพธ์\n",
    "javascript": "function f(xs) {\n  const 结果 = xs.length;\n  return 结果;\n}\n",
    "typescript": "function f(xs: number[]): number {\n  return xs.length; // длина\n}\n",
    "go": "package main\n\nfunc f(xs []int) int {\n\treturn len(xs) // 길이\n}\n",
    "rust": "fn f(xs: &[i64]) -> usize {\n    let 変数 = xs.len();\n    変数\n}\n",
    "java": "class S {\n    static String f() { return \"مرحبا\"; }\n}\n",
    "cpp": "int f(int x) {\n    return x; // ค่า\n}\n",
}


@pytest.mark.parametrize("language", LANGS)
def test_foreign_scripts_are_flagged(language: str) -> None:
    c = check_corruption(FOREIGN[language], language, allowed_text="Sum the list.")
    assert c.corrupted and c.foreign_chars > 0 and c.reasons


@pytest.mark.parametrize("language", LANGS)
def test_mojibake_and_replacement_chars(language: str) -> None:
    code = FOREIGN["cpp"].replace("ค่า", "caf\u00c3\u00a9 \ufffd")
    c = check_corruption(code, language)
    assert c.replacement_chars == 2 and c.corrupted


def test_allowed_scripts_in_strings_are_fine() -> None:
    code = 'def greet():\n    return "café — Grüße"\n'
    assert not check_corruption(code, "python", allowed_text="Return 'café' or 'Grüße'.").corrupted
    assert check_corruption(code, "python", allowed_text="Return a greeting.").corrupted
    assert check_corruption("x = 1 × 2\n", "python").foreign_chars == 1  # in code: always


@pytest.mark.parametrize("language", LANGS)
def test_runaway_repetition(language: str) -> None:
    line = "    total = total + 1;\n" if language != "python" else "    total = total + 1\n"
    c = check_corruption("x = 0\n" + line * 12, language)
    assert c.repetition and c.corrupted
    tokens = "a, b, " * 100
    assert check_corruption(f"f({tokens})\n", language).repetition


def test_wrong_language_positives_and_ts_js_rule() -> None:
    py = "def add(a, b):\n    result = a + b\n    return result\n\nprint(add(1, 2))\n"
    go = "package main\n\nimport \"fmt\"\n\nfunc add(a int, b int) int {\n\treturn a + b\n}\n"
    assert wrong_language(py, "java") == "python"
    assert wrong_language(go, "python") == "go"
    js = "function add(a, b) {\n  const s = a + b;\n  return s;\n}\nmodule.exports = { add };\n"
    assert wrong_language(js, "typescript") is None  # JS is valid TS
    assert wrong_language(py, "python") is None


def test_javascript_task_answered_with_typescript_annotations() -> None:
    ts = [t for t in _tasks() if t.language == "typescript"]
    caught = sum(wrong_language(t.reference, "javascript") == "typescript" for t in ts)
    assert caught >= 0.9 * len(ts)


def test_references_are_never_flagged() -> None:
    bad = []
    for task in _tasks():
        allowed = task.prompt + task.tests + task.reference
        c = check_corruption(task.reference, task.language, allowed_text=allowed)
        if c.corrupted or wrong_language(task.reference, task.language):
            bad.append((task.id, c.reasons))
    assert bad == []


def test_simulated_corrupt_tokens_always_detected() -> None:
    rng = random.Random(11)
    missed = []
    for task in _tasks():
        broken = corrupt_tokens(task.reference, task.language, rng)
        allowed = task.prompt + task.tests + task.reference
        if not check_corruption(broken, task.language, allowed_text=allowed).corrupted:
            missed.append(task.id)
    assert missed == []


def test_references_in_the_wrong_language_are_mostly_caught() -> None:
    caught = total = 0
    for task in _tasks()[::3]:
        for lang in LANGS:
            if lang == task.language or {lang, task.language} == {"javascript", "typescript"}:
                continue
            total += 1
            caught += wrong_language(task.reference, lang) is not None
    assert caught / total > 0.75, caught / total


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from((*LANGS, "cobol")), st.text(max_size=20))
def test_never_raises(code: str, language: str, allowed: str) -> None:
    check_corruption(code, language, allowed_text=allowed)
    wrong_language(code, language)
