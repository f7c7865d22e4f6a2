"""Pytest fixtures that start the fake servers (import into tests/conftest.py).

``fake_openai`` and ``fake_anthropic`` are the same server class; the names say
which SDK a test points at it. Both are function-scoped so scripts and request
logs never leak between tests.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.fakes.server import FakeLLMServer


@pytest.fixture
def fake_openai() -> Iterator[FakeLLMServer]:
    """A fake OpenAI-compatible server; base URL is ``fake_openai.url``."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def fake_anthropic() -> Iterator[FakeLLMServer]:
    """A fake Anthropic server; base URL is ``fake_anthropic.root_url``."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
