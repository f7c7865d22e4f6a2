"""``codecanary run``: run a panel against a subject (or resume a run)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from typing import Any

import click

from codecanary.cli.common import (
    emit_json,
    get_config,
    open_store,
    parse_when,
    resolve_run,
    sandbox_option,
)
from codecanary.cli.progress import RunProgress
from codecanary.cli.show import print_run
from codecanary.errors import ConfigError
from codecanary.executors import EXECUTORS
from codecanary.records import RunRecord
from codecanary.report.summary import run_to_json, summarize
from codecanary.runner import RunPlan, resume_run, start_run
from codecanary.sandbox import Limits
from codecanary.suites import load_suite


def _parse_options(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``key=value`` pairs; values are TOML literals when they parse, else strings."""
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option expects key=value, got {pair!r}")
        try:
            options[key] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            options[key] = raw
    return options


def _refuse_with_resume(**given: object) -> None:
    """``--resume`` replays the stored plan; a flag that would change it is an error."""
    named = [f"--{name}" for name, value in given.items() if value not in (None, (), False)]
    if named:
        raise ConfigError(f"--resume finishes a run exactly as it was planned and cannot "
                          f"honour {', '.join(named)}; drop {'it' if len(named) == 1 else 'them'}")


@click.command()
@click.option("--subject", "subject_name", help="Subject name from codecanary.toml "
              "(built-in: simulated).")
@click.option("--suite", "--panel", "panel_name", default=None,
              help="Panel from the config, suite name, .jsonl file or task directory "
                   "(default: builtin).")
@click.option("--samples", type=click.IntRange(min=1), default=None, help="Samples per task.")
@click.option("--at", "at", default=None, help="Logical time of the run (ISO), for back-fills.")
@click.option("--resume", "resume_id", default=None, metavar="RUN",
              help="Finish an interrupted run (any unique prefix of its id), as it was planned.")
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="Provider calls in flight at once (default: the subject's); "
                   "execution keeps its own pace behind them.")
@sandbox_option(default=None)
@click.option("--executor", type=click.Choice(EXECUTORS), default=None,
              help="Where samples execute: local, or a Ray cluster (default: the config's "
                   "[execution] backend, else local).")
@click.option("--ray-address", default=None, metavar="ADDRESS",
              help="Ray cluster for --executor ray: auto or ray://head:10001 (default: the "
                   "config's [execution] address, else a local Ray instance).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Per-sample execution timeout in seconds.")
@click.option("--option", "options", multiple=True, help="Override a subject option: key=value.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Run only the first N tasks of the panel (smoke tests).")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar (none either when stderr is "
              "not a terminal).")
@click.pass_context
def run(ctx: click.Context, subject_name: str | None, panel_name: str | None,
        samples: int | None, at: str | None, resume_id: str | None, concurrency: int | None,
        sandbox: str | None, executor: str | None, ray_address: str | None,
        timeout: float | None, options: tuple[str, ...],
        limit: int | None, as_json: bool, quiet: bool) -> None:
    """Run a panel against a subject and store every sample."""
    config = get_config(ctx)
    when = parse_when(at)
    if resume_id:
        _refuse_with_resume(subject=subject_name, suite=panel_name, samples=samples, at=at,
                            concurrency=concurrency, sandbox=sandbox, executor=executor,
                            ray_address=ray_address, timeout=timeout,
                            option=options, limit=limit)
    store = open_store(ctx, create=True)
    progress = RunProgress("resume" if resume_id else "run", enabled=not quiet and not as_json)
    record: RunRecord
    if resume_id:
        resume_id = resolve_run(store, resume_id)
        with progress:
            record = resume_run(store, resume_id, on_start=progress.on_start,
                                on_sample=progress.on_sample)
    else:
        if subject_name is None:
            if len(config.subjects) != 1:
                raise ConfigError("which subject? pass --subject NAME "
                                  "(e.g. --subject simulated)")
            subject_name = next(iter(config.subjects))
        subject = config.subject(subject_name)
        updates: dict[str, Any] = {}
        if options:
            updates["options"] = {**subject.options, **_parse_options(options)}
        if concurrency:
            updates["concurrency"] = concurrency
        subject = subject.model_copy(update=updates)
        panel = config.panel(panel_name)
        suite = load_suite(panel.suite)
        task_ids = panel.select(suite)[:limit] if limit else panel.select(suite)
        plan = RunPlan(
            subject=subject, suite=suite, task_ids=tuple(task_ids),
            samples=samples or panel.samples or subject.samples,
            logical_time=when or datetime.now(UTC),
            sandbox=sandbox or config.sandbox,
            limits=Limits(timeout_s=timeout) if timeout else Limits(),
            executor=executor or config.execution.backend,
            address=ray_address or config.execution.address,
        )
        with progress:
            record = start_run(store, plan, on_start=progress.on_start,
                               on_sample=progress.on_sample)
    slices = summarize(record, store.samples(record.id), store.run_suite(record.id))
    if as_json:
        emit_json(run_to_json(record, slices))
    else:
        print_run(record, slices)
