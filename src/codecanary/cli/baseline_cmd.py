"""``codecanary baseline``: pin, show or unpin a subject's golden baseline window."""

from __future__ import annotations

import click
from rich.markup import escape

from codecanary.cli.common import console, emit_json, open_store, parse_when
from codecanary.errors import CodecanaryError
from codecanary.monitor import subject_runs
from codecanary.monitor.baseline import DEFAULT_LAG, DEFAULT_WINDOW


@click.group()
def baseline() -> None:
    """Pinned (golden) or rolling baselines per subject and suite version."""


@baseline.command("pin")
@click.option("--subject", required=True, help="Subject name.")
@click.option("--suite", default=None, help="Suite of the window (default: latest run's).")
@click.option("--from", "start", required=True, help="First day (ISO date/time, inclusive).")
@click.option("--to", "end", required=True, help="Last day (ISO date/time, inclusive).")
@click.option("--note", default="", help="Why this window is the golden one.")
@click.pass_context
def pin(ctx: click.Context, subject: str, suite: str | None, start: str, end: str,
        note: str) -> None:
    """Freeze the baseline to the runs between --from and --to."""
    first, last = parse_when(start), parse_when(end)
    assert first is not None and last is not None
    if "T" not in end and " " not in end:
        last = last.replace(hour=23, minute=59, second=59)  # a date means the whole day
    if last < first:
        raise CodecanaryError(f"--to {end} is before --from {start}")
    store = open_store(ctx)
    runs = subject_runs(store, subject, suite)
    inside = [r for r in runs if first <= r.logical_time <= last]
    if not inside:
        raise CodecanaryError(f"no completed runs of {subject!r} between {start} and {end}")
    store.pin_baseline(store.subject_id(subject), runs[-1].suite_version, first, last, note)
    console.print(f"pinned baseline for {escape(subject)} on {runs[-1].suite}@"
                  f"{runs[-1].suite_version[:8]}: {len(inside)} runs, {first:%Y-%m-%d} to "
                  f"{last:%Y-%m-%d}" + ("" if len(inside) >= 30 else
                                        " (few runs: detectors are better with ~90)"))


@baseline.command("show")
@click.option("--subject", required=True, help="Subject name.")
@click.option("--suite", default=None, help="Suite name (default: the latest run's).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, subject: str, suite: str | None, as_json: bool) -> None:
    """Show the baseline the next check will use."""
    store = open_store(ctx)
    runs = subject_runs(store, subject, suite)
    window = store.pinned_baseline(store.subject_id(subject), runs[-1].suite_version)
    if window is None:
        text = (f"rolling: the {DEFAULT_WINDOW} runs before the latest {DEFAULT_LAG} "
                f"({len(runs)} runs stored)")
        data = {"kind": "rolling", "lag": DEFAULT_LAG, "window": DEFAULT_WINDOW}
    else:
        n = sum(1 for r in runs if window[0] <= r.logical_time <= window[1])
        text = f"pinned: {window[0]:%Y-%m-%d} to {window[1]:%Y-%m-%d} ({n} runs)"
        data = {"kind": "pinned", "from": window[0].isoformat(), "to": window[1].isoformat(),
                "runs": n}
    if as_json:
        emit_json({"subject": subject, "suite_version": runs[-1].suite_version, **data})
    else:
        console.print(f"{escape(subject)} on {runs[-1].suite}@{runs[-1].suite_version[:8]}: "
                      f"{text}")


@baseline.command("unpin")
@click.option("--subject", required=True, help="Subject name.")
@click.option("--suite", default=None, help="Suite name (default: the latest run's).")
@click.pass_context
def unpin(ctx: click.Context, subject: str, suite: str | None) -> None:
    """Return to the rolling baseline."""
    store = open_store(ctx)
    runs = subject_runs(store, subject, suite)
    done = store.unpin_baseline(store.subject_id(subject), runs[-1].suite_version)
    console.print("unpinned: back to the rolling baseline" if done else "nothing was pinned")
