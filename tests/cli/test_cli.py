"""The CLI as a user drives it: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from codecanary.cli import main
from tests.fakes.server import FakeLLMServer, Status

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
RUN_KEYS = {"id", "subject", "suite", "suite_version", "status", "started_at", "logical_time",
            "n_samples", "n_passed", "n_failed", "n_infra_errors"}


def invoke(*args: str, db: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    prefix = ["--db", str(db)] if db else []
    result = runner.invoke(main, [*prefix, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_suites_list_and_show_json() -> None:
    code, out, _ = invoke("suites", "list", "--json")
    assert code == 0
    names = {row["name"] for row in json.loads(out)}
    assert "humaneval" in names
    code, out, _ = invoke("suites", "show", "humaneval", "--json")
    data = json.loads(out)
    assert data["n_tasks"] == 164
    assert {"id", "language", "categories", "difficulty"} <= set(data["tasks"][0])


def test_run_then_list_and_show_json(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    code, out, err = invoke("run", "--subject", "simulated", "--suite", "humaneval", "--limit",
                            "5", "--samples", "2", "--at", "2026-03-01", "--sandbox", SANDBOX,
                            "--json", db=db)
    assert code == 0, err
    run = json.loads(out)
    assert set(run) >= RUN_KEYS
    assert run["logical_time"].startswith("2026-03-01")
    assert run["n_samples"] == 10
    assert run["metrics"]["pass_rate"]["n"] == 10
    code, out, _ = invoke("runs", "list", "--json", db=db)
    (listed,) = json.loads(out)
    assert set(listed) >= RUN_KEYS and listed["id"] == run["id"]
    code, out, _ = invoke("runs", "show", run["id"], "--json", "--samples", db=db)
    shown = json.loads(out)
    assert len(shown["samples"]) == 10
    assert {"task_id", "sample_index", "status", "failure_class"} <= set(shown["samples"][0])
    assert shown["slices"][0]["slice"] == "overall"


def _error_line(*args: str, db: Path) -> tuple[int, str]:
    """Run the real console entry point: exit code and stderr, no traceback allowed."""
    proc = subprocess.run([sys.executable, "-m", "codecanary", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--subject", "nobody"], "unknown subject 'nobody'"),
        (["run", "--subject", "simulated", "--suite", "nosuch"], "unknown suite 'nosuch'"),
        (["runs", "show", "abc"], "no run 'abc'"),
        (["run", "--subject", "simulated", "--at", "yesterday"], "not an ISO date"),
        (["run", "--subject", "simulated", "--suite", "humaneval", "--option", "skill=7"],
         "skill"),
        (["suites", "show", "missing.jsonl"], "cannot read suite file"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path: Path, args: list[str],
                                            message: str) -> None:
    code, err = _error_line(*args, db=tmp_path / "e.db")
    assert code != 0
    assert message in err
    assert len(err.splitlines()) == 1, err


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codecanary.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_missing_key_is_named_never_printed(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_KEY", raising=False)
    cfg = _config(tmp_path, '[subjects.gpt]\nprovider = "openai"\nmodel = "m"\n'
                            '[subjects.gpt.options]\nbase_url = "http://127.0.0.1:9/v1"\n'
                            'api_key_env = "CC_TEST_KEY"\n')
    code, err = _error_line("--config", str(cfg), "run", "--subject", "gpt", "--suite",
                            "humaneval", db=tmp_path / "k.db")
    assert code != 0 and "CC_TEST_KEY" in err and len(err.splitlines()) == 1


def test_unreachable_endpoint_fails_cleanly(tmp_path: Path, closed_port: int) -> None:
    cfg = _config(tmp_path, '[subjects.gpt]\nprovider = "openai"\nmodel = "m"\n'
                            '[subjects.gpt.options]\n'
                            f'base_url = "http://127.0.0.1:{closed_port}/v1"\n'
                            'require_key = false\n')
    code, err = _error_line("--config", str(cfg), "run", "--subject", "gpt", "--suite",
                            "humaneval", "--limit", "6", "--sandbox", SANDBOX, "--quiet",
                            db=tmp_path / "u.db")
    assert code != 0
    assert "all failed" in err and len(err.splitlines()) == 1


def test_secret_never_reaches_output_or_store(tmp_path: Path, fake_openai: FakeLLMServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-DO-NOT-LEAK-1234567890"
    monkeypatch.setenv("CC_SECRET_KEY", secret)
    fake_openai.responder = lambda req: Status(500, "boom")
    cfg = _config(tmp_path, '[subjects.gpt]\nprovider = "openai"\nmodel = "m"\n'
                            f'[subjects.gpt.options]\nbase_url = "{fake_openai.url}"\n'
                            'api_key_env = "CC_SECRET_KEY"\n')
    db = tmp_path / "s.db"
    proc = subprocess.run([sys.executable, "-m", "codecanary", "--config", str(cfg), "--db",
                           str(db), "run", "--subject", "gpt", "--suite", "humaneval",
                           "--limit", "5", "--sandbox", SANDBOX, "--option", "timeout_s=5"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CC_SECRET_KEY": secret})
    assert proc.returncode != 0
    assert secret not in proc.stdout + proc.stderr
    assert secret.encode() not in db.read_bytes()
    assert any(r.headers.get("authorization", "").endswith(secret) for r in fake_openai.requests)
