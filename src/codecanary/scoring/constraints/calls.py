"""``forbid_call`` and ``require_call``: which functions and methods the answer calls.

A call's callee is normalised to a dotted name (:func:`tree.callee_of`). A plain
name ("sort") matches the last component, so method calls count; a dotted name
("functools.reduce", "Collections.sort") matches a callee equal to it or ending
with "." + it. Python imports are resolved first (``from m import f as g``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation, names_of
from codecanary.scoring.constraints.tree import Node, calls_in, line_of


def call_matches(callee: str, wanted: str) -> bool:
    """Whether the dotted ``callee`` is a call to ``wanted`` (plain or dotted name)."""
    if "." not in wanted:
        return callee.rsplit(".", 1)[-1] == wanted
    return callee == wanted or callee.endswith("." + wanted)


def forbid_call(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """Report the first call to any of ``names``."""
    wanted = names_of(c)
    for callee, node in calls_in(root, language):
        for name in wanted:
            if call_matches(callee, name):
                line = line_of(node)
                return [Violation("forbid_call", f"calls {callee}() at line {line} "
                                  "(forbidden)", line)]
    return []


def require_call(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """Met when any one of ``names`` is called somewhere in the answer."""
    wanted = names_of(c)
    if any(call_matches(callee, n) for callee, _n in calls_in(root, language) for n in wanted):
        return []
    return [Violation("require_call", f"never calls {' or '.join(wanted)}() (required)", None)]
