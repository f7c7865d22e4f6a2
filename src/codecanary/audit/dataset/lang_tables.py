"""What the dataset audit asks of a language, read from the languages registry.

Everything here comes from the language's own module (:mod:`codecanary.languages`):
the file extension (for the secrets scanner, which picks rules by file type), the
keywords that the rename-invariant token stream keeps as they are, the line-comment
marker (``#`` where the lexer has hash comments, else ``//``) and the insecure-call
patterns of the ``insecure`` flag (:class:`~codecanary.languages.SecurityRules`,
whose docstring says what a pattern looks for and its blind spots).

The one pattern that is about no language -- SQL text in a string literal
concatenated with a value -- lives here and is added to every language that declares
security rules. A language without them (an unknown language, a plug-in that does
not declare them) gets no ``insecure`` patterns at all: the flag is absent for it,
never borrowed from another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codecanary import languages
from codecanary.languages import InsecurePattern, Language
from codecanary.languages.base import insecure_patterns

_SQL = r"(?i:\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b)"
_SQL_ANY = insecure_patterns(
    (rf"[\"'`]{_SQL}[^\"'`]*[\"'`]\s*\+\s*\w", "SQL text concatenated with a value"),)
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class LanguageTable:
    language: str
    extension: str
    keywords: frozenset[str]
    insecure: tuple[InsecurePattern, ...]
    line_comment: str
    any_insecure: re.Pattern[str]
    """All insecure patterns in one alternation (a quick whole-record test)."""


_tables: dict[str, tuple[Language, LanguageTable]] = {}


def language_table(language: str | None) -> LanguageTable:
    """The audit's view of ``language``; an unknown language gets an empty table."""
    lang = languages.find(language) if language else None
    if lang is None:
        return LanguageTable(language=language or "", extension="txt", keywords=frozenset(),
                             insecure=(), line_comment="//", any_insecure=_NEVER)
    cached = _tables.get(lang.name)
    if cached is not None and cached[0] is lang:  # re-registered: build it again
        return cached[1]
    table = _table(lang)
    _tables[lang.name] = (lang, table)
    return table


def _table(lang: Language) -> LanguageTable:
    insecure = lang.security.insecure + _SQL_ANY if lang.security is not None else ()
    hash_comments = lang.lexer is not None and lang.lexer.hash_comments
    return LanguageTable(
        language=lang.name,
        extension=lang.file_extension or "txt",
        keywords=lang.keywords,
        insecure=insecure,
        line_comment="#" if hash_comments else "//",
        any_insecure=(re.compile("|".join(f"(?:{r.pattern.pattern})" for r in insecure))
                      if insecure else _NEVER),
    )
