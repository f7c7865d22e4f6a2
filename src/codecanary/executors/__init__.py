"""Where samples execute: ``local`` (this machine's sandbox) or ``ray`` (a Ray cluster).

Providers always run from the driver (they are I/O); an executor runs the
execution half of a sample (sandbox runs and scoring) and returns a typed
:class:`Evaluation`. Only the driver writes to the store.
"""

from __future__ import annotations

from codecanary.errors import ConfigError
from codecanary.executors.base import Executor
from codecanary.executors.evaluate import Evaluation, SampleEvaluator
from codecanary.sandbox import Limits

#: Executor backends by name.
EXECUTORS = ("local", "ray")


def open_executor(name: str, *, sandbox: str, limits: Limits, efficiency: bool = True,
                  address: str | None = None) -> Executor:
    """An executor by name; ``address`` is the Ray cluster (``auto``, ``ray://host:10001``)."""
    if name == "local":
        from codecanary.executors.local import LocalExecutor

        return LocalExecutor(sandbox, limits, efficiency=efficiency)
    if name == "ray":
        from codecanary.executors.ray_executor import RayExecutor

        return RayExecutor(sandbox, limits, efficiency=efficiency, address=address)
    raise ConfigError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")


__all__ = ["EXECUTORS", "Evaluation", "Executor", "SampleEvaluator", "open_executor"]
