"""``codecanary forgetting``, ``codecanary diagnose`` and the cause in ``check``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from codecanary.cli import main
from codecanary.store import Store
from tests.diagnose.history import FAULT_DAY, history


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    store = Store.open(path)
    history(store, "tok", [{"kind": "tokenizer_mismatch", "rate": 0.6}])
    history(store, "good", [], days=1)
    history(store, "forgot", [{"kind": "forgetting", "rate": 1.0, "languages": ["javascript"],
                               "improve": ["python"]}], days=FAULT_DAY + 1, first_day=FAULT_DAY)
    store.close()
    return path


def test_diagnose_check_and_forgetting_through_the_cli(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out, err = invoke("--db", db, "diagnose", "--subject", "tok")
    assert code == 0, err
    assert "likely cause: tokenizer_mismatch" in out and "next:" in out
    code, out, _ = invoke("--db", db, "diagnose", "--subject", "tok", "--json")
    assert json.loads(out)["top"] == "tokenizer_mismatch"

    md = tmp_path / "check.md"
    code, out, _ = invoke("--db", db, "check", "--subject", "tok", "--json",
                          "--markdown", str(md))
    assert code == 1
    assert json.loads(out)["likely_cause"]["top"] == "tokenizer_mismatch"
    assert "likely cause: tokenizer_mismatch" in md.read_text()
    code, out, _ = invoke("--db", db, "check", "--subject", "tok")
    assert code == 1 and "likely cause: tokenizer_mismatch" in out

    code, out, err = invoke("--db", db, "forgetting", "--base", "good", "--versions",
                            "forgot", "--target", "language:python", "--json")
    assert code == 0, err
    matrix = json.loads(out)
    summary = matrix["summaries"][0]
    assert "language:javascript" in summary["forgotten"]
    assert summary["retained_change"]["effect"] < 0
    code, out, _ = invoke("--db", db, "forgetting", "--base", "good", "--versions", "forgot")
    assert code == 0 and "retained change (BWT)" in out

    store = Store.open(db)
    runs = store.list_runs(subject="tok")  # newest first
    store.close()
    # the faulty day against one clean day, by run id prefixes
    code, out, err = invoke("--db", db, "diagnose", "--subject", "tok", "--run", runs[0].id[:8],
                            "--against", runs[1].id[:8], "--json")
    assert code == 0, err
    assert json.loads(out)["top"] == "tokenizer_mismatch"
    # a clean day against another: nothing stated
    code, out, _ = invoke("--db", db, "diagnose", "--subject", "tok", "--run", runs[1].id,
                          "--against", runs[2].id, "--json")
    assert code == 0 and json.loads(out)["top"] is None


def test_errors_are_one_line(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, _, err = invoke("--db", db, "diagnose", "--subject", "nobody")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, err
    code, _, err = invoke("--db", db, "forgetting", "--base", "nobody", "--versions", "tok")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, err
    code, _, err = invoke("--db", db, "forgetting", "--base", "good", "--versions", "forgot",
                          "--target", "language:cobol")
    assert code == 2 and "unknown target slice" in err, err
