"""Running a language: how a candidate answer plus hidden tests becomes a runnable program.

Harness convention (for suite authors, documented per language in ``docs/languages.md``):
the program is the candidate's code together with the task's ``tests``; it exits
0 when every case passes and non-zero otherwise.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunSpec:
    """Static description of one language's toolchain (what the sandbox runs).

    ``compile_argv`` (if any) runs once per distinct source set in the work dir and
    must leave its artefacts there; ``run_argv`` runs the program. ``{dir}`` in
    either is replaced by the work directory's path, ``{art}`` by the directory
    holding the cached build artefacts and ``{memory_mb}`` by the memory limit.
    """

    name: str
    main_file: str
    run_argv: tuple[str, ...]
    compile_argv: tuple[str, ...] | None = None
    toolchain: tuple[str, ...] = ()
    """Executables that must be on PATH for this language to be available."""
    extra_files: dict[str, str] = field(default_factory=dict)
    artefacts: tuple[str, ...] = ()
    """Glob patterns (relative to the work dir) that the build leaves for the run."""
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment for both build and run (the sandbox starts from nothing)."""
    address_space_extra_mb: int | None = 0
    """Address space allowed beyond the memory limit (runtimes reserve virtual
    memory they never touch); ``None`` applies no address-space rlimit."""
    compile_address_space_mb: int | None = 4096
    tree_address_space: bool = False
    """Repo-task trees (:func:`codecanary.sandbox.tree.run_in_tree`) run under an
    address-space rlimit of the memory limit. Off by default: the Go, Node, Rust
    and JVM toolchains reserve far more address space than they use, and such a
    limit is only known to be safe for the Python toolchain."""
    compile_timeout_s: float = 120.0
    in_process: bool = False
    """Python only: run ``main_file`` inside the sandbox's warm interpreter."""
    host_binds: tuple[str, ...] = ()
    """Extra host directories the toolchain needs, bound read-only at the same path."""
    install_hint: str = "run scripts/install-toolchains.sh as root"

    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        """Lay out candidate code and tests as source files (default: one file)."""
        return {self.main_file: f"{code.rstrip()}\n\n{tests.rstrip()}\n", **self.extra_files}

    def missing_tools(self) -> list[str]:
        """Toolchain executables not found on the host's PATH."""
        return [tool for tool in self.toolchain if shutil.which(tool) is None]

    def sandbox_binds(self) -> list[tuple[str, str]]:
        """(host path, sandbox path) pairs to bind read-only for this toolchain."""
        return [(path, path) for path in self.host_binds if os.path.exists(path)]

    def resolve(self, argv: tuple[str, ...]) -> tuple[str, ...]:
        """Rewrite a build or run command for use inside the sandbox."""
        return argv
