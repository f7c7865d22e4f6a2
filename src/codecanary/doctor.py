"""Check that a node can execute samples: the sandbox, each toolchain, the Ray cluster.

Every worker node of a Ray cluster needs what a local run needs (bubblewrap and
the panel's toolchains), so ``codecanary doctor`` is run on each node before it
joins. Each check runs something real: bubblewrap creates a sandbox, and every
language compiles and passes one reference solution of the built-in panel in it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from codecanary.errors import CodecanaryError
from codecanary.languages import LANGUAGES, run_spec
from codecanary.sandbox import ExecRequest, Limits, Sandbox, open_sandbox

#: Reference runs get a generous limit: a first build fills the compile cache.
REFERENCE_LIMITS = Limits(timeout_s=60)


@dataclass(frozen=True)
class Check:
    """One thing the node needs, and whether it has it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_sandbox(backend: str) -> tuple[Check, Sandbox | None]:
    """Can this node create the sandbox?"""
    try:
        sandbox = open_sandbox(backend)
    except CodecanaryError as exc:
        return Check(f"sandbox {backend}", False, str(exc),
                     "install bubblewrap (scripts/install-toolchains.sh) and allow "
                     "unprivileged user namespaces"), None
    return Check(f"sandbox {backend}", True, "creates a sandbox"), sandbox


async def _reference_runs(sandbox: Sandbox, languages: Sequence[str]) -> list[Check]:
    from codecanary.suites import load_suite

    suite = load_suite("builtin")
    checks: list[Check] = []
    for name in languages:
        language = run_spec(name)
        label = f"language {name}"
        missing = language.missing_tools()
        if missing:
            checks.append(Check(label, False, f"{', '.join(missing)} not found on PATH",
                                language.install_hint))
            continue
        task = next((t for t in suite.tasks if t.language == name and t.reference), None)
        if task is None or task.reference is None:
            checks.append(Check(label, True, "toolchain found (no reference to run)"))
            continue
        files = language.program_files(task.reference, task.tests, task.entry_point)
        started = time.perf_counter()
        try:
            result = await sandbox.execute(ExecRequest(language=name, files=files,
                                                       limits=REFERENCE_LIMITS))
        except CodecanaryError as exc:
            checks.append(Check(label, False, str(exc), language.install_hint))
            continue
        took = time.perf_counter() - started
        if result.passed:
            checks.append(Check(label, True, f"reference {task.id} passes ({took:.1f} s)"))
        else:
            why = (result.detail or (result.compile_output + result.stderr).strip()
                   .splitlines()[-1:] or [""])
            reason = why if isinstance(why, str) else why[0]
            checks.append(Check(label, False,
                                f"reference {task.id} ended {result.status.value}: {reason}"
                                [:300], language.install_hint))
    return checks


def check_ray(address: str | None) -> Check:
    """Can this node reach the Ray cluster at ``address``?"""
    try:
        ray: Any = importlib.import_module("ray")
    except ImportError:
        return Check("ray", False, "Ray is not installed", "pip install 'codecanary[ray]'")
    joined = not ray.is_initialized()  # in a driver that already joined, just look
    try:
        if joined:
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
        try:
            resources = ray.cluster_resources()
            nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
        finally:
            if joined:
                ray.shutdown()
    except Exception as exc:  # Ray raises many types; all mean "not reachable"
        return Check("ray", False, f"cannot reach {address or 'a local instance'}: "
                     f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                     "start the head with `ray start --head` and check [execution] address")
    return Check("ray", True, f"{address or 'local'}: {nodes} node(s), "
                 f"{int(resources.get('CPU', 0))} CPUs")


def diagnose_node(*, sandbox: str = "bwrap", languages: Sequence[str] | None = None,
                  ray_address: str | None = None, ray: bool = False) -> list[Check]:
    """Run every check; Ray only when ``ray`` (a cluster is configured or asked for)."""
    names = list(languages) if languages else sorted(LANGUAGES.names())
    unknown = [n for n in names if n not in LANGUAGES.names()]
    if unknown:
        raise CodecanaryError(f"unknown language {unknown[0]!r} (known: "
                              f"{', '.join(sorted(LANGUAGES.names()))})")
    first, box = check_sandbox(sandbox)
    checks = [first]
    if box is not None:
        async def runs() -> list[Check]:
            try:
                return await _reference_runs(box, names)
            finally:
                await box.aclose()

        checks.extend(asyncio.run(runs()))
    else:
        checks.extend(Check(f"language {n}", False, "not checked: no sandbox") for n in names)
    if ray:
        checks.append(check_ray(ray_address))
    return checks
