"""The CUSUM bank of a subject, fed one run at a time, keyed by task id.

:class:`SequentialMonitor` keeps the online detectors of every slice and
continuous metric between runs (serializable with ``to_dict``/``from_dict``);
its per-slice :class:`~codecanary.detect.verdict.SequentialEvidence` feeds
:func:`codecanary.detect.verdict.decide`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from codecanary.detect.changepoint import Event, align_event, estimate_change
from codecanary.detect.cusum_design import (
    OVERALL,
    ContinuousSpec,
    MonitorPlan,
    SliceSpec,
    Stream,
    continuous_sd,
    localize,
    plan_monitors,
)
from codecanary.detect.daily import continuous_z, paired_z, shrunk_rate
from codecanary.detect.paired import MIN_TASKS, Outcomes
from codecanary.detect.sequential import SCHEMA_VERSION, CusumDetector
from codecanary.detect.verdict import SequentialEvidence
from codecanary.errors import CodecanaryError

Array = NDArray[np.float64]
MAX_HISTORY = 400
LOCALIZE_RUNS = 14
"""Minimum runs over which the rest of the panel is tested when a slice alarms."""
Slices = Mapping[str, Sequence[str]]
"""Slice name → task ids; include ``overall`` for the whole panel."""
STATE_SCHEMA = SCHEMA_VERSION + 1
"""Version of :meth:`SequentialMonitor.to_dict` (streams as records since 2)."""


@dataclass
class SequentialMonitor:
    """Online detectors for every slice of a subject's panel (and ratio metrics).

    Attributes:
        task_ids: The panel's task ids, fixing the order of per-task arrays.
        slices: Slice name → task ids.
        plan: The designed detectors (one or two streams per slice).
    """

    task_ids: list[str]
    slices: dict[str, list[str]]
    plan: MonitorPlan
    labels: list[str] = field(default_factory=list)
    complement: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Per slice and run: summed paired residuals and variances of the other tasks."""

    @classmethod
    def design(cls, baseline: Outcomes, slices: Slices, *,
               metrics: Mapping[str, Outcomes] | None = None,
               metric_effects: Mapping[str, float] | None = None,
               **options: Any) -> SequentialMonitor:
        """Design detectors from baseline outcomes (options as in ``plan_monitors``).

        Args:
            baseline: Per task, 0/1 outcomes of the baseline samples.
            slices: Slice name → task ids.
            metrics: Optional continuous ratio metrics (e.g. runtime ratio), name →
                per-task baseline values; watched on the log scale over the whole
                panel, an increase being harmful.
            metric_effects: Per metric, the smallest relative increase worth
                catching (default 0.10).
            **options: Passed to :func:`plan_monitors`.
        """
        ids = sorted(t for t in baseline if len(baseline[t]))
        if len(ids) < 2:
            raise CodecanaryError("baseline needs at least 2 tasks with samples")
        rate = np.array([float(np.mean(baseline[t])) for t in ids])
        n = np.array([float(len(baseline[t])) for t in ids])
        index = {t: i for i, t in enumerate(ids)}
        specs = []
        for name, members in slices.items():
            mask = np.zeros(len(ids), dtype=bool)
            mask[[index[t] for t in members if t in index]] = True
            # Minimum information rule (docs/statistics.md): a slice of fewer than
            # MIN_TASKS tasks gets no verdict, so it gets no share of the budget either.
            if name == OVERALL or int(mask.sum()) >= MIN_TASKS:
                specs.append(SliceSpec(name, mask))
        continuous = []
        for name, values in (metrics or {}).items():
            _, var, count = _log_stats(values, ids)
            several = count > 1
            sd = continuous_sd(var[several], count[several]) if several.any() else 0.0
            effect = math.log1p((metric_effects or {}).get(name, 0.10))
            continuous.append(ContinuousSpec(name, sd, effect, "increase"))
        plan = plan_monitors(rate, n, specs, continuous, **options)
        return cls(ids, {k: list(v) for k, v in slices.items()}, plan)

    def update(self, baseline: Outcomes, current: Outcomes, at: str,
               events: Sequence[Event] = (), *,
               metrics_baseline: Mapping[str, Outcomes] | None = None,
               metrics_current: Mapping[str, Outcomes] | None = None,
               ) -> dict[str, SequentialEvidence]:
        """Feed one run; return per slice (and metric) the strongest stream's evidence.

        Continuous metrics designed with ``metrics`` are fed from
        ``metrics_baseline`` / ``metrics_current`` (name → per-task values); a
        metric absent from either is a missing run for its detector.

        Tasks missing from the run or the baseline are left out of the day's
        statistic; a run with no usable task in a slice leaves its detectors
        untouched (a missing day). ``at`` labels the run (ISO timestamp); on an
        alarm the change start is dated and lined up with ``events``.

        ``baseline`` should keep the most recent runs out (e.g. runs from
        t−28−182 to t−28, or a pinned golden window): a window that includes
        them absorbs a drop while the detector is still accumulating it.
        """
        ids = self.task_ids
        cur_n = np.array([float(len(current.get(t, ()))) for t in ids])
        cur_mean = np.array([float(np.mean(current[t])) if cur_n[i] else 0.0
                             for i, t in enumerate(ids)])
        base_n = np.array([float(len(baseline.get(t, ()))) for t in ids])
        base_rate = np.array([float(np.mean(baseline[t])) if base_n[i] else 0.0
                              for i, t in enumerate(ids)])
        members = np.zeros((len(ids), len(self.slices)))
        index = {t: i for i, t in enumerate(ids)}
        for j, names in enumerate(self.slices.values()):
            members[[index[t] for t in names if t in index], j] = 1.0
        used = ((cur_n > 0) & (base_n > 0)).astype(float) @ members
        z, _, _ = paired_z(cur_mean, cur_n, base_rate, base_n, members)
        self._record_complements(cur_mean, cur_n, base_rate, base_n, members)
        self.labels.append(at)
        out: dict[str, SequentialEvidence] = {}
        column = {name: j for j, name in enumerate(self.slices)}
        metric_z = self._metric_z(metrics_baseline or {}, metrics_current or {})
        for stream in self.plan.streams:
            watch, det = stream.watches, stream.detector
            if stream.kind == "continuous":
                if watch not in metric_z:
                    continue
                value = metric_z[watch]
            elif watch not in column or used[column[watch]] == 0:
                continue
            else:
                value = float(z[column[watch]])
            step = det.update(value, at)
            evidence = SequentialEvidence(step.level, step.alarm)
            if step.alarm:
                labels, series = det.z_series()
                change = estimate_change(labels, series, det.k, det.direction)
                localized = self._localized(watch, labels, step.run_start)
                if change is not None:
                    event = _event_for(change.label, events)
                    evidence = SequentialEvidence(step.level, True, change.label,
                                                  change.method, event, localized)
                else:
                    evidence = SequentialEvidence(step.level, True, localized=localized)
            best = out.get(watch)
            if best is None or evidence.level > best.level:
                out[watch] = evidence
        return out

    def _record_complements(self, cur_mean: Array, cur_n: Array, base_rate: Array,
                            base_n: Array, members: Array) -> None:
        used = (cur_n > 0) & (base_n > 0)
        m, big_m = np.where(used, cur_n, 1.0), np.where(used, base_n, 1.0)
        p = shrunk_rate(base_rate, big_m)
        resid = np.where(used, cur_mean - base_rate, 0.0)
        var = np.where(used, p * (1 - p) * (1 / m + 1 / big_m), 0.0)
        outside = 1.0 - members
        for j, name in enumerate(self.slices):
            rows = self.complement.setdefault(name, [])
            rows.append((float(resid @ outside[:, j]), float(var @ outside[:, j])))
            del rows[: max(0, len(rows) - MAX_HISTORY)]

    def _localized(self, slice_name: str, labels: list[str], run_start: str | None) -> bool:
        """Whether a slice's alarm is specific to it (see ``monitor.localize``)."""
        rows = self.complement.get(slice_name, [])
        if slice_name == OVERALL or not rows:
            return True
        excursion = len(labels) - labels.index(run_start) if run_start in labels else 1
        window = rows[-max(excursion, LOCALIZE_RUNS):]
        # One column holding the rest of the panel: it is outside the "slice" mask.
        resid = np.array([[r] for r, _ in window])
        var = np.array([[v] for _, v in window])
        return localize(resid, var, np.zeros(1, dtype=bool))

    def _metric_z(self, baseline: Mapping[str, Outcomes],
                  current: Mapping[str, Outcomes]) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in (s.watches for s in self.plan.streams if s.kind == "continuous"):
            if name not in baseline or name not in current:
                continue
            b_mean, b_var, b_n = _log_stats(baseline[name], self.task_ids)
            c_mean, _, c_n = _log_stats(current[name], self.task_ids)
            z, _, _ = continuous_z(c_mean, c_n, b_mean, b_var, b_n)
            out[name] = float(z[0])
        return out

    def reset(self, slice_name: str = OVERALL) -> None:
        """Restart the detectors of a slice after its alarm was handled."""
        for stream in self.plan.streams:
            if stream.watches == slice_name:
                stream.detector.reset()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": STATE_SCHEMA,
            "task_ids": self.task_ids,
            "slices": self.slices,
            "streams": [{"name": s.name, "watches": s.watches, "kind": s.kind,
                         "detector": s.detector.to_dict()} for s in self.plan.streams],
            "skipped": self.plan.skipped,
            "false_alarms_per_year": self.plan.false_alarms_per_year,
            "runs_per_year": self.plan.runs_per_year,
            "labels": self.labels[-MAX_HISTORY:],
            "complement": {k: [list(r) for r in v] for k, v in self.complement.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SequentialMonitor:
        if data.get("schema_version") != STATE_SCHEMA:
            raise CodecanaryError(
                f"monitor state has schema_version {data.get('schema_version')!r}; "
                f"expected {STATE_SCHEMA}: re-design the monitor from the baseline"
            )
        try:
            streams = [Stream(str(s["name"]), str(s["watches"]),
                              "continuous" if s["kind"] == "continuous" else "slice", None,
                              CusumDetector.from_dict(s["detector"]))
                       for s in data["streams"]]
            plan = MonitorPlan(streams, float(data["false_alarms_per_year"]),
                               float(data["runs_per_year"]),
                               {str(k): str(v) for k, v in data.get("skipped", {}).items()})
            complement = {str(k): [(float(r), float(v)) for r, v in rows]
                          for k, rows in data.get("complement", {}).items()}
            return cls(list(data["task_ids"]), {k: list(v) for k, v in data["slices"].items()},
                       plan, list(data.get("labels", [])), complement)
        except (KeyError, TypeError, ValueError) as exc:
            raise CodecanaryError(f"corrupt monitor state: {exc}") from None


def _log_stats(values: Outcomes, ids: Sequence[str]) -> tuple[Array, Array, Array]:
    """Per task (in ``ids`` order): mean and variance of log values, and the count.

    Tasks with fewer than two values get the pooled mean variance, so a single
    run per task still has a usable variance.
    """
    means, variances, counts = [], [], []
    for t in ids:
        raw = np.asarray(values.get(t, ()), dtype=float)
        if np.any(raw <= 0) or not np.all(np.isfinite(raw)):
            raise CodecanaryError(f"ratio metric needs positive finite values (task {t!r})")
        logs = np.log(raw)
        counts.append(float(logs.size))
        means.append(float(logs.mean()) if logs.size else 0.0)
        variances.append(float(logs.var(ddof=1)) if logs.size > 1 else np.nan)
    var = np.array(variances)
    pooled = float(np.nanmean(var)) if np.any(~np.isnan(var)) else 0.0
    return np.array(means), np.where(np.isnan(var), pooled, var), np.array(counts)


def _event_for(label: str, events: Sequence[Event]) -> Event | None:
    try:
        when = datetime.fromisoformat(label)
    except ValueError:
        return None
    return align_event(when, events)
