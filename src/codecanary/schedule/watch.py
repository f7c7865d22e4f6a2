"""``codecanary watch``: run every schedule's slots, once each across all watchers.

The loop: find the due slots of every (schedule, subject) — those after the
latest slot in the database (at most ``catch_up`` of them after downtime), plus
interrupted or abandoned ones — claim each through the store's lease, run it at
its logical time, optionally ``check`` and alert, log one line; then sleep until
the next slot. Two watchers on one database claim disjoint slots; a watcher
that dies leaves a lease that runs out, and the slot is taken over and its run
resumed. SIGTERM/SIGINT: an idle watcher exits at once; a run in flight is
stopped by the runner (samples stored, run ``interrupted``), its slot marked
interrupted for the next watcher to resume, and the watcher exits.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Protocol

from codecanary.config import Config, ScheduleSpec
from codecanary.errors import CodecanaryError
from codecanary.records import RunRecord, RunStatus
from codecanary.runner import RunInterrupted, RunPlan, resume_run, start_run
from codecanary.schedule.cron import latest_slot, next_slot, slots_between
from codecanary.store import Store
from codecanary.store.slots import Slot
from codecanary.suites import load_suite

LEASE_S = 90.0
"""A claimed slot's lease; renewed every third of it while the run executes."""


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float, stop: threading.Event) -> None: ...


class RealClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float, stop: threading.Event) -> None:
        stop.wait(max(0.0, seconds))


