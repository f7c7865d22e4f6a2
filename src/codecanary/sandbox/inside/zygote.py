"""The pre-warmed worker that lives inside one bubblewrap sandbox.

Protocol on fds 0/1: frames of a 4-byte big-endian length and a JSON object.
Each request carries an ``id``; the zygote clones one sample process per request
straight into fresh namespaces (see ``sample.py``), supervises all of them from
one ``select`` loop (stdin, capped stdout/stderr, wall clock, exit) and writes
each result frame when its sample ends, in completion order.

Started as ``python3 -I -S -B /cc/codecanary/sandbox/inside/zygote.py``.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import os
import selectors
import signal
import struct
import sys
import time
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, "/cc")

from codecanary.sandbox.inside import nsys, pyrun, sample

# Modules that almost every generated Python program imports: loading them once
# here means each cloned sample finds them ready.
_PRELOAD = ("typing", "math", "collections", "itertools", "functools", "re", "heapq",
            "bisect", "string", "hashlib", "random", "statistics", "fractions", "decimal",
            "copy", "dataclasses", "operator", "enum", "array", "io", "traceback",
            "threading", "atexit", "types", "builtins")
_HEADER = struct.Struct(">I")
_GRACE_S = 0.5  # after pid 1 exits, everything in its namespace is gone; pipes drain fast
# Below this share of one CPU a sample at its wall limit is waiting (sleep, I/O, a
# deadlock), not starved by a busy host: its wall limit stands.
_MIN_SHARE = 0.05
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its descendants.

    Read from ``/proc``: each process's own time (all its threads) plus that of
    the children it has reaped; live children are found through ``children``.
    Best effort: a process that ends meanwhile is skipped.
    """
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{current}/task/{current}/children") as fh:
                children = fh.read().split()
        except (OSError, IndexError):
            continue
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        stack.extend(int(child) for child in children)
    return total / _CLK_TCK


def _frame(obj: dict[str, Any]) -> bytes:
    data = json.dumps(obj).encode()
    return _HEADER.pack(len(data)) + data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Running:
    """Supervision state of one sample."""

    def __init__(self, req: dict[str, Any], pid: int, fds: dict[str, int]) -> None:
        self.req = req
        self.pid = pid
        self.fds = fds  # name -> fd still open on our side
        self.stdin = req.get("stdin", "").encode()
        self.cap = int(req["out_bytes"])
        self.out = bytearray()
        self.err = bytearray()
        self.setup = bytearray()
        self.start = time.monotonic()
        self.deadline = self.start + float(req["timeout_s"])
        # The wall limit stands for "this much CPU": a sample that a busy host
        # starves of CPU gets more wall time, up to this hard cap.
        self.hard_deadline = self.start + float(req.get("max_wall_s", req["timeout_s"]))
        self.stretched_to = 0.0
        self.verdict = ""
        self.exited_at: float | None = None
        self.status = 0
        self.usage: Any = None

    def stretch(self, now: float) -> bool:
        """At the wall limit: extend it if the host, not the sample, used the time.

        A sample that got only a fraction of a CPU (the host is busy) has used less
        CPU time than its limit allows; it gets the wall time it needs at its
        current share to reach that CPU time, never beyond the hard cap. A
        waiting sample (almost no CPU) or one that has had its CPU time is not
        stretched. So a busy host does not turn a memory or CPU failure into a
        timeout, nor a slow-but-correct answer into one.
        """
        limit = float(self.req["timeout_s"])
        elapsed = now - self.start
        if now >= self.hard_deadline or elapsed <= 0:
            return False
        used = tree_cpu_s(self.pid)
        share = used / elapsed
        if share < _MIN_SHARE or used >= limit * 0.98:
            return False
        self.deadline = min(self.hard_deadline, now + max(0.05, (limit - used) / share))
        self.stretched_to = self.deadline - self.start
        return True

    def kill(self, verdict: str) -> None:
        self.verdict = self.verdict or verdict
        if self.exited_at is None:
            # pid 1 of its namespace: killing it takes every process in it along.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def result(self) -> dict[str, Any]:
        wall = (self.exited_at or time.monotonic()) - self.start
        res: dict[str, Any] = {
            "id": self.req["id"], "wall_s": wall,
            "cpu_s": (self.usage.ru_utime + self.usage.ru_stime) if self.usage else 0.0,
            "maxrss_kb": self.usage.ru_maxrss if self.usage else 0,
            "stdout": base64.b64encode(bytes(self.out[:self.cap])).decode(),
            "stderr": base64.b64encode(bytes(self.err[:self.cap])).decode(),
        }
        setup = bytes(self.setup)
        status = self.status
        if setup.startswith(b"R"):  # a build: the compiler's own status and artefacts
            report = json.loads(setup[1:])
            status = int(report["wait_status"])
            res["artefacts"] = report["artefacts"]
        elif b"E:" in setup and not self.verdict:
            res["status"] = "sandbox_error"
            res["detail"] = setup[setup.index(b"E:") + 2:].decode("utf-8", "replace")[:500]
            return res
        if os.WIFSIGNALED(status):
            res["signal"] = os.WTERMSIG(status)
        else:
            res["exit_code"] = os.WEXITSTATUS(status)
        if self.stretched_to:
            res["stretched_s"] = self.stretched_to
        if self.verdict:
            res["status"] = self.verdict
        elif res.get("signal") == signal.SIGXCPU or (
                res.get("signal") == signal.SIGKILL and res["cpu_s"] >= int(self.req["cpu_s"])):
            res["status"] = "timeout"
            res["detail"] = "CPU-time limit reached"
        elif "signal" in res:
            res["status"] = "killed"
        else:
            res["status"] = "ok" if res["exit_code"] == 0 else "failed"
        return res


