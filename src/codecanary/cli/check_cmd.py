"""``codecanary check``: the latest run of a subject vs its baseline (exit 0/1/2)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

import click
from rich.markup import escape

from codecanary.cli.common import console, emit_json, open_store, resolve_run
from codecanary.detect import DEFAULT_MIN_EFFECT
from codecanary.diagnose.rank import Diagnosis
from codecanary.errors import CodecanaryError
from codecanary.monitor import CheckResult, run_check
from codecanary.monitor.baseline import DEFAULT_LAG, DEFAULT_WINDOW
from codecanary.report.ci import (
    cause_markdown,
    failure_text,
    headline,
    junit_xml,
    markdown_summary,
    write_text,
)

STYLE = {"regressed": "bold red", "suspected": "yellow", "stable": "dim", "improved": "green",
         "insufficient_data": "dim"}
MIN_EFFECT_HELP = "Smallest pass-rate change (rate points) ever called a regression."


def gate(decide: Callable[[], CheckResult], finish: Callable[[CheckResult], None]) -> NoReturn:
    """Run a gate command: exit 0/1 from the verdicts alone, 2 on any error.

    Exit 1 means "regressed" to CI, so it must never come from a crash: an
    unexpected exception becomes one line and exit 2 (CodecanaryError already
    is one line, printed by the command group).
    """
    try:
        result = decide()
        finish(result)
    except (CodecanaryError, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:
        click.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
                   "this is a bug, please report it", err=True)
        sys.exit(2)
    sys.exit(result.exit_code)


def print_result(result: CheckResult, *, show_stable: bool = False,
                 compact: bool = False) -> None:
    """Human-readable verdicts: the bad ones in full (one line each if ``compact``)."""
    console.print(f"[bold]{escape(result.subject)}[/] run {result.run.id} "
                  f"({result.run.logical_time:%Y-%m-%d}) vs {result.baseline.describe()}")
    named = result.named()
    if named is not None:
        console.print(f"[bold red]named: {escape(named.slice)} {escape(named.metric)}[/] "
                      "(the slice where the regression is localized)")
    counts: dict[str, int] = {}
    for v in result.ordered():
        counts[v.status] = counts.get(v.status, 0) + 1
        if v.status in ("stable", "insufficient_data") and not show_stable:
            continue
        console.print(f"  [{STYLE[v.status]}]{escape(headline(v))}[/]")
        if v.status in ("regressed", "suspected") and not compact:
            for reason in v.reasons:
                console.print(f"    - {escape(reason)}")
            if (failure := failure_text(v)) is not None:
                console.print(f"    - {escape(failure)}")
            if v.flipped_pass_to_fail:
                console.print("    - flipped pass->fail: "
                              + escape(", ".join(v.flipped_pass_to_fail[:12])))
            if samples := result.samples_for(v):
                console.print("    - evidence samples: " + escape(", ".join(samples[:6])))
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    console.print(f"verdict: [{STYLE[result.status]}]{result.status}[/] ({summary}; "
                  f"{len(result.verdicts)} slice x metric tests, Benjamini-Hochberg per metric)")


def emit_outputs(result: CheckResult, as_json: bool, junit: str | None,
                 markdown: str | None, cause: Diagnosis | None = None) -> None:
    """Write the requested artefacts and print; ``cause`` (when something regressed)
    adds the likely cause to the text, Markdown and JSON."""
    if junit:
        write_text(junit, junit_xml(result))
    if markdown:
        write_text(markdown, markdown_summary(result) + cause_markdown(cause))
    if as_json:
        emit_json({**result.to_dict(), "likely_cause": None if cause is None
                   else cause.to_dict()})
    else:
        print_result(result)
        if cause is not None:
            console.print(f"[bold]{escape(cause.headline())}[/] "
                          f"(`codecanary diagnose --subject {escape(result.subject)}` "
                          "for the evidence)")


@click.command()
@click.option("--subject", required=True, help="Subject name.")
@click.option("--suite", default=None, help="Only runs of this suite (default: latest run's).")
@click.option("--run", "run_id", default=None,
              help="Check this run (any unique id prefix) instead of the latest.")
@click.option("--min-effect", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_EFFECT,
              show_default=True, help=MIN_EFFECT_HELP)
@click.option("--alpha", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
              default=0.05, show_default=True, help="FDR level (Benjamini-Hochberg).")
@click.option("--lag", type=click.IntRange(min=0), default=DEFAULT_LAG, show_default=True,
              help="Rolling baseline: most recent runs left out.")
@click.option("--window", type=click.IntRange(min=1), default=DEFAULT_WINDOW,
              show_default=True, help="Rolling baseline: runs in the window.")
@click.option("--reset", is_flag=True, help="Re-design the online detectors from scratch.")
@click.option("--no-update", is_flag=True,
              help="Save no detector state (a dry run; works on a read-only database).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--junit", default=None, metavar="FILE", help="Write a JUnit XML report.")
@click.option("--markdown", default=None, metavar="FILE", help="Write a Markdown summary.")
@click.option("--webhook", default=None, metavar="URL", envvar="CODECANARY_WEBHOOK",
              help="Send regressions and recoveries here (Slack-compatible JSON).")
@click.pass_context
def check(ctx: click.Context, subject: str, suite: str | None, run_id: str | None,
          min_effect: float, alpha: float, lag: int, window: int, reset: bool,
          no_update: bool, as_json: bool, junit: str | None, markdown: str | None,
          webhook: str | None) -> None:
    """Check a subject's latest run against its baseline, per metric and slice.

    Exit 0 when stable or improved, 1 when anything regressed, 2 on error. A
    webhook that cannot be reached is a warning on stderr: the exit code is
    decided by the verdicts alone.
    """
    store = open_store(ctx, keep_state=not no_update)
    run_id = resolve_run(store, run_id) if run_id else None

    def finish(result: CheckResult) -> None:
        from codecanary.diagnose.load import diagnose_check

        emit_outputs(result, as_json, junit, markdown, diagnose_check(store, result))
        if webhook:
            from codecanary.report.alerts import dispatch_alerts

            outcome = dispatch_alerts(store, result, webhook)
            for problem in outcome.failed:
                click.echo(f"warning: {problem}", err=True)
            click.echo(f"alerts: {len(outcome.opened)} sent, {len(outcome.recovered)} "
                       f"recovered, {len(outcome.still_open)} still open", err=True)

    gate(lambda: run_check(store, subject, suite=suite, run_id=run_id, min_effect=min_effect,
                           alpha=alpha, lag=lag, window=window, reset=reset), finish)
