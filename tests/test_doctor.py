"""``codecanary doctor``: says what a node is missing, exit 0/1."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

import pytest
from click.testing import CliRunner

from codecanary import doctor
from codecanary.cli import main
from codecanary.languages import run_spec

SANDBOX = os.environ.get("CODECANARY_TEST_SANDBOX", "bwrap")


def _doctor(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["doctor", "--sandbox", SANDBOX, *args],
                                catch_exceptions=False)
    return result.exit_code, result.stdout


def test_a_ready_node_runs_a_reference_and_exits_0() -> None:
    code, out = _doctor("--language", "python", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    names = {c["name"]: c for c in report["checks"]}
    assert names["sandbox " + SANDBOX]["ok"]
    assert "passes" in names["language python"]["detail"]


def test_a_missing_toolchain_is_named_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_go(name: str) -> Any:
        language = run_spec(name)
        if name == "go":
            return dataclasses.replace(language, toolchain=("go-not-installed-here",))
        return language

    monkeypatch.setattr(doctor, "run_spec", without_go)
    code, out = _doctor("--language", "go", "--language", "python")
    assert code == 1
    assert "MISSING language go: go-not-installed-here not found on PATH" in out
    assert "fix: " in out and "1 problem(s) found" in out


def test_an_unknown_language_is_one_line() -> None:
    result = CliRunner().invoke(main, ["doctor", "--language", "cobol"])
    assert result.exit_code != 0
    assert "unknown language 'cobol'" in result.output


def test_ray_missing_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ray(name: str) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(doctor.importlib, "import_module", no_ray)
    check = doctor.check_ray("auto")
    assert not check.ok and "codecanary[ray]" in check.fix
