"""End to end through the library: steady subjects stay quiet, faults are named and dated."""

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from codecanary.detect import (
    Event,
    MetricSpec,
    SequentialMonitor,
    compare_slices,
    decide,
    exit_code,
)

LANGS = 7


def with_evidence(checks, evidence):  # type: ignore[no-untyped-def]
    return [replace(c, sequential=evidence.get(c.slice)) for c in checks]


def _panel(rng: np.random.Generator, panel_rates, n: int = 98):  # type: ignore[no-untyped-def]
    ids = [f"task{i:03d}" for i in range(n)]
    p = panel_rates(rng, n)
    lang = np.arange(n) % LANGS
    slices = {"overall": ids}
    slices |= {f"language:{j}": [t for t, g in zip(ids, lang, strict=True) if g == j]
               for j in range(LANGS)}
    return ids, p, lang, slices


def _run(rng: np.random.Generator, ids: list[str], q: np.ndarray) -> dict[str, list[int]]:
    y = (rng.random(len(ids)) < q).astype(int)
    return {t: [int(v)] for t, v in zip(ids, y, strict=True)}


def _simulate(rng, panel_rates, days: int, fault_day: int | None):  # type: ignore[no-untyped-def]
    ids, p, lang, slices = _panel(rng, panel_rates)
    history = [_run(rng, ids, p) for _ in range(90)]
    baseline = {t: [h[t][0] for h in history] for t in ids}
    monitor = SequentialMonitor.design(baseline, slices)
    start = date(2026, 1, 1)
    alarms: list[tuple[int, dict]] = []
    q = p.copy()
    for day in range(days):
        if fault_day is not None and day == fault_day:
            q = np.where(lang == 2, p * 0.45, p)  # forgetting in one language
        run = _run(rng, ids, q)
        at = (start + timedelta(days=day)).isoformat()
        events = [Event(datetime_at(start + timedelta(days=fault_day - 1)), "deploy", "v2")] \
            if fault_day is not None else []
        evidence = monitor.update(baseline, run, at, events)
        monitor = SequentialMonitor.from_dict(json.loads(json.dumps(monitor.to_dict())))
        fired = {k: v for k, v in evidence.items() if v.alarm}
        if fired:
            alarms.append((day, fired))
            for name in fired:
                monitor.reset(name)
            if fault_day is not None:
                return alarms, baseline, run, slices, evidence
    return alarms, baseline, run, slices, evidence


def datetime_at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def test_steady_subject_stays_quiet(panel_rates) -> None:
    rng = np.random.default_rng(21)
    alarms, baseline, run, slices, evidence = _simulate(rng, panel_rates, 120, None)
    # Budget 0.7 alarms/year: over 120 days an alarm has probability ~0.2; seed is fixed.
    assert alarms == []
    checks = with_evidence(compare_slices(baseline, run, slices, MetricSpec("pass_rate")),
                           evidence)
    verdicts = decide(checks)
    assert exit_code(verdicts) == 0


def test_language_fault_is_named_and_dated(panel_rates) -> None:
    rng = np.random.default_rng(22)
    alarms, baseline, run, slices, evidence = _simulate(rng, panel_rates, 60, 20)
    assert alarms, "fault not detected within 40 days"
    day, fired = alarms[0]
    assert day >= 20 and "language:2" in fired
    ev = fired["language:2"]
    assert ev.change_at is not None
    change = date.fromisoformat(ev.change_at)
    assert abs((change - date(2026, 1, 21)).days) <= 3
    assert ev.event is not None and ev.event.note == "v2"
    assert ev.localized  # the other languages did not drop
    checks = with_evidence(compare_slices(baseline, run, slices, MetricSpec("pass_rate")),
                           evidence)
    verdicts = decide(checks)
    by_slice = {v.slice: v for v in verdicts}
    assert by_slice["language:2"].status == "regressed"
    assert by_slice["language:2"].effect < 0
    assert exit_code(verdicts) == 1


@pytest.mark.slow
def test_steady_false_alarm_rate_over_many_subjects(panel_rates) -> None:
    """Several steady subjects for a simulated half-year each: alarms stay within budget."""
    rng = np.random.default_rng(23)
    total_alarms, total_days = 0, 0
    for _ in range(4):
        alarms, *_ = _simulate(rng, panel_rates, 180, None)
        total_alarms += len(alarms)
        total_days += 180
    # Budget 0.7/year → expected ~1.4 alarms in 2 years; 5 or more is p < 0.02.
    assert total_alarms <= 4


def test_runtime_metric_is_watched_and_slowdown_detected(panel_rates) -> None:
    rng = np.random.default_rng(24)
    ids, p, _, slices = _panel(rng, panel_rates)
    mu = rng.normal(0, 0.5, len(ids))
    sigma = rng.uniform(0.1, 0.3, len(ids))
    slow = rng.random(len(ids)) < 0.3

    def runtimes(factor: float) -> dict[str, list[float]]:
        logs = mu + sigma * rng.standard_normal(len(ids)) + np.where(slow, np.log(factor), 0)
        return {t: [float(np.exp(v))] for t, v in zip(ids, logs, strict=True)}

    history = [_run(rng, ids, p) for _ in range(90)]
    baseline = {t: [h[t][0] for h in history] for t in ids}
    rt_hist = [runtimes(1.0) for _ in range(90)]
    rt_base = {t: [r[t][0] for r in rt_hist] for t in ids}
    monitor = SequentialMonitor.design(baseline, slices, metrics={"runtime": rt_base})
    assert "runtime" in monitor.plan.watches
    for day in range(30):
        factor = 1.5 if day >= 20 else 1.0
        ev = monitor.update(baseline, _run(rng, ids, p), f"2026-01-{day + 1:02d}",
                            metrics_baseline={"runtime": rt_base},
                            metrics_current={"runtime": runtimes(factor)})
        monitor = SequentialMonitor.from_dict(json.loads(json.dumps(monitor.to_dict())))
        if day < 20:
            assert not ev["runtime"].alarm
        elif ev["runtime"].alarm:
            assert day <= 22
            break
    else:
        pytest.fail("runtime slowdown not detected")


def test_localize_separates_local_from_panel_wide_drops() -> None:
    from codecanary.detect.cusum_design import localize

    rng = np.random.default_rng(25)
    p = rng.uniform(0.2, 0.9, 140)
    members = np.arange(140) < 20
    var = np.tile(p * (1 - p), (14, 1))
    local = (rng.random((14, 140)) < np.where(members, p - 0.15, p)) - p
    wide = (rng.random((14, 140)) < p - 0.05) - p
    assert localize(local, var, members)
    assert not localize(wide, var, members)
