"""Pure unit tests: layouts, result decoding, timeouts, cache keys, the bwrap command line."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from codecanary.errors import SandboxUnavailable
from codecanary.languages import LANGUAGES, run_spec
from codecanary.sandbox import open_sandbox
from codecanary.sandbox.bwrap_cmd import zygote_argv
from codecanary.sandbox.cache import build_key
from codecanary.sandbox.calibrate import (
    GroundTruthError,
    GroundTruthFailure,
    GroundTruthReport,
    require_ground_truth,
    scaled_timeout,
)
from codecanary.sandbox.results import to_result


def test_all_eight_languages_registered() -> None:
    assert {"python", "javascript", "typescript", "cpp", "rust", "java", "go", "ruby"} <= set(
        LANGUAGES.names())


def test_java_hoists_imports_and_strips_public() -> None:
    code = "import java.util.*;\npublic final class Solution {\n  public int f() { return 1; }\n}"
    tests = "import java.util.List;\npublic class Main { public static void main(String[] a) {} }"
    source = run_spec("java").program_files(code, tests, "f")["Main.java"]
    assert source.startswith("import java.util.*;\nimport java.util.List;\n")
    assert "\nfinal class Solution" in source and "public final class" not in source
    assert "public int f()" in source  # members keep their modifiers
    assert "public class Main" in source


def test_go_layout() -> None:
    files = run_spec("go").program_files("package main\n", "package main\n", "Add")
    assert set(files) == {"solution.go", "harness.go", "go.mod"}
    assert "go 1.19" in files["go.mod"] and "module panel" in files["go.mod"]


def test_python_appends_check_call() -> None:
    files = run_spec("python").program_files("def f(): pass", "def check(c): pass", "f")
    assert files["main.py"].rstrip().endswith("check(f)")


def test_scaled_timeout_follows_evalplus_rule() -> None:
    assert scaled_timeout(0.1) == 5.0
    assert scaled_timeout(3.0) == 12.0
    assert scaled_timeout(1.0, base_s=1.0, k=2.5) == 2.5
    with pytest.raises(ValueError):
        scaled_timeout(-1)


def test_ground_truth_failure_message() -> None:
    report = GroundTruthReport(checked=("a", "b"),
                               failures=(GroundTruthFailure("b", "failed", "AssertionError"),))
    with pytest.raises(GroundTruthError, match=r"1 of 2 reference solutions fail.*b \(failed\)"):
        require_ground_truth(report)
    require_ground_truth(GroundTruthReport(checked=("a",)))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_results_are_valid_text_and_classified() -> None:
    raw = {"status": "failed", "exit_code": 1, "stdout": _b64(b"ok\xff"),
           "stderr": _b64(b"Traceback\nMemoryError\n"), "maxrss_kb": 2048}
    result = to_result(raw, memory_mb=256)
    assert result.status.value == "memory_limit"
    assert result.stdout == "ok\ufffd"
    near = to_result({"status": "killed", "signal": 9, "maxrss_kb": 250 * 1024}, memory_mb=256)
    assert near.status.value == "memory_limit" and near.peak_memory_mb == 250.0
    plain = to_result({"status": "failed", "exit_code": 2, "maxrss_kb": 1024}, memory_mb=256)
    assert plain.status.value == "failed"
    assert to_result({}, memory_mb=1).status.value == "sandbox_error"


def test_build_key_depends_on_sources_command_and_toolchain() -> None:
    base = build_key("cpp", ("g++",), "gcc:1", {"main.cpp": "int main(){}"})
    assert base == build_key("cpp", ("g++",), "gcc:1", {"main.cpp": "int main(){}"})
    assert base != build_key("cpp", ("g++",), "gcc:2", {"main.cpp": "int main(){}"})
    assert base != build_key("cpp", ("g++", "-O2"), "gcc:1", {"main.cpp": "int main(){}"})
    assert base != build_key("cpp", ("g++",), "gcc:1", {"main.cpp": "int main(){ }"})


def test_bwrap_command_isolates(tmp_path: Path) -> None:
    argv = zygote_argv(tmp_path, [])
    for flag in ("--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
                 "--unshare-uts", "--die-with-parent", "--clearenv", "--new-session"):
        assert flag in argv
    binds = {argv[i + 2] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")}
    assert not any(b in ("/root", "/home", "/tmp", str(Path.cwd())) for b in binds)
    assert "--bind" not in argv  # nothing from the host is writable
    assert argv[argv.index("--remount-ro") + 1] == "/"


def test_missing_bubblewrap_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from codecanary.sandbox import bwrap_cmd

    bwrap_cmd.probe_bwrap.cache_clear()
    monkeypatch.setattr(bwrap_cmd.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        open_sandbox()
    bwrap_cmd.probe_bwrap.cache_clear()


def test_unknown_backend() -> None:
    with pytest.raises(SandboxUnavailable, match="unknown sandbox backend"):
        open_sandbox("docker")
