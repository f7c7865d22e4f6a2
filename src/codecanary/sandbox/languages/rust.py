"""Rust (edition 2021, std only): ``main.rs`` = code + tests, ``rustc -O``.

rustup keeps toolchains under the installing user's home, which the sandbox must
not see; only the active toolchain's sysroot is bound, at ``/opt/rust``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from codecanary.sandbox.cache import world_readable
from codecanary.sandbox.languages.base import Language

SANDBOX_SYSROOT = "/opt/rust"
# scripts/install-toolchains.sh hard-links the rustup toolchain here when the
# installing user's home is private (rustup under /root).
SHARED_SYSROOT = "/opt/codecanary/rust"


@functools.cache
def host_sysroot() -> str | None:
    """A rustc sysroot the sandbox user can read, or None when there is none."""
    active = _active_sysroot()
    if active and (os.geteuid() != 0 or world_readable(active)):
        return active
    if os.path.isfile(os.path.join(SHARED_SYSROOT, "bin", "rustc")):
        return SHARED_SYSROOT
    return None


def _active_sysroot() -> str | None:
    rustc = shutil.which("rustc")
    if rustc is None:
        return None
    try:
        out = subprocess.run([rustc, "--print", "sysroot"], capture_output=True, text=True,
                             timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if os.path.isfile(os.path.join(out, "bin", "rustc")) else None


@dataclass(frozen=True)
class RustLanguage(Language):
    def missing_tools(self) -> list[str]:
        missing = super().missing_tools()
        if not missing and host_sysroot() is None:
            missing.append(f"a rustc sysroot readable by the sandbox user ({SHARED_SYSROOT})")
        return missing

    def sandbox_binds(self) -> list[tuple[str, str]]:
        root = host_sysroot()
        return [(root, SANDBOX_SYSROOT)] if root else []

    def resolve(self, argv: tuple[str, ...]) -> tuple[str, ...]:
        if argv and argv[0] == "rustc":
            return (f"{SANDBOX_SYSROOT}/bin/rustc", *argv[1:])
        return argv


RUST = RustLanguage(
    name="rust",
    main_file="main.rs",
    compile_argv=("rustc", "--edition", "2021", "-O", "-o", "prog", "main.rs"),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("rustc", "cc"),
    fence_tags=("rust", "rs"),
    address_space_extra_mb=64,
)
