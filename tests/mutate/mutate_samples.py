"""Hand-written tasks in every language (conventions.md harness format) for mutator and
simulated-provider tests: the same small problem, idiomatic in each language."""

from __future__ import annotations

from typing import NamedTuple


class Sample(NamedTuple):
    language: str
    reference: str
    tests: str
    entry_point: str


CASES = [([1, 2, 3, 4, 6], 2, 10), ([], 3, 0), ([2, 4], 5, 6), ([8, -2, 7], 1, 8),
         ([1, 3], 2, 0), ([4, 4, 2], 2, 8), ([10, 2, 6], 0, 0), ([-4, -6, 3], 2, -10)]

PY_REF = '''\
def _is_even(n: int) -> bool:
    # Negative numbers too: -4 % 2 == 0 in Python.
    if n % 2 == 0:
        return True
    return False


def top_k_even_sum(xs: list[int], k: int) -> int:
    """Sum of the k largest even numbers in xs ("evens" only)."""
    evens = []
    for x in xs:
        if _is_even(x):
            evens.append(x)
    evens = sorted(evens, reverse=True)
    total = 0
    count = 0
    while count < k and count < len(evens):
        total += evens[count]
        count += 1
    return total
'''

JS_REF = '''\
function isEven(n) {
  // "n % 2" is -0 for negative evens, still == 0
  if (n % 2 === 0) {
    return true;
  }
  return false;
}

function topKEvenSum(xs, k) {
  const evens = [];
  for (const x of xs) {
    if (isEven(x)) {
      evens.push(x);
    }
  }
  evens.sort((a, b) => b - a);
  let total = 0;
  for (let i = 0; i < k && i < evens.length; i++) {
    total += evens[i];
  }
  return total;
}
'''

TS_REF = '''\
function isEven(n: number): boolean {
  /* 'n % 2' handles negatives */
  if (n % 2 === 0) {
    return true;
  }
  return false;
}

function topKEvenSum(xs: number[], k: number): number {
  const evens: Array<number> = [];
  for (const x of xs) {
    if (isEven(x)) {
      evens.push(x);
    }
  }
  evens.sort((a: number, b: number) => b - a);
  let total = 0;
  for (let i = 0; i < k && i < evens.length; i++) {
    total += evens[i];
  }
  return total;
}
'''

GO_REF = '''\
package main

import "sort"

func isEven(n int) bool {
	// "n % 2" is 0 for negative evens
	if n%2 == 0 {
		return true
	}
	return false
}

func topKEvenSum(xs []int, k int) int {
	evens := []int{}
	for _, x := range xs {
		if isEven(x) {
			evens = append(evens, x)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(evens)))
	total := 0
	for i := 0; i < k && i < len(evens); i++ {
		total += evens[i]
	}
	return total
}
'''

RUST_REF = '''\
fn is_even(n: i64) -> bool {
    // "n % 2" is 0 for negative evens; 'c' is a char
    if n % 2 == 0 {
        return true;
    }
    false
}

fn top_k_even_sum(xs: &[i64], k: usize) -> i64 {
    let mut evens: Vec<i64> = Vec::new();
    for &x in xs.iter() {
        if is_even(x) {
            evens.push(x);
        }
    }
    evens.sort_by(|a, b| b.cmp(a));
    let mut total: i64 = 0;
    let mut i = 0;
    while i < k && i < evens.len() {
        total += evens[i];
        i += 1;
    }
    total
}
'''

JAVA_REF = '''\
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

class Solution {
    static boolean isEven(long n) {
        // "n % 2" is 0 for negative evens
        if (n % 2 == 0) {
            return true;
        }
        return false;
    }

    static long topKEvenSum(List<Long> xs, int k) {
        List<Long> evens = new ArrayList<>();
        for (long x : xs) {
            if (isEven(x)) {
                evens.add(x);
            }
        }
        Collections.sort(evens, Collections.reverseOrder());
        long total = 0;
        for (int i = 0; i < k && i < evens.size(); i++) {
            total += evens.get(i);
        }
        return total;
    }
}
'''

CPP_REF = '''\
#include <algorithm>
#include <functional>
#include <vector>

bool is_even(long long n) {
    // "n % 2" is 0 for negative evens; '\\'' is a char
    if (n % 2 == 0) {
        return true;
    }
    return false;
}

long long top_k_even_sum(const std::vector<long long>& xs, int k) {
    std::vector<long long> evens;
    for (long long x : xs) {
        if (is_even(x)) {
            evens.push_back(x);
        }
    }
    std::sort(evens.begin(), evens.end(), std::greater<long long>());
    long long total = 0;
    for (int i = 0; i < k && i < (int)evens.size(); i++) {
        total += evens[i];
    }
    return total;
}
'''


def _lit(xs: list[int], lang: str) -> str:
    inner = ", ".join(str(x) for x in xs)
    if lang == "go":
        return "[]int{" + inner + "}"
    if lang == "rust":
        return "&[" + ", ".join(f"{x}i64" for x in xs) + "]"
    if lang == "java":
        return "List.of(" + ", ".join(f"{x}L" for x in xs) + ")"
    if lang == "cpp":
        return "std::vector<long long>{" + inner + "}"
    return "[" + inner + "]"


def _tests(lang: str) -> str:
    lines = []
    for i, (xs, k, want) in enumerate(CASES):
        call = f"{_lit(xs, lang)}, {k}"
        if lang == "python":
            lines.append(f"assert top_k_even_sum({call}) == {want}, 'case {i}'")
        elif lang in ("javascript", "typescript"):
            lines.append(f"if (topKEvenSum({call}) !== {want}) "
                         f"{{ throw new Error('case {i}'); }}")
        elif lang == "go":
            lines.append(f'\tif topKEvenSum({call}) != {want} {{\n'
                         f'\t\tfmt.Fprintln(os.Stderr, "case {i}")\n\t\tos.Exit(1)\n\t}}')
        elif lang == "rust":
            lines.append(f'    assert_eq!(top_k_even_sum({call}), {want}, "case {i}");')
        elif lang == "java":
            lines.append(f'        if (Solution.topKEvenSum({call}) != {want}L) '
                         f'{{ System.err.println("case {i}"); System.exit(1); }}')
        else:
            lines.append(f'    if (top_k_even_sum({call}) != {want}) '
                         f'{{ std::cerr << "case {i}\\n"; return 1; }}')
    body = "\n".join(lines)
    if lang == "go":
        return f'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {{\n{body}\n}}\n'
    if lang == "rust":
        return f"fn main() {{\n{body}\n}}\n"
    if lang == "java":
        return ("import java.util.List;\n\npublic class Main {\n"
                f"    public static void main(String[] a) {{\n{body}\n    }}\n}}\n")
    if lang == "cpp":
        return f"#include <iostream>\n\nint main() {{\n{body}\n    return 0;\n}}\n"
    return body + "\n"


SAMPLES = {
    "python": Sample("python", PY_REF, _tests("python"), "top_k_even_sum"),
    "javascript": Sample("javascript", JS_REF, _tests("javascript"), "topKEvenSum"),
    "typescript": Sample("typescript", TS_REF, _tests("typescript"), "topKEvenSum"),
    "go": Sample("go", GO_REF, _tests("go"), "topKEvenSum"),
    "rust": Sample("rust", RUST_REF, _tests("rust"), "top_k_even_sum"),
    "java": Sample("java", JAVA_REF, _tests("java"), "topKEvenSum"),
    "cpp": Sample("cpp", CPP_REF, _tests("cpp"), "top_k_even_sum"),
}
