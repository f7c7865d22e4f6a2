"""``codecanary watch``: each slot once across two watchers, catch-up, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from codecanary.cli import main
from codecanary.store import Store

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")


def _config(tmp_path: Path, *, limit: int = 2, samples: int = 1, check: bool = False,
            catch_up: int = 7) -> Path:
    path = tmp_path / "codecanary.toml"
    path.write_text(f'''sandbox = "{SANDBOX}"

[schedules.daily]
subjects = ["simulated"]
panel = "humaneval"
samples = {samples}
limit = {limit}
cron = "0 6 * * *"
timezone = "Europe/Berlin"
check = {str(check).lower()}
catch_up = {catch_up}
''')
    return path


def _cli(config: Path, db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "codecanary", "--config", str(config), "--db", db,
            "watch", *args]


def _invoke(config: Path, db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(config), "--db", db, "watch", *args],
                                catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _slots(db: str) -> list[tuple[datetime, str, str | None]]:
    store = Store.open(db)
    try:
        return [(s.slot, s.state, s.run_id) for s in store.slots("daily")]
    finally:
        store.close()


def _logical_times(db: str) -> list[datetime]:
    store = Store.open(db)
    try:
        return sorted(r.logical_time for r in store.list_runs())
    finally:
        store.close()


def at6(day: int) -> datetime:
    """06:00 in Berlin (winter) on 2026-01-DAY, in UTC."""
    return datetime(2026, 1, day, 5, tzinfo=UTC)


def test_two_watchers_run_each_slot_exactly_once(db_url: str, tmp_path: Path) -> None:
    config = _config(tmp_path)
    Store.open(db_url).close()
    env = {**os.environ, "CODECANARY_HOME": str(tmp_path / "home")}
    procs = [subprocess.Popen(_cli(config, db_url, "--now", "2026-01-01T05:30",
                                   "--until", "2026-01-06T00:00"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode()[-400:] for o in outs]
    lines = [line for out, _ in outs for line in out.decode().splitlines()]
    assert len(lines) == 5, lines  # one line per run, five slots in all
    assert _logical_times(db_url) == [at6(d) for d in range(1, 6)]
    slots = _slots(db_url)
    assert [s[0] for s in slots] == [at6(d) for d in range(1, 6)]
    assert all(state == "done" and run_id for _, state, run_id in slots)


def test_missed_slots_are_caught_up_at_their_logical_times(db_url: str,
                                                           tmp_path: Path) -> None:
    config = _config(tmp_path, catch_up=3, check=True)
    # A new schedule starts with its latest slot (Jan 1, 06:00 Berlin), not earlier ones.
    code, out, err = _invoke(config, db_url, "--now", "2026-01-01T09:00",
                             "--until", "2026-01-01T12:00")
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("2026-01-01T05:00:00Z daily simulated run")
    # Down from Jan 1 to Jan 8 noon: six slots were missed; catch_up = 3 runs the latest three.
    code, out, err = _invoke(config, db_url, "--now", "2026-01-08T12:00",
                             "--until", "2026-01-08T12:00")
    assert code == 0, err
    assert out.count("\n") == 3, out
    assert _logical_times(db_url) == [at6(1), at6(6), at6(7), at6(8)]


def test_sigterm_checkpoints_the_run_and_the_next_watch_resumes_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    config = _config(tmp_path, limit=60, samples=5)
    Store.open(db).close()
    env = {**os.environ, "CODECANARY_HOME": str(tmp_path / "home")}
    args = ("--now", "2026-01-01T05:30", "--until", "2026-01-01T12:00")
    proc = subprocess.Popen(_cli(config, db, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    store = Store.open(db)
    try:
        while time.monotonic() < deadline:
            runs = store.list_runs()
            if runs and runs[0].n_samples > 0:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()[-400:]
        assert "interrupted" in out.decode()
        ((_, state, run_id),) = _slots(db)
        assert state == "interrupted" and run_id
        stopped = store.get_run(run_id)
        assert stopped.n_samples < stopped.n_expected
        code, _, err2 = _invoke(config, db, *args)
        assert code == 0, err2
        ((_, state, again),) = _slots(db)
        assert (state, again) == ("done", run_id)
        run = store.get_run(run_id)
        assert run.n_samples == run.n_expected == 300
        keys = [(s.task_id, s.sample_index) for s in store.samples(run_id)]
        assert len(keys) == len(set(keys))
        assert len(store.list_runs()) == 1
    finally:
        store.close()


def test_idle_watch_stops_at_once_on_sigterm(tmp_path: Path) -> None:
    config = _config(tmp_path)
    db = f"sqlite:///{tmp_path / 'idle.db'}"
    now = datetime.now(UTC).isoformat()
    code, out, err = _invoke(config, db, "--now", now, "--until", now)  # the latest slot
    assert code == 0 and out.count("\n") == 1, err
    env = {**os.environ, "CODECANARY_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(_cli(config, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith(b"watch: daily")  # handlers installed
    time.sleep(0.5)  # nothing due: asleep until the next 06:00
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
    assert "stopped after 0 run(s)" in err.decode()


def test_unknown_schedule_is_one_line(tmp_path: Path) -> None:
    config = _config(tmp_path)
    code, _, err = _invoke(config, f"sqlite:///{tmp_path / 'x.db'}", "--schedule", "nope")
    assert code == 2 and "no schedule 'nope'" in err and err.count("\n") == 1
