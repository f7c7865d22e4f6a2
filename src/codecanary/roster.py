"""Every subject, stored or configured, with its last run and that run's status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codecanary.config import Config
from codecanary.records import RunRecord
from codecanary.store import Store


@dataclass(frozen=True)
class SubjectOverview:
    name: str
    provider: str
    model: str
    n_runs: int
    configured: bool
    """Defined in ``codecanary.toml`` (False: known only from stored runs)."""
    last_run: RunRecord | None

    def to_json(self) -> dict[str, Any]:
        last = self.last_run
        return {"name": self.name, "provider": self.provider, "model": self.model,
                "n_runs": self.n_runs, "configured": self.configured,
                "last_run": None if last is None else {
                    "id": last.id, "logical_time": last.logical_time.isoformat(),
                    "status": str(last.status), "n_samples": last.n_samples,
                    "n_expected": last.n_expected, "n_passed": last.n_passed,
                    "n_failed": last.n_failed, "n_infra_errors": last.n_infra_errors}}


def subjects_overview(store: Store, config: Config) -> list[SubjectOverview]:
    """Stored subjects with their latest run, then configured ones never run; by name."""
    out: dict[str, SubjectOverview] = {}
    for row in store.subject_rows():
        latest = store.list_runs(subject=row.name, limit=1)
        out[row.name] = SubjectOverview(row.name, row.provider, row.model, row.n_runs,
                                        row.name in config.subjects,
                                        latest[0] if latest else None)
    for name in config.subjects:
        if name not in out:
            spec = config.subject(name)
            out[name] = SubjectOverview(name, spec.provider, spec.model, 0, True, None)
    return [out[name] for name in sorted(out)]
