"""``codecanary report``: a subject's self-contained HTML report."""

from __future__ import annotations

import click

from codecanary.cli.common import console, open_store
from codecanary.report.html import write_report


@click.command()
@click.option("--subject", required=True, help="Subject name.")
@click.option("--out", default="report.html", show_default=True, metavar="FILE",
              help="Where to write the HTML file.")
@click.option("--days", type=click.IntRange(min=1), default=90, show_default=True,
              help="Days of runs to chart (ending at the latest run).")
@click.pass_context
def report(ctx: click.Context, subject: str, out: str, days: int) -> None:
    """Write one self-contained, offline HTML report of a subject."""
    path = write_report(open_store(ctx), subject, out, days=days)
    size = path.stat().st_size
    console.print(f"wrote {path} ({size / 1e6:.1f} MB); open it in a browser, offline")
