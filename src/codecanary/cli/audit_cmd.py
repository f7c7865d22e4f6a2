"""``codecanary audit``: audits of root causes (tokenizer/embeddings, datasets).

Each audit registers a subcommand in ``AUDITS`` (name -> "module:attribute",
relative to ``codecanary.cli``); modules are imported only when invoked.
"""

from __future__ import annotations

from importlib import import_module

import click

AUDITS: dict[str, str] = {
    "tokenizer": "audit_tokenizer_cmd:audit_tokenizer",
    "dataset": "audit_dataset_cmd:audit_dataset",
}


class _LazyAudits(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(AUDITS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = AUDITS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(import_module(f"codecanary.cli.{module_name}"), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyAudits)
def audit() -> None:
    """Audit a root cause directly: tokenizer/embeddings, fine-tuning data."""
