"""Syntax validity of an answer, from its tree-sitter parse.

An answer is *valid* when its tree has no ERROR and no MISSING node. The first such
node in document order gives the reported line and message. ``open_at_end`` says
whether an ERROR/MISSING node reaches the last non-blank byte of the code, which is
what an answer cut off mid-way (token limit, lost stream) looks like; an error in
the middle of an otherwise complete file does not set it.

Python is also compiled with :func:`ast.parse`, because tree-sitter's Python grammar
accepts some code CPython rejects (bad indentation) and CPython names the line of
an unclosed bracket more precisely; its line and message win when it fails.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

import tree_sitter

from codecanary.languages.treesitter import parse

_SNIPPET = 20


@dataclass(frozen=True)
class SyntaxReport:
    """The outcome of :func:`check_syntax`.

    Attributes:
        checked: False when there is no grammar for the language.
        valid: True when checked and the tree has no ERROR/MISSING node.
        error_line: 1-based line of the first error, or None.
        message: "" if valid; else e.g. "line 12: unexpected '}'".
        open_at_end: An ERROR/MISSING node reaches the end of the code.
    """

    checked: bool
    valid: bool
    error_line: int | None
    message: str
    open_at_end: bool


def _first_problem(root: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node in document order (pre-order walk)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        # Only descend where tree-sitter recorded an error below.
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return None


def _reaches_end(root: tree_sitter.Node, end: int) -> bool:
    """Whether any ERROR/MISSING node ends at or after byte ``end``."""
    stack = [root]
    while stack:
        node = stack.pop()
        if (node.is_error or node.is_missing) and node.end_byte >= end:
            return True
        stack.extend(
            c for c in node.children if c.end_byte >= end and (c.has_error or c.is_missing)
        )
    return False


def _first_leaf(node: tree_sitter.Node) -> tree_sitter.Node:
    while node.children:
        node = node.children[0]
    return node


def _describe(node: tree_sitter.Node) -> tuple[int, str]:
    """Line and message for an ERROR or MISSING node."""
    if node.is_missing:
        return node.start_point.row + 1, f"missing '{node.type}'"
    # An ERROR node often starts at the beginning of the statement it could not
    # finish; its last child is where the parser gave up, so point there.
    culprit = _first_leaf(node.children[-1]) if node.children else node
    text = (culprit.text or b"").decode("utf-8", "replace").splitlines()
    token = text[0][:_SNIPPET] if text else ""
    if not token:
        return culprit.start_point.row + 1, "unexpected end of code"
    return culprit.start_point.row + 1, f"unexpected '{token}'"


def _python_error(code: str) -> tuple[int | None, str] | None:
    """CPython's own verdict: (line, message) of the SyntaxError, or None if it compiles."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. invalid escape sequences are not errors
            ast.parse(code)
    except SyntaxError as error:  # includes IndentationError
        return error.lineno, error.msg
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes, deep nesting
        return None, str(error) or type(error).__name__
    return None


def check_syntax(code: str, language: str) -> SyntaxReport:
    """Check that ``code`` parses in ``language``.

    Args:
        code: The candidate answer.
        language: A panel language name.

    Returns:
        A :class:`SyntaxReport`; ``checked`` is False when there is no grammar.
    """
    tree = parse(code, language)
    if tree is None:
        return SyntaxReport(False, False, None, "", False)
    root = tree.root_node
    py_error = _python_error(code) if language == "python" else None
    if not root.has_error and py_error is None:
        return SyntaxReport(True, True, None, "", False)
    end = len(code.encode("utf-8").rstrip())
    open_at_end = root.has_error and _reaches_end(root, end)
    if py_error is not None:
        py_line, py_msg = py_error
        # CPython knows a block or bracket left open at the end even where the
        # tree-sitter grammar recovered silently (e.g. a cut right after `if x:`).
        last = len(code.rstrip().splitlines())
        if py_line is not None and py_line >= last and any(
                m in py_msg for m in ("expected an indented block", "never closed", "EOF")):
            open_at_end = True
        prefix = f"line {py_line}: " if py_line is not None else ""
        return SyntaxReport(True, False, py_line, prefix + py_msg, open_at_end)
    problem = _first_problem(root)
    if problem is None:  # has_error with no node found: report it rather than guess.
        return SyntaxReport(True, False, None, "does not parse", open_at_end)
    line, what = _describe(problem)
    return SyntaxReport(True, False, line, f"line {line}: {what}", open_at_end)
