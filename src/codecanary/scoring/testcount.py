"""Fraction of tests passed: an equivalent harness that counts checks and carries on.

:func:`instrument` rewrites a task's ``tests`` so that a failed check is counted and
execution continues; at the end the program writes one line
``__codecanary_tests__ <passed> <total>`` to stderr and, if any check failed, ends
like the original would have on its first failure: a recognisable assertion
message and a non-zero exit. :func:`parse_counts` reads the line back.

Semantics kept on purpose:

* Only checks are made to continue; every other exception or panic still ends the
  program with its own message (the failure classifier relies on NameError, panics…).
* After a counted failure the original program would already have stopped, so
  the outcome is settled: in Python an error raised by a later check counts as one
  more failed check (without its type name, which the classifier would read as the
  cause); in Rust a later panic stops the program as a failed assertion (exit 101,
  assertion message) without a counts line, since the total is then unknown; in Go,
  Java and C++ a later panic or exception inside a check counts as one more failed
  check, and one outside a check (or a C++ crash signal) ends the program with exit
  1 and a ``FAIL`` line, without a counts line.
* The counts line is written only when the harness reaches its end, so a count is
  never a guess. A failure that is not a wrapped check (an inline check in ``main``,
  a loop the rewrite does not reach) ends the program as before, without one.
* At its first failed check the harness writes ``__codecanary_tests__ failed``.
  Running on after that may reach a later check on which the wrong answer loops or
  allocates without end, so the run can end as ``timeout``, ``memory_limit``,
  ``output_limit`` or ``killed`` where the original harness ended as ``failed``.
  :func:`settle` gives such a run back the original's outcome; callers that classify
  failures must pass the result through it. It also fails a run that reported a
  failed check and still ended ``ok`` (the answer exiting 0 by itself later on).

Each language's rewrite is its ``Language.count_tests`` (in ``codecanary.languages``):
Python (AST rewrite, ``python_counting``), Rust (shadowing
``assert!``/``assert_eq!``/``assert_ne!``, ``rust_counting``), JavaScript/TypeScript
(wrapping assertion-call statements at the harness level, ``js_counting``) and Go,
Java and C++ (``native_counting``: the harness's exit calls go through a function
that, inside a wrapped call to a helper that can exit, raises a failure the wrapper
counts instead; ``go_counting``, ``java_counting``, ``cpp_counting``). A language
without a rewrite, or a harness whose shape is not understood, is not instrumented
(None).
"""

from __future__ import annotations

import re

from codecanary.languages import find
from codecanary.sandbox.base import ExecResult, ExecStatus

MARKER = "__codecanary_tests__"
_LINE = re.compile(rf"^{MARKER} (\d+) (\d+)\s*$", re.M)
_FIRST_FAILURE = re.compile(rf"^{MARKER} failed\s*$", re.M)
# Ends that running on after a failed check can cause and the original cannot have had.
_RAN_ON_INTO = frozenset({ExecStatus.TIMEOUT, ExecStatus.MEMORY_LIMIT,
                          ExecStatus.OUTPUT_LIMIT, ExecStatus.KILLED})


def instrument(language: str, tests: str, entry_point: str) -> str | None:
    """An equivalent harness that counts passed checks and keeps going after a failure.

    Args:
        language: the task's language.
        tests: the task's test harness (same convention as ``Task.tests``).
        entry_point: the task's entry point (Python calls ``check(entry_point)``).

    Returns:
        The instrumented harness, to be used exactly like ``tests``; or None when
        this language or this harness cannot be instrumented safely (no check found,
        an unusual shape, an unsupported language).
    """
    found = find(language)
    if found is None or found.count_tests is None:
        return None
    return found.count_tests(tests, entry_point, MARKER)


def parse_counts(stderr: str) -> tuple[int, int] | None:
    """``(passed, total)`` from an instrumented run's stderr (the last counts line).

    None when there is no well-formed line (the harness did not reach its end, or
    was not instrumented) or when it is inconsistent (passed > total, total 0).
    """
    found = _LINE.findall(stderr)
    if not found:
        return None
    passed, total = (int(x) for x in found[-1])
    if total <= 0 or passed > total:
        return None
    return passed, total


def settle(result: ExecResult) -> ExecResult:
    """The outcome the original harness would have had, given an instrumented run.

    The original harness stops at its first failed check with status ``failed``. An
    instrumented run that reported a failed check and then ended on a resource limit
    or a signal only got there by running on, so it is ``failed`` too; its detail
    keeps what actually happened. So is one that reported a failed check and still
    ended ``ok``: only running on can get there (the answer itself exiting 0 in a
    later check, where nothing of the harness can intercept it, as with Go's
    ``os.Exit``). Any other result is returned unchanged.
    """
    if not _FIRST_FAILURE.search(result.stderr):
        return result
    if result.status is ExecStatus.OK:
        detail = "a check failed; the counting harness then ran on to a successful exit"
    elif result.status in _RAN_ON_INTO:
        detail = (f"a check failed; the counting harness then ran on into "
                  f"{result.status.value}" + (f" ({result.detail})" if result.detail else ""))
    else:
        return result
    return result.model_copy(update={"status": ExecStatus.FAILED, "detail": detail})
