"""Store queries behind the everyday commands: owner liveness, id prefixes, deletes."""

from __future__ import annotations

import os
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from codecanary.errors import StoreError
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.store import Store
from codecanary.store import schema as s
from codecanary.store.housekeeping import SampleFilter
from codecanary.suites import load_suite

SUBJECT = SubjectSpec(name="s", provider="simulated", model="m")


def _run(store: Store, run_id: str, day: int = 2) -> None:
    suite = load_suite("humaneval")
    store.create_run(run_id=run_id, subject_id=store.ensure_subject(SUBJECT),
                     suite_id=store.save_suite(suite),
                     logical_time=datetime(2026, 1, day, tzinfo=UTC), samples_per_task=1,
                     task_ids=[suite.tasks[0].id], settings={}, fingerprint={})
    store.save_sample(SampleRecord(run_id=run_id, task_id=suite.tasks[0].id, sample_index=0,
                                   status=SampleStatus.PASSED))


def test_a_running_run_whose_process_is_gone_reads_interrupted(store: Store) -> None:
    _run(store, "alive")
    assert store.get_run("alive").status is RunStatus.RUNNING  # this very process
    gone = subprocess.Popen(["true"])
    gone.wait()
    _run(store, "dead")
    with store.engine.begin() as conn:
        conn.execute(update(s.runs).where(s.runs.c.id == "dead").values(pid=gone.pid))
    assert store.get_run("dead").status is RunStatus.INTERRUPTED
    with store.engine.begin() as conn:  # another host: cannot know, stays running
        conn.execute(update(s.runs).where(s.runs.c.id == "dead").values(host="elsewhere"))
    assert store.get_run("dead").status is RunStatus.RUNNING
    with store.engine.connect() as conn:
        row = conn.execute(s.runs.select().where(s.runs.c.id == "alive")).one()
    assert row.pid == os.getpid() and row.host == socket.gethostname()


def test_prefixes_are_literal_and_unique(store: Store) -> None:
    for run_id in ("ab_1", "abx1", "cd%2"):
        _run(store, run_id)
    assert store.resolve_run_id("ab_") == "ab_1"  # '_' is not a wildcard
    assert store.resolve_run_id("cd%") == "cd%2"
    with pytest.raises(StoreError, match=r"ambiguous.*ab_1, abx1"):
        store.resolve_run_id("ab")
    with pytest.raises(StoreError, match="no run"):
        store.resolve_run_id("c%")


def test_delete_runs_takes_their_samples(store: Store) -> None:
    _run(store, "r1", day=1)
    _run(store, "r2", day=5)
    assert [r.id for r in store.list_runs(before=datetime(2026, 1, 3, tzinfo=UTC))] == ["r1"]
    assert store.delete_runs(["r1"]) == 1
    assert [r.id for r in store.list_runs()] == ["r2"]
    assert len(list(store.sample_rows(SampleFilter()))) == 1
    assert store.samples("r1") == []


def test_keep_state_false_saves_no_detector_state(tmp_path: Path) -> None:
    path = str(tmp_path / "k.db")
    writer = Store.open(path)
    _run(writer, "r1")
    sid = writer.subject_id("s")
    reader = Store.open(path, keep_state=False)
    reader.save_monitor_state(sid, "v", {"x": 1})
    assert writer.monitor_state(sid, "v") is None
    writer.save_monitor_state(sid, "v", {"x": 2})
    assert reader.monitor_state(sid, "v") == {"x": 2}
