"""An SDK client bound to the event loop that opened it.

An HTTP client's connections belong to the event loop that opened them; a
provider reused under a new loop (two ``asyncio.run`` calls) gets a new client.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar


class _Closable(Protocol):
    def close(self) -> Awaitable[None]: ...


C = TypeVar("C", bound=_Closable)


class LoopBoundClient(Generic[C]):
    def __init__(self, factory: Callable[[], C]) -> None:
        self._factory = factory
        self._client: C | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> C:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._loop = loop
            self._client = self._factory()
        return self._client

    async def aclose(self) -> None:
        client, self._client = self._client, None
        # A client opened under another (now closed) loop cannot be closed from here.
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.close()
