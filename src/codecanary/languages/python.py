"""Python: everything codecanary knows about it.

Running: candidate code, then the tests; HumanEval-style ``check(candidate)`` is
called. Lint: ruff (see ``scoring/maintainability.py``).
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PythonRun(RunSpec):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        body = f"{code.rstrip()}\n\n\n{tests.rstrip()}\n"
        if entry_point and "def check(" in tests:
            body += f"\n\ncheck({entry_point})\n"
        return {self.main_file: body}


RUN = PythonRun(
    name="python",
    main_file="main.py",
    run_argv=("python3", "-I", "-S", "-B", "main.py"),
    toolchain=("python3",),
    env={"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"},
    in_process=True,
    tree_address_space=True,
)

VARIABLE = rx(r"^(\w+)[ \t]*(?::[^=\n]*)?=(?!=)")
EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(.*\)[ \t]*(?:->[^:\n]+)?:[ \t]*$"), 4),
        (rx(r"^[ \t]*class[ \t]+\w+(?:\(.*\))?:[ \t]*$"), 4),
        (rx(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+[\w.]+"
            r"(?:[ \t]+as[ \t]+\w+)?[ \t]*$"), 2),
        (rx(r"^[ \t]*(?:elif|except|if|for|while|with|else|try)\b[^\n{;]*:[ \t]*$"), 1.5),
        (rx(r"\bself\.\w+|\bNone\b|\bTrue\b|\bFalse\b|\blambda\b|\bnonlocal\b"), 1),
        (rx(r"\brange\(|\blen\(|__name__|\bf\"|\belif\b"), 1),
    ),
    definitions=(
        rx(r"^(?:async[ \t]+)?def[ \t]+(\w+)|^class[ \t]+(\w+)"),
        VARIABLE,
    ),
    variables=(VARIABLE,),
    function_values=rx(r"^(\w+)[ \t]*=[ \t]*lambda\b"),
)

SCORING = ScoringRules(
    lint="ruff",
    mutating_methods=frozenset({
        # list
        "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
        # dict
        "update", "setdefault", "popitem",
        # set
        "add", "discard", "difference_update", "intersection_update",
        "symmetric_difference_update",
        # collections.deque / Counter / bytearray
        "appendleft", "extendleft", "popleft", "rotate", "subtract",
    }),
    mutating_functions=("heapq.heappush", "heapq.heappop", "heapq.heapify", "heapq.heapreplace",
                        "heapq.heappushpop", "bisect.insort", "bisect.insort_left",
                        "bisect.insort_right", "random.shuffle", "setattr", "delattr"),
    accessors=frozenset({"get", "setdefault", "__getitem__"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\b(?:NameError|AttributeError|ImportError|ModuleNotFoundError"
                r"|UnboundLocalError)\b",),
    syntax=(r"\b(?:SyntaxError|IndentationError|TabError)\b",),  # node's SyntaxError too
    # AssertionError is handled before crashes.
    crash=(r"Traceback \(most recent call last\)",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import python_counting

    return python_counting.instrument(tests, entry_point, marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (rf"(?<![\w.])(?:eval|exec)\s*\({NONLITERAL_ARG}", "eval/exec of a non-literal"),
    (r"\bsubprocess\.\w+\(.*\bshell\s*=\s*True", "subprocess with shell=True"),
    (r"\bos\.(?:system|popen)\s*\(", "os.system/os.popen runs a shell"),
    (r"\b(?:pickle|cPickle|dill|marshal)\.loads?\s*\(", "unpickling (runs code from the data)"),
    (r"\byaml\.load\s*\((?!.*Loader\s*=\s*yaml\.SafeLoader)(?!.*SafeLoader)",
     "yaml.load without SafeLoader"),
    (r"\.execute(?:many)?\s*\(\s*(?:f[\"']|[\"'].*[\"']\s*(?:%|\+|\.format\())",
     "SQL built by string formatting"),
))



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    args = "".join(f"{p}, " for p in params)
    return ["_spin = 0",
            f"for _i in range({int(500 * scale)} + 2 * len(repr(({args})))):",
            f"{step}_spin = (_spin + _i) % 7"]


SIMULATION = SimulationRules(
    wrong_apis=(
        ("sorted(", "sort_list"), (".append(", "push"), ("len(", "length"),
        (".join(", "join_all"), (".split(", "split_by"), (".items(", "entries"),
        ("abs(", "absolute"), ("max(", "maximum"), ("min(", "minimum"), ("sum(", "total"),
        (".startswith(", "starts_with"), (".endswith(", "ends_with"), (".lower(", "to_lower"),
        (".upper(", "to_upper"), (".strip(", "trim"), ("enumerate(", "enumerated"),
        (".keys(", "key_list"), ("math.sqrt(", "square_root"), (".extend(", "append_all"),
        (".count(", "count_of"), (".replace(", "replace_all"), ("reversed(", "reverse_of"),
        ("range(", "xrange"), ("isinstance(", "is_instance"), (".get(", "fetch"),
        (".index(", "index_of"), (".isdigit(", "is_digit"), ("str(", "string"),
    ),
    missing_helper="validate_arguments()",
    busy_lines=_busy_lines,
    anti_patterns=("_unused = eval('0')  # noqa", "import os; _tmp = os.system('true')",
                   "_debug = None  # TODO: remove", "_cfg = __import__('pickle').loads"),
    dynamic=True,
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\beval\(", r"\bexec\(", r"\bos\.system\(", r"pickle'?\)?\.loads",
    r"subprocess\..*shell=True", r"except\s*:", r"\bTODO\b", r"#\s*noqa"),
    vocabulary=words(
        "if else for while return break continue true false def class elif in "
        "not and or is None True False lambda import from try except with yield "
        "pass global"),
)


PYTHON = LanguageDef(
    name="python",
    display_name="Python",
    file_extension="py",
    fence_aliases=("python", "py", "python3", "py3", "python2", "ipython", "pycon", "sage"),
    running=RUN,
    grammar=Grammar("tree_sitter_python"),
    node_types=NodeTypes(
        loops=frozenset({"for_statement", "while_statement", "list_comprehension",
                         "set_comprehension", "dictionary_comprehension",
                         "generator_expression"}),
        functions=frozenset({"function_definition"}),
        classes=frozenset({"class_definition"}),
        calls=frozenset({"call"}),
    ),
    lexer=LexerRules(hash_comments=True, block_comments=False, prefixed_strings=True),
    mutation=MutationRules(conditions="indented", word_negation=True, statements="indented",
                           word_logic=True, booleans=("True", "False"), increments=False,
                           floor_division=True, typed=False),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=frozenset(keyword.kwlist) | frozenset(keyword.softkwlist),
    operators=words(
        "+ - * / // % ** = += -= *= /= //= %= **= &= |= ^= >>= <<= == != < > <= >= "
        "& | ^ ~ << >> := -> @ @= . , : ; ( ) [ ] { }"
    ),
)
