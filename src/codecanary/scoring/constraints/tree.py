"""Tree-sitter helpers shared by the constraint checkers.

Node types are listed across the seven panel grammars at once: a checker asks
"is this a call / function / class" without caring which language produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from codecanary import languages
from codecanary.languages.base import NodeTypes
from codecanary.languages.treesitter import walk as walk

Node = tree_sitter.Node



def node_types(language: str) -> NodeTypes:
    """The language's call/function/class/loop node types (none when it declares none)."""
    found = languages.find(language)
    return found.node_types if found is not None and found.node_types else _NONE


_NONE = NodeTypes()
# One template argument list without nested ones; stripped repeatedly, innermost first.
TEMPLATE = re.compile(r"<[^<>]*>")


def node_text(node: Node | None) -> str:
    """The source text of ``node`` ("" for None; bad UTF-8 is replaced, never raised)."""
    return "" if node is None else (node.text or b"").decode("utf-8", "replace")


def line_of(node: Node) -> int:
    """1-based line where ``node`` starts."""
    return node.start_point.row + 1


def callee_of(call: Node) -> str:
    """Dotted name of what a call node calls.

    ``::``/``->``/``?.`` become ``.``, template arguments and Rust's macro ``!`` are
    dropped, so ``std::sort<int>(...)`` is ``std.sort`` and ``xs.sort()`` is ``xs.sort``.
    """
    if call.type == "method_invocation":  # Java: object.name(...)
        obj = call.child_by_field_name("object")
        name = node_text(call.child_by_field_name("name"))
        raw = f"{node_text(obj)}.{name}" if obj is not None else name
    elif call.child_by_field_name("method") is not None:  # Ruby: receiver.method ...
        obj = call.child_by_field_name("receiver")
        name = node_text(call.child_by_field_name("method"))
        raw = f"{node_text(obj)}.{name}" if obj is not None else name
    else:
        raw = node_text(call.child_by_field_name("function"))
    raw = re.sub(r"\s+", "", raw).replace("::", ".").replace("->", ".").replace("?.", ".")
    while TEMPLATE.search(raw):
        raw = TEMPLATE.sub("", raw)
    return raw.replace("!", "")


def python_aliases(root: Node) -> dict[str, str]:
    """Local name -> qualified name from Python imports (``from m import f as g``)."""
    aliases: dict[str, str] = {}
    for node in walk(root):
        if node.type == "import_from_statement":
            module = node_text(node.child_by_field_name("module_name"))
            for name in node.children_by_field_name("name"):
                if name.type == "aliased_import":
                    real = node_text(name.child_by_field_name("name"))
                    alias = node_text(name.child_by_field_name("alias"))
                    aliases[alias] = f"{module}.{real}"
                else:
                    aliases[node_text(name)] = f"{module}.{node_text(name)}"
        elif node.type == "import_statement":
            for name in node.children_by_field_name("name"):
                if name.type == "aliased_import":
                    real = node_text(name.child_by_field_name("name"))
                    aliases[node_text(name.child_by_field_name("alias"))] = real
    return aliases


def calls_in(root: Node, language: str) -> Iterator[tuple[str, Node]]:
    """(dotted callee, call node) for every call under ``root``.

    In Python the callee's first component is resolved through the imports, so
    ``hp(...)`` after ``from heapq import heappush as hp`` is ``heapq.heappush``.
    """
    aliases = python_aliases(root) if language == "python" else {}
    calls = node_types(language).calls
    for node in walk(root):
        if node.type in calls:
            name = callee_of(node)
            head, _, rest = name.partition(".")
            if head in aliases:
                name = aliases[head] + ("." + rest if rest else "")
            yield name, node


def function_name(node: Node) -> str:
    """Simple name of a function/method definition node."""
    name = node.child_by_field_name("name")
    if name is None:  # C++: the name sits inside the declarator chain.
        declarator = node.child_by_field_name("declarator")
        while declarator is not None and declarator.child_by_field_name("declarator"):
            declarator = declarator.child_by_field_name("declarator")
        return node_text(declarator).replace("::", ".").rsplit(".", 1)[-1]
    return node_text(name)


def functions_in(root: Node, language: str) -> Iterator[tuple[str, Node]]:
    """(name, node) for every function the code defines, nested ones included.

    JS/TS ``const f = (...) => ...`` counts, with the arrow function as the node.
    """
    functions = node_types(language).functions
    for node in walk(root):
        if node.type in functions:
            yield function_name(node), node
        elif node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            if value is not None and value.type in ("arrow_function", "function_expression",
                                                    "function"):
                yield node_text(node.child_by_field_name("name")), value


def class_name(node: Node) -> str:
    """Name of a class/struct/type node ("" if it has none)."""
    return node_text(node.child_by_field_name("name"))


def simple_entry(entry: str) -> str:
    """Last component of an entry point: ``Class.method`` and ``ns::f`` give the method."""
    return entry.rsplit(".", 1)[-1].rsplit("::", 1)[-1]
