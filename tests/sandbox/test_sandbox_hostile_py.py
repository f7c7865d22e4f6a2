"""Hostile Python programs: each must leave the host, the sandbox and a concurrent canary intact."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest

from codecanary.sandbox import ExecRequest
from codecanary.sandbox.bwrap import BwrapSandbox

from .conftest import run_hostile

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROJECT = str(Path(__file__).resolve().parents[2])


def py(source: str) -> dict[str, str]:
    return {"main.py": source}


async def test_fork_bomb(sandbox: BwrapSandbox) -> None:
    src = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
    result = await run_hostile(sandbox, "python", py(src), timeout_s=2)
    assert result.status.value in {"timeout", "killed", "failed"}


async def test_memory_bomb(sandbox: BwrapSandbox) -> None:
    src = "blocks = []\nwhile True:\n    blocks.append(bytearray(16 << 20))\n"
    result = await run_hostile(sandbox, "python", py(src), memory_mb=200)
    assert result.status.value == "memory_limit"


async def test_disk_fill_work_dir(sandbox: BwrapSandbox) -> None:
    src = """
chunk = b"x" * (1 << 20)
n = 0
try:
    for i in range(10000):
        with open(f"fill{i}", "wb") as fh:
            for _ in range(8):
                fh.write(chunk)
                n += 1
except OSError as exc:
    print("stopped", n, exc.errno)
    raise SystemExit(3)
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "failed" and result.exit_code == 3
    assert "stopped" in result.stdout


@pytest.mark.parametrize("where", ["/tmp", "/dev/shm"])
async def test_disk_fill_tmp(sandbox: BwrapSandbox, where: str) -> None:
    src = f"""
import os
try:
    with open("{where}/fill", "wb") as fh:
        while True:
            fh.write(b"y" * (1 << 20))
except OSError as exc:
    print("stopped", exc.errno)
    raise SystemExit(3)
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.exit_code == 3 or result.status.value == "killed"


async def test_endless_output(sandbox: BwrapSandbox) -> None:
    result = await run_hostile(sandbox, "python", py("while True:\n    print('spam' * 100)\n"))
    assert result.status.value == "output_limit"
    assert len(result.stdout.encode()) <= 64 * 1024


async def test_network_connect_to_host_loopback(sandbox: BwrapSandbox) -> None:
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append("connection")
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    src = f"""
import socket
ok = []
for host in ("127.0.0.1", "localhost", "10.0.2.2", "8.8.8.8"):
    try:
        socket.create_connection((host, {port}), timeout=0.5).close()
        ok.append(host)
    except OSError as exc:
        print(host, "refused", exc)
print("connected:", ok)
raise SystemExit(1 if ok else 0)
"""
    try:
        result = await run_hostile(sandbox, "python", py(src))
    finally:
        server.close()
        await server.wait_closed()
    assert result.status.value == "ok", result.stdout
    assert seen == []


async def test_reads_host_files_and_secrets(sandbox: BwrapSandbox, tmp_path: Path) -> None:
    secret = f"s3cret-{uuid.uuid4().hex}"
    host_file = Path("/tmp") / f"codecanary-host-{uuid.uuid4().hex}"
    host_file.write_text(secret)
    host_file.chmod(0o644)
    os.environ["CODECANARY_TEST_SECRET"] = secret
    src = f"""
import os
leaks = [k + "=" + v for k, v in os.environ.items()]
for path in ["{host_file}", "/etc/shadow", "/root", "/home", "{PROJECT}", "/work/../root",
             "/proc/1/environ", "/etc/hostname", "/var", "/srv", "{tmp_path}"]:
    try:
        if os.path.isdir(path):
            leaks.append(path + ":" + ",".join(os.listdir(path)))
        else:
            with open(path) as fh:
                leaks.append(path + ":" + fh.read())
    except OSError as exc:
        pass
