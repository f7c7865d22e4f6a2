"""``codecanary compare``: the pre-deployment A/B gate (exit 0/1/2)."""

from __future__ import annotations

import click

from codecanary.cli.check_cmd import MIN_EFFECT_HELP, emit_outputs, gate
from codecanary.cli.common import open_store, resolve_run
from codecanary.detect import DEFAULT_MIN_EFFECT
from codecanary.monitor import compare_runs


@click.command()
@click.argument("run_a")
@click.argument("run_b")
@click.option("--min-effect", type=click.FloatRange(0.0, 1.0), default=DEFAULT_MIN_EFFECT,
              show_default=True, help=MIN_EFFECT_HELP)
@click.option("--alpha", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
              default=0.05, show_default=True, help="Significance level.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--junit", default=None, metavar="FILE", help="Write a JUnit XML report.")
@click.option("--markdown", default=None, metavar="FILE", help="Write a Markdown summary.")
@click.pass_context
def compare(ctx: click.Context, run_a: str, run_b: str, min_effect: float, alpha: float,
            as_json: bool, junit: str | None, markdown: str | None) -> None:
    """Compare candidate RUN_B against current RUN_A on the same panel.

    Exit 0 when B is not worse, 1 when it regressed, 2 on error.
    """
    store = open_store(ctx)
    gate(lambda: compare_runs(store, resolve_run(store, run_a), resolve_run(store, run_b),
                              min_effect=min_effect, alpha=alpha),
         lambda result: emit_outputs(result, as_json, junit, markdown))
