"""The ``insecure`` flag: per-language dangerous-call patterns, line by line.

The patterns and their blind spots live in each language's module (its
``security`` rules, read through :mod:`codecanary.audit.dataset.lang_tables`);
lines that are only a comment are skipped. A language without security rules gets
no ``insecure`` flag.
"""

from __future__ import annotations

from codecanary.audit.dataset.lang_tables import language_table

_MAX_EVIDENCE = 3


def find_insecure(code: str, language: str | None) -> list[str]:
    """``line N: danger`` for each line matching one of the language's patterns."""
    table = language_table(language)
    if not table.any_insecure.search(code):
        return []  # one pass over the whole record before the per-line work
    found: list[str] = []
    for lineno, line in enumerate(code.splitlines(), 1):
        stripped = line.lstrip()
        if not stripped or stripped.startswith((table.line_comment, "*", "/*")):
            continue
        for rule in table.insecure:
            if rule.pattern.search(line):
                found.append(f"line {lineno}: {rule.danger}")
                break
        if len(found) >= _MAX_EVIDENCE:
            break
    return found
