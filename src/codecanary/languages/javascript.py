"""JavaScript (Node 20, CommonJS): everything codecanary knows about it.

Running: ``main.js`` = candidate code + tests. Lint: lexer rules (no external linter).
"""

from __future__ import annotations

import re

from codecanary.languages.base import (
    NONLITERAL_ARG,
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
    name="javascript",
    main_file="main.js",
    run_argv=("node", "--max-old-space-size={memory_mb}", "main.js"),
    toolchain=("node",),
    # V8 reserves code and guard regions it never touches.
    address_space_extra_mb=2048,
)

VARIABLE = rx(r"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(\w+)")
EXTRACTION = ExtractionRules(
    features=(
        (rx(r"\bfunction\b\s*\*?\s*\w*\s*\("), 3),
        (rx(r"^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+[\w{}\[\], ]+=[^=]"), 2),
        (rx(r"=>|===|!==|console\.\w+\(|module\.exports|\brequire\(|\bundefined\b"), 1.5),
        (rx(r"\.length\b|\.push\(|\bnew (?:Map|Set|Array)\b"), 1),
    ),
    definitions=(
        rx(r"^(?:export[ \t]+(?:default[ \t]+)?)?(?:async[ \t]+)?function[ \t]*\*?[ \t]*(\w+)"),
        VARIABLE,
        rx(r"^(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+(\w+)"),
        rx(r"^(?:export[ \t]+)?(?:declare[ \t]+)?(?:interface|type|enum|namespace)[ \t]+(\w+)"),
    ),
    variables=(VARIABLE,),
    function_values=rx(
        r"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(\w+)[ \t]*(?::[^=\n]*)?=[ \t]*"
        r"(?:async[ \t]*)?(?:function\b|\([^)\n]*\)[ \t]*(?::[^=\n]*)?=>|\w+[ \t]*=>)"
    ),
    main=rx(r"^if[ \t]*\([ \t]*require\.main[ \t]*===?[ \t]*module[ \t]*\)"),
    compatible=("typescript",),
)

LEXER = LexerRules(single_quote_strings=True, template_literals=True, regex_literals=True)

NODE_TYPES = NodeTypes(
    loops=frozenset({"do_statement", "for_in_statement", "for_statement", "while_statement"}),
    functions=frozenset({"function_declaration", "generator_function_declaration",
                         "method_definition"}),
    classes=frozenset({"class_declaration"}),
    calls=frozenset({"call_expression"}),
)

_JS_FUNCTIONS = ("Object.assign", "Object.defineProperty", "Object.setPrototypeOf",
                 "Reflect.set", "Reflect.deleteProperty", "Reflect.defineProperty")
SCORING = ScoringRules(
    lint_empty_catch=True,
    lint_var=True,
    lint_loose_equality=True,
    lint_unused_locals=True,
    common_form=re.compile(r"\bfunction\b|=>|\b(?:const|let|var)\s+\w+"),
    lint="lexer rules",
    mutating_methods=frozenset({
        # Array
        "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin",
        # Map / Set / WeakMap / WeakSet
        "set", "delete", "clear", "add",
    }),
    mutating_functions=_JS_FUNCTIONS,
    accessors=frozenset({"get"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\bReferenceError\b|is not a function\b|is not a constructor\b",
                r"\bCannot find module\b"),
    crash=(r"^\s*(?:TypeError|RangeError|InternalError|URIError|EvalError)\b",
           r"\b(?:TypeError|RangeError): "),
)

KEYWORDS = words(
    "await break case catch class const continue debugger default delete do else export "
    "extends false finally for function if import in instanceof let new null return static "
    "super switch this throw true try typeof var void while with yield async of get set"
)
OPERATORS = words(
    "+ - * / % ** = += -= *= /= %= **= ++ -- == != === !== < > <= >= && || ! ?? ??= &&= ||= "
    "& | ^ ~ << >> >>> &= |= ^= <<= >>= >>>= => ?. ? : . ... , ; ( ) [ ] { }"
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import js_counting

    return js_counting.instrument(tests, "javascript", marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (rf"(?<![\w.$])eval\s*\({NONLITERAL_ARG}", "eval of a non-literal"),
    (r"\bnew\s+Function\s*\(", "new Function (eval in disguise)"),
    (r"\b(?:exec|execSync)\s*\(\s*(?:`[^`]*\$\{|[^)]*\+)", "shell command built from input"),
    (r"\.(?:innerHTML|outerHTML)\s*=(?!=)", "innerHTML assignment (XSS)"),
    (r"\bdocument\.write\s*\(", "document.write (XSS)"),
    (r"\.query\s*\(\s*(?:`[^`]*\$\{|[\"'][^\"']*[\"']\s*\+)", "SQL built by concatenation"),
))
"""Also TypeScript's (the same calls, the same APIs)."""



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    fixed = int(20_000 * scale)
    size = f" + 20 * String([{', '.join(params)}]).length" if params else ""
    return ["let _spin = 0;", f"const _rounds = {fixed}{size};",
            "for (let _i = 0; _i < _rounds; _i++) {",
            f"{step}_spin = (_spin + _i) % 7;", "}",
            "if (_spin < 0) {", f"{step}console.log(_spin);", "}"]


SIMULATION = SimulationRules(
    wrong_apis=(
        ("Math.max(", "maximum"), ("Math.min(", "minimum"), ("Math.abs(", "absolute"),
        ("Math.floor(", "floorDiv"), ("Math.sqrt(", "squareRoot"), (".push(", "append"),
        (".join(", "joinWith"), (".split(", "splitBy"), (".map(", "mapEach"),
        (".filter(", "where"), (".reduce(", "fold"), (".includes(", "contains"),
        (".indexOf(", "findIndexOf"), ("Object.keys(", "keyList"), (".toUpperCase(", "upper"),
        (".toLowerCase(", "lower"), (".trim(", "strip"), ("Array.from(", "fromIterable"),
        (".sort(", "sorted"), (".charCodeAt(", "codeAt"), ("parseInt(", "parseInteger"),
        (".slice(", "sliceOf"), (".forEach(", "each"), (".has(", "contains"),
        (".set(", "put"), (".get(", "fetch"), (".startsWith(", "beginsWith"),
        ("String(", "Str"), ("Number(", "Num"),
    ),
    missing_helper="validateArguments();",
    busy_lines=_busy_lines,
    anti_patterns=("var _unused = eval('0');", "var _tmp = Math.random(); // TODO remove",
                   "var _x = new Function('return 0')();"),
    dynamic=True,
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\beval\(", r"new Function\(", r"\bvar\s", r"\bTODO\b", r"child_process",
    r"Math\.random\(\)"),
    vocabulary=words(
        "if else for while return break continue true false function let const "
        "var of in new null undefined typeof class this"),
)


JAVASCRIPT = LanguageDef(
    name="javascript",
    display_name="JavaScript",
    file_extension="js",
    extra_extensions=("mjs",),
    fence_aliases=("javascript", "js", "node", "nodejs", "jsx", "mjs", "cjs", "ecmascript"),
    running=RUN,
    grammar=Grammar("tree_sitter_javascript"),
    node_types=NODE_TYPES,
    lexer=LEXER,
    mutation=MutationRules(droppable_return=True, typed=False),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=KEYWORDS,
    operators=OPERATORS,
)
