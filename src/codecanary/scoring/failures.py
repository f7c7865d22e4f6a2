"""Failure taxonomy: exactly one primary class per failed sample.

A sample fails when its tests fail, when its answer is corrupted, when it breaks
a checkable instruction of the task, or when an efficiency task's answer fails
or blows its time budget on the large input. The primary class is the first that
matches, in this order; each earlier class is a *cause* that explains the later
symptoms, so it is the one worth counting:

1. ``no_code``: nothing extractable in the answer.
2. ``corrupted_output``: foreign-script or replacement characters, or runaway
   repetition, in the code (a broken inference stack). Corruption usually shows
   up downstream as a syntax or name error; the cause is what drifted. It fails
   the sample even when the tests pass: nobody can ship that text.
3. ``wrong_language``: the code is in another programming language.
4. ``truncated``: the answer was cut off (finish reason ``length`` or
   ``max_tokens``, unclosed blocks or a mid-token end) and the tests failed.
5. ``syntax_error``: the code does not parse (tree-sitter before execution,
   confirmed by the compiler or interpreter), or the interpreter reports one.
6. ``api_misuse``: a name, attribute, method, module or symbol that does not
   exist (NameError, ImportError, ``cannot find symbol``, ``undefined:`` …),
   whether the compiler or the runtime finds it.
7. ``compile_error``: any other rejection by the compiler or type checker.
8. ``timeout``: the wall-clock limit, or an efficiency task's time budget.
9. ``memory_limit``: the memory limit.
10. ``runtime_error``: a crash the tests did not cause on purpose (an uncaught
    exception, a runtime panic, a signal).
11. ``wrong_answer``: the program ran to its end and the tests said no (an
    assertion, a harness ``FAIL`` line with a non-zero exit, or a wrong result
    on the efficiency input).
12. ``constraint_violation``: the tests pass but an instruction of the task
    (no loops, forbidden call, …) is broken.

Repo tasks (coding agents) add ``agent_error``, ``agent_timeout``, ``no_change``,
``forbidden_edit`` and ``broke_existing_tests``; see :mod:`codecanary.scoring.repo`.

``infra_error`` (the provider or sandbox failed) is never a model failure and is
assigned by the runner, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from codecanary.sandbox.base import ExecResult, ExecStatus


class FailureClass(StrEnum):
    NO_CODE = "no_code"
    WRONG_LANGUAGE = "wrong_language"
    SYNTAX_ERROR = "syntax_error"
    TRUNCATED = "truncated"
    COMPILE_ERROR = "compile_error"
    API_MISUSE = "api_misuse"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    WRONG_ANSWER = "wrong_answer"
    CONSTRAINT_VIOLATION = "constraint_violation"
    CORRUPTED_OUTPUT = "corrupted_output"
    INFRA_ERROR = "infra_error"
    # Repo tasks (coding agents); assigned by codecanary.scoring.repo.
    NO_CHANGE = "no_change"
    BROKE_EXISTING_TESTS = "broke_existing_tests"
    FORBIDDEN_EDIT = "forbidden_edit"
    AGENT_TIMEOUT = "agent_timeout"
    AGENT_ERROR = "agent_error"


#: Model failure classes in precedence order (``infra_error`` is not one).
PRECEDENCE: tuple[FailureClass, ...] = (
    FailureClass.NO_CODE, FailureClass.CORRUPTED_OUTPUT, FailureClass.WRONG_LANGUAGE,
    FailureClass.TRUNCATED, FailureClass.SYNTAX_ERROR, FailureClass.API_MISUSE,
    FailureClass.COMPILE_ERROR, FailureClass.TIMEOUT, FailureClass.MEMORY_LIMIT,
    FailureClass.RUNTIME_ERROR, FailureClass.WRONG_ANSWER, FailureClass.CONSTRAINT_VIOLATION,
)
#: Repo-task (agent) failure classes, in their precedence order.
AGENT_PRECEDENCE: tuple[FailureClass, ...] = (
    FailureClass.AGENT_ERROR, FailureClass.AGENT_TIMEOUT, FailureClass.NO_CHANGE,
    FailureClass.FORBIDDEN_EDIT, FailureClass.BROKE_EXISTING_TESTS,
)

# Messages that mean "this name does not exist", per toolchain.
_API_MISUSE = re.compile(
    r"\b(?:NameError|AttributeError|ImportError|ModuleNotFoundError|UnboundLocalError)\b"  # python
    r"|\bReferenceError\b|is not a function\b|is not a constructor\b"  # node
    r"|\bCannot find module\b|\bTS2304\b|\bTS2339\b|\bTS2551\b|\bTS2552\b|\bTS2307\b"  # tsc
    r"|\bTS2349\b|\bTS2724\b|\bTS2305\b"
    r"|\bundefined: |has no field or method\b|\bis not in std\b|cannot find package\b"  # go
    r"|\bundefined reference to\b|\bwas not declared in this scope\b"  # c++
    r"|\bhas no member named\b|\bis not a member of\b|\bno matching function for call\b"
    r"|\bno member named\b|\bcannot find symbol\b|\bpackage [\w.]+ does not exist\b"  # java
    r"|\berror\[E0425\]|\berror\[E0599\]|\berror\[E0432\]|\berror\[E0433\]"  # rust
    r"|\berror\[E0412\]|\berror\[E0423\]|\berror\[E0405\]|\berror\[E0560\]|\berror\[E0609\]"
    r"|\bcannot find (?:function|value|type|macro)\b|\bno method named\b|\bunresolved import\b"
)
_SYNTAX = re.compile(
    r"\b(?:SyntaxError|IndentationError|TabError)\b"  # python, node
    r"|\berror TS1\d{3}\b"  # tsc: TS1xxx are syntax diagnostics
    r"|syntax error:|\bexpected ['\"]?[\w;)}\]]+['\"]?,? found\b"  # go
    r"|\bexpected ['`].+['`] before\b|\bexpected (?:primary-)?expression\b"  # c++
    r"|\bexpected unqualified-id\b|\bexpected declaration\b"
    r"|\bexpected one of\b|\bunclosed delimiter\b|\bmismatched closing delimiter\b"  # rust
    r"|\bunexpected closing delimiter\b|\bthis file contains an unclosed delimiter\b"
    r"|\breached end of file while parsing\b|\billegal start of (?:expression|type)\b"  # java
    r"|\b(?:';'|'\)'|'\('|<identifier>|class, interface, enum, or record) expected\b"
    r"|\bunclosed string literal\b|\bnot a statement\b"
)
# Crashes a harness does not produce on purpose (a test failure is an assertion
# or a ``FAIL`` line plus a non-zero exit).
_CRASH = re.compile(
    r"Traceback \(most recent call last\)"  # python (AssertionError is handled first)
    r"|^\s*(?:TypeError|RangeError|InternalError|URIError|EvalError)\b"  # node
    r"|\b(?:TypeError|RangeError): "
    r"|^panic: runtime error|^fatal error: |^goroutine \d+ \[running\]"  # go
    r"|panicked at .*\n.*(?:index out of bounds|overflow|divide by zero|unwrap\(\)"  # rust
    r"|expect\(\)|out of range|not a char boundary|RefCell|slice index)"
    r"|\bException in thread \"main\" java\.(?:lang|util)\.(?!AssertionError)"  # java
    r"|terminate called after throwing|Segmentation fault|\bstack overflow\b",  # c++ / any
    re.MULTILINE,
)
_ASSERTION = re.compile(
    r"\bAssertionError\b|\bassertion failed\b|\bassertion `.*` failed|\bassert_eq!"
    r"|\bAssertion .* failed\b|^FAIL\b|\bFAIL(?:ED)?[: ]",
    re.IGNORECASE | re.MULTILINE,
)
#: Signals that mean the program crashed (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT).
_CRASH_SIGNALS = frozenset({4, 6, 7, 8, 11})


@dataclass(frozen=True)
class Evidence:
    """What the scoring found about one answer, in the terms the taxonomy needs."""

    has_code: bool
    result: ExecResult | None
    """The test run (None when the code was not executed)."""
    corrupted: bool = False
    wrong_language: bool = False
    truncated: bool = False
    syntax_valid: bool | None = None
    """tree-sitter's opinion before execution (None: not checked)."""
    constraint_violations: int = 0
    efficiency_status: str | None = None
    """``ok``, ``failed``, ``timeout`` or ``error`` on the efficiency input, if measured."""


