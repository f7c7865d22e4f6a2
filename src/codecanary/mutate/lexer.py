"""A small multi-language lexer: just enough to keep edits out of strings and comments.

It reads each language's string, character and comment syntax from its
``Language.lexer`` rules (Python triple quotes and prefixes, JavaScript template
literals and regex literals, Go raw strings and runes, Rust raw strings, chars and
lifetimes, Java text blocks, C++ raw strings and preprocessor lines) and splits
everything else into identifiers, numbers and
operators. Concatenating every token's ``text`` gives back the source exactly, so
an edit is a token replacement followed by a join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from codecanary import languages
from codecanary.errors import CodecanaryError
from codecanary.languages.base import LexerRules

TokenKind = Literal["ident", "number", "string", "comment", "op", "space", "newline", "directive"]


class UnsupportedLanguage(CodecanaryError):
    """The mutator does not know this language."""


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    line: int
    """1-based line on which the token starts."""

    @property
    def significant(self) -> bool:
        return self.kind not in ("space", "newline", "comment")


# Longest first, so that ``>>=`` wins over ``>>`` over ``>``.
_OPERATORS = sorted(
    [
        ">>>=", "<<=", ">>=", "===", "!==", "**=", "//=", "...", "->", "=>", "::", "==",
        "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=",
        "|=", "^=", "<<", ">>", "**", "//", ":=", "?.", "??", "..",
    ],
    key=len,
    reverse=True,
)
_OPERATOR_SET = frozenset(_OPERATORS)
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*|[^\x00-\x7f]+")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]+[a-zA-Z0-9]*|0[bB][01_]+[a-zA-Z0-9]*|0[oO][0-7_]+[a-zA-Z0-9]*"
    r"|(?:\d[\d_']*)?\.?\d[\d_']*(?:[eE][+-]?\d+)?[a-zA-Z0-9_]*"
)
_PY_STRING_PREFIX = re.compile(r"(?i)(?:rb|br|fr|rf|r|b|f|u)?(?='|\")")
_RUST_RAW = re.compile(r'b?r(#*)"')
_CPP_RAW = re.compile(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(')
_CHAR = re.compile(r"'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^'\\\n])'")

# After these, a ``/`` in JavaScript starts a regex literal rather than a division.
_VALUE_END_KEYWORDS = {"this", "super", "true", "false", "null", "undefined"}


def _scan_quoted(src: str, i: int, quote: str, *, multiline: bool, escapes: bool = True) -> int:
    """Index just past the closing ``quote`` for a literal whose body starts at ``i``."""
    n = len(src)
    while i < n:
        if escapes and src[i] == "\\":
            i += 2
            continue
        if src.startswith(quote, i):
            return i + len(quote)
        if src[i] == "\n" and not multiline:
            return i  # unterminated: stop at end of line
        i += 1
    return n


def _scan_template(src: str, i: int) -> int:
    """JavaScript template literal body from ``i``; ``${...}`` nesting counted by braces."""
    n = len(src)
    depth = 0
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if depth == 0 and c == "`":
            return i + 1
        if src.startswith("${", i):
            depth += 1
            i += 2
            continue
        if depth and c == "}":
            depth -= 1
        i += 1
    return n


def lexer_rules(language: str) -> LexerRules | None:
    """The registered lexer rules of ``language`` (None: it has none, or is unknown)."""
    found = languages.find(language)
    return found.lexer if found is not None else None


def lexed_languages() -> list[str]:
    """Every registered language the lexer can split."""
    return [lang.name for lang in languages.all_languages() if lang.lexer is not None]


def tokenize(source: str, language: str) -> list[Token]:
    """Split ``source`` into tokens; ``"".join(t.text for t in tokens) == source``.

    Raises:
        UnsupportedLanguage: ``language`` has no lexer rules.
    """
    rules = lexer_rules(language)
    if rules is None:
        raise UnsupportedLanguage(
            f"the mutator does not support language {language!r} "
            f"(known: {', '.join(lexed_languages())})"
        )
    tokens: list[Token] = []
    src = source
    n = len(src)
    i = 0
    line = 1
    hash_comment = rules.hash_comments
    while i < n:
        start = i
        c = src[i]
        kind: TokenKind
        if c == "\n":
            i, kind = i + 1, "newline"
        elif c in " \t\r\f\v":
            while i < n and src[i] in " \t\r\f\v":
                i += 1
            kind = "space"
        elif (c == "#") if hash_comment else src.startswith("//", i):
            while i < n and src[i] != "\n":
                i += 1
            kind = "comment"
        elif rules.block_comments and src.startswith("/*", i):
            end = src.find("*/", i + 2)
            i, kind = (n if end < 0 else end + 2), "comment"
        elif rules.preprocessor and c == "#" and _at_line_start(src, i):
            # Preprocessor directive, with backslash continuations.
            while i < n and src[i] != "\n":
                i += 2 if src.startswith("\\\n", i) else 1
            kind = "directive"
        else:
            i, kind = _scan_code_token(src, i, rules, tokens)
        tokens.append(Token(kind, src[start:i], line))
        line += src.count("\n", start, i)
    return tokens


def _at_line_start(src: str, i: int) -> bool:
    j = src.rfind("\n", 0, i) + 1
    return src[j:i].strip() == ""


def _scan_code_token(src: str, i: int, rules: LexerRules,
                     tokens: list[Token]) -> tuple[int, TokenKind]:
    c = src[i]
    if rules.prefixed_strings:
        m = _PY_STRING_PREFIX.match(src, i)
        if m:
            j = m.end()
            quote = src[j] * 3 if src.startswith(src[j] * 3, j) else src[j]
            # Even in raw strings a backslash keeps the next quote from closing.
            end = _scan_quoted(src, j + len(quote), quote, multiline=len(quote) == 3)
            return end, "string"
    if rules.rust_literals:
        m = _RUST_RAW.match(src, i)
        if m:
            end = _scan_quoted(src, m.end(), '"' + m.group(1), multiline=True, escapes=False)
            return end, "string"
        if c == "b" and src.startswith(("b'", 'b"'), i):
            if src[i + 1] == "'":
                m2 = _CHAR.match(src, i + 1)
                if m2:
                    return m2.end(), "string"
            else:
                return _scan_quoted(src, i + 2, '"', multiline=True), "string"
    if rules.raw_strings_cpp:
        m = _CPP_RAW.match(src, i)
        if m:
            end = src.find(")" + m.group(1) + '"', m.end())
            return (len(src) if end < 0 else end + len(m.group(1)) + 2), "string"
    if rules.text_blocks and src.startswith('"""', i):
        return _scan_quoted(src, i + 3, '"""', multiline=True), "string"
    if c == '"':
        return _scan_quoted(src, i + 1, '"', multiline=rules.multiline_strings), "string"
    if c == "'" and rules.single_quote_strings:
        return _scan_quoted(src, i + 1, "'", multiline=False), "string"
    if c == "'":
        m = _CHAR.match(src, i)
        if m:
            return m.end(), "string"
        if rules.rust_literals:  # a lifetime or label such as 'a
            m = _IDENT.match(src, i + 1)
            return (m.end() if m else i + 1), "ident"
        return _scan_quoted(src, i + 1, "'", multiline=False), "string"
    if c == "`":
        if rules.template_literals:
            return _scan_template(src, i + 1), "string"
        if rules.raw_backticks:
            return _scan_quoted(src, i + 1, "`", multiline=True, escapes=False), "string"
    if c == "/" and rules.regex_literals and _regex_allowed(tokens):
        regex_end = _scan_regex(src, i)
        if regex_end is not None:
            return regex_end, "string"
    if c.isdigit() or (c == "." and i + 1 < len(src) and src[i + 1].isdigit()
                       and not _after_value(tokens)):
        m = _NUMBER.match(src, i)
        if m and m.end() > i:
            return m.end(), "number"
    m = _IDENT.match(src, i)
    if m:
        return m.end(), "ident"
    for size in (4, 3, 2):
        if src[i:i + size] in _OPERATOR_SET or src[i:i + size] in rules.extra_operators:
            return i + size, "op"
    return i + 1, "op"


def _last_significant(tokens: list[Token]) -> Token | None:
    for tok in reversed(tokens):
        if tok.significant:
            return tok
    return None


def _after_value(tokens: list[Token]) -> bool:
    prev = _last_significant(tokens)
    return prev is not None and (prev.kind in ("ident", "number", "string")
                                 or prev.text in (")", "]"))


def _regex_allowed(tokens: list[Token]) -> bool:
    prev = _last_significant(tokens)
    if prev is None:
        return True
    if prev.kind == "ident":
        return prev.text not in _VALUE_END_KEYWORDS and prev.text in (
            "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void",
            "throw", "yield", "await",
        )
    return prev.kind == "op" and prev.text not in (")", "]", "}", "++", "--")


def _scan_regex(src: str, i: int) -> int | None:
    j = i + 1
    in_class = False
    while j < len(src):
        ch = src[j]
        if ch == "\n":
            return None
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            j += 1
            while j < len(src) and src[j].isalpha():
                j += 1
            return j
        j += 1
    return None
