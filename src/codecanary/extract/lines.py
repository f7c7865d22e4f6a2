"""Telling code lines from prose lines, for answers that carry no fences."""

from __future__ import annotations

import ast
import re
import textwrap
from enum import Enum

from codecanary import languages
from codecanary.extract.langs import MAX_LINE
from codecanary.extract.strings import string_interiors


class LineKind(Enum):
    BLANK = "blank"
    CODE = "code"
    """Strong evidence of code: a keyword-led statement, a definition, braces..."""
    WEAK = "weak"
    """Could be either: comments, indented text, string fragments."""
    PROSE = "prose"
    STRING = "string"
    """Begins inside a multi-line string literal: data, never judged as prose or code."""


# Statements that prose rarely starts with (keywords are lower-case; prose is capitalized).
_CODE_START = re.compile(
    r"(?:async\s+)?def\s+\w+\s*\(|class\s+\w+\s*[(:{<]|class\s+\w+\s+(?:extends|implements)\b"
    r"|(?:from\s+[\w.]+\s+)?import\s+[\w.{*\"'(]|return\b|(?:el)?if\b.*[:{)]\s*$"
    r"|(?:for|while|with|switch|catch)\b.*[:{)]\s*$|else\b|elif\b|(?:try|finally)\s*[:{]"
    r"|except\b.*:\s*$|(?:raise|assert|yield|await|throw|break|continue|pass|del|nonlocal|global)\b"
    r"|(?:pub(?:\([^)]*\))?\s+)?(?:fn|struct|enum|trait|impl|mod)\b\s*[\w<{]|use\s+[\w:{}*, ]+;"
    r"|(?:let|const|var)\s+(?:mut\s+)?[\w{\[]+.*[=;:]|(?:export\s+)?(?:async\s+)?function\b"
    r"|func\s|package\s+[\w.]+\s*;?\s*$|#\s*(?:include|define|pragma|if|endif|ifn?def)\b"
    r"|template\s*<|(?:public|private|protected|static|final|abstract|override)\s"
    r"|(?:int|void|bool|char|double|float|long|auto|unsigned|size_t|string|std::\S+|vector<.*>)"
    r"\s+[\w:*&]+\s*[(=;{\[]|@\w+|(?:print|console\.\w+|System\.out\.\w+|fmt\.\w+)\s*\("
    r"|[}\])]|(?:interface|type)\s+\w+\s*[={<]|lambda\b|\w+!\("
    r"|type\s+\w+(?:\[[^\]]*\])?\s+(?:struct\b|interface\b|func\b|map\[|chan\b|[\[*]|\w+\s*$)"
)
_ASSIGN = re.compile(r"[\w.\[\]\"', *]+\s*(?:=|\+=|-=|\*=|/=|%=|:=|\|=|&=|\^=|<<=|>>=)\s*[^=\s]")
_CALL = re.compile(r"[\w.]+\(.*\)\s*;?$")
_COMMENT = re.compile(r"(?://|/\*|\*/|#(?!#)|\*(?:\s|$)|\"\"\"|'''|--\s)")
_BULLET = re.compile(r"(?:[-*+]|\d+[.)])\s+\S")


def _python_statement(stripped: str) -> bool:
    """True when the line alone is a Python statement that prose cannot be.

    Catches one-line compound statements (``if n == 1: return 1``) and the like,
    which the keyword patterns above need a trailing colon to see. A bare
    expression (``Sure``) or annotation (``Note: important``) does not count.
    """
    try:
        body = ast.parse(stripped).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    bare = (ast.Expr,)
    return bool(body) and all(
        not isinstance(node, bare) and not (isinstance(node, ast.AnnAssign) and node.value is None)
        for node in body
    )


