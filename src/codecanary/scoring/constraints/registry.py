"""The one registry of constraint kinds: kind name -> checker.

Built-in kinds are listed once below. A third-party package can add a kind through
the ``codecanary.constraints`` entry-point group (``kind = "module:checker"``), the
same mechanism as every other plug-in registry (:mod:`codecanary.plugins`).
"""

from __future__ import annotations

from codecanary.plugins import Registry
from codecanary.scoring.constraints.base import Check
from codecanary.scoring.constraints.calls import forbid_call, require_call
from codecanary.scoring.constraints.globals import no_global_mutation
from codecanary.scoring.constraints.imports import forbid_import
from codecanary.scoring.constraints.layout import max_line_length, max_lines
from codecanary.scoring.constraints.structure import (
    no_loops,
    no_recursion,
    require_class,
    require_docstring,
)

CONSTRAINT_KINDS: Registry[Check] = Registry("codecanary.constraints", "constraint kind")

_BUILTIN: dict[str, Check] = {
    "forbid_call": forbid_call,
    "forbid_import": forbid_import,
    "no_recursion": no_recursion,
    "no_loops": no_loops,
    "max_line_length": max_line_length,
    "max_lines": max_lines,
    "require_class": require_class,
    "require_call": require_call,
    "require_docstring": require_docstring,
    "no_global_mutation": no_global_mutation,
}
for _kind, _check in _BUILTIN.items():
    CONSTRAINT_KINDS.register(_kind, _check)
