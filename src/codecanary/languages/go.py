"""Go 1.19: everything codecanary knows about it.

Running: ``solution.go`` (code) + ``harness.go`` (tests) + ``go.mod``, ``go build``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

GO_MOD = "module panel\n\ngo 1.19\n"


@dataclass(frozen=True)
class GoRun(RunSpec):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        return {"solution.go": f"{code.rstrip()}\n", "harness.go": f"{tests.rstrip()}\n",
                "go.mod": GO_MOD}


RUN = GoRun(
    name="go",
    main_file="solution.go",
    compile_argv=("go", "build", "-o", "prog", "."),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("go",),
    env={"GOCACHE": "/work/.gocache", "GOPATH": "/work/.gopath", "GO111MODULE": "on",
         "GOPROXY": "off", "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0", "GOTELEMETRY": "off"},
    address_space_extra_mb=512,
    compile_address_space_mb=None,
)

EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^package[ \t]+\w+[ \t]*$"), 5),
        (rx(r"^func[ \t]+(?:\([^)\n]*\)[ \t]*)?\w+[ \t]*[\[(]"), 5),
        (rx(r":=|\bfmt\.\w+|\bnil\b|\bmake\(|\[\][\w.]+\{|^import[ \t]+[(\"]"), 1.5),
    ),
    definitions=(
        rx(r"^func[ \t]+(?:\([^)\n]*\)[ \t]*)?(\w+)|^(?:type|var|const)[ \t]+(\w+)"),
    ),
    main=rx(r"^func[ \t]+main[ \t]*\([ \t]*\)[ \t]*\{"),
)

SCORING = ScoringRules(
    lint_goto=True,
    common_form=re.compile(r"^\s*(?:package|func)\s", re.MULTILINE),
    lint="lexer rules",
    mutating_methods=frozenset({
        # sync.Map, sync/atomic types
        "Store", "LoadOrStore", "LoadAndDelete", "Delete", "Swap", "CompareAndSwap", "Add",
        # strings.Builder, bytes.Buffer
        "Write", "WriteString", "WriteByte", "WriteRune", "Reset", "Grow", "Truncate",
        # container/list, container/ring
        "PushBack", "PushFront", "Remove", "InsertBefore", "InsertAfter", "MoveToFront",
        "MoveToBack", "Init", "Set",
    }),
    mutating_functions=(
        "delete", "copy", "clear", "sort.Ints", "sort.Strings", "sort.Float64s",
        "sort.Sort", "sort.Stable", "sort.Slice", "sort.SliceStable", "heap.Init",
        "heap.Push", "heap.Pop", "heap.Fix", "heap.Remove", "atomic.AddInt32",
        "atomic.AddInt64", "atomic.AddUint32", "atomic.AddUint64", "atomic.StoreInt32",
        "atomic.StoreInt64", "atomic.StoreUint32", "atomic.StoreUint64",
        "atomic.SwapInt32", "atomic.SwapInt64", "atomic.CompareAndSwapInt32",
        "atomic.CompareAndSwapInt64"),
    accessors=frozenset({"Front", "Back"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\bundefined: |has no field or method\b|\bis not in std\b"
                r"|cannot find package\b",),
    syntax=(r"syntax error:|\bexpected ['\"]?[\w;)}\]]+['\"]?,? found\b",),
    crash=(r"^panic: runtime error|^fatal error: |^goroutine \d+ \[running\]",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import go_counting

    return go_counting.instrument(tests, marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (r"exec\.Command\s*\(\s*\"(?:sh|bash|/bin/sh|/bin/bash|cmd)\"\s*,\s*\"(?:-c|/c)\"",
     "shell command through exec.Command"),
    (r"\.(?:Query|QueryRow|Exec)(?:Context)?\s*\([^)]*(?:fmt\.Sprintf|\"\s*\+)",
     "SQL built by formatting"),
    (r"\btemplate\.(?:HTML|JS)\s*\(", "unescaped template content"),
))



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    fixed = int(20_000 * scale)
    total = " + ".join(sizes)
    bound = f"{fixed} + 100*({total})" if total else f"{fixed}"
    return ["_spin := 0", f"for _i := 0; _i < {bound}; _i++ {{",
            f"{step}_spin = (_spin + _i) % 7", "}",
            "if _spin < 0 {", f"{step}println(_spin)", "}"]


SIMULATION = SimulationRules(
    wrong_apis=(
        ("strings.Split(", "SplitBy"), ("strings.Join(", "JoinAll"),
        ("strings.Contains(", "Has"), ("sort.Ints(", "Integers"), ("sort.Slice(", "SliceBy"),
        ("sort.Sort(", "SortAll"), ("sort.Strings(", "StringSlice2"),
        ("strconv.Itoa(", "IntToString"), ("strconv.Atoi(", "ParseInteger"),
        ("fmt.Sprintf(", "Format"), ("strings.ToUpper(", "Upper"),
        ("strings.ToLower(", "Lower"), ("strings.TrimSpace(", "Strip"),
        ("math.Abs(", "Absolute"), ("math.Sqrt(", "SquareRoot"), ("append(", "push"),
        ("len(", "length"), ("strings.Fields(", "Words"), ("strings.Repeat(", "Times"),
        ("strings.HasPrefix(", "StartsWith"), ("unicode.IsDigit(", "IsNumeric"),
        ("make(", "new_slice"),
    ),
    missing_helper="validateArguments()",
    busy_lines=_busy_lines,
    anti_patterns=("_ = \"TODO: remove\"",),
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(r"\bTODO\b", r"exec\.Command\(", r"_ = \""),
    vocabulary=words(
        "if else for while return break continue true false func var range "
        "package import type struct nil map make len"),
)


GO = LanguageDef(
    name="go",
    display_name="Go",
    file_extension="go",
    fence_aliases=("go", "golang"),
    running=RUN,
    grammar=Grammar("tree_sitter_go"),
    node_types=NodeTypes(
        loops=frozenset({"for_statement"}),
        functions=frozenset({"function_declaration", "method_declaration"}),
        classes=frozenset({"type_spec"}),
        calls=frozenset({"call_expression"}),
    ),
    lexer=LexerRules(raw_backticks=True),
    mutation=MutationRules(conditions="braces", while_loops=False, statements="go",
                           star_needs_space=True),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=words(
        "break case chan const continue default defer else fallthrough for func go goto if "
        "import interface map package range return select struct switch type var"),
    operators=words(
        "+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = "
        "! ~ != <= >= := ... ( ) [ ] { } , ; . :"),
)
