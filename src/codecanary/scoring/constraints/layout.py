"""``max_line_length`` and ``max_lines``: the answer's shape on the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation
from codecanary.scoring.constraints.tree import Node, node_text


def max_line_length(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """At most ``value`` characters per line; the first long line is reported."""
    limit = int(c["value"])
    lines = node_text(root).splitlines()
    long = [i for i, text in enumerate(lines, 1) if len(text) > limit]
    if not long:
        return []
    first = long[0]
    return [Violation("max_line_length", f"line {first} has {len(lines[first - 1])} characters "
                      f"(limit {limit}; {len(long)} line(s) over)", first)]


def max_lines(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """At most ``value`` non-blank lines; the first line over the limit is reported."""
    limit = int(c["value"])
    filled = [i for i, text in enumerate(node_text(root).splitlines(), 1) if text.strip()]
    if len(filled) <= limit:
        return []
    return [Violation("max_lines", f"{len(filled)} non-blank lines (limit {limit})",
                      filled[limit])]
