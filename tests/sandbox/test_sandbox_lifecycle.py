"""Lifecycle: dies with its parent, restarts a dead worker, reports missing toolchains."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from codecanary import languages
from codecanary.errors import SandboxUnavailable
from codecanary.languages import RunSpec
from codecanary.sandbox import ExecRequest
from codecanary.sandbox.bwrap import BwrapSandbox

from .conftest import sandbox_processes


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_everything_dies_with_the_parent(cache_dir: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio, os, sys, time
        from codecanary.sandbox import ExecRequest
        from codecanary.sandbox.bwrap import BwrapSandbox

        def descendants(root):
            tree = {{}}
            for e in filter(str.isdigit, os.listdir("/proc")):
                try:
                    ppid = int(open(f"/proc/{{e}}/stat").read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                tree.setdefault(ppid, []).append(int(e))
            found, stack = [], [root]
            while stack:
                for child in tree.get(stack.pop(), []):
                    found.append(child)
                    stack.append(child)
            return found

        async def main():
            sb = BwrapSandbox(workers=1, cache_dir={str(cache_dir)!r})
            await sb.start()
            src = "import os, time\\nif os.fork() == 0:\\n    os.setsid()\\ntime.sleep(60)\\n"
            task = asyncio.ensure_future(sb.execute(ExecRequest(language="python",
                                                                files={{"main.py": src}})))
            await asyncio.sleep(1.0)
            pids = [w.proc.pid for w in sb.workers] + descendants(sb.workers[0].proc.pid)
            print(" ".join(map(str, pids)), flush=True)
            os._exit(0)  # no cleanup at all: the kernel must take the sandbox down

        asyncio.run(main())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    pids = [int(p) for p in out.split()]
    assert len(pids) >= 4  # bwrap, its init, the zygote, the sample and its child
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if _alive(p)]


@pytest.mark.asyncio(loop_scope="module")
async def test_dead_worker_is_replaced(sandbox: BwrapSandbox) -> None:
    worker = sandbox.workers[0]
    assert worker.proc is not None
    os.kill(worker.proc.pid, signal.SIGKILL)
    await worker.proc.wait()
    for _ in range(50):  # the reader notices the closed pipe
        if not worker.alive:
            break
        await asyncio.sleep(0.02)
    result = await sandbox.execute(ExecRequest(language="python", files={"main.py": "print(1)"}))
    assert result.stdout == "1\n"
    assert sandbox.workers[0] is not worker
    assert len(sandbox_processes(sandbox)) == 2  # bwrap's init and the zygote


@pytest.mark.asyncio(loop_scope="module")
async def test_missing_toolchain_is_reported(sandbox: BwrapSandbox) -> None:
    languages.register("cobol-test", RunSpec(name="cobol-test", main_file="main.cob",
                                              run_argv=("cobc-xyz", "main.cob"),
                                              toolchain=("cobc-xyz",)))
    with pytest.raises(SandboxUnavailable, match=r"cobol-test is unavailable: cobc-xyz"):
        await sandbox.execute(ExecRequest(language="cobol-test", files={"main.cob": ""}))


_LISTENER = """
import socket, time
s = socket.socket(socket.AF_UNIX)
s.bind("\\0codecanary-leak")
s.listen()
t = socket.socket()
t.bind(("127.0.0.1", 47123))
t.listen()
print(time.time(), flush=True)
time.sleep(3.0)
"""
# Probes again and again for 2 s and says when it first and last tried: the clock is
# shared across namespaces, so the test can check the probes met a bound listener.
_PROBER = """
import json, socket, time
first, reached = time.time(), set()
while time.time() - first < 2.0:
    for family, address in ((socket.AF_UNIX, "\\0codecanary-leak"),
                            (socket.AF_INET, ("127.0.0.1", 47123))):
        try:
            socket.socket(family).connect(address)
            reached.add(str(address))
        except OSError:
            pass
    last = time.time()
    time.sleep(0.05)
print(json.dumps({"first": first, "last": last, "reached": sorted(reached)}))
"""


async def _listen_and_probe(cache_dir: Path, per_sample_network: bool) -> list[str]:
    sb = BwrapSandbox(workers=1, cache_dir=cache_dir, per_sample_network=per_sample_network)
    try:
        listener, prober = await asyncio.gather(
            sb.execute(ExecRequest(language="python", files={"main.py": _LISTENER})),
            sb.execute(ExecRequest(language="python", files={"main.py": _PROBER})))
    finally:
        await sb.aclose()
    assert listener.status.value == "ok" and prober.status.value == "ok", (listener, prober)
    bound_at = float(listener.stdout.split()[0])
    probe = json.loads(prober.stdout)
    # The probes overlapped a bound, listening listener; otherwise the test proves nothing.
    assert bound_at < probe["last"] < bound_at + 3.0, (bound_at, probe)
    reached: list[str] = probe["reached"]
    return reached


@pytest.mark.asyncio(loop_scope="module")
async def test_per_sample_network_separates_concurrent_samples(cache_dir: Path) -> None:
    assert await _listen_and_probe(cache_dir, per_sample_network=True) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_shared_worker_network_is_reachable_so_the_probe_works(cache_dir: Path) -> None:
    # The control: without a network namespace per sample, samples of one worker share
    # loopback, and the same probe does reach the listener.
    assert len(await _listen_and_probe(cache_dir, per_sample_network=False)) == 2
