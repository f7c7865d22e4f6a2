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
  assertion message) without a counts line, since the total is then unknown.
* The counts line is written only when the harness reaches its end, so a count is
  never a guess.
* The one outcome that can differ: running on after a failed check may reach a
  later check on which the wrong answer loops, so a run the original harness ended
  as ``failed`` can end as ``timeout``. Callers that classify failures from this
  run should know it (it is rare on the panel: see tests/scoring/test_testcount.py).

Per language (see :func:`instrument`): Python (AST rewrite), Rust (shadowing
``assert!``/``assert_eq!``/``assert_ne!``) and JavaScript/TypeScript (wrapping
assertion-call statements at the harness level, see ``_testcount_js``) are
instrumented; Go, Java and C++ return None, see ``_UNSUPPORTED`` for why.
"""

from __future__ import annotations

import re

from codecanary.scoring import _testcount_js, _testcount_python, _testcount_rust

MARKER = "__codecanary_tests__"
_LINE = re.compile(rf"^{MARKER} (\d+) (\d+)\s*$", re.M)

_UNSUPPORTED = {
    # Go/Java/C++ harnesses compare in their own loops and exit through os.Exit,
    # System.exit or return codes, with no common assertion call to hook.
    "go": "harnesses exit via os.Exit/panic from their own comparison code",
    "java": "harnesses exit via System.exit from their own comparison code",
    "cpp": "harnesses return non-zero from their own comparison code",
}


def unsupported_reason(language: str) -> str | None:
    """Why ``language`` is never instrumented (None when it may be)."""
    return _UNSUPPORTED.get(language)


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
    if language == "python":
        return _testcount_python.instrument(tests, entry_point, MARKER)
    if language == "rust":
        return _testcount_rust.instrument(tests, MARKER)
    if language in ("javascript", "typescript"):
        return _testcount_js.instrument(tests, language, MARKER)
    return None


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
