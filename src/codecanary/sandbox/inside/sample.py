"""One sample inside the sandbox: a supervisor (A) and the program (B).

The zygote forks A per request. A enters fresh user, mount, pid and ipc
namespaces (optionally net), forks B (pid 1 of the new pid namespace, so when B
ends the kernel kills every process it left behind, daemons included), gives it
a private size-capped tmpfs as ``/work`` and ``/tmp``, then feeds stdin,
captures capped output and enforces the wall clock. B mounts its own ``/proc``
(showing only its namespace), sets rlimits, drops every capability and execs the
program (or, for Python, runs it in the already-initialised interpreter).

Stdlib only: this runs under ``python3 -I -S`` inside bubblewrap.
"""

from __future__ import annotations

import base64
import glob
import os
import resource
import select
import signal
import time
from typing import Any, NoReturn

from codecanary.sandbox.inside import nsys

WORK = "/work"
_MAX_FD = 4096


def supervise(req: dict[str, Any]) -> dict[str, Any]:
    """Run one request to completion and describe what happened (never raises)."""
    try:
        return _supervise(req)
    except Exception as exc:  # the sandbox itself failed, not the program
        return {"status": "sandbox_error", "detail": f"{type(exc).__name__}: {exc}"}


def _supervise(req: dict[str, Any]) -> dict[str, Any]:
    nsys.prctl(nsys.PR_SET_PDEATHSIG, signal.SIGKILL)
    uid, gid = os.getuid(), os.getgid()
    # UTS stays shared: bubblewrap's uts namespace belongs to a user namespace in
    # which samples hold no capability, so they cannot change the hostname anyway.
    flags = nsys.CLONE_NEWUSER | nsys.CLONE_NEWNS | nsys.CLONE_NEWPID | nsys.CLONE_NEWIPC
    if req.get("netns"):
        flags |= nsys.CLONE_NEWNET
    nsys.unshare(flags)
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")

    go_r, go_w = os.pipe()
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        _program(req, go_r, in_r, out_w, err_w)
    for fd in (go_r, in_r, out_w, err_w):
        os.close(fd)
    try:
        _prepare_filesystem(req)
    except Exception:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    os.write(go_w, b"g")
    os.close(go_w)
    return _pump(req, pid, in_w, out_r, err_r)


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def _prepare_filesystem(req: dict[str, Any]) -> None:
    size = int(req["work_mb"])
    nsys.mount("tmpfs", "/sbx", "tmpfs", nsys.MS_NOSUID | nsys.MS_NODEV,
               f"size={size}m,nr_inodes=8192,mode=0755")
    for sub in ("work", "tmp"):
        os.mkdir(f"/sbx/{sub}", 0o755)
    nsys.mount("/sbx/work", WORK, None, nsys.MS_BIND, None)
    nsys.mount("/sbx/tmp", "/tmp", None, nsys.MS_BIND, None)
    nsys.mount("/sbx/tmp", "/dev/shm", None, nsys.MS_BIND, None)
    for name, content in req["files"].items():
        path = os.path.join(WORK, name)
        if os.path.dirname(name):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(content)


def _program(req: dict[str, Any], go_r: int, in_r: int, out_w: int, err_w: int) -> NoReturn:
    """Child B: pid 1 of its namespace. Never returns."""
    try:
        nsys.prctl(nsys.PR_SET_PDEATHSIG, signal.SIGKILL)
        os.setsid()
        if os.read(go_r, 1) != b"g":
            os._exit(126)
        _mount_proc()
        os.dup2(in_r, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.closerange(3, _MAX_FD)
        os.chdir(WORK)
        _set_limits(req)
        nsys.drop_all_capabilities()
        env: dict[str, str] = dict(req["env"])
        if req.get("python"):
            from codecanary.sandbox.inside import pyrun

            pyrun.run(req["python"], env)
        argv: list[str] = list(req["argv"])
        os.execvpe(argv[0], argv, env)
    except BaseException as exc:
        try:
            os.write(2, f"codecanary sandbox: cannot start program: {exc}\n".encode())
        finally:
            os._exit(127)


def _mount_proc() -> None:
    """A fresh /proc for B's pid namespace: it shows only this sample's processes
    (other samples' /proc/<pid>/cwd would expose their work dirs); /proc/sys read-only."""
    nsys.mount("proc", "/proc", "proc", nsys.MS_NOSUID | nsys.MS_NODEV | nsys.MS_NOEXEC, None)
    nsys.mount("/proc/sys", "/proc/sys", None, nsys.MS_BIND | nsys.MS_REC, None)
    nsys.mount("/proc/sys", "/proc/sys", None,
               nsys.MS_BIND | nsys.MS_REMOUNT | nsys.MS_RDONLY, None)


def _set_limits(req: dict[str, Any]) -> None:
    cpu = int(req["cpu_s"])
    limits = [
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_NPROC, req["nproc"], req["nproc"]),
        (resource.RLIMIT_FSIZE, req["fsize_mb"] << 20, req["fsize_mb"] << 20),
        (resource.RLIMIT_NOFILE, req["nofile"], req["nofile"]),
        (resource.RLIMIT_CORE, 0, 0),
    ]
    if req.get("as_mb"):
        limits.append((resource.RLIMIT_AS, req["as_mb"] << 20, req["as_mb"] << 20))
    for which, soft, hard in limits:
        resource.setrlimit(which, (soft, hard))


