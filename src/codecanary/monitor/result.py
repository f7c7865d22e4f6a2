"""What a check or compare returns: verdicts with the context needed to report them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from codecanary.detect import (
    OVERALL,
    PooledChange,
    SequentialEvidence,
    Verdict,
    exit_code,
    worst_status,
)
from codecanary.monitor.baseline import BaselineWindow
from codecanary.monitor.data import PASS_RATE
from codecanary.records import RunRecord


@dataclass(frozen=True)
class CheckResult:
    """A check's verdicts with the context needed to report them."""

    subject: str
    run: RunRecord
    baseline: BaselineWindow
    verdicts: tuple[Verdict, ...]
    evidence_samples: dict[str, list[str]] = field(default_factory=dict)
    """``slice|metric`` → references ``run_id/task_id#index`` of failing samples."""
    fed_runs: int = 0
    sequential: dict[str, SequentialEvidence] = field(default_factory=dict)
    """The online detectors' evidence after this run, per slice (or metric), each
    alarm with its pooled since-change comparison."""

    def named(self) -> Verdict | None:
        """The regression to name first (docs/statistics.md, "Naming the slice").

        Among regressed pass-rate verdicts whose detector alarmed, a sub-slice whose
        drop is specific to it (localized) and furthest past its threshold wins over
        ``overall``; without any alarm, the regressed verdict with the smallest q.
        """
        regressed = [v for v in self.verdicts if v.status == "regressed"]
        if not regressed:
            return None
        alarmed = [(self.sequential[v.slice].level, v) for v in regressed
                   if v.metric == PASS_RATE and v.slice in self.sequential
                   and self.sequential[v.slice].alarm]
        local = [(lvl, v) for lvl, v in alarmed
                 if v.slice != OVERALL and self.sequential[v.slice].localized]
        for pool in (local, alarmed):
            if pool:
                return max(pool, key=lambda item: item[0])[1]
        return min(regressed, key=lambda v: v.q_value)

    def ordered(self) -> list[Verdict]:
        """Verdicts in reading order: the named one first, then by severity and q."""
        named = self.named()
        rank = {"regressed": 0, "suspected": 1, "improved": 2, "stable": 3,
                "insufficient_data": 4}
        rest = sorted((v for v in self.verdicts if v is not named),
                      key=lambda v: (rank.get(v.status, 5), v.q_value))
        return ([named] if named is not None else []) + rest

    def pooled_for(self, verdict: Verdict) -> PooledChange | None:
        """The pooled since-change comparison behind ``verdict``, if it rests on one."""
        if not verdict.pooled or verdict.metric != PASS_RATE:
            return None
        ev = self.sequential.get(verdict.slice)
        return ev.pooled if ev is not None else None

    @property
    def status(self) -> str:
        return worst_status(self.verdicts)

    @property
    def exit_code(self) -> int:
        """Decided by the verdicts alone: 1 if anything regressed, else 0."""
        return exit_code(self.verdicts)

    def samples_for(self, verdict: Verdict) -> list[str]:
        return self.evidence_samples.get(f"{verdict.slice}|{verdict.metric}", [])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the whole check."""
        named = self.named()
        return {
            "subject": self.subject, "run": self.run.id,
            "logical_time": self.run.logical_time.isoformat(),
            "suite": self.run.suite, "suite_version": self.run.suite_version,
            "baseline": {"kind": self.baseline.kind,
                         "runs": [r.id for r in self.baseline.runs],
                         "description": self.baseline.describe()},
            "status": self.status, "exit_code": self.exit_code,
            "named": None if named is None else {"slice": named.slice, "metric": named.metric},
            "verdicts": [{**v.to_dict(), "evidence_samples": self.samples_for(v)}
                         for v in self.ordered()],
        }
