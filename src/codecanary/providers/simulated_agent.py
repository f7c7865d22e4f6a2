"""The ``simulated-agent`` provider: an offline coding agent for repo tasks.

It edits the working tree it is given (``request.metadata["workdir"]``) the way
an agent would: applies the task's solution patch, or — with a per-task
probability drawn as in the ``simulated`` provider, or when a scheduled fault
fires — a faulty variant of it:

* ``mutant``: the solution with one seeded fault on a line the patch adds;
* ``incomplete``: the solution with its last added line missing;
* ``forbidden_edit``: the solution plus an edit to a file outside ``allowed_paths``;
* ``no_op``: nothing changed;
* ``timeout``: the agent runs out of time (reported, not slept);
* ``error``: the agent exits non-zero.

Faults take the same options as the ``simulated`` provider's: ``rate``,
``languages``, ``categories``, ``start``, ``end``.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from codecanary.mutate import lexed_languages, mutants
from codecanary.providers.base import (
    GenerateRequest,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)
from codecanary.providers.simulated.difficulty import stream, task_probability
from codecanary.providers.simulated.options import _as_utc
from codecanary.suites.repo_tree import (
    PatchError,
    added_lines,
    allowed,
    apply_patch,
    is_test_path,
)

AgentFaultKind = Literal["mutant", "incomplete", "forbidden_edit", "no_op", "timeout", "error"]
_COMMENT = {".py": "#", ".go": "//", ".rs": "//", ".js": "//", ".ts": "//", ".mjs": "//",
            ".toml": "#", ".mod": "//", ".md": "", ".txt": ""}


class AgentFaultSpec(BaseModel):
    """One scheduled agent fault, active for logical times in ``[start, end)``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: AgentFaultKind
    rate: float = Field(ge=0.0, le=1.0)
    languages: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    start: datetime | None = None
    end: datetime | None = None

    _utc = field_validator("start", "end", mode="before")(_as_utc)

    def active(self, when: datetime | None, language: str, categories: tuple[str, ...]) -> bool:
        if self.start is not None or self.end is not None:
            if when is None:
                return False
            if self.start is not None and when < self.start:
                return False
            if self.end is not None and when >= self.end:
                return False
        if self.languages is not None and language not in self.languages:
            return False
        return self.categories is None or bool(set(self.categories) & set(categories))


class SimulatedAgentOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = 0
    skill: float = Field(default=0.8, gt=0.0, lt=1.0)
    spread: float = Field(default=2.5, ge=0.0, le=10.0)
    latency: float = Field(default=0.0, ge=0.0, le=600.0)
    faults: tuple[AgentFaultSpec, ...] = ()


