"""Java side of :mod:`codecanary.scoring.testcount`.

Every ``System.exit(code)`` of the harness becomes ``Main.__ccExit(code)``. Inside a
wrapped check (on the main thread) a non-zero exit throws ``Main.__CcFail``, an
``Error`` the harness's own ``catch (Exception e)`` does not swallow; the wrapper
``try { call; ... } catch (Throwable t) { ... }`` counts the check as passed when
the call returns and as failed when it threw ``__CcFail`` (or anything at all after
an earlier counted failure: the original would have stopped already). Any other
first exception is re-thrown unchanged. A call that returns although our failure
was thrown inside it (something caught it) still counts as failed. Outside a check
``__ccExit`` exits like ``System.exit``, except that an exit 0 after a counted
failure becomes exit 1 (a shutdown hook does the same for any other exit after
one). ``main`` becomes ``__ccMain``; a new ``main`` inside ``Main`` reports the
counts. Our names live in ``Main``, so the candidate's code (prepended to the file)
never sees them. Harnesses whose exits or helper calls sit in a ``try`` that
catches ``Throwable`` or an ``Error``, has a ``finally`` or owns resources are
refused; checks that assign are left unwrapped (definite assignment would not
survive the ``try``).
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

_PRELUDE = """
    static final class __CcFail extends Error {
        __CcFail() { super("a check failed", null, false, false); }
    }
    static volatile int __ccPassed, __ccFailed, __ccDepth;
    static volatile boolean __ccFailing, __ccSettled;
    static Thread __ccThread;

    static void __ccExit(int code) {
        if (code != 0 && __ccDepth > 0 && Thread.currentThread() == __ccThread) {
            __ccFailing = true;
            throw new __CcFail();
        }
        if (code == 0 && __ccFailed > 0) {
            System.err.println("FAIL " + __ccFailed + " checks failed before the harness exited");
            code = 1;
        }
        __ccSettled = true;
        System.exit(code);
    }

    static void __ccRecord(boolean ours) {
        if (!ours && !__ccFailing) {
            System.err.println("FAIL: a check threw after an earlier check failed");
        }
        __ccFailing = false;
        __ccFailed++;
        if (__ccFailed == 1) System.err.println("{MARKER} failed");
    }

    static void __ccReturned() {
        // Our failure caught inside the check (by code we do not see) is still one.
        if (__ccFailing) __ccRecord(true);
        else __ccPassed++;
    }

    public static void main(String[] __ccArgs) throws Throwable {
        __ccThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Something else called System.exit (say, the answer with 0) after a failure.
            if (__ccFailed > 0 && !__ccSettled) {
                System.err.println("FAIL: the program exited after a check failed");
                Runtime.getRuntime().halt(1);
            }
        }));
        try {
            __ccMain(__ccArgs);
        } catch (Throwable __ccT) {
            __ccSettled = true;
            if (__ccFailed == 0) throw __ccT;
            System.err.println("FAIL: the harness stopped at an exception after a check failed");
            System.exit(1);
        }
        __ccSettled = true;
        int total = __ccPassed + __ccFailed;
        System.err.println("{MARKER} " + __ccPassed + " " + total);
        if (__ccFailed > 0) {
            System.err.println("FAIL " + __ccFailed + " of " + total + " checks failed");
            System.exit(1);
        }
    }
"""

_WRAP = ("{{ __ccDepth = 1; try {{ {call} __ccDepth = 0; __ccReturned(); }} "
         "catch (Throwable __ccT) {{ __ccDepth = 0; boolean __ccOurs = __ccT instanceof __CcFail; "
         "if (__ccFailed == 0 && !__ccFailing && !__ccOurs) throw __ccT; "
         "__ccRecord(__ccOurs); }} }}")

_LOOPS = frozenset({"for_statement", "enhanced_for_statement", "while_statement",
                    "do_statement"})


def _is_exit(node: Node, src: bytes) -> bool:
    return (node.type == "method_invocation"
            and text(node.child_by_field_name("object"), src) == "System"
            and text(node.child_by_field_name("name"), src) == "exit")


def _callee(node: Node, src: bytes) -> str | None:
    if node.type != "method_invocation":
        return None
    if text(node.child_by_field_name("object"), src) not in ("", "Main"):
        return None
    return text(node.child_by_field_name("name"), src)


def _statements(block: Node) -> list[Node]:
    return [c for c in block.named_children if "comment" not in c.type]


def _nested(stmt: Node) -> list[Node]:
    return nested_statements(stmt, "block", _LOOPS, _statements)


def _unsafe_try(node: Node, src: bytes) -> bool:
    """Whether ``node`` runs in a try whose catch or cleanup would see our Error."""
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == "try_with_resources_statement":
            return True
        if parent.type == "try_statement" and child == parent.child_by_field_name("body"):
            for clause in parent.named_children:
                if clause.type == "finally_clause":
                    return True
                if clause.type == "catch_clause":
                    types = [n for n in walk(clause) if n.type == "catch_type"]
                    caught = " ".join(text(t, src) for t in types)
                    if "Throwable" in caught or "Error" in caught:
                        return True
        child, parent = parent, parent.parent
    return False


class _Java(ExitRedirect):
    language = "java"
    class_body: Node | None = None

    def functions(self) -> list[Node]:
        src = self.src
        mains = [c for c in self.root.named_children if c.type == "class_declaration"
                 and text(c.child_by_field_name("name"), src) == "Main"]
        if len(mains) != 1 or (body := mains[0].child_by_field_name("body")) is None:
            return []
        self.class_body = body
        return [m for m in body.named_children if m.type == "method_declaration"]

    def name_of(self, fn: Node) -> str | None:
        return text(fn.child_by_field_name("name"), self.src)

    def main_ok(self, main: Node) -> bool:
        return "static" in text(main, self.src).split("(")[0]

    def is_exit(self, node: Node) -> bool:
        return _is_exit(node, self.src)

    def callee(self, node: Node) -> str | None:
        return _callee(node, self.src)

    def unsafe(self, node: Node) -> bool:
        return _unsafe_try(node, self.src)

    def check_call(self, call: Node) -> bool:
        return not any(n.type in ("assignment_expression", "update_expression")
                       for n in walk(call))

    def statements(self, block: Node) -> list[Node]:
        return _statements(block)

    def nested(self, stmt: Node) -> list[Node]:
        return _nested(stmt)

    def exit_edit(self, node: Node) -> Edit:
        obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
        assert obj is not None and name is not None
        return (obj.start_byte, name.end_byte, "Main.__ccExit")

    def main_name(self, main: Node) -> Node:
        name = main.child_by_field_name("name")
        assert name is not None
        return name

    def extra_edits(self, main_body: Node, marker: str) -> list[Edit]:
        assert self.class_body is not None
        brace = self.class_body.children[0]
        return [(brace.end_byte, brace.end_byte, _PRELUDE.replace("{MARKER}", marker))]

    def wrap(self, call: str) -> str:
        return _WRAP.format(call=call)


def instrument(tests: str, marker: str) -> str | None:
    """The rewritten harness, or None when its shape is not understood."""
    return native_instrument(_Java, tests, marker)
