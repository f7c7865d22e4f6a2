"""Finding the top of a function body (for inserted statements) in each language."""

from __future__ import annotations

import pytest

from codecanary.mutate.locate import find_body


@pytest.mark.parametrize(("language", "source", "entry", "expected"), [
    ("python", 'def f(a, *rest, k: int = 1, **kw):\n    """Doc\n    string."""\n    return a\n',
     "f", 'def f(a, *rest, k: int = 1, **kw):\n    """Doc\n    string."""\n    X\n    return a\n'),
    ("python", "class C:\n    def f(self, x):\n        return x\n", "f",
     "class C:\n    def f(self, x):\n        X\n        return x\n"),
    ("javascript", "const f = (a, b) => {\n  return a + b;\n};\n", "f",
     "const f = (a, b) => {\n  X\n  return a + b;\n};\n"),
    ("javascript",
     "function g(x) { return x; }\nconst f = async function (y) {\n  return g(y);\n};\n", "f",
     "function g(x) { return x; }\nconst f = async function (y) {\n  X\n  return g(y);\n};\n"),
    ("typescript", "class A {\n  f(x: number): { v: number } {\n    return { v: x };\n  }\n}\n",
     "f", "class A {\n  f(x: number): { v: number } {\n    X\n    return { v: x };\n  }\n}\n"),
    ("go", "package main\n\nimport (\n\t\"sort\"\n)\n\ntype S struct{}\n\n"
     "func (s *S) f(a []int) (int, error) {\n\tsort.Ints(a)\n\treturn 0, nil\n}\n", "f",
     "package main\n\nimport (\n\t\"sort\"\n)\n\ntype S struct{}\n\n"
     "func (s *S) f(a []int) (int, error) {\n\tX\n\tsort.Ints(a)\n\treturn 0, nil\n}\n"),
    ("rust", "fn f<T: Ord>(v: &mut Vec<T>) -> usize where T: Clone {\n    v.len()\n}\n", "f",
     "fn f<T: Ord>(v: &mut Vec<T>) -> usize where T: Clone {\n    X\n    v.len()\n}\n"),
    ("java", "class B extends A {\n    B(int x) {\n        super(x);\n    }\n"
     "    int f(int y) throws Exception {\n        return y;\n    }\n}\n", "B",
     "class B extends A {\n    B(int x) {\n        super(x);\n    }\n"
     "    int f(int y) throws Exception {\n        X\n        return y;\n    }\n}\n"),
    ("cpp",
     "#include <vector>\nint g(int);\nint f(std::vector<int>& v) const {\n  return g(v[0]);\n}\n",
     "f",
     "#include <vector>\nint g(int);\nint f(std::vector<int>& v) const {\n  X\n"
     "  return g(v[0]);\n}\n"),
])
def test_insert_at_body_top(language: str, source: str, entry: str, expected: str) -> None:
    body = find_body(source, language, entry)
    assert body is not None
    assert body.insert(source, ["X"]) == expected


def test_parameters_and_sizes() -> None:
    py = find_body("def f(a, *rest, k=1, **kw):\n    return a\n", "python", "f")
    assert py is not None and py.params == ("a", "rest", "k", "kw")
    go = find_body("func f(a, b []int, s string, p *T, n int) int {\n\treturn n\n}\n", "go", "f")
    assert go is not None and go.sizes == ("len(a)", "len(b)", "len(s)")
    rs = find_body("fn f(&self, a: &[i64], o: Option<Vec<u8>>, s: &'a str) -> u8 {\n    0\n}\n",
                   "rust", "f")
    assert rs is not None and rs.sizes == ("(a.len() as u64)", "(s.len() as u64)")
    cpp = find_body("int f(const std::vector<int>& a, int* p, std::map<int, int> m, int k = 3) {\n"
                    "    return 0;\n}\n", "cpp", "f")
    assert cpp is not None and cpp.sizes == ("a.size()", "m.size()")
    java = find_body("static int f(int[] a, Map<String, List<Integer>> m, int... xs) {\n"
                     "    return 0;\n}\n", "java", "f")
    assert java is not None and java.sizes == (
        "java.util.Arrays.deepToString(new Object[]{a, m, xs}).length()",)


def test_no_body() -> None:
    assert find_body("def f(x): return x\n", "python", "f") is None
    assert find_body("const f = (x) => x + 1;\n", "javascript", "f") is None
