"""Database growth: bytes per stored sample, and a year of a team's schedule.

Runs the ``simulated`` subject over the built-in panel into a fresh SQLite file
(every table and index a real run fills), measures the file after a checkpoint,
and projects a year for ``--subjects`` subjects × ``--samples`` samples a day.
Simulated answers are reference solutions in a fence; a chat model's prose makes
``response_text`` longer, so ``--response-bytes`` adds that much text per sample
to the projection (measure your own with ``codecanary export``).

    python bench/db_growth.py [--runs 3] [--subjects 10] [--samples 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codecanary.config import BUILTIN_SUBJECTS
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites import load_suite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to store")
    parser.add_argument("--samples", type=int, default=5, help="samples per task per day")
    parser.add_argument("--subjects", type=int, default=10)
    parser.add_argument("--response-bytes", type=int, default=1500,
                        help="extra prose per response a chat model adds (projection only)")
    parser.add_argument("--sandbox", default="bwrap")
    args = parser.parse_args()

    suite = load_suite("builtin")
    task_ids = tuple(t.id for t in suite.tasks)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "growth.db"
        store = Store.open(str(path))
        sizes = []
        n = 0
        start = datetime(2026, 1, 1, tzinfo=UTC)
        for day in range(args.runs):
            plan = RunPlan(subject=BUILTIN_SUBJECTS["simulated"], suite=suite,
                           task_ids=task_ids, samples=1, sandbox=args.sandbox,
                           logical_time=start + timedelta(days=day))
            n += start_run(store, plan).n_samples
            store.close()
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            sizes.append(path.stat().st_size)
            store = Store.open(str(path))
        store.close()
    per_run = (sizes[-1] - sizes[0]) / max(1, args.runs - 1)
    per_sample = per_run / len(task_ids)
    first = sizes[0] / len(task_ids)
    year = args.subjects * len(task_ids) * args.samples * 365
    print(f"stored: {n} samples in {args.runs} runs of {len(task_ids)} tasks (simulated)")
    print(f"file: {sizes[-1] / 1e6:.2f} MB; first run {first:.0f} B/sample including the "
          f"suite and schema; each later run {per_sample:.0f} B/sample")
    grown = per_sample + args.response_bytes
    print(f"a year of {args.subjects} subjects x {len(task_ids)} tasks x {args.samples} "
          f"samples/day = {year / 1e6:.2f} M samples: {year * per_sample / 1e9:.2f} GB "
          f"as simulated, {year * grown / 1e9:.2f} GB with {args.response_bytes} B of prose "
          "per response")


if __name__ == "__main__":
    main()
