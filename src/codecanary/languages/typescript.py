"""TypeScript: everything codecanary knows about it (much of it shared with JavaScript).

Running: ``main.ts`` = code + tests, type-checked and compiled by ``tsc --strict``.
The plain ``typescript`` grammar, not ``tsx``: the panel compiles ``.ts`` files.
"""

from __future__ import annotations

from dataclasses import replace

from codecanary.languages import javascript as js
from codecanary.languages.base import (
    DiagnosisRules,
    ErrorSignatures,
    Grammar,
    LanguageDef,
    MutationRules,
    rx,
    words,
)
from codecanary.languages.running import RunSpec

RUN = RunSpec(
    name="typescript",
    main_file="main.ts",
    compile_argv=("tsc", "--strict", "--target", "es2020", "--module", "commonjs",
                  "--lib", "es2020,dom", "main.ts"),
    run_argv=("node", "--max-old-space-size={memory_mb}", "{art}/main.js"),
    artefacts=("main.js",),
    toolchain=("tsc", "node"),
    address_space_extra_mb=2048,
    compile_address_space_mb=None,
)

# Guessing: TypeScript is JavaScript plus type annotations.
EXTRACTION = replace(js.EXTRACTION, refines="javascript", compatible=("javascript",), features=(
    (rx(r"^[ \t]*(?:export[ \t]+)?(?:interface|type|enum)[ \t]+\w+"), 3),
    (rx(r"\w[ \t]*\??:[ \t]*(?:number|string|boolean|any|void|unknown|never|bigint)"
        r"(?:\[\])*\b"), 3),
    (rx(r"\)[ \t]*:[ \t]*[\w\[\]<>|, ]+[ \t]*(?:\{|=>)|\bas[ \t]+const\b|\bRecord<"
        r"|\breadonly\b"), 2),
))

ERRORS = ErrorSignatures(
    api_misuse=(r"\bTS2304\b|\bTS2339\b|\bTS2551\b|\bTS2552\b|\bTS2307\b",
                r"\bTS2349\b|\bTS2724\b|\bTS2305\b"),
    syntax=(r"\berror TS1\d{3}\b",),  # TS1xxx are syntax diagnostics
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import js_counting

    return js_counting.instrument(tests, "typescript", marker)


#: The JavaScript APIs, helper and busy work; TypeScript's own bad-data lines, and
#: only type-safe mutations (a wrong answer should still compile).
SIMULATION = replace(js.SIMULATION, dynamic=False, anti_patterns=(
    "var _unused: any = eval('0');", "var _tmp: any = Math.random();"))

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\beval\(", r"new Function\(", r"\bvar\s", r"\bTODO\b", r":\s*any\b"),
    vocabulary=words(
        "if else for while return break continue true false function let const "
        "var of in new null undefined typeof class this number string boolean "
        "interface type"),
)


TYPESCRIPT = LanguageDef(
    name="typescript",
    display_name="TypeScript",
    file_extension="ts",
    fence_aliases=("typescript", "ts", "tsx", "mts", "cts"),
    running=RUN,
    grammar=Grammar("tree_sitter_typescript", "language_typescript"),
    node_types=replace(js.NODE_TYPES, classes=js.NODE_TYPES.classes
                       | {"abstract_class_declaration"}),
    lexer=js.LEXER,
    mutation=MutationRules(generics=True, tuple_index_types=True),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=js.SCORING,
    security=js.SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=js.KEYWORDS | words(
        "abstract as any boolean declare enum implements interface keyof namespace never "
        "number private protected public readonly string symbol type unknown infer is"),
    operators=js.OPERATORS,
)

