"""SentencePiece ``.model`` files through the ``sentencepiece`` library."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from codecanary.audit.tokenizer.errors import TokenizerFileError
from codecanary.audit.tokenizer.loading import (
    ByteMode,
    LoadedTokenizer,
    TokenizerFormat,
    byte_token_value,
)


def load_sentencepiece(path: Path) -> LoadedTokenizer:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor()
    try:
        processor.Load(model_file=str(path))
    except (OSError, RuntimeError) as exc:
        raise TokenizerFileError(
            f"{path}: not a tokenizer.json, tiktoken rank file or SentencePiece model "
            f"({str(exc).splitlines()[0] if str(exc) else 'unreadable'})") from exc
    keys: dict[int, bytes] = {}
    texts: dict[int, str] = {}
    special: dict[int, str] = {}
    byte_ids: dict[int, int] = {}
    for i in range(processor.GetPieceSize()):
        piece = str(processor.IdToPiece(i))
        keys[i] = piece.encode("utf-8")
        if processor.IsByte(i) and (value := byte_token_value(piece)) is not None:
            byte_ids[value] = i
            texts[i] = chr(value) if value < 128 else piece
            continue
        texts[i] = piece.replace("▁", " ")
        if processor.IsControl(i) or processor.IsUnknown(i):
            special[i] = piece
    mode = ByteMode.BYTE_FALLBACK if byte_ids else ByteMode.NONE
    if not byte_ids:
        for i, text in texts.items():
            if len(text) == 1 and ord(text) < 128 and i not in special:
                byte_ids.setdefault(ord(text), i)

    def encode_batch(lines: Sequence[str]) -> list[list[int]]:
        return [list(ids) for ids in processor.Encode(list(lines))]

    def decode(ids: Sequence[int]) -> str:
        return str(processor.Decode(list(ids)))

    return LoadedTokenizer(path=path, format=TokenizerFormat.SENTENCEPIECE, keys=keys,
                           texts=texts, special=special, byte_mode=mode, byte_ids=byte_ids,
                           encode_batch=encode_batch, decode=decode)
