"""``codecanary quickstart``: the offline demo of regression detection, end to end.

About two months of simulated daily runs are back-filled on the built-in panel
(every answer really executed in the sandbox), a fault starts part-way, and
``check`` names the slice, the size with its interval, the start date and the
evidence. No API key, no network.
"""

from __future__ import annotations

import time

import click
from rich.markup import escape

from codecanary.cli.check_cmd import print_result
from codecanary.cli.common import console, get_config, open_store, sandbox_option
from codecanary.errors import CodecanaryError
from codecanary.monitor.demo import DEMO_SUBJECT, DemoResult, demo_panel, run_demo
from codecanary.records import RunRecord
from codecanary.report.ci import effect_text, failure_text, interval_text
from codecanary.report.rates import rate_text, run_rates
from codecanary.store import Store
from codecanary.suites import load_suite

REPORT_FILE = "codecanary-report.html"


@click.command()
@click.option("--suite", default="builtin", show_default=True, help="Suite to draw tasks from.")
@click.option("--languages", default="python,javascript", show_default=True,
              help="Comma-separated languages of the demo panel (fast ones keep it quick).")
@click.option("--tasks-per-language", type=click.IntRange(min=2), default=10,
              show_default=True, help="Tasks per language.")
@click.option("--fault-language", default="javascript", show_default=True,
              help="Language whose quality drops.")
@click.option("--days", type=click.IntRange(min=4), default=30, show_default=True,
              help="Monitored daily runs (the fault starts half-way).")
@click.option("--baseline-days", type=click.IntRange(min=2), default=16, show_default=True,
              help="Days before the fault.")
@click.option("--baseline-samples", type=click.IntRange(min=1), default=3, show_default=True,
              help="Samples per task on baseline days.")
@sandbox_option(default=None)
@click.option("--quiet", is_flag=True, help="No per-day lines.")
@click.pass_context
def quickstart(ctx: click.Context, suite: str, languages: str, tasks_per_language: int,
               fault_language: str, days: int, baseline_days: int, baseline_samples: int,
               sandbox: str | None, quiet: bool) -> None:
    """Simulate daily runs with a fault part-way, then detect and explain it."""
    config = get_config(ctx)
    langs = [x.strip() for x in languages.split(",") if x.strip()]
    if fault_language not in langs:
        raise CodecanaryError(f"--fault-language {fault_language} is not among "
                              f"--languages {languages}")
    if len(langs) < 2:
        raise CodecanaryError("the demo needs at least two languages to name one")
    loaded = load_suite(suite)
    task_ids = demo_panel(loaded, langs, tasks_per_language)
    store = open_store(ctx, create=True)
    console.print(f"codecanary quickstart: subject [bold]{DEMO_SUBJECT}[/] (simulated), "
                  f"{len(task_ids)} tasks of {suite} ({', '.join(langs)}); "
                  f"{baseline_days} baseline days x {baseline_samples} samples, then "
                  f"{days} daily runs; a fault starts half-way.")
    started = time.monotonic()

    def on_run(run: RunRecord, in_baseline: bool) -> None:
        if quiet:
            return
        rate = run_rates(store, [run])[run.id]
        tag = "baseline" if in_baseline else "monitor "
        console.print(f"  {run.logical_time:%Y-%m-%d} {tag} pass rate {rate}"
                      + (f"  infra errors {run.n_infra_errors}" if run.n_infra_errors else ""))

    demo = run_demo(store, loaded, task_ids, fault_language=fault_language, days=days,
                    baseline_days=baseline_days, baseline_samples=baseline_samples,
                    sandbox=sandbox or config.sandbox, on_run=on_run)
    console.print()
    print_result(demo.result, compact=True)
    _print_verdict(demo)
    from codecanary.diagnose.load import diagnose_check

    cause = diagnose_check(store, demo.result)
    if cause is not None:
        console.print(f"\n[bold]{escape(cause.headline())}[/] (codecanary diagnose "
                      f"--subject {DEMO_SUBJECT} shows the evidence)")
    console.print(f"\n{len(demo.runs)} runs in {time.monotonic() - started:.0f} s, stored in "
                  f"{store.engine.url.render_as_string(hide_password=True)}. Next: "
                  f"[bold]codecanary check --subject {DEMO_SUBJECT} --markdown report.md[/], "
                  f"[bold]codecanary plan --subject {DEMO_SUBJECT}[/].")
    _write_report(store, (ctx.find_root().obj or {}).get("db_url"))


def _write_report(store: Store, db: str | None) -> None:
    """The quickstart ends with the picture: the HTML report and how to browse it."""
    from codecanary.report.html import write_report

    path = write_report(store, DEMO_SUBJECT, REPORT_FILE).resolve()
    serve = f"codecanary --db {db} serve" if db else "codecanary serve"
    console.print(f"\nReport: [bold]{escape(str(path))}[/] (open it in a browser; it works "
                  f"offline).\nDashboard: [bold]{escape(serve)}[/], then open "
                  "http://127.0.0.1:8000/")


def _print_verdict(demo: DemoResult) -> None:
    v = demo.result.named()
    console.print(f"\n[bold]What happened[/] (the fault really started "
                  f"{demo.fault_start:%Y-%m-%d}: forgetting in {demo.fault_language}, "
                  "plus some token corruption everywhere)")
    if v is None:
        console.print("  no regression was called: the fault was not detected in this history")
        return
    console.print(f"  [bold red]REGRESSED: {escape(v.slice)}[/] pass rate")
    console.print(f"  size {effect_text(v)} (95% CI; p={v.p_value:.3g}; {v.n_tasks} tasks; "
                  f"{v.basis})")
    if v.pooled:
        console.print(f"  latest run alone: {interval_text(v.run_effect, v.run_interval, v.metric)}"
                      " (95% CI)")
    now = "since the change" if v.pooled else "latest run"
    console.print(f"  pass rate: baseline {rate_text(v.baseline_rate)} -> {now} "
                  f"{rate_text(v.current_rate)}")
    if v.change_at:
        console.print(f"  change began {v.change_at[:10]} (estimated by {v.change_method})"
                      + (f", lined up with the {v.event.kind} event of {v.event.at:%Y-%m-%d}"
                         f" ({escape(v.event.note)})" if v.event else ""))
    if demo.first_alarm is not None:
        delay = (demo.first_alarm - demo.fault_start).days + 1
        console.print(f"  online detector alarmed on {demo.first_alarm:%Y-%m-%d}, "
                      f"run {delay} of the fault")
    if v.flipped_pass_to_fail:
        console.print("  tasks flipped pass->fail: " + escape(", ".join(v.flipped_pass_to_fail)))
    if (failure := failure_text(v)) is not None:
        console.print(f"  {escape(failure)}")
    samples = demo.result.samples_for(v)
    if samples:
        console.print("  evidence samples: " + escape(", ".join(samples[:5])))
