"""The code corpus the audit encodes: the built-in panel's reference solutions, plus files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from codecanary.audit.tokenizer.errors import TokenizerFileError

#: Files larger than this in a corpus directory are skipped (generated or vendored code).
MAX_FILE_BYTES = 1_000_000


@dataclass
class CodeCorpus:
    """Non-blank source lines per language, leading whitespace kept (indentation matters)."""

    lines: dict[str, list[str]] = field(default_factory=dict)

    def add(self, language: str, text: str) -> None:
        bucket = self.lines.setdefault(language, [])
        bucket.extend(line.rstrip("\r") for line in text.split("\n") if line.strip())

    @property
    def n_lines(self) -> int:
        return sum(len(v) for v in self.lines.values())

    def items(self) -> Iterable[tuple[str, list[str]]]:
        return sorted(self.lines.items())


def builtin_corpus() -> CodeCorpus:
    """Reference solutions of the built-in suite, every language."""
    from codecanary.suites import load_suite

    corpus = CodeCorpus()
    for task in load_suite("builtin").tasks:
        if task.reference:
            corpus.add(task.language, task.reference)
    return corpus


def add_directory(corpus: CodeCorpus, directory: str | Path) -> int:
    """Add every readable text file under ``directory``; return how many were added."""
    from codecanary.languages import by_extension

    # File suffix -> language (each language's ``file_extension`` and
    # ``extra_extensions``); other files count as ``other``.
    suffixes = by_extension()
    root = Path(directory)
    if not root.is_dir():
        raise TokenizerFileError(f"--corpus {root}: not a directory")
    added = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        corpus.add(suffixes.get(path.suffix.lower(), "other"), text)
        added += 1
    return added


def load_corpus(directories: Iterable[str | Path] = (), *, builtin: bool = True) -> CodeCorpus:
    corpus = builtin_corpus() if builtin else CodeCorpus()
    for directory in directories:
        add_directory(corpus, directory)
    return corpus
