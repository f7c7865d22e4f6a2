"""Mechanical checks of instruction constraints (conventions.md) on an answer.

All checks walk the tree-sitter tree, so they work on every panel language and on
code that does not parse (they see what the partial tree holds; they never raise
for bad code). One module per family of kinds, each documenting what its kinds
accept: :mod:`.calls` (``forbid_call``, ``require_call``), :mod:`.imports`
(``forbid_import``), :mod:`.structure` (``no_loops``, ``no_recursion``,
``require_class``, ``require_docstring``), :mod:`.layout` (``max_line_length``,
``max_lines``) and :mod:`.globals` (``no_global_mutation``); :mod:`.registry` maps
each kind to its checker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from codecanary.errors import CodecanaryError
from codecanary.languages.treesitter import parse
from codecanary.scoring.constraints.base import Check, Violation
from codecanary.scoring.constraints.registry import CONSTRAINT_KINDS

__all__ = ["Violation", "check_constraints"]


def check_constraints(code: str, language: str, constraints: Sequence[Mapping[str, Any]],
                      entry_point: str) -> list[Violation]:
    """Check an answer against a task's constraints.

    Args:
        code: The candidate answer (it need not parse).
        language: A panel language name.
        constraints: The task's constraint tables, each with a ``kind``.
        entry_point: The task's entry point (function, ``Class.method`` or class).

    Returns:
        One :class:`Violation` per broken constraint (empty when all hold, or when
        there is no grammar for the language).

    Raises:
        CodecanaryError: A constraint has an unknown kind or lacks a required key.
    """
    # Every kind is resolved before parsing, so an unknown kind is reported even for
    # a language without a grammar.
    checks: list[tuple[Check, Mapping[str, Any]]] = []
    known = CONSTRAINT_KINDS.names()
    for constraint in constraints:
        kind = str(constraint.get("kind", ""))
        if kind not in known:
            raise CodecanaryError(f"unknown constraint kind {kind!r}; known: "
                                  f"{', '.join(known)}")
        checks.append((CONSTRAINT_KINDS.get(kind), constraint))
    tree = parse(code, language)
    if tree is None:
        return []
    violations: list[Violation] = []
    for check, constraint in checks:
        try:
            violations.extend(check(tree.root_node, language, constraint, entry_point))
        except RecursionError:  # a call chain deeper than Python's stack: no verdict
            continue
        except (KeyError, ValueError, TypeError) as error:
            raise CodecanaryError(f"constraint {dict(constraint)!r} is malformed: {error}") \
                from None
    return violations
