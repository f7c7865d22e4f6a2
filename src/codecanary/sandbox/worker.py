"""Host side of one zygote: an asyncio client for the framed JSON protocol.

Many requests are in flight at once; a reader task matches result frames to
waiting futures by id. If the zygote dies, every waiting request gets a
``sandbox_error`` result and the worker is marked dead (the pool replaces it).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import struct
from typing import Any

from codecanary.errors import SandboxUnavailable

_HEADER = struct.Struct(">I")
_START_TIMEOUT_S = 30.0


class ZygoteWorker:
    """One bubblewrap sandbox with a warm Python zygote inside."""

    def __init__(self, argv: list[str], spawn_kwargs: dict[str, Any] | None = None) -> None:
        self.argv = argv
        self.spawn_kwargs = spawn_kwargs or {}
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
        self.alive = False
        self._tasks: list[asyncio.Task[None]] = []
        self._write_lock = asyncio.Lock()

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, **self.spawn_kwargs)
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._tasks.append(asyncio.create_task(self._drain_stderr(self.proc.stderr)))
        try:
            hello = await asyncio.wait_for(self._read_frame(self.proc.stdout), _START_TIMEOUT_S)
        except (asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            await asyncio.sleep(0.05)  # let the stderr reader catch bwrap's message
            reason = "; ".join(self.stderr_tail) or type(exc).__name__
            await self.aclose()
            raise SandboxUnavailable(f"the bubblewrap sandbox did not start: {reason}") from exc
        if not hello.get("ready"):
            await self.aclose()
            raise SandboxUnavailable(f"the bubblewrap sandbox sent an unexpected greeting: {hello}")
        self.alive = True
        self._tasks.append(asyncio.create_task(self._read_results(self.proc.stdout)))

    @staticmethod
    async def _read_frame(stream: asyncio.StreamReader) -> dict[str, Any]:
        header = await stream.readexactly(_HEADER.size)
        (size,) = _HEADER.unpack(header)
        body = await stream.readexactly(size)
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("frame is not an object")
        return data

    async def _drain_stderr(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.stderr_tail.append(line.decode("utf-8", "replace").strip())

    async def _read_results(self, stream: asyncio.StreamReader) -> None:
        try:
            while True:
                result = await self._read_frame(stream)
                future = self.pending.pop(int(result.get("id", -1)), None)
                if future is not None and not future.done():
                    future.set_result(result)
        except (asyncio.IncompleteReadError, ValueError, ConnectionError):
            pass
        finally:
            self.alive = False
            reason = "; ".join(self.stderr_tail) or "the sandbox worker exited"
            for future in self.pending.values():
                if not future.done():
                    future.set_result({"status": "sandbox_error",
                                       "detail": f"sandbox worker died: {reason}"})
            self.pending.clear()

    async def call(self, request: dict[str, Any], guard_s: float) -> dict[str, Any]:
        """Send one request and wait for its result (``sandbox_error`` if none comes)."""
        if not self.alive or self.proc is None or self.proc.stdin is None:
            return {"status": "sandbox_error", "detail": "sandbox worker is not running"}
        req_id = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[req_id] = future
        data = json.dumps({**request, "id": req_id}).encode()
        try:
            async with self._write_lock:
                self.proc.stdin.write(_HEADER.pack(len(data)) + data)
                await self.proc.stdin.drain()
        except (ConnectionError, RuntimeError) as exc:
            self.pending.pop(req_id, None)
            return {"status": "sandbox_error", "detail": f"sandbox worker unreachable: {exc}"}
        try:
            # The zygote enforces the real timeout; this guard only catches a hung zygote.
            return await asyncio.wait_for(asyncio.shield(future), guard_s)
        except TimeoutError:
            self.pending.pop(req_id, None)
            return {"status": "sandbox_error", "detail": "sandbox worker did not answer in time"}

    @property
    def load(self) -> int:
        return len(self.pending)

    async def aclose(self) -> None:
        self.alive = False
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.stdin is not None:
                proc.stdin.close()
            with contextlib.suppress(ProcessLookupError):
                proc.kill()  # bwrap --die-with-parent semantics: everything inside dies
            await proc.wait()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
