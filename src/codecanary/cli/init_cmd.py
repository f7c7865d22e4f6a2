"""``codecanary init`` and ``codecanary config validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from codecanary.cli.common import console, emit_json
from codecanary.config import CONFIG_FILE
from codecanary.config_check import validate_file
from codecanary.starter import PROVIDER_CHOICES, write_starter


@click.command()
@click.option("--provider", type=click.Choice(PROVIDER_CHOICES), default="openai",
              show_default=True, help="Provider of the starter subject.")
@click.option("--path", "path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(CONFIG_FILE), show_default=True, help="Where to write the config.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(provider: str, path: Path, force: bool) -> None:
    """Write a commented starter codecanary.toml for PROVIDER and validate it."""
    findings = write_starter(path, provider, force=force)
    console.print(f"wrote {path} (subject 'main', provider {provider}, panel 'daily')")
    for finding in findings:
        console.print(str(finding))
    console.print(f"next: edit {path}, then codecanary run --subject main --panel daily")


@click.group()
def config() -> None:
    """Check the configuration."""


@config.command("validate")
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def validate(ctx: click.Context, path: str | None, as_json: bool) -> None:
    """Check PATH (default: --config, else ./codecanary.toml): subjects, panels, db, sandbox.

    Exits 0 when it can work (warnings allowed), 2 on any error.
    """
    path = path or (ctx.find_root().obj or {}).get("config_path")
    config, findings = validate_file(path)
    errors = [f for f in findings if f.level == "error"]
    if as_json:
        emit_json({"path": str(path or CONFIG_FILE), "ok": not errors,
                   "subjects": sorted(config.subjects), "panels": sorted(config.panels),
                   "findings": [{"level": f.level, "where": f.where, "message": f.message}
                                for f in findings]})
    else:
        for finding in findings:
            click.echo(str(finding), err=finding.level == "error")
        click.echo(f"{path or CONFIG_FILE}: {len(config.subjects)} subjects, "
                   f"{len(config.panels)} panels; "
                   f"{'OK' if not errors else f'{len(errors)} errors'}")
    if errors:
        sys.exit(2)
