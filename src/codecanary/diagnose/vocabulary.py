"""Per-language tables the diagnosis reads answers with (kept in this one module).

- keywords come from the ``codecanary.languages`` registry: with operators they
  are the *vocabulary* strings whose consistent garbling marks a
  tokenizer/embedding mismatch.
- :data:`ANTI_PATTERNS`: insecure calls, dead code and lint that low-quality
  fine-tuning data teaches (the dataset audit's ``insecure`` and ``lint`` flags).
- :func:`foreign_text`: foreign script, mis-decoded bytes or U+FFFD in code
  (the dataset audit's ``corrupted`` flag).
"""

from __future__ import annotations

import re

from codecanary import languages

_ANTI = {
    "python": [r"\beval\(", r"\bexec\(", r"\bos\.system\(", r"pickle'?\)?\.loads",
               r"subprocess\..*shell=True", r"except\s*:", r"\bTODO\b", r"#\s*noqa"],
    "javascript": [r"\beval\(", r"new Function\(", r"\bvar\s", r"\bTODO\b",
                   r"child_process", r"Math\.random\(\)"],
    "typescript": [r"\beval\(", r"new Function\(", r"\bvar\s", r"\bTODO\b", r":\s*any\b"],
    "go": [r"\bTODO\b", r"exec\.Command\(", r"_ = \""],
    "rust": [r"\bTODO\b", r"\bunsafe\b", r"\.unwrap\(\)\.unwrap\(\)"],
    "java": [r"\bTODO\b", r"Runtime\.getRuntime\(\)\.exec", r"catch\s*\(Exception"],
    "cpp": [r"\bTODO\b", r"\bsystem\(", r"\bgets\(", r"\bstrcpy\("],
}
ANTI_PATTERNS: dict[str, re.Pattern[str]] = {
    lang: re.compile("|".join(patterns)) for lang, patterns in _ANTI.items()}

_FOREIGN = re.compile(r"[^\x00-\x7f]")


def is_vocabulary(text: str, language: str) -> bool:
    """A keyword or an operator of ``language`` (not a task-specific name or literal)."""
    found = languages.find(language)
    if found is not None and text in found.keywords:
        return True
    return bool(text) and not text[0].isalnum() and text[0] not in "_$\"'`"


def has_anti_pattern(code: str, language: str) -> bool:
    pattern = ANTI_PATTERNS.get(language)
    return pattern is not None and pattern.search(code) is not None


def foreign_text(code: str) -> bool:
    return _FOREIGN.search(code) is not None
