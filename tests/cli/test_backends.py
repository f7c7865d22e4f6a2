"""The everyday path on SQLite and on PostgreSQL: run -> runs list -> check, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from codecanary.cli import main
from codecanary.store import Store

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _run_args(at: str) -> list[str]:
    return ["run", "--subject", "simulated", "--suite", "humaneval", "--limit", "4",
            "--samples", "2", "--at", at, "--sandbox", SANDBOX, "--quiet", "--json"]


def test_run_list_check(db_url: str) -> None:
    ids = []
    for day in ("2026-03-01", "2026-03-02"):
        code, out, err = invoke(db_url, *_run_args(day))
        assert code == 0, err
        ids.append(json.loads(out)["id"])
    code, out, err = invoke(db_url, "runs", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [r["id"] for r in listed] == ids[::-1]
    assert all(r["n_samples"] == 8 for r in listed)
    code, out, err = invoke(db_url, "check", "--subject", "simulated", "--lag", "0",
                            "--json")
    assert code in (0, 1), err
    assert json.loads(out)["status"] in {"stable", "insufficient_data", "regressed",
                                         "suspected", "improved", "ok"}


def test_two_concurrent_runs_lose_and_duplicate_nothing(db_url: str, tmp_path: Path) -> None:
    Store.open(db_url).close()  # migrated once, before the writers race
    env = {**os.environ, "CODECANARY_HOME": str(tmp_path / "home")}
    procs = [subprocess.Popen([sys.executable, "-m", "codecanary", "--db", db_url,
                               *_run_args(f"2026-04-0{i}")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for i in (1, 2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1].decode()[-500:] for o in outs]
    store = Store.open(db_url)
    try:
        runs = store.list_runs()
        assert len(runs) == 2 and {r.n_samples for r in runs} == {8}
        assert len({r.subject for r in runs}) == 1  # one subject row, created once
        for run in runs:
            keys = [(s.task_id, s.sample_index) for s in store.samples(run.id)]
            assert len(keys) == len(set(keys)) == run.n_expected
    finally:
        store.close()
