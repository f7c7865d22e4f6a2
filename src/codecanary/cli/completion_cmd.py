"""``codecanary completion SHELL``: print the shell completion script (click's own)."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

SHELLS = ("bash", "zsh", "fish")


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL.

    \b
    bash: eval "$(codecanary completion bash)"    (in ~/.bashrc)
    zsh:  eval "$(codecanary completion zsh)"     (in ~/.zshrc)
    fish: codecanary completion fish > ~/.config/fish/completions/codecanary.fish
    Same as click's _CODECANARY_COMPLETE={bash,zsh,fish}_source codecanary.
    """
    from codecanary.cli import main

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(main, {}, "codecanary", "_CODECANARY_COMPLETE").source())
