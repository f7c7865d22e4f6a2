"""The sequential detectors of a subject, persisted between checks.

The stored document holds the :class:`SequentialMonitor` state, the baseline
definition and settings it was designed for, the runs already fed (a run is fed
once: re-checking it reuses its stored evidence instead of counting it twice),
and the per-run evidence of the most recent runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from codecanary.detect import Event, SequentialEvidence, SequentialMonitor
from codecanary.errors import CodecanaryError

STATE_VERSION = 2
KEEP_EVIDENCE = 60
"""Runs whose evidence is kept for re-checks."""


def evidence_to_dict(ev: SequentialEvidence) -> dict[str, Any]:
    event = None
    if ev.event is not None:
        event = {"at": ev.event.at.isoformat(), "kind": ev.event.kind, "note": ev.event.note}
    return {"level": ev.level, "alarm": ev.alarm, "change_at": ev.change_at,
            "change_method": ev.change_method, "event": event, "localized": ev.localized}


def evidence_from_dict(data: dict[str, Any]) -> SequentialEvidence:
    raw = data.get("event")
    event = (Event(datetime.fromisoformat(raw["at"]), str(raw["kind"]), str(raw["note"]))
             if raw else None)
    return SequentialEvidence(float(data["level"]), bool(data["alarm"]), data.get("change_at"),
                              data.get("change_method"), event, bool(data.get("localized", True)))


class MonitorState:
    """A :class:`SequentialMonitor` plus bookkeeping (see module docstring)."""

    def __init__(self, monitor: SequentialMonitor, design_key: str,
                 processed: list[str] | None = None, last_time: str | None = None,
                 evidence: dict[str, dict[str, dict[str, Any]]] | None = None) -> None:
        self.monitor = monitor
        self.design_key = design_key
        self.processed = processed or []
        self.last_time = last_time
        self.evidence = evidence or {}

    def record(self, run_id: str, at: str, evidence: dict[str, SequentialEvidence]) -> None:
        """Mark ``run_id`` as fed, keeping its evidence for re-checks."""
        self.processed.append(run_id)
        self.last_time = at
        self.evidence[run_id] = {k: evidence_to_dict(v) for k, v in evidence.items()}
        for old in self.processed[:-KEEP_EVIDENCE]:
            self.evidence.pop(old, None)

    def evidence_for(self, run_id: str) -> dict[str, SequentialEvidence] | None:
        stored = self.evidence.get(run_id)
        if stored is None:
            return None
        return {k: evidence_from_dict(v) for k, v in stored.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"state_version": STATE_VERSION, "design_key": self.design_key,
                "monitor": self.monitor.to_dict(), "processed": self.processed[-400:],
                "last_time": self.last_time, "evidence": self.evidence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MonitorState:
        if data.get("state_version") != STATE_VERSION:
            raise CodecanaryError("stored monitor state is from another codecanary version; "
                                  "run `codecanary check --reset` to re-design it")
        return cls(SequentialMonitor.from_dict(data["monitor"]), str(data["design_key"]),
                   list(data.get("processed", [])), data.get("last_time"),
                   dict(data.get("evidence", {})))