def _pump(req: dict[str, Any], pid: int, in_w: int, out_r: int, err_r: int) -> dict[str, Any]:
    cap = int(req["out_bytes"])
    stdin = req.get("stdin", "").encode()
    start = time.monotonic()
    deadline = start + float(req["timeout_s"])
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray()}
    open_fds = {out_r, err_r}
    os.set_blocking(in_w, False)
    if not stdin:
        os.close(in_w)
        in_w = -1
    verdict = ""
    exited = False
    status = 0
    usage: Any = None
    while True:
        now = time.monotonic()
        if not exited and now >= deadline:
            verdict = verdict or "timeout"
            os.kill(pid, signal.SIGKILL)
        wait_for = max(0.01, deadline - now) if not exited else 0.5
        readers = [*open_fds] + ([] if exited else [pidfd])
        writers = [in_w] if in_w >= 0 else []
        if exited and not open_fds:
            break
        ready_r, ready_w, _ = select.select(readers, writers, [], wait_for)
        if exited and not ready_r:
            break  # grace period over; nothing in the namespace is alive any more
        if ready_w:
            try:
                sent = os.write(in_w, stdin[:65536])
                stdin = stdin[sent:]
            except BrokenPipeError:
                stdin = b""
            if not stdin:
                os.close(in_w)
                in_w = -1
        for fd in ready_r:
            if fd == pidfd:
                _, status, usage = os.wait4(pid, 0)
                exited = True
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.discard(fd)
                continue
            buf = bufs[fd]
            buf += chunk[: cap + 1 - len(buf)] if len(buf) <= cap else b""
            if len(buf) > cap and not verdict:
                verdict = "output_limit"
                os.kill(pid, signal.SIGKILL)
    wall = time.monotonic() - start
    for fd in (*open_fds, pidfd, in_w):
        if fd >= 0:
            os.close(fd)
    result: dict[str, Any] = {
        "wall_s": wall,
        "cpu_s": (usage.ru_utime + usage.ru_stime) if usage else 0.0,
        "maxrss_kb": usage.ru_maxrss if usage else 0,
        "stdout": base64.b64encode(bytes(bufs[out_r][:cap])).decode(),
        "stderr": base64.b64encode(bytes(bufs[err_r][:cap])).decode(),
        "truncated": any(len(b) > cap for b in bufs.values()),
    }
    if os.WIFSIGNALED(status):
        result["signal"] = os.WTERMSIG(status)
    else:
        result["exit_code"] = os.WEXITSTATUS(status)
    if verdict:
        result["status"] = verdict
    elif result.get("signal") == signal.SIGXCPU or (
        result.get("signal") == signal.SIGKILL and result["cpu_s"] >= int(req["cpu_s"])
    ):
        result["status"] = "timeout"
        result["detail"] = "CPU-time limit reached"
    elif "signal" in result:
        result["status"] = "killed"
    else:
        result["status"] = "ok" if result["exit_code"] == 0 else "failed"
    if result["status"] == "ok" and req.get("collect"):
        result["artefacts"] = _collect(req["collect"])
    return result


def _collect(patterns: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern in patterns:
        for path in glob.glob(os.path.join("/sbx/work", pattern)):
            if os.path.isfile(path):
                with open(path, "rb") as fh:
                    rel = os.path.relpath(path, "/sbx/work")
                    found[rel] = base64.b64encode(fh.read()).decode()
    return found
