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

from codecanary import languages
from codecanary.sandbox.base import ExecResult, ExecStatus
from codecanary.scoring.testcount import MARKER


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

class _Signatures:
    """One regex over every registered language's ``errors`` of one kind.

    Built on first use, so a plug-in language's messages count too. The
    classifier does not know which toolchain wrote a message, so the union is
    searched whatever the task's language.
    """

    def __init__(self, kind: str, generic: tuple[str, ...] = (), flags: int = 0) -> None:
        self.kind = kind
        self.generic = generic
        self.flags = flags
        self._pattern: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._pattern is None:
            parts: list[str] = []
            for lang in languages.all_languages():
                if lang.errors is not None:
                    parts.extend(getattr(lang.errors, self.kind))
            parts.extend(self.generic)
            # (?!) never matches: a registry without signatures recognises nothing.
            self._pattern = re.compile("|".join(parts) or "(?!)", self.flags)
        return self._pattern.search(text)


# Messages that mean "this name does not exist", per toolchain (``Language.errors``).
_API_MISUSE = _Signatures("api_misuse")
_SYNTAX = _Signatures("syntax")
# Crashes a harness does not produce on purpose (a test failure is an assertion
# or a ``FAIL`` line plus a non-zero exit).
_CRASH = _Signatures("crash", generic=(r"Segmentation fault|\bstack overflow\b",),
                     flags=re.MULTILINE)
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
    """The primary failure class, or None when the sample passes.

    Every class the evidence supports is collected, and the first of them in
    :data:`PRECEDENCE` is the answer: the order is decided in one place.
    """
    found = matching_classes(evidence)
    return next((cls for cls in PRECEDENCE if cls in found), None)


def matching_classes(evidence: Evidence) -> frozenset[FailureClass]:
    """Every failure class the evidence supports (empty when the sample passes)."""
    e = evidence
    if not e.has_code:
        return frozenset({FailureClass.NO_CODE})
    found: set[FailureClass] = set()
    if e.corrupted:
        found.add(FailureClass.CORRUPTED_OUTPUT)
    result = e.result
    if result is not None and result.status is ExecStatus.OK:
        if e.efficiency_status == "timeout":
            found.add(FailureClass.TIMEOUT)
        if e.efficiency_status == "failed":
            found.add(FailureClass.WRONG_ANSWER)
        if e.constraint_violations:
            found.add(FailureClass.CONSTRAINT_VIOLATION)
        return frozenset(found)
    if e.wrong_language:
        found.add(FailureClass.WRONG_LANGUAGE)
    if e.truncated:
        found.add(FailureClass.TRUNCATED)
    if result is None:
        found.add(FailureClass.SYNTAX_ERROR if e.syntax_valid is False
                  else FailureClass.RUNTIME_ERROR)
    else:
        found |= _from_execution(result, e.syntax_valid)
    return frozenset(found)


# The counting harness (scoring/testcount.py) prints this line when its first check
# fails by the harness's own means (an assertion, a FAIL exit): the original harness
# stops right there, so what the program did afterwards is not the sample's outcome.
_FIRST_FAILED_CHECK = re.compile(rf"^{MARKER} failed\s*$", re.MULTILINE)


def _from_execution(result: ExecResult, syntax_valid: bool | None) -> set[FailureClass]:
    found: set[FailureClass] = set()
    compile_text = result.compile_output
    if result.status is ExecStatus.COMPILE_ERROR:
        if syntax_valid is False or _SYNTAX.search(compile_text):
            found.add(FailureClass.SYNTAX_ERROR)
        if api_misuse_in(compile_text):
            found.add(FailureClass.API_MISUSE)
        found.add(FailureClass.COMPILE_ERROR)
        return found
    run_text = result.stderr
    first_failure = _FIRST_FAILED_CHECK.search(run_text)
    if first_failure is not None:
        run_text = run_text[:first_failure.start()]
    if _SYNTAX.search(run_text) and (syntax_valid is False or "Traceback" in run_text
                                     or "SyntaxError" in run_text):
        found.add(FailureClass.SYNTAX_ERROR)
    if api_misuse_in(run_text):
        found.add(FailureClass.API_MISUSE)
    if first_failure is not None:
        # A Go fatal error or a Rust/Python crash after the failed check is running
        # on; the test failure is the outcome (wrong_answer), not runtime_error.
        found.add(FailureClass.WRONG_ANSWER)
        return found
    if result.status is ExecStatus.TIMEOUT:
        found.add(FailureClass.TIMEOUT)
    if result.status is ExecStatus.MEMORY_LIMIT:
        found.add(FailureClass.MEMORY_LIMIT)
    if _ASSERTION.search(run_text) and not _crashed_first(run_text):
        found.add(FailureClass.WRONG_ANSWER)
    elif (_CRASH.search(run_text) or result.signal in _CRASH_SIGNALS
          or result.status in (ExecStatus.KILLED, ExecStatus.OUTPUT_LIMIT)):
        found.add(FailureClass.RUNTIME_ERROR)
    else:
        # The program ended on its own with a non-zero status and no crash signature:
        # the harness reported a failing case (its convention is exit 1 with a message).
        found.add(FailureClass.WRONG_ANSWER)
    return found


def _crashed_first(text: str) -> bool:
    """A Python traceback whose final exception is not an AssertionError."""
    if "Traceback (most recent call last)" not in text:
        return False
    last = [line for line in text.strip().splitlines() if line and not line.startswith(" ")]
    return bool(last) and not last[-1].startswith("AssertionError")
