"""``codecanary watch``: run the ``[schedules]`` of codecanary.toml until stopped."""

from __future__ import annotations

import click

from codecanary.cli.common import get_config, open_store, parse_when
from codecanary.errors import ConfigError


@click.command()
@click.option("--schedule", "only", multiple=True, metavar="NAME",
              help="Watch only this schedule (repeatable; default: all).")
@click.option("--until", default=None, metavar="TIME",
              help="Stop once the clock reaches this ISO time (default: run until SIGTERM).")
@click.option("--now", "start", default=None, metavar="TIME",
              help="Rehearse: start a simulated clock at this ISO time that skips every "
                   "wait (use with --until; for tests and dry runs of a schedule).")
@click.pass_context
def watch(ctx: click.Context, only: tuple[str, ...], until: str | None,
          start: str | None) -> None:
    """Run every schedule's slots as they come due, once each across all watchers.

    Logs one line per run. Missed slots are caught up at their logical times
    after downtime; SIGTERM stops cleanly (a run in flight is checkpointed and
    resumed by the next watch).
    """
    from codecanary.schedule import FastClock, RealClock, Watcher

    config = get_config(ctx)
    unknown = sorted(set(only) - set(config.schedules))
    if unknown:
        raise ConfigError(f"no schedule {unknown[0]!r} in codecanary.toml "
                          f"(defined: {', '.join(sorted(config.schedules)) or 'none'})")
    stop_at = parse_when(until)
    begin = parse_when(start)
    if begin is not None and stop_at is None:
        raise ConfigError("--now starts a simulated clock that never waits; pass --until too")
    store = open_store(ctx, create=True)
    clock = FastClock(begin) if begin is not None else RealClock()
    watcher = Watcher(store, config, clock=clock, until=stop_at, only=only,
                      log=lambda line: click.echo(line, nl=True),
                      on_ready=lambda line: click.echo(line, err=True))
    try:
        ran = watcher.run()
    finally:
        store.close()
    click.echo(f"watch: stopped after {ran} run(s)", err=True)
