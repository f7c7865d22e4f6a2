"""Dashboard and report benchmark: a year of daily runs of the full panel, 3 subjects.

Builds (bulk insert, seeded) a SQLite store with 365 daily completed runs × 220
tasks × 1 sample for each of 3 subjects (240,900 samples, each with an answer,
code, sandbox output and scoring metrics); pins a 60-day golden baseline;
records a deploy event; one subject loses a language on day 300. Then, as a
team would, ``codecanary check`` runs once per subject (the detectors catch up
and their state is stored).

Measured (wall clock, this machine):
- ``report``: time to write the file and its size, for ``--days 90`` and 365;
- the dashboard (uvicorn on loopback, the app in this process): the subject page
  and its API, median and p90 of repeated requests, plus the first (cold)
  request of each, which computes the check; also the overview, a run page and
  a sample page;
- the subject view built from scratch (no cache), median of repeats.

Targets (issue #15): subject page and API ≤ 500 ms median server-side;
report ≤ 10 s; report ≤ 5 MB.

Run: ``.venv/bin/python bench/dashboard.py [--db PATH] [--repeats 15]``
(reuses ``--db`` if it already holds the store).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np

from codecanary.monitor import run_check
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.report.html import build_view, write_report
from codecanary.report.html.verdict import check_document
from codecanary.store import Store
from codecanary.store.bulk import insert_samples
from codecanary.store.views import subject_run_rows
from codecanary.suites import load_suite
from codecanary.web import create_app

DAYS = 365
TASKS = 220
SUBJECTS = ("bench-alpha", "bench-beta", "bench-gamma")
START = datetime(2025, 12, 1, 6, tzinfo=UTC)
FAULT_DAY = 300
FAILURES = ("wrong_answer", "runtime_error", "compile_error", "timeout", "truncated")


def _samples(run_id: str, tasks: list[tuple[str, str]], rates: np.ndarray, day: int,
             fault_language: str | None, rng: np.random.Generator
             ) -> Iterator[SampleRecord]:
    for i, (task_id, language) in enumerate(tasks):
        p = rates[i]
        if fault_language == language and day >= FAULT_DAY:
            p *= 0.5
        passed = bool(rng.random() < p)
        code = f"def solve_{i}(xs):\n    return sorted(xs)[:{i % 7}]\n" * 3
        yield SampleRecord(
            run_id=run_id, task_id=task_id, sample_index=0,
            status=SampleStatus.PASSED if passed else SampleStatus.FAILED,
            failure_class=None if passed else FAILURES[int(rng.integers(len(FAILURES)))],
            response_text=f"Here is the solution:\n```\n{code}```\n", code=code,
            exec_status="ok", exit_code=0 if passed else 1,
            stdout="" if passed else "AssertionError: expected [1, 2] got [2, 1]\n",
            stderr="", wall_s=0.05, cpu_s=0.04, peak_memory_mb=12.0,
            tokens_in=300, tokens_out=120, latency_s=1.2,
            metrics={"runtime_ratio": float(np.exp(rng.normal(0, 0.2))),
                     "memory_ratio": float(np.exp(rng.normal(0, 0.1))),
                     "lint_per_100_lines": float(rng.gamma(1.0, 2.0)),
                     "syntax_valid": 1, "truncated": 0, "tests_passed_fraction": p})


def build(db: Path) -> None:
    store = Store.open(str(db))
    suite = load_suite("builtin")
    chosen = suite.tasks[:TASKS]
    suite_id = store.save_suite(suite)
    tasks = [(t.id, t.language) for t in chosen]
    t0 = time.perf_counter()
    n = 0
    for k, name in enumerate(SUBJECTS):
        rng = np.random.default_rng(k)
        kind = rng.choice(3, size=len(tasks), p=[0.4, 0.15, 0.45])
        rates = np.where(kind == 0, rng.beta(30, 1, len(tasks)),
                         np.where(kind == 1, rng.beta(1, 30, len(tasks)),
                                  rng.uniform(size=len(tasks))))
        sid = store.ensure_subject(SubjectSpec(name=name, provider="simulated",
                                               model=f"sim-{k}"))
        fault = "javascript" if k == 0 else None
        for day in range(DAYS):
            run_id = f"{name[-5:]}{day:05d}"
            store.create_run(run_id=run_id, subject_id=sid, suite_id=suite_id,
                             logical_time=START + timedelta(days=day), samples_per_task=1,
                             task_ids=[t for t, _ in tasks], settings={}, fingerprint={})
            n += insert_samples(store, _samples(run_id, tasks, rates, day, fault, rng))
            store.set_run_status(run_id, RunStatus.COMPLETED)
        store.pin_baseline(sid, suite.version, START, START + timedelta(days=59),
                           note="bench golden window")
        store.add_event(sid, "deploy", START + timedelta(days=FAULT_DAY), "new build")
    print(f"store: {n} samples in {time.perf_counter() - t0:.1f} s "
          f"({db.stat().st_size / 1e6:.0f} MB)")
    for name in SUBJECTS:
        t = time.perf_counter()
        result = run_check(store, name, min_effect=0.03)
        print(f"check {name}: {result.status} in {time.perf_counter() - t:.1f} s")
    store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _timed(client: httpx.Client, path: str, repeats: int) -> tuple[float, float, float]:
    """(first, median, p90) in ms; the first request is the cold one."""
    times = []
    for _ in range(repeats + 1):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        response.raise_for_status()
    rest = sorted(times[1:])
    return times[0], statistics.median(rest), rest[int(0.9 * (len(rest) - 1))]


def bench(db: Path, repeats: int) -> None:
    store = Store.open(str(db))
    subject = SUBJECTS[0]
    with tempfile.TemporaryDirectory() as tmp:
        for days in (90, 365):
            out = Path(tmp) / f"report-{days}.html"
            t = time.perf_counter()
            write_report(store, subject, out, days=days)
            print(f"report --days {days}: {time.perf_counter() - t:.2f} s, "
                  f"{out.stat().st_size / 1e6:.2f} MB ({out.stat().st_size} bytes)")
    t = time.perf_counter()
    check_document(store, subject)
    print(f"  of which the check (codecanary.monitor.run_check, not saved): "
          f"{time.perf_counter() - t:.2f} s")
    builds = []
    for _ in range(max(3, repeats // 3)):
        t = time.perf_counter()
        build_view(store, subject, days=90)
        builds.append((time.perf_counter() - t) * 1000)
    print(f"subject view from scratch (no check, no cache): median "
          f"{statistics.median(builds):.0f} ms")

    import uvicorn

    app = create_app(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    latest = subject_run_rows(store, subject)[-1].id
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        run = client.get(f"/api/runs/{latest}").json()
        task = run["samples"][0]["task_id"]
        for label, path in (("subject page", f"/subjects/{subject}"),
                            ("subject API", f"/api/subjects/{subject}"),
                            ("subjects overview", "/"),
                            ("run page", f"/runs/{latest}"),
                            ("run API", f"/api/runs/{latest}"),
                            ("sample page", f"/samples/{latest}/0/{task}")):
            first, median, p90 = _timed(client, path, repeats)
            print(f"{label:18s} first {first:7.0f} ms   median {median:6.0f} ms   "
                  f"p90 {p90:6.0f} ms   (n={repeats})")
    server.should_exit = True
    thread.join(10)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="cc-dash-bench-")) / "bench.db"
    if not db.exists():
        build(db)
    bench(db, args.repeats)


if __name__ == "__main__":
    main()
