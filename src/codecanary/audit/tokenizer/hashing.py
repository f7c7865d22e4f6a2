"""sha256 of tokenizer and embedding files, cached by (path, size, mtime)."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from codecanary.audit.tokenizer.errors import TokenizerFileError


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes; a file is read once per (size, mtime)."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise TokenizerFileError(f"cannot read {path}: {exc.strerror}") from exc
    return _sha256(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _sha256(path: str, _size: int, _mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()