class FastClock:
    """Starts at ``start`` and jumps over every sleep (tests, rehearsals of a schedule)."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def sleep(self, seconds: float, stop: threading.Event) -> None:
        self._now += timedelta(seconds=max(0.0, seconds))


@dataclass(frozen=True)
class Due:
    schedule: str
    subject: str
    slot: datetime
    resume: Slot | None = None


class Watcher:
    """Runs the schedules of ``config`` against ``store`` until stopped or ``until``."""

    def __init__(self, store: Store, config: Config, *, clock: Clock | None = None,
                 until: datetime | None = None, only: tuple[str, ...] = (),
                 log: Callable[[str], None] = print, lease_s: float = LEASE_S,
                 on_ready: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.config = config
        self.clock: Clock = clock or RealClock()
        self.until = until
        self.schedules = {name: spec for name, spec in config.schedules.items()
                          if not only or name in only}
        self.log = log
        self.on_ready = on_ready
        self.lease_s = lease_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.stop = threading.Event()
        self.started = self.clock.now()
        self.cursor: dict[tuple[str, str], datetime] = {}

    # the loop -----------------------------------------------------------------
    def run(self) -> int:
        """Serve until SIGTERM/SIGINT or ``until``; return how many slots this process ran."""
        if not self.schedules:
            raise CodecanaryError("no schedules to watch: add [schedules.NAME] to "
                                  "codecanary.toml (see docs/operations.md)")
        ran = 0
        with self._signals():
            if self.on_ready is not None:
                self.on_ready(f"watch: {', '.join(sorted(self.schedules))} as {self.owner}")
            while not self.stop.is_set():
                for due in self.due():
                    if self.stop.is_set():
                        break
                    ran += self.execute(due)
                now = self.clock.now()
                if self.stop.is_set() or (self.until is not None and now >= self.until):
                    break
                wake = min(next_slot(spec, self._cursor(name, subject))
                           for name, spec in self.schedules.items() for subject in spec.subjects)
                if self.until is not None:
                    wake = min(wake, self.until)
                self.clock.sleep((wake - now).total_seconds(), self.stop)
        return ran

    def due(self) -> list[Due]:
        """Unfinished slots to take over, then new slots up to now, oldest first."""
        now = self.clock.now()
        if self.until is not None:
            now = min(now, self.until)
        found: list[Due] = []
        for stale in self.store.slots(unfinished=True):
            if stale.schedule in self.schedules and stale.slot <= now:
                found.append(Due(stale.schedule, stale.subject, stale.slot, resume=stale))
        for name, spec in self.schedules.items():
            for subject in spec.subjects:
                cursor = self._cursor(name, subject)
                slots = slots_between(spec, cursor, now, limit=max(spec.catch_up, 1))
                found += [Due(name, subject, slot) for slot in slots]
                if slots:
                    self.cursor[(name, subject)] = slots[-1]
        return sorted(found, key=lambda d: (d.slot, d.schedule, d.subject))

    def _cursor(self, name: str, subject: str) -> datetime:
        """The latest slot seen for (schedule, subject), here or in the database.

        Never seen anywhere: just before the latest slot at the watch's start, so a
        new schedule runs its most recent slot at once (and a ``watch --until``
        from a CI schedule always has something to do), without back-filling more.
        """
        key = (name, subject)
        seen = [t for t in (self.cursor.get(key), self.store.last_slot(name, subject))
                if t is not None]
        cursor = max(seen) if seen else \
            latest_slot(self.schedules[name], self.started) - timedelta(microseconds=1)
        self.cursor[key] = cursor
        return cursor

    # one slot -----------------------------------------------------------------
    def execute(self, due: Due) -> int:
        """Claim and run one slot; 1 if this process ran it, 0 if another had it."""
        store, spec = self.store, self.schedules[due.schedule]
        if due.resume is not None:
            if not store.take_over_slot(due.resume, self.owner, self.lease_s):
                return 0
        elif not store.claim_slot(due.schedule, due.subject, due.slot, self.owner,
                                  self.lease_s):
            return 0
        heartbeat = threading.Event()
        renewer = threading.Thread(target=self._renew, args=(due, heartbeat), daemon=True)
        renewer.start()
        try:
            record = self._run(due, spec)
        except RunInterrupted as exc:
            store.set_slot(due.schedule, due.subject, due.slot, self.owner, state="interrupted",
                           run_id=exc.run.id)
            self._line(due, f"run {exc.run.id} interrupted "
                            f"({exc.run.n_samples}/{exc.run.n_expected} samples); "
                            "the next watch resumes it")
            self.stop.set()
            return 1
        except CodecanaryError as exc:
            store.set_slot(due.schedule, due.subject, due.slot, self.owner, state="failed",
                           error=str(exc))
            self._line(due, f"failed: {exc}")
            return 1
        finally:
            heartbeat.set()
            renewer.join()
        verdict = self._check(due, spec, record) if spec.check else ""
        store.set_slot(due.schedule, due.subject, due.slot, self.owner, state="done",
                       run_id=record.id)
        rate = f"{record.n_passed / record.n_samples:.3f}" if record.n_samples else "n/a"
        self._line(due, f"run {record.id} {record.status} {record.n_samples}/"
                        f"{record.n_expected} samples pass {rate}{verdict}")
        return 1

    def _run(self, due: Due, spec: ScheduleSpec) -> RunRecord:
        run_id = due.resume.run_id if due.resume is not None else None
        if run_id is not None:
            run = self.store.get_run(run_id)
            if run.status is RunStatus.COMPLETED:
                return run
            if run.status is RunStatus.RUNNING:
                # Our lease proves its owner is gone, even on another host.
                self.store.set_run_status(run_id, RunStatus.INTERRUPTED)
            return resume_run(self.store, run_id)
        subject = self.config.subject(due.subject)
        panel = self.config.panel(spec.panel)
        suite = load_suite(panel.suite)
        task_ids = panel.select(suite)
        plan = RunPlan(subject=subject, suite=suite,
                       task_ids=tuple(task_ids[:spec.limit] if spec.limit else task_ids),
                       samples=spec.samples or panel.samples or subject.samples,
                       logical_time=due.slot, sandbox=self.config.sandbox)

        def on_start(new_id: str, _total: int) -> None:
            self.store.set_slot(due.schedule, due.subject, due.slot, self.owner, run_id=new_id)

        return start_run(self.store, plan, on_start=on_start)

    def _check(self, due: Due, spec: ScheduleSpec, record: RunRecord) -> str:
        from codecanary.monitor import run_check

        try:
            result = run_check(self.store, due.subject, run_id=record.id)
        except CodecanaryError as exc:
            return f"; check: {exc}"
        words = f"; check {result.status}"
        webhook = spec.webhook or os.environ.get("CODECANARY_WEBHOOK")
        if webhook:
            from codecanary.report.alerts import dispatch_alerts

            outcome = dispatch_alerts(self.store, result, webhook)
            words += f", alerts {len(outcome.opened)} sent"
            if outcome.failed:
                words += f" ({len(outcome.failed)} failed: {outcome.failed[0]})"
        return words

    def _renew(self, due: Due, done: threading.Event) -> None:
        while not done.wait(self.lease_s / 3):
            self.store.renew_slot(due.schedule, due.subject, due.slot, self.owner,
                                  self.lease_s)

    def _line(self, due: Due, what: str) -> None:
        self.log(f"{due.slot:%Y-%m-%dT%H:%M:%SZ} {due.schedule} {due.subject} {what}")

    # signals ------------------------------------------------------------------
    def _signals(self) -> _Signals:
        return _Signals(self.stop)


class _Signals:
    """SIGTERM/SIGINT set the stop event (the runner installs its own during a run)."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.previous: dict[int, object] = {}

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def on_signal(_signum: int, _frame: FrameType | None) -> None:
            self.stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            self.previous[sig] = signal.getsignal(sig)
            signal.signal(sig, on_signal)

    def __exit__(self, *_exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
