"""``codecanary evaluate``: score ready-made completions (human-eval / EvalPlus JSONL)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from codecanary.cli.common import emit_json, get_config, open_store, parse_when, sandbox_option
from codecanary.cli.progress import RunProgress
from codecanary.cli.show import print_run
from codecanary.completions import evaluate_completions, read_completions
from codecanary.report.summary import run_to_json, summarize
from codecanary.sandbox import Limits
from codecanary.suites import load_suite


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--suite", "suite_name", required=True,
              help="Suite the completions answer: humaneval, builtin, a .jsonl file or a "
                   "task directory.")
@click.option("--subject", "subject_name", default=None,
              help="Subject name to store the run under (default: evaluate:<file stem>).")
@click.option("--at", "at", default=None, help="Logical time of the run (ISO), for back-fills.")
@sandbox_option(default=None)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Per-sample execution timeout in seconds.")
@click.option("--concurrency", type=click.IntRange(min=1), default=32,
              help="Samples in flight at once.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def evaluate(ctx: click.Context, file: str, suite_name: str, subject_name: str | None,
             at: str | None, sandbox: str | None, timeout: float | None, concurrency: int,
             as_json: bool, quiet: bool) -> None:
    """Score FILE's completions (task_id + completion or solution per line) as a run."""
    config = get_config(ctx)
    completions = read_completions(file)
    suite = load_suite(suite_name)
    store = open_store(ctx)
    progress = RunProgress("evaluate", enabled=not quiet and not as_json)
    with progress:
        record = evaluate_completions(
            store, completions, suite, subject=subject_name,
            limits=Limits(timeout_s=timeout) if timeout else Limits(),
            sandbox=sandbox or config.sandbox, concurrency=concurrency,
            logical_time=parse_when(at) or datetime.now(UTC),
            on_start=progress.on_start, on_sample=progress.on_sample)
    slices = summarize(record, store.samples(record.id), store.run_suite(record.id))
    if as_json:
        emit_json(run_to_json(record, slices))
    else:
        print_run(record, slices)
