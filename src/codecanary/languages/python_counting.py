"""Python side of :mod:`codecanary.scoring.testcount`: an AST rewrite of the harness.

A *check* is an ``assert`` statement, or any other simple (or ``try``) statement
calling a *check helper*: a function defined at the top level of the tests that can end the program
on failure (it asserts, raises or calls ``exit``, directly or through another check
helper — the panel's ``_eq``/``_raises``/``_fail``). Checks are rewritten where they
run as the harness's own steps: at module level, in the HumanEval ``check(candidate)``
body, and inside ``for``/``while``/``if``/``with`` blocks there (each execution counts).
Bodies of other functions and ``try`` blocks are left alone (a ``try`` may catch on
purpose).
"""

from __future__ import annotations

import ast

# Calls that end the program (``sys.exit``, ``_sys.exit``, ``exit``, ``os._exit``).
_EXITS = frozenset({"exit", "_exit", "quit"})

_PRELUDE = '''
import sys as _cc_sys
import traceback as _cc_traceback


class _CcCounts:
    passed = 0
    failed = 0


def _cc_failed(exc):
    _CcCounts.failed += 1
    if _CcCounts.failed == 1:
        print("{MARKER} failed", file=_cc_sys.stderr)
    if isinstance(exc, AssertionError):
        _cc_traceback.print_exception(exc, file=_cc_sys.stderr)
    elif not isinstance(exc, SystemExit):
        # Its type is not printed: the classifier would read "NameError" as the cause,
        # but the original program stopped at the earlier failed check.
        print("FAIL: a check raised an error after an earlier check failed",
              file=_cc_sys.stderr)
    _cc_sys.stderr.flush()


def _cc_finish():
    total = _CcCounts.passed + _CcCounts.failed
    print(f"{MARKER} {_CcCounts.passed} {total}", file=_cc_sys.stderr)
    if _CcCounts.failed:
        print(f"AssertionError: {_CcCounts.failed} of {total} checks failed",
              file=_cc_sys.stderr)
        _cc_sys.exit(1)
'''

_WRAP = '''
try:
    pass
except AssertionError as _cc_exc:
    _cc_failed(_cc_exc)
except SystemExit as _cc_exc:
    if _cc_exc.code is None or _cc_exc.code == 0:
        raise
    _cc_failed(_cc_exc)
except Exception as _cc_exc:
    if not _CcCounts.failed:
        raise
    _cc_failed(_cc_exc)
else:
    _CcCounts.passed += 1
'''

_CHECK_WRAPPER = '''
def check(*_cc_args, **_cc_kwargs):
    _cc_check_body(*_cc_args, **_cc_kwargs)
    _cc_finish()
'''


def _called_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def _check_helpers(module: ast.Module) -> set[str]:
    """Top-level functions that can end the program on failure (fixed point)."""
    defs = {n.name: n for n in module.body if isinstance(n, ast.FunctionDef)}
    helpers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, node in defs.items():
            if name in helpers or name == "check":
                continue
            for sub in ast.walk(node):
                called = _called_name(sub)
                if isinstance(sub, ast.Assert | ast.Raise) or called in _EXITS or (
                        called in helpers and isinstance(sub, ast.Call)
                        and isinstance(sub.func, ast.Name)):
                    helpers.add(name)
                    changed = True
                    break
    return helpers


class _Rewriter:
    def __init__(self, helpers: set[str]) -> None:
        self.helpers = helpers
        self.sites = 0

    def is_check(self, stmt: ast.stmt) -> bool:
        """An assert, or any other simple or ``try`` statement that calls a check
        helper (``x = _eq(...)``, a ``try`` around ``_fail``): counted as one check."""
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                      | ast.For | ast.While | ast.If | ast.With | ast.Import
                      | ast.ImportFrom | ast.Global | ast.Nonlocal):
            return False
        return any(isinstance(node, ast.Assert) or (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in self.helpers) for node in ast.walk(stmt))

    def block(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in body:
            if self.is_check(stmt):
                wrap = ast.parse(_WRAP).body[0]
                assert isinstance(wrap, ast.Try)
                wrap.body = [stmt]
                out.append(ast.copy_location(wrap, stmt))
                self.sites += 1
                continue
            if isinstance(stmt, ast.For | ast.While | ast.If):
                stmt.body = self.block(stmt.body)
                stmt.orelse = self.block(stmt.orelse)
            elif isinstance(stmt, ast.With):
                stmt.body = self.block(stmt.body)
            out.append(stmt)
        return out


def _calls_check(module: ast.Module) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id == "check" for node in ast.walk(module))


def instrument(tests: str, entry_point: str, marker: str) -> str | None:
    """The rewritten harness, or None (unparsable, no check, ambiguous shape)."""
    try:
        module = ast.parse(tests)
    except SyntaxError:
        return None
    defines_check = "def check(" in tests and bool(entry_point)
    # Tests that call check() themselves would run it again after the appended call.
    if defines_check and _calls_check(module):
        return None
    rewriter = _Rewriter(_check_helpers(module))
    body: list[ast.stmt] = []
    check_def: ast.FunctionDef | None = None
    for stmt in module.body:
        if defines_check and isinstance(stmt, ast.FunctionDef) and stmt.name == "check":
            stmt.body = rewriter.block(stmt.body)
            stmt.name = "_cc_check_body"
            check_def = stmt
            body.append(stmt)
        else:
            body.extend(rewriter.block([stmt]))
    if rewriter.sites == 0:
        return None
    if defines_check and check_def is None:
        return None  # ``def check(`` inside something else: not the HumanEval shape
    prelude = ast.parse(_PRELUDE.replace("{MARKER}", marker)).body
    tail = ast.parse(_CHECK_WRAPPER if check_def is not None else "_cc_finish()").body
    module.body = [*prelude, *body, *tail]
    return ast.unparse(ast.fix_missing_locations(module)) + "\n"
