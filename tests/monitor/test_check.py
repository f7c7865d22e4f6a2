"""The monitor layer on synthetic stored histories: quiet when steady, names a language fault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from codecanary.errors import CodecanaryError
from codecanary.monitor import run_check
from codecanary.monitor.data import panel_slices
from codecanary.monitor.state import MonitorState
from codecanary.store import Store
from tests.monitor.panel import START, panel
from tests.monitor.synth import write_history

SUITE = panel(15)
BASE_DAYS = 30


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    """These checks run on SQLite and on PostgreSQL (the shared fixture is SQLite only)."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


def _pin(store: Store, name: str, runs: list) -> None:  # type: ignore[type-arg]
    store.pin_baseline(store.subject_id(name), runs[0].suite_version, START,
                       START + timedelta(days=BASE_DAYS - 1))


def _alarm_days(store: Store, name: str, runs: list) -> list[str]:  # type: ignore[type-arg]
    raw = store.monitor_state(store.subject_id(name), runs[0].suite_version)
    assert raw is not None
    state = MonitorState.from_dict(raw)
    days = []
    for run in runs:
        ev = state.evidence_for(run.id) or {}
        if any(e.alarm for e in ev.values()):
            days.append(f"{run.logical_time:%Y-%m-%d}")
    return days


def test_slices_cover_languages_categories_difficulty() -> None:
    slices = panel_slices(SUITE, [t.id for t in SUITE.tasks])
    assert set(slices) == {"overall", "language:python", "language:javascript",
                           "category:loops", "category:arithmetic", "difficulty:easy",
                           "difficulty:hard"}
    assert len(slices["overall"]) == 30 and len(slices["language:python"]) == 15


def test_steady_subject_stays_quiet_over_many_runs(store: Store) -> None:
    runs = write_history(store, "steady", SUITE, BASE_DAYS + 60, seed=3,
                         samples=[3] * BASE_DAYS + [1] * 60)
    _pin(store, "steady", runs)
    result = run_check(store, "steady")
    assert result.fed_runs == 60
    assert result.status != "regressed" and result.exit_code == 0
    assert _alarm_days(store, "steady", runs) == []
    assert all(v.baseline_rate is not None and v.baseline_rate.n > 0
               for v in result.verdicts if v.metric == "pass_rate")


def test_language_fault_is_named_and_dated(store: Store) -> None:
    runs = write_history(store, "jsfault", SUITE, BASE_DAYS + 20, seed=5,
                         samples=[3] * BASE_DAYS + [1] * 20, drop_language="javascript",
                         drop_from=BASE_DAYS + 10, drop=0.45)
    _pin(store, "jsfault", runs)
    sid = store.subject_id("jsfault")
    fault_day = START + timedelta(days=BASE_DAYS + 10)
    store.add_event(sid, "deploy", fault_day, "v2")
    result = run_check(store, "jsfault")
    assert result.exit_code == 1
    named = result.named()
    assert named is not None and named.slice == "language:javascript"
    assert named.change_at is not None
    start = named.change_at[:10]
    assert abs((fault_day.date() - START.date().fromisoformat(start)).days) <= 2
    assert named.event is not None and named.event.kind == "deploy"
    assert named.flipped_pass_to_fail and all(t.startswith("javascript/")
                                              for t in named.flipped_pass_to_fail)
    assert named.pooled and named.basis.startswith("since ")
    assert named.interval.high < 0  # the pooled drop it rests on excludes zero
    pooled = result.pooled_for(named)
    assert pooled is not None and pooled.comparison.interval == named.interval
    assert result.samples_for(named) and all("#" in ref for ref in result.samples_for(named))
    python = next(v for v in result.verdicts if v.slice == "language:python")
    assert python.status in ("stable", "improved", "suspected")
    # Alarms only after the fault began.
    assert all(day >= f"{fault_day:%Y-%m-%d}" for day in _alarm_days(store, "jsfault", runs))


def test_recheck_is_idempotent(store: Store) -> None:
    runs = write_history(store, "idem", SUITE, BASE_DAYS + 5, seed=9,
                         samples=[3] * BASE_DAYS + [1] * 5)
    _pin(store, "idem", runs)
    first = run_check(store, "idem")
    state1 = store.monitor_state(store.subject_id("idem"), runs[0].suite_version)
    again = run_check(store, "idem")
    state2 = store.monitor_state(store.subject_id("idem"), runs[0].suite_version)
    assert again.fed_runs == 0 and first.fed_runs == 5
    assert state1 == state2
    assert [v.status for v in first.verdicts] == [v.status for v in again.verdicts]
    # An earlier run checked afterwards does not feed the detectors either.
    run_check(store, "idem", run_id=runs[-2].id)
    assert store.monitor_state(store.subject_id("idem"), runs[0].suite_version) == state2


def test_rolling_baseline_leaves_recent_runs_out(store: Store) -> None:
    runs = write_history(store, "roll", SUITE, 40, seed=4)
    result = run_check(store, "roll", lag=7, window=20)
    assert result.baseline.kind == "rolling"
    assert [r.id for r in result.baseline.runs] == [r.id for r in runs[12:32]]
    with pytest.raises(CodecanaryError, match="rolling baseline leaves out"):
        run_check(store, "roll", lag=60)


def test_unknown_subject_is_one_line_error(store: Store) -> None:
    with pytest.raises(CodecanaryError, match="no completed runs"):
        run_check(store, "nobody")


def test_continuous_ratio_metric_is_checked_when_present(store: Store) -> None:
    runs = write_history(store, "slow", SUITE, BASE_DAYS + 8, seed=6,
                         samples=[3] * BASE_DAYS + [1] * 8, runtime_from=BASE_DAYS + 3,
                         runtime_factor=1.5)
    _pin(store, "slow", runs)
    result = run_check(store, "slow")
    runtime = [v for v in result.verdicts if v.metric == "runtime_ratio"]
    assert runtime, "runtime_ratio present in the samples must be compared"
    overall = next(v for v in runtime if v.slice == "overall")
    assert overall.status == "regressed"
    assert 1.3 < overall.effect < 1.7  # geometric-mean ratio on the log scale
    pass_rate = next(v for v in result.verdicts
                     if v.metric == "pass_rate" and v.slice == "overall")
    assert pass_rate.status != "regressed"
    assert result.sequential["runtime_ratio"].alarm
