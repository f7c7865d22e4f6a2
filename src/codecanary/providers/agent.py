"""The ``agent`` provider: a CLI coding agent editing a throwaway copy of a repo task's tree.

The agent (``command``, an argv list) runs with the copy as its working
directory, the instruction as an argument (an argv element containing
``{instruction}``) or on stdin, and a wall-clock limit (the task's
``time_limit_s`` unless ``timeout_s`` is set); its whole process group is
killed at the limit. It runs *outside* the sandbox — it needs its API — but,
when codecanary runs as root, as the unprivileged user ``nobody`` (option
``user``: ``"auto"``, ``"current"`` or a user name) with a private ``HOME``.
The hidden tests then run on the resulting tree inside bubblewrap.

Cost, tokens, turns and duration come from the agent's own JSON report
(:mod:`codecanary.providers.agent_usage`), when it prints one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import signal
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codecanary.providers.agent_usage import parse_agent_output
from codecanary.providers.base import (
    GenerateRequest,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)

#: Agent output kept on the sample (characters, the tail).
MAX_OUTPUT = 64_000


class AgentOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    command: tuple[str, ...] = Field(min_length=1)
    instruction: Literal["argv", "stdin"] | None = None
    """How the agent gets the instruction (default: argv when ``{instruction}`` appears)."""
    timeout_s: float | None = Field(default=None, gt=0)
    user: str = "auto"
    env: dict[str, str] = Field(default_factory=dict)
    version_command: tuple[str, ...] | None = None
    """Run once per run (e.g. ``["claude", "--version"]``); its output is fingerprinted."""
    git_init: bool = False
    """Make the copy a git repository with one commit first (agents that expect one)."""


class AgentProvider(ProviderBase):
    """Runs a CLI agent on repo tasks (see the module docstring)."""

    name: ClassVar[str] = "agent"
    edits_trees: ClassVar[bool] = True
    """Works on repo tasks (edits ``metadata["workdir"]``); function-level providers do not."""
    max_concurrency: ClassVar[int] = 4

    def __init__(self, *, model: str = "agent", options: Mapping[str, Any] | None = None
                 ) -> None:
        self.model = model
        try:
            self.options = AgentOptions.model_validate(dict(options or {}))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "options"
            raise ProviderConfigError(f"agent provider: bad option {where}: {first['msg']} "
                                      "(command must be an argv list)") from None
        self.uid: int | None = _resolve_user(self.options.user)

    def fingerprint(self) -> dict[str, Any]:
        opts = self.options.model_dump(mode="json")
        opts["env"] = sorted(self.options.env)  # names only: values may be secrets
        return {"model": self.model, **opts}

    async def describe(self) -> dict[str, Any]:
        if not self.options.version_command:
            return {"command": list(self.options.command)}
        try:
            proc = await asyncio.to_thread(subprocess.run, list(self.options.version_command),
                                           capture_output=True, text=True, timeout=30,
                                           check=False)
            version = (proc.stdout or proc.stderr).strip()[:200]
        except (OSError, subprocess.SubprocessError) as exc:
            version = f"unavailable ({type(exc).__name__})"
        return {"command": list(self.options.command), "version": version}

    def _argv_stdin(self, instruction: str) -> tuple[list[str], bytes | None]:
        mode = self.options.instruction or (
            "argv" if any("{instruction}" in a for a in self.options.command) else "stdin")
        if mode == "argv":
            return [a.replace("{instruction}", instruction) for a in self.options.command], None
        return list(self.options.command), instruction.encode("utf-8")

    def _environment(self, request: GenerateRequest, home: Path | None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.options.env)
        env["CODECANARY_TASK_ID"] = request.task_id
        env["CODECANARY_SAMPLE_INDEX"] = str(request.sample_index)
        if home is not None:
            env["HOME"] = str(home)
            env.pop("XDG_CONFIG_HOME", None)
        return env

    async def generate(self, request: GenerateRequest) -> Response:
        workdir = request.metadata.get("workdir")
        if not isinstance(workdir, str):
            raise ProviderError(f"the agent provider only runs repo tasks ({request.task_id} "
                                "has no working tree)", retryable=False)
        cwd = Path(workdir)
        limit = self.options.timeout_s or float(request.metadata.get("time_limit_s") or 300.0)
        if self.options.git_init:
            await asyncio.to_thread(_git_init, cwd)
        home = await asyncio.to_thread(_hand_over, cwd, self.uid) if self.uid is not None \
            else None
        prompt = request.prompt if not request.system else f"{request.system}\n\n{request.prompt}"
        argv, stdin = self._argv_stdin(prompt)
        started = time.perf_counter()
        extra: dict[str, Any] = ({"user": self.uid, "group": self.uid, "extra_groups": []}
                                 if self.uid is not None else {})
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv, cwd=cwd, env=self._environment(request, home), start_new_session=True,
                stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, **extra)
        except OSError as exc:
            raise ProviderError(f"agent command {argv[0]!r} cannot start: {exc}",
                                retryable=False) from exc
        timed_out = False
        out = err = b""
        try:
            out, err = await asyncio.wait_for(proc.communicate(stdin), limit)
        except TimeoutError:
            timed_out = True
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
        wall = time.perf_counter() - started
        stdout = out.decode("utf-8", "replace")
        stderr = err.decode("utf-8", "replace")
        usage = parse_agent_output(stdout)
        failed = proc.returncode != 0 or usage.is_error
        finish = "timeout" if timed_out else "error" if failed else "stop"
        text = usage.result if usage.result is not None else stdout
        if finish != "stop" and stderr.strip():
            text = f"{text}\n[stderr]\n{stderr}"
        return Response(
            text=text[-MAX_OUTPUT:], model=self.model, finish_reason=finish,
            tokens_in=usage.tokens_in, tokens_out=usage.tokens_out,
            latency_s=usage.duration_s if usage.duration_s is not None else wall,
            cost_usd=usage.cost_usd,
            raw={k: v for k, v in (("num_turns", usage.turns), ("format", usage.format),
                                   ("exit_code", proc.returncode), ("wall_s", round(wall, 3)))
                 if v is not None})


def _resolve_user(user: str) -> int | None:
    """The uid the agent runs as (None: the current user)."""
    if user == "current" or (user == "auto" and os.geteuid() != 0):
        return None
    name = "nobody" if user == "auto" else user
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        raise ProviderConfigError(f"agent provider: user {name!r} does not exist "
                                  "(set user = \"current\" to run as yourself)") from None
    if os.geteuid() != 0 and uid != os.geteuid():
        raise ProviderConfigError(f"agent provider: only root can run the agent as {name!r}; "
                                  "set user = \"current\"")
    return None if uid == os.geteuid() else uid


def _git_init(workdir: Path) -> None:
    """One commit of the starting tree (``.git`` is ignored when the change is diffed)."""
    ident = ["-c", "user.name=codecanary", "-c", "user.email=codecanary@localhost",
             "-c", "commit.gpgsign=false"]
    for argv in (["git", "init", "-q"], ["git", "add", "-A"],
                 ["git", *ident, "commit", "-q", "--no-verify", "-m", "starting tree"]):
        proc = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise ProviderError(f"git_init: {' '.join(argv[:2])} failed: "
                                f"{proc.stderr.strip()[:200]}", retryable=False)


def _hand_over(workdir: Path, uid: int) -> Path:
    """Give ``uid`` the tree and a private HOME beside it (returns the HOME)."""
    home = workdir.parent / "home"
    home.mkdir(exist_ok=True)
    os.chmod(workdir.parent, 0o711)
    for path in (home, workdir):
        os.chown(path, uid, uid)
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames + filenames:
                os.chown(os.path.join(dirpath, name), uid, uid, follow_symlinks=False)
    return home
