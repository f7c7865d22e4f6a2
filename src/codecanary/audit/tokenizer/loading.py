"""Load a tokenizer file in any of the three formats behind one small interface.

The format is detected from the file's content, not its name: a JSON object is a
Hugging Face ``tokenizer.json``; lines of ``base64 rank`` are a tiktoken rank
file; anything else is tried as a SentencePiece model.
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from codecanary.audit.tokenizer.errors import TokenizerFileError

#: A rank file carries no split pattern; cl100k_base's is used (tiktoken's own default family).
CL100K_PATTERN = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|"""
                  r""" ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""")
_RANK_LINE = re.compile(rb"^[A-Za-z0-9+/=]* -?\d+$")
_BYTE_TOKEN = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")

Encoder = Callable[[Sequence[str]], list[list[int]]]
Decoder = Callable[[Sequence[int]], str]


class TokenizerFormat(StrEnum):
    HUGGINGFACE = "huggingface"
    TIKTOKEN = "tiktoken"
    SENTENCEPIECE = "sentencepiece"


class ByteMode(StrEnum):
    BYTE_LEVEL = "byte-level"
    """Every token is a byte string (GPT-2/tiktoken style): all text is encodable."""
    BYTE_FALLBACK = "byte-fallback"
    """Unknown characters fall back to ``<0xNN>`` tokens."""
    NONE = "none"
    """Characters outside the vocabulary become the unknown token."""


@dataclass(frozen=True)
class LoadedTokenizer:
    """A tokenizer reduced to what the audit needs.

    ``keys`` identify tokens within one format (HF/SentencePiece piece strings,
    tiktoken bytes); ``texts`` are the surface strings people read (``Ġdef`` and
    ``▁def`` become `` def``).
    """

    path: Path
    format: TokenizerFormat
    keys: dict[int, bytes]
    texts: dict[int, str]
    special: dict[int, str]
    byte_mode: ByteMode
    byte_ids: dict[int, int] = field(repr=False)
    """Byte value -> id of the token that encodes that single byte."""
    encode_batch: Encoder = field(repr=False, compare=False)
    decode: Decoder = field(repr=False, compare=False)

    @property
    def vocab_size(self) -> int:
        """Largest id + 1: the number of embedding rows this tokenizer can index."""
        return max(self.keys, default=-1) + 1

    @cached_property
    def ids(self) -> dict[bytes, int]:
        return {key: i for i, key in self.keys.items()}


def load_tokenizer(path: str | Path) -> LoadedTokenizer:
    """Load ``path`` in the format its content shows; one clear error otherwise."""
    path = Path(path)
    try:
        head = path.open("rb").read(4096)
    except OSError as exc:
        raise TokenizerFileError(f"cannot read tokenizer file {path}: {exc.strerror}") from exc
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        from codecanary.audit.tokenizer.formats_hf import load_huggingface

        return load_huggingface(path)
    first = stripped.split(b"\n", 1)[0].strip()
    if _RANK_LINE.match(first):
        return load_tiktoken(path)
    from codecanary.audit.tokenizer.formats_sp import load_sentencepiece

    return load_sentencepiece(path)


def read_ranks(path: Path) -> dict[bytes, int]:
    """Parse a tiktoken rank file (``base64 rank`` per line), naming the first bad line."""
    ranks: dict[bytes, int] = {}
    seen: set[int] = set()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                continue
            parts = line.split(b" ")
            if len(parts) != 2 or not parts[1].lstrip(b"-").isdigit():
                raise TokenizerFileError(f"{path}:{number}: not 'base64-token rank'")
            try:
                token = binascii.a2b_base64(parts[0], strict_mode=True)
            except (binascii.Error, ValueError) as exc:
                raise TokenizerFileError(f"{path}:{number}: bad base64 token "
                                         f"{parts[0][:40].decode('ascii', 'replace')!r}") from exc
            rank = int(parts[1])
            if rank < 0 or rank in seen or token in ranks:
                what = "negative rank" if rank < 0 else (
                    f"duplicate rank {rank}" if rank in seen else "duplicate token")
                raise TokenizerFileError(f"{path}:{number}: {what}")
            seen.add(rank)
            ranks[token] = rank
    if not ranks:
        raise TokenizerFileError(f"{path}: empty tiktoken rank file")
    return ranks


def load_tiktoken(path: Path) -> LoadedTokenizer:
    import tiktoken

    ranks = read_ranks(path)
    try:
        encoding = tiktoken.Encoding(name=path.stem, pat_str=CL100K_PATTERN,
                                     mergeable_ranks=ranks, special_tokens={})
    except BaseException as exc:  # ValueError, or a pyo3 panics derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise TokenizerFileError(f"{path}: tiktoken rejects the rank file: {exc}") from exc
    keys = {rank: token for token, rank in ranks.items()}
    texts = {rank: token.decode("utf-8", "backslashreplace") for rank, token in keys.items()}
    byte_ids = {token[0]: rank for token, rank in ranks.items() if len(token) == 1}

    def encode_batch(lines: Sequence[str]) -> list[list[int]]:
        if len(byte_ids) == 256:
            # A plain loop: tiktoken's batch call submits one thread-pool job per string.
            return [encoding.encode_ordinary(line) for line in lines]
        covered = set(byte_ids)
        return [_encode_partial(encoding, line, covered) for line in lines]

    def decode(ids: Sequence[int]) -> str:
        return encoding.decode_bytes(list(ids)).decode("utf-8", "replace")

    return LoadedTokenizer(path=path, format=TokenizerFormat.TIKTOKEN, keys=keys, texts=texts,
                           special={}, byte_mode=ByteMode.BYTE_LEVEL, byte_ids=byte_ids,
                           encode_batch=encode_batch, decode=decode)


def _encode_partial(encoding: Any, line: str, covered: set[int]) -> list[int]:
    """Encode with a rank file missing some single bytes: a line using one encodes to [].

    tiktoken panics (and prints a Rust backtrace) on a byte it has no token for, so
    such lines are never handed to it.
    """
    if not set(line.encode("utf-8", "surrogatepass")) <= covered:
        return []
    return list(encoding.encode_ordinary(line))


def byte_token_value(piece: str) -> int | None:
    """``<0x41>`` -> 0x41, anything else -> None."""
    found = _BYTE_TOKEN.match(piece)
    return int(found.group(1), 16) if found else None


def load_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``, with a one-line error for truncated or invalid files."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise TokenizerFileError(f"{path}: not UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        hint = " (truncated?)" if exc.pos >= path.stat().st_size - 2 else ""
        raise TokenizerFileError(f"{path}: invalid JSON at line {exc.lineno} column "
                                 f"{exc.colno}{hint}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise TokenizerFileError(f"{path}: expected a JSON object (a tokenizer.json)")
    return data
