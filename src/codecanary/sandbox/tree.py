"""Run one command in a whole working tree (repo tasks) inside the sandbox.

The bubblewrap backend's zygote already writes nested files into each sample's
private tmpfs ``/work`` and runs an argv there, so a repo task's tree is just a
bigger ``files`` map: same isolation (read-only system, no network, rlimits,
wall timeout, whole process tree killed). Toolchain caches (Go's ``GOCACHE``,
cargo's target dir) point into the sample's own writable ``/tmp``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import signal
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from codecanary import languages
from codecanary.languages.rust import SANDBOX_SYSROOT
from codecanary.sandbox.base import ExecResult, ExecStatus, Limits, Sandbox

#: Limits for a repo task's test command: toolchains compile the whole tree.
TREE_LIMITS = Limits(timeout_s=120, memory_mb=4096, output_bytes=256 * 1024,
                     max_processes=256, max_file_mb=256, max_open_files=1024,
                     workdir_mb=1024)

_TOOL_ENV = {
    "GOCACHE": "/tmp/.gocache", "GOPATH": "/tmp/.gopath", "GOPROXY": "off",
    "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0", "GOTELEMETRY": "off", "GO111MODULE": "on",
    "CARGO_HOME": "/tmp/.cargo", "CARGO_TARGET_DIR": "/tmp/.target", "CARGO_NET_OFFLINE": "true",
    "PYTHONDONTWRITEBYTECODE": "1", "NODE_OPTIONS": "--no-warnings",
}


def tree_env(workdir: str = "/work", tmp: str = "/tmp") -> dict[str, str]:
    """The environment a tree command sees (paths rewritten for a host run)."""
    path = f"/usr/local/bin:/usr/bin:/bin:{SANDBOX_SYSROOT}/bin"
    env = {"PATH": path, "HOME": workdir, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TMPDIR": tmp, "PYTHONHASHSEED": "0"}
    env.update({k: v.replace("/tmp", tmp) for k, v in _TOOL_ENV.items()})
    return env


async def run_in_tree(sandbox: Sandbox, files: Mapping[str, str], argv: tuple[str, ...],
                      limits: Limits = TREE_LIMITS, language: str | None = None
                      ) -> ExecResult:
    """Run ``argv`` with ``files`` as its working tree; never raises for the program.

    Memory: a language whose toolchain declares ``running.tree_address_space``
    (Python) gets an address-space rlimit of ``limits.memory_mb``; the Go, Node and
    Rust toolchains reserve far more address space than they use (their builds run
    without one in :mod:`codecanary.sandbox.bwrap` too), so for them -- and for an
    unknown language -- the tmpfs size, process count, CPU time and wall clock are
    the bounds.
    """
    from codecanary.sandbox.bwrap import BwrapSandbox

    found = languages.find(language) if language else None
    spec = found.running if found is not None else None
    address_space = limits.memory_mb if spec is not None and spec.tree_address_space else 0
    if isinstance(sandbox, BwrapSandbox):
        return await _bwrap(sandbox, files, argv, limits, address_space)
    return await _local(sandbox, files, argv, limits)


async def _bwrap(sandbox: object, files: Mapping[str, str], argv: tuple[str, ...],
                 limits: Limits, address_space: int) -> ExecResult:
    from codecanary.sandbox.bwrap import BwrapSandbox
    from codecanary.sandbox.results import to_result

    assert isinstance(sandbox, BwrapSandbox)
    cpu = limits.cpu_s if limits.cpu_s is not None else limits.timeout_s * 4
    req = {
        "files": dict(files), "argv": list(argv), "env": tree_env(), "stdin": "",
        "timeout_s": limits.timeout_s, "cpu_s": max(1, math.ceil(cpu)), "as_mb": address_space,
        "nproc": limits.max_processes, "fsize_mb": limits.max_file_mb,
        "nofile": limits.max_open_files, "out_bytes": limits.output_bytes,
        "work_mb": limits.workdir_mb, "netns": sandbox.per_sample_network, "art": "",
    }
    async with sandbox.semaphore:
        await sandbox._ensure_running()
        raw = await sandbox._call(req, limits)
    return to_result(raw, limits.memory_mb)


async def _local(sandbox: Sandbox, files: Mapping[str, str], argv: tuple[str, ...],
                 limits: Limits) -> ExecResult:
    """UNSAFE fallback (``--sandbox local``): a temp dir and a plain subprocess."""
    from codecanary.suites.repo_tree import write_tree

    with tempfile.TemporaryDirectory(prefix="cc-tree-") as tmp:
        work = Path(tmp) / "work"
        scratch = Path(tmp) / "tmp"
        scratch.mkdir()
        await asyncio.to_thread(write_tree, dict(files), work)
        env = tree_env(str(work), str(scratch))
        env["PATH"] = os.environ.get("PATH", env["PATH"])
        return await run_host(argv, work, env, limits.timeout_s, limits.output_bytes)


async def run_host(argv: tuple[str, ...], cwd: Path, env: dict[str, str], timeout_s: float,
                   output_bytes: int) -> ExecResult:
    """A plain subprocess with a wall limit that kills its whole process group."""
    start = time.monotonic()
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv, cwd=cwd, env=env, start_new_session=True, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    except OSError as exc:
        return ExecResult(status=ExecStatus.FAILED, exit_code=127, stderr=f"{argv[0]}: {exc}",
                          detail=str(exc))
    status: ExecStatus | None = None
    out = err = b""
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout_s)
    except TimeoutError:
        status = ExecStatus.TIMEOUT
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()
    code = proc.returncode
    if status is None:
        if len(out) > output_bytes or len(err) > output_bytes:
            status = ExecStatus.OUTPUT_LIMIT
        elif code == 0:
            status = ExecStatus.OK
        else:
            status = ExecStatus.KILLED if code is not None and code < 0 else ExecStatus.FAILED
    return ExecResult(
        status=status, exit_code=code if code is not None and code >= 0 else None,
        signal=-code if code is not None and code < 0 else None,
        stdout=out[:output_bytes].decode("utf-8", "replace"),
        stderr=err[:output_bytes].decode("utf-8", "replace"), wall_s=time.monotonic() - start)
