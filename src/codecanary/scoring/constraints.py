"""Mechanical checks of instruction constraints (conventions.md) on an answer.

All checks walk the tree-sitter tree, so they work on every panel language and on
code that does not parse (they see what the partial tree holds; they never raise
for bad code). What each kind accepts:

- ``forbid_call`` / ``require_call`` (``names``): a call's callee text is normalised
  to a dotted name (``::``/``->`` become ``.``, template arguments dropped), so
  ``xs.sort()`` is ``xs.sort`` and ``std::sort(...)`` is ``std.sort``. A plain name
  ("sort") matches the last component, so method calls count. A dotted name
  ("functools.reduce", "Collections.sort") matches a callee equal to it or ending
  with "." + it; in Python, ``from m import f [as g]`` and ``import m as a`` are
  resolved first. ``forbid_call`` reports the first call; ``require_call`` is met
  when any one of the names is called.
- ``forbid_import`` (``names``): Python ``import``/``from``; JS/TS ``import`` and
  ``require("...")`` (a ``node:`` prefix is ignored); Go import paths; Rust ``use``
  and ``extern crate``; Java ``import``; C++ ``#include``. A module matches a name
  equal to it or a sub-module of it (``re.x``, ``strings/x``, ``std::fmt::x``).
- ``no_recursion``: a call graph over functions defined in the answer (by simple
  name); a call is an edge when it is unqualified or qualified by ``self``/``this``/
  ``Self`` or a class the answer defines (``this.map.get(k)`` is not one). Any
  cycle reachable from the entry point (its last dotted component; all functions
  if it is not defined, e.g. a class) is reported at the call closing it, so a
  recursive helper counts too.
- ``no_loops``: for/while/do/loop statements; Python comprehensions count.
- ``max_line_length`` (``value``): characters per line, first long line reported.
- ``max_lines`` (``value``): non-blank lines; the first line over the limit reported.
- ``require_class`` (``name``, optional ``implements``): a class (Python, JS/TS,
  Java, C++ class/struct), Go type or Rust struct/enum named ``name``; with
  ``implements``, its base/interface list (Rust: an ``impl Trait for Name`` block;
  Go: the type has every method of that interface if the answer declares it)
  names it.
- ``require_docstring``: the entry point's definition has a docstring (Python) or a
  comment ending on the line just above it (others; decorators/``export`` allowed).
- ``no_global_mutation``: inside a function, ``global`` (Python) or an
  assignment/update whose target is rooted at a name declared at top level and not
  re-declared as a parameter or local in that function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tree_sitter

from codecanary.errors import CodecanaryError
from codecanary.scoring.treesitter import parse

Node = tree_sitter.Node


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


_CALLS = {"call", "call_expression", "method_invocation"}
_LOOPS = {
    "for_statement", "while_statement", "do_statement", "for_in_statement",
    "enhanced_for_statement", "for_range_loop", "for_expression", "while_expression",
    "loop_expression", "list_comprehension", "set_comprehension",
    "dictionary_comprehension", "generator_expression",
}
_FUNCS = {
    "function_definition", "function_declaration", "method_definition",
    "generator_function_declaration", "method_declaration", "function_item",
    "constructor_declaration",
}
_CLASSES = {
    "class_definition", "class_declaration", "class_specifier", "struct_specifier",
    "struct_item", "enum_item", "type_spec", "abstract_class_declaration",
}
_ASSIGN = {
    "assignment", "augmented_assignment", "assignment_expression",
    "augmented_assignment_expression", "update_expression", "assignment_statement",
    "inc_statement", "dec_statement", "compound_assignment_expr",
}
_TEMPLATE = re.compile(r"<[^<>]*>")


def _text(node: Node | None) -> str:
    return "" if node is None else (node.text or b"").decode("utf-8", "replace")


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _line(node: Node) -> int:
    return node.start_point.row + 1


def _callee(call: Node) -> str:
    """Dotted name of what a call node calls."""
    if call.type == "method_invocation":  # Java: object.name(...)
        obj = call.child_by_field_name("object")
        name = _text(call.child_by_field_name("name"))
        raw = f"{_text(obj)}.{name}" if obj is not None else name
    else:
        raw = _text(call.child_by_field_name("function"))
    raw = re.sub(r"\s+", "", raw).replace("::", ".").replace("->", ".").replace("?.", ".")
    while _TEMPLATE.search(raw):
        raw = _TEMPLATE.sub("", raw)
    return raw.replace("!", "")


def _python_aliases(root: Node) -> dict[str, str]:
    """Local name -> qualified name from Python imports."""
    aliases: dict[str, str] = {}
    for node in _walk(root):
        if node.type == "import_from_statement":
            module = _text(node.child_by_field_name("module_name"))
            for name in node.children_by_field_name("name"):
                if name.type == "aliased_import":
                    real = _text(name.child_by_field_name("name"))
                    aliases[_text(name.child_by_field_name("alias"))] = f"{module}.{real}"
                else:
                    aliases[_text(name)] = f"{module}.{_text(name)}"
        elif node.type == "import_statement":
            for name in node.children_by_field_name("name"):
                if name.type == "aliased_import":
                    real = _text(name.child_by_field_name("name"))
                    aliases[_text(name.child_by_field_name("alias"))] = real
    return aliases


def _calls(root: Node, language: str) -> Iterator[tuple[str, Node]]:
    aliases = _python_aliases(root) if language == "python" else {}
    for node in _walk(root):
        if node.type in _CALLS:
            name = _callee(node)
            head, _, rest = name.partition(".")
            if head in aliases:
                name = aliases[head] + ("." + rest if rest else "")
            yield name, node


def _call_matches(callee: str, wanted: str) -> bool:
    if "." not in wanted:
        return callee.rsplit(".", 1)[-1] == wanted
    return callee == wanted or callee.endswith("." + wanted)


def _names(constraint: Mapping[str, Any]) -> list[str]:
    names = constraint.get("names", [])
    return [str(n) for n in names] if isinstance(names, list | tuple) else [str(names)]


def _forbid_call(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    wanted = _names(c)
    for callee, node in _calls(root, language):
        for name in wanted:
            if _call_matches(callee, name):
                line = _line(node)
                return [Violation("forbid_call", f"calls {callee}() at line {line} "
                                  "(forbidden)", line)]
    return []


def _require_call(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    wanted = _names(c)
    if any(_call_matches(callee, n) for callee, _n in _calls(root, language) for n in wanted):
        return []
    return [Violation("require_call", f"never calls {' or '.join(wanted)}() (required)", None)]


def _imports(root: Node, language: str) -> Iterator[tuple[str, Node]]:
    """(module, node) for each import; modules use the language's own separator."""
    for node in _walk(root):
        t = node.type
        if language == "python" and t == "import_statement":
            for name in node.children_by_field_name("name"):
                real = name.child_by_field_name("name") if name.type == "aliased_import" else name
                yield _text(real), node
        elif language == "python" and t == "import_from_statement":
            yield _text(node.child_by_field_name("module_name")).lstrip("."), node
        elif t in ("import_statement", "import_spec") and language != "python":
            source = node.child_by_field_name("source") or node.child_by_field_name("path")
            if source is not None:
                yield _text(source).strip("'\"`").removeprefix("node:"), node
        elif t in ("call", "call_expression") and language in ("javascript", "typescript"):
            args = node.child_by_field_name("arguments")
            if _callee(node) == "require" and args is not None and args.named_child_count:
                yield _text(args.named_children[0]).strip("'\"`").removeprefix("node:"), node
        elif t == "use_declaration":
            yield re.sub(r"\s+", "", _text(node.child_by_field_name("argument"))), node
        elif t == "extern_crate_declaration":
            yield _text(node.child_by_field_name("name")), node
        elif t == "import_declaration":  # Java
            body = _text(node).removeprefix("import").strip().rstrip(";").strip()
            yield body.removeprefix("static").strip(), node
        elif t == "preproc_include":
            yield _text(node.child_by_field_name("path")).strip("<>\"").strip(), node