def classify(line: str) -> LineKind:
    """Classify one line of an unfenced answer."""
    stripped = line.strip()
    if not stripped:
        return LineKind.BLANK
    if len(stripped) > MAX_LINE:
        return LineKind.WEAK
    if _CODE_START.match(stripped) or stripped.endswith((";", "{")):
        return LineKind.CODE
    if stripped.endswith("}") and not stripped.startswith(("{", "[", "(")):
        return LineKind.CODE  # a closing brace, not a printed dict or set
    if _ASSIGN.match(stripped) or _CALL.match(stripped) or _python_statement(stripped):
        return LineKind.CODE
    if _COMMENT.match(stripped):
        return LineKind.WEAK
    indented = line[:1] in (" ", "\t")
    if _BULLET.match(stripped) or stripped.startswith(("#", "**", ">")):
        return LineKind.PROSE  # Markdown list items, headings, emphasis, quotes
    words = stripped.split()
    if indented and not stripped.endswith((".", "!", "?")):
        return LineKind.WEAK
    if stripped[0].isalpha() and (len(words) >= 3 or stripped.endswith((".", ":", "!", "?"))):
        return LineKind.PROSE
    return LineKind.WEAK


def looks_like_code(text: str) -> bool:
    """True when the text holds at least some unmistakable code."""
    strong = 0
    for line in text.split("\n"):
        if classify(line) is LineKind.CODE:
            strong += 1
            if strong >= 2:
                return True
    return strong == 1 and len(text.strip().split("\n")) <= 3


_HEADING = re.compile(r"#{1,6}[ \t]+[A-Za-z]")
_TAIL = (LineKind.WEAK, LineKind.BLANK, LineKind.STRING)


def line_kinds(text: str, language: str) -> list[LineKind]:
    """The kind of every line of ``text`` (split on ``\\n``), string literals respected."""
    lines = text.split("\n")
    kinds = [classify(line) for line in lines]
    found = languages.find(language)
    code_lines = found.extraction.code_lines if found and found.extraction else None
    if code_lines is not None:
        kinds = [
            LineKind.CODE if kind is not LineKind.CODE and code_lines.search(line.strip())
            else kind
            for kind, line in zip(kinds, lines, strict=True)
        ]
    if not (found and found.lexer and found.lexer.hash_comments):
        # "# Solution" is a comment where "#" starts one (Python, Ruby); elsewhere a heading.
        kinds = [
            LineKind.PROSE if kind is LineKind.WEAK and _HEADING.match(line) else kind
            for kind, line in zip(kinds, lines, strict=True)
        ]
    for row in string_interiors(text, language):
        kinds[row] = LineKind.STRING
    return kinds


def _net_brackets(line: str) -> int:
    code = line.split("//", 1)[0]
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


def extract_unfenced(
    text: str, *, language: str = "python", dedent: bool = True
) -> tuple[str, bool]:
    """The code in an answer without fences: (code, whether prose was removed).

    Prose lines before the first and after the last code line are dropped; clearly
    prose lines at column 0 in between (an explanation between two functions) too.
    Indented lines are kept: they may be a docstring or a comment body.
    """
    lines = text.split("\n")
    kinds = line_kinds(text, language)
    code_at = [i for i, kind in enumerate(kinds) if kind is LineKind.CODE]
    if not code_at:
        return "", False
    first, last = code_at[0], code_at[-1]
    # Keep comments, decorators and docstrings that lead into the first statement.
    while first > 0 and kinds[first - 1] in (LineKind.WEAK, LineKind.STRING):
        first -= 1
    # Keep an indented tail (a Python body's last lines) after the last strong line,
    # and the rest of a string literal that the last strong line opens.
    while last + 1 < len(lines) and kinds[last + 1] in _TAIL:
        if kinds[last + 1] is LineKind.WEAK and not lines[last + 1][:1].isspace():
            break
        last += 1
    kept: list[str] = []
    removed_prose = False
    depth = 0
    for i, line in enumerate(lines):
        inside = first <= i <= last
        net = 0 if kinds[i] is LineKind.STRING else _net_brackets(line)
        # Prose between code only at bracket depth 0 and when it opens nothing that
        # later lines close: ``public:`` inside a class, or the first line of a
        # signature split over lines, is code whatever its words look like.
        prose = kinds[i] is LineKind.PROSE and not line[:1].isspace() and depth == 0 and net <= 0
        if inside:
            depth = max(0, depth + net)
        if inside and not prose:
            kept.append(line)
        elif kinds[i] is LineKind.PROSE:
            removed_prose = True
    code = "\n".join(kept)
    return (textwrap.dedent(code) if dedent else code), removed_prose
