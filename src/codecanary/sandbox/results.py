"""Turn the zygote's raw result into an :class:`ExecResult` (valid text, clear status)."""

from __future__ import annotations

import base64
from typing import Any

from codecanary.sandbox.base import ExecResult, ExecStatus

# Messages runtimes print when an allocation fails under the memory rlimit.
_MEMORY_MARKERS = ("MemoryError", "std::bad_alloc", "JavaScript heap out of memory",
                   "java.lang.OutOfMemoryError", "memory allocation of",
                   "runtime: out of memory", "fatal error: out of memory",
                   "Cannot allocate memory", "failed to reserve memory",
                   "Could not reserve enough space")


def decode(b64: str) -> str:
    """Decode captured bytes as UTF-8, replacing invalid sequences (always valid text)."""
    return base64.b64decode(b64).decode("utf-8", errors="replace")


def to_result(raw: dict[str, Any], memory_mb: int, compile_output: str = "") -> ExecResult:
    stdout = decode(raw.get("stdout", ""))
    stderr = decode(raw.get("stderr", ""))
    status = ExecStatus(raw.get("status", "sandbox_error"))
    maxrss_kb = int(raw.get("maxrss_kb") or 0)
    detail = str(raw.get("detail", ""))
    if status in (ExecStatus.FAILED, ExecStatus.KILLED):
        near_limit = maxrss_kb >= memory_mb * 1024 * 0.9
        if near_limit or any(marker in stderr for marker in _MEMORY_MARKERS):
            status = ExecStatus.MEMORY_LIMIT
            detail = detail or f"memory limit of {memory_mb} MB reached"
    if status is ExecStatus.OUTPUT_LIMIT:
        detail = detail or "output limit reached; program killed"
    elif status is ExecStatus.TIMEOUT:
        detail = detail or "wall-clock limit reached; process tree killed"
    if raw.get("stretched_s"):
        note = (f"wall limit stretched to {float(raw['stretched_s']):.1f} s: the busy host "
                "gave the sample only part of a CPU")
        detail = f"{detail}; {note}" if detail else note
    return ExecResult(
        status=status,
        exit_code=raw.get("exit_code"),
        signal=raw.get("signal"),
        stdout=stdout,
        stderr=stderr,
        wall_s=float(raw.get("wall_s", 0.0)),
        cpu_s=float(raw.get("cpu_s", 0.0)),
        peak_memory_mb=round(maxrss_kb / 1024, 1) if maxrss_kb else None,
        compile_output=compile_output,
        detail=detail,
    )
