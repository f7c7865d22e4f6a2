"""The dashboard under test: uvicorn on a free loopback port over the shared history."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codecanary.store import Store
from codecanary.web import create_app
from tests.web.browser import chromium
from tests.web.history import demo_history


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_history(tmp_path_factory)


@pytest.fixture(scope="module")
def server(history_db: Path) -> Iterator[str]:
    """The dashboard's base URL (checks warmed first, as ``serve`` does at start)."""
    import uvicorn

    store = Store.open(str(history_db))
    app = create_app(store)
    app.state.dashboard.warm()
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened
