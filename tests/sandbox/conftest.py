"""Fixtures for sandbox tests: one real bubblewrap sandbox per module, process accounting."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from codecanary.sandbox import ExecRequest, ExecResult, Limits
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.sandbox.bwrap_cmd import probe_bwrap

CANARY = """
import os, time
with open("canary.txt", "w") as fh:
    fh.write("mine" * 1000)
total = 0
for i in range(200000):
    total += i
time.sleep(0.3)
with open("canary.txt") as fh:
    assert fh.read() == "mine" * 1000, "work dir changed under me"
assert sorted(os.listdir(".")) == ["canary.txt", "main.py"], os.listdir(".")
assert total == 19999900000
print("canary-ok")
"""


@pytest.fixture(scope="session")
def cache_dir() -> Iterator[Path]:
    # Not under pytest's tmp root: pytest keeps that 0700, and the sandbox user
    # must reach the cache through every parent directory.
    path = Path(tempfile.mkdtemp(prefix="codecanary-test-cache-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox(cache_dir: Path) -> AsyncIterator[BwrapSandbox]:
    probe_bwrap()  # a missing bubblewrap fails loudly, it is never skipped
    sb = BwrapSandbox(workers=1, max_concurrency=8, cache_dir=cache_dir)
    await sb.start()
    yield sb
    await sb.aclose()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def sandbox_processes(sb: BwrapSandbox) -> list[int]:
    """Host pids of everything running under the sandbox's bwrap processes."""
    tree = _children()
    found: list[int] = []
    stack = [w.proc.pid for w in sb.workers if w.proc is not None]
    while stack:
        pid = stack.pop()
        for child in tree.get(pid, []):
            found.append(child)
            stack.append(child)
    return found


async def settled_processes(sb: BwrapSandbox, expected: int, wait_s: float = 2.0) -> list[int]:
    """Process list once it has shrunk to ``expected`` (or after ``wait_s``)."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        procs = sandbox_processes(sb)
        if len(procs) <= expected or asyncio.get_running_loop().time() > deadline:
            return procs
        await asyncio.sleep(0.05)


async def run_hostile(sb: BwrapSandbox, language: str, files: dict[str, str], *,
                      timeout_s: float = 3.0, memory_mb: int = 256,
                      max_processes: int = 64) -> ExecResult:
    """Run a hostile program next to a canary; check the canary and the leftovers."""
    baseline = len(sandbox_processes(sb))
    limits = Limits(timeout_s=timeout_s, memory_mb=memory_mb, max_processes=max_processes,
                    output_bytes=64 * 1024, workdir_mb=64)
    canary = ExecRequest(language="python", files={"main.py": CANARY},
                         limits=Limits(timeout_s=30))
    hostile = ExecRequest(language=language, files=files, limits=limits)

    async def delayed_canary() -> ExecResult:
        await asyncio.sleep(0.05)  # start while the hostile program is running
        return await sb.execute(canary)

    result, canary_result = await asyncio.gather(sb.execute(hostile), delayed_canary())
    assert canary_result.status.value == "ok", canary_result
    assert canary_result.stdout == "canary-ok\n"
    leftovers = await settled_processes(sb, baseline)
    assert len(leftovers) == baseline, f"processes left behind: {leftovers}"
    assert result.status.value != "sandbox_error", result
    return result
