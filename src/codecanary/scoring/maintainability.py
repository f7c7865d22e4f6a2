"""Maintainability of an answer: size, lint findings, complexity, comments.

Cyclomatic complexity comes from lizard (it parses all seven panel languages) and is
the largest CCN over the answer's functions (1 when there are none).

Lint findings:
  * Python -- ruff, run as a subprocess on stdin (``--isolated``, so no project
    configuration leaks in) with ``_RUFF_RULES``: pyflakes ``F`` (undefined and unused
    names, unused imports -- an answer has no reason to import what it does not use),
    ``E7``/``E9`` (bare ``except``, ``== None``, syntax errors), bugbear ``B`` (mutable
    defaults, loop-variable capture...), ``SIM`` and ``C4`` (needlessly convoluted code),
    ``PLW`` (global statements, redefined loop variables...) and a few ``PLR`` rules
    that are bugs or clutter (``PLR1714`` repeated comparisons, ``PLR1711`` useless
    return, ``PLR5501`` collapsible else-if). Style-only and length rules are left out:
    they fire on every snippet by nature.
  * Other languages -- no external linter is installed, so these are lexer rules on
    ``codecanary.mutate.lexer`` tokens plus lizard's per-function figures, NOT a full
    linter: lines over 120 characters; TODO/FIXME comments; functions over 60 code
    lines or with more than 6 parameters; nesting deeper than 4 levels inside a
    function (lizard's ``max_nesting_depth``); empty ``catch`` blocks (JS/TS/Java/C++);
    ``var`` and loose ``==``/``!=`` (JS/TS); ``goto`` (Go/C++); ``using namespace std``
    (C++); locals declared with ``let``/``const`` (JS/TS/Rust) and never used again.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import lizard  # type: ignore[import-untyped]

from codecanary import languages
from codecanary.languages import ScoringRules
from codecanary.mutate.lexer import Token, lexer_rules, tokenize

_RUFF_RULES = "F,E7,E9,B,SIM,C4,PLW,PLR1714,PLR1711,PLR5501"
_RUFF_TIMEOUT_S = 20.0
_MAX_FINDINGS = 10
_LONG_LINE = 120
_LONG_FUNCTION = 60
_MAX_PARAMS = 6
_MAX_NESTING = 4
_TODO = re.compile(r"\b(?:TODO|FIXME|XXX)\b")


@dataclass(frozen=True)
class Lint:
    """An external linter's findings on one answer (``linter`` names it, or why not)."""

    findings: tuple[str, ...]
    linter: str


@dataclass(frozen=True)
class Maintainability:
    """Maintainability figures for one answer."""

    code_lines: int
    lint_findings: int
    lint_per_100_lines: float
    cyclomatic_complexity: int
    comment_ratio: float
    findings: tuple[str, ...]
    linter: str


def measure_maintainability(code: str, language: str, *,
                            lint: Lint | None = None) -> Maintainability:
    """Measure an answer's size, lint findings, complexity and comment ratio.

    Args:
        code: The extracted answer.
        language: A registered language. Its ``scoring.lint`` picks the lint (ruff,
            lexer rules, or none); one without lexer rules has no figures at all
            (see :func:`measurable`: the caller leaves the signals absent).
        lint: The external linter's result when the caller already has it
            (:func:`lint_external`, which does not block an event loop); otherwise
            the linter is run here, synchronously.

    Returns:
        The figures; never raises (a linter that cannot run yields no findings and says
        so in ``linter``).
    """
    lang = language
    try:
        tokens = tokenize(code, lang)
    except Exception:
        tokens = []
    found = languages.find(language)
    lint_kind = found.scoring.lint if found is not None and found.scoring else None
    code_lines, comment_lines, nonblank = _line_counts(tokens)
    functions = _functions(code, lang)
    ccn = max((f.cyclomatic_complexity for f in functions), default=1)
    if lint_kind == "ruff":
        done = lint or _ruff(code)
        findings, linter = list(done.findings), done.linter
    elif lint_kind == "lexer rules":
        assert found is not None and found.scoring is not None  # lint_kind came from them
        findings = _lexer_rules(code, tokens, found.scoring, functions)
        linter = "lexer rules + lizard"
    else:
        findings, linter = [], "none (unknown language)"
    return Maintainability(
        code_lines=code_lines,
        lint_findings=len(findings),
        lint_per_100_lines=round(100.0 * len(findings) / code_lines, 3) if code_lines else 0.0,
        cyclomatic_complexity=max(1, int(ccn)),
        comment_ratio=round(comment_lines / nonblank, 4) if nonblank else 0.0,
        findings=tuple(findings[:_MAX_FINDINGS]),
        linter=linter,
    )


