"""Java 17: everything codecanary knows about it.

Running: ``Main.java`` = hoisted imports + code (top-level ``public`` removed) + tests.
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

_IMPORT = re.compile(r"^\s*import\s+(static\s+)?[\w.]+(\.\*)?\s*;\s*$", re.MULTILINE)
_PUBLIC_TYPE = re.compile(
    r"^public\s+((?:(?:final|abstract|sealed|non-sealed|static|strictfp)\s+)*"
    r"(?:class|interface|enum|record|@interface)\b)",
    re.MULTILINE,
)
# Keep the JVM's fixed reservations small so the address-space rlimit bites on the heap.
_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompressedClassSpaceSize=64m",
              "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=128m", "-Xss8m")


def _split_imports(source: str) -> tuple[list[str], str]:
    imports = [m.group(0).strip() for m in _IMPORT.finditer(source)]
    return imports, _IMPORT.sub("", source)


@dataclass(frozen=True)
class JavaRun(RunSpec):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        code_imports, code_body = _split_imports(code)
        test_imports, test_body = _split_imports(tests)
        imports = list(dict.fromkeys(code_imports + test_imports))
        code_body = _PUBLIC_TYPE.sub(r"\1", code_body)
        head = "\n".join(imports)
        return {self.main_file: f"{head}\n\n{code_body.strip()}\n\n{test_body.strip()}\n"}


RUN = JavaRun(
    name="java",
    main_file="Main.java",
    compile_argv=("javac", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                  "-encoding", "UTF-8", "-d", ".", "Main.java"),
    run_argv=("java", "-Xmx{memory_mb}m", *_JVM_FLAGS, "-cp", "{art}", "Main"),
    artefacts=("*.class",),
    toolchain=("javac", "java"),
    host_binds=("/etc/java-17-openjdk",),
    address_space_extra_mb=1024,
    compile_address_space_mb=None,
)


EXTRACTION = ExtractionRules(
    features=(
        (rx(r"^[ \t]*import[ \t]+java\.|System\.out\.print|\bString\[\]|@Override"), 4),
        (rx(r"\b(?:public|private|protected)[ \t]+(?:static[ \t]+)?[\w<>\[\], ]+[ \t]+"
            r"\w+[ \t]*\("), 3),
        (rx(r"\b(?:ArrayList|HashMap|HashSet|List<Integer>|Integer\.|Arrays\.)"), 2),
    ),
    definitions=(
        rx(r"^[ \t]*(?:(?:public|private|protected|static|final|abstract|sealed)[ \t]+)*"
           r"(?:class|interface|enum|record)[ \t]+(\w+)"),
        rx(r"^[ \t]*(?:(?:public|private|protected|static|final|synchronized|abstract)[ \t]+)*"
           r"(?:<[^>\n]*>[ \t]+)?(?!return\b|new\b|else\b|throw\b)[\w.]+(?:<[^\n(]*>)?(?:\[\])*"
           r"[ \t]+(\w+)[ \t]*\([^;\n]*$"),
    ),
    # The harness's tests are ``public class Main``; a candidate's own driver class
    # of that name would collide with it.
    main=rx(r"^(?:public[ \t]+)?(?:final[ \t]+)?class[ \t]+Main\b[^{\n]*\{"),
)

SCORING = ScoringRules(
    lint_empty_catch=True,
    statement_terminated=True,
    common_form=re.compile(r"\bclass\s+\w+|\b(?:public|private|static)\s"),
    lint="lexer rules",
    mutating_methods=frozenset({
        # Collection, List, Deque, Queue
        "add", "addAll", "remove", "removeAll", "removeIf", "retainAll", "clear", "set", "sort",
        "replaceAll", "push", "pop", "poll", "offer", "addFirst", "addLast", "removeFirst",
        "removeLast", "pollFirst", "pollLast", "offerFirst", "offerLast",
        # Map
        "put", "putAll", "putIfAbsent", "compute", "computeIfAbsent", "computeIfPresent",
        "merge",
        # StringBuilder
        "append", "insert", "delete", "deleteCharAt", "setLength", "setCharAt", "reverse",
        # atomics
        "incrementAndGet", "getAndIncrement", "decrementAndGet", "getAndDecrement",
        "addAndGet", "getAndAdd", "getAndSet", "lazySet", "accumulateAndGet",
        "updateAndGet", "compareAndSet",
    }),
    mutating_functions=("Collections.sort", "Collections.reverse", "Collections.shuffle",
                        "Collections.swap", "Collections.fill", "Collections.addAll",
                        "Collections.rotate", "Arrays.sort", "Arrays.fill", "Arrays.setAll"),
    accessors=frozenset({"get", "getOrDefault", "computeIfAbsent", "peek", "peekFirst",
                         "peekLast", "getFirst", "getLast", "firstEntry", "lastEntry"}),
)

ERRORS = ErrorSignatures(
    api_misuse=(r"\bcannot find symbol\b|\bpackage [\w.]+ does not exist\b",),
    syntax=(r"\breached end of file while parsing\b|\billegal start of (?:expression|type)\b",
            r"\b(?:';'|'\)'|'\('|<identifier>|class, interface, enum, or record) expected\b",
            r"\bunclosed string literal\b|\bnot a statement\b"),
    crash=(r"\bException in thread \"main\" java\.(?:lang|util)\.(?!AssertionError)",),
)


def _count_tests(tests: str, entry_point: str, marker: str) -> str | None:
    from codecanary.languages import java_counting

    return java_counting.instrument(tests, marker)


SECURITY = SecurityRules(insecure=insecure_patterns(
    (r"Runtime\.getRuntime\(\)\.exec\s*\(", "Runtime.exec runs a command"),
    (r"\.(?:executeQuery|executeUpdate|execute|prepareStatement)\s*\(\s*\"[^\"]*\"\s*\+",
     "SQL built by concatenation"),
    (r"\bnew\s+ObjectInputStream\s*\(", "Java deserialisation of untrusted data"),
    (r"\bScriptEngine\b.*\.eval\s*\(", "script eval"),
))



def _busy_lines(params: tuple[str, ...], sizes: tuple[str, ...], step: str,
                scale: float) -> list[str]:
    fixed = int(20_000 * scale)
    total = " + ".join(sizes)
    bound = f"{fixed}L + 30L * {total}" if total else f"{fixed}L"
    return ["long _spin = 0;", f"long _rounds = {bound};",
            "for (long _i = 0; _i < _rounds; _i++) {",
            f"{step}_spin = (_spin + _i) % 7;", "}",
            "if (_spin < 0) {", f"{step}System.out.print(\"\");", "}"]


SIMULATION = SimulationRules(
    wrong_apis=(
        (".size(", "length"), (".add(", "push"), (".get(", "at"), (".length(", "size"),
        (".charAt(", "charAtIndex"), (".equals(", "equalTo"), ("Math.max(", "maximum"),
        ("Math.min(", "minimum"), ("Math.abs(", "absolute"), ("Arrays.sort(", "sorted"),
        ("Collections.sort(", "sorted"), (".put(", "set"), (".containsKey(", "hasKey"),
        (".contains(", "has"), ("Integer.parseInt(", "parse"), ("String.valueOf(", "from"),
        (".toCharArray(", "charArray"), (".append(", "push"), (".isEmpty(", "empty"),
        (".substring(", "substr"), (".toString(", "str"), (".getOrDefault(", "getOr"),
        (".split(", "splitBy"), (".trim(", "strip"),
    ),
    missing_helper="Helpers.validateArguments();",
    busy_lines=_busy_lines,
    anti_patterns=("String _unused = \"TODO: remove\";",),
)

DIAGNOSIS = DiagnosisRules(
    anti_patterns=(
        r"\bTODO\b", r"Runtime\.getRuntime\(\)\.exec", r"catch\s*\(Exception"),
    vocabulary=words(
        "if else for while return break continue true false public private "
        "static class new int long void null this boolean double"),
)


JAVA = LanguageDef(
    name="java",
    display_name="Java",
    file_extension="java",
    fence_aliases=("java",),
    running=RUN,
    grammar=Grammar("tree_sitter_java"),
    node_types=NodeTypes(
        loops=frozenset({"do_statement", "enhanced_for_statement", "for_statement",
                         "while_statement"}),
        functions=frozenset({"constructor_declaration", "method_declaration"}),
        classes=frozenset({"class_declaration"}),
        calls=frozenset({"method_invocation"}),
    ),
    lexer=LexerRules(text_blocks=True),
    mutation=MutationRules(generics=True),
    extraction=EXTRACTION,
    count_tests=_count_tests,
    errors=ERRORS,
    scoring=SCORING,
    security=SECURITY,
    diagnosis=DIAGNOSIS,
    simulation=SIMULATION,
    keywords=words(
        "abstract assert boolean break byte case catch char class const continue default do "
        "double else enum extends final finally float for goto if implements import "
        "instanceof int interface long native new package private protected public return "
        "short static strictfp super switch synchronized this throw throws transient try void "
        "volatile while true false null var record yield sealed permits"),
    operators=words(
        "= > < ! ~ ? : -> == >= <= != && || ++ -- + - * / & | ^ % << >> >>> += -= *= /= &= "
        "|= ^= %= <<= >>= >>>= :: . , ; ( ) [ ] { } @ ..."),
)
