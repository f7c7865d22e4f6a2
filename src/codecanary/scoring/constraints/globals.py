"""``no_global_mutation``: functions must not modify module-level state.

A *global* is a name the answer declares at top level (Python assignment, JS/TS
``let``/``const``/``var``, Go ``var``/``const``, Rust ``static``, C++ variable
declarations; Java: static fields of top-level classes), plus ``globalThis``/
``window``/``global``. Inside any function, these count as modifying one:

- Python ``global`` (reported as such);
- an assignment or update (``=``, ``+=``, ``++``) whose target is rooted at a
  global: ``N += 1``, ``CACHE[k] = v``, ``STATE.count += 1``, ``*P = 1``, Go
  ``cache = append(cache, x)``. A plain Python ``x = ...`` binds a local instead;
- a call of a mutating method on a place rooted at a global: ``CACHE.append(x)``,
  ``cache.push(x)``, ``CACHE.put(k, v)``, ``cache.push_back(x)``, also through a
  call returning a reference into it (``CACHE.get(k).append(x)``,
  ``STATE.lock().unwrap().push(x)``);
- a mutating function applied to a global: ``heapq.heappush(HEAP, x)``, Go
  ``delete(cache, k)``, ``Object.assign(cfg, ...)``, ``std::sort(v.begin(), v.end())``;
- Python ``del CACHE[k]``, JS/TS ``delete cache[k]``.

The method and function names are the per-language lists of :mod:`.mutators`.
A global re-declared as a parameter or local of that function (anywhere in it,
nested functions included) is that local, so mutating it is fine; reading a
global is always fine. Class-qualified static fields count (Java ``A.n++``).
Not seen: mutation through an alias (``c = CACHE; c.append(x)``), through a
user-defined method, or of a global passed as an argument to another function.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation
from codecanary.scoring.constraints.calls import call_matches
from codecanary.scoring.constraints.mutators import (
    JAVA_IMMUTABLE_TYPES,
    accessors,
    mutating_functions,
    mutating_methods,
)
from codecanary.scoring.constraints.tree import (
    TEMPLATE,
    Node,
    callee_of,
    class_name,
    functions_in,
    line_of,
    node_text,
    node_types,
    python_aliases,
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
# Loop variables and other bindings a function introduces: node type -> field.
_BINDINGS = {"for_statement": "left", "for_in_statement": "left", "for_in_clause": "left",
             "for_expression": "pattern", "enhanced_for_statement": "name",
             "for_range_loop": "declarator", "range_clause": "left",
             "named_expression": "name", "as_pattern_target": ""}
# Expressions that denote (part of) the object they are built on: ``a.b``, ``a[i]``,
# ``(a)``, ``*a``, ``&mut a``, ``a?``, ``a!``, ``a as T``.
_PLACES = {
    "attribute", "subscript", "member_expression", "subscript_expression",
    "selector_expression", "index_expression", "field_expression", "field_access",
    "array_access", "parenthesized_expression", "pointer_expression",
    "reference_expression", "try_expression", "non_null_expression", "as_expression",
}
_MEMBERS = {"attribute", "member_expression", "selector_expression", "field_expression",
            "field_access"}
_GROUPS = {"expression_list", "pattern_list", "tuple_pattern", "list_pattern", "tuple",
           "list", "parenthesized_expression"}
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")


def _base(node: Node) -> Node | None:
    """The object a place expression is built on (``a`` in ``a.b``, ``a[i]``, ``*a``)."""
    for field in ("object", "value", "operand", "argument", "array"):
        child = node.child_by_field_name(field)
        if child is not None:
            return child
    named = [c for c in node.named_children if c.type not in ("mutable_specifier", "comment")]
    return named[0] if named else None


def _receiver(call: Node) -> tuple[Node, str] | None:
    """(object, method name) of a method call ``object.method(...)``."""
    if call.type == "method_invocation":  # Java
        obj = call.child_by_field_name("object")
        return None if obj is None else (obj, node_text(call.child_by_field_name("name")))
    function = call.child_by_field_name("function")
    if function is None or function.type not in _MEMBERS or not function.named_children:
        return None
    obj = _base(function)
    return None if obj is None else (obj, node_text(function.named_children[-1]))


def _place_root(node: Node | None, language: str, classes: set[str]) -> str | None:
    """The variable a place expression modifies when written to, or None (a copy, a call)."""
    while node is not None:
        if node.type == "identifier":
            return node_text(node)
        if node.type in ("qualified_identifier", "scoped_identifier"):  # ns::g, Foo::count
            node = node.child_by_field_name("name")
        elif node.type == "unary_expression" and node.child_count and \
                node_text(node.child(0)) in ("*", "&"):
            node = _base(node)
        elif node.type in _MEMBERS and node_text(_base(node)) in classes:
            node = node.named_children[-1]  # a class-qualified static field: A.n
        elif node.type in _PLACES:
            node = _base(node)
        elif node.type in node_types(language).calls:
            # CACHE.get(k).append(x) modifies CACHE; sorted(CACHE).append(x) does not.
            parts = _receiver(node)
            if parts is None or parts[1] not in accessors(language):
                return None
            node = parts[0]
        else:
            return None
    return None


def _declarators(declaration: Node) -> Iterator[str]:
    """C/C++ ``int a, *b = 0, c[3];``: the variables (not function prototypes)."""
    for declarator in declaration.children_by_field_name("declarator"):
        node: Node | None = declarator
        while node is not None and node.type != "identifier":
            if node.type == "function_declarator":
                break
            node = node.child_by_field_name("declarator") or (
                node.named_children[0] if node.named_children else None)
        else:
            if node is not None:
                yield node_text(node)


def _unpacked(target: Node) -> Iterator[Node]:
    """The single targets of ``a, b[i] = ...`` (or the target itself)."""
    if target.type in _GROUPS:
        for child in target.named_children:
            yield from _unpacked(child)
    else:
        yield target


def top_level_names(root: Node, language: str) -> set[str]:
    """Names the answer declares at top level (Java: static fields of top-level classes)."""
    names: set[str] = set()
    types = node_types(language)
    for child in root.named_children:
        if language == "java":  # static fields of top-level classes
            fields = [n for n in walk(child) if n.type == "field_declaration"
                      and "static" in node_text(n.child(0))]
            names.update(node_text(d.child_by_field_name("name")) for f in fields
                         for d in f.named_children if d.type == "variable_declarator")
            continue
        if child.type in types.functions or child.type in types.classes:
            continue
        if child.type == "declaration":
            names.update(_declarators(child))
        for node in walk(child):
            if language == "python" and node.type == "assignment":
                left = node_text(node.child_by_field_name("left"))
                names.update(re.findall(r"[A-Za-z_]\w*", left))
            elif node.type in _DECLARED:
                field = node.child_by_field_name(_DECLARED[node.type])
                names.update(_IDENTIFIER.findall(node_text(field))[:1])
        names.discard("")
    return names


def _immutable_statics(root: Node) -> set[str]:
    """Java: static fields whose declared type never changes (String, BigInteger, ...)."""
    return {node_text(d.child_by_field_name("name")) for n in walk(root)
            if n.type == "field_declaration"
            and TEMPLATE.sub("", node_text(n.child_by_field_name("type"))).rsplit(".", 1)[-1]
            in JAVA_IMMUTABLE_TYPES
            for d in n.named_children if d.type == "variable_declarator"}


def local_names(func: Node, language: str) -> set[str]:
    """Parameters and locals declared anywhere in ``func`` (nested functions included)."""
    found: set[str] = set()
    for node in walk(func):
        if node.type in _DECLARED or node.type in ("let_declaration", "short_var_declaration"):
            field = node.child_by_field_name(_DECLARED.get(node.type, "pattern")) or \
                node.child_by_field_name("left")
            found.update(_IDENTIFIER.findall(node_text(field)))
        elif "parameter" in node.type:
            found.update(_IDENTIFIER.findall(node_text(node)))
        elif node.type in _BINDINGS:
            field_name = _BINDINGS[node.type]
            bound = node.child_by_field_name(field_name) if field_name else node
            found.update(_IDENTIFIER.findall(node_text(bound)))
        elif node.type == "declaration":
            found.update(_declarators(node))
        elif language == "python" and node.type == "assignment":
            # `x = ...` in a Python function makes x local; `x[k] = ...` does not.
            left = node.child_by_field_name("left")
            if left is not None:
                found.update(node_text(t) for t in _unpacked(left) if t.type == "identifier")
    return found


def _targets(node: Node, language: str, aliases: dict[str, str]
             ) -> Iterator[tuple[Node | None, str]]:
    """(place modified, how) for each modification ``node`` makes; nothing if none.

    ``how`` is "" for an assignment, " through m()" for a mutating method or function.
    """
    if node.type in _ASSIGN:
        target = node.child_by_field_name("left") or node.child_by_field_name("argument") \
            or (node.named_children[0] if node.named_children else None)
        for single in _unpacked(target) if target is not None else ():
            # Python: a plain `x = ...` in a function binds a local, not the global.
            if not (language == "python" and node.type == "assignment"
                    and single.type == "identifier"):
                yield single, ""
    elif node.type in node_types(language).calls:
        parts = _receiver(node)
        if parts is not None and parts[1] in mutating_methods(language):
            yield parts[0], f" through {parts[1]}()"
        callee = callee_of(node)
        head, _, rest = callee.partition(".")
        if head in aliases:
            callee = aliases[head] + ("." + rest if rest else "")
        args = node.child_by_field_name("arguments")
        if args is not None and args.named_children and any(
                call_matches(callee, f) for f in mutating_functions(language)):
            yield args.named_children[0], f" through {callee}()"
    elif node.type == "delete_statement":  # Python: del CACHE[k]
        for child in node.named_children:
            yield from ((t, " through del") for t in _unpacked(child) if t.type != "identifier")
    elif node.type == "unary_expression" and node.child_count and \
            node_text(node.child(0)) == "delete":  # JS/TS: delete cache[k]
        yield node.child_by_field_name("argument"), " through delete"


def no_global_mutation(root: Node, language: str, c: Mapping[str, Any], _: str
                       ) -> list[Violation]:
    """Report the first modification of a global inside a function."""
    globals_ = top_level_names(root, language) | GLOBAL_OBJECTS
    immutable = _immutable_statics(root) if language == "java" else set()
    classes = {class_name(n) for n in walk(root)
               if n.type in node_types(language).classes} - {""}
    aliases = python_aliases(root) if language == "python" else {}
    for _name, func in functions_in(root, language):
        local = local_names(func, language)
        for node in walk(func):
            if node.type == "global_statement":
                line = line_of(node)
                return [Violation("no_global_mutation", f"declares {node_text(node)} at line "
                                  f"{line} (forbidden)", line)]
            for target, how in _targets(node, language, aliases):
                name = _place_root(target, language, classes)
                if name is None or name not in globals_:
                    continue
                if name in local and name not in GLOBAL_OBJECTS:
                    continue
                if how.endswith("()") and name in immutable:  # MOD.add(x) on a BigInteger
                    continue
                line = line_of(node)
                return [Violation("no_global_mutation", f"modifies global {name} at line "
                                  f"{line}{how} (forbidden)", line)]
    return []
