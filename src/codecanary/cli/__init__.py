"""The ``codecanary`` command: a thin shell over the library.

Each command group lives in its own module and is imported only when invoked.
Expected failures (:class:`CodecanaryError`) print one line and exit non-zero.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import click

from codecanary import __version__
from codecanary.errors import CodecanaryError

# command name -> "module:attribute" (relative to codecanary.cli)
COMMANDS: dict[str, str] = {
    "run": "run_cmd:run",
    "runs": "runs_cmd:runs",
    "suites": "suites_cmd:suites",
    "quickstart": "quickstart_cmd:quickstart",
    "exec": "exec_cmd:exec_command",
    "check": "check_cmd:check",
    "compare": "compare_cmd:compare",
    "plan": "plan_cmd:plan",
    "baseline": "baseline_cmd:baseline",
    "event": "event_cmd:event",
    "audit": "audit_cmd:audit",
    "evaluate": "evaluate_cmd:evaluate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(import_module(f"codecanary.cli.{module_name}"), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CodecanaryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="codecanary")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              envvar="CODECANARY_CONFIG", help="Path to codecanary.toml.")
@click.option("--db", "db_url", default=None, envvar="CODECANARY_DB",
              help="Database URL or SQLite path (default: the data dir's codecanary.db).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, db_url: str | None) -> None:
    """Watch code-generating models and agents for silent quality regressions."""
    ctx.obj = {"config_path": config_path, "db_url": db_url}
