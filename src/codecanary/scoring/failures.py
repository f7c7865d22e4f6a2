"""Failure classification: exactly one primary class per failed sample.

Precedence (first match wins) — earlier classes explain later symptoms:
``no_code`` > ``truncated`` (provider said ``length``) > ``syntax_error`` /
``compile_error`` > ``timeout`` > ``memory_limit`` > ``api_misuse`` (NameError,
AttributeError, ImportError, undefined symbol…) > ``wrong_answer`` (a test
assertion failed) > ``runtime_error``. ``infra_error`` is not a model failure.
The scoring issue extends this with syntax, corruption and constraint signals.
"""

from __future__ import annotations

import re
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


_API_MISUSE = re.compile(
    r"\b(NameError|AttributeError|ImportError|ModuleNotFoundError|ReferenceError"
    r"|is not a function|is not defined|undefined reference|cannot find symbol"
    r"|was not declared in this scope|has no member named|undefined: |no method named"
    r"|cannot find function|unresolved import)\b"
)
_SYNTAX = re.compile(r"\b(SyntaxError|IndentationError|TabError)\b")
_ASSERTION = re.compile(r"\b(AssertionError|assertion failed|AssertionFailed|ASSERT|assert_eq)",
                        re.IGNORECASE)


def classify(*, has_code: bool, finish_reason: str | None, result: ExecResult) -> FailureClass:
    """The primary failure class of a sample whose execution did not pass."""
    if not has_code:
        return FailureClass.NO_CODE
    text = f"{result.compile_output}\n{result.stderr}"
    if finish_reason == "length":
        return FailureClass.TRUNCATED
    if _SYNTAX.search(text):
        return FailureClass.SYNTAX_ERROR
    if result.status is ExecStatus.COMPILE_ERROR:
        return (FailureClass.API_MISUSE if _API_MISUSE.search(result.compile_output)
                else FailureClass.COMPILE_ERROR)
    if result.status is ExecStatus.TIMEOUT:
        return FailureClass.TIMEOUT
    if result.status is ExecStatus.MEMORY_LIMIT:
        return FailureClass.MEMORY_LIMIT
    if _API_MISUSE.search(result.stderr):
        return FailureClass.API_MISUSE
    if _ASSERTION.search(result.stderr):
        return FailureClass.WRONG_ANSWER
    if result.status is ExecStatus.FAILED and result.exit_code == 1 and not result.stderr.strip():
        return FailureClass.WRONG_ANSWER
    return FailureClass.RUNTIME_ERROR
