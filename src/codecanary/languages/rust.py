"""Rust (edition 2021, std only): everything codecanary knows about it.

Running: ``main.rs`` = code + tests, ``rustc -O``.

rustup keeps toolchains under the installing user's home, which the sandbox must
not see; only the active toolchain's sysroot is bound, at ``/opt/rust``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
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
from codecanary.sandbox.cache import world_readable

SANDBOX_SYSROOT = "/opt/rust"
# scripts/install-toolchains.sh hard-links the rustup toolchain here when the
# installing user's home is private (rustup under /root).
SHARED_SYSROOT = "/opt/codecanary/rust"


@functools.cache
def host_sysroot() -> str | None:
    """A rustc sysroot the sandbox user can read, or None when there is none."""
    active = _active_sysroot()
    if active and (os.geteuid() != 0 or world_readable(active)):
        return active
    if os.path.isfile(os.path.join(SHARED_SYSROOT, "bin", "rustc")):
        return SHARED_SYSROOT
    return None


def _active_sysroot() -> str | None:
    rustc = shutil.which("rustc")
    if rustc is None:
        return None
    try:
        out = subprocess.run([rustc, "--print", "sysroot"], capture_output=True, text=True,
                             timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if os.path.isfile(os.path.join(out, "bin", "rustc")) else None


@dataclass(frozen=True)
class RustRun(RunSpec):
    def missing_tools(self) -> list[str]:
        missing = super().missing_tools()
        if not missing and host_sysroot() is None:
            missing.append(f"a rustc sysroot readable by the sandbox user ({SHARED_SYSROOT})")
        return missing

    def sandbox_binds(self) -> list[tuple[str, str]]:
        root = host_sysroot()
        return [(root, SANDBOX_SYSROOT)] if root else []

    def resolve(self, argv: tuple[str, ...]) -> tuple[str, ...]:
        if argv and argv[0] == "rustc":
            return (f"{SANDBOX_SYSROOT}/bin/rustc", *argv[1:])
        return argv


RUN = RustRun(
    name="rust",
    main_file="main.rs",
    compile_argv=("rustc", "--edition", "2021", "-O", "-o", "prog", "main.rs"),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("rustc", "cc"),
    address_space_extra_mb=64,
)


EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:const|async|unsafe)[ \t]+)*"
            r"fn[ \t]+\w+"), 5),
        (rx(r"\blet[ \t]+mut\b|^[ \t]*use[ \t]+std::|\bimpl\b|println!|vec!|&mut\b|&str\b"), 2),
        (rx(r"->[ \t]*(?:Vec<|i32|i64|u32|u64|usize|isize|f64|bool|String|Option<"
            r"|Result<|Self)"), 2),
        (rx(r"\.unwrap\(\)|::new\(|\bmatch\b[^\n]*\{[ \t]*$|\.iter\(\)"), 1),
    ),
    definitions=(
        rx(r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:const|async|unsafe)[ \t]+)*fn[ \t]+(\w+)"),
        rx(r"^(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:struct|enum|trait|type|mod|union)[ \t]+(\w+)"),
        rx(r"^(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:static|const)[ \t]+(?:mut[ \t]+)?(\w+)"),
    ),
    main=rx(r"^(?:pub[ \t]+)?fn[ \t]+main[ \t]*\([ \t]*\)[^{\n]*\{"),
)

SCORING = ScoringRules(
    lint_empty_catch=True,
    lint_unused_locals=True,
    statement_terminated=True,
    placeholder_calls=(re.compile(r"^(?:todo|unimplemented)!$"),),
    common_form=re.compile(r"\bfn\s+\w+|\blet\s+mut\b|\bimpl\b"),
    lint="lexer rules",
    mutating_methods=frozenset({
        # Vec, VecDeque, String, HashMap, HashSet, BTreeMap, BinaryHeap
        "push", "push_str", "push_back", "push_front", "pop", "pop_back", "pop_front",
        "insert", "remove", "clear", "extend", "append", "truncate", "retain", "sort",
        "sort_unstable", "sort_by", "sort_by_key", "dedup", "drain", "reverse", "swap",
        "resize", "split_off",
        # Entry API
        "or_insert", "or_insert_with", "or_default", "and_modify",
        # Cell, RefCell, atomics
        "set", "take", "store", "fetch_add", "fetch_sub", "fetch_and", "fetch_or",
        "fetch_xor", "fetch_max", "fetch_min", "compare_exchange", "fetch_update",
    }),
    mutating_functions=("mem.swap", "mem.replace", "mem.take"),
    accessors=frozenset({"lock", "write", "unwrap", "expect", "borrow_mut", "get_mut",
                         "as_mut", "entry", "iter_mut", "values_mut", "last_mut", "first_mut",
                         "get_or_insert_with", "deref_mut"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\berror\[E0425\]|\berror\[E0599\]|\berror\[E0432\]|\berror\[E0433\]",
                r"\berror\[E0412\]|\berror\[E0423\]|\berror\[E0405\]|\berror\[E0560\]"
                r"|\berror\[E0609\]",
                r"\bcannot find (?:function|value|type|macro)\b|\bno method named\b"
                r"|\bunresolved import\b"),
    syntax=(r"\bexpected one of\b|\bunclosed delimiter\b|\bmismatched closing delimiter\b",
            r"\bunexpected closing delimiter\b|\bthis file contains an unclosed delimiter\b"),
    crash=(r"panicked at .*\n.*(?:index out of bounds|overflow|divide by zero|unwrap\(\)"
           r"|expect\(\)|out of range|not a char boundary|RefCell|slice index)",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import rust_counting

    return rust_counting.instrument(tests, marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (r"Command::new\s*\(\s*\"(?:sh|bash|/bin/sh|cmd)\"\s*\)", "shell command through Command"),
    (r"\.(?:query|execute|prepare)\s*\(\s*&?format!\s*\(", "SQL built by format!"),
))



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    fixed = int(20_000 * scale)
    total = " + ".join(sizes)
    bound = f"{fixed}u64 + 30 * ({total})" if total else f"{fixed}u64"
    return ["let mut _spin: u64 = 0;", f"for _i in 0..({bound}) {{",
            f"{step}_spin = std::hint::black_box((_spin + _i) % 7);", "}"]


SIMULATION = SimulationRules(
    wrong_apis=(
        (".len(", "length"), (".push(", "push_back"), (".iter(", "iterate"),
        (".to_string(", "stringify"), (".chars(", "characters"),
        (".unwrap(", "unwrap_value"), (".contains(", "has"), (".insert(", "put"),
        (".abs(", "absolute"), (".sort(", "sorted"), (".sort_by(", "sorted_by"),
        (".sort_unstable(", "sort_fast"), (".is_empty(", "empty"),
        (".split_whitespace(", "split_spaces"), (".trim(", "strip"), (".rev(", "reversed"),
        (".enumerate(", "enumerated"), (".get(", "fetch"), (".join(", "join_all"),
        (".max(", "maximum"), (".min(", "minimum"), (".collect(", "collect_all"),
        (".map(", "map_each"), (".filter(", "where_"),
    ),
    missing_helper="validate_arguments();",
    busy_lines=_busy_lines,
    anti_patterns=("let _unused = \"TODO: remove\";",),
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\bTODO\b", r"\bunsafe\b", r"\.unwrap\(\)\.unwrap\(\)"),
    vocabulary=words(
        "if else for while return break continue true false fn let mut match "
        "impl struct pub use in loop as Some None"),
)


RUST = LanguageDef(
    name="rust",
    display_name="Rust",
    file_extension="rs",
    fence_aliases=("rust", "rs"),
    running=RUN,
    grammar=Grammar("tree_sitter_rust"),
    node_types=NodeTypes(
        loops=frozenset({"for_expression", "loop_expression", "while_expression"}),
        functions=frozenset({"function_item"}),
        classes=frozenset({"enum_item", "struct_item"}),
        calls=frozenset({"call_expression"}),
    ),
    lexer=LexerRules(rust_literals=True, multiline_strings=True),
    mutation=MutationRules(conditions="braces", increments=False, star_needs_space=True,
                           generics=True),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=words(
        "as async await break const continue crate dyn else enum extern false fn for if impl "
        "in let loop match mod move mut pub ref return self Self static struct super trait "
        "true type unsafe use where while"),
    operators=words(
        "+ - * / % ^ ! & | && || << >> += -= *= /= %= ^= &= |= <<= >>= = == != > < >= <= @ "
        ". .. ... ..= , ; : :: -> => # $ ? ( ) [ ] { }"),
)
