"""A private panel kept as a directory of task TOML files (the built-in format)."""

from __future__ import annotations

from pathlib import Path

from codecanary.errors import SuiteError
from codecanary.suites.builtin import load_task_file
from codecanary.suites.models import Suite


def load_toml_dir(path: str | Path, name: str | None = None) -> Suite:
    root = Path(path)
    files = sorted(root.rglob("*.toml"))
    if not files:
        raise SuiteError(f"suite directory {root} has no *.toml task files")
    tasks = []
    seen: set[str] = set()
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SuiteError(f"cannot read task file {file}: {exc}") from exc
        task = load_task_file(text, str(file))
        if task.id in seen:
            raise SuiteError(f"{file}: duplicate task id {task.id!r}")
        seen.add(task.id)
        tasks.append(task)
    return Suite(name=name or root.name, source=str(root), tasks=tuple(tasks))
