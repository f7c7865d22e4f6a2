"""Execution of untrusted programs behind the :class:`Sandbox` interface.

``open_sandbox()`` returns the bubblewrap backend (isolated). ``"local"`` is an
explicit opt-in for machines without bubblewrap and is UNSAFE: generated code
runs as the current user with access to everything that user can reach.
"""

from __future__ import annotations

from codecanary.errors import SandboxUnavailable
from codecanary.sandbox.base import ExecRequest, ExecResult, ExecStatus, Limits, Sandbox

BACKENDS = ("bwrap", "local")


def open_sandbox(name: str = "bwrap", *, nice: int = 0) -> Sandbox:
    """Return a sandbox backend by name (default: ``bwrap``, the isolated one).

    Raises:
        SandboxUnavailable: bubblewrap is missing or cannot create namespaces here,
            or ``name`` is unknown.
    """
    if name == "bwrap":
        from codecanary.sandbox.bwrap import BwrapSandbox
        from codecanary.sandbox.bwrap_cmd import probe_bwrap

        probe_bwrap()
        return BwrapSandbox(nice=nice)
    if name == "local":
        from codecanary.sandbox.local import LocalSandbox

        return LocalSandbox()
    raise SandboxUnavailable(f"unknown sandbox backend {name!r} (known: {', '.join(BACKENDS)})")


__all__ = ["ExecRequest", "ExecResult", "ExecStatus", "Limits", "Sandbox", "open_sandbox"]
