"""Code-critical strings per language: keywords, operators, indentation runs.

Keywords and operators come from the ``codecanary.languages`` registry, so a
plug-in language is audited as soon as it declares them (and not at all when it
declares none).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from codecanary import languages

#: Indentation runs the audit segments: 1–16 spaces, 1–4 tabs.
INDENT_RUNS: tuple[str, ...] = (*(" " * n for n in range(1, 17)), *("\t" * n for n in range(1, 5)))


def audited_languages() -> tuple[str, ...]:
    """Every registered language that declares keywords or operators, in registry order."""
    return tuple(lang.name for lang in languages.all_languages()
                 if lang.keywords or lang.operators)


@dataclass(frozen=True)
class CodeTokens:
    """The strings whose segmentation and embedding rows matter most in one language."""

    language: str
    keywords: tuple[str, ...]
    operators: tuple[str, ...]


@cache
def code_tokens(language: str) -> CodeTokens:
    """Keywords and operators of ``language`` (empty for an unknown language)."""
    found = languages.find(language)
    if found is None:
        return CodeTokens(language=language, keywords=(), operators=())
    return CodeTokens(language=language, keywords=tuple(sorted(found.keywords)),
                      operators=tuple(sorted(found.operators)))


@cache
def critical_strings() -> frozenset[str]:
    """Every keyword and operator of every panel language, bare and space-prefixed.

    BPE vocabularies usually hold a keyword twice (``def`` and `` def``); both are
    code-critical. Indentation runs are recognised by :func:`is_critical`.
    """
    out: set[str] = set()
    for language in audited_languages():
        tokens = code_tokens(language)
        for text in (*tokens.keywords, *tokens.operators):
            out.add(text)
            out.add(" " + text)
    return frozenset(out)


def is_critical(text: str) -> bool:
    """True for a keyword, an operator or an indentation run (optionally after newlines)."""
    if text in critical_strings():
        return True
    body = text.lstrip("\r\n")
    return bool(body) and set(body) <= {" ", "\t"} and len(body) <= 16
