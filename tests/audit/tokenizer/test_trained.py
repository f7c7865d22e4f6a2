"""Tokenizers trained here on the panel's code: a byte-level BPE (``tokenizers``) compared
with itself and a retrained variant, and a SentencePiece model."""

from __future__ import annotations

from pathlib import Path

import pytest

from codecanary.audit.tokenizer import audit_tokenizer, load_tokenizer
from codecanary.audit.tokenizer.corpus import builtin_corpus
from codecanary.audit.tokenizer.loading import ByteMode, TokenizerFormat


def _train_bpe(path: Path, languages: set[str] | None, vocab_size: int) -> Path:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    lines = [line for language, rows in builtin_corpus().items()
             if languages is None or language in languages for line in rows]
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tokenizer.train_from_iterator(lines, trainer)
    tokenizer.save(str(path))
    return path


@pytest.fixture(scope="module")
def bpe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bpe")
    return {"base": _train_bpe(root / "base.json", None, 1200),
            "retrained": _train_bpe(root / "retrained.json",
                                    {"python", "go", "rust", "java"}, 1200)}


def test_trained_bpe_loads_as_byte_level_huggingface(bpe: dict[str, Path]) -> None:
    tok = load_tokenizer(bpe["base"])
    assert tok.format is TokenizerFormat.HUGGINGFACE
    assert tok.byte_mode is ByteMode.BYTE_LEVEL and len(tok.byte_ids) == 256
    assert tok.special == {0: "<|endoftext|>"}
    ids = tok.encode_batch(["    return x"])[0]
    assert "".join(tok.texts[i] for i in ids) == "    return x"


def test_trained_bpe_against_itself_is_ok(bpe: dict[str, Path]) -> None:
    report = audit_tokenizer(bpe["base"], bpe["base"])
    assert report.verdict == "ok" and report.findings == []
    assert report.new is not None and report.new.roundtrip_failed == 0


def test_retrained_bpe_is_a_mismatch(bpe: dict[str, Path]) -> None:
    report = audit_tokenizer(bpe["base"], bpe["retrained"])
    assert report.verdict == "mismatch"
    assert report.remapped and report.added and report.removed
    assert report.code_critical_affected
    old, new = load_tokenizer(bpe["base"]), load_tokenizer(bpe["retrained"])
    moved = {r.token for r in report.remapped if r.kind == "string-moved"}
    assert moved == {new.texts[i] for i, key in new.keys.items()
                     if key in old.ids and old.ids[key] != i}
    # The variant never saw JS/TS/C++: those lines take more tokens now.
    assert report.segmentation_changed["typescript"].inflation > 0


def test_sentencepiece_model(tmp_path: Path) -> None:
    import sentencepiece as spm

    lines = [line for _, rows in builtin_corpus().items() for line in rows]
    prefix = tmp_path / "sp"
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_prefix=str(prefix),
                                   vocab_size=600, model_type="bpe", byte_fallback=True,
                                   minloglevel=2)
    path = Path(f"{prefix}.model")
    tok = load_tokenizer(path)
    assert tok.format is TokenizerFormat.SENTENCEPIECE
    assert tok.byte_mode is ByteMode.BYTE_FALLBACK and len(tok.byte_ids) == 256
    report = audit_tokenizer(path, path)
    assert not report.remapped and not report.added
    # SentencePiece's default normaliser folds leading and repeated spaces: indented
    # code does not survive the round trip, which the audit reports.
    assert report.old.roundtrip_failed > 0
    assert report.verdict == "warning"
    assert any(f.code == "roundtrip" for f in report.findings)


def test_llama_style_byte_fallback_tokenizer_json(tmp_path: Path) -> None:
    """Metaspace + ``<0xNN>`` byte fallback (declared as special tokens, as many files do)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    lines = [line for _, rows in builtin_corpus().items() for line in rows]
    tokenizer = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Sequence([decoders.Metaspace(), decoders.ByteFallback()])
    specials = ["<unk>", "<s>", *(f"<0x{b:02X}>" for b in range(256))]
    tokenizer.train_from_iterator(lines, trainers.BpeTrainer(
        vocab_size=800, special_tokens=specials, show_progress=False))
    path = tmp_path / "tokenizer.json"
    tokenizer.save(str(path))
    tok = load_tokenizer(path)
    assert tok.byte_mode is ByteMode.BYTE_FALLBACK and len(tok.byte_ids) == 256
    assert tok.special == {0: "<unk>", 1: "<s>"}
    pieces = [tok.texts[i] for i in tok.encode_batch(["x = 'é'"])[0]]
    assert "<0xC3>" in pieces and " =" in "".join(pieces)
    report = audit_tokenizer(path)
    assert report.old.bytes_missing == []
