"""Per-language lists of calls that modify an object, for ``no_global_mutation``.

Three lists per language, all by simple name as it appears in the call:

- ``mutating_methods``: ``obj.name(...)`` modifies ``obj`` in place (standard
  containers, builders, atomics, cells and locks of the language's standard
  library). Methods that return a modified copy (``sorted``, JS ``concat``/
  ``toSorted``, Java ``stream()``) are not listed.
- ``mutating_functions``: ``f(obj, ...)`` modifies its first argument (``heapq``,
  ``Object.assign``, Go ``delete``/``sort.Ints``, ``std::sort(v.begin(), ...)``).
  Dotted names match a callee equal to them or ending with "." + them.
- ``accessors``: ``obj.name(...)`` returns a reference into ``obj`` (not a copy),
  so a mutation through its result modifies ``obj``: ``CACHE.get(k).append(x)``,
  ``STATE.lock().unwrap().push(x)``, ``std::sort(v.begin(), v.end())``.

The lists are a documented heuristic: a user-defined method that mutates its
receiver under another name (``cache.remember(x)``) is not seen. Names that
usually return a new value in a language are left out of its list (Rust and Java
``replace``: ``str::replace``, ``String.replace``); Java static fields of the
immutable types in ``JAVA_IMMUTABLE_TYPES`` are never mutated through a method
(``BigInteger.add`` returns a new value).
"""

from __future__ import annotations

from codecanary import languages
from codecanary.languages.base import ScoringRules


def mutating_methods(language: str) -> frozenset[str]:
    """``obj.name(...)`` calls that modify ``obj`` in ``language`` (its ``scoring`` rules)."""
    rules = _rules(language)
    return rules.mutating_methods if rules is not None else frozenset()


def mutating_functions(language: str) -> tuple[str, ...]:
    """``f(obj, ...)`` calls that modify their first argument in ``language``."""
    rules = _rules(language)
    return rules.mutating_functions if rules is not None else ()


def accessors(language: str) -> frozenset[str]:
    """``obj.name(...)`` calls that return a reference into ``obj`` in ``language``."""
    rules = _rules(language)
    return rules.accessors if rules is not None else frozenset()


def _rules(language: str) -> ScoringRules | None:
    found = languages.find(language)
    return found.scoring if found is not None else None


# Java types whose methods never modify the receiver (``MOD.add(x)`` on a static
# BigInteger is a read).
JAVA_IMMUTABLE_TYPES = frozenset({
    "String", "Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean",
    "Character", "BigInteger", "BigDecimal", "LocalDate", "LocalTime", "LocalDateTime",
    "Instant", "Duration", "Period", "Pattern", "Optional",
})
