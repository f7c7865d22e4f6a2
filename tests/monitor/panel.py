"""A small two-language panel and a driver for simulated daily histories.

The built-in panel is written elsewhere; these tests build their own panel so
they do not depend on it: Python and JavaScript tasks (both fast in the
sandbox), two categories and two difficulty bands, each with tests that catch
the simulated provider's mutants.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from codecanary.records import RunRecord, SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from codecanary.suites.models import Suite, Task

START = datetime(2026, 1, 1, tzinfo=UTC)

_PY = """def {name}(xs):
    total = 0
    for x in xs:
        if x > {k}:
            total += x * {m} - {k}
    return total
"""
_PY_TESTS = """assert {name}([]) == 0
assert {name}([{k}]) == 0
assert {name}([{k} + 1]) == ({k} + 1) * {m} - {k}
assert {name}([1, 2, 3, 10, 20]) == sum(x * {m} - {k} for x in [1, 2, 3, 10, 20] if x > {k})
assert {name}([-5, {k} + 2, {k} + 3]) == ({k} + 2) * {m} - {k} + ({k} + 3) * {m} - {k}
"""
_JS = """function {name}(xs) {{
  let total = 0;
  for (const x of xs) {{
    if (x > {k}) {{
      total += x * {m} - {k};
    }}
  }}
  return total;
}}
"""
_JS_TESTS = """const assert = require('node:assert');
assert.strictEqual({name}([]), 0);
assert.strictEqual({name}([{k}]), 0);
assert.strictEqual({name}([{k} + 1]), ({k} + 1) * {m} - {k});
assert.strictEqual({name}([1, 2, 3, 10, 20]),
  [1, 2, 3, 10, 20].filter((x) => x > {k}).reduce((a, x) => a + x * {m} - {k}, 0));
assert.strictEqual({name}([-5, {k} + 2, {k} + 3]), ({k} + 2) * {m} - {k} + ({k} + 3) * {m} - {k});
"""


def panel(per_language: int = 10) -> Suite:
    """``per_language`` tasks each in Python and JavaScript."""
    tasks = []
    for lang, code, tests in (("python", _PY, _PY_TESTS), ("javascript", _JS, _JS_TESTS)):
        for i in range(per_language):
            name = f"weighted_excess_{i}"
            fmt = {"name": name, "k": i % 4 + 1, "m": i % 3 + 2}
            tasks.append(Task(
                id=f"{lang}/{name}", language=lang, entry_point=name,
                categories=("loops" if i % 2 else "arithmetic",),
                difficulty="easy" if i < per_language // 2 else "hard",
                prompt=f"Write `{name}(xs)`: the sum of x*{fmt['m']}-{fmt['k']} over the "
                       f"elements x > {fmt['k']}.",
                tests=tests.format(**fmt), reference=code.format(**fmt)))
    return Suite(name="monitor-test-panel", tasks=tuple(tasks))


def subject(name: str, faults: Sequence[dict[str, Any]] = (), seed: int = 7,
            skill: float = 0.75) -> SubjectSpec:
    return SubjectSpec(name=name, provider="simulated", model="simulated-1",
                       options={"seed": seed, "skill": skill, "faults": list(faults)},
                       concurrency=8)


def daily_runs(store: Store, spec: SubjectSpec, suite: Suite, days: int,
               first: datetime = START, sandbox: str = "bwrap") -> list[RunRecord]:
    """One run per logical day, back-filled from ``first``."""
    ids = tuple(t.id for t in suite.tasks)
    out = []
    for day in range(days):
        plan = RunPlan(subject=spec, suite=suite, task_ids=ids, sandbox=sandbox,
                       logical_time=first + timedelta(days=day), ground_truth=0)
        out.append(start_run(store, plan))
    return out
