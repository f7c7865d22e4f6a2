"""Is an answer complete? Truncation, a missing entry point and placeholder bodies.

Every check is lexer-based (``codecanary.mutate.lexer``), so brackets, keywords and
``TODO`` inside strings never count, and works on code that does not parse.

Truncation reasons:
  * ``finish_reason`` is ``length`` (OpenAI) or ``max_tokens`` (Anthropic);
  * brackets still open at the end of the code;
  * an unterminated string or block comment at the end;
  * the code ends mid-statement: after a binary operator, a comma or a dangling ``.``,
    (Python) after a block-opening ``:``, or (brace languages) on anything but ``}``,
    ``;`` or ``)`` -- every reference in the panel ends on one of those.

Placeholders: a Python function whose body is only ``pass``, ``...`` or ``raise
NotImplementedError`` (docstrings aside); ``todo!()``/``unimplemented!()`` (Rust);
``panic("TODO")``-like calls (Go); ``throw new UnsupportedOperationException`` (Java);
``throw new Error("not implemented")`` (JS/TS/C++ alike); comments with ``TODO``,
``FIXME`` or "implement"/"your code here" wording.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from codecanary import languages
from codecanary.extract.langs import defined_names, entry_name
from codecanary.mutate.lexer import Token, tokenize

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_DANGLING_OPS = frozenset(
    ["+", "-", "*", "/", "%", "=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|",
     "^", "<<", ">>", ".", ",", "->", "=>", "::", "**", "//", "+=", "-=", "*=", "/=", "?",
     ":=", "and", "or", "not"]
)
_BRACE_ENDINGS = frozenset({"}", ";", ")"})
_TRUNCATING_FINISH = frozenset({"length", "max_tokens"})
_TODO_COMMENT = re.compile(
    r"\b(?:TODO|FIXME|XXX)\b|not (?:yet )?implemented|implement (?:this|me|here)|your code here",
    re.IGNORECASE,
)
_NOT_IMPL_TEXT = re.compile(r"not (?:yet )?implemented|\bTODO\b|unimplemented", re.IGNORECASE)


_ABSTRACT = re.compile(r"\b(?:abstractmethod|overload|Protocol|ABC)\b")


@dataclass(frozen=True)
class Completeness:
    """Completeness signals for one answer."""

    truncated: bool
    truncation_reasons: tuple[str, ...]
    missing_entry_point: bool
    placeholder: bool
    placeholder_reasons: tuple[str, ...]


def check_completeness(code: str, language: str, *, entry_point: str,
                       finish_reason: str | None) -> Completeness:
    """Check an answer for truncation, a missing entry point and placeholder bodies.

    Args:
        code: The extracted answer.
        language: A registered language; one without lexer rules gets only the
            lexer-free checks (finish reason, entry point).
        entry_point: The name the tests call (``Class.method`` allowed); ``""`` skips the check.
        finish_reason: The provider's finish reason, if known.

    Returns:
        The signals; never raises.
    """
    truncation: list[str] = []
    if finish_reason and finish_reason.lower() in _TRUNCATING_FINISH:
        truncation.append(f"finish_reason={finish_reason}")
    # A language without lexer rules gets no lexer-based signal (never Python's).
    lang = language
    try:
        tokens = tokenize(code, lang)
    except Exception:  # no lexer rules; or odd input (the lexer is total on known ones)
        tokens = []
    truncation += _truncation(tokens, lang)
    placeholders = _placeholders(code, tokens, lang)
    return Completeness(
        truncated=bool(truncation),
        truncation_reasons=tuple(truncation),
        missing_entry_point=_missing_entry(code, lang, entry_point),
        placeholder=bool(placeholders),
        placeholder_reasons=tuple(placeholders),
    )


def _truncation(tokens: list[Token], language: str) -> list[str]:
    reasons: list[str] = []
    stack: list[str] = []
    for tok in tokens:
        if tok.kind != "op":
            continue
        if tok.text in _OPEN:
            stack.append(tok.text)
        elif tok.text in _CLOSE and stack and stack[-1] == _CLOSE[tok.text]:
            stack.pop()
    for opener in dict.fromkeys(stack):
        reasons.append(f"{stack.count(opener)} unclosed '{opener}' at end")
    last_any = next((t for t in reversed(tokens) if t.kind not in ("space", "newline")), None)
    if last_any is not None and last_any.kind == "string" and not _string_closed(last_any.text):
        reasons.append("unterminated string")
    if last_any is not None and last_any.kind == "comment" and last_any.text.startswith("/*") \
            and not last_any.text.endswith("*/"):
        reasons.append("unterminated block comment")
    if tokens and tokens[-1].kind == "space" and len(tokens) > 1 and tokens[-2].kind == "newline":
        reasons.append("ends in the indentation of an unwritten line")
    last = next((t for t in reversed(tokens) if t.significant and t.kind != "directive"), None)
    if last is None or reasons:
        return reasons
    if last.kind == "op" and last.text in _DANGLING_OPS:
        reasons.append(f"ends mid-statement after '{last.text}'")
    elif language == "python":
        if last.kind == "op" and last.text == ":":
            reasons.append("ends with an unterminated block ':'")
        else:
            reasons += _python_syntax_at_end(tokens)
    elif last.text not in _BRACE_ENDINGS and (_terminated(language) or last is tokens[-1]):
        # Java, C++ and Rust files end on `}`/`;`; JS/TS/Go may end on a bare value
        # (automatic semicolons), so there only a cut with no final newline counts.
        reasons.append(f"ends mid-token at '{last.text[-20:]}'")
    elif last_any is tokens[-1] and last_any.kind == "comment" \
            and last_any.text.rstrip()[-1:].isalnum():
        # Cut inside a trailing comment: no final newline and no closing punctuation.
        # (A finished "// O(n) time." note at the end is not flagged.)
        reasons.append(f"ends mid-comment (line {last_any.line})")
    return reasons


def _terminated(language: str) -> bool:
    found = languages.find(language)
    return found is not None and found.scoring is not None and found.scoring.statement_terminated


def _python_syntax_at_end(tokens: list[Token]) -> list[str]:
    """A Python syntax error on the code's last line is the mark of a cut-off answer."""
    code = "".join(t.text for t in tokens)
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        last_line = len(code.rstrip().splitlines())
        if exc.lineno is not None and exc.lineno >= last_line:
            return [f"syntax error on the last line ({exc.msg})"]
        return []  # an error earlier on is a broken answer, not a cut-off one
    except (ValueError, RecursionError, MemoryError):
        return []
    last: ast.AST = tree
    while True:  # descend into the textually last statement
        block = getattr(last, "finalbody", None) or getattr(last, "orelse", None) \
            or getattr(last, "body", None)
        if not isinstance(block, list) or not block:
            break
        last = block[-1]
    bare = (ast.Name, ast.Attribute, ast.Subscript)
    if isinstance(last, ast.Expr) and isinstance(last.value, bare):
        return [f"ends in a bare expression '{ast.unparse(last.value)[:20]}' (cut mid-statement?)"]
    return []


