"""``codecanary doctor``: can this node execute samples? Says what is missing."""

from __future__ import annotations

import click

from codecanary.cli.common import emit_json, get_config, sandbox_option
from codecanary.doctor import diagnose_node


@click.command()
@sandbox_option(default=None)
@click.option("--language", "languages", multiple=True,
              help="Check only this language (repeatable; default: every language).")
@click.option("--ray-address", default=None, metavar="ADDRESS",
              help="Also check that this Ray cluster is reachable (auto or "
                   "ray://head:10001; default: the config's [execution] address when its "
                   "backend is ray).")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_context
def doctor(ctx: click.Context, sandbox: str | None, languages: tuple[str, ...],
           ray_address: str | None, as_json: bool) -> None:
    """Check this node: bubblewrap, each toolchain (runs a reference), Ray if configured.

    Exits 0 when everything works, 1 when something is missing.
    """
    config = get_config(ctx)
    use_ray = ray_address is not None or config.execution.backend == "ray"
    checks = diagnose_node(sandbox=sandbox or config.sandbox, languages=languages,
                           ray_address=ray_address or config.execution.address, ray=use_ray)
    if as_json:
        emit_json({"ok": all(c.ok for c in checks), "checks": [c.to_json() for c in checks]})
    else:
        for check in checks:
            mark = "ok  " if check.ok else "MISSING"
            line = f"{mark:8}{check.name}: {check.detail}"
            click.echo(line if check.ok or not check.fix else f"{line}\n        fix: {check.fix}")
        bad = sum(not c.ok for c in checks)
        click.echo("this node is ready" if not bad else f"{bad} problem(s) found")
    ctx.exit(0 if all(c.ok for c in checks) else 1)
