"""Execution of untrusted programs behind the :class:`Sandbox` interface."""

from __future__ import annotations

from codecanary.errors import SandboxUnavailable
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox

BACKENDS = ("local",)


def open_sandbox(name: str = "local") -> Sandbox:
    """Return a sandbox backend by name."""
    if name == "local":
        from codecanary.sandbox.local import LocalSandbox

        return LocalSandbox()
    raise SandboxUnavailable(f"unknown sandbox backend {name!r} (known: {', '.join(BACKENDS)})")


__all__ = ["ExecRequest", "ExecResult", "ExecStatus", "Limits", "Sandbox", "open_sandbox"]
