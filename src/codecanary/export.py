"""Export stored samples, each with its run's subject, suite and logical time.

Formats: JSON Lines (one sample per line, lossless), CSV (metrics and
diagnostics as JSON text in their cells) and Parquet (the ``parquet`` extra,
``pyarrow``). Rows stream from the store; JSONL and CSV never hold them all.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from codecanary.errors import CodecanaryError, ConfigError
from codecanary.store import Store
from codecanary.store.housekeeping import SampleFilter

EXPORT_FORMATS = ("jsonl", "csv", "parquet")

#: Column order of CSV and Parquet; JSONL keeps the same keys.
COLUMNS = ("subject", "suite", "suite_version", "run_id", "logical_time", "task_id",
           "sample_index", "status", "failure_class", "extraction", "exec_status", "exit_code",
           "model_reported", "finish_reason", "tokens_in", "tokens_out", "latency_s",
           "cost_usd", "attempts", "wall_s", "cpu_s", "peak_memory_mb", "metrics",
           "diagnostics", "error", "response_text", "code", "stdout", "stderr", "created_at")
TEXT_COLUMNS = ("response_text", "code", "stdout", "stderr")


def _plain(row: dict[str, Any], with_text: bool) -> dict[str, Any]:
    out = {k: row.get(k) for k in COLUMNS if with_text or k not in TEXT_COLUMNS}
    for key in ("logical_time", "created_at"):
        value = out.get(key)
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    out["diagnostics"] = out.get("diagnostics") or []
    return out


@contextmanager
def _open(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise CodecanaryError(f"cannot write {path}: {exc.strerror}") from exc
    with handle:
        yield handle


def export_samples(store: Store, where: SampleFilter, fmt: str, path: Path | None = None,
                   *, with_text: bool = True) -> int:
    """Write the samples ``where`` selects to ``path`` (None: stdout); return how many."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
    rows = (_plain(r, with_text) for r in store.sample_rows(where))
    if fmt == "parquet":
        return _parquet(rows, path, with_text)
    with _open(path) as out:
        return _jsonl(rows, out) if fmt == "jsonl" else _csv(rows, out, with_text)


def _jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def _csv(rows: Iterable[dict[str, Any]], out: IO[str], with_text: bool) -> int:
    columns = [c for c in COLUMNS if with_text or c not in TEXT_COLUMNS]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        n += 1
        row["metrics"] = json.dumps(row["metrics"], sort_keys=True)
        row["diagnostics"] = json.dumps(row["diagnostics"], ensure_ascii=False)
        writer.writerow(row)
    return n


def _parquet(rows: Iterable[dict[str, Any]], path: Path | None, with_text: bool) -> int:
    if path is None:
        raise ConfigError("Parquet is binary: pass --output FILE.parquet")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'codecanary[parquet]'"
                          ) from exc
    data = list(rows)
    for row in data:
        row["metrics"] = json.dumps(row["metrics"], sort_keys=True)
    columns = [c for c in COLUMNS if with_text or c not in TEXT_COLUMNS]
    table = pa.Table.from_pylist(data, schema=_arrow_schema(pa, columns)) if data else \
        _arrow_schema(pa, columns).empty_table()
    try:
        pq.write_table(table, path)
    except OSError as exc:
        raise CodecanaryError(f"cannot write {path}: {exc}") from exc
    return len(data)


def _arrow_schema(pa: Any, columns: list[str]) -> Any:
    ints = {"sample_index", "exit_code", "tokens_in", "tokens_out", "attempts"}
    floats = {"latency_s", "cost_usd", "wall_s", "cpu_s", "peak_memory_mb"}
    fields = []
    for name in columns:
        kind = (pa.int64() if name in ints else pa.float64() if name in floats
                else pa.list_(pa.string()) if name == "diagnostics" else pa.string())
        fields.append(pa.field(name, kind))
    return pa.schema(fields)
