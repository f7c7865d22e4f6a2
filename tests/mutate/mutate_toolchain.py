"""Build and run a program with the real toolchains, following conventions.md.

Test-only: the sandbox's language modules are another issue's work; this keeps the
mutator's compile tests independent of them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

TOOLS = {"python": "python3", "javascript": "node", "typescript": "tsc", "go": "go",
         "rust": "rustc", "java": "javac", "cpp": "g++"}


class Outcome(NamedTuple):
    compiled: bool
    passed: bool
    detail: str


def available(language: str) -> bool:
    return shutil.which(TOOLS[language]) is not None


def _java_main(code: str, tests: str) -> str:
    imports: list[str] = []
    bodies = []
    for part in (code, tests):
        kept = []
        for line in part.splitlines():
            if re.match(r"\s*import\s+[\w.*]+\s*;", line):
                if line.strip() not in imports:
                    imports.append(line.strip())
            else:
                kept.append(line)
        bodies.append("\n".join(kept))
    code_body = re.sub(r"^public\s+(?=(final\s+|abstract\s+)?(class|interface|enum|record))",
                       "", bodies[0], flags=re.M)
    return "\n".join(imports) + "\n\n" + code_body + "\n\n" + bodies[1] + "\n"


def build_and_run(language: str, code: str, tests: str, *, timeout: float = 60.0,
                  build_only: bool = False, run_timeout: float = 3.0) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="cc-mut-") as tmp:
        d = Path(tmp)
        if language == "python":
            (d / "main.py").write_text(code + "\n\n" + tests)
            build, run = ["python3", "-c", "import ast,sys;ast.parse(open('main.py').read())"], \
                ["python3", "main.py"]
        elif language == "javascript":
            (d / "main.js").write_text(code + "\n\n" + tests)
            build, run = ["node", "--check", "main.js"], ["node", "main.js"]
        elif language == "typescript":
            (d / "main.ts").write_text(code + "\n\n" + tests)
            build = ["tsc", "--strict", "--target", "es2020", "--module", "commonjs",
                     "--lib", "es2020,dom", "main.ts"]
            run = ["node", "main.js"]
        elif language == "go":
            (d / "solution.go").write_text(code)
            (d / "harness.go").write_text(tests)
            (d / "go.mod").write_text("module panel\n\ngo 1.19\n")
            build, run = ["go", "build", "-o", "prog", "."], ["./prog"]
        elif language == "rust":
            (d / "main.rs").write_text(code + "\n\n" + tests)
            build, run = ["rustc", "--edition", "2021", "-O", "-o", "prog", "main.rs"], ["./prog"]
        elif language == "java":
            (d / "Main.java").write_text(_java_main(code, tests))
            build, run = ["javac", "-d", ".", "Main.java"], ["java", "-cp", ".", "Main"]
        else:
            (d / "main.cpp").write_text(code + "\n\n" + tests)
            build, run = ["g++", "-std=c++17", "-O2", "-o", "prog", "main.cpp"], ["./prog"]
        env = dict(os.environ)
        env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "cc-mut-gocache"))
        b = subprocess.run(build, cwd=d, capture_output=True, text=True, timeout=timeout, env=env)
        if b.returncode != 0:
            return Outcome(False, False, (b.stdout + b.stderr)[-2000:])
        if build_only:
            return Outcome(True, False, "")
        try:
            r = subprocess.run(run, cwd=d, capture_output=True, text=True, timeout=run_timeout,
                               env=env)
        except subprocess.TimeoutExpired:
            return Outcome(True, False, "timeout")
        return Outcome(True, r.returncode == 0, (r.stdout + r.stderr)[-2000:])
