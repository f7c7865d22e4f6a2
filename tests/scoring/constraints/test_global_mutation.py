"""no_global_mutation: mutation through methods, items, attributes and mutating functions.

Each case is an answer, the line its violation must be reported at (None: none), and
why. Negative cases shadow the global with a local/parameter or only read it.
"""

from __future__ import annotations

import pytest

from codecanary.scoring.constraints import check_constraints
from codecanary.scoring.constraints.mutators import (
    accessors,
    mutating_functions,
    mutating_methods,
)

RULE = [{"kind": "no_global_mutation"}]

PYTHON = [
    ("CACHE = []\n\ndef f(x):\n    CACHE.append(x)\n", 4),
    ("CACHE = {}\n\ndef f(k, v):\n    CACHE.update({k: v})\n", 4),
    ("CACHE = {}\n\ndef f(k, v):\n    if k:\n        CACHE[k] = v\n", 5),
    ("class S:\n    count = 0\n\nSTATE = S()\n\ndef f():\n    STATE.count += 1\n", 7),
    ("CACHE = {}\n\ndef f(k):\n    CACHE.setdefault(k, []).append(1)\n", 4),
    ("CACHE = {}\n\ndef f(k):\n    CACHE.get(k).add(1)\n", 4),
    ("CACHE = {}\n\ndef f(k):\n    del CACHE[k]\n", 4),
    ("from heapq import heappush as hp\nH = []\n\ndef f(x):\n    hp(H, x)\n", 5),
    ("SEEN = set()\n\nclass C:\n    def f(self, x):\n        SEEN.add(x)\n", 5),
    # a plain assignment binds a local, which may then be mutated
    ("CACHE = []\n\ndef f(x):\n    CACHE = []\n    CACHE.append(x)\n    return CACHE\n", None),
    ("CACHE = []\n\ndef f(CACHE):\n    CACHE.append(1)\n", None),
    ("CACHE = []\n\ndef f(x):\n    for CACHE in [[1]]:\n        CACHE.append(x)\n", None),
    ("CACHE = [1]\n\ndef f(x):\n    mine = list(CACHE)\n    mine.append(x)\n"
     "    return len(CACHE), CACHE.count(x), sorted(CACHE), mine\n", None),
    ("CACHE = [1]\n\ndef f(x):\n    return sorted(CACHE).pop()\n", None),
]
JAVASCRIPT = [
    ("const cache = [];\nfunction f(x) {\n  cache.push(x);\n}\n", 3),
    ("const cache = {};\nfunction f(k, v) {\n  cache[k] = v;\n}\n", 3),
    ("const obj = {};\nconst f = () => {\n  obj.field = 1;\n};\n", 3),
    ("const cache = new Map();\nfunction f(k) {\n  cache.delete(k);\n}\n", 3),
    ("const cache = {};\nfunction f(k) {\n  delete cache[k];\n}\n", 3),
    ("const cfg = {};\nfunction f(extra) {\n  Object.assign(cfg, extra);\n}\n", 3),
    ("const xs = [3, 1];\nfunction f() {\n  return xs.slice().sort();\n}\n", None),
    ("const cache = [];\nfunction f(cache) {\n  cache.push(1);\n}\n", None),
    ("const cache = [];\nfunction f(x) {\n  const cache = [x];\n  cache.push(x);\n"
     "  return cache;\n}\n", None),
]
TYPESCRIPT = [
    ("const cache = new Map<string, number>();\nfunction f(k: string): void {\n"
     "  cache.set(k, 1);\n}\n", 3),
    ("const items: number[] = [];\nexport function f(x: number): number {\n"
     "  items.unshift(x);\n  return items.length;\n}\n", 3),
    ("const cache: number[] = [];\nfunction f(): number {\n  const cache: number[] = [];\n"
     "  cache.push(1);\n  return cache.length;\n}\n", None),
    ("const cache = new Map<string, number>();\nfunction f(k: string): number {\n"
     "  return cache.get(k) ?? 0;\n}\n", None),
]
GO = [
    ("package main\n\nvar cache = map[string]int{}\n\nfunc f(k string) {\n\tcache[k] = 1\n}\n", 6),
    ("package main\n\nvar cache []int\n\nfunc f(x int) {\n\tcache = append(cache, x)\n}\n", 6),
    ("package main\n\nvar cache = map[string]int{}\n\nfunc f(k string) {\n"
     "\tdelete(cache, k)\n}\n", 6),
    ("package main\n\nimport \"sort\"\n\nvar xs []int\n\nfunc f() {\n\tsort.Ints(xs)\n}\n", 8),
    ("package main\n\nvar cache []int\n\nfunc f(x int) []int {\n\tcache := []int{}\n"
     "\tcache = append(cache, x)\n\treturn cache\n}\n", None),
    ("package main\n\nvar cache = map[string]int{}\n\nfunc f(k string) int {\n"
     "\treturn cache[k]\n}\n", None),
]
RUST = [
    ("static mut N: u32 = 0;\nfn f() {\n    unsafe { N += 1; }\n}\n", 3),
    ("use std::sync::Mutex;\nstatic C: Mutex<Vec<u32>> = Mutex::new(Vec::new());\n"
     "fn f() {\n    C.lock().unwrap().push(1);\n}\n", 4),
    ("use std::sync::atomic::{AtomicUsize, Ordering};\nstatic HITS: AtomicUsize = "
     "AtomicUsize::new(0);\nfn f() {\n    HITS.fetch_add(1, Ordering::SeqCst);\n}\n", 4),
    ("use std::sync::Mutex;\nstatic C: Mutex<Vec<u32>> = Mutex::new(Vec::new());\n"
     "fn f() -> usize {\n    let mut c = C.lock().unwrap().clone();\n    c.push(1);\n"
     "    C.lock().unwrap().len()\n}\n", None),
    ("static mut N: u32 = 0;\nfn f(mut N: u32) -> u32 {\n    N += 1;\n    N\n}\n", None),
]
JAVA = [
    ("import java.util.*;\nclass A {\n  static Map<String, Integer> CACHE = new HashMap<>();\n"
     "  static void f(String k) {\n    CACHE.put(k, 1);\n  }\n}\n", 5),
    ("class A {\n  static int count;\n  static void f() {\n    count++;\n  }\n}\n", 4),
    ("class A {\n  static int count;\n  static void f() {\n    A.count += 2;\n  }\n}\n", 4),
    ("import java.util.*;\nclass A {\n  static Map<String, List<Integer>> M = new HashMap<>();\n"
     "  static void f(String k) {\n    M.get(k).add(1);\n  }\n}\n", 5),
    ("import java.util.*;\nclass A {\n  static List<Integer> CACHE = new ArrayList<>();\n"
     "  static int f() {\n    List<Integer> CACHE = new ArrayList<>();\n    CACHE.add(1);\n"
     "    return CACHE.size();\n  }\n}\n", None),
    ("import java.util.*;\nclass A {\n  static List<Integer> CACHE = new ArrayList<>();\n"
     "  static int f(int x) {\n    return CACHE.contains(x) ? CACHE.get(0) : 0;\n  }\n}\n",
     None),
    # methods of immutable types return new values
    ("import java.math.BigInteger;\nclass A {\n  static final BigInteger MOD = "
     "BigInteger.valueOf(7);\n  static final String SEP = \",\";\n"
     "  static BigInteger f(BigInteger x) {\n    SEP.replace(\",\", \";\");\n"
     "    return MOD.add(x);\n  }\n}\n", None),
]
CPP = [
    ("#include <vector>\nstd::vector<int> cache;\nvoid f(int x) {\n  cache.push_back(x);\n}\n",
     4),
    ("#include <map>\nstd::map<int, int> cache;\nvoid f(int k) {\n  cache[k] = 1;\n}\n", 4),
    ("#include <algorithm>\n#include <vector>\nstd::vector<int> v;\nvoid f() {\n"
     "  std::sort(v.begin(), v.end());\n}\n", 5),
    ("int n;\nvoid f() {\n  ::n++;\n}\n", 3),
    ("#include <vector>\nstd::vector<int> cache;\nint f(int x) {\n  std::vector<int> cache;\n"
     "  cache.push_back(x);\n  return cache.size();\n}\n", None),
    ("#include <vector>\nstd::vector<int> cache;\nint f(std::vector<int> cache) {\n"
     "  cache.push_back(1);\n  return cache.size();\n}\n", None),
]
CASES = [(lang, code, line) for lang, cases in (
    ("python", PYTHON), ("javascript", JAVASCRIPT), ("typescript", TYPESCRIPT), ("go", GO),
    ("rust", RUST), ("java", JAVA), ("cpp", CPP)) for code, line in cases]


