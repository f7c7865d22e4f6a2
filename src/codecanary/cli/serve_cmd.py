"""``codecanary serve``: the read-only web dashboard over the store."""

from __future__ import annotations

import click

from codecanary.cli.common import console, open_store


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Bind address; anything but loopback requires a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="TCP port to listen on.")
@click.option("--token", default=None, envvar="CODECANARY_TOKEN",
              help="Shared secret required on every request (env CODECANARY_TOKEN).")
@click.option("--root-path", default="", metavar="PREFIX",
              help="Path prefix when served behind a reverse proxy (e.g. /codecanary).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, root_path: str) -> None:
    """Serve the dashboard (read-only): subjects, runs, samples, A/B, audits."""
    from codecanary.web import serve as run_server
    from codecanary.web.security import check_bind

    check_bind(host, token)
    store = open_store(ctx)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"codecanary dashboard on http://{shown}:{port}{root_path}/ "
                  "(read-only; Ctrl-C stops)")
    run_server(store, host=host, port=port, token=token, root_path=root_path.rstrip("/"))
