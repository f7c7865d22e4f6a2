"""One stored sample with everything needed to judge it by eye.

``check`` cites evidence as ``RUN/TASK#i``; :func:`open_sample` turns such a
reference (run id by any unique prefix) into the prompt, the answer, the code
that was extracted and executed, what the sandbox said, and the scoring's signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codecanary.errors import StoreError
from codecanary.records import RunRecord, SampleRecord
from codecanary.store import Store
from codecanary.suites.models import Task


@dataclass(frozen=True)
class SampleView:
    run: RunRecord
    task: Task | None
    """None only if the stored suite no longer holds the task (never for stored runs)."""
    sample: SampleRecord

    @property
    def ref(self) -> str:
        return f"{self.run.id}/{self.sample.task_id}#{self.sample.sample_index}"

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "run": self.run.id, "subject": self.run.subject,
                "logical_time": self.run.logical_time.isoformat(),
                "prompt": self.task.prompt if self.task else None,
                "language": self.task.language if self.task else None,
                **self.sample.model_dump(mode="json")}


def open_sample(store: Store, run_ref: str, task_id: str, index: int) -> SampleView:
    """The sample ``task_id#index`` of the run whose id is or starts with ``run_ref``."""
    run_id = store.resolve_run_id(run_ref)
    run = store.get_run(run_id)
    sample = store.sample(run_id, task_id, index)
    try:
        task: Task | None = store.run_suite(run_id).task(task_id)
    except (KeyError, StoreError):
        task = None
    return SampleView(run=run, task=task, sample=sample)
