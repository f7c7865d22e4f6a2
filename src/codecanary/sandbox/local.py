"""Unisolated subprocess backend — UNSAFE, for machines without bubblewrap.

It runs the program as the current user with only a wall-clock timeout, an
output cap and a fresh temporary directory. Generated code can read and write
anything this user can. Use it only by explicit opt-in (``--sandbox local``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from codecanary.errors import SandboxUnavailable
from codecanary.languages import run_spec
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus


def _decode(data: bytes, limit: int) -> tuple[str, bool]:
    return data[:limit].decode("utf-8", errors="replace"), len(data) > limit


class LocalSandbox:
    name = "local"

    async def execute(self, request: ExecRequest) -> ExecResult:
        language = run_spec(request.language)
        missing = [tool for tool in language.toolchain if shutil.which(tool) is None]
        if missing:
            raise SandboxUnavailable(
                f"{request.language} toolchain not found ({', '.join(missing)}); install it"
            )
        limits = request.limits
        with tempfile.TemporaryDirectory(prefix="codecanary-") as workdir:
            for name, content in request.files.items():
                path = Path(workdir, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
            compile_output = ""
            start = time.monotonic()
            if language.compile_argv:
                result = await self._run(language.compile_argv, workdir, "", limits.timeout_s * 6,
                                         limits.output_bytes, language.env, limits.memory_mb)
                compile_output = result.stderr + result.stdout
                if result.status is not ExecStatus.OK:
                    return result.model_copy(update={"status": ExecStatus.COMPILE_ERROR,
                                                     "compile_output": compile_output})
            result = await self._run(language.run_argv, workdir, request.stdin, limits.timeout_s,
                                     limits.output_bytes, language.env, limits.memory_mb)
            wall = time.monotonic() - start
            return result.model_copy(update={"compile_output": compile_output, "wall_s": wall})

    async def _run(self, argv: tuple[str, ...], workdir: str, stdin: str, timeout: float,
                   output_bytes: int, language_env: dict[str, str] | None = None,
                   memory_mb: int = 1024) -> ExecResult:
        subst = {"{dir}": workdir, "{art}": workdir, "{memory_mb}": str(memory_mb)}
        parts = []
        for part in argv:
            for key, value in subst.items():
                part = part.replace(key, value)
            parts.append(part)
        argv = tuple(parts)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir,
               "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        # Language variables name sandbox paths (/work); point them at this work dir.
        env.update({k: v.replace("/work", workdir) for k, v in (language_env or {}).items()})
        start = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            *argv, cwd=workdir, env=env, start_new_session=True,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        status: ExecStatus | None = None
        try:
            out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout)
        except TimeoutError:
            status = ExecStatus.TIMEOUT
            out, err = b"", b""
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
        stdout, cut_out = _decode(out, output_bytes)
        stderr, cut_err = _decode(err, output_bytes)
        code = proc.returncode
        if status is None:
            if cut_out or cut_err:
                status = ExecStatus.OUTPUT_LIMIT
            elif code == 0:
                status = ExecStatus.OK
            elif code is not None and code < 0:
                status = ExecStatus.KILLED
            else:
                status = ExecStatus.FAILED
        return ExecResult(
            status=status,
            exit_code=code if code is not None and code >= 0 else None,
            signal=-code if code is not None and code < 0 else None,
            stdout=stdout, stderr=stderr, wall_s=time.monotonic() - start,
        )

    async def aclose(self) -> None:
        return None
