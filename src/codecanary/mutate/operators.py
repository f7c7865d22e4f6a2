"""Token-level mutation operators: operator swaps, constants, booleans.

Each operator yields ``(name, token index, Edit, description)``; it never looks at
strings or comments because the lexer has already folded those into single tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from codecanary.mutate.source import Edit, Source

Candidate = tuple[str, int, Edit, str]

# Identifiers after which an operator is unary / a value starts (not a binary operator).
_NON_VALUE_WORDS = {
    "return", "case", "in", "of", "typeof", "yield", "await", "else", "do", "not", "and",
    "or", "if", "elif", "while", "new", "delete", "void", "throw", "let", "mut", "const",
    "var", "lambda", "assert", "print", "move", "ref", "as", "is",
}
_INT = re.compile(r"^(\d[\d_]*)([a-zA-Z_][a-zA-Z0-9_]*)?$")


def _is_value_end(src: Source, i: int) -> bool:
    """Whether the significant token before ``i`` ends an operand (so ``i`` is binary)."""
    prev = src.prev_sig(i)
    if prev is None:
        return False
    if prev.kind == "ident":
        return prev.text not in _NON_VALUE_WORDS and prev.text not in src.rules.non_value_words
    return prev.kind in ("number", "string") or prev.text in (")", "]")


def _spaced(src: Source, i: int) -> bool:
    toks = src.tokens
    return 0 < i < len(toks) - 1 and toks[i - 1].kind == "space" and toks[i + 1].kind in (
        "space", "newline")


def arithmetic(src: Source) -> Iterator[Candidate]:
    """``+``/``-``, ``*``/``/`` (Python: ``*``/``//``) and their compound assignments."""
    rules = src.rules
    swaps = {"+": "-", "-": "+", "+=": "-=", "-=": "+="}
    swaps.update({"*": "//", "//": "*", "/": "*"} if rules.floor_division
                 else {"*": "/", "/": "*"})
    # Where ``*`` also dereferences or declares a pointer, only a spaced ``a * b``
    # after an operand is surely a multiplication.
    star_needs_space = rules.star_needs_space
    typed = rules.typed
    for i, tok in enumerate(src.tokens):
        if tok.kind != "op" or tok.text not in swaps:
            continue
        if tok.text in ("+", "-", "*", "/", "//") and not _is_value_end(src, i):
            continue
        if tok.text == "*" and star_needs_space and not _spaced(src, i):
            continue
        if tok.text in ("-", "+") and rules.operator_overloads and _after_operator_kw(src, i):
            continue
        if tok.text in ("+", "+=") and typed and _next_to_string(src, i):
            continue  # string concatenation: ``s - "x"`` would not compile
        new = swaps[tok.text]
        yield "arithmetic_swap", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def _next_to_string(src: Source, i: int) -> bool:
    prev = src.prev_sig(i)
    nxt = src.next_sig_index(i)
    return (prev is not None and prev.kind == "string" and prev.text[:1] != "'") or (
        nxt is not None and src.tokens[nxt].kind == "string" and src.tokens[nxt].text[:1] != "'")


def _superclass(src: Source, i: int) -> bool:
    before = src.prev_sig(i, 2)
    return before is not None and before.text == "class"


def _after_operator_kw(src: Source, i: int) -> bool:
    prev = src.prev_sig(i)
    return prev is not None and prev.text == "operator"


def relational(src: Source) -> Iterator[Candidate]:
    """Boundary swaps ``<``/``<=`` and ``>``/``>=`` (generic brackets left alone)."""
    swaps = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
    for i, tok in enumerate(src.tokens):
        if tok.kind != "op" or tok.text not in swaps or i in src.generic:
            continue
        if not _is_value_end(src, i) or _after_operator_kw(src, i):
            continue
        if tok.text == "<" and src.rules.inheritance_lt and _superclass(src, i):
            continue
        new = swaps[tok.text]
        yield "relational_boundary", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def equality(src: Source) -> Iterator[Candidate]:
    """``==``/``!=`` (and JavaScript's ``===``/``!==``)."""
    swaps = {"==": "!=", "!=": "==", "===": "!==", "!==": "==="}
    for i, tok in enumerate(src.tokens):
        if tok.kind == "op" and tok.text in swaps and not _after_operator_kw(src, i):
            new = swaps[tok.text]
            yield "equality_swap", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def logical(src: Source) -> Iterator[Candidate]:
    """``&&``/``||``, Python ``and``/``or``."""
    if src.rules.word_logic:
        swaps, kind = {"and": "or", "or": "and"}, "ident"
    else:
        swaps, kind = {"&&": "||", "||": "&&"}, "op"
    for i, tok in enumerate(src.tokens):
        if tok.kind == kind and tok.text in swaps and not _after_operator_kw(src, i):
            new = swaps[tok.text]
            yield "logical_swap", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def increments(src: Source) -> Iterator[Candidate]:
    """``++``/``--`` (C-family languages)."""
    swaps = {"++": "--", "--": "++"}
    if not src.rules.increments:
        return
    for i, tok in enumerate(src.tokens):
        if tok.kind == "op" and tok.text in swaps and not _after_operator_kw(src, i):
            new = swaps[tok.text]
            yield "increment_swap", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def booleans(src: Source) -> Iterator[Candidate]:
    """``true``/``false`` in value positions (not ``while (true)``, which Java rejects)."""
    true, false = src.rules.booleans
    swaps = {true: false, false: true}
    for i, tok in enumerate(src.tokens):
        if tok.kind != "ident" or tok.text not in swaps:
            continue
        p1, p2 = src.prev_sig(i), src.prev_sig(i, 2)
        if (p1 is not None and p1.text in ("while", "if")) or (
            p1 is not None and p1.text == "(" and p2 is not None and p2.text in ("while", "if")
        ):
            continue
        if p1 is not None and p1.text in (".", "::"):
            continue
        new = swaps[tok.text]
        yield "swap_bool", i, Edit(i, i + 1, new), f"'{tok.text}' -> '{new}'"


def constants(src: Source) -> Iterator[Candidate]:
    """Off-by-one in decimal integer literals, keeping any type suffix (``0usize``, ``1L``)."""
    for i, tok in enumerate(src.tokens):
        if tok.kind != "number":
            continue
        m = _INT.match(tok.text)
        if m is None or (len(m.group(1)) > 1 and m.group(1).startswith("0")):
            continue
        prev = src.prev_sig(i)
        if prev is not None and prev.text in (".", "#"):
            continue  # Rust tuple field ``t.0``
        nxt = src.next_sig_index(i)
        if nxt in src.generic or src.prev_sig_index(i) in src.generic:
            continue  # a template argument (``std::get<1>``, ``std::array<int, 3>``)
        if src.rules.tuple_index_types and _tuple_index(src, i, nxt):
            continue  # ``pair[1]`` may index a tuple type: ``pair[2]`` would not compile
        value = int(m.group(1).replace("_", ""))
        suffix = m.group(2) or ""
        for new_value in (value + 1, value - 1):
            if new_value < 0:
                continue
            new = f"{new_value}{suffix}"
            yield "constant_off_by_one", i, Edit(i, i + 1, new), f"{tok.text} -> {new}"


def _tuple_index(src: Source, i: int, nxt: int | None) -> bool:
    bracket = src.prev_sig_index(i)
    return (bracket is not None and src.tokens[bracket].text == "[" and nxt is not None
            and src.tokens[nxt].text == "]" and _is_value_end(src, bracket))


TOKEN_OPERATORS = (arithmetic, relational, equality, logical, increments, booleans, constants)
