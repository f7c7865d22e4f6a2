"""Statement-level mutation operators: negated conditions and dropped statements.

Both need a little structure (where a condition ends, whether a line is a whole
simple statement), recovered from the token stream and bracket depths alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from codecanary.mutate.operators import Candidate
from codecanary.mutate.source import Edit, Source

# Ruby: condition keywords, and words that open, close or redirect a block.
_LINE_KEYWORDS = ("if", "elsif", "unless", "while", "until")
_LINE_HEADERS = frozenset({
    "def", "class", "module", "if", "elsif", "else", "unless", "while", "until", "for",
    "end", "begin", "rescue", "ensure", "return", "yield", "case", "when", "in", "do",
    "then", "require", "require_relative", "attr_reader", "attr_writer", "attr_accessor",
    "include", "extend", "private", "protected", "public", "raise", "break", "next",
    "redo", "retry", "loop", "alias", "undef", "BEGIN", "END", "__END__",
})
_PY_CONDITION_END = {":", "else", "for", "if", "async"}
_ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>=", "//=", "**="}
_PY_HEADERS = {
    "def", "class", "if", "elif", "else", "for", "while", "try", "except", "finally", "with",
    "import", "from", "global", "nonlocal", "async", "pass", "@", "match", "case", "assert",
}


def negate_conditions(src: Source) -> Iterator[Candidate]:
    """``if c`` / ``while c`` -> ``if not (c)`` / ``if !(c)``."""
    toks = src.tokens
    rules = src.rules
    keywords = _LINE_KEYWORDS if rules.conditions == "line" else ("if", "elif", "while")
    for i, tok in enumerate(toks):
        if tok.kind != "ident" or tok.text not in keywords:
            continue
        if not rules.while_loops and tok.text == "while":
            continue
        first = src.next_sig_index(i)
        if first is None:
            continue
        if rules.conditions == "parens":
            span = _paren_condition(src, first)
        elif rules.conditions == "indented":
            span = _python_condition(src, first)
        elif rules.conditions == "line":
            span = _line_condition(src, first)
        else:
            span = _brace_condition(src, first)
        if span is None:
            continue
        a, b = span
        cond = src.span_text(a, b)
        if not cond.strip():
            continue
        new = f"not ({cond})" if rules.word_negation else f"!({cond})"
        if rules.word_negation and src.tokens[a - 1].kind != "space":
            new = " " + new  # ``if(x)`` -> ``if not (x)``, never ``ifnot``
        yield "negate_condition", i, Edit(a, b, new), f"{tok.text} ({cond.strip()}) negated"


def _paren_condition(src: Source, first: int) -> tuple[int, int] | None:
    if src.tokens[first].text != "(":
        return None  # ``if constexpr`` and friends
    close = src.match_close(first)
    if close is None:
        return None
    inner = range(first + 1, close)
    if any(src.tokens[j].text == ";" and src.depth[j] == src.depth[first] + 1 for j in inner):
        return None  # C++17 ``if (init; cond)``
    return first + 1, close


def _python_condition(src: Source, first: int) -> tuple[int, int] | None:
    base = src.depth[first]
    j = first
    last = first
    while j < len(src.tokens):
        tok = src.tokens[j]
        d = src.depth[j]
        if tok.kind == "newline" and d == base:
            break
        if d == base and tok.significant and j > first and tok.text in _PY_CONDITION_END:
            break
        if d == base and tok.text in (")", "]", "}"):
            break
        if d == base and tok.text == "lambda":
            return None  # its ``:`` would be taken for the end of the condition
        if tok.significant:
            last = j
        j += 1
    return first, last + 1


def _line_condition(src: Source, first: int) -> tuple[int, int] | None:
    """Ruby: the condition runs to the end of the line (or ``then``/``do``)."""
    base = src.depth[first]
    last = None
    for j in range(first, len(src.tokens)):
        tok = src.tokens[j]
        d = src.depth[j]
        if tok.kind == "newline" and d == base:
            break
        if d == base and tok.text in (")", "]", "}", ";"):
            break
        if d == base and tok.kind == "ident" and tok.text in ("then", "do") and j > first:
            break
        if tok.significant:
            last = j
    if last is None:
        return None
    return first, last + 1


def _brace_condition(src: Source, first: int) -> tuple[int, int] | None:
    """Go and Rust: the condition runs to the ``{`` (or a match guard's ``=>``)."""
    if src.tokens[first].text == "let":
        return None
    base = src.depth[first]
    start = first
    last = None
    for j in range(first, len(src.tokens)):
        tok = src.tokens[j]
        if not tok.significant or src.depth[j] != base:
            if tok.significant:
                last = j
            continue
        if tok.text in ("{", "=>"):
            break
        if tok.text == ";":  # Go ``if init; cond {``
            start, last = src.next_sig_index(j) or j, None
            continue
        if tok.text in (")", "]", "}"):
            return None
        last = j
    if last is None or last < start:
        return None
    return start, last + 1


def drop_statements(src: Source) -> Iterator[Candidate]:
    """Delete one line holding one simple statement, leaving the program well formed."""
    lines = _lines(src)
    for n, (a, b) in enumerate(lines):
        sig = [j for j in range(a, b) if src.tokens[j].significant]
        if not sig or src.depth[sig[0]] != src.depth[b - 1]:
            continue
        if any(src.tokens[j].text in ("{", "}") for j in sig):
            continue
        style = src.rules.statements
        if style == "indented":
            ok = _python_droppable(src, lines, n, sig)
        elif style == "line":
            ok = _line_droppable(src, sig)
        else:
            ok = _c_droppable(src, sig)
        if ok and style == "go":
            ok = _go_names_survive(src, a, b, sig)
        if ok:
            text = src.span_text(a, b).strip()
            yield "drop_statement", sig[0], Edit(a, b, ""), f"dropped `{text}`"


def _lines(src: Source) -> list[tuple[int, int]]:
    """Token ranges of physical lines (newline included), except lines inside brackets
    (Python) which are merged into their logical line."""
    out: list[tuple[int, int]] = []
    start = 0
    for j, tok in enumerate(src.tokens):
        if tok.kind == "newline":
            if src.rules.statements in ("indented", "line") and (
                    src.depth[j] > 0 or _continued(src, j)):
                continue
            out.append((start, j + 1))
            start = j + 1
    if start < len(src.tokens):
        out.append((start, len(src.tokens)))
    return out


def _continued(src: Source, newline: int) -> bool:
    return newline > 0 and src.tokens[newline - 1].text == "\\"


def _indent(src: Source, line: tuple[int, int]) -> int:
    first = src.tokens[line[0]]
    return len(first.text.expandtabs(8)) if first.kind == "space" else 0


def _python_droppable(src: Source, lines: list[tuple[int, int]], n: int, sig: list[int]) -> bool:
    first, last = src.tokens[sig[0]], src.tokens[sig[-1]]
    if first.text in _PY_HEADERS or last.text == ":" or first.kind == "string":
        return False
    if any(src.tokens[j].text in ("lambda",) for j in sig) or src.depth[sig[0]] != 0:
        return False
    # The block must keep at least one statement: a sibling line at the same indent.
    indent = _indent(src, lines[n])
    for step in (-1, 1):
        k = n + step
        while 0 <= k < len(lines):
            a, b = lines[k]
            if any(src.tokens[j].significant for j in range(a, b)):
                if _indent(src, lines[k]) == indent:
                    return True
                break
            k += step
    return False


def _c_droppable(src: Source, sig: list[int]) -> bool:
    toks = src.tokens
    go = src.rules.statements == "go"
    before = src.prev_sig(sig[0])
    if go:
        if before is not None and before.text not in ("{", "}", ")", "]", "++", "--") and \
                before.kind not in ("ident", "number", "string"):
            return False
        body = sig
    else:
        if toks[sig[-1]].text != ";" or (before is not None and before.text not in (";", "{", "}")):
            return False
        body = sig[:-1]
        if any(toks[j].text == ";" for j in body):
            return False
    if not body:
        return False
    words = [toks[j].text for j in body]
    if words[0] in ("break", "continue") and len(words) == 1:
        return True
    if words[0] == "return":
        return src.rules.droppable_return
    return _expression_statement(src, body)


def _line_droppable(src: Source, sig: list[int]) -> bool:
    """Ruby: a whole line that is an assignment, an append (``<<``) or a call."""
    toks = src.tokens
    first, last = toks[sig[0]], toks[sig[-1]]
    if src.depth[sig[0]] != 0 or first.text in _LINE_HEADERS or last.text in ("do", "|"):
        return False
    if last.kind == "op" and last.text not in (")", "]"):
        return False  # the statement goes on on the next line
    before = src.prev_sig(sig[0])
    if before is not None and before.kind == "op" and before.text not in (")", "]", "}"):
        return False  # the continuation of the previous line
    if any(toks[j].kind == "ident" and toks[j].text in _LINE_HEADERS for j in sig):
        return False  # a modifier ``if``/``unless``/``while``: leave the whole line
    if len(sig) >= 3 and first.kind == "ident" and toks[sig[1]].text == "<<":
        return True
    return _expression_statement(src, sig)


def _expression_statement(src: Source, body: list[int]) -> bool:
    """``a.b[c] = ...``, ``x += ...``, ``i++``, ``f(...)``: no declarations (their names
    are used later, so dropping one would not compile)."""
    toks = src.tokens
    k = 0
    if toks[body[0]].text in ("++", "--", "*"):
        k = 1
    if k >= len(body) or toks[body[k]].kind != "ident" or toks[body[k]].text in (
        "let", "var", "const", "auto", "int", "long", "double", "float", "char", "bool",
        "boolean", "String", "string", "final", "static", "return", "throw", "new", "delete",
        "go", "defer", "yield", "using", "typedef", "struct", "class", "type", "fn", "func",
        "import", "package", "case", "default", "goto", "if", "while", "for", "do",
        "switch", "else", "try", "catch", "unsafe", "impl", "pub", "mod", "use", "static_assert",
    ):
        return False
    k += 1
    while k < len(body):
        text = toks[body[k]].text
        if text in (".", "->", "::", "?."):
            if k + 1 >= len(body) or toks[body[k + 1]].kind != "ident":
                return False
            k += 2
        elif text in ("(", "["):
            close = src.match_close(body[k])
            if close is None:
                return False
            k = next((m for m, j in enumerate(body) if j > close), len(body))
            if text == "(" and k == len(body):
                return True  # a call statement
        else:
            return text in _ASSIGN or text in ("++", "--")
    return toks[body[0]].text in ("++", "--")


def _go_names_survive(src: Source, a: int, b: int, sig: list[int]) -> bool:
    """Go rejects unused variables and imports: a variable on the dropped line must be
    used at least once more elsewhere (besides its declaration), and a package
    qualifier (``sort.``) must appear elsewhere too. Names seen nowhere else are
    builtins (``len``, ``append``)."""
    outside: dict[str, int] = {}
    for j, tok in enumerate(src.tokens):
        if tok.kind == "ident" and not a <= j < b:
            outside[tok.text] = outside.get(tok.text, 0) + 1
    for j in sig:
        tok = src.tokens[j]
        if tok.kind != "ident":
            continue
        seen = outside.get(tok.text, 0)
        nxt = src.next_sig_index(j)
        qualifier = nxt is not None and src.tokens[nxt].text == "."
        prev = src.prev_sig(j)
        if prev is not None and prev.text == ".":
            continue  # a field or method name
        if (qualifier and seen == 0) or seen == 1:
            return False
    return True
