"""Per-language tables the diagnosis reads answers with (kept in this one module).

- :data:`KEYWORDS`: reserved words; with operators they are the *vocabulary*
  strings whose consistent garbling marks a tokenizer/embedding mismatch.
- :data:`ANTI_PATTERNS`: insecure calls, dead code and lint that low-quality
  fine-tuning data teaches (the dataset audit's ``insecure`` and ``lint`` flags).
- :func:`foreign_text`: foreign script, mis-decoded bytes or U+FFFD in code
  (the dataset audit's ``corrupted`` flag).
"""

from __future__ import annotations

import re

_COMMON = {"if", "else", "for", "while", "return", "break", "continue", "true", "false"}
KEYWORDS: dict[str, frozenset[str]] = {
    "python": frozenset(_COMMON | {"def", "class", "elif", "in", "not", "and", "or", "is",
                                   "None", "True", "False", "lambda", "import", "from", "try",
                                   "except", "with", "yield", "pass", "global"}),
    "javascript": frozenset(_COMMON | {"function", "let", "const", "var", "of", "in", "new",
                                       "null", "undefined", "typeof", "class", "this"}),
    "typescript": frozenset(_COMMON | {"function", "let", "const", "var", "of", "in", "new",
                                       "null", "undefined", "typeof", "class", "this",
                                       "number", "string", "boolean", "interface", "type"}),
    "go": frozenset(_COMMON | {"func", "var", "range", "package", "import", "type", "struct",
                               "nil", "map", "make", "len"}),
    "rust": frozenset(_COMMON | {"fn", "let", "mut", "match", "impl", "struct", "pub", "use",
                                 "in", "loop", "as", "Some", "None"}),
    "java": frozenset(_COMMON | {"public", "private", "static", "class", "new", "int", "long",
                                 "void", "null", "this", "boolean", "double"}),
    "cpp": frozenset(_COMMON | {"int", "long", "auto", "const", "void", "class", "struct",
                                "return", "std", "using", "namespace", "nullptr"}),
}

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
    if text in KEYWORDS.get(language, frozenset()):
        return True
    return bool(text) and not text[0].isalnum() and text[0] not in "_$\"'`"


def has_anti_pattern(code: str, language: str) -> bool:
    pattern = ANTI_PATTERNS.get(language)
    return pattern is not None and pattern.search(code) is not None


def foreign_text(code: str) -> bool:
    return _FOREIGN.search(code) is not None
