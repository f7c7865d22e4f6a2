"""Cached tree-sitter parsers for every language that names a grammar.

The grammars (``Language.grammar``) come from per-language ``tree-sitter-*`` wheels, so nothing is
downloaded at run time. Each grammar module is imported lazily: a missing wheel
means "no grammar" (``None``), never an error.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from typing import cast

import tree_sitter

from codecanary.languages import find


@functools.cache
def _language(language: str) -> tree_sitter.Language | None:
    found = find(language)
    spec = found.grammar if found is not None else None
    if spec is None:
        return None
    try:
        module = importlib.import_module(spec.module)
    except ImportError:
        return None
    factory = cast(Callable[[], object], getattr(module, spec.factory))
    return tree_sitter.Language(factory())


@functools.cache
def parser_for(language: str) -> tree_sitter.Parser | None:
    """Return a parser for ``language`` (cached), or ``None`` if there is no grammar.

    Args:
        language: A panel language name such as ``"python"`` or ``"cpp"``.
    """
    grammar = _language(language)
    return None if grammar is None else tree_sitter.Parser(grammar)


def parse(code: str, language: str) -> tree_sitter.Tree | None:
    """Parse ``code`` with the grammar for ``language``.

    Args:
        code: Source text.
        language: A panel language name.

    Returns:
        The syntax tree (tree-sitter always yields one, with ERROR/MISSING nodes
        where the code does not parse), or ``None`` if there is no grammar.
    """
    parser = parser_for(language)
    if parser is None:
        return None
    return parser.parse(code.encode("utf-8"))


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every node under ``node`` (itself included), in source order."""
    # An explicit stack: answers can nest deeper than Python's recursion limit.
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))
