"""Repository tasks: a starting tree, an instruction, hidden tests and a known-good patch.

On disk a repo task is a directory (see ``docs/tasks.md``)::

    <name>/task.toml  repo/  tests/  solution.patch

It loads into an ordinary :class:`~codecanary.suites.models.Task` of kind ``repo``
whose ``metadata["repo"]`` holds the whole task (files included), so a stored
suite is self-contained and ``--resume`` never needs the directory again. The
typed view of that payload is :class:`RepoSpec` (``repo_spec(task)``).
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codecanary.errors import SuiteError
from codecanary.suites.models import Difficulty, Suite, Task

SUITE_NAME = "repos"
RepoLanguage = Literal["python", "javascript", "typescript", "go", "rust"]


class RepoTaskFile(BaseModel):
    """The fields of ``task.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    language: RepoLanguage
    categories: tuple[str, ...] = Field(min_length=1)
    difficulty: Difficulty = "medium"
    instruction: str = Field(min_length=1)
    time_limit_s: float = Field(default=300.0, gt=0)
    test_command: tuple[str, ...] = Field(min_length=1)
    existing_test_command: tuple[str, ...] | None = None
    allowed_paths: tuple[str, ...] = ("**",)


class RepoSpec(BaseModel):
    """Everything a repo task needs at run time (``Task.metadata["repo"]``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    files: dict[str, str]
    """The starting tree: relative path → text."""
    hidden_tests: dict[str, str]
    """Copied into the tree (same relative path) after the agent finishes."""
    solution_patch: str
    test_command: tuple[str, ...]
    existing_test_command: tuple[str, ...] | None = None
    allowed_paths: tuple[str, ...] = ("**",)
    time_limit_s: float = 300.0


def repo_spec(task: Task) -> RepoSpec:
    """The typed repo payload of a ``kind = "repo"`` task."""
    if task.kind != "repo" or "repo" not in task.metadata:
        raise SuiteError(f"task {task.id} is not a repo task")
    return RepoSpec.model_validate(task.metadata["repo"])


def read_tree(root: Path, origin: str) -> dict[str, str]:
    """Every regular file under ``root`` as text, keyed by POSIX relative path."""
    files: dict[str, str] = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(root).as_posix()
        try:
            files[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SuiteError(f"{origin}: cannot read {rel} as UTF-8 text: {exc}") from exc
    return files


def load_repo_task(directory: Path) -> Task:
    """One repo task directory → a ``Task`` of kind ``repo``."""
    toml_path = directory / "task.toml"
    origin = str(directory)
    try:
        meta = RepoTaskFile.model_validate(tomllib.loads(toml_path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise SuiteError(f"{toml_path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SuiteError(f"{toml_path}: invalid TOML: {exc}") from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "task"
        raise SuiteError(f"{toml_path}: invalid repo task: {where}: {err['msg']}") from exc
    files = read_tree(directory / "repo", origin)
    if not files:
        raise SuiteError(f"{origin}: repo/ is missing or empty")
    hidden = read_tree(directory / "tests", origin)
    if not hidden:
        raise SuiteError(f"{origin}: tests/ (the hidden tests) is missing or empty")
    try:
        patch = (directory / "solution.patch").read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError(f"{origin}: solution.patch is missing: {exc}") from exc
    spec = RepoSpec(files=files, hidden_tests=hidden, solution_patch=patch,
                    test_command=meta.test_command,
                    existing_test_command=meta.existing_test_command,
                    allowed_paths=meta.allowed_paths, time_limit_s=meta.time_limit_s)
    payload: dict[str, Any] = spec.model_dump(mode="json")
    return Task(id=meta.id, language=meta.language, kind="repo", categories=meta.categories,
                difficulty=meta.difficulty, prompt=meta.instruction,
                tests="\n".join(f"# {name}\n{text}" for name, text in sorted(hidden.items())),
                reference=patch, metadata={"repo": payload})


def is_repo_dir(root: Path) -> bool:
    """Whether ``root`` holds repo task directories (``*/task.toml`` beside ``*/repo``)."""
    return any((d / "task.toml").is_file() and (d / "repo").is_dir()
               for d in root.iterdir() if d.is_dir())


def load_repo_dir(root: str | Path, name: str | None = None) -> Suite:
    """A suite from every repo task directory directly under ``root``."""
    base = Path(root)
    dirs = sorted(d for d in base.iterdir() if d.is_dir() and (d / "task.toml").is_file())
    if not dirs:
        raise SuiteError(f"{base}: no repo task directories (<name>/task.toml)")
    tasks: list[Task] = []
    seen: set[str] = set()
    for directory in dirs:
        task = load_repo_task(directory)
        if task.id in seen:
            raise SuiteError(f"{directory}: duplicate task id {task.id!r}")
        seen.add(task.id)
        tasks.append(task)
    return Suite(name=name or base.name, source=str(base), tasks=tuple(tasks))


def load_repos() -> Suite:
    """The built-in repository panel shipped in ``codecanary/suites/repos``."""
    root = resources.files("codecanary.suites") / "repos"
    if not root.is_dir():
        raise SuiteError("the repos panel is missing from this installation")
    suite = load_repo_dir(Path(str(root)), SUITE_NAME)
    return suite.model_copy(update={
        "description": "codecanary's repository-level panel for coding agents",
        "source": "codecanary package"})
