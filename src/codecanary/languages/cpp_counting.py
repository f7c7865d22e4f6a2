"""C++ side of :mod:`codecanary.scoring.testcount`.

Every ``std::exit(code)``/``exit(code)`` of the harness becomes ``__cc_exit(code)``.
Inside a wrapped check a non-zero exit throws ``__cc_fail`` (not derived from
``std::exception``, so the harness's ``catch (const std::exception&)`` does not see
it); the wrapper ``try { call ... } catch (const __cc_fail&) {...} catch (...) {...}``
counts the check as passed when the call returns and as failed when it threw ours
(or anything at all after an earlier counted failure: the original would have
stopped already). Any other first exception is re-thrown unchanged. Outside a check
``__cc_exit`` exits like ``std::exit``, except that an exit 0 after a counted failure
becomes exit 1 (an ``atexit`` handler does the same for any other exit after one).
``main`` becomes ``__cc_main`` (with a final ``return 0``) and a new ``main`` reports
the counts unless ``__cc_main`` returned non-zero. A crash signal after a counted
failure ends the program with exit 1 and a ``FAIL`` line, like the original's first
failure; before one, the signal keeps its default action. Harnesses with
``noexcept``, destructors, threads, signal or exit handling of their own, or an exit
or helper call inside a ``try`` with ``catch (...)`` are refused.
"""

from __future__ import annotations

from codecanary.languages.native_counting import (
    Edit,
    ExitRedirect,
    Node,
    nested_statements,
    text,
)
from codecanary.languages.native_counting import instrument as native_instrument

_PRELUDE = """#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

struct __cc_fail {};
static int __cc_passed = 0, __cc_failed = 0, __cc_depth = 0;
static bool __cc_failing = false, __cc_settled = false;

[[noreturn]] static void __cc_exit(int code) {
    if (code != 0 && __cc_depth > 0) {
        __cc_failing = true;
        throw __cc_fail{};
    }
    if (code == 0 && __cc_failed > 0) {
        std::fprintf(stderr, "FAIL %d checks failed before the harness exited\\n", __cc_failed);
        code = 1;
    }
    __cc_settled = true;
    std::exit(code);
}

extern "C" void __cc_at_exit() {
    // Something else called exit (say, the answer with 0) after a counted failure.
    if (__cc_failed > 0 && !__cc_settled) {
        std::fputs("FAIL: the program exited after a check failed\\n", stderr);
        std::fflush(nullptr);
        _exit(1);
    }
}

static void __cc_record(bool ours) {
    if (!ours && !__cc_failing) {
        std::fputs("FAIL: a check threw after an earlier check failed\\n", stderr);
    }
    __cc_failing = false;
    if (++__cc_failed == 1) std::fputs("{MARKER} failed\\n", stderr);
}

static void __cc_returned() {
    if (__cc_failing) {
        __cc_record(true);  // our failure was caught inside the check: still a failure
    } else {
        ++__cc_passed;
    }
}

extern "C" void __cc_on_signal(int sig) {
    if (__cc_failed > 0) {
        static const char msg[] = "FAIL: the harness crashed after a check failed\\n";
        ssize_t written = write(2, msg, sizeof msg - 1);
        (void)written;
        _exit(1);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

static void __cc_on_signals() {
    static char stack[1 << 16];
    stack_t alt{};
    alt.ss_sp = stack;
    alt.ss_size = sizeof stack;
    sigaltstack(&alt, nullptr);
    struct sigaction action{};
    action.sa_handler = __cc_on_signal;
    action.sa_flags = SA_ONSTACK | SA_NODEFER | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (int sig : signals) sigaction(sig, &action, nullptr);
}
"""

_EPILOGUE = """
int main() {
    __cc_on_signals();
    std::atexit(__cc_at_exit);
    int __cc_rc = 0;
    try {
        __cc_rc = __cc_main();
    } catch (...) {
        __cc_settled = true;
        if (__cc_failed == 0) throw;
        std::fputs("FAIL: the harness stopped at an exception after a check failed\\n", stderr);
        return 1;
    }
    __cc_settled = true;
    if (__cc_rc != 0) return __cc_rc;
    int total = __cc_passed + __cc_failed;
    std::fprintf(stderr, "{MARKER} %d %d\\n", __cc_passed, total);
    if (__cc_failed > 0) {
        std::fprintf(stderr, "FAIL %d of %d checks failed\\n", __cc_failed, total);
        return 1;
    }
    return 0;
}
"""

