"""``codecanary event``: markers on a subject's timeline (deploys, tokenizer, data, harness)."""

from __future__ import annotations

import click
from rich.markup import escape

from codecanary.cli.common import console, emit_json, open_store, parse_when
from codecanary.errors import CodecanaryError

KINDS = ("deploy", "tokenizer", "data", "harness")


@click.group()
def event() -> None:
    """Record and list timeline events that changes are lined up with."""


@event.command("add")
@click.option("--subject", required=True)
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--at", "at", required=True, help="ISO date/time (UTC if no offset).")
@click.option("--note", default="")
@click.pass_context
def add(ctx: click.Context, subject: str, kind: str, at: str, note: str) -> None:
    """Add an event to a subject's timeline."""
    when = parse_when(at)
    if when is None:
        raise CodecanaryError("--at is required")
    store = open_store(ctx)
    event_id = store.add_event(store.subject_id(subject), kind, when, note)
    console.print(f"event {event_id}: {kind} at {when:%Y-%m-%d %H:%M} UTC for {escape(subject)}")


@event.command("list")
@click.option("--subject", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_events(ctx: click.Context, subject: str, as_json: bool) -> None:
    """List a subject's events, oldest first."""
    store = open_store(ctx)
    rows = store.events(store.subject_id(subject))
    if as_json:
        emit_json([{"id": r["id"], "kind": r["kind"], "at": r["at"].isoformat(),
                    "note": r["note"]} for r in rows])
        return
    if not rows:
        console.print(f"no events for {escape(subject)}")
    for r in rows:
        console.print(f"{r['id']:>4}  {r['at']:%Y-%m-%d %H:%M}  {r['kind']:<9}  "
                      f"{escape(str(r['note']))}")