def _module_matches(module: str, wanted: str) -> bool:
    return module == wanted or any(module.startswith(wanted + sep) for sep in (".", "/", "::"))


def _forbid_import(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    wanted = _names(c)
    for module, node in _imports(root, language):
        if any(_module_matches(module, w) for w in wanted):
            line = _line(node)
            return [Violation("forbid_import", f"imports {module} at line {line} (forbidden)",
                              line)]
    return []


def _no_loops(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    for node in _walk(root):
        if node.type in _LOOPS:
            line = _line(node)
            what = node.type.replace("_", " ")
            return [Violation("no_loops", f"uses a loop ({what}) at line {line} (forbidden)",
                              line)]
    return []


def _func_name(node: Node) -> str:
    name = node.child_by_field_name("name")
    if name is None:  # C++: the name sits inside the declarator chain.
        declarator = node.child_by_field_name("declarator")
        while declarator is not None and declarator.child_by_field_name("declarator"):
            declarator = declarator.child_by_field_name("declarator")
        return _text(declarator).replace("::", ".").rsplit(".", 1)[-1]
    return _text(name)


def _functions(root: Node) -> Iterator[tuple[str, Node]]:
    for node in _walk(root):
        if node.type in _FUNCS:
            yield _func_name(node), node
        elif node.type == "variable_declarator":  # JS/TS: const f = (...) => ...
            value = node.child_by_field_name("value")
            if value is not None and value.type in ("arrow_function", "function_expression",
                                                    "function"):
                yield _text(node.child_by_field_name("name")), value


def _no_recursion(root: Node, language: str, c: Mapping[str, Any], entry: str) -> list[Violation]:
    bodies: dict[str, list[Node]] = {}
    for name, node in _functions(root):
        bodies.setdefault(name, []).append(node)
    owners = {"", "self", "this", "Self"} | {
        _class_name(n) for n in _walk(root) if n.type in _CLASSES}
    graph: dict[str, list[tuple[str, Node]]] = {}
    for name, nodes in bodies.items():
        graph[name] = []
        for node in nodes:
            for callee, call in _calls(node, language):
                owner, _, simple = callee.rpartition(".")
                if simple in bodies and owner in owners:
                    graph[name].append((simple, call))
    target = entry.rsplit(".", 1)[-1].rsplit("::", 1)[-1]
    roots = [target] if target in bodies else sorted(bodies)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> Violation | None:
        for callee, call in graph.get(name, []):
            if callee in path:
                line = _line(call)
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


def _max_line_length(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    limit = int(c["value"])
    lines = _text(root).splitlines()
    long = [i for i, text in enumerate(lines, 1) if len(text) > limit]
    if not long:
        return []
    first = long[0]
    return [Violation("max_line_length", f"line {first} has {len(lines[first - 1])} characters "
                      f"(limit {limit}; {len(long)} line(s) over)", first)]


def _max_lines(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    limit = int(c["value"])
    filled = [i for i, text in enumerate(_text(root).splitlines(), 1) if text.strip()]
    if len(filled) <= limit:
        return []
    return [Violation("max_lines", f"{len(filled)} non-blank lines (limit {limit})",
                      filled[limit])]


def _class_name(node: Node) -> str:
    return _text(node.child_by_field_name("name"))


def _methods_of(root: Node, type_name: str) -> set[str]:
    """Go: names of methods whose receiver is ``type_name`` or ``*type_name``."""
    found: set[str] = set()
    for node in _walk(root):
        if node.type == "method_declaration":
            receiver = _text(node.child_by_field_name("receiver"))
            if re.search(rf"\b{re.escape(type_name)}\b", receiver):
                found.add(_func_name(node))
    return found


def _implements(root: Node, language: str, cls: Node, name: str, base: str) -> bool:
    word = re.compile(rf"\b{re.escape(base.rsplit('.', 1)[-1])}\b")
    if language == "rust":
        for node in _walk(root):
            if node.type == "impl_item" and node.child_by_field_name("trait") is not None:
                trait = _text(node.child_by_field_name("trait"))
                if word.search(trait) and _TEMPLATE.sub("", _text(
                        node.child_by_field_name("type"))) == name:
                    return True
        return False
    if language == "go":
        for node in _walk(root):
            if node.type == "type_spec" and _class_name(node) == base:
                wanted = {_text(m.child_by_field_name("name")) for m in _walk(node)
                          if m.type in ("method_elem", "method_spec")}
                return wanted <= _methods_of(root, name)
        return True  # the interface is not in the answer: nothing to check against.
    heritage = [child for child in cls.children if child.type in (
        "superclasses", "argument_list", "class_heritage", "superclass", "super_interfaces",
        "base_class_clause", "extends_interfaces")]
    return any(word.search(_text(h)) for h in heritage)


def _require_class(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    name, base = str(c["name"]), c.get("implements")
    classes = [n for n in _walk(root) if n.type in _CLASSES and _class_name(n) == name]
    if not classes:
        return [Violation("require_class", f"defines no class {name} (required)", None)]
    if base and not any(_implements(root, language, n, name, str(base)) for n in classes):
        line = _line(classes[0])
        return [Violation("require_class", f"class {name} at line {line} does not implement "
                          f"{base} (required)", line)]
    return []


def _definition(root: Node, entry: str) -> Node | None:
    target = entry.rsplit(".", 1)[-1].rsplit("::", 1)[-1]
    for name, node in _functions(root):
        if name == target:
            return node
    classes = (n for n in _walk(root) if n.type in _CLASSES and _class_name(n) == target)
    return next(classes, None)


def _require_docstring(root: Node, language: str, c: Mapping[str, Any], entry: str
                       ) -> list[Violation]:
    node = _definition(root, entry)
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
        if node.type in ("arrow_function", "function_expression", "function"):
            node = node.parent or node  # the declarator; climb to its statement below
            while node.parent is not None and node.type != "lexical_declaration" and \
                    node.type != "variable_declaration":
                node = node.parent
        while node.parent is not None and node.parent.type in (
                "export_statement", "template_declaration", "type_declaration"):
            node = node.parent
        before = node.prev_sibling
        while before is not None and before.type in ("attribute_item", "decorator"):
            before = before.prev_sibling
        if before is not None and "comment" in before.type and \
                before.end_point.row >= node.start_point.row - 1:
            return []
    line = _line(node)
    what = "docstring" if language == "python" else "doc comment"
    return [Violation("require_docstring", f"{entry} at line {line} has no {what} (required)",
                      line)]


_GLOBAL_OBJECTS = {"globalThis", "window", "global"}
_DECLARED = {"variable_declarator": "name", "var_spec": "name", "static_item": "name",
             "init_declarator": "declarator", "const_spec": "name"}


def _top_level_names(root: Node, language: str) -> set[str]:
    names: set[str] = set()
    for child in root.named_children:
        if language == "java":  # static fields of top-level classes
            fields = [n for n in _walk(child) if n.type == "field_declaration"
                      and "static" in _text(n.child(0))]
            names.update(_text(d.child_by_field_name("name")) for f in fields
                         for d in f.named_children if d.type == "variable_declarator")
            continue
        if child.type in _FUNCS or child.type in _CLASSES:
            continue
        for node in _walk(child):
            if language == "python" and node.type == "assignment":
                names.update(re.findall(r"[A-Za-z_]\w*", _text(node.child_by_field_name("left"))))
            elif node.type in _DECLARED:
                field = node.child_by_field_name(_DECLARED[node.type])
                names.update(re.findall(r"[A-Za-z_$][\w$]*", _text(field))[:1])
        names.discard("")
    return names


def _locals(func: Node) -> set[str]:
    found: set[str] = set()
    for node in _walk(func):
        if node.type in _DECLARED or node.type in ("let_declaration", "short_var_declaration"):
            field = node.child_by_field_name(_DECLARED.get(node.type, "pattern")) or \
                node.child_by_field_name("left")
            found.update(re.findall(r"[A-Za-z_$][\w$]*", _text(field)))
        elif "parameter" in node.type:
            found.update(re.findall(r"[A-Za-z_$][\w$]*", _text(node)))
    return found


def _no_global_mutation(root: Node, language: str, c: Mapping[str, Any], _: str
                        ) -> list[Violation]:
    globals_ = _top_level_names(root, language) | _GLOBAL_OBJECTS
    for _name, func in _functions(root):
        local = _locals(func)
        for node in _walk(func):
            if node.type == "global_statement":
                line = _line(node)
                return [Violation("no_global_mutation", f"declares {_text(node)} at line "
                                  f"{line} (forbidden)", line)]
            if node.type not in _ASSIGN:
                continue
            target = node.child_by_field_name("left") or node.child_by_field_name("argument") \
                or (node.named_children[0] if node.named_children else None)
            text = _text(target).lstrip("*&(")
            root_name = re.match(r"[A-Za-z_$][\w$]*", text)
            if root_name is None or root_name.group() not in globals_:
                continue
            # Python: a plain `x = ...` in a function binds a local, not the global.
            if language == "python" and text == root_name.group() and node.type == "assignment":
                continue
            if root_name.group() in local and root_name.group() not in _GLOBAL_OBJECTS:
                continue
            line = _line(node)
            return [Violation("no_global_mutation", f"modifies global {root_name.group()} at "
                              f"line {line} (forbidden)", line)]
    return []


_Check = Callable[[Node, str, Mapping[str, Any], str], list[Violation]]
_CHECKS: dict[str, _Check] = {
    "forbid_call": _forbid_call,
    "forbid_import": _forbid_import,
    "no_recursion": _no_recursion,
    "no_loops": _no_loops,
    "max_line_length": _max_line_length,
    "max_lines": _max_lines,
    "require_class": _require_class,
    "require_call": _require_call,
    "require_docstring": _require_docstring,
    "no_global_mutation": _no_global_mutation,
}


def check_constraints(code: str, language: str, constraints: Sequence[Mapping[str, Any]],
                      entry_point: str) -> list[Violation]:
    """Check an answer against a task's constraints.

    Args:
        code: The candidate answer (it need not parse).
        language: A panel language name.
        constraints: The task's constraint tables, each with a ``kind``.
        entry_point: The task's entry point (function, ``Class.method`` or class).

    Returns:
        One :class:`Violation` per broken constraint (empty when all hold, or when
        there is no grammar for the language).

    Raises:
        CodecanaryError: A constraint has an unknown kind or lacks a required key.
    """
    checks = []
    for constraint in constraints:
        kind = str(constraint.get("kind", ""))
        if kind not in _CHECKS:
            raise CodecanaryError(f"unknown constraint kind {kind!r}; known: "
                                  f"{', '.join(sorted(_CHECKS))}")
        checks.append((_CHECKS[kind], constraint))
    tree = parse(code, language)
    if tree is None:
        return []
    violations: list[Violation] = []
    for check, constraint in checks:
        try:
            violations.extend(check(tree.root_node, language, constraint, entry_point))
        except RecursionError:  # a call chain deeper than Python's stack: no verdict
            continue
        except (KeyError, ValueError, TypeError) as error:
            raise CodecanaryError(f"constraint {dict(constraint)!r} is malformed: {error}") \
                from None
    return violations
