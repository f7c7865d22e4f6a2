"""check / compare / plan / baseline / event through the CLI (exit codes, outputs).

The histories are written once per module into a template database; every test
gets its own copy, so no test sees another's pins, events or detector state
(they pass in any order, alone or together).
"""

from __future__ import annotations

import json
import shutil
import threading
import xml.etree.ElementTree as ET
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from codecanary.cli import main
from codecanary.records import RunRecord, RunStatus, SampleRecord, SampleStatus
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from tests.monitor.panel import START, panel, subject
from tests.monitor.synth import write_history

SUITE = panel(12)


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_deterministic(store: Store, name: str, days: int) -> list[RunRecord]:
    """A subject that always gives the same answers: every task passes or fails every
    time, and its runtime ratio is exactly 1 (zero variance everywhere)."""
    sid = store.ensure_subject(subject(name))
    suite_id = store.save_suite(SUITE)
    ids = [t.id for t in SUITE.tasks]
    out = []
    for day in range(days):
        run_id = f"{name[:8]}{day:04d}"
        store.create_run(run_id=run_id, subject_id=sid, suite_id=suite_id,
                         logical_time=START + timedelta(days=day), samples_per_task=1,
                         task_ids=ids, settings={}, fingerprint={})
        for i, t in enumerate(ids):
            passed = i % 3 != 0
            store.save_sample(SampleRecord(
                run_id=run_id, task_id=t, sample_index=0, metrics={"runtime_ratio": 1.0},
                status=SampleStatus.PASSED if passed else SampleStatus.FAILED,
                failure_class=None if passed else "wrong_answer"))
        store.set_run_status(run_id, RunStatus.COMPLETED)
        out.append(store.get_run(run_id))
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[RunRecord]]:
    """jsfault: 25 baseline days x 3 samples, then 16 days, javascript drops on day 33;
    steady: 35 days; deterministic: 40 identical days."""
    db = tmp_path_factory.mktemp("cli") / "cli.db"
    store = Store.open(str(db))
    runs = write_history(store, "jsfault", SUITE, 41, seed=5, samples=[3] * 25 + [1] * 16,
                         drop_language="javascript", drop_from=33, drop=0.5)
    write_history(store, "steady", SUITE, 35, seed=3, samples=[3] * 25 + [1] * 10)
    write_deterministic(store, "fixed", 40)
    store.close()
    return db, runs


@pytest.fixture()
def history(template: tuple[Path, list[RunRecord]],
            tmp_path: Path) -> tuple[Path, list[RunRecord]]:
    """A private copy of the template database for one test."""
    source, runs = template
    db = tmp_path / "cli.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{db}{suffix}")
    return db, runs


def pin(db: Path, name: str, start: str = "2026-01-01", end: str = "2026-01-25") -> None:
    code, _, err = invoke(db, "baseline", "pin", "--subject", name, "--from", start,
                          "--to", end)
    assert code == 0, err


