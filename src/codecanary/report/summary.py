"""Per-run summaries: pass rate, scoring metrics and failure classes per slice.

Pass rates count only samples the model is responsible for: ``infra_error``
samples are reported separately and excluded from every denominator. Their
intervals are clustered by task when samples repeat tasks. Every
metric of :mod:`codecanary.scoring.metrics` a sample carries is aggregated
with its interval and n (see :mod:`codecanary.report.metric_summary`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, ConfigDict

from codecanary.detect import OVERALL
from codecanary.records import RunRecord, SampleRecord, SampleStatus
from codecanary.report.metric_summary import MetricSummary, summarize_metric
from codecanary.report.rates import Rate, clustered
from codecanary.scoring.metrics import METRICS
from codecanary.suites.models import Suite


class SliceSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    slice: str
    """``overall``, ``language:go``, ``category:strings`` or ``difficulty:hard``."""
    pass_rate: Rate
    n_tasks: int
    n_infra_errors: int
    failure_classes: dict[str, int]
    metrics: dict[str, MetricSummary] = {}
    """Metric name → aggregate, in registry order; only metrics some sample carries."""


def _slices_of(task_language: str, categories: tuple[str, ...],
               difficulty: str | None) -> list[str]:
    keys = [OVERALL, f"language:{task_language}"]
    keys += [f"category:{c}" for c in categories]
    if difficulty:
        keys.append(f"difficulty:{difficulty}")
    return keys


def summarize(run: RunRecord, samples: list[SampleRecord], suite: Suite) -> list[SliceSummary]:
    """Slice summaries for one run, ``overall`` first."""
    outcomes: defaultdict[str, defaultdict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list))
    infra: Counter[str] = Counter()
    tasks: defaultdict[str, set[str]] = defaultdict(set)
    classes: defaultdict[str, Counter[str]] = defaultdict(Counter)
    values: defaultdict[str, defaultdict[str, defaultdict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    task_slices = {t.id: _slices_of(t.language, t.categories, t.difficulty) for t in suite.tasks}
    for sample in samples:
        for key in task_slices.get(sample.task_id, [OVERALL]):
            tasks[key].add(sample.task_id)
            if sample.status is SampleStatus.INFRA_ERROR:
                infra[key] += 1
                continue
            passed = sample.status is SampleStatus.PASSED
            outcomes[key][sample.task_id].append(1.0 if passed else 0.0)
            if not passed and sample.failure_class:
                classes[key][sample.failure_class] += 1
            for name, value in sample.metrics.items():
                if name in METRICS and isinstance(value, int | float):
                    values[key][name][sample.task_id].append(float(value))
    order = sorted(tasks, key=lambda k: (k != OVERALL, k.split(":")[0], k))
    return [SliceSummary(slice=key, pass_rate=clustered(outcomes[key]),
                         n_tasks=len(tasks[key]), n_infra_errors=infra[key],
                         failure_classes=dict(classes[key].most_common()),
                         metrics={name: summarize_metric(info, values[key][name])
                                  for name, info in METRICS.items() if name in values[key]})
            for key in order]


def run_to_json(run: RunRecord, slices: list[SliceSummary] | None = None,
                samples: list[SampleRecord] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = run.model_dump(mode="json")
    if slices is not None:
        overall = next((s for s in slices if s.slice == OVERALL), None)
        data["failure_classes"] = overall.failure_classes if overall else {}
        data["metrics"] = {"pass_rate": overall.pass_rate.model_dump() if overall else None}
        if overall is not None:
            data["metrics"].update({k: v.model_dump() for k, v in overall.metrics.items()})
        data["slices"] = [s.model_dump(mode="json") for s in slices]
    if samples is not None:
        data["samples"] = [s.model_dump(mode="json") for s in samples]
    return data
