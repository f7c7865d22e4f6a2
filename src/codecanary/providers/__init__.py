"""Provider registry. A provider class is built as ``cls(model=..., options=...)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from codecanary.plugins import Registry
from codecanary.providers.base import (
    GenerateRequest,
    Provider,
    ProviderBase,
    ProviderConfigError,
    ProviderError,
    Response,
)


class ProviderFactory(Protocol):
    def __call__(self, *, model: str, options: Mapping[str, Any]) -> Provider: ...


PROVIDERS: Registry[ProviderFactory] = Registry("codecanary.providers", "provider")


def create_provider(name: str, model: str, options: Mapping[str, Any] | None = None) -> Provider:
    """Build the provider registered as ``name`` for ``model``."""
    return PROVIDERS.get(name)(model=model, options=dict(options or {}))


__all__ = [
    "PROVIDERS",
    "GenerateRequest",
    "Provider",
    "ProviderBase",
    "ProviderConfigError",
    "ProviderError",
    "Response",
    "create_provider",
]
