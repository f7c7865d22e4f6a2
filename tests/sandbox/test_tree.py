"""Whole-tree commands (repo tasks) inside the bubblewrap sandbox."""

from __future__ import annotations

import asyncio
import os

import pytest

from codecanary.sandbox import ExecResult, ExecStatus, Limits, open_sandbox
from codecanary.sandbox.tree import TREE_LIMITS, run_in_tree

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
pytestmark = pytest.mark.skipif(SANDBOX != "bwrap", reason="isolation needs bubblewrap")

PROBE = """
import os, socket, sys
print(open("pkg/data.txt").read().strip())
for path in ("/usr/evil", "/etc/evil", os.path.expanduser("~root") + "/evil"):
    try:
        open(path, "w").write("x")
        print("WROTE", path)
    except OSError:
        pass
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1)
    print("NETWORK")
except OSError:
    pass
open("out.txt", "w").write("ok")  # the tree itself is writable
print(os.getuid(), os.environ["GOCACHE"])
"""


def _run(files: dict[str, str], argv: tuple[str, ...], limits: Limits = TREE_LIMITS,
         language: str | None = "python") -> ExecResult:
    async def go() -> ExecResult:
        sandbox = open_sandbox(SANDBOX)
        try:
            return await run_in_tree(sandbox, files, argv, limits, language)
        finally:
            await sandbox.aclose()

    return asyncio.run(go())


def test_tree_is_private_and_system_read_only() -> None:
    result = _run({"probe.py": PROBE, "pkg/data.txt": "nested file\n"},
                  ("python3", "probe.py"))
    assert result.status is ExecStatus.OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "nested file"
    assert not any(line.startswith(("WROTE", "NETWORK")) for line in lines)
    assert lines[-1] == "1000 /tmp/.gocache"


def test_wall_limit_and_memory_limit() -> None:
    slow = _run({"a.py": "while True: pass\n"}, ("python3", "a.py"),
                TREE_LIMITS.model_copy(update={"timeout_s": 1.0}))
    assert slow.status is ExecStatus.TIMEOUT
    hog = _run({"a.py": "x = bytearray(3 << 30)\n"}, ("python3", "a.py"),
               TREE_LIMITS.model_copy(update={"memory_mb": 512}))
    assert hog.status is ExecStatus.MEMORY_LIMIT
