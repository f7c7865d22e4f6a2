"""Shared CLI plumbing: context settings, JSON output, the console."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import click
from click.core import ParameterSource
from rich.console import Console

from codecanary.config import Config, load_config
from codecanary.errors import ConfigError
from codecanary.store import Store

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def get_config(ctx: click.Context) -> Config:
    obj = ctx.find_root().obj or {}
    if "config" not in obj:
        obj["config"] = load_config(obj.get("config_path"))
    config: Config = obj["config"]
    return config


def open_store(ctx: click.Context) -> Store:
    root = ctx.find_root()
    obj = root.obj or {}
    flag = obj.get("db_url")
    if root.get_parameter_source("db_url") is ParameterSource.ENVIRONMENT:
        flag = None  # $CODECANARY_DB ranks below codecanary.toml (config.py's precedence)
    return Store.open(get_config(ctx).db_url(flag))


def emit_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


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
