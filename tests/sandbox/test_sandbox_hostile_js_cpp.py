"""Hostile JavaScript and C++ programs (C++ is the compiled language of the corpus)."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest

from codecanary.sandbox.bwrap import BwrapSandbox

from .conftest import run_hostile

pytestmark = pytest.mark.asyncio(loop_scope="module")


def js(source: str) -> dict[str, str]:
    return {"main.js": source}


def cpp(source: str) -> dict[str, str]:
    return {"main.cpp": source}


# -- JavaScript ----------------------------------------------------------------------------

async def test_js_fork_bomb(sandbox: BwrapSandbox) -> None:
    src = """
const { spawn } = require('node:child_process');
function bomb() {
  try { spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1000)']).on('error', () => {}); }
  catch (e) {}
  setImmediate(bomb);
}
bomb();
"""
    result = await run_hostile(sandbox, "javascript", js(src), timeout_s=2)
    assert result.status.value in {"timeout", "killed", "failed", "memory_limit"}


async def test_js_memory_bomb(sandbox: BwrapSandbox) -> None:
    src = "const a = []; while (true) { a.push(new Array(1 << 20).fill(7)); }\n"
    result = await run_hostile(sandbox, "javascript", js(src), memory_mb=128, timeout_s=10)
    assert result.status.value == "memory_limit", result


async def test_js_endless_output(sandbox: BwrapSandbox) -> None:
    src = "const s = 'x'.repeat(4096); (function w(){ process.stdout.write(s, w); })();\n"
    result = await run_hostile(sandbox, "javascript", js(src))
    assert result.status.value == "output_limit"


async def test_js_network_and_secrets(sandbox: BwrapSandbox) -> None:
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append("connection")
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    secret = f"s3cret-{uuid.uuid4().hex}"
    os.environ["CODECANARY_TEST_SECRET"] = secret
    src = f"""
const net = require('node:net');
const fs = require('node:fs');
console.log(JSON.stringify(process.env));
for (const p of ['/etc/shadow', '/root', '/home', '{Path.cwd()}']) {{
  try {{ console.log(p, fs.readdirSync(p)); }} catch (e) {{}}
}}
const s = net.connect({port}, '127.0.0.1');
s.on('connect', () => {{ console.log('CONNECTED'); process.exit(1); }});
s.on('error', (e) => {{ console.log('refused', e.code); }});
"""
    try:
        result = await run_hostile(sandbox, "javascript", js(src))
    finally:
        del os.environ["CODECANARY_TEST_SECRET"]
        server.close()
        await server.wait_closed()
    assert result.status.value == "ok", result
    assert "CONNECTED" not in result.stdout and secret not in result.stdout
    assert seen == []


async def test_js_daemon_and_sigterm(sandbox: BwrapSandbox) -> None:
    src = """
const { spawn } = require('node:child_process');
const code = 'process.on("SIGTERM",()=>{}); setInterval(()=>{},1000)';
const child = spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' });
child.unref();
process.on('SIGTERM', () => {});
console.log('spawned', child.pid);
"""
    result = await run_hostile(sandbox, "javascript", js(src))
    assert result.status.value == "ok"


async def test_js_write_outside_and_kill(sandbox: BwrapSandbox) -> None:
    marker = f"codecanary-hostile-{uuid.uuid4().hex}"
    src = f"""
const fs = require('node:fs');
const wins = [];
for (const d of ['/', '/usr', '/etc', '/cache', '/cc', '/dev']) {{
  try {{ fs.writeFileSync(d + '/{marker}', 'x'); wins.push(d); }} catch (e) {{}}
}}
for (const pid of [-1, 0, 1]) {{ try {{ process.kill(pid, 'SIGKILL'); }} catch (e) {{}} }}
console.log('wins', wins);
"""
    result = await run_hostile(sandbox, "javascript", js(src))
    assert "wins [ '" not in result.stdout
    assert result.status.value in {"ok", "killed"}
    assert not Path("/tmp", marker).exists()


async def test_js_invalid_utf8(sandbox: BwrapSandbox) -> None:
    src = "process.stdout.write(Buffer.from([0x6f, 0x6b, 0xff, 0xc3, 0x28, 0x0a]));\n"
    result = await run_hostile(sandbox, "javascript", js(src))
    assert result.status.value == "ok" and result.stdout.startswith("ok\ufffd")


# -- C++ -----------------------------------------------------------------------------------

async def test_cpp_fork_bomb(sandbox: BwrapSandbox) -> None:
    src = "#include <unistd.h>\nint main(){ while (true) fork(); }\n"
    result = await run_hostile(sandbox, "cpp", cpp(src), timeout_s=2)
    assert result.status.value in {"timeout", "killed", "failed"}


async def test_cpp_memory_bomb(sandbox: BwrapSandbox) -> None:
    src = """
#include <vector>
#include <cstring>
int main() {
  std::vector<char*> keep;
  while (true) { char* p = new char[16 << 20]; std::memset(p, 1, 16 << 20); keep.push_back(p); }
}
"""
    result = await run_hostile(sandbox, "cpp", cpp(src), memory_mb=128)
    assert result.status.value == "memory_limit", result


async def test_cpp_endless_output_and_invalid_utf8(sandbox: BwrapSandbox) -> None:
    src = '#include <cstdio>\nint main(){ for(;;) fputs("\\xff\\xfe garbage \\xc3", stdout); }\n'
    result = await run_hostile(sandbox, "cpp", cpp(src))
    assert result.status.value == "output_limit"
    result.stdout.encode("utf-8")


async def test_cpp_daemon_kill_pid_minus_one(sandbox: BwrapSandbox) -> None:
    src = """
#include <signal.h>
#include <unistd.h>
#include <cstdio>
int main() {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) { signal(SIGTERM, SIG_IGN); for (;;) pause(); }
    _exit(0);
  }
  kill(getppid(), SIGKILL);
  kill(-1, SIGKILL);
  puts("survived");
  return 0;
}
"""
    result = await run_hostile(sandbox, "cpp", cpp(src))
    assert result.status.value in {"ok", "killed"}


async def test_cpp_mount_chroot_ptrace_fd_exhaustion(sandbox: BwrapSandbox) -> None:
    src = """
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <unistd.h>
#include <fcntl.h>
#include <cstdio>
int main() {
  int wins = 0;
  if (mount("tmpfs", "/usr", "tmpfs", 0, nullptr) == 0) { puts("mount"); wins++; }
  if (chroot("/tmp") == 0) { puts("chroot"); wins++; }
  for (int pid = 2; pid < 64; pid++) if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0) { wins++; }
  int n = 0; while (open("/dev/null", O_RDONLY) >= 0) n++;
  printf("fds %d\\n", n);
  return wins;
}
"""
    result = await run_hostile(sandbox, "cpp", cpp(src))
    assert result.status.value == "ok", result
    assert int(result.stdout.split()[-1]) < 300
