"""Ctrl-C and SIGTERM in a real child process, then ``--resume`` to an exact count."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
N_TASKS = 16


def _count(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM samples").fetchone()[0])


def _cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "codecanary", "--db", str(db), *args]


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_marks_interrupted_then_resume_completes(tmp_path: Path, signum: int,
                                                        exit_code: int) -> None:
    db = tmp_path / "sig.db"
    proc = subprocess.Popen(
        _cli(db, "run", "--subject", "simulated", "--suite", "humaneval", "--limit",
             str(N_TASKS), "--option", "latency=0.2", "--concurrency", "1",
             "--sandbox", SANDBOX),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.OperationalError):  # tables not created yet
            if db.exists() and _count(db) >= 3:
                break
        time.sleep(0.05)
    if signum == signal.SIGINT:  # as a terminal's Ctrl-C: the sandboxes get it too
        os.killpg(proc.pid, signum)
    else:  # as kill(1) or a supervisor: the run's own process only
        proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == exit_code, err
    assert "Traceback" not in err
    stored = _count(db)
    found = re.search(r"^interrupted: run (\w+) \((\d+)/(\d+) samples stored\); "
                      r"resume with codecanary run --resume (\w+)$", err.strip(), re.MULTILINE)
    assert found, err
    run_id = found.group(1)
    assert found.group(4) == run_id
    assert int(found.group(2)) == stored and int(found.group(3)) == N_TASKS
    assert stored < N_TASKS, "the run should have been stopped part-way"
    assert out == ""
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"
        # a sample whose sandbox died of the same Ctrl-C is not stored as a result
        assert con.execute("SELECT count(*) FROM samples WHERE status = 'infra_error'"
                           ).fetchone()[0] == 0

    refused = subprocess.run(_cli(db, "run", "--resume", run_id, "--samples", "3"),
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "--samples" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1

    done = subprocess.run(_cli(db, "run", "--resume", run_id[:6], "--json"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    finished = json.loads(done.stdout)
    assert finished["n_samples"] == N_TASKS and finished["n_infra_errors"] == 0
    with sqlite3.connect(db) as con:
        keys = con.execute("SELECT task_id, sample_index FROM samples").fetchall()
        assert con.execute("SELECT status FROM runs").fetchone()[0] == "completed"
    assert len(keys) == len(set(keys)) == N_TASKS
