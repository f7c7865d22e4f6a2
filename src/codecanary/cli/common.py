"""Shared CLI plumbing: context settings, output formats, run references, the console."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import click
from click.core import ParameterSource
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from codecanary.config import Config, load_config
from codecanary.errors import ConfigError
from codecanary.sandbox import BACKENDS
from codecanary.store import Store


def _console(*, stderr: bool = False) -> Console:
    """Piped output is never cut to 80 columns: tables take the width they need."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, highlight=False,
                   width=None if stream.isatty() else 100_000)


console = _console()
err_console = _console(stderr=True)

#: Every printed table can also come out as one of the machine formats.
FORMATS = ("table", "tsv", "csv", "json", "jsonl")

F = TypeVar("F", bound=Callable[..., Any])


def get_config(ctx: click.Context) -> Config:
    obj = ctx.find_root().obj or {}
    if "config" not in obj:
        obj["config"] = load_config(obj.get("config_path"))
    config: Config = obj["config"]
    return config


def open_store(ctx: click.Context, *, create: bool = False, keep_state: bool = True) -> Store:
    """The database of ``--db`` / config / environment.

    ``create``: a missing directory for an explicit SQLite path may be made
    (``run`` does; elsewhere only with the global ``--create``).
    """
    root = ctx.find_root()
    obj = root.obj or {}
    flag = obj.get("db_url")
    if root.get_parameter_source("db_url") is ParameterSource.ENVIRONMENT:
        flag = None  # $CODECANARY_DB ranks below codecanary.toml (config.py's precedence)
    return Store.open(get_config(ctx).db_url(flag),
                      create=create or bool(obj.get("create")), keep_state=keep_state)


def sandbox_option(default: str | None = "bwrap") -> Callable[[F], F]:
    """The same ``--sandbox`` choice on every command that executes code."""
    shown = default or "the config's, else bwrap"
    return click.option(
        "--sandbox", "sandbox", type=click.Choice(BACKENDS), default=default,
        show_default=default is not None,
        help=f"Isolation backend ({shown}); 'local' is UNISOLATED and unsafe.")


def format_options(func: F) -> F:
    """``--format table|tsv|csv|json|jsonl`` plus ``--json`` (an alias of ``--format json``)."""
    func = click.option("--json", "as_json", is_flag=True,
                        help="Same as --format json.")(func)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(func)


def pick_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt


def emit_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def emit_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]], fmt: str,
              *, json_rows: Sequence[Any] | None = None, title: str | None = None) -> None:
    """Print ``rows`` as a table or a machine format.

    ``columns`` are ``(key, header)`` pairs; ``json_rows`` (default ``rows``) are what
    ``json``/``jsonl`` print, so machine output can carry more than the table shows.
    """
    if fmt in ("json", "jsonl"):
        data = list(json_rows if json_rows is not None else rows)
        if fmt == "json":
            emit_json(data)
        for item in data if fmt == "jsonl" else ():
            sys.stdout.write(json.dumps(item, default=str, ensure_ascii=False) + "\n")
        return
    if fmt in ("tsv", "csv"):
        writer = csv.writer(sys.stdout, dialect="excel-tab" if fmt == "tsv" else "excel",
                            lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([_cell(row.get(key)).replace("\t", " ").replace("\n", " ")
                             if fmt == "tsv" else _cell(row.get(key)) for key, _ in columns])
        return
    table = Table(*[Column(header, no_wrap=key in ("id", "task", "task_id", "run", "name"))
                    for key, header in columns], title=title)
    for row in rows:
        table.add_row(*[escape(_cell(row.get(key))) for key, _ in columns])
    console.print(table)


def parse_when(value: str | None) -> datetime | None:
    """ISO date or datetime; naive values are UTC."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"not an ISO date/time: {value!r} (e.g. 2026-11-23 or "
                          f"2026-11-23T09:00)") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class SampleRef(NamedTuple):
    """``RUN/TASK#i``, the form ``check`` cites evidence samples in."""

    run: str
    task: str
    sample: int


def parse_sample_ref(value: str) -> SampleRef | None:
    """``RUN/TASK#i`` (task ids may hold ``/``); None for a plain run id.

    ``RUN/TASK`` without ``#i`` means sample 0.
    """
    run, sep, rest = value.partition("/")
    if not sep:
        return None
    task, hash_sign, index = rest.rpartition("#")
    if not hash_sign:
        return SampleRef(run, rest, 0)
    if not index.isdigit() or not task:
        raise ConfigError(f"not a sample reference: {value!r} (expected RUN/TASK#i, "
                          "e.g. 3f9a2c/humaneval/12#0)")
    return SampleRef(run, task, int(index))


def resolve_run(store: Store, ref: str) -> str:
    """A full run id from any unique prefix of it."""
    return store.resolve_run_id(ref)
