"""The quickstart demo: a back-filled simulated history, a fault part-way, detection.

Timeline (logical days, one run per day, the last one yesterday):

- ``baseline_days`` days at ``baseline_samples`` samples per task, pinned as the
  golden baseline. docs/statistics.md asks for about 90 baseline samples per
  task before fully trusting the detectors' false-alarm rate; the demo pins
  16 days × 3 samples (48) to stay well under two minutes now that every answer is
  also scored (``--baseline-days 30`` gives the full 90).
- ``days`` monitored days at 1 sample per task; from the middle one on, the
  simulated subject forgets ``fault_language`` (scheduled ``forgetting`` fault)
  and, across the panel, a little token corruption sets in. A ``deploy`` event
  is recorded that day, as a team would.
- One ``check`` then feeds every monitored run to the online detectors in order,
  exactly as daily checks would have, and decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from codecanary.errors import CodecanaryError
from codecanary.monitor.result import CheckResult
from codecanary.monitor.run_check import run_check
from codecanary.monitor.state import MonitorState
from codecanary.records import RunRecord, SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.sandbox import Limits
from codecanary.store import Store
from codecanary.suites.models import Suite

DEMO_SUBJECT = "quickstart-demo"


@dataclass(frozen=True)
class DemoResult:
    """The demo's history, the check, and when the alarm was first raised."""

    runs: tuple[RunRecord, ...]
    fault_start: datetime
    fault_language: str
    result: CheckResult
    first_alarm: datetime | None


def demo_panel(suite: Suite, languages: Sequence[str], per_language: int) -> list[str]:
    """Up to ``per_language`` tasks of each language, in suite order."""
    chosen: list[str] = []
    for lang in languages:
        ids = [t.id for t in suite.tasks if t.language == lang][:per_language]
        if not ids:
            raise CodecanaryError(f"suite {suite.name!r} has no {lang} tasks; pick "
                                  "--languages from the suite's languages")
        chosen += ids
    return chosen


#: The demo's runs are back-to-back, so one looping wrong answer would stall a whole
#: day at the default 10 s. Its tasks' references take well under 0.3 s, and a
#: timed-out sample is retried under the reference-scaled limit anyway.
DEMO_LIMITS = Limits(timeout_s=2.0)


def demo_subject(fault_language: str, fault_start: datetime, seed: int = 11,
                 forgetting: float = 0.5, corruption: float = 0.03) -> SubjectSpec:
    faults: list[dict[str, Any]] = [
        {"kind": "forgetting", "rate": forgetting, "languages": [fault_language],
         "start": fault_start.isoformat()},
        {"kind": "token_corruption", "rate": corruption, "start": fault_start.isoformat()},
    ]
    return SubjectSpec(name=DEMO_SUBJECT, provider="simulated", model="simulated-1",
                       options={"seed": seed, "skill": 0.75, "faults": faults}, concurrency=16)


def run_demo(store: Store, suite: Suite, task_ids: Sequence[str], *, fault_language: str,
             days: int = 30, baseline_days: int = 16, baseline_samples: int = 3,
             sandbox: str = "bwrap", today: datetime | None = None,
             on_run: Callable[[RunRecord, bool], None] | None = None) -> DemoResult:
    """Back-fill the demo history, then check it (see module docstring).

    The demo subject's earlier data is deleted first, so re-running is sound.
    """
    if days < 4 or baseline_days < 2:
        raise CodecanaryError("the demo needs at least 4 monitored and 2 baseline days")
    end = (today or datetime.now(UTC)).replace(hour=6, minute=0, second=0, microsecond=0)
    first = end - timedelta(days=baseline_days + days)
    fault_start = first + timedelta(days=baseline_days + days // 2)
    spec = demo_subject(fault_language, fault_start)
    store.clear_subject(DEMO_SUBJECT)
    runs = []
    for day in range(baseline_days + days):
        in_baseline = day < baseline_days
        plan = RunPlan(subject=spec, suite=suite, task_ids=tuple(task_ids), sandbox=sandbox,
                       samples=baseline_samples if in_baseline else 1,
                       logical_time=first + timedelta(days=day),
                       ground_truth=3 if day == 0 else 0, limits=DEMO_LIMITS,
                       efficiency=False)
        run = start_run(store, plan)
        runs.append(run)
        if on_run is not None:
            on_run(run, in_baseline)
    sid = store.subject_id(DEMO_SUBJECT)
    store.pin_baseline(sid, runs[0].suite_version, runs[0].logical_time,
                       runs[baseline_days - 1].logical_time, note="quickstart golden window")
    store.add_event(sid, "deploy", fault_start, "demo: new model build rolled out")
    result = run_check(store, DEMO_SUBJECT)
    return DemoResult(tuple(runs), fault_start, fault_language, result,
                      _first_alarm(store, sid, runs, result))


def _first_alarm(store: Store, sid: int, runs: Sequence[RunRecord],
                 result: CheckResult) -> datetime | None:
    """Logical time of the first run on which the named slice's detector alarmed."""
    named = result.named()
    raw = store.monitor_state(sid, runs[0].suite_version)
    if named is None or raw is None:
        return None
    state = MonitorState.from_dict(raw)
    for run in runs:
        evidence = state.evidence_for(run.id)
        if evidence and named.slice in evidence and evidence[named.slice].alarm:
            return run.logical_time
    return None
