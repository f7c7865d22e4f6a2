"""Printing one sample (``runs show RUN/TASK#i``): prompt, answer, code, sandbox, signals."""

from __future__ import annotations

from rich.markup import escape

from codecanary.cli.common import console
from codecanary.cli.tracebacks import without_harness
from codecanary.evidence import SampleView


def _section(title: str, body: str | None) -> None:
    console.print(f"[bold]--- {title} ---[/]")
    console.print(escape(body.rstrip()) if body and body.strip() else "[dim](empty)[/]",
                  soft_wrap=True)


def print_sample(view: SampleView) -> None:
    s = view.sample
    console.print(f"[bold]sample {escape(view.ref)}[/] · subject {escape(view.run.subject)} · "
                  f"logical time {view.run.logical_time:%Y-%m-%d %H:%M}")
    verdict = f"{s.status}" + (f" ({s.failure_class})" if s.failure_class else "")
    console.print(f"status: {verdict} · extraction: {s.extraction or '-'} · "
                  f"attempts: {s.attempts}")
    if s.error:
        console.print(f"[red]error:[/] {escape(s.error)}")
    _section("prompt", view.task.prompt if view.task else None)
    _section("answer", s.response_text)
    _section("extracted code", s.code)
    exec_line = (f"exec: {s.exec_status or '-'} · exit code: "
                 f"{s.exit_code if s.exit_code is not None else '-'} · wall: "
                 f"{f'{s.wall_s:.3f} s' if s.wall_s is not None else '-'} · peak memory: "
                 f"{f'{s.peak_memory_mb:.0f} MB' if s.peak_memory_mb is not None else '-'}")
    console.print(f"[bold]--- sandbox ---[/]\n{exec_line}")
    _section("stdout", s.stdout)
    _section("stderr", without_harness(s.stderr or ""))
    console.print("[bold]--- signals ---[/]")
    for name, value in sorted(s.metrics.items()):
        console.print(f"{escape(name)}: {value}")
    for line in s.diagnostics:
        console.print(f"- {escape(line)}")
    if not s.metrics and not s.diagnostics:
        console.print("[dim](none)[/]")