@pytest.mark.parametrize(("language", "code", "line"), CASES)
def test_mutation_of_a_global(language: str, code: str, line: int | None) -> None:
    violations = check_constraints(code, language, RULE, "f")
    assert [v.line for v in violations] == ([] if line is None else [line])
    assert all(v.kind == "no_global_mutation" for v in violations)


def test_message_names_the_global_and_the_method() -> None:
    code = "CACHE = []\n\ndef f(x):\n    CACHE.append(x)\n"
    [violation] = check_constraints(code, "python", RULE, "f")
    assert violation.message == "modifies global CACHE at line 4 through append() (forbidden)"


def test_top_level_code_may_build_its_globals() -> None:
    code = "CACHE = []\nCACHE.append(1)\n\ndef f():\n    return CACHE[0]\n"
    assert check_constraints(code, "python", RULE, "f") == []


def test_every_panel_language_has_lists() -> None:
    languages = ("python", "javascript", "typescript", "go", "rust", "java", "cpp")
    assert all(mutating_methods(x) and mutating_functions(x) and accessors(x) for x in languages)
    assert "append" in mutating_methods("python") and "push" in mutating_methods("javascript")
    # accessors return references, not copies: copying methods must never be listed
    assert not any({"copy", "clone", "slice", "to_vec"} & accessors(x) for x in languages)
    assert mutating_methods("cobol") == frozenset()  # unknown: nothing, never Python's
