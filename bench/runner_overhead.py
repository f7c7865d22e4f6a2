"""End-to-end runner throughput vs execution alone.

HumanEval × 5 samples against an instant loopback OpenAI-compatible server that
answers every prompt with the task's reference solution. The same 820 programs
are then executed directly through the sandbox with the same concurrency. The
overhead is what the runner adds on top of execution: HTTP round trip, SDK,
extraction, classification and the (grouped) SQLite commits.

    python bench/runner_overhead.py [--samples 5] [--sandbox bwrap] [--concurrency 8]
                                    [--executor local|ray]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codecanary.languages import run_spec
from codecanary.records import SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.sandbox import ExecRequest, open_sandbox
from codecanary.store import Store
from codecanary.suites import load_suite
from tests.fakes.serve import serve_in_subprocess
from tests.fakes.server import Responder, answer_with


def reference_responder() -> Responder:
    """Answers each HumanEval prompt with its reference, fenced like a chat model."""
    refs = {t.prompt: t.reference for t in load_suite("humaneval").tasks}
    return answer_with(lambda prompt: f"```python\n{refs.get(prompt, '')}\n```")


async def _execute_all(requests: list[ExecRequest], sandbox_name: str, concurrency: int) -> int:
    sandbox = open_sandbox(sandbox_name)
    limit = asyncio.Semaphore(concurrency)

    async def one(request: ExecRequest) -> bool:
        async with limit:
            return (await sandbox.execute(request)).passed

    try:
        results = await asyncio.gather(*(one(r) for r in requests))
    finally:
        await sandbox.aclose()
    return sum(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--executor", default="local", choices=("local", "ray"),
                        help="ray: a private local Ray instance (this machine's CPUs)")
    args = parser.parse_args()

    suite = load_suite("humaneval")
    python = run_spec("python")
    requests = [ExecRequest(language="python",
                            files=python.program_files(t.reference, t.tests, t.entry_point))
                for t in suite.tasks for _ in range(args.samples)]
    n = len(requests)

    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    passed = asyncio.run(_execute_all(requests, args.sandbox, args.concurrency))
    exec_s = time.perf_counter() - start

    subject = SubjectSpec(name="bench-loopback", provider="openai", model="instant",
                          options={"require_key": False}, concurrency=args.concurrency)
    # The server runs in its own process so it does not share this one's CPU.
    with tempfile.TemporaryDirectory() as tmp, \
            serve_in_subprocess("bench.runner_overhead:reference_responder", factory=True) as url:
        subject = subject.model_copy(update={"options": {**subject.options, "base_url": url}})
        store = Store.open(str(Path(tmp) / "bench.db"))
        plan = RunPlan(subject=subject, suite=suite, task_ids=tuple(t.id for t in suite.tasks),
                       samples=args.samples, sandbox=args.sandbox, executor=args.executor)
        start = time.perf_counter()
        run = start_run(store, plan)
        e2e_s = time.perf_counter() - start
        store.close()

    print(f"samples: {n} (HumanEval x {args.samples}), sandbox {args.sandbox}, "
          f"concurrency {args.concurrency}, executor {args.executor}, cpus {os.cpu_count()}, "
          f"load average before/after {load_before:.2f}/{os.getloadavg()[0]:.2f}")
    print(f"execution alone: {n / exec_s:.1f} samples/s ({exec_s:.2f} s, {passed} passed)")
    print(f"end to end:      {n / e2e_s:.1f} samples/s ({e2e_s:.2f} s, {run.n_passed} passed, "
          f"{run.n_infra_errors} infra errors)")
    print(f"runner overhead: {(e2e_s - exec_s) / e2e_s:.1%} of end-to-end time "
          f"(target <= 25%); end to end / execution alone = {exec_s / e2e_s:.2f} "
          f"(target >= 0.80)")


if __name__ == "__main__":
    main()
