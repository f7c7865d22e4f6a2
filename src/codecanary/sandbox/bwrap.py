"""The bubblewrap backend: isolated, concurrent, pre-warmed execution.

A small pool of zygotes (each a bubblewrap sandbox with a warm Python inside)
serves requests; every sample still gets its own namespaces, work dir, rlimits
and process tree (see ``inside/sample.py``). Compiled languages are built once
per distinct source set, in the sandbox, and the artefacts are cached on the
host and bound read-only into later runs.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
from pathlib import Path
from typing import Any

from codecanary.errors import SandboxUnavailable
from codecanary.languages import LANGUAGES, run_spec
from codecanary.languages.running import RunSpec
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus, Limits
from codecanary.sandbox.bwrap_cmd import SANDBOX_ART, SANDBOX_CACHE, run_as, zygote_argv
from codecanary.sandbox.cache import BuildCache, build_key, default_cache_dir, tool_fingerprint
from codecanary.sandbox.results import to_result
from codecanary.sandbox.worker import ZygoteWorker

# Builds get generous fixed limits: the compiler is trusted, the source is not.
_BUILD_LIMITS = Limits(timeout_s=120, memory_mb=4096, output_bytes=256 * 1024,
                       max_processes=256, max_file_mb=512, max_open_files=1024,
                       workdir_mb=1024)


#: A sample starved of CPU by a busy host may run this many times its wall limit
#: (see ``inside/zygote.py``): the limit means CPU time; wall time is the backstop.
WALL_STRETCH = 4.0


def wall_cap_s(limits: Limits) -> float:
    """The most wall time a sample may get when the host is busy."""
    return limits.timeout_s * WALL_STRETCH


class BwrapSandbox:
    """Sandbox backend on bubblewrap. Safe to call concurrently from one event loop.

    Args:
        workers: zygotes to run (default: two per CPU, at most 8).
        max_concurrency: samples in flight at once (default: 6 per CPU; a sample
            spends much of its life in kernel namespace set-up and tear-down, so
            more samples than CPUs keeps the CPUs busy).
        cache_dir: build cache location (default ``~/.cache/codecanary/sandbox``).
        per_sample_network: also give every sample its own (empty) network
            namespace. Costs ~5 ms per sample; without it, samples running at the
            same moment in one worker share a loopback-only network namespace.
        nice: niceness added to every program (not to builds). A run sets it so
            the one driver process that feeds the sandbox is not starved: the
            scheduler shares CPU per process, and a dozen samples run at once.
    """

    name = "bwrap"

    def __init__(self, *, workers: int | None = None, max_concurrency: int | None = None,
                 cache_dir: Path | str | None = None, per_sample_network: bool = False,
                 nice: int = 0) -> None:
        cpus = os.cpu_count() or 1
        # Two zygotes per CPU: each serves its samples from one thread (clone, pipes,
        # reaping), and with one per CPU that loop held samples back (bench/
        # sandbox_throughput.py, 2 CPUs: 246-292 exec/s with 2 zygotes, 306-334 with 4).
        self.n_workers = workers or min(2 * cpus, 8)
        self.semaphore = asyncio.Semaphore(max_concurrency or 6 * cpus)
        self.cache = BuildCache(cache_dir or default_cache_dir())
        self.per_sample_network = per_sample_network
        self.nice = nice
        self.workers: list[ZygoteWorker] = []
        self._start_lock = asyncio.Lock()
        self._build_locks: dict[str, asyncio.Lock] = {}
        self._fingerprints: dict[str, str] = {}
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        """Start the zygotes now (otherwise the first execute does)."""
        async with self._start_lock:
            if self._closed:
                raise SandboxUnavailable("this sandbox has been closed")
            if len(self.workers) == self.n_workers and all(w.alive for w in self.workers):
                return
            binds = await asyncio.to_thread(self._toolchain_binds)
            argv = zygote_argv(self.cache.root, binds)
            keep = [w for w in self.workers if w.alive]
            for worker in self.workers:
                if not worker.alive:
                    await worker.aclose()
            while len(keep) < self.n_workers:
                # Own session: a terminal's Ctrl-C reaches codecanary, which stops the run
                # cleanly, not the zygote under a sample (--die-with-parent still applies).
                worker = ZygoteWorker(argv, {**run_as(), "start_new_session": True})
                try:
                    await worker.start()
                except BaseException:  # cancelled mid-start: no orphaned process
                    await worker.aclose()
                    raise
                keep.append(worker)
            self.workers = keep

    def _toolchain_binds(self) -> list[tuple[str, str]]:
        binds: dict[str, str] = {}
        for name in LANGUAGES.names():
            try:
                language = run_spec(name)
            except Exception:  # a broken third-party plug-in must not stop the sandbox
                continue
            if self._missing(language):
                continue
            for src, dst in language.sandbox_binds():
                binds[dst] = src
        return [(src, dst) for dst, src in sorted(binds.items())]

    @staticmethod
    def _missing(language: RunSpec) -> list[str]:
        return language.missing_tools()

    async def aclose(self) -> None:
        self._closed = True
        for worker in self.workers:
            await worker.aclose()
        self.workers = []

    # -- execution -------------------------------------------------------------------
    async def execute(self, request: ExecRequest) -> ExecResult:
        language = run_spec(request.language)
        missing = self._missing(language)
        if missing:
            raise SandboxUnavailable(
                f"{language.name} is unavailable: {', '.join(missing)} not found; "
                f"{language.install_hint}")
        async with self.semaphore:
            await self._ensure_running()
            art = ""
            compile_output = ""
            if language.compile_argv:
                built = await self._build(language, request)
                if isinstance(built, ExecResult):
                    return built
                art, compile_output = built
            raw = await self._call(self._run_request(language, request, art), request.limits)
        return to_result(raw, request.limits.memory_mb, compile_output)

    async def _ensure_running(self) -> None:
        if not self.workers or not all(w.alive for w in self.workers):
            await self.start()

    async def _call(self, req: dict[str, Any], limits: Limits) -> dict[str, Any]:
        worker = min(self.workers, key=lambda w: w.load)
        return await worker.call(req, guard_s=wall_cap_s(limits) + 60)

    def _request(self, language: RunSpec, argv: tuple[str, ...], files: dict[str, str],
                 stdin: str, limits: Limits, art: str, address_space: int | None
                 ) -> dict[str, Any]:
        subst = {"{art}": SANDBOX_ART, "{memory_mb}": str(limits.memory_mb), "{dir}": "/work"}
        resolved = []
        for part in language.resolve(argv):
            for key, value in subst.items():
                part = part.replace(key, value)
            resolved.append(part)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/work", "LANG": "C.UTF-8",
               "LC_ALL": "C.UTF-8", "TMPDIR": "/tmp", **language.env}
        cpu = limits.cpu_s if limits.cpu_s is not None else limits.timeout_s
        return {
            "files": files, "argv": resolved, "env": env, "stdin": stdin,
            "timeout_s": limits.timeout_s, "cpu_s": max(1, math.ceil(cpu)),
            "max_wall_s": wall_cap_s(limits),
            "as_mb": address_space or 0, "nproc": limits.max_processes,
            "fsize_mb": limits.max_file_mb, "nofile": limits.max_open_files,
            "out_bytes": limits.output_bytes, "work_mb": limits.workdir_mb,
            "netns": self.per_sample_network, "art": art,
        }

    def _run_request(self, language: RunSpec, request: ExecRequest, art: str
                     ) -> dict[str, Any]:
        limits = request.limits
        extra = language.address_space_extra_mb
        address_space = None if extra is None else limits.memory_mb + extra
        files = {} if language.compile_argv else dict(request.files)
        req = self._request(language, language.run_argv, files, request.stdin, limits, art,
                            address_space)
        if language.in_process:
            req["python"] = language.main_file
        if self.nice:
            req["nice"] = self.nice
        return req

    async def _build(self, language: RunSpec, request: ExecRequest
                     ) -> tuple[str, str] | ExecResult:
        """Compile (or reuse) the program; return (artefact dir, output) or the failure."""
        assert language.compile_argv is not None
        tool = language.resolve(language.compile_argv)[0]
        if tool not in self._fingerprints:
            self._fingerprints[tool] = tool_fingerprint(
                tool if os.path.isabs(tool) and os.path.exists(tool) else shutil.which(tool))
        files = dict(request.files)
        key = build_key(language.name, language.compile_argv, self._fingerprints[tool], files)
        lock = self._build_locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = await asyncio.to_thread(self.cache.lookup, key)
            if cached is None:
                req = self._request(language, language.compile_argv, files, "", _BUILD_LIMITS,
                                    "", language.compile_address_space_mb)
                req["collect"] = list(language.artefacts)
                raw = await self._call(req, _BUILD_LIMITS)
                result = to_result(raw, _BUILD_LIMITS.memory_mb)
                output = (result.stderr + result.stdout).strip()
                if result.status is ExecStatus.OK:
                    await asyncio.to_thread(self.cache.store, key, True, output,
                                            raw.get("artefacts", {}))
                elif result.status is not ExecStatus.FAILED:
                    return result.model_copy(update={
                        "status": ExecStatus.COMPILE_ERROR if result.status is not
                        ExecStatus.SANDBOX_ERROR else ExecStatus.SANDBOX_ERROR,
                        "compile_output": output,
                        "detail": f"build {result.status.value}: {result.detail}"})
                # Rejections are not cached: a fixed environment must take effect at once.
                cached = (result.status is ExecStatus.OK, output)
        self._build_locks.pop(key, None)
        ok, output = cached
        if not ok:
            return ExecResult(status=ExecStatus.COMPILE_ERROR, compile_output=output,
                              detail="the program did not compile")
        return f"{SANDBOX_CACHE}/build/{key}", output
