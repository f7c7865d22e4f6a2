"""Language registry: built-ins and third parties register via entry points."""

from __future__ import annotations

from codecanary.plugins import Registry
from codecanary.sandbox.languages.base import Language

LANGUAGES: Registry[Language] = Registry("codecanary.languages", "language")


def get_language(name: str) -> Language:
    return LANGUAGES.get(name)


__all__ = ["LANGUAGES", "Language", "get_language"]
