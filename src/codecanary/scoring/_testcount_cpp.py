"""stub."""

from __future__ import annotations


def instrument(tests: str, marker: str) -> str | None:
    """stub."""
    return None
