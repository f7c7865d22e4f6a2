"""Ruby side of :mod:`codecanary.scoring.testcount`.

Ruby's ``exit`` raises ``SystemExit``, so no exit call needs rewriting: each
*check* (a top-level statement calling a top-level helper method that can exit,
directly or through another helper) is wrapped as ``__cc_check { statement }``,
which counts it as passed when it returns and as failed when it exits non-zero
(the helper has already printed its ``FAIL`` line). Any other exception in a check
goes on unchanged, unless a check already failed: the original harness would have
stopped by then, so it counts as one more failed check. At the end the harness
writes the counts line and, after a failure, a ``FAIL`` line and ``exit(1)``.
Statements other than checks (assignments, loops calling helpers) run as before;
a failure there ends the program without a counts line.

Refused (run unchanged): harnesses with ``exit!``, ``at_exit``, threads, ``fork``,
their own ``SystemExit`` or ``Exception`` rescue, or heredocs (whose bodies would
end up outside the wrapping block).
"""

from __future__ import annotations

import re

from codecanary.languages.native_counting import (
    Node,
    apply,
    exit_helpers,
    parse_clean,
    text,
    walk,
)

_PRELUDE = """$__cc_passed = 0
$__cc_failed = 0

def __cc_failed_once
  $__cc_failed += 1
  $stderr.puts("{MARKER} failed") if $__cc_failed == 1
end

def __cc_check
  yield
  $__cc_passed += 1
rescue SystemExit => e
  raise if e.success? && $__cc_failed.zero?
  __cc_failed_once
rescue StandardError
  raise if $__cc_failed.zero?
  $stderr.puts("FAIL: a check raised after an earlier check failed")
  __cc_failed_once
end

"""
_EPILOGUE = """
$stderr.puts("{MARKER} #{$__cc_passed} #{$__cc_passed + $__cc_failed}")
if $__cc_failed > 0
  $stderr.puts("FAIL #{$__cc_failed} of #{$__cc_passed + $__cc_failed} checks failed")
  exit(1)
end
"""
_EXITS = frozenset({"exit", "abort"})
_REFUSED = re.compile(r"\bexit!|\bat_exit\b|\bThread\b|\bfork\b|\bSystemExit\b"
                      r"|\brescue\s+Exception\b|<<[~-]?['\"]?[A-Z_]+")


def _is_exit(node: Node, src: bytes) -> bool:
    if node.type == "identifier" and text(node, src) in _EXITS:
        parent = node.parent
        return parent is None or parent.type != "call" or (
            parent.child_by_field_name("receiver") is None)
    return False


def _callee(node: Node, src: bytes) -> str | None:
    if node.type != "call" or node.child_by_field_name("receiver") is not None:
        return None
    return text(node.child_by_field_name("method"), src) or None


def instrument(tests: str, marker: str) -> str | None:
    """The rewritten harness, or None when its shape is not understood."""
    if "__cc" in tests or _REFUSED.search(tests):
        return None
    parsed = parse_clean(tests, "ruby")
    if parsed is None:
        return None
    src, root = parsed
    if any(n.type in ("heredoc_body", "heredoc_beginning") for n in walk(root)):
        return None
    bodies: dict[str, list[Node]] = {}
    for node in root.named_children:
        if node.type == "method":
            name = text(node.child_by_field_name("name"), src)
            bodies.setdefault(name, []).append(node)
    helpers = exit_helpers(bodies, lambda n: _is_exit(n, src), lambda n: _callee(n, src))
    found = [n for n in root.named_children if _callee(n, src) in helpers]
    if not found:
        return None
    edits = [(n.start_byte, n.end_byte, f"__cc_check {{ {text(n, src)} }}") for n in found]
    rewritten = apply(src, edits)
    if rewritten is None:
        return None
    return (f"{_PRELUDE.replace('{MARKER}', marker)}{rewritten.rstrip()}\n"
            f"{_EPILOGUE.replace('{MARKER}', marker)}")
