"""Scoring cost per sample, relative to executing the sample, on the built-in panel.

For every built-in task, two answers are scored the way the runner scores them:
the reference and a realistic wrong variant (the simulated provider's mutant).
For each answer the script times

- static scoring (:func:`codecanary.scoring.score.analyse` + ``finish``:
  tree-sitter syntax, completeness, corruption, language, constraints, ruff /
  lizard / lexer maintainability), in process;
- execution of its tests in the bubblewrap sandbox (compile caches cold:
  a fresh cache directory, as for a never-seen answer);
- on efficiency tasks whose tests pass, the efficiency measurement (extra
  sandbox runs on the large input; the reference is measured once per process
  and cached, as in a monitoring process).

It prints per language the median static cost, the median execution time and
their ratio, and the totals. Target (issue 5): static scoring adds < 20% of
execution time.

    python bench/scoring_cost.py [--languages python,go] [--per-language 40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from codecanary.languages import run_spec
from codecanary.providers.simulated.faults import wrong_variant
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.base import ExecStatus
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.scoring.efficiency import EfficiencyMeter
from codecanary.scoring.score import analyse, finish
from codecanary.scoring.testcount import instrument, parse_counts
from codecanary.suites import load_suite
from codecanary.suites.models import Task

LIMITS = Limits(timeout_s=10.0)


def _answers(task: Task, rng: random.Random) -> list[str]:
    reference = task.reference or ""
    wrong = wrong_variant(reference, task.language, rng)
    return [reference] + ([wrong.source] if wrong is not None else [])


async def _measure(tasks: list[Task]) -> dict[str, dict[str, list[float]]]:
    cache = Path(tempfile.mkdtemp(prefix="codecanary-bench-cache-"))
    cache.chmod(0o755)
    sandbox = BwrapSandbox(workers=1, max_concurrency=2, cache_dir=cache)
    await sandbox.start()
    meter = EfficiencyMeter(sandbox, LIMITS)
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rng = random.Random(0)
    try:
        for task in tasks:
            for code in _answers(task, rng):
                t0 = time.perf_counter()
                static = analyse(task, code, finish_reason="stop")
                static_s = time.perf_counter() - t0
                tests = instrument(task.language, task.tests, task.entry_point) or task.tests
                files = run_spec(task.language).program_files(code, tests, task.entry_point)
                t1 = time.perf_counter()
                result = await sandbox.execute(ExecRequest(language=task.language, files=files,
                                                           limits=LIMITS))
                exec_s = time.perf_counter() - t1
                efficiency = None
                eff_s = 0.0
                if task.efficiency_input and result.status is ExecStatus.OK:
                    t2 = time.perf_counter()
                    efficiency = await meter.measure(task, code)
                    eff_s = time.perf_counter() - t2
                t3 = time.perf_counter()
                finish(task, static, result, tests=parse_counts(result.stderr),
                       efficiency=efficiency)
                static_s += time.perf_counter() - t3
                lang = out[task.language]
                lang["static"].append(static_s)
                lang["exec"].append(exec_s)
                lang["efficiency"].append(eff_s)
    finally:
        await sandbox.aclose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="")
    parser.add_argument("--per-language", type=int, default=1000)
    args = parser.parse_args()
    wanted = set(filter(None, args.languages.split(",")))
    suite = load_suite("builtin")
    counts: dict[str, int] = defaultdict(int)
    tasks = []
    for task in suite.tasks:
        if (wanted and task.language not in wanted) or counts[task.language] >= args.per_language:
            continue
        counts[task.language] += 1
        tasks.append(task)
    started = time.perf_counter()
    data = asyncio.run(_measure(tasks))
    print(f"{'language':<11} {'answers':>7} {'static ms':>10} {'exec ms':>9} "
          f"{'static/exec':>11} {'efficiency s (sum)':>19}")
    total_static = total_exec = total_eff = 0.0
    for lang, d in sorted(data.items()):
        static_ms = statistics.median(d["static"]) * 1000
        exec_ms = statistics.median(d["exec"]) * 1000
        total_static += sum(d["static"])
        total_exec += sum(d["exec"])
        total_eff += sum(d["efficiency"])
        print(f"{lang:<11} {len(d['static']):>7} {static_ms:>10.1f} {exec_ms:>9.0f} "
              f"{static_ms / exec_ms:>10.1%} {sum(d['efficiency']):>19.1f}")
    share = total_static / total_exec
    print(f"total: static scoring {total_static:.1f} s, execution {total_exec:.1f} s "
          f"-> static scoring adds {share:.1%} of execution time (target < 20%); "
          f"efficiency measurement {total_eff:.1f} s ({total_eff / total_exec:.0%} of "
          f"execution, on efficiency tasks only); wall {time.perf_counter() - started:.0f} s")
    print(("target met" if share < 0.20 else "target missed")
          + f": scoring adds {share:.1%} per sample")


if __name__ == "__main__":
    main()
