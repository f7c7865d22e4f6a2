"""Embedding matrices from ``.safetensors`` or ``.npy``, memory-mapped (no torch, no copy).

A safetensors file is an 8-byte little-endian header length, a JSON header
(name -> dtype, shape, data offsets) and the raw tensors; the chosen tensor is
mapped straight from disk with ``numpy.memmap``, so a multi-GB table costs no RAM
until rows are read, and rows are read in chunks.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from codecanary.audit.tokenizer.errors import TokenizerFileError

_DTYPES: dict[str, str] = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "BF16": "<u2"}
#: Rows converted to float32 at a time (32 MB at dim 2048).
CHUNK_ROWS = 4096


@dataclass(frozen=True)
class EmbeddingMatrix:
    path: Path
    tensor: str | None
    data: np.ndarray
    """rows × dim, memory-mapped; bfloat16 is held as uint16 and widened per chunk."""
    dtype: str

    @property
    def rows(self) -> int:
        return int(self.data.shape[0])

    @property
    def dim(self) -> int:
        return int(self.data.shape[1])

    def chunks(self) -> Iterator[tuple[int, npt.NDArray[np.float32]]]:
        """(first row, float32 block) over the whole matrix."""
        for start in range(0, self.rows, CHUNK_ROWS):
            yield start, self.block(start, min(start + CHUNK_ROWS, self.rows))

    def block(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        raw = np.asarray(self.data[start:stop])
        if self.dtype == "BF16":
            return (raw.astype(np.uint32) << 16).view(np.float32)
        return raw.astype(np.float32)


def load_embeddings(path: str | Path, tensor: str | None = None) -> EmbeddingMatrix:
    """Map the embedding matrix in ``path`` (the named tensor, or the only one)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(6)
    except OSError as exc:
        raise TokenizerFileError(f"cannot read embedding file {path}: {exc.strerror}") from exc
    if magic == b"\x93NUMPY":
        return _load_npy(path)
    return _load_safetensors(path, tensor)


def _check_rank(path: Path, name: str, shape: tuple[int, ...]) -> None:
    if len(shape) != 2 or 0 in shape:
        raise TokenizerFileError(f"{path}: {name} has shape {list(shape)}; expected a 2-D "
                                 f"matrix (rows × dim)")


def _load_npy(path: Path) -> EmbeddingMatrix:
    try:
        data = np.load(path, mmap_mode="r", allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise TokenizerFileError(f"{path}: not a readable .npy array: {exc}") from exc
    _check_rank(path, "the array", tuple(data.shape))
    if data.dtype.kind != "f":
        raise TokenizerFileError(f"{path}: dtype {data.dtype} is not floating point")
    return EmbeddingMatrix(path=path, tensor=None, data=data, dtype=str(data.dtype))


def _load_safetensors(path: Path, tensor: str | None) -> EmbeddingMatrix:
    size = path.stat().st_size
    with path.open("rb") as handle:
        prefix = handle.read(8)
        if len(prefix) < 8:
            raise TokenizerFileError(f"{path}: not a .safetensors or .npy file (too short)")
        (length,) = struct.unpack("<Q", prefix)
        if length > min(size - 8, 100_000_000):
            raise TokenizerFileError(f"{path}: not a .safetensors or .npy file "
                                     f"(header length {length} exceeds the file)")
        try:
            header = json.loads(handle.read(length))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise TokenizerFileError(f"{path}: corrupt safetensors header: {exc}") from exc
    if not isinstance(header, dict):
        raise TokenizerFileError(f"{path}: corrupt safetensors header")
    names = sorted(k for k in header if k != "__metadata__")
    if tensor is None:
        if len(names) != 1:
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            raise TokenizerFileError(f"{path} holds {len(names)} tensors ({shown}); "
                                     f"choose one with --tensor NAME")
        tensor = names[0]
    if tensor not in names:
        raise TokenizerFileError(f"{path}: no tensor named {tensor!r}")
    entry = header[tensor]
    try:
        dtype, shape = str(entry["dtype"]), tuple(int(n) for n in entry["shape"])
        begin, end = (int(n) for n in entry["data_offsets"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenizerFileError(f"{path}: corrupt header entry for {tensor!r}") from exc
    _check_rank(path, f"tensor {tensor!r}", shape)
    if dtype not in _DTYPES:
        raise TokenizerFileError(f"{path}: tensor {tensor!r} has dtype {dtype}; "
                                 f"expected F16, BF16, F32 or F64")
    itemsize = np.dtype(_DTYPES[dtype]).itemsize
    offset = 8 + length + begin
    if end - begin != shape[0] * shape[1] * itemsize or offset + end - begin > size:
        raise TokenizerFileError(f"{path}: tensor {tensor!r} data does not match its shape "
                                 f"(truncated file?)")
    data = np.memmap(path, dtype=_DTYPES[dtype], mode="r", offset=offset, shape=shape)
    return EmbeddingMatrix(path=path, tensor=tensor, data=data, dtype=dtype)
