"""Format detection and malformed files: one clear line naming the file."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from codecanary.audit.tokenizer import TokenizerFileError, load_tokenizer
from codecanary.audit.tokenizer.loading import ByteMode, TokenizerFormat


def test_cl100k_is_detected_as_tiktoken(cl100k: Path) -> None:
    tok = load_tokenizer(cl100k)
    assert tok.format is TokenizerFormat.TIKTOKEN
    assert tok.vocab_size == 100_256
    assert tok.byte_mode is ByteMode.BYTE_LEVEL and len(tok.byte_ids) == 256
    ids = tok.encode_batch(["    def f(x):"])[0]
    assert tok.decode(ids) == "    def f(x):"
    assert [tok.texts[i] for i in ids][:2] == ["   ", " def"]


def test_bad_base64_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tiktoken"
    good = base64.b64encode(b"ab").decode()
    path.write_text(f"{good} 0\nnot*base64 1\n")
    with pytest.raises(TokenizerFileError, match=r"bad\.tiktoken:2: bad base64 token 'not\*"):
        load_tokenizer(path)
    path.write_text(f"{good} 0\n{good}\n")
    with pytest.raises(TokenizerFileError, match=r":2: not 'base64-token rank'"):
        load_tokenizer(path)
    path.write_text(f"{good} 0\nYWJ 1\n")
    with pytest.raises(TokenizerFileError, match=r":2: bad base64 token"):
        load_tokenizer(path)


def test_duplicate_rank_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.tiktoken"
    path.write_text("YQ== 0\nYg== 0\n")
    with pytest.raises(TokenizerFileError, match=r":2: duplicate rank 0"):
        load_tokenizer(path)


def test_truncated_json_says_so(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.json"
    path.write_text('{"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0')
    with pytest.raises(TokenizerFileError, match=r"invalid JSON .*\(truncated\?\)"):
        load_tokenizer(path)


def test_json_that_is_not_a_tokenizer(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(TokenizerFileError, match=r"not a Hugging Face tokenizer\.json"):
        load_tokenizer(path)


def test_unknown_binary_is_not_a_sentencepiece_model(tmp_path: Path) -> None:
    path = tmp_path / "x.model"
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(TokenizerFileError, match="SentencePiece"):
        load_tokenizer(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TokenizerFileError, match="cannot read tokenizer file"):
        load_tokenizer(tmp_path / "nope.json")


def test_rank_file_missing_bytes_is_reported_not_crashing(tmp_path: Path) -> None:
    from codecanary.audit.tokenizer import audit_tokenizer

    path = tmp_path / "partial.tiktoken"
    tokens = [bytes([b]) for b in range(32, 127)]
    path.write_bytes(b"".join(base64.b64encode(t) + b" %d\n" % r for r, t in enumerate(tokens)))
    report = audit_tokenizer(path)
    assert report.old.bytes_covered == 95 and 9 in report.old.bytes_missing  # no tab token
    assert report.verdict == "warning"
    assert {f.code for f in report.findings} == {"byte-coverage", "roundtrip"}
    go = next(lang for lang in report.old.languages if lang.language == "go")
    assert report.old.roundtrip_failed >= go.lines // 2  # Go indents with tabs
