"""``codecanary event``: markers on a subject's timeline (deploys, tokenizer, data, harness)."""

from __future__ import annotations

import click
from rich.markup import escape

from codecanary.cli.common import (
    console,
    emit_rows,
    format_options,
    get_config,
    open_store,
    parse_when,
    pick_format,
)
from codecanary.timeline import KINDS, add_event, delete_event, events_of


@click.group()
def event() -> None:
    """Record, list and delete timeline events that changes are lined up with."""


@event.command("add")
@click.option("--subject", required=True,
              help="Subject name (stored, or defined in the config; no run needed yet).")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="What changed.")
@click.option("--at", "at", default=None,
              help="ISO date/time (UTC if no offset); default: now.")
@click.option("--note", default="", help="Free text shown with the event.")
@click.pass_context
def add(ctx: click.Context, subject: str, kind: str, at: str | None, note: str) -> None:
    """Add an event to a subject's timeline."""
    event_id, when = add_event(open_store(ctx), get_config(ctx), subject, kind,
                               parse_when(at), note)
    console.print(f"event {event_id}: {kind} at {when:%Y-%m-%d %H:%M} UTC for {escape(subject)}")


@event.command("list")
@click.option("--subject", required=True, help="Subject name.")
@format_options
@click.pass_context
def list_events(ctx: click.Context, subject: str, fmt: str, as_json: bool) -> None:
    """List a subject's events, oldest first."""
    rows = [{"id": r["id"], "kind": r["kind"], "at": r["at"].isoformat(), "note": r["note"]}
            for r in events_of(open_store(ctx), get_config(ctx), subject)]
    fmt = pick_format(fmt, as_json)
    if not rows and fmt == "table":
        console.print(f"no events for {escape(subject)}")
        return
    emit_rows(rows, [("id", "id"), ("at", "at (UTC)"), ("kind", "kind"), ("note", "note")], fmt)


@event.command("delete")
@click.argument("event_id", type=int)
@click.pass_context
def delete(ctx: click.Context, event_id: int) -> None:
    """Delete event EVENT_ID (its id as event list shows it)."""
    delete_event(open_store(ctx), event_id)
    console.print(f"deleted event {event_id}")
