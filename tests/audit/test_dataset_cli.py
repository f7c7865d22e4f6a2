"""The real ``codecanary audit dataset`` command: gate exit codes, outputs, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.audit.dataset_helpers import write_jsonl

CLI = str(Path(sys.executable).parent / "codecanary")
GOOD = "def mean(values):\n    total = sum(values)\n    return total / len(values)\n"
BROKEN = "def mean(values:\n    return sum(values\n"
SECRET = 'TOKEN = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"\n'


def distinct(k: int) -> str:
    """A small function that shares few 5-gram shingles with distinct(j), j != k."""
    return f"def f{k}(a{k}, b):\n    c{k} = a{k} * {k} + b\n    return c{k} - {k * 7}\n"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, "audit", "dataset", "--workers", "1", "--no-builtin-targets",
                           *args], capture_output=True, text=True, timeout=300, check=False)


def test_clean_dataset_passes(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "language": "python", "code": GOOD}])
    proc = cli(str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gate: pass" in proc.stdout


def test_secret_fails_unless_allowed(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "language": "python",
                                               "code": SECRET + GOOD}])
    assert cli(str(data)).returncode == 1
    assert cli(str(data), "--allow", "secret").returncode == 0


def test_max_flagged_share_and_json_and_flags_file(tmp_path: Path) -> None:
    records = [{"id": f"g{k}", "language": "python", "code": distinct(k)} for k in range(3)]
    records.append({"id": "b", "language": "python", "code": BROKEN})
    data = write_jsonl(tmp_path / "d.jsonl", records)
    flags = tmp_path / "flags.jsonl"
    proc = cli(str(data), "--json", "--max-flagged", "0.1", "--flags", str(flags))
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    for key in ("records", "flagged", "flag_counts", "languages", "gate"):
        assert key in report
    assert report["records"] == 4 and report["flagged"] == 1 and report["gate"] == "fail"
    assert report["flag_counts"]["syntax_error"] == 1
    lines = [json.loads(x) for x in flags.read_text().splitlines()]
    assert [(x["index"], x["id"]) for x in lines] == [(3, "b")]
    assert "syntax_error" in lines[0]["flags"] and lines[0]["evidence"]["syntax_error"]
    assert cli(str(data), "--max-flagged", "0.5").returncode == 0


def test_reference_shift_is_one_line_per_flag(tmp_path: Path) -> None:
    ref = write_jsonl(tmp_path / "ref.jsonl", [
        *({"id": f"r{k}", "language": "python", "code": distinct(k)} for k in range(40)),
        {"id": "x", "language": "python", "code": BROKEN}])
    new = write_jsonl(tmp_path / "new.jsonl", [
        {"id": f"n{k}", "language": "python",
         "code": BROKEN.replace("mean", f"g{k}") if k % 3 == 0 else distinct(100 + k)}
        for k in range(40)])
    proc = cli(str(new), "--reference", str(ref), "--json")
    shift = json.loads(proc.stdout)["shift"]
    syntax = next(f for f in shift["flags"] if f["flag"] == "syntax_error")
    assert syntax["ratio"] > 4 and syntax["p_value"] < 0.01
    assert syntax["test"] == "Fisher's exact test"
    text = cli(str(new), "--reference", str(ref)).stdout
    assert any(line.strip().startswith("syntax_error:") and "x," in line
               for line in text.splitlines())


def test_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    proc = cli(str(empty))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no records" in proc.stderr
    missing = cli(str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