def api_misuse_in(text: str) -> bool:
    """Whether a compiler or runtime message says a name or symbol does not exist."""
    return bool(_API_MISUSE.search(text))


def classify(evidence: Evidence) -> FailureClass | None:
    """The primary failure class, or None when the sample passes."""
    e = evidence
    if not e.has_code:
        return FailureClass.NO_CODE
    if e.corrupted:
        return FailureClass.CORRUPTED_OUTPUT
    result = e.result
    tests_passed = result is not None and result.status is ExecStatus.OK
    if tests_passed:
        if e.efficiency_status == "timeout":
            return FailureClass.TIMEOUT
        if e.efficiency_status == "failed":
            return FailureClass.WRONG_ANSWER
        if e.constraint_violations:
            return FailureClass.CONSTRAINT_VIOLATION
        return None
    if e.wrong_language:
        return FailureClass.WRONG_LANGUAGE
    if e.truncated:
        return FailureClass.TRUNCATED
    if result is None:
        return FailureClass.SYNTAX_ERROR if e.syntax_valid is False else FailureClass.RUNTIME_ERROR
    return _from_execution(result, e.syntax_valid)


def _from_execution(result: ExecResult, syntax_valid: bool | None) -> FailureClass:
    compile_text = result.compile_output
    run_text = result.stderr
    if result.status is ExecStatus.COMPILE_ERROR:
        if syntax_valid is False or _SYNTAX.search(compile_text):
            return FailureClass.SYNTAX_ERROR
        if api_misuse_in(compile_text):
            return FailureClass.API_MISUSE
        return FailureClass.COMPILE_ERROR
    if _SYNTAX.search(run_text) and (syntax_valid is False or "Traceback" in run_text
                                     or "SyntaxError" in run_text):
        return FailureClass.SYNTAX_ERROR
    if result.status is ExecStatus.TIMEOUT:
        return FailureClass.TIMEOUT
    if result.status is ExecStatus.MEMORY_LIMIT:
        return FailureClass.MEMORY_LIMIT
    if api_misuse_in(run_text):
        return FailureClass.API_MISUSE
    if _ASSERTION.search(run_text) and not _crashed_first(run_text):
        return FailureClass.WRONG_ANSWER
    if _CRASH.search(run_text) or (result.signal in _CRASH_SIGNALS):
        return FailureClass.RUNTIME_ERROR
    if result.status is ExecStatus.KILLED or result.status is ExecStatus.OUTPUT_LIMIT:
        return FailureClass.RUNTIME_ERROR
    # The program ended on its own with a non-zero status and no crash signature:
    # the harness reported a failing case (its convention is exit 1 with a message).
    return FailureClass.WRONG_ANSWER


def _crashed_first(text: str) -> bool:
    """A Python traceback whose final exception is not an AssertionError."""
    if "Traceback (most recent call last)" not in text:
        return False
    last = [line for line in text.strip().splitlines() if line and not line.startswith(" ")]
    return bool(last) and not last[-1].startswith("AssertionError")
