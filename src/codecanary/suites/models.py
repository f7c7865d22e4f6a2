"""Typed Task and Suite records.

A suite's version is the hash of its canonical content, so results are only ever
compared within one exact set of prompts, tests and references.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

TaskKind = Literal["function", "repo"]
Difficulty = Literal["easy", "medium", "hard"]


class Task(BaseModel):
    """One benchmark item.

    ``tests`` is test code in the task's language, written to the language's
    harness convention (see ``docs/``): appended to (or compiled beside) the
    candidate's code, it exits non-zero when any case fails.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1)
    language: str = Field(min_length=1)
    kind: TaskKind = "function"
    categories: tuple[str, ...] = ()
    difficulty: Difficulty | None = None
    prompt: str = Field(min_length=1)
    tests: str = Field(min_length=1)
    reference: str = ""
    entry_point: str = ""
    constraints: tuple[dict[str, Any], ...] = ()
    efficiency_input: str | None = None
    prompt_is_code_prefix: bool = False
    """True when the prompt is the start of the program (HumanEval style): a
    completion-only answer is a continuation of it."""
    metadata: dict[str, Any] = Field(default_factory=dict)

    def content_hash(self) -> str:
        """Hash of everything that defines the task (metadata included)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Suite(BaseModel):
    """A named set of tasks; its version is the hash of its content."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    name: str
    description: str = ""
    source: str = ""
    tasks: tuple[Task, ...]

    @property
    def version(self) -> str:
        """Hash of the name and every task's content (recomputed: copies stay honest)."""
        digest = hashlib.sha256()
        digest.update(self.name.encode("utf-8"))
        for task in self.tasks:
            digest.update(b"\0")
            digest.update(task.content_hash().encode("ascii"))
        return digest.hexdigest()[:16]

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def languages(self) -> list[str]:
        return sorted({t.language for t in self.tasks})

    def categories(self) -> list[str]:
        return sorted({c for t in self.tasks for c in t.categories})
