"""Languages: one module per language, one registry every stage asks.

Built-ins register through the ``codecanary.languages`` entry-point group, the
same one third parties use (see ``docs/languages.md``). An entry point names a
:class:`Language` (usually a :class:`LanguageDef`); an older plug-in that names a
bare :class:`RunSpec` still works and is a language that can only be run.
"""

from __future__ import annotations

from codecanary.languages.base import (
    BusyLines,
    CountTests,
    DiagnosisRules,
    ErrorSignatures,
    ExtractionRules,
    Grammar,
    InsecurePattern,
    Language,
    LanguageDef,
    LexerRules,
    NodeTypes,
    ScoringRules,
    SecurityRules,
    SimulationRules,
)
from codecanary.languages.running import RunSpec
from codecanary.plugins import Registry, UnknownPlugin

LANGUAGES: Registry[object] = Registry("codecanary.languages", "language")
_adapted: dict[str, tuple[object, Language]] = {}
_aliases: dict[str, str] | None = None


def register(name: str, target: str | Language | RunSpec) -> None:
    """Register a language (an object or a lazy ``"module:attr"`` reference)."""
    global _aliases
    LANGUAGES.register(name, target)
    _adapted.pop(name, None)
    _aliases = None


def unregister(name: str) -> None:
    """Forget the language registered as ``name``."""
    global _aliases
    LANGUAGES.unregister(name)
    _adapted.pop(name, None)
    _aliases = None


def get(name: str) -> Language:
    """The language registered as ``name``.

    Raises:
        UnknownPlugin: no language answers to ``name`` (or its plug-in cannot load).
    """
    obj = LANGUAGES.get(name)
    cached = _adapted.get(name)
    if cached is not None and cached[0] is obj:
        return cached[1]
    if isinstance(obj, RunSpec):
        language: Language = LanguageDef(name=obj.name, display_name=obj.name, running=obj)
    elif isinstance(obj, Language):
        language = obj
    else:
        raise UnknownPlugin(f"language {name!r} is registered as a {type(obj).__name__}, "
                            "not a Language; fix the plug-in's entry point")
    _adapted[name] = (obj, language)
    return language


def find(name: str) -> Language | None:
    """The language registered as ``name``, or None (unknown, or its plug-in is broken)."""
    try:
        return get(name)
    except UnknownPlugin:
        return None


def names() -> list[str]:
    """Every registered language name, sorted."""
    return LANGUAGES.names()


def all_languages() -> list[Language]:
    """Every language that loads, in name order (broken plug-ins are skipped)."""
    return [lang for name in names() if (lang := find(name)) is not None]


def run_spec(name: str) -> RunSpec:
    """How the sandbox runs ``name``.

    Raises:
        UnknownPlugin: unknown language, or one that has no way to run.
    """
    spec = get(name).running
    if spec is None:
        raise UnknownPlugin(f"language {name!r} cannot be run: it declares no toolchain")
    return spec


def by_extension() -> dict[str, str]:
    """File suffix (``.py``) -> language name: ``file_extension`` and ``extra_extensions``."""
    return {f".{ext}": lang.name for lang in all_languages()
            for ext in (lang.file_extension, *lang.extra_extensions) if ext}


def fence_aliases() -> dict[str, str]:
    """Fence tag -> registered language name, over every registered language."""
    global _aliases
    if _aliases is None:
        _aliases = {alias: lang.name for lang in all_languages()
                    for alias in (lang.name, *lang.fence_aliases)}
    return _aliases


__all__ = [
    "LANGUAGES",
    "BusyLines",
    "CountTests",
    "DiagnosisRules",
    "ErrorSignatures",
    "ExtractionRules",
    "Grammar",
    "InsecurePattern",
    "Language",
    "LanguageDef",
    "LexerRules",
    "NodeTypes",
    "RunSpec",
    "ScoringRules",
    "SecurityRules",
    "SimulationRules",
    "UnknownPlugin",
    "all_languages",
    "by_extension",
    "fence_aliases",
    "find",
    "get",
    "names",
    "register",
    "run_spec",
    "unregister",
]
