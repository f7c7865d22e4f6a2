"""A language: how a candidate answer plus hidden tests becomes a runnable program.

Harness convention (for suite authors, documented per language in ``docs/``):
the program is the candidate's code together with the task's ``tests``; it exits
0 when every case passes and non-zero otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """Static description of one language's toolchain.

    ``compile_argv`` (if any) runs once per distinct source set in the work dir and
    must leave its artefacts there; ``run_argv`` runs the program. ``{dir}`` in
    either is replaced by the work directory's path.
    """

    name: str
    main_file: str
    run_argv: tuple[str, ...]
    compile_argv: tuple[str, ...] | None = None
    toolchain: tuple[str, ...] = ()
    """Executables that must be on PATH for this language to be available."""
    fence_tags: tuple[str, ...] = ()
    """Markdown fence tags that name this language (``py``, ``python3``...)."""
    extra_files: dict[str, str] = field(default_factory=dict)

    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        """Lay out candidate code and tests as source files (default: one file)."""
        return {self.main_file: f"{code.rstrip()}\n\n{tests.rstrip()}\n", **self.extra_files}
