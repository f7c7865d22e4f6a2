"""``codecanary exec``: run one complete program in the sandbox and print its result."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import click

from codecanary.cli.common import sandbox_option
from codecanary.cli.tracebacks import as_user_file, without_harness
from codecanary.errors import CodecanaryError
from codecanary.languages import LANGUAGES, run_spec
from codecanary.sandbox import ExecRequest, ExecResult, Limits, open_sandbox


async def _execute(backend: str, request: ExecRequest) -> ExecResult:
    sandbox = open_sandbox(backend)
    try:
        return await sandbox.execute(request)
    finally:
        await sandbox.aclose()


def run_file(language_name: str, path: Path, *, backend: str = "bwrap",
             timeout_s: float = 10.0, memory_mb: int = 1024, stdin: str = "") -> ExecResult:
    """Run the complete program in ``path`` (library entry point of the command)."""
    language = run_spec(language_name)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodecanaryError(f"cannot read {path}: {exc}") from exc
    files = language.program_files(source, "", "")
    if language.name == "go":
        files = {"main.go": source, "go.mod": files["go.mod"]}
    elif language.name == "java":
        files = java_files(source, path)
    limits = Limits(timeout_s=timeout_s, memory_mb=memory_mb)
    request = ExecRequest(language=language.name, files=files, stdin=stdin, limits=limits)
    result = asyncio.run(_execute(backend, request))
    if language.name == "java":  # the user's file kept its name; hide the launcher's frame
        return as_user_sees_it(result, None, path.name) if len(files) == 1 else \
            result.model_copy(update={"stderr": _LAUNCHER_FRAME.sub("", result.stderr)})
    main_file = "main.go" if language.name == "go" else language.main_file
    return as_user_sees_it(result, main_file, path.name)


_MAIN_METHOD = re.compile(r"\bstatic\s+void\s+main\s*\(")
_TYPE_NAME = re.compile(r"\b(?:class|record|enum|interface)\s+([A-Za-z_$][\w$]*)")


def java_files(source: str, path: Path) -> dict[str, str]:
    """A Java program as written, whatever its main class is called.

    The task harness compiles ``Main.java`` and starts ``Main``; a user's program
    keeps its own file (``Hello.java``: javac's rule, and its line numbers hold)
    and a ``Main`` launcher calls it. (Java knowledge: belongs with the Java
    language module once that has a place for whole programs.)
    """
    found = _MAIN_METHOD.search(source)
    names = _TYPE_NAME.findall(source[:found.start()]) if found else []
    if not names:
        raise CodecanaryError(f"{path}: a Java program needs a class with "
                              "'public static void main(String[] args)'")
    main = names[-1]
    if main == "Main":
        return {"Main.java": source}
    launcher = (f"class Main {{\n    public static void main(String[] args) throws Exception "
                f"{{\n        {main}.main(args);\n    }}\n}}\n")
    return {f"{main}.java": source, "Main.java": launcher}


_LAUNCHER_FRAME = re.compile(r"^\s*at Main\.main\(Main\.java:\d+\)\n?", re.MULTILINE)


def as_user_sees_it(result: ExecResult, main_file: str | None, user_file: str) -> ExecResult:
    """Tracebacks name the user's file and skip the harness's own frames."""

    def clean(text: str) -> str:
        return as_user_file(text, main_file, user_file) if main_file else without_harness(text)

    return result.model_copy(update={"stdout": clean(result.stdout),
                                     "stderr": clean(result.stderr),
                                     "compile_output": clean(result.compile_output)})


def _human(result: ExecResult) -> str:
    lines = [f"status: {result.status.value}"]
    if result.exit_code is not None:
        lines.append(f"exit code: {result.exit_code}")
    if result.signal is not None:
        lines.append(f"signal: {result.signal}")
    memory = f"{result.peak_memory_mb} MB" if result.peak_memory_mb is not None else "n/a"
    lines.append(f"wall: {result.wall_s:.3f} s  cpu: {result.cpu_s:.3f} s  peak memory: {memory}")
    if result.detail:
        lines.append(f"detail: {result.detail}")
    for title, text in (("compile output", result.compile_output), ("stdout", result.stdout),
                        ("stderr", result.stderr)):
        if text:
            lines.append(f"--- {title} ---\n{text.rstrip()}")
    return "\n".join(lines)


@click.command("exec")
@click.option("--lang", "language", required=True, metavar="LANG",
              help=f"Program language ({', '.join(LANGUAGES.names())}).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.01), default=10.0,
              show_default=True, help="Wall-clock limit in seconds.")
@click.option("--memory-mb", type=click.IntRange(min=1), default=1024, show_default=True,
              help="Memory limit in MB.")
@click.option("--stdin", "stdin_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), default=None, help="File fed to the program's stdin.")
@sandbox_option()
@click.option("--json", "as_json", is_flag=True, help="Print the result record as JSON.")
def exec_command(language: str, file: Path, timeout_s: float, memory_mb: int,
                 stdin_path: Path | None, sandbox: str, as_json: bool) -> None:
    """Run FILE, a complete program in LANG, in the sandbox and print its result.

    Java: any class name works; the class declaring main is started.

    Exits 0 whenever the sandbox worked, whatever the program did; the result's
    status says how the program ended.
    """
    stdin = stdin_path.read_text(encoding="utf-8", errors="replace") if stdin_path else ""
    backend = sandbox
    if backend == "local":
        click.echo("warning: the 'local' backend is UNISOLATED: the program runs as you, "
                   "with access to everything you can reach", err=True)
    result = run_file(language, file, backend=backend, timeout_s=timeout_s,
                      memory_mb=memory_mb, stdin=stdin)
    if result.status.value == "sandbox_error":
        raise CodecanaryError(f"the sandbox failed: {result.detail}")
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), indent=2))
    else:
        click.echo(_human(result))
