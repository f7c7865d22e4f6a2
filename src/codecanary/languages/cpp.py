"""C++17: everything codecanary knows about it.

Running: ``main.cpp`` = code + tests, built with ``g++ -std=c++17 -O2``.
"""

from __future__ import annotations

import re

from codecanary.languages.base import (
    DiagnosisRules,
    ErrorSignatures,
    ExtractionRules,
    Grammar,
    LanguageDef,
    LexerRules,
    MutationRules,
    NodeTypes,
    ScoringRules,
    SecurityRules,
    SimulationRules,
    insecure_patterns,
    rx,
    words,
)
from codecanary.languages.running import RunSpec

RUN = RunSpec(
    name="cpp",
    main_file="main.cpp",
    compile_argv=("g++", "-std=c++17", "-O2", "-o", "prog", "main.cpp"),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("g++",),
    address_space_extra_mb=64,
)

EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^[ \t]*#[ \t]*include[ \t]*[<\"]|\bstd::|using[ \t]+namespace[ \t]+std"), 4),
        (rx(r"\bvector<|\bcout[ \t]*<<|^[ \t]*template[ \t]*<|\bnullptr\b"
            r"|\bconst[ \t]+\w+[ \t]*&"), 2),
        (rx(r"^[ \t]*(?:int|void|bool|auto|long|double|string|size_t)[ \t]+\w+"
            r"[ \t]*\([^)\n]*\)"), 1.5),
    ),
    definitions=(
        rx(r"^(?:template[ \t]*<[^>\n]*>[ \t]*)?(?:class|struct|union|enum(?:[ \t]+class)?)"
           r"[ \t]+(\w+)"),
        rx(r"^[ \t]*(?:template[ \t]*<[^>\n]*>[ \t]*)?"
           r"(?!return\b|else\b|new\b|delete\b|throw\b|case\b)"
           r"[A-Za-z_][\w:<>,*& \t]*[ \t*&>](\w+)"
           r"[ \t]*\([^;\n]*$"),
        rx(r"^#define[ \t]+(\w+)|^using[ \t]+(\w+)[ \t]*="),
    ),
    main=rx(r"^(?:int|void|auto|signed)[ \t]+main[ \t]*\([^)]*\)[ \t\n]*\{"),
    compatible=("c",),
)

SCORING = ScoringRules(
    lint_empty_catch=True,
    lint_goto=True,
    lint_using_namespace_std=True,
    statement_terminated=True,
    common_form=re.compile(r"#include|\bstd::|\busing\s+namespace\b"),
    lint="lexer rules",
    mutating_methods=frozenset({
        # vector, deque, list, string, map, set, unordered_*, stack, queue, priority_queue
        "push_back", "emplace_back", "pop_back", "push_front", "emplace_front", "pop_front",
        "insert", "emplace", "emplace_hint", "try_emplace", "insert_or_assign", "erase",
        "clear", "resize", "assign", "swap", "push", "pop", "append", "replace", "sort",
        "reverse", "unique", "splice", "merge", "remove", "remove_if", "fill",
        # atomics, smart pointers
        "store", "exchange", "fetch_add", "fetch_sub", "reset",
    }),
    mutating_functions=(
        "std.sort", "std.stable_sort", "std.reverse", "std.fill", "std.iota",
        "std.swap", "std.shuffle", "std.rotate", "std.make_heap", "std.push_heap",
        "std.pop_heap", "std.sort_heap", "std.nth_element", "std.partial_sort",
        "std.replace", "std.remove", "std.unique", "std.next_permutation",
        "std.prev_permutation", "std.fill_n"),
    accessors=frozenset({"at", "front", "back", "begin", "end", "rbegin", "rend", "data",
                         "top", "get"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\bundefined reference to\b|\bwas not declared in this scope\b",
                r"\bhas no member named\b|\bis not a member of\b|\bno matching function for call\b",
                r"\bno member named\b"),
    syntax=(r"\bexpected ['`].+['`] before\b|\bexpected (?:primary-)?expression\b",
            r"\bexpected unqualified-id\b|\bexpected declaration\b"),
    crash=(r"terminate called after throwing",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import cpp_counting

    return cpp_counting.instrument(tests, marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (r"(?<![\w.:>])(?:std::)?(?:system|popen)\s*\(", "system/popen runs a shell"),
    (r"(?<![\w.:>])gets\s*\(", "gets (unbounded read)"),
    (r"(?<![\w.:>])(?:strcpy|strcat|sprintf|vsprintf)\s*\(", "unbounded string copy"),
))



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    fixed = int(20_000 * scale)
    total = " + ".join(sizes)
    bound = f"{fixed}ULL + 50ULL * ({total})" if total else f"{fixed}ULL"
    return ["volatile unsigned long long _spin = 0;",
            f"const unsigned long long _rounds = {bound};",
            "for (unsigned long long _i = 0; _i < _rounds; ++_i) {",
            f"{step}_spin = (_spin + _i) % 7;", "}"]


SIMULATION = SimulationRules(
    wrong_apis=(
        ("std::sort(", "sorted"), (".size(", "len"), (".push_back(", "push"),
        ("std::max(", "maximum"), ("std::min(", "minimum"), ("std::reverse(", "reversed"),
        ("std::abs(", "absolute"), ("std::to_string(", "to_str"),
        ("std::accumulate(", "sum_all"), ("std::swap(", "swap_values"),
        (".begin(", "start"), (".empty(", "is_empty"), (".substr(", "substring"),
        (".find(", "index_of"), ("std::unique(", "uniq"), ("std::count(", "count_of"),
        (".length(", "len"), (".count(", "has"), (".insert(", "put"), (".back(", "last"),
    ),
    missing_helper="validate_arguments();",
    busy_lines=_busy_lines,
    anti_patterns=("volatile int _unused = 0; // TODO remove",),
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\bTODO\b", r"\bsystem\(", r"\bgets\(", r"\bstrcpy\("),
    vocabulary=words(
        "if else for while return break continue true false int long auto const "
        "void class struct return std using namespace nullptr"),
)


CPP = LanguageDef(
    name="cpp",
    display_name="C++",
    file_extension="cpp",
    extra_extensions=("cc", "cxx", "hpp", "h"),
    fence_aliases=("cpp", "c++", "cc", "cxx", "hpp", "hxx", "hh", "h++", "cplusplus", "cuda"),
    running=RUN,
    grammar=Grammar("tree_sitter_cpp"),
    node_types=NodeTypes(
        loops=frozenset({"do_statement", "for_range_loop", "for_statement", "while_statement"}),
        functions=frozenset({"function_definition"}),
        classes=frozenset({"class_specifier", "struct_specifier"}),
        calls=frozenset({"call_expression"}),
    ),
    lexer=LexerRules(preprocessor=True, raw_strings_cpp=True, multiline_strings=True),
    mutation=MutationRules(star_needs_space=True, operator_overloads=True, generics=True),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=words(
        "alignas alignof and asm auto bool break case catch char class const constexpr "
        "const_cast continue decltype default delete do double dynamic_cast else enum explicit "
        "export extern false float for friend goto if inline int long mutable namespace new "
        "noexcept not nullptr operator or private protected public register reinterpret_cast "
        "return short signed sizeof static static_assert static_cast struct switch template "
        "this thread_local throw true try typedef typeid typename union unsigned using virtual "
        "void volatile while"),
    operators=words(
        "+ - * / % ^ & | ~ ! = < > += -= *= /= %= ^= &= |= << >> >>= <<= == != <= >= <=> && "
        "|| ++ -- , ->* -> . .* :: ? : ; ( ) [ ] { } # ##"),
)
