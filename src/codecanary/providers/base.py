"""The provider interface: one required method, ``async generate(request) -> Response``.

Retries, rate limits and concurrency live in :mod:`codecanary.providers.retry`, not
in providers: a provider raises :class:`ProviderError` with ``retryable`` set
and, where the server said so, ``retry_after``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from codecanary.errors import CodecanaryError


class GenerateRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    task_id: str
    prompt: str
    language: str
    system: str | None = None
    sample_index: int = 0
    logical_time: datetime | None = None
    """The run's logical time; only the simulated provider looks at it."""
    metadata: dict[str, Any] = Field(default_factory=dict)


class Response(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    model: str | None = None
    """The model id the server reports (may differ from the one asked for)."""
    finish_reason: str | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    latency_s: float = 0.0
    cost_usd: float | None = None
    raw: dict[str, Any] = Field(default_factory=dict)
    """Small provider-specific extras worth keeping (never secrets)."""


class ProviderError(CodecanaryError):
    """A failed call. ``retryable`` errors (429, 5xx, timeouts, connection) are retried."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status


class ProviderConfigError(CodecanaryError):
    """Options that can never work (missing key, bad URL, unknown mode)."""


@runtime_checkable
class Provider(Protocol):
    """Turns a prompt into a response. Built from a subject's model and options."""

    name: ClassVar[str]

    async def generate(self, request: GenerateRequest) -> Response: ...


class ProviderBase:
    """Convenience base with the optional parts of the protocol filled in."""

    name: ClassVar[str] = "base"

    async def describe(self) -> dict[str, Any]:
        """Extra facts to record once per run (e.g. an agent's ``--version`` output)."""
        return {}

    async def aclose(self) -> None:
        return None
