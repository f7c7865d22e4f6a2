"""What every constraint checker takes and returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from codecanary.scoring.constraints.tree import Node


@dataclass(frozen=True)
class Violation:
    """One broken constraint.

    Attributes:
        kind: The constraint kind, e.g. "forbid_call".
        message: One line for a human, e.g. "calls sorted() at line 4 (forbidden)".
        line: 1-based line of the offending code, or None when nothing points at one.
    """

    kind: str
    message: str
    line: int | None


Check = Callable[[Node, str, Mapping[str, Any], str], list[Violation]]
"""A checker: ``(root, language, constraint table, entry point) -> violations``.

It may raise KeyError/ValueError/TypeError for a malformed table (reported as such
by ``check_constraints``) and must not raise for code that does not parse.
"""


def names_of(constraint: Mapping[str, Any]) -> list[str]:
    """The table's ``names`` as strings (a single string counts as one name)."""
    names = constraint.get("names", [])
    return [str(n) for n in names] if isinstance(names, list | tuple) else [str(names)]
