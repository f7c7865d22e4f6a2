"""``forbid_import``: modules and packages the answer must not import.

Python ``import``/``from``; JS/TS ``import`` and ``require("...")`` (a ``node:``
prefix is ignored); Go import paths; Rust ``use`` and ``extern crate``; Java
``import``; C++ ``#include``. A module matches a name equal to it or a sub-module
of it (``re.x``, ``strings/x``, ``std::fmt::x``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from codecanary.scoring.constraints.base import Violation, names_of
from codecanary.scoring.constraints.tree import Node, callee_of, line_of, node_text, walk


def imports_in(root: Node, language: str) -> Iterator[tuple[str, Node]]:
    """(module, node) for each import; modules use the language's own separator."""
    for node in walk(root):
        t = node.type
        if language == "python" and t == "import_statement":
            for name in node.children_by_field_name("name"):
                real = name.child_by_field_name("name") if name.type == "aliased_import" else name
                yield node_text(real), node
        elif language == "python" and t == "import_from_statement":
            yield node_text(node.child_by_field_name("module_name")).lstrip("."), node
        elif t in ("import_statement", "import_spec") and language != "python":
            source = node.child_by_field_name("source") or node.child_by_field_name("path")
            if source is not None:
                yield node_text(source).strip("'\"`").removeprefix("node:"), node
        elif t in ("call", "call_expression") and language in ("javascript", "typescript"):
            args = node.child_by_field_name("arguments")
            if callee_of(node) == "require" and args is not None and args.named_child_count:
                module = node_text(args.named_children[0])
                yield module.strip("'\"`").removeprefix("node:"), node
        elif t == "use_declaration":
            yield re.sub(r"\s+", "", node_text(node.child_by_field_name("argument"))), node
        elif t == "extern_crate_declaration":
            yield node_text(node.child_by_field_name("name")), node
        elif t == "import_declaration":  # Java
            body = node_text(node).removeprefix("import").strip().rstrip(";").strip()
            yield body.removeprefix("static").strip(), node
        elif t == "preproc_include":
            yield node_text(node.child_by_field_name("path")).strip("<>\"").strip(), node


def module_matches(module: str, wanted: str) -> bool:
    """Whether ``module`` is ``wanted`` or one of its sub-modules."""
    return module == wanted or any(module.startswith(wanted + sep) for sep in (".", "/", "::"))


def forbid_import(root: Node, language: str, c: Mapping[str, Any], _: str) -> list[Violation]:
    """Report the first import of any of ``names``."""
    wanted = names_of(c)
    for module, node in imports_in(root, language):
        if any(module_matches(module, w) for w in wanted):
            line = line_of(node)
            return [Violation("forbid_import", f"imports {module} at line {line} (forbidden)",
                              line)]
    return []
