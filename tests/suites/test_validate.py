import asyncio
import json
import os
from pathlib import Path

from click.testing import CliRunner

from codecanary.cli import main
from codecanary.sandbox import open_sandbox
from codecanary.suites.models import Task
from codecanary.suites.validate import validate_task

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")
CLAMP = """def clamp(x, lo, hi):
    if x < 10:
        return x * 2
    if x <= 20:
        return x + 5
    return x - 1
"""
STRONG = "".join(f"assert clamp({x}, 0, 0) == {want}\n"
                 for x, want in [(0, 0), (3, 6), (9, 18), (10, 15), (20, 25), (21, 20), (40, 39)])
WEAK = "assert clamp(40, 0, 0) == 39\n"


def _task(tests: str, reference: str = CLAMP) -> Task:
    return Task(id="py/clamp", language="python", prompt="Write clamp(x, lo, hi).",
                entry_point="clamp", reference=reference, tests=tests)


def _validate(task: Task):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        sandbox = open_sandbox(SANDBOX)
        try:
            return await validate_task(task, sandbox, max_mutants=30)
        finally:
            await sandbox.aclose()
    return asyncio.run(go())


def test_strong_tests_kill_mutants_weak_tests_do_not() -> None:
    strong = _validate(_task(STRONG))
    weak = _validate(_task(WEAK))
    assert strong.reference_ok and weak.reference_ok
    assert strong.mutants_compiled >= 5
    assert strong.kill_rate == 1.0 and strong.strong
    assert weak.kill_rate is not None and weak.kill_rate < 0.8 and not weak.strong
    assert weak.survivors


def test_failing_reference_is_reported() -> None:
    broken = _validate(_task(STRONG, reference=CLAMP.replace("x + 5", "x + 6")))
    assert not broken.reference_ok and "failed" in broken.reference_detail


def test_cli_exits_nonzero_when_a_reference_fails(tmp_path: Path) -> None:
    (tmp_path / "py").mkdir()
    toml = ("id = 'py/clamp'\nlanguage = 'python'\nentry_point = 'clamp'\n"
            "prompt = 'Write clamp.'\nreference = '''\n{ref}'''\ntests = '''\n{tests}'''\n")
    (tmp_path / "py" / "clamp.toml").write_text(
        toml.format(ref=CLAMP.replace("x + 5", "x + 6"), tests=STRONG))
    result = CliRunner().invoke(main, ["suites", "validate", str(tmp_path), "--json",
                                       "--sandbox", SANDBOX])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["references_failed"] == ["py/clamp"]
    (tmp_path / "py" / "clamp.toml").write_text(toml.format(ref=CLAMP, tests=STRONG))
    result = CliRunner().invoke(main, ["suites", "validate", str(tmp_path), "--json",
                                       "--sandbox", SANDBOX])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["strong_share"]["k"] == 1
