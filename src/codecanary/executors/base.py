"""The executor interface: where the execution half of each sample runs.

The driver (the runner) asks the provider and extracts the code; an executor then
runs and scores that code (:mod:`codecanary.executors.evaluate`) and hands back an
:class:`~codecanary.executors.evaluate.Evaluation`. The driver alone writes to the
store, so an execution that is retried elsewhere is still stored exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from codecanary.executors.evaluate import Evaluation
from codecanary.sandbox import ExecRequest, Limits
from codecanary.suites.models import Task


class Executor(Protocol):
    """Runs the execution half of samples. Safe to call concurrently from one event loop."""

    name: str
    capacity: int
    """Samples it can usefully execute at once (the runner keeps it that busy)."""

    async def start(self, languages: Sequence[str]) -> None:
        """Get ready to run programs in ``languages``; raise if a node cannot."""
        ...

    async def check_ground_truth(self, items: Sequence[tuple[str, ExecRequest]]) -> None:
        """Run reference programs and raise if they do not pass (a broken node)."""
        ...

    async def evaluate(self, task: Task, code: str, finish_reason: str | None) -> Evaluation:
        """Analyse, execute and score one answer; infra failures come back as evaluations."""
        ...

    async def aclose(self) -> None: ...


def missing_toolchains(languages: Sequence[str]) -> list[str]:
    """One line per language of ``languages`` whose tools are not installed here."""
    from codecanary.languages import run_spec

    lines = []
    for lang in sorted(set(languages)):
        missing = run_spec(lang).missing_tools()
        if missing:
            lines.append(f"the panel has {lang} tasks but {', '.join(missing)} is not "
                         "installed; run scripts/install-toolchains.sh as root or choose a "
                         "panel without them")
    return lines


__all__ = ["Evaluation", "Executor", "Limits", "missing_toolchains"]
