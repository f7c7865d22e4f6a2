"""Run the fake server in its own process, so it does not share the GIL with the client.

Benchmarks use this: a server thread inside the measured process would steal CPU
from the code being measured. Command line::

    python -m tests.fakes.serve [--responder package.module:function]

prints the OpenAI-style base URL (``http://127.0.0.1:PORT/v1``) on the first line
of stdout, then serves until stdin is closed or the process is terminated. The
responder is a :data:`~tests.fakes.server.Responder`, or a factory returning one
when ``--factory`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.fakes.server import FakeLLMServer, Responder


def _load(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--responder", help="module:function answering each request")
    parser.add_argument("--factory", action="store_true",
                        help="call the responder spec with no arguments to build the responder")
    args = parser.parse_args(argv)
    responder: Responder | None = None
    if args.responder:
        target = _load(args.responder)
        responder = target() if args.factory else target
    with FakeLLMServer(responder) as server:
        print(server.url, flush=True)
        sys.stdin.read()  # block until the parent closes our stdin


@contextlib.contextmanager
def serve_in_subprocess(responder: str | None = None, *, factory: bool = False) -> Iterator[str]:
    """Start the fake server in a child process; yield its ``/v1`` base URL."""
    root = Path(__file__).resolve().parents[2]
    argv = [sys.executable, "-m", "tests.fakes.serve"]
    if responder:
        argv += ["--responder", responder]
    if factory:
        argv.append("--factory")
    proc = subprocess.Popen(argv, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http://"):
            raise RuntimeError(f"fake server did not start (exit {proc.poll()})")
        yield url
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


if __name__ == "__main__":
    main()
