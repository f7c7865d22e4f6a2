"""``codecanary runs``: list, inspect and delete stored runs."""

from __future__ import annotations

import sys
from typing import Any

import click

from codecanary.cli.common import (
    console,
    emit_json,
    emit_rows,
    format_options,
    open_store,
    parse_sample_ref,
    pick_format,
    resolve_run,
)
from codecanary.cli.sample_view import print_sample
from codecanary.cli.show import print_metrics, print_run
from codecanary.errors import CodecanaryError
from codecanary.evidence import open_sample
from codecanary.maintenance import delete_runs, parse_cutoff, runs_to_delete, runs_to_prune
from codecanary.records import RunRecord
from codecanary.report.rates import Rate, run_rates
from codecanary.report.summary import run_to_json, summarize
from codecanary.scoring.metrics import METRICS

RUN_COLUMNS = [("id", "id"), ("subject", "subject"), ("suite", "suite"),
               ("logical_time", "logical time"), ("status", "status"),
               ("samples", "samples"), ("pass_rate", "pass rate [95% CI] n"),
               ("infra", "infra")]


@click.group()
def runs() -> None:
    """List, inspect and delete stored runs."""


def _run_row(r: RunRecord, rate: Rate) -> dict[str, Any]:
    return {"id": r.id, "subject": r.subject, "suite": f"{r.suite}@{r.suite_version[:8]}",
            "logical_time": f"{r.logical_time:%Y-%m-%d %H:%M}", "status": str(r.status),
            "samples": f"{r.n_samples}/{r.n_expected}",
            "pass_rate": str(rate),
            "infra": r.n_infra_errors}


