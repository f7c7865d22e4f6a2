"""The pre-warmed worker that lives inside one bubblewrap sandbox.

Protocol on fds 0/1: frames of a 4-byte big-endian length and a JSON object.
Each request carries an ``id``; the zygote forks one supervisor per request (see
``sample.py``) and writes that request's result frame when the supervisor ends.
Many requests run at once; results come back in completion order.

Started as ``python3 -I -S -B /cc/codecanary/sandbox/inside/zygote.py``.
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import signal
import struct
import sys
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, "/cc")

from codecanary.sandbox.inside import pyrun, sample

# Modules that almost every generated Python program imports: loading them once
# here means each forked sample finds them ready.
_PRELOAD = ("typing", "math", "collections", "itertools", "functools", "re", "heapq",
            "bisect", "string", "hashlib", "random", "statistics", "fractions", "decimal",
            "copy", "dataclasses", "operator", "enum", "array", "io", "traceback",
            "threading", "atexit", "types", "builtins")

_HEADER = struct.Struct(">I")


def _frame(obj: dict[str, Any]) -> bytes:
    data = json.dumps(obj).encode()
    return _HEADER.pack(len(data)) + data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Zygote:
    def __init__(self) -> None:
        self.selector = selectors.DefaultSelector()
        self.inbuf = bytearray()
        self.pending: dict[int, tuple[int, int, bytearray]] = {}  # fd -> (req id, pid, buf)
        self.closing = False

    def serve(self) -> None:
        os.set_blocking(0, False)
        self.selector.register(0, selectors.EVENT_READ)
        _write_all(1, _frame({"id": -1, "ready": True, "pid": os.getpid()}))
        while not (self.closing and not self.pending):
            for key, _ in self.selector.select():
                fd = int(key.fd)
                if fd == 0:
                    self._read_requests()
                else:
                    self._read_result(fd)

    def _read_requests(self) -> None:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            self.closing = True
            self.selector.unregister(0)
            return
        self.inbuf += chunk
        while len(self.inbuf) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.inbuf)
            if len(self.inbuf) < _HEADER.size + size:
                break
            body = bytes(self.inbuf[_HEADER.size:_HEADER.size + size])
            del self.inbuf[:_HEADER.size + size]
            self._start(json.loads(body))

    def _start(self, req: dict[str, Any]) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            self._child(req, read_fd, write_fd)
        os.close(write_fd)
        self.pending[read_fd] = (int(req["id"]), pid, bytearray())
        self.selector.register(read_fd, selectors.EVENT_READ)

    def _child(self, req: dict[str, Any], read_fd: int, write_fd: int) -> None:
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # Drop every descriptor the zygote holds (protocol pipes, other results).
            for fd in [read_fd, *self.pending]:
                os.close(fd)
            null = os.open("/dev/null", os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.close(null)
            result = sample.supervise(req)
        except BaseException as exc:
            result = {"status": "sandbox_error", "detail": repr(exc)}
        result["id"] = req["id"]
        try:
            _write_all(write_fd, json.dumps(result).encode())
        finally:
            os._exit(0)

    def _read_result(self, fd: int) -> None:
        req_id, pid, buf = self.pending[fd]
        chunk = os.read(fd, 1 << 20)
        if chunk:
            buf += chunk
            return
        self.selector.unregister(fd)
        os.close(fd)
        del self.pending[fd]
        os.waitpid(pid, 0)
        try:
            result = json.loads(bytes(buf))
        except ValueError:
            result = {"id": req_id, "status": "sandbox_error",
                      "detail": "sample supervisor died without a result"}
        _write_all(1, _frame(result))


def main() -> None:
    for name in _PRELOAD:
        __import__(name)
    assert pyrun.__name__  # imported here so forked samples find it loaded
    gc.collect()
    gc.freeze()  # keep forked children from copying pages the collector touches
    Zygote().serve()


if __name__ == "__main__":
    main()
