"""``codecanary quickstart``: an offline end-to-end demo on the simulated subject."""

from __future__ import annotations

import click

from codecanary.cli.common import console, get_config, open_store
from codecanary.cli.progress import RunProgress
from codecanary.cli.show import print_run
from codecanary.config import BUILTIN_SUBJECTS
from codecanary.report.summary import summarize
from codecanary.runner import RunPlan, start_run
from codecanary.suites import load_suite


@click.command()
@click.option("--suite", default="humaneval", show_default=True)
@click.option("--samples", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--sandbox", default=None, help="bwrap (default) or local (UNSAFE).")
@click.option("--quiet", is_flag=True)
@click.pass_context
def quickstart(ctx: click.Context, suite: str, samples: int, sandbox: str | None,
               quiet: bool) -> None:
    """Run the simulated subject over a panel, store every sample, and summarize.

    Works offline with no API key: the simulated provider answers from reference
    solutions with seeded faults, and every answer is really executed.
    """
    config = get_config(ctx)
    store = open_store(ctx)
    loaded = load_suite(suite)
    plan = RunPlan(subject=BUILTIN_SUBJECTS["simulated"], suite=loaded,
                   task_ids=tuple(t.id for t in loaded.tasks), samples=samples,
                   sandbox=sandbox or config.sandbox)
    progress = RunProgress("quickstart", enabled=not quiet)
    with progress:
        record = start_run(store, plan, on_start=progress.on_start, on_sample=progress.on_sample)
    print_run(record, summarize(record, store.samples(record.id), loaded), max_slices=12)
    console.print(f"\nStored in {store.engine.url.render_as_string(hide_password=True)}. "
                  f"Next: [bold]codecanary runs show {record.id} --samples[/], "
                  "[bold]codecanary runs list[/].")
