"""One registry per kind of plug-in, fed by entry points.

Built-ins are declared in ``pyproject.toml`` under the same entry-point groups a
third-party package would use; nothing is imported until it is asked for, so an
optional SDK that is not installed never breaks ``import codecanary``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from typing import Generic, TypeVar, cast

from codecanary.errors import CodecanaryError

T = TypeVar("T")


class UnknownPlugin(CodecanaryError):
    """A name that no registered plug-in answers to."""


class Registry(Generic[T]):
    def __init__(self, group: str, kind: str) -> None:
        self.group = group
        self.kind = kind
        self._targets: dict[str, str] | None = None
        self._loaded: dict[str, T] = {}

    def _discover(self) -> dict[str, str]:
        if self._targets is None:
            self._targets = {ep.name: ep.value for ep in entry_points(group=self.group)}
        return self._targets

    def register(self, name: str, target: str | T) -> None:
        """Register ``name`` as an object or a lazy ``"module:attr"`` reference."""
        if isinstance(target, str):
            self._discover()[name] = target
            self._loaded.pop(name, None)
        else:
            self._loaded[name] = target

    def unregister(self, name: str) -> None:
        """Forget ``name`` (tests and plug-ins that register a language for a while)."""
        self._discover().pop(name, None)
        self._loaded.pop(name, None)

    def names(self) -> list[str]:
        return sorted(set(self._discover()) | set(self._loaded))

    def get(self, name: str) -> T:
        if name in self._loaded:
            return self._loaded[name]
        target = self._discover().get(name)
        if target is None:
            known = ", ".join(self.names()) or "none"
            raise UnknownPlugin(f"unknown {self.kind} {name!r} (known: {known})")
        module_name, _, attr = target.partition(":")
        try:
            obj: object = import_module(module_name)
            for part in attr.split("."):
                obj = getattr(obj, part)
        except ImportError as exc:
            raise UnknownPlugin(
                f"{self.kind} {name!r} needs a package that is not installed ({exc.name}); "
                f"install it, e.g. pip install 'codecanary[{name}]'"
            ) from exc
        loaded = cast(T, obj)
        self._loaded[name] = loaded
        return loaded
