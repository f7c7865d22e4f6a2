"""Find where a function's body starts, to insert statements at the top of it.

Used by the ``simulated`` provider's ``slowdown`` and ``wrong_api`` faults. Like the
rest of the package it works on tokens, not a parse tree: Python bodies follow the
``def name(...):`` line (after any docstring); C-family bodies open with the first
``{`` at the same bracket depth after the parameter list.
"""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.mutate.params import size_terms
from codecanary.mutate.source import Source

_NOT_FUNCTIONS = {
    "if", "for", "while", "switch", "catch", "return", "match", "elif", "sizeof", "new",
    "typeof", "function", "fn", "func", "defer", "go", "synchronized", "assert", "import",
    "const", "var", "type",
}
# Declaration keywords: meeting one means the ``{`` ahead is not this function's body.
_DECLARATIONS = {"type", "func", "struct", "class", "interface", "fn", "impl", "enum",
                 "package", "import", "trait", "union", "namespace"}


@dataclass(frozen=True)
class Body:
    """Where the first statement of a function body goes.

    Attributes:
        offset: Character offset at which to insert.
        indent: Indentation of the body's statements.
        params: Parameter names (Python, JavaScript and TypeScript only; else empty).
        sizes: Expressions giving the sizes of sized parameters (Go, Rust, C++, Java;
            see :mod:`codecanary.mutate.params`).
        inline: True for brace languages (insert ``"\\n" + indent + stmt`` after ``{``),
            False for Python (insert ``indent + stmt + "\\n"`` at a line start).
    """

    offset: int
    indent: str
    params: tuple[str, ...]
    inline: bool
    sizes: tuple[str, ...] = ()

    def insert(self, source: str, lines: list[str]) -> str:
        """``source`` with ``lines`` added as the first statements of this body."""
        if self.inline:
            block = "".join(f"\n{self.indent}{line}" for line in lines)
        else:
            block = "".join(f"{self.indent}{line}\n" for line in lines)
        return source[: self.offset] + block + source[self.offset:]


def find_body(source: str, language: str, entry_point: str | None) -> Body | None:
    """The body of ``entry_point`` (or, failing that, of the first function found)."""
    src = Source(source, language)
    if src.rules.statements == "line":
        return None  # no braces and no indentation rule to find a body by (Ruby)
    for name in ([entry_point] if entry_point else []) + [None]:
        body = _python_body(src, name) if language == "python" else _brace_body(src, name)
        if body is not None:
            return body
    return None


def _line_indent(src: Source, i: int) -> str:
    """Leading whitespace of the line holding token ``i``."""
    j = i
    while j > 0 and src.tokens[j - 1].kind != "newline":
        j -= 1
    tok = src.tokens[j]
    return tok.text if tok.kind == "space" else ""


def _python_body(src: Source, name: str | None) -> Body | None:
    toks = src.tokens
    for i, tok in enumerate(toks):
        if tok.kind != "ident" or tok.text != "def":
            continue
        j = src.next_sig_index(i)
        if j is None or (name is not None and toks[j].text != name):
            continue
        paren = src.next_sig_index(j)
        if paren is None or toks[paren].text != "(":
            continue
        close = src.match_close(paren)
        if close is None:
            continue
        params = _params(src, paren, close)
        colon = next((k for k in range(close, len(toks))
                      if toks[k].text == ":" and src.depth[k] == src.depth[i]), None)
        if colon is None:
            continue
        first = src.next_sig_index(colon)
        if first is None or toks[first].line == toks[colon].line:
            continue  # one-line ``def f(): return x``
        indent = _line_indent(src, first)
        target = first
        after = src.next_sig_index(first)
        if toks[first].kind == "string" and after is not None and (
            toks[after].line > toks[first].line + toks[first].text.count("\n")
        ):
            target = after  # keep the docstring first
            indent = _line_indent(src, after) if src.depth[after] == src.depth[first] else indent
        start = target
        while start > 0 and toks[start - 1].kind != "newline":
            start -= 1
        if len(indent) <= len(_line_indent(src, i)):
            continue
        return Body(src.offset(start), indent, params, inline=False)
    return None


def _params(src: Source, open_: int, close: int) -> tuple[str, ...]:
    names: list[str] = []
    inner = src.depth[open_] + 1
    for k in range(open_ + 1, close):
        tok = src.tokens[k]
        if tok.kind != "ident" or src.depth[k] != inner or tok.text in ("self", "cls"):
            continue
        prev = src.prev_sig(k)
        nxt_i = src.next_sig_index(k)
        nxt = src.tokens[nxt_i].text if nxt_i is not None else ""
        if prev is not None and prev.text in ("(", ",", "*", "**", "...") and nxt in (
            ",", ")", ":", "=", "?",
        ):
            names.append(tok.text)
    return tuple(names)


def _brace_body(src: Source, name: str | None) -> Body | None:
    toks = src.tokens
    for i, tok in enumerate(toks):
        if tok.kind != "ident" or tok.text in _NOT_FUNCTIONS:
            continue
        if name is not None and tok.text != name:
            continue
        prev = src.prev_sig(i)
        if prev is not None and prev.text in (".", "->", "?.", "new"):
            continue
        k = src.next_sig_index(i)
        while k is not None and k in src.generic:  # ``name<T>(``
            k = src.next_sig_index(k)
        if k is not None and toks[k].text == "=" and src.language in ("javascript",
                                                                         "typescript"):
            k = _function_value(src, k)
        if k is None or toks[k].text != "(":
            continue
        close = src.match_close(k)
        if close is None:
            continue
        brace = _body_brace(src, close, src.depth[k])
        if brace is None:
            continue
        first = src.next_sig_index(brace)
        if first is None:
            continue
        if src.language == "java" and toks[first].text in ("super", "this"):
            continue  # a constructor's first statement must stay first
        if toks[first].text == "}":
            indent = _line_indent(src, brace) + "    "
        else:
            indent = _line_indent(src, first)
        if src.language in ("javascript", "typescript"):
            return Body(src.offset(brace + 1), indent, _params(src, k, close), inline=True)
        return Body(src.offset(brace + 1), indent, (), inline=True,
                    sizes=size_terms(src, k, close))
    return None


def _function_value(src: Source, eq: int) -> int | None:
    """``name = (a) => {`` / ``name = function (a) {``: the parameter list's ``(``."""
    k = src.next_sig_index(eq)
    while k is not None and src.tokens[k].text in ("async", "function"):
        k = src.next_sig_index(k)
    return k


def _body_brace(src: Source, close: int, depth: int) -> int | None:
    for k in range(close + 1, len(src.tokens)):
        tok = src.tokens[k]
        if not tok.significant or src.depth[k] != depth:
            continue
        if tok.text == "{":
            prev = src.prev_sig(k)
            if src.language == "typescript" and prev is not None and prev.text == ":":
                continue  # an object-literal return type ``): { a: number } {``
            return k
        if tok.text in (";", "}", "=", ")", "]") or tok.text in _DECLARATIONS or (
            tok.text == "=>" and _expression_arrow(src, k)
        ):
            return None
    return None


def _expression_arrow(src: Source, arrow: int) -> bool:
    nxt = src.next_sig_index(arrow)
    return nxt is None or src.tokens[nxt].text != "{"
