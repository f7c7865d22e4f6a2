"""Checks on the answer's structure: ``no_loops``, ``no_recursion``,
``require_class`` and ``require_docstring``.

- ``no_loops``: for/while/do/loop statements; Python comprehensions count.
- ``no_recursion``: a call graph over functions defined in the answer (by simple
  name); a call is an edge when it is unqualified or qualified by ``self``/``this``/
  ``Self`` or a class the answer defines (``this.map.get(k)`` is not one). Any
  cycle reachable from the entry point (its last dotted component; all functions
  if it is not defined, e.g. a class) is reported at the call closing it, so a
  recursive helper counts too.
- ``require_class`` (``name``, optional ``implements``): a class (Python, JS/TS,
  Java, C++ class/struct), Go type or Rust struct/enum named ``name``; with
  ``implements``, its base/interface list (Rust: an ``impl Trait for Name`` block;
  Go: the type has every method of that interface if the answer declares it)
  names it.
- ``require_docstring``: the entry point's definition has a docstring (Python) or
  a comment ending on the line just above it (others; decorators/``export``
  allowed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation
from codecanary.scoring.constraints.tree import (
    TEMPLATE,
    Node,
    calls_in,
    class_name,
    function_name,
    functions_in,
    line_of,
    node_text,
    node_types,
    simple_entry,
    walk,
)


def no_loops(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """Report the first loop (or Python comprehension): the language's ``node_types.loops``."""
    loops = node_types(language).loops
    for node in walk(root):
        if node.type in loops:
            line = line_of(node)
            what = node.type.replace("_", " ")
            return [Violation("no_loops", f"uses a loop ({what}) at line {line} (forbidden)",
                              line)]
    return []


def no_recursion(root: Node, language: str, c: Mapping[str, Any], entry: str) -> list[Violation]:
    """Report the call closing the first call-graph cycle reachable from the entry point."""
    bodies: dict[str, list[Node]] = {}
    for name, node in functions_in(root, language):
        bodies.setdefault(name, []).append(node)
    owners = {"", "self", "this", "Self"} | {
        class_name(n) for n in walk(root) if n.type in node_types(language).classes}
    graph: dict[str, list[tuple[str, Node]]] = {}
    for name, nodes in bodies.items():
        graph[name] = []
        for node in nodes:
            for callee, call in calls_in(node, language):
                owner, _, simple = callee.rpartition(".")
                if simple in bodies and owner in owners:
                    graph[name].append((simple, call))
    target = simple_entry(entry)
    roots = [target] if target in bodies else sorted(bodies)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> Violation | None:
        for callee, call in graph.get(name, []):
            if callee in path:
                line = line_of(call)
                return Violation("no_recursion", f"{name}() calls {callee}() at line {line}, "
                                 "which recurses (forbidden)", line)
            if callee not in done:
                found = visit(callee, [*path, callee])
                if found is not None:
                    return found
        done.add(name)
        return None

    for start in roots:
        found = visit(start, [start])
        if found is not None:
            return [found]
    return []


def _go_methods_of(root: Node, type_name: str) -> set[str]:
    """Go: names of methods whose receiver is ``type_name`` or ``*type_name``."""
    found: set[str] = set()
    for node in walk(root):
        if node.type == "method_declaration":
            receiver = node_text(node.child_by_field_name("receiver"))
            if re.search(rf"\b{re.escape(type_name)}\b", receiver):
                found.add(function_name(node))
    return found


def _implements(root: Node, language: str, cls: Node, name: str, base: str) -> bool:
    word = re.compile(rf"\b{re.escape(base.rsplit('.', 1)[-1])}\b")
    if language == "rust":
        for node in walk(root):
            if node.type == "impl_item" and node.child_by_field_name("trait") is not None:
                trait = node_text(node.child_by_field_name("trait"))
                if word.search(trait) and TEMPLATE.sub("", node_text(
                        node.child_by_field_name("type"))) == name:
                    return True
        return False
    if language == "go":
        for node in walk(root):
            if node.type == "type_spec" and class_name(node) == base:
                wanted = {node_text(m.child_by_field_name("name")) for m in walk(node)
                          if m.type in ("method_elem", "method_spec")}
                return wanted <= _go_methods_of(root, name)
        return True  # the interface is not in the answer: nothing to check against.
    heritage = [child for child in cls.children if child.type in (
        "superclasses", "argument_list", "class_heritage", "superclass", "super_interfaces",
        "base_class_clause", "extends_interfaces")]
    return any(word.search(node_text(h)) for h in heritage)


def require_class(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """The answer defines class ``name`` (implementing ``implements`` when given)."""
    name, base = str(c["name"]), c.get("implements")
    types = node_types(language)
    classes = [n for n in walk(root) if n.type in types.classes and class_name(n) == name]
    if not classes:
        return [Violation("require_class", f"defines no class {name} (required)", None)]
    if base and not any(_implements(root, language, n, name, str(base)) for n in classes):
        line = line_of(classes[0])
        return [Violation("require_class", f"class {name} at line {line} does not implement "
                          f"{base} (required)", line)]
    return []


def _definition(root: Node, language: str, entry: str) -> Node | None:
    target = simple_entry(entry)
    for name, node in functions_in(root, language):
        if name == target:
            return node
    types = node_types(language)
    classes = (n for n in walk(root) if n.type in types.classes and class_name(n) == target)
    return next(classes, None)


def _documented_statement(node: Node) -> Node:
    """The statement a doc comment sits above: climbs out of declarators and exports."""
    if node.type in ("arrow_function", "function_expression", "function"):
        node = node.parent or node  # the declarator; climb to its statement below
        while node.parent is not None and node.type != "lexical_declaration" and \
                node.type != "variable_declaration":
            node = node.parent
    while node.parent is not None and node.parent.type in (
            "export_statement", "template_declaration", "type_declaration"):
        node = node.parent
    return node


def _has_doc_comment(statement: Node) -> bool:
    """A comment ends on the line just above ``statement`` (decorators/attributes between)."""
    before = statement.prev_sibling
    while before is not None and before.type in ("attribute_item", "decorator"):
        before = before.prev_sibling
    return before is not None and "comment" in before.type and \
        before.end_point.row >= statement.start_point.row - 1


def require_docstring(root: Node, language: str, c: Mapping[str, Any], entry: str
                      ) -> list[Violation]:
    """The entry point is documented: a docstring (Python) or a doc comment (others)."""
    node = _definition(root, language, entry)
    if node is None:
        return [Violation("require_docstring", f"{entry} is not defined, so it has no "
                          "documentation (required)", None)]
    if language == "python":
        body = node.child_by_field_name("body")
        first = body.named_children[0] if body is not None and body.named_children else None
        if first is not None and first.type == "expression_statement" and \
                first.named_children and first.named_children[0].type == "string":
            return []
    else:
        node = _documented_statement(node)
        if _has_doc_comment(node):
            return []
    line = line_of(node)
    what = "docstring" if language == "python" else "doc comment"
    return [Violation("require_docstring", f"{entry} at line {line} has no {what} (required)",
                      line)]

