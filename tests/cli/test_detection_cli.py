"""check / compare / plan / baseline / event through the CLI (exit codes, outputs)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from codecanary.cli import main
from codecanary.records import RunRecord
from codecanary.runner import RunPlan, start_run
from codecanary.store import Store
from tests.monitor.panel import START, panel, subject
from tests.monitor.synth import write_history

SUITE = panel(12)


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[RunRecord]]:
    """One subject: 25 baseline days x 3 samples, then 16 days, javascript drops on day 33."""
    db = tmp_path_factory.mktemp("cli") / "cli.db"
    store = Store.open(str(db))
    runs = write_history(store, "jsfault", SUITE, 41, seed=5, samples=[3] * 25 + [1] * 16,
                         drop_language="javascript", drop_from=33, drop=0.5)
    write_history(store, "steady", SUITE, 35, seed=3, samples=[3] * 25 + [1] * 10)
    store.close()
    return db, runs


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
        code, _, _ = invoke(db, "baseline", "pin", "--subject", name, "--from", "2026-01-01",
                            "--to", "2026-01-25")
        assert code == 0
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