print("\\n".join(leaks))
"""
    try:
        result = await run_hostile(sandbox, "python", py(src))
    finally:
        del os.environ["CODECANARY_TEST_SECRET"]
        host_file.unlink()
    assert result.status.value == "ok"
    assert secret not in result.stdout
    assert PROJECT not in result.stdout
    env_names = {line.split("=", 1)[0] for line in result.stdout.splitlines()
                 if "=" in line and not line.startswith("/")}
    assert env_names <= {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONHASHSEED",
                         "PYTHONDONTWRITEBYTECODE"}


async def test_writes_outside_work_dir(sandbox: BwrapSandbox) -> None:
    marker = f"codecanary-hostile-{uuid.uuid4().hex}"
    src = f"""
import os
written = []
for d in ["/", "/usr", "/etc", "/cache", "/cache/build", "/cc", "/opt", "/bin", "/proc/sys/kernel",
          "/sbx/..", "/dev"]:
    try:
        with open(os.path.join(d, "{marker}"), "w") as fh:
            fh.write("x")
        written.append(d)
    except OSError:
        pass
with open("/tmp/{marker}", "w") as fh:  # private /tmp: allowed, invisible to the host
    fh.write("x")
print("written:", written)
raise SystemExit(1 if written else 0)
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok", result.stdout
    assert not Path("/tmp", marker).exists()
    assert not list(sandbox.cache.root.rglob(marker))


async def test_kill_parent_and_everything(sandbox: BwrapSandbox) -> None:
    src = """
import os, signal
for target in (os.getppid(), -1, 0, 1, 2, 3):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
print("still here")
"""
    await run_hostile(sandbox, "python", py(src))
    after = await sandbox.execute(ExecRequest(language="python", files=py("print(6*7)")))
    assert after.stdout == "42\n"


async def test_daemonizing_child_is_killed(sandbox: BwrapSandbox) -> None:
    src = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 3)
        time.sleep(60)
        os._exit(0)
    os._exit(0)
print("parent done")
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok"


async def test_ignores_sigterm(sandbox: BwrapSandbox) -> None:
    src = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    time.sleep(0.1)
"""
    result = await run_hostile(sandbox, "python", py(src), timeout_s=1)
    assert result.status.value == "timeout"
    assert 0.9 < result.wall_s < 3


async def test_cpu_spin_hits_timeout(sandbox: BwrapSandbox) -> None:
    result = await run_hostile(sandbox, "python", py("while True:\n    pass\n"), timeout_s=1)
    assert result.status.value == "timeout"


async def test_exhaust_file_descriptors(sandbox: BwrapSandbox) -> None:
    src = """
fds = []
try:
    while True:
        fds.append(open("/dev/null"))
except OSError as exc:
    print("fds", len(fds))
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok"
    assert int(result.stdout.split()[1]) < 300


async def test_exhaust_pids_with_threads(sandbox: BwrapSandbox) -> None:
    src = """
import threading, time
threads = []
try:
    while True:
        t = threading.Thread(target=time.sleep, args=(0.5,), daemon=True)
        t.start()
        threads.append(t)
except RuntimeError:
    print("threads", len(threads))
"""
    result = await run_hostile(sandbox, "python", py(src), max_processes=32)
    assert result.status.value == "ok", result
    assert int(result.stdout.split()[1]) < 32


async def test_mount_unshare_chroot_ptrace(sandbox: BwrapSandbox) -> None:
    src = r"""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
wins = []
if libc.mount(b"tmpfs", b"/usr", b"tmpfs", 0, None) == 0:
    wins.append("mount")
if libc.mount(b"none", b"/usr", None, 32 | 4096, None) == 0:  # MS_REMOUNT|MS_BIND rw
    wins.append("remount")
try:
    os.chroot("/tmp")
    wins.append("chroot")
except OSError:
    pass
PTRACE_ATTACH = 16
for pid in range(2, 50):
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
        wins.append(f"ptrace {pid}")
# A nested user namespace grants capabilities only over itself.
if libc.unshare(0x10000000 | 0x00020000) == 0:
    if libc.mount(b"none", b"/usr", None, 32 | 4096, None) == 0:
        wins.append("remount after unshare")
    try:
        with open("/usr/codecanary-pwned", "w") as fh:
            fh.write("x")
        wins.append("write /usr after unshare")
    except OSError:
        pass
    try:
        with open("/proc/sys/kernel/hostname", "w") as fh:
            fh.write("pwned")
        wins.append("sysctl")
    except OSError:
        pass
print("wins:", wins)
raise SystemExit(1 if wins else 0)
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok", result.stdout + result.stderr
    assert not Path("/usr/codecanary-pwned").exists()


async def test_symlinks_to_host_files(sandbox: BwrapSandbox) -> None:
    secret = f"s3cret-{uuid.uuid4().hex}"
    host_file = Path("/tmp") / f"codecanary-link-{uuid.uuid4().hex}"
    host_file.write_text(secret)
    src = f"""
