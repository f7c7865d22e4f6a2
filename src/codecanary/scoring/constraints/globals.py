"""``no_global_mutation``: functions must not modify module-level state.

Inside a function, ``global`` (Python) or an assignment/update whose target is
rooted at a name declared at top level and not re-declared as a parameter or
local in that function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation
from codecanary.scoring.constraints.tree import (
    CLASSES,
    FUNCTIONS,
    Node,
    functions_in,
    line_of,
    node_text,
    walk,
)

GLOBAL_OBJECTS = {"globalThis", "window", "global"}
_ASSIGN = {
    "assignment", "augmented_assignment", "assignment_expression",
    "augmented_assignment_expression", "update_expression", "assignment_statement",
    "inc_statement", "dec_statement", "compound_assignment_expr",
}
_DECLARED = {"variable_declarator": "name", "var_spec": "name", "static_item": "name",
             "init_declarator": "declarator", "const_spec": "name"}


def top_level_names(root: Node, language: str) -> set[str]:
    """Names the answer declares at top level (Java: static fields of top-level classes)."""
    names: set[str] = set()
    for child in root.named_children:
        if language == "java":  # static fields of top-level classes
            fields = [n for n in walk(child) if n.type == "field_declaration"
                      and "static" in node_text(n.child(0))]
            names.update(node_text(d.child_by_field_name("name")) for f in fields
                         for d in f.named_children if d.type == "variable_declarator")
            continue
        if child.type in FUNCTIONS or child.type in CLASSES:
            continue
        for node in walk(child):
            if language == "python" and node.type == "assignment":
                left = node_text(node.child_by_field_name("left"))
                names.update(re.findall(r"[A-Za-z_]\w*", left))
            elif node.type in _DECLARED:
                field = node.child_by_field_name(_DECLARED[node.type])
                names.update(re.findall(r"[A-Za-z_$][\w$]*", node_text(field))[:1])
        names.discard("")
    return names


def local_names(func: Node) -> set[str]:
    """Parameters and locals declared anywhere in ``func`` (nested functions included)."""
    found: set[str] = set()
    for node in walk(func):
        if node.type in _DECLARED or node.type in ("let_declaration", "short_var_declaration"):
            field = node.child_by_field_name(_DECLARED.get(node.type, "pattern")) or \
                node.child_by_field_name("left")
            found.update(re.findall(r"[A-Za-z_$][\w$]*", node_text(field)))
        elif "parameter" in node.type:
            found.update(re.findall(r"[A-Za-z_$][\w$]*", node_text(node)))
    return found


def no_global_mutation(root: Node, language: str, c: Mapping[str, Any], _: str
                       ) -> list[Violation]:
    """Report the first modification of a global inside a function."""
    globals_ = top_level_names(root, language) | GLOBAL_OBJECTS
    for _name, func in functions_in(root):
        local = local_names(func)
        for node in walk(func):
            if node.type == "global_statement":
                line = line_of(node)
                return [Violation("no_global_mutation", f"declares {node_text(node)} at line "
                                  f"{line} (forbidden)", line)]
            if node.type not in _ASSIGN:
                continue
            target = node.child_by_field_name("left") or node.child_by_field_name("argument") \
                or (node.named_children[0] if node.named_children else None)
            text = node_text(target).lstrip("*&(")
            root_name = re.match(r"[A-Za-z_$][\w$]*", text)
            if root_name is None or root_name.group() not in globals_:
                continue
            # Python: a plain `x = ...` in a function binds a local, not the global.
            if language == "python" and text == root_name.group() and node.type == "assignment":
                continue
            if root_name.group() in local and root_name.group() not in GLOBAL_OBJECTS:
                continue
            line = line_of(node)
            return [Violation("no_global_mutation", f"modifies global {root_name.group()} at "
                              f"line {line} (forbidden)", line)]
    return []
