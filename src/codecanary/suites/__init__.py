"""Suites: named task sets. Built-in loaders register as entry points; files load by path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from codecanary.errors import SuiteError
from codecanary.plugins import Registry
from codecanary.suites.models import Suite, Task

SUITES: Registry[Callable[[], Suite]] = Registry("codecanary.suites", "suite")

DEFAULT_SUITE = "builtin"


def load_suite(name_or_path: str) -> Suite:
    """Load a registered suite by name, a ``.jsonl`` file, a directory of task TOML files,
    or a directory of repo task directories (``<name>/task.toml`` + ``repo/``)."""
    path = Path(name_or_path)
    if name_or_path.endswith((".jsonl", ".jsonl.gz")) or path.suffix == ".json":
        from codecanary.suites.jsonl import load_jsonl

        return load_jsonl(path)
    if path.is_dir():
        from codecanary.suites.repo import is_repo_dir, load_repo_dir

        if is_repo_dir(path):
            return load_repo_dir(path)
        from codecanary.suites.toml_dir import load_toml_dir

        return load_toml_dir(path)
    if name_or_path in SUITES.names():
        return SUITES.get(name_or_path)()
    if path.exists():
        raise SuiteError(f"{path}: unsupported suite file (use .jsonl or a directory of .toml)")
    known = ", ".join(SUITES.names())
    raise SuiteError(f"unknown suite {name_or_path!r}: not a file, and not one of: {known}")


__all__ = ["DEFAULT_SUITE", "SUITES", "Suite", "Task", "load_suite"]