def test_baseline_pin_show_unpin(history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    code, out, _ = invoke(db, "baseline", "show", "--subject", "steady", "--json")
    assert code == 0 and json.loads(out)["kind"] == "rolling"
    code, out, _ = invoke(db, "baseline", "pin", "--subject", "steady", "--from", "2026-01-01",
                          "--to", "2026-01-25")
    assert code == 0 and "25 runs" in out
    code, out, _ = invoke(db, "baseline", "show", "--subject", "steady", "--json")
    assert json.loads(out)["kind"] == "pinned" and json.loads(out)["runs"] == 25
    code, out, _ = invoke(db, "baseline", "unpin", "--subject", "steady")
    assert code == 0 and "rolling" in out
    code, _, err = invoke(db, "baseline", "pin", "--subject", "steady", "--from", "2026-03-01",
                          "--to", "2026-02-01")
    assert code == 2 and err.count("\n") == 1 and "before" in err


def test_event_add_and_list(history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    code, _, _ = invoke(db, "event", "add", "--subject", "jsfault", "--kind", "deploy",
                        "--at", "2026-02-03", "--note", "v2 rollout")
    assert code == 0
    code, out, _ = invoke(db, "event", "list", "--subject", "jsfault", "--json")
    assert code == 0 and json.loads(out)[0]["note"] == "v2 rollout"
    code, _, err = invoke(db, "event", "add", "--subject", "jsfault", "--kind", "deploy",
                          "--at", "yesterday-ish")
    assert code == 2 and "not an ISO date" in err and err.count("\n") == 1
    code, _, err = invoke(db, "event", "add", "--subject", "nobody", "--kind", "data",
                          "--at", "2026-02-03")
    assert code == 2 and "nobody" in err


def test_check_exit_codes_and_ci_outputs(history: tuple[Path, list[RunRecord]],
                                         tmp_path: Path) -> None:
    db, _runs = history
    for name in ("jsfault", "steady"):
        pin(db, name)
    junit, md = tmp_path / "check.xml", tmp_path / "check.md"
    code, out, _ = invoke(db, "check", "--subject", "jsfault", "--json", "--junit", str(junit),
                          "--markdown", str(md))
    assert code == 1
    data = json.loads(out)
    assert data["status"] == "regressed" and data["named"]["slice"] == "language:javascript"
    js = next(v for v in data["verdicts"] if v["slice"] == "language:javascript")
    assert js["change_at"].startswith("2026-02-0")  # fault began 2026-02-03
    assert js["current_rate"]["n"] > 0 and js["evidence_samples"]
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuite" and int(root.get("failures", "0")) >= 1
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert "language:javascript" in failed
    text = md.read_text()
    assert "language:javascript" in text and "| slice |" in text
    code, out, _ = invoke(db, "check", "--subject", "steady")
    assert code == 0 and "verdict:" in out
    code, _, err = invoke(db, "check", "--subject", "nobody")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1


def test_check_text_names_the_localized_slice_first(
        history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    pin(db, "jsfault")
    code, out, _ = invoke(db, "check", "--subject", "jsfault")
    assert code == 1
    text = " ".join(out.split())  # the console wraps long lines
    named = text.index("named: language:javascript pass_rate")
    first = text.index(": REGRESSED")
    assert named < first and text[:first].endswith("language:javascript pass_rate")
    assert text.index("overall pass_rate") > first
    # An alarm-confirmed verdict shows the pooled interval it rests on, then the run's own.
    verdict = text[first:text.index(" - ", first)]
    assert "runs pooled" in verdict and "latest run alone" in verdict


def test_check_on_a_deterministic_subject_does_not_crash(
        history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    code, out, err = invoke(db, "check", "--subject", "fixed", "--lag", "3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] in ("stable", "insufficient_data")
    for v in data["verdicts"]:
        low, high = v["interval"]
        assert v["p_value"] > 0
        if v["metric"] == "pass_rate":
            assert low < high  # never degenerate: the binomial floor sizes it
    code, _, err = invoke(db, "plan", "--subject", "fixed")
    assert code == 2 and "cannot estimate without variation" in err and err.count("\n") == 1


def test_check_refuses_a_failed_or_mostly_infra_latest_run(
        history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    pin(db, "jsfault")
    store = Store.open(str(db))
    sid = store.subject_id("jsfault")
    suite_id = store.save_suite(SUITE)
    store.create_run(run_id="down0001", subject_id=sid, suite_id=suite_id,
                     logical_time=runs[-1].logical_time + timedelta(days=1),
                     samples_per_task=1, task_ids=[t.id for t in SUITE.tasks], settings={},
                     fingerprint={})
    store.set_run_status("down0001", RunStatus.FAILED, "endpoint unreachable")
    store.close()
    code, out, err = invoke(db, "check", "--subject", "jsfault")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "down0001" in err and "failed" in err and "endpoint unreachable" in err
    # An earlier run can still be checked explicitly.
    code, _, _ = invoke(db, "check", "--subject", "jsfault", "--run", runs[-1].id)
    assert code == 1
    # A completed run whose samples are mostly infra errors is refused too.
    store = Store.open(str(db))
    store.create_run(run_id="infra001", subject_id=sid, suite_id=suite_id,
                     logical_time=runs[-1].logical_time + timedelta(days=2),
                     samples_per_task=1, task_ids=[t.id for t in SUITE.tasks], settings={},
                     fingerprint={})
    for t in SUITE.tasks:
        store.save_sample(SampleRecord(run_id="infra001", task_id=t.id, sample_index=0,
                                       status=SampleStatus.INFRA_ERROR))
    store.set_run_status("infra001", RunStatus.COMPLETED)
    store.close()
    code, _, err = invoke(db, "check", "--subject", "jsfault")
    assert code == 2 and "infra errors" in err and err.count("\n") == 1


def test_pinned_window_holding_the_checked_run_is_refused(
        history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    pin(db, "steady", "2026-01-01", "2026-03-01")
    code, _, err = invoke(db, "check", "--subject", "steady")
    assert code == 2 and "contains the checked run" in err and err.count("\n") == 1


class _Down(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_failed_webhook_is_a_warning_and_keeps_the_verdict_exit_code(
        history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    pin(db, "jsfault")
    server = HTTPServer(("127.0.0.1", 0), _Down)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook/secret"
        code, _, err = invoke(db, "check", "--subject", "jsfault", "--webhook", url)
    finally:
        server.shutdown()
    assert code == 1  # regressed, whatever happened to the webhook
    assert "warning: webhook" in err and "503" in err and "secret" not in err


def test_compare_exit_codes(history: tuple[Path, list[RunRecord]]) -> None:
    db, runs = history
    before = runs[-10].id  # two steady days (the exit-1 case: tests/monitor/test_pipeline.py)
    code, out, _ = invoke(db, "compare", runs[-11].id, before, "--json")
    assert code == 0 and json.loads(out)["exit_code"] == 0
    other = Store.open(str(db))
    plan = RunPlan(subject=subject("other"), suite=panel(3), task_ids=("python/weighted_excess_0",
                   "python/weighted_excess_1"), logical_time=START + timedelta(days=50),
                   ground_truth=0)
    foreign = start_run(other, plan)
    other.close()
    code, _, err = invoke(db, "compare", before, foreign.id)
    assert code == 2 and "different panels" in err and err.count("\n") == 1
    code, _, err = invoke(db, "compare", before, "nosuchrun")
    assert code == 2 and "nosuchrun" in err


def test_plan_reports_mde_per_period(history: tuple[Path, list[RunRecord]]) -> None:
    db, _ = history
    code, out, _ = invoke(db, "plan", "--subject", "steady", "--mde", "0.03", "--json")
    assert code == 0
    data = json.loads(out)
    day, week, month = (data["mde_by_period"][k] for k in ("day", "week", "month"))
    assert day > week > month > 0
    assert data["tasks"] == 24 and next(o["samples_per_task"] for o in data["options"]) == 1
    code, out, _ = invoke(db, "plan", "--subject", "steady")
    assert code == 0 and "per week" in out
    code, _, err = invoke(db, "plan", "--subject", "steady", "--mde", "3")
    assert code == 2 and "--mde" in err


@pytest.mark.slow
def test_quickstart_demo_names_the_faulty_language(tmp_path: Path) -> None:
    suite_file = tmp_path / "panel.jsonl"
    suite_file.write_text("".join(t.model_dump_json() + "\n" for t in panel(8).tasks))
    db = tmp_path / "qs.db"
    args = ["quickstart", "--suite", str(suite_file), "--quiet", "--days", "20",
            "--baseline-days", "20", "--baseline-samples", "2"]
    code, out, _ = invoke(db, *args)
    assert code == 0
    assert "REGRESSED: language:javascript" in out and "change began" in out
    assert "evidence samples:" in out
    # Re-running starts from a clean demo subject instead of stacking histories.
    code, out, _ = invoke(db, *args)
    assert code == 0
    store = Store.open(str(db))
    assert len(store.list_runs(subject="quickstart-demo")) == 40
    store.close()


def test_database_precedence_is_flag_then_toml_then_environment(
        history: tuple[Path, list[RunRecord]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """config.py's documented order: CLI flags > codecanary.toml > environment."""
    db, _ = history
    empty = tmp_path / "empty.db"
    Store.open(str(empty)).close()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["plan", "--subject", "steady", "--json"]
    # Environment alone: used.
    result = runner.invoke(main, args, env={"CODECANARY_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    # codecanary.toml beats the environment.
    (tmp_path / "codecanary.toml").write_text(f'db = "{empty}"\n')
    result = runner.invoke(main, args, env={"CODECANARY_DB": str(db)})
    assert result.exit_code == 2 and "steady" in result.stderr
    # The flag beats both.
    result = runner.invoke(main, ["--db", str(db), *args], env={"CODECANARY_DB": str(empty)})
    assert result.exit_code == 0, result.stderr
