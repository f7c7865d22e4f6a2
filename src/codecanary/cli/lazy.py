"""A click group whose subcommands are imported only when invoked."""

from __future__ import annotations

from importlib import import_module
from typing import ClassVar

import click


class LazyCommands(click.Group):
    """Subcommands named in ``commands`` (name -> "module:attribute" in ``codecanary.cli``)."""

    commands_table: ClassVar[dict[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands_table)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.commands_table.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(import_module(f"codecanary.cli.{module_name}"), attr)
        assert isinstance(command, click.Command)
        return command
