"""The runner end to end: simulated or loopback subjects, real sandbox, real SQLite."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codecanary.config import BUILTIN_SUBJECTS
from codecanary.records import RunStatus, SampleStatus, SubjectSpec
from codecanary.runner import RunAborted, RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite
from tests.fakes.server import Answer, FakeLLMServer, Status

HUMANEVAL = load_suite("humaneval")
SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")


def _plan(subject: SubjectSpec, n: int = 12, samples: int = 1) -> RunPlan:
    return RunPlan(subject=subject, suite=HUMANEVAL,
                   task_ids=tuple(t.id for t in HUMANEVAL.tasks[:n]), samples=samples,
                   sandbox=SANDBOX)


def test_simulated_run_stores_every_sample_with_fingerprint(store: Store) -> None:
    seen: list[str] = []
    run = start_run(store, _plan(BUILTIN_SUBJECTS["simulated"], n=12, samples=2),
                    on_sample=lambda s: seen.append(s.task_id))
    assert run.status is RunStatus.COMPLETED
    assert run.n_samples == 24 == len(seen)
    assert run.n_passed + run.n_failed == 24 and run.n_infra_errors == 0
    assert run.n_passed > 0
    fp = run.fingerprint
    for key in ("provider", "model", "generation", "suite_version", "codecanary_version",
                "system_prompt_sha256", "reported_models"):
        assert key in fp
    assert fp["suite_version"] == HUMANEVAL.version
    samples = store.samples(run.id)
    passed = [s for s in samples if s.status is SampleStatus.PASSED]
    assert all(s.exec_status == "ok" and s.code for s in passed)
    failed = [s for s in samples if s.status is SampleStatus.FAILED]
    assert all(s.failure_class for s in failed)


def _openai_subject(url: str, **options: object) -> SubjectSpec:
    return SubjectSpec(name="loop", provider="openai", model="m",
                       options={"base_url": url, "require_key": False, **options},
                       concurrency=4)


def test_loopback_answers_are_executed(store: Store, fake_openai: FakeLLMServer) -> None:
    refs = {t.prompt: t.reference for t in HUMANEVAL.tasks}
    fake_openai.responder = lambda req: Answer(
        text=f"```python\n{refs.get(req.body['messages'][-1]['content'], 'x = 1')}\n```",
        model="m-2026-01")
    run = start_run(store, _plan(_openai_subject(fake_openai.url), n=6))
    assert run.n_passed == 6
    assert run.fingerprint["reported_models"] == ["m-2026-01"]
    assert all(s.tokens_in == 11 and s.tokens_out == 7 for s in store.samples(run.id))


def test_exhausted_retries_are_infra_errors_not_failures(store: Store,
                                                         fake_openai: FakeLLMServer) -> None:
    from codecanary.providers.retry import RetryPolicy

    fake_openai.script(Answer(text="```python\nx = 1\n```"))
    fake_openai.responder = lambda req: Status(503)
    plan = _plan(_openai_subject(fake_openai.url), n=3)
    plan = RunPlan(**{**plan.__dict__, "retry": RetryPolicy(max_attempts=2, base_s=0.01)})
    run = start_run(store, plan)
    assert run.n_infra_errors == 2 and run.n_failed == 1
    infra = [s for s in store.samples(run.id) if s.status is SampleStatus.INFRA_ERROR]
    assert all(s.attempts == 2 and "503" in (s.error or "") for s in infra)


def test_unreachable_endpoint_aborts_and_keeps_samples(store: Store, closed_port: int) -> None:
    from codecanary.providers.retry import RetryPolicy

    plan = _plan(_openai_subject(f"http://127.0.0.1:{closed_port}/v1"), n=8)
    plan = RunPlan(**{**plan.__dict__, "retry": RetryPolicy(max_attempts=1)})
    with pytest.raises(RunAborted, match="all failed"):
        start_run(store, plan)
    (run,) = store.list_runs()
    assert run.status is RunStatus.FAILED
    assert run.n_infra_errors >= 5


def test_bad_key_aborts_at_once(store: Store, fake_openai: FakeLLMServer) -> None:
    fake_openai.responder = lambda req: Status(401, "invalid api key")
    with pytest.raises(RunAborted, match=r"401|auth|key"):
        start_run(store, _plan(_openai_subject(fake_openai.url), n=4))


def _count(db: Path, run_id: str | None = None) -> int:
    with sqlite3.connect(db) as con:
        if run_id is None:
            return int(con.execute("SELECT count(*) FROM samples").fetchone()[0])
        return int(con.execute("SELECT count(*) FROM samples WHERE run_id = ?",
                               (run_id,)).fetchone()[0])


@pytest.mark.slow
def test_sigkill_then_resume_finishes_without_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "codecanary", "--db", str(db), "run", "--subject", "simulated",
           "--suite", "humaneval", "--limit", "60", "--option", "latency=0.05",
           "--concurrency", "2", "--sandbox", SANDBOX, "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.OperationalError):  # tables not created yet
            if db.exists() and _count(db) >= 10:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _count(db)
    assert 10 <= before < 60, "the run should have been killed part-way"
    with sqlite3.connect(db) as con:
        run_id, status = con.execute("SELECT id, status FROM runs").fetchone()
        first = con.execute("SELECT id, task_id FROM samples ORDER BY id").fetchall()
    assert status == "running"
    done = subprocess.run([sys.executable, "-m", "codecanary", "--db", str(db), "run",
                           "--resume", run_id, "--quiet", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, run_id) == 60
    with sqlite3.connect(db) as con:
        keys = con.execute("SELECT task_id, sample_index FROM samples").fetchall()
        kept = con.execute("SELECT id, task_id FROM samples ORDER BY id LIMIT ?",
                           (len(first),)).fetchall()
        status = con.execute("SELECT status FROM runs").fetchone()[0]
    assert len(keys) == len(set(keys)) == 60
    assert kept == first, "finished samples were redone"
    assert status == "completed"


def _tiny_suite(reference: str, tests: str) -> RunPlan:
    from codecanary.suites.models import Suite, Task

    task = Task(id="t/slow", language="python", prompt="Write f().", entry_point="f",
                reference=reference, tests=tests)
    suite = Suite(name="tiny", tasks=(task,))
    return RunPlan(subject=BUILTIN_SUBJECTS["simulated"].model_copy(
        update={"options": {"seed": 1, "skill": 0.999}}), suite=suite, task_ids=("t/slow",),
        sandbox=SANDBOX)


def test_broken_reference_stops_the_run_before_any_sample(store: Store) -> None:
    from codecanary.sandbox.calibrate import GroundTruthError

    plan = _tiny_suite("def f():\n    return 1\n", "assert f() == 2\n")
    with pytest.raises(GroundTruthError, match="environment changed"):
        start_run(store, plan)
    (run,) = store.list_runs()
    assert run.status is RunStatus.FAILED and run.n_samples == 0


def test_timeout_scales_with_a_slow_reference(store: Store) -> None:
    from codecanary.sandbox import Limits

    slow = "import time\n\ndef f():\n    time.sleep(0.6)\n    return 1\n"
    plan = _tiny_suite(slow, "assert f() == 1\n")
    plan = RunPlan(**{**plan.__dict__, "limits": Limits(timeout_s=0.3), "ground_truth": 0})
    run = start_run(store, plan)
    (sample,) = store.samples(run.id)
    assert sample.status is SampleStatus.PASSED, (sample.exec_status, sample.stderr)
    assert sample.wall_s is not None and sample.wall_s >= 0.6