def _string_closed(text: str) -> bool:
    """Whether a string token ends with the quote it opened with (prefixes skipped)."""
    body = text.lstrip("rRbBuUfFL8")
    for quote in ('"""', "'''", '"', "'", "`"):
        if body.startswith(quote):
            return len(body) >= 2 * len(quote) and body.endswith(quote)
    if body.startswith("#") or text.startswith(("r#", "br#")):
        return text.rstrip().endswith(("#", '"'))
    return True


def _missing_entry(code: str, language: str, entry_point: str) -> bool:
    name = entry_name(entry_point)
    if not name:
        return False
    try:
        if name in defined_names(code, language):
            return False
    except Exception:
        return False
    # Fallback for definitions the regexes miss (nested, decorated, generic...): the name
    # is followed by a parameter list and then a body opener or a Python colon.
    pattern = (rf"\b{re.escape(name)}\s*(?:<[^>\n]*>)?\s*\([^;]*?\)"
               r"[^;{\n=]*(?:\{|:\s*$|=>)")
    return re.search(pattern, code, re.MULTILINE) is None


def _placeholders(code: str, tokens: list[Token], language: str) -> list[str]:
    reasons: list[str] = []
    if language == "python":
        reasons += _python_placeholders(code)
    sig = [t for t in tokens if t.significant]
    for k, tok in enumerate(sig):
        nxt = sig[k + 1].text if k + 1 < len(sig) else ""
        arg = sig[k + 2] if k + 2 < len(sig) else None
        if language == "rust" and tok.text in ("todo", "unimplemented") and nxt == "!":
            reasons.append(f"line {tok.line}: {tok.text}!()")
        elif language == "go" and tok.text == "panic" and nxt == "(" and arg is not None \
                and arg.kind == "string" and _NOT_IMPL_TEXT.search(arg.text):
            reasons.append(f"line {tok.line}: panic({arg.text[:30]})")
        elif tok.text == "UnsupportedOperationException" and k >= 1 and sig[k - 1].text == "new":
            reasons.append(f"line {tok.line}: throws UnsupportedOperationException")
        elif tok.text == "throw" and language != "python":
            window = "".join(t.text for t in sig[k + 1:k + 6])
            if _NOT_IMPL_TEXT.search(window):
                reasons.append(f"line {tok.line}: throws 'not implemented'")
    for tok in tokens:
        if tok.kind == "comment" and _TODO_COMMENT.search(tok.text):
            reasons.append(f"line {tok.line}: {tok.text.strip()[:60]}")
    return reasons


def _python_placeholders(code: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    reasons = []
    protocol_lines = {
        item.lineno
        for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef)
        and any(_ABSTRACT.search(ast.unparse(b)) for b in cls.bases)
        for item in cls.body
    }
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if any(_ABSTRACT.search(ast.unparse(d)) for d in node.decorator_list) \
                or node.lineno in protocol_lines:
            continue  # abstract and protocol methods are bodiless by design
        body = list(node.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]  # the docstring
        if len(body) != 1:
            continue
        stmt = body[0]
        if isinstance(stmt, ast.Pass):
            what = "pass"
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                and stmt.value.value is Ellipsis:
            what = "..."
        elif isinstance(stmt, ast.Raise) and stmt.exc is not None \
                and "NotImplementedError" in ast.unparse(stmt.exc):
            what = "raise NotImplementedError"
        else:
            continue
        reasons.append(f"line {stmt.lineno}: body of {node.name} is only `{what}`")
    return reasons
