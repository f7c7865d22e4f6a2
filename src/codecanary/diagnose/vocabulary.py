"""What the diagnosis reads answers with (per-language parts come from the registry).

- each language's ``diagnosis.vocabulary`` (else its ``keywords``): with
  operators, the strings whose consistent garbling marks a tokenizer/embedding
  mismatch.
- :func:`has_anti_pattern`: insecure calls, dead code and lint that low-quality
  fine-tuning data teaches (the dataset audit's ``insecure`` and ``lint`` flags),
  from each language's ``diagnosis.anti_patterns``; a language without them has none.
- :func:`foreign_text`: foreign script, mis-decoded bytes or U+FFFD in code
  (the dataset audit's ``corrupted`` flag).
"""

from __future__ import annotations

import re
from functools import lru_cache

from codecanary import languages

_FOREIGN = re.compile(r"[^\x00-\x7f]")


def is_vocabulary(text: str, language: str) -> bool:
    """A keyword or an operator of ``language`` (not a task-specific name or literal)."""
    found = languages.find(language)
    if found is not None:
        declared = found.diagnosis.vocabulary if found.diagnosis is not None else frozenset()
        if text in (declared or found.keywords):
            return True
    return bool(text) and not text[0].isalnum() and text[0] not in "_$\"'`"


def has_anti_pattern(code: str, language: str) -> bool:
    found = languages.find(language)
    if found is None or found.diagnosis is None or not found.diagnosis.anti_patterns:
        return False
    return _compiled(found.diagnosis.anti_patterns).search(code) is not None


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


def foreign_text(code: str) -> bool:
    return _FOREIGN.search(code) is not None
