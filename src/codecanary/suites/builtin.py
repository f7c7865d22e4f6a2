"""The built-in panel: one TOML file per task under ``suites/builtin/<language>/``."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable

from pydantic import ValidationError

from codecanary.errors import SuiteError
from codecanary.suites.models import Suite, Task

SUITE_NAME = "builtin"


def _task_files(root: Traversable) -> list[tuple[str, Traversable]]:
    """(``"<dir>/<file>"``, file) for every ``*.toml`` one directory level down."""
    files: list[tuple[str, Traversable]] = []
    for lang_dir in root.iterdir():
        if lang_dir.is_dir():
            files.extend((f"{lang_dir.name}/{f.name}", f) for f in lang_dir.iterdir()
                         if f.name.endswith(".toml"))
    return sorted(files, key=lambda item: item[0])


def load_task_file(data: str, origin: str) -> Task:
    try:
        return Task.model_validate(tomllib.loads(data))
    except tomllib.TOMLDecodeError as exc:
        raise SuiteError(f"{origin}: invalid TOML: {exc}") from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "task"
        raise SuiteError(f"{origin}: invalid task: {where}: {err['msg']}") from exc


def load_builtin() -> Suite:
    """Load the built-in multi-language panel shipped inside the package."""
    root = resources.files("codecanary.suites") / "builtin"
    if not root.is_dir():
        raise SuiteError("the built-in panel is missing from this installation")
    tasks = [load_task_file(f.read_text(encoding="utf-8"), f"builtin/{name}")
             for name, f in _task_files(root)]
    if not tasks:
        raise SuiteError("the built-in panel has no tasks (is the package installed completely?)")
    tasks.sort(key=lambda t: t.id)
    return Suite(name=SUITE_NAME, description="codecanary's built-in multi-language panel",
                 source="codecanary package", tasks=tuple(tasks))
