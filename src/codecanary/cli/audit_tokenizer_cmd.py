"""``codecanary audit tokenizer``: compare tokenizer versions against their embedding table."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from rich.markup import escape

from codecanary.cli.common import console, emit_json, open_store, parse_when
from codecanary.errors import ConfigError

#: Exit status per verdict; ``--fail-on mismatch`` lets a warning pass.
EXIT = {"ok": 0, "warning": 1, "mismatch": 1}


@click.command("tokenizer")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False), required=False)
@click.option("--embeddings", type=click.Path(dir_okay=False),
              help="Embedding matrix (.safetensors or .npy), rows × dim.")
@click.option("--tensor", help="Tensor name inside a .safetensors file with several.")
@click.option("--trained-for", type=click.Choice(["old", "new"]), default="old",
              show_default=True, help="Which tokenizer the embedding rows were trained with.")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(file_okay=False),
              help="Extra directory of code to encode (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--fail-on", type=click.Choice(["warning", "mismatch"]), default="warning",
              show_default=True, help="Lowest verdict that exits 1.")
@click.option("--record", is_flag=True, help="Add a 'tokenizer' event with the summary.")
@click.option("--subject", help="Subject whose timeline --record writes to.")
@click.option("--at", "at", help="Event time for --record (ISO; default now).")
@click.pass_context
def audit_tokenizer(ctx: click.Context, old: str, new: str | None, embeddings: str | None,
                    tensor: str | None, trained_for: str, corpus: tuple[str, ...],
                    as_json: bool, fail_on: str, record: bool, subject: str | None,
                    at: str | None) -> None:
    """Audit tokenizer OLD, or NEW against OLD, with an optional embedding table.

    Exit 0 ok, 1 warning or mismatch (--fail-on mismatch: mismatch only), 2 error.
    """
    from codecanary.audit.tokenizer import audit_tokenizer as run_audit
    from codecanary.audit.tokenizer.render import render_lines
    from codecanary.audit.tokenizer.versioning import record_tokenizer_event

    if record and not subject:
        raise ConfigError("--record needs --subject NAME (the timeline to add the event to)")
    report = run_audit(old, new, embeddings=embeddings, tensor=tensor, corpus=corpus,
                       trained_for="new" if trained_for == "new" else "old")
    event_id = None
    if record and subject:
        when = parse_when(at) or datetime.now(UTC)
        event_id = record_tokenizer_event(open_store(ctx), subject, report, when)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        for line in render_lines(report):
            console.print(escape(line), soft_wrap=True)
        if event_id is not None:
            console.print(f"event {event_id}: tokenizer for {escape(str(subject))}")
    code = EXIT[report.verdict]
    if fail_on == "mismatch" and report.verdict == "warning":
        code = 0
    sys.exit(code)
