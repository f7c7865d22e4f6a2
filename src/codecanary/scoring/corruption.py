"""Corrupted output: foreign scripts, mojibake, runaway repetition and wrong language.

Foreign scripts. A character's script is the first word of its Unicode name
(``unicodedata.name``: "THAI CHARACTER KO KAI" -> THAI, "CJK UNIFIED IDEOGRAPH-7ED3"
-> CJK, "CYRILLIC SMALL LETTER A" -> CYRILLIC, "LATIN SMALL LETTER E WITH ACUTE" ->
LATIN); only letters (category L*) carry a script, so punctuation and symbols such as
``—`` or ``→`` never count. Outside strings and comments (per the lexer) every
non-ASCII character is foreign: none of the seven languages' code as models write it
needs one. Inside strings and comments a letter is foreign when its script appears
nowhere in ``allowed_text`` (the prompt, tests and reference), so ``"café"`` is fine
when the prompt says café.

Replacement characters: U+FFFD and the usual UTF-8-read-as-Latin-1 mojibake pairs
(``Ã¤``, ``Â``, ``ï¿½``, ``Ð``/``Ñ`` followed by a Latin-1 continuation character).

Repetition: a non-trivial line (>= 4 characters that are not only brackets) repeated
>= 8 times in a row, one such line making up > 50% of >= 20 non-blank lines, or a
token sequence of period 1-10 repeating over >= 120 tokens.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from codecanary import languages
from codecanary.extract.langs import guess_language
from codecanary.mutate.lexer import tokenize

_MOJIBAKE = re.compile(r"ï¿½|[ÃÂÐÑ][\u0080-\u00bf]")
_TRIVIAL_LINE = re.compile(r"^[\s{}()\[\];,]*$")
_RUN_LINES = 8
_PERIODIC_TOKENS = 120
_MAX_REASONS = 10


@dataclass(frozen=True)
class Corruption:
    """Corruption signals for one answer."""

    corrupted: bool
    foreign_chars: int
    replacement_chars: int
    repetition: bool
    reasons: tuple[str, ...]


def _script(ch: str) -> str | None:
    if ch.isascii() or not unicodedata.category(ch).startswith("L"):
        return None
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _scripts(text: str) -> set[str]:
    return {s for ch in set(text) if (s := _script(ch)) is not None}


def check_corruption(code: str, language: str, *, allowed_text: str = "") -> Corruption:
    """Look for foreign scripts, mojibake and runaway repetition in an answer.

    Args:
        code: The extracted answer.
        language: The task's language (one without lexer rules: only the lexer-free
            checks, mojibake and repeated lines).
        allowed_text: Text whose scripts are legitimate in strings and comments.

    Returns:
        The signals; never raises.
    """
    try:  # a language without lexer rules gets no token-level check (never Python's)
        tokens = tokenize(code, language)
    except Exception:
        tokens = []
    allowed = _scripts(allowed_text)
    reasons: list[str] = []
    foreign = 0
    for tok in tokens:
        if tok.text.isascii():
            continue
        in_text = tok.kind in ("string", "comment")
        bad = [ch for ch in tok.text if ch != "\ufffd" and not ch.isascii() and (
            not in_text or (_script(ch) is not None and _script(ch) not in allowed))]
        if bad:
            foreign += len(bad)
            names = sorted({_script(ch) or "non-ASCII" for ch in bad})
            where = "in a " + tok.kind if in_text else "in code"
            reasons.append(f"line {tok.line}: {len(bad)} {'/'.join(names)} characters {where}")
    replacement = 0
    for lineno, line in enumerate(code.splitlines(), 1):
        hits = line.count("\ufffd") + len(_MOJIBAKE.findall(line))
        if hits:
            replacement += hits
            reasons.append(f"line {lineno}: {hits} U+FFFD/mojibake sequence(s)")
    repeated = _repetition(code, [t.text for t in tokens if t.significant])
    reasons += repeated
    return Corruption(
        corrupted=bool(foreign or replacement or repeated),
        foreign_chars=foreign,
        replacement_chars=replacement,
        repetition=bool(repeated),
        reasons=tuple(reasons[:_MAX_REASONS]),
    )


def _repetition(code: str, texts: list[str]) -> list[str]:
    lines = [ln.strip() for ln in code.splitlines() if ln.strip()]
    run, prev = 0, None
    for k, line in enumerate(lines):
        run = run + 1 if line == prev else 1
        prev = line
        if run == _RUN_LINES and not _TRIVIAL_LINE.match(line) and len(line) >= 4:
            return [f"the line {line[:40]!r} repeats {_RUN_LINES}+ times in a row"
                    f" (non-blank line {k + 1})"]
    if len(lines) >= 20:
        counts = Counter(ln for ln in lines if len(ln) >= 4 and not _TRIVIAL_LINE.match(ln))
        if counts:
            line, n = counts.most_common(1)[0]
            if n > len(lines) / 2:
                return [f"the line {line[:40]!r} is {n} of {len(lines)} non-blank lines"]
    for period in range(1, 11):
        run = 0
        for i in range(period, len(texts)):
            run = run + 1 if texts[i] == texts[i - period] else 0
            if run >= _PERIODIC_TOKENS:
                return [f"a {period}-token sequence repeats over {run}+ tokens"]
    return []


def wrong_language(code: str, language: str) -> str | None:
    """The other language the answer is written in, or None.

    Only reports a confident ``guess_language`` verdict when the code also lacks the
    task language's common forms (Python: it does not parse). A TypeScript task
    answered in plain JavaScript is not wrong (JS is valid TS); a JavaScript task
    answered with TypeScript annotations is reported as ``typescript`` because Node
    cannot run it.
    """
    try:
        guess = guess_language(code)
    except Exception:
        return None
    if guess is None or guess == language:
        return None
    if language == "typescript" and guess == "javascript":
        return None
    if language == "python":
        try:
            ast.parse(code)
            return None
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return guess
    # What an answer in the task's language cannot do without vetoes the guess.
    found = languages.find(language)
    form = found.scoring.common_form if found is not None and found.scoring else None
    if form is not None and guess != "typescript" and form.search(code):
        return None
    return guess
