"""Where string literals are: the lines a line-based heuristic must not judge.

A line that starts inside a multi-line string literal (a docstring, a
``FIX = \"\"\"...\"\"\"`` constant, a JavaScript template, a Go raw string, a Java
text block) is data, whatever it looks like: prose-looking text in it is not
prose, and a ``def`` in it is not code. The grammar decides, not a regex: the
answer is parsed with the language's tree-sitter grammar, whose error recovery
keeps a stray apostrophe in the prose around the code from swallowing the code.
"""

from __future__ import annotations

import re

import tree_sitter

from codecanary.languages.treesitter import parser_for

# Only text that could hold a multi-line literal is parsed at all.
_MULTILINE_OPENER = re.compile(r"\"\"\"|'''|`|R\"|r#*\"")


def _is_string(node: tree_sitter.Node) -> bool:
    kind = node.type
    return "string" in kind or kind in ("text_block", "template_literal")


def string_interiors(text: str, language: str) -> frozenset[int]:
    """Indices (0-based) of the lines of ``text`` that begin inside a string literal.

    The line holding the literal's opening quote is not included (it starts as
    code); every later line of the literal, the closing line included, is.

    Args:
        text: An answer or code snippet, ``\\n`` line endings.
        language: Canonical language name; without a grammar nothing is reported.
    """
    if not _MULTILINE_OPENER.search(text):
        return frozenset()
    parser = parser_for(language)
    if parser is None:
        return frozenset()
    tree = parser.parse(text.encode("utf-8", "surrogatepass"))
    rows: set[int] = set()
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        start, end = node.start_point.row, node.end_point.row
        if start == end:
            continue  # nothing inside a one-line node spans lines
        if _is_string(node) and not node.has_error:
            rows.update(range(start + 1, end + 1))
            continue
        stack.extend(node.children)
    return frozenset(rows)
