"""Passed/total test counts from the summary a repo task's test runner prints.

Recognised: Python unittest (``Ran N tests`` + ``FAILED (failures=k, errors=e)``),
``node --test`` (``# pass N`` / ``# fail k``), ``go test -v`` (``--- PASS`` /
``--- FAIL`` per top-level test; plain ``go test`` prints no total), and
``cargo test`` (``test result: ... N passed; k failed``). Anything else: None.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Counts(NamedTuple):
    passed: int
    total: int

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0


_UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in ", re.MULTILINE)
_UNITTEST_FAILED = re.compile(r"^FAILED \(([^)]*)\)", re.MULTILINE)
_NODE_PASS = re.compile(r"^(?:#|ℹ) pass (\d+)", re.MULTILINE)
_NODE_FAIL = re.compile(r"^(?:#|ℹ) fail (\d+)", re.MULTILINE)
_CARGO = re.compile(r"test result: \w+\. (\d+) passed; (\d+) failed")
_GO_RUN = re.compile(r"^=== RUN\s+(\S+)", re.MULTILINE)
_GO_FAIL = re.compile(r"^\s*--- FAIL: (\S+)", re.MULTILINE)
_GO_PASS = re.compile(r"^\s*--- PASS: (\S+)", re.MULTILINE)


def parse_test_counts(output: str) -> Counts | None:
    """Counts from the test runner's combined stdout+stderr, or None if unrecognised."""
    ran = _UNITTEST_RAN.findall(output)
    if ran:
        total = sum(int(n) for n in ran)
        bad = 0
        for group in _UNITTEST_FAILED.findall(output):
            bad += sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", group))
        return Counts(max(total - bad, 0), total)
    passes, fails = _NODE_PASS.findall(output), _NODE_FAIL.findall(output)
    if passes or fails:
        p = sum(int(n) for n in passes)
        return Counts(p, p + sum(int(n) for n in fails))
    cargo = _CARGO.findall(output)
    if cargo:
        p = sum(int(a) for a, _ in cargo)
        return Counts(p, p + sum(int(b) for _, b in cargo))
    return _go(output)


def _go(output: str) -> Counts | None:
    """``go test -v``: top-level ``--- PASS`` / ``--- FAIL`` lines. Plain ``go test``
    lists only failures, so it gives no total (None)."""
    if not _GO_RUN.search(output):
        return None
    failed = {n for n in _GO_FAIL.findall(output) if "/" not in n}
    passed = {n for n in _GO_PASS.findall(output) if "/" not in n}
    return Counts(len(passed - failed), len(passed | failed)) if passed | failed else None