@runs.command("list")
@click.option("--subject", default=None, help="Only runs of this subject.")
@click.option("--suite", default=None, help="Only runs of this suite.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="At most this many runs.")
@format_options
@click.pass_context
def list_runs(ctx: click.Context, subject: str | None, suite: str | None, limit: int,
              fmt: str, as_json: bool) -> None:
    """Recent runs, newest logical time first.

    A run shown 'interrupted' was stopped, or its process is gone; finish it with
    codecanary run --resume ID.
    """
    store = open_store(ctx)
    records = store.list_runs(subject=subject, suite=suite, limit=limit)
    rates = run_rates(store, records)
    emit_rows([_run_row(r, rates[r.id]) for r in records], RUN_COLUMNS, pick_format(fmt, as_json),
              json_rows=[r.model_dump(mode="json", exclude={"fingerprint"}) for r in records])


@runs.command("show")
@click.argument("ref", metavar="RUN[/TASK#i]")
@format_options
@click.option("--samples", "with_samples", is_flag=True, help="Include per-sample records.")
@click.option("--metric", "metric_names", multiple=True, metavar="NAME",
              help="Show this scoring metric per slice (repeatable; 'all' for every one).")
@click.pass_context
def show_run(ctx: click.Context, ref: str, fmt: str, as_json: bool, with_samples: bool,
             metric_names: tuple[str, ...]) -> None:
    """One run: pass rate, scoring metrics and failure classes, overall and per slice.

    RUN is any unique prefix of a run id. RUN/TASK#i (the evidence form that
    check prints) opens one sample: prompt, answer, extracted code, sandbox
    output and signals. Every figure carries its 95% interval and its count.
    """
    fmt = pick_format(fmt, as_json)
    unknown = [m for m in metric_names if m != "all" and m not in METRICS]
    if unknown:
        raise click.UsageError(f"unknown metric {unknown[0]!r}; known: {', '.join(METRICS)}")
    store = open_store(ctx)
    sample_ref = parse_sample_ref(ref)
    if sample_ref is not None:
        view = open_sample(store, *sample_ref)
        data = view.to_json()
        if fmt == "table":
            print_sample(view)
        elif fmt == "json":
            emit_json(data)
        else:
            emit_rows([data], [(k, k) for k in data], fmt)
        return
    run_id = resolve_run(store, ref)
    record = store.get_run(run_id)
    samples = store.samples(run_id)
    slices = summarize(record, samples, store.run_suite(run_id))
    if fmt == "json":
        emit_json(run_to_json(record, slices, samples if with_samples else None))
        return
    if fmt != "table":
        if with_samples:
            rows = [s.model_dump(mode="json") for s in samples]
            emit_rows(rows, [(k, k) for k in SAMPLE_KEYS], fmt, json_rows=rows)
        else:
            rows = [{"slice": s.slice, **s.pass_rate.model_dump(), "n_tasks": s.n_tasks,
                     "n_infra_errors": s.n_infra_errors} for s in slices]
            emit_rows(rows, [(k, k) for k in rows[0]] if rows else [("slice", "slice")], fmt)
        return
    print_run(record, slices)
    print_metrics(slices, list(metric_names))
    if with_samples:
        emit_rows([{"task": s.task_id, "i": s.sample_index, "status": str(s.status),
                    "failure": s.failure_class, "exec": s.exec_status,
                    "latency": f"{s.latency_s:.2f}" if s.latency_s else "",
                    "ref": f"{run_id}/{s.task_id}#{s.sample_index}"} for s in samples],
                  [("task", "task"), ("i", "#"), ("status", "status"),
                   ("failure", "failure class"), ("exec", "exec"), ("latency", "latency s"),
                   ("ref", "open with runs show")], "table")


SAMPLE_KEYS = ("run_id", "task_id", "sample_index", "status", "failure_class", "exec_status",
               "exit_code", "extraction", "attempts", "latency_s", "wall_s", "tokens_in",
               "tokens_out", "error")


def _confirm(what: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise CodecanaryError(f"refusing to delete {what} without confirmation; pass --yes")
    if not click.confirm(f"delete {what}?", default=False, err=True):
        raise CodecanaryError("nothing deleted")


@runs.command("delete")
@click.argument("refs", nargs=-1, required=True, metavar="RUN...")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete(ctx: click.Context, refs: tuple[str, ...], yes: bool) -> None:
    """Delete runs (any unique id prefix) and all their samples."""
    store = open_store(ctx)
    chosen = runs_to_delete(store, refs)
    n_samples = sum(r.n_samples for r in chosen)
    _confirm(f"{len(chosen)} run(s) with {n_samples} samples "
             f"({', '.join(r.id for r in chosen[:5])}{', …' if len(chosen) > 5 else ''})", yes)
    console.print(f"deleted {delete_runs(store, chosen)} run(s), {n_samples} samples")


@runs.command("prune")
@click.option("--older-than", "older_than", required=True, metavar="AGE",
              help="Delete runs whose logical time is older: 30d, 12h, 2w or an ISO date.")
@click.option("--subject", default=None, help="Only runs of this subject.")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def prune(ctx: click.Context, older_than: str, subject: str | None, dry_run: bool,
          yes: bool) -> None:
    """Delete every run older than AGE (runs still executing are kept)."""
    cutoff = parse_cutoff(older_than)
    store = open_store(ctx)
    chosen = runs_to_prune(store, cutoff, subject=subject)
    if not chosen:
        console.print(f"no run older than {cutoff:%Y-%m-%d %H:%M} UTC")
        return
    n_samples = sum(r.n_samples for r in chosen)
    if dry_run:
        for r in chosen:
            console.print(f"{r.id}  {r.subject}  {r.logical_time:%Y-%m-%d %H:%M}  "
                          f"{r.n_samples} samples")
        console.print(f"would delete {len(chosen)} run(s), {n_samples} samples")
        return
    _confirm(f"{len(chosen)} run(s) older than {cutoff:%Y-%m-%d %H:%M} UTC with "
             f"{n_samples} samples", yes)
    console.print(f"deleted {delete_runs(store, chosen)} run(s), {n_samples} samples")