import os
out = []
for i, target in enumerate(["{host_file}", "/etc/shadow", "/proc/1/root/etc/passwd",
                            "/root/.bashrc", "/../../{host_file}"]):
    os.symlink(target, f"link{{i}}")
    try:
        with open(f"link{{i}}") as fh:
            out.append(fh.read())
    except OSError:
        pass
print(out)
"""
    try:
        result = await run_hostile(sandbox, "python", py(src))
    finally:
        host_file.unlink()
    assert result.status.value == "ok"
    assert secret not in result.stdout


async def test_invalid_utf8_output(sandbox: BwrapSandbox) -> None:
    src = ("import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe\\xc3\\x28 done\\n')\n"
           "sys.stderr.buffer.write(b'\\x80\\x81')\n")
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok"
    assert result.stdout.startswith("ok ") and result.stdout.endswith(" done\n")
    assert "\ufffd" in result.stdout and "\ufffd" in result.stderr
    result.stdout.encode("utf-8")  # always valid text


async def test_sysv_ipc_does_not_persist(sandbox: BwrapSandbox) -> None:
    make = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
shmid = libc.shmget(0x5EED, 1 << 20, 0o1000 | 0o666)  # IPC_CREAT
print("created", shmid)
"""
    look = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print("found", libc.shmget(0x5EED, 0, 0o666))
"""
    first = await run_hostile(sandbox, "python", py(make))
    assert int(first.stdout.split()[1]) >= 0
    second = await run_hostile(sandbox, "python", py(look))
    assert second.stdout.split()[1] == "-1"


async def test_cannot_see_concurrent_samples(sandbox: BwrapSandbox) -> None:
    secret = uuid.uuid4().hex
    holder = f"""
import time
with open("mine.txt", "w") as fh:
    fh.write("{secret}")
time.sleep(1.0)
"""
    snoop = f"""
import os, time
needle = "{secret[::-1]}"[::-1]  # not written literally, or it would find itself
time.sleep(0.3)
found = []
for pid in os.listdir("/proc"):
    if pid.isdigit() and pid != "1":
        found.append(pid)
walks = [os.walk(top, onerror=lambda e: None)
         for top in ("/work", "/tmp", "/sbx", "/dev/shm", "/cache", "/cc", "/etc")]
walks.append(iter([("/", [], os.listdir("/"))]))
for root, dirs, files in (entry for walk in walks for entry in walk):
    if root.startswith("/cache/build"):
        dirs[:] = []
    for name in files:
        try:
            with open(os.path.join(root, name)) as fh:
                if needle in fh.read(100000):
                    found.append(os.path.join(root, name))
        except (OSError, UnicodeDecodeError):
            pass
print("found:", found)
raise SystemExit(1 if found else 0)
"""
    hold = asyncio.ensure_future(
        sandbox.execute(ExecRequest(language="python", files=py(holder))))
    result = await run_hostile(sandbox, "python", py(snoop))
    assert (await hold).status.value == "ok"
    assert result.status.value == "ok", result.stdout


async def test_cannot_read_other_samples_builds(sandbox: BwrapSandbox) -> None:
    built = await sandbox.execute(ExecRequest(
        language="cpp", files={"main.cpp": "int main() { return 0; }\n"}))
    assert built.status.value == "ok"
    assert any(sandbox.cache.builds.iterdir())
    src = """
import os
seen = [os.path.join(r, f) for top in ("/cache", "/art") for r, _, fs in os.walk(top) for f in fs]
print(seen)
raise SystemExit(1 if seen else 0)
"""
    result = await run_hostile(sandbox, "python", py(src))
    assert result.status.value == "ok", result.stdout