_WRAP = ("{{ __cc_depth = 1; try {{ {call} __cc_depth = 0; __cc_returned(); }} "
         "catch (const __cc_fail&) {{ __cc_depth = 0; __cc_record(true); }} "
         "catch (...) {{ __cc_depth = 0; if (__cc_failed == 0 && !__cc_failing) throw; "
         "__cc_record(false); }} }}")

_EXITS = frozenset({"std::exit", "exit", "::exit"})
_LOOPS = frozenset({"for_statement", "for_range_loop", "while_statement", "do_statement"})
_REFUSED_NAMES = frozenset({"thread", "jthread", "async", "pthread_create", "signal",
                            "sigaction", "setjmp", "longjmp", "atexit", "at_quick_exit"})


def _is_exit(node: Node, src: bytes) -> bool:
    return node.type == "call_expression" and text(node.child_by_field_name("function"),
                                                   src) in _EXITS


def _callee(node: Node, src: bytes) -> str | None:
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    if function is not None and function.type == "template_function":
        function = function.child_by_field_name("name")
    return text(function, src) if function is not None and function.type == "identifier" else None


def _name(definition: Node, src: bytes) -> str | None:
    """The plain name of a function definition (None for methods, operators...)."""
    declarator = definition.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        declarator = declarator.child_by_field_name("declarator")
    inner = declarator.child_by_field_name("declarator") if declarator is not None else None
    return text(inner, src) if inner is not None and inner.type == "identifier" else None


def _statements(block: Node) -> list[Node]:
    return [c for c in block.named_children if c.type != "comment"]


def _nested(stmt: Node) -> list[Node]:
    return nested_statements(stmt, "compound_statement", _LOOPS, _statements)


def _in_catch_all_try(node: Node, src: bytes) -> bool:
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == "try_statement" and child == parent.child_by_field_name("body"):
            for clause in parent.named_children:
                params = clause.child_by_field_name("parameters")
                if clause.type == "catch_clause" and text(params, src).replace(" ", "") == "(...)":
                    return True
        child, parent = parent, parent.parent
    return False


def _functions(root: Node) -> list[Node]:
    out: list[Node] = []
    for child in root.named_children:
        if child.type == "template_declaration":
            out.extend(c for c in child.named_children if c.type == "function_definition")
        elif child.type == "function_definition":
            out.append(child)
    return out


class _Cpp(ExitRedirect):
    language = "cpp"
    main_rename = "__cc_main"

    def refused(self) -> bool:
        return any(n.type in ("destructor_name", "noexcept") or (
            n.type == "identifier" and text(n, self.src) in _REFUSED_NAMES) for n in self.nodes)

    def functions(self) -> list[Node]:
        return _functions(self.root)

    def name_of(self, fn: Node) -> str | None:
        return _name(fn, self.src)

    def main_ok(self, main: Node) -> bool:
        declarator = main.child_by_field_name("declarator")
        return not (declarator is None or text(main.child_by_field_name("type"), self.src)
                    != "int" or text(declarator, self.src).replace(" ", "")
                    not in ("main()", "main(void)"))

    def is_exit(self, node: Node) -> bool:
        return _is_exit(node, self.src)

    def callee(self, node: Node) -> str | None:
        return _callee(node, self.src)

    def unsafe(self, node: Node) -> bool:
        return _in_catch_all_try(node, self.src)

    def statements(self, block: Node) -> list[Node]:
        return _statements(block)

    def nested(self, stmt: Node) -> list[Node]:
        return _nested(stmt)

    def exit_edit(self, node: Node) -> Edit:
        function = node.child_by_field_name("function")
        assert function is not None
        return (function.start_byte, function.end_byte, "__cc_exit")

    def main_name(self, main: Node) -> Node:
        declarator = main.child_by_field_name("declarator")
        name = declarator.child_by_field_name("declarator") if declarator else None
        assert name is not None
        return name

    def extra_edits(self, main_body: Node, marker: str) -> list[Edit]:
        closing = main_body.children[-1]
        return [(closing.start_byte, closing.start_byte, "    return 0;\n")]

    def wrap(self, call: str) -> str:
        return _WRAP.format(call=call)

    def finish(self, rewritten: str, marker: str) -> str:
        return (f"{_PRELUDE.replace('{MARKER}', marker)}\n{rewritten.rstrip()}\n"
                f"{_EPILOGUE.replace('{MARKER}', marker)}")


def instrument(tests: str, marker: str) -> str | None:
    """The rewritten harness, or None when its shape is not understood."""
    return native_instrument(_Cpp, tests, marker)
