"""Diagnosis benchmark: is the true cause of a regression ranked first?

A faithful replay of stored samples. First, real samples are made through the
real pipeline (simulated provider → extraction → bwrap sandbox → scoring →
store) on a 24-task panel (12 Python, 12 JavaScript tasks of the built-in suite):
two clean baseline days (3 samples per task each), a clean
current day, and the current day with each fault at rate 1.0 — a tokenizer
mismatch, bad fine-tuning data, truncation and token corruption (serving), a
forgotten slice (every answer wrong) and its improved counterpart (every answer
right), and a harness break (the test runner fails every program, whatever the
answer). Simulated faults fire independently per sample, so a fault at rate r
on a slice is replayed exactly by taking, for each current sample of a task in
the slice, the faulted sample with probability r and the clean one otherwise.

Scenarios: each cause at three strengths on three slices (all tasks, Python,
JavaScript; forgetting on a language or a category, with the other language
improving), plus every mixture of two causes, each replayed with four seeds.
Only regressed checks count (a pass-rate drop significant after
Benjamini–Hochberg, as ``check`` decides).

Targets: the true cause ranked first (and stated) in ≥ 90% of single-cause
checks; both true causes in the top two of the ranking (score > 0) in ≥ 80% of
mixtures; a wrong cause stated with high confidence in ≤ 5% of all checks.

Run: ``.venv/bin/python bench/diagnosis.py`` (about four minutes on 2 cores).
"""

from __future__ import annotations

import itertools
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from codecanary import runner
from codecanary.detect.intervals import wilson_interval
from codecanary.diagnose import CAUSES, DiagnosisInput, diagnose
from codecanary.diagnose.load import task_infos
from codecanary.records import SampleRecord, SubjectSpec
from codecanary.runner import RunPlan, start_run
from codecanary.sandbox import ExecRequest, ExecResult, ExecStatus, Limits
from codecanary.store import Store
from codecanary.suites.builtin import load_builtin
from codecanary.suites.models import Suite

DAY0 = datetime(2026, 6, 1, tzinfo=UTC)
DAY1 = DAY0 + timedelta(days=1)
SAMPLES = 3
PER_LANGUAGE = 12
POOL_SEEDS = (3,)
REPLAY_SEEDS = (0, 1, 2, 3)
BASELINE_DAYS = 2

FAULTS: dict[str, dict[str, Any] | None] = {
    "clean": None,
    "tokenizer_mismatch": {"kind": "tokenizer_mismatch"},
    "data_quality": {"kind": "data_quality"},
    "truncation": {"kind": "truncation"},
    "token_corruption": {"kind": "token_corruption"},
    "forget": {"kind": "forgetting"},
}
CAUSE_OF = {"tokenizer_mismatch": "tokenizer_mismatch", "data_quality": "data_quality",
            "truncation": "serving_fault", "token_corruption": "serving_fault",
            "forget": "forgetting", "harness": "harness"}
STRENGTHS = {"tokenizer_mismatch": (0.3, 0.5, 0.8), "data_quality": (0.4, 0.6, 0.9),
             "truncation": (0.2, 0.4, 0.7), "token_corruption": (0.3, 0.5, 0.8),
             "forget": (0.5, 0.7, 0.9), "harness": (0.3, 0.5, 0.8)}
MIXTURE_POOLS = {"tokenizer_mismatch": "tokenizer_mismatch", "data_quality": "data_quality",
                 "serving_fault": "truncation", "forgetting": "forget", "harness": "harness"}