def length_ratio(code: str, reference: str, language: str) -> float | None:
    """The answer's code lines over the reference's; None when the reference has none."""
    if not measurable(language):
        return None
    lang = language
    ref_lines = _code_lines(reference, lang)
    if ref_lines == 0:
        return None
    return _code_lines(code, lang) / ref_lines


@lru_cache(maxsize=1024)
def measurable(language: str) -> bool:
    """Whether ``language`` has the lexer rules every figure here rests on."""
    return lexer_rules(language) is not None


def _code_lines(text: str, language: str) -> int:
    # Cached: every answer to a task is compared with the same reference.
    return _line_counts(tokenize(text, language))[0]


def _line_counts(tokens: list[Token]) -> tuple[int, int, int]:
    """(code lines, comment lines, non-blank lines); a line with both counts as code."""
    code: set[int] = set()
    comment: set[int] = set()
    for tok in tokens:
        extra = tok.text.count("\n") - tok.text.endswith("\n")
        span = range(tok.line, tok.line + extra + 1)
        if tok.kind == "comment":
            comment.update(span)
        elif tok.kind not in ("space", "newline"):
            code.update(span)
    return len(code), len(comment - code), len(code | comment)


def _functions(code: str, language: str) -> list[lizard.FunctionInfo]:
    try:
        found = languages.find(language)
        if found is None or not found.file_extension:
            return []
        info = lizard.analyze_file.analyze_source_code(f"answer.{found.file_extension}", code)
        return list(info.function_list)
    except Exception:  # lizard is a heuristic parser; odd input must not break scoring
        return []


@lru_cache(maxsize=1)
def _ruff_bin() -> tuple[str, str]:
    # The binary shipped with the ruff wheel, not whatever is first on PATH.
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    path = find_ruff_bin()
    version = subprocess.run([path, "--version"], capture_output=True, text=True,
                             timeout=_RUFF_TIMEOUT_S, check=False).stdout.strip()
    return path, version or "ruff"


def _ruff_command(path: str) -> list[str]:
    return [path, "check", "--stdin-filename", "answer.py", "--output-format", "json",
            "--no-cache", "--isolated", "--select", _RUFF_RULES, "--exit-zero", "-"]


def _ruff_findings(stdout: str | bytes, version: str) -> Lint:
    try:
        items = json.loads(stdout or "[]")
    except ValueError as exc:
        return Lint((), f"ruff unavailable ({type(exc).__name__})")
    return Lint(tuple(
        f"line {item['location']['row']}: {item['code'] or 'E999'} {item['message']}"
        for item in items if isinstance(item, dict)), version)


