"""Scale benchmark: a year of history for many subjects; `check` and `runs list` latency.

Builds, by bulk insert, SUBJECTS × DAYS daily completed runs of the built-in
panel (its first TASKS tasks) with SAMPLES samples per task (the issue's size:
10 × 365 × 220 × 3 ≈ 2.4 M samples), each sample carrying a short response,
code and stdout (~300 bytes of text, a modest real sample). Then prints, per
backend:

- build time and rate (samples/s) of the bulk insert;
- ``check`` latency per subject: the first check (designs the online detectors
  from the history, saves their state) and a second one (the everyday case);
- ``runs list`` latency (the CLI's default page of 20, and one subject's whole year);
- database size.

Usage::

    .venv/bin/python bench/scale.py                       # SQLite + PostgreSQL, full size
    .venv/bin/python bench/scale.py --subjects 2 --days 120 --backend sqlite
    .venv/bin/python bench/scale.py --check 2      # full size, check two subjects
    .venv/bin/python bench/scale.py --pg-url postgresql+psycopg://u@host/db

PostgreSQL: ``--pg-url``, else a throwaway cluster from Debian's binaries (as the
tests start one). Figures depend on the machine; they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from codecanary.monitor import run_check
from codecanary.records import RunStatus, SampleRecord, SampleStatus, SubjectSpec
from codecanary.store import Store
from codecanary.store.bulk import insert_samples
from codecanary.suites import load_suite

START = datetime(2025, 1, 1, tzinfo=UTC)


def build(store: Store, subjects: int, days: int, tasks: int, samples: int) -> int:
    suite = load_suite("builtin")
    ids = [t.id for t in suite.tasks[:tasks]]
    suite_id = store.save_suite(suite)
    rng = np.random.default_rng(0)
    total = 0
    for k in range(subjects):
        name = f"subject{k:02d}"
        sid = store.ensure_subject(SubjectSpec(name=name, provider="simulated", model="m"))
        rates = rng.uniform(0.2, 0.95, size=len(ids))
        for day in range(days):
            run_id = f"s{k:02d}d{day:04d}"
            store.create_run(run_id=run_id, subject_id=sid, suite_id=suite_id,
                             logical_time=START + timedelta(days=day), samples_per_task=samples,
                             task_ids=ids, settings={}, fingerprint={"model": "m"})
            passed = rng.random((len(ids), samples)) < rates[:, None]
            total += insert_samples(store, _samples(run_id, ids, passed))
            store.set_run_status(run_id, RunStatus.COMPLETED)
    return total


def _samples(run_id: str, ids: list[str], passed: np.ndarray) -> Iterator[SampleRecord]:
    for i, task in enumerate(ids):
        for j in range(passed.shape[1]):
            ok = bool(passed[i, j])
            yield SampleRecord(
                run_id=run_id, task_id=task, sample_index=j,
                status=SampleStatus.PASSED if ok else SampleStatus.FAILED,
                failure_class=None if ok else "wrong_answer",
                response_text="```python\ndef f(xs):\n    return sorted(xs)\n```",
                code="def f(xs):\n    return sorted(xs)\n", extraction="fenced",
                finish_reason="stop", tokens_in=180, tokens_out=60, latency_s=0.8,
                exec_status="ok" if ok else "failed", exit_code=0 if ok else 1,
                stdout="", stderr="" if ok else "AssertionError: test 3 failed\n",
                wall_s=0.05, cpu_s=0.03, peak_memory_mb=12.0,
                metrics={"runtime_ratio": 1.0})


def size(store: Store, url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())")
                   .scalar() or 0)


def measure(label: str, url: str, args: argparse.Namespace) -> None:
    store = Store.open(url)
    t0 = time.perf_counter()
    n = build(store, args.subjects, args.days, args.tasks, args.samples)
    built = time.perf_counter() - t0
    print(f"[{label}] built {n:,} samples in {args.subjects * args.days:,} runs: "
          f"{built:.1f} s ({n / built:,.0f} samples/s)", flush=True)
    if label == "postgresql":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    for k in range(min(args.check, args.subjects) if args.check else args.subjects):
        name = f"subject{k:02d}"
        t = time.perf_counter()
        first = run_check(store, name)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        run_check(store, name)
        warm = time.perf_counter() - t
        print(f"[{label}] check {name}: first {cold:.2f} s, again {warm:.2f} s "
              f"({first.status})", flush=True)
    t = time.perf_counter()
    store.list_runs(limit=20)
    page = time.perf_counter() - t
    t = time.perf_counter()
    year = store.list_runs(subject="subject00")
    whole = time.perf_counter() - t
    print(f"[{label}] runs list: 20 newest {page * 1000:.0f} ms; one subject's "
          f"{len(year)} runs {whole * 1000:.0f} ms", flush=True)
    print(f"[{label}] database size {size(store, url) / 2**20:,.0f} MiB "
          f"({size(store, url) / max(n, 1):.0f} bytes/sample)", flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--tasks", type=int, default=220)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--check", type=int, default=0, metavar="N",
                        help="check only the first N subjects (0: all); a check reads only "
                             "its own subject's runs, so its latency does not depend on N")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get("CODECANARY_BENCH_PG"))
    args = parser.parse_args()
    print(f"scale: {args.subjects} subjects x {args.days} days x {args.tasks} tasks x "
          f"{args.samples} samples = "
          f"{args.subjects * args.days * args.tasks * args.samples:,} samples", flush=True)
    with tempfile.TemporaryDirectory(prefix="codecanary-scale-") as tmp:
        if args.backend in ("sqlite", "both"):
            measure("sqlite", f"sqlite:///{tmp}/scale.db", args)
        if args.backend in ("postgresql", "both"):
            if args.pg_url:
                measure("postgresql", args.pg_url, args)
                return
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.pg import start_cluster, stop_cluster

            cluster = start_cluster()
            if cluster is None:
                print("[postgresql] skipped: no PostgreSQL binaries (or psycopg)")
                return
            try:
                measure("postgresql", cluster.create_database(), args)
            finally:
                stop_cluster(cluster)


if __name__ == "__main__":
    main()