class _BrokenHarness:
    """A harness change: the test runner cannot start, whatever the program."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def execute(self, request: ExecRequest) -> ExecResult:
        return ExecResult(status=ExecStatus.FAILED, exit_code=1,
                          stderr="Error: Cannot find module 'harness-helpers'")

    async def aclose(self) -> None:
        await self.inner.aclose()


def panel() -> Suite:
    suite = load_builtin()
    tasks = [t for lang in ("python", "javascript")
             for t in [t for t in suite.tasks if t.language == lang][:PER_LANGUAGE]]
    return Suite(name="diagnosis-bench", tasks=tuple(tasks))


Pool = dict[tuple[str, int], SampleRecord]


def _pool(store: Store, suite: Suite, name: str, seed: int, when: datetime,
          fault: dict[str, Any] | None, *, skill: float = 0.7) -> Pool:
    faults = [] if fault is None else [{**fault, "rate": 1.0}]
    spec = SubjectSpec(name=name, provider="simulated", model="sim",
                       options={"seed": seed, "skill": skill, "faults": faults}, concurrency=8)
    plan = RunPlan(subject=spec, suite=suite, task_ids=tuple(t.id for t in suite.tasks),
                   samples=SAMPLES, logical_time=when, ground_truth=0,
                   limits=Limits(timeout_s=2.0))
    run = start_run(store, plan)
    return {(s.task_id, s.sample_index): s for s in store.samples(run.id)}


def make_pools(store: Store, suite: Suite, seed: int) -> dict[str, Pool]:
    pools = {f"baseline{d}": _pool(store, suite, f"base-{seed}", seed,
                                   DAY0 - timedelta(days=d), None)
             for d in range(BASELINE_DAYS)}
    for name, fault in FAULTS.items():
        pools[name] = _pool(store, suite, f"{name}-{seed}", seed, DAY1, fault)
    pools["improve"] = _pool(store, suite, f"improve-{seed}", seed, DAY1, None, skill=0.999)
    real = runner.open_sandbox
    runner.open_sandbox = lambda backend: _BrokenHarness(real(backend))  # type: ignore[assignment]
    try:
        pools["harness"] = _pool(store, suite, f"harness-{seed}", seed, DAY1, None)
    finally:
        runner.open_sandbox = real
    return pools


@dataclass(frozen=True)
class Scenario:
    label: str
    truth: frozenset[str]
    layers: tuple[tuple[str, float, Callable[[str], bool]], ...]
    """(pool, probability, which tasks) applied in order over the clean current day."""


def _slice(name: str, infos: dict[str, Any]) -> Callable[[str], bool]:
    if name == "all":
        return lambda t: True
    dim, _, value = name.partition(":")
    if dim == "language":
        return lambda t: bool(infos[t].language == value)
    return lambda t: value in infos[t].categories


def scenarios(infos: dict[str, Any]) -> list[Scenario]:
    out = []
    for pool, strengths in STRENGTHS.items():
        slices = (("language:python", "language:javascript", "category:algorithms")
                  if pool == "forget" else ("all", "language:python", "language:javascript"))
        for strength, where in itertools.product(strengths, slices):
            layers = [(pool, strength, _slice(where, infos))]
            if pool == "forget" and where.startswith("language:"):
                other = "language:javascript" if where.endswith("python") else \
                    "language:python"
                layers.append(("improve", strength, _slice(other, infos)))
            out.append(Scenario(f"{pool}@{strength}:{where}", frozenset({CAUSE_OF[pool]}),
                                tuple(layers)))
    for a, b in itertools.combinations(MIXTURE_POOLS, 2):
        layers = []
        for cause in (a, b):
            pool = MIXTURE_POOLS[cause]
            where = "language:javascript" if pool == "forget" else "all"
            layers.append((pool, 0.6 if pool == "forget" else 0.4, _slice(where, infos)))
        out.append(Scenario(f"{a}+{b}", frozenset({a, b}), tuple(layers)))
    return out


def replay(pools: dict[str, Pool], scenario: Scenario, seed: int) -> list[SampleRecord]:
    rng = random.Random(f"{scenario.label}/{seed}")
    out = []
    for key, clean in sorted(pools["clean"].items()):
        chosen = clean
        for pool, p, where in scenario.layers:
            if where(key[0]) and rng.random() < p:
                chosen = pools[pool][key]
        out.append(chosen)
    return out


def main() -> int:
    suite = panel()
    infos = task_infos(suite)
    rows: list[tuple[Scenario, list[str], str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"{tmp}/bench.db")
        for pool_seed in POOL_SEEDS:
            pools = make_pools(store, suite, pool_seed)
            base = [s for d in range(BASELINE_DAYS) for s in pools[f"baseline{d}"].values()]
            for sc, seed in itertools.product(scenarios(infos), REPLAY_SEEDS):
                d = diagnose(DiagnosisInput(base, replay(pools, sc, seed), infos))
                if not (d.movement.overall_drop or d.movement.dropped):
                    continue  # not a regressed check
                stated = [c.cause for c in d.stated]
                ranked = [c.cause for c in d.causes if c.score > 0]
                rows.append((sc, stated, ranked, d.confidence))
        store.close()
    singles = [(sc, st, conf) for sc, st, _, conf in rows if len(sc.truth) == 1]
    mixes = [(sc, rk, conf) for sc, _, rk, conf in rows if len(sc.truth) == 2]
    confusion: Counter[tuple[str, str]] = Counter()
    for sc, st, _ in singles:
        confusion[(next(iter(sc.truth)), st[0] if st else "none")] += 1
    cols = [*CAUSES, "none"]
    print("confusion matrix (single causes; rows true, columns ranked first):")
    print(f"{'':>20}" + "".join(f"{c[:10]:>12}" for c in cols))
    for truth in CAUSES:
        print(f"{truth:>20}" + "".join(f"{confusion[(truth, c)]:>12}" for c in cols))

    def rate(k: int, n: int) -> str:
        lo, hi = wilson_interval(k, n) if n else (0.0, 1.0)
        return f"{k}/{n} = {k / n if n else 0:.1%} [95% Wilson {lo:.1%}, {hi:.1%}]"

    first = sum(bool(st) and st[0] in sc.truth for sc, st, _ in singles)
    top_two = sum(sc.truth <= set(st[:2]) for sc, st, _ in mixes)
    one_of_two = sum(bool(sc.truth & set(st[:2])) for sc, st, _ in mixes)
    wrong_high = sum(conf == "high" and bool(st) and st[0] not in sc.truth
                     for sc, st, _, conf in rows)
    print(f"single cause ranked first: {rate(first, len(singles))}")
    print(f"mixtures, both causes in the top two: {rate(top_two, len(mixes))}")
    print(f"mixtures, at least one cause in the top two: {rate(one_of_two, len(mixes))}")
    print(f"wrong cause stated with high confidence: {rate(wrong_high, len(rows))}")
    for sc, st, conf in mixes:
        if not sc.truth <= set(st[:2]):
            print(f"  missed mixture {sc.label}: ranked {st[:3]} ({conf})")
    for sc, st, conf in singles:
        if not (st and st[0] in sc.truth):
            print(f"  missed {sc.label}: stated {st[:3]} ({conf})")
    missed = []
    if not singles or first / len(singles) < 0.90:
        missed.append("single-cause first < 90%")
    if not mixes or top_two / len(mixes) < 0.80:
        missed.append("mixtures top-two < 80%")
    if not rows or wrong_high / len(rows) > 0.05:
        missed.append("high-confidence wrong > 5%")
    print("targets met" if not missed else "targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
