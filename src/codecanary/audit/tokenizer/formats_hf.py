"""Hugging Face ``tokenizer.json`` through the ``tokenizers`` library."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from codecanary.audit.tokenizer.errors import TokenizerFileError
from codecanary.audit.tokenizer.loading import (
    ByteMode,
    LoadedTokenizer,
    TokenizerFormat,
    byte_token_value,
    load_json,
)


@cache
def byte_level_alphabet() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map (``bytes_to_unicode``)."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
                 *range(ord("®"), ord("ÿ") + 1)]
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


def _types(node: Any) -> set[str]:
    """Every ``type`` named in a (possibly nested) pre-tokenizer/decoder description."""
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("type"), str):
            found.add(node["type"])
        for value in node.values():
            found |= _types(value)
    elif isinstance(node, list):
        for value in node:
            found |= _types(value)
    return found


def load_huggingface(path: Path) -> LoadedTokenizer:
    from tokenizers import Tokenizer

    data = load_json(path)
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for any malformed file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TokenizerFileError(f"{path}: not a Hugging Face tokenizer.json: {first}") from exc
    model: dict[str, Any] = data["model"] if isinstance(data.get("model"), dict) else {}
    kinds = _types(data.get("pre_tokenizer")) | _types(data.get("decoder"))
    byte_level = "ByteLevel" in kinds
    metaspace = "Metaspace" in kinds or model.get("type") == "Unigram"
    fallback = bool(model.get("byte_fallback"))
    added = tokenizer.get_added_tokens_decoder()
    special = {i: token.content for i, token in added.items() if token.special}
    vocab = tokenizer.get_vocab(with_added_tokens=True)
    decoder = {char: b for b, char in byte_level_alphabet().items()}
    keys: dict[int, bytes] = {}
    texts: dict[int, str] = {}
    byte_ids: dict[int, int] = {}
    for piece, i in vocab.items():
        keys[i] = piece.encode("utf-8")
        if fallback and (value := byte_token_value(piece)) is not None:
            texts[i] = chr(value) if value < 128 else piece
            byte_ids[value] = i
            special.pop(i, None)  # byte tokens are often declared special; they are text
        elif i in added:
            texts[i] = added[i].content
        elif byte_level and all(c in decoder for c in piece):
            raw = bytes(decoder[c] for c in piece)
            texts[i] = raw.decode("utf-8", "backslashreplace")
            if len(raw) == 1:
                byte_ids[raw[0]] = i
        else:
            texts[i] = piece.replace("▁", " ") if metaspace else piece
            if not byte_level and not fallback and len(piece) == 1 and ord(piece) < 128:
                byte_ids.setdefault(ord(piece), i)
    mode = (ByteMode.BYTE_LEVEL if byte_level else
            ByteMode.BYTE_FALLBACK if fallback else ByteMode.NONE)

    def encode_batch(lines: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch(list(lines), add_special_tokens=False)]

    def decode(ids: Sequence[int]) -> str:
        return str(tokenizer.decode(list(ids), skip_special_tokens=False))

    return LoadedTokenizer(path=path, format=TokenizerFormat.HUGGINGFACE, keys=keys, texts=texts,
                           special=special, byte_mode=mode, byte_ids=byte_ids,
                           encode_batch=encode_batch, decode=decode)
