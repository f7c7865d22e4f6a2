"""The sample side: what runs in the process the zygote clones for one request.

The zygote clones the sample straight into fresh user, mount, pid and ipc
namespaces (optionally net): it is pid 1 of its own pid namespace, so when it
ends the kernel kills every process it left behind, daemons included. Before
running anything it mounts a private size-capped tmpfs as ``/work``, ``/tmp``
and ``/dev/shm``, binds its own build artefacts (if any) at ``/art``, hides the
rest of the build cache, writes the source files, mounts its own ``/proc`` (showing
only its namespace, ``/proc/sys`` read-only), moves its stdio onto the
zygote's pipes, sets rlimits, drops every capability and then execs the program
(or, for Python, runs it in the already-initialised interpreter).

It reports on a private "setup" pipe (fd 3): ``ok`` once the program is about to
start, ``E:<reason>`` if the sandbox itself failed, or, for builds, ``R`` and a
JSON report with the compiler's wait status and the artefacts.

Stdlib only: this runs under ``python3 -I -S`` inside bubblewrap.
"""

from __future__ import annotations

import base64
import fcntl
import glob
import json
import os
import resource
import signal
from typing import Any, NoReturn

from codecanary.sandbox.inside import nsys

WORK = "/work"
SETUP_FD = 3
_MAX_FD = 65536


def namespace_flags(req: dict[str, Any]) -> int:
    # UTS stays shared: bubblewrap's uts namespace belongs to a user namespace in
    # which samples hold no capability, so they cannot change the hostname anyway.
    flags = nsys.CLONE_NEWUSER | nsys.CLONE_NEWNS | nsys.CLONE_NEWPID | nsys.CLONE_NEWIPC
    if req.get("netns"):
        flags |= nsys.CLONE_NEWNET
    return flags


def child(req: dict[str, Any], ids: tuple[int, int], setup_w: int, in_r: int, out_w: int,
          err_w: int) -> NoReturn:
    """Body of the cloned sample process. Never returns.

    ``ids`` are the zygote's uid and gid, mapped to themselves in the new user namespace.
    """
    report = setup_w
    try:
        nsys.prctl(nsys.PR_SET_PDEATHSIG, signal.SIGKILL)
        _map_ids(*ids)
        os.setsid()
        _prepare_filesystem(req)
        _mount_proc()
        # Lift the pipe ends above the target numbers before placing them.
        setup_w, in_r, out_w, err_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 16)
                                       for fd in (setup_w, in_r, out_w, err_w))
        report = setup_w
        os.dup2(setup_w, SETUP_FD)
        report = SETUP_FD
        os.set_inheritable(SETUP_FD, False)  # closed by exec: programs never see it
        os.dup2(in_r, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.closerange(SETUP_FD + 1, _MAX_FD)
        os.chdir(WORK)
        env: dict[str, str] = dict(req["env"])
        argv: list[str] = list(req["argv"])
        if req.get("collect") is not None:
            _build(req, argv, env)
        if req.get("nice"):
            os.nice(int(req["nice"]))
        _set_limits(req)
        nsys.drop_all_capabilities()
        os.write(SETUP_FD, b"ok")
        if req.get("python"):
            os.close(SETUP_FD)
            from codecanary.sandbox.inside import pyrun

            pyrun.run(req["python"], env)
        os.execvpe(argv[0], argv, env)
        raise OSError("exec returned")
    except BaseException as exc:
        try:
            os.write(report, f"E:{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(125)


def _map_ids(uid: int, gid: int) -> None:
    """Map our own uid/gid (and nothing else) into the new user namespace.

    A process may write its own single-id map (user_namespaces(7)), so the sample
    does it itself: the zygote, which serves every sample from one thread, no longer
    writes three /proc files per sample and the sample does not wait for it.
    """
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)


def _prepare_filesystem(req: dict[str, Any]) -> None:
    size = int(req["work_mb"])
    nsys.mount("tmpfs", "/sbx", "tmpfs", nsys.MS_NOSUID | nsys.MS_NODEV,
               f"size={size}m,nr_inodes=8192,mode=0755")
    for sub in ("work", "tmp"):
        os.mkdir(f"/sbx/{sub}", 0o755)
    nsys.mount("/sbx/work", WORK, None, nsys.MS_BIND, None)
    nsys.mount("/sbx/tmp", "/tmp", None, nsys.MS_BIND, None)
    nsys.mount("/sbx/tmp", "/dev/shm", None, nsys.MS_BIND, None)
    # Only this sample's own build artefacts are visible; the rest of the build
    # cache (other samples' programs) is hidden under an empty read-only tmpfs.
    if req.get("art"):
        nsys.mount(req["art"], "/art", None, nsys.MS_BIND, None)
    nsys.mount("tmpfs", "/cache", "tmpfs", nsys.MS_RDONLY | nsys.MS_NOSUID | nsys.MS_NODEV,
               "size=4k,nr_inodes=2")
    for name, content in req["files"].items():
        path = os.path.join(WORK, name)
        if os.path.dirname(name):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(content)


def _mount_proc() -> None:
    """A fresh /proc for this pid namespace: other samples' /proc/<pid>/cwd would
    otherwise expose their work dirs (same uid, so ptrace-style checks pass)."""
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


def _build(req: dict[str, Any], argv: list[str], env: dict[str, str]) -> NoReturn:
    """Run the compiler as a child, then report its status and artefacts on fd 3."""
    nsys.prctl(nsys.PR_SET_DUMPABLE, 0)  # the compiler child must not ptrace us
    pid = os.fork()
    if pid == 0:
        try:
            os.close(SETUP_FD)
            _set_limits(req)
            nsys.drop_all_capabilities()
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    artefacts = _collect(req["collect"]) if status == 0 else {}
    data = json.dumps({"wait_status": status, "artefacts": artefacts}).encode()
    view = memoryview(b"R" + data)
    while view:
        view = view[os.write(SETUP_FD, view):]
    os._exit(0)


def _collect(patterns: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern in patterns:
        for path in glob.glob(os.path.join(WORK, pattern)):
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    found[os.path.relpath(path, WORK)] = base64.b64encode(fh.read()).decode()
    return found
