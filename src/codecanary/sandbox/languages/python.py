"""Python: candidate code, then the tests; HumanEval-style ``check(candidate)`` is called."""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.sandbox.languages.base import Language


@dataclass(frozen=True)
class PythonLanguage(Language):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        body = f"{code.rstrip()}\n\n\n{tests.rstrip()}\n"
        if entry_point and "def check(" in tests:
            body += f"\n\ncheck({entry_point})\n"
        return {self.main_file: body}


PYTHON = PythonLanguage(
    name="python",
    main_file="main.py",
    run_argv=("python3", "-I", "-S", "-B", "main.py"),
    toolchain=("python3",),
    fence_tags=("python", "py", "python3", "py3"),
    env={"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"},
    in_process=True,
)