def _ruff(code: str) -> Lint:
    try:
        path, version = _ruff_bin()
        proc = subprocess.run(_ruff_command(path), input=code, capture_output=True, text=True,
                              timeout=_RUFF_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return Lint((), f"ruff unavailable ({type(exc).__name__})")
    return _ruff_findings(proc.stdout, version)


async def lint_external(code: str, language: str) -> Lint | None:
    """Run the language's external linter without blocking the event loop.

    Only Python has one (ruff). Its process start costs a few milliseconds, a
    large share of a Python answer's scoring; awaited here, that time lets other
    samples' executions and requests proceed instead of stalling the runner.

    Returns:
        The findings, or None when the language has no external linter.
    """
    found = languages.find(language)
    if found is None or found.scoring is None or found.scoring.lint != "ruff":
        return None
    try:
        path, version = _ruff_bin()
        proc = await asyncio.create_subprocess_exec(
            *_ruff_command(path), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        return Lint((), f"ruff unavailable ({type(exc).__name__})")
    try:
        async with asyncio.timeout(_RUFF_TIMEOUT_S):
            stdout, _ = await proc.communicate(code.encode())
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return Lint((), "ruff unavailable (TimeoutError)")
    return _ruff_findings(stdout, version)


def _lexer_rules(code: str, tokens: list[Token], rules: ScoringRules,
                 functions: list[lizard.FunctionInfo]) -> list[str]:
    found: list[tuple[int, str]] = []
    for lineno, line in enumerate(code.splitlines(), 1):
        if len(line) > _LONG_LINE:
            found.append((lineno, f"line longer than {_LONG_LINE} characters ({len(line)})"))
    for fn in functions:
        if fn.nloc > _LONG_FUNCTION:
            found.append((fn.start_line, f"function {fn.name} has {fn.nloc} code lines"))
        if fn.parameter_count > _MAX_PARAMS:
            found.append((fn.start_line, f"function {fn.name} has {fn.parameter_count} parameters"))
        if getattr(fn, "max_nesting_depth", 0) > _MAX_NESTING:
            found.append((fn.start_line,
                          f"function {fn.name} nests {fn.max_nesting_depth} levels deep"))
    sig = [t for t in tokens if t.significant]
    texts = [t.text for t in sig]
    counts: dict[str, int] = {}
    for t in sig:
        if t.kind == "ident":
            counts[t.text] = counts.get(t.text, 0) + 1
        elif t.kind == "string":  # template literals and Rust format strings use names too
            for word in re.findall(r"[A-Za-z_]\w*", t.text):
                counts[word] = counts.get(word, 0) + 1
    depth = 0
    for k, tok in enumerate(sig):
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        depth += (tok.text == "{") - (tok.text == "}")
        if tok.text == "catch" and rules.lint_empty_catch:
            close = _matching(texts, k + 1) if nxt == "(" else k
            if close + 2 < len(texts) and texts[close + 1] == "{" and texts[close + 2] == "}":
                found.append((tok.line, "empty catch block"))
        elif rules.lint_var and tok.text == "var" and tok.kind == "ident":
            found.append((tok.line, "`var` declaration (use let/const)"))
        elif rules.lint_loose_equality and tok.text in ("==", "!="):
            found.append((tok.line, f"loose equality `{tok.text}`"))
        elif rules.lint_goto and tok.text == "goto":
            found.append((tok.line, "goto"))
        elif rules.lint_using_namespace_std and tok.text == "using" and nxt == "namespace" \
                and depth == 0 and k + 2 < len(texts) and texts[k + 2] == "std":
            found.append((tok.line, "`using namespace std` at top level"))
        if tok.text in ("let", "const") and rules.lint_unused_locals:
            name_at = k + 2 if nxt == "mut" else k + 1
            name = sig[name_at].text if name_at < len(sig) and sig[name_at].kind == "ident" else ""
            exhaustive = texts[name_at + 1:name_at + 3] == [":", "never"]  # TS exhaustiveness idiom
            if name and name[0].islower() and counts.get(name) == 1 and not exhaustive:
                found.append((tok.line, f"local `{name}` is never used"))
    for tok in tokens:
        if tok.kind == "comment" and _TODO.search(tok.text):
            found.append((tok.line, "TODO/FIXME comment"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def _matching(texts: list[str], open_at: int) -> int:
    """Index of the bracket closing the one at ``open_at`` (the last index if unclosed)."""
    depth = 0
    for k in range(open_at, len(texts)):
        depth += (texts[k] in "([{") - (texts[k] in ")]}")
        if depth == 0:
            return k
    return len(texts) - 1
