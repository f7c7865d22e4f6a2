"""False alarms: steady comparisons (same model, both arms) rarely get a stated cause."""

from __future__ import annotations

import random

from scipy import stats

from codecanary.diagnose import DiagnosisInput, TaskInfo, diagnose
from codecanary.records import SampleRecord, SampleStatus

PY = """def f{i}(xs):
    total = 0
    for x in xs:
        if x > {k}:
            total += x * 3 - {k}
    return total
"""
JS = """function f{i}(xs) {{
  let total = 0;
  for (const x of xs) {{
    if (x > {k}) {{
      total += x * 3 - {k};
    }}
  }}
  return total;
}}
"""
BUGS = ((">", ">="), ("* 3", "* 2"), ("- ", "+ "), ("total = 0", "total = 1"))
RUNS = 60


def _arm(rng: random.Random, rates: dict[str, float], samples: int) -> list[SampleRecord]:
    out = []
    for task, p in rates.items():
        lang, i = task.split("/")
        code = (PY if lang == "python" else JS).format(i=i, k=int(i) % 4 + 1)
        for j in range(samples):
            r = rng.random()
            if r < p:
                out.append(SampleRecord(run_id="r", task_id=task, sample_index=j,
                                        status=SampleStatus.PASSED, code=code))
                continue
            old, new = BUGS[rng.randrange(len(BUGS))]
            failure = "timeout" if rng.random() < 0.05 else "wrong_answer"
            out.append(SampleRecord(run_id="r", task_id=task, sample_index=j,
                                    status=SampleStatus.FAILED, failure_class=failure,
                                    code=code.replace(old, new, 1)))
    return out


def test_steady_comparisons_state_a_cause_at_most_rarely() -> None:
    rng = random.Random(20)
    tasks = {f"{lang}/{i}": TaskInfo(lang, ("loops" if i % 2 else "math",),
                                     "easy" if i < 6 else "hard")
             for lang in ("python", "javascript") for i in range(12)}
    stated = 0
    for _ in range(RUNS):
        rates = {t: rng.choice((0.05, 0.5, 0.8, 0.95, 0.99)) for t in tasks}
        d = diagnose(DiagnosisInput(_arm(rng, rates, 6), _arm(rng, rates, 3), tasks))
        stated += d.top is not None
    # ≤ 5% false causes: the one-sided binomial test must not reject p ≤ 0.05
    assert stats.binomtest(stated, RUNS, 0.05, alternative="greater").pvalue > 0.05, stated