class Zygote:
    def __init__(self) -> None:
        self.selector = selectors.DefaultSelector()
        self.inbuf = bytearray()
        self.running: set[Running] = set()
        self.closing = False
        self.ids = (os.getuid(), os.getgid())

    def serve(self) -> None:
        os.set_blocking(0, False)
        self.selector.register(0, selectors.EVENT_READ, None)
        _write_all(1, _frame({"id": -1, "ready": True}))
        while not (self.closing and not self.running):
            timeout = self._next_timeout()
            for key, _ in self.selector.select(timeout):
                if key.data is None:
                    self._read_requests()
                else:
                    run, name = key.data
                    self._on_ready(run, name)
            now = time.monotonic()
            for run in list(self.running):
                if run.exited_at is None and now >= run.deadline and not run.stretch(now):
                    run.kill("timeout")
                if run.exited_at is not None and (
                        not run.fds or now >= run.exited_at + _GRACE_S):
                    self._finish(run)

    def _next_timeout(self) -> float | None:
        if not self.running:
            return None
        now = time.monotonic()
        ends = [r.deadline if r.exited_at is None else r.exited_at + _GRACE_S
                for r in self.running]
        return max(0.005, min(ends) - now)

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
            req = json.loads(body)
            try:
                self._start(req)
            except OSError as exc:
                _write_all(1, _frame({"id": req["id"], "status": "sandbox_error",
                                      "detail": f"cannot start sample: {exc}"}))

    def _start(self, req: dict[str, Any]) -> None:
        setup_r, setup_w = os.pipe2(os.O_CLOEXEC)
        in_r, in_w = os.pipe2(os.O_CLOEXEC)
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        err_r, err_w = os.pipe2(os.O_CLOEXEC)
        pid = nsys.clone(sample.namespace_flags(req))
        if pid == 0:
            sample.child(req, self.ids, setup_w, in_r, out_w, err_w)
        for fd in (setup_w, in_r, out_w, err_w):
            os.close(fd)
        fds = {"pid": os.pidfd_open(pid), "setup": setup_r, "out": out_r, "err": err_r}
        run = Running(req, pid, fds)
        if run.stdin:
            os.set_blocking(in_w, False)
            fds["in"] = in_w
        else:
            os.close(in_w)
        for name, fd in fds.items():
            event = selectors.EVENT_WRITE if name == "in" else selectors.EVENT_READ
            self.selector.register(fd, event, (run, name))
        self.running.add(run)

    def _close(self, run: Running, name: str) -> None:
        fd = run.fds.pop(name)
        self.selector.unregister(fd)
        os.close(fd)

    def _on_ready(self, run: Running, name: str) -> None:
        fd = run.fds[name]
        if name == "pid":
            _, run.status, run.usage = os.wait4(run.pid, 0)
            run.exited_at = time.monotonic()
            self._close(run, name)
            if "in" in run.fds:
                self._close(run, "in")
        elif name == "in":
            try:
                sent = os.write(fd, run.stdin[:65536])
                run.stdin = run.stdin[sent:]
            except BlockingIOError:
                return
            except BrokenPipeError:
                run.stdin = b""
            if not run.stdin:
                self._close(run, name)
        else:
            chunk = os.read(fd, 65536)
            if not chunk:
                self._close(run, name)
            elif name == "setup":
                run.setup += chunk
            else:
                buf = run.out if name == "out" else run.err
                if len(buf) <= run.cap:
                    buf += chunk[:run.cap + 1 - len(buf)]
                if len(buf) > run.cap:
                    run.kill("output_limit")

    def _finish(self, run: Running) -> None:
        for name in list(run.fds):
            self._close(run, name)
        self.running.discard(run)
        _write_all(1, _frame(run.result()))


def main() -> None:
    for name in _PRELOAD:
        __import__(name)
    assert pyrun.__name__  # imported here so cloned samples find it loaded
    gc.collect()
    gc.freeze()  # keep cloned samples from copying pages the collector touches
    Zygote().serve()


if __name__ == "__main__":
    main()
