"""``codecanary export``: stored samples as JSONL, CSV or Parquet, with filters."""

from __future__ import annotations

from pathlib import Path

import click

from codecanary.cli.common import err_console, open_store, parse_when, resolve_run
from codecanary.export import EXPORT_FORMATS, export_samples
from codecanary.records import SampleStatus
from codecanary.store.housekeeping import SampleFilter


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="Output format (default: from the --output suffix, else jsonl).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: stdout; Parquet needs a file).")
@click.option("--subject", default=None, help="Only samples of this subject.")
@click.option("--suite", default=None, help="Only samples of this suite.")
@click.option("--run", "run_refs", multiple=True, metavar="RUN",
              help="Only samples of this run (id prefix; repeatable).")
@click.option("--status", type=click.Choice([str(s) for s in SampleStatus]), default=None,
              help="Only samples with this status.")
@click.option("--task", "task_prefix", default=None, metavar="PREFIX",
              help="Only tasks whose id starts with PREFIX (e.g. python/).")
@click.option("--since", default=None, help="Only runs at or after this logical time (ISO).")
@click.option("--until", default=None, help="Only runs before this logical time (ISO).")
@click.option("--no-text", is_flag=True,
              help="Leave out answers, code, stdout and stderr (much smaller files).")
@click.pass_context
def export(ctx: click.Context, fmt: str | None, output: Path | None, subject: str | None,
           suite: str | None, run_refs: tuple[str, ...], status: str | None,
           task_prefix: str | None, since: str | None, until: str | None,
           no_text: bool) -> None:
    """Export stored samples with their run's subject, suite and logical time."""
    if fmt is None:
        suffix = output.suffix.lstrip(".").lower() if output else ""
        fmt = suffix if suffix in EXPORT_FORMATS else "jsonl"
    store = open_store(ctx)
    where = SampleFilter(subject=subject, suite=suite,
                         run_ids=tuple(resolve_run(store, r) for r in run_refs), status=status,
                         task_prefix=task_prefix, since=parse_when(since),
                         until=parse_when(until))
    n = export_samples(store, where, fmt, output, with_text=not no_text)
    if output is not None:
        err_console.print(f"exported {n} samples to {output} ({fmt})")
