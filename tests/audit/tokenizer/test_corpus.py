"""The code corpus: the built-in panel's references in every language, plus directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from codecanary.audit.tokenizer import TokenizerFileError
from codecanary.audit.tokenizer.code_tokens import audited_languages, code_tokens, is_critical
from codecanary.audit.tokenizer.corpus import builtin_corpus, load_corpus


def test_builtin_corpus_covers_every_audited_language() -> None:
    corpus = builtin_corpus()
    assert set(corpus.lines) == set(audited_languages())
    assert all(len(lines) > 100 for lines in corpus.lines.values())
    assert any(line.startswith("    ") for line in corpus.lines["python"])
    assert any(line.startswith("\t") for line in corpus.lines["go"])


def test_directories_add_lines_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("def f():\n\n    return 1\n")
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "blob.bin").write_bytes(b"\xff\xfe\x00")
    base = builtin_corpus()
    corpus = load_corpus([tmp_path])
    assert len(corpus.lines["python"]) == len(base.lines["python"]) + 2
    assert corpus.lines["other"] == ["hello"]
    with pytest.raises(TokenizerFileError, match="not a directory"):
        load_corpus([tmp_path / "pkg" / "a.py"])


def test_code_tokens_and_criticality() -> None:
    for language in audited_languages():
        tokens = code_tokens(language)
        assert tokens.keywords and tokens.operators
    assert "def" in code_tokens("python").keywords and "fn" in code_tokens("rust").keywords
    assert ":=" in code_tokens("go").operators
    for text in ("def", " def", " ::", "    ", "\n\t\t", " " * 16):
        assert is_critical(text), text
    for text in (" ebay", "\n", " " * 17, "hello"):
        assert not is_critical(text), text
