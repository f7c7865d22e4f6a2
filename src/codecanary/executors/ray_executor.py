"""The Ray executor: sample execution spread over a Ray cluster.

Each worker is a Ray actor holding a warm sandbox (a bubblewrap zygote pool) on
its node; the driver sends it (task, code) and gets an
:class:`~codecanary.executors.evaluate.Evaluation` back. The driver alone writes
to the store, so a call that dies with its worker (node lost, process killed) is
simply sent again to another actor: retried, never double-counted. Ray restarts
the dead actor (``max_restarts``) and the pool keeps its size.

Ray is an optional dependency (``pip install 'codecanary[ray]'``), imported only
when this executor is chosen.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import Sequence
from typing import Any

from codecanary.errors import ConfigError, SandboxUnavailable
from codecanary.executors.base import missing_toolchains
from codecanary.executors.evaluate import Evaluation, SampleEvaluator, infra_error
from codecanary.executors.local import SAMPLE_NICE
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.calibrate import check_ground_truth
from codecanary.suites.models import Task

#: Times one sample is sent before it is stored as an infra error.
MAX_ATTEMPTS = 4
#: Samples one actor runs at once (its sandbox has its own, finer limit).
ACTOR_CONCURRENCY = 16
#: Pause before re-sending a sample whose actor died (Ray is restarting it).
RETRY_PAUSE_S = 0.5


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("the ray executor needs Ray: pip install 'codecanary[ray]'") from exc
    return ray


class SampleActor:
    """Lives in a Ray worker process: one sandbox, many concurrent evaluations."""

    def __init__(self, sandbox: str, limits: dict[str, Any], efficiency: bool,
                 workers: int | None) -> None:
        self.sandbox_name = sandbox
        self.limits = Limits.model_validate(limits)
        self.efficiency = efficiency
        self.workers = workers
        self._evaluator: SampleEvaluator | None = None

    def _ready(self) -> SampleEvaluator:
        if self._evaluator is None:
            if self.sandbox_name == "bwrap":
                from codecanary.sandbox.bwrap import BwrapSandbox
                from codecanary.sandbox.bwrap_cmd import probe_bwrap

                probe_bwrap()
                sandbox: Any = BwrapSandbox(workers=self.workers, nice=SAMPLE_NICE)
            else:
                from codecanary.sandbox import open_sandbox

                sandbox = open_sandbox(self.sandbox_name)
            self._evaluator = SampleEvaluator(sandbox, self.limits, efficiency=self.efficiency)
        return self._evaluator

    async def start(self, languages: list[str]) -> str:
        """'' when this node can run ``languages``, else what is missing."""
        missing = missing_toolchains(languages)
        if missing:
            return f"{os.uname().nodename}: {missing[0]}"
        try:
            self._ready()
        except SandboxUnavailable as exc:
            return f"{os.uname().nodename}: {exc}"
        return ""

    async def ground_truth(self, items: list[tuple[str, ExecRequest]]) -> str:
        try:
            await check_ground_truth(self._ready().sandbox, items, sample_size=len(items))
        except Exception as exc:  # reported to the driver as one line
            return f"{os.uname().nodename}: {exc}"
        return ""

    async def evaluate(self, task: Task, code: str, finish_reason: str | None) -> Evaluation:
        return await self._ready().evaluate(task, code, finish_reason)

    def pid(self) -> int:
        return os.getpid()

    async def close(self) -> None:
        if self._evaluator is not None:
            await self._evaluator.sandbox.aclose()
            self._evaluator = None


class RayExecutor:
    """Runs samples on a pool of Ray actors.

    Args:
        sandbox: sandbox backend each actor opens on its node.
        limits: the run's limits.
        efficiency: time passing answers to efficiency tasks.
        address: the cluster (``auto``, ``ray://head:10001``); None starts or joins
            a local instance.
        actors: pool size (default: one per CPU of the cluster, at most 64).
        zygotes: bubblewrap zygotes per actor (default 1: one actor per CPU).
    """

    name = "ray"

    def __init__(self, sandbox: str, limits: Limits, *, efficiency: bool = True,
                 address: str | None = None, actors: int | None = None,
                 zygotes: int | None = 1) -> None:
        self.sandbox_name = sandbox
        self.limits = limits
        self.efficiency = efficiency
        self.address = address
        self.n_actors = actors
        self.zygotes = zygotes
        self.actors: list[Any] = []
        self.capacity = ACTOR_CONCURRENCY * (actors or 4)
        self._turn = itertools.count()
        self._ray: Any = None
        self.retried = 0
        """Samples re-sent after their actor died (a figure for tests and logs)."""

    async def start(self, languages: Sequence[str]) -> None:
        ray = self._ray = _import_ray()
        if not ray.is_initialized():
            try:
                await asyncio.to_thread(ray.init, address=self.address, log_to_driver=False,
                                        include_dashboard=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError(f"cannot reach the Ray cluster at {self.address or 'local'}: "
                                  f"{exc}; start one with `ray start --head` or fix "
                                  "[execution] address") from exc
        cpus = int(ray.cluster_resources().get("CPU", 1))
        n = self.n_actors or max(1, min(cpus, 64))
        self.capacity = ACTOR_CONCURRENCY * n
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=0,
                             max_concurrency=ACTOR_CONCURRENCY)(SampleActor)
        limits = self.limits.model_dump(mode="json")
        self.actors = [remote.remote(self.sandbox_name, limits, self.efficiency, self.zygotes)
                       for _ in range(n)]
        problems = await asyncio.gather(*(a.start.remote(list(languages)) for a in self.actors))
        failed = [p for p in problems if p]
        if failed:
            raise SandboxUnavailable(f"a Ray worker cannot run this panel: {failed[0]} "
                                     "(run `codecanary doctor` on that node)")

    async def check_ground_truth(self, items: Sequence[tuple[str, ExecRequest]]) -> None:
        problems = await asyncio.gather(*(a.ground_truth.remote(list(items))
                                          for a in self.actors))
        failed = [p for p in problems if p]
        if failed:
            raise SandboxUnavailable(f"ground truth failed on a Ray worker: {failed[0]}")

    async def evaluate(self, task: Task, code: str, finish_reason: str | None) -> Evaluation:
        ray = self._ray
        if ray is None or not self.actors:
            raise SandboxUnavailable("the ray executor was not started")
        lost = (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError,
                ray.exceptions.ObjectLostError)
        error = ""
        for attempt in range(MAX_ATTEMPTS):
            actor = self.actors[next(self._turn) % len(self.actors)]
            try:
                result: Evaluation = await actor.evaluate.remote(task, code, finish_reason)
                return result
            except lost as exc:
                # The worker died under this sample: nothing was stored, so send it again.
                self.retried += 1
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                await asyncio.sleep(RETRY_PAUSE_S * (attempt + 1))
        return infra_error(f"ray worker lost {MAX_ATTEMPTS} times: {error}")

    async def aclose(self) -> None:
        ray, actors, self.actors = self._ray, self.actors, []
        if ray is None:
            return
        for actor in actors:
            with contextlib.suppress(Exception):  # a dead actor has nothing left to close
                await asyncio.wait_for(actor.close.remote(), 10)
            ray.kill(actor, no_restart=True)
