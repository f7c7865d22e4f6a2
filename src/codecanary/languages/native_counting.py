"""Shared tree-sitter plumbing for the Go, Java and C++ counting harnesses.

The three rewrites (``go_counting``, ``java_counting``, ``cpp_counting``) share
one plan: the harness's exit calls go through a function of ours that, inside a
wrapped check, raises a failure the wrapper catches and counts (outside one, it
exits exactly as before); *checks* are statement-level calls, in ``main``'s body or
in a bare block or loop body there, to a top-level *helper* that can end the
program (its body holds an exit call, or calls such a helper). This module finds
helpers and checks in a tree-sitter tree and applies text edits by byte offset, so
strings and comments never confuse the rewrite. The outline itself (refuse, find
``main``, find helpers, find checks, redirect exits, wrap checks) is written once,
in :func:`instrument`; each language fills in the hooks of :class:`ExitRedirect`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import tree_sitter

from codecanary.languages.treesitter import parse
from codecanary.languages.treesitter import walk as walk

Node = tree_sitter.Node
Edit = tuple[int, int, str]
"""``(start byte, end byte, replacement)``."""


def parse_clean(tests: str, language: str) -> tuple[bytes, Node] | None:
    """The source bytes and root node, or None when the grammar reports any error."""
    tree = parse(tests, language)
    if tree is None or tree.root_node.has_error:
        return None
    return tests.encode("utf-8"), tree.root_node


def text(node: Node | None, src: bytes) -> str:
    """The source text of ``node`` ('' for None)."""
    if node is None:
        return ""
    return src[node.start_byte:node.end_byte].decode("utf-8")


def exit_helpers(bodies: Mapping[str, Sequence[Node]], is_exit: Callable[[Node], bool],
                 callee: Callable[[Node], str | None]) -> set[str]:
    """Names of the functions that can end the program, directly or through another.

    Args:
        bodies: function name -> the bodies of every function of that name.
        is_exit: whether a node is an exit call.
        callee: the called function's plain name when a node is a call, else None.
    """
    called: dict[str, set[str]] = {}
    helpers: set[str] = set()
    for name, nodes in bodies.items():
        called[name] = set()
        for body in nodes:
            for node in walk(body):
                if is_exit(node):
                    helpers.add(name)
                target = callee(node)
                if target is not None:
                    called[name].add(target)
    changed = True
    while changed:  # fixpoint: a caller of a helper is a helper
        changed = False
        for name, targets in called.items():
            if name not in helpers and targets & helpers:
                helpers.add(name)
                changed = True
    return helpers


def checks(body: Sequence[Node], is_check: Callable[[Node], bool],
           nested: Callable[[Node], list[Node]]) -> list[Node]:
    """The check statements among ``main``'s statements, its bare blocks and loop bodies.

    Args:
        body: the statements of ``main``'s body.
        is_check: whether a statement is a call to a helper.
        nested: the statements inside a bare block or a loop's body ([] for any
            other statement).
    """
    found: list[Node] = []
    pending = list(body)
    while pending:
        stmt = pending.pop(0)
        if is_check(stmt):
            found.append(stmt)
        else:
            pending[:0] = nested(stmt)
    return found


def unique_main(functions: Sequence[Node], name_of: Callable[[Node], str | None]
                ) -> tuple[dict[str, list[Node]], Node, Node] | None:
    """Every function's bodies by name, and the one ``main`` with its body.

    None unless there is exactly one ``main`` and it has a body.
    """
    bodies: dict[str, list[Node]] = {}
    mains: list[Node] = []
    for fn in functions:
        name, body = name_of(fn), fn.child_by_field_name("body")
        if name == "main":
            mains.append(fn)
        if name is not None and body is not None:
            bodies.setdefault(name, []).append(body)
    if len(mains) != 1 or len(bodies.get("main", [])) != 1:
        return None
    return bodies, mains[0], bodies["main"][0]


def nested_statements(stmt: Node, block: str, loops: frozenset[str],
                      statements: Callable[[Node], list[Node]]) -> list[Node]:
    """The statements inside a bare ``block`` or the body of a loop ([] otherwise).

    A loop body that is a single statement without braces is that statement.
    """
    if stmt.type == block:
        return statements(stmt)
    if stmt.type in loops:
        body = stmt.child_by_field_name("body")
        if body is None:
            return []
        return statements(body) if body.type == block else [body]
    return []


def called_by(stmt: Node) -> Node | None:
    """The expression of an expression statement (the call a check would be)."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return None
    return stmt.named_children[0]


