"""The ``codecanary`` command: a thin shell over the library.

Each command group lives in its own module and is imported only when invoked.
Expected failures (:class:`CodecanaryError`) print one line and exit non-zero.
Shell completion comes from click: ``codecanary completion bash`` prints the script.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from codecanary import __version__
from codecanary.cli.lazy import LazyCommands
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
    "report": "report_cmd:report",
    "serve": "serve_cmd:serve",
    "init": "init_cmd:init",
    "config": "init_cmd:config",
    "subjects": "subjects_cmd:subjects",
    "export": "export_cmd:export",
    "completion": "completion_cmd:completion",
    "evaluate": "evaluate_cmd:evaluate",
    "doctor": "doctor_cmd:doctor",
    "forgetting": "diagnose_cmd:forgetting",
    "diagnose": "diagnose_cmd:diagnose",
    "watch": "watch_cmd:watch",
}

#: Global options that may also follow the subcommand (``codecanary runs list --db x.db``).
GLOBAL_VALUE_OPTIONS = ("--db", "--config")
GLOBAL_FLAGS = ("--create",)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options found after the subcommand to the front, where click wants them."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if (name in GLOBAL_VALUE_OPTIONS and "=" in arg) or arg in GLOBAL_FLAGS:
            front.append(arg)
        elif arg in GLOBAL_VALUE_OPTIONS and i + 1 < len(args):
            front.extend(args[i:i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


class LazyGroup(LazyCommands):
    commands_table = COMMANDS

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import OperationalError

        from codecanary.runner import RunInterrupted

        try:
            return super().invoke(ctx)
        except CodecanaryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except RunInterrupted as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except OperationalError as exc:
            text = str(exc.orig)
            if "readonly" in text.replace("-", "").replace(" ", ""):
                text = "the database is read-only and this command writes to it"
            click.echo(f"error: database: {text.splitlines()[0]}", err=True)
            sys.exit(2)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="codecanary",
                      help="Show the version and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              envvar="CODECANARY_CONFIG",
              help="Path to codecanary.toml (also accepted after the subcommand).")
@click.option("--db", "db_url", default=None, envvar="CODECANARY_DB",
              help="Database URL or SQLite path (default: the data dir's codecanary.db; "
                   "also accepted after the subcommand).")
@click.option("--create", is_flag=True,
              help="Create the directory of a --db SQLite path if it is missing.")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, db_url: str | None,
         create: bool) -> None:
    """Watch code-generating models and agents for silent quality regressions."""
    ctx.obj = {"config_path": config_path, "db_url": db_url, "create": create}
