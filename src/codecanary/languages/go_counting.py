"""Go side of :mod:`codecanary.scoring.testcount`.

Every ``os.Exit(code)`` of the harness becomes ``__ccExit(code)``. Inside a wrapped
check a non-zero exit panics with ``__ccFail`` instead; the wrapper
``func() { defer __ccDone(); __ccIn = true; call; __ccIn = false }()`` counts the
check as passed when the call returns and as failed when it panicked that way.
Anywhere else ``__ccExit`` exits like ``os.Exit`` (so an inline check in ``main``
ends the program as before, without a counts line), except that an exit 0 after a
counted failure becomes exit 1. ``__ccDone`` only calls ``recover`` for our own
panic, or after a counted failure (the original would have stopped already, so a
later panic counts as one more failed check); the first panic of the harness's own
keeps going unchanged. A call that returns although our panic was raised inside it
(the answer recovered it) still counts as failed. ``main`` becomes ``__ccMain`` and a
new ``main`` reports; a panic outside a check after a counted failure ends it with
exit 1. Go has no exit hook, so an answer that calls ``os.Exit(0)`` itself after a
counted failure exits 0: :func:`~codecanary.scoring.testcount.settle` fails it.
Harnesses with ``go``, ``defer`` or ``recover`` of their own, or an aliased ``os``
import, are refused: our panic would cross code we do not control.
"""

from __future__ import annotations

from codecanary.languages.native_counting import (
    Edit,
    ExitRedirect,
    Node,
    nested_statements,
    text,
    walk,
)
from codecanary.languages.native_counting import instrument as native_instrument

_EPILOGUE = """
type __ccFail struct{}

var __ccIn, __ccFailing, __ccEnded bool
var __ccPassed, __ccFailed int

var _ = os.Exit

func __ccExit(code int) {
	if __ccIn && code != 0 {
		__ccFailing = true
		panic(__ccFail{})
	}
	if code == 0 && __ccFailed > 0 {
		println("FAIL", __ccFailed, "checks failed before the harness exited")
		code = 1
	}
	os.Exit(code)
}

func __ccDone() {
	if !__ccIn && !__ccFailing {
		__ccPassed++
		return
	}
	if __ccIn && !__ccFailing && __ccFailed == 0 {
		__ccIn = false
		return // not a check failure: the panic goes on unchanged
	}
	if __ccIn {
		recover()
		if !__ccFailing {
			println("FAIL: a check panicked after an earlier check failed")
		}
	}
	// Otherwise the call returned although our failure panicked inside it (something
	// recovered it): that is still a failed check.
	__ccIn = false
	__ccFailing = false
	__ccFailed++
	if __ccFailed == 1 {
		println("{MARKER} failed")
	}
}

func __ccEnd() {
	if __ccEnded || __ccFailed == 0 {
		return
	}
	recover()
	println("FAIL: the harness panicked after a check failed")
	os.Exit(1)
}

func main() {
	defer __ccEnd()
	__ccMain()
	__ccEnded = true
	println("{MARKER}", __ccPassed, __ccPassed+__ccFailed)
	if __ccFailed > 0 {
		println("FAIL", __ccFailed, "of", __ccPassed+__ccFailed, "checks failed")
		os.Exit(1)
	}
}
"""

_WRAP = "func() {{ defer __ccDone(); __ccIn = true; {}; __ccIn = false }}()"

_REFUSED = frozenset({"go_statement", "defer_statement"})


def _is_exit(node: Node, src: bytes) -> bool:
    return node.type == "call_expression" and text(node.child_by_field_name("function"),
                                                   src) == "os.Exit"


def _callee(node: Node, src: bytes) -> str | None:
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    return text(function, src) if function is not None and function.type == "identifier" else None


def _statements(block: Node) -> list[Node]:
    out: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment":
            out.append(child)
    return out


def _nested(stmt: Node) -> list[Node]:
    return nested_statements(stmt, "block", frozenset({"for_statement"}), _statements)


def _imports_plain_os(root: Node, src: bytes) -> bool:
    specs = [n for n in walk(root) if n.type == "import_spec"]
    os_specs = [s for s in specs if text(s.child_by_field_name("path"), src) == '"os"']
    return len(os_specs) == 1 and os_specs[0].child_by_field_name("name") is None


class _Go(ExitRedirect):
    language = "go"

    def refused(self) -> bool:
        src = self.src
        if any(n.type in _REFUSED for n in self.nodes) or any(
                n.type == "identifier" and text(n, src) == "recover" for n in self.nodes):
            return True
        return not _imports_plain_os(self.root, src)

    def functions(self) -> list[Node]:
        return [n for n in self.root.named_children if n.type == "function_declaration"]

    def name_of(self, fn: Node) -> str | None:
        return text(fn.child_by_field_name("name"), self.src)

    def main_ok(self, main: Node) -> bool:
        return main.child_by_field_name("result") is None

    def is_exit(self, node: Node) -> bool:
        return _is_exit(node, self.src)

    def callee(self, node: Node) -> str | None:
        return _callee(node, self.src)

    def statements(self, block: Node) -> list[Node]:
        return _statements(block)

    def nested(self, stmt: Node) -> list[Node]:
        return _nested(stmt)

    def exit_edit(self, node: Node) -> Edit:
        function = node.child_by_field_name("function")
        assert function is not None
        return (function.start_byte, function.end_byte, "__ccExit")

    def main_name(self, main: Node) -> Node:
        name = main.child_by_field_name("name")
        assert name is not None
        return name

    def wrap(self, call: str) -> str:
        return _WRAP.format(call)

    def finish(self, rewritten: str, marker: str) -> str:
        return f"{rewritten.rstrip()}\n{_EPILOGUE.replace('{MARKER}', marker)}"


def instrument(tests: str, marker: str) -> str | None:
    """The rewritten harness, or None when its shape is not understood."""
    return native_instrument(_Go, tests, marker)
