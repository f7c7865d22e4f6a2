"""Stored samples → the task-id-keyed outcome maps the statistics take.

Infra errors are left out everywhere (they are never model failures). Pass rate
is 0/1 per sample; numeric entries of ``SampleRecord.metrics`` (e.g. a runtime
ratio) become metrics. Which of them are compared, in which direction and on
which scale comes from the scoring registry (:mod:`codecanary.scoring.metrics`),
not from their names; a metric absent from the samples is simply not compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from codecanary.detect import OVERALL
from codecanary.records import RunRecord, SampleRecord, SampleStatus
from codecanary.scoring.metrics import Aggregate, higher_is_better, is_log_scale, metric_info
from codecanary.store import Store
from codecanary.store.outcomes import SampleOutcome
from codecanary.suites.models import Suite

PASS_RATE = "pass_rate"


@dataclass
class RunData:
    """What the checks need from one or several runs' samples."""

    pass_outcomes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    metrics: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    failures: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Per task, failure class → count."""
    refs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Per task, references ``run_id/task_id#index`` of its failing samples."""
    n_runs: int = 0

    def add(self, samples: Iterable[SampleRecord | SampleOutcome]) -> RunData:
        """Add one run's samples (returns self for chaining)."""
        self.n_runs += 1
        for sample in samples:
            if sample.status is SampleStatus.INFRA_ERROR:
                continue
            passed = sample.status is SampleStatus.PASSED
            self.pass_outcomes[sample.task_id].append(1.0 if passed else 0.0)
            if not passed:
                self.failures[sample.task_id][sample.failure_class or "unknown"] += 1
                self.refs[sample.task_id].append(
                    f"{sample.run_id}/{sample.task_id}#{sample.sample_index}")
            for name, value in sample.metrics.items():
                # Rate metrics (Aggregate.RATE) may be stored as booleans: 0/1.
                if isinstance(value, int | float):
                    self.metrics[name][sample.task_id].append(float(value))
        return self

    def failure_counts(self, task_ids: Iterable[str]) -> Counter[str]:
        """Failure class → count summed over ``task_ids``."""
        total: Counter[str] = Counter()
        for t in task_ids:
            total.update(self.failures.get(t, Counter()))
        return total


class RunCache:
    """Loads each run's sample outcomes once per check (catch-up feeds reuse them)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._samples: dict[str, list[SampleOutcome]] = {}

    def samples(self, run_id: str) -> list[SampleOutcome]:
        if run_id not in self._samples:
            self._samples.update(self.store.outcomes([run_id]))
        return self._samples[run_id]

    def data(self, runs: Sequence[RunRecord]) -> RunData:
        """Pooled samples of ``runs`` (a baseline window, or one run)."""
        pooled = RunData()
        missing = [run.id for run in runs if run.id not in self._samples]
        if missing:
            self._samples.update(self.store.outcomes(missing))  # one query per few hundred
        for run in runs:
            pooled.add(self.samples(run.id))
        return pooled


def panel_slices(suite: Suite, task_ids: Iterable[str]) -> dict[str, list[str]]:
    """Slice name → task ids: overall, each language, category and difficulty band.

    Slices with a single task are dropped (nothing to pair-test), and a slice
    identical to ``overall`` (a one-language panel) is not repeated.
    """
    wanted = set(task_ids)
    slices: dict[str, list[str]] = defaultdict(list)
    for task in suite.tasks:
        if task.id not in wanted:
            continue
        slices[OVERALL].append(task.id)
        slices[f"language:{task.language}"].append(task.id)
        for cat in task.categories:
            slices[f"category:{cat}"].append(task.id)
        if task.difficulty:
            slices[f"difficulty:{task.difficulty}"].append(task.id)
    everything = set(slices[OVERALL])
    return {name: ids for name, ids in slices.items()
            if name == OVERALL or (len(ids) >= 2 and set(ids) != everything)}


def shared_metrics(baseline: RunData, current: RunData) -> list[str]:
    """Metrics present in both arms (monitored or not)."""
    return sorted(set(baseline.metrics) & set(current.metrics))


@dataclass(frozen=True)
class MetricPlan:
    """How a monitored metric is compared, read from the scoring registry."""

    name: str
    higher_is_better: bool
    log_scale: bool
    binary: bool
    """0/1 per sample (``Aggregate.RATE``): compared as paired binary outcomes."""


def is_monitored(name: str) -> bool:
    """Whether ``check``/``compare`` compare ``name``.

    Registered metrics say so themselves (``MetricInfo.monitored``); a metric
    this version does not know is compared only if it is a ``*_ratio`` (what
    earlier versions compared), so stores written by newer scorers keep working.
    """
    info = metric_info(name)
    return info.monitored if info is not None else name.endswith("_ratio")


def metric_plan(name: str) -> MetricPlan:
    """Direction, scale and kind of ``name`` (see :func:`is_monitored`)."""
    info = metric_info(name)
    binary = info is not None and info.aggregate is Aggregate.RATE
    return MetricPlan(name, higher_is_better(name), is_log_scale(name), binary)


def monitored_metrics(baseline: RunData, current: RunData) -> list[MetricPlan]:
    """The monitored metrics present in both arms, with how to compare each."""
    return [metric_plan(m) for m in shared_metrics(baseline, current) if is_monitored(m)]


def is_ratio(name: str) -> bool:
    """Monitored log-scale cost metrics (e.g. runtime ratio), watched online.

    The online detector watches positive ratios on the log scale, an increase
    being harmful; this is the registry's answer, with unknown ``*_ratio``
    metrics treated as such costs for compatibility.
    """
    return is_monitored(name) and is_log_scale(name) and not higher_is_better(name)


def evidence_refs(data: RunData, task_ids: Sequence[str], limit: int = 10) -> list[str]:
    """Failing-sample references of the given tasks (in order), at most ``limit``."""
    out: list[str] = []
    for t in task_ids:
        out.extend(data.refs.get(t, [])[:2])
        if len(out) >= limit:
            break
    return out[:limit]


def as_outcomes(values: Mapping[str, list[float]]) -> dict[str, list[float]]:
    """A plain dict copy (defaultdicts would grow on lookups inside the statistics)."""
    return {k: list(v) for k, v in values.items() if v}
