"""``command``: any CLI coding agent (e.g. ``claude -p``) as a provider.

Each call runs the command in a fresh temporary directory (deleted afterwards)
as its own process group, so a timeout kills the agent and everything it
spawned. The prompt goes on stdin unless the command mentions ``{prompt}`` (the
prompt as one argument) or ``{prompt_file}`` (the path of a file holding it);
``{model}``, ``{task_id}``, ``{language}`` and ``{sample_index}`` are replaced by the
subject's model and the sample's task id, language and index, which agents and
replay scripts need; the same three also arrive as ``CODECANARY_TASK_ID``,
``CODECANARY_LANGUAGE`` and ``CODECANARY_SAMPLE_INDEX``. The response is stdout.

The environment is not inherited: only ``PATH``, ``HOME``, ``LANG``, the
sample's ``CODECANARY_*`` facts and the names the user lists in ``env`` pass
through, so a benchmark run cannot leak unrelated secrets into an agent. A
string command is split with :mod:`shlex`; a shell is used only when
``shell = true`` is set explicitly.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from codecanary.providers._common import one_line, parse_options
from codecanary.providers.base import (
    GenerateRequest,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)

_NAME = "command"
_BASE_ENV = ("PATH", "HOME", "LANG")


class CommandOptions(BaseModel):
    """Options of the ``command`` provider (a subject's ``options`` table)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command: list[str] | str
    shell: bool = False
    timeout_s: float = Field(default=600.0, gt=0)
    env: list[str] = Field(default_factory=list)
    """Names of environment variables passed through (besides PATH, HOME, LANG)."""
    set_env: dict[str, str] = Field(default_factory=dict)
    """Fixed values added to the environment (recorded in the fingerprint)."""
    retryable_exit_codes: list[int] = Field(default_factory=list)
    retry_on_timeout: bool = False
    """A slow agent is usually the agent's own behaviour, so by default a timeout is
    final (the sample is an ``infra_error``); set true for flaky hosted back ends."""
    version_command: list[str] | str | None = None
    max_output_bytes: int = Field(default=10_000_000, gt=0)

    @field_validator("command")
    @classmethod
    def _not_empty(cls, value: list[str] | str) -> list[str] | str:
        if not (value.strip() if isinstance(value, str) else value):
            raise ValueError("command is empty")
        return value


def _argv(command: list[str] | str, shell: bool) -> list[str]:
    if isinstance(command, list) or shell:
        return list(command) if isinstance(command, list) else [command]
    try:
        return shlex.split(command)
    except ValueError as exc:
        raise ProviderConfigError(f"command provider: cannot parse command: {exc}") from None


class CommandProvider(ProviderBase):
    """Runs a user's command once per sample; the response is its stdout."""

    name: ClassVar[str] = _NAME

    def __init__(self, *, model: str, options: Mapping[str, Any]) -> None:
        self.model = model
        self.options = parse_options(CommandOptions, options, _NAME)
        self._argv = _argv(self.options.command, self.options.shell)
        joined = " ".join(self._argv)
        self._stdin = "{prompt}" not in joined and "{prompt_file}" not in joined
        self._version: str | None = None

    def __repr__(self) -> str:
        return f"CommandProvider(model={self.model!r}, command={self._argv!r})"

    def _env(self, request: GenerateRequest | None = None) -> dict[str, str]:
        env = {name: os.environ[name] for name in (*_BASE_ENV, *self.options.env)
               if name in os.environ}
        env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
        if request is not None:
            env.update(_sample_facts(request))
        env.update(self.options.set_env)
        return env

    def _substitute(self, request: GenerateRequest, prompt_file: str) -> list[str]:
        values = {"{prompt}": request.prompt, "{prompt_file}": prompt_file, "{model}": self.model,
                  "{task_id}": request.task_id, "{language}": request.language,
                  "{sample_index}": str(request.sample_index)}
        quote = shlex.quote if self.options.shell else str
        out = []
        for part in self._argv:
            for placeholder, value in values.items():
                part = part.replace(placeholder, quote(value))
            out.append(part)
        return out

    async def generate(self, request: GenerateRequest) -> Response:
        """Run the command once with ``request.prompt``."""
        with tempfile.TemporaryDirectory(prefix="codecanary-agent-") as workdir:
            prompt_file = Path(workdir, ".codecanary-prompt.txt")
            if not self._stdin:
                prompt_file.write_text(request.prompt, encoding="utf-8")
            argv = self._substitute(request, str(prompt_file))
            stdin = request.prompt.encode("utf-8") if self._stdin else b""
            start = time.monotonic()
            code, out, err, timed_out = await self._run(argv, workdir, stdin,
                                                        self.options.timeout_s, request)
            latency = time.monotonic() - start
        if timed_out:
            raise ProviderError(
                f"command: {self._argv[0]!r} did not finish within {self.options.timeout_s:g}s "
                "(killed)", retryable=self.options.retry_on_timeout)
        if len(out) > self.options.max_output_bytes:
            raise ProviderError(f"command: {self._argv[0]!r} wrote more than "
                                f"{self.options.max_output_bytes} bytes", retryable=False)
        if code != 0:
            tail = one_line(err.decode("utf-8", "replace")[-400:], 200) or "no stderr"
            raise ProviderError(f"command: {self._argv[0]!r} exited with {code}: {tail}",
                                retryable=code in self.options.retryable_exit_codes)
        return Response(text=out.decode("utf-8", "replace"), model=None, finish_reason="stop",
                        latency_s=latency, raw={"exit_code": code})

    async def _run(self, argv: list[str], cwd: str, stdin: bytes, timeout: float,
                   request: GenerateRequest | None = None
                   ) -> tuple[int | None, bytes, bytes, bool]:
        env = self._env(request)
        try:
            if self.options.shell:
                proc = await asyncio.create_subprocess_shell(
                    argv[0], cwd=cwd, env=env, start_new_session=True,
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            else:
                proc = await asyncio.create_subprocess_exec(
                    *argv, cwd=cwd, env=env, start_new_session=True,
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise ProviderConfigError(
                f"command provider: cannot start {argv[0]!r}: {exc.strerror or exc}") from None
        timed_out = False
        try:
            out, err = await asyncio.wait_for(proc.communicate(stdin), timeout)
        except TimeoutError:
            timed_out, out, err = True, b"", b""
        finally:
            # The agent may leave children behind (servers, watchers); the whole
            # session goes, finished or not.
            _kill_group(proc.pid)
            # A grandchild that escaped the group (its own setsid) can hold the
            # pipes open forever; never let it hang the run.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), 5.0)
        return proc.returncode, out, err, timed_out

    def _version_argv(self) -> list[str] | None:
        command = self.options.version_command
        return None if command is None else _argv(command, self.options.shell)

    async def describe(self) -> dict[str, Any]:
        """The version command's output (run once, then cached)."""
        argv = self._version_argv()
        if argv is None:
            return {}
        if self._version is None:
            code, out, err, timed_out = await self._run(argv, tempfile.gettempdir(), b"", 30.0)
            self._version = _version_text(code, out, err, timed_out)
        return {"agent_version": self._version}

def _sample_facts(request: GenerateRequest) -> dict[str, str]:
    return {"CODECANARY_TASK_ID": request.task_id, "CODECANARY_LANGUAGE": request.language,
            "CODECANARY_SAMPLE_INDEX": str(request.sample_index)}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _version_text(code: int | None, out: bytes, err: bytes, timed_out: bool) -> str:
    if timed_out:
        return "unknown (version command timed out)"
    text = (out or err).decode("utf-8", "replace").strip()
    if code != 0:
        return f"unknown (version command exited with {code}: {one_line(text, 120)})"
    return one_line(text, 500)
