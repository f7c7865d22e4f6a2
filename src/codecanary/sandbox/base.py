"""The Sandbox interface: run one untrusted program and report what happened.

A backend turns an :class:`ExecRequest` (language, source files, limits) into an
:class:`ExecResult`. Backends never raise for anything the *program* did; they
raise :class:`~codecanary.errors.SandboxUnavailable` only when the sandbox itself
cannot work (missing bubblewrap, missing toolchain).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field


class ExecStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"
    COMPILE_ERROR = "compile_error"
    SANDBOX_ERROR = "sandbox_error"


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True)

    timeout_s: float = Field(default=10.0, gt=0)
    cpu_s: float | None = None
    """CPU-time rlimit; defaults to the wall timeout rounded up."""
    memory_mb: int = Field(default=1024, gt=0)
    output_bytes: int = Field(default=64 * 1024, gt=0)
    max_processes: int = Field(default=64, gt=0)
    max_file_mb: int = Field(default=16, gt=0)
    max_open_files: int = Field(default=256, gt=0)
    workdir_mb: int = Field(default=128, gt=0)
    """Size cap of the private tmpfs that holds the work dir and /tmp."""


class ExecRequest(BaseModel):
    """One program to run: ``files`` maps relative names to contents.

    The language module decides how the files are compiled and run (for example
    Python runs ``main.py``; Go builds every ``.go`` file together).
    """

    model_config = ConfigDict(frozen=True)

    language: str
    files: Mapping[str, str]
    stdin: str = ""
    limits: Limits = Limits()


class ExecResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: ExecStatus
    exit_code: int | None = None
    signal: int | None = None
    stdout: str = ""
    stderr: str = ""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_memory_mb: float | None = None
    compile_output: str = ""
    detail: str = ""
    """Backend's own note (why it was killed, what failed to start)."""

    @property
    def passed(self) -> bool:
        return self.status is ExecStatus.OK


@runtime_checkable
class Sandbox(Protocol):
    """Executes untrusted programs. Implementations must be safe to call concurrently."""

    name: str

    async def execute(self, request: ExecRequest) -> ExecResult: ...

    async def aclose(self) -> None: ...
