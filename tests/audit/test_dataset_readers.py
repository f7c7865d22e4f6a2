"""Dataset readers: formats, gzip, streaming with bounded memory, bad input."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from codecanary.audit.dataset import DatasetError
from codecanary.audit.dataset.readers import iter_file

RECORDS = [{"id": f"r{k}", "code": f"x = {k}\n"} for k in range(5)]


def _jsonl(path: Path) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")


def test_jsonl_plain_and_gzip_read_alike(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    _jsonl(plain)
    packed = tmp_path / "a.data"  # gzip found by its magic bytes, not by name
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert [r.value for r in iter_file(plain)] == RECORDS
    assert [r.value for r in iter_file(packed)] == RECORDS
    assert [r.source for r in iter_file(plain)][1] == f"{plain}:2"


def test_json_array_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in RECORDS) + "\n]\n")
    got = list(iter_file(path))
    assert [r.value for r in got] == RECORDS
    assert got[2].source == f"{path}:4"


def test_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    path = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist(RECORDS), path)
    got = list(iter_file(path))
    assert [r.value for r in got] == RECORDS
    assert got[0].source == f"{path}:row 1"


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    with pytest.raises(DatasetError, match="holds no records"):
        list(iter_file(path))


def test_truncated_json_array_reports_and_stops(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"a": 1},\n{"b": ')
    got = list(iter_file(path))
    assert got[0].value == {"a": 1}
    assert got[1].problem is not None and got[1].source == f"{path}:2"


def _big(path: Path, *, array: bool, lines: int, size: int) -> None:
    filler = "x" * size
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n" if array else "")
        for k in range(lines):
            sep = ",\n" if array and k < lines - 1 else "\n"
            out.write(json.dumps({"id": k, "code": filler}) + sep)
        out.write("]\n" if array else "")


@pytest.mark.parametrize("array", [False, True])
def test_a_large_file_streams_in_bounded_memory(tmp_path: Path, array: bool) -> None:
    """~160 MB of records read with a peak of a few MB of Python allocations."""
    path = tmp_path / ("big.json" if array else "big.jsonl")
    _big(path, array=array, lines=160, size=1_000_000)
    assert path.stat().st_size > 150_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_file(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 160
    assert peak < 16_000_000, f"peak {peak / 1e6:.0f} MB"
