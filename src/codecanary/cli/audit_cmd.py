"""``codecanary audit``: audits of root causes (tokenizer/embeddings, datasets).

Each audit registers a subcommand in ``AUDITS`` (name -> "module:attribute",
relative to ``codecanary.cli``); modules are imported only when invoked.
"""

from __future__ import annotations

import click

from codecanary.cli.lazy import LazyCommands

AUDITS: dict[str, str] = {
    "tokenizer": "audit_tokenizer_cmd:audit_tokenizer",
    "dataset": "audit_dataset_cmd:audit_dataset",
}


class _LazyAudits(LazyCommands):
    commands_table = AUDITS


@click.group(cls=_LazyAudits)
def audit() -> None:
    """Audit a root cause directly: tokenizer/embeddings, fine-tuning data."""