def rewrite(src: bytes, edits: list[Edit], found: Sequence[Node],
            template: Callable[[str], str]) -> str | None:
    """``src`` with ``edits`` applied and each found check wrapped by ``template``.

    Edits inside a check (an exit call in a closure argument, say) are applied to
    its text first. None when edits overlap.
    """
    out = list(edits)
    for stmt in found:
        start, end = stmt.start_byte, stmt.end_byte
        inside = [e for e in out if start <= e[0] and e[1] <= end]
        inner = apply(src[start:end], [(e[0] - start, e[1] - start, e[2]) for e in inside])
        if inner is None:
            return None
        out = [e for e in out if e not in inside]
        out.append((start, end, template(inner)))
    return apply(src, out)


def apply(src: bytes, edits: list[Edit]) -> str | None:
    """``src`` with every edit applied; None when two edits overlap."""
    out: list[bytes] = []
    last = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < last:
            return None
        out.append(src[last:start])
        out.append(replacement.encode("utf-8"))
        last = end
    out.append(src[last:])
    return b"".join(out).decode("utf-8")


class ExitRedirect:
    """One harness being rewritten: the hooks each language fills in.

    :func:`instrument` is the outline the Go, Java and C++ rewrites share:
    refuse shapes we cannot rewrite safely, find the one ``main``, find the
    helpers that can exit, find the checks among ``main``'s statements, then
    redirect every exit call, rename ``main`` and wrap each check. A subclass
    answers the language-specific questions along the way.
    """

    language = ""
    main_rename = "__ccMain"
    """What ``main`` is renamed to (a new ``main`` reports the counts)."""

    def __init__(self, src: bytes, root: Node) -> None:
        self.src = src
        self.root = root
        self.nodes = list(walk(root))

    # -- shape -------------------------------------------------------------
    def refused(self) -> bool:
        """A shape never rewritten (threads, ``defer``/``recover``...), before ``main``."""
        return False

    def functions(self) -> Sequence[Node]:
        """The functions (or methods) among which ``main`` and the helpers are."""
        raise NotImplementedError

    def name_of(self, fn: Node) -> str | None:
        raise NotImplementedError

    def main_ok(self, main: Node) -> bool:
        """Whether this ``main`` has the signature the rewrite expects."""
        return True

    # -- find helpers and checks --------------------------------------------
    def is_exit(self, node: Node) -> bool:
        raise NotImplementedError

    def callee(self, node: Node) -> str | None:
        """The called function's plain name when ``node`` is a call, else None."""
        raise NotImplementedError

    def unsafe(self, node: Node) -> bool:
        """An exit call or helper call in a place our failure must not cross."""
        return False

    def check_call(self, call: Node) -> bool:
        """Further conditions on a helper call for it to be a check."""
        return True

    def statements(self, block: Node) -> list[Node]:
        raise NotImplementedError

    def nested(self, stmt: Node) -> list[Node]:
        raise NotImplementedError

    # -- redirect exits ------------------------------------------------------
    def exit_edit(self, node: Node) -> Edit:
        raise NotImplementedError

    def main_name(self, main: Node) -> Node:
        raise NotImplementedError

    def extra_edits(self, main_body: Node, marker: str) -> list[Edit]:
        return []

    def wrap(self, call: str) -> str:
        raise NotImplementedError

    def finish(self, rewritten: str, marker: str) -> str:
        return rewritten


def instrument(redirect: type[ExitRedirect], tests: str, marker: str) -> str | None:
    """The rewritten harness (see :class:`ExitRedirect`), or None when its shape is not
    understood."""
    if "__cc" in tests:
        return None
    parsed = parse_clean(tests, redirect.language)
    if parsed is None:
        return None
    r = redirect(*parsed)
    if r.refused():
        return None
    found_main = unique_main(r.functions(), r.name_of)
    if found_main is None:
        return None
    bodies, main, main_body = found_main
    if not r.main_ok(main):
        return None
    helpers = exit_helpers(bodies, r.is_exit, r.callee)
    helpers.discard("main")
    if any(r.unsafe(n) for n in r.nodes if r.is_exit(n) or r.callee(n) in helpers):
        return None

    def is_check(stmt: Node) -> bool:
        call = called_by(stmt)
        return call is not None and r.callee(call) in helpers and r.check_call(call)

    found = checks(r.statements(main_body), is_check, r.nested)
    if not found:
        return None
    edits = [r.exit_edit(n) for n in r.nodes if r.is_exit(n)]
    name = r.main_name(main)
    edits.append((name.start_byte, name.end_byte, r.main_rename))
    edits += r.extra_edits(main_body, marker)
    rewritten = rewrite(r.src, edits, found, r.wrap)
    if rewritten is None:
        return None
    return r.finish(rewritten, marker)
