"""Stream records out of JSONL, JSON-array and Parquet files, plain or gzip.

Nothing here loads a file whole: JSONL is read line by line, a JSON array element
by element (``json.JSONDecoder.raw_decode`` over a sliding buffer), Parquet one
row batch at a time. A line that is not valid UTF-8 or not valid JSON becomes a
:class:`RawRecord` with a ``problem`` and the next line is read: one bad line never
stops an audit. The kind of file is read from its first bytes (gzip magic,
``PAR1``, ``[``), not from its name.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from codecanary.errors import CodecanaryError

_CHUNK = 1 << 20
_PARQUET_BATCH = 1024


class DatasetError(CodecanaryError):
    """A dataset file that cannot be audited at all (missing, empty, unreadable)."""


@dataclass(frozen=True)
class RawRecord:
    """One element of a dataset file: a decoded JSON value, or why there is none."""

    source: str
    """``file:line`` or ``file:row N``."""
    value: Any = None
    problem: str | None = None


def _open(path: Path) -> io.BufferedReader:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot open ({exc.strerror or exc})") from exc
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), _CHUNK)
    return raw


def _first_byte(stream: io.BufferedReader) -> bytes:
    head = bytes(stream.peek(64))
    stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    return stripped[:1]


def iter_file(path: str | Path) -> Iterator[RawRecord]:
    """Yield every record of one dataset file, in order.

    Raises:
        DatasetError: The file cannot be opened, or holds no record at all.
    """
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"{p}: no such file")
    with p.open("rb") as probe:
        magic = probe.read(4)
    if magic == b"PAR1":
        records = _parquet(p)
    else:
        stream = _open(p)
        try:
            first = _first_byte(stream)
        except (OSError, EOFError) as exc:
            stream.close()
            raise DatasetError(f"{p}: unreadable ({exc})") from exc
        records = _json_array(p, stream) if first == b"[" else _jsonl(p, stream)
    count = 0
    for record in records:
        count += 1
        yield record
    if count == 0:
        raise DatasetError(f"{p}: the file holds no records (empty file?)")


def _jsonl(path: Path, stream: IO[bytes]) -> Iterator[RawRecord]:
    with stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            source = f"{path}:{lineno}"
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawRecord(source, problem=f"invalid UTF-8 at byte {exc.start}")
                continue
            try:
                yield RawRecord(source, value=json.loads(text))
            except ValueError as exc:
                yield RawRecord(source, problem=f"not JSON ({_short(exc)})")


def _short(exc: Exception) -> str:
    return str(exc).split("\n", 1)[0][:120]


def _json_array(path: Path, stream: IO[bytes]) -> Iterator[RawRecord]:
    """Elements of a top-level JSON array, decoded one at a time."""
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buf, pos, line, eof = "", 0, 1, False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = stream.read(_CHUNK)
        eof = not chunk
        buf = buf[pos:] + utf8.decode(chunk, final=eof)
        pos = 0
        return True

    def skip(chars: str) -> None:
        nonlocal pos, line
        while True:
            while pos < len(buf) and buf[pos] in chars:
                line += buf[pos] == "\n"
                pos += 1
            if pos < len(buf) or not more():
                return

    with stream:
        try:
            skip(" \t\r\n\ufeff")
            pos += 1  # the opening bracket (checked by the caller)
            while True:
                skip(" \t\r\n,")
                if pos >= len(buf) or buf[pos] == "]":
                    return
                while True:
                    try:
                        value, end = decoder.raw_decode(buf, pos)
                        if end < len(buf) or eof:
                            break
                        more()  # a value that ends the buffer may go on in the next chunk
                    except ValueError as exc:
                        if not more():
                            yield RawRecord(f"{path}:{line}", problem=(
                                f"not JSON ({_short(exc)}); rest of file skipped"))
                            return
                yield RawRecord(f"{path}:{line}", value=value)
                line += buf.count("\n", pos, end)
                pos = end
        except UnicodeDecodeError as exc:
            yield RawRecord(f"{path}:{line}",
                            problem=f"invalid UTF-8 ({exc.reason}); rest of file skipped")


def _parquet(path: Path) -> Iterator[RawRecord]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise DatasetError("reading Parquet needs pyarrow: pip install pyarrow") from exc
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError kinds
        raise DatasetError(f"{path}: not a readable Parquet file ({_short(exc)})") from exc
    row = 0
    for batch in table.iter_batches(batch_size=_PARQUET_BATCH):
        for value in batch.to_pylist():
            row += 1
            yield RawRecord(f"{path}:row {row}", value=value)
