"""``codecanary audit dataset``: validate fine-tuning data; exit 1 when the gate fails."""

from __future__ import annotations

import sys
from contextlib import ExitStack

import click

from codecanary.audit.dataset import AuditOptions, run_audit
from codecanary.audit.dataset.render import report_lines
from codecanary.cli.common import emit_json
from codecanary.errors import CodecanaryError


@click.command("dataset")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["auto", "chat", "prompt-completion", "code"]),
              default="auto", show_default=True, help="Record format.")
@click.option("--field", default=None, help="Dotted path of the code (or messages) field.")
@click.option("--tests-field", default=None, help="Dotted path of a field with tests to run.")
@click.option("--reference", "reference", multiple=True, type=click.Path(dir_okay=False),
              help="A previous, trusted dataset: report the shift against it.")
@click.option("--against", multiple=True, help="Extra suite to check contamination against.")
@click.option("--no-builtin-targets", is_flag=True,
              help="Do not check contamination against the built-in panel and HumanEval.")
@click.option("--flags", "flags_path", default=None, type=click.Path(dir_okay=False),
              help="Write one JSON line per flagged record here.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--max-flagged", type=click.FloatRange(0.0, 1.0), default=None,
              help="Fail the gate when the flagged share exceeds this (e.g. 0.05).")
@click.option("--allow", multiple=True, type=click.Choice(["contamination", "secret"]),
              help="Do not fail the gate on this flag alone.")
@click.option("--near-dup-threshold", type=click.FloatRange(0.0, 1.0), default=0.7,
              show_default=True, help="Jaccard similarity of near-duplicates.")
@click.option("--lint-density", type=click.FloatRange(0.0), default=8.0, show_default=True,
              help="Ruff findings per 100 code lines that flag a Python record.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Worker processes (default: one per CPU).")
def audit_dataset(files: tuple[str, ...], fmt: str, field: str | None,
                      tests_field: str | None, reference: tuple[str, ...],
                      against: tuple[str, ...], no_builtin_targets: bool, flags_path: str | None,
                      as_json: bool, max_flagged: float | None, allow: tuple[str, ...],
                      near_dup_threshold: float, lint_density: float,
                      workers: int | None) -> None:
    """Audit fine-tuning data (JSONL, JSON array, Parquet; gzip ok) before training.

    Flags per record: format_error, wrong_language, syntax_error, truncated,
    placeholder, corrupted, secret, lint, insecure, exact_duplicate, near_duplicate,
    contamination, fails_own_tests (see docs/dataset-audit.md). Exit 0 when the gate
    passes, 1 when it fails, 2 on error.
    """
    options = AuditOptions(format=fmt, field=field, tests_field=tests_field,  # type: ignore[arg-type]
                           against=against, builtin_targets=not no_builtin_targets,
                           near_dup_threshold=near_dup_threshold,
                           lint_per_100_lines=lint_density, max_flagged=max_flagged,
                           allow=allow, workers=workers)
    with ExitStack() as stack:
        out = None
        if flags_path:
            try:
                out = stack.enter_context(open(flags_path, "w", encoding="utf-8"))
            except OSError as exc:
                raise CodecanaryError(f"{flags_path}: cannot write ({exc.strerror})") from exc
        report = run_audit(list(files), options, reference=list(reference) or None,
                          flags_out=out)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        for line in report_lines(report):
            click.echo(line)
    sys.exit(0 if report.gate == "pass" else 1)

