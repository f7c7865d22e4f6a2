"""``codecanary subjects``: what is being watched, with its last run."""

from __future__ import annotations

from typing import Any

import click

from codecanary.cli.common import emit_rows, format_options, get_config, open_store, pick_format
from codecanary.report.rates import Rate, run_rates
from codecanary.roster import SubjectOverview, subjects_overview


@click.group()
def subjects() -> None:
    """List the subjects being watched."""


def _row(s: SubjectOverview, rates: dict[str, Rate]) -> dict[str, Any]:
    last = s.last_run
    return {"name": s.name, "model": f"{s.provider}:{s.model}", "runs": s.n_runs,
            "last_run": last.id if last else "-",
            "last_time": f"{last.logical_time:%Y-%m-%d %H:%M}" if last else "never run",
            "status": str(last.status) if last else "",
            "pass_rate": str(rates[last.id]) if last else ""}


@subjects.command("list")
@format_options
@click.pass_context
def list_subjects(ctx: click.Context, fmt: str, as_json: bool) -> None:
    """Stored and configured subjects: runs, last run, its status and pass rate."""
    store = open_store(ctx)
    found = subjects_overview(store, get_config(ctx))
    rates = run_rates(store, [s.last_run for s in found if s.last_run is not None])
    emit_rows([_row(s, rates) for s in found],
              [("name", "subject"), ("model", "provider:model"), ("runs", "runs"),
               ("last_run", "last run"), ("last_time", "logical time"), ("status", "status"),
               ("pass_rate", "pass rate [95% CI] n")],
              pick_format(fmt, as_json), json_rows=[s.to_json() for s in found])