class SimulatedAgentProvider(ProviderBase):
    """An agent that is right with a per-task probability and fails in scripted ways."""

    name: ClassVar[str] = "simulated-agent"
    edits_trees: ClassVar[bool] = True
    """Works on repo tasks (edits ``metadata["workdir"]``); function-level providers do not."""
    max_concurrency: ClassVar[int] = 64

    def __init__(self, *, model: str = "simulated-agent",
                 options: Mapping[str, Any] | None = None) -> None:
        self.model = model
        try:
            self.options = SimulatedAgentOptions.model_validate(dict(options or {}))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "options"
            raise ProviderConfigError(
                f"simulated-agent provider: bad option {where}: {first['msg']}") from None

    def fingerprint(self) -> dict[str, Any]:
        return {"model": self.model, **self.options.model_dump(mode="json")}

    async def generate(self, request: GenerateRequest) -> Response:
        started = time.perf_counter()
        meta = request.metadata
        workdir, patch = meta.get("workdir"), meta.get("solution_patch")
        if not isinstance(workdir, str) or not isinstance(patch, str):
            raise ProviderError(f"simulated-agent only runs repo tasks ({request.task_id} "
                                "has no working tree)", retryable=False)
        act = await asyncio.to_thread(self.act, request, Path(workdir), patch)
        if self.options.latency > 0:
            await asyncio.sleep(self.options.latency)
        rng = stream(self.options.seed, request.task_id, request.sample_index, "usage")
        turns = rng.randint(2, 12)
        tokens_in = len(request.prompt.split()) * 40 * turns
        tokens_out = 150 * turns
        elapsed = time.perf_counter() - started
        limit = float(meta.get("time_limit_s") or 300.0)
        return Response(
            text=f"simulated agent: {act}", model=f"simulated-agent-{self.options.seed}",
            finish_reason={"timeout": "timeout", "error": "error"}.get(act, "stop"),
            tokens_in=tokens_in, tokens_out=tokens_out,
            latency_s=limit if act == "timeout" else elapsed,
            cost_usd=round((3 * tokens_in + 15 * tokens_out) / 1e6, 6),
            raw={"num_turns": turns, "action": act})

    def act(self, request: GenerateRequest, workdir: Path, patch: str) -> str:
        """Edit ``workdir``; return what was done (``solution``, a fault kind, ``wrong``)."""
        opts = self.options
        meta = request.metadata
        language = str(meta.get("language") or request.language)
        categories = tuple(str(c) for c in meta.get("categories") or ())
        when = request.logical_time
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        day = when.astimezone(UTC).date().isoformat() if when is not None else "-"
        key = (opts.seed, request.task_id, request.sample_index, day)
        fired = [f.kind for i, f in enumerate(opts.faults)
                 if f.active(when, language, categories)
                 and stream(*key, "fault", i, f.kind).random() < f.rate]
        for kind in ("error", "timeout", "no_op"):
            if kind in fired:
                return kind
        try:
            apply_patch(workdir, patch)
        except PatchError as exc:
            raise ProviderError(f"simulated-agent: {request.task_id}: {exc}",
                                retryable=False) from exc
        p = task_probability(opts.seed, request.task_id, opts.skill, opts.spread)
        correct = stream(*key, "pass").random() < p
        done = "solution"
        rng = stream(*key, "variant")
        if "mutant" in fired or not correct:
            done = "mutant" if _mutate(workdir, patch, language, rng) else "incomplete"
            if done == "incomplete":
                _drop_last_line(workdir, patch)
        if "incomplete" in fired:
            _drop_last_line(workdir, patch)
            done = "incomplete"
        if "forbidden_edit" in fired:
            allowed_paths = tuple(str(p) for p in meta.get("allowed_paths") or ("**",))
            if _touch_forbidden(workdir, allowed_paths):
                done = "forbidden_edit"
        return done if correct or done != "solution" else "wrong"


def _mutate(workdir: Path, patch: str, language: str, rng: random.Random) -> bool:
    """Seed one fault on a line the patch adds; False when none applies."""
    if language not in lexed_languages():
        return False
    options: list[tuple[Path, str]] = []
    for rel, lines in sorted(added_lines(patch).items()):
        path = workdir / rel
        if not lines or not path.is_file() or is_test_path(rel):
            continue
        source = path.read_text(encoding="utf-8")
        try:
            found = mutants(source, language)
        except Exception:  # a file in another language than the task's
            continue
        options.extend((path, m.source) for m in found if m.line in lines)
    if not options:
        return False
    path, text = rng.choice(options)
    path.write_text(text, encoding="utf-8")
    return True


def _drop_last_line(workdir: Path, patch: str) -> None:
    added = [(rel, max(lines)) for rel, lines in sorted(added_lines(patch).items()) if lines]
    if not added:
        return
    rel, line = added[-1]
    path = workdir / rel
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if 0 < line <= len(lines):
            del lines[line - 1]
            path.write_text("".join(lines), encoding="utf-8")


def _touch_forbidden(workdir: Path, allowed_paths: tuple[str, ...]) -> bool:
    """Append a harmless line to the first file outside the allowed paths."""
    for path in sorted(p for p in workdir.rglob("*") if p.is_file()):
        rel = path.relative_to(workdir).as_posix()
        if allowed(rel, allowed_paths) or path.suffix not in _COMMENT:
            continue
        mark = _COMMENT[path.suffix]
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{mark} reformatted by the agent\n" if mark else "\n")
        return True
    return False
